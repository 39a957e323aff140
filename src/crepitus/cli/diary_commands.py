"""The pop diary on the command line: log, diary, edit, delete, trends, report and the rest."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crepitus.errors import CrepitusError, EntryError
from crepitus.store.diary import ENTRY_FIELDS, EntryData, EntryRecord, OwnerStore, check_entry

EXPORT_FORMAT = "crepitus-diary"
EXPORT_VERSION = 1
CSV_FIELDS = [f for f in ENTRY_FIELDS]
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): such a
# cell is written with a leading single quote, as is one that starts with a quote, so that an
# import can take exactly one quote away again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs."""
    return f"'{cell}" if cell.startswith((*FORMULA_START, "'")) else cell


def restore(cell: object) -> object:
    """The cell :func:`neutralise` was given (anything but text is left as it is)."""
    if (
        isinstance(cell, str)
        and cell.startswith("'")
        and cell[1:].startswith((*FORMULA_START, "'"))
    ):
        return cell[1:]
    return cell


FUTURE_SLACK = timedelta(minutes=10)  # clocks differ a little; a date in 2099 is a typing slip


def open_store() -> OwnerStore:
    """The diary of this computer's user (personal mode), in the configured database."""
    from crepitus.settings import Settings
    from crepitus.store.diary import Store

    return Store(Settings().database).owner()


def fail(message: str, code: int = 1) -> int:
    sys.stderr.write(f"crepitus: {message}\n")
    return code


def entry_from_options(options: dict[str, Any], base: EntryRecord | None = None) -> EntryData:
    """An entry from command-line options, on top of an existing entry when editing."""
    raw: dict[str, Any] = {} if base is None else base.to_dict()
    raw.pop("id", None)
    for key, value in options.items():
        if value is not None:
            raw[key] = value
    now = datetime.now(UTC)
    if "at" not in raw:
        raw["at"] = now.astimezone()
    return check_entry(raw, latest=now + FUTURE_SLACK)  # a pop is noted after it happens


def run_log(options: dict[str, Any]) -> int:
    try:
        entry = open_store().add(entry_from_options(options))
    except EntryError as exc:
        return fail(f"the entry was not saved: {exc}")
    print(
        f"Saved entry {entry.id}: {entry.pops} pop(s), pain {entry.pain}, {entry.at:%Y-%m-%d %H:%M}"
    )
    return 0


def run_edit(entry_id: int, options: dict[str, Any]) -> int:
    store = open_store()
    current = store.get(entry_id)
    if current is None:
        return fail(f"there is no entry {entry_id}")
    try:
        store.update(entry_id, entry_from_options(options, current))
    except EntryError as exc:
        return fail(f"entry {entry_id} was not changed: {exc}")
    print(f"Changed entry {entry_id}.")
    return 0


def run_delete(entry_id: int) -> int:
    if not open_store().delete(entry_id):
        return fail(f"there is no entry {entry_id}")
    print(f"Deleted entry {entry_id}.")
    return 0


def run_diary(limit: int) -> int:
    from rich.table import Table

    from crepitus.cli.render import console

    entries = open_store().entries()
    out = console()
    if not entries:
        out.print("Your diary is empty. Add an entry with: crepitus log lumbar --pops 1 --pain 0")
        return 0
    table = Table("id", "when", "where", "pops", "pain", "hurt at pop", "triggers", "note")
    for e in entries[-limit:]:
        table.add_row(
            str(e.id),
            f"{e.at.astimezone():%Y-%m-%d %H:%M}",
            e.region,
            str(e.pops),
            str(e.pain),
            "yes" if e.pain_at_pop else "no",
            ", ".join(e.triggers),
            e.note[:40],
        )
    out.print(table)
    if len(entries) > limit:
        out.print(f"[dim]{len(entries) - limit} older entries not shown (use --limit).[/dim]")
    return 0


def run_trends() -> int:
    from crepitus.cli.render import console
    from crepitus.diary.trends import compute

    store = open_store()
    if not store.count():
        print("Your diary is empty: trends need entries.")
        return 0
    trends = compute(store)
    out = console()
    out.print("[bold]Pops per week, last 12 weeks[/bold]")
    out.print(f"  {trends.sparkline}  ({trends.weeks[0][0]:%d %b} to now)")
    for sentence in trends.plain():  # the figures with their arithmetic are in the report
        out.print(sentence)
    for sentence in trends.changes:
        out.print(f"[bold]{sentence}[/bold]")
    return 0


def run_report(out_path: Path, name: str) -> int:
    from crepitus.diary import report

    store = open_store()
    now = datetime.now(UTC)
    suffix = out_path.suffix.lower()
    if suffix == ".pdf":
        out_path.write_bytes(report.build_pdf(store, now, name))
    elif suffix in (".html", ".htm"):
        out_path.write_text(report.build_html(store, now, name), encoding="utf-8")
    else:
        return fail(f"{out_path}: the report is written as .pdf or .html", 2)
    print(f"Wrote {out_path}")
    return 0


def export_rows(store: OwnerStore) -> list[dict[str, Any]]:
    rows = []
    for entry in store.entries():
        row = entry.to_dict()
        del row["id"]
        rows.append(row)
    return rows


def run_export(fmt: str, out_path: Path | None) -> int:
    rows = export_rows(open_store())
    if fmt == "json":
        text = json.dumps(
            {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "entries": rows},
            indent=1,
            ensure_ascii=False,
        )
        text += "\n"
    else:
        buffer = io.StringIO()
        # RFC 4180's CRLF: a cell holding a CR or LF is then always quoted, so it reads back
        writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            cells = {**row, "triggers": ";".join(row["triggers"]), "sound": row["sound"] or ""}
            writer.writerow({name: neutralise(str(value)) for name, value in cells.items()})
        text = buffer.getvalue()
    if out_path is None:
        sys.stdout.write(text)
    else:
        with out_path.open("w", encoding="utf-8", newline="") as out:  # written as it is
            out.write(text)
        print(f"Wrote {len(rows)} entries to {out_path}", file=sys.stderr)
    return 0


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, raw row) pairs from an exported JSON or CSV file."""
    with path.open(encoding="utf-8", newline="") as source:  # a CR inside a cell stays a CR
        text = source.read()
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        missing = set(CSV_FIELDS) - set(reader.fieldnames or [])
        if missing:
            raise CrepitusError(f"{path}: the CSV header lacks {', '.join(sorted(missing))}")
        return [
            (reader.line_num, {name: restore(value) for name, value in row.items()})
            for row in reader
        ]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CrepitusError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise CrepitusError(f"{path} is not a crepitus diary export (format {EXPORT_FORMAT!r})")
    if data.get("version") != EXPORT_VERSION:
        raise CrepitusError(f"{path}: export version {data.get('version')!r} is not known")
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise CrepitusError(f"{path}: 'entries' must be a list")
    # JSON entries are numbered from 1, in file order
    return [(i, row if isinstance(row, dict) else {"": row}) for i, row in enumerate(entries, 1)]


def run_import(path: Path) -> int:
    try:
        rows = read_rows(path)
    except OSError as exc:
        return fail(f"cannot read {path}: {exc.strerror}", 2)
    except CrepitusError as exc:
        return fail(str(exc))
    checked: list[EntryData] = []
    problems: list[str] = []
    for line, raw in rows:
        try:
            checked.append(check_entry(raw, line))
        except EntryError as exc:
            problems.append(str(exc))
    unit = "line" if path.suffix.lower() == ".csv" else "entry"
    if problems:
        listed = "\n".join(f"  - {p.replace('line ', f'{unit} ', 1)}" for p in problems)
        return fail(f"nothing was imported; {len(problems)} rows are invalid:\n{listed}")
    open_store().add_many(checked)
    print(f"Imported {len(checked)} entries from {path}.")
    return 0


def run_forget(everything: bool, yes: bool) -> int:
    if not everything:
        return fail("say --all to delete every record (nothing else is supported yet)", 2)
    store = open_store()
    if not yes:
        if not sys.stdin.isatty():
            return fail("refusing to delete without confirmation: add --yes", 2)
        reply = input("Delete every diary entry, saved result and feedback? Type 'yes': ")
        if reply.strip().lower() != "yes":
            print("Nothing was deleted.")
            return 1
    removed = store.forget_all()
    print(f"Deleted {removed} records.")
    return 0
