"""``crepitus check``: the adaptive interview in the terminal.

Reads answers line by line from standard input, so it works at a keyboard and from a script.
Typing ``back`` returns to the previous question, ``skip`` leaves a question unanswered, and
``quit`` stops. An emergency answer ends the check at once with what to do.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape

from crepitus.cli.render import console, print_assessment, print_emergency
from crepitus.engine.interview import expected, parse_answer, step
from crepitus.errors import InterviewError
from crepitus.knowledge import knowledge
from crepitus.knowledge.model import Question

INTRO = (
    "[bold]crepitus check[/bold]: a few questions about your back or neck popping.\n"
    "It gives guidance, not a diagnosis. If you feel very unwell right now, call your local"
    " emergency number instead.\n"
    "[dim]Type the number of your answer. 'back' goes to the previous question, 'skip' if you"
    " don't know, 'quit' to stop. Your answers stay on this computer.[/dim]"
)
BACK = frozenset({"back", "b"})
QUIT = frozenset({"quit", "q", "exit"})


def run_check(plain: bool = False, out: Console | None = None) -> int:
    """Run the interview; 0 when it reached a result, 1 when it was stopped early."""
    out = out or console(plain)
    kb = knowledge()
    out.print(INTRO)
    answers: dict[str, Any] = {}
    skipped: list[str] = []
    history: list[str] = []
    section = ""
    while True:
        now = step(answers, skipped)
        if now.emergency and now.assessment is not None:
            out.print()
            print_emergency(out, now.assessment)
            return 0
        if now.question is None:
            out.print()
            if now.assessment is not None:
                print_assessment(out, now.assessment)
                _save(out, answers, now.assessment.to_dict())
            return 0
        question = now.question
        if question.section != section:
            section = question.section
            out.print(f"\n[bold underline]{escape(kb.sections[section].title)}[/bold underline]")
        total = now.answered + now.remaining
        _ask(out, question, now.answered + 1, total)
        try:
            reply = out.input("> ")
        except (EOFError, KeyboardInterrupt):
            out.print("\nThe check stopped before the end. Nothing was saved.")
            return 1
        word = reply.strip().lower()
        if word in QUIT:
            out.print("Stopped. Nothing was saved.")
            return 1
        if word in BACK:
            if history:
                last = history.pop()
                answers.pop(last, None)
                if last in skipped:
                    skipped.remove(last)
            else:
                out.print("[dim]This is the first question.[/dim]")
            continue
        try:
            value = parse_answer(question, reply)
        except InterviewError as exc:
            out.print(f"[red]{escape(str(exc))}[/red]")
            continue
        if value is None:
            skipped.append(question.field)
        else:
            answers[question.field] = value
        history.append(question.field)


def _save(out: Console, answers: dict[str, Any], result: dict[str, Any]) -> None:
    """Keep the result on this computer, for the diary's report; never fatal to the check."""
    from crepitus.cli.diary_commands import open_store
    from crepitus.errors import CrepitusError

    try:
        open_store().save_assessment(answers, result)
    except CrepitusError as exc:
        out.print(f"[dim]The result was not saved: {escape(str(exc))}[/dim]")
        return
    out.print("[dim]Saved on this computer; `crepitus report` includes it.[/dim]")


def _ask(out: Console, question: Question, number: int, total: int) -> None:
    out.print(f"\n[dim]Question {number} of about {total}[/dim]")
    out.print(f"[bold]{escape(question.text)}[/bold]")
    if question.help:
        out.print(f"[dim]{escape(question.help)}[/dim]")
    for i, option in enumerate(question.options, start=1):
        out.print(f"  {i}. {escape(option.label)}")
    out.print(f"[dim]Answer with {expected(question)}.[/dim]")
