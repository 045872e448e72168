"""Database roles: the app's role may append to the audit log but never rewrite it; check-roles says who owns.

The PostgreSQL tests always run (on the SQLite pass too) against the shared
server (TEST_DATABASE_URL_PG, as test.sh exports it), each in its own schema
with its own throw-away role; the session user stays postgres and takes the
app's role with `-c role=…`, so no password or pg_hba entry is needed.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from data.audit import record, search
from data.cli import main
from data.db import make_engine, resolve_url, upgrade
from data.roles import APP_ROLE_ENV
from data.settings import get_setting, put_setting

PG = os.environ.get("TEST_DATABASE_URL_PG") or "postgresql://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class PgStore:
    owner_url: str  # as the migrations run: the tables' owner
    app_url: str  # as the app and workers should run
    role: str


@pytest.fixture
def pg_store(monkeypatch) -> Iterator[PgStore]:
    base = resolve_url(PG)
    tag = uuid.uuid4().hex[:12]
    schema, role = f"t_{tag}", f"app_{tag}"
    admin = create_engine(base)
    with admin.begin() as c:
        c.execute(text(f"CREATE ROLE {role} NOLOGIN"))
        c.execute(text(f"CREATE SCHEMA {schema}"))
    owner_url = f"{base}?options=-csearch_path%3D{schema}"
    monkeypatch.setenv(APP_ROLE_ENV, role)  # the migration grants to it
    engine = make_engine(owner_url)
    upgrade(engine)
    engine.dispose()
    try:
        yield PgStore(owner_url, f"{owner_url}%20-crole%3D{role}", role)
    finally:
        with admin.begin() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            c.execute(text(f"DROP OWNED BY {role}"))
            c.execute(text(f"DROP ROLE {role}"))
        admin.dispose()


REWRITES = (
    "UPDATE audit_log SET actor = 'x'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
    "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change",
    "ALTER TABLE audit_log DISABLE TRIGGER ALL",
)


def test_the_app_role_appends_to_the_audit_log_but_cannot_rewrite_it(pg_store):
    app = make_engine(pg_store.app_url)
    try:
        with app.begin() as c:
            assert c.execute(text("SELECT current_user")).scalar_one() == pg_store.role
            record(c, "an", "sign_in")
            put_setting(c, "privacy.contact", "x@example.vn", "an")  # ordinary tables: read and write
        assert get_setting(app, "privacy.contact") == "x@example.vn"
        for statement in REWRITES:
            with pytest.raises(DBAPIError, match="permission denied|must be owner"):
                with app.begin() as c:
                    c.execute(text(statement))
        assert list(search(app).rows["actor"]) == ["an"]
    finally:
        app.dispose()


def _rights(conn, role: str, table: str) -> list[str]:
    return [p for p in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE") if conn.execute(
        text("SELECT has_table_privilege(:r, :t, :p)"), {"r": role, "t": table, "p": p}).scalar_one()]


def test_grants_are_exact_and_granting_again_changes_nothing(pg_store):
    assert main(["grant-app-role", pg_store.role, "--db", pg_store.owner_url]) == 0
    owner = make_engine(pg_store.owner_url)
    try:
        with owner.begin() as c:
            assert _rights(c, pg_store.role, "audit_log") == ["SELECT", "INSERT"]
            assert _rights(c, pg_store.role, "alembic_version") == ["SELECT"]
            assert _rights(c, pg_store.role, "app_setting") == ["SELECT", "INSERT", "UPDATE", "DELETE"]
            c.execute(text("CREATE TABLE later_table (id serial PRIMARY KEY)"))  # as a later migration would
            assert _rights(c, pg_store.role, "later_table") == ["SELECT", "INSERT", "UPDATE", "DELETE"]
    finally:
        owner.dispose()


def test_check_roles_warns_for_the_owner_and_passes_the_app_role(pg_store, capsys):
    assert main(["check-roles", "--db", pg_store.owner_url]) == 1
    out = capsys.readouterr().out
    assert "WARNING" in out and "superuser" in out and "owns" in out
    assert main(["check-roles", "--db", pg_store.app_url]) == 0
    assert capsys.readouterr().out.startswith(f"OK: '{pg_store.role}'")


def test_check_roles_on_sqlite_points_at_file_permissions(tmp_path, capsys):
    assert main(["check-roles", "--db", f"sqlite:///{tmp_path / 'store.db'}"]) == 0
    assert "file permissions" in capsys.readouterr().out
