"""Administrative-procedure dossiers (hồ sơ TTHC): import, read model, statistics."""
