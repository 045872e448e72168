"""What a unit's name says about it: its level of government, its place name, an ASCII form for file names.

Vietnamese unit names start with their administrative level ("Tỉnh Lạng Sơn", "Huyện Bình Gia",
"Xã Hoa Thám"); a unit whose name starts with one is governed by a people's committee (UBND).
Pure functions over names: reports (the official header, file names) use them.
"""
from __future__ import annotations

import re
import unicodedata

# An administrative level's word at the start of a unit's name, longest first where one starts another.
LEVELS = ("Tỉnh", "Thành phố", "Thị xã", "Thị trấn", "Huyện", "Quận", "Đặc khu", "Xã", "Phường")
SLUG_LIMIT = 60


def level(name: str) -> str | None:
    """The level word a unit's name starts with, or None ('Trung tâm Phục vụ hành chính công' has none)."""
    return next((w for w in LEVELS if name == w or name.startswith(w + " ")), None)


def place_name(name: str) -> str | None:
    """The name without its level word ('Xã Hoa Thám' -> 'Hoa Thám'); None when the name has no level."""
    word = level(name)
    return name[len(word):].strip() if word and name != word else None


def slug(text: str, limit: int = SLUG_LIMIT) -> str:
    """ASCII letters, digits and single dashes only ('Xã Tân Thành' -> 'xa-tan-thanh'): safe in any file
    name, never a path, whatever the user typed."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    out = re.sub(r"[^a-z0-9]+", "-", plain.encode("ascii", "ignore").decode()).strip("-")
    return out[:limit].rstrip("-")
