"""Making throw-away stores for tests: SQLite files, or PostgreSQL schemas.

With TEST_DATABASE_URL set, each store is a schema of its own in that
database; otherwise a SQLite file in WAL mode like production.

Running the migrations costs far more than most tests that use a store, so
each test process (each xdist worker) migrates one template, once:

* SQLite: every store is a copy of the migrated template file (checkpointed,
  so the file alone holds everything).
* PostgreSQL: a new schema replays a `pg_dump` of the migrated template
  (tables, indexes, triggers, the trigger function, sequences, the
  migrations' seed rows). A schema a test is done with goes back to a pool;
  the next test gets it emptied (every row deleted with triggers off — the
  audit log's append-only trigger included — sequences restarted, seed rows
  put back: milliseconds, where a new schema costs a few hundred). A pooled
  schema whose structure a test changed (a downgrade, say) or that is still
  locked is dropped instead, and a clean one replayed.

A store for a migration that reads the environment (MONITOR_APP_ROLE: grants
to the app's role) is migrated for real, as is every store when pg_dump is
missing or cannot dump this server.
"""
from __future__ import annotations

import atexit
import contextlib
import functools
import os
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from data.db import make_engine, resolve_url, upgrade
from data.roles import app_role_from_env


@contextlib.contextmanager
def fresh_store(tmp_dir: Path) -> Iterator[str]:
    """The URL of an empty, migrated store — the same URL the CLIs take with --db."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        path = tmp_dir / "store.db"
        if app_role_from_env():
            _migrate(f"sqlite:///{path}")
        else:
            shutil.copyfile(_sqlite_template(), path)
        yield f"sqlite:///{path}"
        return
    base = resolve_url(base)
    pool = None if app_role_from_env() else _pg_pool(base)
    if pool is None:
        with _migrated_schema(base) as schema:
            yield _schema_url(base, schema)
        return
    schema = pool.acquire()
    try:
        # A reused schema under a URL of its own: state a process keeps per store URL
        # (e.g. failed sign-ins of unknown names) must not pass from one test to the next.
        yield _schema_url(base, schema, tag=uuid.uuid4().hex[:8])
    finally:
        pool.release(schema)


def close_stores() -> None:
    """Drops this process's pooled PostgreSQL schemas and SQLite template (pytest_sessionfinish, atexit)."""
    for pool in _POOLS.values():
        pool.close()
    if _sqlite_template.cache_info().currsize:
        shutil.rmtree(_sqlite_template().parent, ignore_errors=True)
        _sqlite_template.cache_clear()


def _migrate(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()


def _schema_url(base: str, schema: str, tag: str | None = None) -> str:
    sep = "&" if "?" in base else "?"
    name = f"%20-capplication_name%3Dstore_{tag}" if tag else ""
    return f"{base}{sep}options=-csearch_path%3D{schema}{name}"


def _new_schema_name() -> str:
    return f"t_{uuid.uuid4().hex[:12]}"


# --- SQLite: one migrated file per process ---------------------------------------------


@functools.cache
def _sqlite_template() -> Path:
    directory = Path(tempfile.mkdtemp(prefix="store-template-"))
    path = directory / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as c:  # everything into the main file: a copy of it alone is the whole store
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    leftovers = [p.name for p in directory.iterdir() if p != path]
    assert not leftovers, f"the template store left {leftovers} beside it: a copy would miss them"
    return path


# --- PostgreSQL ----------------------------------------------------------------------------

_PLACEHOLDER = "__store_schema__"
_MANY_ROWS = 2_000


@functools.cache
def _admin(base: str) -> Engine:
    engine = create_engine(base)
    atexit.register(engine.dispose)
    return engine


@contextlib.contextmanager
def _migrated_schema(base: str) -> Iterator[str]:
    """The name of a schema the migrations built, dropped afterwards."""
    schema = _new_schema_name()
    admin = _admin(base)
    with admin.begin() as c:
        c.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        _migrate(_schema_url(base, schema))
        yield schema
    finally:
        with admin.begin() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def _run_script(conn, sql: str) -> None:
    with conn.connection.dbapi_connection.cursor() as cur:  # no parameters: a '%' stays literal
        cur.execute(sql)


# What a schema is made of, without its name: its tables and sequences, their columns,
# constraints, indexes and triggers, its functions (found through pg_depend's index:
# a server without autovacuum has bloated catalogs that a scan would crawl through);
# and which of its tables hold many live or dead rows.
_SHAPE = """
WITH objs AS (
  SELECT classid, objid FROM pg_depend
  WHERE refclassid = 'pg_namespace'::regclass AND refobjid = to_regnamespace(:s) AND refobjsubid = 0
), rels AS (
  SELECT c.oid, c.relname, c.relkind FROM objs JOIN pg_class c ON c.oid = objs.objid
  WHERE objs.classid = 'pg_class'::regclass
)
SELECT (SELECT md5(replace(coalesce(string_agg(x, E'\\n' ORDER BY x), ''), :s, '')) FROM (
  SELECT 'rel ' || relname || ' ' || relkind::text FROM rels
  UNION ALL SELECT 'col ' || r.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
         || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END || coalesce(' = ' || pg_get_expr(d.adbin, d.adrelid), '')
  FROM rels r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef d ON d.adrelid = r.oid AND d.adnum = a.attnum
  UNION ALL SELECT 'con ' || r.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
  FROM rels r JOIN pg_constraint k ON k.conrelid = r.oid
  UNION ALL SELECT 'idx ' || pg_get_indexdef(i.indexrelid) FROM rels r JOIN pg_index i ON i.indrelid = r.oid
  UNION ALL SELECT 'trg ' || pg_get_triggerdef(t.oid) FROM rels r JOIN pg_trigger t ON t.tgrelid = r.oid
  WHERE NOT t.tgisinternal
  UNION ALL SELECT 'fn ' || pg_get_functiondef(objid) FROM objs WHERE classid = 'pg_proc'::regclass
) parts(x)),
(SELECT coalesce(array_agg(relname::text), '{}') FROM rels
 WHERE relkind = 'r' AND pg_stat_get_live_tuples(oid) + pg_stat_get_dead_tuples(oid) > :many)
"""


class _PgPool:
    """Migrated schemas for this process's stores: replayed from the template, emptied for reuse."""

    def __init__(self, base: str, script: str) -> None:
        self.base, self.script = base, script
        self.admin = _admin(base)
        self.free: list[str] = []
        self.made: set[str] = set()
        first = self._replay()
        with self.admin.connect() as c:
            tables = c.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = :s AND tablename <> "
                                    "'alembic_version' ORDER BY tablename"), {"s": first}).scalars().all()
            sequences = c.execute(text("SELECT sequencename FROM pg_sequences WHERE schemaname = :s "
                                       "ORDER BY sequencename"), {"s": first}).scalars().all()
            self.shape = self._shape(first, c)[0]
        refill = [line for line in script.splitlines()
                  if (line.startswith(f"INSERT INTO {_PLACEHOLDER}.") and ".alembic_version " not in line)
                  or line.startswith("SELECT pg_catalog.setval(")]
        self.tables = tables
        self.refill = "\n".join([f"ALTER SEQUENCE {_PLACEHOLDER}.{q} RESTART;" for q in sequences] + refill)
        self.free.append(first)

    def acquire(self) -> str:
        while self.free:
            schema = self.free.pop()
            if self._empty(schema):
                return schema
            self._drop(schema)
        return self._replay()

    def release(self, schema: str) -> None:
        self.free.append(schema)  # emptied when next taken, so late writes of this test go too

    def close(self) -> None:
        for schema in list(self.made):
            self._drop(schema)
        self.free.clear()

    def _replay(self) -> str:
        schema = _new_schema_name()
        with self.admin.begin() as c:
            c.execute(text(f"CREATE SCHEMA {schema}"))
            _run_script(c, self.script.replace(_PLACEHOLDER, schema))
        self.made.add(schema)
        return schema

    @staticmethod
    def _shape(schema: str, conn) -> tuple[tuple[str, list[str]], set[str]]:
        """(the schema's shape and migration, its tables that hold many rows)."""
        shape, full = conn.execute(text(_SHAPE), {"s": schema, "many": _MANY_ROWS}).one()
        version = list(conn.execute(text(f"SELECT version_num FROM {schema}.alembic_version")).scalars())
        return (shape, version), set(full)

    def _empty(self, schema: str) -> bool:
        """Empties a used schema for the next test; False when it is not the template's shape or is locked.

        DELETE for the few rows most tests leave (milliseconds); TRUNCATE (every table at
        once: foreign keys) when a table holds many live or dead rows: the server may run
        without autovacuum (this one does), and a DELETE leaves every row it removes in the
        table.
        """
        try:
            with self.admin.begin() as c:
                c.execute(text("SET LOCAL lock_timeout = '5s'"))
                shape, full = self._shape(schema, c)
                if shape != self.shape:
                    return False
                tables = [f"{schema}.{t}" for t in self.tables]
                emptying = [f"TRUNCATE {', '.join(tables)};"] if full else [f"DELETE FROM {t};" for t in tables]
                _run_script(c, "\n".join(
                    ["SET LOCAL session_replication_role = replica;"]  # no trigger fires: the audit log empties too
                    + emptying + [self.refill.replace(_PLACEHOLDER, schema)]
                ))
            return True
        except (DBAPIError, psycopg.Error):
            return False

    def _drop(self, schema: str) -> None:
        with contextlib.suppress(DBAPIError):  # still locked: close() tries again
            with self.admin.begin() as c:
                c.execute(text("SET LOCAL lock_timeout = '5s'"))
                c.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            self.made.discard(schema)


_POOLS: dict[str, _PgPool] = {}
atexit.register(close_stores)


@functools.cache
def _pg_pool(base: str) -> _PgPool | None:
    script = _pg_template(base)
    if script is None:
        return None
    pool = _POOLS[base] = _PgPool(base, script)
    return pool


def _pg_template(base: str) -> str | None:
    """The SQL that rebuilds the migrated template in schema `_PLACEHOLDER`; None without a usable pg_dump."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        return None
    with _migrated_schema(base) as schema:
        libpq = make_url(base).set(drivername="postgresql")
        done = subprocess.run(
            [pg_dump, "--dbname", libpq.render_as_string(hide_password=False), "--schema", schema,
             "--no-owner", "--no-privileges", "--inserts", "--no-comments"],
            capture_output=True, text=True, timeout=120,
        )
    if done.returncode != 0:  # e.g. a pg_dump older than the server: migrate every store instead
        return None
    return _rename_schema(done.stdout, schema)


def _rename_schema(dump: str, schema: str) -> str:
    """The dump's statements with the template's schema named `_PLACEHOLDER`.

    Leaves out psql meta-commands (pg_dump's \\restrict), the session settings
    (search_path '' and the like: the admin connection is pooled) and the
    CREATE SCHEMA (the caller makes the schema).
    """
    kept = [line for line in dump.splitlines()
            if not line.startswith(("--", "\\", "SET ", "SELECT pg_catalog.set_config("))
            and line != f"CREATE SCHEMA {schema};"]
    script = "\n".join(kept)
    assert _PLACEHOLDER not in script
    return re.sub(rf"\b{schema}\b", _PLACEHOLDER, script)
