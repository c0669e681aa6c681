"""The ontology's terms as Python names, so code never spells an IRI as a string."""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["AKG", "ENT", "OBO", "PREFIXES", "RO", "curie", "expand_curie"]

ENT = Namespace("https://w3id.org/anatomy-kg/id/")
OBO = Namespace("http://purl.obolibrary.org/obo/")


class AKG(DefinedNamespace):
    """AnatomyKG ontology terms (ontology/anatomy-kg.ttl)."""

    _fail = True
    _NS = Namespace("https://w3id.org/anatomy-kg/ontology#")

    # classes
    Entity: URIRef
    AnatomicalStructure: URIRef
    Muscle: URIRef
    MuscleGroup: URIRef
    Nerve: URIRef
    Plexus: URIRef
    SpinalNerve: URIRef
    Artery: URIRef
    Bone: URIRef
    BonyLandmark: URIRef
    Ligament: URIRef
    Tendon: URIRef
    Fascia: URIRef
    Bursa: URIRef
    Joint: URIRef
    Action: URIRef
    SkinRegion: URIRef
    Reflex: URIRef
    Dysfunction: URIRef
    CompressionNeuropathy: URIRef
    Radiculopathy: URIRef
    Tendinopathy: URIRef
    MotorControlDysfunction: URIRef
    PosturalDysfunction: URIRef
    GaitDysfunction: URIRef
    Strain: URIRef
    Bursitis: URIRef
    Injury: URIRef
    PainSyndrome: URIRef
    Grade: URIRef
    Role: URIRef
    ClinicalFinding: URIRef
    Symptom: URIRef
    Sign: URIRef
    ClinicalTest: URIRef
    Intervention: URIRef
    Exercise: URIRef
    Source: URIRef
    SourcedRelation: URIRef
    QualifiedFact: URIRef
    SegmentalInnervation: URIRef
    ActionRole: URIRef
    TestAccuracy: URIRef
    MuscleActivation: URIRef
    # individuals
    major: URIRef
    minor: URIRef
    absent: URIRef
    primeMover: URIRef
    assistant: URIRef
    stabiliser: URIRef
    # properties
    weight: URIRef
    receivesFibresFrom: URIRef
    segmentalInnervation: URIRef
    root: URIRef
    grade: URIRef
    receivesSegment: URIRef
    actionRole: URIRef
    action: URIRef
    role: URIRef
    fibres: URIRef
    hasAction: URIRef
    atJoint: URIRef
    opposes: URIRef
    synergist: URIRef
    inhibits: URIRef
    compresses: URIRef
    leadsTo: URIRef
    presentsWith: URIRef
    assessedBy: URIRef
    treatedBy: URIRef
    targets: URIRef
    targetedBy: URIRef
    indicatesWeaknessOf: URIRef
    sensoryTerritory: URIRef
    reflexSegment: URIRef
    keySegment: URIRef
    reflexNerve: URIRef
    reflexMuscle: URIRef
    keyMuscleOf: URIRef
    keyActionOf: URIRef
    liesBetween: URIRef
    attachesTo: URIRef
    passesThrough: URIRef
    anastomosesWith: URIRef
    mimics: URIRef
    accuracy: URIRef
    forCondition: URIRef
    sensitivity: URIRef
    specificity: URIRef
    positiveLikelihoodRatio: URIRef
    negativeLikelihoodRatio: URIRef
    sampleSize: URIRef
    activation: URIRef
    muscle: URIRef
    mvicPercent: URIRef
    activationLevel: URIRef
    note: URIRef
    keySensoryPoint: URIRef
    url: URIRef
    tier: URIRef
    localCopy: URIRef
    referenceId: URIRef
    lesionLevel: URIRef
    dysfunctionKind: URIRef


class RO:
    """OBO Relation Ontology and BFO relations the graph reuses."""

    has_muscle_origin = OBO.RO_0002372
    has_muscle_insertion = OBO.RO_0002373
    innervated_by = OBO.RO_0002005
    has_muscle_antagonist = OBO.RO_0002568
    branching_part_of = OBO.RO_0002380
    connecting_branch_of = OBO.RO_0002252
    vessel_supplies_blood_to = OBO.RO_0020101
    has_basis_in_dysfunction_of = OBO.RO_0004020
    part_of = OBO.BFO_0000050


PREFIXES: dict[str, str] = {
    "": str(ENT),
    "akg": str(AKG._NS),
    "obo": str(OBO),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def curie(iri: str) -> str:
    """Shortest prefixed form of an IRI (':gluteus_medius', 'akg:Muscle'), or the IRI itself."""
    best = iri
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) - len(ns) + len(prefix) + 1 < len(best):
            best = f"{prefix}:{iri[len(ns) :]}"
    return best


def expand_curie(text: str) -> str | None:
    """IRI for a prefixed name (':L5', 'akg:Muscle'); None if the prefix is unknown."""
    prefix, sep, local = text.partition(":")
    if not sep or prefix not in PREFIXES or local.startswith("//"):
        return None
    return PREFIXES[prefix] + local
