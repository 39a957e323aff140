"""The dev vignettes, scored by the shared scorer through the batch command line."""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from types import ModuleType
from typing import Any

from tests.conftest import REPO, shared_path


@cache
def evaluation() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vignettes", REPO / "eval" / "vignettes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def test_the_recorded_figures_are_current() -> None:
    page = (REPO / "docs" / "evaluation.md").read_text()
    for name, value in figures()[0].items():
        assert f"| {name} | {json.dumps(value)} |" in page, f"docs/evaluation.md is stale ({name})"
