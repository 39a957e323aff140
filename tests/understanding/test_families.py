"""Families of real-world wording that the reader must get right, each with several members.

Proxy reports, past tense, how far a denial reaches, extra words and slashes, euphemisms and
figures of speech, durations, and pain said without a score. Each family is a reading rule of
the clinical brief; the sentences are examples of the family, not the family itself.
"""

from __future__ import annotations

import pytest

from crepitus import understand

# ---------------------------------------------------------------------------------------------
# Proxy reports: the person described is the case.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "My husband is 72, he slipped on the stairs and his back is agony",
            {"age": 72, "trauma": "minor"},
        ),
        ("Grandad's 84 and he fell in the garden, now his back hurts", {"age": 84}),
        (
            "my dad, 70, fell off a ladder and can't feel his legs",
            {"age": 70, "trauma": "major", "numbness": True},
        ),
        ("My mum (79) had a fall and her lower back is really painful", {"age": 79}),
        ("My daughter, 15, hurt her back in a rugby tackle", {"age": 15, "trauma": "major"}),
        ("My dad says his left side went numb", {"stroke_signs": True}),
        (
            "my wife says she can't pass water and her back is killing her",
            {
                "bladder_bowel_change": True,
            },
        ),
        (
            "My mum is 81. She's been vomiting and is really confused.",
            {
                "age": 81,
                "vomiting": True,
                "confusion": True,
            },
        ),
    ],
)
def test_a_proxy_report_is_about_the_person_described(
    text: str, expected: dict[str, object]
) -> None:
    case = understand(text).case
    for field, value in expected.items():
        assert case.get(field) == value, (field, case)


def test_a_proxy_reports_pain_counts() -> None:
    understood = understand("My husband is 72, he slipped on the stairs and his back is agony")
    assert understood.assessable().get("pain_score", 0) >= 7


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("My mother had cancer. My lower back pops when I bend.", "cancer_history"),
        ("My dad is on warfarin and my neck clicks.", "anticoagulants"),
        ("My wife has a fever, my back just aches.", "fever"),
        ("My brother is 40 and my back cracks.", "age"),
        ("My brother is 40 and I have back pain.", "age"),
    ],
)
def test_someone_elses_facts_beside_my_own_back_are_set_aside(text: str, absent: str) -> None:
    assert absent not in understand(text).case


def test_another_relatives_history_in_a_proxy_report_stays_theirs() -> None:
    case = understand("My dad, 70, fell off a ladder and his back hurts. My mum had cancer.").case
    assert case["age"] == 70 and case["trauma"] == "major"
    assert "cancer_history" not in case


def test_family_history_is_never_a_proxy_report() -> None:
    case = understand("Cancer runs in my family. My neck clicks, I'm 40.").case
    assert "cancer_history" not in case
    assert case["age"] == 40


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("I am man 70 years, back pain for 3 weeks", 70),
        ("my son is in year 10 and his back clicks when he bends", 15),
        ("I am only a 9th grader and my back hurts", 14),
    ],
)
def test_ages_said_loosely(text: str, age: int) -> None:
    assert understand(text).assessable().get("age") == age


def test_an_age_is_not_a_duration() -> None:
    case = understand("I am man 70 years, back pain for 3 weeks").case
    assert case["pain_days"] == 21


# ---------------------------------------------------------------------------------------------
# Past is still present; a finding said with "can't" is a finding.


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("I couldn't feel the toilet paper this morning", "saddle_numbness", True),
        ("I couldn't walk straight after my neck cracked", "stroke_signs", True),
        ("I couldn't pass water yesterday and my back hurts", "bladder_bowel_change", True),
        ("I wasn't able to pee last night", "bladder_bowel_change", True),
        ("my leg went numb for an hour yesterday", "numbness", True),
        ("the numbness went away after an hour yesterday", "numbness", True),
        ("I was slurring my words for a bit yesterday but it's fine now", "stroke_signs", True),
        ("I can't do up my buttons any more", "hand_clumsiness", True),
        ("he can't do up buttons", "hand_clumsiness", True),
    ],
)
def test_a_warning_sign_that_came_and_went_is_a_warning_sign(
    text: str, field: str, value: object
) -> None:
    assert understand(text).case.get(field) == value


# ---------------------------------------------------------------------------------------------
# Extra words, slashes and euphemisms.


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("difficulty in passing urine and low back pain", "bladder_bowel_change", True),
        ("bladder/bowel control going and my back hurts", "bladder_bowel_change", True),
        ("my bladder routine/control began to deteriorate", "bladder_bowel_change", True),
        ("I couldn't hold in my bowels", "bladder_bowel_change", True),
        ("my grip is going and my neck cracks", "weakness", "stable"),
        ("I went white and clammy when my back went", "pallor_sweating", True),
        ("my face turned white and I felt nauseous", "pallor_sweating", True),
        ("landed on my butt/ lower back", "pop_region", "lumbar"),
        ("the room was spinning", "dizziness", True),
        ("I feel light headed", "dizziness", True),
    ],
)
def test_extra_words_and_euphemisms(text: str, field: str, value: object) -> None:
    assert understand(text).case.get(field) == value


def test_dizziness_alone_is_not_a_neck_artery_sign() -> None:
    case = understand("I get dizzy when I stand up and my lower back aches").case
    assert case["dizziness"] is True
    assert "neck_artery_symptoms" not in case


@pytest.mark.parametrize(
    "text",
    [
        "I cracked my neck and now I feel dizzy",
        "my neck popped at the gym and the room is spinning",
        "neck pain since yesterday and I feel light headed",
    ],
)
def test_dizziness_beside_a_neck_crack_is_a_neck_artery_sign(text: str) -> None:
    case = understand(text).case
    assert case["dizziness"] is True
    assert case["neck_artery_symptoms"] is True


# ---------------------------------------------------------------------------------------------
# Figures of speech and fears are not findings.


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("just like clicking your fingers my back went", "neuro_sites"),
        ("like snapping your fingers, it popped", "pain_radiation"),
        ("felt like I'd been hit by a bus, my back aches", "trauma"),
        ("I thought I was going to be paralyzed, my back popped", "weakness"),
        ("I'm sick of this back pain", "vomiting"),
        ("I'm confused about why my neck clicks", "confusion"),
    ],
)
def test_a_figure_of_speech_is_not_a_finding(text: str, field: str) -> None:
    assert field not in understand(text).case


# ---------------------------------------------------------------------------------------------
# Durations belong to what they measure.


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("it started after a fall two years ago and it aches all the time", 730),
        ("It's been hurting ever since I landed wrong. That was two years ago.", 730),
        ("Back pain 7/10 since a pop 4 days ago", 4),
    ],
)
def test_a_duration_since_the_start(text: str, days: int) -> None:
    assert understand(text).case.get("pain_days") == days


def test_an_old_fall_is_not_a_fall_today() -> None:
    case = understand("it started after a fall two years ago and it aches all the time").case
    assert "trauma" not in case


# ---------------------------------------------------------------------------------------------
# Pain stated is pain.


@pytest.mark.parametrize(
    "text",
    [
        "it aches",
        "hurting ever since",
        "my back is agony",
        "excruciating, between my shoulder blades",
        "it didn't hurt at first, but now it's agony",
        "no pain in my neck but my lower back aches",
    ],
)
def test_pain_stated_is_pain(text: str) -> None:
    score = understand(text).assessable().get("pain_score")
    assert isinstance(score, int) and score > 0, score


def test_a_denial_of_pain_in_the_legs_is_not_a_denial_of_back_pain() -> None:
    case = understand("My lower back clicks, no pain down my legs.").case
    assert case.get("pain_score") != 0


# ---------------------------------------------------------------------------------------------
# Dangerous mechanisms.


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("I got hit hard at lacrosse and landed on my lower back", "major"),
        ("tackled hard in rugby, now my neck hurts", "major"),
        ("a heavy box fell on my head at work and my neck hurts", "major"),
        ("I fell off a stepladder onto my back", "major"),
        ("I fell down 6 stairs and hurt my back", "major"),
        ("a car ran into me on my bike", "major"),
        ("I slipped on the ice and my back hurts", "minor"),
        ("I fell on the snow and felt my back go", "minor"),
    ],
)
def test_dangerous_mechanisms(text: str, grade: str) -> None:
    assert understand(text).case.get("trauma") == grade


def test_a_thunderclap_told_as_a_story_is_read() -> None:
    for text in (
        "a headache came on from nothing to the worst I've ever had in about 30 seconds",
        "the headache hit in the space of a few seconds, the worst ever",
        "her headache came on from nothing",
    ):
        assert understand(text).case.get("thunderclap_headache") is True, text
    assert "thunderclap_headache" not in understand("my headache came on slowly").case


def test_diving_under_a_wave_and_falling_down_the_stairs_are_major_injuries() -> None:
    for text in (
        "I dove underneath the wave and hit the sand",
        "he dived headfirst into the shallow end",
        "Dad had fallen down the stairs and his back hurts",
        "she's fallen down the stairs again",
    ):
        assert understand(text).case.get("trauma") == "major", text
    assert understand("I slipped on the stairs").case.get("trauma") != "major"
