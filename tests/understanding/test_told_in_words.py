"""Families of wording from descriptions people post: injuries, lost use of the legs, sciatica,
long pain said in words, headache signs, a heavy or dead limb, drugs and cancer said indirectly,
and who a proxy report is about. Each family has several members and near misses that must not
fire: a rule that only one sentence uses would be fitting, not reading.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from crepitus import understand


def _read(text: str) -> dict[str, Any]:
    """What the reader takes from the text, stated or estimated."""
    found = understand(text)
    return {**found.estimates, **found.case}


# ---------------------------------------------------------------------------------------------
# Injuries told as a story: the mechanism decides the grade.


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("On Monday he attempted a double front flip on a trampoline.", "major"),
        ("She failed a backflip and landed on her neck.", "major"),
        ("I botched a somersault at the gym.", "major"),
        ("I fell off a horse last week and my back hurts.", "major"),
        ("He came off his motorbike on the way home.", "major"),
        ("I crashed my bike and hit the ground hard.", "major"),
        ("We were rear ended at the lights.", "major"),
        ("I was hit by a panel truck while crossing.", "major"),
        ("The ladder gave way and I crashed to the ground.", "major"),
        ("I fell about two metres onto the patio.", "major"),
        ("When Mum fell, we found her at the bottom of the stairs.", "major"),
        ("I slipped on the top stair and bumped down every single step.", "major"),
        ("She tumbled down the whole flight of stairs.", "major"),
        ("My daughter hurt her neck jumping on the trampoline.", "minor"),
        ("I fell backwards onto a rock.", "minor"),
        ("I slipped down the last few steps onto my bum.", "minor"),
        ("I slipped on the ice and landed on the ground hard.", "minor"),
    ],
)
def test_injuries_told_as_a_story(text: str, grade: str) -> None:
    assert understand(text).case.get("trauma") == grade


@pytest.mark.parametrize(
    "text",
    [
        "My back flips between good days and bad days.",
        "I did a somersault in my stomach when I saw the bill.",
        "I was at the bottom of the garden when my back started to ache.",
        "I walked down every single step slowly because my back aches.",
        "I was two metres from the door when I slipped.",
        "My stomach did a backflip when I saw the bill.",
    ],
)
def test_near_misses_are_not_major_injuries(text: str) -> None:
    assert understand(text).case.get("trauma") != "major"


def test_a_ladder_giving_way_is_not_weak_legs() -> None:
    case = understand("The ladder gave way under me and I landed on my back.").case
    assert case.get("trauma") == "major"
    assert "weakness" not in case


# ---------------------------------------------------------------------------------------------
# Paralysis and lost use of a limb: a deficit that came on.


@pytest.mark.parametrize(
    "text",
    [
        "I learned that I was paralysed from the waist down.",
        "He couldn't move his legs when he woke up.",
        "I can't feel either leg.",
        "She lost the use of both her legs overnight.",
        "my legs gave way and I couldn't get up",
    ],
)
def test_both_legs_gone(text: str) -> None:
    case = understand(text).case
    assert case.get("weakness") == "progressive"
    assert "both_legs" in case.get("neuro_sites", [])


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("he got so much worse that he lost the use of his left leg", "leg"),
        ("I suddenly couldn't lift my right arm.", "arm"),
        ("My left foot stopped working this morning.", "foot"),
    ],
)
def test_one_limb_stopped_working(text: str, site: str) -> None:
    case = understand(text).case
    assert case.get("weakness") == "progressive"
    assert site in case.get("neuro_sites", [])


@pytest.mark.parametrize(
    "text",
    [
        "I thought I was going to be paralysed.",
        "no paralysis, just a sore back",
        "I can move my legs fine.",
    ],
)
def test_fears_and_denials_of_paralysis_are_not_paralysis(text: str) -> None:
    assert understand(text).case.get("weakness") != "progressive"


# ---------------------------------------------------------------------------------------------
# Sciatica in words: pain that travels below the knee.


@pytest.mark.parametrize(
    "text",
    [
        "Typical sciatica.",
        "Lower back pain radiating down one leg, making walking difficult.",
        "pain shooting down the back of my leg",
        "the pain goes down my left leg to my foot",
        "my sciatica is back",
        "it travels down either leg when I sit",
    ],
)
def test_sciatica_in_words(text: str) -> None:
    assert "below_knee" in understand(text).case.get("pain_radiation", [])


@pytest.mark.parametrize(
    "text",
    [
        "having suffered several bouts of sciatica in the past",
        "I'm worried it could be sciatica",
        "no sciatica, just an ache in my lower back",
        "pain down the back of my thigh",
    ],
)
def test_near_misses_are_not_sciatica_now(text: str) -> None:
    assert "below_knee" not in understand(text).case.get("pain_radiation", [])


def test_a_denied_sciatica_leaves_spreading_unknown() -> None:
    assert "pain_radiation" not in understand("no sciatica").case


# ---------------------------------------------------------------------------------------------
# Long pain in words: persistent-pain rules need a number of days.


@pytest.mark.parametrize(
    ("text", "at_least"),
    [
        ("My husband has had back problems for years and he is in pain.", 365),
        ("My back has ached for years.", 365),
        ("I've had neck pain for decades.", 365),
        ("My back has been hurting for the last couple of years.", 700),
        ("Living with it is a constant, chronic sort of dull ache.", 42),
        ("My lower back has been sore for months.", 42),
        ("sciatica persisting for nearly two months", 42),
        ("two-plus weeks of pain", 14),
        ("my back has hurt since last year", 365),
    ],
)
def test_long_pain_in_words(text: str, at_least: int) -> None:
    assert _read(text).get("pain_days", 0) >= at_least


def test_pain_since_a_calendar_year_counts_the_years() -> None:
    years = 5
    text = f"I've had back pain since {date.today().year - years}."
    assert _read(text).get("pain_days") == years * 365
    text = "When I started experiencing symptoms of hip and back pain in 2013 I was in college."
    assert _read(text).get("pain_days", 0) >= 365 * (date.today().year - 2013)


@pytest.mark.parametrize(
    "text",
    [
        f"my back has hurt since {date.today().year}",
        "I have chronic fatigue.",
        "I've been married for years.",
        "back surgery in 2009, and my back aches since last week",
    ],
)
def test_near_misses_are_not_long_pain(text: str) -> None:
    assert _read(text).get("pain_days", 0) < 42


# ---------------------------------------------------------------------------------------------
# Headache words.


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("By dawn he was delirious.", "confusion"),
        ("she was in a state of delirium", "confusion"),
        ("he was incoherent when we found him", "confusion"),
        ("he didn't know what day it was", "confusion"),
        ("the worst headache I've ever experienced", "thunderclap_headache"),
        ("I woke up with a severe headache", "severe_headache"),
        ("In the small hours he started vomiting.", "vomiting"),
        ("she threw up twice", "vomiting"),
        ("the light was hurting her eyes", "light_sensitivity_or_rash"),
    ],
)
def test_headache_words(text: str, field: str) -> None:
    assert understand(text).case.get(field) is True


def test_feeling_sick_is_not_vomiting() -> None:
    case = understand("By 7.30am I was feeling sick and had pins and needles in my arms.").case
    assert "vomiting" not in case
    assert case.get("tingling") is True


# ---------------------------------------------------------------------------------------------
# A heavy or dead limb, a floppy foot: nerve signs with their site.


@pytest.mark.parametrize(
    ("text", "field", "site"),
    [
        ("I woke up with my right arm tinkling and somewhat heavy.", "tingling", "arm"),
        ("I woke up with my right arm tinkling and somewhat heavy.", "weakness", "arm"),
        ("my leg felt dead after the run", "numbness", "leg"),
        ("There wasn't actual pain so much as a deadness to my left leg.", "numbness", "leg"),
        ("it was like the foot was asleep", "numbness", "foot"),
        ("my foot was flopping around as I ran", "weakness", "foot"),
        ("there's a heaviness in my left arm", "weakness", "arm"),
        ("my hand feels like lead", "weakness", "hand"),
    ],
)
def test_a_heavy_or_dead_limb(text: str, field: str, site: str) -> None:
    case = understand(text).case
    assert case.get(field) not in (None, False, "none")
    assert site in case.get("neuro_sites", [])


@pytest.mark.parametrize(
    "text",
    [
        "I lifted something heavy with my arm",
        "my legs feel heavy after a long run",
        "The wind chimes were tinkling.",
        "a heavy bag on my shoulder",
    ],
)
def test_near_misses_are_not_limb_signs(text: str) -> None:
    case = understand(text).case
    assert "weakness" not in case
    assert "tingling" not in case


def test_the_bottom_of_the_foot_is_not_the_saddle() -> None:
    case = understand("a pinched nerve has led to a numb foot bottom on my left side").case
    assert "saddle_numbness" not in case
    assert case.get("numbness") is True
    assert "foot" in case.get("neuro_sites", [])


# ---------------------------------------------------------------------------------------------
# Drugs, cancer and pain said indirectly.


@pytest.mark.parametrize(
    "text",
    [
        "injecting methadone in 1mL fits",
        "I was shooting heroin for ten years",
        "he injected fentanyl",
        "I'm an IV heroin user",
        "I used to share needles for heroin",
    ],
)
def test_injecting_drugs_in_words(text: str) -> None:
    assert understand(text).case.get("iv_drug_use") is True


@pytest.mark.parametrize(
    "text", ["I take methadone from the pharmacy", "I had a steroid injection in my back"]
)
def test_near_misses_are_not_injecting_drugs(text: str) -> None:
    assert "iv_drug_use" not in understand(text).case


@pytest.mark.parametrize(
    "text",
    [
        "my cancer came back",
        "I had chemo in 2019, in remission now, and my back aches",
        "I was treated for angiosarcoma",
        "I've been cancer-free for two years",
    ],
)
def test_cancer_told_indirectly(text: str) -> None:
    assert understand(text).case.get("cancer_history") is True


@pytest.mark.parametrize(
    "text",
    [
        "The agony was so intense I prayed.",
        "I couldn't sleep for the pain.",
        "the pain kept me awake all night",
        "it was excruciating",
    ],
)
def test_severe_pain_in_words(text: str) -> None:
    assert _read(text).get("pain_score", 0) >= 8


# ---------------------------------------------------------------------------------------------
# Who a proxy report is about: age and sex of the person described.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "my 13 year old son was diagnosed with a stress fracture in his lower back",
            {"age": 13, "sex": "male"},
        ),
        ("My 8 year old daughter says her back hurts when she bends.", {"age": 8, "sex": "female"}),
        ("my dad is 70 and his back hurts", {"age": 70, "sex": "male"}),
        ("My wife has had back pain for a week; she can't bend.", {"sex": "female"}),
    ],
)
def test_who_a_proxy_report_is_about(text: str, expected: dict[str, object]) -> None:
    found = _read(text)
    for name, value in expected.items():
        assert found.get(name) == value, name


@pytest.mark.parametrize(
    "text",
    [
        "My 8 year old daughter jumped on me and now my back hurts",
        "my wife says I'm stubborn; my back hurts",
        "My mother had cancer. My lower back pops when I bend.",
    ],
)
def test_a_relation_beside_my_own_back_says_nothing_about_me(text: str) -> None:
    found = _read(text)
    assert "sex" not in found
    assert "age" not in found


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Mum and Dad were in their early 80s.", 82),
        ("I'm in my late 30s", 38),
        ("he's in his 70s", 75),
    ],
)
def test_ages_by_the_decade(text: str, age: int) -> None:
    assert _read(text).get("age") == age
