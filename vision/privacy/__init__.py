"""Privacy: faces are blurred in every picture the worker publishes."""
from vision.privacy.blur import BlurResult, blur_faces
from vision.privacy.faces import (
    FaceBoxes,
    FaceDetector,
    FaceModelError,
    default_face_detector,
    default_face_model_path,
)

__all__ = [
    "BlurResult",
    "FaceBoxes",
    "FaceDetector",
    "FaceModelError",
    "blur_faces",
    "default_face_detector",
    "default_face_model_path",
]
