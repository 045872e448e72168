import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.states import CameraHealth
from vision.camera_health import health_finish, health_start, health_step

ON, OFF, FROZEN = CameraHealth.ONLINE, CameraHealth.OFFLINE, CameraHealth.FROZEN
T0 = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.UTC)


def s(n: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=n)


def test_reports_become_intervals_backdated_to_since():
    hs = health_start("cam1", T0)
    out = []
    for state, at, since in [(ON, 1, None), (ON, 5, None), (OFF, 20, 10), (OFF, 25, 10), (ON, 40, None),
                             (FROZEN, 90, 60), (ON, 95, None)]:
        hs, closed = health_step(hs, state, s(at), s(since) if since is not None else None)
        out.extend(closed)
    out.extend(health_finish(hs, s(100)))
    assert [(i.state, (i.start - T0).seconds, (i.end - T0).seconds) for i in out] == [
        (OFF, 0, 1), (ON, 1, 10), (OFF, 10, 40), (ON, 40, 60), (FROZEN, 60, 95), (ON, 95, 100),
    ]
    assert all(i.camera_id == "cam1" for i in out)


def test_since_never_reaches_into_a_closed_interval_and_nothing_empty_comes_out():
    hs = health_start("cam1", T0, ON)
    hs, closed = health_step(hs, OFF, s(10))
    assert [(c.state, c.start, c.end) for c in closed] == [(ON, s(0), s(10))]
    # A flapping camera: one frame at 20, then "OFFLINE since 20" reported at 30.
    hs, closed = health_step(hs, ON, s(20))
    assert [(c.state, c.start, c.end) for c in closed] == [(OFF, s(10), s(20))]
    hs, closed = health_step(hs, OFF, s(30), since=s(5))  # claims a time before the open interval began
    assert closed == [] and (hs.state, hs.since) == (OFF, s(20))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([ON, OFF, FROZEN]), st.integers(0, 30), st.integers(0, 60)), max_size=40))
def test_health_intervals_tile_time(reports):
    hs = health_start("cam1", T0)
    out, t = [], T0
    for state, gap, back in reports:
        t += dt.timedelta(seconds=gap)
        hs, closed = health_step(hs, state, t, t - dt.timedelta(seconds=back))
        out.extend(closed)
    end = t + dt.timedelta(seconds=1)
    out.extend(health_finish(hs, end))
    assert out[0].start == T0 and out[-1].end == end
    for a, b in zip(out, out[1:]):
        assert a.end == b.start  # (neighbours may share a state after a one-frame flap; the store merges them)
    assert all(i.start < i.end for i in out)
