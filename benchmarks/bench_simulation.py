"""Time the likely-range simulation on a league the size of the acute one.

The acute league has 134 trusts scored on about 20 metrics each; its ranges are computed at
import, so the simulation must stay well under a second. Run:

    .venv/bin/python benchmarks/bench_simulation.py

Prints the median of 5 runs at 2,000 draws (the floor the ranges need) and at the default
number of draws, and exits 1 when the 2,000-draw median is over the 1 s budget.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from leaguetables.nof import rules  # noqa: E402
from leaguetables.nof.uncertainty import (  # noqa: E402
    DEFAULT_DRAWS,
    TrustScores,
    league_thresholds,
    simulate_league,
)
from leaguetables.nof.years import NOF_2025_26

TRUSTS = 134
METRICS = 23  # 17-23 scores each, about 20 on average: specialist trusts have fewer
BUDGET_SECONDS = 1.0
RUNS = 5


def synthetic_league(seed: int = 1) -> list[TrustScores]:
    """Fictional trusts with 17-23 scores each, segmented at their own quartiles."""
    rng = np.random.default_rng(seed)
    scores = []
    for _ in range(TRUSTS):
        count = int(rng.integers(METRICS - 6, METRICS + 1))
        # The infection metrics weigh a third each, so the weighted path is timed too.
        ids = ["OF1046", "OF1048", "OF1088"] + [f"OF1{n:03d}" for n in range(100, 100 + count - 3)]
        scores.append({m: float(np.round(rng.uniform(1, 4), 2)) for m in ids})
    averages = [rules.round_half_up(NOF_2025_26.average_score(s) or 0.0) for s in scores]
    quartiles = np.quantile(averages, [0.25, 0.5, 0.75])
    return [
        TrustScores(
            trust_code=f"T{i:03d}",
            scores=s,
            unadjusted_segment=rules.segment_for(average, quartiles),
            in_financial_deficit=bool(rng.random() < 0.3),
            published_average=average,
            rules=NOF_2025_26,
        )
        for i, (s, average) in enumerate(zip(scores, averages, strict=True))
    ]


def median_seconds(trusts: list[TrustScores], draws: int) -> float:
    thresholds = league_thresholds(trusts)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        simulate_league(trusts, thresholds, draws=draws)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> int:
    trusts = synthetic_league()
    metrics = statistics.mean(len(t.counted_scores) for t in trusts)
    budget = median_seconds(trusts, 2_000)
    default = median_seconds(trusts, DEFAULT_DRAWS)
    print(f"{TRUSTS} trusts, {metrics:.1f} metrics each, median of {RUNS} runs:")
    print(f"  2,000 draws: {budget:.3f} s (budget {BUDGET_SECONDS:.1f} s)")
    print(f"  {DEFAULT_DRAWS:,} draws (default): {default:.3f} s")
    if budget > BUDGET_SECONDS:
        print("over budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
