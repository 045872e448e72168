"""The process-wide cap on inference threads (vision/detection/threads.py), as a table."""
from __future__ import annotations

import pytest

from vision.detection.threads import ENV, inference_threads


@pytest.mark.parametrize("asked, env, expected", [
    (None, None, None),  # the runtime decides
    (None, "1", 1),
    (None, " 2 ", 2),
    (3, "1", 3),  # a caller's own number wins
    (None, "", None),
])
def test_threads(monkeypatch, asked, env, expected):
    if env is None:
        monkeypatch.delenv(ENV, raising=False)
    else:
        monkeypatch.setenv(ENV, env)
    assert inference_threads(asked) == expected


@pytest.mark.parametrize("env", ["0", "-2", "two", "1.5"])
def test_a_bad_cap_is_one_clear_message(monkeypatch, env):
    monkeypatch.setenv(ENV, env)
    with pytest.raises(ValueError, match=ENV):
        inference_threads(None)
