"""Every warning sign, said the ways people say it: read as present, read as absent, or left out.

A warning sign that is stated must be read with the right value (a missed one can send an
emergency home); a denied one must be read as absent (so that it is not asked again); a worry, a
question about the future, someone else's symptom or something else that cracks must leave the
field unknown.
"""

from __future__ import annotations

import re

import pytest

from crepitus import understand
from crepitus.knowledge import knowledge

# field -> value it must be read as -> the ways people state it
# (for neuro_sites the "value" is one site that must be among those listed)
STATED: dict[str, dict[object, list[str]]] = {
    "chest_symptoms": {
        True: [
            "My upper back hurts and there's a heavy pressure on my chest.",
            "Mid back pain and I can't catch my breath, I'm pouring with sweat",
            "pain between my shoulder blades and my chest feels really tight",
            "back popped, now chest pain going into my jaw, feel clammy",
        ],
    },
    "neck_artery_symptoms": {
        True: [
            "Since I cracked my neck this morning the room is spinning.",
            "After the chiropractor did my neck I started seeing double.",
            "My neck popped and now my speech is slurred and half my face is numb",
            "cracked my neck and now I'm struggling to swallow",
            "neck pain since yesterday and i feel really dizy",
        ],
    },
    "saddle_numbness": {
        True: [
            "I'm numb between my legs since my back went.",
            "I can't feel the paper when I wipe my bum.",
            "my groin and private parts have gone numb after my back cracked",
            "numbness around my back passage since this morning",
            "I've lost sensation in my genitals since my back went.",
        ],
    },
    "bladder_bowel_change": {
        True: [
            "I can't pee properly since my back popped.",
            "I've wet myself twice and didn't even notice.",
            "I can't feel when I need to go to the toilet anymore",
            "lower back agony and I've lost control of my bowels",
            "havent been able to wee since last night",
            # not sensing the bladder at work
            "I can't tell if I've finished peeing.",
            "I can't feel the wee coming out any more",
            # wetting or soiling oneself, however it is said
            "I've been pissing myself since my back went.",
            "I had an accident in my trousers and didn't feel it",
            "I can't feel the urge to go any more.",
        ],
    },
    "sexual_dysfunction_new": {
        True: [
            "Since my back went I can't get an erection.",
            "Since last week I have no feeling during sex, that's new.",
            "new problems in the bedroom since the back pain, can't get hard",
        ],
    },
    "fainting": {
        True: [
            "I passed out when the back pain hit.",
            "I fainted in the kitchen with this back pain.",
            "I blacked out for a few seconds after my back popped",
            "I nearly fainted when the pain in my back started",
            "back pain so bad I felt like I was going to pass out",
        ],
    },
    "trauma": {
        "major": [
            "I fell off a ladder yesterday and now my back hurts.",
            "I was in a car crash last week and my neck cracks now.",
            "Got hit by a car on my bike, my lower back has hurt since",
            "came off a horse at a gallop and landed on my back",
        ],
        "minor": [
            "I slipped on the ice and landed on my bum, now my lower back hurts.",
            "I sat down hard on the floor and felt my back pop",
            "tripped over the dog and fell, my mid back cracked",
        ],
    },
    "fever": {
        True: [
            "Back pain and a temperature of 38.5.",
            "I've got a fever and my lower back hurts",
            "my back aches and I've been running a high temp since yesterday",
            "neck stiff and I've had a feverr all day",
        ],
    },
    "severe_headache": {
        True: [
            "I've got the worst headache of my life.",
            "A sudden thunderclap headache hit me after my neck clicked.",
            "I have a terrible headache and a stiff neck.",
            "splitting headache and my neck cracks when I move it",
        ],
    },
    "light_sensitivity_or_rash": {
        True: [
            "Bright light hurts my eyes and my neck is stiff.",
            "I've got a rash that doesn't fade when I press a glass on it.",
            "the light is really bothering my eyes, can't open the curtains",
        ],
    },
    "weight_loss": {
        True: [
            "I've lost weight without trying and my back aches at night.",
            "I've dropped 6 kilos in two months and I'm not dieting.",
            "my clothes are hanging off me, I've lost weight for no reason",
            # told by clothes
            "I've dropped two dress sizes since the summer and my back aches",
            "My trousers are loose and my back hurts at night.",
        ],
    },
    "tingling": {
        True: [
            "I've got pins and needles in my foot.",
            "My fingers are tingling since my neck popped.",
            "tinglling down my arm when i look down",
            "my leg feels all prickly and tingly",
        ],
    },
    "numbness": {
        True: [
            "My left leg feels numb.",
            "my toes have gone numb since my back cracked",
            "numbess in my hand, neck clicks",
        ],
    },
    "weakness": {
        "stable": [
            "My right leg feels weak.",
            "my grip is weaker in my left hand",
            "my foot is weak but no worse than last week",
            # a foot that drags or catches: weakness told by what it does
            "My right foot drags when I walk.",
            "my toes keep catching on the carpet",
        ],
        "progressive": [
            "My foot is getting weaker every day.",
            "my legs are getting weaker and weaker",
            "arm is weaker by the hour since my neck popped",
            # deficits that came one after another
            "Pain, then numbness, then loss of strength in my leg, one after the other.",
            "my leg went numb and weak, one thing after another",
        ],
    },
    "neuro_sites": {
        "arm": [
            "pins and needles all down my right arm",
        ],
        "hand": [
            "the fingers on my left hand are tingling",
        ],
        "both_hands": [
            "both my hands are numb",
        ],
        "leg": [
            "tingling in my left leg since my back went",
        ],
        "foot": [
            "I've got a numb patch on the top of my foot",
        ],
        "both_legs": [
            "both legs feel weak and heavy",
            # a symptom that moved across
            "My left foot went numb and it has spread to my other foot.",
            "the numbness in my leg went to the other leg too",
            "my right leg tingles and now the other leg is tingling",
        ],
    },
    "hand_clumsiness": {
        True: [
            "I keep dropping things.",
            "I can't do up my buttons anymore.",
            "my hands have gone clumsy and my neck grinds",
            "keep fumbling my keys and my handwriting's gone scrawly",
        ],
    },
    "gait_unsteady": {
        True: [
            "I'm unsteady on my feet.",
            "I feel wobbly when I walk.",
            "I keep losing my balance and falling over when I walk",
            "walking like I'm drunk lately",
            "I keep tripping over my own feet.",
        ],
    },
    "cancer_history": {
        True: [
            "I had breast cancer ten years ago, all clear now.",
            "I'm being treated for prostate cancer.",
            "had a tumour removed from my lung in 2018",
            "I'm in remission from leukaemia",
        ],
    },
    "osteoporosis": {
        True: [
            "I have osteoporosis.",
            "My doctor says I've got brittle bones.",
            "I take alendronate for my osteoporosis",
        ],
    },
    "steroid_use_long_term": {
        True: [
            "I've been on prednisolone for two years.",
            "I take steroid tablets every day for my asthma, for years now",
            "long-term prednisone for my arthritis",
        ],
    },
    "anticoagulants": {
        True: [
            "I take warfarin.",
            "I'm on blood thinners.",
            "I'm on apixaban for my heart",
            "been on rivaroxaban since my clot",
        ],
    },
    "recent_spinal_procedure": {
        True: [
            "I had back surgery three weeks ago.",
            "I had an epidural injection in my spine last week.",
            "I had a lumbar puncture four days ago.",
            "had a discectomy a fortnight ago",
        ],
    },
    "iv_drug_use": {
        True: [
            "I inject drugs.",
            "I use heroin, I inject it.",
            "I used to inject drugs, clean for two years now",
        ],
    },
    "immunosuppressed": {
        True: [
            "I had a kidney transplant.",
            "I'm on chemo at the moment.",
            "I'm HIV positive.",
            "I take immunosuppressants for my Crohn's",
        ],
    },
    "stroke_signs": {
        True: [
            "My neck cracked and then the left side of my face drooped.",
            "After the pop I was slurring my words for about ten minutes.",
            "The moment I heard the pop my left side went numb.",
            "I couldn't walk straight after the chiropractor did my neck.",
            "my dad's face dropped on one side and his speech was garbled",
            "neck pain and I suddenly lost the sight in my right eye",
        ],
    },
    "dizziness": {
        True: [
            "I keep getting dizzy when I stand up, my lower back aches.",
            "Lower back pain and I feel light headed.",
            "The room was spinning this morning and my back hurts.",
            "I've had vertigo on and off and my mid back creaks",
        ],
    },
    "eye_or_ear_signs": {
        True: [
            "Since the neck crack my eyelid is drooping.",
            "I've had ringing in one ear since my neck popped.",
            "My left pupil looks bigger than the right after my neck clicked.",
            "neck hurts and now I'm struggling to swallow",
            "my right ear went deaf after the chiropractor cracked my neck",
        ],
    },
    "thunderclap_headache": {
        True: [
            "I have the worst headache of my life.",
            "It felt like being hit on the head with a bat.",
            "A headache came on out of nowhere, like an explosion in my head.",
            "worst headache I've ever had, came on in seconds after my neck cracked",
        ],
    },
    "stiff_neck": {
        True: [
            "My neck was really stiff and I had a headache.",
            "I've got a stiff neck and a temperature.",
            "I can't bend my chin down to my chest.",
            "neck stiffness and a bad headache since this morning",
        ],
    },
    "vomiting": {
        True: [
            "I threw up twice with the headache.",
            "I was sick this morning and my neck hurts.",
            "Been vomiting since the pain started.",
            "back pain so bad I was immediately sick all over the bed",
        ],
    },
    "confusion": {
        True: [
            "I couldn't think straight with the headache.",
            "My husband seems confused and his neck is stiff.",
            "she's very drowsy and hard to wake",
            "I was disorientated after my neck popped",
        ],
    },
    "worst_pain_ever": {
        True: [
            "This is the worst pain I've ever had, in my upper back.",
            "Worst back pain of my life, it came on all at once.",
            "I've never had pain like it between my shoulder blades.",
            "the pain was at its worst from the start",
        ],
    },
    "unable_to_walk": {
        True: [
            "Dad slipped on the path and couldn't get up.",
            "She fell off a chair and was unable to stand.",
            "After the fall I had to be carried to the car.",
            "he was lying on the floor until my sister found him",
        ],
    },
    "wound_problem": {
        True: [
            "My incision is red and oozing since the fusion.",
            "The wound from my back surgery has come open at the top.",
            "there's pus leaking out of the wound",
            "my stitches look infected",
        ],
    },
    "pallor_sweating": {
        True: [
            "My back gave out and I went white and clammy.",
            "Sudden back pain and I broke out in a cold sweat.",
            "I felt sick and nauseous with the pain in my back.",
            "my face turned white and I started to sweat",
        ],
    },
}

# field -> the ways people deny it (read as false, or "none" for weakness and trauma)
DENIED: dict[str, list[str]] = {
    "chest_symptoms": [
        "Upper back aches but no chest pain and I'm breathing fine.",
        "mid back sore, no tightness in my chest, not short of breath",
    ],
    "neck_artery_symptoms": [
        "My neck clicks when I turn it, no dizziness or double vision.",
        "neck pops, no double vision and no trouble swallowing",
    ],
    "dizziness": [
        "neck pops but I haven't had any dizzy spells and my speech is fine",
        "lower back aches, no dizziness",
        "I don't feel light headed at all",
    ],
    "stroke_signs": [
        "No slurred speech, no face drooping.",
        "my back aches but I have no weakness down one side and my speech is fine",
    ],
    "eye_or_ear_signs": [
        "No ringing in my ears.",
        "no drooping eyelid and no trouble swallowing",
    ],
    "thunderclap_headache": [
        "Neck clicks, no headache.",
        "I don't have a headache at all, just a sore neck",
    ],
    "stiff_neck": [
        "My neck isn't stiff, it just clicks.",
        "no stiff neck, no fever",
    ],
    "vomiting": [
        "Headache but no vomiting.",
        "I haven't thrown up, my back just hurts",
    ],
    "confusion": [
        "I'm not confused, just sore.",
        "no confusion or drowsiness",
    ],
    "worst_pain_ever": [
        "It's not the worst pain I've ever had, just annoying.",
        "Sore back, but nothing like the worst pain ever.",
    ],
    "unable_to_walk": [
        "I slipped on the ice but I was able to get up and walk home.",
        "He fell over and got back up; he can still walk fine.",
    ],
    "wound_problem": [
        "The wound looks fine, no fever.",
        "my incision is healing well",
    ],
    "pallor_sweating": [
        "No sweating and I don't feel sick.",
        "back hurts but no nausea",
    ],
    "saddle_numbness": [
        "No numbness between my legs.",
        "lower back hurts, no numbness around my bottom or groin",
    ],
    "bladder_bowel_change": [
        "No trouble peeing and my bowels are normal.",
        "bladder's fine, no accidents",
    ],
    "sexual_dysfunction_new": [
        "No problems with sex or erections.",
        "my sex life is normal, it's just the back ache",
    ],
    "fainting": [
        "I haven't fainted or felt faint.",
        "no blackouts, never passed out",
    ],
    "trauma": [
        "I didn't fall or hurt it, it just started.",
        "No injury or accident, it came on by itself.",
    ],
    "fever": [
        "My lower back aches after gardening. No fever or chills.",
        "Temperature is normal, I took it this morning.",
    ],
    "severe_headache": [
        "Neck is stiff but no headache.",
        "I've got a slight headache but nothing severe.",
    ],
    "light_sensitivity_or_rash": [
        "No rash and light doesn't bother me.",
        "stiff neck, no sensitivity to light",
    ],
    "weight_loss": [
        "My weight is stable.",
        "I haven't lost any weight.",
    ],
    "tingling": [
        "No tingling.",
        "back is sore but no pins and needles anywhere",
    ],
    "numbness": [
        "No numbness.",
        "I don't have any numbness in my legs",
    ],
    "weakness": [
        "My strength is fine.",
        "No weakness in my arms or legs.",
    ],
    "hand_clumsiness": [
        "My hands work fine, I'm not dropping things.",
        "no clumsiness in my hands",
    ],
    "gait_unsteady": [
        "My balance is fine.",
        "walking normally, not unsteady at all",
    ],
    "cancer_history": [
        "I've never had cancer.",
        "no history of cancer",
    ],
    "osteoporosis": [
        "I don't have osteoporosis.",
        "My bone density scan was normal, no osteoporosis.",
    ],
    "steroid_use_long_term": [
        "I'm not on steroids.",
        "never taken steroid tablets",
    ],
    "anticoagulants": [
        "I'm not on any blood thinners.",
        "no anticoagulants or warfarin",
    ],
    "recent_spinal_procedure": [
        "I've never had back surgery or injections.",
        "no recent operations or injections on my spine",
    ],
    "iv_drug_use": [
        "I've never injected drugs.",
        "I don't use drugs, never have",
    ],
    "immunosuppressed": [
        "My immune system is normal.",
        "not on any immunosuppressant medication",
    ],
}
ABSENT_VALUE: dict[str, object] = {"weakness": "none", "trauma": "none"}

# a denied nerve symptom: the text, and the sites that must not be listed
NO_SITES: dict[str, tuple[str, ...]] = {
    "No numbness in my hands or feet.": ("hand", "both_hands", "foot"),
    "no tingling down my legs": ("leg", "both_legs"),
    "no pins and needles in my arm or fingers": ("arm", "hand"),
}

# field -> a worry, a question, a plan, someone else, or another thing that cracks
LEFT_OUT: dict[str, list[str]] = {
    "bladder_bowel_change": [
        "Should I worry if I lose control of my bladder?",
    ],
    "numbness": [
        "What if my legs go numb? My back pops when I bend.",
    ],
    "saddle_numbness": [
        "In case it gets worse, what does numbness between the legs mean?",
    ],
    "chest_symptoms": [
        "If I get chest pain should I go to A&E? My upper back clicks.",
    ],
    "severe_headache": [
        "what if I get a really bad headache after cracking my neck?",
    ],
    "neck_artery_symptoms": [
        "Can cracking your neck make you dizzy? Mine cracks every day.",
    ],
    "fever": [
        "My wife has a fever, my back just aches.",
    ],
    "cancer_history": [
        "My mum had breast cancer. My neck clicks sometimes.",
    ],
    "anticoagulants": [
        "My dad is on warfarin. My lower back pops when I stand up.",
    ],
    "fainting": [
        "My colleague passed out at work yesterday; my back cracks when I stand.",
    ],
    "weakness": [
        "my husband's legs are weak; my back just pops when I bend",
    ],
    "trauma": [
        "My son fell off his bike. My back pops when I pick him up.",
        "Dropped my phone and cracked the screen, also my neck clicks.",
    ],
    "hand_clumsiness": [
        "cracked my knuckles and my fingers click, back is fine",
    ],
}

# every warning-sign question of the interview, so a new one must bring its phrasings
RED_FLAGS = tuple(q.field for q in knowledge().questions if q.red_flag)


def _id(field: str, text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return f"{field}:{'-'.join(words)[:48]}"


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        pytest.param(field, value, text, id=_id(field, text))
        for field, by_value in STATED.items()
        for value, texts in by_value.items()
        for text in texts
    ],
)
def test_a_stated_warning_sign_is_read_as_present(field: str, value: object, text: str) -> None:
    case = understand(text).case
    if field == "neuro_sites":
        assert value in (case.get("neuro_sites") or []), case
    else:
        got = case.get(field)
        assert got == value and type(got) is type(value), case


@pytest.mark.parametrize(
    ("field", "text"),
    [
        pytest.param(field, text, id=_id(field, text))
        for field, texts in DENIED.items()
        for text in texts
    ],
)
def test_a_denied_warning_sign_is_read_as_absent(field: str, text: str) -> None:
    value = ABSENT_VALUE.get(field, False)
    got = understand(text).case.get(field)
    assert got == value and type(got) is type(value), f"{field}: {got!r}"


@pytest.mark.parametrize(
    ("text", "sites"),
    [pytest.param(text, sites, id=_id("neuro_sites", text)) for text, sites in NO_SITES.items()],
)
def test_a_denied_nerve_symptom_lists_no_site(text: str, sites: tuple[str, ...]) -> None:
    listed = understand(text).case.get("neuro_sites") or []
    assert not set(sites) & set(listed), listed


@pytest.mark.parametrize(
    ("field", "text"),
    [
        pytest.param(field, text, id=_id(field, text))
        for field, texts in LEFT_OUT.items()
        for text in texts
    ],
)
def test_a_worry_or_someone_elses_sign_is_left_out(field: str, text: str) -> None:
    case = understand(text).case
    assert field not in case, case


def test_every_warning_sign_has_three_ways_to_state_it_and_two_to_deny_it() -> None:
    for flag in RED_FLAGS:
        assert sum(len(texts) for texts in STATED[flag].values()) >= 3, flag
        denials = len(NO_SITES) if flag == "neuro_sites" else len(DENIED.get(flag, []))
        assert denials >= 2, flag
