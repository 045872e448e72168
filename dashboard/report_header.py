"""The words of an official report's header and file name, from the unit tree's names (pure; no fpdf here).

Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) put the governing agency above the issuing
unit at the top left, the national name and motto at the top right with the place and date under them:

    UBND TỈNH LẠNG SƠN                   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    UBND HUYỆN BÌNH GIA                        Độc lập - Tự do - Hạnh phúc
                                           Bình Gia, ngày 02 tháng 12 năm 2026

The day is written with two digits below 10 and the month with two digits for January and February
only ("tháng 02", "tháng 3"), as the decree asks, so nobody can add a digit in front.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.i18n import translate
from domain.unit_names import level, place_name

@dataclass(frozen=True)
class OfficialHeader:
    agency: str  # top left, the governing agency ("" when the unit is the top of the tree)
    unit: str  # under it, the unit the report is about
    country: str  # top right, the national name
    motto: str
    dated: str  # "<place>, ngày dd tháng mm năm yyyy"


def government(name: str) -> str:
    """'Tỉnh Lạng Sơn' -> 'UBND TỈNH LẠNG SƠN'; a unit that is not a level of government keeps its name."""
    name = " ".join(name.split())
    return f"UBND {name.upper()}" if level(name) else name.upper()


def place(lineage: tuple[str, ...]) -> str:
    """Where the report is made: the nearest level of government from the unit up, without its level word
    ('Xã Hoa Thám' -> 'Hoa Thám'; the provincial service centre -> the province's 'Lạng Sơn')."""
    for name in reversed(lineage):
        where = place_name(name)
        if where:
            return where
    return lineage[-1] if lineage else ""


def dated(where: str, day: dt.date, lang: str) -> str:
    if lang != "vi":
        return f"{where}, {day:%d/%m/%Y}" if where else f"{day:%d/%m/%Y}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    text = translate("vi", "review.pdf.dated", day=f"{day.day:02d}", month=month, year=day.year)
    return f"{where}, {text}" if where else text[0].upper() + text[1:]


def official_header(lineage: tuple[str, ...], title: str, day: dt.date, lang: str) -> OfficialHeader:
    """The header of a report about the last unit of `lineage` (top of the tree first), made on `day`
    (a local date). Without a lineage, `title` names the unit."""
    names = lineage or ((title,) if title else ())
    agency = government(names[-2]) if len(names) >= 2 else ""
    unit = government(names[-1]) if names else ""
    return OfficialHeader(agency, unit, translate(lang, "review.pdf.country"), translate(lang, "review.pdf.motto"),
                          dated(place(names), day, lang))
