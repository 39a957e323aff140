"""``crepitus assess --text``: a description in the person's own words, through the real command."""

from __future__ import annotations

import json

from tests.cli.conftest import crepitus

SADDLE = "I'm 58. My back popped and now I'm numb between my legs and I can't pee properly."


def test_a_description_is_assessed_and_what_was_understood_is_shown() -> None:
    done = crepitus("assess", "--text", "My lower back cracks when I bend, no pain at all. 29F")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "What we understood" in out
    assert "where it pops: Lower back" in out
    assert "“lower back”" in out
    assert "LOOK AFTER IT AT HOME" in out


def test_json_output_carries_the_spans_it_read() -> None:
    text = "No numbness, but my neck grinds every day. 61"
    done = crepitus("assess", "--text", "--json", text)
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    understood = body["understood"]
    assert understood["case"]["numbness"] is False
    numbness = next(m for m in understood["mentions"] if m["field"] == "numbness")
    assert numbness["negated"] is True
    assert text[numbness["start"] : numbness["end"]] == numbness["text"] == "numbness"


def test_unmentioned_warning_signs_are_listed_as_not_asked_never_as_no() -> None:
    done = crepitus("assess", "--text", "--json", "My neck cracks when I turn my head. I'm 35.")
    body = json.loads(done.stdout)
    assert "saddle_numbness" not in body["understood"]["case"]
    assert body["screen_complete"] is False
    assert body["what_would_change"], "the result says which answers would sharpen it"


def test_an_emergency_description_is_an_emergency() -> None:
    done = crepitus("assess", "--text", "--json", SADDLE)
    assert json.loads(done.stdout)["triage"] == "emergency"


def test_a_batch_of_descriptions_gives_one_assessment_per_line_and_names_bad_lines() -> None:
    lines = [json.dumps("My upper back clicks when I stretch. No pain. 50"), "", "{oops", "42"]
    lines.append(json.dumps(SADDLE))
    done = crepitus("assess", "--text", "--batch", "-", stdin="\n".join(lines) + "\n")
    assert done.returncode == 1  # some lines failed, the rest were assessed
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row.get("triage") for row in out] == ["self_care", None, None, "emergency"]
    assert out[1] == {"line": 3, "error": out[1]["error"]}
    assert "not valid JSON" in out[1]["error"]
    assert out[2]["line"] == 4
    assert "expected a JSON string" in out[2]["error"]


def test_an_empty_description_is_a_usage_error() -> None:
    done = crepitus("assess", "--text", "   ")
    assert done.returncode == 2
    assert "give a description" in done.stderr


def test_a_result_from_words_alone_leads_with_the_warning_signs_left_open() -> None:
    done = crepitus("assess", "--text", "My lower back cracks when I bend, no pain at all. 29F")
    out = done.stdout
    first = out.index("warning signs not covered")
    assert first < out.index("What we understood") < out.index("LOOK AFTER IT AT HOME")
    assert "this is not an all-clear" in " ".join(out.replace("│", " ").split())


def test_json_from_words_alone_keeps_the_triage_and_says_the_screen_is_incomplete() -> None:
    done = crepitus("assess", "--text", "--json", "My lower back cracks when I bend. 29")
    body = json.loads(done.stdout)
    assert body["triage"] == "self_care"
    assert body["screen_complete"] is False
    assert body["unanswered_red_flags"]


def test_ask_puts_the_open_warning_signs_and_assesses_again() -> None:
    answers = "\n".join(["yes", *["no"] * 60]) + "\n"  # chest symptoms: yes
    done = crepitus(
        "assess", "--text", "--ask", "My lower back cracks when I bend. 29", stdin=answers
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Along with the back pain, do you have chest pain" in out
    assert out.index("LOOK AFTER IT AT HOME") < out.index("EMERGENCY: GET HELP NOW")


def test_no_offer_to_ask_when_not_at_a_terminal() -> None:
    done = crepitus("assess", "--text", "My lower back cracks when I bend. 29")
    assert "Answer the open warning-sign questions now?" not in done.stdout


def test_an_emergency_from_words_is_not_led_by_open_questions() -> None:
    done = crepitus("assess", "--text", SADDLE)
    assert "warning signs not covered" not in done.stdout
