"""Person (and other small) detectors, one idea per module:

* ``person``     — :class:`PersonDetector`, what the worker, replay and compliance call;
* ``runners``    — the OpenVINO and ONNX Runtime runners of the exported ONNX file;
* ``letterbox``  — the network input (resize, pad to the stride) shared by the runners;
* ``postprocess``— raw head output → :class:`vision.types.Detections` (filter, NMS);
* ``onnx_cache`` — the ONNX export of a weights file, made once and cached by content;
* ``overlay``    — fine-tuned models shipped as the tensors that changed (badge model);
* ``offline``    — Ultralytics' offline switches and the default weights on disk;
* ``ultralytics_adapter`` — the one module that imports ``ultralytics``;
* ``errors``     — :class:`DetectorError`.

Nothing is imported here: each caller imports the module it needs (torch, OpenVINO
and Ultralytics load only when a detector is built).
"""
