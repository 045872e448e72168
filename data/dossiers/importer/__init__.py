"""Importing detailed dossier exports (one row per hồ sơ) from provincial TTHC systems.

    from data.dossiers.importer import import_dossier_file
    result = import_dossier_file(engine, Path("export.xlsx"), progress=lambda done, total: ...)

`python -m data import-dossiers FILE …` (data/cli.py) runs the same code.
"""
from data.dossiers.importer.headers import FIELDS, MappingError, load_mapping
from data.dossiers.importer.model import ImportResult, Progress, RowError
from data.dossiers.importer.service import import_dossier_file, import_dossier_files

__all__ = [
    "FIELDS", "ImportResult", "MappingError", "Progress", "RowError",
    "import_dossier_file", "import_dossier_files", "load_mapping",
]
