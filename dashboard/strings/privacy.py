"""The privacy notice (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15)."""

# key: (Vietnamese, English)
STRINGS: dict[str, tuple[str, str]] = {
    "page.privacy": ("Bảo vệ dữ liệu cá nhân", "Personal data protection"),
    "privacy.intro": (
        "Hình ảnh camera của cán bộ, công chức và người dân là dữ liệu cá nhân theo Luật Bảo vệ dữ liệu cá nhân "
        "số 91/2025/QH15. Trang này cho biết hệ thống ghi gì, để làm gì, lưu bao lâu và ai được xem.",
        "Camera images of civil servants and citizens are personal data under the Law on Personal Data "
        "Protection No. 91/2025/QH15. This page says what the system records, why, for how long and who may see it."),
    "privacy.purpose.title": ("Mục đích", "Purpose"),
    "privacy.purpose": (
        "Giám sát việc có mặt tại quầy của bộ phận một cửa trong giờ làm việc, việc đeo thẻ và trang phục theo quy "
        "định, phục vụ kiểm tra công vụ và kiểm điểm hằng tháng. Hệ thống không nhận dạng khuôn mặt và không "
        "xác định danh tính người dân.",
        "Watching that one-stop desks are staffed during office hours and that badges and the regulation outfit "
        "are worn, for official inspections and the monthly review. The system does not recognise faces and does "
        "not identify citizens."),
    "privacy.recorded.title": ("Những gì được ghi lại", "What is recorded"),
    "privacy.recorded": (
        "- Trạng thái từng quầy theo thời gian: có mặt, vắng, camera mất tín hiệu, ngoài giờ.\n"
        "- Kết quả kiểm tra thẻ và trang phục (đạt / không đạt / không rõ).\n"
        "- Ảnh bằng chứng khi vắng mặt quá ngưỡng hoặc vi phạm trang phục, và ảnh trực tiếp mới nhất của mỗi camera.\n"
        "- Nhật ký truy cập: ai đăng nhập, ai xem trực tiếp, ai xem ảnh bằng chứng, ai xuất báo cáo hay thay đổi cấu hình.\n"
        "- Không ghi âm thanh, không lưu video liên tục.",
        "- Each desk's state over time: present, absent, camera down, outside office hours.\n"
        "- Badge and outfit check results (pass / fail / unknown).\n"
        "- Evidence pictures of absences past the threshold or outfit violations, and each camera's newest live picture.\n"
        "- An audit log: who signed in, who opened a live view, who viewed evidence, who exported or changed settings.\n"
        "- No sound is recorded and no continuous video is stored."),
    "privacy.blurred.title": ("Làm mờ khuôn mặt", "Faces blurred"),
    "privacy.blurred": (
        "Mọi khuôn mặt được làm mờ trên máy xử lý trước khi bất kỳ ảnh nào được ghi ra đĩa hay hiển thị: "
        "khuôn mặt người dân luôn bị làm mờ; khuôn mặt cán bộ trong vùng quầy cũng được làm mờ trừ khi đơn vị cấu hình khác. "
        "Thông tin đăng nhập camera không bao giờ hiển thị trên trang hay ghi vào nhật ký.",
        "Every face is blurred on the processing machine before any picture is written to disk or shown: "
        "citizens' faces always; staff faces in the desk zone too unless the unit is configured otherwise. "
        "Camera credentials never appear on a page or in a log."),
    "privacy.retention.title": ("Thời hạn lưu trữ", "Retention"),
    "privacy.retention": (
        "- Ảnh trực tiếp: xoá sau **{live} phút**.\n"
        "- Ảnh bằng chứng: xoá sau **{days} ngày**; ảnh của vi phạm đang có giải trình chưa được xem xét được giữ "
        "đến khi có quyết định, và giữ thêm {days} ngày sau quyết định miễn trừ, không chấp nhận giải trình "
        "hoặc huỷ quyết định.\n"
        "- Số liệu có mặt, vi phạm, kiểm tra và thống kê được lưu lâu dài (không chứa hình ảnh).\n"
        "- Mỗi lần xoá đều được ghi vào nhật ký truy cập.",
        "- Live pictures: deleted after **{live} minutes**.\n"
        "- Evidence pictures: deleted after **{days} days**; a violation's picture under an explanation not yet "
        "reviewed is kept until it is decided, and {days} more days after an excuse, a rejection or a withdrawal.\n"
        "- Presence, violation, inspection and statistics figures are kept (they hold no pictures).\n"
        "- Every deletion is written to the audit log."),
    "privacy.roles.title": ("Ai được xem gì", "Who can see what"),
    "privacy.roles.caption": (
        "Thanh tra chỉ xem đơn vị mình và các đơn vị trực thuộc; cán bộ chỉ xem hồ sơ của chính mình.",
        "Inspectors see only their unit and the units below it; staff members only their own records."),
    "privacy.contact.title": ("Liên hệ", "Whom to ask"),
    "privacy.contact": ("Mọi câu hỏi, yêu cầu xem, sửa hoặc xoá dữ liệu cá nhân xin gửi về: {contact}",
                        "Questions and requests to see, correct or delete personal data: {contact}"),
    "privacy.contact_missing": ("Quản trị viên chưa khai báo đầu mối liên hệ; xin hỏi bộ phận một cửa nơi bạn làm việc "
                                "hoặc giao dịch.",
                                "No contact has been set yet; please ask at the one-stop desk where you work or were served."),
    "privacy.col.role": ("Vai trò", "Role"),
    "privacy.col.pages": ("Trang được mở", "Pages"),
    "privacy.col.units": ("Phạm vi đơn vị", "Units"),
    "privacy.col.can": ("Được làm", "May"),
    "privacy.units.province": ("Toàn tỉnh", "Whole province"),
    "privacy.units.subtree": ("Đơn vị được giao và cấp dưới", "Their unit and below"),
    "privacy.units.own": ("Quầy mình được phân công", "Desks they are rostered on"),
    "privacy.can.admin": ("Xem tất cả, cấu hình, quản lý tài khoản, xem nhật ký", "See everything, configure, manage accounts, read the audit log"),
    "privacy.can.viewer": ("Chỉ xem", "Read only"),
    "privacy.can.inspector": ("Xem, ghi biên bản kiểm tra, miễn trừ vi phạm", "Read, record inspections, excuse incidents"),
    "privacy.can.staff": ("Xem hồ sơ của mình, giải trình vi phạm của mình", "See their own records, explain their own incidents"),
}

STRINGS.update({
    "privacy.settings": ("Cấu hình thời hạn lưu trữ và liên hệ (quản trị viên)", "Retention and contact settings (administrators)"),
    "privacy.settings.live": ("Ảnh trực tiếp giữ (phút)", "Keep live pictures (minutes)"),
    "privacy.settings.days": ("Ảnh bằng chứng giữ (ngày)", "Keep evidence pictures (days)"),
    "privacy.settings.contact": ("Đầu mối liên hệ", "Contact"),
    "privacy.settings.save": ("Lưu", "Save"),
    "privacy.settings.saved": ("Đã lưu.", "Saved."),
})
