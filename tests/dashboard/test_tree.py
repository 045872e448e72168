import pytest

from unit_trees import unit_tree as _tree


PROVINCE = _tree([
    (1, "Tỉnh Lạng Sơn", "province", None, "/1/"),
    (2, "Trung tâm Phục vụ hành chính công tỉnh", "province_agency", 1, "/1/2/"),
    (3, "Huyện Văn Quan", "district", 1, "/1/3/"),
    (4, "Huyện Bình Gia", "district", 1, "/1/4/"),
    (5, "Xã Điềm He", "commune", 3, "/1/3/5/"),
    (6, "Xã Đại An", "commune", 3, "/1/3/6/"),
])
TWO_ROOTS = _tree([
    (1, "Tỉnh B", "province", None, "/1/"),
    (2, "Tỉnh A", "province", None, "/2/"),
    (3, "Huyện C", "district", 2, "/2/3/"),
])


@pytest.mark.parametrize("units, expected", [
    # Districts before provincial agencies; names compared without diacritics (Đ as D).
    (PROVINCE, [1, 4, 3, 6, 5, 2]),
    (TWO_ROOTS, [2, 3, 1]),
])
def test_tree_order_is_depth_first_by_level_then_name(units, expected):
    assert units.tree_order() == expected


@pytest.mark.parametrize("units, unit_id, expected", [
    (PROVINCE, 5, "Huyện Văn Quan › Xã Điềm He"),
    (PROVINCE, 3, "Huyện Văn Quan"),
    (PROVINCE, 1, "Tỉnh Lạng Sơn"),
    (TWO_ROOTS, 3, "Tỉnh A › Huyện C"),
])
def test_path_label_leaves_out_the_single_province(units, unit_id, expected):
    assert units.path_label(unit_id) == expected


@pytest.mark.parametrize("units, unit_id, expected", [
    (PROVINCE, 5, [1, 3, 5]),
    (PROVINCE, 1, [1]),
])
def test_lineage(units, unit_id, expected):
    assert units.lineage(unit_id) == expected


def test_roots_children_and_leaves():
    assert PROVINCE.single_root == 1
    assert TWO_ROOTS.single_root is None
    assert PROVINCE.children(3) == (6, 5)
    assert TWO_ROOTS.children(None) == (2, 1)
    assert PROVINCE.has_children(3) and not PROVINCE.has_children(5)
    assert 5 in PROVINCE and 9 not in PROVINCE and len(PROVINCE) == 6
