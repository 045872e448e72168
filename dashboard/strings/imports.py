"""Strings of the dossier import panel added with the import scope and upload caps (issue 10)."""

# key: (Vietnamese, English)
STRINGS: dict[str, tuple[str, str]] = {
    "imp.limit": ("Tệp tối đa {mb} MB; bảng tính XLSX giải nén tối đa {unpacked} MB.",
                  "Files up to {mb} MB; XLSX workbooks up to {unpacked} MB unpacked."),
    "imp.too_big": ("Tệp {file} dung lượng {size} MB, vượt giới hạn {mb} MB: không nhập. "
                    "Hãy chia nhỏ tệp theo tháng hoặc theo đơn vị.",
                    "{file} is {size} MB, over the {mb} MB limit: not imported. "
                    "Split it by month or by unit."),
    "imp.changes": ("Hồ sơ: {added} mới, {updated} đã có được cập nhật, trong đó {moved} chuyển sang đơn vị khác.",
                    "Dossiers: {added} new, {updated} existing ones updated, {moved} of them moved to another unit."),
    "imp.refused": ("{refused} dòng bị từ chối vì đơn vị hoặc mã hồ sơ nằm ngoài phạm vi quản lý của tài khoản.",
                    "{refused} rows were refused: their unit or dossier code lies outside this account's scope."),
    "imp.truncated": ("Có {total} lỗi; chỉ liệt kê {limit} lỗi đầu tiên của mỗi cột. Số lỗi theo cột:",
                      "{total} errors; only the first {limit} of each column are listed. Errors per column:"),
    "imp.move.from": ("Chuyển từ đơn vị", "Moved from"),
    "imp.move.to": ("Sang đơn vị", "To"),
    "imp.move.count": ("Số hồ sơ", "Dossiers"),
    "imp.col.column": ("Cột", "Column"),
    "imp.col.errors": ("Số lỗi", "Errors"),
    "imp.whole_row": ("(cả dòng / cả tệp)", "(whole row / file)"),
    # the audit page's name for data.dossiers.importer.batches.AUDIT_ACTION
    "action.import": ("Nhập tệp hồ sơ", "Dossier file import"),
}
