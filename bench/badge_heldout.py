"""Badge models on held-out people AND held-out card styles, the committed one and the new
one in one run (issue 12, items 5 and 6):

    .venv/bin/python bench/badge_heldout.py                 # crops + desk scenes (~4 min on 2 cores)
    .venv/bin/python bench/badge_heldout.py --scenes 0      # crops only
    .venv/bin/python bench/badge_heldout.py --weights models/badge/badge.pt --weights var/badge_desk/badge.pt

1. Crops: a fresh set of the desk generator's test split (tools/badge/desk_synth.py, seed
   101; training used seed 0): people from zidane.jpg and grace_hopper.jpg, card styles
   HELDOUT_STYLES — neither ever in training — mostly seated at a counter, cards 14–40 px
   on the short side. Precision, recall, F1 at each model's own (validation-chosen)
   threshold, against the target F1 ≥ 0.90; recall per way of wearing and per card size.
2. Desk scenes (tools/badge/desk_scene.py): composed 720p frames, the held-out staff
   cut-outs behind the counter, cards on lanyards and clipped to pockets, look-alikes, dim
   light and casts; person detector → badge rule per seated desk, each frame one judged
   second. Badge violation (FAIL) precision / recall / F1 against F1 ≥ 0.90, and the false
   accusations (FAIL while a card is worn) as a share of the judged seconds against ≤ 2 %.
   Each second is judged on its own (the rule's window of agreeing samples would smooth it).

Models: by default models/badge/badge.pt as it is in the working tree, and the last version
of that file in git that differs from it (the committed model before a new one is copied in);
--weights names them explicitly. Each runs at the threshold it records (chosen on validation);
the sweeps over other thresholds are printed for the record only.
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TARGET_F1 = 0.90
TARGET_FALSE_ACCUSATION = 0.02
MODEL = "models/badge/badge.pt"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def previous_model(folder: Path) -> Path | None:
    """The last committed version of models/badge/badge.pt that differs from the working tree's."""
    current = _sha((REPO / MODEL).read_bytes())
    revs = subprocess.run(["git", "log", "--format=%H", "--", MODEL], cwd=REPO, capture_output=True, text=True,
                          check=True).stdout.split()
    for rev in revs:
        blob = subprocess.run(["git", "show", f"{rev}:{MODEL}"], cwd=REPO, capture_output=True, check=True).stdout
        if _sha(blob) != current:
            path = folder / f"badge-{rev[:8]}.pt"
            path.write_bytes(blob)
            return path
    return None


def _line(name: str, measured: float, target: float, higher: bool = True) -> str:
    ok = measured >= target if higher else measured <= target
    gap = measured - target
    return (f"    {name:<34} {measured:6.3f}  target {'≥' if higher else '≤'} {target:.2f}  "
            f"{'OK' if ok else f'MISS by {abs(gap):.3f}'}")


def _value(name: str, measured: float) -> str:
    return f"    {name:<34} {measured:6.3f}"


def crops(models: dict, root: Path) -> None:
    import csv  # noqa: PLC0415

    from tools.badge.evaluate import count, score_split  # noqa: PLC0415

    with (root / "manifest.csv").open() as fh:
        rows = {r["image"]: r for r in csv.DictReader(fh)}
    for label, model in models.items():
        scored = score_split(model, root, "test")
        res = scored.at(model.threshold)
        c = res.counts
        print(f"  {label}: threshold {model.threshold:.2f}, {res.images} crops ({res.positives} with a card), "
              f"TP {c.tp} FP {c.fp} FN {c.fn} TN {c.tn}, not judged {c.unknown}")
        print(_value("precision", c.precision))
        print(_value("recall", c.recall))
        print(_line("F1 (held-out people + styles)", c.f1, TARGET_F1))
        images = sorted((root / "images" / "test").glob("*.jpg"))
        meta = [rows[f"images/test/{p.name}"] for p in images]
        for key, groups in (("wear", ("pocket", "lanyard")), ("size", ("14-20", "20-28", "28-40"))):
            parts = []
            for g in groups:
                if key == "wear":
                    idx = [i for i, m in enumerate(meta) if m["wear"] == g]
                else:
                    lo, hi = (float(v) for v in g.split("-"))
                    idx = [i for i, m in enumerate(meta) if m["badge"] == "1" and lo <= float(m["card_short_px"]) < hi]
                k = count([scored.truth[i] for i in idx], [scored.scores[i] for i in idx], model.threshold)
                parts.append(f"{g} {k.tp}/{k.tp + k.fn}")
            print(f"    recall by {key}: " + ", ".join(parts))
        neg = [i for i, m in enumerate(meta) if m["badge"] == "0"]
        k = count([False] * len(neg), [scored.scores[i] for i in neg], model.threshold)
        print(f"    negatives taken for a card: {k.fp} of {k.fp + k.tn}")
        sweep = " ".join(f"{t:.1f}:{k.f1:.3f}" for t, k in res.sweep)
        print(f"    F1 by threshold (for the record, not for choosing): {sweep}")


def scenes(models: dict, count: int, seed: int) -> None:
    from tools.badge.desk_scene import START, badge_scene_score, desk_frames, scene_sites  # noqa: PLC0415
    from tools.badge.evaluate import SWEEP  # noqa: PLC0415
    from vision.compliance.badge_rule import BadgeRule  # noqa: PLC0415
    from vision.compliance.rules import JudgeContext, Verdict  # noqa: PLC0415
    from vision.detection.person import PersonDetector  # noqa: PLC0415
    from vision.privacy import default_face_detector  # noqa: PLC0415
    from vision.zones import desk_observations  # noqa: PLC0415

    sites = scene_sites()
    camera = sites.camera("cam1")
    frames = list(desk_frames(count, seed, default_face_detector()))
    detector = PersonDetector()
    boxes = []
    for frame, dets in zip(frames, detector.detect_batch([f.image for f in frames])):
        obs = desk_observations(frame.image.shape, dets, camera, START, rule=sites.zone_rule)
        boxes.append({o.desk_id: o.person_xyxy for o in obs if o.staffed and o.person_xyxy is not None})
    seen = sum(len(b) for b in boxes)
    worn = [t for f in frames for t in f.truths if t.wears]
    sizes = sorted(t.card_short_px for t in worn)
    print(f"  {count} frames (1280×720), {sum(len(f.truths) for f in frames)} seated desk-seconds, "
          f"{len(worn)} with a card ({sum(t.wear == 'pocket' for t in worn)} pocket-clipped), person found in "
          f"{seen}; cards {sizes[0]:.0f}–{sizes[-1]:.0f} px on the short side (median "
          f"{sizes[len(sizes) // 2]:.0f}); {sum(f.dim for f in frames)} dim frames")
    for label, model in models.items():
        rule = BadgeRule(model)
        scores = []  # per frame: desk → the rule's score, None for UNKNOWN
        for frame, found in zip(frames, boxes):
            said = {}
            for desk, box in found.items():
                r = rule.judge(frame.image, box, JudgeContext(desk_id=desk, camera_id="cam1"))
                said[desk] = None if r.result is Verdict.UNKNOWN else r.score
            scores.append(said)

        def at(th: float):
            return badge_scene_score(frames, [{d: None if p is None else p >= th for d, p in said.items()}
                                              for said in scores])

        s = at(rule.threshold)
        print(f"  {label}: threshold {rule.threshold:.2f}, judged {s.judged_s} s, unknown {s.unknown_s} s; "
              f"violations TP {s.tp} FP {s.fp} FN {s.fn} TN {s.tn}; false accusations by wear {s.missed or '{}'}")
        print(_value("badge violation precision", s.precision))
        print(_value("badge violation recall", s.recall))
        print(_line("badge violation F1", s.f1, TARGET_F1))
        print(_line("false-accusation seconds / judged", s.false_accusation_share, TARGET_FALSE_ACCUSATION,
                    higher=False))
        sweep = " ".join(f"{t:.1f}:{at(t).f1:.3f}/{at(t).false_accusation_share:.3f}" for t in SWEEP)
        print(f"    violation F1 / false-accusation share by threshold (for the record, not for choosing): {sweep}")


def main(argv: list[str] | None = None) -> int:
    from tools.badge.desk_synth import write_desk_dataset  # noqa: PLC0415
    from tools.badge.synth import SplitSizes  # noqa: PLC0415
    from vision.compliance.badge.model import BadgeModel  # noqa: PLC0415

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--weights", type=Path, action="append", help="models to compare (default: see above)")
    p.add_argument("--count", type=int, default=300, help="held-out crops")
    p.add_argument("--seed", type=int, default=101)
    p.add_argument("--scenes", type=int, default=60, help="composed desk frames (0: none)")
    p.add_argument("--data", type=Path, help="an existing desk data set folder (its test split) instead of a fresh one")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        paths = args.weights
        if not paths:
            old = previous_model(Path(tmp))
            paths = ([old] if old else []) + [REPO / MODEL]
        models = {}
        for path in paths:
            label = f"{path.name} (committed before)" if path.parent == Path(tmp) else str(path)
            models[label] = BadgeModel(path)
        root = args.data
        if root is None:
            root = Path(tmp) / "heldout"
            write_desk_dataset(root, seed=args.seed, sizes=SplitSizes(0, 0, args.count), splits=("test",))
        print("badge model, held-out people (zidane.jpg, grace_hopper.jpg) and held-out card styles, crops:")
        crops(models, root)
        if args.scenes:
            print("badge rule, composed desk scenes (held-out staff and card styles), each frame one second:")
            scenes(models, args.scenes, args.seed)
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
