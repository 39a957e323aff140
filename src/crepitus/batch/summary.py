"""The population summary of a batch run: counts by triage level, warning sign and top condition.

Counted while the output is written (one pass over the results, one partition at a time), then
printed as tables and written as a self-contained HTML page with a chart.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from crepitus.knowledge import knowledge


@dataclass
class Summary:
    rows: int = 0
    errors: int = 0
    triage: Counter[str] = field(default_factory=Counter)
    red_flags: Counter[str] = field(default_factory=Counter)
    top_condition: Counter[str] = field(default_factory=Counter)

    def add(self, batch: pa.RecordBatch) -> None:
        self.rows += batch.num_rows
        self.errors += batch.num_rows - int(pc.count(batch.column("triage")).as_py())
        for name, counter in (("triage", self.triage), ("condition_1", self.top_condition)):
            for item in pc.value_counts(batch.column(name)).to_pylist():
                if item["values"] is not None:
                    counter[item["values"]] += item["counts"]
        flags = pc.list_flatten(batch.column("red_flags"))
        for item in pc.value_counts(flags).to_pylist():
            self.red_flags[item["values"]] += item["counts"]

    def counting(self, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        """Pass ``batches`` on, counting each."""
        for batch in batches:
            self.add(batch)
            yield batch

    def tables(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """The tables as (title, [(what, count)]): levels in their order, the rest by count."""
        kb = knowledge()
        levels = [(kb.levels[level].label, self.triage[level]) for level in kb.levels]
        if self.errors:
            levels.append(("not a valid case (see the error column)", self.errors))
        level_of = {rule.id: kb.levels[rule.level].label for rule in kb.rules}
        flags = [
            (f"{rule} ({level_of.get(rule, '?')})", n) for rule, n in self.red_flags.most_common()
        ]
        conditions = [
            (kb.conditions[c].name if c in kb.conditions else c, n)
            for c, n in self.top_condition.most_common()
        ]
        return [
            ("Triage level", levels),
            ("Warning signs (rows in which each fired)", flags),
            ("Most likely explanation", conditions),
        ]


def summary_path(output: Path) -> Path:
    """Beside the output: ``results.parquet`` gets ``results.summary.html``."""
    return output.with_name(output.stem + ".summary.html")


def share(count: int, total: int) -> str:
    return f"{count / total:.1%}" if total else "-"


def print_summary(summary: Summary) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"[bold]{summary.rows:,} rows[/bold], of which {summary.errors:,} could not be scored"
    )
    for title, rows in summary.tables():
        table = Table(title=title, title_justify="left")
        table.add_column("")
        table.add_column("rows", justify="right")
        table.add_column("share", justify="right")
        for what, count in rows:
            table.add_row(what, f"{count:,}", share(count, summary.rows))
        if not rows:
            table.add_row("none", "0", "-")
        console.print(table)


def write_html(summary: Summary, path: Path, source: str) -> None:
    """A self-contained page (its chart inline, no outside files) beside the output."""
    from crepitus.batch.chart import triage_chart

    kb = knowledge()
    sections = []
    for title, rows in summary.tables():
        body = (
            "".join(
                f"<tr><td>{html.escape(what)}</td><td class=n>{count:,}</td>"
                f"<td class=n>{share(count, summary.rows)}</td></tr>"
                for what, count in rows
            )
            or "<tr><td colspan=3>none</td></tr>"
        )
        sections.append(
            f"<h2>{html.escape(title)}</h2><table><thead><tr><th>what</th><th>rows</th>"
            f"<th>share</th></tr></thead><tbody>{body}</tbody></table>"
        )
    chart = triage_chart([(kb.levels[level].label, summary.triage[level]) for level in kb.levels])
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Batch summary · crepitus</title>
<style>body{{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;
padding:0 1rem;color:#1c2430}}table{{border-collapse:collapse;width:100%}}
td,th{{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #c9d1dc}}
.n{{text-align:right}}figure{{margin:1rem 0}}</style></head>
<body><h1>Batch summary</h1>
<p>{summary.rows:,} rows from {html.escape(source)}; {summary.errors:,} were not valid cases.
Knowledge version {html.escape(kb.version)}. crepitus gives guidance, not a diagnosis.</p>
<figure>{chart}<figcaption>Rows by triage level.</figcaption></figure>
{"".join(sections)}
</body></html>
"""
    path.write_text(page, encoding="utf-8")
