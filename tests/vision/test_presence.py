"""Desk presence: tables of observation sequences, then hypothesis properties.

In the tables a pattern has one character per second:
  P  someone in the staff zone        .  no one
  X  camera OFFLINE                    F  camera FROZEN
and results read as (state, start second, end second).
"""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.office_hours import Schedule
from domain.records import DeskObservation, PresenceInterval
from domain.sites import CameraConfig, DeskConfig, PresenceConfig
from domain.states import CameraHealth, DeskStateName
from vision.presence import (
    PresenceParams,
    absence_incidents,
    current,
    finish,
    initial_state,
    pending,
    presence_timeline,
    schedule_split,
    step,
)

P, A, O, H = DeskStateName.PRESENT, DeskStateName.ABSENT, DeskStateName.OFFLINE, DeskStateName.OFF_HOURS
VN = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.UTC)  # Monday 09:00 in Hà Nội
ALWAYS = Schedule.always()
DEFAULT = PresenceParams(present_after_s=5, absent_grace_s=60, health_lag_s=35)
HEALTH = {"P": CameraHealth.ONLINE, ".": CameraHealth.ONLINE, "X": CameraHealth.OFFLINE, "F": CameraHealth.FROZEN}


def obs_from(pattern: str, t0=T0, since: dict[int, int] | None = None) -> list[DeskObservation]:
    since = since or {}
    out = []
    for i, ch in enumerate(pattern):
        at = t0 + dt.timedelta(seconds=i)
        hs = t0 + dt.timedelta(seconds=since[i]) if i in since else None
        out.append(DeskObservation("d1", at, ch == "P", None, HEALTH[ch], hs))
    return out


def run(pattern, params=DEFAULT, schedule=ALWAYS, t0=T0, since=None):
    obs = obs_from(pattern, t0, since)
    ivs = presence_timeline("d1", obs, params, schedule, start=t0, end=t0 + dt.timedelta(seconds=len(pattern)))
    return [(iv.state, (iv.start - t0).total_seconds(), (iv.end - t0).total_seconds()) for iv in ivs]


TABLE = [
    ("seated all along", "P" * 100, [(P, 0, 100)]),
    ("empty all along: ABSENT from the start once the grace has passed", "." * 100, [(A, 0, 100)]),
    ("too short to judge anything stays OFFLINE (not judged)", "." * 30, [(O, 0, 30)]),
    ("5 s of detection is not yet PRESENT at 4 s", "P" * 5, [(O, 0, 5)]),
    ("PRESENT exactly at present_after_s, backdated to arrival", "P" * 6, [(P, 0, 6)]),
    ("a 30 s break is forgiven", "P" * 100 + "." * 30 + "P" * 50, [(P, 0, 180)]),
    ("a 59 s break is forgiven", "P" * 100 + "." * 59 + "P" * 10, [(P, 0, 169)]),
    ("a 2 min absence starts when the person was last seen",
     "P" * 100 + "." * 120 + "P" * 50, [(P, 0, 100), (A, 100, 220), (P, 220, 270)]),
    ("ABSENT at exactly the grace; a lone sighting afterwards is not a return",
     "P" * 100 + "." * 61 + "P", [(P, 0, 100), (A, 100, 162)]),
    ("flickering detections do not make PRESENT; 5 s in a row do",
     "." * 100 + "P.P.PP.PPPPPP", [(A, 0, 107), (P, 107, 113)]),
    ("camera OFFLINE in the middle", "P" * 100 + "X" * 50 + "P" * 50, [(P, 0, 100), (O, 100, 150), (P, 150, 200)]),
    ("camera FROZEN counts as OFFLINE", "P" * 100 + "F" * 50 + "P" * 50, [(P, 0, 100), (O, 100, 150), (P, 150, 200)]),
    ("empty desk after the camera returns is ABSENT from the return",
     "P" * 100 + "X" * 50 + "." * 100, [(P, 0, 100), (O, 100, 150), (A, 150, 250)]),
    ("after the camera returns, too short to judge stays OFFLINE",
     "P" * 100 + "X" * 50 + "." * 30, [(P, 0, 100), (O, 100, 180)]),
    ("an empty run cut by the camera going down never becomes ABSENT",
     "P" * 100 + "." * 50 + "X" * 50 + "." * 30, [(P, 0, 150), (O, 150, 230)]),
    ("an empty desk whose camera dies: OFFLINE, not ABSENT, from the first bad report",
     "." * 100 + "X" * 100, [(A, 0, 100), (O, 100, 200)]),
]


@pytest.mark.parametrize("what, pattern, expected", TABLE, ids=[t[0] for t in TABLE])
def test_table(what, pattern, expected):
    assert run(pattern) == expected


def test_frozen_report_is_backdated_to_when_the_picture_stopped():
    # Person leaves at 100; the picture freezes at 150 showing the empty desk; the reader says
    # FROZEN at 180 (since 150). ABSENT was confirmed at 160 — but only [100, 150) stays ABSENT.
    pattern = "P" * 100 + "." * 80 + "F" * 40 + "." * 100
    since = {i: 150 for i in range(180, 220)}
    assert run(pattern, since=since) == [(P, 0, 100), (A, 100, 150), (O, 150, 220), (A, 220, 320)]


def test_offline_report_reaches_back_at_most_the_health_lag():
    pattern = "P" * 200 + "X" * 10
    since = {i: 0 for i in range(200, 210)}  # claims down since 0: trust only 35 s of it
    assert run(pattern, since=since) == [(P, 0, 165), (O, 165, 210)]


@pytest.mark.parametrize(
    "params, pattern, expected",
    [
        (PresenceParams(0, 0, 10), "P.P", [(P, 0, 1), (A, 1, 2), (P, 2, 3)]),
        (PresenceParams(10, 60, 35), "P" * 10 + "." * 5, [(O, 0, 15)]),
        (PresenceParams(10, 60, 35), "P" * 11, [(P, 0, 11)]),
        (PresenceParams(5, 10, 35), "P" * 20 + "." * 11, [(P, 0, 20), (A, 20, 31)]),
    ],
)
def test_thresholds_come_from_the_params(params, pattern, expected):
    assert run(pattern, params) == expected


def test_params_for_a_camera():
    cam = CameraConfig(
        id="c", source=0, unit="U", offline_after_s=12, frozen_after_s=40,
        desks=(DeskConfig(id="d", staff_zone=((0, 0), (1, 0), (1, 1))),),
    )
    p = PresenceParams.for_camera(PresenceConfig(present_after_s=3, absent_grace_s=90), cam)
    assert (p.present_after_s, p.absent_grace_s, p.health_lag_s) == (3, 90, 45)


# --- office hours -------------------------------------------------------------------


def local(h, m=0, s=0, day=3):
    return dt.datetime(2025, 3, day, h, m, s, tzinfo=VN).astimezone(dt.UTC)


def run_local(pattern, t0, params=DEFAULT, step_s=1):
    obs = [
        DeskObservation("d1", t0 + dt.timedelta(seconds=i * step_s), ch == "P", None, HEALTH[ch])
        for i, ch in enumerate(pattern)
    ]
    end = t0 + dt.timedelta(seconds=len(pattern) * step_s)
    ivs = presence_timeline("d1", obs, params, Schedule.default(), start=t0, end=end)
    return [(iv.state, iv.start.astimezone(VN).strftime("%H:%M:%S"), iv.end.astimezone(VN).strftime("%H:%M:%S"))
            for iv in ivs]


def test_seated_before_opening_is_present_from_the_opening_second():
    assert run_local("P" * 600, local(7, 25)) == [(H, "07:25:00", "07:30:00"), (P, "07:30:00", "07:35:00")]


def test_arriving_two_seconds_before_opening():
    assert run_local("." * 118 + "P" * 30, local(7, 28)) == [(H, "07:28:00", "07:30:00"), (P, "07:30:00", "07:30:28")]


def test_an_absence_is_cut_by_the_lunch_break_and_the_desk_reopens_absent():
    # One observation every 10 s from 11:00 to 14:00; someone sits down at 13:45.
    n_absent = (13 * 60 + 45 - 11 * 60) * 6
    result = run_local("." * n_absent + "P" * 90, local(11, 0), step_s=10)
    assert result == [
        (A, "11:00:00", "11:30:00"), (H, "11:30:00", "13:30:00"), (A, "13:30:00", "13:45:00"),
        (P, "13:45:00", "14:00:00"),
    ]


def test_camera_down_over_closing_time_is_offline_then_off_hours():
    result = run_local("P" * 60 + "X" * 120, local(16, 58))
    assert result == [(P, "16:58:00", "16:59:00"), (O, "16:59:00", "17:00:00"), (H, "17:00:00", "17:01:00")]


def test_schedule_split_of_a_gap():
    ivs = schedule_split("d1", O, local(11, 0), local(14, 0), Schedule.default())
    assert [(i.state, i.start, i.end) for i in ivs] == [
        (O, local(11, 0), local(11, 30)), (H, local(11, 30), local(13, 30)), (O, local(13, 30), local(14, 0)),
    ]


# --- incidents ----------------------------------------------------------------------


def test_absence_incidents():
    t = lambda h, m=0: local(h, m)  # noqa: E731
    ivs = [
        PresenceInterval("d1", P, t(7, 30), t(8)),
        PresenceInterval("d1", A, t(8), t(8, 4)),  # 4 min: too short
        PresenceInterval("d1", P, t(8, 4), t(9)),
        PresenceInterval("d1", A, t(9), t(9, 3)),  # two abutting rows of one run: 6 min
        PresenceInterval("d1", A, t(9, 3), t(9, 6)),
        PresenceInterval("d1", O, t(9, 6), t(9, 30)),  # OFFLINE is never an incident
        PresenceInterval("d1", A, t(11), t(11, 30)),  # cut by lunch: two incidents, not one
        PresenceInterval("d1", H, t(11, 30), t(13, 30)),
        PresenceInterval("d1", A, t(13, 30), t(13, 40)),
        PresenceInterval("d2", A, t(8), t(8, 5)),  # exactly incident_min_s counts
    ]
    got = [(i.desk_id, i.start, i.end, i.seconds) for i in absence_incidents(reversed(ivs), 300)]
    assert got == [
        ("d1", t(9), t(9, 6), 360.0),
        ("d1", t(11), t(11, 30), 1800.0),
        ("d1", t(13, 30), t(13, 40), 600.0),
        ("d2", t(8), t(8, 5), 300.0),
    ]


# --- the step interface ---------------------------------------------------------------


def test_intervals_are_handed_out_as_they_become_final_not_only_at_the_end():
    state = initial_state("d1", T0)
    handed: list[tuple[int, PresenceInterval]] = []
    for o in obs_from("P" * 100 + "." * 200):
        state, closed = step(state, o, DEFAULT, ALWAYS)
        handed.extend(((o.at - T0).total_seconds(), c) for c in closed)
    # PRESENT [0,100) became final when ABSENT was confirmed at 160 (100 < 160 - 35).
    assert [(t, c.state, c.start, c.end) for t, c in handed] == [(160, P, T0, T0 + dt.timedelta(seconds=100))]
    assert [(p.state, p.start) for p in pending(state)] == [(A, T0 + dt.timedelta(seconds=100))]
    assert pending(state)[-1].end == state.last_at
    shown = current(state, ALWAYS)
    assert (shown.state, shown.since) == (A, T0 + dt.timedelta(seconds=100))
    rest = finish(state, T0 + dt.timedelta(seconds=300), ALWAYS)
    assert [(r.state, r.end) for r in rest] == [(A, T0 + dt.timedelta(seconds=300))]


def test_current_state_follows_the_schedule():
    state = initial_state("d1", local(7, 29))
    for i in range(120):
        state, _ = step(state, DeskObservation("d1", local(7, 29) + dt.timedelta(seconds=i), True), DEFAULT,
                        Schedule.default())
    shown = current(state, Schedule.default())
    assert (shown.state, shown.since) == (P, local(7, 30))


def test_a_clock_stepping_back_does_not_reorder_time():
    state = initial_state("d1", T0)
    for s in (0, 10, 3):  # the third observation's clock went back
        state, _ = step(state, DeskObservation("d1", T0 + dt.timedelta(seconds=s), True), DEFAULT, ALWAYS)
    assert state.last_at == T0 + dt.timedelta(seconds=10)
    ivs = finish(state, T0 + dt.timedelta(seconds=12), ALWAYS)
    assert [(i.state, i.start, i.end) for i in ivs] == [(P, T0, T0 + dt.timedelta(seconds=12))]


def test_wrong_desk_and_naive_times_are_refused():
    state = initial_state("d1", T0)
    with pytest.raises(ValueError, match="desk 'd2'"):
        step(state, DeskObservation("d2", T0, True), DEFAULT, ALWAYS)
    with pytest.raises(ValueError, match="timezone-aware"):
        step(state, DeskObservation("d1", dt.datetime(2025, 1, 1), True), DEFAULT, ALWAYS)


def test_nothing_observed():
    assert presence_timeline("d1", [], DEFAULT, ALWAYS) == []
    got = presence_timeline("d1", [], DEFAULT, ALWAYS, start=T0, end=T0 + dt.timedelta(seconds=5))
    assert [(g.state, g.seconds) for g in got] == [(O, 5.0)]


# --- properties ------------------------------------------------------------------------

SCHEDULES = [
    Schedule.always(),
    Schedule.default(),
    Schedule(weekly=(((0, 600), (1200, 86_400)),) * 7),  # closes 10 minutes of every hour... of the first hour
    Schedule(weekly=tuple(((h * 3600, h * 3600 + 1800),) for h in range(7))),  # a different half hour each day
]

KINDS = ["P", ".", "X", "F"]


@st.composite
def scenarios(draw, kinds=KINDS):
    schedule = draw(st.sampled_from(SCHEDULES))
    params = PresenceParams(
        present_after_s=draw(st.integers(0, 20)),
        absent_grace_s=draw(st.integers(0, 120)),
        health_lag_s=draw(st.integers(0, 60)),
    )
    start = local(7, 20) + dt.timedelta(seconds=draw(st.integers(0, 7 * 86_400)))
    gap_ms = st.one_of(st.integers(0, 3_000), st.integers(0, 20_000), st.integers(0, 20_000), st.integers(0, 4 * 3_600_000))
    steps = draw(st.lists(st.tuples(gap_ms, st.sampled_from(kinds), st.integers(-5, 90)), max_size=60))
    obs = []
    t = start
    for gap, kind, back in steps:
        t = t + dt.timedelta(milliseconds=gap)
        since = None if back < 0 else t - dt.timedelta(seconds=back)
        obs.append(DeskObservation("d1", t, kind == "P", None, HEALTH[kind], since if kind in "XF" else None))
    end = t + dt.timedelta(milliseconds=draw(gap_ms))
    return schedule, params, start, obs, end


def incremental(schedule, params, start, obs, end):
    state = initial_state("d1", start)
    out = []
    for o in obs:
        state, closed = step(state, o, params, schedule)
        out.extend(closed)
    return out + finish(state, end, schedule)


def assert_tiles(ivs, start, end):
    assert ivs, "something must cover [start, end)" if end > start else True
    assert ivs[0].start == start and ivs[-1].end == end
    for a, b in zip(ivs, ivs[1:]):
        assert a.end == b.start, "no gap, no overlap"
        assert a.state is not b.state, "neighbours differ (maximal intervals)"
    for iv in ivs:
        assert iv.start < iv.end and iv.desk_id == "d1"


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_intervals_tile_time_from_start_to_finish(sc):
    schedule, params, start, obs, end = sc
    ivs = incremental(*sc)
    if end == start:
        assert ivs == []
        return
    assert_tiles(ivs, start, end)


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_off_hours_exactly_when_the_schedule_is_closed(sc):
    schedule = sc[0]
    for iv in incremental(*sc):
        assert (iv.state is H) is (not schedule.is_open(iv.start))
        change = schedule.next_change(iv.start)
        assert change is None or change >= iv.end


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_no_second_reported_down_by_the_camera_is_ever_absent(sc):
    schedule, params, start, obs, end = sc
    ivs = incremental(*sc)
    lag = dt.timedelta(seconds=params.health_lag_s)
    for i, o in enumerate(obs):
        if o.camera_health is CameraHealth.ONLINE:
            continue
        down_from = max(o.health_since or o.at, start, o.at - lag)
        down_to = obs[i + 1].at if i + 1 < len(obs) else end
        for iv in ivs:
            if iv.start < down_to and iv.end > down_from:
                assert iv.state in (O, H), (iv, down_from, down_to)


def reference(schedule, params, start, obs, end):
    """The same rules written the plain way: decide everything, then split by the schedule."""
    segs: list[list] = []  # [state, a, b], the decided timeline

    def cut_and_fill(x, t, state):
        nonlocal segs
        segs = [[s, a, min(b, x)] for s, a, b in segs if a < x]
        if x < t:
            segs.append([state, x, t])

    decided, run_staffed, run_since, last = O, None, None, start
    for o in obs:
        t = max(o.at, last)
        if last < t:
            segs.append([decided, last, t])
        if o.camera_health is not CameraHealth.ONLINE:
            since = min(t, max(o.health_since or t, start, t - dt.timedelta(seconds=params.health_lag_s)))
            cut_and_fill(since, t, O)
            decided, run_staffed, run_since = O, None, None
        else:
            if run_staffed is None or o.staffed != run_staffed:
                run_staffed, run_since = o.staffed, t
            target = P if run_staffed else A
            need = params.present_after_s if run_staffed else params.absent_grace_s
            if decided is not target and (t - run_since).total_seconds() >= need:
                cut_and_fill(run_since, t, target)
                decided = target
        last = t
    if last < end:
        segs.append([decided, last, end])
    out: list[PresenceInterval] = []
    for s, a, b in segs:
        x = a
        while x < b:
            change = schedule.next_change(x)
            y = b if change is None or change > b else change
            label = s if schedule.is_open(x) else H
            if out and out[-1].state is label and out[-1].end == x:
                out[-1] = PresenceInterval("d1", label, out[-1].start, y)
            else:
                out.append(PresenceInterval("d1", label, x, y))
            x = y
    return out


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_handing_intervals_out_early_never_changes_the_result(sc):
    assert incremental(*sc) == reference(*sc)


@st.composite
def outages(draw):
    """Physically consistent footage: the camera dies at f; the reader notices only after a delay,
    meanwhile the frames are the last picture (or black, which detects no one); then reports
    OFFLINE/FROZEN since f until the camera returns."""
    schedule = draw(st.sampled_from(SCHEDULES))
    params = PresenceParams(draw(st.integers(0, 20)), draw(st.integers(0, 120)), draw(st.integers(1, 60)))
    start = local(7, 20) + dt.timedelta(seconds=draw(st.integers(0, 7 * 86_400)))
    t = start
    obs, outs = [], []
    for _ in range(draw(st.integers(1, 4))):
        last_seen = False
        for kind, gap in draw(st.lists(st.tuples(st.sampled_from("P."), st.integers(1, 10)), max_size=40)):
            t += dt.timedelta(seconds=gap)
            last_seen = kind == "P"
            obs.append(DeskObservation("d1", t, last_seen))
        f = t + dt.timedelta(seconds=draw(st.integers(1, 10)))
        delay = draw(st.integers(0, int(params.health_lag_s)))  # the reader notices within the lag
        black = draw(st.booleans())
        for k in sorted(draw(st.sets(st.integers(0, max(0, delay - 1)), max_size=10))) if delay else []:
            # stale frames (the last picture, or black) before the reader notices
            obs.append(DeskObservation("d1", f + dt.timedelta(seconds=k), False if black else last_seen))
        t = f + dt.timedelta(seconds=delay)
        health = draw(st.sampled_from([CameraHealth.OFFLINE, CameraHealth.FROZEN]))
        for gap in draw(st.lists(st.integers(1, 30), min_size=1, max_size=20)):
            obs.append(DeskObservation("d1", t, False, None, health, f))
            t += dt.timedelta(seconds=gap)
        outs.append((f, t))  # camera back at t (the next ONLINE observation, or the end)
    end = t
    return schedule, params, start, obs, end, outs


@settings(max_examples=200, deadline=None)
@given(outages())
def test_a_dead_camera_is_offline_from_the_moment_it_died_never_absent(sc):
    schedule, params, start, obs, end, outs = sc
    ivs = incremental(schedule, params, start, obs, end)
    for f, back in outs:
        for iv in ivs:
            if iv.start < back and iv.end > f:
                assert iv.state in (O, H), (iv, f, back)


@settings(max_examples=200, deadline=None)
@given(scenarios(kinds=["P", "."]))
def test_long_enough_runs_are_decided_for_their_whole_length(sc):
    """With the camera healthy all along, a staffed run of present_after_s or more is PRESENT
    from its first to its last observation; an empty run of absent_grace_s or more is ABSENT."""
    schedule, params, start, obs, end = sc
    ivs = incremental(*sc)
    i = 0
    while i < len(obs):
        j = i
        while j + 1 < len(obs) and obs[j + 1].staffed == obs[i].staffed:
            j += 1
        a, b = obs[i].at, obs[j].at
        need = params.present_after_s if obs[i].staffed else params.absent_grace_s
        if (b - a).total_seconds() >= need:
            want = P if obs[i].staffed else A
            for iv in ivs:
                if iv.start < b and iv.end > a:
                    assert iv.state in (want, H), (iv, a, b)
        i = j + 1
