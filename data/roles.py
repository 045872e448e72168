"""Database roles on PostgreSQL: the app and the workers run as a role that does not own the tables.

The owner of a table can `ALTER TABLE … DISABLE TRIGGER` (and so rewrite the
append-only audit log); a role that only holds privileges cannot. Migrations
run as the owner; `grant_app_role` gives the app's role exactly what it needs:
SELECT/INSERT/UPDATE/DELETE on every table, but only SELECT/INSERT on
`audit_log` and SELECT on `alembic_version`, and USAGE/SELECT on the sequences
(and, by default privileges, on those later migrations create).
`check_roles` says whether the connection the app uses is such a role.

On SQLite there are no roles: whoever can write the file can do anything with
it, so file permissions are the protection.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

APP_ROLE_ENV = "MONITOR_APP_ROLE"
APPEND_ONLY = frozenset({"audit_log"})
READ_ONLY = frozenset({"alembic_version"})


def app_role_from_env() -> str | None:
    return (os.environ.get(APP_ROLE_ENV) or "").strip() or None


def _tables(conn: Connection) -> list[str]:
    return list(conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")).scalars())


def grant_app_role(conn: Connection, role: str) -> None:
    """Give `role` exactly the app's privileges in the current schema (PostgreSQL; run as the owner)."""
    q = conn.dialect.identifier_preparer.quote
    who = q(role)
    schema = q(conn.execute(text("SELECT current_schema()")).scalar_one())
    conn.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {who}"))
    for table in _tables(conn):
        # Revoke first, so running it again leaves exactly this set.
        conn.execute(text(f"REVOKE ALL ON {q(table)} FROM {who}"))
        rights = ("SELECT" if table in READ_ONLY else "SELECT, INSERT" if table in APPEND_ONLY
                  else "SELECT, INSERT, UPDATE, DELETE")
        conn.execute(text(f"GRANT {rights} ON {q(table)} TO {who}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {who}"))
    # Tables and sequences later migrations create (as this owner) get the same by default; a new
    # append-only table must revoke UPDATE/DELETE in its migration.
    conn.execute(text(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
                      f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {who}"))
    conn.execute(text(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {who}"))


@dataclass(frozen=True)
class RoleCheck:
    ok: bool
    lines: tuple[str, ...]


def check_roles(engine: Engine) -> RoleCheck:
    """Warn when the app's connection could rewrite the audit log (owner, superuser, too many rights)."""
    if engine.dialect.name != "postgresql":
        return RoleCheck(True, (
            f"{engine.dialect.name}: không có vai trò cơ sở dữ liệu; hãy bảo vệ tệp kho dữ liệu bằng quyền tệp "
            "(no database roles here: protect the store file with file permissions — only the app's and the "
            "workers' user may write it)",))
    warnings: list[str] = []
    with engine.connect() as conn:
        user, superuser = conn.execute(text(
            "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")).one()
        if superuser:
            warnings.append(f"CẢNH BÁO: '{user}' là superuser (WARNING: the app connects as superuser '{user}')")
        owned = conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND pg_has_role(current_user, tableowner, 'MEMBER') ORDER BY tablename")).scalars().all()
        if owned:
            warnings.append(f"CẢNH BÁO: '{user}' sở hữu {len(owned)} bảng, có thể tắt trigger của audit_log "
                            f"(WARNING: '{user}' owns {len(owned)} tables, e.g. {', '.join(owned[:3])}, and can "
                            "DISABLE TRIGGER on audit_log: run the app and workers as a role that does not own "
                            "them, migrations as the owner)")
        elif not superuser:
            extra = [p for p in ("UPDATE", "DELETE", "TRUNCATE") if conn.execute(
                text("SELECT has_table_privilege(current_user, 'audit_log', :p)"), {"p": p}).scalar_one()]
            if extra:
                warnings.append(f"CẢNH BÁO: '{user}' có quyền {'/'.join(extra)} trên audit_log "
                                f"(WARNING: '{user}' holds {'/'.join(extra)} on audit_log)")
    if warnings:
        return RoleCheck(False, tuple(warnings))
    return RoleCheck(True, (f"OK: '{user}' không sở hữu bảng nào và không phải superuser "
                            f"(OK: '{user}' owns no table and is not a superuser)",))
