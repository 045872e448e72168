"""Date parsing of dossier exports: every accepted shape, every refusal, local -> UTC."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from data.dossiers.importer.dates import local_to_utc, parse_cells, parse_text

NAT = None


def _py(value: np.datetime64):
    return None if np.isnat(value) else value.astype("datetime64[s]").astype(dt.datetime)


TEXT_CASES = [
    # written, local wall time or None, invalid?
    ("01/03/2023", dt.datetime(2023, 3, 1), False),
    ("1/3/2023", dt.datetime(2023, 3, 1), False),
    ("01/03/2023 08:30", dt.datetime(2023, 3, 1, 8, 30), False),
    ("01/03/2023 8:30", dt.datetime(2023, 3, 1, 8, 30), False),
    ("01/03/2023 08:30:15", dt.datetime(2023, 3, 1, 8, 30, 15), False),
    ("  01/03/2023 08:30  ", dt.datetime(2023, 3, 1, 8, 30), False),
    ("01-03-2023", dt.datetime(2023, 3, 1), False),
    ("01.03.2023 17:05", dt.datetime(2023, 3, 1, 17, 5), False),
    ("2023-03-01", dt.datetime(2023, 3, 1), False),
    ("2023-03-01 08:30:00.250", dt.datetime(2023, 3, 1, 8, 30), False),
    ("29/02/2024", dt.datetime(2024, 2, 29), False),
    ("", NAT, False),
    (None, NAT, False),
    ("31/02/2023", NAT, True),  # no roll-over into March
    ("29/02/2023", NAT, True),
    ("01/13/2023", NAT, True),  # month 13: not mm/dd
    ("00/03/2023", NAT, True),
    ("01/03/23", NAT, True),  # two-digit year
    ("01/03/2023 24:00", NAT, True),
    ("01/03/2023 08:61", NAT, True),
    ("01/03/2023x", NAT, True),
    ("01/03-2023", NAT, True),
    ("hôm nay", NAT, True),
    ("01/03/1900", NAT, True),  # outside the plausible range
]


@pytest.mark.parametrize("written,expected,invalid", TEXT_CASES)
def test_text_dates(written, expected, invalid):
    parsed = parse_text(pd.Series([written, "02/01/2024"], dtype="str"))
    assert _py(parsed.local[0]) == expected
    assert bool(parsed.invalid[0]) is invalid
    assert _py(parsed.local[1]) == dt.datetime(2024, 1, 2)  # a neighbour is never disturbed


def test_text_dates_mixed_shapes_in_one_column_keep_their_positions():
    values = ["01/03/2023 08:30", "2/3/2023", "", "03/03/2023 09:00:01", "bad", "2023-03-04"]
    parsed = parse_text(pd.Series(values, dtype="str"))
    assert [_py(v) for v in parsed.local] == [
        dt.datetime(2023, 3, 1, 8, 30), dt.datetime(2023, 3, 2), None, dt.datetime(2023, 3, 3, 9, 0, 1),
        None, dt.datetime(2023, 3, 4)]
    assert parsed.invalid.tolist() == [False, False, False, False, True, False]


CELL_CASES = [
    (dt.datetime(2023, 3, 1, 8, 30), dt.datetime(2023, 3, 1, 8, 30), False),
    (dt.datetime(2023, 3, 1, 8, 29, 59, 999_000), dt.datetime(2023, 3, 1, 8, 30), False),  # Excel float noise
    (dt.date(2023, 3, 1), dt.datetime(2023, 3, 1), False),
    (45000.5, dt.datetime(2023, 3, 15, 12, 0), False),  # Excel serial number
    (45000, dt.datetime(2023, 3, 15), False),
    ("01/03/2023 08:30", dt.datetime(2023, 3, 1, 8, 30), False),
    ("", NAT, False),
    (None, NAT, False),
    (0.5, NAT, True),  # a bare time of day
    (1.0, NAT, True),  # 31/12/1899
    (True, NAT, True),
    (dt.time(8, 30), NAT, True),
    ("31/02/2023", NAT, True),
]


@pytest.mark.parametrize("cell,expected,invalid", CELL_CASES)
def test_spreadsheet_cells(cell, expected, invalid):
    parsed = parse_cells(np.array([cell, dt.datetime(2024, 1, 2)], dtype=object))
    assert _py(parsed.local[0]) == expected
    assert bool(parsed.invalid[0]) is invalid
    assert _py(parsed.local[1]) == dt.datetime(2024, 1, 2)


@pytest.mark.parametrize("local,utc", [
    ("2023-03-01T08:30:00", "2023-03-01T01:30:00"),
    ("2023-03-02T06:59:59", "2023-03-01T23:59:59"),  # early morning local is the previous UTC day
    ("2023-01-01T00:00:00", "2022-12-31T17:00:00"),
])
def test_local_wall_time_becomes_utc(local, utc):
    out = local_to_utc(np.array([local, "NaT"], dtype="datetime64[s]"))
    assert out[0] == np.datetime64(utc)
    assert np.isnat(out[1])
