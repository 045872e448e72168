"""The badge (thẻ công chức) model's tooling: synthetic data (``synth``, ``cards``,
``clutter``, ``sources``), real crops for labelling (``export``), training, evaluation,
and the command line ``python -m tools.badge``.

The runtime keeps only what predicts: :mod:`vision.compliance.badge` (``BadgeModel``).
"""
