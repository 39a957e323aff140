"""The diary charts: SVG for pages, PNG for the PDF, and nothing fetched from elsewhere."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from crepitus.diary import charts
from crepitus.diary.trends import Trends

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
Chart = Callable[[Trends, str], bytes]
BOTH: list[Chart] = [charts.pops_per_week, charts.pain_over_time]


def trends(pain: list[float | None]) -> Trends:
    """Weekly trends with one week per pain value; a week without a value had no entries."""
    first = date(2026, 9, 7)
    weeks = [
        (first + timedelta(weeks=i), 0 if mean is None else 3 + i, mean)
        for i, mean in enumerate(pain)
    ]
    return Trends(weeks, 4.0, 0.25, None, None, [])


SOME = trends([2.0, 3.5, None, 4.0, 1.0, 0.0])


def pain_line(svg: str) -> str:
    """The path of the pain line (drawn in vermillion) in an SVG chart."""
    found = re.search(r'<path d="([^"]*)"[^>]*stroke: #d55e00', svg, re.DOTALL)
    assert found, "no pain line in the chart"
    return found.group(1)


@pytest.mark.parametrize("chart", BOTH)
def test_each_chart_draws_as_svg(chart: Chart) -> None:
    svg = chart(SOME, "svg")
    assert svg.startswith(b"<?xml")
    assert b"<svg" in svg


@pytest.mark.parametrize("chart", BOTH)
def test_each_chart_draws_as_png(chart: Chart) -> None:
    png = chart(SOME, "png")
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 5_000


@pytest.mark.parametrize("chart", BOTH)
def test_svg_charts_refer_to_nothing_outside_the_file(chart: Chart) -> None:
    svg = chart(SOME, "svg").decode()
    assert set(re.findall(r"https?://[^\s\"'<>)]+", svg)) <= NAMESPACES
    assert "<!DOCTYPE" not in svg
    assert "<image" not in svg


def test_svg_is_the_default_format() -> None:
    assert b"<svg" in charts.pops_per_week(SOME)
    assert b"<svg" in charts.pain_over_time(SOME)


def test_the_same_trends_draw_the_same_svg() -> None:
    assert charts.pops_per_week(SOME) == charts.pops_per_week(SOME)


def test_a_week_without_entries_leaves_a_gap_in_the_pain_line() -> None:
    joined = pain_line(charts.pain_over_time(trends([2.0, 3.0, 4.0])).decode())
    broken = pain_line(charts.pain_over_time(trends([2.0, None, 4.0])).decode())
    assert joined.count("M") == 1
    assert broken.count("M") == 2  # the line starts again after the empty week


def test_weeks_without_any_entries_still_draw() -> None:
    empty = trends([None, None, None, None])
    assert charts.pain_over_time(empty, "png").startswith(PNG_SIGNATURE)
    assert b"<svg" in charts.pops_per_week(empty)


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="svg, png"):
        charts.pops_per_week(SOME, "jpeg")
