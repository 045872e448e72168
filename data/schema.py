"""Every table of the store.

Times are UTC (`DateTime(timezone=True)` columns hold aware UTC values);
calendar days that matter to reports (a dossier's received day, a holiday)
are local Asia/Ho_Chi_Minh dates stored as `Date`.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# --- organisation -----------------------------------------------------------


class UnitLevel(Base):
    """Administrative levels are data: since 1 July 2025 there may be no district."""

    __tablename__ = "unit_level"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    rank: Mapped[int] = mapped_column(Integer, comment="0 = province; larger = lower")


class Unit(Base):
    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True, comment="fold(name)")
    level_code: Mapped[str] = mapped_column(ForeignKey("unit_level.code"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    path: Mapped[str] = mapped_column(
        String(400), index=True, comment="materialised path '/1/5/23/' for subtree queries"
    )
    code: Mapped[str | None] = mapped_column(String(64))
    friendly_model: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false"),
        comment="runs the 'friendly government' (chính quyền thân thiện) model",
    )
    __table_args__ = (UniqueConstraint("parent_id", "name_key", name="uq_unit_parent_name"),)


class OfficeSchedule(Base):
    """Opening hours; rows with unit_id NULL are the province default."""

    __tablename__ = "office_schedule"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    weekday: Mapped[int] = mapped_column(Integer, comment="0 = Monday")
    start_local: Mapped[dt.time] = mapped_column(Time)
    end_local: Mapped[dt.time] = mapped_column(Time)
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),)


class Holiday(Base):
    """Public holidays and compensatory working days; unit_id NULL = nationwide."""

    __tablename__ = "holiday"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    name: Mapped[str] = mapped_column(String(200))
    working_day: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false"),
        comment="true = a weekend day worked in exchange for a holiday",
    )


# --- desks, cameras, staff ----------------------------------------------------


class Camera(Base):
    __tablename__ = "camera"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text, comment="may hold credentials: never log or show")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))


class Desk(Base):
    __tablename__ = "desk"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    camera_id: Mapped[int | None] = mapped_column(ForeignKey("camera.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    staff_zone: Mapped[list | None] = mapped_column(JSON, comment="normalised polygon [[x, y], ...]")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    __table_args__ = (UniqueConstraint("unit_id", "code", name="uq_desk_unit_code"),)


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    code: Mapped[str | None] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))


class RosterEntry(Base):
    """Who is assigned to a desk over a span of days (day_to NULL = open-ended)."""

    __tablename__ = "roster_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    desk_id: Mapped[int] = mapped_column(ForeignKey("desk.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    day_from: Mapped[dt.date] = mapped_column(Date)
    day_to: Mapped[dt.date | None] = mapped_column(Date)


# --- camera results -----------------------------------------------------------


class PresenceInterval(Base):
    """A closed stretch of one desk state; a desk's intervals tile time."""

    __tablename__ = "presence_interval"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    desk_id: Mapped[int] = mapped_column(ForeignKey("desk.id"))
    state: Mapped[str] = mapped_column(String(16))
    start_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    end_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(16), default="worker", comment="worker | replay | demo")
    __table_args__ = (
        CheckConstraint("state IN ('PRESENT','ABSENT','OFFLINE','OFF_HOURS')", name="state"),
        CheckConstraint("end_at >= start_at", name="order"),
        Index("ix_presence_desk_start", "desk_id", "start_at"),
    )


class CameraHealthInterval(Base):
    __tablename__ = "camera_health_interval"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("camera.id"))
    state: Mapped[str] = mapped_column(String(16), comment="ONLINE | OFFLINE | FROZEN")
    start_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    end_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_camera_health_camera_start", "camera_id", "start_at"),)


class ComplianceObservation(Base):
    __tablename__ = "compliance_observation"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    desk_id: Mapped[int] = mapped_column(ForeignKey("desk.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    observed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    rule: Mapped[str] = mapped_column(String(16), comment="badge | uniform")
    result: Mapped[str] = mapped_column(String(8), comment="PASS | FAIL | UNKNOWN")
    score: Mapped[float | None] = mapped_column(Float)
    evidence_path: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint("result IN ('PASS','FAIL','UNKNOWN')", name="result"),
        Index("ix_compliance_desk_time", "desk_id", "observed_at"),
    )


# --- inspections ----------------------------------------------------------------


class Inspection(Base):
    __tablename__ = "inspection"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(16), comment="scheduled | unannounced | camera_review")
    inspectors: Mapped[str] = mapped_column(Text)
    conclusion: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str | None] = mapped_column(String(200))


class InspectionFinding(Base):
    __tablename__ = "inspection_finding"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(
        String(16), comment="absent | no_badge | wrong_outfit | attitude | procedure"
    )
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"))
    notes: Mapped[str | None] = mapped_column(Text)


# --- dossiers (hồ sơ TTHC) ------------------------------------------------------


class ImportBatch(Base):
    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), comment="dossiers | dossier_summary")
    file_name: Mapped[str] = mapped_column(Text)
    file_sha256: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_imported: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), comment="running | done | rejected | failed")


class Dossier(Base):
    """One administrative-procedure dossier; its code is the key across imports."""

    __tablename__ = "dossier"
    code: Mapped[str] = mapped_column(String(100), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    procedure: Mapped[str | None] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(String(300), comment="lĩnh vực")
    channel: Mapped[str] = mapped_column(String(8), comment="direct | online | postal")
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    received_day: Mapped[dt.date] = mapped_column(Date, comment="local date of received_at")
    due_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(
        String(8), comment="early | on_time | late by local calendar date; NULL while in progress"
    )
    status: Mapped[str | None] = mapped_column(String(200))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    __table_args__ = (
        CheckConstraint("channel IN ('direct','online','postal')", name="channel"),
        # Covers the dossier_daily aggregation (migration 0003).
        Index("ix_dossier_unit_day", "unit_id", "received_day", "channel", "outcome"),
        Index(
            "ix_dossier_pending_due",
            "due_at",
            sqlite_where=text("resolved_at IS NULL"),
            postgresql_where=text("resolved_at IS NULL"),
        ),
    )


class DossierDaily(Base):
    """Per unit and local received day: the read model every dossier figure comes from."""

    __tablename__ = "dossier_daily"
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, comment="first day of the month of day")
    received: Mapped[int] = mapped_column(Integer)
    online: Mapped[int] = mapped_column(Integer)
    resolved: Mapped[int] = mapped_column(Integer)
    early: Mapped[int] = mapped_column(Integer)
    on_time: Mapped[int] = mapped_column(Integer)
    late: Mapped[int] = mapped_column(Integer)
    in_progress: Mapped[int] = mapped_column(Integer)
    __table_args__ = (Index("ix_dossier_daily_day", "day"),)


class DossierSummary(Base):
    """The standard monthly summary report, for units that only send aggregates."""

    __tablename__ = "dossier_summary"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    month: Mapped[dt.date] = mapped_column(Date, comment="first day of the month")
    field: Mapped[str] = mapped_column(String(300), default="", comment="lĩnh vực; '' = all fields")
    received_online: Mapped[int] = mapped_column(Integer)
    received_direct: Mapped[int] = mapped_column(Integer, comment="direct + postal")
    carried_over: Mapped[int] = mapped_column(Integer)
    resolved_early: Mapped[int] = mapped_column(Integer)
    resolved_on_time: Mapped[int] = mapped_column(Integer)
    resolved_late: Mapped[int] = mapped_column(Integer)
    pending_in_time: Mapped[int] = mapped_column(Integer)
    pending_overdue: Mapped[int] = mapped_column(Integer)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    __table_args__ = (UniqueConstraint("unit_id", "month", "field", name="uq_dossier_summary_key"),)


# --- dress-code compliance (migration 0002) ---------------------------------------


class ComplianceRule(Base):
    """A unit's parameters for one dress-code rule; they override the sites file's defaults."""

    __tablename__ = "compliance_rule"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    rule: Mapped[str] = mapped_column(String(16), comment="uniform | badge | privacy")
    params: Mapped[dict] = mapped_column(JSON, comment="the fields of that rule's block in the sites file")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (UniqueConstraint("unit_id", "rule", name="uq_compliance_rule_unit_rule"),)


class ComplianceViolation(Base):
    """A window of samples that agreed on FAIL for one desk and rule, with its evidence."""

    __tablename__ = "compliance_violation"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    desk_id: Mapped[int] = mapped_column(ForeignKey("desk.id"))
    rule: Mapped[str] = mapped_column(String(16), comment="badge | uniform")
    start_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    end_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    evidence_path: Mapped[str | None] = mapped_column(Text, comment="face-blurred JPEG under var/evidence")
    evidence_purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    samples: Mapped[int] = mapped_column(Integer)
    fail_samples: Mapped[int] = mapped_column(Integer)
    # Confirmation (migration 0007): a violation counts only once a supervisor confirmed it, or while its
    # unit counts that rule without confirmation (compliance_count_mode); domain.dress_code holds the words.
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default=text("'pending'"),
                                        comment="pending | confirmed | rejected")
    decided_by: Mapped[str | None] = mapped_column(String(200), comment="username of who confirmed or rejected")
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(Float, comment="the rule's score on the evidence sample")
    person_box: Mapped[list | None] = mapped_column(JSON, comment="[x1, y1, x2, y2] px of the person in the evidence")
    crop_path: Mapped[str | None] = mapped_column(Text, comment="face-blurred person crop, no marks (for labels)")
    model_version: Mapped[str | None] = mapped_column(String(64), comment="badge model / uniform calibration version")
    __table_args__ = (
        CheckConstraint("end_at >= start_at", name="order"),
        CheckConstraint("status IN ('pending','confirmed','rejected')", name="status"),
        Index("ix_compliance_violation_desk_start", "desk_id", "start_at"),
        Index("ix_compliance_violation_status_start", "status", "start_at"),
    )


class CompliancePassSample(Base):
    """A randomly kept PASS judgment, for a supervisor to check (so labels are not only the model's mistakes)."""

    __tablename__ = "compliance_pass_sample"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    desk_id: Mapped[int] = mapped_column(ForeignKey("desk.id"))
    rule: Mapped[str] = mapped_column(String(16), comment="badge | uniform")
    observed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    score: Mapped[float | None] = mapped_column(Float)
    person_box: Mapped[list | None] = mapped_column(JSON, comment="[x1, y1, x2, y2] px of the person in the evidence")
    badge_box: Mapped[list | None] = mapped_column(JSON, comment="[x1, y1, x2, y2] px of the card in the crop, if found")
    evidence_path: Mapped[str | None] = mapped_column(Text, comment="face-blurred JPEG, the person marked")
    crop_path: Mapped[str | None] = mapped_column(Text, comment="face-blurred person crop, no marks")
    evidence_purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    model_version: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default=text("'pending'"),
                                        comment="pending | agreed | disagreed")
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint("status IN ('pending','agreed','disagreed')", name="status"),
        UniqueConstraint("desk_id", "rule", "observed_at", name="uq_compliance_pass_sample_key"),
        Index("ix_compliance_pass_sample_status_at", "status", "observed_at"),
    )


class ComplianceCountMode(Base):
    """A unit's choice to count one rule's violations without confirmation, with the figures that allowed it."""

    __tablename__ = "compliance_count_mode"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    rule: Mapped[str] = mapped_column(String(16), comment="badge | uniform")
    without_confirmation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    precision: Mapped[float | None] = mapped_column(Float, comment="the rule's precision in the unit when switched")
    decisions: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str | None] = mapped_column(String(200))
    __table_args__ = (UniqueConstraint("unit_id", "rule", name="uq_compliance_count_mode_unit_rule"),)


class ComplianceLabel(Base):
    """A labelled, face-blurred person crop made from a supervisor's decision (training and evaluation data)."""

    __tablename__ = "compliance_label"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    desk_id: Mapped[int] = mapped_column(ForeignKey("desk.id"))
    camera_id: Mapped[int | None] = mapped_column(ForeignKey("camera.id"))
    rule: Mapped[str] = mapped_column(String(16), comment="badge | uniform")
    label: Mapped[str] = mapped_column(String(16), comment="violation | compliant")
    source: Mapped[str] = mapped_column(String(16), comment="confirmed | rejected | pass_agreed | pass_disagreed")
    violation_id: Mapped[int | None] = mapped_column(ForeignKey("compliance_violation.id"), unique=True)
    pass_sample_id: Mapped[int | None] = mapped_column(ForeignKey("compliance_pass_sample.id"), unique=True)
    image: Mapped[bytes] = mapped_column(LargeBinary, comment="JPEG, faces blurred")
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    badge_box: Mapped[list | None] = mapped_column(JSON, comment="[x1, y1, x2, y2] px of the card in the crop, if known")
    mean_grey: Mapped[float] = mapped_column(Float, comment="lighting: mean grey level 0-255 of the crop")
    model_version: Mapped[str | None] = mapped_column(String(64))
    score: Mapped[float | None] = mapped_column(Float)
    split: Mapped[str] = mapped_column(String(8), comment="train | test (domain.dress_code.label_split)")
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        CheckConstraint("label IN ('violation','compliant')", name="label"),
        CheckConstraint("source IN ('confirmed','rejected','pass_agreed','pass_disagreed')", name="source"),
        CheckConstraint("split IN ('train','test')", name="split"),
        Index("ix_compliance_label_rule_unit", "rule", "unit_id"),
    )


class RuleModelVersion(Base):
    """A versioned dress-code model (badge weights, uniform calibration) with its figures; one live per rule."""

    __tablename__ = "rule_model_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule: Mapped[str] = mapped_column(String(16), comment="badge | uniform")
    version: Mapped[str] = mapped_column(String(64))
    parent_version: Mapped[str | None] = mapped_column(String(64), comment="the live version it was trained from")
    status: Mapped[str] = mapped_column(String(12), default="candidate", server_default=text("'candidate'"),
                                        comment="candidate | live | retired")
    threshold: Mapped[float | None] = mapped_column(Float)
    figures: Mapped[dict] = mapped_column(JSON, comment="held-out precision/recall/F1 (province, synthetic), counts")
    payload: Mapped[bytes] = mapped_column(LargeBinary, comment="badge: the overlay .pt; uniform: calibration JSON")
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(String(200))
    promoted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    promoted_by: Mapped[str | None] = mapped_column(String(200))
    __table_args__ = (
        CheckConstraint("status IN ('candidate','live','retired')", name="status"),
        UniqueConstraint("rule", "version", name="uq_rule_model_version_rule_version"),
        Index("uq_rule_model_version_one_live", "rule", unique=True,
              sqlite_where=text("status = 'live'"), postgresql_where=text("status = 'live'")),
    )


class AbsenceEvidence(Base):
    """The face-blurred snapshot of a desk taken when an absence became an incident."""

    __tablename__ = "absence_evidence"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    desk_id: Mapped[int] = mapped_column(ForeignKey("desk.id"))
    absent_since: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), comment="start of the ABSENT run")
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    evidence_path: Mapped[str | None] = mapped_column(Text, comment="NULL once purged")
    evidence_purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Migration 0009: why the worker wrote no picture (NULL when it did; purged ones say so above).
    missing_reason: Mapped[str | None] = mapped_column(
        String(16), comment="why no picture was written: face_model | write_failed")
    __table_args__ = (UniqueConstraint("desk_id", "absent_since", name="uq_absence_evidence_desk_since"),
                      CheckConstraint("missing_reason IN ('face_model','write_failed')", name="missing_reason"))


# --- reviews, settings, accounts, audit (migration 0004) ---------------------------


class IncidentNote(Base):
    """An excuse, its withdrawal, a rejected explanation or a staff explanation for one incident; rows are never deleted.

    An incident is keyed by its desk, its kind and the UTC start of its run (an ABSENT run of
    at least the incident threshold, or a compliance violation's start); the newest excuse or
    withdrawal decides whether it counts as excused.
    """

    __tablename__ = "incident_note"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    desk_id: Mapped[int] = mapped_column(ForeignKey("desk.id"))
    incident_kind: Mapped[str] = mapped_column(String(16), comment="absence | badge | uniform")
    incident_start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(16), comment="excuse | withdraw | explain | reject")
    text: Mapped[str] = mapped_column(Text, comment="the reason or the explanation")
    author: Mapped[str] = mapped_column(String(200), comment="username of who wrote it")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        CheckConstraint("incident_kind IN ('absence','badge','uniform')", name="incident_kind"),
        CheckConstraint("action IN ('excuse','withdraw','explain','reject')", name="action"),  # reject: 0009
        Index("ix_incident_note_desk_start", "desk_id", "incident_start"),
    )


class AppSetting(Base):
    """Editable settings kept in the store (inspection target, ranking weights, config revision)."""

    __tablename__ = "app_setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict | list | int | float | str] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str | None] = mapped_column(String(200))


class UnitPresencePolicy(Base):
    """A unit's presence thresholds and analysis rate (migration 0006); unit_id NULL = the province default.

    A unit without a row inherits its nearest ancestor's (data.presence.policy), like office hours.
    """

    __tablename__ = "unit_presence_policy"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), unique=True)
    present_after_s: Mapped[float] = mapped_column(Float)
    absent_grace_s: Mapped[float] = mapped_column(Float)
    incident_min_s: Mapped[float] = mapped_column(Float)
    sample_fps: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str | None] = mapped_column(String(200))
    __table_args__ = (
        CheckConstraint("present_after_s >= 0 AND absent_grace_s >= 0 AND incident_min_s >= 0", name="seconds"),
        CheckConstraint("sample_fps > 0 AND sample_fps <= 30", name="sample_fps"),
    )


class UserAccount(Base):
    """A person who signs in: built-in (password_hash) or OIDC (oidc_subject)."""

    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True, comment="login name or OIDC e-mail")
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(Text, comment="argon2id; NULL for OIDC-only accounts")
    oidc_subject: Mapped[str | None] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(16), comment="admin | viewer | inspector | staff")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), comment="scope root; NULL = whole province")
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), comment="the staff member, for role staff")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (CheckConstraint("role IN ('admin','viewer','inspector','staff')", name="role"),)


class AuditEntry(Base):
    """Append-only: triggers refuse UPDATE and DELETE (0004) and an INSERT replacing a row (0005)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200), comment="username, or 'system' for the worker and commands")
    action: Mapped[str] = mapped_column(String(32), comment="sign_in | sign_in_failed | live_view | evidence_view | export | ...")
    target: Mapped[str | None] = mapped_column(Text, comment="what was looked at or changed, e.g. 'desk:12'")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    detail: Mapped[dict | None] = mapped_column(JSON)
    __table_args__ = (Index("ix_audit_log_at", "at"), Index("ix_audit_log_actor_at", "actor", "at"))


class SignInSession(Base):
    """A browser's sign-in (migration 0008): the cookie's token and the one-time hand-over code are kept only
    as SHA-256 hashes. Deleting the row ends the session everywhere (sign-out, a disabled account)."""

    __tablename__ = "sign_in_session"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    token_hash: Mapped[str | None] = mapped_column(
        String(64), unique=True, comment="sha256 of the cookie's token; NULL until the browser has it")
    handoff_hash: Mapped[str | None] = mapped_column(
        String(64), unique=True, comment="sha256 of the one-time code that sets the cookie; NULL once used")
    handoff_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    method: Mapped[str] = mapped_column(String(16), comment="password | oidc")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), comment="for the idle limit")
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), comment="the absolute limit")
    # AUTOINCREMENT: SQLite never hands a deleted session's id to a later sign-in.
    __table_args__ = (Index("ix_sign_in_session_account_id", "account_id"), {"sqlite_autoincrement": True})
