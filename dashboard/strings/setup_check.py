"""Cấu hình's refusals without a field, short field names, and the camera connection test (issue 13, item 7)."""

# key: (Vietnamese, English). Markdown: the mask *** is written escaped.
STRINGS: dict[str, tuple[str, str]] = {
    "setup.error_unnamed": ("Chưa lưu: {message}", "Not saved: {message}"),
    "setup.desk.zone_short": ("Vùng nhân viên", "Staff zone"),
    "setup.cam.check": ("Kiểm tra kết nối", "Test the connection"),
    "setup.cam.check_help": ("Mở nguồn một lần và đọc vài khung hình trong khoảng một giây; không lưu gì.",
                             "Opens the source once and reads frames for about a second; saves nothing."),
    "setup.cam.checking": ("Đang mở nguồn camera…", "Opening the camera source…"),
    "setup.cam.check_ok": ("Mở được: {width}×{height}, {fps} khung/giây, mã hoá {codec} (sau {seconds} giây).",
                           "Opened: {width}×{height}, {fps} frames per second, {codec} (in {seconds} s)."),
    "setup.cam.check_unknown": ("không rõ", "unknown"),
    "setup.cam.check_no_picture": ("Trang không hiện ảnh từ lần kiểm tra: trang không có mô hình làm mờ khuôn mặt. "
                                   "Ảnh của camera đã làm mờ khuôn mặt có ở thẻ Quầy và vùng nhân viên khi bộ "
                                   "giám sát đang chạy.",
                                   "No picture from the test: this page has no face-blurring model. The camera's "
                                   "face-blurred picture is on the Desks tab while the worker runs."),
    "setup.cam.check_failed": ("Không kết nối được: {reason}", "Could not connect: {reason}"),
    "setup.cam.problem.file_missing": ("không có tệp này trên máy chạy trang.",
                                       "there is no such file on the machine that runs this page."),
    "setup.cam.problem.not_video": ("nguồn có trả lời nhưng không phải video đọc được.",
                                    "the source answers but is not a video that can be read."),
    "setup.cam.problem.device": ("không mở được thiết bị số này trên máy chạy trang.",
                                 "this device number cannot be opened on the machine that runs this page."),
    "setup.cam.problem.bad_source": (r"đây không phải địa chỉ RTSP/HTTP, đường dẫn tệp hay số thiết bị (hoặc "
                                     r"nguồn mới còn \*\*\* thay cho thông tin đăng nhập).",
                                     r"this is not an RTSP/HTTP address, a file path or a device number (or a "
                                     r"new source still has \*\*\* for its credentials)."),
    "setup.cam.problem.unknown_host": ("không tìm thấy máy camera: tên máy không phân giải được.",
                                       "the camera's host name cannot be resolved."),
    "setup.cam.problem.refused": ("máy camera có nhưng không nhận kết nối ở cổng {port}.",
                                  "the camera's host answers but nothing listens on port {port}."),
    "setup.cam.problem.unreachable": ("không tới được máy camera: không có đường mạng.",
                                      "the camera's host cannot be reached: no network route."),
    "setup.cam.problem.timeout": ("camera không trả lời trong {seconds} giây.",
                                  "the camera did not answer within {seconds} s."),
    "setup.cam.problem.credentials": ("camera từ chối tên đăng nhập hoặc mật khẩu.",
                                      "the camera refused the user name or password."),
    "setup.cam.problem.no_stream": ("camera không có luồng video ở đường dẫn này.",
                                    "the camera has no video stream at this path."),
    "setup.cam.problem.no_picture": ("mở được nguồn nhưng không nhận được khung hình nào.",
                                     "the source opened but sent no frame."),
    # the audit page's name for data.camera_probe.AUDIT_ACTION
    "action.camera_check": ("Kiểm tra kết nối camera", "Camera connection test"),
}
