"""Hiding camera credentials: every log line, error and page shows sources through here.

Camera URLs often carry a user and password (rtsp://admin:secret@10.0.0.5/...)
or a token in the query string. Nothing outside the sites file may show them.
"""
from __future__ import annotations

import logging
import re

MASK = "***"

_URL = re.compile(r"\b(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<rest>[^\s'\"<>]+)")
# "user:..." before any '/' and an '@' later: a password holding a raw '/'.
_USER_COLON = re.compile(r"[^/:@?#]+:[^@]*@")
# Query or fragment parameters whose value is a secret.
_SECRET_PARAM = re.compile(
    r"(?P<key>[?&;#](?:user(?:name)?|login|pass(?:word|wd)?|pwd|token|access_token|auth|key|api_?key|secret|sig(?:nature)?)=)"
    r"(?P<value>[^&;#\s]*)",
    re.IGNORECASE,
)


def redact_text(text: str) -> str:
    """`text` with every URL's user:password and secret query values masked."""
    text = _URL.sub(_mask_userinfo, text)
    return _SECRET_PARAM.sub(lambda m: f"{m['key']}{MASK}", text)


def _mask_userinfo(m: re.Match) -> str:
    rest = m["rest"]
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in authority:
        # The LAST '@' of the authority, so that a raw '@' in a password is hidden too.
        cut = authority.rindex("@") + 1
    elif _USER_COLON.match(rest):
        # Better to hide too much of a rare URL than to show a password.
        cut = rest.rindex("@") + 1
    else:
        return m[0]
    return f"{m['scheme']}{MASK}@{rest[cut:]}"


def redacted_source(source: str | int) -> str:
    """A camera source safe to log or show: 'rtsp://***@10.0.0.5/stream1', '0', 'videos/a.mp4'."""
    if isinstance(source, bool):  # bool is an int; never a device index
        raise TypeError("a camera source is a URL/path string or a device index")
    if isinstance(source, int):
        return str(source)
    return redact_text(str(source))


class RedactingFilter(logging.Filter):
    """A logging filter that masks credentials in the final message of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact_text(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            # Format the traceback now, redacted, so handlers reuse the clean text.
            record.exc_text = redact_text(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        return True
