"""Trends from the diary's weekly sums: how often it pops, how often that hurts, where pain goes.

The weekly sums come from the database (``DiaryReader.weeks``); everything here works on at most a
few dozen weeks, so it is plain arithmetic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from crepitus.i18n import N_, gettext, ngettext
from crepitus.store.diary import DiaryReader, WeekRow

EPOCH_MONDAY = date(1969, 12, 29)  # week 0 of WeekRow.week
SPARKS = "▁▂▃▄▅▆▇█"
CHANGE_WINDOW = 3  # weeks on each side of the comparison (six weeks in all)
# each change in whole sentences: (how often, how painful) -> the sentence
CHANGES = {
    ("doubled", ""): N_("Popping has doubled over the last %(weeks)s weeks."),
    ("more than doubled", ""): N_("Popping has more than doubled over the last %(weeks)s weeks."),
    ("halved", ""): N_("Popping has halved over the last %(weeks)s weeks."),
    ("", "become painful"): N_("Popping has become painful over the last %(weeks)s weeks."),
    ("", "stopped hurting as often"): N_(
        "Popping has stopped hurting as often over the last %(weeks)s weeks."
    ),
    ("doubled", "become painful"): N_(
        "Popping has doubled and become painful over the last %(weeks)s weeks."
    ),
    ("more than doubled", "become painful"): N_(
        "Popping has more than doubled and become painful over the last %(weeks)s weeks."
    ),
    ("halved", "become painful"): N_(
        "Popping has halved and become painful over the last %(weeks)s weeks."
    ),
    ("doubled", "stopped hurting as often"): N_(
        "Popping has doubled and stopped hurting as often over the last %(weeks)s weeks."
    ),
    ("more than doubled", "stopped hurting as often"): N_(
        "Popping has more than doubled and stopped hurting as often over the last %(weeks)s weeks."
    ),
    ("halved", "stopped hurting as often"): N_(
        "Popping has halved and stopped hurting as often over the last %(weeks)s weeks."
    ),
}


@dataclass(frozen=True, slots=True)
class Slope:
    """Change in mean pain per week, with its standard error, over ``weeks`` weeks."""

    per_week: float
    stderr: float | None
    weeks: int

    @property
    def direction(self) -> str:
        """ "no clear change" unless the slope is more than twice its standard error."""
        if self.stderr is not None and abs(self.per_week) <= 2 * self.stderr:
            return "no clear change"
        return "getting worse" if self.per_week > 0 else "easing"

    def words(self) -> str:
        """The clinician's words: the slope and its spread, then what it means."""
        spread = "" if self.stderr is None else f" ± {self.stderr:.2f}"
        said = {
            "no clear change": gettext("%(slope)s points a week (no clear change)"),
            "getting worse": gettext("%(slope)s points a week (getting worse)"),
            "easing": gettext("%(slope)s points a week (easing)"),
        }
        return said[self.direction] % {"slope": f"{self.per_week:+.2f}{spread}"}

    def plain(self, weeks: int) -> str:
        """The person's words over the last ``weeks`` weeks, without the arithmetic."""
        said = {
            "no clear change": ngettext(
                "No clear change in your pain over %(weeks)s week.",
                "No clear change in your pain over %(weeks)s weeks.",
                weeks,
            ),
            "getting worse": ngettext(
                "Your pain has been getting worse over %(weeks)s week.",
                "Your pain has been getting worse over %(weeks)s weeks.",
                weeks,
            ),
            "easing": ngettext(
                "Your pain has been easing over %(weeks)s week.",
                "Your pain has been easing over %(weeks)s weeks.",
                weeks,
            ),
        }
        return said[self.direction] % {"weeks": weeks}


@dataclass(frozen=True, slots=True)
class Trends:
    weeks: list[tuple[date, int, float | None]]  # week start, pops, mean pain (None: no entries)
    pops_per_week: float  # over the last four weeks
    painful_share: float | None  # share of pops that hurt, last four weeks
    pain_4_weeks: Slope | None
    pain_12_weeks: Slope | None
    changes: list[str]  # plain sentences, e.g. "Popping has doubled and become painful ..."

    @property
    def sparkline(self) -> str:
        return sparkline([pops for _, pops, _ in self.weeks])

    def plain(self) -> list[str]:
        """The trends for the person, in sentences without arithmetic (the report keeps the
        figures for the clinician)."""
        per_week = self.pops_per_week
        if per_week == 0:
            often = gettext("No pops noted in the last 4 weeks.")
        elif per_week < 1:
            often = gettext("Fewer than 1 pop a week over the last 4 weeks.")
        else:
            often = gettext("About %(pops)s pops a week over the last 4 weeks.") % {
                "pops": f"{per_week:,.0f}"
            }
        lines = [often]
        if self.painful_share is not None:
            lines.append(_share_words(self.painful_share))
        for slope, weeks in ((self.pain_4_weeks, 4), (self.pain_12_weeks, 12)):
            lines.append(
                slope.plain(weeks)
                if slope
                else gettext(
                    "Not enough weeks with entries yet to tell where your pain is going"
                    " over %(weeks)s weeks."
                )
                % {"weeks": weeks}
            )
        return lines

    def pops_summary(self) -> str:
        """What the pops chart shows, in a sentence: its text alternative."""
        weeks = len(self.weeks)
        total = sum(pops for _, pops, _ in self.weeks)
        if not total:
            return gettext("No pops noted in the last %(weeks)s weeks.") % {"weeks": weeks}
        start, most, _ = max(self.weeks, key=lambda week: (week[1], week[0]))
        said = ngettext(
            "%(pops)s pop in the last %(weeks)s weeks; the most, %(most)s,"
            " in the week of %(week)s.",
            "%(pops)s pops in the last %(weeks)s weeks; the most, %(most)s,"
            " in the week of %(week)s.",
            total,
        )
        return said % {
            "pops": f"{total:,}",
            "weeks": weeks,
            "most": f"{most:,}",
            "week": f"{start.day} {start:%b}",
        }

    def pain_summary(self) -> str:
        """What the pain chart shows, in a sentence: its text alternative."""
        noted = [(start, pain) for start, _, pain in self.weeks if pain is not None]
        if not noted:
            return gettext("No pain scores noted in the last %(weeks)s weeks.") % {
                "weeks": len(self.weeks)
            }
        low, high = min(p for _, p in noted), max(p for _, p in noted)
        start, last = noted[-1]
        if low == high:
            said = ngettext(
                "Average pain out of 10, in the %(weeks)s week with entries: %(low)s;"
                " %(last)s in the week of %(week)s.",
                "Average pain out of 10, in the %(weeks)s weeks with entries: %(low)s;"
                " %(last)s in the week of %(week)s.",
                len(noted),
            )
        else:
            said = ngettext(
                "Average pain out of 10, in the %(weeks)s week with entries: from %(low)s"
                " to %(high)s; %(last)s in the week of %(week)s.",
                "Average pain out of 10, in the %(weeks)s weeks with entries: from %(low)s"
                " to %(high)s; %(last)s in the week of %(week)s.",
                len(noted),
            )
        return said % {
            "weeks": len(noted),
            "low": f"{low:.1f}",
            "high": f"{high:.1f}",
            "last": f"{last:.1f}",
            "week": f"{start.day} {start:%b}",
        }


def _share_words(share: float) -> str:
    """How many of the pops hurt, as a sentence."""
    if share == 0:
        return gettext("None of those pops hurt.")
    if share == 1:
        return gettext("All of those pops hurt.")
    return gettext("About %(tenths)s in 10 of those pops hurt.") % {
        "tenths": max(1, round(share * 10))
    }


def week_start(week: int) -> date:
    return EPOCH_MONDAY + timedelta(weeks=week)


def week_of(moment: datetime) -> int:
    return (int(moment.timestamp() // 86_400) + 3) // 7


def sparkline(values: list[int]) -> str:
    top = max(values, default=0)
    if top == 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[min(len(SPARKS) - 1, round(v / top * (len(SPARKS) - 1)))] for v in values)


def slope(points: list[tuple[int, float]]) -> Slope | None:
    """Least-squares slope of (week, mean pain), with its standard error (None below 3 weeks)."""
    if len(points) < 3:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    b = sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx
    residual = sum((y - (mean_y + b * (x - mean_x))) ** 2 for x, y in points)
    return Slope(b, math.sqrt(residual / (n - 2) / sxx), n)


def compute(store: DiaryReader, now: datetime | None = None, span: int = 12) -> Trends:
    """The trends of the last ``span`` weeks up to ``now`` (the current week included)."""
    now = now or datetime.now(UTC)
    current = week_of(now)
    first = current - span + 1
    rows = {r.week: r for r in store.weeks(since_day=first * 7 - 3)}
    return from_weeks(rows, current, span)


def from_weeks(rows: dict[int, WeekRow], current: int, span: int = 12) -> Trends:
    weeks = [
        (week_start(w), rows[w].pops if w in rows else 0, rows[w].mean_pain if w in rows else None)
        for w in range(current - span + 1, current + 1)
    ]
    recent = [rows[w] for w in range(current - 3, current + 1) if w in rows]
    pops_recent = sum(r.pops for r in recent)
    share = sum(r.painful_pops for r in recent) / pops_recent if pops_recent else None

    def pain_points(n: int) -> list[tuple[int, float]]:
        return [(w, rows[w].mean_pain) for w in range(current - n + 1, current + 1) if w in rows]

    return Trends(
        weeks=weeks,
        pops_per_week=pops_recent / 4,
        painful_share=share,
        pain_4_weeks=slope(pain_points(4)),
        pain_12_weeks=slope(pain_points(12)),
        changes=changes(rows, current),
    )


def changes(rows: dict[int, WeekRow], current: int) -> list[str]:
    """What changed between the last three weeks and the three before them."""
    last = [rows[w] for w in range(current - CHANGE_WINDOW + 1, current + 1) if w in rows]
    before = [
        rows[w]
        for w in range(current - 2 * CHANGE_WINDOW + 1, current - CHANGE_WINDOW + 1)
        if w in rows
    ]
    pops_last, pops_before = sum(r.pops for r in last), sum(r.pops for r in before)
    if not pops_last or not pops_before:
        return []  # a change needs entries on both sides of the comparison
    often = pain = ""
    if pops_before and pops_last >= 2 * pops_before:
        often = "doubled" if pops_last < 3 * pops_before else "more than doubled"
    elif pops_last and pops_before >= 2 * pops_last:
        often = "halved"
    share_last = sum(r.painful_pops for r in last) / pops_last if pops_last else 0.0
    share_before = sum(r.painful_pops for r in before) / pops_before if pops_before else 0.0
    if share_last >= 0.5 and share_last - share_before >= 0.25:
        pain = "become painful"
    elif share_before >= 0.5 and share_before - share_last >= 0.25:
        pain = "stopped hurting as often"
    if not (often or pain):
        return []
    return [gettext(CHANGES[often, pain]) % {"weeks": 2 * CHANGE_WINDOW}]
