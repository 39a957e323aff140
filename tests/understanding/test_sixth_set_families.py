"""Families of wording read as a whole rather than one phrase at a time: a fall is from a height
when its sentence names one, however the fall is told; a vehicle striking the person or their
vehicle; "little accidents" for wetting oneself; a foot that drags on one side; and any headache
beside a fever and a stiff neck. Each is read the same way however it is told, and beside the
look-alikes that must not be read the same way.
"""

from __future__ import annotations

import pytest

from crepitus import understand
from crepitus.errors import CrepitusError
from crepitus.knowledge.model import LEVELS
from tests.understanding.test_real_word_families import HOW_TOLD, _told, _triage

# ---------------------------------------------------------------------------------------------
# A height and a fall in one sentence: a fall from that height.

FROM_A_HEIGHT = [
    "The ladder slid out from under me and I dropped onto the patio, my back has been agony since.",
    "I was up on the roof clearing leaves when I lost my footing and went over the edge.",
    "I was pruning from the top of a stepladder, it tipped and I came crashing down on the drive.",
    "I went through the loft hatch and landed on the landing, and my back is really sore.",
    "I slipped off the top bunk and landed flat on my back, and my neck hurts.",
    "I fell from about 10 feet onto concrete and my back hurts.",
]


@pytest.mark.parametrize(("text", "name"), _told(FROM_A_HEIGHT))
def test_a_fall_beside_a_height_is_a_fall_from_it(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("trauma") == "major", told
    assert _triage(told) == "emergency", told


@pytest.mark.parametrize(
    "text",
    [
        "I hurt my back carrying a ladder at work yesterday, it's sore when I bend.",
        "I was on the roof fixing tiles all day and my back aches now.",
        "I was up a ladder painting when my back went, I didn't fall.",
        "I'm scared I'll fall off the ladder again.",
        "I am 6 feet tall and my back pops.",
        "I slipped on the kitchen floor, I'm 6 foot 2, and my back is sore.",
    ],
)
def test_a_height_without_a_fall_or_a_body_height_is_not_a_fall_from_one(text: str) -> None:
    assert understand(text).case.get("trauma") != "major", text


@pytest.mark.parametrize(
    "text",
    [
        "He was about 10 feet up when he fell and landed on his back.",
        "I was 6 feet up when I fell.",
    ],
)
def test_a_height_above_the_ground_is_not_taken_for_how_tall_someone_is(text: str) -> None:
    # the look-alike for a person's height must never lower a fall from a height
    assert understand(text).case.get("trauma") == "major", text


def test_a_body_height_is_not_an_age() -> None:
    assert "age" not in understand("I am 6 feet tall and my back pops.").case


def test_a_height_in_feet_is_not_a_foot_symptom() -> None:
    case = understand("I fell off the wall, about 5 feet, and my back hurts.").case
    assert "foot" not in case.get("pain_radiation", []), case


# ---------------------------------------------------------------------------------------------
# A vehicle striking the person or their vehicle.

VEHICLES = [
    "A lorry ploughed into the back of my car at the lights and now my neck is stiff and sore.",
    "I got knocked off my scooter by a van last night and my lower back hurts.",
    "We rolled the car on the motorway last week and since then my back aches.",
]


@pytest.mark.parametrize(("text", "name"), _told(VEHICLES))
def test_a_vehicle_striking_is_a_major_injury(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("trauma") == "major", told
    assert _triage(told) == "emergency", told


def test_a_drive_in_a_car_is_not_an_accident() -> None:
    assert "trauma" not in understand("My back aches after driving my car for hours.").case


# ---------------------------------------------------------------------------------------------
# "Little accidents": wetting or soiling oneself, not an injury.

ACCIDENTS = [
    "She keeps having little accidents and her back has been really bad.",
    "I've had a few toilet accidents since my back went.",
]


@pytest.mark.parametrize(("text", "name"), _told(ACCIDENTS))
def test_little_accidents_are_a_bladder_change(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    case = understand(told).case
    assert case.get("bladder_bowel_change") is True, (told, case)
    assert case.get("trauma") in (None, "none"), (told, case)
    assert _triage(told) == "emergency", told


@pytest.mark.parametrize(
    "text", ["I had a little accident on my bike last week.", "I was in a car accident."]
)
def test_an_accident_on_the_road_is_not_a_bladder_change(text: str) -> None:
    assert "bladder_bowel_change" not in understand(text).case, text


# ---------------------------------------------------------------------------------------------
# A foot that drags, with its side named.


@pytest.mark.parametrize(("text", "name"), _told(["I'm dragging my right foot and my back hurts."]))
def test_a_dragging_foot_is_weakness(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("weakness") in ("stable", "progressive"), told


# ---------------------------------------------------------------------------------------------
# A headache of any strength beside a fever and a stiff neck (NICE NG240).

TRIAD = [
    "My neck is so stiff I can't touch chin to chest, and I have a temperature and a headache.",
    "I have a fever, a stiff neck and a headache.",
]


@pytest.mark.parametrize(("text", "name"), _told(TRIAD))
def test_a_headache_with_a_fever_and_a_stiff_neck_is_an_emergency(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    understood = understand(told)
    assert understood.assessable().get("severe_headache") is True, told
    assert "severe_headache" not in understood.case, "an estimate: the check still asks it"
    assert _triage(told) == "emergency", told


@pytest.mark.parametrize(
    "text",
    [
        "I have a fever and a stiff neck but only a mild headache.",
        "I have a headache and a stiff neck from sleeping badly.",
    ],
)
def test_a_mild_headache_or_one_without_a_fever_is_not_read_as_severe(text: str) -> None:
    assert understand(text).assessable().get("severe_headache") is not True, text
    assert LEVELS.index(_triage(text)) < LEVELS.index("emergency"), text


# ---------------------------------------------------------------------------------------------
# The bladder and its feeling, told in everyday words.

BLADDER = [
    "Last night I peed the bed for the first time in years, and my back is in spasm.",
    "I keep needing to go but nothing comes out, plus bad low back pain.",
    "I can't feel myself when I go to the loo and my sciatica is in both legs now.",
]


@pytest.mark.parametrize(("text", "name"), _told(BLADDER))
def test_a_bladder_change_in_everyday_words_is_an_emergency(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("bladder_bowel_change") is True, told
    assert _triage(told) == "emergency", told


# ---------------------------------------------------------------------------------------------
# A limb that feels like someone else's, or went dead and could not be lifted.


def test_legs_that_feel_like_someone_elses_are_numb() -> None:
    case = understand("My legs feel like they belong to someone else and my back hurts.").case
    assert case.get("numbness") is True, case


def test_a_dead_arm_that_could_not_be_lifted_is_weak() -> None:
    case = understand("My left arm went dead and I couldn't lift it after my neck popped.").case
    assert case.get("weakness") == "stable", case


def test_a_box_that_could_not_be_lifted_is_not_weakness() -> None:
    case = understand("My back hurt so much that I couldn't lift it, the box I mean.").case
    assert "weakness" not in case, case


# ---------------------------------------------------------------------------------------------
# A grandparent is in the range of the older-person rules: an estimate, still asked.


# told by someone else again ("my dad says my grandad ...") the grandparent is not the subject
AS_THEMSELVES = [
    param
    for param in _told(["My grandad fell over in the garden and now his back hurts."])
    if param.values[1] not in ("dad-says", "mum-aged")  # type: ignore[attr-defined]
]


@pytest.mark.parametrize(("text", "name"), AS_THEMSELVES)
def test_a_grandparent_who_fell_is_urgent_until_the_age_is_asked(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert LEVELS.index(_triage(told)) >= LEVELS.index("urgent"), told
    understood = understand(text)
    assert "age" not in understood.case, "an estimate: the check still asks the age"
    assert understood.estimates.get("age", 0) >= 65


def test_a_grandparents_own_story_beside_the_writers_back_is_not_the_writers_age() -> None:
    text = "My grandma had a hip replacement last year. I'm 30 and my back pops when I stretch."
    assert understand(text).assessable().get("age") == 30


# ---------------------------------------------------------------------------------------------
# A question about what is already happening: the finding is there, not supposed.

ASKED_ABOUT = [
    ("Is it normal to have numbness in my groin after lifting something heavy?", "saddle_numbness"),
    (
        "Is it normal that I can't feel when I need to pee since my back went?",
        "bladder_bowel_change",
    ),
    ("Should I be worried that my legs are getting weaker every day?", "weakness"),
    ("My back pops - is that why I can't control my bladder?", "bladder_bowel_change"),
    ("What does it mean if my back pops and I lose feeling in both feet?", "numbness"),
    ("Is it bad that I have a fever and my back hurts so much I can't sleep?", "fever"),
]


@pytest.mark.parametrize(("text", "field"), ASKED_ABOUT)
def test_a_finding_asked_about_is_a_finding(text: str, field: str) -> None:
    value = understand(text).case.get(field)
    assert value not in (None, False, "none"), (text, value)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("What if I get numbness later, should I go to A&E?", "numbness"),
        ("Could it be that I will lose control of my bladder?", "bladder_bowel_change"),
        ("Is it normal for my back to crack when I stretch?", "trauma"),
    ],
)
def test_a_finding_only_supposed_is_still_a_hypothetical(text: str, field: str) -> None:
    assert field not in understand(text).case, text


def test_the_worst_ever_after_a_bad_headache_is_a_thunderclap_estimate() -> None:
    text = "Anyone else get a bad headache after cracking their neck? Mine was the worst ever."
    assert understand(text).assessable().get("thunderclap_headache") is True
    assert _triage(text) == "emergency"


# ---------------------------------------------------------------------------------------------
# A doubt that something can be done, and "not being able to": findings, not denials.

DOUBTED = [
    ("I don't think I can feel my left foot properly anymore.", "numbness", True),
    ("I fell and I don't think I can stand up.", "unable_to_walk", True),
    ("I'm fine apart from not being able to pee since yesterday.", "bladder_bowel_change", True),
    ("I dont have a fever but i do feel hot and shivery and my back is agony.", "fever", True),
]


@pytest.mark.parametrize(("text", "field", "value"), DOUBTED)
def test_a_doubt_or_not_being_able_is_a_finding(text: str, field: str, value: object) -> None:
    assert understand(text).case.get(field) == value, text


def test_a_doubt_about_a_long_walk_is_a_short_walk() -> None:
    case = understand("I don't think I can walk far.").case
    assert case.get("unable_to_walk") is not True and "walking" in case.get("function_limits", [])


# ---------------------------------------------------------------------------------------------
# A back said to be in a bad state, in everyday words, is pain: it makes the rules for pain hold.

BAD_STATE = [
    "My mum had bowel cancer five years ago and now her back is bad.",
    "I had breast cancer and my back has been playing up for a few weeks.",
    "I finished chemo last year and my back is in a bad way.",
]


@pytest.mark.parametrize(("text", "name"), _told(BAD_STATE))
def test_a_back_in_a_bad_state_after_cancer_is_urgent(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).assessable().get("pain_score", 0) >= 1, told
    assert LEVELS.index(_triage(told)) >= LEVELS.index("urgent"), told


@pytest.mark.parametrize(
    "text", ["My back is not bad at all, it just pops.", "I had a bad back years ago."]
)
def test_a_back_not_bad_now_is_not_read_as_pain(text: str) -> None:
    assert understand(text).assessable().get("pain_score", 0) == 0, text


def test_something_going_in_the_back_on_long_term_steroids_is_seen() -> None:
    text = (
        "I've been on prednisone for 10 years and felt something go in my back picking up the cat."
    )
    assert LEVELS.index(_triage(text)) >= LEVELS.index("see_doctor")


# ---------------------------------------------------------------------------------------------
# A duration told as a month or a season: the days from its middle to today, as an estimate.


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("My lower back grinds and aches most days since about July.", 145),  # from 15 July
        ("Stiff every morning, been like this since the summer.", 145),
        ("The ache started in March and hasn't gone.", 267),
        ("It's been going on since last fall.", 53),
    ],
)
def test_a_month_or_season_is_how_long_it_has_lasted(
    text: str, days: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CREPITUS_TODAY", "2026-12-07")
    understood = understand(text)
    assert "pain_days" not in understood.case, "an estimate: the check still asks"
    assert understood.estimates.get("pain_days") == days, understood.estimates


def test_a_month_still_to_come_this_year_is_last_years(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREPITUS_TODAY", "2027-03-01")
    assert understand("It has ached since July.").estimates.get("pain_days") == 229


def test_a_day_that_is_not_a_date_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREPITUS_TODAY", "yesterday")
    with pytest.raises(CrepitusError, match="CREPITUS_TODAY: expected a date"):
        understand("It has ached since July.")


@pytest.mark.parametrize("text", ["I may have pulled it.", "Since Monday my back hurts."])
def test_may_the_verb_and_a_weekday_are_not_months(text: str) -> None:
    assert understand(text).assessable().get("pain_days", 0) < 7, text


def test_last_fall_is_autumn_not_an_injury() -> None:
    assert "trauma" not in understand("It's been going on since last fall.").case


# ---------------------------------------------------------------------------------------------
# The written blind set's families: swallowing gone wrong after a neck crunch, a headache told as
# a blow or by its speed, a weight onto the head, a spinal anaesthetic, a weak heel, and weakness
# told as getting worse.

WRITTEN = [
    (
        "After a neck roll it crunched, and now food catches when I swallow.",
        "neck_artery_symptoms",
        True,
    ),
    (
        "Got a headache at the back of my skull like someone had hit me with a bat.",
        "thunderclap_headache",
        True,
    ),
    (
        "My headache went from zero to unbearable in a few seconds while lifting.",
        "thunderclap_headache",
        True,
    ),
    ("A box of tiles fell off the top shelf at work straight onto my head.", "trauma", "major"),
    (
        "I had a spinal anaesthetic for my knee replacement four days ago.",
        "recent_spinal_procedure",
        True,
    ),
    ("My foot slaps when I walk and I can't stand on my heel.", "weakness", "stable"),
    ("My foot slaps when I walk and it has got worse since Monday.", "weakness", "progressive"),
]


@pytest.mark.parametrize(("text", "field", "value"), WRITTEN)
def test_the_written_sets_families_are_read(text: str, field: str, value: object) -> None:
    assert understand(text).case.get(field) == value, (text, understand(text).case)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("My back felt like someone hit me with a bat.", "thunderclap_headache"),
        ("I can't stand on my toes for long at work.", "unable_to_walk"),
        ("My back has got worse and worse.", "weakness"),
        ("My grip feels weaker, not getting worse though.", "weakness=progressive"),
    ],
)
def test_the_written_sets_look_alikes_are_not_findings(text: str, field: str) -> None:
    name, _, value = field.partition("=")
    found = understand(text).case.get(name)
    assert (found != value) if value else found in (None, False), (text, found)


# ---------------------------------------------------------------------------------------------
# Denials inside the words: a therapist not seen and a neck never cracked are not a manipulation
# nor a crack, so dizziness on standing stays dizziness.

NOT_CRACKED = [
    "I haven't been near a chiropractor.",
    "Never been to a chiro.",
    "I never crack it.",
]


@pytest.mark.parametrize("text", NOT_CRACKED)
def test_a_manipulation_or_crack_denied_in_its_own_words_is_not_one(text: str) -> None:
    case = understand(text).case
    assert "manipulation" not in case.get("pop_triggers", []), case
    assert case.get("recent_neck_manipulation") is not True, case
    assert "pop_sound" not in case, case


def test_dizziness_on_standing_with_a_neck_never_cracked_is_not_an_emergency() -> None:
    text = (
        "50f, get a bit dizzy when i get up too fast and my neck's been stiff for a few weeks. "
        "i never crack it and havent been near a chiropractor or anything."
    )
    assert _triage(text) != "emergency"


def test_a_crack_on_its_own_beside_a_denied_habit_is_still_a_crack() -> None:
    case = understand("I don't crack it but it cracks on its own every morning.").case
    assert case.get("pop_sound") == "crack" and case.get("self_cracking") == "never"


# ---------------------------------------------------------------------------------------------
# The second written set: a neck cracked by a therapist and the signs of a torn neck artery,
# told in a second language and in everyday words.

SECOND_WRITTEN = [
    ("Three days ago my massage lady did the crack on my neck.", "recent_neck_manipulation"),
    ("My husband tell me my left eyelid is lower than the other.", "eye_or_ear_signs"),
    ("The black part of my left eye look smaller than the right.", "eye_or_ear_signs"),
    ("I have whistling in my left ear since this morning.", "eye_or_ear_signs"),
]


@pytest.mark.parametrize(("text", "field"), SECOND_WRITTEN)
def test_the_second_written_sets_signs_are_read(text: str, field: str) -> None:
    assert understand(text).case.get(field) is True, (text, understand(text).case)


def test_eye_and_ear_signs_days_after_a_massage_crack_are_an_emergency() -> None:
    text = (
        "Three days ago my massage lady did the crack on my neck. Today my left eyelid is "
        "lower and I have whistling in my left ear. I am 52."
    )
    assert _triage(text) == "emergency"


@pytest.mark.parametrize(
    "text", ["I'll crack on with work, my back is fine.", "The lower part of my back aches."]
)
def test_cracking_on_and_a_lower_back_are_not_these_signs(text: str) -> None:
    case = understand(text).case
    assert case.get("recent_neck_manipulation") is not True and "eye_or_ear_signs" not in case


# ---------------------------------------------------------------------------------------------
# The seventh set's families, persistent pain told in everyday words: painkillers that do not
# control it, years of it, a month "last" year, a leg that cannot be moved or used.

UNCONTROLLED = [
    "The painkillers aren't working and my back is killing me.",
    "Taking ibuprofen and paracetamol on the dot but it's barely touching it, my back is 8/10.",
    "By hour 2 I'm counting down the time until I can take my next dose for my back.",
]


@pytest.mark.parametrize(("text", "name"), _told(UNCONTROLLED))
def test_pain_the_painkillers_do_not_control_needs_a_doctor(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("pain_uncontrolled") is True, told
    assert LEVELS.index(_triage(told)) >= LEVELS.index("see_doctor"), told


@pytest.mark.parametrize(
    "text", ["Paracetamol works fine for my back.", "I don't take pain meds.", "Ibuprofen helps."]
)
def test_painkillers_that_help_or_are_not_taken_are_not_uncontrolled_pain(text: str) -> None:
    assert "pain_uncontrolled" not in understand(text).case, text


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("I've struggled with lower back and hip pain for all those years.", 730),
        ("I hurt my back in the gym last November.", 387),  # not last month: a year before
    ],
)
def test_persistent_pain_told_without_a_number(
    text: str, days: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CREPITUS_TODAY", "2026-12-07")
    assert understand(text).assessable().get("pain_days") == days


def test_one_day_in_a_story_is_not_a_day_of_pain() -> None:
    understood = understand("It wasn't bad at first, I just noticed that it hurt one day.")
    assert understood.assessable().get("pain_days") != 1


def test_a_leg_that_cannot_be_moved_or_used_is_weakness_that_came_on() -> None:
    case = understand("I cant move or use my left leg and my lower back has a lump.").case
    assert case.get("weakness") == "progressive", case


def test_a_back_that_went_is_a_sudden_start() -> None:
    assert understand("One day I bent down and my back went.").case.get("pain_onset") == "sudden"
