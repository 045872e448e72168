"""Retention settings (kept in `app_setting`) and where the files live.

    retention.live_minutes     live frames (var/live/*.jpg, *.json) older than this are deleted (default 10)
    retention.evidence_days    evidence pictures older than this are deleted (default 30)
    privacy.contact            whom people ask about their data (shown on the privacy page)

Presence intervals, incidents, compliance results and aggregates are kept: they
hold no pictures.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine

from data.access import AccessDenied, Scope
from data.audit import record
from data.settings import SettingError, get_setting, put_setting

LIVE_MINUTES_KEY = "retention.live_minutes"
EVIDENCE_DAYS_KEY = "retention.evidence_days"
CONTACT_KEY = "privacy.contact"
DEFAULT_LIVE_MINUTES = 10
DEFAULT_EVIDENCE_DAYS = 30
EVIDENCE_DIR_ENV = "MONITOR_EVIDENCE_DIR"
VAR_DIR_ENV = "MONITOR_VAR_DIR"
LIVE_DIR_ENV = "MONITOR_LIVE_DIR"


@dataclass(frozen=True)
class RetentionPolicy:
    live_minutes: int = DEFAULT_LIVE_MINUTES
    evidence_days: int = DEFAULT_EVIDENCE_DAYS

    def __post_init__(self) -> None:
        for name, value, top in (("retention.live_minutes", self.live_minutes, 24 * 60),
                                 ("retention.evidence_days", self.evidence_days, 3650)):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
                raise SettingError(f"{name} phải là số nguyên từ 1 đến {top}, nhận {value!r} "
                                   f"({name} must be a whole number 1-{top}, got {value!r})")

    @property
    def live_age(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.live_minutes)

    @property
    def evidence_age(self) -> dt.timedelta:
        return dt.timedelta(days=self.evidence_days)


def retention_policy(conn: Connection | Engine) -> RetentionPolicy:
    return RetentionPolicy(
        live_minutes=get_setting(conn, LIVE_MINUTES_KEY, DEFAULT_LIVE_MINUTES),
        evidence_days=get_setting(conn, EVIDENCE_DAYS_KEY, DEFAULT_EVIDENCE_DAYS),
    )


def privacy_contact(conn: Connection | Engine) -> str | None:
    value = get_setting(conn, CONTACT_KEY)
    return value.strip() if isinstance(value, str) and value.strip() else None


def evidence_dir() -> Path:
    """The evidence root: the pages read and the purge deletes pictures only inside it.

    MONITOR_EVIDENCE_DIR, else `evidence` under MONITOR_VAR_DIR (the worker's own
    default root), else var/evidence.
    """
    explicit = os.environ.get(EVIDENCE_DIR_ENV)
    if explicit:
        return Path(explicit)
    return Path(os.environ.get(VAR_DIR_ENV) or "var") / "evidence"


def live_dir() -> Path:
    return Path(os.environ.get(LIVE_DIR_ENV) or "var/live")


def save_retention(conn: Connection, scope: Scope, policy: RetentionPolicy, contact: str | None) -> None:
    """Administrators change the periods and the contact; one transaction with its audit row."""
    if not scope.can_configure:
        raise AccessDenied(f"tài khoản {scope.username!r} không được đổi cấu hình "
                           f"(account {scope.username!r} may not change settings)")
    before = retention_policy(conn), privacy_contact(conn)
    put_setting(conn, LIVE_MINUTES_KEY, policy.live_minutes, scope.username)
    put_setting(conn, EVIDENCE_DAYS_KEY, policy.evidence_days, scope.username)
    put_setting(conn, CONTACT_KEY, (contact or "").strip(), scope.username)
    record(conn, scope.username, "config_change", target="retention", detail={
        "live_minutes": [before[0].live_minutes, policy.live_minutes],
        "evidence_days": [before[0].evidence_days, policy.evidence_days],
        "contact": [before[1], (contact or "").strip() or None],
    })
