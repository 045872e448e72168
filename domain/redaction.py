"""Hiding camera credentials: every log line, error and page shows sources through here.

Camera URLs carry credentials in several styles, all masked with ``***``:

* user info: ``rtsp://admin:secret@10.0.0.5/...`` (the password may hold a space, ``"``, ``<``,
  ``@``, ``:``, ``/``, ``#`` or percent-escapes);
* query parameters: ``?user=admin&password=…``, ``?usr=…&pwd=…`` (Foscam),
  ``?loginuse=…&loginpas=…``, ``?auth=…``/``?authbasic=…``, ``token=``, ``key=``…;
* path parameters of Vietnamese-market DVRs/NVRs (XMEye):
  ``rtsp://host:554/user=admin_password=secret_channel=1_stream=0.sdp``.

A whole source (`redacted_source`) is masked exactly: its end is known. In free
text (`redact_text`: log lines, OpenCV's errors) a URL's end is a guess, so a
password is masked up to the host that follows it (spaces included), and a
parameter's value up to whitespace — except for a source this process has
already shown through `redacted_source` (every reader does): its exact text is
replaced wherever it appears. A file path or device number is never changed.
`restore_secrets` lets a page edit a source in its masked form.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

MASK = "***"
# Sources with secrets seen by redacted_source (raw -> masked), for free text that quotes one whole.
_SEEN: dict[str, str] = {}
_SEEN_MAX = 1024

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
# "user:..." before any '/' and an '@' later: a password holding a raw '/', '#' or '?'.
_USER_COLON = re.compile(r"[^/:@?#]+:[^@]*@")
# A parameter name that holds a secret or a login: letters around one of these words.
_KEY = r"[A-Za-z]*(?:user|usr|login|account|pass|pwd|pw|psw|token|secret|auth|key|sig|cred)[A-Za-z]*="
# Query style (after ? & ; #): the value runs to the next & or #. Path style (XMEye, after / or _):
# the value runs to the next "_name=", & ? # or the end.
_PARAM = re.compile(rf"(?P<key>[?&;#]{_KEY})(?P<value>[^&#]*)"
                    rf"|(?P<pkey>[/_]{_KEY})(?P<pvalue>.*?)(?=_[A-Za-z]+=|[&?#]|$)", re.IGNORECASE)
# In free text a value also stops at whitespace; trailing quotes, brackets and punctuation are the text's.
_TEXT_PARAM = re.compile(rf"(?P<key>[?&;#/_]{_KEY})(?P<value>[^&#\s]*?)(?=_[A-Za-z]+=|[\"'<>)\],;:.!]*(?:[&#\s]|$))",
                         re.IGNORECASE)
# In free text: scheme, then user:password up to an '@' that a host follows (never across another
# "://"), or a bare user before '@'.
_TEXT_USERINFO = re.compile(
    r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)"
    r"(?P<info>[^\s/?#@:\"'<>]*:(?:(?!://)[^\n])*?|[^\s/?#@:\"'<>]+)"
    r"@(?=[A-Za-z0-9\[][A-Za-z0-9.\-\[\]:%]*(?:[/?#\s\"'<>,;)]|$))"
)


@dataclass(frozen=True)
class Redacted:
    """A source with its secrets masked, and what each mask hides (in order)."""

    text: str
    secrets: tuple[str, ...]


def redact_source(source: str) -> Redacted:
    """One whole source: user info, then query and path parameters, masked exactly."""
    scheme = _SCHEME.match(source)
    if scheme is None:  # a file path or a device number: nothing to hide
        return Redacted(source, ())
    secrets: list[str] = []
    rest = source[scheme.end():]
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    cut = 0
    if "@" in authority:
        # The LAST '@' of the authority, so that a raw '@' in a password is hidden too.
        cut = authority.rindex("@") + 1
    elif _USER_COLON.match(rest):
        # Better to hide too much of a rare URL than to show a password.
        cut = rest.rindex("@") + 1
    head = scheme[0]
    if cut:
        secrets.append(rest[:cut - 1])
        head += MASK + "@"
    tail = rest[cut:]
    host_end = len(re.split(r"[/?#]", tail, maxsplit=1)[0])

    def mask(m: re.Match) -> str:  # left to right: the secrets come out in the order of their masks
        secrets.append(m["value"] if m["key"] else m["pvalue"])
        return f"{m['key'] or m['pkey']}{MASK}"

    return Redacted(head + tail[:host_end] + _PARAM.sub(mask, tail[host_end:]), tuple(secrets))


def redact_text(text: str) -> str:
    """`text` with every URL's user info and every secret parameter's value masked."""
    for raw, masked in tuple(_SEEN.items()):  # a copy: readers on other threads may add one
        if raw in text:
            text = text.replace(raw, masked)
    text = _TEXT_USERINFO.sub(lambda m: f"{m['scheme']}{MASK}@", text)
    return _TEXT_PARAM.sub(lambda m: f"{m['key']}{MASK}", text)


def redacted_source(source: str | int) -> str:
    """A camera source safe to log or show: 'rtsp://***@10.0.0.5/stream1', '0', 'videos/a.mp4'."""
    if isinstance(source, bool):  # bool is an int; never a device index
        raise TypeError("a camera source is a URL/path string or a device index")
    if isinstance(source, int):
        return str(source)
    redacted = redact_source(str(source))
    if redacted.secrets:
        if len(_SEEN) >= _SEEN_MAX:
            _SEEN.clear()
        _SEEN[str(source)] = redacted.text
    return redacted.text


def _endpoint(redacted: str) -> tuple[str, str] | None:
    """(scheme, host[:port]) of a masked source; None for a path or device."""
    scheme = _SCHEME.match(redacted)
    if scheme is None:
        return None
    rest = redacted[scheme.end():].removeprefix(f"{MASK}@")
    return scheme[0].lower(), re.split(r"[/?#]", rest, maxsplit=1)[0].lower()


def restore_secrets(edited: str, stored: str) -> str:
    """The source meant by `edited`, a masked source the user changed: each *** back to the stored secret.

    Allowed only when every *** stays where the stored source's masks are (it redacts back
    to exactly what was typed) and the scheme, host and port are unchanged: the stored
    password never goes to another device, nor into a part of the URL the page shows.
    A source without *** is new and taken as typed. Raises ValueError otherwise.
    """
    if MASK not in edited:
        return edited
    kept = redact_source(stored)
    parts = edited.split(MASK)
    if len(parts) - 1 != len(kept.secrets):
        raise ValueError(f"nguồn có {len(parts) - 1} chỗ *** nhưng nguồn đã lưu có {len(kept.secrets)}; hãy gõ "
                         f"lại cả thông tin đăng nhập (the source has {len(parts) - 1} *** where the stored one "
                         f"has {len(kept.secrets)}: type the credentials again)")
    if _endpoint(edited) != _endpoint(kept.text):
        raise ValueError("đổi giao thức, máy hoặc cổng thì phải gõ lại thông tin đăng nhập thay cho *** "
                         "(a new scheme, host or port needs the credentials typed again in place of ***)")
    restored = parts[0] + "".join(secret + part for secret, part in zip(kept.secrets, parts[1:]))
    if redact_source(restored).text != edited:
        raise ValueError("*** chỉ được để ở chỗ thông tin đăng nhập đã che (*** may stand only where the "
                         "stored source's credentials were masked)")
    return restored


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
