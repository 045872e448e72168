import logging

import pytest

from domain.redaction import RedactingFilter, redact_source, redact_text, redacted_source, restore_secrets

# (source, as shown) in the URL styles cameras and recorders sold in Vietnam use.
SOURCES = [
    # user info (RTSP of Hikvision, Dahua, Imou, Ezviz, TP-Link, generic ONVIF)
    ("rtsp://user:pass@10.0.0.5/stream1", "rtsp://***@10.0.0.5/stream1"),
    ("rtsp://admin:p@ss@10.0.0.5:554/Streaming/Channels/101", "rtsp://***@10.0.0.5:554/Streaming/Channels/101"),
    ("rtsp://admin:ab/cd@10.0.0.5/s", "rtsp://***@10.0.0.5/s"),  # a raw '/' in the password
    ("rtsp://admin:my secret@10.0.0.5:554/cam/realmonitor?channel=1&subtype=0",
     "rtsp://***@10.0.0.5:554/cam/realmonitor?channel=1&subtype=0"),  # a space
    ('rtsp://admin:a"b<c>@10.0.0.5/s', "rtsp://***@10.0.0.5/s"),  # a quote and angle brackets
    ("rtsp://admin:a#b@10.0.0.5/s", "rtsp://***@10.0.0.5/s"),  # '#' (a fragment to a URL parser)
    ("rtsp://admin:a?b@10.0.0.5/s", "rtsp://***@10.0.0.5/s"),  # '?'
    ("rtsp://admin:a:b@10.0.0.5/s", "rtsp://***@10.0.0.5/s"),  # ':'
    ("rtsp://admin:S%40c%3Aret%20x@10.0.0.5/s", "rtsp://***@10.0.0.5/s"),  # percent-escapes
    ("rtsps://admin:S3cret@10.0.0.5:322/streaming/live/1", "rtsps://***@10.0.0.5:322/streaming/live/1"),
    ("rtsp://onlyuser@cam.local/live", "rtsp://***@cam.local/live"),
    # XMEye (Vietnamese-market DVR/NVR): credentials in the path
    ("rtsp://192.168.1.10:554/user=admin_password=S3cret_channel=1_stream=0.sdp?real_stream",
     "rtsp://192.168.1.10:554/user=***_password=***_channel=1_stream=0.sdp?real_stream"),
    ("rtsp://192.168.1.10:554/user=admin_password=my_pass word_channel=2_stream=1.sdp",
     "rtsp://192.168.1.10:554/user=***_password=***_channel=2_stream=1.sdp"),  # '_' and ' ' in it
    ("rtsp://192.168.1.10:554/user=admin&password=S3cret&channel=1&stream=0.sdp?",
     "rtsp://192.168.1.10:554/user=***&password=***&channel=1&stream=0.sdp?"),
    # HTTP MJPEG / snapshot URLs
    ("http://192.168.1.20:81/videostream.cgi?loginuse=admin&loginpas=S3cret",
     "http://192.168.1.20:81/videostream.cgi?loginuse=***&loginpas=***"),
    ("http://192.168.1.21:88/cgi-bin/CGIProxy.fcgi?cmd=snapPicture2&usr=admin&pwd=S3 cret",
     "http://192.168.1.21:88/cgi-bin/CGIProxy.fcgi?cmd=snapPicture2&usr=***&pwd=***"),  # Foscam style
    ("https://cam.example/mjpg?user=admin&password=secret&res=hi", "https://cam.example/mjpg?user=***&password=***&res=hi"),
    ("http://10.0.0.8/mjpg/video.mjpg?username=admin&pwd=S3cret", "http://10.0.0.8/mjpg/video.mjpg?username=***&pwd=***"),
    ("http://10.0.0.9/ISAPI/Streaming/channels/101/picture?auth=YWRtaW46UzNjcmV0",
     "http://10.0.0.9/ISAPI/Streaming/channels/101/picture?auth=***"),  # Hikvision
    ("http://10.0.0.9/cgi-bin/snapshot.cgi?channel=1&authbasic=YWRtaW46UzNjcmV0",
     "http://10.0.0.9/cgi-bin/snapshot.cgi?channel=1&authbasic=***"),  # Dahua
    ("http://10.0.0.4/onvif/snapshot?USR=a&PASS=b&passwd=c&token=d&key=e&api_key=f",
     "http://10.0.0.4/onvif/snapshot?USR=***&PASS=***&passwd=***&token=***&key=***&api_key=***"),
    ("http://cam.local/video?token=abc123", "http://cam.local/video?token=***"),
    ("http://10.0.0.5/x?password=a b&c#top", "http://10.0.0.5/x?password=***&c#top"),
    # nothing to hide: unchanged
    ("http://10.0.0.7:8080/video.mjpg", "http://10.0.0.7:8080/video.mjpg"),
    ("rtsp://10.0.0.5:554/cam/realmonitor?channel=1&subtype=0", "rtsp://10.0.0.5:554/cam/realmonitor?channel=1&subtype=0"),
    ("rtsp://10.0.0.5/stream1", "rtsp://10.0.0.5/stream1"),
    ("/srv/footage/quay1@2025.mp4", "/srv/footage/quay1@2025.mp4"),
    ("videos/user=an_password=x.mp4", "videos/user=an_password=x.mp4"),  # a file path is a path
    (0, "0"),
    (3, "3"),
]


@pytest.mark.parametrize("source, shown", SOURCES)
def test_redacted_source(source, shown):
    assert redacted_source(source) == shown


@pytest.mark.parametrize("source, shown", [(s, r) for s, r in SOURCES if isinstance(s, str) and s != r])
def test_every_secret_is_masked_and_each_mask_knows_what_it_hides(source, shown):
    hidden = redact_source(source)
    assert hidden.text == shown
    assert hidden.text.count("***") == len(hidden.secrets)
    assert restore_secrets(hidden.text, source) == source


# Log lines written by others (OpenCV, ffmpeg, exceptions) about sources this process never showed.
@pytest.mark.parametrize("source", [
    "rtsp://admin:my secret@10.0.1.5:554/h264",
    'rtsp://admin:a"b c<d@10.0.1.5/s',
    "rtsp://admin:p@ss/w#rd@10.0.1.5/s",
    "rtsp://10.0.1.10:554/user=admin_password=S3cret_channel=1_stream=0.sdp",
    "http://10.0.1.20:81/videostream.cgi?loginuse=admin&loginpas=S3cret",
    "http://10.0.1.21/snap.cgi?usr=admin&pwd=S3cret",
])
def test_free_text_never_shows_a_password(source):
    line = f'[rtsp @ 0x55d] method DESCRIBE failed: 401 Unauthorized; open "{source}" failed ({source}).'
    clean = redact_text(line)
    for secret in ("secret", 'a"b c<d', "p@ss/w#rd", "S3cret"):
        assert secret not in clean
    assert "401 Unauthorized" in clean


def test_free_text_masks_a_shown_source_whole():
    """A query value with a space is ambiguous in free text, unless the source was shown before."""
    source = "http://10.0.2.21:88/cgi-bin/CGIProxy.fcgi?cmd=snapPicture2&usr=admin&pwd=open sesame"
    redacted_source(source)  # every reader does this when it starts
    assert redact_text(f"cannot open {source}: timeout") == (
        "cannot open http://10.0.2.21:88/cgi-bin/CGIProxy.fcgi?cmd=snapPicture2&usr=***&pwd=***: timeout")


def test_bool_is_not_a_device():
    with pytest.raises(TypeError):
        redacted_source(True)


def test_free_text_with_several_urls():
    text = 'open "rtsp://a:b@h1/s" failed; fallback http://u:v@h2:81/x?pwd=zz done'
    assert redact_text(text) == 'open "rtsp://***@h1/s" failed; fallback http://***@h2:81/x?pwd=*** done'


STORED = "rtsp://admin:S3cret@10.0.0.5:554/Streaming/Channels/101"
XMEYE = "rtsp://10.0.0.7:554/user=admin_password=S3cret_channel=1_stream=0.sdp"


@pytest.mark.parametrize("edited, stored, meant", [
    ("rtsp://***@10.0.0.5:554/Streaming/Channels/102", STORED, "rtsp://admin:S3cret@10.0.0.5:554/Streaming/Channels/102"),
    ("rtsp://***@10.0.0.5:554/Streaming/Channels/101", STORED, STORED),  # untouched
    ("RTSP://***@10.0.0.5:554/h264", STORED, "RTSP://admin:S3cret@10.0.0.5:554/h264"),
    ("rtsp://10.0.0.7:554/user=***_password=***_channel=2_stream=0.sdp", XMEYE,
     "rtsp://10.0.0.7:554/user=admin_password=S3cret_channel=2_stream=0.sdp"),
    ("rtsp://new:N3w@10.0.0.6/s", STORED, "rtsp://new:N3w@10.0.0.6/s"),  # no ***: a new source as typed
    ("0", STORED, "0"),
])
def test_restore_secrets(edited, stored, meant):
    assert restore_secrets(edited, stored) == meant


@pytest.mark.parametrize("edited, says", [
    ("rtsp://***@10.9.9.9:554/Streaming/Channels/101", "host"),  # the password would go to another device
    ("rtsp://***@10.0.0.5:8554/Streaming/Channels/101", "host"),  # another port
    ("http://***@10.0.0.5:554/Streaming/Channels/101", "host"),  # another scheme
    ("rtsp://10.0.0.5:554/***", "masked"),  # moved where the page would show it
    ("rtsp://***@10.0.0.5:554/s?pwd=***", "type the credentials again"),  # more masks than the stored source has
])
def test_restore_secrets_refuses(edited, says):
    with pytest.raises(ValueError, match=says) as refused:
        restore_secrets(edited, STORED)
    assert "S3cret" not in str(refused.value)


def test_logging_filter_masks_messages_args_and_tracebacks(caplog):
    log = logging.getLogger("test.redact")
    log.addFilter(RedactingFilter())
    try:
        with caplog.at_level(logging.INFO, logger="test.redact"):
            log.info("opening %s", "rtsp://admin:hunter2@10.0.0.5/s")
            log.info("opening %s", "rtsp://10.0.0.5/user=admin_password=hunter3_channel=1_stream=0.sdp")
            try:
                raise ConnectionError("cannot reach rtsp://admin:hunter2@10.0.0.5/s")
            except ConnectionError:
                log.exception("reader failed")
    finally:
        log.filters.clear()
    formatted = "\n".join(caplog.handler.format(r) for r in caplog.records)
    assert "hunter2" not in formatted and "hunter3" not in formatted
    assert "rtsp://***@10.0.0.5/s" in formatted
    assert "ConnectionError" in formatted
