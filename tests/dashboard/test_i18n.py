import ast
import string
from pathlib import Path

import pytest

from dashboard.i18n import CATALOGUE, translate

ROOT = Path(__file__).resolve().parents[2]
VIETNAMESE = set("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_entry_has_both_languages_with_the_same_placeholders(key):
    vi, en = CATALOGUE[key]
    assert vi.strip() and en.strip()
    assert _fields(vi) == _fields(en)


@pytest.mark.parametrize("lang, expected", [
    ("vi", "Đã nhập 1.200/1.210 dòng từ tệp a.csv."),
    ("en", "Imported 1.200 of 1.210 rows from a.csv."),
    ("fr", "Đã nhập 1.200/1.210 dòng từ tệp a.csv."),  # unknown languages fall back to Vietnamese
])
def test_translate_fills_placeholders(lang, expected):
    assert translate(lang, "import.done", imported="1.200", read="1.210", file="a.csv") == expected


def _code_strings(path: Path) -> list[str]:
    """String literals that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
        and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_no_vietnamese_text_outside_the_catalogue():
    files = [ROOT / "streamlit_app.py", *sorted((ROOT / "dashboard").rglob("*.py"))]
    catalogue = ROOT / "dashboard" / "strings"
    offenders = [
        f"{path.relative_to(ROOT)}: {text!r}" for path in files
        if path.name != "i18n.py" and path.parent != catalogue
        for text in _code_strings(path) if VIETNAMESE & set(text.lower())
    ]
    assert offenders == []
