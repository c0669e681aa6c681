"""Curation rules of the data, one finding per record with what to add or change and where.

Each test collects every violation in the shipped data (all of data/*.ttl, whoever wrote the file) and
fails listing them, so a curator reads exactly which file, which entity and what would fix it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

import kg
import kg.reasoning
from kg.graph import data_files
from kg.vocab import curie

AKG = Namespace("https://w3id.org/anatomy-kg/ontology#")
OBO = Namespace("http://purl.obolibrary.org/obo/")
ORIGIN, INSERTION, INNERVATED_BY, SUPPLIES = OBO.RO_0002372, OBO.RO_0002373, OBO.RO_0002005, OBO.RO_0020101
STATUSES = {AKG.majority, AKG.minority, AKG.disputed, AKG.outlier}
NOT_ASSERTED = {AKG.minority, AKG.outlier}
QUALIFIED_LINKS = {
    AKG.segmentalInnervation: AKG.root,
    AKG.rootValue: AKG.root,
    AKG.actionRole: AKG.action,
    AKG.accuracy: AKG.forCondition,
    AKG.activation: AKG.muscle,
}


class Data:
    """The data files parsed one by one (to say where a record lives) and together (to check across files)."""

    def __init__(self) -> None:
        self.files: dict[str, Graph] = {}
        self.all = Graph()
        for path in data_files():
            if path.parent.name != "data":
                continue  # the ontology: terms, not curated records
            graph = Graph().parse(path)
            self.files[f"data/{path.name}"] = graph
            self.all += graph
        self.tier = {s: str(o) for s, o in self.all.subject_objects(AKG.tier)}
        self.home: dict[URIRef, str] = {}
        for name, graph in self.files.items():
            for s in graph.subjects(RDF.type, None):
                if isinstance(s, URIRef):
                    self.home.setdefault(s, name)

    def where(self, node: URIRef | BNode) -> str:
        """'data/muscles.ttl :abductor_hallucis' for an entity (or the entity owning a blank node)."""
        owner = node
        if isinstance(node, BNode):
            owner = self.all.value(node, OWL.annotatedSource) or next(iter(self.all.subjects(None, node)), node)
        return f"{self.home.get(owner, 'data/?')} {curie(str(owner))}"  # type: ignore[arg-type]

    def of_type(self, cls: URIRef) -> list[URIRef]:
        return sorted(s for s in self.all.subjects(RDF.type, cls) if isinstance(s, URIRef))

    def axioms(self) -> Iterator[tuple[BNode, URIRef, URIRef, URIRef]]:
        for ax in self.all.subjects(RDF.type, OWL.Axiom):
            s, p, o = (self.all.value(ax, k) for k in (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget))
            yield ax, s, p, o  # type: ignore[misc]

    def qualified_nodes(self) -> Iterator[tuple[URIRef, URIRef, BNode]]:
        for link in QUALIFIED_LINKS:
            for owner, node in self.all.subject_objects(link):
                yield owner, link, node  # type: ignore[misc]

    def name(self, term: object) -> str:
        return curie(str(term))


@pytest.fixture(scope="module")
def data() -> Data:
    return Data()


def report(findings: list[str]) -> str:
    return f"{len(findings)} finding(s):\n" + "\n".join(sorted(findings))


# ---------------------------------------------------------------- completeness of muscles and nerves
MUSCLE_NEEDS = [
    ("origin", lambda d, m: (m, ORIGIN, None) in d.all,
     "no origin; add obo:RO_0002372 (has muscle origin) to its origin with an owl:Axiom naming its source"),
    ("insertion", lambda d, m: (m, INSERTION, None) in d.all,
     "no insertion; add obo:RO_0002373 (has muscle insertion) with an owl:Axiom naming its source"),
    ("nerve", lambda d, m: (m, INNERVATED_BY, None) in d.all,
     "no nerve; add obo:RO_0002005 (innervated by) to its nerve with an owl:Axiom naming its source"),
    ("graded roots", lambda d, m: any(
        d.all.value(n, AKG.grade) in (AKG.major, AKG.minor) for n in d.all.objects(m, AKG.segmentalInnervation)),
     "no graded roots; add akg:segmentalInnervation nodes (akg:root, akg:grade akg:major/akg:minor, dcterms:source)"),
    ("artery", lambda d, m: (None, SUPPLIES, m) in d.all,
     "no arterial supply; add obo:RO_0020101 from an artery with an owl:Axiom naming its source"),
    ("action", lambda d, m: (m, AKG.actionRole, None) in d.all,
     "no action; add akg:actionRole nodes (akg:action, akg:role, dcterms:source)"),
]  # fmt: skip


def test_every_muscle_has_origin_insertion_nerve_roots_artery_and_action(data: Data) -> None:
    muscles = data.of_type(AKG.Muscle)
    assert len(muscles) >= 45
    findings = [
        f"{data.where(m)}: {message}" for m in muscles for _what, has, message in MUSCLE_NEEDS if not has(data, m)
    ]
    assert not findings, report(findings)


def test_every_nerve_and_plexus_has_graded_root_values(data: Data) -> None:
    nerves = data.of_type(AKG.Nerve) + data.of_type(AKG.Plexus)
    assert len(nerves) >= 29
    findings = []
    for nerve in nerves:
        values = list(data.all.objects(nerve, AKG.rootValue))
        if not any(data.all.value(v, AKG.grade) in (AKG.major, AKG.minor) for v in values):
            findings.append(
                f"{data.where(nerve)}: no graded root values; add akg:rootValue nodes "
                "(akg:root, akg:grade akg:major/akg:minor, dcterms:source, akg:status where a reference flags it)"
            )
        graded = {
            data.all.value(v, AKG.root)
            for v in values
            if data.all.value(v, AKG.grade) in (AKG.major, AKG.minor) and data.all.value(v, AKG.status) is None
        }
        for root in sorted(set(data.all.objects(nerve, AKG.receivesFibresFrom)) - graded):
            inferred = any(
                s == nerve and p == AKG.receivesFibresFrom and o == root and (ax, AKG.inferenceRule, None) in data.all
                for ax, s, p, o in data.axioms()
            )
            if not inferred:
                findings.append(
                    f"{data.where(nerve)}: akg:receivesFibresFrom {data.name(root)} has no majority root value; add an "
                    "akg:rootValue node for it with its source, or state the triple with akg:inferenceRule"
                )
    assert not findings, report(findings)


def test_known_root_values_are_graded_by_source(data: Data) -> None:
    """The nerve to piriformis takes L5 only in a minority position; the nerve to obturator internus is L5-S2."""
    ent = Namespace("https://w3id.org/anatomy-kg/id/")
    assert set(data.all.objects(ent.nerve_to_piriformis, AKG.receivesFibresFrom)) == {ent.S1, ent.S2}
    l5 = [v for v in data.all.objects(ent.nerve_to_piriformis, AKG.rootValue) if data.all.value(v, AKG.root) == ent.L5]
    assert {data.all.value(v, AKG.status) for v in l5} == {AKG.minority}
    assert set(data.all.objects(ent.nerve_to_obturator_internus, AKG.receivesFibresFrom)) == {ent.L5, ent.S1, ent.S2}
    assert (ent.sacral_plexus, AKG.receivesFibresFrom, ent.S5) not in data.all or any(
        s == ent.sacral_plexus and o == ent.S5 and (ax, AKG.inferenceRule, None) in data.all
        for ax, s, _p, o in data.axioms()
    )


# ---------------------------------------------------------------- provenance
def _provenance(data: Data, node: object, fact: str) -> list[str]:
    """What is wrong with how `node` (an axiom or a graded node) says where `fact` comes from, if anything."""
    has_source = (node, DCTERMS.source, None) in data.all
    has_rule = (node, AKG.inferenceRule, None) in data.all
    if not has_source and not has_rule:
        return [
            f"{fact} names neither dcterms:source nor akg:inferenceRule; cite the source that says it, "
            "or state the rule that derived it (akg:premiseSource for its premises)"
        ]
    if has_source and has_rule:
        return [
            f"{fact} has both a source and an inference rule; "
            "an inferred fact names its rule and cites its premises with akg:premiseSource"
        ]
    return []


def test_every_fact_names_a_source_or_an_inference_rule(data: Data) -> None:
    findings = []
    for ax, _s, p, o in data.axioms():
        findings += _provenance(data, ax, f"{data.where(ax)}: {data.name(p)} {data.name(o)}")
    for owner, link, node in data.qualified_nodes():
        findings += _provenance(data, node, f"{data.where(owner)}: a {data.name(link)} node")
    assert not findings, report(findings)


def test_every_source_has_a_tier_and_a_label_that_says_what_it_is(data: Data) -> None:
    findings = []
    for source in data.of_type(AKG.Source):
        label = str(data.all.value(source, RDFS.label) or "")
        if source not in data.tier:
            findings.append(f'{data.where(source)}: no akg:tier; add akg:tier "A", "B" or "C"')
        if not label or label.startswith("http") or _bare_host(label):
            findings.append(
                f"{data.where(source)}: label {label!r} does not say what the source is; name the site and page"
            )
    assert not findings, report(findings)


def _bare_host(label: str) -> bool:
    import re

    return bool(re.fullmatch(r"[\w.-]+\.[a-z]{2,}", label) or re.search(r"\d+\.\d+\.\d+\.\d+", label))


def test_no_fact_rests_on_tier_c_sources_alone_unless_marked(data: Data) -> None:
    positions: dict[tuple[object, ...], list[URIRef]] = defaultdict(list)
    where: dict[tuple[object, ...], str] = {}
    for ax, s, p, o in data.axioms():
        if data.all.value(ax, AKG.status) in NOT_ASSERTED:
            continue
        key = (s, p, o)
        positions[key] += list(data.all.objects(ax, DCTERMS.source))
        where.setdefault(key, data.where(ax))
    for owner, link, node in data.qualified_nodes():
        if data.all.value(node, AKG.status) in NOT_ASSERTED or data.all.value(node, AKG.grade) == AKG.absent:
            continue
        key = (
            owner,
            link,
            data.all.value(node, QUALIFIED_LINKS[link]),
            node if link in (AKG.accuracy, AKG.activation) else None,
        )
        positions[key] += list(data.all.objects(node, DCTERMS.source))
        where.setdefault(key, data.where(owner))
    findings = [
        f"{where[key]}: {data.name(key[1])} {data.name(key[2])} rests on tier-C sources only "
        f"({', '.join(sorted(data.name(s) for s in set(sources)))}); cite a tier-A/B source that says it, "
        "or give it akg:status akg:minority/akg:outlier (an axiom with a status is not asserted)"
        for key, sources in positions.items()
        if sources and all(data.tier.get(s) == "C" for s in sources)
    ]
    assert not findings, report(findings)


# ---------------------------------------------------------------- statuses
def test_every_status_is_one_of_the_four(data: Data) -> None:
    findings = [
        f"{data.where(node)}: akg:status {data.name(status)} is not one of akg:majority, akg:minority, akg:disputed, "
        "akg:outlier"
        for node, status in data.all.subject_objects(AKG.status)
        if status not in STATUSES
    ]
    assert not findings, report(findings)


def test_a_non_majority_position_is_not_asserted(data: Data) -> None:
    majority_axioms = {
        (s, p, o) for ax, s, p, o in data.axioms() if data.all.value(ax, AKG.status) in (None, AKG.majority)
    }
    findings = [
        f"{data.where(ax)}: {data.name(p)} {data.name(o)} is a {data.name(data.all.value(ax, AKG.status))} position "
        "but the triple is asserted; delete the asserted triple (keep the axiom with its status)"
        for ax, s, p, o in data.axioms()
        if data.all.value(ax, AKG.status) in (AKG.minority, AKG.outlier, AKG.disputed)
        and (s, p, o) in data.all
        and (s, p, o) not in majority_axioms
    ]
    assert not findings, report(findings)


# ---------------------------------------------------------------- names
def test_no_two_entities_share_a_label_or_synonym(data: Data) -> None:
    names: dict[str, set[URIRef]] = defaultdict(set)
    for s, p, o in data.all.triples((None, None, None)):
        named = p in (RDFS.label, SKOS.altLabel) and isinstance(s, URIRef) and isinstance(o, Literal)
        if named and (s, RDF.type, AKG.Source) not in data.all:
            names[str(o).casefold()].add(s)
    findings = [
        f"{data.where(e)}: shares the name {name!r} with "
        f"{', '.join(data.name(x) for x in sorted(owners - {e}))}; merge the duplicates or make the name specific"
        for name, owners in names.items()
        if len(owners) > 1
        for e in sorted(owners)
    ]
    assert not findings, report(findings)


def test_a_muscle_group_is_not_matched_to_a_class_of_single_muscles(data: Data) -> None:
    xrefs = Path(kg.__file__).resolve().parent.parent.parent / "shared" / "reference" / "uberon-fma-xrefs.tsv"
    single = {"http://purl.obolibrary.org/obo/UBERON_0002000", "http://purl.org/sig/ont/fma/fma64922"}
    if xrefs.exists():  # a Uberon name ending in 'muscle' (singular) is the class of single muscles
        for line in xrefs.read_text().splitlines()[1:]:
            cells = line.split("\t")
            if len(cells) > 4 and cells[2].startswith("UBERON:") and "name='" in cells[4]:
                uberon_name = cells[4].split("name='", 1)[1].split("'", 1)[0]
                if uberon_name.endswith(" muscle"):
                    single.add("http://purl.obolibrary.org/obo/" + cells[2].replace(":", "_"))
    findings = [
        f"{data.where(group)}: skos:exactMatch {data.name(match)} is a class of single muscles; "
        "use skos:relatedMatch for a group"
        for group in data.of_type(AKG.MuscleGroup)
        for match in data.all.objects(group, SKOS.exactMatch)
        if str(match) in single
    ]
    assert not findings, report(findings)


# ---------------------------------------------------------------- reasoning never sees an outlier
def test_no_outlier_position_feeds_the_reasoning_model(graph: kg.AnatomyGraph, data: Data) -> None:
    model = kg.reasoning.model(graph)
    ent = Namespace("https://w3id.org/anatomy-kg/id/")
    assert set(model.reflex_segments[str(ent.achilles_reflex)]) == {str(ent.S1), str(ent.S2)}
    kept: dict[tuple[object, ...], bool] = defaultdict(bool)  # (owner, link, target) → has a non-outlier position
    for owner, link, node in data.qualified_nodes():
        if link in (AKG.segmentalInnervation, AKG.actionRole, AKG.rootValue):
            key = (owner, link, data.all.value(node, QUALIFIED_LINKS[link]))
            kept[key] |= (
                data.all.value(node, AKG.status) != AKG.outlier and data.all.value(node, AKG.grade) != AKG.absent
            )
    findings = []
    for (owner, link, target), has_other in kept.items():
        if has_other:
            continue
        read = {
            AKG.segmentalInnervation: model.segment_weight.get(str(owner), {}),
            AKG.actionRole: model.action_roles.get(str(owner), {}),
            AKG.rootValue: model.nerve_roots.get(str(owner), set()),
        }[link]
        if str(target) in read and (link != AKG.segmentalInnervation or read[str(target)] > 0):
            findings.append(
                f"{data.where(owner)}: the reasoning model uses the outlier {data.name(link)} {data.name(target)}"
            )
    for ax, s, p, o in data.axioms():
        outlier_segment = data.all.value(ax, AKG.status) == AKG.outlier and p == AKG.reflexSegment
        if outlier_segment and str(o) in model.reflex_segments.get(str(s), {}) and (s, p, o) not in data.all:
            findings.append(f"{data.where(ax)}: the reasoning model uses the outlier reflex segment {data.name(o)}")
    assert not findings, report(findings)


# ---------------------------------------------------------------- cards show non-majority positions
def test_card_shows_an_outlier_position_beside_the_majority(graph: kg.AnatomyGraph) -> None:
    from kg.card import card_sections

    attachments = [item["text"] for item in card_sections(graph.entity("semitendinosus"))["Attachments"]]
    assert "inserts on pes anserinus" in attachments
    assert "an outlier position: inserts on tibial tuberosity" in attachments
    assert attachments.index("inserts on pes anserinus") < attachments.index(
        "an outlier position: inserts on tibial tuberosity"
    )


def test_card_shows_minority_root_values_and_graded_nodes(graph: kg.AnatomyGraph) -> None:
    from kg.card import card_sections

    innervation = [item["text"] for item in card_sections(graph.entity("nerve to piriformis"))["Innervation"]]
    assert "a minority position: carries fibres from L5 spinal nerve: major" in innervation
    assert "carries fibres from S1 spinal nerve: major" in innervation
    actions = [item["text"] for item in card_sections(graph.entity("obturator externus"))["Actions"]]
    assert "an outlier position: acts in hip abduction: assistant" in actions


def test_show_prints_the_non_majority_position(graph: kg.AnatomyGraph) -> None:
    from click.testing import CliRunner

    from kg.cli.main import cli

    result = CliRunner().invoke(cli, ["show", "descending genicular artery"])
    assert result.exit_code == 0, result.output
    assert "  • is a branch of femoral artery  [" in result.output
    assert "  • an outlier position: is a branch of deep femoral artery  [radiopaedia.org: patellar tendon (A)]" in (
        result.output
    )


def test_card_lists_higher_tier_sources_first(graph: kg.AnatomyGraph) -> None:
    rank = {"A": 0, "B": 1, "S": 2, "C": 3, "U": 4}
    card = graph.entity("gluteus maximus")
    lists = [card.sources] + [f["sources"] for f in card.facts + card.qualified + card.positions]
    tiers = [[rank[graph.source_tiers[s["id"]]] for s in sources] for sources in lists if len(sources) > 1]
    assert tiers and all(t == sorted(t) for t in tiers)
    assert any(len(set(t)) > 1 for t in tiers)
