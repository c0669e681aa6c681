"""Read-only guard for user-sent SPARQL: refuse updates, SERVICE and FROM before anything runs.

Keyword filters are not enough (rdflib and Oxigraph accept `\\u0053ERVICE`), so the query is
parsed and its syntax tree inspected, as measured in DESIGN.md. Parsing alone is not enough
either: the guard parses with rdflib and the engine is Oxigraph, and the two must read the same
query. They did not: a `#` comment ends at a line feed for rdflib but at a carriage return too
for Oxigraph, so `# \\r SERVICE <…>` was a comment to the guard and a SERVICE call to the engine.

So `guard` first rewrites the query into a form both parsers read alike, inspects that, and
returns it; callers run `GuardedQuery.text`, never the text they were given:

1. SPARQL codepoint escapes (`\\uXXXX`, `\\UXXXXXXXX`) are replaced by their characters, as the
   SPARQL grammar does before parsing (rdflib's own expansion also accepts 8 hex digits after
   `\\u`, so the engine and rdflib would not agree on them). A result that still holds an
   escape (`\\u005Cu0053` gives `\\u0053`) would be expanded a second time by a parser; it is
   refused.
2. Every carriage return (alone or in CR LF) becomes a line feed. rdflib ends a comment at
   LF only; Oxigraph at CR or LF; neither ends it at U+2028, U+2029, VT, FF or NEL (both keep
   reading the comment), so CR is the only line end the two read differently. A CR inside a
   long string literal also becomes LF: the one visible change to a query.
3. The text is parsed by rdflib and its syntax tree searched for SERVICE and FROM / FROM NAMED;
   a text that parses only as SPARQL Update is refused as an update.

Parsing with rdflib costs 5-25 ms a query, which made the endpoint three times slower than
Oxigraph's own on scripts that send every query once. So step 3 has an exact shortcut for the
everyday query (`shortcut_form`), which does not tokenize and so cannot mistake where a comment,
string or IRI ends. A keyword is always a run of name characters `[A-Za-z0-9_]` or part of
one (`ASKFROM`, `1SERVICE`). If no such run anywhere in the text (inside strings, IRIs and
comments too) contains SERVICE or FROM in any case, then neither parser can read either
keyword in it, whatever it takes for a comment or a string (Oxigraph matches keywords by ASCII
case only and needs no word boundary after one, hence "contains"). The one exception is a run right after `:`, `?` or `$`: in
code that is the local part of a prefixed name or a variable (`akg:receivesFibresFrom`), and
anywhere else it is inside the same string, IRI or comment as the `:`. A text holding a
character outside ASCII whose upper or lower case is ASCII (U+017F long s is S in upper case)
never takes the shortcut, nor a text nested more than 20 deep (Oxigraph's parser would overflow
its stack on thousands of levels; rdflib refuses them). The form is read from the first keyword after the prologue, and the
text is then prepared by Oxigraph on an empty store: it must parse, as a query of that form
(so an update, which Oxigraph's query parser cannot read, never takes the shortcut). A text
that fails any of this goes to the rdflib parse as before, which gives the same verdicts
and messages as before; the shortcut never refuses.

The endpoint's worker processes also run without a network (kg.sparql.sandbox), so a SERVICE call
that got past this guard would still fail; see docs/security.md.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from kg.errors import QueryError

__all__ = ["GuardedQuery", "guard", "normalise", "parsed_form", "shortcut_form"]

# SPARQL 1.1 §19.2: \u followed by exactly 4 hex digits, \U by exactly 8
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# what either parser would expand again (rdflib: \u or \U, case-insensitive, 4 or 8 hex digits)
_ANY_ESCAPE = re.compile(r"\\u[0-9a-f]{4}", re.I)
_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


@dataclass(frozen=True)
class GuardedQuery:
    """A query the guard let through: the text to hand the engine and its form."""

    text: str
    form: str  # 'SELECT', 'ASK', 'CONSTRUCT' or 'DESCRIBE'


def _expand(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise QueryError(f"{match.group(0)} is not a Unicode character; write the character itself")
    return chr(code)


def normalise(query: str) -> str:
    """The query as both rdflib and Oxigraph read it alike: escapes expanded, CR and CR LF made LF.

    Raises QueryError for a text whose expansion still holds a codepoint escape (a parser would
    expand it again) and for escapes of surrogates or of numbers past U+10FFFF.
    """
    text = _ESCAPE.sub(_expand, query)
    if _ANY_ESCAPE.search(text):
        raise QueryError(
            "a \\u codepoint escape that spells another escape (such as \\u005Cu0053) is refused: "
            "write the character itself"
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


# a run of name characters; a keyword is always one, or part of one
_RUN = re.compile(r"[A-Za-z0-9_]+")
# a run holding any of these, anywhere and in any case, sends the text to the rdflib parse
# (update keywords need no place here: Oxigraph's query parser reads no update, so an update
# never passes `_engine_reads_as` and goes to rdflib, which refuses it with its message)
_RISKY = re.compile("SERVICE|FROM", re.IGNORECASE)
# the prologue's tokens, then the first keyword: what the form is read from
_PROLOGUE = re.compile(
    r"[ \t\n]+|#[^\n\r]*|<[^<>\"{}|^`\\\x00-\x20]*>|(?:[A-Za-z][A-Za-z0-9_.\-]*)?:|(?P<word>[A-Za-z]+)"
)
# Oxigraph's parser recurses on nesting and overflows its stack (a segmentation fault, not an
# error) near 3,000 levels; rdflib refuses past ~25 with RecursionError. Deeper texts go to rdflib.
_MAX_SHORTCUT_DEPTH = 20
_BRACKET = re.compile(r"[{}()\[\]]")
_FORM_RESULTS = {
    "SELECT": "QuerySolutions",
    "ASK": "QueryBoolean",
    "CONSTRUCT": "QueryTriples",
    "DESCRIBE": "QueryTriples",
}


def shortcut_form(text: str) -> str | None:
    """The form of a normalised query that plainly holds no SERVICE, FROM or update; None if unsure.

    None means "parse it with rdflib", never "refused". See the module's docstring.
    """
    if not text.isascii() and any(
        not c.isascii() and (c.upper().isascii() or c.lower().isascii()) for c in text
    ):  # U+017F long s upper-cases to S, U+212A Kelvin sign lower-cases to k …
        return None
    for run in _RUN.finditer(text):
        start = run.start()
        if start and text[start - 1] in ":?$":  # the local part of a prefixed name, or a variable
            continue
        if _RISKY.search(run.group()):
            return None
    depth = 0
    for bracket in _BRACKET.finditer(text):
        depth += 1 if bracket.group() in "{([" else -1
        if depth > _MAX_SHORTCUT_DEPTH:
            return None
    form = None
    position = 0
    while form is None:
        match = _PROLOGUE.match(text, position)
        if match is None or match.end() == position:
            return None
        word = match.group("word")
        if word is not None:
            word = word.upper()
            if word in _FORM_RESULTS:
                form = word
            elif word not in ("PREFIX", "BASE"):
                return None
        position = match.end()
    return form


@functools.cache
def _empty_store() -> Any:
    import pyoxigraph as ox

    return ox.Store()


def _engine_reads_as(text: str, form: str) -> bool:
    """Whether Oxigraph parses `text` (with the project's prefixes) as a query of that form.

    Only for texts `shortcut_form` cleared, which cannot hold SERVICE: preparing such a query
    on an empty store cannot call out (a SELECT or CONSTRUCT is not even evaluated; an ASK is,
    on no data). A text that does not parse goes to rdflib for the message.
    """
    from kg.vocab import PREFIXES

    try:
        result = _empty_store().query(text, prefixes=PREFIXES)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        return False
    return type(result).__name__ == _FORM_RESULTS[form]


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


@functools.lru_cache(maxsize=128)
def guard(query: str) -> GuardedQuery:
    """The text the engine must run and the query's form, if the query may run; QueryError otherwise.

    Refused: SPARQL Update in any form, SERVICE (no request may leave the server), FROM /
    FROM NAMED (which could name files or remote graphs), and escapes that cannot be read one
    way only. Every path that runs a person's SPARQL (endpoint, CLI, app) calls this and runs
    the returned `text`, never its own copy of the query. The verdicts on the last 128 texts
    let through are remembered (a script repeating a query is parsed once); refusals are not.
    Everyday queries skip the rdflib parse by an exact shortcut (`shortcut_form`).
    """
    text = normalise(query)
    shortcut = shortcut_form(text)
    if shortcut is not None and _engine_reads_as(text, shortcut):
        return GuardedQuery(text, shortcut)
    return GuardedQuery(text, parsed_form(text))


def parsed_form(text: str) -> str:
    """The form of a normalised query by the rdflib parse (no shortcut); QueryError if refused."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import Query, parseUpdate

    try:
        # Query.parse_string, not parseQuery: the text is already expanded and must not be expanded twice
        parsed = Query.parse_string(text, parse_all=True)
    except ParseException as e:
        try:
            parseUpdate(text)
        except Exception:
            raise QueryError(f"SPARQL syntax error at line {e.lineno}, column {e.col}: {e.msg}") from None
        raise QueryError(
            "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE …) is refused: the graph is read-only"
        ) from None
    except RecursionError:
        raise QueryError(
            "the query is nested too deeply or has too many parts in one group for the parser; split or simplify it"
        ) from None
    except Exception as e:
        raise QueryError(f"SPARQL syntax error: {e}") from None
    for name, value in _walk(parsed):
        if name == "ServiceGraphPattern":
            raise QueryError("SERVICE is refused: queries may not make requests to other endpoints")
        if name == "datasetClause" and value:
            raise QueryError("FROM / FROM NAMED is refused: queries run on the AnatomyKG graph only")
    form = _FORMS.get(getattr(parsed[1], "name", ""), "")
    if not form:
        raise QueryError("the query must be a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return form
