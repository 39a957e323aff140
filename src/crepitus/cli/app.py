"""The ``crepitus`` command.

Each command imports what it needs when it runs, so that ``crepitus --help`` starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="crepitus",
    help=(
        "Is my back popping normal, or should I see someone? Guidance on back and neck popping:"
        " what most likely explains it, what to do, and how soon to get care."
        " crepitus gives guidance, not a diagnosis."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"crepitus {version('crepitus')}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """crepitus: guidance on back and neck popping."""


@app.command(short_help="Assess one case, or many as JSON Lines.")
def assess(
    case: Annotated[
        str,
        typer.Argument(
            help="A case as a JSON file, or - for standard input (with --text: the description).",
            metavar="CASE",
        ),
    ] = "-",
    text: Annotated[
        bool,
        typer.Option(
            "--text",
            help="Read CASE as a description in your own words (or - for standard input) and say"
            " what was understood. With --batch, each line is one description as a JSON string.",
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the assessment as JSON instead of text.")
    ] = False,
    with_diary: Annotated[
        bool,
        typer.Option(
            "--diary",
            help="Fill what the case does not say from your pop diary (how often, whether it hurts,"
            " for how long), and show which entries were used.",
        ),
    ] = False,
    batch: Annotated[
        bool,
        typer.Option(
            "--batch",
            help="Read one case per line (JSON Lines) and write one JSON assessment per line,"
            ' in order. A line that is not a valid case gives {"line": N, "error": "..."}'
            " and the run goes on; the exit status is then 1.",
        ),
    ] = False,
    ask: Annotated[
        bool | None,
        typer.Option(
            "--ask/--no-ask",
            help="With --text: ask the warning-sign questions the description left open, then"
            " assess again. By default this is offered on a terminal.",
        ),
    ] = None,
) -> None:
    """Assess a case: how soon to get care, the likely explanations, and what to do."""
    from crepitus.cli.assess_command import run_batch, run_single, run_text, run_text_batch

    if text:
        raise typer.Exit(run_text_batch(case) if batch else run_text(case, as_json, ask))
    if batch:
        raise typer.Exit(run_batch(case))
    raise typer.Exit(run_single(case, as_json, with_diary))


@app.command(short_help="The adaptive check, in the terminal.")
def check(
    plain: Annotated[
        bool, typer.Option("--plain", help="No colours (also when NO_COLOR is set).")
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="<code>",
            help="The language of the check: en, es, or another complete language pack"
            " (docs/languages.md) [default: the language setting, en].",
        ),
    ] = None,
) -> None:
    """Answer a few questions in the terminal and get advice (the adaptive check)."""
    from crepitus.cli.check_command import run_check
    from crepitus.errors import KnowledgeError
    from crepitus.settings import Settings

    language = lang or Settings().language
    try:
        from crepitus.cli.language import TerminalLanguage

        TerminalLanguage.of(language)
    except KnowledgeError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from None
    raise typer.Exit(run_check(plain=plain, language=language))


@app.command(short_help="Triage a whole file of stored answers (JSON Lines, CSV, Parquet).")
def batch(
    source: Annotated[
        Path, typer.Argument(help="The answers: .jsonl, .csv or .parquet.", metavar="INPUT")
    ],
    output: Annotated[
        Path,
        typer.Argument(help="Where the results go: .jsonl, .csv or .parquet.", metavar="OUTPUT"),
    ],
    workers: Annotated[
        int,
        typer.Option(
            min=0,
            metavar="<int>",
            help="Worker processes (or Dask workers with --scheduler local); 1 scores in this"
            " process [default: one per core].",
        ),
    ] = 0,
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="<address>",
            help="Run on Dask: tcp://HOST:8786 for an existing cluster, or local to start one"
            " on this machine (needs: pip install 'crepitus[cluster]').",
        ),
    ] = None,
    rows_per_part: Annotated[
        int, typer.Option(min=1, metavar="<int>", help="Rows per partition.")
    ] = 20_000,
    resume: Annotated[
        bool, typer.Option("--resume", help="Carry on an unfinished run from its saved parts.")
    ] = False,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="Print counts by triage level, warning sign and top explanation, and write an"
            " HTML summary with a chart beside the output.",
        ),
    ] = False,
    dashboard: Annotated[
        bool,
        typer.Option(
            "--dashboard", help="With --scheduler local: serve Dask's dashboard on 127.0.0.1:8787."
        ),
    ] = False,
) -> None:
    """Triage every row of INPUT into OUTPUT, in the same order, partition by partition.

    Each output row holds the input row's position and id, the triage level, the three most
    likely explanations with their scores, the warning signs and advice ids, the knowledge
    version, and an error column naming what is wrong with a row that is not a valid case.
    """
    from crepitus.cli.batch_command import run_batch_file

    raise typer.Exit(
        run_batch_file(
            source,
            output,
            workers=workers,
            scheduler=scheduler,
            rows_per_part=rows_per_part,
            resume=resume,
            summary=summary,
            dashboard=dashboard,
        )
    )


@app.command(short_help="Serve the check and the API in the browser.")
def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on [default: CREPITUS_HOST or 127.0.0.1].")
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port to listen on [default: CREPITUS_PORT or 8000].")
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            metavar="<int>",
            help="Worker processes; each answers any request, as they share only the database."
            " Use about one per core, with PostgreSQL (CREPITUS_DATABASE_URL) for a clinic.",
        ),
    ] = 1,
    multi_user: Annotated[
        bool,
        typer.Option(
            "--multi-user",
            help="Server mode, for a clinic: accounts, sign-in and share links. Needs"
            " CREPITUS_SECRET_KEY and CREPITUS_DATABASE_URL.",
        ),
    ] = False,
) -> None:
    """Serve the web check, the learn pages and the JSON API (docs at /docs)."""
    from crepitus.cli.serve_command import run_serve

    raise typer.Exit(run_serve(host, port, workers, multi_user))


Trigger = Annotated[
    list[str] | None,
    typer.Option(
        "--trigger",
        help="What you were doing (repeat for several): bending, twisting, stretching, lifting,"
        " getting_up, walking, exercise, deliberate_cracking, manipulation, coughing_sneezing.",
    ),
]
Pops = Annotated[int | None, typer.Option(help="How many pops.")]
Pain = Annotated[int | None, typer.Option(help="Pain now, 0 (none) to 10 (worst).")]
Sound = Annotated[str | None, typer.Option(help="crack, grinding or snapping.")]
PainAtPop = Annotated[
    bool | None, typer.Option("--pain-at-pop/--no-pain-at-pop", help="Did the pop hurt?")
]
Swelling = Annotated[bool | None, typer.Option("--swelling/--no-swelling", help="Any swelling?")]
Stiffness = Annotated[bool | None, typer.Option("--stiffness/--no-stiffness", help="Stiff?")]
Note = Annotated[str | None, typer.Option(help="A short note.")]
At = Annotated[str | None, typer.Option(help="When, e.g. 2026-11-28T08:30+01:00 [default: now].")]


def _entry_options(**options: object) -> dict[str, object]:
    renamed = {"trigger": "triggers"}
    return {renamed.get(k, k): v for k, v in options.items()}


@app.command(short_help="Add a diary entry.")
def log(
    region: Annotated[
        str, typer.Argument(help="Where: cervical/neck, thoracic/upper, lumbar/lower.")
    ],
    pops: Pops = 1,
    pain: Pain = 0,
    trigger: Trigger = None,
    sound: Sound = None,
    pain_at_pop: PainAtPop = None,
    swelling: Swelling = None,
    stiffness: Stiffness = None,
    note: Note = None,
    at: At = None,
) -> None:
    """Add an entry to your pop diary: crepitus log lumbar --pops 3 --pain 2 --trigger bending."""
    from crepitus.cli.diary_commands import run_log

    options = _entry_options(
        region=region,
        pops=pops,
        pain=pain,
        trigger=trigger,
        sound=sound,
        pain_at_pop=pain_at_pop,
        swelling=swelling,
        stiffness=stiffness,
        note=note,
        at=at,
    )
    raise typer.Exit(run_log(options))


@app.command(short_help="Change a diary entry.")
def edit(
    entry_id: Annotated[int, typer.Argument(help="The entry's id (see crepitus diary).")],
    region: Annotated[str | None, typer.Option(help="Where it popped.")] = None,
    pops: Pops = None,
    pain: Pain = None,
    trigger: Trigger = None,
    sound: Sound = None,
    pain_at_pop: PainAtPop = None,
    swelling: Swelling = None,
    stiffness: Stiffness = None,
    note: Note = None,
    at: At = None,
) -> None:
    """Change the given fields of a diary entry; the others stay as they are."""
    from crepitus.cli.diary_commands import run_edit

    options = _entry_options(
        region=region,
        pops=pops,
        pain=pain,
        trigger=trigger,
        sound=sound,
        pain_at_pop=pain_at_pop,
        swelling=swelling,
        stiffness=stiffness,
        note=note,
        at=at,
    )
    raise typer.Exit(run_edit(entry_id, options))


@app.command(short_help="Delete a diary entry.")
def delete(entry_id: Annotated[int, typer.Argument(help="The entry's id.")]) -> None:
    """Delete one diary entry."""
    from crepitus.cli.diary_commands import run_delete

    raise typer.Exit(run_delete(entry_id))


@app.command(short_help="Show the diary as a table.")
def diary(limit: Annotated[int, typer.Option(help="How many recent entries.")] = 30) -> None:
    """Show your most recent diary entries."""
    from crepitus.cli.diary_commands import run_diary

    raise typer.Exit(run_diary(limit))


@app.command(short_help="Trends: pops per week, pain, what changed.")
def trends() -> None:
    """Show the diary's trends over the last 12 weeks."""
    from crepitus.cli.diary_commands import run_trends

    raise typer.Exit(run_trends())


@app.command(short_help="Write the report for your doctor (PDF or HTML).")
def report(
    out: Annotated[Path, typer.Option(help="The file to write: .pdf or .html.")] = Path(
        "report.pdf"
    ),
    name: Annotated[str, typer.Option(help="Your name, to print on the report.")] = "",
) -> None:
    """Write a one-to-two-page report of your diary and latest result, for a clinician."""
    from crepitus.cli.diary_commands import run_report

    raise typer.Exit(run_report(out, name))


@app.command(short_help="Export the diary as JSON or CSV.")
def export(
    fmt: Annotated[str, typer.Option("--format", help="json or csv.")] = "json",
    out: Annotated[
        Path | None, typer.Option(help="File to write [default: standard output].")
    ] = None,
) -> None:
    """Export every diary entry; crepitus import reads the file back exactly."""
    from crepitus.cli.diary_commands import fail, run_export

    if fmt not in ("json", "csv"):
        raise typer.Exit(fail(f"--format: expected json or csv, got {fmt!r}", 2))
    raise typer.Exit(run_export(fmt, out))


@app.command(name="import", short_help="Import diary entries from an export.")
def import_(path: Annotated[Path, typer.Argument(help="A .json or .csv export.")]) -> None:
    """Import entries; if any row is invalid, nothing is imported and every bad row is listed."""
    from crepitus.cli.diary_commands import run_import

    raise typer.Exit(run_import(path))


@app.command(short_help="Delete every record, after confirmation.")
def forget(
    everything: Annotated[bool, typer.Option("--all", help="Delete every record.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete every diary entry, saved result and feedback kept on this computer."""
    from crepitus.cli.diary_commands import run_forget

    raise typer.Exit(run_forget(everything, yes))


@app.command(short_help="The knowledge base: version, rules, sources.")
def knowledge(
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
    pack: Annotated[
        Path | None,
        typer.Option(
            metavar="<folder>",
            help="Check a language pack folder against the knowledge instead: what it is, and"
            " which texts are still missing (docs/languages.md). Exit 1 if the loader refuses it.",
        ),
    ] = None,
) -> None:
    """Show the knowledge base: its version, its languages, and every rule with its level and
    sources."""
    from crepitus.cli.knowledge_command import run_check_pack, run_knowledge

    raise typer.Exit(run_knowledge(as_json) if pack is None else run_check_pack(pack, as_json))


fhir = typer.Typer(
    help="HL7 FHIR R4B: the interview as a Questionnaire, answers as QuestionnaireResponses,"
    " results as a RiskAssessment, the diary as a Bundle of Observations.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(fhir, name="fhir", short_help="FHIR conversions: questionnaire, answers, results.")

SOURCE = typer.Argument(help="A JSON file, or - for standard input.", metavar="FILE")
OUT = typer.Option("--out", "-o", help="Write to this file instead of standard output.")
SUBJECT = typer.Option("--subject", help='The patient, as a FHIR reference ("Patient/123").')


@fhir.command("questionnaire")
def fhir_questionnaire(out: Annotated[Path | None, OUT] = None) -> None:
    """Print the interview as a FHIR Questionnaire (with its skip logic as enableWhen)."""
    from crepitus.cli.fhir_command import run_questionnaire

    raise typer.Exit(run_questionnaire(out))


@fhir.command("response")
def fhir_response(
    case: Annotated[str, SOURCE] = "-",
    subject: Annotated[str | None, SUBJECT] = None,
    out: Annotated[Path | None, OUT] = None,
) -> None:
    """Turn a case (JSON, as for `crepitus assess`) into a QuestionnaireResponse."""
    from crepitus.cli.fhir_command import run_response

    raise typer.Exit(run_response(case, subject, out))


@fhir.command("case")
def fhir_case(
    response: Annotated[str, SOURCE] = "-", out: Annotated[Path | None, OUT] = None
) -> None:
    """Turn a QuestionnaireResponse into a case (JSON); problems are named and exit 1."""
    from crepitus.cli.fhir_command import run_case

    raise typer.Exit(run_case(response, out))


@fhir.command("assess")
def fhir_assess(
    response: Annotated[str, SOURCE] = "-", out: Annotated[Path | None, OUT] = None
) -> None:
    """Assess a QuestionnaireResponse and print the RiskAssessment."""
    from crepitus.cli.fhir_command import run_assess

    raise typer.Exit(run_assess(response, out))


@fhir.command("export")
def fhir_export(
    subject: Annotated[str | None, SUBJECT] = None, out: Annotated[Path | None, OUT] = None
) -> None:
    """Export the pop diary as a FHIR Bundle of Observations (one per entry)."""
    from crepitus.cli.fhir_command import run_export

    raise typer.Exit(run_export(subject, out))


accounts = typer.Typer(
    help="Accounts of a multi-user server (on CREPITUS_DATABASE_URL), for its administrator.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(accounts, name="accounts", short_help="Add or delete accounts of a server.")
NAME = typer.Argument(help="The account name.", metavar="NAME")


@accounts.command("add")
def accounts_add(
    name: Annotated[str, NAME],
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the password from standard input."),
    ] = False,
) -> None:
    """Create an account (asks for its password twice unless --password-stdin)."""
    from crepitus.cli.accounts_command import run_add

    raise typer.Exit(run_add(name, password_stdin))


@accounts.command("delete")
def accounts_delete(
    name: Annotated[str, NAME],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an account and every record it owns (diary, results, feedback, share links)."""
    from crepitus.cli.accounts_command import run_delete

    raise typer.Exit(run_delete(name, yes))


def main() -> None:
    """Entry point of the ``crepitus`` script."""
    app()


__all__ = ["app", "main"]
