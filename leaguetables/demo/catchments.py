"""Illustrative catchments for the demo's fictional acute trusts.

OHID publishes no catchment for a trust that does not exist: so that every demo acute trust page
can show its population panel, each fictional trust is given an invented catchment over real
local authorities (a "home" authority and up to three neighbours in code order, shares drawn
from a Dirichlet). Pages label it illustrative. Seeded: the same codes give the same shares.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from leaguetables.demo.generate import DEFAULT_SEED, ILLUSTRATIVE_CODE_PREFIX


def illustrative_catchments(
    trust_codes: Sequence[str], local_authorities: Sequence[str], seed: int = DEFAULT_SEED
) -> dict[str, dict[str, float]]:
    """Shares by local authority code (summing to 1), for each fictional trust code."""
    if not local_authorities:
        return {}
    rng = np.random.default_rng(seed)
    areas = sorted(local_authorities)
    found: dict[str, dict[str, float]] = {}
    for code in sorted(trust_codes):
        if not code.startswith(ILLUSTRATIVE_CODE_PREFIX):
            continue  # never a real trust's
        home = int(rng.integers(len(areas)))
        count = int(rng.integers(1, min(4, len(areas)) + 1))
        chosen = [areas[(home + step) % len(areas)] for step in range(count)]
        weights = rng.dirichlet([6.0] + [1.0] * (count - 1))
        shares = {area: round(float(w), 6) for area, w in zip(chosen, weights, strict=True)}
        # Rounded shares still add to 1: the home authority takes the remainder.
        shares[chosen[0]] = round(1.0 - sum(shares[a] for a in chosen[1:]), 6)
        found[code] = shares
    return found
