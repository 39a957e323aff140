"""Charts of the diary's trends, as SVG (for pages) or PNG (for the PDF report).

matplotlib is imported inside the functions: it takes a second to load, and most commands never
draw. Figures are drawn on the Agg canvas directly, never through pyplot, so no window opens and
no global figure list grows in a long-running server.
"""

from __future__ import annotations

import io
import math
import re
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from crepitus.diary.trends import Trends
from crepitus.i18n import gettext

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

FORMATS = ("svg", "png")
# Okabe-Ito colours: told apart with every common colour-vision deficiency, and in grey.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
INK = "#222222"
GRID = "#d9d9d9"
SIZE = (4.8, 2.6)  # inches; the PDF shows two side by side, about 8.5 cm wide each
PNG_DPI = 150
NO_METADATA: dict[str, dict[str, Any]] = {
    # matplotlib's default metadata links to its website and to Dublin Core
    "svg": {"Creator": None, "Date": None, "Format": None, "Type": None},
    "png": {"Software": None},
}
DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*")


def pops_per_week(trends: Trends, fmt: str = "svg") -> bytes:
    """A bar chart of how many pops each week had."""
    _check(fmt)
    with _style():
        figure, axes = _figure()
        counts = [pops for _, pops, _ in trends.weeks]
        axes.bar(range(len(counts)), counts, color=BLUE, width=0.7)
        axes.set_ylim(0, max(4, max(counts, default=0) * 1.15))
        axes.yaxis.set_major_locator(_whole_numbers())
        _label(axes, trends, gettext("Pops per week"), gettext("Pops"))
        return _render(figure, fmt)


def pain_over_time(trends: Trends, fmt: str = "svg") -> bytes:
    """Mean pain (0 to 10) per week as a line; weeks without entries leave a gap."""
    _check(fmt)
    with _style():
        figure, axes = _figure()
        pain = [math.nan if mean is None else mean for _, _, mean in trends.weeks]
        axes.plot(
            range(len(pain)),
            pain,
            color=VERMILLION,
            marker="o",
            markersize=5,
            linewidth=2,
            clip_on=False,  # a week at 0 keeps its whole marker
        )
        axes.set_ylim(0, 10)
        axes.set_yticks(range(0, 11, 2))
        if all(math.isnan(p) for p in pain):
            none = gettext("No entries in these weeks")
            axes.text(0.5, 0.5, none, transform=axes.transAxes, ha="center")
        _label(axes, trends, gettext("Mean pain per week"), gettext("Pain (0 to 10)"))
        return _render(figure, fmt)


BY_NAME = {"pops": pops_per_week, "pain": pain_over_time}
"""The charts by the name their web address uses (``/diary/charts/{name}.svg``)."""


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"chart format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def _style() -> AbstractContextManager[None]:
    from matplotlib import rc_context

    return rc_context(
        {
            "font.family": "DejaVu Sans",  # ships with matplotlib: no system fonts needed
            "font.size": 11,  # still about 7.5 pt when shrunk to half an A4 page
            "axes.titlesize": 12,
            "svg.fonttype": "path",  # text as shapes, so the SVG needs no font at all
            "svg.hashsalt": "crepitus",  # stable element ids: the same data, the same file
        }
    )


def _whole_numbers() -> MaxNLocator:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)  # no ticks at half a pop


def _figure() -> tuple[Figure, Axes]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE)
    # fixed margins, sized for the labels: a layout engine would double the drawing time
    figure.subplots_adjust(left=0.13, right=0.97, bottom=0.2, top=0.88)
    FigureCanvasAgg(figure)  # draw with Agg whatever the default backend is
    axes = figure.subplots()
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    return figure, axes


def _label(axes: Axes, trends: Trends, title: str, ylabel: str) -> None:
    """Title, axis labels and one tick per week (every other one when there are many)."""
    starts = [start for start, _, _ in trends.weeks]
    step = 1 if len(starts) <= 8 else 2
    ticks = list(range(len(starts)))[::-step][::-1]  # keep the latest week labelled
    axes.set_xticks(ticks, [f"{starts[i].day} {starts[i]:%b}" for i in ticks])
    axes.set_xlim(-0.6, len(starts) - 0.4)
    axes.set_title(title, color=INK, loc="left")
    axes.set_xlabel(gettext("Week starting"), color=INK)
    axes.set_ylabel(ylabel, color=INK)


def _render(figure: Figure, fmt: str) -> bytes:
    out = io.BytesIO()
    dpi = PNG_DPI if fmt == "png" else 72
    figure.savefig(out, format=fmt, dpi=dpi, metadata=NO_METADATA[fmt], facecolor="white")
    data = out.getvalue()
    if fmt == "svg":
        # the doctype points at the W3C's DTD: an external reference the file does not need
        data = DOCTYPE.sub("", data.decode("utf-8"), count=1).encode("utf-8")
    return data
