"""AnatomyKG: a knowledge graph of lumbopelvic and lower-limb anatomy. For education, not diagnosis."""

from kg.errors import EndpointError, KGError, QueryError, TurtleError, UnknownNameError
from kg.graph import DISCLAIMER, AnatomyGraph, SearchHit, load
from kg.vocab import AKG, ENT, RO

__all__ = [
    "AKG",
    "DISCLAIMER",
    "ENT",
    "RO",
    "AnatomyGraph",
    "EndpointError",
    "KGError",
    "QueryError",
    "SearchHit",
    "TurtleError",
    "UnknownNameError",
    "load",
]
__version__ = "0.1.0"
