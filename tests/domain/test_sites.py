import copy
import logging
import textwrap

import pytest

from domain.sites import ConfigError, SitesConfig, load_sites, parse_sites

MINIMAL = textwrap.dedent(
    """\
    cameras:
      - id: cam1
        source: rtsp://user:pass@10.0.0.5/stream1
        unit: "Xã Điềm He"
        desks:
          - id: d1
            name: "Quầy 1"
            staff_zone: [[0.10, 0.30], [0.40, 0.30], [0.40, 0.75], [0.10, 0.75]]
    """
)

FULL = textwrap.dedent(
    """\
    timezone: Asia/Ho_Chi_Minh
    presence:
      present_after_s: 5
      absent_grace_s: 60
      incident_min_s: 300
    sample_fps: 1
    cameras:
      - id: cam1
        source: rtsp://user:pass@10.0.0.5/stream1
        unit: "Xã Điềm He"
        desks:
          - id: d1
            name: "Quầy 1"
            staff_zone: [[0.10, 0.30], [0.40, 0.30], [0.40, 0.75], [0.10, 0.75]]
    """
)


def _base() -> dict:
    return {
        "cameras": [
            {
                "id": "cam1",
                "source": "rtsp://user:pass@10.0.0.5/stream1",
                "unit": "Xã Điềm He",
                "desks": [
                    {"id": "d1", "name": "Quầy 1", "staff_zone": [[0.1, 0.3], [0.4, 0.3], [0.4, 0.75], [0.1, 0.75]]},
                    {"id": "d2", "name": "Quầy 2", "staff_zone": [[0.5, 0.3], [0.8, 0.3], [0.8, 0.75], [0.5, 0.75]]},
                ],
            }
        ]
    }


def test_minimal_form_from_the_issue_loads_with_the_defaults(tmp_path):
    path = tmp_path / "sites.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    sites = load_sites(path)
    assert sites.timezone == "Asia/Ho_Chi_Minh"
    assert (sites.presence.present_after_s, sites.presence.absent_grace_s, sites.presence.incident_min_s) == (5, 60, 300)
    assert sites.sample_fps == 1.0
    cam = sites.cameras[0]
    assert (cam.id, cam.unit, cam.enabled, cam.offline_after_s, cam.frozen_after_s) == ("cam1", "Xã Điềm He", True, 10, 30)
    assert cam.source == "rtsp://user:pass@10.0.0.5/stream1"
    assert cam.desks[0].staff_zone == ((0.10, 0.30), (0.40, 0.30), (0.40, 0.75), (0.10, 0.75))
    assert cam.desks[0].display_name == "Quầy 1"


def test_the_documented_full_form_equals_the_minimal_one(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(MINIMAL, encoding="utf-8")
    b.write_text(FULL, encoding="utf-8")
    assert load_sites(a) == load_sites(b)


def test_credentials_never_show_in_repr_str_or_safe_source():
    sites = parse_sites(_base())
    cam = sites.cameras[0]
    for text in (repr(sites), str(sites), repr(cam), cam.safe_source):
        assert "pass" not in text and "user:" not in text
    assert cam.safe_source == "rtsp://***@10.0.0.5/stream1"


@pytest.mark.parametrize(
    "source, expected",
    [(0, 0), ("0", 0), (" 2 ", 2), ("videos/desk.mp4", "videos/desk.mp4"), ("http://cam/mjpg", "http://cam/mjpg")],
)
def test_sources_device_index_or_text(source, expected):
    data = _base()
    data["cameras"][0]["source"] = source
    assert parse_sites(data).cameras[0].source == expected


def _set(path, value):
    def mutate(d):
        node = d
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return mutate


def _drop(path):
    def mutate(d):
        node = d
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return mutate


BAD = [
    # (mutation, field named in the message, a fragment of the problem)
    (_set(["cameras", 0, "desks", 1, "staff_zone"], [[0.1, 0.1], [0.2, 0.2]]), "cameras[0].desks[1].staff_zone", "3"),
    (_set(["cameras", 0, "desks", 1, "staff_zone"], [[0.1, 0.1], [1.2, 0.2], [0.3, 0.9]]),
     "cameras[0].desks[1].staff_zone[1][0]", "0..1"),
    (_set(["cameras", 0, "desks", 0, "staff_zone"], [[0.1, 0.1], [0.5, "x"], [0.3, 0.9]]),
     "cameras[0].desks[0].staff_zone[1][1]", "number"),
    (_set(["cameras", 0, "desks", 0, "staff_zone"], [[0.1, 0.1], [0.5], [0.3, 0.9]]),
     "cameras[0].desks[0].staff_zone[1]", "[x, y]"),
    (_set(["cameras", 0, "desks", 0, "staff_zone"], [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]]),
     "cameras[0].desks[0].staff_zone", "no area"),
    (_set(["cameras", 0, "desks", 0, "staff_zone"], [[0.1, 0.1], [0.5, 0.5], [0.5, 0.1], [0.1, 0.6]]),
     "cameras[0].desks[0].staff_zone", "cross"),
    (_set(["cameras", 0, "desks", 1, "id"], "d1"), "cameras[0].desks[1].id", "unique"),
    (_set(["cameras", 0, "id"], "cam 1"), "cameras[0].id", "letters"),
    (_set(["cameras", 0, "source"], True), "cameras[0].source", "device index"),
    (_set(["cameras", 0, "source"], -1), "cameras[0].source", "≥ 0"),
    (_set(["cameras", 0, "source"], "  "), "cameras[0].source", "empty"),
    (_drop(["cameras", 0, "unit"]), "cameras[0].unit", "required"),
    (_set(["cameras", 0, "unit"], "   "), "cameras[0].unit", "empty"),
    (_set(["cameras", 0, "colour"], "red"), "cameras[0].colour", "unknown field"),
    (_set(["cameras", 0, "offline_after_s"], 0), "cameras[0].offline_after_s", "greater than 0"),
    (_set(["cameras", 0, "enabled"], "maybe"), "cameras[0].enabled", "true or false"),
    (_set(["cameras", 0, "desks"], []), "cameras[0].desks", "empty"),
    (_set(["cameras"], []), "cameras", "empty"),
    (_drop(["cameras"]), "cameras", "required"),
    (_set(["timezone"], "Mars/Olympus"), "timezone", "unknown time zone"),
    (_set(["presence"], {"absent_grace_s": -5}), "presence.absent_grace_s", "at least 0"),
    (_set(["presence"], {"grace": 5}), "presence.grace", "unknown field"),
    (_set(["sample_fps"], "fast"), "sample_fps", "number"),
    (_set(["sample_fps"], 0), "sample_fps", "greater than 0"),
]


@pytest.mark.parametrize("mutate, field, fragment", BAD)
def test_a_bad_file_gives_one_message_naming_the_file_and_the_field(tmp_path, mutate, field, fragment):
    import yaml

    data = _base()
    mutate(data)
    path = tmp_path / "sites.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_sites(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {field}: "), message
    assert fragment in message
    assert "\n" not in message
    assert "pass@" not in message  # even when the source is the bad field
    assert info.value.field == field


def test_second_camera_with_a_desk_id_already_used_names_both_places():
    data = _base()
    second = copy.deepcopy(data["cameras"][0])
    second["id"] = "cam2"
    second["desks"] = [second["desks"][1]]
    data["cameras"].append(second)
    with pytest.raises(ConfigError) as info:
        parse_sites(data, "x.yaml")
    assert str(info.value).startswith("x.yaml: cameras[1].desks[0].id: ")
    assert "cameras[0].desks[1]" in str(info.value)


def test_duplicate_camera_id():
    data = _base()
    second = copy.deepcopy(data["cameras"][0])
    second["desks"] = [{"id": "d9", "staff_zone": [[0, 0], [1, 0], [1, 1]]}]
    data["cameras"].append(second)
    with pytest.raises(ConfigError, match=r"^x.yaml: cameras\[1\]\.id: .*unique"):
        parse_sites(data, "x.yaml")


@pytest.mark.parametrize(
    "text, field",
    [
        ("cameras: [\n  - id: cam1\n    source: [", "dòng"),
        ("- just\n- a list\n", ""),
    ],
)
def test_not_yaml_or_not_a_mapping(tmp_path, text, field):
    path = tmp_path / "sites.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_sites(path)
    assert str(info.value).startswith(f"{path}: {field}")


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_sites(tmp_path / "nope.yaml")


def test_optional_blocks_and_lookups():
    data = _base()
    data["detector"] = {"weights": "var/best.onnx", "conf": 0.3}
    data["zone_rule"] = {"anchor_frac": 0.25}
    data["cameras"][0]["enabled"] = False
    data["cameras"][0]["name"] = "Camera quầy"
    sites = parse_sites(data)
    assert sites.detector.weights == "var/best.onnx" and sites.detector.conf == 0.3
    assert sites.zone_rule.anchor_frac == 0.25 and sites.zone_rule.min_upper_overlap == 0.4
    assert sites.enabled_cameras() == ()
    assert sites.camera("cam1").display_name == "Camera quầy"
    assert sites.desk_camera("d2").id == "cam1"
    with pytest.raises(LookupError, match="known: cam1"):
        sites.camera("cam9")


def test_config_is_frozen():
    sites = parse_sites(_base())
    with pytest.raises(Exception):
        sites.sample_fps = 3  # type: ignore[misc]
    assert isinstance(hash(sites), int)
    assert isinstance(sites, SitesConfig)


def test_error_text_is_safe_to_log(caplog, tmp_path):
    data = _base()
    data["cameras"][0]["offline_after_s"] = "soon"
    with caplog.at_level(logging.ERROR):
        try:
            parse_sites(data, "sites.yaml")
        except ConfigError as exc:
            logging.getLogger("t").error("bad: %s", exc)
    assert "cameras[0].offline_after_s" in caplog.text and "pass@" not in caplog.text
