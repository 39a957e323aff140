"""The same answers give the same assessment in every language; only the words differ."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings

from crepitus.contract.case import validate_case
from crepitus.engine.assess import engine
from crepitus.engine.interview import run_through
from crepitus.engine.result import Assessment
from crepitus.engine.wording import for_someone_else
from crepitus.knowledge import knowledge
from crepitus.knowledge.locales import PSEUDO
from crepitus.knowledge.model import Question
from tests.conftest import dev_vignettes
from tests.strategies import cases

LANGUAGES = ("en", "es", PSEUDO)


def decision(result: Assessment) -> tuple[Any, ...]:
    """Everything an assessment decides, leaving out the words it says it in."""
    return (
        result.triage,
        [(c.id, c.score, c.because) for c in result.conditions],
        [(r.id, r.level, r.because, r.sources) for r in (*result.red_flags, *result.care_rules)],
        [(a.id, a.evidence) for a in result.advice],
        result.unanswered_red_flags,
        len(result.what_would_change),
        result.knowledge_version,
    )


@settings(max_examples=300)
@given(cases())
def test_the_same_answers_give_the_same_assessment_in_every_language(case: dict[str, Any]) -> None:
    valid = validate_case(case)
    decided = {language: decision(engine(language).assess(valid)) for language in LANGUAGES}
    assert decided["es"] == decided["en"]
    assert decided[PSEUDO] == decided["en"]


@settings(max_examples=100)
@given(cases())
def test_a_spanish_assessment_reads_in_spanish(case: dict[str, Any]) -> None:
    valid = validate_case(case)
    spanish = engine("es").assess(valid)
    kb = knowledge("es")
    assert spanish.triage_label == kb.levels[spanish.triage].label
    assert all(r.message in {k.message for k in kb.rules} for r in spanish.red_flags)
    assert all(a.title in {k.title for k in kb.advice.values()} for a in spanish.advice)
    for_them = for_someone_else(spanish, kb)
    assert for_them.triage_action == kb.levels[spanish.triage].action_wording(other=True)


@pytest.mark.parametrize("vignette", dev_vignettes(), ids=lambda v: str(v["id"]))
def test_every_dev_vignette_reaches_the_same_triage_through_the_spanish_interview(
    vignette: dict[str, Any],
) -> None:
    spanish = knowledge("es")
    asked: list[str] = []

    def reply(question: Question) -> Any:
        assert question.text == spanish.question(question.field).text  # asked in Spanish
        asked.append(question.field)
        return vignette["case"].get(question.field)

    english = run_through({}, lambda q: vignette["case"].get(q.field))
    result = run_through({}, reply, engine("es"))
    assert asked, "the interview asked nothing"
    assert result.triage == english.triage
    assert decision(result) == decision(english)
