"""CLI commands of the clinical reasoning: `deficit`, `localize`, `trace`."""

from __future__ import annotations

import json
from typing import Any

import click

from kg import reasoning
from kg.cli.util import emit, endpoint_option, format_option, open_graph
from kg.errors import KGError

__all__ = ["commands"]


def _paths_text(paths: list[list[str]]) -> str:
    return " | ".join(" → ".join(p) for p in paths[:2])


EFFECT_NAMES = {
    "actions": "action",
    "muscles": "muscle",
    "nerves": "nerve",
    "reflexes": "reflex",
    "skin_regions": "skin region",
}


@click.command()
@click.argument("roots", nargs=-1, required=True)
@click.option(
    "-s", "--severity", type=click.FloatRange(0.0, 1.0), default=1.0, show_default=True, help="0..1, 1 = complete."
)
@click.option(
    "--show",
    type=click.Choice(["actions", "muscles", "nerves", "reflexes", "skin_regions", "all"]),
    default="all",
    show_default=True,
    help="Which list to print (table/csv/tsv).",
)
@click.option("--all-grades", is_flag=True, help="Also list effects graded 'none'.")
@format_option
@endpoint_option
def deficit(
    roots: tuple[str, ...], severity: float, show: str, all_grades: bool, fmt: str, endpoint: str | None
) -> None:
    """Which actions, muscles, nerves, reflexes and skin regions a lesion of ROOTS affects.

    Example: anatomy-kg deficit L5 --severity 0.8
    """
    result = reasoning.deficit(open_graph(endpoint), list(roots), severity=severity)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    sections = ["actions", "muscles", "nerves", "reflexes", "skin_regions"] if show == "all" else [show]
    for section in sections:
        rows = [
            {"effect": EFFECT_NAMES[section], **r, "why": _paths_text(r["paths"])}
            for r in result[section]
            if all_grades or r["grade"] != "none"
        ]
        if fmt == "table":
            click.echo(f"{section.replace('_', ' ').capitalize()} — {', '.join(x['label'] for x in result['lesions'])}")
            emit(rows, ["label", "grade", "weakness", "why"], fmt)
            click.echo()
        else:
            emit(rows, ["effect", "label", "id", "grade", "weakness", "why"], fmt)
    if fmt == "table":
        click.echo(result["disclaimer"])


def _parse_reflexes(values: tuple[str, ...]) -> dict[str, str]:
    reflexes = {}
    for value in values:
        name, sep, state = value.partition("=")
        if not sep or not name.strip() or not state.strip():
            raise KGError(f"--reflex takes NAME=STATE, e.g. --reflex 'ankle jerk=absent'; got {value!r}")
        reflexes[name.strip()] = state.strip()
    return reflexes


@click.command()
@click.option(
    "--weak",
    multiple=True,
    metavar="ACTION[=MRC]",
    help="An action found weak, optionally its MRC grade 0-5: 'ankle dorsiflexion=2'.",
)
@click.option("--normal", multiple=True, metavar="ACTION", help="An action of normal strength (repeatable).")
@click.option("--numb", multiple=True, metavar="REGION", help="A skin region with reduced sensation (repeatable).")
@click.option("--normal-sensation", multiple=True, metavar="REGION", help="A skin region with normal sensation.")
@click.option(
    "--reflex", "reflexes", multiple=True, metavar="NAME=STATE", help="e.g. 'ankle jerk=absent' (repeatable)."
)
@click.option(
    "--sign", "signs", multiple=True, metavar="SIGN", help="A sign or symptom present, e.g. 'pain with sitting'."
)
@click.option("--absent", multiple=True, metavar="SIGN", help="A sign or symptom looked for and absent.")
@click.option(
    "--test", "tests", multiple=True, metavar="TEST=RESULT", help="e.g. 'FAIR test=positive', 'SLR=negative'."
)
@click.option("--side", type=click.Choice(["left", "right", "bilateral"]), help="Side of findings that name none.")
@click.option("--context", multiple=True, metavar="CONTEXT", help="e.g. diabetes, labour, hip surgery, injection.")
@click.option("-n", "--limit", default=8, show_default=True, help="Candidates to show.")
@format_option
@endpoint_option
def localize(
    weak: tuple[str, ...],
    normal: tuple[str, ...],
    numb: tuple[str, ...],
    normal_sensation: tuple[str, ...],
    reflexes: tuple[str, ...],
    signs: tuple[str, ...],
    absent: tuple[str, ...],
    tests: tuple[str, ...],
    side: str | None,
    context: tuple[str, ...],
    limit: int,
    fmt: str,
    endpoint: str | None,
) -> None:
    """Rank lesion sites (roots, plexus, nerves at their levels, mimics) from examination findings.

    A side can prefix any finding ('left ankle dorsiflexion'). Each site shows its grade (complete,
    partial, irritative) and its fit: findings explained / unexplained / contradicted.

    Example: anatomy-kg localize --weak "ankle dorsiflexion=3" --weak "hip abduction" --normal "ankle plantarflexion"
    """
    result = reasoning.localize(
        open_graph(endpoint),
        weak=list(weak),
        normal=list(normal),
        numb=list(numb),
        reflexes=_parse_reflexes(reflexes),
        signs=list(signs),
        limit=limit,
        absent=list(absent),
        normal_sensation=list(normal_sensation),
        tests=list(tests),
        side=side,
        context=list(context),
    )
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    rows: list[dict[str, Any]] = [
        {
            **c,
            "fit": "{explained}/{unexplained}/{contradicted}".format(**c["fit"]),
            "grade": c["grade"] + (f" ({c['entrapment']})" if c.get("entrapment") else ""),
            "supporting": "; ".join(c["supporting"]),
            "unexplained": "; ".join(c["unexplained"]),
            "contradicting": "; ".join(c["contradicting"]),
        }
        for c in result["candidates"]
    ]
    hidden = 0
    if fmt == "table" and any(c["abnormal_explained"] for c in rows):
        # a site that explains none of the abnormal findings is noise beside one that explains some
        hidden = sum(1 for c in rows if not c["abnormal_explained"])
        rows = [c for c in rows if c["abnormal_explained"]]
    columns = (
        ["label", "kind", "grade", "score", "fit", "contradicting"]
        if fmt == "table"
        else ["label", "id", "kind", "grade", "score", "fit", "supporting", "unexplained", "contradicting"]
    )
    emit(rows, columns, fmt)
    if fmt == "table":
        for note in result["notes"]:
            click.echo(f"Note: {note}", err=True)
        click.echo(f"\n{result['verdict'][0].upper()}{result['verdict'][1:]}.")
        click.echo("(fit = findings explained/unexplained/contradicted)")
        if hidden:
            click.echo(f"{hidden} more site(s) in the top {limit} explain none of the abnormal findings; not shown")
        test = result["next_test"]
        if test:
            click.echo(f"Next test: {test['label']} — {test['why']}")
            for p in test["predictions"]:
                click.echo(f"  {p['site']}: {p['predicts']}")
        click.echo(result["disclaimer"])


@click.command()
@click.argument("term")
@format_option
@endpoint_option
def trace(term: str, fmt: str, endpoint: str | None) -> None:
    """Paths from a symptom, sign or dysfunction to the muscles, nerves and roots behind it.

    Example: anatomy-kg trace "Trendelenburg gait"
    """
    result = reasoning.trace(open_graph(endpoint), term)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    rows = []
    for path in result["paths"]:
        via = "; ".join(step["phrase"] for step in path[1:])
        rows.append({"to": path[-1]["label"], "via": via, "path": " → ".join(s["label"] for s in path)})
    if not rows:
        raise KGError(f"nothing in the graph links {result['term']['label']!r} to muscles, nerves or roots")
    emit(rows, ["to", "path"] if fmt == "table" else ["to", "path", "via"], fmt)


commands = [deficit, localize, trace]
