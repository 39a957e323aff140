"""The ``crepitus`` command.

Each command imports what it needs when it runs, so that ``crepitus --help`` starts fast.
"""

from __future__ import annotations

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
        typer.Argument(help="A case as a JSON file, or - for standard input.", metavar="CASE"),
    ] = "-",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the assessment as JSON instead of text.")
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
) -> None:
    """Assess a case: how soon to get care, the likely explanations, and what to do."""
    from crepitus.cli.assess_command import run_batch, run_single

    if batch:
        raise typer.Exit(run_batch(case))
    raise typer.Exit(run_single(case, as_json))


@app.command(short_help="The adaptive check, in the terminal.")
def check(
    plain: Annotated[
        bool, typer.Option("--plain", help="No colours (also when NO_COLOR is set).")
    ] = False,
) -> None:
    """Answer a few questions in the terminal and get advice (the adaptive check)."""
    from crepitus.cli.check_command import run_check

    raise typer.Exit(run_check(plain=plain))


@app.command(short_help="Serve the check and the API in the browser.")
def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on [default: CREPITUS_HOST or 127.0.0.1].")
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port to listen on [default: CREPITUS_PORT or 8000].")
    ] = None,
) -> None:
    """Serve the web check, the learn pages and the JSON API (docs at /docs)."""
    from crepitus.cli.serve_command import run_serve

    raise typer.Exit(run_serve(host, port))


@app.command(short_help="The knowledge base: version, rules, sources.")
def knowledge(
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show the knowledge base: its version, and every rule with its level and sources."""
    from crepitus.cli.knowledge_command import run_knowledge

    raise typer.Exit(run_knowledge(as_json))


def main() -> None:
    """Entry point of the ``crepitus`` script."""
    app()


__all__ = ["app", "main"]
