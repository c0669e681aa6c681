"""The ontology's namespaces as rdflib terms (the terms themselves are listed in kg.iris).

`from kg.vocab import AKG` reaches these; this module is imported only when one is used, since
it imports rdflib.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from kg.iris import AKG_NS, AKG_TERMS, ENT_NS, OBO_NS

__all__ = ["AKG", "ENT", "OBO", "RO"]

ENT = Namespace(ENT_NS)
OBO = Namespace(OBO_NS)


class AKG(DefinedNamespace):
    """AnatomyKG ontology terms (ontology/anatomy-kg.ttl); an unknown name is an AttributeError."""

    _fail = True
    _NS = Namespace(AKG_NS)
    __annotations__ = dict.fromkeys(AKG_TERMS, URIRef)


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
