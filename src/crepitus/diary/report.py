"""The doctor's report: the diary, its trends and the latest check, on one or two A4 pages.

``report_context`` gathers every figure and sentence once; ``build_html`` and ``build_pdf`` only
lay them out, so both formats always say the same thing. The report reads the weekly sums the
database computes, and only the few weeks of entries its table needs, so a diary kept for years
renders as fast as a new one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from functools import cache
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from crepitus.assessment_words import sure_words
from crepitus.diary import charts
from crepitus.diary.trends import Slope, Trends, from_weeks, week_of, week_start
from crepitus.diary.words import region_name, trigger_names
from crepitus.i18n import (
    N_,
    babel_locale,
    current,
    format_long_date,
    gettext,
    ngettext,
    translator,
)
from crepitus.knowledge import knowledge
from crepitus.store.diary import AssessmentRecord, DiaryReader, EntryRecord, WeekRow

if TYPE_CHECKING:
    from jinja2 import Template

# reportlab has no type hints: its objects are Any here, and its imports say so
Flowable = Any
CM = 72 / 2.54  # points in a centimetre, the PDF's unit

# Limits that keep the report on two A4 pages however much the diary and the check hold.
TABLE_ROWS = 25
NOTE_LENGTH = 40
TRIGGERS_SHOWN = 2
REASONS_SHOWN = 8  # the warning signs answered yes are all listed anyway
SPAN = 12  # weeks in the charts
DISCLAIMER = N_(
    "crepitus gives guidance, not a diagnosis. It does not replace an examination by a doctor "
    "or physiotherapist."
)
NO_ANSWERS: tuple[object, ...] = (False, "none", [])  # a warning-sign question answered no
# "asked, not known" and "not asked" read very differently to a doctor: never merge them
SCREENING_WORDS = {
    "yes": N_("Answered yes"),
    "no": N_("Asked, answered no"),
    "unknown": N_("Asked, not known (answered “I don't know”)"),
    "not_asked": N_("Not asked"),
}
# how sure the check was of an explanation (the engine's words, shown to the clinician)


def report_context(store: DiaryReader, now: datetime, name: str = "") -> dict[str, Any]:
    """Everything the report shows, as plain values both formats lay out."""
    weeks = store.weeks()
    trends = from_weeks({row.week: row for row in weeks}, week_of(now), SPAN)
    count = sum(row.entries for row in weeks)
    rows = _recent(store, weeks)
    latest = store.latest_assessment()
    first = _first(store, weeks) if weeks else None
    return {
        "name": name.strip(),
        "prepared": _long_date(now.date()),
        "count": count,
        "span": _span_words(count, first, rows[0].at if rows else None),
        "assessment": None if latest is None else _assessment(latest),
        "screening": [] if latest is None else _screening(latest.case, latest.unknown),
        "trends": trends,
        "figures": _figures(trends),
        "changes": trends.changes,
        "rows": [_row(entry) for entry in rows],
        "older": _older_words(count - len(rows)),
        "knowledge_version": knowledge().version,
        "trends_heading": _trends_heading(len(trends.weeks)),
        "table_head": [gettext(head) for head in TABLE_HEAD],
        "disclaimer": gettext(DISCLAIMER),
    }


def build_html(
    store: DiaryReader, now: datetime, name: str = "", back: tuple[str, str] | None = None
) -> str:
    """The report as one self-contained HTML page (charts inline, no outside files).

    ``back`` is (address, words) of a link back where the page was opened from, for a report
    served on the web ("Back to my diary"); a saved file has none.
    """
    from markupsafe import Markup

    context = report_context(store, now, name)
    context["back"] = back
    context["language"] = babel_locale(current()).language  # the pseudo-language reads as English
    if context["count"]:
        trends: Trends = context["trends"]
        context["pops_chart"] = Markup(
            _inline(charts.pops_per_week(trends), "pops-", gettext("Bar chart of pops per week"))
        )
        context["pain_chart"] = Markup(
            _inline(
                charts.pain_over_time(trends), "pain-", gettext("Line chart of mean pain per week")
            )
        )
    return _template().render(**context)


def build_pdf(store: DiaryReader, now: datetime, name: str = "") -> bytes:
    """The report as an A4 PDF, with the charts as pictures."""
    from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped, unused-ignore]
    from reportlab.platypus import SimpleDocTemplate  # type: ignore[import-untyped, unused-ignore]

    context = report_context(store, now, name)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=1.6 * CM,
        rightMargin=1.6 * CM,
        topMargin=1.2 * CM,
        bottomMargin=1.5 * CM,
        title=gettext("Pop diary report"),
        author="crepitus",
        invariant=True,  # the same diary gives the same file
    )
    footer = _footer(context)
    document.build(_story(context), onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


# -- gathering --------------------------------------------------------------------------------


def _monday(week: int) -> datetime:
    return datetime.combine(week_start(week), time(), UTC)


def _recent(store: DiaryReader, weeks: Sequence[WeekRow]) -> list[EntryRecord]:
    """The newest ``TABLE_ROWS`` entries, newest first, reading only the weeks that hold them."""
    if not weeks:
        return []
    held, since = 0, weeks[-1].week
    for row in reversed(weeks):
        held, since = held + row.entries, row.week
        if held >= TABLE_ROWS:
            break
    return store.entries(since=_monday(since))[-TABLE_ROWS:][::-1]


def _first(store: DiaryReader, weeks: Sequence[WeekRow]) -> datetime:
    first = weeks[0].week
    return store.entries(since=_monday(first), until=_monday(first + 1))[0].at


def _long_date(day: date) -> str:
    return format_long_date(day, current())


def _span_words(count: int, first: datetime | None, last: datetime | None) -> str:
    if not count or first is None or last is None:
        return gettext("There are no diary entries yet.")
    start, end = _long_date(first.date()), _long_date(last.date())
    if start == end:
        said = ngettext(
            "The diary has %(count)s entry, on %(start)s.",
            "The diary has %(count)s entries, on %(start)s.",
            count,
        )
    else:
        said = ngettext(
            "The diary has %(count)s entry, from %(start)s to %(end)s.",
            "The diary has %(count)s entries, from %(start)s to %(end)s.",
            count,
        )
    return said % {"count": f"{count:,}", "start": start, "end": end}


def _older_words(older: int) -> str:
    if older <= 0:
        return ""
    said = ngettext(
        "%(count)s older entry is not shown.", "%(count)s older entries are not shown.", older
    )
    return said % {"count": f"{older:,}"}


def _assessment(record: AssessmentRecord) -> dict[str, Any]:
    """A kept check, worded in the report's language: its texts are looked up by their ids in
    that language's knowledge (what was saved is the fallback, e.g. for a retired id)."""
    result, kb = record.result, knowledge(current())
    messages = {rule.id: rule.message for rule in kb.rules}
    fired = [*result.get("red_flags", []), *result.get("care_rules", [])]  # most urgent first
    reasons = list(dict.fromkeys(messages.get(rule.get("id"), rule["message"]) for rule in fired))
    conditions = [
        gettext("%(name)s (%(confidence)s)")
        % {
            "name": kb.conditions[c["id"]].name if c.get("id") in kb.conditions else c["name"],
            "confidence": _sure(c),
        }
        for c in result.get("conditions", [])[:3]
    ]
    level = kb.levels.get(result["triage"])
    found = {
        "saved": _long_date(record.created_at.date()),
        "triage": result["triage"],
        "label": level.label if level else result.get("triage_label", result["triage"]),
        "action": level.action if level else result.get("triage_action", ""),
        "reasons": reasons[:REASONS_SHOWN],
        "more_reasons": _more_reasons(len(reasons) - REASONS_SHOWN),
        "conditions": conditions,
        "knowledge_version": result.get("knowledge_version", ""),
    }
    found["saved_words"] = _saved_words(found)
    found["explanations"] = _explanations_words(found) if conditions else ""
    return found


def _saved_words(found: dict[str, Any]) -> str:
    said = gettext("Saved on %(day)s, knowledge version %(version)s.")
    return said % {"day": found["saved"], "version": found["knowledge_version"]}


def _explanations_words(found: dict[str, Any]) -> str:
    said = gettext("Possible explanations: %(explanations)s")
    return said % {"explanations": "; ".join(found["conditions"])}


def _trends_heading(weeks: int) -> str:
    said = ngettext(
        "Trends over the last %(weeks)s week", "Trends over the last %(weeks)s weeks", weeks
    )
    return said % {"weeks": weeks}


def _sure(condition: dict[str, Any]) -> str:
    """How sure the saved check was of an explanation, in the reader's language."""
    word = str(condition.get("confidence", "possible"))
    return sure_words(word, translator(current()))


def _more_reasons(more: int) -> str:
    if more <= 0:
        return ""
    said = ngettext(
        "%(count)s more reason is not shown here. Every warning sign answered yes is listed below.",
        "%(count)s more reasons are not shown here. Every warning sign answered yes is listed"
        " below.",
        more,
    )
    return said % {"count": more}


def _screening(case: dict[str, Any], unknown: Sequence[str] = ()) -> list[tuple[str, list[str]]]:
    """The warning-sign questions of the saved check, grouped by how they were answered
    (``unknown``: the questions answered "I don't know")."""
    groups: dict[str, list[str]] = {key: [] for key in SCREENING_WORDS}
    for question in knowledge(current()).questions:
        if not question.red_flag:
            continue
        answer = case.get(question.field)
        if answer is None:
            groups["unknown" if question.field in unknown else "not_asked"].append(question.label)
        elif any(answer == no and type(answer) is type(no) for no in NO_ANSWERS):
            groups["no"].append(question.label)
        else:
            groups["yes"].append(_yes_words(question.label, answer))
    return [(gettext(words), groups[key]) for key, words in SCREENING_WORDS.items() if groups[key]]


def _yes_words(label: str, answer: object) -> str:
    """A warning sign answered yes; a choice keeps its answer, as in "weakness (progressive)"."""
    if answer is True:
        return label
    values = answer if isinstance(answer, list) else [answer]
    return f"{label} ({', '.join(str(v).replace('_', ' ') for v in values)})"


def _figures(trends: Trends) -> list[tuple[str, str]]:
    share = trends.painful_share
    return [
        (gettext("Pops per week, last 4 weeks"), f"{trends.pops_per_week:.1f}"),
        (
            gettext("Pops that hurt, last 4 weeks"),
            gettext("no pops in these weeks") if share is None else f"{share:.0%}",
        ),
        (gettext("Pain trend, last 4 weeks"), _slope_words(trends.pain_4_weeks)),
        (gettext("Pain trend, last 12 weeks"), _slope_words(trends.pain_12_weeks)),
    ]


def _slope_words(slope: Slope | None) -> str:
    return gettext("not enough weeks with entries yet") if slope is None else slope.words()


def _row(entry: EntryRecord) -> dict[str, Any]:
    note = " ".join(entry.note.split())
    if len(note) > NOTE_LENGTH:
        note = note[: NOTE_LENGTH - 1].rstrip() + "…"
    return {
        "when": f"{entry.at.astimezone(UTC):%Y-%m-%d %H:%M}",
        "region": region_name(entry.region),
        "pops": entry.pops,
        "pain": entry.pain,
        "pain_at_pop": gettext("yes") if entry.pain_at_pop else gettext("no"),
        "triggers": _triggers(entry.triggers),
        "note": note,
    }


def _triggers(triggers: Sequence[str]) -> str:
    words = [word.lower() for word in trigger_names(triggers)]
    shown = ", ".join(words[:TRIGGERS_SHOWN])
    more = len(words) - TRIGGERS_SHOWN
    return (
        gettext("%(shown)s +%(more)s more") % {"shown": shown, "more": more} if more > 0 else shown
    )


# -- HTML ---------------------------------------------------------------------------------------


@cache
def _template() -> Template:
    from importlib.resources import files

    from jinja2 import Environment

    source = files("crepitus.diary").joinpath("templates", "report.html").read_text("utf-8")
    environment = Environment(
        autoescape=True, trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"]
    )
    environment.policies["ext.i18n.trimmed"] = True  # as babel.cfg extracts the messages
    # the words of the language being spoken when the report is made (see crepitus.i18n)
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=gettext, ngettext=ngettext, newstyle=True
    )
    return environment.from_string(source)


IDS = re.compile(r'(\bid="|url\(#|href="#)')


def _inline(svg: bytes, prefix: str, label: str) -> str:
    """An SVG file as an element of the page: ids made unique to it, and a name for readers."""
    text = svg.decode("utf-8")
    text = text[text.index("<svg") :]
    text = IDS.sub(lambda match: match.group(1) + prefix, text)
    return text.replace("<svg", f'<svg role="img" aria-label={quoteattr(label)}', 1)


# -- PDF ----------------------------------------------------------------------------------------


@cache
def _styles() -> dict[str, Any]:
    """Paragraph styles in DejaVu Sans, which ships with matplotlib and covers most alphabets."""
    from pathlib import Path

    import matplotlib
    from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped, unused-ignore]
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped, unused-ignore]
    from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped, unused-ignore]

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont("DejaVu", str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(fonts / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily("DejaVu", normal="DejaVu", bold="DejaVu-Bold")
    body = ParagraphStyle("body", fontName="DejaVu", fontSize=9, leading=11.5, spaceAfter=2)
    return {
        "body": body,
        "title": ParagraphStyle("title", body, fontName="DejaVu-Bold", fontSize=17, leading=21),
        "heading": ParagraphStyle(
            "heading", body, fontName="DejaVu-Bold", fontSize=12, leading=15, spaceBefore=8
        ),
        "bullet": ParagraphStyle("bullet", body, leftIndent=10, bulletIndent=0),
        "cell": ParagraphStyle("cell", body, fontSize=8, leading=9.5, spaceAfter=0),
        "small": ParagraphStyle("small", body, fontSize=8, leading=10),
    }


def _story(context: dict[str, Any]) -> list[Flowable]:
    return [
        *_header_part(context),
        *_assessment_part(context),
        *_trends_part(context),
        *_diary_part(context),
    ]


def _para(text: str, style: str = "body", bullet: str | None = None) -> Flowable:
    from reportlab.platypus import Paragraph  # type: ignore[import-untyped, unused-ignore]

    return Paragraph(text, _styles()[style], bulletText=bullet)


def _bullets(lines: Sequence[str]) -> list[Flowable]:
    return [_para(escape(line), "bullet", "•") for line in lines]


def _header_part(context: dict[str, Any]) -> list[Flowable]:
    parts = [_para(escape(gettext("Pop diary report")), "title")]
    if context["name"]:
        parts.append(_para(f"<b>{escape(gettext('For:'))}</b> {escape(context['name'])}"))
    parts.append(_para(f"<b>{escape(gettext('Prepared:'))}</b> {context['prepared']}"))
    parts.append(_para(escape(context["span"])))
    return parts


def _assessment_part(context: dict[str, Any]) -> list[Flowable]:
    found = context["assessment"]
    parts = [_para(escape(gettext("Latest check")), "heading")]
    if found is None:
        none = gettext("No assessment was saved, so no warning signs were screened.")
        return [*parts, _para(escape(none))]
    parts.append(_para(f"<b>{escape(found['label'])}.</b> {escape(found['action'])}"))
    parts.append(_para(escape(found["saved_words"])))
    if found["reasons"]:
        parts += [_para(escape(gettext("Why:"))), *_bullets(found["reasons"])]
    if found["more_reasons"]:
        parts.append(_para(escape(found["more_reasons"])))
    if found["conditions"]:
        parts.append(_para(escape(found["explanations"])))
    parts.append(_para(escape(gettext("Warning signs screened")), "heading"))
    for words, labels in context["screening"]:
        parts.append(_para(f"<b>{words}:</b> {escape(', '.join(labels))}."))
    return parts


def _trends_part(context: dict[str, Any]) -> list[Flowable]:
    from reportlab.platypus import Image, Table  # type: ignore[import-untyped, unused-ignore]

    parts = [_para(escape(context["trends_heading"]), "heading")]
    if not context["count"]:
        none = gettext("There are no diary entries yet, so there are no trends to show.")
        return [*parts, _para(escape(none))]
    parts += [_para(f"<b>{label}:</b> {escape(value)}") for label, value in context["figures"]]
    parts += _bullets(context["changes"])
    width = 8.7 * CM
    height = width * charts.SIZE[1] / charts.SIZE[0]
    pictures = [
        Image(io.BytesIO(draw(context["trends"], "png")), width=width, height=height)
        for draw in (charts.pops_per_week, charts.pain_over_time)
    ]
    parts.append(Table([pictures], colWidths=[width + 0.2 * CM] * 2, spaceBefore=6))
    return parts


TABLE_HEAD = (
    *(N_("When (UTC)"), N_("Region"), N_("Pops"), N_("Pain")),
    *(N_("Pain at pop"), N_("Triggers"), N_("Note")),
)
TABLE_WIDTHS = (2.75, 1.8, 1.05, 1.05, 1.4, 3.6, 6.15)  # cm, the 17.8 between the margins
WRAPPED = ("triggers", "note")  # the columns that may need a second line


def _diary_part(context: dict[str, Any]) -> list[Flowable]:
    from reportlab.platypus import CondPageBreak  # type: ignore[import-untyped, unused-ignore]

    heading = _para(escape(gettext("Diary: the most recent entries")), "heading")
    if not context["rows"]:
        return [heading, _para(escape(gettext("There are no diary entries yet.")))]
    # a new page unless most of the table fits: a table that starts with one row looks cut off
    parts = [CondPageBreak(12 * CM), heading, _diary_table(context["rows"], context["table_head"])]
    if context["older"]:
        parts.append(_para(escape(context["older"]), "small"))
    return parts


def _diary_table(rows: Sequence[dict[str, Any]], head_words: Sequence[str]) -> Flowable:
    from reportlab.lib import colors  # type: ignore[import-untyped, unused-ignore]
    from reportlab.platypus import Table, TableStyle  # type: ignore[import-untyped, unused-ignore]

    keys = ("when", "region", "pops", "pain", "pain_at_pop", *WRAPPED)
    cells = [[_para(f"<b>{escape(head)}</b>", "cell") for head in head_words]]
    cells += [
        [_para(escape(row[key]), "cell") if key in WRAPPED else str(row[key]) for key in keys]
        for row in rows
    ]
    table = Table(cells, colWidths=[w * CM for w in TABLE_WIDTHS], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 1), (-1, -1), "DejaVu", 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f0f0f0")]),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _footer(context: dict[str, Any]) -> Callable[[Any, Any], None]:
    """Draws the disclaimer, the knowledge version and the page number at the foot of a page."""
    disclaimer = context["disclaimer"]
    version = gettext("Knowledge version %(version)s · page %(page)s")

    def draw(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("DejaVu", 7.5)
        canvas.drawString(document.leftMargin, 1.0 * CM, disclaimer)
        page = version % {"version": context["knowledge_version"], "page": document.page}
        canvas.drawString(document.leftMargin, 0.6 * CM, page)
        canvas.restoreState()

    return draw
