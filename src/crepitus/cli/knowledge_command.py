"""``crepitus knowledge``: the knowledge base's version and rules, for transparency; with
``--pack``, a language pack checked against it, for the clinic writing one."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
from rich.markup import escape

from crepitus.errors import KnowledgeError
from crepitus.knowledge import knowledge
from crepitus.knowledge.locales import available, load_pack

MISSING_SHOWN = 20


def run_knowledge(as_json: bool) -> int:
    kb = knowledge()
    rules = [
        {
            "id": r.id,
            "kind": r.kind,
            "level": r.level,
            "message": r.message,
            "sources": list(r.sources),
        }
        for r in kb.rules
    ]
    if as_json:
        body = {"knowledge_version": kb.version, "languages": list(available()), "rules": rules}
        sys.stdout.buffer.write(orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    from rich.table import Table

    from crepitus.cli.render import console

    out = console()
    out.print(f"[bold]crepitus knowledge {kb.version}[/bold]")
    out.print(
        f"{len(kb.conditions)} conditions, {len(kb.rules)} rules, {len(kb.advice)} advice items,"
        f" {len(kb.questions)} questions, {len(kb.sources)} sources;"
        f" in {', '.join(available())}"
    )
    table = Table("rule", "level", "kind", "sources")
    for r in kb.rules:
        table.add_row(r.id, r.level, r.kind.replace("_", " "), ", ".join(r.sources))
    out.print(table)
    return 0


def run_check_pack(folder: Path, as_json: bool) -> int:
    """0 when the pack loads (complete or not), 1 when the loader refuses it."""
    from crepitus.cli.render import console

    out = console()
    try:
        pack = load_pack(folder, knowledge())
    except KnowledgeError as exc:
        if as_json:
            sys.stdout.buffer.write(orjson.dumps({"refused": str(exc)}) + b"\n")
        else:
            out.print(f"[red]Refused:[/red] {escape(str(exc))}")
        return 1
    if as_json:
        body = {
            "language": pack.language,
            "name": pack.name,
            "address": pack.address,
            "knowledge_version": pack.knowledge_version,
            "complete": pack.complete,
            "missing": list(pack.missing),
        }
        sys.stdout.buffer.write(orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    out.print(
        f"[bold]{escape(pack.name)}[/bold] ({pack.language}, {escape(pack.english_name)}),"
        f" addressing the reader as {escape(pack.address)}, for knowledge"
        f" {pack.knowledge_version}: loads."
    )
    if not pack.missing:
        out.print(
            "Every text is translated, and the pack can be served."
            if pack.complete
            else "Every text is translated: set complete = true in pack.toml to serve it."
        )
        return 0
    out.print(
        f"{len(pack.missing)} texts still in English, so it cannot be served until they are"
        " translated and it says complete = true:"
    )
    for where in pack.missing[:MISSING_SHOWN]:
        out.print(f"  • {escape(where)}")
    if len(pack.missing) > MISSING_SHOWN:
        out.print(f"  … and {len(pack.missing) - MISSING_SHOWN} more (--json lists them all)")
    return 0
