"""The population summary: counts that match the output, tables, and a self-contained page."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import orjson
import pytest

from crepitus.batch import Part, score_partition
from crepitus.batch.chart import triage_chart
from crepitus.batch.summary import Summary, print_summary, share, summary_path, write_html
from crepitus.knowledge import knowledge
from tests.batch.helpers import generated

LEVELS = ("self_care", "see_doctor", "urgent", "emergency")


@pytest.fixture(scope="module")
def rows_and_summary() -> tuple[list[dict[str, object]], Summary]:
    records: list[object] = [*generated(120, seed=21), [1], {"age": -3}]
    lines = [orjson.dumps(record) for record in records]
    summary = Summary()
    rows: list[dict[str, object]] = []
    for start in range(0, len(lines), 50):  # counted partition by partition
        chunk = lines[start : start + 50]
        batch = score_partition(Part(0, start + 1, "jsonl", b"\n".join(chunk), len(chunk)))
        summary.add(batch)
        rows += batch.to_pylist()
    return rows, summary


def test_counts_match_the_rows(rows_and_summary: tuple[list[dict[str, object]], Summary]) -> None:
    rows, summary = rows_and_summary
    assert summary.rows == len(rows) == 122
    assert summary.errors == 2
    assert summary.triage == Counter(str(row["triage"]) for row in rows if row["triage"])
    assert sum(summary.triage.values()) == 120
    assert summary.top_condition == Counter(
        str(row["condition_1"]) for row in rows if row["condition_1"]
    )
    flags: Counter[str] = Counter()
    for row in rows:
        assert isinstance(row["red_flags"], list | None)
        flags.update(row["red_flags"] or [])
    assert summary.red_flags == flags
    assert flags  # the generated cases do fire some


def test_tables(rows_and_summary: tuple[list[dict[str, object]], Summary]) -> None:
    _, summary = rows_and_summary
    kb = knowledge()
    (t1, levels), (t2, flags), (t3, conditions) = summary.tables()
    assert t1 == "Triage level"
    assert levels == [
        *((kb.levels[level].label, summary.triage[level]) for level in LEVELS),
        ("not a valid case (see the error column)", 2),
    ]
    assert "Warning signs" in t2
    assert [count for _, count in flags] == [n for _, n in summary.red_flags.most_common()]
    rule, count = summary.red_flags.most_common(1)[0]
    assert flags[0][0].startswith(rule + " (")
    assert flags[0][1] == count
    assert t3 == "Most likely explanation"
    top, n = summary.top_condition.most_common(1)[0]
    assert conditions[0] == (kb.conditions[top].name, n)


def test_printed_tables(
    rows_and_summary: tuple[list[dict[str, object]], Summary], capsys: pytest.CaptureFixture[str]
) -> None:
    _, summary = rows_and_summary
    print_summary(summary)
    out = capsys.readouterr().out
    assert "122 rows" in out
    assert "of which 2 could not be scored" in out
    for title in ("Triage level", "Warning signs", "Most likely explanation"):
        assert title in out
    for level in LEVELS:
        label = knowledge().levels[level].label
        line = next(line for line in out.splitlines() if label in line)
        assert re.search(rf"\b{summary.triage[level]}\b", line)
        assert share(summary.triage[level], 122) in line


def test_the_page(
    tmp_path: Path, rows_and_summary: tuple[list[dict[str, object]], Summary]
) -> None:
    _, summary = rows_and_summary
    page = tmp_path / "page.html"
    write_html(summary, page, "<b>answers</b> & more.jsonl")
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>")
    assert "<svg" in text
    assert "<b>answers</b>" not in text
    assert "&lt;b&gt;answers&lt;/b&gt; &amp; more.jsonl" in text
    assert "122 rows" in text
    assert "2 were not valid cases" in text
    for level in LEVELS:
        label = knowledge().levels[level].label
        count = summary.triage[level]
        assert f"<tr><td>{label}</td><td class=n>{count:,}</td>" in text
    assert knowledge().version in text
    assert "<script" not in text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)  # nothing from outside


def test_an_empty_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    summary = Summary()
    print_summary(summary)
    out = capsys.readouterr().out
    assert "0 rows" in out
    assert "none" in out
    page = tmp_path / "empty.summary.html"
    write_html(summary, page, "empty.jsonl")
    text = page.read_text()
    assert "<svg" in text
    assert "<tr><td colspan=3>none</td></tr>" in text
    assert share(0, 0) == "-"


def test_the_chart_is_inline_svg() -> None:
    svg = triage_chart([("Look after it at home", 3), ("Emergency: get help now", 1)])
    assert svg.lstrip().startswith("<svg")
    assert "<?xml" not in svg
    assert "<!DOCTYPE" not in svg
    assert triage_chart([("a", 0)]).lstrip().startswith("<svg")


@pytest.mark.parametrize(
    ("output", "page"),
    [
        ("results.parquet", "results.summary.html"),
        ("/data/run.2.csv", "/data/run.2.summary.html"),
        ("out.jsonl", "out.summary.html"),
    ],
)
def test_the_page_is_beside_the_output(output: str, page: str) -> None:
    assert summary_path(Path(output)) == Path(page)
