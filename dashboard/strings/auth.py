"""Sign-in, sign-out and access refusals."""

# key: (Vietnamese, English)
STRINGS: dict[str, tuple[str, str]] = {
    "page.sign_in": ("Đăng nhập", "Sign in"),
    "auth.required": ("Vui lòng đăng nhập để xem trang này.", "Please sign in to see this page."),
    "auth.page_denied": ("Tài khoản của bạn không được mở trang này.", "Your account may not open this page."),
    "auth.denied": ("Tài khoản của bạn không được xem dữ liệu này.", "Your account may not see this data."),
    "auth.intro": ("Đăng nhập bằng tài khoản được quản trị viên cấp.",
                   "Sign in with the account an administrator gave you."),
    "auth.no_accounts": ("Chưa có tài khoản nào. Quản trị viên tạo tài khoản đầu tiên trên máy chủ bằng lệnh "
                         "`python -m data create-admin --username TÊN`.",
                         "No account exists yet. An administrator creates the first one on the server with "
                         "`python -m data create-admin --username NAME`."),
    "auth.username": ("Tên đăng nhập", "Username"),
    "auth.password": ("Mật khẩu", "Password"),
    "auth.submit": ("Đăng nhập", "Sign in"),
    "auth.oidc_button": ("Đăng nhập một lần (SSO)", "Single sign-on (SSO)"),
    "auth.or": ("hoặc", "or"),
    "auth.bad_credentials": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong username or password."),
    "auth.locked": ("Tài khoản tạm khoá do nhập sai nhiều lần, thử lại sau {time}.",
                    "Account locked after repeated failures; try again after {time}."),
    "auth.inactive": ("Tài khoản đã bị vô hiệu hoá. Liên hệ quản trị viên.",
                      "This account is disabled. Contact an administrator."),
    "auth.oidc_unknown": ("Tài khoản {who} chưa được cấp quyền trong hệ thống. Liên hệ quản trị viên.",
                          "The account {who} has no access here. Contact an administrator."),
    "auth.busy": ("Hệ thống đang bận vì nhiều lượt đăng nhập cùng lúc, vui lòng thử lại sau ít phút.",
                  "Too many sign-ins at once; please try again in a few minutes."),
    "auth.empty": ("Hãy nhập tên đăng nhập và mật khẩu.", "Enter a username and a password."),
    "auth.signed_in_as": ("Đăng nhập: {name} · {role}", "Signed in: {name} · {role}"),
    "auth.scope": ("Phạm vi: {unit}", "Scope: {unit}"),
    "auth.scope_province": ("Phạm vi: toàn tỉnh", "Scope: whole province"),
    "auth.sign_out": ("Đăng xuất", "Sign out"),
    "role.admin": ("Quản trị viên tỉnh", "Provincial administrator"),
    "role.viewer": ("Người xem cấp tỉnh", "Provincial viewer"),
    "role.inspector": ("Thanh tra đơn vị", "Unit inspector"),
    "role.staff": ("Cán bộ", "Staff member"),
    "nav.account": ("Tài khoản", "Account"),
}
