"""The UI strings, one module per feature so features add strings without touching each other.

Each module defines `STRINGS: dict[str, tuple[str, str]]` (key -> (Vietnamese, English)).
`dashboard.i18n` merges them and refuses a key defined twice.
"""
