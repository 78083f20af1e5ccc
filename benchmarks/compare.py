"""Compare `make bench` between two checkouts, alternating runs so that both see the same noise.

    python benchmarks/compare.py OLD_CHECKOUT [NEW_CHECKOUT] [--rounds 2]

Runs each checkout's benchmarks/run.py in turn, `--rounds` times each, and prints every figure's
median per checkout and the ratio new/old. These machines are shared and noisy: quote the ratios
of one run of this script, not figures from separate runs.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

FIGURE = re.compile(r"^(?P<name>[^:]+): median (?P<value>[\d.]+) (?P<unit>ms|s)\b")
DRAWS = re.compile(r"^\s+(?P<name>[\d,]+ draws[^:]*): (?P<value>[\d.]+) s")


def run(checkout: Path, python: str) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONPATH"] = str(checkout)
    done = subprocess.run(
        [python, str(checkout / "benchmarks" / "run.py")],
        cwd=checkout, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    figures = {}
    for line in done.stdout.splitlines():
        if match := FIGURE.match(line) or DRAWS.match(line):
            value = float(match["value"])
            figures[match["name"].strip()] = (
                value / 1000 if match.groupdict().get("unit") == "ms" else value
            )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path, nargs="?", default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    results: dict[str, dict[str, list[float]]] = {
        "old": defaultdict(list),
        "new": defaultdict(list),
    }
    for _ in range(args.rounds):
        for label, checkout in (("old", args.old), ("new", args.new)):
            for name, value in run(checkout.resolve(), sys.executable).items():
                results[label][name].append(value)
    print(f"{'figure':55} {'old':>10} {'new':>10} {'new/old':>8}")
    for name in results["new"]:
        if name not in results["old"]:
            print(f"{name:55} {'-':>10} {statistics.median(results['new'][name]):10.4f}")
            continue
        old, new = (statistics.median(results[label][name]) for label in ("old", "new"))
        print(f"{name:55} {old:10.4f} {new:10.4f} {new / old:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
