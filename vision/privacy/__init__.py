"""Privacy: faces are blurred in every picture the worker publishes."""
from vision.privacy.blur import BlurResult, blur_faces
from vision.privacy.faces import (
    FaceBoxes,
    FaceDetector,
    FaceModelError,
    default_face_detector,
    default_face_model_path,
)
from vision.privacy.frame_faces import FrameFaces

__all__ = [
    "BlurResult",
    "FaceBoxes",
    "FaceDetector",
    "FaceModelError",
    "FrameFaces",
    "blur_faces",
    "default_face_detector",
    "default_face_model_path",
]
