"""Read-only guard for user-sent SPARQL: refuse updates, SERVICE and FROM before anything runs.

Keyword filters are not enough (rdflib and Oxigraph accept `\\u0053ERVICE`), so the query is
parsed and its syntax tree inspected, as measured in DESIGN.md.
"""

from __future__ import annotations

from typing import Any

from kg.errors import QueryError
from kg.store import query_form

__all__ = ["check_read_only"]


def _walk(node: Any) -> Any:
    """Every (name, value) pair in a pyparsing ParseResults / CompValue tree."""
    stack = [node]
    while stack:
        item = stack.pop()
        name = getattr(item, "name", None)
        if name:
            yield name, item
        if isinstance(item, dict):
            for key, value in item.items():
                yield key, value
                stack.append(value)
        elif isinstance(item, list | tuple) or hasattr(item, "asList"):
            stack.extend(list(item))


def check_read_only(query: str) -> str:
    """The query's form ('SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE') if it may run; QueryError otherwise.

    Refused: SPARQL Update in any form, SERVICE (no request may leave the server), and
    FROM / FROM NAMED (which could name files or remote graphs).
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(query)
    except ParseException as e:
        try:
            parseUpdate(query)
        except ParseException:
            raise QueryError(f"SPARQL syntax error at line {e.lineno}, column {e.col}: {e.msg}") from None
        raise QueryError(
            "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE …) is refused: the graph is read-only"
        ) from None
    except Exception as e:
        raise QueryError(f"SPARQL syntax error: {e}") from None
    for name, value in _walk(parsed):
        if name == "ServiceGraphPattern":
            raise QueryError("SERVICE is refused: queries may not make requests to other endpoints")
        if name == "datasetClause" and value:
            raise QueryError("FROM / FROM NAMED is refused: queries run on the AnatomyKG graph only")
    return query_form(query)
