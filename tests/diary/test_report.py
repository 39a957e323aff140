"""The doctor's report, in HTML and PDF, built from a real diary in a real SQLite file.

The PDF is read back with Debian's poppler-utils (``make pdf-tools``): pdftotext for its words,
pdftoppm for its pages.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from crepitus import assess
from crepitus.diary.report import build_html, build_pdf, report_context
from crepitus.knowledge import knowledge
from crepitus.knowledge.model import Question
from crepitus.store.diary import OwnerStore, Store, check_entry

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)  # a Saturday; its week began on Monday 23 Nov
FIRST_RECENT = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)  # Monday, four weeks back
LATEST_NOTE = "Popped while tying my shoes"
CASE: dict[str, Any] = {
    "age": 45,
    "pop_region": "lumbar",
    "pain_score": 5,
    "pain_onset": "gradual",
    "pain_days": 4,
    "fever": True,
    "saddle_numbness": False,
    "bladder_bowel_change": False,
    "trauma": "none",
    "neuro_sites": [],
}


@pytest.fixture
def owner(tmp_path: Path) -> Iterator[OwnerStore]:
    store = Store(f"sqlite+pysqlite:///{tmp_path / 'd.sqlite3'}")
    yield store.owner("ana")
    store.close()


def add(owner: OwnerStore, *raw: dict[str, Any]) -> None:
    owner.add_many([check_entry(entry) for entry in raw])


def fill(owner: OwnerStore) -> None:
    """30 entries: three in July, then one a day for the last four weeks, 2 pops each."""
    older = [
        {"at": datetime(2026, 7, day, 9, tzinfo=UTC), "region": "neck", "pops": 5, "pain": 1}
        for day in (1, 2, 3)
    ]
    recent = [
        {
            "at": FIRST_RECENT + timedelta(days=day),
            "region": "lower",
            "pops": 2,
            "pain": 3,
            "pain_at_pop": day % 3 == 0,
            "triggers": ["bending"],
        }
        for day in range(26)
    ]
    latest = {"at": NOW - timedelta(hours=1), "region": "lower", "pops": 2, "pain": 4}
    add(owner, *older, *recent, {**latest, "note": LATEST_NOTE, "triggers": "twisting"})


def save_check(owner: OwnerStore) -> dict[str, Any]:
    result = assess(CASE).to_dict()
    owner.save_assessment(CASE, result)
    return result


def text_of(page: str) -> str:
    """The words a reader sees on an HTML page, spaces collapsed."""
    body = re.sub(r"<svg.*?</svg>", " ", page, flags=re.DOTALL)
    body = re.sub(r"<style.*?</style>|<[^>]+>", " ", body, flags=re.DOTALL)
    return " ".join(html.unescape(body).split())


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: run `make pdf-tools` to install Debian's poppler-utils")
    return found


def pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        [tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(done.stdout.split())


def pdf_pages(pdf: bytes, folder: Path) -> list[Path]:
    path = folder / "pages.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [tool("pdftoppm"), "-png", "-r", "50", str(path), str(folder / "page")], check=True
    )
    return sorted(folder.glob("page*.png"))


def diary_figures(result: dict[str, Any]) -> list[str]:
    """What both formats must show for the diary made by ``fill`` and the check of ``CASE``."""
    return [
        "The diary has 30 entries, from 1 July 2026 to 28 November 2026.",
        "Pops per week, last 4 weeks",
        "13.5",  # 27 entries of 2 pops in the last four weeks
        LATEST_NOTE,
        "5 older entries are not shown.",
        f"Knowledge version {knowledge().version}",
        result["triage_label"],
        result["red_flags"][0]["message"],
        "crepitus gives guidance, not a diagnosis.",
    ]


# -- what the report holds --------------------------------------------------------------------


def test_the_context_counts_the_diary_and_keeps_the_table_short(owner: OwnerStore) -> None:
    fill(owner)
    context = report_context(owner, NOW, "Ana")
    assert context["count"] == 30
    assert len(context["rows"]) == 25
    assert context["rows"][0]["note"] == LATEST_NOTE  # newest first
    assert context["figures"][0] == ("Pops per week, last 4 weeks", "13.5")
    assert context["assessment"] is None


def test_the_html_report_holds_the_diary_figures(owner: OwnerStore) -> None:
    fill(owner)
    result = save_check(owner)
    page = text_of(build_html(owner, NOW, "Ana Smith"))
    for figure in diary_figures(result):
        assert figure in page
    assert "For: Ana Smith" in page
    assert "Prepared: 28 November 2026" in page


def test_the_html_report_lists_the_warning_signs_answered_no_as_screened(
    owner: OwnerStore,
) -> None:
    save_check(owner)
    page = text_of(build_html(owner, NOW))
    screened = re.search(r"Asked, answered no: ([^.]*)\.", page)
    assert screened is not None
    assert "numbness between the legs" in screened.group(1)  # saddle_numbness: false
    assert "a fall or accident" in screened.group(1)  # trauma: "none"
    assert "Answered yes: fever." in page
    not_asked = re.search(r"Not asked: ([^.]*)\.", page)
    assert not_asked is not None
    assert "chest symptoms" in not_asked.group(1)


def test_the_report_tells_asked_but_not_known_from_not_asked(
    owner: OwnerStore, tmp_path: Path
) -> None:
    kb = knowledge()
    unasked = [q for q in kb.questions if q.red_flag and q.field not in CASE]
    known_not, never = unasked[0], unasked[1]
    owner.save_assessment(CASE, assess(CASE).to_dict(), unknown=[known_not.field])
    page = text_of(build_html(owner, NOW))
    unknown = re.search(r"Asked, not known \(answered “I don't know”\): ([^.]*)\.", page)
    not_asked = re.search(r"Not asked: ([^.]*)\.", page)
    assert unknown is not None and not_asked is not None
    assert known_not.label in unknown.group(1) and known_not.label not in not_asked.group(1)
    assert never.label in not_asked.group(1) and never.label not in unknown.group(1)
    pdf = pdf_text(build_pdf(owner, NOW), tmp_path)
    assert "Asked, not known" in pdf


def test_the_web_report_names_regions_and_leads_back(owner: OwnerStore) -> None:
    fill(owner)
    page = build_html(owner, NOW, back=("/diary", "Back to my diary"))
    assert '<a class="back" href="/diary">Back to my diary</a>' in page
    assert "lumbar" not in text_of(page) and "cervical" not in text_of(page)
    assert 'class="table-scroll" tabindex="0" role="region"' in page
    assert "in the week of" in text_of(page)  # each chart said in words
    assert 'class="back"' not in build_html(owner, NOW)  # a saved file has nowhere to go back to


def test_the_html_report_shows_the_most_recent_entries_and_no_more(owner: OwnerStore) -> None:
    fill(owner)
    page = build_html(owner, NOW)
    assert page.count("<tr>") == 1 + 25
    assert page.index(LATEST_NOTE) < page.index("2026-11-27 08:30") < page.index("2026-11-26 08:30")
    assert "2026-11-03 08:30" not in page  # the 26th newest


def test_the_html_report_is_self_contained(owner: OwnerStore) -> None:
    fill(owner)
    page = build_html(owner, NOW)
    assert page.startswith("<!doctype html>")
    assert '<html lang="en">' in page
    assert page.count("<svg") == 2  # both charts, inline
    assert "<style>" in page
    assert not re.search(r"(src|href)=\"(?!#)", page)  # no file fetched from anywhere
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # the two charts' ids do not collide


def test_the_html_report_escapes_what_the_diary_says(owner: OwnerStore) -> None:
    add(owner, {"at": NOW, "region": "neck", "pops": 1, "note": "<script>alert(1)</script>"})
    page = build_html(owner, NOW, "<b>Ana</b>")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Ana&lt;/b&gt;" in page


def test_a_long_note_is_shortened_in_the_table(owner: OwnerStore) -> None:
    add(owner, {"at": NOW, "region": "neck", "pops": 1, "note": "word " * 100})
    note = report_context(owner, NOW)["rows"][0]["note"]
    assert len(note) <= 40
    assert note.endswith("…")


# -- the PDF ------------------------------------------------------------------------------------


def test_the_pdf_report_holds_the_diary_figures(owner: OwnerStore, tmp_path: Path) -> None:
    fill(owner)
    result = save_check(owner)
    text = pdf_text(build_pdf(owner, NOW, "Ana Smith"), tmp_path)
    for figure in diary_figures(result):
        assert figure in text
    assert "For: Ana Smith" in text
    assert "Asked, answered no:" in text


def test_the_pdf_report_is_one_or_two_pages_of_real_content(
    owner: OwnerStore, tmp_path: Path
) -> None:
    fill(owner)
    save_check(owner)
    pages = pdf_pages(build_pdf(owner, NOW), tmp_path)
    assert 1 <= len(pages) <= 2
    assert all(page.stat().st_size > 5_000 for page in pages)


def yes_to(question: Question) -> Any:
    """The answer that says yes to a warning-sign question (for a choice, the gravest one)."""
    values = [option.value for option in question.options]
    if question.kind == "boolean":
        return True
    return values[-1:] if question.kind == "multi" else values[-1]


def every_warning_sign() -> dict[str, Any]:
    """A case answering yes to every warning-sign question: the longest check there can be."""
    case: dict[str, Any] = {**CASE, "age": 75, "pop_region": "cervical", "pain_days": 60}
    for question in knowledge().questions:
        if question.red_flag:
            case[question.field] = yes_to(question)
    return case


def test_a_full_diary_and_the_longest_check_still_fit_on_two_pages(
    owner: OwnerStore, tmp_path: Path
) -> None:
    every_trigger = "bending,twisting,stretching,lifting,getting_up,walking,coughing_sneezing"
    busy = {"region": "neck", "pops": 9, "pain": 7, "triggers": every_trigger, "note": "W" * 2_000}
    # four a day for 75 days; the last three weeks pop three times as often, and hurt
    add(
        owner,
        *[
            {**busy, "at": NOW - timedelta(hours=6 * n)}
            | ({"pops": 9, "pain_at_pop": True} if n < 84 else {"pops": 3})
            for n in range(300)
        ],
    )
    owner.save_assessment(every_warning_sign(), assess(every_warning_sign()).to_dict())
    pdf = build_pdf(owner, NOW, "A" * 80)
    assert len(pdf_pages(pdf, tmp_path)) <= 2
    text = pdf_text(pdf, tmp_path)
    assert "become painful over the last 6 weeks." in text
    assert "more reasons are not shown here" in text
    triggers = report_context(owner, NOW)["rows"][0]["triggers"]
    assert triggers == "bending, twisting or turning +5 more"


# -- an empty diary -----------------------------------------------------------------------------


def test_an_empty_diary_still_makes_a_report(owner: OwnerStore, tmp_path: Path) -> None:
    page = text_of(build_html(owner, NOW))
    text = pdf_text(build_pdf(owner, NOW), tmp_path)
    for words in (page, text):
        assert "There are no diary entries yet." in words
        assert "No assessment was saved" in words
        assert f"Knowledge version {knowledge().version}" in words
    assert len(pdf_pages(build_pdf(owner, NOW), tmp_path)) == 1
