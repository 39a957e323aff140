"""The fixed words around an assessment follow the person's language."""

from __future__ import annotations

from crepitus.assessment_words import confidence_words, evidence_words, safety_net
from crepitus.engine.assess import engine
from crepitus.i18n import translator


def test_the_unanswered_warning_signs_line_is_in_the_language_with_its_plural() -> None:
    result = engine("es").assess({"age": 30})
    count = len(result.unanswered_red_flags)
    assert count > 1
    assert result.what_would_change[-1].endswith("answering could change this advice.")
    lines = safety_net(result, translator("es"))
    assert lines[:-1] == result.what_would_change[:-1]
    assert lines[-1] == (
        f"{count} preguntas sobre señales de alarma quedaron sin responder;"
        " responderlas podría cambiar este consejo."
    )


def test_in_english_the_safety_net_is_the_engines_own() -> None:
    result = engine().assess({"age": 30})
    assert safety_net(result, translator("en")) == result.what_would_change


def test_how_sure_and_how_strong_are_in_the_language() -> None:
    spanish = translator("es")
    assert confidence_words(0.8, spanish) == "encaja muy bien"
    assert confidence_words(0.1, spanish) == "menos probable"
    assert evidence_words("very_low", spanish) == "muy bajas"
    assert evidence_words("moderate", translator("en")) == "moderate"
