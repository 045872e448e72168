"""The compositor lives in the product (vision.demo: the demo worker plays these scenes); re-exported for tests."""
from vision.demo.compose import (  # noqa: F401
    CAMERA_ID, GENERATOR_VERSION, UNIT, ComposedScene, PresenceSettings, SceneRenderer, compose_scene, describe,
    sites_document,
)
