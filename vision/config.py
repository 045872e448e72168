"""Moved to domain.sites; this name stays only for vision/presence.py until the presence policy
change (issue 11) switches its import. Delete it then."""
from domain.sites import *  # noqa: F401,F403
from domain.sites import __all__  # noqa: F401
