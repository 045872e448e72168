"""Editable settings kept in the store (`app_setting`): key -> JSON value, who changed it and when.

`get_setting` / `put_setting` are the generic pair every feature uses (e.g. a
`config_revision` counter); the typed accessors below turn the two settings the
inspections and overview pages edit into frozen values and back, validating
them so a bad value never reaches the table.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from data.db import reading
from data.schema import AppSetting

INSPECTION_TARGET_KEY = "inspection_target"
RANKING_WEIGHTS_KEY = "ranking_weights"
DEFAULT_INSPECTION_TARGET = 20


class SettingError(ValueError):
    """A setting value that would not make sense; the message names the field."""


def get_setting(conn: Connection | Engine, key: str, default: Any = None) -> Any:
    """The stored JSON value of `key`, or `default` when it was never set."""
    stmt = select(AppSetting.value).where(AppSetting.key == key)
    with reading(conn) as c:
        row = c.execute(stmt).first()
    return default if row is None else row[0]


def put_setting(conn: Connection | Engine, key: str, value: Any, by: str) -> None:
    """Insert or replace `key` (one statement, so two writers cannot both insert)."""
    if isinstance(conn, Engine):
        with conn.begin() as c:
            put_setting(c, key, value, by)
        return
    now = dt.datetime.now(dt.timezone.utc)
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(AppSetting).values(key=key, value=value, updated_at=now, updated_by=by)
    stmt = stmt.on_conflict_do_update(
        index_elements=[AppSetting.key],
        set_={"value": stmt.excluded.value, "updated_at": now, "updated_by": by},
    )
    conn.execute(stmt)


@dataclass(frozen=True)
class SettingStamp:
    """Who last changed a setting and when (UTC); None when never set."""

    updated_at: dt.datetime | None
    updated_by: str | None


def setting_stamp(conn: Connection | Engine, key: str) -> SettingStamp:
    stmt = select(AppSetting.updated_at, AppSetting.updated_by).where(AppSetting.key == key)
    with reading(conn) as c:
        row = c.execute(stmt).first()
    return SettingStamp(None, None) if row is None else SettingStamp(row[0], row[1])


# --- inspections per unit per year ------------------------------------------------


def _target_count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
        raise SettingError(
            f"chỉ tiêu kiểm tra {where} phải là số nguyên từ 0 đến 1000, nhận {value!r} "
            f"(inspection target {where} must be a whole number 0-1000, got {value!r})"
        )
    return value


@dataclass(frozen=True)
class InspectionTarget:
    """Inspections a unit should receive per year: a province default and per-unit overrides."""

    default: int = DEFAULT_INSPECTION_TARGET
    overrides: tuple[tuple[int, int], ...] = field(default=())  # (unit_id, target), sorted

    def __post_init__(self) -> None:
        _target_count(self.default, "mặc định (default)")
        for unit_id, target in self.overrides:
            _target_count(target, f"của đơn vị {unit_id} (of unit {unit_id})")

    def for_unit(self, unit_id: int) -> int:
        return dict(self.overrides).get(unit_id, self.default)

    def with_override(self, unit_id: int, target: int | None) -> InspectionTarget:
        """A copy with `unit_id`'s override set, or removed when `target` is None."""
        rest = {u: v for u, v in self.overrides if u != unit_id}
        if target is not None:
            rest[unit_id] = target
        return InspectionTarget(self.default, tuple(sorted(rest.items())))

    def to_json(self) -> dict:
        return {"default": self.default, "units": {str(u): v for u, v in self.overrides}}

    @classmethod
    def from_json(cls, value: Any) -> InspectionTarget:
        if not isinstance(value, dict):
            return cls()
        units = value.get("units") or {}
        return cls(
            default=value.get("default", DEFAULT_INSPECTION_TARGET),
            overrides=tuple(sorted((int(u), v) for u, v in units.items())),
        )


def get_inspection_target(conn: Connection | Engine) -> InspectionTarget:
    return InspectionTarget.from_json(get_setting(conn, INSPECTION_TARGET_KEY))


def put_inspection_target(conn: Connection | Engine, target: InspectionTarget, by: str) -> None:
    put_setting(conn, INSPECTION_TARGET_KEY, target.to_json(), by)


# --- the overview's composite ranking ----------------------------------------------

WEIGHT_FIELDS = ("coverage", "incidents", "compliance", "inspections", "on_time", "online")


@dataclass(frozen=True)
class RankingWeights:
    """How much each figure counts in the overview's composite score (any non-negative numbers;
    the score divides by the sum of the weights of the figures a unit has)."""

    coverage: float = 25.0
    incidents: float = 15.0
    compliance: float = 15.0
    inspections: float = 10.0
    on_time: float = 25.0
    online: float = 10.0

    def __post_init__(self) -> None:
        for name in WEIGHT_FIELDS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
                raise SettingError(
                    f"trọng số «{name}» phải là số từ 0 đến 100, nhận {value!r} "
                    f"(ranking weight {name!r} must be a number 0-100, got {value!r})"
                )
        if sum(self.as_dict().values()) <= 0:
            raise SettingError("tổng các trọng số phải lớn hơn 0 (the ranking weights must not all be 0)")

    def as_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in WEIGHT_FIELDS}

    @classmethod
    def from_json(cls, value: Any) -> RankingWeights:
        if not isinstance(value, dict):
            return cls()
        return cls(**{k: v for k, v in value.items() if k in WEIGHT_FIELDS})


def get_ranking_weights(conn: Connection | Engine) -> RankingWeights:
    return RankingWeights.from_json(get_setting(conn, RANKING_WEIGHTS_KEY))


def put_ranking_weights(conn: Connection | Engine, weights: RankingWeights, by: str) -> None:
    put_setting(conn, RANKING_WEIGHTS_KEY, weights.as_dict(), by)


# --- the upload cap of the import panel ---------------------------------------------

MAX_UPLOAD_MB_KEY = "import.max_upload_mb"
# Matches server.maxUploadSize in .streamlit/config.toml: Streamlit refuses bigger uploads itself,
# so a larger stored value has no effect beyond it.
DEFAULT_MAX_UPLOAD_MB = 50


def _upload_mb(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
        raise SettingError(f"giới hạn tệp tải lên phải là số nguyên từ 1 đến 1000 MB, nhận {value!r} "
                           f"({MAX_UPLOAD_MB_KEY} must be a whole number of MB, 1-1000, got {value!r})")
    return value


def get_max_upload_mb(conn: Connection | Engine) -> int:
    """The largest file (MB) the import panel takes; a bad stored value falls back to the default."""
    try:
        return _upload_mb(get_setting(conn, MAX_UPLOAD_MB_KEY, DEFAULT_MAX_UPLOAD_MB))
    except SettingError:
        return DEFAULT_MAX_UPLOAD_MB


def put_max_upload_mb(conn: Connection | Engine, megabytes: int, by: str) -> None:
    put_setting(conn, MAX_UPLOAD_MB_KEY, _upload_mb(megabytes), by)
