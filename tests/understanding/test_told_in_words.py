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
from crepitus.contract.case import validate_case
from crepitus.engine.assess import engine


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
        # a neck hurt on a trampoline: a load through the head
        ("My daughter hurt her neck jumping on the trampoline.", "major"),
        ("We had fun on the trampoline and my back pops.", None),
        ("I fell backwards onto a rock.", "minor"),
        ("I slipped down the last few steps onto my bum.", "minor"),
        ("I slipped on the ice and landed on the ground hard.", "minor"),
    ],
)
def test_injuries_told_as_a_story(text: str, grade: str | None) -> None:
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
        # the writer's own age is set aside when the words are about someone else
        ("I'm 34, asking for my gran, 86: she slipped and her back hurts.", {"age": 86}),
        ("I am 52. My father is 81 and he fell, his back is sore.", {"age": 81}),
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


# ---------------------------------------------------------------------------------------------
# Cracking one's own neck told in the past, or with the neck as "it": the person did it.


@pytest.mark.parametrize(
    "text",
    [
        "Last night I cracked my neck to loosen it.",
        "My neck was tight so I twisted it about and then popped it.",
        'My neck was tight so I twisted it about and then "popped" it.',
        "My husband cracked his neck before bed.",
        "I gave my neck a crack after work.",
        "Popped my own neck this morning.",
    ],
)
def test_cracking_it_yourself_told_in_the_past(text: str) -> None:
    assert "deliberate_cracking" in _read(text).get("pop_triggers", [])


@pytest.mark.parametrize(
    "text",
    [
        "The chiropractor cracked my neck on Tuesday.",  # someone else did it
        "My neck popped by itself when I looked up.",
        "It popped and then it felt better.",
    ],
)
def test_a_pop_that_happened_is_not_cracking_it_yourself(text: str) -> None:
    assert "deliberate_cracking" not in _read(text).get("pop_triggers", [])


# ---------------------------------------------------------------------------------------------
# Numbers in words joined by a hyphen, and ages the story looks back to.


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("I was twenty-five years old when this began.", 25),
        ("I'm thirty-nine and my lower back clicks.", 39),
        ("My gran is eighty-one and slipped in the kitchen.", 81),
        ("A sixty-six-year-old man with a stiff neck.", 66),
    ],
)
def test_ages_written_in_hyphenated_words(text: str, age: int) -> None:
    assert _read(text).get("age") == age


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("At age 41, I was told I had bowel cancer. Now my back aches at night.", None),
        ("When I was 19 I hurt my back playing rugby. I'm 52 now and it cracks.", 52),
        ("My back has clicked since I was 12.", None),
    ],
)
def test_an_age_looked_back_to_is_not_the_age_now(text: str, age: int | None) -> None:
    assert _read(text).get("age") == age


# ---------------------------------------------------------------------------------------------
# Losing use and feeling told together, headaches that grow, weakness that comes on, sight.


@pytest.mark.parametrize(
    ("text", "sites"),
    [
        ("I couldn't walk or feel my legs.", ["both_legs"]),
        ("He can't stand or feel his feet properly.", ["both_legs"]),
        ("She could not move or feel her left leg.", ["leg"]),
    ],
)
def test_lost_feeling_told_beside_lost_use(text: str, sites: list[str]) -> None:
    read = _read(text)
    assert read.get("numbness") is True
    assert set(sites) <= set(read.get("neuro_sites", []))


def test_lost_use_and_comfort_is_not_lost_feeling() -> None:
    assert "numbness" not in _read("I can't sit or feel comfortable in any chair.")


@pytest.mark.parametrize(
    "text",
    [
        "I got a headache at lunch and by the time I drove home it became much worse.",
        "She had a headache in the morning which kept getting worse all afternoon.",
        "The headache started after dinner and just got worse and worse.",
    ],
)
def test_a_headache_that_keeps_growing_is_severe(text: str) -> None:
    assert _read(text).get("severe_headache") is True


@pytest.mark.parametrize(
    "text",
    [
        "I have had a headache for a week and my back pain got worse.",
        "My back pain got worse. I sometimes get a headache.",
    ],
)
def test_a_headache_beside_other_worsening_is_not_severe(text: str) -> None:
    assert "severe_headache" not in _read(text)


@pytest.mark.parametrize(
    "text",
    [
        "By the evening my foot started to drag when I walked.",
        "Over the next few days my right arm got weak.",
        "My leg gradually gave way on the stairs.",
    ],
)
def test_weakness_told_as_it_came_on_is_progressive(text: str) -> None:
    assert _read(text).get("weakness") == "progressive"


def test_weakness_told_as_long_standing_is_not_progressive() -> None:
    assert _read("My left leg has been weak for years.").get("weakness") == "stable"


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("My neck locked up, and since then I've had vision problems and vertigo.", True),
        ("My neck is stiff and my eyesight went blurry this afternoon.", True),
        ("My lower back aches and I have trouble with my eyes when reading.", None),
    ],
)
def test_trouble_with_sight_in_a_story_about_the_neck(text: str, flag: bool | None) -> None:
    assert _read(text).get("neck_artery_symptoms") is flag


def test_doubled_spaces_do_not_split_a_phrase() -> None:
    read = _read("I  cracked  my  neck  yesterday.")
    assert "deliberate_cracking" in read.get("pop_triggers", [])


# ---------------------------------------------------------------------------------------------
# The families above, carried through to the advice: each of these is a warning sign in words.


@pytest.mark.parametrize(
    ("text", "triage"),
    [
        ("Yesterday I cracked my neck and today my left hand is tingling and heavy.", "emergency"),
        ("My neck was stiff so I stretched and then 'popped' it. Now my arm is numb.", "emergency"),
        ("My son is twenty-two. After the tackle he couldn't walk or feel his legs.", "emergency"),
        (
            "I had a headache at work and by the time I got home it became worse. My neck went "
            "stiff and I was sick twice in the night.",
            "emergency",
        ),
        ("My back pain went down my leg and within hours my foot started to drag.", "urgent"),
        ("My daughter hurt her neck on the trampoline at a party.", "emergency"),
        ("My mare started to buck and I landed on my back. It really hurts.", "emergency"),
        ("Walking to the car I felt pulled to the right and my head was pounding.", "emergency"),
    ],
)
def test_warning_signs_in_these_words_reach_the_advice(text: str, triage: str) -> None:
    found = understand(text)
    result = engine().assess(validate_case(found.assessable(), complete=False))
    assert result.triage == triage, found.case


# ---------------------------------------------------------------------------------------------
# Dangerous mechanisms told as a story, and sudden unsteadiness told as what it was like.


@pytest.mark.parametrize(
    "text",
    [
        "The pony decided to buck and I came off onto my back.",
        "Two bucks later I was on the ground.",
        "I fell out of a tree while pruning it.",
        "She lost her footing about eight steps up and fell backwards.",
        "He fell backwards down the stairs at home.",
        "I went headfirst into the boards.",
        "I skidded on the ice rink and the top of my head hit the barrier.",
    ],
)
def test_dangerous_mechanisms_told_as_a_story(text: str) -> None:
    assert _read(text).get("trauma") == "major"


@pytest.mark.parametrize(
    "text",
    [
        "I made a few bucks last week selling books.",
        "The news threw me off for a while.",
        "I fell over in the garden onto the grass.",
    ],
)
def test_near_misses_are_not_dangerous_mechanisms(text: str) -> None:
    assert _read(text).get("trauma") != "major"


@pytest.mark.parametrize(
    "text",
    [
        "On the way to the shop I felt as if I was being pulled to the left.",
        "By lunch I couldn't walk without holding onto the wall.",
        "He kept veering to the right as he walked.",
    ],
)
def test_sudden_unsteadiness_told_as_what_it_was_like(text: str) -> None:
    assert _read(text).get("stroke_signs") is True


def test_a_car_pulling_to_one_side_is_not_unsteadiness() -> None:
    assert "stroke_signs" not in _read("The car kept pulling to the left on the motorway.")


@pytest.mark.parametrize(
    "text",
    [
        "My neck hurts so much I can't turn it.",
        "By Friday the ache had climbed to a 9.",
        "The pain in my back was incapacitating.",
    ],
)
def test_severe_pain_told_in_more_words(text: str) -> None:
    assert _read(text).get("pain_score", 0) >= 7


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("Gran can't tell when she needs to wee any more.", "bladder_bowel_change", True),
        ("Since Monday I can't lift my left foot properly.", "neuro_sites", ["foot"]),
        ("I can't lift either leg off the bed.", "neuro_sites", ["both_legs"]),
        ("I cracked my back, then felt dizzy and saw double.", "neck_artery_symptoms", True),
    ],
)
def test_more_warning_signs_in_everyday_words(text: str, field: str, value: object) -> None:
    read = _read(text)
    assert read.get(field) == value
    if field == "neuro_sites":
        assert read.get("weakness") in ("stable", "progressive")


def test_not_lifting_heavy_things_is_not_weakness() -> None:
    assert "weakness" not in _read("I can't lift heavy boxes at work because of my back.")


def test_how_long_it_has_popped_is_not_how_long_it_has_hurt() -> None:
    read = _read("I've been cracking my neck for years and never had a problem.")
    assert "pain_days" not in read


@pytest.mark.parametrize(
    ("text", "age"),
    [("My teenager, 16, has a sore lower back.", 16), ("My nan is 90 and slipped.", 90)],
)
def test_ages_of_more_relations(text: str, age: int) -> None:
    assert _read(text).get("age") == age


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("When I use the loo I can't really feel anything down there.", "saddle_numbness", True),
        ("Since the chiro I've had a droop on the right side of my mouth.", "stroke_signs", True),
        ("Both my thighs feel like they're wrapped in cotton wool.", "neuro_sites", ["both_legs"]),
        ("After I crack my neck there's a whooshing noise in my ear.", "eye_or_ear_signs", True),
    ],
)
def test_warning_signs_in_idioms_and_asides(text: str, field: str, value: object) -> None:
    assert _read(text).get(field) == value


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("I had breast cancer 6 years ago and now my back aches.", None),
        ("I hurt my back two weeks ago and it still aches.", 14),
        ("My back pain started 3 weeks ago.", 21),
    ],
)
def test_when_something_happened_is_not_how_long_it_has_hurt(text: str, days: int | None) -> None:
    assert _read(text).get("pain_days") == days


@pytest.mark.parametrize(
    "text", ["It doesn't hurt much, just clicks.", "Gran says her back doesn't hurt that much."]
)
def test_not_hurting_much_is_a_little_pain_not_none(text: str) -> None:
    read = _read(text)
    assert read.get("pain_score", 0) >= 1 and read.get("pain_onset") != "none"


def test_getting_speared_in_a_tackle_is_a_dangerous_mechanism() -> None:
    assert _read("He got speared in the tackle and his neck hurts.").get("trauma") == "major"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("My feet get cold at night, and my back cracks in the morning.", "night_pain"),
        ("The baby fell asleep on my arm and now it tingles.", "trauma"),
        ("My life is falling apart and my back hurts.", "trauma"),
    ],
)
def test_everyday_words_that_are_not_findings(text: str, field: str) -> None:
    assert field not in _read(text)


def test_night_words_beside_pain_are_night_pain() -> None:
    assert _read("My back aches at night.").get("night_pain") is True


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("fell of ladder bout 2 hours ago back realy hurts", "trauma", "major"),
        ("had cancer few yrs back now new back pain", "cancer_history", True),
    ],
)
def test_texting_style(text: str, field: str, value: object) -> None:
    read = _read(text)
    assert read.get(field) == value
    assert read.get("pain_days", 0) < 365  # "few yrs back" dates the cancer, not the pain


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("After the masseur cracked my neck my words came out all jumbled.", "stroke_signs"),
        ("My partner says my face looked lopsided after I cracked my neck.", "stroke_signs"),
        ("My wife noticed my speech was slurred after the chiropractor.", "stroke_signs"),
        ("I can't feel when I need a poo since my back went.", "bladder_bowel_change"),
        ("My neck popped, then everything went blurry.", "neck_artery_symptoms"),
    ],
)
def test_warning_signs_someone_else_saw_or_said_plainly(text: str, field: str) -> None:
    assert _read(text).get(field) is True


def test_blurring_when_standing_up_in_a_story_about_the_low_back_is_not_a_neck_sign() -> None:
    text = "My lower back aches and everything went blurry when I stood up too fast."
    assert "neck_artery_symptoms" not in _read(text)
