"""./app.sh: one Ctrl-C stops the demo worker and Streamlit together, with a sensible exit status.

The real app.sh runs, copied into a folder of its own (it works from its own folder) beside stand-ins
for `scripts/setup.sh` and `.venv/bin/python`: the real set-up, demo store, worker and Streamlit take a
minute or more to start, so the stand-in python answers the `data` commands at once (an account exists:
no prompt) and starts two small processes in the places of `vision demo` and `streamlit run`, which stop
on SIGINT / SIGTERM as those do. The case the script's grace period is for: a Streamlit whose stop hangs.
The first-administrator prompt is tested through its command: tests/data/accounts/test_first_admin.py.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

STAND_IN = """
import os, signal, sys, time
role, mode = sys.argv[1], os.environ.get("STAND_IN_MODE", "stops")
def on_signal(number, _frame):
    if role == "streamlit" and mode == "hangs":
        print("Stopping...", flush=True)  # and never does
    else:
        sys.exit(0)
signal.signal(signal.SIGINT, on_signal)
signal.signal(signal.SIGTERM, on_signal)
open(role + ".pid", "w").write(str(os.getpid()))
while True:
    time.sleep(0.05)
"""

FAKE_PYTHON = """#!/usr/bin/env bash
case "$1 $2" in
  "-m data") if [ "$3" = list-users ]; then printf 'quantri\\tadmin\\n'; fi; exit 0 ;;
  "-m vision") exec {python} {stand_in} worker ;;
  "-m streamlit") exec {python} {stand_in} streamlit ;;
esac
echo "unexpected: $*" >&2; exit 3
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    shutil.copy2(REPO / "app.sh", tmp_path / "app.sh")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "setup.sh").write_text("#!/usr/bin/env bash\nexit 0\n")
    (tmp_path / "stand_in.py").write_text(STAND_IN)
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").write_text(
        FAKE_PYTHON.format(python=sys.executable, stand_in=tmp_path / "stand_in.py"))
    for script in ("scripts/setup.sh", ".venv/bin/python"):
        (tmp_path / script).chmod(0o755)
    return tmp_path


@pytest.mark.parametrize("mode", ["stops", "hangs"])
def test_one_ctrl_c_stops_the_worker_and_streamlit(app_dir, mode):
    env = {**os.environ, "STAND_IN_MODE": mode, "MONITOR_STOP_GRACE_S": "2"}
    env.pop("MONITOR_DEMO_WORKER", None)
    # Its own process group, as a terminal's foreground job; SIGINT as a terminal leaves it (not ignored).
    app = subprocess.Popen(["bash", str(app_dir / "app.sh")], cwd=app_dir, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        pid_files = [app_dir / "worker.pid", app_dir / "streamlit.pid"]
        deadline = time.monotonic() + 15
        while not all(f.is_file() and f.read_text() for f in pid_files):
            assert app.poll() is None and time.monotonic() < deadline, app.communicate(timeout=5)[0]
            time.sleep(0.05)
        worker, streamlit = (int(f.read_text()) for f in pid_files)
        os.killpg(app.pid, signal.SIGINT)  # what one Ctrl-C sends: the script and both children
        code = app.wait(timeout=20)
        out = app.stdout.read()
    finally:
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGKILL)
            app.wait()
    assert code == 130, out
    assert not _alive(worker) and not _alive(streamlit), out
    if mode == "hangs":
        assert f"process {streamlit} did not stop: killed" in out
