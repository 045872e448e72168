"""Real photos with people that ship inside installed packages (see DESIGN.md), found
without importing those packages, and the number of visible faces in each."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import cv2
import numpy as np


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations, f"package {name} is not installed"
    return Path(list(spec.submodule_search_locations)[0])


def photo_path(name: str) -> Path:
    paths = {
        "bus": ("ultralytics", "assets/bus.jpg"),
        "zidane": ("ultralytics", "assets/zidane.jpg"),
        "grace_hopper": ("matplotlib", "mpl-data/sample_data/grace_hopper.jpg"),
        "astronaut": ("skimage", "data/astronaut.png"),
    }
    package, rel = paths[name]
    path = package_dir(package) / rel
    assert path.is_file(), f"{path} missing"
    return path


def photo(name: str) -> np.ndarray:
    image = cv2.imread(str(photo_path(name)), cv2.IMREAD_COLOR)
    assert image is not None, name
    return image


# Faces a person would count (checked by eye): bus.jpg shows two faces (the men at
# the left and centre; the two people at the edges are cut off), zidane.jpg two.
FACES = {"bus": 2, "zidane": 2, "grace_hopper": 1, "astronaut": 1}
