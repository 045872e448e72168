"""Vietnamese full names for demo staff and inspectors (Kinh, Tày and Nùng family names)."""
from __future__ import annotations

import numpy as np

FAMILY = ("Nguyễn", "Hoàng", "Lương", "Vi", "Hà", "Nông", "Lăng", "Triệu", "Lộc", "Mã", "Chu", "Đinh",
          "Lê", "Trần", "Phạm", "Hứa", "Lý", "Dương", "Vy", "Hoàng Thị", "Bế", "Đàm", "Tô", "Lục")
MIDDLE_MALE = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Xuân", "Công", "Tiến", "Ngọc")
MIDDLE_FEMALE = ("Thị", "Thị Thu", "Thị Hồng", "Thị Thanh", "Thu", "Ngọc", "Thị Minh", "Thị Kim", "Hồng", "Thị Bích")
GIVEN_MALE = ("Anh", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Long",
              "Mạnh", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Tuấn", "Tùng", "Việt", "Vinh", "Lâm")
GIVEN_FEMALE = ("An", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hoa", "Hương", "Lan", "Liên",
                "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Thảo", "Trang", "Yến")


def full_names(rng: np.random.Generator, n: int) -> list[str]:
    """`n` plausible full names, roughly 60 % women (one-stop staff are mostly women)."""
    female = rng.random(n) < 0.6
    fam = rng.integers(0, len(FAMILY), n)
    mid_m, mid_f = rng.integers(0, len(MIDDLE_MALE), n), rng.integers(0, len(MIDDLE_FEMALE), n)
    giv_m, giv_f = rng.integers(0, len(GIVEN_MALE), n), rng.integers(0, len(GIVEN_FEMALE), n)
    out = []
    for i in range(n):
        family = FAMILY[fam[i]]
        if female[i]:
            middle = MIDDLE_FEMALE[mid_f[i]]
            if family.endswith("Thị") and middle.startswith("Thị"):
                middle = middle[4:] or "Thu"
            out.append(f"{family} {middle} {GIVEN_FEMALE[giv_f[i]]}")
        else:
            family = family.replace(" Thị", "")
            out.append(f"{family} {MIDDLE_MALE[mid_m[i]]} {GIVEN_MALE[giv_m[i]]}")
    return out
