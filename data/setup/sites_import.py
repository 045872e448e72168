"""A sites file into the store (`python -m data import-sites`, and `vision run --sites` at start).

The store is the one runtime source of configuration: a sites file is imported into it
(units, cameras, desks and their staff zones, each unit's presence policy and dress-code
rules), in the caller's transaction, audited as `config_change` (never with a source) and
revision-bumped, so a running `--from-store` worker picks it up. Only what differs is
written: importing the same file twice changes nothing the second time (no bump).

* A camera's source: a file may hold it redacted (copied from a page or a log). A source
  with ``***`` where the stored source's credentials are (`restore_secrets`, as on the
  Cấu hình page), or equal to the stored source's redacted form, keeps the stored source:
  a redacted source never replaces a full one. A new camera needs the real source.
* A unit named in the file is found by name (diacritics- and case-insensitive); a missing
  one is created at the top of the tree with a level guessed from its name (what the
  sites-file worker has always done).
* Desks (found by unit and code) take the file's camera, name and staff zone; desks the
  camera watched that the file no longer lists become inactive.
* A bad file raises `ConfigError` with one message naming the field.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Connection, insert, select, update

from data.access import SYSTEM, Scope
from data.schema import Camera, Desk
from data.setup.changes import config_revision, record_change
from data.setup.sites_rules import import_unit_rules
from data.text import fold
from data.units import UnitNotFound, create_unit, find_unit
from domain.redaction import MASK, redacted_source, restore_secrets
from domain.sites import CameraConfig, ConfigError, SitesConfig


@dataclass(frozen=True)
class SitesImport:
    """What an import did (codes and names; never a source) and the store ids the worker needs."""

    units_created: tuple[str, ...] = ()
    cameras_added: tuple[str, ...] = ()
    cameras_changed: tuple[str, ...] = ()
    desks_added: tuple[str, ...] = ()
    desks_changed: tuple[str, ...] = ()
    desks_deactivated: tuple[str, ...] = ()
    rules_changed: tuple[str, ...] = ()  # "unit: presence", "unit: uniform", …
    kept_sources: tuple[str, ...] = ()  # cameras whose redacted source in the file kept the stored one
    revision: int = 0  # the config revision after the import
    unit_by_camera: Mapping[str, int] = field(default_factory=dict)
    camera_ids: Mapping[str, int] = field(default_factory=dict)
    desk_ids: Mapping[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.units_created or self.cameras_added or self.cameras_changed or self.desks_added
                    or self.desks_changed or self.desks_deactivated or self.rules_changed)

    def summary(self) -> str:
        """One line for the command line."""
        return (f"cameras: {len(self.cameras_added)} added, {len(self.cameras_changed)} changed; "
                f"desks: {len(self.desks_added)} added, {len(self.desks_changed)} changed, "
                f"{len(self.desks_deactivated)} deactivated; units created: {len(self.units_created)}; "
                f"rules changed: {len(self.rules_changed)}; stored sources kept: {len(self.kept_sources)}; "
                f"config revision {self.revision}" + ("" if self.changed else " (nothing changed)"))


_LEVEL_BY_PREFIX = (
    ("xa ", "commune"), ("phuong ", "commune"), ("thi tran ", "commune"),
    ("huyen ", "district"), ("quan ", "district"), ("thi xa ", "district"), ("thanh pho ", "district"),
    ("tinh ", "province"),
    ("trung tam ", "province_agency"), ("so ", "province_agency"), ("ban ", "province_agency"),
)


def guess_level(unit_name: str) -> str:
    """The unit level a new unit gets from its name ('Xã …' → commune); commune by default."""
    key = fold(unit_name) + " "
    return next((level for prefix, level in _LEVEL_BY_PREFIX if key.startswith(prefix)), "commune")


def source_to_store(file_source: str | int, stored: str | None, name: str, where: str) -> str | None:
    """The source to write for a camera, None = keep the stored one. ConfigError for a redacted
    source that stands for no stored one (or not where its credentials are)."""
    typed = str(file_source)
    if stored is None:
        if MASK in typed:
            raise ConfigError(name, where, f"camera mới cần nguồn có thông tin đăng nhập thật thay cho {MASK} "
                                           f"(a new camera needs the real credentials in place of {MASK})")
        return typed
    if typed == stored or typed == redacted_source(stored):
        return None
    try:
        restored = restore_secrets(typed, stored)  # *** where the stored credentials are: those credentials
    except ValueError as exc:
        raise ConfigError(name, where, str(exc)) from None
    return None if restored == stored else restored


@dataclass
class _Tally:
    units: list[str] = field(default_factory=list)
    cams_added: list[str] = field(default_factory=list)
    cams_changed: list[str] = field(default_factory=list)
    desks_added: list[str] = field(default_factory=list)
    desks_changed: list[str] = field(default_factory=list)
    desks_off: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    unit_by_camera: dict[str, int] = field(default_factory=dict)
    camera_ids: dict[str, int] = field(default_factory=dict)
    desk_ids: dict[str, int] = field(default_factory=dict)


def import_sites(conn: Connection, sites: SitesConfig, name: str = "sites.yaml", scope: Scope = SYSTEM) -> SitesImport:
    """Make the store hold the file's configuration (see the module doc), in `conn`'s transaction."""
    tally = _Tally()
    for ci, cam in enumerate(sites.cameras):
        unit_id = _unit(conn, scope, cam.unit, tally)
        tally.unit_by_camera[cam.id] = unit_id
        _camera(conn, scope, cam, unit_id, f"cameras[{ci}]", name, tally)
    tally.rules.extend(import_unit_rules(conn, scope, sites, tally.unit_by_camera, name))
    return SitesImport(
        tuple(tally.units), tuple(tally.cams_added), tuple(tally.cams_changed), tuple(tally.desks_added),
        tuple(tally.desks_changed), tuple(tally.desks_off), tuple(tally.rules), tuple(tally.kept),
        config_revision(conn), dict(tally.unit_by_camera), dict(tally.camera_ids), dict(tally.desk_ids),
    )


def _unit(conn: Connection, scope: Scope, unit: str, tally: _Tally) -> int:
    try:
        return find_unit(conn, unit).id
    except UnitNotFound:
        level = guess_level(unit)
        unit_id = create_unit(conn, unit, level, None).id
        record_change(conn, scope, "import_create", f"unit:{unit_id}", unit_id, {"name": unit, "level": level})
        tally.units.append(unit)
        return unit_id


def _camera(conn: Connection, scope: Scope, cam: CameraConfig, unit_id: int, where: str, name: str,
            tally: _Tally) -> None:
    old = conn.execute(select(Camera.id, Camera.unit_id, Camera.name, Camera.source, Camera.enabled)
                       .where(Camera.code == cam.id)).first()
    source = source_to_store(cam.source, old.source if old else None, name, f"{where}.source")
    if old is not None and source is None and str(cam.source) != old.source:
        tally.kept.append(cam.id)
    values = {"unit_id": unit_id, "name": cam.display_name, "enabled": cam.enabled}
    if old is None:
        cam_id = conn.execute(insert(Camera).values(code=cam.id, source=source, **values)
                              .returning(Camera.id)).scalar_one()
        changed = True
    else:
        cam_id = old.id
        if source is not None:
            values["source"] = source
        changed = source is not None or (old.unit_id, old.name, old.enabled) != (unit_id, cam.display_name,
                                                                                 cam.enabled)
        if changed:
            conn.execute(update(Camera).where(Camera.id == cam_id).values(**values))
    tally.camera_ids[cam.id] = cam_id
    desks = _desks(conn, cam, cam_id, unit_id, tally)
    if not (changed or any(desks.values())):
        return
    (tally.cams_added if old is None else tally.cams_changed if changed else []).append(cam.id)
    record_change(conn, scope, "import_create" if old is None else "import_update", f"camera:{cam_id}", unit_id,
                  {"code": cam.id, "name": cam.display_name, "enabled": cam.enabled,
                   "source_changed": source is not None, **{k: v for k, v in desks.items() if v}})


def _desks(conn: Connection, cam: CameraConfig, cam_id: int, unit_id: int, tally: _Tally) -> dict[str, list[str]]:
    """The camera's desks as the file has them; returns the codes added, changed and deactivated."""
    out: dict[str, list[str]] = {"desks_added": [], "desks_changed": [], "desks_deactivated": []}
    for desk in cam.desks:
        zone = [[float(x), float(y)] for x, y in desk.staff_zone]
        values = {"camera_id": cam_id, "name": desk.display_name, "staff_zone": zone, "active": True}
        old = conn.execute(select(Desk.id, Desk.camera_id, Desk.name, Desk.staff_zone, Desk.active)
                           .where(Desk.unit_id == unit_id, Desk.code == desk.id)).first()
        if old is None:
            desk_id = conn.execute(insert(Desk).values(unit_id=unit_id, code=desk.id, **values)
                                   .returning(Desk.id)).scalar_one()
            out["desks_added"].append(desk.id)
        else:
            desk_id = old.id
            if (old.camera_id, old.name, _zone(old.staff_zone), old.active) != (cam_id, desk.display_name, zone,
                                                                               True):
                conn.execute(update(Desk).where(Desk.id == desk_id).values(**values))
                out["desks_changed"].append(desk.id)
        tally.desk_ids[desk.id] = desk_id
    listed = [tally.desk_ids[d.id] for d in cam.desks]
    gone = conn.execute(select(Desk.id, Desk.code).where(
        Desk.camera_id == cam_id, Desk.active.is_(True), Desk.id.not_in(listed))).all()
    if gone:
        conn.execute(update(Desk).where(Desk.id.in_([g.id for g in gone])).values(active=False))
        out["desks_deactivated"].extend(g.code for g in gone)
    tally.desks_added.extend(out["desks_added"])
    tally.desks_changed.extend(out["desks_changed"])
    tally.desks_off.extend(out["desks_deactivated"])
    return out


def _zone(value) -> list[list[float]] | None:
    return None if value is None else [[float(x), float(y)] for x, y in value]
