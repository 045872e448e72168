"""Names shared by the server routes and the page script: the cookie and the two session routes."""
from __future__ import annotations

COOKIE_NAME = "monitor_session"
CLAIM_PATH = "api/session"  # POST the one-time code: the answer sets the cookie
END_PATH = "api/session/end"  # POST: the cookie's session ends and the cookie is cleared


def under_base(base_url_path: str | None, path: str) -> str:
    """`/path` under Streamlit's `server.baseUrlPath` (e.g. `/giamsat/api/session`)."""
    base = (base_url_path or "").strip("/")
    return f"/{base}/{path}" if base else f"/{path}"
