"""Retention: how long live frames and evidence pictures are kept, and the purge that enforces it."""
