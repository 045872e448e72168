"""Header recognition: every spelling, with and without diacritics, any case; the mapping file."""
import pytest

from data.dossiers.importer.headers import ALIASES, HeaderVocabulary, MappingError, header_key, load_mapping
from data.text import fold

SPELLINGS = [
    ("Mã hồ sơ", "code"), ("Số hồ sơ", "code"),
    ("Tên thủ tục", "procedure"), ("Thủ tục hành chính", "procedure"),
    ("Lĩnh vực", "field"),
    ("Đơn vị xử lý", "unit"), ("Đơn vị", "unit"), ("Cơ quan giải quyết", "unit"),
    ("Cấp", "level"), ("Cấp thực hiện", "level"),
    ("Đơn vị cấp trên", "parent"), ("Huyện/Thành phố", "parent"), ("Huyện / Thành phố", "parent"),
    ("Hình thức nộp", "channel"), ("Kênh nộp", "channel"),
    ("Ngày tiếp nhận", "received_at"), ("Ngày nhận hồ sơ", "received_at"),
    ("Ngày hẹn trả", "due_at"), ("Hạn xử lý", "due_at"),
    ("Ngày có kết quả", "resolved_at"), ("Ngày hoàn thành", "resolved_at"),
    ("Ngày trả kết quả", "returned_at"), ("Ngày trả", "returned_at"),
    ("Trạng thái", "status"), ("Tình trạng", "status"),
]


def _variants(text: str) -> list[str]:
    plain = fold(text)
    return [text, text.upper(), text.lower(), plain, plain.upper(), f"  {text}  ", text.replace(" ", "  "),
            f"{text} (dd/mm/yyyy)", f"{text}:", f"{text} *"]


@pytest.mark.parametrize("spelling,field", SPELLINGS)
def test_every_header_spelling_in_every_case_and_without_diacritics(spelling, field):
    vocab = HeaderVocabulary()
    for variant in _variants(spelling):
        hit = vocab.field_of(variant)
        assert hit is not None and hit[0] == field, variant


@pytest.mark.parametrize("cell", ["STT", "Ghi chú", "", "Người nộp", "Số điện thoại"])
def test_other_columns_are_not_fields(cell):
    assert HeaderVocabulary().field_of(cell) is None


def test_header_row_needs_the_key_and_three_other_fields():
    vocab = HeaderVocabulary()
    assert vocab.score(["Mã hồ sơ", "Ngày tiếp nhận", "Đơn vị"]) == 0
    assert vocab.score(["STT", "Ngày tiếp nhận", "Đơn vị", "Hình thức nộp", "Lĩnh vực"]) == 0  # no key
    assert vocab.score(["Mã hồ sơ", "Ngày tiếp nhận", "Đơn vị", "Hình thức nộp"]) == 4
    assert vocab.score(["Mã hồ sơ", "Số hồ sơ", "Ngày tiếp nhận", "Đơn vị"]) == 0  # two spellings, one field


def test_columns_in_any_order_and_the_better_spelling_wins():
    header = ["Ngày tiếp nhận", "STT", "Đơn vị", "Đơn vị xử lý", "MA HO SO", "Kenh nop"]
    cols = HeaderVocabulary().columns(header)
    assert cols.positions == {"received_at": 0, "unit": 3, "code": 4, "channel": 5}
    assert cols.label("code") == "MA HO SO"  # messages quote the header as written
    assert cols.label("due_at") == "Ngày hẹn trả"  # absent column: the usual name


def test_aliases_never_claim_two_fields():
    seen: dict[str, str] = {}
    for field, names in ALIASES.items():
        for name in names:
            assert seen.setdefault(header_key(name), field) == field, name


def test_mapping_file_adds_spellings_and_wins(tmp_path):
    path = tmp_path / "cot.yaml"
    path.write_text("Số biên nhận: code\n'Ngày nộp hồ sơ': received_at\nĐơn vị: parent\n", encoding="utf-8")
    mapping = load_mapping(path)
    assert mapping == {"Số biên nhận": "code", "Ngày nộp hồ sơ": "received_at", "Đơn vị": "parent"}
    vocab = HeaderVocabulary(mapping)
    assert vocab.field_of("SO BIEN NHAN") == ("code", 0)
    assert vocab.field_of("Đơn vị")[0] == "parent"  # the file overrides the built-in meaning


def test_mapping_file_may_nest_under_columns(tmp_path):
    path = tmp_path / "cot.yaml"
    path.write_text("columns:\n  Số biên nhận: code\n", encoding="utf-8")
    assert load_mapping(path) == {"Số biên nhận": "code"}


@pytest.mark.parametrize("content,words", [
    ("Số biên nhận: ma_ho_so\n", ["ma_ho_so", "không tồn tại", "code"]),
    ("- code\n- unit\n", ["Tiêu đề cột"]),
    ("a: [b\n", ["YAML"]),
    ("", ["Tiêu đề cột"]),
])
def test_bad_mapping_file_names_the_problem(tmp_path, content, words):
    path = tmp_path / "cot.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MappingError) as exc:
        load_mapping(path)
    for word in words:
        assert word in str(exc.value)
    assert str(path) in str(exc.value)


def test_missing_mapping_file(tmp_path):
    with pytest.raises(MappingError, match="không tìm thấy"):
        load_mapping(tmp_path / "none.yaml")
