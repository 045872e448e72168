"""Administrative procedures the demo dossiers are drawn from (a small, realistic catalogue)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Procedure:
    """One procedure: where it is handled, its legal time limit and how it is submitted.

    `where` holds 'commune', 'district' or a provincial agency key (see places.AGENCIES);
    `days` is the time limit in working days; `share` its weight among the unit's
    procedures; `online` its relative pull towards online submission.
    """

    name: str
    field: str
    days: int
    share: float
    online: float
    where: tuple[str, ...]


HO_TICH = "Hộ tịch"
CHUNG_THUC = "Chứng thực"
DAT_DAI = "Đất đai"
XAY_DUNG = "Xây dựng"
BAO_TRO = "Bảo trợ xã hội"
NGUOI_CO_CONG = "Người có công"
DKKD = "Đăng ký kinh doanh"
TU_PHAP = "Tư pháp"
LDTBXH = "Lao động - Thương binh và Xã hội"
ATTP = "An toàn thực phẩm"

_C, _D = ("commune",), ("district",)

PROCEDURES: tuple[Procedure, ...] = (
    # Commune level: civil status and certification make up most of the volume.
    Procedure("Đăng ký khai sinh", HO_TICH, 1, 14, 1.3, _C),
    Procedure("Đăng ký khai tử", HO_TICH, 1, 4, 0.9, _C),
    Procedure("Đăng ký kết hôn", HO_TICH, 1, 4, 0.6, _C),
    Procedure("Cấp Giấy xác nhận tình trạng hôn nhân", HO_TICH, 3, 8, 1.2, _C),
    Procedure("Cấp bản sao trích lục hộ tịch", HO_TICH, 1, 6, 1.6, _C),
    Procedure("Thay đổi, cải chính, bổ sung thông tin hộ tịch", HO_TICH, 3, 3, 0.9, _C),
    Procedure("Chứng thực bản sao từ bản chính giấy tờ, văn bản", CHUNG_THUC, 1, 30, 0.25, _C + _D),
    Procedure("Chứng thực chữ ký trong các giấy tờ, văn bản", CHUNG_THUC, 1, 8, 0.1, _C + _D),
    Procedure("Chứng thực hợp đồng, giao dịch liên quan đến quyền sử dụng đất", CHUNG_THUC, 2, 7, 0.1, _C),
    Procedure("Xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình", BAO_TRO, 5, 4, 0.6, _C),
    Procedure("Hòa giải tranh chấp đất đai", DAT_DAI, 30, 1, 0.05, _C),
    Procedure("Đăng ký thường trú", "Đăng ký, quản lý cư trú", 5, 6, 1.4, _C),
    # District level: land dominates, then certification, business households, building permits.
    Procedure("Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
              DAT_DAI, 10, 28, 0.8, _D),
    Procedure("Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", DAT_DAI, 30, 8, 0.5, _D),
    Procedure("Cấp giấy phép xây dựng nhà ở riêng lẻ", XAY_DUNG, 15, 5, 0.7, _D),
    Procedure("Đăng ký thành lập hộ kinh doanh", DKKD, 3, 8, 1.5, _D),
    Procedure("Trợ cấp xã hội hằng tháng đối với đối tượng bảo trợ xã hội", BAO_TRO, 20, 4, 0.4, _D),
    Procedure("Giải quyết chế độ trợ cấp một lần đối với người có công", NGUOI_CO_CONG, 12, 2, 0.3, _D),
    Procedure("Đăng ký khai sinh có yếu tố nước ngoài", HO_TICH, 3, 2, 0.8, _D),
    Procedure("Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", ATTP, 15, 2, 1.0,
              _D + ("cong_thuong", "y_te", "nong_nghiep")),
    # Provincial agencies (the centre receives all of these).
    Procedure("Cấp Phiếu lý lịch tư pháp", TU_PHAP, 10, 20, 2.0, ("tu_phap",)),
    Procedure("Đăng ký hành nghề công chứng", TU_PHAP, 5, 2, 1.0, ("tu_phap",)),
    Procedure("Đổi giấy phép lái xe do ngành Giao thông vận tải cấp", "Đường bộ", 5, 30, 2.2, ("gtvt",)),
    Procedure("Cấp phù hiệu xe ô tô kinh doanh vận tải", "Đường bộ", 2, 10, 2.0, ("gtvt",)),
    Procedure("Đăng ký biến động đất đai của tổ chức", DAT_DAI, 10, 12, 0.8, ("tnmt",)),
    Procedure("Thẩm định phương án cải tạo, phục hồi môi trường", "Môi trường", 20, 2, 0.6, ("tnmt",)),
    Procedure("Cấp giấy phép khai thác, sử dụng nước mặt", "Tài nguyên nước", 30, 1, 0.6, ("tnmt",)),
    Procedure("Đăng ký thành lập doanh nghiệp", DKKD, 3, 8, 3.0, ("khdt",)),
    Procedure("Đăng ký thay đổi nội dung đăng ký doanh nghiệp", DKKD, 3, 12, 3.0, ("khdt",)),
    Procedure("Quyết định chủ trương đầu tư", "Đầu tư tại Việt Nam", 35, 1, 0.5, ("khdt",)),
    Procedure("Cấp chứng chỉ hành nghề hoạt động xây dựng", XAY_DUNG, 20, 5, 1.5, ("xay_dung",)),
    Procedure("Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng", XAY_DUNG, 25, 2, 0.5, ("xay_dung",)),
    Procedure("Cấp giấy phép lao động cho người nước ngoài", LDTBXH, 5, 5, 1.5, ("ldtbxh",)),
    Procedure("Giải quyết hưởng trợ cấp thất nghiệp", LDTBXH, 20, 8, 0.8, ("ldtbxh",)),
    Procedure("Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", "Khám bệnh, chữa bệnh", 10, 5, 1.0, ("y_te",)),
    Procedure("Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược", "Dược phẩm", 20, 3, 1.0, ("y_te",)),
    Procedure("Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "Văn bằng, chứng chỉ", 3, 6, 1.5, ("gddt",)),
    Procedure("Cấp Giấy phép kinh doanh bán lẻ sản phẩm rượu", "Lưu thông hàng hóa trong nước", 10, 4, 1.5,
              ("cong_thuong",)),
    Procedure("Cấp Giấy chứng nhận kiểm dịch động vật vận chuyển ra khỏi địa bàn tỉnh", "Thú y", 1, 10, 0.8,
              ("nong_nghiep",)),
    Procedure("Cấp giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật", "Bảo vệ thực vật", 10, 3, 1.0,
              ("nong_nghiep",)),
    Procedure("Tặng Bằng khen của Chủ tịch UBND tỉnh", "Thi đua - khen thưởng", 20, 3, 0.3, ("noi_vu",)),
    Procedure("Đăng ký sinh hoạt tôn giáo tập trung", "Tôn giáo", 20, 1, 0.3, ("noi_vu",)),
    Procedure("Cấp mã số đơn vị có quan hệ với ngân sách", "Tin học và thống kê tài chính", 2, 3, 2.0,
              ("tai_chinh",)),
    Procedure("Cấp thẻ hướng dẫn viên du lịch", "Lữ hành", 10, 2, 1.5, ("vhttdl",)),
    Procedure("Cấp giấy phép tổ chức biểu diễn nghệ thuật", "Nghệ thuật biểu diễn", 5, 2, 1.0, ("vhttdl",)),
    Procedure("Cấp giấy phép xuất bản tài liệu không kinh doanh", "Xuất bản, In và Phát hành", 10, 2, 1.5,
              ("tttt",)),
    Procedure("Cấp hộ chiếu phổ thông", "Xuất nhập cảnh", 8, 10, 1.0, ("cong_an",)),
    Procedure("Đăng ký, cấp biển số xe", "Đăng ký, quản lý phương tiện giao thông", 2, 6, 0.5, ("cong_an",)),
)


def procedures_for(role: str) -> list[int]:
    """Indexes into PROCEDURES handled by a unit of this role ('centre' handles every provincial one)."""
    if role == "centre":
        return [i for i, p in enumerate(PROCEDURES) if any(w not in ("commune", "district") for w in p.where)]
    return [i for i, p in enumerate(PROCEDURES) if role in p.where]
