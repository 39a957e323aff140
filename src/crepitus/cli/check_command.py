"""``crepitus check``: the adaptive interview in the terminal.

Reads answers line by line from standard input, so it works at a keyboard and from a script.
Typing ``back`` returns to the previous question, ``skip`` leaves a question unanswered, and
``quit`` stops. An emergency answer ends the check at once with what to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from crepitus.cli.language import TerminalLanguage
from crepitus.cli.render import console, print_assessment, print_emergency
from crepitus.engine.interview import step
from crepitus.errors import InterviewError
from crepitus.knowledge.model import Question
from crepitus.understanding.describe import answer_words

if TYPE_CHECKING:
    from crepitus.understanding import Understanding


# what the start of a check gives: (answers, or None to quit; estimates to offer; whether the
# check is for someone else; whether the words ask for the warning signs first)
Start = tuple[dict[str, Any] | None, dict[str, Any], bool, bool]


def _intro(t: TerminalLanguage) -> str:
    return (
        t._(
            "[bold]crepitus check[/bold]: a few short pages of questions about back or neck"
            " popping."
        )
        + "\n"
        + t._(
            "It gives guidance, not a diagnosis. If you feel very unwell right now, call your"
            " local emergency number instead."
        )
        + "\n[dim]"
        + t._(
            "Type the number of your answer. 'back' goes to the previous question, 'skip' if"
            " you are not sure, 'quit' to stop. Your answers stay on this computer."
        )
        + "[/dim]"
    )


def _describe_prompt(t: TerminalLanguage, other: bool) -> str:
    if other:
        ask = t._(
            "[bold]In your own words[/bold] (optional): what happens to them, where, since when,"
            " and how it feels. For example: [italic]my dad is 78, his lower back clicks when he"
            " bends and has ached for a week[/italic]."
        )
    else:
        ask = t._(
            "[bold]In your own words[/bold] (optional): what happens, where, since when, and how"
            " it feels. For example: [italic]my lower back cracks when I bend and has ached for a"
            " month, no numbness[/italic]."
        )
    return (
        f"\n{ask}\n[dim]"
        + t._("Press Enter on an empty line to go straight to the questions.")
        + "[/dim]"
    )


def _who_prompt(t: TerminalLanguage) -> str:
    return (
        "\n[bold]"
        + t._("Who is the check for?")
        + "[/bold]\n  1. "
        + t._("Me")
        + "\n  2. "
        + t._("Someone else (a parent, a partner, a child…)")
        + "\n[dim]"
        + t._("Press Enter for yourself.")
        + "[/dim]"
    )


def run_check(plain: bool = False, out: Console | None = None, language: str = "en") -> int:
    """Run the interview in ``language``; 0 when it reached a result, 1 when it was stopped."""
    out = out or console(plain)
    t = TerminalLanguage.of(language)
    out.print(_intro(t))
    try:
        answers, estimates, other, first = _start(out, t)
    except (EOFError, KeyboardInterrupt):
        out.print("\n" + t._("The check stopped before the end. Nothing was saved."))
        return 1
    if answers is None:
        out.print(t._("Stopped. Nothing was saved."))
        return 1
    skipped: list[str] = []
    pages: list[list[str]] = [list(answers)] if answers else []
    while True:
        now = step(answers, skipped, t.engine, warnings_first=first)
        if now.emergency and now.assessment is not None:
            out.print()
            print_emergency(out, now.assessment, other, language)
            return 0
        if now.screen is None:
            out.print()
            result = t.engine.assess(answers) if now.assessment is None else now.assessment
            print_assessment(out, result, other, language)
            if other:  # the diary's report is the owner's: keep another person's result out
                out.print(
                    "[dim]"
                    + t._("Not saved: the diary and its report are for your own back.")
                    + "[/dim]"
                )
            elif _wants_to_keep(out, t):  # nothing is kept unless the person asks
                _save(out, t, answers, result.to_dict(), skipped)
            else:
                out.print("[dim]" + t._("Not kept: nothing from this check was saved.") + "[/dim]")
            return 0
        page = t._(
            "page %(number)s of about %(total)s",
            number=len(pages) + 1,
            total=len(pages) + now.screens_left,
        )
        out.print(
            f"\n[bold underline]{escape(now.screen.wording(other))}[/bold underline]"
            f"  [dim]{page}[/dim]"
        )
        try:
            given = _screen(out, t, now.questions, answers, estimates, other=other)
        except (EOFError, KeyboardInterrupt):
            out.print("\n" + t._("The check stopped before the end. Nothing was saved."))
            return 1
        if given is None:
            out.print(t._("Stopped. Nothing was saved."))
            return 1
        if given == BACK_PAGE:
            _undo(out, t, pages, answers, skipped)
            continue
        for name, value in given.items():
            if value is None:
                skipped.append(name)
            else:
                answers[name] = value
        pages.append(list(given))


BACK_PAGE: dict[str, Any] = {"": "back"}  # what _screen returns for "back" on its first question


def _start(out: Console, t: TerminalLanguage) -> Start:
    """Who the check is for, then the description where the language has a reader."""
    other = _who(out, t)
    if other is None:
        return None, {}, False, False
    if t.reads_own_words:
        return _describe(out, t, other)
    out.print(  # the reader of descriptions is measured in English only
        "\n[dim]"
        + t._(
            "In this language the check goes straight to the questions: reading a"
            " description in your own words works in English only for now."
        )
        + "[/dim]"
    )
    return {}, {}, other, False


def _who(out: Console, t: TerminalLanguage) -> bool | None:
    """Who the check is for: False for the person typing, True for someone else (None: quit)."""
    out.print(_who_prompt(t))
    me = t.typed("typed for the check being for me", "me")
    them = t.typed("typed for someone else", "someone else, someone")
    while True:
        reply = out.input("> ").strip().lower()
        if reply in t.quit:
            return None
        if reply in ("", "1") or reply in me:
            return False
        if reply == "2" or reply in them:
            return True
        out.print(
            "[red]" + t._("Type 1 for yourself or 2 for someone else, or press Enter.") + "[/red]"
        )


def _screen(
    out: Console,
    t: TerminalLanguage,
    questions: tuple[Question, ...],
    answers: dict[str, Any],
    estimates: dict[str, Any],
    *,
    other: bool,
) -> dict[str, Any] | None:
    """Ask each question of a screen in turn; their answers (None: skipped), BACK_PAGE for
    "back" on the first, or None to quit. A warning sign answered as an emergency ends the
    screen at once, so the emergency advice comes without waiting for the rest."""
    given: dict[str, Any] = {}
    index = 0
    while index < len(questions):
        question = questions[index]
        _ask(out, t, question, index + 1, len(questions), other=other)
        reply = _reply(out, t, question, estimates.get(question.field), other)
        word = reply.strip().lower()
        if word in t.quit:
            return None
        if word in t.back:
            if index == 0:
                return BACK_PAGE
            index -= 1
            given.pop(questions[index].field, None)
            continue
        try:
            value = t.read_answer(question, reply)
        except InterviewError as exc:
            out.print(f"[red]{escape(str(exc))}[/red]")
            continue
        given[question.field] = value
        index += 1
        known = {**answers, **{k: v for k, v in given.items() if v is not None}}
        if t.engine.assess(known).triage == "emergency":
            return given
    return given


def ask_warning_signs(
    out: Console, answers: dict[str, Any], language: str = "en"
) -> dict[str, Any]:
    """Ask the warning-sign questions these answers leave open, until none is left or an answer
    makes it an emergency; returns the answers with the new ones."""
    t = TerminalLanguage.of(language)
    answers = dict(answers)
    skipped: set[str] = set()
    number = 0
    while True:
        result = t.engine.assess(answers)
        open_now = [f for f in result.unanswered_red_flags if f not in skipped]
        if result.triage == "emergency" or not open_now:
            return answers
        question = t.kb.question(open_now[0])
        number += 1
        _ask(out, t, question, number, number + len(open_now) - 1)
        try:
            value = t.read_answer(question, out.input("> "))
        except InterviewError as exc:
            out.print(f"[red]{escape(str(exc))}[/red]")
            number -= 1
            continue
        if value is None:
            skipped.add(question.field)
        else:
            answers[question.field] = value


def _undo(
    out: Console,
    t: TerminalLanguage,
    pages: list[list[str]],
    answers: dict[str, Any],
    skipped: list[str],
) -> None:
    """Go back one page, forgetting its answers."""
    if not pages:
        out.print("[dim]" + t._("This is the first page.") + "[/dim]")
        return
    for name in pages.pop():
        answers.pop(name, None)
        if name in skipped:
            skipped.remove(name)


def _reply(
    out: Console, t: TerminalLanguage, question: Question, estimate: Any, other: bool = False
) -> str:
    """Read one answer; an empty line keeps the estimate read from the description, if any."""
    if estimate is not None:
        words = escape(answer_words(question.field, estimate))
        kept = (
            t._("From the words: %(answer)s. Press Enter to keep it.", answer=words)
            if other
            else t._("From your words: %(answer)s. Press Enter to keep it.", answer=words)
        )
        out.print(f"[dim]{kept}[/dim]")
    reply = out.input("> ")
    if not reply.strip() and estimate is not None:
        return t.typed_answer(question, estimate)
    return reply


def _warnings_first(out: Console, understood: Understanding) -> bool:
    """Whether the words ask for the warning signs first, said to the person when they do."""
    from crepitus.understanding.describe import warnings_first

    first = warnings_first(understood)
    if first:
        out.print(
            "[dim]Your words sound like ones that needed prompt care, so the questions about"
            " warning signs come first. This is a precaution, not a diagnosis: your answers"
            " decide.[/dim]"
        )
    return first


def _describe(out: Console, t: TerminalLanguage, other: bool = False) -> Start:
    """The optional description: read it, show what was understood, let the person correct it.
    The check is for someone else when the words are about them (see ``Start``)."""
    from crepitus.understanding import UnderstandingUnavailableError, understand
    from crepitus.understanding.describe import prefill, read_fields

    out.print(_describe_prompt(t, other))
    text = out.input("> ").strip()
    if not text:
        return {}, {}, other, False
    if text.lower() in t.quit:
        return None, {}, other, False
    try:
        understood = understand(text)
    except UnderstandingUnavailableError as exc:
        out.print(f"[dim]{escape(str(exc))} On to the questions.[/dim]")
        return {}, {}, other, False
    from crepitus.engine.concern import settle

    other = _about_them(out, understood, other)
    first = _warnings_first(out, understood)
    answers, estimates = settle(*prefill(understood))
    shown = [item for item in read_fields(understood) if item.field in answers]
    if not shown:
        if estimates:
            out.print(
                "Your words give hints, not firm answers: each question will show what they"
                " suggested, for you to keep or change."
            )
        else:
            out.print("We could not pick out any answers from that. On to the questions.")
        return {}, estimates, other, first
    out.print("\n[bold]What we understood[/bold]")
    for number, item in enumerate(shown, start=1):
        quotes = ", ".join(f"“{q}”" for q in item.quotes)
        out.print(
            f"  {number}. {escape(item.label)}: {escape(item.answer)}  [dim]{escape(quotes)}[/dim]"
        )
    if t.engine.assess(answers).triage == "emergency":  # what to do now, before anything else
        return answers, estimates, other, first
    while True:
        out.print(
            "[dim]Press Enter if this is right, or type the numbers of any to change"
            " (for example: 2, 4).[/dim]"
        )
        reply = out.input("> ").strip().lower()
        if reply in t.quit:
            return None, {}, other, first
        try:
            chosen = sorted({int(part) for part in reply.replace(",", " ").split()})
        except ValueError:
            out.print("[red]Type numbers from the list, or press Enter.[/red]")
            continue
        if all(1 <= n <= len(shown) for n in chosen):
            break
        out.print(f"[red]Choose numbers from 1 to {len(shown)}.[/red]")
    for number in chosen:
        question = t.kb.question(shown[number - 1].field)
        while True:
            _ask(out, t, question, number, len(shown), other=other)
            out.print("[dim]'skip' leaves it for the questions later.[/dim]")
            try:
                value = t.read_answer(question, out.input("> "))
            except InterviewError as exc:
                out.print(f"[red]{escape(str(exc))}[/red]")
                continue
            break
        answers.pop(question.field, None)
        if value is not None:
            answers[question.field] = value
    return answers, estimates, other, first


def _about_them(out: Console, understood: Understanding, other: bool) -> bool:
    """Whether the check is for someone else: as chosen, or because the words are about them."""
    from crepitus.understanding.subject import about_someone_else

    if other or not about_someone_else(understood):
        return other
    out.print(  # "my dad is 78, he slipped…"
        "[dim]Your words are about someone else, so the questions ask about them."
        " Type 'quit' and start again if the check is for you.[/dim]"
    )
    return True


def _wants_to_keep(out: Console, t: TerminalLanguage) -> bool:
    try:
        reply = out.input(
            # escaped: rich would read "[y/N]" as a style and hide it
            "\n" + escape(t._("Keep this result in your diary, for your doctor's report? [y/N] "))
        )
    except (EOFError, KeyboardInterrupt):
        return False
    return reply.strip().lower() in t.typed("typed for yes", "yes, y")


def _save(
    out: Console,
    t: TerminalLanguage,
    answers: dict[str, Any],
    result: dict[str, Any],
    unknown: list[str],
) -> None:
    """Keep the result on this computer, for the diary's report; never fatal to the check."""
    from crepitus.cli.diary_commands import open_store
    from crepitus.errors import CrepitusError

    try:
        open_store().save_assessment(answers, result, unknown)
    except CrepitusError as exc:
        out.print(
            "[dim]" + t._("The result was not saved: %(why)s", why=escape(str(exc))) + "[/dim]"
        )
        return
    out.print("[dim]" + t._("Saved on this computer; `crepitus report` includes it.") + "[/dim]")


def _ask(
    out: Console,
    t: TerminalLanguage,
    question: Question,
    number: int,
    total: int,
    *,
    other: bool = False,
) -> None:
    out.print(
        "\n[dim]" + t._("Question %(number)s of %(total)s", number=number, total=total) + "[/dim]"
    )
    out.print(f"[bold]{escape(question.wording(other))}[/bold]")
    if question.help:
        out.print(f"[dim]{escape(question.help_wording(other))}[/dim]")
    for i, option in enumerate(question.options, start=1):
        out.print(f"  {i}. {escape(option.wording(other))}")
    out.print("[dim]" + t._("Answer with %(expected)s.", expected=t.expected(question)) + "[/dim]")
