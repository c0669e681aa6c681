"""Top-1 and top-3 accuracy of the localizer on the case library: `python tests/cases/report.py`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import kg
from cases.localization import CASES, site_names
from kg import reasoning


def main() -> None:
    graph = kg.load()
    top1 = top3 = 0
    misses = []
    for case in CASES:
        candidates = reasoning.localize(graph, limit=3, **case.findings)["candidates"]
        ranking = [c["id"].rsplit("/", 1)[-1] for c in candidates]
        names = [site_names(c) for c in candidates]  # a nerve named by a case matches it at any of its levels
        top1 += case.top in names[0]
        top3 += any(case.top in n for n in names)
        if case.top not in names[0]:
            misses.append(f"  {case.id}: expected {case.top}, got {', '.join(ranking)}")
    n = len(CASES)
    print(f"{n} cases: top-1 {top1}/{n} ({top1 / n:.0%}), top-3 {top3}/{n} ({top3 / n:.0%})")
    print("\n".join(misses))


if __name__ == "__main__":
    main()
