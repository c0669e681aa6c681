"""The ontology's terms as Python names, so code never spells an IRI as a string.

Importing this module does not import rdflib, so a command that never meets an rdflib term
(`anatomy-kg deficit L5` on a warm cache) starts without it. `AKG`, `ENT`, `OBO` and `RO` are
rdflib namespaces (kg.terms), imported on first use; `AKG_IRIS` names the same terms as plain
strings (kg.iris): `str(AKG.Muscle) == AKG_IRIS.Muscle`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.iris import AKG_IRIS, AKG_NS, ENT_NS, OBO_NS

if TYPE_CHECKING:
    from kg.terms import AKG, ENT, OBO, RO

__all__ = ["AKG", "AKG_IRIS", "AKG_NS", "ENT", "ENT_NS", "OBO", "OBO_NS", "PREFIXES", "RO", "curie", "expand_curie"]

PREFIXES: dict[str, str] = {
    "": ENT_NS,
    "akg": AKG_NS,
    "obo": OBO_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

_RDF_NAMESPACES = ("AKG", "ENT", "OBO", "RO")


def __getattr__(name: str) -> Any:
    """AKG, ENT, OBO and RO: the rdflib namespaces of kg.terms, imported the first time one is asked for."""
    if name in _RDF_NAMESPACES:
        from kg import terms

        value = getattr(terms, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
