"""The monthly discipline review (kiểm điểm tháng): per unit, desk and staff member, scope-checked."""
