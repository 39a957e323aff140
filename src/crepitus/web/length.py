"""How long the check is, as measured: the home page's estimate comes from here.

``bench/screens.py --write`` plays every dev vignette through the JSON API and keeps the median
number of screens to a result in ``data/check_length.json``; a test checks that the figure is the
one the benchmark page reports.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

LENGTH_FILE = Path(str(resources.files("crepitus.web").joinpath("data", "check_length.json")))


@cache
def screens_median() -> int:
    """The measured median number of screens of questions to a result, rounded up."""
    figure = json.loads(LENGTH_FILE.read_text("utf-8"))["screens_median"]
    return int(-(-figure // 1))
