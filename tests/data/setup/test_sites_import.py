"""A sites file into the store: a redacted source never replaces the full one the Cấu hình page stored;
idempotent; audited and revision-bumped; a bad file names the field and writes nothing."""
import json

import pytest
import yaml
from setup_store import SECRET_URL, ZONE, audit_rows, build_tree, counts
from sqlalchemy import select

from data.access import SYSTEM
from data.cli import main
from data.presence.policy import resolve_unit
from data.schema import Camera, ComplianceRule, Desk
from data.setup.cameras import CameraInput, create_camera
from data.setup.desks import DeskInput, create_desk
from data.setup.sites_import import import_sites
from domain.presence_policy import PresencePolicy
from domain.sites import ConfigError, parse_sites
from vision.store_writer import StoreWriter

ZONE2 = [[0.5, 0.3], [0.8, 0.3], [0.8, 0.75], [0.5, 0.75]]


def sites_doc(source, *, desks=None, **top):
    return {**top, "cameras": [{
        "id": "DH-CAM01", "name": "Camera 01", "source": source, "unit": "Xã Điềm He",
        "desks": desks or [{"id": "Q1", "name": "Quầy 1", "staff_zone": [list(p) for p in ZONE]},
                           {"id": "Q2", "name": "Quầy 2", "staff_zone": ZONE2}]}]}


@pytest.fixture
def page_camera(engine):
    """A store set up on the Cấu hình page: the camera with its real, credentialed source, one desk."""
    tree = build_tree(engine)
    with engine.begin() as c:
        cam = create_camera(c, SYSTEM, CameraInput(tree.diem_he, "DH-CAM01", "Camera 01", SECRET_URL))
        create_desk(c, SYSTEM, DeskInput(tree.diem_he, "Q1", "Quầy 1", cam, ZONE))
    return tree


def stored_source(engine):
    with engine.connect() as c:
        return c.execute(select(Camera.source).where(Camera.code == "DH-CAM01")).scalar_one()


REDACTED = [
    "rtsp://***@10.0.0.5:554/stream1",  # the page's list shows it so
    " rtsp://***@10.0.0.5:554/stream1 ",
]


@pytest.mark.parametrize("source", REDACTED)
def test_an_import_with_a_redacted_source_keeps_the_stored_credentials(engine, page_camera, source):
    with engine.begin() as c:
        done = import_sites(c, parse_sites(sites_doc(source)))
    assert stored_source(engine) == SECRET_URL
    assert done.kept_sources == ("DH-CAM01",) and done.desks_added == ("Q2",) and done.cameras_changed == ()


def test_masks_where_the_credentials_are_keep_them_in_an_edited_source(engine, page_camera):
    with engine.begin() as c:
        import_sites(c, parse_sites(sites_doc("rtsp://***@10.0.0.5:554/stream2")))
    assert stored_source(engine) == "rtsp://admin:S3cret-pass@10.0.0.5:554/stream2"


def test_a_sites_file_worker_start_keeps_the_stored_credentials_and_opens_them(engine, page_camera, tmp_path):
    writer = StoreWriter(engine, parse_sites(sites_doc("rtsp://***@10.0.0.5:554/stream1")), tmp_path)
    ids = writer.sync()  # what `vision run --sites FILE` does at start
    assert stored_source(engine) == SECRET_URL
    assert writer.sites.camera("DH-CAM01").source == SECRET_URL  # the reader opens the real one
    with engine.connect() as c:
        assert ids.desk_ids["Q1"] == c.execute(select(Desk.id).where(Desk.code == "Q1")).scalar_one()


def test_a_full_source_in_the_file_is_stored_and_audited_without_it(engine, page_camera):
    new = "rtsp://admin:N3w-pass@10.0.0.7:554/stream1"
    with engine.begin() as c:
        done = import_sites(c, parse_sites(sites_doc(new)))
    assert stored_source(engine) == new and done.cameras_changed == ("DH-CAM01",)
    *_, (actor, action, target, detail) = audit_rows(engine)
    assert (actor, action, detail["op"], detail["source_changed"]) == ("system", "config_change", "import_update", True)
    assert all("N3w-pass" not in json.dumps(d) and "S3cret" not in json.dumps(d) for *_, d in audit_rows(engine))


def test_an_import_is_idempotent_and_bumps_the_revision_only_when_something_changed(engine, page_camera):
    doc = sites_doc("rtsp://***@10.0.0.5:554/stream1", sample_fps=2,
                    presence={"present_after_s": 3, "absent_grace_s": 30, "incident_min_s": 600},
                    compliance={"uniform": {"colours": [[60, -20, 5]]}, "blur_staff_faces": False})
    before = counts(engine)
    with engine.begin() as c:
        first = import_sites(c, parse_sites(doc))
    after_first = counts(engine)
    assert first.changed and after_first.revision > before.revision and after_first.desks == 2
    # Only the rules the file states (no badge block): the others keep what the page stored.
    assert sorted(first.rules_changed) == ["Xã Điềm He: presence", "Xã Điềm He: privacy", "Xã Điềm He: uniform"]
    assert resolve_unit(engine, page_camera.diem_he).policy == PresencePolicy(3, 30, 600, 2)
    with engine.connect() as c:
        rules = dict(c.execute(select(ComplianceRule.rule, ComplianceRule.params)).all())
    assert rules["uniform"]["colours"] == [[60, -20, 5]] and rules["privacy"] == {"blur_staff_faces": False}
    with engine.begin() as c:
        second = import_sites(c, parse_sites(doc))
    assert not second.changed and second.revision == first.revision
    assert counts(engine) == after_first  # no row, no audit entry, no revision bump
    assert "(nothing changed)" in second.summary()


def test_rule_fields_the_file_does_not_state_keep_what_the_page_stored(engine, page_camera):
    import datetime as dt

    from sqlalchemy import insert

    with engine.begin() as c:
        c.execute(insert(ComplianceRule).values(unit_id=page_camera.diem_he, rule="uniform", updated_at=dt.datetime.now(dt.UTC),
                                                params={"colours": [[25, 15, -40]], "chroma_tol": 9}))
        c.execute(insert(ComplianceRule).values(unit_id=page_camera.diem_he, rule="privacy", updated_at=dt.datetime.now(dt.UTC),
                                                params={"blur_staff_faces": False}))
        import_sites(c, parse_sites(sites_doc(SECRET_URL, compliance={"uniform": {"colours": [[60, -20, 5]]}})))
    with engine.connect() as c:
        rules = dict(c.execute(select(ComplianceRule.rule, ComplianceRule.params)).all())
    assert rules == {"uniform": {"colours": [[60, -20, 5]], "chroma_tol": 9}, "privacy": {"blur_staff_faces": False}}


def test_a_file_without_presence_leaves_the_unit_inheriting(engine, page_camera):
    with engine.begin() as c:
        import_sites(c, parse_sites(sites_doc(SECRET_URL)))
    assert resolve_unit(engine, page_camera.diem_he).own is False


@pytest.mark.parametrize("doc, field, says", [
    ({"cameras": [sites_doc("rtsp://***@10.0.0.9/s")["cameras"][0] | {"id": "NEW-CAM"}]},
     "cameras[0].source", "thông tin đăng nhập thật"),  # a new camera: no stored source to keep
    (sites_doc("rtsp://***@10.0.0.9:554/stream1"), "cameras[0].source", "đổi giao thức, máy hoặc cổng"),
    ({"cameras": [sites_doc(SECRET_URL)["cameras"][0] | {"presence": {"incident_min_s": 600}},
                  sites_doc("0")["cameras"][0] | {"id": "DH-CAM02", "desks": [{"id": "Q9", "staff_zone": ZONE2}]}],
      "sample_fps": 2},
     "cameras[1].presence", "unit 'Xã Điềm He' got other values"),
])
def test_a_bad_file_names_the_field_and_writes_nothing(engine, page_camera, doc, field, says):
    before = counts(engine)
    with pytest.raises(ConfigError) as err, engine.begin() as c:
        import_sites(c, parse_sites(doc), "sites.yaml")
    assert err.value.field == field and says in str(err.value) and str(err.value).startswith(f"sites.yaml: {field}:")
    assert "S3cret" not in str(err.value)
    assert counts(engine) == before and stored_source(engine) == SECRET_URL


def test_the_command_line_imports_and_prints_a_summary(engine, page_camera, store_url, tmp_path, capsys):
    path = tmp_path / "sites.yaml"
    path.write_text(yaml.safe_dump(sites_doc("rtsp://***@10.0.0.5:554/stream1"), allow_unicode=True), "utf-8")
    assert main(["import-sites", str(path), "--db", store_url]) == 0
    assert capsys.readouterr().out.startswith("cameras: 0 added, 0 changed; desks: 1 added, 0 changed, 0 deactivated")
    assert stored_source(engine) == SECRET_URL
    assert main(["import-sites", str(path), "--db", store_url]) == 0
    assert capsys.readouterr().out.rstrip().endswith("(nothing changed)")
    path.write_text("cameras:\n  - id: X\n    unit: Xã Điềm He\n    desks: []\n", "utf-8")
    assert main(["import-sites", str(path), "--db", store_url]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Lỗi: {path}: cameras[0].") and len(err.strip().splitlines()) == 1
