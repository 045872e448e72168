"""Xác nhận vi phạm trang phục drawing: the counter, one item with its pictures and decision keys, the desk-day
batch. Decisions go through dashboard.dress_code_queries (scoped and audited in data.dress_code)."""
from __future__ import annotations

import streamlit as st

from dashboard import dress_code_queries as dq
from dashboard.auth_audit import audit_once
from dashboard.dress_code_picture import Picture, load_picture, thumbnail
from dashboard.format import fmt_date, fmt_datetime, fmt_int, fmt_num, fmt_time
from dashboard.i18n import lang, t
from dashboard.markdown_text import md_escape
from data.access import AccessDenied, Scope
from data.dress_code.decisions import DecisionError, DecisionResult
from data.dress_code.queue import VIOLATION, QueueItem, QueuePage
from data.retention.policy import evidence_dir

FLASH_KEY = "dress.flash"
SKIPPED_KEY = "dress.skipped"  # items put off with "Để sau" in this session
# One key each (Streamlit ignores them while the note field has the focus). C and R are Streamlit's own.
SHORTCUTS = {"confirm": "X", "reject": "B", "agree": "D", "disagree": "S", "skip": "N"}
DONE = {"confirm": "dress.done.confirmed", "reject": "dress.done.rejected", "agree": "dress.done.agreed",
        "disagree": "dress.done.disagreed"}
LABEL_WHY = {"no_picture": "dress.why.none_taken", "unreadable": "dress.why.unreadable",
             "empty_box": "dress.why.empty_box"}


def counter(page: QueuePage) -> None:
    code = lang()
    st.metric(t("dress.left.label"), t("dress.left", n=fmt_int(page.total_left, code)),
              border=True, width="content")
    st.caption(t("dress.left.split", violations=fmt_int(page.violations_left, code),
                 samples=fmt_int(page.samples_left, code)))


def next_item(page: QueuePage) -> QueueItem | None:
    """The oldest item not put off in this session; once all are put off, start again from the oldest."""
    skipped: set = st.session_state.setdefault(SKIPPED_KEY, set())
    waiting = [i for i in page.items if (i.kind, i.id) not in skipped]
    if not waiting and page.items:
        skipped.clear()
        waiting = list(page.items)
    return waiting[0] if waiting else None


def show_flash() -> None:
    kind, message = st.session_state.pop(FLASH_KEY, (None, None))
    if kind == "success":
        st.success(message)
    elif kind == "warning":
        st.warning(message)
    elif kind == "error":
        st.error(message)


def _rule(rule: str) -> str:
    return t(f"review.rule.{rule}")


def _picture(url: str, scope: Scope, item: QueueItem) -> Picture:
    picture = load_picture(evidence_dir(), item.evidence_path, item.crop_path, item.person_box)
    if picture.evidence is None:
        return picture
    # Every evidence picture a person opens is in the audit log, keyed like the review page's (same picture).
    audit_once(url, scope, "evidence_view", f"desk:{item.desk_id}@{item.start_at.isoformat()}", unit_id=item.unit_id,
               detail={"kind": item.rule, "file": picture.name, item.kind: item.id})
    return picture


def item_card(url: str, scope: Scope, item: QueueItem) -> None:
    code = lang()
    kind = t(f"dress.kind.{item.kind}")
    st.subheader(t("dress.item", kind=kind, rule=_rule(item.rule), desk=md_escape(item.desk_name),
                   unit=md_escape(item.unit_label)))
    picture = _picture(url, scope, item)
    big, side = st.columns([3, 2])
    with big:
        if picture.evidence is None:
            st.warning(t("dress.no_picture", reason=t(picture.missing)))
        else:
            st.image(picture.evidence, caption=t("dress.evidence"), width="stretch")
    with side:
        if picture.zoom is not None:
            st.image(picture.zoom, caption=t("dress.zoom"))
        if item.kind == VIOLATION:
            st.markdown(t("dress.when.violation", start=fmt_datetime(item.start_at), end=fmt_time(item.end_at)))
        else:
            st.markdown(t("dress.when.sample", at=fmt_datetime(item.start_at)))
        st.markdown(f"{t('dress.score')}: **{fmt_num(item.score, 2, code)}**")
        if item.model_version:
            st.caption(f"{t('dress.model')}: {md_escape(item.model_version)}")
        st.markdown(f"**{t(f'dress.question.{item.rule}')}**")
        note = st.text_input(t("dress.note"), key=f"dress.note.{item.kind}.{item.id}")
        _buttons(url, scope, item, note, has_picture=picture.evidence is not None)
        st.caption(t("dress.keys"))


def _buttons(url: str, scope: Scope, item: QueueItem, note: str, has_picture: bool) -> None:
    if item.kind == VIOLATION:
        # Without a picture nobody may confirm (a judgment about a person needs its evidence); rejecting may.
        choices = (("confirm", t("dress.confirm"), "primary", not has_picture),
                   ("reject", t("dress.reject"), "secondary", False))
    else:
        choices = (("agree", t(f"dress.agree.{item.rule}"), "primary", not has_picture),
                   ("disagree", t("dress.disagree"), "secondary", not has_picture))
    if not has_picture:
        st.caption(t("dress.decide_blind"))
    row = st.container(horizontal=True)
    for verdict, label, kind, disabled in choices:
        if row.button(label, key=f"dress.{verdict}", type=kind, shortcut=SHORTCUTS[verdict], disabled=disabled):
            _decide(url, scope, item, verdict, note)
    if row.button(t("dress.skip"), key="dress.skip", shortcut=SHORTCUTS["skip"]):
        st.session_state.setdefault(SKIPPED_KEY, set()).add((item.kind, item.id))
        st.rerun()


def _no_label(result: DecisionResult) -> str | None:
    reason = result.label.reason
    return None if reason is None else t("dress.done.no_label", reason=t(LABEL_WHY.get(reason, "dress.why.missing")))


def _decide(url: str, scope: Scope, item: QueueItem, verdict: str, note: str) -> None:
    try:
        result = dq.decide(url, scope, item.id, verdict, note)
    except (DecisionError, AccessDenied) as err:
        st.session_state[FLASH_KEY] = ("error", t("dress.error", error=md_escape(err)))
    else:
        done = t(DONE[verdict], id=item.id)
        extra = _no_label(result)
        st.session_state[FLASH_KEY] = ("warning", f"{done} {extra}") if extra else ("success", done)
    st.rerun()


def batch_section(url: str, scope: Scope, item: QueueItem) -> None:
    """The item's desk-day: every pending violation of the same rule, to confirm together when they agree."""
    if item.kind != VIOLATION:
        return
    day = dq.desk_day(url, scope, item)
    if len(day) < 2:
        return
    st.divider()
    heading = t("dress.batch", day=fmt_date(item.local_day), desk=md_escape(item.desk_name), n=len(day),
                rule=_rule(item.rule).lower())
    # The thumbnails are evidence too: they are drawn (and audited) only once asked for.
    if not st.toggle(heading, key=f"dress.batch.{item.desk_id}.{item.local_day}.{item.rule}"):
        return
    st.caption(t("dress.batch.help"))
    root = evidence_dir()
    cols = st.columns(min(len(day), 6))
    blind = False
    for n, one in enumerate(day):
        times = dict(start=fmt_time(one.start_at), end=fmt_time(one.end_at))
        with cols[n % len(cols)]:
            small = thumbnail(root, one.evidence_path, one.person_box)
            if small is None:
                blind = True
                st.caption(t("dress.batch.thumb_missing", **times))
                continue
            audit_once(url, scope, "evidence_view", f"desk:{one.desk_id}@{one.start_at.isoformat()}",
                       unit_id=one.unit_id, detail={"kind": one.rule, "violation": one.id, "batch": True})
            st.image(small, caption=t("dress.batch.thumb", **times))
    if blind:  # the batch would confirm a violation nobody can see: one at a time instead
        st.caption(t("dress.batch.blind"))
    if st.button(t("dress.batch.confirm", n=len(day)), key="dress.batch_confirm", type="primary", disabled=blind):
        _confirm_day(url, scope, item, st.session_state.get(f"dress.note.{item.kind}.{item.id}") or None)


def _confirm_day(url: str, scope: Scope, item: QueueItem, note: str | None) -> None:
    try:
        results = dq.confirm_day(url, scope, item.desk_id, item.local_day, item.rule, note)
    except (DecisionError, AccessDenied) as err:
        st.session_state[FLASH_KEY] = ("error", t("dress.error", error=md_escape(err)))
    else:
        st.session_state[FLASH_KEY] = ("success", t("dress.done.batch", n=len(results),
                                                    desk=md_escape(item.desk_name), day=fmt_date(item.local_day)))
    st.rerun()
