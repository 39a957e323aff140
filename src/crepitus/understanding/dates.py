"""The day a description is read on: durations told as dates are counted to it."""

from __future__ import annotations

import os
import re
from datetime import date

from crepitus.errors import CrepitusError

TODAY = "CREPITUS_TODAY"  # the day durations are counted to, for figures that must not drift
YEAR = re.compile(r"^(19|20)\d\d$")


def today() -> date:
    """The day a duration told as a date ("since July", "since 2013") is counted to: today, or
    the ISO date in CREPITUS_TODAY, so that an evaluation gives the same figures on any day."""
    fixed = os.environ.get(TODAY)
    if not fixed:
        return date.today()
    try:
        return date.fromisoformat(fixed)
    except ValueError:
        raise CrepitusError(f"{TODAY}: expected a date such as 2026-12-07, got {fixed!r}") from None


# a year ended this many days ago or more is past; "in 2026" said in January 2027 may be weeks ago
SETTLED_DAYS = 60


def past_year(word: str) -> bool:
    """Whether ``word`` is a calendar year that ended a while ago: "in 2019" is history, while
    this year's number, or last year's in the first weeks of a new one, may be last week."""
    return bool(YEAR.match(word)) and (today() - date(int(word), 12, 31)).days >= SETTLED_DAYS
