"""A store that stops answering must not stop the worker, nor lose what the camera showed.

One end-to-end run per store: on SQLite another connection holds the write lock
(``BEGIN IMMEDIATE``); on PostgreSQL (TEST_DATABASE_URL) the worker talks through a TCP
relay that stops forwarding without closing anything — a dead WAN link, which the kernel
does not report. While the store is stalled the camera goes dark and comes back. The
analysis loop must keep ticking (its own counters), the live files must follow the
outage, the worker must flag the store as behind, and once the store answers the
outage must be in it as OFFLINE, ending when the camera came back, tiling with the rest.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url
from test_worker import assert_tiles, health_rows, open_all_day, options, presence_rows, sites_for, wait_for
from test_worker import detector, renderer, stream  # noqa: F401  (the same worker fixtures)

from data.db import resolve_url
from domain.sites import parse_sites
from vision.publish import read_snapshot
from vision.store_link import StoreTimeouts
from vision.worker import Worker

pytestmark = pytest.mark.store
STALL_S = 8.0
SHORT = StoreTimeouts(connect_s=2, statement_s=3, sqlite_busy_s=0.5, retry_s=0.5, warn_after_s=2, flush_on_stop_s=15)


class TcpRelay:
    """Forwards 127.0.0.1:<port> to a server; `pause()` stops forwarding but closes nothing."""

    def __init__(self, host: str, port: int) -> None:
        self.upstream = (host, port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._flowing = threading.Event()
        self._flowing.set()
        self._closed = False
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def pause(self) -> None:
        self._flowing.clear()

    def resume(self) -> None:
        self._flowing.set()

    def close(self) -> None:
        self._closed = True
        self._flowing.set()
        for s in [self._listener, *self._sockets]:
            with contextlib.suppress(OSError):
                s.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
                server = socket.create_connection(self.upstream)
            except OSError:
                return
            self._sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                self._flowing.wait()  # paused: the bytes wait here, both ends see an open, silent link
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)


class Stall:
    """How the store stops answering, and the URL the worker must use for it to matter."""

    def __init__(self, store_url: str) -> None:
        url = make_url(resolve_url(store_url))
        self.sqlite = url.get_backend_name() == "sqlite"
        self.relay: TcpRelay | None = None
        self._lock: sqlite3.Connection | None = None
        if self.sqlite:
            self.path, self.worker_url = url.database, store_url
        else:
            self.relay = TcpRelay(url.host or "127.0.0.1", url.port or 5432)
            self.worker_url = url.set(host="127.0.0.1", port=self.relay.port).render_as_string(hide_password=False)

    def hold(self) -> None:
        if self.relay is not None:
            self.relay.pause()
        else:
            self._lock = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self._lock.execute("BEGIN IMMEDIATE")  # another writer's lock: the worker's writes get SQLITE_BUSY

    def release(self) -> None:
        if self.relay is not None:
            self.relay.resume()
        elif self._lock is not None:
            self._lock.execute("ROLLBACK")
            self._lock.close()
            self._lock = None

    def close(self) -> None:
        self.release()
        if self.relay is not None:
            self.relay.close()


@pytest.fixture
def stall(store_url) -> Iterator[Stall]:
    s = Stall(store_url)
    yield s
    s.close()


def test_a_stalled_store_neither_freezes_the_analysis_nor_loses_an_outage(
    tmp_path, engine, open_all_day, stream, detector, stall
):
    sites = parse_sites(sites_for(stream.url))
    worker = Worker(sites, options(tmp_path, stall.worker_url, duration_s=120, store=SHORT), detector=detector)
    live = tmp_path / "live"
    marks: dict[str, object] = {}

    def health_is(value: str):
        return lambda: (s := read_snapshot(live, "cam1")) is not None and s.health.value == value

    def script() -> None:
        try:
            wait_for(lambda: (s := read_snapshot(live, "cam1")) is not None
                     and all(d.state is not None and d.state.value == "PRESENT" for d in s.desks), 90, "staffed desks")
            stall.hold()
            marks["held"] = dt.datetime.now(dt.timezone.utc)
            held_mono = time.monotonic()
            stream.stop()  # the camera goes dark while the store is stalled
            wait_for(health_is("OFFLINE"), 15, "the outage in the live files")
            marks["ticks_at_outage"] = worker.stats.ticks
            stream.start()
            wait_for(health_is("ONLINE"), 15, "the camera back in the live files, the store still stalled")
            marks["back"] = dt.datetime.now(dt.timezone.utc)
            time.sleep(max(0.0, STALL_S - (time.monotonic() - held_mono)))
            marks["ticks_in_stall"] = worker.stats.ticks - marks["ticks_at_outage"]  # type: ignore[operator]
            marks["behind"] = worker.stats.store_behind
        finally:
            stall.release()
            marks["released"] = dt.datetime.now(dt.timezone.utc)
        try:
            wait_for(lambda: worker.stats.store is not None and worker.stats.store.unwritten == 0
                     and not worker.stats.store_behind, 30, "the writer to catch up")
            time.sleep(1.5)  # a few more ticks: PRESENT again
        finally:
            worker.stop()

    def guarded() -> None:
        try:
            script()
        except BaseException as exc:  # reported by the assertions below, not lost in the thread
            marks["error"] = exc
            worker.stop()

    t = threading.Thread(target=guarded, daemon=True)
    t.start()
    assert worker.run() == 0
    t.join(10)
    assert "error" not in marks, marks.get("error")
    # The loop kept its pace through the stall: many ticks after the outage began, while the store
    # could not take a row (a loop that waits on the store manages none or one).
    assert marks["ticks_in_stall"] >= 4, marks
    assert marks["behind"] is True and worker.stats.store_warnings >= 1  # warned while it lasted

    held, back, released = marks["held"], marks["back"], marks["released"]
    outages = [h for h in health_rows(engine) if h[0] == "OFFLINE" and h[2] > held]
    assert len(outages) == 1, health_rows(engine)
    assert outages[0][2] <= back < released  # the outage ended when the camera came back, not when the store did
    rows = presence_rows(engine)
    for desk in ("d1", "d2"):
        mine = assert_tiles(rows, desk)
        states = [r[1] for r in mine]
        assert "ABSENT" not in states
        offline = [r for r in mine if r[1] == "OFFLINE" and r[3] > held]
        assert len(offline) == 1 and offline[0][3] <= back, mine
        assert states[-1] == "PRESENT"
    assert not list((tmp_path / "state").glob("*.json"))  # everything was written in the end
