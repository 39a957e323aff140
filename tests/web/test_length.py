"""The check's length, as measured: the home page's estimate is the benchmark's figure."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from crepitus.settings import Settings
from crepitus.web.app import create_app
from crepitus.web.length import LENGTH_FILE, screens_median
from tests.conftest import REPO


def benchmark_median() -> float:
    """The median screens without a description, as docs/benchmarks.md reports it."""
    page = (REPO / "docs" / "benchmarks.md").read_text("utf-8")
    section = page.split("<!-- screens:start -->")[1].split("<!-- screens:end -->")[0]
    row = next(line for line in section.splitlines() if line.startswith("| without a descr"))
    return float(row.split("|")[2])


def test_the_kept_length_is_the_one_the_benchmark_reports() -> None:
    assert json.loads(LENGTH_FILE.read_text("utf-8"))["screens_median"] == benchmark_median()


def test_the_measured_length_meets_its_target() -> None:
    assert benchmark_median() <= 12


def test_the_home_page_gives_the_measured_length(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(data_dir=tmp_path))) as client:
        page = client.get("/").text
    assert f"About {screens_median()} short pages" in page
    assert "one question per page" not in page


def test_the_benchmark_plays_a_check_through_the_api_as_the_engine_walks_it(
    tmp_path: Path,
) -> None:
    from bench.screens import play, vignettes
    from tests.engine.test_screens import walk

    vignette = vignettes()[0]
    with TestClient(create_app(Settings(data_dir=tmp_path))) as client:
        run = play(client, vignette["case"], {})
    assert run["screens"] == walk(vignette["case"])[2]
    assert run["triage"] == vignette["expect"]["triage"] and not run["open_red_flags"]
