"""The review queue: pending violations and PASS samples of a scope, oldest first, paged, counted."""
from __future__ import annotations

import pytest

from data.access import SYSTEM, Scope
from data.dress_code.decisions import confirm
from data.dress_code.queue import PASS_SAMPLE, VIOLATION, pending_queue
from dress_store import DAY, PERSON_BOX, add_pass_sample, add_violation, at


@pytest.fixture
def queue(engine, dress):
    return {
        "a1": add_violation(engine, dress.desk_a, at("10:00"), crop_path="crop.jpg"),
        "a_done": add_violation(engine, dress.desk_a, at("07:00"), status="confirmed"),
        "a2": add_violation(engine, dress.desk_a, at("08:00"), rule="uniform"),
        "b1": add_violation(engine, dress.desk_b, at("09:00")),
        "s_b": add_pass_sample(engine, dress.desk_b, at("08:30")),
        "s_a": add_pass_sample(engine, dress.desk_a, at("11:00")),
    }


def test_oldest_first_with_what_is_left(engine, dress, queue):
    page = pending_queue(engine, SYSTEM)
    assert [(i.kind, i.id) for i in page.items] == [
        (VIOLATION, queue["a2"]), (PASS_SAMPLE, queue["s_b"]), (VIOLATION, queue["b1"]), (VIOLATION, queue["a1"]),
        (PASS_SAMPLE, queue["s_a"])]
    assert (page.violations_left, page.samples_left, page.total_left) == (3, 2, 5)
    first = page.items[3]
    assert (first.desk_code, first.unit_id, first.unit_label, first.rule, first.person_box, first.crop_path,
            first.evidence_path, first.model_version, first.score, first.local_day) == (
        "Q-A", dress.commune_a, "Huyện Bình Gia › Xã Hoa Thám", "badge", PERSON_BOX, "crop.jpg", "evidence.jpg",
        "badge-v1", 0.2, DAY)
    assert first.end_at > first.start_at


def test_paging(engine, dress, queue):
    pages = [pending_queue(engine, SYSTEM, page=n, page_size=2) for n in range(3)]
    assert [len(p.items) for p in pages] == [2, 2, 1] and pages[0].page_count == 3
    assert [i.id for p in pages for i in p.items] == [i.id for i in pending_queue(engine, SYSTEM).items]


def test_scope_and_filters(engine, dress, queue):
    inspector_b = Scope("tra", "inspector", unit_path=f"/{dress.province}/{dress.district_b}/")
    assert [i.id for i in pending_queue(engine, inspector_b).items] == [queue["s_b"], queue["b1"]]
    only = pending_queue(engine, SYSTEM, unit_id=dress.commune_a, rule="badge", kinds=(VIOLATION,))
    assert ([i.id for i in only.items], only.total_left) == ([queue["a1"]], 1)


def test_a_decided_item_leaves_the_queue(engine, dress, queue):
    confirm(engine, SYSTEM, queue["b1"], evidence_root=dress.root)
    page = pending_queue(engine, SYSTEM)
    assert queue["b1"] not in [i.id for i in page.items if i.kind == VIOLATION]
    assert page.violations_left == 2


def test_a_unit_outside_the_scope_is_refused(engine, dress, queue):
    from data.access import AccessDenied

    inspector_b = Scope("tra", "inspector", unit_path=f"/{dress.province}/{dress.district_b}/")
    with pytest.raises(AccessDenied):
        pending_queue(engine, inspector_b, unit_id=dress.commune_a)
