"""The learned wording model: a data file read strictly, an estimate that may only add concern."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crepitus.engine.concern import settle
from crepitus.errors import KnowledgeError
from crepitus.knowledge.model import LEVELS
from crepitus.understanding import understand
from crepitus.understanding.describe import prefill
from crepitus.understanding.wording import MODEL_FILE, parse, pieces
from tests.understanding.test_real_word_families import _triage

REPO = Path(__file__).resolve().parents[2]
HORSE = "My wife was thrown from her horse yesterday and landed hard on her lower back."
CALM = "My back popped when I stretched this morning and it felt good."


def _shipped() -> dict[str, Any]:
    raw = files("crepitus.understanding").joinpath(MODEL_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def _level(text: str, *, learned: bool) -> int:
    return LEVELS.index(_triage(text, learned=learned))


def test_the_model_was_trained_on_every_labelled_description_in_the_repository() -> None:
    # retrain (python eval/train_wording.py --write) whenever the labelled sets grow
    rows = sum(
        len(path.read_text("utf-8").splitlines())
        for path in [
            REPO / "eval" / "realworld" / "descriptions.jsonl",
            *sorted((REPO / "eval" / "written").glob("descriptions*.jsonl")),
        ]
    )
    assert _shipped()["trained_on"].startswith(f"{rows} labelled descriptions")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d.update(extra=1), "expected exactly the keys"),
        (lambda d: d.pop("idf"), "expected exactly the keys"),
        (lambda d: d["levels"][0].update(threshold=1.5), "levels[0].threshold"),
        (lambda d: d["levels"][0].update(threshold="high"), "levels[0].threshold"),
        (lambda d: d["levels"][1].update(bias=None), "levels[1].bias"),
        (lambda d: d["levels"][0].update(name="soon"), "levels must be"),
        (lambda d: d["levels"].reverse(), "levels must be"),
        (lambda d: d["levels"].pop(), "levels must be"),
        (lambda d: d["levels"][1].pop("bias"), "levels[1] needs exactly"),
        (lambda d: d["levels"][0]["weights"].update({"w:nowhere-else": 1.0}), "with an idf"),
        (lambda d: d["levels"][0]["weights"].update({"w:back": True}), "levels[0].weights"),
        (lambda d: d.update(idf={"w:back": "high"}), "idf must map features to numbers"),
    ],
)
def test_a_damaged_model_file_is_refused_with_what_is_wrong(change: Any, words: str) -> None:
    data = _shipped()
    change(data)
    with pytest.raises(KnowledgeError, match=words.replace("[", r"\[").replace("]", r"\]")):
        parse(data)


def test_word_pieces_carry_over_to_a_misspelling() -> None:
    right, wrong = pieces("numbness"), pieces("numbnes")
    assert {f for f in right if f.startswith("c:")} & {f for f in wrong if f.startswith("c:")}
    assert "w:numbness" in right and "w:numbness" not in wrong


def test_its_reading_is_an_estimate_traced_to_the_words_never_a_stated_answer() -> None:
    read = understand(HORSE)
    assert "wording_concern" not in read.case
    assert read.estimates["wording_concern"] in ("urgent", "emergency")
    (mention,) = [m for m in read.mentions if m.field == "wording_concern"]
    assert mention.estimated and "worded like descriptions that needed" in mention.shown()
    assert HORSE[mention.start : mention.end] == mention.text


def test_a_calm_description_gets_no_learned_concern() -> None:
    assert "wording_concern" not in understand(CALM).estimates


@pytest.mark.parametrize("text", ["hello", "hi there", "ok so"])
def test_a_text_that_says_nothing_of_a_back_or_neck_gets_no_learned_concern(text: str) -> None:
    # near-even odds from a greeting are no concern: the model speaks only of descriptions
    assert "wording_concern" not in understand(text).estimates


def test_the_trainer_reads_without_it() -> None:
    assert "wording_concern" not in understand(HORSE, learned=False).estimates


def test_a_check_never_takes_it_as_an_answer_nor_asks_it() -> None:
    read = understand(HORSE)
    stated, preselected = prefill(read)
    assert "wording_concern" not in stated and "wording_concern" not in preselected
    taken, _ = settle({"wording_concern": "emergency"}, {})
    assert taken == {}


SENTENCE_OF_WORDS = (
    "my dad fell off a ladder back hurts neck cracked popped numb legs toilet wee headache worst "
    "ever car crash mph horse bike pinned thrown sore stiff weeks months no pain tingling weak "
    "arm hand dizzy fever cancer years ago she he his her landed roof stairs can't feel"
)
WORDS = SENTENCE_OF_WORDS.split()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=3, max_size=25))
def test_the_model_never_lowers_a_words_only_level(words: list[str]) -> None:
    text = " ".join(words)
    assert _level(text, learned=True) >= _level(text, learned=False), text
