"""Families of wording from real descriptions that used to lower concern, each read the same way
however it is told: in the past tense, by a relative, with an extra word, inside a list, after
an unrelated denial, or typed in lower case without punctuation.

Each family is checked end to end where it matters (the triage from the words alone, as
``assess --text`` gives it) and beside a look-alike that must not be read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from crepitus import understand
from crepitus.contract.case import validate_case
from crepitus.engine.assess import engine
from crepitus.engine.concern import text_alone
from crepitus.knowledge.model import LEVELS
from tests.understanding.test_metamorphic import REWRITINGS


def typed_in_a_hurry(text: str) -> str:
    """Lower case, no full stops or commas: "i had cancer a few years later my back hurt"."""
    return re.sub(r"[.,;:!]", "", text.lower())


HOW_TOLD: dict[str, Callable[[str], str]] = {**REWRITINGS, "hurried": typed_in_a_hurry}


def _triage(text: str, *, learned: bool = False) -> str:
    """The level from the text alone, by default as the reading rules give it: these families
    test the rules; the wording model, which may only raise it, is tested in test_wording.py."""
    understood = understand(text, learned=learned)
    case = text_alone(understood.case, understood.estimates)
    return engine().assess(validate_case(case, complete=False)).triage


def _told(texts: list[str]) -> list[object]:
    return [
        pytest.param(text, name, id=f"{name}:{text[:40]}") for text in texts for name in HOW_TOLD
    ]


# ---------------------------------------------------------------------------------------------
# "Six years later" says when something happened in the story, not how long the pain has lasted:
# read as a duration, it made new pain after cancer years old, and the urgent check was lost.

LATER = [
    "I had breast cancer. Six years later I hurt my back and it is really painful.",
    "I had chemo for lymphoma, and a couple of years later my lower back started aching.",
    "I finished radiotherapy for prostate cancer. A few months later my back began to hurt.",
]


@pytest.mark.parametrize(("text", "name"), _told(LATER))
def test_a_time_later_in_the_story_is_not_how_long_the_pain_has_lasted(
    text: str, name: str
) -> None:
    told = HOW_TOLD[name](text)
    assert "pain_days" not in understand(told).case, told
    assert LEVELS.index(_triage(told)) >= LEVELS.index("urgent"), told


def test_a_duration_is_still_a_duration() -> None:
    assert understand("My back has hurt for six years.").case.get("pain_days") == 6 * 365
    assert understand("My back has hurt for two weeks, it started after a fall.").case.get(
        "pain_days"
    ) == (14)


# ---------------------------------------------------------------------------------------------
# A denial of effect is not a denial of what was tried: "neither the pain pills nor the epidural
# helped" had removed both the pain and the recent spinal procedure.

DID_NOT_HELP = [
    "Neither the pain pills nor the epidural injections are helping.",
    "No pain meds or epidurals have helped my back.",
    "Neither the pain pills, nor the nerve block have worked.",
]


@pytest.mark.parametrize(("text", "name"), _told(DID_NOT_HELP))
def test_what_did_not_help_was_still_had(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    understood = understand(told)
    assert understood.case.get("recent_spinal_procedure") is True, (told, understood.case)
    assert understood.assessable().get("pain_score") != 0, (told, understood.assessable())


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("I have never had an epidural.", "recent_spinal_procedure", False),
        ("No pain, and the physio helped.", "pain_score", 0),
        ("no numbness, and stretching helps", "numbness", False),
        ("I've had no surgery or injections on my back.", "recent_spinal_procedure", False),
        ("No pain. Helps to stretch it though.", "pain_score", 0),
    ],
)
def test_a_denial_before_a_separate_clause_about_help_is_still_a_denial(
    text: str, field: str, value: object
) -> None:
    assert understand(text).case.get(field) == value


@pytest.mark.parametrize("text", ["I don't take pain meds.", "no pain killers, just rest"])
def test_pain_medicine_is_not_a_statement_about_pain(text: str) -> None:
    assert understand(text).case.get("pain_score") != 0


def test_a_steroid_injection_is_a_procedure_not_steroid_tablets() -> None:
    for text in ("I had steroid injections in my back last month", "a steroid injection"):
        case = understand(text).case
        assert case.get("recent_spinal_procedure") is True, (text, case)
        assert "steroid_use_long_term" not in case, (text, case)
    assert understand("I've been on steroid tablets for years").case["steroid_use_long_term"]


# ---------------------------------------------------------------------------------------------
# The top words of a verbal pain scale are a 9, whatever they describe.

WORST = [
    "Excruciating spasms in my lower back since this morning.",
    "After the sneeze I had to drag myself to a chair.",
    "The pain in my back dropped me to my knees.",
    "I couldn't get up, I could only crawl to the bathroom.",
    "The pain in my back is unbearable.",
    "My back pain got so bad I thought I was going to die.",
    "Crippling back pain since I lifted the sofa.",
]


@pytest.mark.parametrize(("text", "name"), _told(WORST))
def test_the_worst_words_for_pain_are_near_the_top_of_the_scale(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).assessable().get("pain_score", 0) >= 9, told
    assert LEVELS.index(_triage(told)) >= LEVELS.index("see_doctor"), told


@pytest.mark.parametrize(
    "text", ["my neck clicks, it's not excruciating or anything", "It hurts, but not unbearable."]
)
def test_a_denied_severity_is_some_pain_not_the_worst(text: str) -> None:
    score = understand(text).assessable().get("pain_score")
    assert isinstance(score, int) and 0 < score < 5, score


def test_dying_to_know_is_not_pain() -> None:
    assert "pain_score" not in understand("Dying to know if this popping is normal").assessable()


# ---------------------------------------------------------------------------------------------
# Ages in words: an older person's fall is urgent with new pain (brief section 8).

OLD = [
    "I'm in my seventies and slipped on the ice, now my back hurts.",
    "I am a pensioner and I tripped over the step, my lower back aches now.",
    "I'm in my late sixties, I fell in the garden and my neck is sore.",
]


@pytest.mark.parametrize(("text", "name"), _told(OLD))
def test_an_age_in_words_counts(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).assessable().get("age", 0) >= 65, told
    assert LEVELS.index(_triage(told)) >= LEVELS.index("urgent"), told


@pytest.mark.parametrize(
    "text",
    [
        "My elderly mum slipped on the ice and now her back hurts.",
        "My nan is in her eighties, she had a fall and her back is sore.",
        "my old dad fell over in the garden and his back hurts",
        "My dad lives in a care home, he fell out of bed and his back hurts.",
        "My grandma slipped with her zimmer frame and now her neck is sore.",
    ],
)
def test_an_older_relatives_age_in_words_counts_in_a_proxy_report(text: str) -> None:
    assert understand(text).assessable().get("age", 0) >= 65, text
    assert _triage(text) == "urgent", text


@pytest.mark.parametrize(
    "text",
    [
        "My elderly neighbour has back pain and my neck cracks.",
        "I am 30 and look after elderly patients; my back clicks.",
        "My sister has a walker. My back cracks when I bend.",
    ],
)
def test_someone_elses_age_in_words_is_not_the_writers(text: str) -> None:
    assert understand(text).assessable().get("age") in (None, 30), text


# ---------------------------------------------------------------------------------------------
# Woken by it: a start in the night, however the time and date are told.


@pytest.mark.parametrize(
    ("text", "name"),
    _told(
        [
            "I woke up at about 5am on Tuesday with a severe headache at the back of my neck.",
            "I woke up on the morning of my birthday with a sharp pain in my neck.",
        ]
    ),
)
def test_woken_with_pain_is_a_sudden_start(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("pain_onset") == "sudden", told


def test_waking_and_then_something_else_with_someone_is_not_a_start() -> None:
    case = understand("I woke up early and went for a run with a friend, my back clicks.").case
    assert "pain_onset" not in case


def test_falling_to_the_knees_is_a_fall_not_a_pain_score() -> None:
    understood = understand("I fell to my knees in the garden and hurt my back.")
    assert understood.case.get("trauma") == "minor"
    assert understood.assessable().get("pain_score", 0) < 9


@pytest.mark.parametrize(
    "text", ["I'm 3 weeks after my surgery and my back still hurts", "I am six months postpartum"]
)
def test_a_time_since_something_is_not_an_age(text: str) -> None:
    assert "age" not in understand(text).assessable()


def test_a_duration_anchored_to_last_year_reaches_past_a_clause() -> None:
    text = "My disc ruptured last year, and my lower back has been a real pain since that time."
    assert understand(text).case.get("pain_days") == 365


def test_an_accident_in_the_trousers_is_not_an_injury() -> None:
    case = understand("I had an accident in my trousers and didn't feel it.").case
    assert case.get("bladder_bowel_change") is True
    assert "trauma" not in case
    assert understand("I had an accident at work and hurt my back.").case.get("trauma") == "minor"


@pytest.mark.parametrize(
    ("text", "name"),
    _told(
        [
            "I have a history of melanoma, and new back pain this week.",
            "Breast cancer five years ago, currently I have back pain.",
        ]
    ),
)
def test_what_is_new_or_current_is_not_history(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).assessable().get("pain_score", 0) > 0, told
    assert LEVELS.index(_triage(told)) >= LEVELS.index("urgent"), told


@pytest.mark.parametrize(
    ("text", "name"),
    _told(
        [
            "My back went when I sneezed, and I have osteoporosis.",
            "My back gave out this morning. I have osteoporosis.",
        ]
    ),
)
def test_a_back_that_went_is_a_sudden_start(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("pain_onset") == "sudden", told
    assert LEVELS.index(_triage(told)) >= LEVELS.index("urgent"), told


def test_a_back_that_went_crack_is_a_pop_not_a_start() -> None:
    assert "pain_onset" not in understand("my back went crack when I stood up").case


def test_an_age_typed_without_the_apostrophe() -> None:
    case = understand("my husbands back gave out, hes 68 and he fell in the shower").case
    assert case.get("age") == 68


# ---------------------------------------------------------------------------------------------
# A relative as the subject of what follows is the one described, when the writer never speaks
# of themselves: "my teenage son has had back ache for weeks" is about the son.


@pytest.mark.parametrize(
    "text",
    [
        "my teenage son has had back ache for 3 weeks after football",
        "My teenage daughter has had a sore lower back for a month from gymnastics.",
        "my teen son has had back pain for three weeks from gymnastics",
    ],
)
def test_a_relative_who_has_the_symptom_is_the_one_described(text: str) -> None:
    understood = understand(text)
    assert understood.case.get("pain_days", 0) >= 21, understood.case
    assert understood.assessable().get("pain_score", 0) > 0, understood.assessable()
    assert _triage(text) == "see_doctor", text


@pytest.mark.parametrize(
    "text",
    [
        "My brother has back pain and I have neck cracking.",
        "my wife has osteoporosis, my back cracks when I bend",
        "My teenage son has back pain; I have a clicking neck.",
    ],
)
def test_a_relatives_symptom_beside_the_writers_own_stays_theirs(text: str) -> None:
    case = understand(text).assessable()
    assert "osteoporosis" not in case and "age" not in case, case
    assert _triage(text) == "self_care", text


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("My back has hurt for six and a half weeks.", 46),
        ("my back has been sore for a month and a half", 45),
        ("Back pain for 2 and a half weeks now", 18),
    ],
)
def test_and_a_half_adds_a_half(text: str, days: int) -> None:
    assert understand(text).case.get("pain_days") == days
