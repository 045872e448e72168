"""The real app for the browser test: a demo store, the demo worker, `streamlit run`, headless Chromium.

Chromium comes from Debian's package (test.sh installs it); Playwright is told where it
is and never downloads a browser.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
ADMIN_USER, ADMIN_PASSWORD = "quantri", "Mot-Cua-Lang-Son-2026!"


@dataclass(frozen=True)
class App:
    url: str  # http://127.0.0.1:PORT
    store_url: str
    live_dir: Path
    evidence_dir: Path  # the app's MONITOR_EVIDENCE_DIR (a test may put a picture there)
    admin: tuple[str, str] | None  # (username, password) when the app has accounts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args: list[str], *, stdin: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, *args], cwd=REPO, input=stdin, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stderr[-3000:]}"
    return done


def create_admin(store_url: str) -> tuple[str, str] | None:
    """An administrator through the accounts command, when the app has one (issue #6)."""
    probe = subprocess.run([sys.executable, "-m", "data", "create-admin", "--help"], cwd=REPO, capture_output=True)
    if probe.returncode != 0:
        return None
    run(["-m", "data", "create-admin", "--username", ADMIN_USER, "--password-stdin", "--db", store_url],
        stdin=ADMIN_PASSWORD + "\n")
    return ADMIN_USER, ADMIN_PASSWORD


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"streamlit exited with {proc.returncode}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        time.sleep(0.5)
    raise AssertionError(f"streamlit did not answer within {timeout:.0f} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@contextlib.contextmanager
def running_app(tmp: Path) -> Iterator[App]:
    """The full demo store, an admin, the demo worker and Streamlit; everything stopped afterwards."""
    store_url = f"sqlite:///{tmp / 'monitor.db'}"
    run(["-m", "data", "demo", "--db", store_url])
    admin = create_admin(store_url)
    live = tmp / "live"
    evidence = tmp / "evidence"
    evidence.mkdir()
    # The worker writes its evidence pictures where the app reads them, as app.sh runs them.
    env = {**os.environ, "DATABASE_URL": store_url, "MONITOR_LIVE_DIR": str(live), "MONITOR_EVIDENCE_DIR": str(evidence)}
    log = (tmp / "demo-worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "vision", "demo", "--db", store_url, "--work-dir", str(tmp / "demo"),
         "--live-dir", str(live), "--state-dir", str(tmp / "state")],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    port = free_port()
    app_log = (tmp / "streamlit.log").open("w")
    app = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_server.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=REPO, stdout=app_log, stderr=subprocess.STDOUT, env=env,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, app)
        yield App(url, store_url, live, evidence, admin)
    finally:
        _stop(app)
        _stop(worker)
        log.close()
        app_log.close()
