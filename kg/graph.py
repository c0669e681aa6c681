"""The loaded knowledge graph: query it, search it, resolve names, read entity cards."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.cache import cache_dir, data_key, read_tables, write_tables
from kg.errors import KGError, QueryError, UnknownNameError
from kg.queries import load_query
from kg.store import Binding, EmbeddedStore, Row, Store, as_float, open_store, query_form, with_prefixes
from kg.vocab import ENT_NS, curie, expand_curie

if TYPE_CHECKING:  # rdflib is imported where a term is made, not here: see kg.store._rdf
    from rdflib.term import Node, URIRef

__all__ = [
    "DATA_DIR",
    "ONTOLOGY_DIR",
    "AnatomyGraph",
    "CachedGraph",
    "SearchHit",
    "cached_graph",
    "data_files",
    "load",
]

HOME = Path(os.environ.get("ANATOMY_KG_HOME", Path(__file__).resolve().parent.parent))
DATA_DIR = HOME / "data"
ONTOLOGY_DIR = HOME / "ontology"
DISCLAIMER = "For education, not diagnosis: AnatomyKG does not replace a clinical examination."


def data_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """The ontology and every curated Turtle file, in load order."""
    return [ONTOLOGY_DIR / "anatomy-kg.ttl", *sorted(data_dir.glob("*.ttl"))]


@dataclass(frozen=True)
class SearchHit:
    """One search result: the entity, its label and type, the name that matched, and a rank score."""

    id: str
    label: str
    type: str
    matched: str
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "type": self.type, "matched": self.matched, "score": self.score}


@dataclass
class EntityCard:
    """Everything the graph states about one entity, with the sources of each fact."""

    id: str
    label: str
    type: str
    definition: str | None
    synonyms: list[str]
    xrefs: list[str]
    sources: list[dict[str, str]]
    facts: list[dict[str, Any]] = field(default_factory=list)
    qualified: list[dict[str, Any]] = field(default_factory=list)
    positions: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "type": self.type,
            "definition": self.definition,
            "synonyms": self.synonyms,
            "xrefs": self.xrefs,
            "sources": self.sources,
            "facts": self.facts,
            "qualified": self.qualified,
            "positions": self.positions,
        }


def text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def number(node: Node | None) -> float | None:
    if node is None:
        return None
    from rdflib.term import Literal

    value = node.toPython() if isinstance(node, Literal) else node
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


class AnatomyGraph:
    """The AnatomyKG graph on one engine (embedded Oxigraph or a remote SPARQL endpoint)."""

    disclaimer = DISCLAIMER

    def __init__(self, store: Store) -> None:
        self.store = store

    def derived(self, key: str, build: Callable[[], Any]) -> Any:
        """A value other layers derive once from this graph (the reasoning's model), built on first use.

        The graph keeps it without knowing what it is; a cached graph (kg.cache) also keeps it
        across processes, keyed by the data's and the code's hash.
        """
        store = self.__dict__.setdefault("_derived", {})
        if key not in store:
            store[key] = build()
        return store[key]

    # ------------------------------------------------------------------ querying
    def query(self, sparql: str, **bindings: Binding) -> list[Row] | bool | list[tuple[Node, Node, Node]]:
        """Run SPARQL (the project's prefixes are added); keyword arguments bind variables.

        Returns rows (dicts of rdflib terms) for SELECT, a bool for ASK, triples for
        CONSTRUCT/DESCRIBE. `g.query("SELECT ?m WHERE { ?m obo:RO_0002005 ?n }", n=URIRef(...))`.
        """
        full = with_prefixes(sparql)
        form = query_form(full)
        if form == "SELECT":
            return self.store.select(full, bindings)
        if form == "ASK":
            return self.store.ask(full, bindings)
        return self.store.construct(full, bindings)

    def user_query(self, sparql: str, max_rows: int | None = None) -> dict[str, Any]:
        """Run a query a person typed: read-only guard first, project prefixes added.

        Returns {"form", "variables", "rows", "triples", "boolean", "truncated"}; errors are
        QueryError with line numbers counted in the person's own text.
        """
        from kg.sparql.guard import guard
        from kg.sparql.help import check_text, plain_message

        check_text(sparql)  # an empty query or an undeclared prefix, said plainly with its line and column
        full = with_prefixes(sparql)
        offset = full[: full.index(sparql)].count("\n") if sparql in full else 0
        try:
            guarded = guard(full)  # the engine runs the guard's text, never the person's own
            full, form = guarded.text, guarded.form
            result: dict[str, Any] = {
                "form": form,
                "variables": [],
                "rows": [],
                "triples": [],
                "boolean": None,
                "truncated": False,
            }
            if form == "SELECT":
                variables, rows = self.store.select_table(full)
                result["variables"] = variables
                result["rows"] = rows
            elif form == "ASK":
                result["boolean"] = self.store.ask(full)
            else:
                result["triples"] = self.store.construct(full)
        except QueryError as e:
            message = re.sub(r"line (\d+)", lambda m: f"line {max(1, int(m.group(1)) - offset)}", str(e))
            message = re.sub(
                r"error at (\d+):(\d+)",
                lambda m: f"error at line {max(1, int(m.group(1)) - offset)}, column {m.group(2)}",
                message,
            )
            raise QueryError(plain_message(message)) from None
        key = "rows" if form == "SELECT" else "triples"
        if max_rows is not None and len(result[key]) > max_rows:
            result[key] = result[key][:max_rows]
            result["truncated"] = True
        return result

    def named(self, query_name: str, /, **bindings: Binding) -> list[Row]:
        """Rows of the named SELECT query `kg/queries/<query_name>.rq`."""
        return self.store.select(load_query(query_name).text, bindings)

    # ------------------------------------------------------------------ names
    @cached_property
    def source_tiers(self) -> dict[str, str]:
        """Source IRI → its tier (A, B, C, S seed, U unsourced), read once; cards list higher tiers first."""
        return {str(row["source"]): str(row["tier"]) for row in self.named("source_tiers")}

    @cached_property
    def class_ancestors(self) -> dict[str, frozenset[str]]:
        """Class IRI → the class and all its superclasses (read once)."""
        ancestors: dict[str, set[str]] = {}
        for row in self.named("class_hierarchy"):
            ancestors.setdefault(str(row["class"]), set()).add(str(row["super"]))
        return {c: frozenset(supers) for c, supers in ancestors.items()}

    def most_specific(self, types: Iterable[str]) -> str:
        """The most specific of an entity's classes (one that no other of its classes specialises)."""
        known = [t for t in types if t in self.class_ancestors]
        for candidate in sorted(known, key=lambda t: -len(self.class_ancestors[t])):
            if not any(candidate != other and candidate in self.class_ancestors[other] for other in known):
                return candidate
        return next(iter(types), "")

    @cached_property
    def _labels_and_types(self) -> tuple[dict[str, str], dict[str, str]]:
        """(entity → label, entity → most specific class), from one read of labels_types.rq."""
        labels: dict[str, str] = {}
        all_types: dict[str, set[str]] = {}
        for row in self.named("labels_types"):
            entity = str(row["entity"])
            labels[entity] = str(row["label"])
            all_types.setdefault(entity, set()).add(str(row["type"]))
        return labels, {e: self.most_specific(t) for e, t in all_types.items()}

    @property
    def entity_types(self) -> dict[str, str]:
        """Entity IRI → its most specific class."""
        return self._labels_and_types[1]

    @cached_property
    def label_index(self) -> list[tuple[str, str, str]]:
        """(entity IRI, label or synonym, most specific type IRI) for every named entity."""
        seen = {(str(r["entity"]), str(r["name"])) for r in self.named("label_index")}
        return sorted((iri, name, self.entity_types.get(iri, "")) for iri, name in seen)

    @property
    def labels(self) -> dict[str, str]:
        """Entity IRI → label."""
        return self._labels_and_types[0]

    @cached_property
    def name_index(self) -> dict[str, list[tuple[int, str]]]:
        """Lower-case label or synonym → [(0 for a label, 1 for a synonym, entity IRI)]."""
        index: dict[str, list[tuple[int, str]]] = {}
        for iri, name, _type in self.label_index:
            rank = 0 if self.labels.get(iri) == name else 1
            index.setdefault(name.lower(), []).append((rank, iri))
        return index

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or curie(iri)

    def suggestions(self, name: str, limit: int = 3, types: Iterable[str] | None = None) -> list[str]:
        """Labels or synonyms closest to an unknown name, best first."""
        wanted = set(types) if types else None
        names: dict[str, str] = {}
        for _iri, candidate, type_ in self.label_index:
            if wanted is None or type_ in wanted:
                names.setdefault(candidate.lower(), candidate)
        key = name.lower().strip()
        close = difflib.get_close_matches(key, list(names), n=limit, cutoff=0.6)
        if len(close) < limit:
            contains = sorted((n for n in names if key and key in n and n not in close), key=len)
            close += contains[: limit - len(close)]
        return [names[c] for c in close]

    def resolve(self, name: str, types: Sequence[str] | None = None, what: str = "entity") -> str:
        """The IRI a user means by `name`: a label, synonym, IRI, prefixed name or IRI local name.

        Matching is case-insensitive; a label beats a synonym beats an IRI local name.
        Raises UnknownNameError with the closest suggestions when nothing matches.
        """
        raw = name.strip()
        if not raw:
            raise UnknownNameError(name, [], what)
        iri = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else expand_curie(raw)
        if iri is None and re.match(r"https?://", raw):
            iri = raw
        candidates: list[tuple[int, str]] = []
        if iri is not None:
            if iri in self.labels:
                candidates.append((0, iri))
        else:
            candidates = list(self.name_index.get(raw.lower(), ()))
            local = ENT_NS + re.sub(r"[\s\-]+", "_", raw.lower())
            candidates += [(2, i) for i in self.labels if i.lower() == local]
        if types:
            allowed = self.entities_of_types(types)
            candidates = [c for c in candidates if c[1] in allowed]
        if not candidates:
            raise UnknownNameError(
                name, self.suggestions(raw, types=self.types_closure(types) if types else None), what
            )
        return min(candidates)[1]

    def entities_of_types(self, types: Sequence[str]) -> set[str]:
        """Entities whose most specific class is one of `types` or a subclass of one."""
        wanted = self.types_closure(types)
        return {iri for iri, type_ in self.entity_types.items() if type_ in wanted}

    def types_closure(self, types: Sequence[str] | None) -> set[str]:
        """The given classes (IRIs or prefixed names) and all their subclasses."""
        if not types:
            return set()
        wanted = {t if t.startswith("http") else (expand_curie(t) or t) for t in types}
        return {c for c, supers in self.class_ancestors.items() if supers & wanted}

    # ------------------------------------------------------------------ search
    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Entities whose label or synonym contains `text` (case-insensitive), best match first.

        Ranking: exact label, exact synonym, label prefix, synonym prefix, word prefix, substring;
        shorter names first within a rank.
        """
        key = " ".join(text.lower().split())
        if not key:
            return []
        rows = self.named("search", q=key)
        best: dict[str, SearchHit] = {}
        for row in rows:
            iri, label, matched = str(row["entity"]), str(row["label"]), str(row["matched"])
            m = matched.lower()
            is_label = matched == label
            if m == key:
                score = 100.0 if is_label else 95.0
            elif m.startswith(key):
                score = 80.0 if is_label else 75.0
            elif re.search(rf"\b{re.escape(key)}", m):
                score = 60.0 if is_label else 55.0
            else:
                score = 40.0 if is_label else 35.0
            score -= min(len(m), 60) / 100.0
            hit = SearchHit(iri, label, self.entity_types.get(iri, ""), matched, round(score, 2))
            if iri not in best or hit.score > best[iri].score:
                best[iri] = hit
        return sorted(best.values(), key=lambda h: (-h.score, h.label, h.id))[:limit]

    # ------------------------------------------------------------------ entity card
    def entity(self, name: str) -> EntityCard:
        """The card of the entity `name` means (see `resolve`)."""
        from rdflib.term import URIRef

        iri = self.resolve(name)
        e = URIRef(iri)
        core = self.named("entity_core", e=e)
        first = core[0]
        card = EntityCard(
            id=iri,
            label=str(first["label"]),
            type=self.entity_types.get(iri, ""),
            definition=text(first.get("definition")),
            synonyms=sorted({str(r["alt"]) for r in core if "alt" in r}, key=str.lower),
            xrefs=sorted({str(r["xref"]) for r in core if "xref" in r}),
            sources=sorted(
                _unique_sources(core),
                key=lambda src: (TIER_ORDER.get(self.source_tiers.get(src["id"], ""), 5), src["id"]),
            ),
        )
        card.facts = self._facts(e, "entity_out", "out") + self._facts(e, "entity_in", "in")
        card.qualified = self._qualified(e)
        card.positions = self._positions(e)
        return card

    def _positions(self, e: URIRef) -> list[dict[str, Any]]:
        """Minority, disputed and outlier positions on the entity's relations (not asserted as facts)."""
        grouped: dict[tuple[str, str, str, str], dict[str, Any]] = {}
        for row in self.named("entity_positions", e=e):
            key = (str(row["direction"]), str(row["property"]), str(row["other"]), str(row["status"]))
            fact = grouped.setdefault(
                key,
                {
                    "direction": key[0],
                    "property": key[1],
                    "property_label": text(row.get("propertyLabel")) or curie(key[1]),
                    "other": key[2],
                    "other_label": text(row.get("otherLabel")) or curie(key[2]),
                    "other_type": self.entity_types.get(key[2]),
                    "status": key[3],
                    "status_label": text(row.get("statusLabel")) or curie(key[3]),
                    "sources": [],
                    "notes": [],
                },
            )
            _add_provenance(fact, row)
        _sort_provenance(grouped.values(), self.source_tiers)
        return sorted(
            grouped.values(),
            key=lambda f: (f["property_label"], f["other_label"].lower(), f["status"], f["direction"], f["other"]),
        )

    def _facts(self, e: URIRef, query: str, direction: str) -> list[dict[str, Any]]:
        grouped: dict[tuple[str, str], dict[str, Any]] = {}
        for row in self.named(query, e=e):
            key = (str(row["property"]), str(row["other"]))
            grouped.setdefault(
                key,
                {
                    "direction": direction,
                    "property": key[0],
                    "property_label": str(row["propertyLabel"]),
                    "other": key[1],
                    "other_label": text(row.get("otherLabel")) or curie(key[1]),
                    "other_type": self.entity_types.get(key[1]),
                    "sources": [],
                    "notes": [],
                },
            )
        for row in self.named(f"{query}_sources", e=e):
            fact = grouped.get((str(row["property"]), str(row["other"])))
            if fact is not None:
                _add_provenance(fact, row)
        _sort_provenance(grouped.values(), self.source_tiers)
        return sorted(
            grouped.values(), key=lambda f: (f["property_label"], f["other_label"].lower(), f["property"], f["other"])
        )

    def _qualified(self, e: URIRef) -> list[dict[str, Any]]:
        facts: dict[tuple[str, ...], dict[str, Any]] = {}
        for row in self.named("entity_qualified", e=e):
            key = tuple(
                str(row.get(k, ""))
                for k in ("kind", "subject", "object", "value", "detail", "number1", "number2", "source", "status")
            )
            fact = facts.setdefault(
                key,
                {
                    "kind": str(row["kind"]),
                    "subject": str(row["subject"]),
                    "subject_label": str(row["subjectLabel"]),
                    "object": str(row["object"]),
                    "object_label": str(row["objectLabel"]),
                    "value": text(row.get("value")),
                    "detail": text(row.get("detail")),
                    "number1": number(row.get("number1")),
                    "number2": number(row.get("number2")),
                    "status": text(row.get("status")),
                    "status_label": text(row.get("statusLabel")),
                    "sources": [],
                    "notes": [],
                },
            )
            _add_provenance(fact, row)
        _sort_provenance(facts.values(), self.source_tiers)
        return sorted(
            facts.values(),
            key=lambda f: (
                f["kind"], f["subject_label"], f["object_label"], f["value"] or "", f["detail"] or "",
                f["number1"] if f["number1"] is not None else -1, f["number2"] if f["number2"] is not None else -1,
                f["subject"], f["object"], f["status"] or "", [src["id"] for src in f["sources"]],
            ),
        )  # fmt: skip

    # ------------------------------------------------------------------ statistics
    def stats(self) -> dict[str, Any]:
        """Counts of entities by type, sourced facts, qualified facts, sources and triples."""
        by_type = [
            {"type": str(r["type"]), "label": str(r["typeLabel"]), "count": int(as_float(r["count"]))}
            for r in self.named("stats_types")
        ]
        totals = self.named("stats_facts")[0]
        return {
            "entities": sum(t["count"] for t in by_type if t["type"] != str(expand_curie("akg:Source"))),
            "by_type": by_type,
            "facts": int(as_float(totals["facts"])),
            "qualified_facts": int(as_float(totals["qualified"])),
            "sources": int(as_float(totals["sources"])),
            "triples": int(as_float(totals["triples"])),
            "engine": self.store.description,
        }


def _add_source(fact: dict[str, Any], row: Mapping[str, Node]) -> None:
    source = text(row.get("source"))
    if source and all(s["id"] != source for s in fact["sources"]):
        fact["sources"].append({"id": source, "label": text(row.get("sourceLabel")) or curie(source)})


def _add_provenance(fact: dict[str, Any], row: Mapping[str, Node]) -> None:
    """Add a result row's source and note to a fact, once each."""
    _add_source(fact, row)
    note = text(row.get("note"))
    if note and note not in fact["notes"]:
        fact["notes"].append(note)


TIER_ORDER = {"A": 0, "B": 1, "S": 2, "C": 3, "U": 4}


def _sort_provenance(facts: Iterable[dict[str, Any]], tiers: Mapping[str, str] | None = None) -> None:
    """Sources by tier (A, B, seed, C, unsourced), then IRI; notes alphabetically: a card reads the same everywhere."""
    tiers = tiers or {}
    for fact in facts:
        fact["sources"].sort(key=lambda src: (TIER_ORDER.get(tiers.get(src["id"], ""), 5), src["id"]))
        fact["notes"].sort()


def _unique_sources(rows: Iterable[Mapping[str, Node]]) -> list[dict[str, str]]:
    holder: dict[str, Any] = {"sources": []}
    for row in rows:
        _add_source(holder, row)
    return holder["sources"]


def load_embedded(files: Sequence[Path] | None = None, extra: Sequence[Path] = ()) -> EmbeddedStore:
    """A fresh embedded store with the ontology, the curated data and `extra` files, shortcuts inferred.

    Raises TurtleError naming the file and line if any file does not parse; nothing is kept.
    """
    if files is None and not (ONTOLOGY_DIR / "anatomy-kg.ttl").exists():
        raise KGError(
            f"the AnatomyKG data is not at {HOME} (no ontology/anatomy-kg.ttl there): "
            "install from a checkout with `pip install -e .`, or set ANATOMY_KG_HOME to the checkout"
        )
    store = EmbeddedStore()
    for path in [*(files if files is not None else data_files()), *extra]:
        store.load_turtle(Path(path))
    infer = load_query("infer").text
    try:
        store.ox.update(infer)
    except (SyntaxError, OSError) as e:  # pragma: no cover - the update is ours
        raise QueryError(f"inference failed: {e}") from None
    return store


def load(endpoint: str | None = None, extra: Sequence[Path | str] = (), cache: bool = False) -> AnatomyGraph:
    """The graph: embedded by default, or the SPARQL endpoint given (or in $ANATOMY_KG_ENDPOINT).

    With `cache`, the embedded graph's labels, name index and model come from a cache keyed by
    the data's and the code's hash (see kg.cache), and the store loads only when a query needs it.

    >>> g = load()
    >>> g.entity("glute med").label
    'gluteus medius'
    """
    remote = open_store(endpoint)
    if remote is not None:
        if extra:
            raise QueryError("extra Turtle files can only be added to the embedded store, not to a remote endpoint")
        return AnatomyGraph(remote)
    if cache and not extra:
        return cached_graph()
    return AnatomyGraph(load_embedded(extra=[Path(p) for p in extra]))


# ---------------------------------------------------------------------------- the CLI's cached graph (kg.cache)
#: AnatomyGraph's derived tables kept in the cache (cached properties; each is skipped if the class has none)
CACHED = ("_labels_and_types", "class_ancestors", "label_index", "name_index", "model")


class CachedGraph(AnatomyGraph):
    """The embedded graph whose derived tables may come from the cache; its store loads on first use."""

    def __init__(self, path: Path | None = None) -> None:  # no store yet: see `store`
        self._cache_path = path

    def derived(self, key: str, build: Callable[[], Any]) -> Any:
        """As AnatomyGraph.derived, and a value built here is written to the cache for the next process."""
        known = key in self.__dict__.get("_derived", {})
        value = super().derived(key, build)
        if not known and self._cache_path is not None:
            tables = {name: getattr(self, name) for name in _cached_names()}
            tables["_derived"] = self.__dict__["_derived"]
            write_tables(self._cache_path, tables)
        return value

    @cached_property
    def store(self) -> EmbeddedStore:  # type: ignore[override]
        """The embedded store, loaded (parse + inference) the first time a query needs it."""
        return load_embedded()


def _cached_names() -> list[str]:
    return [name for name in CACHED if isinstance(getattr(AnatomyGraph, name, None), cached_property)]


def cached_graph() -> AnatomyGraph:
    """The shipped graph on the embedded store, its derived tables read from the cache or written to it.

    Falls back to an uncached graph silently when the cache cannot be read or written.
    """
    folder = cache_dir()
    if folder is None:
        return CachedGraph()
    try:
        key = data_key(data_files())
    except OSError:
        return CachedGraph()
    path = folder / f"graph-{key}.pickle"
    graph = CachedGraph(path)
    tables = read_tables(path)
    if tables is not None and set(tables) - {"_derived"} == set(_cached_names()):
        graph.__dict__.update(tables)
        return graph
    write_tables(path, {name: getattr(graph, name) for name in _cached_names()})
    return graph
