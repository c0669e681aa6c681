"""Grow the AnatomyKG graph synthetically, with the real graph's shape, to benchmark its scaling.

`write_synthetic(path, triples)` writes N-Triples (a subset of Turtle, so
`load_embedded(extra=[path])` reads it) that add about `triples` statements to the shipped
graph, counting the shortcuts `kg/queries/infer.ru` materialises from them. What it adds
looks like the curated data (data/README.md), so the reasoning does real work at scale:

- synthetic nerves branching from the real lumbar and sacral plexuses (or from an earlier
  synthetic nerve of the same plexus), each with root values taken from its plexus's roots
  (a branch carries a subset of its parent's roots), some with a cutaneous territory that
  lies in the dermatome of one of its roots;
- synthetic muscles, four per nerve, each innervated by that nerve, with graded segmental
  innervation on the nerve's roots (one major, the others minor, now and then a contested
  "absent" position from another source), action roles (a prime mover on a synthetic or a
  real action, assisting real actions), an origin and an insertion on synthetic bony
  landmarks of real bones, membership of a real muscle group, and arterial supply;
- synthetic actions at real joints, arteries branching from real arteries, sources;
- labels, synonyms and definitions on every entity (muscle names reuse the real muscles'
  names, "accessory gluteus medius 17", so a search for "glute med" has more to find), and
  an `owl:Axiom` with a `dcterms:source` for every sourced relation, as the shapes demand.

The real IRIs it links to are read from the shipped data, so it follows the data as it
changes. Output is deterministic for a given size and seed. Spinal roots stay T12–S5.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

__all__ = ["RealGraph", "SyntheticStats", "read_real_graph", "write_synthetic"]

ENT = "https://w3id.org/anatomy-kg/id/"
AKG = "https://w3id.org/anatomy-kg/ontology#"
OBO = "http://purl.obolibrary.org/obo/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
DEFINITION = "<http://www.w3.org/2004/02/skos/core#definition>"
SOURCE = "<http://purl.org/dc/terms/source>"
TITLE = "<http://purl.org/dc/terms/title>"
AXIOM = "<http://www.w3.org/2002/07/owl#Axiom>"
ANN_SOURCE = "<http://www.w3.org/2002/07/owl#annotatedSource>"
ANN_PROPERTY = "<http://www.w3.org/2002/07/owl#annotatedProperty>"
ANN_TARGET = "<http://www.w3.org/2002/07/owl#annotatedTarget>"
XSD_ANYURI = "<http://www.w3.org/2001/XMLSchema#anyURI>"


def _akg(name: str) -> str:
    return f"<{AKG}{name}>"


def _obo(name: str) -> str:
    return f"<{OBO}{name}>"


ORIGIN, INSERTION, INNERVATED_BY = _obo("RO_0002372"), _obo("RO_0002373"), _obo("RO_0002005")
BRANCH_OF, CONNECTING_BRANCH_OF, SUPPLIES, PART_OF = (
    _obo("RO_0002380"),
    _obo("RO_0002252"),
    _obo("RO_0020101"),
    _obo("BFO_0000050"),
)
FIBRES_FROM, TERRITORY, AT_JOINT = _akg("receivesFibresFrom"), _akg("sensoryTerritory"), _akg("atJoint")
SEGMENTAL, ROLE_LINK = _akg("segmentalInnervation"), _akg("actionRole")
MUSCLE_PER_NERVE = 4
ROOT_ORDER = ["T12", "L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4", "S5"]
# superclasses infer.ru adds to each synthetic type (rdf:type closure), for the triple budget
INFERRED_TYPES = {"structure": 2, "entity": 1, "qualified": 1}


def _lit(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@en'


def _plain(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


@dataclass
class RealGraph:
    """The IRIs of the shipped graph the synthetic part links to (all as `<…>` N-Triples terms)."""

    #: plexus → its roots in craniocaudal order (only plexuses with three roots or more)
    plexuses: dict[str, list[str]]
    dermatomes: dict[str, str]  # root → its dermatome
    actions: list[str]
    joints: list[str]
    bones: list[str]
    arteries: list[str]
    muscle_groups: list[str]
    #: (label, a synonym) of each real muscle, for synthetic names
    muscle_names: list[tuple[str, str]]


def read_real_graph(files: Sequence[Path] | None = None) -> RealGraph:
    """The real IRIs the generator links to, read from the shipped data (or `files`)."""
    import pyoxigraph as ox

    from kg.graph import data_files

    store = ox.Store()
    for path in files if files is not None else data_files():
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    prefixes = (
        f"PREFIX akg: <{AKG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    )

    def column(query: str) -> list[Any]:
        return list(store.query(prefixes + query))

    def of_type(cls: str) -> list[str]:
        return sorted(str(r["x"]) for r in column(f"SELECT ?x WHERE {{ ?x a akg:{cls} }}"))

    order = {f"<{ENT}{r}>": i for i, r in enumerate(ROOT_ORDER)}
    plexus_roots: dict[str, set[str]] = {}
    for r in column(
        "SELECT ?p ?root WHERE { ?p a akg:Plexus ; akg:receivesFibresFrom ?root . ?root a akg:SpinalNerve }"
    ):
        plexus_roots.setdefault(str(r["p"]), set()).add(str(r["root"]))
    plexuses = {
        p: sorted(roots, key=lambda x: order.get(x, 99)) for p, roots in sorted(plexus_roots.items()) if len(roots) >= 3
    }
    dermatomes = {
        str(r["root"]): str(r["d"])
        for r in column(
            "SELECT ?root ?d WHERE { ?root a akg:SpinalNerve ; akg:sensoryTerritory ?d . ?d a akg:SkinRegion }"
        )
    }
    synonyms: dict[str, tuple[str, list[str]]] = {}
    for r in column(
        "SELECT ?m ?label ?alt WHERE { ?m a akg:Muscle ; rdfs:label ?label . OPTIONAL { ?m skos:altLabel ?alt } }"
    ):
        entry = synonyms.setdefault(str(r["m"]), (r["label"].value, []))
        if r["alt"] is not None:
            entry[1].append(r["alt"].value)
    names: dict[str, tuple[str, str]] = {}
    for muscle, (label, alts) in synonyms.items():
        # the synonym people type: the shortest lower-case one of several words ("glute med"), else any
        typed = sorted((a for a in alts if a.islower() and " " in a), key=lambda a: (len(a), a))
        names[muscle] = (label, (typed or sorted(alts) or [label])[0])
    real = RealGraph(
        plexuses=plexuses,
        dermatomes=dermatomes,
        actions=of_type("Action"),
        joints=of_type("Joint"),
        bones=of_type("Bone"),
        arteries=of_type("Artery"),
        muscle_groups=of_type("MuscleGroup"),
        muscle_names=[names[m] for m in sorted(names)],
    )
    missing = [k for k, v in vars(real).items() if not v]
    if missing:
        raise ValueError(f"the shipped data has no {', '.join(missing)} to grow the synthetic graph from")
    return real


@dataclass
class SyntheticStats:
    """What one generated file holds."""

    path: str
    target: int
    written: int = 0  # triples in the file
    inferred: int = 0  # triples infer.ru will add for them (type closure, hasAction, receivesSegment)
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def added(self) -> int:
        return self.written + self.inferred

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "target": self.target,
            "written": self.written,
            "inferred": self.inferred,
            "added": self.added,
            "seconds": round(self.seconds, 3),
            "counts": self.counts,
        }


class _Writer:
    """Buffered N-Triples output that counts what it writes and what inference will add."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.buffer: list[str] = []
        self.written = 0
        self.inferred = 0
        self.blank = 0

    def t(self, s: str, p: str, o: str) -> None:
        self.buffer.append(f"{s} {p} {o} .\n")
        self.written += 1
        if len(self.buffer) >= 20_000:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.buffer))
        self.buffer.clear()

    def bnode(self) -> str:
        self.blank += 1
        return f"_:b{self.blank}"

    def sourced(self, s: str, p: str, o: str, sources: Sequence[str]) -> None:
        """A relation fact and the owl:Axiom naming its sources."""
        self.t(s, p, o)
        ax = self.bnode()
        self.t(ax, RDF_TYPE, AXIOM)
        self.t(ax, ANN_SOURCE, s)
        self.t(ax, ANN_PROPERTY, p)
        self.t(ax, ANN_TARGET, o)
        for src in sources:
            self.t(ax, SOURCE, src)


class _Generator:
    def __init__(self, real: RealGraph, writer: _Writer, seed: int) -> None:
        self.real = real
        self.w = writer
        self.rng = random.Random(seed)
        self.sources: list[str] = []
        self.actions: list[str] = []
        self.landmarks: list[str] = []
        self.arteries: list[str] = []
        self.plexus_nerves: dict[str, list[tuple[str, list[str]]]] = {p: [] for p in real.plexuses}
        self.counts = {"nerves": 0, "muscles": 0, "actions": 0, "landmarks": 0, "arteries": 0, "skin_regions": 0}

    # ------------------------------------------------------------------ shared entities
    def entity(self, iri: str, cls: str, label: str, alts: Sequence[str], definition: str, structure: bool) -> None:
        w = self.w
        w.t(iri, RDF_TYPE, _akg(cls))
        w.t(iri, LABEL, _lit(label))
        for alt in alts:
            w.t(iri, ALT, _lit(alt))
        w.t(iri, DEFINITION, _lit(definition))
        for src in self.pick_sources(2):
            w.t(iri, SOURCE, src)
        w.inferred += INFERRED_TYPES["structure" if structure else "entity"]

    def source(self) -> str:
        n = len(self.sources) + 1
        iri = f"<{ENT}src_synthetic_{n:05d}>"
        w = self.w
        w.t(iri, RDF_TYPE, _akg("Source"))
        w.t(iri, LABEL, _lit(f"Synthetic benchmark source {n}"))
        w.t(iri, TITLE, _plain(f"Synthetic benchmark source {n}"))
        w.t(iri, _akg("url"), f'"https://example.org/anatomy-kg-bench/{n}"^^{XSD_ANYURI}')
        w.t(iri, _akg("tier"), _plain("C"))
        w.inferred += INFERRED_TYPES["entity"]
        self.sources.append(iri)
        return iri

    def pick_sources(self, k: int) -> list[str]:
        if not self.sources:
            self.source()
        return self.rng.sample(self.sources, min(k, len(self.sources)))

    def action(self) -> str:
        n = len(self.actions) + 1
        iri = f"<{ENT}syn_action_{n:04d}>"
        self.entity(
            iri,
            "Action",
            f"synthetic movement {n}",
            [f"movement {n}"],
            f"A synthetic movement ({n}) added for benchmarking.",
            structure=False,
        )
        self.w.sourced(iri, AT_JOINT, self.rng.choice(self.real.joints), self.pick_sources(1))
        self.actions.append(iri)
        self.counts["actions"] += 1
        return iri

    def landmark(self) -> str:
        n = len(self.landmarks) + 1
        iri = f"<{ENT}syn_landmark_{n:05d}>"
        self.entity(
            iri,
            "BonyLandmark",
            f"synthetic tubercle {n}",
            [f"tubercle {n}"],
            f"A synthetic bony landmark ({n}) for muscle attachments.",
            structure=True,
        )
        self.w.sourced(iri, PART_OF, self.rng.choice(self.real.bones), self.pick_sources(1))
        self.landmarks.append(iri)
        self.counts["landmarks"] += 1
        return iri

    def artery(self) -> str:
        n = len(self.arteries) + 1
        iri = f"<{ENT}syn_artery_{n:05d}>"
        self.entity(
            iri,
            "Artery",
            f"synthetic artery {n}",
            [f"artery {n}"],
            f"A synthetic artery ({n}) supplying synthetic muscles.",
            structure=True,
        )
        parent = self.rng.choice(self.real.arteries + self.arteries[-20:])
        self.w.sourced(iri, CONNECTING_BRANCH_OF, parent, self.pick_sources(1))
        self.arteries.append(iri)
        self.counts["arteries"] += 1
        return iri

    # ------------------------------------------------------------------ nerves and muscles
    def nerve(self) -> tuple[str, list[str]]:
        rng = self.rng
        plexus = rng.choice(sorted(self.real.plexuses))
        earlier = self.plexus_nerves[plexus]
        if earlier and rng.random() < 0.5:
            parent, parent_roots = rng.choice(earlier[-50:])
            k = rng.randint(1, len(parent_roots))
            start = rng.randint(0, len(parent_roots) - k)
            roots = parent_roots[start : start + k]
        else:
            parent, plexus_roots = plexus, self.real.plexuses[plexus]
            k = rng.randint(2, 3)
            start = rng.randint(0, len(plexus_roots) - k)
            roots = plexus_roots[start : start + k]
        n = self.counts["nerves"] + 1
        iri = f"<{ENT}syn_nerve_{n:05d}>"
        self.entity(
            iri,
            "Nerve",
            f"synthetic nerve {n}",
            [f"SN{n}", f"nerve {n}"],
            f"A synthetic peripheral nerve ({n}) for benchmarking.",
            structure=True,
        )
        for root in roots:
            self.w.sourced(iri, FIBRES_FROM, root, self.pick_sources(2))
            self.qualified(iri, _akg("rootValue"), "RootValue", "root", root, "grade", "major")  # graded, sourced
        self.w.sourced(iri, BRANCH_OF, parent, self.pick_sources(1))
        self.w.t(iri, _akg("lesionLevel"), _lit(f"synthetic level {n}"))
        if n % 3 == 0:
            self.skin(iri, n, roots)
        earlier.append((iri, roots))
        self.counts["nerves"] += 1
        return iri, roots

    def skin(self, nerve: str, n: int, roots: list[str]) -> None:
        with_dermatome = [r for r in roots if r in self.real.dermatomes]
        iri = f"<{ENT}syn_skin_{n:05d}>"
        self.entity(
            iri,
            "SkinRegion",
            f"synthetic skin area {n}",
            [f"skin area {n}"],
            f"The cutaneous territory of synthetic nerve {n}.",
            structure=False,
        )
        if with_dermatome:
            dermatome = self.real.dermatomes[self.rng.choice(with_dermatome)]
            self.w.sourced(iri, PART_OF, dermatome, self.pick_sources(2))
        self.w.sourced(nerve, TERRITORY, iri, self.pick_sources(1))
        self.counts["skin_regions"] += 1

    def muscle(self, nerve: str, roots: list[str], artery: str) -> None:
        rng, w, real = self.rng, self.w, self.real
        n = self.counts["muscles"] + 1
        iri = f"<{ENT}syn_muscle_{n:05d}>"
        label, alt = real.muscle_names[n % len(real.muscle_names)]
        self.entity(
            iri,
            "Muscle",
            f"accessory {label} {n}",
            [f"{alt} {n}", f"SM{n}"],
            f"A synthetic muscle ({n}) shaped like {label}.",
            structure=True,
        )
        w.sourced(iri, INNERVATED_BY, nerve, self.pick_sources(2 if n % 7 else 3))
        # graded segmental innervation on the nerve's roots: one major, the others minor
        major = rng.choice(roots)
        for root in roots:
            self.qualified(
                iri, SEGMENTAL, "SegmentalInnervation", "root", root, "grade", "major" if root == major else "minor"
            )
        if n % 5 == 0 and len(roots) > 1:  # a contested position from another source, kept beside the others
            self.qualified(iri, SEGMENTAL, "SegmentalInnervation", "root", rng.choice(roots), "grade", "absent")
        w.inferred += len(set(roots))  # receivesSegment (major and minor roots)
        # action roles: a prime mover on a synthetic or real action, assisting one or two real actions
        if not self.actions or n % 30 == 0:
            self.action()
        prime = rng.choice(self.actions[-10:]) if rng.random() < 0.5 else rng.choice(real.actions)
        acted = {prime}
        self.qualified(iri, ROLE_LINK, "ActionRole", "action", prime, "role", "primeMover")
        for other in rng.sample(real.actions, rng.randint(1, 2)):
            role = "assistant" if rng.random() < 0.7 else "stabiliser"
            self.qualified(iri, ROLE_LINK, "ActionRole", "action", other, "role", role, fibres=rng.random() < 0.3)
            acted.add(other)
        w.inferred += len(acted)  # hasAction
        # attachments, group, blood supply
        if n % 2 == 0:
            self.landmark()
        while len(self.landmarks) < 2:
            self.landmark()
        origin, insertion = rng.sample(self.landmarks[-40:], 2)
        w.sourced(iri, ORIGIN, origin, self.pick_sources(2))
        w.sourced(iri, INSERTION, insertion, self.pick_sources(2))
        w.sourced(iri, PART_OF, rng.choice(real.muscle_groups), self.pick_sources(1))
        w.sourced(artery, SUPPLIES, iri, self.pick_sources(1))
        self.counts["muscles"] += 1

    def qualified(
        self, subject: str, link: str, cls: str, key: str, value: str, kind: str, grade: str, fibres: bool = False
    ) -> None:
        w = self.w
        node = w.bnode()
        w.t(subject, link, node)
        w.t(node, RDF_TYPE, _akg(cls))
        w.t(node, _akg(key), value)
        w.t(node, _akg(kind), _akg(grade))
        if fibres:
            w.t(node, _akg("fibres"), _lit("superficial fibres"))
        for src in self.pick_sources(1):
            w.t(node, SOURCE, src)
        w.inferred += INFERRED_TYPES["qualified"]

    def unit(self) -> None:
        """One nerve with its muscles (and, now and then, a new source and artery)."""
        if len(self.sources) < 3 or self.counts["nerves"] % 25 == 0:
            self.source()
        if not self.arteries or self.counts["nerves"] % 2 == 0:
            self.artery()
        nerve, roots = self.nerve()
        for _ in range(MUSCLE_PER_NERVE):
            self.muscle(nerve, roots, self.arteries[-1])


def write_synthetic(path: Path | str, triples: int, seed: int = 7, real: RealGraph | None = None) -> SyntheticStats:
    """Write about `triples` synthetic statements (counting what inference adds) to `path` as N-Triples.

    The file only adds to the shipped graph; load it with `kg.graph.load_embedded(extra=[path])`.
    """
    started = time.perf_counter()
    real = real or read_real_graph()
    path = Path(path)
    stats = SyntheticStats(path=str(path), target=triples)
    with path.open("w", encoding="utf-8") as out:
        writer = _Writer(out)
        generator = _Generator(real, writer, seed)
        while writer.written + writer.inferred < triples:
            generator.unit()
        writer.flush()
    stats.written, stats.inferred = writer.written, writer.inferred
    stats.counts = dict(generator.counts, sources=len(generator.sources))
    stats.seconds = time.perf_counter() - started
    return stats


def parse_size(text: str) -> int:
    """'10k' → 10000, '1m' → 1000000, '2500' → 2500."""
    value = text.strip().lower().replace("_", "")
    scale = 1
    if value.endswith("k"):
        scale, value = 1_000, value[:-1]
    elif value.endswith("m"):
        scale, value = 1_000_000, value[:-1]
    try:
        number = float(value) * scale
    except ValueError:
        raise ValueError(f"not a size: {text!r} (use e.g. 10k, 100k, 1m)") from None
    if number < 1:
        raise ValueError(f"a size must be at least 1 triple, got {text!r}")
    return int(number)


def format_size(n: int) -> str:
    if n >= 1_000_000 and n % 100_000 == 0:
        return f"{n / 1_000_000:g}M"
    if n >= 1_000 and n % 100 == 0:
        return f"{n / 1_000:g}k"
    return str(n)
