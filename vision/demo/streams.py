"""The demo's cameras: one local MJPEG stream per looping scene, on 127.0.0.1.

Frames follow the wall clock (the loop's phase), not the number of frames sent,
so the scene keeps time however many clients read it. The last camera's server
is stopped and started again on the same port during the loop's dropout, as a
camera that loses power and reboots: the worker sees a real broken connection.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np

from vision.demo.compose import SceneRenderer
from vision.demo.loop import DemoTiming
from vision.demo.script import SceneScript
from vision.sources.mjpeg_server import MjpegServer


class DemoStreams:
    def __init__(self, scripts: tuple[SceneScript, ...], timing: DemoTiming,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.timing = timing
        self._clock = clock
        self._t0 = clock()  # reset by start(): cutting the people out takes a few seconds
        self._servers = [MjpegServer(self._frames(SceneRenderer(s)), fps=timing.fps) for s in scripts]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._dropouts, daemon=True, name="demo-dropouts")
        self.dropouts = 0  # times the last camera went dark

    def _frames(self, renderer: SceneRenderer) -> Callable[[int], np.ndarray]:
        n = renderer.script.n_frames

        def frame(_: int) -> np.ndarray:
            return renderer.frame(int(self.phase_s() * self.timing.fps) % n)

        return frame

    def phase_s(self) -> float:
        return (self._clock() - self._t0) % self.timing.loop_s

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(s.url for s in self._servers)

    def start(self) -> "DemoStreams":
        self._t0 = self._clock()
        for s in self._servers:
            s.start()
        self._thread.start()
        return self

    def _dropouts(self) -> None:
        last = self._servers[-1]
        dark = False
        while not self._stop.wait(0.2):
            want_dark = self.timing.dropout_at(self.phase_s())
            if want_dark and not dark:
                last.stop()
                self.dropouts += 1
            elif dark and not want_dark:
                last.start()
            dark = want_dark

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2)
        for s in self._servers:
            s.stop()
