"""Rich rendering of assessments and interview screens for the terminal."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from crepitus.assessment_words import confidence_words, evidence_words, safety_net
from crepitus.engine.result import Assessment
from crepitus.engine.wording import for_someone_else
from crepitus.i18n import format_number
from crepitus.knowledge import knowledge
from crepitus.knowledge.model import Knowledge, Level

if TYPE_CHECKING:
    from crepitus.understanding.result import Understanding

STYLES = {
    "green": "bold green",
    "yellow": "bold yellow",
    "orange": "bold dark_orange",
    "red": "bold red",
}


def console(plain: bool = False) -> Console:
    """A console for standard output; plain (no colour) when asked or when NO_COLOR is set."""
    no_colour = plain or bool(os.environ.get("NO_COLOR"))
    return Console(no_color=no_colour, highlight=False, soft_wrap=False)


def labels(fields: tuple[str, ...] | list[str], kb: Knowledge | None = None) -> str:
    """Case fields as the short labels of their interview questions."""
    kb = kb or knowledge()
    return ", ".join(kb.question(f).label if f in kb.by_field else f for f in fields)


def care_card(level: Level, other: bool = False) -> Panel:
    """The triage level as a card: icon, words and colour, never colour alone."""
    style = STYLES.get(level.colour, "bold")
    title = Text(f"{level.icon}  {level.label.upper()}", style=style)
    action = Text(level.action_wording(other))
    return Panel(action, title=title, title_align="left", border_style=style)


def print_understood(out: Console, understood: Understanding) -> None:
    """What was read from a description, with the words each finding came from."""
    from crepitus.understanding.describe import read_fields

    fields = read_fields(understood)
    out.print("[bold]What we understood[/bold]")
    if not fields:
        out.print(
            "  Nothing we could use. Try naming where it pops, how often, and whether it hurts."
        )
    for item in fields:
        guess = " [dim](our reading of your words)[/dim]" if item.estimated else ""
        quotes = ", ".join(f"“{q}”" for q in item.quotes)
        out.print(
            f"  • {escape(item.label)}: {escape(item.answer)}{guess}  [dim]{escape(quotes)}[/dim]"
        )
    out.print()


def print_uncovered(out: Console, result: Assessment) -> None:
    """Lead a result read from words alone with the warning signs those words left open, so that
    it never reads as an all-clear."""
    count = len(result.unanswered_red_flags)
    if not count or result.triage == "emergency":
        return
    plural = "s" if count > 1 else ""
    these = "them" if count > 1 else "it"
    out.print(
        Panel(
            Text(
                f"Your description did not cover {count} warning-sign question{plural}, so this"
                " is not an all-clear. Answer "
                f"{these} with `crepitus check`, or here when offered; the list is at the end."
            ),
            title=Text(f"{count} warning sign{plural} not covered", style="bold"),
            title_align="left",
        )
    )


def print_assessment(
    out: Console, result: Assessment, other: bool = False, language: str = "en"
) -> None:
    """The whole result: care card, why, likely explanations, what to do, and the safety net
    (``other``: the check was for someone else, and the result speaks of them)."""
    from crepitus.cli.language import TerminalLanguage

    t = TerminalLanguage.of(language)
    kb = t.kb
    if other:
        result = for_someone_else(result, kb)
    out.print(care_card(kb.levels[result.triage], other))
    reasons = [*result.red_flags, *result.care_rules]
    if reasons:
        out.print("\n[bold]" + t._("Why") + "[/bold]")
        for rule in reasons:
            out.print(f"  • {escape(rule.message)}")
            because = t._(
                "because of: %(labels)s · rule %(rule)s",
                labels=escape(labels(rule.because, kb)),
                rule=rule.id,
            )
            out.print(f"    [dim]{because}[/dim]")
    out.print("\n[bold]" + t._("What most likely explains it") + "[/bold]")
    for condition in result.conditions:
        score = format_number(round(condition.score, 2), language, "0.00")
        sure = confidence_words(condition.score, t.catalog)
        out.print(f"  • {escape(condition.name)} — {sure} ({score})")
        if condition.because:
            because = t._("because of: %(labels)s", labels=escape(labels(condition.because, kb)))
            out.print(f"    [dim]{because}[/dim]")
    out.print("\n[bold]" + t._("What to do") + "[/bold]")
    for item in result.advice:
        out.print(f"  [bold]{escape(item.title)}[/bold]")
        out.print(Text("    " + item.text))
        if item.evidence_note:
            sure = t._(
                "How sure is this? Evidence: %(strength)s. %(note)s",
                strength=evidence_words(item.evidence or "", t.catalog),
                note=escape(item.evidence_note),
            )
            out.print(f"    [italic]{sure}[/italic]")
    if result.what_would_change:
        out.print("\n[bold]" + t._("What would change this advice") + "[/bold]")
        for line in safety_net(result, t.catalog):
            out.print(f"  • {escape(line)}")
    if result.unanswered_red_flags:
        out.print("\n[bold]" + t._("Warning-sign questions not answered") + "[/bold]")
        for name in result.unanswered_red_flags:
            out.print(f"  • {escape(kb.question(name).wording(other))}")
    out.print(
        "\n[dim]"
        + t._(
            "This is guidance, not a diagnosis. Knowledge version %(version)s.",
            version=result.knowledge_version,
        )
        + "[/dim]"
    )


def print_diary_facts(out: Console, used: list[Any]) -> None:
    """Which answers came from the diary, and from which entries."""
    out.print("\n[bold]From your diary[/bold]")
    if not used:
        out.print("  Nothing: the case already answered what the diary measures, or it is empty.")
    for fact in used:
        ids = ", ".join(str(i) for i in fact.entries[:8]) + ("…" if len(fact.entries) > 8 else "")
        out.print(f"  • {escape(labels([fact.field]))}: {fact.value} — {escape(fact.because)}")
        out.print(f"    [dim]entries {ids}[/dim]")


def print_emergency(
    out: Console, result: Assessment, other: bool = False, language: str = "en"
) -> None:
    """The emergency stop: what to do now, in one sentence, and why."""
    from crepitus.cli.language import TerminalLanguage

    t = TerminalLanguage.of(language)
    level = t.kb.levels["emergency"]
    if other:
        result = for_someone_else(result, t.kb)
    out.print(care_card(level, other))
    for rule in result.red_flags:
        if rule.level == "emergency":
            out.print(Group(Text(t._("Why: %(message)s", message=rule.message))))
