"""The loader refuses malformed knowledge: each test breaks one real file in a copy."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from crepitus.errors import KnowledgeError
from crepitus.knowledge import knowledge
from crepitus.knowledge.loader import data_dir, load
from crepitus.knowledge.model import LEVELS


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for item in data_dir().iterdir():
        if item.name.endswith(".toml"):
            (folder / item.name).write_text(item.read_text("utf-8"), "utf-8")
    return folder


def edit(folder: Path, name: str, change: Callable[[str], str]) -> None:
    path = folder / f"{name}.toml"
    before = path.read_text("utf-8")
    after = change(before)
    assert after != before, "the edit did not change the file"
    path.write_text(after, "utf-8")


def refused(folder: Path, *fragments: str) -> None:
    with pytest.raises(KnowledgeError) as caught:
        load(folder)
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_the_packaged_knowledge_loads_and_has_a_version() -> None:
    kb = knowledge()
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", kb.version)
    assert tuple(kb.levels) == LEVELS
    assert kb.rules and kb.questions


def test_an_untouched_copy_loads(copy: Path) -> None:
    assert load(copy).version == knowledge().version


def test_an_unknown_key_is_refused(copy: Path) -> None:
    edit(
        copy,
        "rules",
        lambda s: s.replace('id = "EM-CES-SADDLE"', 'id = "EM-CES-SADDLE"\nurgency = 3', 1),
    )
    refused(copy, "rules.toml rule[0]", "unknown key", "urgency")


def test_a_rule_without_a_source_is_refused(copy: Path) -> None:
    edit(
        copy,
        "rules",
        lambda s: s.replace('sources = ["finucane2020", "nice_ng59"]', "sources = []", 1),
    )
    refused(copy, "rules.toml rule[0].sources", "non-empty")


def test_a_dangling_source_id_is_refused(copy: Path) -> None:
    edit(
        copy,
        "rules",
        lambda s: s.replace(
            'sources = ["finucane2020", "nice_ng59"]', 'sources = ["nobody2020"]', 1
        ),
    )
    refused(copy, "nobody2020", "does not name a known id")


def test_a_dangling_finding_is_refused(copy: Path) -> None:
    edit(
        copy,
        "rules",
        lambda s: s.replace('{ finding = "nerve_deficit" }', '{ finding = "nerve_defcit" }', 1),
    )
    refused(copy, "nerve_defcit", "not defined")


def test_a_dangling_condition_id_is_refused(copy: Path) -> None:
    edit(
        copy,
        "rules",
        lambda s: s.replace(
            'conditions = ["cauda_equina_syndrome"]', 'conditions = ["slipped_disc"]', 1
        ),
    )
    refused(copy, "slipped_disc")


def test_an_advice_item_without_text_is_refused(copy: Path) -> None:
    edit(
        copy, "advice", lambda s: re.sub(r'text = "Call your local[^"]*"', 'text = ""', s, count=1)
    )
    refused(copy, "advice.toml advice[0].text", "non-empty text")


def test_a_value_the_field_cannot_hold_is_refused(copy: Path) -> None:
    edit(
        copy,
        "rules",
        lambda s: s.replace(
            '{ field = "trauma", is = "major" }', '{ field = "trauma", is = "severe" }', 1
        ),
    )
    refused(copy, "'severe'", "one of: none, minor, major")


def test_a_field_that_is_not_in_the_contract_is_refused(copy: Path) -> None:
    edit(
        copy,
        "rules",
        lambda s: s.replace('field = "saddle_numbness"', 'field = "saddle_anaesthesia"', 1),
    )
    refused(copy, "'saddle_anaesthesia' is not a case field")


def test_a_rule_whose_example_does_not_fire_it_is_refused(copy: Path) -> None:
    edit(
        copy,
        "rules",
        lambda s: s.replace(
            "example = { saddle_numbness = true }", "example = { saddle_numbness = false }", 1
        ),
    )
    refused(copy, "rule[0].example", "does not make the rule fire")


def test_a_missing_contract_condition_is_refused(copy: Path) -> None:
    edit(copy, "conditions", lambda s: s.replace('id = "meningitis"', 'id = "meningism"', 1))
    refused(copy, "missing ['meningitis']", "unknown ['meningism']")


def test_a_missing_contract_advice_id_is_refused(copy: Path) -> None:
    edit(copy, "advice", lambda s: s.replace('id = "pop_diary"', 'id = "pop_journal"', 1))
    refused(copy, "missing ['pop_diary']")


def test_duplicate_ids_are_refused(copy: Path) -> None:
    edit(copy, "rules", lambda s: s.replace('id = "EM-CES-BLADDER"', 'id = "EM-CES-SADDLE"', 1))
    refused(copy, "'EM-CES-SADDLE' appears twice")


def test_skip_logic_may_only_read_earlier_questions(copy: Path) -> None:
    edit(
        copy,
        "interview",
        lambda s: s.replace(
            'ask_when = { field = "pain_score", at_least = 1 }\noptions = [\n  { value = "dull"',
            'ask_when = { field = "weakness", is = "stable" }\noptions = [\n  { value = "dull"',
            1,
        ),
    )
    refused(copy, "reads 'weakness', which no earlier question asks")


def test_skip_logic_must_stay_flat_for_fhir(copy: Path) -> None:
    edit(
        copy,
        "interview",
        lambda s: s.replace(
            'ask_when = { field = "stiffness", is = true }',
            'ask_when = { all = [{ field = "stiffness", is = true },'
            ' { any = [{ field = "age", at_least = 1 }] }] }',
            1,
        ),
    )
    refused(copy, "one any/all")


def test_answer_options_must_cover_the_field_exactly(copy: Path) -> None:
    edit(
        copy,
        "interview",
        lambda s: s.replace('  { value = "many_daily", label = "Many times a day" },\n', "", 1),
    )
    refused(copy, "must offer each of")


def test_a_field_read_by_a_rule_must_be_askable(copy: Path) -> None:
    def drop_fainting(text: str) -> str:
        blocks = text.split("[[question]]")
        return "[[question]]".join(b for b in blocks if not b.startswith('\nfield = "fainting"'))

    edit(copy, "interview", drop_fainting)
    refused(copy, "reads 'fainting', but no interview question asks it")


def test_a_field_read_only_from_words_needs_no_question_but_must_be_listed(copy: Path) -> None:
    edit(copy, "meta", lambda s: s.replace('read_from_words = ["wording_concern"]', ""))
    refused(copy, "reads 'wording_concern', but no interview question asks it")


@pytest.mark.parametrize(
    ("listed", "fragment"),
    [('["no_such_field"]', "'no_such_field' is not a case field"), ('"wording_concern"', "a list")],
)
def test_the_fields_read_only_from_words_are_case_fields(
    copy: Path, listed: str, fragment: str
) -> None:
    edit(copy, "meta", lambda s: s.replace('["wording_concern"]', listed))
    refused(copy, "meta.toml read_from_words", fragment)


def test_levels_must_be_the_contract_levels_in_order(copy: Path) -> None:
    edit(copy, "meta", lambda s: s.replace('id = "urgent"', 'id = "soon"', 1))
    refused(copy, "levels must be")


def test_a_broken_toml_file_is_named(copy: Path) -> None:
    edit(copy, "sources", lambda s: s + "\n[[source]\n")
    refused(copy, "sources.toml: not valid TOML")


def test_a_missing_file_is_named(copy: Path) -> None:
    (copy / "advice.toml").unlink()
    refused(copy, "advice.toml: missing")


def test_the_knowledge_files_ship_inside_the_package() -> None:
    names = {item.name for item in data_dir().iterdir()}
    assert {"meta.toml", "rules.toml", "conditions.toml", "advice.toml", "interview.toml"} <= names


def test_a_required_question_cannot_have_skip_logic(copy: Path) -> None:
    edit(
        copy,
        "interview",
        lambda s: s.replace(
            'screen = "basics"\nrequired = true\ntext = "How bad',
            'screen = "basics"\nrequired = true\nask_when = { field = "age", at_least = 1 }\n'
            'text = "How bad',
        ),
    )
    refused(copy, "a required question is always asked")


def test_a_step_while_waiting_must_cite_a_known_source(copy: Path) -> None:
    edit(
        copy,
        "advice",
        lambda s: s.replace(
            'sources = ["rushton2023"]\nconditions', 'sources = ["nope"]\nconditions'
        ),
    )
    refused(copy, "while_waiting", "'nope' does not name a known id")


def test_a_step_while_waiting_must_name_known_conditions(copy: Path) -> None:
    edit(
        copy,
        "advice",
        lambda s: s.replace(
            'conditions = ["epidural_haematoma"]', 'conditions = ["epidural_bleed"]'
        ),
    )
    refused(copy, "while_waiting", "'epidural_bleed' does not name a known id")


def test_a_step_while_waiting_refuses_an_unknown_key(copy: Path) -> None:
    edit(
        copy,
        "advice",
        lambda s: s.replace('id = "do_not_drive"', 'id = "do_not_drive"\nurgency = 1', 1),
    )
    refused(copy, "while_waiting[0]", "unknown key", "urgency")


def test_some_step_while_waiting_is_shown_for_every_emergency() -> None:
    general = knowledge().steps_while_waiting(set())
    assert general, "an emergency with no named condition still gets steps"
    for rule in knowledge().rules:
        if rule.level == "emergency":
            steps = knowledge().steps_while_waiting(set(rule.conditions))
            assert set(general) <= set(steps), rule.id
            assert all(step.sources for step in steps)


def test_a_question_without_wording_for_someone_else_is_refused(copy: Path) -> None:
    edit(copy, "interview", lambda s: s.replace('text_other = "How old is the person?"\n', ""))
    refused(copy, "question[0]", "missing key(s) ['text_other']")


def test_wording_for_someone_else_may_not_say_you(copy: Path) -> None:
    edit(
        copy,
        "interview",
        lambda s: s.replace('"What is their sex?"', '"What is your sex?"'),
    )
    refused(copy, "text_other", "speaks to 'you'")


def test_an_option_that_says_your_needs_wording_for_someone_else(copy: Path) -> None:
    edit(copy, "interview", lambda s: s.replace(', label_other = "Turning their head"', ""))
    refused(copy, "options[4]", "needs label_other")


def test_help_needs_its_wording_for_someone_else(copy: Path) -> None:
    edit(copy, "interview", lambda s: s.replace("help_other = ", "# help_other = ", 1))
    refused(copy, "help and help_other come together")


def test_a_screen_must_be_declared(copy: Path) -> None:
    edit(copy, "interview", lambda s: s.replace('screen = "daily_life"', 'screen = "weekend"', 1))
    refused(copy, "'weekend' is not a screen")


def test_a_screens_questions_must_follow_one_another(copy: Path) -> None:
    edit(copy, "interview", lambda s: s.replace('screen = "daily_life"', 'screen = "basics"', 1))
    refused(copy, "screen 'basics'", "follow one another")


def test_every_question_is_on_exactly_one_screen() -> None:
    kb = knowledge()
    on_screens = [name for screen in kb.screens.values() for name in screen.questions]
    assert on_screens == [q.field for q in kb.questions]


def test_the_warning_signs_are_grouped_by_body_area() -> None:
    kb = knowledge()
    for area in ("chest", "general", "head_neck", "saddle", "limbs"):
        questions = [kb.question(name) for name in kb.screens[area].questions]
        assert sum(q.red_flag for q in questions) >= 2


def test_a_result_text_that_speaks_of_you_needs_wording_for_someone_else(copy: Path) -> None:
    edit(copy, "rules", lambda s: s.replace("message_other = ", "# message_other = ", 1))
    refused(copy, "rules.toml", "speaks of 'you'", "message_other")


def test_a_watch_list_for_someone_else_has_a_line_for_each(copy: Path) -> None:
    edit(
        copy,
        "conditions",
        lambda s: s.replace(
            '  "the pain keeps getting worse despite exercise",\n]\nwatch_for_other',
            '  "the pain keeps getting worse despite exercise",\n  "swelling",\n]\nwatch_for_other',
        ),
    )
    refused(copy, "watch_for_other", "one text for each")
