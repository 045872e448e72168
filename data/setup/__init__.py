"""Setup (Cấu hình): the scope-checked changes administrators make to cameras, desks,
office hours, holidays, staff and the roster.

Every change runs in the caller's transaction and, in that same transaction,
bumps the config revision a `--from-store` worker polls (vision/store_sites.py)
and appends a `config_change` row to the audit log. A bad value raises
`SetupError` naming the field before anything is written; a scope that may not
configure, or a unit outside it, raises `AccessDenied`.

Camera sources may hold credentials: they are written once, never read back to
a page (lists carry the redacted form) and never put in an audit row.
"""
from data.setup.changes import CONFIG_REVISION_KEY, SetupError, config_revision

__all__ = ["CONFIG_REVISION_KEY", "SetupError", "config_revision"]
