"""The confirmation queue's reads and decisions, through data.dress_code (scoped, audited there).

The queue is read fresh on every run (it changes with every decision, here or on another screen).
A decision changes what the review, the scorecard and the overview count, so their cached figures
are forgotten after each one.
"""
from __future__ import annotations

import datetime as dt

from dashboard import review_queries, scorecard_queries
from dashboard.store import engine_for
from data.access import Scope
from data.dress_code import decisions
from data.dress_code.decisions import DecisionResult
from data.dress_code.queue import VIOLATION, QueueItem, QueuePage, pending_queue

# Enough items ahead that "later" can skip a few; the counter counts them all anyway.
PAGE_SIZE = 50
# A desk-day holds a handful of violations of one rule; the batch reads at most this many.
BATCH_LIMIT = 200


def queue(url: str, scope: Scope, unit_id: int | None, rule: str | None) -> QueuePage:
    return pending_queue(engine_for(url), scope, unit_id=unit_id, rule=rule, page_size=PAGE_SIZE)


def desk_day(url: str, scope: Scope, item: QueueItem) -> tuple[QueueItem, ...]:
    """The pending violations of the item's desk, local day and rule, oldest first (the batch)."""
    found: list[QueueItem] = []
    page = 0
    while True:
        part = pending_queue(engine_for(url), scope, unit_id=item.unit_id, rule=item.rule, kinds=(VIOLATION,),
                             page=page, page_size=BATCH_LIMIT)
        found += [i for i in part.items if i.desk_id == item.desk_id and i.local_day == item.local_day]
        # Oldest first: once a page ends after the day, nothing later belongs to it.
        if len(part.items) < BATCH_LIMIT or part.items[-1].local_day > item.local_day or len(found) >= BATCH_LIMIT:
            return tuple(found)
        page += 1


def _forget() -> None:
    review_queries.review.clear()
    scorecard_queries.clear()


def decide(url: str, scope: Scope, item_id: int, verdict: str, note: str | None) -> DecisionResult:
    """verdict: confirm | reject (violation `item_id`), agree | disagree (PASS sample `item_id`)."""
    engine = engine_for(url)
    if verdict == "confirm":
        result = decisions.confirm(engine, scope, item_id, note)
    elif verdict == "reject":
        result = decisions.reject(engine, scope, item_id, note)
    elif verdict in ("agree", "disagree"):
        result = decisions.check_pass_sample(engine, scope, item_id, verdict == "agree", note)
    else:
        raise ValueError(f"unknown verdict {verdict!r}")
    _forget()
    return result


def confirm_day(url: str, scope: Scope, desk_id: int, day: dt.date, rule: str,
                note: str | None) -> tuple[DecisionResult, ...]:
    results = decisions.confirm_desk_day(engine_for(url), scope, desk_id, day, rule, note)
    _forget()
    return results
