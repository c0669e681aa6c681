"""Errors a user can meet, each with a message that says what was wrong and what would work."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

__all__ = ["EndpointError", "KGError", "QueryError", "TurtleError", "UnknownNameError"]


class KGError(Exception):
    """Base class: a problem with the user's input or environment, shown without a traceback."""

    exit_code = 2


class UnknownNameError(KGError, LookupError):
    """A name that matches no entity label, synonym or IRI."""

    def __init__(self, name: str, suggestions: Sequence[str] = (), what: str = "entity") -> None:
        self.name = name
        self.suggestions = list(suggestions)
        self.what = what
        hint = f"; did you mean {', '.join(repr(s) for s in self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {what} {name!r}{hint}")


class QueryError(KGError, ValueError):
    """A SPARQL query that does not parse, is refused, or fails."""


class EndpointError(KGError, ConnectionError):
    """A remote SPARQL endpoint that cannot be reached or answers with an error."""

    exit_code = 3


class TurtleError(KGError, ValueError):
    """A Turtle file that does not parse: names the file, line and problem."""

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}, line {line}" if line else self.path
        super().__init__(f"{where}: {problem}")

    @classmethod
    def from_syntax_error(cls, path: Path | str, error: SyntaxError) -> TurtleError:
        message = error.msg or str(error)
        line = error.lineno
        m = re.match(r"Parser error at line (\d+) column (\d+): (.*)", message, re.S)
        if m:
            line = int(m.group(1))
            message = f"column {m.group(2)}: {m.group(3)}"
        return cls(path, line, message)
