"""Camera sources: live readers with health and a watchdog, recorded files for replay.

    from vision.sources import CameraReader, ReaderConfig, FileSource

Credentials in source URLs never leave this package except through
`domain.redaction.redacted_source`.
"""
from vision.sources.capture import (
    CaptureTimeouts,
    SourceKind,
    SourceOpenError,
    configure_opencv,
    open_capture,
    source_kind,
)
from vision.sources.file_source import FileSource, VideoInfo
from vision.sources.health import (
    HealthConfig,
    HealthReason,
    HealthSnapshot,
    HealthTracker,
    is_uniform,
    pictures_differ,
)
from vision.sources.reader import CameraReader, CameraStatus, ReaderConfig, reader_for_camera, stop_readers

__all__ = [
    "CameraReader",
    "CameraStatus",
    "CaptureTimeouts",
    "FileSource",
    "HealthConfig",
    "HealthReason",
    "HealthSnapshot",
    "HealthTracker",
    "ReaderConfig",
    "SourceKind",
    "SourceOpenError",
    "VideoInfo",
    "configure_opencv",
    "is_uniform",
    "open_capture",
    "pictures_differ",
    "reader_for_camera",
    "source_kind",
    "stop_readers",
]
