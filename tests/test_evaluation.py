"""The evaluations: the dev vignettes (as cases and as narratives) through the shared scorer, and
the labelled descriptions through ``understand``; and that docs/evaluation.md is current."""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import REPO, shared_path


@cache
def script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "eval" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def evaluation() -> ModuleType:
    return script("vignettes")


@cache
def figures() -> tuple[dict[str, Any], list[str]]:
    result: tuple[dict[str, Any], list[str]] = evaluation().score(
        shared_path("vignettes", "dev.jsonl")
    )
    return result


def test_no_dev_vignette_is_under_triaged() -> None:
    assert figures()[0]["under_triage"] == 0, figures()[1]


def test_every_dev_emergency_is_called_an_emergency() -> None:
    assert figures()[0]["emergency_recall"] == 1.0, figures()[1]


def test_the_dev_vignette_targets_hold() -> None:
    result = figures()[0]
    assert result["triage_accuracy"] >= 0.95
    assert result["top1"] >= 0.9
    assert result["advice_recall"] >= 0.9


@cache
def narrative_figures() -> tuple[dict[str, Any], list[str]]:
    result: tuple[dict[str, Any], list[str]] = evaluation().score(
        shared_path("vignettes", "dev.jsonl"), "narrative"
    )
    return result


@cache
def understanding_figures(which: str) -> tuple[dict[str, Any], list[str]]:
    module = script("understanding")
    path = module.DEFAULT if which == "dev" else module.HELD_OUT
    result: tuple[dict[str, Any], list[str]] = module.score(path)
    return result


def section(start: str, end: str) -> str:
    page = (REPO / "docs" / "evaluation.md").read_text()
    assert start in page, f"docs/evaluation.md has no {start} section"
    return page.split(start, 1)[1].split(end, 1)[0]


def test_the_recorded_figures_are_current() -> None:
    recorded = section(evaluation().START, evaluation().END)
    for name, value in figures()[0].items():
        assert f"| {name} | {value} |" in recorded, f"docs/evaluation.md is stale ({name})"


def test_no_narrative_is_under_triaged_and_triage_holds_from_words_alone() -> None:
    result, misses = narrative_figures()
    assert result["under_triage"] == 0, misses
    assert result["emergency_recall"] == 1.0, misses
    assert result["triage_accuracy"] >= 0.9, misses


def test_the_recorded_narrative_figures_are_current() -> None:
    recorded = section(evaluation().TEXT_START, evaluation().TEXT_END)
    for name, value in narrative_figures()[0].items():
        assert f"| {name} | {value} |" in recorded, f"docs/evaluation.md is stale ({name})"


def test_every_stated_warning_sign_in_the_labelled_descriptions_is_read() -> None:
    result, misses = understanding_figures("dev")
    assert result["red_flag_recall"] == 1.0, [m for m in misses if "red flag" in m]
    assert result["f1"] >= 0.9


def test_the_recorded_understanding_figures_are_current() -> None:
    module = script("understanding")
    for which, start, end in (
        ("dev", module.START, module.END),
        ("held-out", module.HELD_START, module.HELD_END),
    ):
        recorded = section(start, end)
        result = understanding_figures(which)[0]
        for name in module.OVERALL:
            row = f"| {name} | {json.dumps(result[name])} |"
            assert row in recorded, f"docs/evaluation.md is stale ({which}: {name})"


@cache
def realworld() -> ModuleType:
    return script("realworld")


@cache
def realworld_figures() -> dict[str, dict[str, dict[str, Any]]]:
    shared_path("vignettes", "realworld-1.jsonl")
    result: dict[str, dict[str, dict[str, Any]]] = realworld().evaluate()
    return result


def _rows() -> list[dict[str, Any]]:
    path = REPO / "eval" / "realworld" / "descriptions.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def test_the_realworld_set_is_well_formed_and_split_before_use() -> None:
    from crepitus.contract.case import validate_case

    rows = _rows()
    assert len(rows) >= 80
    assert len({row["id"] for row in rows}) == len(rows)
    assert len({row["source"] for row in rows}) == len(rows), "two excerpts from one page"
    first = [row for row in rows if row["split"] in ("dev", "held_out")]
    held = [row for row in first if row["split"] == "held_out"]
    assert {row["split"] for row in rows} == {
        "dev",
        "held_out",
        "held_out_2",
        "held_out_3",
        "held_out_4",
        "held_out_5",
        "held_out_6",
        "held_out_7",
        "held_out_8",
        "held_out_9",
        "held_out_10",
        "held_out_11",
        "held_out_12",
        "held_out_13",
        "held_out_14",
        "held_out_15",
        "held_out_16",
        "held_out_17",
        "held_out_18",
        "held_out_19",
    }
    assert abs(len(held) - len(first) / 3) <= 2
    # the later held-out parts were collected afterwards, each scored blind once before it was read
    assert len([row for row in rows if row["split"] == "held_out_2"]) >= 40
    assert len([row for row in rows if row["split"] == "held_out_3"]) >= 40
    assert len([row for row in rows if row["split"] == "held_out_4"]) >= 40
    assert len([row for row in rows if row["split"] == "held_out_5"]) >= 30
    assert len([row for row in rows if row["split"] == "held_out_6"]) >= 15
    assert len([row for row in rows if row["split"] == "held_out_7"]) >= 15
    assert len([row for row in rows if row["split"] == "held_out_8"]) >= 40
    assert len([row for row in rows if row["split"] == "held_out_9"]) >= 30
    assert len([row for row in rows if row["split"] == "held_out_10"]) >= 30
    assert len([row for row in rows if row["split"] == "held_out_11"]) >= 30
    assert len([row for row in rows if row["split"] == "held_out_12"]) >= 25
    assert len([row for row in rows if row["split"] == "held_out_13"]) >= 30
    assert len([row for row in rows if row["split"] == "held_out_14"]) >= 30
    assert len([row for row in rows if row["split"] == "held_out_15"]) >= 30
    assert len([row for row in rows if row["split"] == "held_out_16"]) >= 30
    assert len([row for row in rows if row["split"] == "held_out_17"]) >= 30
    assert len([row for row in rows if row["split"] == "held_out_18"]) >= 30
    assert len([row for row in rows if row["split"] == "held_out_19"]) >= 25
    levels = ("self_care", "see_doctor", "urgent", "emergency")
    for row in rows:
        validate_case(row["case"])
        for label in (row["expect"], row["rater1"], row["rater2"]):
            band = sorted(levels.index(level) for level in label["triage_ok"])
            assert band == list(range(band[0], band[-1] + 1)), row["id"]
            assert label["triage"] in label["triage_ok"], row["id"]
            assert label["condition"] in label["conditions_ok"], row["id"]


def test_no_realworld_description_comes_from_a_kept_site() -> None:
    from urllib.parse import urlsplit

    kept = {
        line.strip().lower()
        for line in shared_path("vignettes", "kept-sites.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for row in _rows():
        host = (urlsplit(row["source"]).hostname or "").lower()
        assert host, row["id"]
        assert not any(host == site or host.endswith("." + site) for site in kept), row["id"]
        assert not host.endswith((".blogspot.com", ".wordpress.com")), row["id"]


def test_the_recorded_realworld_figures_are_current() -> None:
    recorded = section(realworld().START, realworld().END)
    for way in ("text", "hurried", "case"):
        expected = realworld().table(realworld_figures(), way)
        assert expected in recorded, f"docs/evaluation.md is stale ({way})"


@pytest.mark.parametrize("name", ["descriptions.jsonl", "descriptions-2.jsonl"])
def test_the_written_sets_are_well_formed(name: str) -> None:
    from crepitus.contract.case import validate_case

    path = REPO / "eval" / "written" / name
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    assert len(rows) >= 50 and len({row["id"] for row in rows}) == len(rows)
    levels = ("self_care", "see_doctor", "urgent", "emergency")
    for row in rows:
        assert set(row) == {"id", "narrative", "case", "expect", "note"}, row["id"]
        validate_case(row["case"], complete=False)
        band = sorted(levels.index(level) for level in row["expect"]["triage_ok"])
        assert band == list(range(band[0], band[-1] + 1)), row["id"]
        assert row["expect"]["triage"] in row["expect"]["triage_ok"], row["id"]
