"""Moved: the schedule and its resolver to domain.office_hours, reading it from the store to
data.office_hours_store. This name stays only for vision/presence.py until the presence policy
change (issue 11) switches its import. Delete it then."""
from domain.office_hours import Schedule  # noqa: F401
