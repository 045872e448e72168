"""The promotion gate, as a table: precision AND recall on the province's held-out labels must each
be at least the live model's; nothing to compare refuses unless forced; a measured loss never passes."""
from __future__ import annotations

import pytest

from data.rule_models.gate import HeldOut, Scores, decide, held_out_of

LIVE = "shipped-v3"


def held(cp, cr, lp, lr, images=20, against=LIVE):
    return HeldOut(against, images, Scores(cp, cr), Scores(lp, lr))


CASES = [
    # (name, held-out, live version, force reason, allowed, forced, words in the reason)
    ("better on both", held(0.9, 0.9, 0.8, 0.8), LIVE, None, True, False, ["≥"]),
    ("equal on both", held(0.86, 0.8, 0.86, 0.8), LIVE, None, True, False, ["≥"]),
    ("worse precision", held(0.81, 0.95, 0.86, 0.9), LIVE, None, False, False, ["độ chính xác 0,81 < 0,86", LIVE]),
    ("worse recall", held(0.9, 0.7, 0.86, 0.75), LIVE, None, False, False, ["độ nhạy 0,70 < 0,75"]),
    ("worse on both", held(0.5, 0.5, 0.6, 0.6), LIVE, None, False, False, ["độ chính xác", "độ nhạy"]),
    ("worse is never forced", held(0.5, 0.9, 0.6, 0.9), LIVE, "tin tôi", False, False, ["0,50 < 0,60"]),
    ("no held-out labels", HeldOut(LIVE, 0, None, None), LIVE, None, False, False, ["không có nhãn kiểm tra", "--force"]),
    ("no labels, forced", HeldOut(LIVE, 0, None, None), LIVE, "tỉnh mới, chưa có nhãn", True, True,
     ["tỉnh mới, chưa có nhãn"]),
    ("blank reason is no force", HeldOut(LIVE, 0, None, None), LIVE, "  ", False, False, ["--force"]),
    ("compared with another live", held(0.9, 0.9, 0.8, 0.8, against="badge-old"), LIVE, None, False, False,
     ["badge-old", LIVE]),
    ("nothing live yet", HeldOut(None, 0, None, None), None, None, True, False, ["chưa có bản đang dùng"]),
    ("already live", held(0.9, 0.9, 0.8, 0.8), "cand", None, False, False, ["đang được dùng"]),
]


@pytest.mark.parametrize("name,h,live,force,allowed,forced,words", CASES, ids=[c[0] for c in CASES])
def test_gate(name, h, live, force, allowed, forced, words):
    d = decide("cand", h, live, force)
    assert (d.allowed, d.forced) == (allowed, forced)
    for w in words:
        assert w in d.reason


def test_held_out_reads_stored_figures_and_missing_parts():
    figures = {"evaluated_against": LIVE, "province_test": {
        "images": 12, "candidate": {"precision": 0.9, "recall": 0.8}, "live": {"precision": 0.7, "recall": None}}}
    assert held_out_of(figures) == HeldOut(LIVE, 12, Scores(0.9, 0.8), None)
    assert held_out_of({}) == HeldOut(None, 0, None, None)
