import pytest

from dashboard.overview_layout import Group, Layout, View, layout
from unit_trees import unit_tree as _tree


PROVINCE = _tree([
    (1, "Tỉnh Lạng Sơn", "province", None, "/1/"),
    (2, "Sở Y tế", "province_agency", 1, "/1/2/"),
    (3, "Huyện Văn Quan", "district", 1, "/1/3/"),
    (4, "Huyện Bình Gia", "district", 1, "/1/4/"),
    (5, "Sở Tư pháp", "province_agency", 1, "/1/5/"),
    (6, "Xã Điềm He", "commune", 3, "/1/3/6/"),
])
# After the 2025 reform: no districts, communes and agencies straight under the province.
TWO_LEVELS = _tree([
    (1, "Tỉnh Lạng Sơn", "province", None, "/1/"),
    (2, "Sở Y tế", "province_agency", 1, "/1/2/"),
    (3, "Xã Điềm He", "commune", 1, "/1/3/"),
])
AGENCIES_ONLY = _tree([
    (1, "Tỉnh Lạng Sơn", "province", None, "/1/"),
    (2, "Sở Y tế", "province_agency", 1, "/1/2/"),
])


@pytest.mark.parametrize("units, view, expected", [
    (PROVINCE, View(1), Layout(1, (4, 3), (Group("province_agency", (5, 2)),))),
    (PROVINCE, View(1, "province_agency"), Layout(None, (5, 2), ())),
    (PROVINCE, View(3), Layout(3, (6,), ())),
    (PROVINCE, View(6), Layout(6, (), ())),
    (PROVINCE, View(None), Layout(None, (1,), ())),
    (TWO_LEVELS, View(1), Layout(1, (3,), (Group("province_agency", (2,)),))),
    # Nothing beside the agencies: no group row, they are the rows.
    (AGENCIES_ONLY, View(1), Layout(1, (2,), ())),
])
def test_layout(units, view, expected):
    assert layout(units, view) == expected


def test_unit_ids_cover_own_desk_children_and_group_members_once():
    assert layout(PROVINCE, View(1)).unit_ids == (1, 4, 3, 5, 2)
