"""``crepitus check`` driven through its standard input."""

from __future__ import annotations

import os
import re
from pathlib import Path

from crepitus.store.db import sqlite_url
from crepitus.store.diary import Store
from tests.cases import BENIGN, STRAIN
from tests.cli.conftest import answer_lines, crepitus, script_for


def test_a_benign_check_ends_in_self_care_with_reassurance() -> None:
    case = BENIGN
    done = crepitus("check", "--plain", stdin=script_for(case))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "LOOK AFTER IT AT HOME" in out
    assert "Harmless joint cracking" in out
    assert "Popping on its own is normal" in out
    assert "How sure is this?" in out  # the posture card says the evidence is weak
    assert "Not kept: nothing from this check was saved" in out  # kept only when asked
    assert "Warning-sign questions not answered" not in out
    # no pain: the check never asked where the pain spreads
    assert "Does the pain spread anywhere?" not in out


def test_a_strain_check_ends_with_cold_or_heat_and_a_safety_net() -> None:
    case = STRAIN
    done = crepitus("check", "--plain", stdin=script_for(case))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Pulled muscle or sprain" in out
    assert "Cold or heat for a pulled muscle" in out
    assert "What would change this advice" in out
    assert "Does the pain spread anywhere?" in out


def test_an_emergency_answer_stops_the_check_at_once() -> None:
    script = script_for(
        {
            "age": 58,
            "sex": "female",
            "pop_region": "lumbar",
            "pain_score": 0,
            "saddle_numbness": True,
        }
    )
    done = crepitus("check", "--plain", stdin=script)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "EMERGENCY: GET HELP NOW" in out
    assert "emergency number" in out
    assert "Why:" in out and "saddle" in out.lower()
    # it stopped right after the saddle question, before the rest of its screen
    assert "new trouble passing urine" not in out
    assert "Have you become unsteady on your feet" not in out


def test_back_returns_to_the_previous_question_and_keeps_going() -> None:
    done = crepitus("check", "--plain", stdin="\n\n30\nback\n31\n1\nquit\n")
    out = done.stdout
    assert out.count("How old are you?") == 2
    assert "Where do you feel the popping?" in out
    assert done.returncode == 1
    assert "Nothing was saved" in out


def test_a_wrong_answer_is_explained_and_asked_again() -> None:
    done = crepitus("check", "--plain", stdin="\n\nold\n")
    assert "'old' is not an answer here; expected a whole number from 0 to 120" in done.stdout
    assert done.stdout.count("How old are you?") == 2


def test_running_out_of_input_stops_cleanly() -> None:
    done = crepitus("check", "--plain", stdin="\n\n30\n")
    assert done.returncode == 1
    assert "stopped before the end" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_description_prefills_and_the_check_still_asks_what_could_lower_concern() -> None:
    truth = {**BENIGN, "age": 34, "sex": "female", "pop_frequency": "occasional"}
    script = [
        "",  # for me
        "My lower back cracks now and then when I bend. No pain at all. I'm 34, female.",
        "",  # what we understood is right
        *answer_lines(truth, {"sex": "female"}),
    ]
    done = crepitus("check", "--plain", stdin="\n".join(script) + "\n")
    out = done.stdout
    assert "What we understood" in out
    assert "sex: Female" in out
    assert "What is your sex?" not in out  # taken: no answer to it could raise concern
    # an age, a place and "no pain" could each lower concern if misread: asked, pre-selected
    assert "How old are you?" in out
    assert "From your words: 34. Press Enter to keep it." in out
    assert "From your words: Lower back. Press Enter to keep it." in out
    assert "LOOK AFTER IT AT HOME" in out, out[-2000:]


def test_a_line_of_what_was_understood_can_be_changed() -> None:
    truth = {**BENIGN, "age": 40, "sex": "female", "pop_region": "cervical"}
    script = [
        "",  # for me
        "My neck cracks. I'm 40, a man. No pain.",
        "1",
        "old",
        "1",
        *answer_lines(truth, {"sex": "female"}),
    ]
    done = crepitus("check", "--plain", stdin="\n".join(script) + "\n")
    out = done.stdout
    assert "1. sex: Male" in out
    # asked to change it, asked again after a wrong answer, and never again after that
    assert out.count("What is your sex?") == 2
    assert "'old' is not an answer here" in out
    assert "LOOK AFTER IT AT HOME" in out


def test_a_denied_warning_sign_is_asked_with_the_denial_pre_selected() -> None:
    truth = {**BENIGN, "age": 40}
    script = [
        "",
        "My lower back cracks. I'm 40. No numbness between my legs.",
        *answer_lines(truth),
    ]
    done = crepitus("check", "--plain", stdin="\n".join(script) + "\n")
    out = done.stdout
    assert "Your words give hints, not firm answers" in out
    saddle = re.search(r"touch\s+a\s+saddle\)\?(.*?)> ", out, re.DOTALL)
    assert saddle is not None
    assert "From your words: no. Press Enter to keep it." in " ".join(saddle.group(1).split())
    assert "LOOK AFTER IT AT HOME" in out


def test_an_emergency_in_the_description_ends_the_check_at_once() -> None:
    script = "\nI'm 58. My back popped and now I'm numb between my legs and can't pee properly.\n"
    done = crepitus("check", "--plain", stdin=script)
    assert done.returncode == 0, done.stderr
    assert "EMERGENCY: GET HELP NOW" in done.stdout
    assert "Press Enter if this is right" not in done.stdout
    assert "How old are you?" not in done.stdout


def test_an_estimate_from_the_description_is_offered_on_its_question() -> None:
    script = "\n".join(
        ["", "My upper back cracks and it's a bit sore. 30.", "", "", *["skip"] * 60]
    )
    done = crepitus("check", "--plain", stdin=script + "\n")
    assert "From your words: 2. Press Enter to keep it." in done.stdout


def test_a_check_for_someone_else_asks_about_them() -> None:
    done = crepitus("check", "--plain", stdin="2\n\n" + "\n".join(answer_lines(STRAIN)) + "\n")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "How old is the person?" in out and "How old are you?" not in out
    assert "Where do they feel the popping?" in out
    assert "About the person and their back" in out
    assert "Pulled muscle or sprain" in out
    assert "Help them keep up their normal activities" in " ".join(out.split())
    assert "Not saved: the diary and its report are for your own back." in out


def test_the_check_goes_screen_by_screen() -> None:
    done = crepitus("check", "--plain", stdin=script_for(BENIGN))
    out = done.stdout
    assert "About you and your back  page 1 of about" in out
    assert "Warning signs: bladder, bowel and saddle area" in out


def test_words_about_someone_else_make_the_terminal_check_about_them() -> None:
    script = "\n".join(["", "my dad is 78, he slipped in the bathroom yesterday", "quit"])
    done = crepitus("check", "--plain", stdin=script + "\n")
    out = " ".join(done.stdout.split())
    assert "Your words are about someone else, so the questions ask about them." in out
    assert "sex: Male" in out  # read from "dad"


def test_a_result_is_kept_only_when_the_person_says_yes(tmp_path: Path) -> None:
    env = {**os.environ, "CREPITUS_DATA_DIR": str(tmp_path)}
    done = crepitus("check", "--plain", stdin=script_for(BENIGN) + "y\n", env=env)
    assert done.returncode == 0, done.stderr
    assert "Saved on this computer" in done.stdout
    store = Store(sqlite_url(tmp_path / "crepitus.sqlite3")).owner()
    latest = store.latest_assessment()
    assert latest is not None and latest.result["triage"] == "self_care"


def test_words_like_urgent_ones_ask_the_warning_signs_first() -> None:
    # the same example and the same rule as the web check (tests/web/test_check_describe.py)
    from tests.web.test_check_describe import WORRIED

    script = "\n".join(["", WORRIED, "", *["skip"] * 60])
    done = crepitus("check", "--plain", stdin=script + "\n")
    headers = re.findall(r"^(.+?)  page \d+ of about \d+$", done.stdout, re.MULTILINE)
    assert headers[0].startswith("Warning signs:"), headers
    assert "About the person and their back" in headers[1:], headers
