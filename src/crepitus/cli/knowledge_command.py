"""``crepitus knowledge``: the knowledge base's version and rules, for transparency."""

from __future__ import annotations

import sys

import orjson

from crepitus.knowledge import knowledge


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
        body = {"knowledge_version": kb.version, "rules": rules}
        sys.stdout.buffer.write(orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    from rich.table import Table

    from crepitus.cli.render import console

    out = console()
    out.print(f"[bold]crepitus knowledge {kb.version}[/bold]")
    out.print(
        f"{len(kb.conditions)} conditions, {len(kb.rules)} rules, {len(kb.advice)} advice items,"
        f" {len(kb.questions)} questions, {len(kb.sources)} sources"
    )
    table = Table("rule", "level", "kind", "sources")
    for r in kb.rules:
        table.add_row(r.id, r.level, r.kind.replace("_", " "), ", ".join(r.sources))
    out.print(table)
    return 0
