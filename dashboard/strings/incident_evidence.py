"""An incident's evidence picture or why there is none, and the decisions on a staff member's explanation
(issue 13 items 2, 3): desk day, live page, monthly review."""

# key: (Vietnamese, English)
STRINGS: dict[str, tuple[str, str]] = {
    "evidence.none": ("Không có ảnh: {reason}.", "No picture: {reason}."),
    "evidence.missing.purged": ("ảnh đã được xoá khi hết thời hạn lưu trữ",
                                "it was deleted at the end of its retention period"),
    "evidence.missing.face_model": ("không làm mờ được khuôn mặt (thiếu mô hình nhận diện khuôn mặt) nên không "
                                    "ghi ảnh", "faces could not be blurred (the face model was unavailable), so no "
                                    "picture was written"),
    "evidence.missing.write_failed": ("máy ghi hình không ghi được tệp ảnh", "the worker could not write the file"),
    "evidence.missing.camera_offline": ("camera mất tín hiệu vào lúc đó", "the camera was offline at the time"),
    "evidence.missing.not_taken": ("không được chụp (vi phạm trước khi hệ thống chụp ảnh mọi vi phạm vắng mặt, "
                                   "hoặc số liệu không lấy từ camera)",
                                   "not taken (an incident from before every absence was photographed, or figures "
                                   "that did not come from a camera)"),
    "evidence.missing.unreadable": ("không đọc được tệp ảnh trên máy chủ",
                                    "the picture file cannot be read on the server"),
    # decisions on an explanation
    "decision.explained": ("Giải trình của {who} ({at}): {text}", "Explanation by {who} ({at}): {text}"),
    "decision.waiting": ("Giải trình đang chờ người có thẩm quyền quyết định.",
                         "The explanation is waiting for a supervisor's decision."),
    "decision.excused": ("Đã miễn trừ bởi {who} lúc {at}: {reason}", "Excused by {who} at {at}: {reason}"),
    "decision.rejected": ("Giải trình không được chấp nhận — {who} lúc {at}. Lý do: {reason}",
                          "Explanation rejected by {who} at {at}. Reason: {reason}"),
    "decision.reject.reason": ("Lý do không chấp nhận giải trình", "Why the explanation is rejected"),
    "decision.reject.submit": ("Không chấp nhận giải trình", "Reject the explanation"),
    "decision.withdraw.reason": ("Lý do huỷ quyết định", "Why the decision is withdrawn"),
    "decision.withdraw_excuse.submit": ("Huỷ miễn trừ", "Withdraw the excuse"),
    "decision.withdraw_reject.submit": ("Huỷ quyết định không chấp nhận", "Withdraw the rejection"),
}
