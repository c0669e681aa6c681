"""`anatomy-kg`: search, show, query, validate and export the AnatomyKG graph from the shell.

Every command that prints results takes `--format table|json|csv|tsv` and `--endpoint URL`
(or $ANATOMY_KG_ENDPOINT) to run against a SPARQL 1.1 endpoint instead of the embedded store.
Unknown names and bad input exit 2 with a message saying what would work.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from kg.cli.util import emit, endpoint_option, format_option, open_graph, read_text_file
from kg.errors import KGError

__all__ = ["cli", "endpoint_option", "format_option", "main"]


#: modules that add commands (reasoning, server, app, bench), imported only when one of their commands
#: runs or the command list is shown: `anatomy-kg deficit` need not import the server's web stack
FEATURE_MODULES = ["kg.cli.reasoning", "kg.server.endpoint", "kg.cli.app", "kg.bench.benchmark"]


def _feature_commands(module_name: str) -> list[click.Command]:
    import importlib

    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name == module_name:
            return []
        raise
    return list(module.commands)


class _LazyFeatures(click.Group):
    """The CLI group, importing a feature module the first time one of its commands is asked for."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        for module_name in FEATURE_MODULES:
            if command is not None:
                break
            if module_name not in _loaded:
                _loaded.add(module_name)
                for feature in _feature_commands(module_name):
                    self.add_command(feature)
                command = super().get_command(ctx, cmd_name)
        return command

    def list_commands(self, ctx: click.Context) -> list[str]:
        for module_name in FEATURE_MODULES:
            if module_name not in _loaded:
                _loaded.add(module_name)
                for feature in _feature_commands(module_name):
                    self.add_command(feature)
        return super().list_commands(ctx)


_loaded: set[str] = set()


@click.group(cls=_LazyFeatures, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="anatomy-kg", prog_name="anatomy-kg")
def cli() -> None:
    """AnatomyKG: lumbopelvic and lower-limb anatomy as a knowledge graph. For education, not diagnosis."""


@cli.command()
@click.argument("text")
@click.option("-n", "--limit", default=20, show_default=True, type=click.IntRange(min=1), help="Most results to show.")
@format_option
@endpoint_option
def search(text: str, limit: int, fmt: str, endpoint: str | None) -> None:
    """Entities whose label or synonym contains TEXT, best match first.

    Example: anatomy-kg search "glute med"
    """
    from kg.vocab import curie

    graph = open_graph(endpoint)
    hits = graph.search(text, limit=limit)
    if not hits:
        suggestions = graph.suggestions(text)
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        raise KGError(f"nothing matches {text!r}{hint}")
    rows = [
        {
            "id": curie(h.id) if fmt == "table" else h.id,
            "label": h.label,
            "type": curie(h.type),
            "matched": h.matched,
            "score": h.score,
        }
        for h in hits
    ]
    emit(rows, ["id", "label", "type", "matched"] + (["score"] if fmt != "table" else []), fmt)


@cli.command()
@click.argument("name")
@format_option
@endpoint_option
def show(name: str, fmt: str, endpoint: str | None) -> None:
    """Everything the graph states about NAME (a label, synonym or IRI), with sources.

    Example: anatomy-kg show "glute med"
    """
    from kg.card import card_sections, key_facts, source_tiers
    from kg.vocab import curie

    graph = open_graph(endpoint)
    card = graph.entity(name)
    tiers = source_tiers(graph)
    if fmt == "json":
        click.echo(json.dumps(card.as_dict(), indent=2, ensure_ascii=False))
        return
    if fmt in ("csv", "tsv"):
        rows = [
            {
                "section": title,
                "fact": item["text"],
                "other": item["other"],
                "sources": [s["id"] for s in item["sources"]],
                "notes": item["notes"],
            }
            for title, items in card_sections(card, tiers).items()
            for item in items
        ]
        emit(rows, ["section", "fact", "other", "sources", "notes"], fmt)
        return
    click.echo(f"{card.label}  ({curie(card.type)}, {curie(card.id)})")
    if card.definition:
        click.echo(click.wrap_text(card.definition, width=100, initial_indent="  ", subsequent_indent="  "))
    if card.synonyms:
        click.echo(f"  synonyms: {', '.join(card.synonyms)}")
    if card.xrefs:
        click.echo(f"  same as: {', '.join(curie(x) for x in card.xrefs)}")
    if card.sources:
        click.echo(f"  described by: {'; '.join(s['label'] for s in card.sources)}")
    facts = key_facts(card, graph.class_ancestors.get(card.type, ()))
    if facts:
        click.echo("\nKey facts")
        for heading, items in facts:
            click.echo(f"  {heading + ':':<13} {'; '.join(i['label'] for i in items)}")
    for title, items in card_sections(card, tiers).items():
        click.echo(f"\n{title}")
        for item in items:
            sources = "; ".join(f"{s['label']} ({s['tier']})" if s.get("tier") else s["label"] for s in item["sources"])
            click.echo(f"  • {item['text']}  [{sources or 'no source'}]")
            for note in item["notes"]:
                click.echo(f"      note: {note}")


@cli.command()
@click.argument("start")
@click.argument("end")
@click.option("-n", "--limit", default=5, show_default=True, type=click.IntRange(min=1), help="Most paths to show.")
@format_option
@endpoint_option
def path(start: str, end: str, limit: int, fmt: str, endpoint: str | None) -> None:
    """How START and END are connected: the shortest meaningful paths between them, as sentences.

    Example: anatomy-kg path piriformis "foot drop"
    """
    from kg.paths import connect

    graph = open_graph(endpoint)
    try:
        result = connect(graph, start, end, limit=limit)
    except ValueError as e:
        raise KGError(str(e)) from None
    if not result["paths"]:
        raise KGError(
            f"no path of at most 6 links joins {result['from']['label']!r} and {result['to']['label']!r} "
            "(bones, exercises, tests and muscle groups are not walked through)"
        )
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    rows = [
        {"rank": i, "links": p["hops"], "path": p["sentence"], "via": " → ".join(p["labels"])}
        for i, p in enumerate(result["paths"], start=1)
    ]
    if fmt in ("csv", "tsv"):
        emit(rows, ["rank", "links", "path", "via"], fmt)
        return
    click.echo(f"How {result['from']['label']} and {result['to']['label']} are connected:")
    for row in rows:
        click.echo(
            click.wrap_text(row["path"], width=100, initial_indent=f"{row['rank']:>3}. ", subsequent_indent="     ")
        )


@cli.command()
@click.option("-n", "--count", default=5, show_default=True, type=click.IntRange(min=1), help="Questions to ask.")
@click.option("--kind", "kinds", multiple=True, help="Only these kinds: nerve, insertion, key muscle, reflex.")
@click.option(
    "--progress",
    "progress_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Progress file (default $ANATOMY_KG_QUIZ_FILE or ~/.local/share/anatomy-kg/quiz-progress.json).",
)
@click.option(
    "--export",
    "export_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write every question as an Anki deck (.apkg) instead of asking.",
)
@click.option("--seed", default=0, show_default=True, help="Shuffles the options; the same seed, the same quiz.")
@endpoint_option
def quiz(
    count: int,
    kinds: tuple[str, ...],
    progress_file: Path | None,
    export_file: Path | None,
    seed: int,
    endpoint: str | None,
) -> None:
    """A quiz generated from the graph, due questions first (spaced repetition); or an Anki deck with --export.

    Example: anatomy-kg quiz -n 3 --kind nerve
    """
    from kg.quiz import Progress, export_anki, questions

    graph = open_graph(endpoint)
    try:
        items = questions(graph, kinds or None, seed=seed)
        if export_file is not None:
            written = export_anki(items, export_file)
            click.echo(f"wrote {written} questions to {export_file}")
            return
        progress = Progress(progress_file)
    except (ValueError, OSError) as e:
        raise KGError(str(e)) from None
    right = 0
    asked = progress.order(items)[:count]
    for number, q in enumerate(asked, start=1):
        click.echo(f"\n{number}. {q.prompt}")
        for i, option in enumerate(q.options, start=1):
            click.echo(f"   {i}) {option}")
        choice = click.prompt("   your answer", type=click.IntRange(1, len(q.options)))
        correct = q.options[choice - 1] == q.answer
        right += correct
        due = progress.record(q.id, correct)
        verdict = "right" if correct else f"no: {q.answer}"
        click.echo(f"   {verdict}. {q.explanation} Sources: {'; '.join(q.sources) or 'none recorded'}.")
        click.echo(f"   card: {q.card} · next review {due:%Y-%m-%d %H:%M} UTC")
    click.echo(f"\n{right} of {len(asked)} right. Progress: {progress.path} (delete it to start over).")


@cli.command()
@click.argument("query")
@click.option("--max-rows", default=None, type=click.IntRange(min=1), help="Stop after this many rows.")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "tsv", "ttl", "nt", "jsonld"]),
    default="table",
    show_default=True,
    help="Output format; ttl (Turtle), nt (N-Triples) and jsonld (JSON-LD) are for CONSTRUCT and DESCRIBE.",
)
@endpoint_option
def sparql(query: str, max_rows: int | None, fmt: str, endpoint: str | None) -> None:
    """Run a read-only SPARQL QUERY (text, or @FILE.rq); the project's prefixes are predeclared.

    Example: anatomy-kg sparql "SELECT ?m WHERE { ?m obo:RO_0002005 :superior_gluteal_nerve }"
    """
    from kg.errors import QueryError
    from kg.vocab import curie

    source = "query"
    if query.startswith("@"):
        path = Path(query[1:])
        query = read_text_file(path, "query file")
        source = str(path)
    graph = open_graph(endpoint)
    try:  # user_query runs the guard's text (kg.sparql.guard): the protection of the in-process CLI
        result = graph.user_query(query, max_rows=max_rows)
    except QueryError as e:
        raise QueryError(f"{source}: {e}") from None
    from kg.sparql.help import CONSTRUCT_FORMATS, triples_text

    if result["form"] in ("CONSTRUCT", "DESCRIBE"):
        if fmt in CONSTRUCT_FORMATS or fmt == "json":
            click.echo(triples_text(result["triples"], "jsonld" if fmt == "json" else fmt), nl=False)
        else:
            shorten = fmt == "table"
            triples = [dict(zip(("subject", "predicate", "object"), t, strict=True)) for t in sorted(result["triples"])]
            rows = [{k: (curie(str(v)) if shorten else str(v)) for k, v in t.items()} for t in triples]
            emit(rows, ["subject", "predicate", "object"], fmt)
        return
    if fmt in CONSTRUCT_FORMATS:
        raise KGError(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE results; a {result['form']} query takes table, json, csv or tsv"
        )
    if result["form"] == "ASK":
        click.echo(json.dumps(result["boolean"]) if fmt == "json" else str(result["boolean"]).lower())
        return
    shorten = fmt == "table"
    rows = [{k: (curie(str(v)) if shorten else str(v)) for k, v in row.items()} for row in result["rows"]]
    emit(rows, result["variables"], fmt)
    if result["truncated"]:
        click.echo(f"(stopped after {max_rows} rows)", err=True)


@cli.command()
@click.argument("extra", nargs=-1, type=click.Path(path_type=Path))
@format_option
def validate(extra: tuple[Path, ...], fmt: str) -> None:
    """Check data/*.ttl plus any EXTRA Turtle files against the SHACL contract.

    Prints one line per finding and exits 1 if any is an error.
    Example: anatomy-kg validate my-additions.ttl
    """
    from kg.publish.release import quality_findings
    from kg.validate import validate as run

    findings = run(extra=list(extra))
    findings += quality_findings(list(extra))  # the release's quality report (kg/queries/quality_*.rq)
    if fmt != "table":
        emit([f.as_dict() for f in findings], ["severity", "file", "focus", "message"], fmt)
    else:
        for finding in findings:
            click.echo(str(finding))
        errors = sum(f.severity == "ERROR" for f in findings)
        click.echo(f"{errors} error(s) in {len(findings)} finding(s)" if findings else "No issues found")
    if any(f.severity == "ERROR" for f in findings):
        sys.exit(1)


@cli.command()
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "jsonld", "graphml"]),
    default="ttl",
    show_default=True,
    help="Serialisation.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="File to write (default: stdout).")
@click.option(
    "--release",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Write a dated release into DIR instead: Turtle, N-Triples, JSON-LD + context, OWL, SSSOM mappings, "
    "quality report.",
)
@endpoint_option
def export(fmt: str, output: Path | None, release: Path | None, endpoint: str | None) -> None:
    """Write the whole graph, inferred shortcuts included, for loading into a triple store.

    Example: anatomy-kg export -f nt -o anatomy-kg.nt
    Example: anatomy-kg export --release dist/
    """
    from kg.publish.export import check_output
    from kg.publish.export import export as run

    if release is not None:
        from kg.publish.release import write_release

        for path in write_release(open_graph(endpoint), release):
            click.echo(f"wrote {path}", err=True)
        return

    if output is not None:
        check_output(output)  # a typo in -o is reported before the graph is loaded
    data = run(open_graph(endpoint), fmt, output)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        click.echo(f"wrote {len(data):,} bytes to {output}", err=True)


@cli.command()
@format_option
@endpoint_option
def stats(fmt: str, endpoint: str | None) -> None:
    """Counts of entities by type, sourced facts and sources.

    Example: anatomy-kg stats
    """
    from kg.vocab import curie

    s = open_graph(endpoint).stats()
    if fmt == "json":
        click.echo(json.dumps(s, indent=2))
        return
    rows = [{"type": t["label"], "class": curie(t["type"]), "count": t["count"]} for t in s["by_type"]]
    rows += [
        {"type": "(sourced relation facts)", "class": "", "count": s["facts"]},
        {"type": "(graded facts)", "class": "", "count": s["qualified_facts"]},
        {"type": "(triples)", "class": "", "count": s["triples"]},
    ]
    emit(rows, ["type", "class", "count"], fmt)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the CLI; a user error prints one line and exits non-zero, never a traceback."""
    try:
        cli.main(args=argv, prog_name="anatomy-kg", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except KGError as e:
        click.echo(f"anatomy-kg: error: {e}", err=True)
        sys.exit(e.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as e:  # a bug, not a user error: one line unless debugging
        if os.environ.get("ANATOMY_KG_DEBUG"):
            raise
        click.echo(
            f"anatomy-kg: internal error: {type(e).__name__}: {e} (set ANATOMY_KG_DEBUG=1 for details)", err=True
        )
        sys.exit(70)
    sys.exit(0)


if __name__ == "__main__":
    main()
