"""Every string the app shows, in Vietnamese (default) and English.

Pages call `t("key", name=...)`; the language lives in
`st.session_state["lang"]`, set by the sidebar switch and kept across pages.
"""
from __future__ import annotations

import streamlit as st

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
LANG_KEY = "lang"

# key: (Vietnamese, English)
CATALOGUE: dict[str, tuple[str, str]] = {
    # app shell
    "app.title": ("Giám sát bộ phận một cửa", "One-stop desk monitor"),
    "lang.label": ("Ngôn ngữ / Language", "Ngôn ngữ / Language"),
    "lang.vi": ("Tiếng Việt", "Tiếng Việt"),
    "lang.en": ("English", "English"),
    "page.overview": ("Tổng quan tỉnh", "Province overview"),
    "page.dossiers": ("Thống kê hồ sơ", "Dossier statistics"),
    "page.live": ("Trực tiếp", "Live view"),
    "page.desk_day": ("Theo dõi trong ngày", "Desk day"),
    # first start
    "demo.running": ("Kho dữ liệu trống: đang tạo dữ liệu mẫu lần đầu…",
                     "The store is empty: creating demo data on first start…"),
    "demo.done": ("Đã tạo dữ liệu mẫu: {units} đơn vị, {dossiers} hồ sơ.",
                  "Demo data created: {units} units, {dossiers} dossiers."),
    # filters
    "filter.unit": ("Đơn vị", "Unit"),
    "filter.all_units": ("Tất cả đơn vị", "All units"),
    "filter.whole_province": ("{name} (toàn tỉnh)", "{name} (whole province)"),
    "filter.period": ("Thời gian (theo ngày tiếp nhận)", "Period (by date received)"),
    "filter.period_incomplete": ("Hãy chọn cả ngày bắt đầu và ngày kết thúc.",
                                 "Pick both a start and an end date."),
    "period.empty": ("Không có hồ sơ nào tiếp nhận trong thời gian này.", "No dossiers were received in this period."),
    "no_data": ("Chưa có số liệu hồ sơ. Hãy nhập tệp hồ sơ ở trang «Thống kê hồ sơ».",
                "No dossier figures yet. Import a dossier file on the «Dossier statistics» page."),
    # KPI tiles and columns
    "kpi.received": ("Hồ sơ tiếp nhận", "Dossiers received"),
    "kpi.online_share": ("Tỷ lệ trực tuyến", "Online share"),
    "kpi.online_share.help": ("Hồ sơ nộp trực tuyến / hồ sơ tiếp nhận",
                              "Dossiers filed online / dossiers received"),
    "kpi.resolved": ("Đã giải quyết", "Resolved"),
    "kpi.on_time_rate": ("Tỷ lệ đúng hạn", "On-time rate"),
    "kpi.on_time_rate.help": ("(Trước hạn + đúng hạn) / đã giải quyết",
                              "(Early + on time) / resolved"),
    "kpi.late": ("Giải quyết quá hạn", "Resolved late"),
    "kpi.in_progress": ("Đang giải quyết", "In progress"),
    "kpi.overdue": ("Đang giải quyết quá hạn", "In progress, overdue"),
    "col.rank": ("Hạng", "Rank"),
    "col.unit": ("Đơn vị", "Unit"),
    "col.level": ("Cấp", "Level"),
    "col.month": ("Tháng", "Month"),
    "col.received": ("Tiếp nhận", "Received"),
    "col.online": ("Trực tuyến", "Online"),
    "col.online_share": ("Tỷ lệ trực tuyến (%)", "Online share (%)"),
    "col.resolved": ("Đã giải quyết", "Resolved"),
    "col.early": ("Trước hạn", "Early"),
    "col.on_time": ("Đúng hạn", "On time"),
    "col.late": ("Quá hạn", "Late"),
    "col.on_time_rate": ("Tỷ lệ đúng hạn (%)", "On-time rate (%)"),
    "col.in_progress": ("Đang giải quyết", "In progress"),
    "col.overdue": ("Đang quá hạn", "Overdue"),
    "level.province": ("Cấp tỉnh", "Province"),
    "level.province_agency": ("Cơ quan cấp tỉnh", "Provincial agency"),
    "level.district": ("Cấp huyện", "District"),
    "level.commune": ("Cấp xã", "Commune"),
    "level.own": ("Tại đơn vị", "Own desk"),
    # dossier statistics page
    "dossiers.trend": ("Hồ sơ theo tháng", "Dossiers by month"),
    "dossiers.ranking": ("Xếp hạng đơn vị trực thuộc theo tỷ lệ đúng hạn",
                         "Sub-units ranked by on-time rate"),
    "dossiers.no_children": ("Đơn vị này không có đơn vị trực thuộc có hồ sơ trong kỳ.",
                             "This unit has no sub-units with dossiers in the period."),
    "tab.chart": ("Biểu đồ", "Chart"),
    "tab.table": ("Bảng số liệu", "Table"),
    # dossier import
    "import.header": ("Nhập tệp hồ sơ", "Import a dossier file"),
    "import.file": ("Tệp hồ sơ chi tiết (CSV, TXT, XLSX)", "Detailed dossier file (CSV, TXT, XLSX)"),
    "import.skip": ("Bỏ qua dòng lỗi (vẫn liệt kê trong báo cáo)",
                    "Skip bad rows (they are still listed in the report)"),
    "import.button": ("Nhập dữ liệu", "Import"),
    "import.progress": ("Đang nhập {file}: {done}/{total} dòng", "Importing {file}: {done}/{total} rows"),
    "import.done": ("Đã nhập {imported}/{read} dòng từ tệp {file}.",
                    "Imported {imported} of {read} rows from {file}."),
    "import.done_skipped": ("Đã nhập {imported}/{read} dòng từ tệp {file}; bỏ qua {bad_rows} dòng lỗi.",
                            "Imported {imported} of {read} rows from {file}; skipped {bad_rows} bad rows."),
    "import.rejected": ("Tệp {file} bị từ chối: {errors} lỗi, không dòng nào được nhập. "
                        "Sửa các dòng dưới đây hoặc chọn «Bỏ qua dòng lỗi».",
                        "{file} was rejected: {errors} errors, nothing imported. "
                        "Fix the rows below or tick «Skip bad rows»."),
    "import.failed": ("Không nhập được tệp {file}: {reason}", "Could not import {file}: {reason}"),
    "import.unavailable": ("Chức năng nhập hồ sơ chưa sẵn sàng (thiếu data.dossiers.importer).",
                           "Dossier import is not available yet (data.dossiers.importer is missing)."),
    "import.errors": ("Các dòng lỗi", "Rows with errors"),
    "err.file": ("Tệp", "File"),
    "err.row": ("Dòng", "Row"),
    "err.column": ("Cột", "Column"),
    "err.reason": ("Lý do", "Reason"),
    # province overview page
    "overview.showing": ("Đang xem", "Showing"),
    "overview.own_row": ("{name} (tiếp nhận tại đơn vị)", "{name} (own desk)"),
    "overview.group_row": ("{level} ({count} đơn vị)", "{level} ({count} units)"),
    "overview.group_level": ("Nhóm đơn vị", "Group"),
    "overview.select_hint": ("Chọn một dòng để xem các đơn vị trực thuộc hoặc trong nhóm.",
                             "Select a row to see its sub-units or the units in its group."),
    "overview.leaf": ("{name} không có đơn vị trực thuộc.", "{name} has no sub-units."),
    "overview.empty": ("Không có đơn vị nào ở cấp này.", "No units at this level."),
    # desk pages (live view, desk day)
    "paging.page": ("Trang", "Page"),
    "paging.label": ("Trang {page}/{pages} (quầy {first}–{last} trên {total})",
                     "Page {page}/{pages} (desks {first}–{last} of {total})"),
    "desks.none": ("Đơn vị này chưa có quầy nào được theo dõi.", "This unit has no monitored desks."),
    "state.PRESENT": ("Có mặt", "Present"),
    "state.ABSENT": ("Vắng", "Absent"),
    "state.ABSENT_since": ("Vắng từ {time}", "Absent since {time}"),
    "state.OFFLINE": ("Camera mất tín hiệu", "Camera signal lost"),
    "state.OFF_HOURS": ("Ngoài giờ làm việc", "Outside office hours"),
    "state.unknown": ("Chưa có dữ liệu", "No data yet"),
    "live.refresh": ("Tự làm mới mỗi {seconds} giây · cập nhật lúc {time}",
                     "Refreshes every {seconds} s · updated at {time}"),
    "live.no_image": ("Chưa có hình ảnh từ camera", "No picture from the camera yet"),
    "live.no_camera": ("Quầy chưa gắn camera", "No camera assigned to this desk"),
    "live.frame_at": ("Ảnh lúc {time} (đã làm mờ khuôn mặt)", "Frame at {time} (faces blurred)"),
    "live.coverage": ("Có mặt hôm nay: {rate}", "Coverage today: {rate}"),
    "live.staff_none": ("Chưa phân công cán bộ", "No staff rostered"),
    "live.absences": ("Đang vắng quá {minutes} phút", "Absent for more than {minutes} minutes now"),
    "live.absences_none": ("Không có quầy nào đang vắng quá {minutes} phút.",
                           "No desk has been absent for more than {minutes} minutes."),
    "duration.minutes": ("{n} phút", "{n} min"),
    "col.desk": ("Quầy", "Desk"),
    "col.staff": ("Cán bộ", "Staff"),
    "col.since": ("Vắng từ", "Absent since"),
    "col.duration": ("Thời gian vắng", "Absent for"),
    "col.start": ("Bắt đầu", "Start"),
    "col.end": ("Kết thúc", "End"),
    "col.state": ("Trạng thái", "State"),
    "day.date": ("Ngày", "Day"),
    "day.timeline": ("Diễn biến theo quầy", "Timeline by desk"),
    "day.time_axis": ("Giờ", "Time"),
    "day.no_intervals": ("Không có dữ liệu camera cho các quầy này trong ngày {day}.",
                         "No camera data for these desks on {day}."),
    "day.incidents": ("Vắng mặt từ {minutes} phút trở lên ({count})",
                      "Absences of {minutes} minutes or more ({count})"),
    "day.incidents_none": ("Không có lần vắng mặt nào từ {minutes} phút trở lên.",
                           "No absences of {minutes} minutes or more."),
    "day.incident_pick": ("Xem bằng chứng của lần vắng", "Show the evidence of"),
    "day.incident_label": ("{desk} · {start}–{end} ({duration})", "{desk} · {start}–{end} ({duration})"),
    "day.no_evidence": ("Chưa có ảnh bằng chứng", "No evidence picture yet"),
    "day.evidence": ("Ảnh bằng chứng: {desk}, {start}–{end}", "Evidence: {desk}, {start}–{end}"),
}


def lang() -> str:
    value = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def translate(language: str, key: str, **fmt: object) -> str:
    """The catalogue entry for `key` in `language`, with `fmt` filled in."""
    vi, en = CATALOGUE[key]
    text = en if language == "en" else vi
    return text.format(**fmt) if fmt else text


def t(key: str, **fmt: object) -> str:
    return translate(lang(), key, **fmt)


def fmt_minutes(seconds: float | None) -> str:
    """A duration as '12 phút' / '12 min' (whole minutes, rounded down)."""
    from dashboard.format import MISSING, fmt_whole_minutes

    text = fmt_whole_minutes(seconds, lang())
    return text if text == MISSING else t("duration.minutes", n=text)


def level_name(level_code: str) -> str:
    """Levels are data; unknown ones show their code rather than failing."""
    key = f"level.{level_code}"
    return t(key) if key in CATALOGUE else level_code
