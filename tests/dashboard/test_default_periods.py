"""Every page opens on the same period: the last complete month (issue 13 item 6). The small store's dossiers
stop at 02/2023, so the dossier pages open on that month and say up to when the data runs, with today's date."""
from __future__ import annotations

import datetime as dt

import pytest

from dashboard.clock import NOW_KEY
from dashboard.widgets import PERIOD_MEMORY

NOW = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)  # 10:00 on 07/12/2026 in Việt Nam
FEBRUARY_2023 = (dt.date(2023, 2, 1), dt.date(2023, 2, 28))
SAYS = "Số liệu hồ sơ có đến hết ngày 28/02/2023; hôm nay là 07/12/2026."


@pytest.fixture
def fresh_app(small_store, run_app):
    at = run_app(period=None)  # nothing remembered: each page opens on its default
    at.session_state[NOW_KEY] = NOW
    return at


def test_dossier_pages_open_on_the_datas_last_complete_month(fresh_app):
    at = fresh_app
    for page, key in (("dashboard/pages/overview.py", "overview.period"),
                      ("dashboard/pages/dossier_stats.py", "dossiers.period")):
        at = at.switch_page(page).run()
        assert not at.exception
        assert at.date_input(key=key).value == FEBRUARY_2023, page
        assert SAYS in [c.value for c in at.caption], page
        del at.session_state[PERIOD_MEMORY]  # the next page opens on its own default, not this one's pick
