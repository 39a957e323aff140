"""The diary form: what was typed, kept as typed, and what is wrong with it in plain words.

The store's ``check_entry`` decides what is valid (for every surface); this module only reads
the form and says each of its problems the way a person needs to hear it, beside the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from crepitus.errors import EntryError
from crepitus.store.diary import (
    FIRST_YEAR,
    MAX_NOTE,
    MAX_POPS,
    WHOLE,
    EntryData,
    EntryRecord,
    check_entry,
)
from crepitus.web.language import gettext as _

# How far ahead of the server's clock an entry may be: a little for clocks that differ, and a
# day's worth of time zones when the browser did not say which zone its time is in.
SLACK_KNOWN_ZONE = timedelta(minutes=10)
SLACK_UNKNOWN_ZONE = timedelta(hours=14)
MAX_OFFSET = 14 * 60  # minutes: the furthest any time zone is from UTC
# the order fields are checked and listed in the error summary: the order of the form
ORDER = (
    *("region", "pops", "pain", "triggers", "sound", "pain_at_pop", "swelling", "stiffness"),
    *("at", "note"),
)
# the fields inside "More details", which opens when one of them needs attention
DETAILS = {"triggers", "swelling", "stiffness", "at", "note", "sound"}
# each field's element to link to from the error summary
TARGETS = {"region": "region-first", "triggers": "trigger-first"}


@dataclass
class DiaryForm:
    """A diary form as typed: its values (strings and lists, to fill the form again) and the
    plain message for each field that needs changing."""

    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    editing: bool = False

    @property
    def summary(self) -> list[tuple[str, str]]:
        """(element id, message) for each problem, in the order of the form."""
        found = [name for name in ORDER if name in self.errors]
        return [(TARGETS.get(name, name), self.errors[name]) for name in found]

    @property
    def details_open(self) -> bool:
        """Whether "More details" starts open: when editing, or when it holds something."""
        if self.editing or DETAILS & set(self.errors):
            return True
        v = self.values
        return bool(v["triggers"] or v["swelling"] or v["stiffness"] or v["at"] or v["note"])


def blank(region: str) -> DiaryForm:
    """A new entry's form; ``region`` is where the last entry popped (people log one place)."""
    values = {"region": region, "pops": "1", "pain": "0", "pain_at_pop": False, "triggers": []}
    values |= {"swelling": False, "stiffness": False, "at": "", "note": "", "sound": ""}
    values["tz"] = ""  # the browser's zone, which enhance.js fills in
    return DiaryForm(values)


def of_entry(entry: EntryRecord) -> DiaryForm:
    """An entry's form for changing it, with its time as it was noted (in the server's zone)."""
    shown = entry.at.astimezone()
    values = {
        "region": entry.region,
        "pops": str(entry.pops),
        "pain": str(entry.pain),
        "pain_at_pop": entry.pain_at_pop,
        "triggers": list(entry.triggers),
        "swelling": entry.swelling,
        "stiffness": entry.stiffness,
        "at": shown.strftime("%Y-%m-%dT%H:%M"),
        # the zone the time is shown in, so it is read back in the same one
        "tz": str(round((shown.utcoffset() or timedelta()).total_seconds() / 60)),
        "note": entry.note,
        "sound": entry.sound or "",
    }
    return DiaryForm(values, editing=True)


def read(form: Any, now: datetime, editing: bool = False) -> tuple[DiaryForm, EntryData | None]:
    """The form as typed and, when nothing is wrong, the entry to store."""
    values = {
        "region": str(form.get("region", "")),
        "pops": str(form.get("pops", "")).strip(),
        "pain": str(form.get("pain", "")).strip(),
        "pain_at_pop": form.get("pain_at_pop") == "yes",
        "triggers": [str(t) for t in form.getlist("triggers")],
        "swelling": form.get("swelling") == "yes",
        "stiffness": form.get("stiffness") == "yes",
        "at": str(form.get("at", "")).strip(),
        "note": str(form.get("note", "")).strip(),
        "sound": str(form.get("sound", "")),
        "tz": str(form.get("tz", "")),
    }
    typed = DiaryForm(values, editing=editing)
    zone = _zone(values["tz"])
    latest = now + (SLACK_KNOWN_ZONE if zone is not None else SLACK_UNKNOWN_ZONE)
    if editing and not values["at"]:  # an old entry must not move to now by mistake
        typed.errors["at"] = _("Enter when it popped.")
    raw = {**values, "at": _moment(values["at"], now, zone), "sound": values["sound"] or None}
    del raw["tz"]
    entry: EntryData | None = None
    try:
        entry = check_entry(raw, latest=latest)
    except EntryError as exc:
        for problem in exc.problems:
            message = _message(problem.field, values, raw["at"], latest)
            typed.errors.setdefault(problem.field, message)
    return typed, None if typed.errors else entry


def _zone(offset: str) -> tzinfo | None:
    """The browser's time zone, as minutes east of UTC (enhance.js sends it); None if unknown."""
    if not WHOLE.fullmatch(offset) or abs(int(offset)) > MAX_OFFSET:
        return None
    return timezone(timedelta(minutes=int(offset)))


def _moment(text: str, now: datetime, zone: tzinfo | None) -> Any:
    """The typed date and time, in the browser's zone (or the server's); now when empty."""
    if not text:
        return now
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text  # check_entry refuses it, and the message below says what to type
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone or datetime.now().astimezone().tzinfo)
    return moment


def _message(name: str, values: dict[str, Any], moment: Any, latest: datetime) -> str:
    """What to do about a field, in plain words, from what was typed in it."""
    if name == "pops":
        typed = values["pops"]
        if WHOLE.fullmatch(typed) and int(typed) > MAX_POPS:
            return _("Enter how many pops, %(most)s or fewer.") % {"most": f"{MAX_POPS:,}"}
        return _("Enter how many pops, 1 or more.")
    if name == "pain":
        return _("Enter your pain now as a number from 0 (no pain) to 10 (the worst).")
    if name == "at":
        return _when_message(moment, latest)
    if name == "note":
        length = len(values["note"])
        if length > MAX_NOTE:
            return _(
                "Your note is %(length)s characters long. Shorten it to %(most)s characters"
                " or fewer; nothing you typed has been cut."
            ) % {"length": f"{length:,}", "most": f"{MAX_NOTE:,}"}
        return _("Your note has a character that cannot be saved (a control character). Remove it.")
    if name == "region":
        return _("Choose where it popped.")
    return _("Choose from the options shown.")


def _when_message(moment: Any, latest: datetime) -> str:
    """What to do about the time, from the moment the form's text was read as (or the text)."""
    if not isinstance(moment, datetime):
        return _(
            "Enter the date and time in full, like 28 11 2026 08:30, or leave it empty for now."
        )
    if moment.year < FIRST_YEAR:
        return _("Enter a date from %(year)s on.") % {"year": FIRST_YEAR}
    if moment > latest:
        return _("That date is in the future. Enter when it popped.")
    return _("Enter the date and time in full, or leave it empty for now.")
