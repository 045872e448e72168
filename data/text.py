"""Text helpers shared by importers and lookups: Vietnamese-aware folding."""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse spaces.

    Used as the matching key for unit names and column headers, so that
    "Đơn vị xử lý", "don vi xu ly" and "ĐƠN VỊ  XỬ LÝ" all compare equal.
    """
    text = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip().lower()
