"""The worker store's test scene, shared by tests/data/test_worker_store_rows.py (the SQL) and
tests/vision/test_store_writer.py (the worker's bookkeeping around it): two cameras, three desks."""
import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select

from domain.states import DeskStateName
from domain.timezone import as_utc

P, A, O, H = DeskStateName.PRESENT, DeskStateName.ABSENT, DeskStateName.OFFLINE, DeskStateName.OFF_HOURS
VN = ZoneInfo("Asia/Ho_Chi_Minh")
ZONE1 = [[0.1, 0.3], [0.4, 0.3], [0.4, 0.75], [0.1, 0.75]]
ZONE2 = [[0.5, 0.3], [0.8, 0.3], [0.8, 0.75], [0.5, 0.75]]


def local(d, h, m=0, s=0, us=0):
    return dt.datetime(2025, 3, d, h, m, s, us, tzinfo=VN).astimezone(dt.UTC)


def sites_doc(desks=None, unit="Xã Điềm He"):
    return {
        "cameras": [
            {
                "id": "cam1",
                "source": "rtsp://admin:secret@10.0.0.5/stream1",
                "unit": unit,
                "desks": desks
                or [{"id": "d1", "name": "Quầy 1", "staff_zone": ZONE1}, {"id": "d2", "name": "Quầy 2", "staff_zone": ZONE2}],
            },
            {
                "id": "cam2",
                "source": 0,
                "unit": "Trung tâm Phục vụ hành chính công tỉnh",
                "name": "Sảnh",
                "desks": [{"id": "c1", "staff_zone": ZONE1}],
            },
        ]
    }


def rows(engine, table, owner_col):
    with engine.connect() as c:
        got = c.execute(select(owner_col, table.state, table.start_at, table.end_at).order_by(owner_col, table.start_at)).all()
    return [(o, s, as_utc(a), as_utc(b)) for o, s, a, b in got]
