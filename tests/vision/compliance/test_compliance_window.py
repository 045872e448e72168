"""Window aggregation tables: one bad frame never makes a violation; UNKNOWN never counts."""
from __future__ import annotations

import datetime as dt

import pytest

from vision.compliance.rules import Verdict
from vision.compliance.window import ComplianceRun, Sample, WindowAggregator, WindowParams, aggregate, violations

T0 = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.timezone.utc)
P, F, U = Verdict.PASS, Verdict.FAIL, Verdict.UNKNOWN
PARAMS = WindowParams(min_samples=5, window_s=60, fail_frac=0.7, sample_s=1)


def samples(code: str, every_s: float = 1.0, desk: str = "d1", rule: str = "uniform") -> list[Sample]:
    """'PPF.U' → one sample a second; '.' is a second without a sample."""
    out = []
    for i, c in enumerate(code):
        if c != ".":
            out.append(Sample(desk, rule, T0 + dt.timedelta(seconds=i * every_s), {"P": P, "F": F, "U": U}[c]))
    return out


def shape(runs: list[ComplianceRun]) -> list[tuple[str, float, float, int, int]]:
    return [(r.result.value, (r.start - T0).total_seconds(), (r.end - T0).total_seconds(), r.samples, r.fail_samples)
            for r in runs]


@pytest.mark.parametrize(
    "code, expected",
    [
        # too few decided samples: UNKNOWN throughout
        ("PPPP", [("UNKNOWN", 0, 4, 4, 0)]),
        # the window agrees from the 5th sample on
        ("PPPPPPP", [("UNKNOWN", 0, 4, 4, 0), ("PASS", 4, 7, 3, 0)]),
        # one bad frame among passes: no violation
        ("PPPPPFPPPP", [("UNKNOWN", 0, 4, 4, 0), ("PASS", 4, 10, 6, 1)]),
        # all fails: a violation once N samples agree
        ("FFFFFFF", [("UNKNOWN", 0, 4, 4, 4), ("FAIL", 4, 7, 3, 3)]),
        # UNKNOWN samples are not counted: 4 fails + 10 unknowns is still too few
        ("FUFUFUFUUUUUUU", [("UNKNOWN", 0, 14, 14, 4)]),
        # UNKNOWN never turns a FAIL window into PASS either
        ("FFFFFUUUUU", [("UNKNOWN", 0, 4, 4, 4), ("FAIL", 4, 10, 6, 1)]),
        # 4 P + 1 F agree on PASS (80 %); from 4 P + 2 F on the window is mixed and does not agree
        ("PPPPFFFF", [("UNKNOWN", 0, 4, 4, 0), ("PASS", 4, 5, 1, 1), ("UNKNOWN", 5, 8, 3, 3)]),
    ],
)
def test_window_runs(code, expected):
    runs = aggregate(samples(code), PARAMS)
    assert shape(runs) == expected


def test_one_bad_frame_never_makes_a_violation_anywhere():
    for pos in range(20):
        code = "P" * pos + "F" + "P" * (20 - pos)
        assert violations(aggregate(samples(code), PARAMS)) == []


def test_a_long_gap_empties_the_window():
    # 4 fails, 70 s without a sample (> window), 4 fails: never 5 in one window.
    code = "FFFF" + "." * 70 + "FFFF"
    runs = aggregate(samples(code), PARAMS)
    assert [r.result for r in runs] == [U, U]
    assert (runs[0].end - T0).total_seconds() == 4  # the first run ends after its last sample


def test_old_samples_leave_the_window():
    # Fails spread 20 s apart: only 3 ever lie inside a 60 s window.
    runs = aggregate(samples("F", every_s=1)[:0] + [
        Sample("d1", "uniform", T0 + dt.timedelta(seconds=20 * i), F) for i in range(10)
    ], PARAMS)
    assert violations(runs) == []


def test_desks_and_rules_are_kept_apart():
    mixed = samples("FFFFFF", desk="d1") + samples("PPPPPP", desk="d2") + samples("FFFFFF", desk="d1", rule="badge")
    runs = aggregate(mixed, PARAMS)
    assert {(r.desk_id, r.rule) for r in violations(runs)} == {("d1", "uniform"), ("d1", "badge")}


def test_out_of_order_and_foreign_samples_are_refused():
    agg = WindowAggregator("d1", "uniform", PARAMS)
    agg.push(Sample("d1", "uniform", T0 + dt.timedelta(seconds=5), P))
    with pytest.raises(ValueError):
        agg.push(Sample("d1", "uniform", T0, P))
    with pytest.raises(ValueError):
        agg.push(Sample("d2", "uniform", T0 + dt.timedelta(seconds=9), P))


def test_evidence_sticks_to_the_open_run():
    agg = WindowAggregator("d1", "uniform", PARAMS)
    for s in samples("FFFFF"):
        agg.push(s)
    agg.set_evidence("var/evidence/x.jpg")
    closed = agg.push(Sample("d1", "uniform", T0 + dt.timedelta(seconds=5), F))
    assert closed == []
    (run,) = agg.finish()
    assert run.result is F and run.evidence == "var/evidence/x.jpg"


@pytest.mark.parametrize("kw", [dict(min_samples=0), dict(window_s=0), dict(fail_frac=0.5), dict(sample_s=0)])
def test_bad_parameters(kw):
    with pytest.raises(ValueError):
        WindowParams(**kw)
