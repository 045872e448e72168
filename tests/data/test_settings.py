"""data/settings.py: the generic get/put pair and the two typed settings, on a real store."""
from __future__ import annotations

import pytest

from data.settings import (
    InspectionTarget,
    RankingWeights,
    SettingError,
    get_inspection_target,
    get_ranking_weights,
    get_setting,
    put_inspection_target,
    put_ranking_weights,
    put_setting,
    setting_stamp,
)


def test_get_returns_default_until_put_then_upserts(engine):
    assert get_setting(engine, "config_revision", 0) == 0
    assert setting_stamp(engine, "config_revision").updated_by is None
    put_setting(engine, "config_revision", 1, by="alice")
    with engine.begin() as conn:
        put_setting(conn, "config_revision", get_setting(conn, "config_revision") + 1, by="bob")
    assert get_setting(engine, "config_revision", 0) == 2
    stamp = setting_stamp(engine, "config_revision")
    assert stamp.updated_by == "bob" and stamp.updated_at is not None


def test_put_inside_a_failed_transaction_leaves_nothing(engine):
    with pytest.raises(RuntimeError):
        with engine.begin() as conn:
            put_setting(conn, "k", {"a": 1}, by="x")
            raise RuntimeError("boom")
    assert get_setting(engine, "k", "absent") == "absent"


def test_inspection_target_round_trip_and_overrides(engine):
    assert get_inspection_target(engine).for_unit(7) == 20
    target = InspectionTarget(default=24).with_override(7, 30).with_override(9, 5)
    put_inspection_target(engine, target, by="admin")
    back = get_inspection_target(engine)
    assert back == target
    assert (back.for_unit(7), back.for_unit(9), back.for_unit(8)) == (30, 5, 24)
    assert back.with_override(7, None).for_unit(7) == 24


@pytest.mark.parametrize(
    ("build", "needle"),
    [
        (lambda: InspectionTarget(default=-1), "default"),
        (lambda: InspectionTarget(default=20, overrides=((3, 2.5),)), "unit 3"),
        (lambda: InspectionTarget(default=True), "default"),
        (lambda: RankingWeights(coverage=-5), "'coverage'"),
        (lambda: RankingWeights(online=101), "'online'"),
        (lambda: RankingWeights(0, 0, 0, 0, 0, 0), "must not all be 0"),
    ],
)
def test_bad_setting_values_name_the_field(build, needle):
    with pytest.raises(SettingError, match=needle):
        build()


def test_ranking_weights_round_trip(engine):
    assert get_ranking_weights(engine) == RankingWeights()
    weights = RankingWeights(coverage=50, incidents=0, compliance=10, inspections=10, on_time=20, online=10)
    put_ranking_weights(engine, weights, by="admin")
    assert get_ranking_weights(engine) == weights


def test_upload_cap_defaults_validates_and_matches_streamlit_config(engine):
    import tomllib
    from pathlib import Path

    from data.settings import DEFAULT_MAX_UPLOAD_MB, get_max_upload_mb, put_max_upload_mb

    config = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"
    assert tomllib.loads(config.read_text())["server"]["maxUploadSize"] == DEFAULT_MAX_UPLOAD_MB == 50
    assert get_max_upload_mb(engine) == 50
    put_max_upload_mb(engine, 5, by="alice")
    assert get_max_upload_mb(engine) == 5
    for bad in (0, 1001, 2.5, True, "10"):
        with pytest.raises(SettingError, match="import.max_upload_mb"):
            put_max_upload_mb(engine, bad, by="alice")
    put_setting(engine, "import.max_upload_mb", "junk", by="someone")  # written around the check
    assert get_max_upload_mb(engine) == 50
