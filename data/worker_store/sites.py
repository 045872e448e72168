"""Sites file → store rows for the worker, and the store's ids for its config ids."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, select

from data.schema import Camera as CameraRow
from data.setup.sites_import import import_sites
from domain.sites import SitesConfig


@dataclass(frozen=True)
class SiteIds:
    """Store ids of the sites file's units, cameras and desks (by their config ids)."""

    unit_by_camera: Mapping[str, int]
    camera_ids: Mapping[str, int]
    desk_ids: Mapping[str, int]
    desk_camera: Mapping[str, str]  # desk id -> camera id


def sync_sites(conn: Connection, sites: SitesConfig, name: str = "sites.yaml") -> SiteIds:
    """Import the file into the store (data.setup.sites_import: audited, revision-bumped when
    something changed, a redacted source never replacing a stored full one) and return the ids.

    A unit is found by name (diacritics- and case-insensitive); a missing one is created at
    the top of the tree with a level guessed from its name. Desks that a synced camera used
    to watch but the file no longer lists become inactive.
    """
    done = import_sites(conn, sites, name)
    desk_camera = {desk.id: cam.id for cam in sites.cameras for desk in cam.desks}
    return SiteIds(dict(done.unit_by_camera), dict(done.camera_ids), dict(done.desk_ids), desk_camera)


def with_stored_sources(conn: Connection, sites: SitesConfig) -> SitesConfig:
    """`sites` with each camera's source as the store holds it (a file may hold it redacted)."""
    stored = dict(conn.execute(select(CameraRow.code, CameraRow.source)
                               .where(CameraRow.code.in_([c.id for c in sites.cameras]))).all())
    cams = tuple(c if str(c.source) == stored.get(c.id, str(c.source)) else c.model_copy(update={"source": stored[c.id]})
                 for c in sites.cameras)
    return sites.model_copy(update={"cameras": cams})


def desk_key(ids: SiteIds, desk_code: str) -> int:
    """The store id of a desk of the sites file; KeyError (bilingual) for one it does not list."""
    if desk_code not in ids.desk_ids:
        raise KeyError(f"quầy '{desk_code}' không có trong tệp sites (desk '{desk_code}' is not in the sites file)")
    return ids.desk_ids[desk_code]
