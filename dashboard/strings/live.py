"""Trực tiếp (live view) for a district: counts by state, the filter, grace-period chips, the whole picture."""

STRINGS: dict[str, tuple[str, str]] = {
    "live.count.ABSENT": ("Vắng", "Absent"),
    "live.count.OFFLINE": ("Mất tín hiệu", "Signal lost"),
    "live.count.PRESENT": ("Có mặt", "Present"),
    "live.count.OFF_HOURS": ("Ngoài giờ", "Off hours"),
    "live.count.unknown": ("Chưa rõ", "Unknown"),
    "live.filter": ("Hiển thị", "Show"),
    "live.filter.ALL": ("Tất cả quầy", "All desks"),
    "live.filter.ABSENT": ("Chỉ quầy vắng", "Absent only"),
    "live.filter.OFFLINE": ("Chỉ quầy mất tín hiệu", "Signal lost only"),
    "live.filter.none": ("Không có quầy nào ở trạng thái này.", "No desk is in this state now."),
    "live.leaving": ("Vừa rời quầy {elapsed} — tính vắng sau {after}",
                     "Left the desk {elapsed} ago — absent after {after}"),
    "live.arriving": ("Vừa vào {elapsed} — tính có mặt sau {after}", "Arrived {elapsed} ago — present after {after}"),
    "live.whole_picture": ("Toàn cảnh camera", "Whole camera view"),
}
