"""The model registry on a real store: one live version per rule, promotion behind the gate,
rollback to an earlier live version, an audit row and a config-revision bump for each."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from data.rule_models import (
    PromotionRefused, RegistryError, add_version, ensure_registered, free_name, live, payload, promote, rollback,
    versions,
)
from data.schema import AuditEntry, RuleModelVersion
from data.setup import config_revision

BY = "tester"


def _figures(cp, cr, lp, lr, against="shipped-v3", images=10):
    return {"evaluated_against": against, "province_test": {
        "images": images, "candidate": {"precision": cp, "recall": cr}, "live": {"precision": lp, "recall": lr}}}


def _audit(engine, action):
    with engine.connect() as c:
        return c.execute(select(AuditEntry.actor, AuditEntry.target, AuditEntry.detail)
                         .where(AuditEntry.action == action).order_by(AuditEntry.id)).all()


@pytest.fixture
def shipped(engine):
    with engine.begin() as c:
        assert ensure_registered(c, "badge", "shipped-v3", lambda: b"shipped-bytes", 0.3, {"f1": 0.81}, "system")
    return engine


def test_shipped_version_registers_once_and_goes_live(shipped):
    with shipped.begin() as c:
        assert not ensure_registered(c, "badge", "shipped-v3", lambda: pytest.fail("payload read twice"), 0.3, {},
                                     "system")
        now = live(c, "badge")
        assert (now.version, now.status, now.threshold) == ("shipped-v3", "live", 0.3)
        assert payload(c, "badge", "shipped-v3") == b"shipped-bytes"
        assert config_revision(c) == 1
        assert live(c, "uniform") is None


def test_promote_passes_the_gate_retires_the_old_bumps_and_audits(shipped):
    with shipped.begin() as c:
        add_version(c, "badge", "badge-a", b"a", 0.4, _figures(0.9, 0.85, 0.8, 0.85), "shipped-v3", BY)
        assert live(c, "badge").version == "shipped-v3"  # a candidate is not live
        decision = promote(c, "badge", "badge-a", BY)
        assert decision.allowed and not decision.forced
    with shipped.connect() as c:
        rows = {v.version: v.status for v in versions(c, "badge")}
        assert rows == {"badge-a": "live", "shipped-v3": "retired"}
        assert live(c, "badge").promoted_by == BY
        assert config_revision(c) == 2
    (actor, target, detail), = _audit(shipped, "model_promote")[1:]
    assert (actor, target, detail["previous"], detail["revision"]) == (BY, "badge:badge-a", "shipped-v3", 2)


def test_refusal_names_the_figures_and_changes_nothing(shipped):
    with shipped.begin() as c:
        add_version(c, "badge", "badge-b", b"b", 0.4, _figures(0.81, 0.9, 0.86, 0.9), "shipped-v3", BY)
    with shipped.begin() as c, pytest.raises(PromotionRefused, match="độ chính xác 0,81 < 0,86"):
        promote(c, "badge", "badge-b", BY)
    with shipped.connect() as c:
        assert live(c, "badge").version == "shipped-v3"
        assert config_revision(c) == 1
    assert len(_audit(shipped, "model_promote")) == 1  # the shipped one only


def test_forced_promotion_without_labels_is_audited_with_its_reason(shipped):
    with shipped.begin() as c:
        add_version(c, "badge", "badge-c", b"c", 0.4, {"province_test": {"images": 0}}, "shipped-v3", BY)
        with pytest.raises(PromotionRefused, match="--force"):
            promote(c, "badge", "badge-c", BY)
        assert promote(c, "badge", "badge-c", BY, force_reason="chưa có nhãn của tỉnh").forced
    detail = _audit(shipped, "model_promote")[-1].detail
    assert detail["forced"] and "chưa có nhãn của tỉnh" in detail["reason"]


def test_rollback_goes_back_to_an_earlier_live_version_only(shipped):
    with shipped.begin() as c:
        add_version(c, "badge", "badge-a", b"a", 0.4, _figures(0.9, 0.9, 0.8, 0.8), "shipped-v3", BY)
        add_version(c, "badge", "badge-never", b"n", 0.4, {}, "shipped-v3", BY)
        promote(c, "badge", "badge-a", BY)
    with shipped.begin() as c:
        with pytest.raises(RegistryError, match="chưa từng được dùng"):
            rollback(c, "badge", "badge-never", BY)
        with pytest.raises(RegistryError, match="đang được dùng"):
            rollback(c, "badge", "badge-a", BY)
        with pytest.raises(RegistryError, match="no such version"):
            rollback(c, "badge", "badge-zzz", BY)
        assert rollback(c, "badge", "shipped-v3", BY) == "badge-a"
    with shipped.connect() as c:
        assert {v.version: v.status for v in versions(c, "badge")} == {
            "badge-a": "retired", "badge-never": "candidate", "shipped-v3": "live"}
        assert config_revision(c) == 3
    (actor, target, detail), = _audit(shipped, "model_rollback")
    assert (actor, target, detail["previous"]) == (BY, "badge:shipped-v3", "badge-a")


def test_store_refuses_a_second_live_version_and_duplicate_names(shipped):
    with shipped.begin() as c:
        add_version(c, "badge", "badge-a", b"a", 0.4, {}, None, BY)
        with pytest.raises(RegistryError, match="already registered"):
            add_version(c, "badge", "badge-a", b"a2", 0.4, {}, None, BY)
        assert (free_name(c, "badge", "badge-a"), free_name(c, "badge", "badge-b")) == ("badge-a-2", "badge-b")
    with pytest.raises(IntegrityError), shipped.begin() as c:
        c.execute(RuleModelVersion.__table__.update().where(RuleModelVersion.version == "badge-a")
                  .values(status="live"))


def test_rules_are_apart(shipped):
    with shipped.begin() as c:
        add_version(c, "uniform", "uniform-1", b"{}", None, {}, None, BY)
        promote(c, "uniform", "uniform-1", BY)  # nothing live for uniform: allowed
        assert live(c, "uniform").version == "uniform-1"
        assert live(c, "badge").version == "shipped-v3"
        with pytest.raises(RegistryError, match="unknown rule"):
            versions(c, "hat")
