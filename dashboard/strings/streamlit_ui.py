"""Streamlit's own words (its widgets, toolbar, status), in Vietnamese.

Streamlit 1.67 has no setting for the language of its own interface: the English stays in the
browser bundle. Each entry here is (Vietnamese, Streamlit's English exactly as its bundle writes
it); `dashboard/streamlit_texts.py` rewrites the English into the Vietnamese in the browser while
the app is in Vietnamese. `{name}` stands for what Streamlit fills in (a size, a key, a year).
"""

# key: (Vietnamese, English as Streamlit writes it)
STRINGS: dict[str, tuple[str, str]] = {
    # Select boxes (the app also passes placeholder= everywhere: dashboard/widgets.py pick_hint).
    "stui.choose_option": ("Chọn một mục", "Choose an option"),
    "stui.choose_options": ("Chọn các mục", "Choose options"),
    "stui.no_options": ("Không có mục nào để chọn", "No options to select"),
    "stui.no_results": ("Không tìm thấy kết quả", "No results"),
    "stui.select": ("Chọn...", "Select..."),
    # File uploader.
    "stui.upload": ("Tải lên", "Upload"),
    "stui.add_files": ("Thêm tệp", "Add files"),
    "stui.drop_file": ("Kéo và thả tệp vào đây", "Drag and drop a file here"),
    "stui.drop_files": ("Kéo và thả các tệp vào đây", "Drag and drop files here"),
    "stui.per_file": ("Tối đa {size} mỗi tệp", "{size} per file"),
    "stui.type_not_allowed": ("Không nhận tệp loại {kind}.", "{kind} files are not allowed."),
    # Text and number inputs.
    "stui.enter_apply": ("Nhấn Enter để áp dụng", "Press Enter to apply"),
    "stui.enter_submit": ("Nhấn Enter để gửi", "Press Enter to submit form"),
    "stui.key_enter_apply": ("Nhấn {key}+Enter để áp dụng", "Press {key}+Enter to apply"),
    "stui.key_enter_submit": ("Nhấn {key}+Enter để gửi", "Press {key}+Enter to submit form"),
    "stui.above_range": ("Số lớn hơn mức cho phép.", "Number is above the allowed range."),
    "stui.below_range": ("Số nhỏ hơn mức cho phép.", "Number is below the allowed range."),
    # Date picker (the calendar's heading for screen readers is visible text).
    "stui.calendar_heading": ("Chọn ngày, {month}", "Choose date, {month}"),
    "stui.calendar_range_heading": ("Chọn khoảng ngày, {month}", "Choose date range, {month}"),
    "stui.date_keys": ("Dùng phím mũi tên để chọn ngày, Enter để chọn, Escape để đóng.",
                       "Use arrow keys to navigate dates. Enter to select. Escape to close."),
    # Status, toolbar, page frame.
    "stui.stopping": ("Đang dừng...", "Stopping..."),
    "stui.stop": ("Dừng", "Stop"),
    "stui.connecting": ("Đang kết nối", "Connecting"),
    "stui.skip_to_main": ("Chuyển đến nội dung chính", "Skip to main content"),
}

# The date picker's month and weekday names, Vietnamese first, English as Streamlit's calendar writes them.
MONTHS: tuple[tuple[str, str], ...] = tuple((f"Tháng {n}", name) for n, name in enumerate(
    ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"), start=1))
WEEKDAYS: tuple[tuple[str, str], ...] = (
    ("T2", "Mo"), ("T3", "Tu"), ("T4", "We"), ("T5", "Th"), ("T6", "Fr"), ("T7", "Sa"), ("CN", "Su"),
    ("Thứ Hai", "Monday"), ("Thứ Ba", "Tuesday"), ("Thứ Tư", "Wednesday"), ("Thứ Năm", "Thursday"),
    ("Thứ Sáu", "Friday"), ("Thứ Bảy", "Saturday"), ("Chủ Nhật", "Sunday"),
)

# The calendar's heading, "December 2026": the month's Vietnamese name, then this ($1: the year).
MONTH_YEAR_VI = "{month} năm $1"
