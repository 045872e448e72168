"""Running `python -m data …` in a test: as a real process (the entry point itself), or by calling the same
`data.cli.main` in the test process with stdout and stderr captured and the exit status kept — a process
costs seconds of imports for checks of milliseconds, so only a test of the entry point needs one."""
from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def in_process(*args: str) -> Ran:
    from data.cli import main  # noqa: PLC0415

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 1
    return Ran(code or 0, stdout.getvalue(), stderr.getvalue())


def as_process(*args: str) -> Ran:
    out = subprocess.run([sys.executable, "-m", "data", *args], cwd=REPO, capture_output=True, text=True,
                         timeout=120)
    return Ran(out.returncode, out.stdout, out.stderr)
