"""Scene scripts live in the product (vision.demo); re-exported for tests."""
from vision.demo.script import (  # noqa: F401
    COUNTER_TOP, MONDAY_0900, STAFF_HEIGHT, STAFF_TOP, ZONE_BOTTOM, ZONE_HALF_WIDTH, ZONE_TOP, DeskScript,
    SceneScript, Span, Visit, random_script, staff_zone,
)
