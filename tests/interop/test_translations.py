"""The Questionnaire carries FHIR's standard translation extension on every text it has in
another language: titles, questions, help, and each answer's display."""

from __future__ import annotations

from typing import Any

from fhirpathpy import evaluate
from fhirpathpy.models import models

from crepitus.interop.fhir.questionnaire import question_items, questionnaire
from crepitus.interop.fhir.translation import TRANSLATION, translated, translations
from crepitus.knowledge import knowledge

SPANISH = knowledge("es")


def item(field: str) -> dict[str, Any]:
    return next(i for i in question_items(questionnaire()) if i["linkId"] == field)


def test_the_questionnaire_says_its_language_and_translates_its_title() -> None:
    form = questionnaire()
    assert form["language"] == "en"
    assert translations(form, "title") == {"es": "Consulta sobre crujidos de espalda y cuello"}


def test_every_screen_and_question_carries_its_spanish_text() -> None:
    for group in questionnaire()["item"]:
        assert translations(group, "text") == {"es": SPANISH.screens[group["linkId"]].title}
        for question in group["item"]:
            spanish = SPANISH.question(question["linkId"])
            assert translations(question, "text") == {"es": spanish.text}


def test_help_texts_carry_their_spanish() -> None:
    helped = [q for q in SPANISH.questions if q.help]
    assert helped
    for question in helped:
        (help_item,) = item(question.field)["item"]
        assert translations(help_item, "text") == {"es": question.help}


def test_every_answer_display_carries_its_spanish_label() -> None:
    for question in (q for q in SPANISH.questions if q.kind in ("choice", "multi")):
        spanish = {o.value: o.label for o in question.options}
        for option in item(question.field)["answerOption"]:
            coding = option["valueCoding"]
            exclusive = "extension" in option  # a multi question's "none of these"
            expected = "Ninguna de estas" if exclusive else spanish[coding["code"]]
            assert translations(coding, "display") == {"es": expected}


def test_a_fhirpath_client_reads_the_translation_the_standard_way() -> None:
    found = evaluate(
        questionnaire(),
        "Questionnaire.repeat(item).where(linkId = 'age').text.extension"
        f"('{TRANSLATION}').where(extension('lang').value = 'es')"
        ".extension('content').value",
        {},
        models["r4"],
    )
    assert found == ["¿Qué edad tiene?"]


def test_a_text_without_translations_gets_no_extension() -> None:
    assert translated({"text": "x"}, "text", []) == {"text": "x"}
