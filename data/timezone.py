"""Moved to domain.timezone; this name stays only for data/presence/incidents.py until the presence
policy change (issue 11) switches its import. Delete it then."""
from domain.timezone import LOCAL_TZ, as_utc, local_day_start_utc, local_today  # noqa: F401
