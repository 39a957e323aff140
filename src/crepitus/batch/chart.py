"""The summary's chart: rows by triage level, as inline SVG (matplotlib, colour-blind safe)."""

from __future__ import annotations

import io
import re

from crepitus.diary.charts import BLUE, DOCTYPE, INK


def triage_chart(counts: list[tuple[str, int]]) -> str:
    """A horizontal bar chart of ``counts`` (label, rows), most urgent level last."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 0.45 * len(counts) + 0.9))
    axes = figure.add_subplot()
    labels = [label for label, _ in counts]
    values = [count for _, count in counts]
    axes.barh(range(len(values)), values, color=BLUE)
    axes.set_yticks(range(len(values)), labels)
    axes.set_xlabel("Rows")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for number, value in enumerate(values):
        axes.text(value, number, f" {value:,}", va="center", color=INK)
    axes.set_xlim(0, max(values, default=0) * 1.2 or 1)
    figure.tight_layout()
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    svg = DOCTYPE.sub("", out.getvalue())
    return re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
