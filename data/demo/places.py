"""The demo province: Lạng Sơn's real district-level units and commune names.

Commune lists follow the 2020 arrangement (200 commune-level units); sizes are
rough population weights in thousands used only to spread demo volume.
"""
from __future__ import annotations

from dataclasses import dataclass

PROVINCE = "Tỉnh Lạng Sơn"
PROVINCE_CODE = "000.00.00.H36"
CENTRE = "Trung tâm Phục vụ hành chính công tỉnh"


@dataclass(frozen=True)
class Agency:
    """A provincial unit; `share` is its part of the provincial dossier volume."""

    name: str
    key: str
    share: float


AGENCIES: tuple[Agency, ...] = (
    Agency(CENTRE, "centre", 0.15),
    Agency("Sở Tư pháp", "tu_phap", 0.08),
    Agency("Sở Xây dựng", "xay_dung", 0.04),
    Agency("Sở Tài nguyên và Môi trường", "tnmt", 0.10),
    Agency("Sở Kế hoạch và Đầu tư", "khdt", 0.07),
    Agency("Sở Giao thông vận tải", "gtvt", 0.14),
    Agency("Sở Lao động - Thương binh và Xã hội", "ldtbxh", 0.06),
    Agency("Sở Y tế", "y_te", 0.05),
    Agency("Sở Giáo dục và Đào tạo", "gddt", 0.04),
    Agency("Sở Công Thương", "cong_thuong", 0.05),
    Agency("Sở Nông nghiệp và Phát triển nông thôn", "nong_nghiep", 0.07),
    Agency("Sở Nội vụ", "noi_vu", 0.02),
    Agency("Sở Tài chính", "tai_chinh", 0.02),
    Agency("Sở Văn hóa, Thể thao và Du lịch", "vhttdl", 0.02),
    Agency("Sở Thông tin và Truyền thông", "tttt", 0.01),
    Agency("Công an tỉnh", "cong_an", 0.06),
)


@dataclass(frozen=True)
class District:
    name: str
    population_k: int
    communes: tuple[str, ...]


def _x(*names: str) -> tuple[str, ...]:
    return tuple(n if n.startswith(("Phường ", "Thị trấn ")) else f"Xã {n}" for n in names)


DISTRICTS: tuple[District, ...] = (
    District("Thành phố Lạng Sơn", 103, (
        "Phường Chi Lăng", "Phường Đông Kinh", "Phường Hoàng Văn Thụ", "Phường Tam Thanh",
        "Phường Vĩnh Trại", "Xã Hoàng Đồng", "Xã Mai Pha", "Xã Quảng Lạc")),
    District("Huyện Bắc Sơn", 74, _x(
        "Thị trấn Bắc Sơn", "Bắc Quỳnh", "Chiến Thắng", "Chiêu Vũ", "Đồng Ý", "Hưng Vũ", "Hữu Vĩnh",
        "Long Đống", "Nhất Hòa", "Nhất Tiến", "Tân Hương", "Tân Lập", "Tân Thành", "Tân Tri",
        "Trấn Yên", "Vạn Thủy", "Vũ Lăng")),
    District("Huyện Bình Gia", 55, _x(
        "Thị trấn Bình Gia", "Hoàng Văn Thụ", "Hòa Bình", "Hồng Phong", "Hưng Đạo", "Hồng Thái",
        "Minh Khai", "Mông Ân", "Quang Trung", "Quý Hòa", "Tân Hòa", "Tân Văn", "Thiện Hòa",
        "Thiện Long", "Thiện Thuật", "Tô Hiệu", "Vĩnh Yên", "Yên Lỗ", "Hoa Thám")),
    District("Huyện Cao Lộc", 80, _x(
        "Thị trấn Cao Lộc", "Thị trấn Đồng Đăng", "Bảo Lâm", "Bình Trung", "Cao Lâu", "Công Sơn",
        "Gia Cát", "Hải Yến", "Hòa Cư", "Hồng Phong", "Lộc Yên", "Mẫu Sơn", "Phú Xá", "Tân Liên",
        "Tân Thành", "Thạch Đạn", "Thanh Lòa", "Thụy Hùng", "Xuân Long", "Xuất Lễ", "Yên Trạch",
        "Hợp Thành")),
    District("Huyện Chi Lăng", 82, _x(
        "Thị trấn Đồng Mỏ", "Thị trấn Chi Lăng", "Bằng Hữu", "Bằng Mạc", "Chiến Thắng", "Gia Lộc",
        "Hòa Bình", "Hữu Kiên", "Lâm Sơn", "Liên Sơn", "Mai Sao", "Nhân Lý", "Quan Sơn",
        "Thượng Cường", "Vân An", "Vạn Linh", "Vân Thủy", "Y Tịch", "Bắc Thủy", "Quang Lang")),
    District("Huyện Đình Lập", 29, _x(
        "Thị trấn Đình Lập", "Thị trấn Nông trường Thái Bình", "Bắc Lãng", "Bắc Xa", "Bính Xá",
        "Cường Lợi", "Đình Lập", "Đồng Thắng", "Kiên Mộc", "Lâm Ca", "Thái Bình", "Châu Sơn")),
    District("Huyện Hữu Lũng", 121, _x(
        "Thị trấn Hữu Lũng", "Cai Kinh", "Đồng Tân", "Đồng Tiến", "Đô Lương", "Hòa Bình", "Hòa Lạc",
        "Hòa Sơn", "Hòa Thắng", "Hồ Sơn", "Minh Hòa", "Minh Sơn", "Minh Tiến", "Nhật Tiến",
        "Quyết Thắng", "Sơn Hà", "Tân Thành", "Thanh Sơn", "Thiện Tân", "Vân Nham", "Yên Bình",
        "Yên Thịnh", "Yên Vượng", "Hữu Liên")),
    District("Huyện Lộc Bình", 83, _x(
        "Thị trấn Lộc Bình", "Thị trấn Na Dương", "Ái Quốc", "Đông Quan", "Đồng Bục", "Hiệp Hạ",
        "Hữu Khánh", "Hữu Lân", "Khánh Xuân", "Lợi Bác", "Mẫu Sơn", "Minh Hiệp", "Nam Quan",
        "Nhượng Bạn", "Khuất Xá", "Sàn Viên", "Tam Gia", "Thống Nhất", "Tĩnh Bắc", "Tú Đoạn",
        "Xuân Dương")),
    District("Huyện Tràng Định", 61, _x(
        "Thị trấn Thất Khê", "Chi Lăng", "Chí Minh", "Đại Đồng", "Đào Viên", "Đề Thám", "Đoàn Kết",
        "Đội Cấn", "Hùng Sơn", "Hùng Việt", "Kim Đồng", "Khánh Long", "Kháng Chiến", "Quốc Khánh",
        "Quốc Việt", "Tân Minh", "Tân Tiến", "Tân Yên", "Tri Phương", "Trung Thành", "Cao Minh",
        "Bắc Ái")),
    District("Huyện Văn Lãng", 52, _x(
        "Thị trấn Na Sầm", "Bắc Hùng", "Bắc La", "Gia Miễn", "Hoàng Văn Thụ", "Hội Hoan", "Hồng Thái",
        "Nam La", "Nhạc Kỳ", "Tân Lang", "Tân Mỹ", "Tân Tác", "Thành Hòa", "Thanh Long", "Thụy Hùng",
        "Trùng Khánh", "Hoàng Việt")),
    District("Huyện Văn Quan", 56, _x(
        "Thị trấn Văn Quan", "An Sơn", "Bình Phúc", "Chu Túc", "Điềm He", "Đại An", "Đồng Giáp",
        "Hòa Bình", "Hữu Lễ", "Khánh Khê", "Lương Năng", "Tân Đoàn", "Tràng Các", "Tràng Phái",
        "Tri Lễ", "Tú Xuyên", "Vân Mộng", "Yên Phúc")),
)

# Places the source article names; the demo always runs the friendly model there.
ARTICLE_COMMUNES: tuple[tuple[str, str], ...] = (
    ("Huyện Văn Quan", "Xã Điềm He"),
    ("Huyện Đình Lập", "Xã Đình Lập"),
    ("Thành phố Lạng Sơn", "Phường Chi Lăng"),
)
BINH_GIA = "Huyện Bình Gia"
COMMUNE_COUNT = 200
FRIENDLY_COUNT = 166


def agency_code(i: int) -> str:
    return f"000.00.{i + 1:02d}.H36"


def district_code(i: int) -> str:
    return f"000.00.{31 + i:02d}.H36"


def commune_code(district_index: int, i: int) -> str:
    # Sorts after every district code, so code order follows id order (fast bulk inserts).
    return f"000.{31 + district_index:02d}.{i + 1:02d}.H36"
