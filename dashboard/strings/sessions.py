"""Sessions that survive a refresh, and the pages nobody may open: not found, sign-in ended."""

STRINGS = {
    "notfound.title": ("Không tìm thấy trang", "Page not found"),
    "notfound.body": ("Địa chỉ này không có trong hệ thống. Có thể đường dẫn đã cũ hoặc bị gõ sai.",
                      "This address is not part of the app. The link may be out of date or mistyped."),
    "notfound.path": ("Địa chỉ đã mở: {path}", "Address opened: {path}"),
    "notfound.home": ("Về trang chính", "Go to the main page"),
    "auth.session_ended": ("Phiên đăng nhập đã kết thúc (đã đăng xuất, hết hạn hoặc tài khoản bị vô hiệu hoá). "
                           "Vui lòng đăng nhập lại.",
                           "Your session has ended (signed out, expired or the account was disabled). "
                           "Please sign in again."),
}
