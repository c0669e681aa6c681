"""`anatomy-kg validate`: the shipped data meets the SHACL contract, and each kind of breach is named."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kg.cli.main import main
from kg.errors import TurtleError
from kg.validate import Finding, validate
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def shipped_findings() -> list[Finding]:
    return validate()


def test_shipped_data_has_no_errors(shipped_findings: list[Finding]) -> None:
    errors = [str(f) for f in shipped_findings if f.severity == "ERROR"]
    assert errors == []


BREACHES = ["muscle_without_nerve.ttl", "statement_without_source.ttl", "undefined_iri.ttl"]


@pytest.fixture(scope="module")
def breach_findings() -> list[Finding]:
    """One validation of the shipped data with all three breach fixtures added."""
    return validate(extra=[FIXTURES / name for name in BREACHES])


@pytest.fixture()
def messages_for(breach_findings: list[Finding]) -> Callable[[str], list[str]]:
    def errors_in(extra: str) -> list[str]:
        """Errors reported against one extra file (the shipped data is checked by its own test)."""
        return [f"{f.focus}: {f.message}" for f in breach_findings if f.severity == "ERROR" and f.file.endswith(extra)]

    return errors_in


def test_a_muscle_with_no_nerve_is_reported(messages_for: Callable[[str], list[str]]) -> None:
    assert messages_for("muscle_without_nerve.ttl") == [
        ":fixture_muscle_no_nerve: no nerve: add obo:RO_0002005 (innervated by) with its source"
    ]


def test_a_statement_with_no_source_is_reported(messages_for: Callable[[str], list[str]]) -> None:
    assert messages_for("statement_without_source.ttl") == [
        ":fixture_bursa: states akg:liesBetween :gluteus_medius with no source: "
        "add an owl:Axiom annotating it with dcterms:source"
    ]


def test_an_undefined_iri_is_reported_with_the_file_that_uses_it(messages_for: Callable[[str], list[str]]) -> None:
    assert messages_for("undefined_iri.ttl") == [
        ":superior_gluteal_nerv: :superior_gluteal_nerv is used but never defined: "
        "give it an rdf:type and label, or fix the spelling"
    ]


def test_a_turtle_syntax_error_names_file_and_line() -> None:
    with pytest.raises(TurtleError) as error:
        validate(extra=[FIXTURES / "bad_syntax.ttl"])
    assert error.value.path.endswith("bad_syntax.ttl")
    assert error.value.line == 8


def test_cli_exits_1_on_a_violation_and_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as code:
        main(["validate", str(FIXTURES / "muscle_without_nerve.ttl")])
    out = capsys.readouterr().out
    assert code.value.code == 1
    assert (
        "[ERROR] tests/fixtures/muscle_without_nerve.ttl :fixture_muscle_no_nerve: "
        "no nerve: add obo:RO_0002005 (innervated by) with its source"
    ) in out.splitlines()


def test_cli_exits_2_on_a_syntax_error_naming_file_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as code:
        main(["validate", str(FIXTURES / "bad_syntax.ttl")])
    err = capsys.readouterr().err
    assert code.value.code == 2
    assert "bad_syntax.ttl, line 8: column" in err
    assert "Traceback" not in err
