"""Strings of the province overview's scorecard (composite ranking)."""

# key: (Vietnamese, English)
STRINGS: dict[str, tuple[str, str]] = {
    "sc.title": ("Xếp hạng tổng hợp", "Composite ranking"),
    "sc.month": ("Tháng giám sát tại quầy", "Desk monitoring month"),
    "sc.periods": ("Có mặt, vắng và trang phục: tháng {month}. Kiểm tra công vụ: năm {year}. "
                   "Hồ sơ: {start}–{end} (theo kỳ đã chọn ở trên).",
                   "Presence, absences and dress code: {month}. Inspections: {year}. "
                   "Dossiers: {start}–{end} (the period picked above)."),
    "sc.periods_no_dossiers": ("Có mặt, vắng và trang phục: tháng {month}. Kiểm tra công vụ: năm {year}. "
                               "Hồ sơ: chưa có số liệu, các cột hồ sơ để trống.",
                               "Presence, absences and dress code: {month}. Inspections: {year}. "
                               "Dossiers: no figures yet, the dossier columns are empty."),
    "sc.no_presence": ("Chưa có dữ liệu camera: các cột có mặt, vắng và trang phục để trống.",
                       "No camera data yet: the presence, absence and dress-code columns are empty."),
    "sc.empty": ("Không có đơn vị nào để xếp hạng ở cấp này.", "No units to rank at this level."),
    "sc.select_hint": ("Chọn một dòng để xem các đơn vị trực thuộc.", "Select a row to see its sub-units."),
    "sc.col.rank": ("Hạng", "Rank"),
    "sc.col.name": ("Đơn vị", "Unit"),
    "sc.col.desks": ("Số quầy theo dõi", "Desks watched"),
    "sc.col.coverage": ("Có mặt tại quầy (%)", "Desk coverage (%)"),
    "sc.col.incidents_per_desk_month": ("Lần vắng / quầy / tháng", "Absences per desk-month"),
    "sc.col.compliance": ("Tuân thủ trang phục (%)", "Dress-code compliance (%)"),
    "sc.col.inspections": ("Kiểm tra / chỉ tiêu năm", "Inspections / yearly target"),
    "sc.col.on_time_rate": ("Hồ sơ đúng hạn (%)", "Dossiers on time (%)"),
    "sc.col.online_share": ("Hồ sơ trực tuyến (%)", "Dossiers online (%)"),
    "sc.col.score": ("Điểm tổng hợp", "Composite score"),
    "sc.col.figures_used": ("Số chỉ số có", "Figures present"),
    "sc.inspections_of": ("{done}/{target}", "{done}/{target}"),
    "sc.formula": (
        "Điểm tổng hợp = Σ(trọng số × điểm chỉ số) / Σ(trọng số), chỉ tính các chỉ số đơn vị có số liệu "
        "(chỉ số thiếu được bỏ qua, không tính là 0; cột «Số chỉ số có» cho biết bao nhiêu chỉ số được tính). "
        "Điểm chỉ số (0–100): tỷ lệ có mặt, tuân thủ trang phục, đúng hạn, trực tuyến lấy nguyên tỷ lệ %; "
        "vắng mặt = 100 − {penalty} × số lần vắng mỗi quầy mỗi tháng (thấp nhất 0); "
        "kiểm tra = số lần / chỉ tiêu × 100 (cao nhất 100). Dấu «–» là không có số liệu.",
        "Composite score = Σ(weight × figure points) / Σ(weights), over the figures the unit has "
        "(a missing figure is left out, not counted as 0; «Figures present» says how many went in). "
        "Figure points (0–100): coverage, dress-code compliance, on-time and online rates are the rate in %; "
        "absences = 100 − {penalty} × absences per desk-month (at least 0); "
        "inspections = inspections / target × 100 (at most 100). «–» means no figures."),
    "sc.weights": ("Trọng số: {weights}", "Weights: {weights}"),
    "sc.weight.coverage": ("Có mặt", "Coverage"),
    "sc.weight.incidents": ("Vắng mặt", "Absences"),
    "sc.weight.compliance": ("Trang phục", "Dress code"),
    "sc.weight.inspections": ("Kiểm tra", "Inspections"),
    "sc.weight.on_time": ("Đúng hạn", "On time"),
    "sc.weight.online": ("Trực tuyến", "Online"),
    "sc.weights.edit": ("Sửa trọng số", "Edit the weights"),
    "sc.weights.save": ("Lưu trọng số", "Save the weights"),
    "sc.weights.saved": ("Đã lưu trọng số.", "Weights saved."),
    "sc.weights.read_only": ("Chỉ quản trị viên được sửa trọng số.", "Only administrators may edit the weights."),
}
