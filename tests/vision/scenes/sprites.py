"""The cut-out people live in the product (vision.demo); re-exported for tests."""
from vision.demo.sprites import (  # noqa: F401
    APP_STAFF, CITIZEN_CUTS, STAFF_CUTS, PersonCut, Sprite, citizen_sprites, cut_out, paste, photo_path,
    staff_sprite, staff_sprites, tinted,
)
