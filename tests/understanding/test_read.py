"""``understand``: what a description says, where it says it, and what it does not say."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crepitus import understand
from crepitus.contract.case import validate_case
from crepitus.understanding.describe import prefill, read_fields


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("29F, my neck clicks", 29),
        ("I'm 52 and my back cracks", 52),
        ("a 66-year-old with a grinding neck", 66),
        ("M, 45. Lower back pops.", 45),
        ("aged 70, upper back cracks", 70),
        ("My neck cracks. 31.", 31),
        ("My neck cracks. 31", 31),
        ("I am forty-two and my back pops", 42),
    ],
)
def test_ages_in_many_forms(text: str, age: int) -> None:
    assert understand(text).case["age"] == age


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("lower back pain 6/10", 6),
        ("it hurts, about 6 out of 10", 6),
        ("pain 7 since the pop", 7),
        ("seven out of ten, my back", 7),
    ],
)
def test_pain_scores(text: str, score: int) -> None:
    assert understand(text).case["pain_score"] == score


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("my back has ached for three weeks", 21),
        ("the pain started yesterday", 1),
        ("back pain for half a year", 182),
        ("it popped and hurts since this morning", 0),
        ("my neck has hurt for a couple of months", 60),
    ],
)
def test_how_long_it_has_hurt(text: str, days: int) -> None:
    assert understand(text).case["pain_days"] == days


@pytest.mark.parametrize(
    ("text", "frequency"),
    [
        ("my neck cracks now and then", "occasional"),
        ("my back pops every day", "daily"),
        ("it clicks all the time", "many_daily"),
        ("my upper back cracks once or twice a week", "weekly"),
        ("I felt a pop in my back", "single"),
    ],
)
def test_how_often_it_pops(text: str, frequency: str) -> None:
    assert understand(text).case["pop_frequency"] == frequency


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("my neck cracks", "cervical"),
        ("it pops between my shoulder blades", "thoracic"),
        ("my low back clicks", "lumbar"),
        ("my tailbone cracks when I sit down", "lumbar"),
    ],
)
def test_regions_in_lay_words(text: str, region: str) -> None:
    assert understand(text).case["pop_region"] == region


@pytest.mark.parametrize(
    ("text", "sound"),
    [
        ("it cracks", "crack"),
        ("it pops", "crack"),
        ("it grinds", "grinding"),
        ("a crunch", "grinding"),
        ("it snaps", "snapping"),
    ],
)
def test_sounds(text: str, sound: str) -> None:
    assert understand(f"my neck: {text}").case["pop_sound"] == sound


def test_a_negated_mention_is_read_as_no_and_marked_negated() -> None:
    understood = understand("No numbness or tingling, and it doesn't hurt. Strength is fine.")
    case = understood.case
    assert case["numbness"] is False and case["tingling"] is False
    assert case["weakness"] == "none"
    assert case["pain_score"] == 0
    strength = next(m for m in understood.mentions if m.field == "weakness")
    assert strength.negated and strength.text == "Strength"


def test_a_hypothetical_is_kept_out_of_the_case() -> None:
    understood = understand("My back pops. What if I lose control of my bladder one day?")
    assert "bladder_bowel_change" not in understood.case
    bladder = next(m for m in understood.mentions if m.field == "bladder_bowel_change")
    assert bladder.hypothetical and not bladder.used


def test_a_past_cancer_still_counts_but_a_past_operation_long_ago_does_not() -> None:
    case = understand("Breast cancer ten years ago, all clear. Back surgery in 2009.").case
    assert case["cancer_history"] is True
    assert "recent_spinal_procedure" not in case


def test_someone_elses_symptoms_are_not_mine() -> None:
    case = understand("My wife has a fever and my mum had cancer. My neck clicks.").case
    assert "fever" not in case and "cancer_history" not in case
    assert case["pop_region"] == "cervical"


def test_a_new_clause_ends_a_negation() -> None:
    case = understand("I can't bend and my legs are numb").case
    assert case["numbness"] is True


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("there's some numbess in my foot", "numbness"),
        ("tinglling in my fingers", "tingling"),
        ("i feel dizy after cracking my nek", "neck_artery_symptoms"),
        ("I'm paralysed down one side", "weakness"),
        ("I can't control my wee", "bladder_bowel_change"),
    ],
)
def test_typos_and_british_words(text: str, field: str) -> None:
    assert field in understand(text).case


def test_look_alikes_are_not_the_spine() -> None:
    case = understand("I cracked my phone screen and my knuckles crack. My neck is fine.").case
    assert "pop_sound" not in case


def test_spans_point_into_the_text() -> None:
    text = "Lifting a box yesterday I felt one pop in my lower back, then a sharp pain, 6/10."
    for mention in understand(text).mentions:
        assert text[mention.start : mention.end] == mention.text


def test_loose_words_are_estimates_not_answers() -> None:
    understood = understand("my neck cracks and it's a bit sore")
    assert "pain_score" not in understood.case
    assert understood.estimates["pain_score"] == 2
    answers, estimates = prefill(understood)
    assert "pain_score" not in answers and estimates == {"pain_score": 2}
    assert next(f for f in read_fields(understood) if f.field == "pain_score").estimated


def test_what_is_read_always_fits_the_contract() -> None:
    text = (
        "I'm 61, my neck grinds daily, 5/10 for six months, it goes into my shoulder, both hands"
        " numb and clumsy, unsteady walking, on warfarin, prednisone for years, lost 6 kg."
    )
    validate_case(understand(text).assessable(), complete=False)


def test_nothing_is_said_about_what_is_not_mentioned() -> None:
    understood = understand("hello")
    assert understood.case == {} and understood.estimates == {} and understood.mentions == ()


def test_text_that_is_not_text_is_refused() -> None:
    with pytest.raises(TypeError, match="takes text"):
        understand(42)  # type: ignore[arg-type]


def test_importing_crepitus_does_not_load_the_nlp() -> None:
    code = (
        "import sys, crepitus, crepitus.understanding, crepitus.cli.app;"
        " print('spacy' in sys.modules, 'medspacy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_without_the_nlp_extra_the_command_says_what_to_install() -> None:
    # spaCy made unimportable in a fresh process, as on an install without the extra
    code = (
        "import sys; sys.modules['spacy'] = None; sys.argv = ['crepitus', 'assess', '--text',"
        " 'my neck cracks']; from crepitus.cli.app import main; main()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "pip install 'crepitus[nlp]'" in done.stderr
    assert "Traceback" not in done.stderr


VOCABULARY = (
    "my neck back lower upper pops cracks grinds no not never numb tingling weak legs pee fever"
    " cancer 6/10 29F three weeks ago every day what if wife can't feel between and but , . ?"
    " 1 2 55 dizzy chest sweating fell car crash steroids warfarin"
)
WORDS = st.sampled_from(VOCABULARY.split())


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=40).map(" ".join)))
def test_any_text_reads_into_a_case_that_fits_the_contract(text: str) -> None:
    understood = understand(text)
    validate_case(understood.assessable(), complete=False)
    for mention in understood.mentions:
        assert 0 <= mention.start <= mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    "text",
    [
        "No fever, but my legs are numb",
        "Not on blood thinners and I have numbness in my foot",
        "I don't smoke. My foot is numb.",
    ],
)
def test_a_negation_ends_where_its_clause_ends(text: str) -> None:
    assert understand(text).case["numbness"] is True
