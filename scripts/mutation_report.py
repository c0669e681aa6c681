"""What the mutation run of kg/reasoning has shown so far (docs/reasoning.md, "Mutation testing").

    python scripts/mutation_report.py                 counts by file from mutants/*.meta
    python scripts/mutation_report.py --sample 120    writes mutants/sample.txt: a seeded random sample of the
                                                      mutants not yet checked and of those that survived
    bash scripts/mutation.sh $(cat mutants/sample.txt) runs them (with today's tests)
    python scripts/mutation_report.py --estimate      the share killed over all mutants: checked ones as
                                                      counted, the rest by the share killed in the sample

mutmut's exit codes: 1 and 3 killed (a test failed), 0 survived, 33 no test covers it, 36 timeout,
None not checked yet.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path

MUTANTS = Path(__file__).resolve().parent.parent / "mutants"
SAMPLE = MUTANTS / "sample.txt"
BASELINE = MUTANTS / "sample-baseline.json"


def status(code: int | None) -> str:
    if code is None:
        return "unchecked"
    if code == 0:
        return "survived"
    if code == 33:
        return "no tests"
    return "killed"  # a failing test (1, 3), a timeout (36) or a crash


def load() -> dict[str, str]:
    out: dict[str, str] = {}
    for meta in sorted(MUTANTS.glob("kg/reasoning/*.py.meta")):
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            out[name] = status(code)
    return out


def counts(states: dict[str, str]) -> None:
    rows: dict[str, dict[str, int]] = {}
    for name, state in states.items():
        module = name.split(".")[2]
        rows.setdefault(module, {}).setdefault(state, 0)
        rows[module][state] += 1
    print(
        f"{'module':10} {'mutants':>8} {'killed':>7} {'survived':>9} {'no tests':>9} {'unchecked':>10} {'killed %':>9}"
    )
    total: dict[str, int] = {}
    for module, c in sorted(rows.items()):
        for k, v in c.items():
            total[k] = total.get(k, 0) + v
        _row(module, c)
    _row("all", total)


def _row(label: str, c: dict[str, int]) -> None:
    checked = c.get("killed", 0) + c.get("survived", 0) + c.get("no tests", 0)
    share = f"{100 * c.get('killed', 0) / checked:.1f}" if checked else "-"
    print(
        f"{label:10} {sum(c.values()):>8} {c.get('killed', 0):>7} {c.get('survived', 0):>9} "
        f"{c.get('no tests', 0):>9} {c.get('unchecked', 0):>10} {share:>9}"
    )


def sample(states: dict[str, str], n: int, seed: int) -> None:
    rng = random.Random(seed)
    picked: dict[str, list[str]] = {}
    for stratum in ("unchecked", "survived"):
        names = sorted(k for k, v in states.items() if v == stratum)
        picked[stratum] = rng.sample(names, min(n, len(names)))
    baseline = {"strata": {s: sorted(k for k, v in states.items() if v == s) for s in ("unchecked", "survived")}}
    baseline["sample"] = picked
    BASELINE.write_text(json.dumps(baseline))
    SAMPLE.write_text("\n".join(picked["unchecked"] + picked["survived"]) + "\n")
    print(f"{len(picked['unchecked'])} unchecked + {len(picked['survived'])} survived mutants in {SAMPLE}")


def estimate(states: dict[str, str]) -> None:
    base = json.loads(BASELINE.read_text())
    strata = base["strata"]
    fixed = {k: v for k, v in states.items() if not any(k in s for s in strata.values())}
    killed = sum(1 for v in fixed.values() if v == "killed")
    total = len(fixed) + sum(len(s) for s in strata.values())
    low = high = point = float(killed)
    for stratum, names in strata.items():
        tried = [states[n] for n in base["sample"][stratum] if states.get(n) not in (None, "unchecked")]
        if not tried:
            continue
        p = sum(1 for s in tried if s == "killed") / len(tried)
        se = math.sqrt(p * (1 - p) / len(tried)) * math.sqrt(max(0.0, 1 - len(tried) / len(names)))
        print(f"{stratum}: {len(names)} mutants, sample {len(tried)}, killed {p:.1%} (±{1.96 * se:.1%}, 95%)")
        point += p * len(names)
        low += max(0.0, p - 1.96 * se) * len(names)
        high += min(1.0, p + 1.96 * se) * len(names)
    print(f"killed over all {total} mutants: {point / total:.1%} (95% interval {low / total:.1%}–{high / total:.1%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, metavar="N", help="sample N of each stratum into mutants/sample.txt")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--estimate", action="store_true", help="estimate the share killed from the sample")
    args = parser.parse_args()
    if not MUTANTS.is_dir():
        raise SystemExit("no mutants/ folder here: run `bash scripts/mutation.sh` first")
    states = load()
    if args.sample:
        sample(states, args.sample, args.seed)
    elif args.estimate:
        estimate(states)
    else:
        counts(states)


if __name__ == "__main__":
    main()
