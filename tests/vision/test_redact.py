import logging

import pytest

from vision.redact import RedactingFilter, redact_text, redacted_source


@pytest.mark.parametrize(
    "source, shown",
    [
        ("rtsp://user:pass@10.0.0.5/stream1", "rtsp://***@10.0.0.5/stream1"),
        ("rtsp://admin:p@ss@10.0.0.5:554/Streaming/Channels/101", "rtsp://***@10.0.0.5:554/Streaming/Channels/101"),
        ("rtsp://admin:ab/cd@10.0.0.5/s", "rtsp://***@10.0.0.5/s"),  # a raw '/' in the password
        ("rtsp://onlyuser@cam.local/live", "rtsp://***@cam.local/live"),
        ("https://cam.example/mjpg?user=admin&password=secret&res=hi", "https://cam.example/mjpg?user=***&password=***&res=hi"),
        ("http://cam.local/video?token=abc123", "http://cam.local/video?token=***"),
        ("http://10.0.0.7:8080/video.mjpg", "http://10.0.0.7:8080/video.mjpg"),
        ("rtsp://10.0.0.5/stream1", "rtsp://10.0.0.5/stream1"),
        ("/srv/footage/quay1@2025.mp4", "/srv/footage/quay1@2025.mp4"),
        (0, "0"),
        (3, "3"),
    ],
)
def test_redacted_source(source, shown):
    assert redacted_source(source) == shown


def test_bool_is_not_a_device():
    with pytest.raises(TypeError):
        redacted_source(True)


def test_free_text_with_several_urls():
    text = 'open "rtsp://a:b@h1/s" failed; fallback http://u:v@h2:81/x?pwd=zz done'
    assert redact_text(text) == 'open "rtsp://***@h1/s" failed; fallback http://***@h2:81/x?pwd=*** done'


def test_logging_filter_masks_messages_args_and_tracebacks(caplog):
    log = logging.getLogger("test.redact")
    log.addFilter(RedactingFilter())
    try:
        with caplog.at_level(logging.INFO, logger="test.redact"):
            log.info("opening %s", "rtsp://admin:hunter2@10.0.0.5/s")
            try:
                raise ConnectionError("cannot reach rtsp://admin:hunter2@10.0.0.5/s")
            except ConnectionError:
                log.exception("reader failed")
    finally:
        log.filters.clear()
    formatted = "\n".join(caplog.handler.format(r) for r in caplog.records)
    assert "hunter2" not in formatted
    assert "rtsp://***@10.0.0.5/s" in formatted
    assert "ConnectionError" in formatted
