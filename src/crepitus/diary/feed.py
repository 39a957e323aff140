"""What the diary tells the assessment: case fields measured from the entries, with their evidence.

The diary measures what the check otherwise asks from memory: how often it pops, whether popping
hurts, how long pain has lasted, and the usual region, sound and triggers. The mapping follows the
contract's own definitions of these fields (case.schema.json); answers a person gives directly
always win over the diary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from crepitus.i18n import N_, current, format_day_month, gettext, ngettext
from crepitus.store.diary import EntryRecord

WINDOW_DAYS = 28  # the diary's recent past, as the check's "how often" question means it
DAILY_DAYS = 20  # popping on at least this many of the last 28 days counts as daily
MANY_A_DAY = 3  # pops per popping day that count as "many times a day"
PAIN_GAP_DAYS = 7  # a pain-free gap longer than this ends a run of pain
CURRENT_PAIN_DAYS = 7  # the latest pain score counts as "now" when this recent
# what the diary says of a field it measured, in whole sentences (the reader's language)
MOST_COMMON = {
    "pop_region": N_("where it pops in %(count)s of %(recent)s recent entries"),
    "pop_sound": N_("the sound in %(count)s of %(recent)s recent entries"),
}


@dataclass(frozen=True, slots=True)
class DiaryFact:
    """One case field measured from the diary, and the entries behind it."""

    field: str
    value: Any
    because: str
    entries: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "value": self.value,
            "because": self.because,
            "entries": list(self.entries),
        }


def facts(entries: Sequence[EntryRecord], now: datetime) -> list[DiaryFact]:
    """The case fields the diary can answer, measured over the recent entries."""
    recent = [e for e in entries if now - timedelta(days=WINDOW_DAYS) <= e.at <= now]
    if not recent:
        return []
    ids = tuple(e.id for e in recent)
    out = [_frequency(recent, ids)]
    pops = sum(e.pops for e in recent)
    painful = [e for e in recent if e.pain_at_pop]
    share = sum(e.pops for e in painful) / pops
    out.append(
        DiaryFact(
            "pop_painful",
            share >= 0.5,
            gettext("%(share)s of your %(pops)s recorded pops in the last %(days)s days hurt")
            % {"share": f"{share:.0%}", "pops": pops, "days": WINDOW_DAYS},
            tuple(e.id for e in painful) or ids,
        )
    )
    latest = max(entries, key=lambda e: e.at)
    if now - latest.at <= timedelta(days=CURRENT_PAIN_DAYS):
        out.append(
            DiaryFact(
                "pain_score",
                latest.pain,
                gettext("your latest entry (%(day)s) scored the pain %(pain)s")
                % {"day": format_day_month(latest.at, current()), "pain": latest.pain},
                (latest.id,),
            )
        )
        run = _pain_run(entries, latest)
        if run:
            days = (now - run[0].at).days
            out.append(
                DiaryFact(
                    "pain_days",
                    days,
                    ngettext(
                        "your entries show pain since %(day)s (%(days)s day)",
                        "your entries show pain since %(day)s (%(days)s days)",
                        days,
                    )
                    % {"day": format_day_month(run[0].at, current()), "days": days},
                    tuple(e.id for e in run),
                )
            )
    out += _most_common(recent, "region", "pop_region")
    out += _most_common(recent, "sound", "pop_sound")
    triggers = sorted({t for e in recent for t in e.triggers})
    if triggers:
        with_triggers = tuple(e.id for e in recent if e.triggers)
        told = gettext("the triggers you recorded")
        out.append(DiaryFact("pop_triggers", triggers, told, with_triggers))
    for name in ("swelling", "stiffness"):
        marked = tuple(e.id for e in recent if getattr(e, name))
        out.append(DiaryFact(name, bool(marked), _noted(name, len(marked)), marked or ids))
    return out


def _noted(name: str, count: int) -> str:
    """How many recent entries noted swelling or stiffness, as a whole sentence."""
    if name == "swelling":
        if not count:
            return gettext("no entry noted swelling")
        said = ngettext(
            "you noted swelling in %(count)s entry",
            "you noted swelling in %(count)s entries",
            count,
        )
    else:
        if not count:
            return gettext("no entry noted stiffness")
        said = ngettext(
            "you noted stiffness in %(count)s entry",
            "you noted stiffness in %(count)s entries",
            count,
        )
    return said % {"count": count}


def _frequency(recent: Sequence[EntryRecord], ids: tuple[int, ...]) -> DiaryFact:
    days = {e.at.date() for e in recent}
    pops = sum(e.pops for e in recent)
    weeks = {e.at.isocalendar()[:2] for e in recent}
    if len(days) >= DAILY_DAYS:
        value = "many_daily" if pops / len(days) >= MANY_A_DAY else "daily"
    elif len(weeks) >= 4:
        value = "weekly"
    else:
        value = "occasional"
    because = gettext("%(pops)s pops on %(days)s of the last %(window)s days") % {
        "pops": pops,
        "days": len(days),
        "window": WINDOW_DAYS,
    }
    return DiaryFact("pop_frequency", value, because, ids)


def _pain_run(entries: Sequence[EntryRecord], latest: EntryRecord) -> list[EntryRecord]:
    """The entries of the current run of pain, oldest first (empty when the latest is pain-free)."""
    if latest.pain == 0:
        return []
    run = [latest]
    for entry in sorted((e for e in entries if e.at < latest.at), key=lambda e: e.at, reverse=True):
        if entry.pain > 0 and run[-1].at - entry.at <= timedelta(days=PAIN_GAP_DAYS):
            run.append(entry)
        elif entry.pain > 0:
            break
    return run[::-1]


def _most_common(recent: Sequence[EntryRecord], attribute: str, field: str) -> list[DiaryFact]:
    counts = Counter(getattr(e, attribute) for e in recent if getattr(e, attribute))
    if not counts:
        return []
    value, n = counts.most_common(1)[0]
    chosen = tuple(e.id for e in recent if getattr(e, attribute) == value)
    told = gettext(MOST_COMMON[field]) % {"count": n, "recent": len(recent)}
    return [DiaryFact(field, value, told, chosen)]


def merge(
    case: Mapping[str, Any], found: Sequence[DiaryFact]
) -> tuple[dict[str, Any], list[DiaryFact]]:
    """The case with the diary's fields added where the case is silent, and the facts used."""
    merged = dict(case)
    used = []
    for fact in found:
        if fact.field not in merged:
            merged[fact.field] = fact.value
            used.append(fact)
    return merged, used
