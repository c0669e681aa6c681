"""The ontology's IRIs as plain strings: no rdflib, so anything may import this cheaply.

kg.vocab is the public face (it re-exports these); kg.terms builds the rdflib namespaces from them.
"""

from __future__ import annotations

__all__ = ["AKG_IRIS", "AKG_NS", "AKG_TERMS", "ENT_NS", "OBO_NS", "IRIs"]

ENT_NS = "https://w3id.org/anatomy-kg/id/"
OBO_NS = "http://purl.obolibrary.org/obo/"
AKG_NS = "https://w3id.org/anatomy-kg/ontology#"

#: every term of the AnatomyKG ontology (ontology/anatomy-kg.ttl) that code may name
AKG_TERMS: tuple[str, ...] = (
    # classes
    "Entity",
    "AnatomicalStructure",
    "Muscle",
    "MuscleGroup",
    "Nerve",
    "Plexus",
    "SpinalNerve",
    "Artery",
    "Bone",
    "BonyLandmark",
    "Ligament",
    "Tendon",
    "Fascia",
    "Bursa",
    "Joint",
    "Action",
    "SkinRegion",
    "Reflex",
    "Dysfunction",
    "CompressionNeuropathy",
    "Radiculopathy",
    "Tendinopathy",
    "MotorControlDysfunction",
    "PosturalDysfunction",
    "GaitDysfunction",
    "Strain",
    "Bursitis",
    "Injury",
    "PainSyndrome",
    "Grade",
    "Role",
    "ClinicalFinding",
    "Symptom",
    "Sign",
    "ClinicalTest",
    "Intervention",
    "Exercise",
    "Source",
    "SourcedRelation",
    "QualifiedFact",
    "SegmentalInnervation",
    "ActionRole",
    "TestAccuracy",
    "MuscleActivation",
    # individuals
    "major",
    "minor",
    "absent",
    "primeMover",
    "assistant",
    "stabiliser",
    # properties
    "weight",
    "receivesFibresFrom",
    "segmentalInnervation",
    "root",
    "grade",
    "receivesSegment",
    "actionRole",
    "action",
    "role",
    "fibres",
    "hasAction",
    "atJoint",
    "opposes",
    "synergist",
    "inhibits",
    "compresses",
    "leadsTo",
    "presentsWith",
    "assessedBy",
    "treatedBy",
    "targets",
    "targetedBy",
    "indicatesWeaknessOf",
    "sensoryTerritory",
    "reflexSegment",
    "keySegment",
    "reflexNerve",
    "reflexMuscle",
    "keyMuscleOf",
    "keyActionOf",
    "liesBetween",
    "attachesTo",
    "passesThrough",
    "anastomosesWith",
    "mimics",
    "accuracy",
    "forCondition",
    "sensitivity",
    "specificity",
    "positiveLikelihoodRatio",
    "negativeLikelihoodRatio",
    "sampleSize",
    "activation",
    "muscle",
    "mvicPercent",
    "activationLevel",
    "note",
    "keySensoryPoint",
    "url",
    "tier",
    "localCopy",
    "referenceId",
    "lesionLevel",
    "dysfunctionKind",
)


class IRIs:
    """A closed namespace of plain-string IRIs: `AKG_IRIS.Muscle == 'https://w3id.org/anatomy-kg/ontology#Muscle'`."""

    def __init__(self, base: str, names: tuple[str, ...]) -> None:
        self._base = base
        self._names = frozenset(names)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_") or name not in self._names:
            raise AttributeError(f"term {name!r} not defined in namespace {self._base}")
        return self._base + name

    def __str__(self) -> str:
        return self._base


AKG_IRIS = IRIs(AKG_NS, AKG_TERMS)
