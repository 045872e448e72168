import datetime as dt

from sqlalchemy import inspect, select, text

from data.db import current_revision, upgrade
from data.schema import Unit
from data.units import create_unit, find_unit, load_units, roll_up_to, subtree_ids


def test_migrations_create_every_table_and_rerun_in_place(engine):
    tables = set(inspect(engine).get_table_names())
    for name in ["unit", "unit_level", "desk", "camera", "staff", "roster_entry", "office_schedule",
                 "holiday", "presence_interval", "compliance_observation", "inspection",
                 "inspection_finding", "dossier", "dossier_daily", "dossier_summary", "import_batch",
                 "camera_health_interval"]:
        assert name in tables, name
    with engine.begin() as c:
        create_unit(c, "Tỉnh Lạng Sơn", "province", None)
    rev = current_revision(engine)
    upgrade(engine)  # an existing store upgrades in place, keeping its rows
    assert current_revision(engine) == rev == _head()
    with engine.connect() as c:
        assert c.execute(select(Unit.name)).scalars().all() == ["Tỉnh Lạng Sơn"]


def _head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from data.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


def test_a_store_at_0001_upgrades_in_place_keeping_its_rows(engine):
    """A store of the first release (0001) reaches head with its rows intact."""
    from alembic import command
    from alembic.config import Config

    from data.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as c:
        cfg.attributes["connection"] = c
        command.downgrade(cfg, "0001")
    assert current_revision(engine) == "0001"
    with engine.begin() as c:
        create_unit(c, "Tỉnh Lạng Sơn", "province", None)
    upgrade(engine)
    assert current_revision(engine) == _head()
    assert "compliance_violation" in inspect(engine).get_table_names()
    cover = next(i for i in inspect(engine).get_indexes("dossier") if i["name"] == "ix_dossier_unit_day")
    assert cover["column_names"] == ["unit_id", "received_day", "channel", "outcome"]  # 0003
    with engine.connect() as c:
        assert c.execute(select(Unit.name)).scalars().all() == ["Tỉnh Lạng Sơn"]


def test_sqlite_store_runs_in_wal_mode(engine):
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_unit_tree_paths_subtrees_and_folded_lookup(engine):
    with engine.begin() as c:
        p = create_unit(c, "Tỉnh Lạng Sơn", "province", None)
        d1 = create_unit(c, "Huyện Văn Quan", "district", p.id)
        d2 = create_unit(c, "Huyện Đình Lập", "district", p.id)
        x1 = create_unit(c, "Xã Điềm He", "commune", d1.id)
        x2 = create_unit(c, "Xã Đình Lập", "commune", d2.id)
    assert x1.path == f"/{p.id}/{d1.id}/{x1.id}/"
    assert find_unit(engine, "xa diem he").id == x1.id
    assert find_unit(engine, "HUYỆN  ĐÌNH LẬP").id == d2.id
    units = load_units(engine)
    assert set(subtree_ids(units, d2.id)) == {d2.id, x2.id}
    assert set(subtree_ids(units, None)) == {p.id, d1.id, d2.id, x1.id, x2.id}
    up = roll_up_to(units, [d1.id, d2.id])
    assert up[x1.id] == d1.id and up[x2.id] == d2.id and up[d2.id] == d2.id
    assert up.isna()[p.id]
