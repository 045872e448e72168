"""Exact counts from weights: the arithmetic that makes demo totals match the article."""
from __future__ import annotations

import numpy as np


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Split `total` into integers proportional to `weights` that sum to `total` exactly.

    Hamilton's method: floor every quota, then hand the leftover units to the
    largest fractional parts (ties go to the lower index, so it is deterministic).
    """
    w = np.asarray(weights, dtype=np.float64)
    if total < 0:
        raise ValueError(f"total must be >= 0, got {total}")
    if w.ndim != 1 or len(w) == 0:
        raise ValueError("weights must be a non-empty 1-D array")
    if (w < 0).any() or not np.isfinite(w).all():
        raise ValueError("weights must be finite and >= 0")
    s = w.sum()
    if s <= 0:
        if total:
            raise ValueError("weights sum to 0 but total > 0")
        return np.zeros(len(w), dtype=np.int64)
    quotas = w * (total / s)
    counts = np.floor(quotas).astype(np.int64)
    left = int(total - counts.sum())
    if left:
        frac = quotas - counts
        order = np.lexsort((np.arange(len(w)), -frac))  # largest fraction first, then index
        counts[order[:left]] += 1
    return counts


def exact_bernoulli(rng: np.random.Generator, weights: np.ndarray, k: int) -> np.ndarray:
    """A boolean mask with exactly `k` True, each element drawn with chance ∝ its weight.

    Independent draws give the natural shape; the small surplus or shortfall is
    then removed or added at random so the count is exact.
    """
    w = np.asarray(weights, dtype=np.float64)
    n = len(w)
    eligible = w > 0
    if k < 0 or k > int(eligible.sum()):
        raise ValueError(f"cannot choose {k} of {int(eligible.sum())} eligible items")
    p = _probabilities(w, k)
    chosen = rng.random(n) < p
    diff = int(chosen.sum()) - k
    if diff > 0:
        idx = np.flatnonzero(chosen)
        chosen[rng.choice(idx, size=diff, replace=False)] = False
    elif diff < 0:
        idx = np.flatnonzero(~chosen & eligible)
        # Exponential race keys: smallest keys win, with chance ∝ weight.
        m = -diff
        keys = rng.exponential(size=len(idx)) / w[idx]
        chosen[idx[np.argpartition(keys, m - 1)[:m]]] = True
    return chosen


def _probabilities(w: np.ndarray, k: int) -> np.ndarray:
    """Scale weights to probabilities summing to k, capping at 1 (rescaling the rest)."""
    p = np.zeros_like(w)
    capped = np.zeros(len(w), dtype=bool)
    for _ in range(50):
        free = ~capped & (w > 0)
        room = k - capped.sum()
        if room <= 0 or not free.any():
            break
        p[free] = w[free] * (room / w[free].sum())
        over = free & (p >= 1.0)
        if not over.any():
            break
        capped |= over
        p[capped] = 1.0
    return p
