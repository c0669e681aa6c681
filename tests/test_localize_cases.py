"""The case library (tests/cases/localization.py): each published picture ranks the site a clinician names first."""

from __future__ import annotations

import pytest
from cases.localization import CASES, Case, rank_of, site_names

import kg
from kg import reasoning


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def run(graph: kg.AnatomyGraph, case: Case) -> list[dict]:
    return reasoning.localize(graph, limit=200, **case.findings)["candidates"]


PARAMS = [
    pytest.param(case, id=case.id, marks=[pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else [])
    for case in CASES
]


@pytest.mark.parametrize("case", PARAMS)
def test_case_ranks_the_named_site_first(graph: kg.AnatomyGraph, case: Case) -> None:
    candidates = run(graph, case)
    ranking = [local(c["id"]) for c in candidates]
    assert case.top in site_names(candidates[0]), f"{case.source}: got {ranking[:3]}"
    assert candidates[0]["kind"] == case.kind
    for other in case.below:
        assert rank_of(candidates, other) > 0, f"{other} should rank below {case.top}"
    if "grade" in case.extra:
        assert candidates[0]["grade"] == case.extra["grade"]
    if "entrapment" in case.extra:
        assert candidates[0]["entrapment"] == case.extra["entrapment"]


def test_the_library_is_large_and_covers_every_site_kind() -> None:
    assert len(CASES) >= 40
    assert {case.kind for case in CASES} == {"root", "roots", "cauda equina", "plexus", "nerve", "mimic"}
    assert all(case.source for case in CASES)
