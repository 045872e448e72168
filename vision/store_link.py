"""The worker's engine: every wait on the store is bounded.

A store that refuses connections fails fast by itself; one that stops answering (a dead WAN
link, a lock held by another process) would otherwise hold a statement for as long as the
link stays silent. The worker's engine therefore sets:

* PostgreSQL: ``connect_timeout``; ``statement_timeout`` and ``lock_timeout`` (server side,
  through ``options``, kept alongside options the URL already has, e.g. a ``search_path``);
  TCP keepalives and ``tcp_user_timeout`` so the kernel gives up on a link that stopped
  acknowledging;
* SQLite: a short ``busy_timeout`` on the writer thread's engine (``writer=True``), so a
  write lock held elsewhere fails the attempt quickly and the writer retries
  (vision.store_queue) instead of waiting 30 s; start-up and reloads keep the usual 30 s.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url

from data.db import make_engine, resolve_url, upgrade


@dataclass(frozen=True)
class StoreTimeouts:
    connect_s: float = 10.0
    statement_s: float = 30.0  # PostgreSQL statement_timeout (lock_timeout is the same)
    sqlite_busy_s: float = 5.0  # SQLite busy_timeout of the writer thread's connections
    keepalives_idle_s: int = 30
    keepalives_interval_s: int = 10
    keepalives_count: int = 3
    retry_s: float = 2.0  # the writer thread tries a failed write again after this long
    warn_after_s: float = 10.0  # unwritten rows older than this: a warning and the store_behind flag
    flush_on_stop_s: float = 15.0  # a stopping worker waits this long for the writer, then checkpoints
    reload_flush_s: float = 5.0  # a reload that stops or starts cameras waits this long for the writer
    max_samples: int = 20_000  # compliance samples held while the store is away (the oldest go first)


def _ms(seconds: float) -> int:
    return max(1, int(round(seconds * 1000)))


def postgres_connect_args(url: str, t: StoreTimeouts) -> tuple[str, dict[str, object]]:
    """The URL (its `options` extended with the statement and lock timeouts) and the libpq
    connection settings for `t`."""
    parsed = make_url(url)
    options = parsed.query.get("options", "")
    if isinstance(options, tuple):
        options = " ".join(options)
    extra = f"-c statement_timeout={_ms(t.statement_s)} -c lock_timeout={_ms(t.statement_s)}"
    parsed = parsed.update_query_dict({"options": f"{options} {extra}".strip()})
    args: dict[str, object] = {
        "connect_timeout": max(1, int(round(t.connect_s))),
        "keepalives": 1,
        "keepalives_idle": t.keepalives_idle_s,
        "keepalives_interval": t.keepalives_interval_s,
        "keepalives_count": t.keepalives_count,
        # Unacknowledged data older than this closes the connection (Linux): a link that died mid-write.
        "tcp_user_timeout": _ms(t.statement_s),
    }
    return parsed.render_as_string(hide_password=False), args


def worker_engine(url: str | None, timeouts: StoreTimeouts, *, writer: bool = False, migrate: bool = True) -> Engine:
    """The store engine of a worker, or (``writer``) of its writer thread; migrated to the newest
    schema unless `migrate` is False."""
    resolved = resolve_url(url)
    if resolved.startswith("sqlite"):
        engine = make_engine(resolved)
        if writer:
            busy = _ms(timeouts.sqlite_busy_s)

            # Registered after data.db's pragmas, so this busy_timeout is the one that holds.
            @event.listens_for(engine, "connect")
            def _short_busy_timeout(dbapi_conn, _record) -> None:  # noqa: ANN001
                cur = dbapi_conn.cursor()
                cur.execute(f"PRAGMA busy_timeout={busy}")
                cur.close()
    else:
        resolved, args = postgres_connect_args(resolved, timeouts)
        engine = make_engine(resolved, connect_args=args)
    if migrate:
        upgrade(engine)
    return engine
