"""Importing detailed dossier exports (one row per hồ sơ) from provincial TTHC systems.

    from data.dossiers.importer import import_dossier_file
    result = import_dossier_file(engine, Path("export.xlsx"), scope=scope, progress=lambda done, total: ...)

`scope` is the importing account's (rows outside it are refused, and the
import is audited under its username); `limits` caps file size, unpacked
workbook size and the errors kept per column.

`python -m data import-dossiers FILE …` (data/cli.py) runs the same code.
"""
from data.dossiers.importer.headers import FIELDS, MappingError, load_mapping
from data.dossiers.importer.limits import ImportLimits
from data.dossiers.importer.model import ColumnCount, ImportResult, Progress, RowError, UnitMove
from data.dossiers.importer.service import import_dossier_file, import_dossier_files

__all__ = [
    "FIELDS", "ColumnCount", "ImportLimits", "ImportResult", "MappingError", "Progress", "RowError",
    "UnitMove", "import_dossier_file", "import_dossier_files", "load_mapping",
]
