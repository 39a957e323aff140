"""A learned second reading: do a description's words resemble real descriptions that needed
urgent or emergency care?

The rule-based reader finds what a text states. This model only looks at which words and word
pieces it uses, so it can notice an emergency told in wording no rule has met yet ("pinned",
"going an estimated 30 mph"). It may only add concern: its answer is an estimate of the case
field ``wording_concern``, which no question asks, so an assessment from the words alone may be
raised by it, and a check's answers are never lowered by it. The weights are a data file in the
package (``wording_model.json``), trained by ``eval/train_wording.py`` from the labelled
descriptions in this repository; nothing is downloaded.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import pairwise
from typing import Any

from crepitus.errors import KnowledgeError

MODEL_FILE = "wording_model.json"
LEVELS = ("urgent", "emergency")  # the concern it can add, lowest first
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
CHAR_SIZES = (3, 4, 5)


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("\u2019", "'"))


def pieces(text: str) -> Counter[str]:
    """The features of ``text``: words, word pairs (``w:``) and pieces of 3 to 5 characters of
    each word (``c:``), which carry over to misspellings and new word forms."""
    words = _words(text)
    found: Counter[str] = Counter(f"w:{w}" for w in words)
    found.update(f"w:{a} {b}" for a, b in pairwise(words))
    for word in words:
        padded = f" {word} "
        for size in CHAR_SIZES:
            found.update(f"c:{padded[i : i + size]}" for i in range(max(len(padded) - size + 1, 1)))
    return found


def vector(found: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    """Sublinear term frequency times idf, scaled to unit length within words and within pieces,
    over the features the model knows."""
    weights = {f: (1 + math.log(n)) * idf[f] for f, n in found.items() if f in idf}
    for kind in ("w:", "c:"):
        norm = math.sqrt(sum(v * v for f, v in weights.items() if f.startswith(kind)))
        if norm:
            for f in weights:
                if f.startswith(kind):
                    weights[f] /= norm
    return weights


@dataclass(frozen=True)
class Level:
    name: str
    threshold: float
    bias: float
    weights: dict[str, float]

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) * v for f, v in features.items())
        return 1 / (1 + math.exp(-max(min(z, 30.0), -30.0)))


@dataclass(frozen=True)
class WordingModel:
    version: str
    idf: dict[str, float]
    levels: tuple[Level, ...]

    def concern(self, text: str) -> tuple[str | None, list[str]]:
        """The highest level whose probability passes its threshold (or None), and the words
        that pushed hardest towards it, for showing why."""
        features = vector(pieces(text), self.idf)
        reached = None
        for level in self.levels:
            if level.probability(features) >= level.threshold:
                reached = level
        if reached is None:
            return None, []
        pushes = {
            f[2:]: reached.weights.get(f, 0.0) * v
            for f, v in features.items()
            if f.startswith("w:")
        }
        top = sorted((w for w, push in pushes.items() if push > 0), key=lambda w: -pushes[w])
        return reached.name, top[:3]


KEYS = {"version", "trained_on", "idf", "levels"}
LEVEL_KEYS = {"name", "threshold", "bias", "weights"}


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _numbers(values: Any) -> bool:
    return isinstance(values, dict) and all(map(_number, values.values()))


def parse(data: Any) -> WordingModel:
    """The model from its JSON form; anything unexpected is an error that names it."""
    if not isinstance(data, dict) or set(data) != KEYS:
        raise KnowledgeError(f"{MODEL_FILE}: expected exactly the keys {sorted(KEYS)}")
    idf = data["idf"]
    if not _numbers(idf):
        raise KnowledgeError(f"{MODEL_FILE}: idf must map features to numbers")
    names = [raw.get("name") if isinstance(raw, dict) else None for raw in data["levels"]]
    if names != list(LEVELS):
        raise KnowledgeError(f"{MODEL_FILE}: levels must be {list(LEVELS)} in that order")
    levels = []
    for i, raw in enumerate(data["levels"]):
        at = f"{MODEL_FILE}: levels[{i}]"
        if set(raw) != LEVEL_KEYS:
            raise KnowledgeError(f"{at} needs exactly {sorted(LEVEL_KEYS)}")
        if not _numbers(raw["weights"]) or set(raw["weights"]) - set(idf):
            raise KnowledgeError(f"{at}.weights must map features with an idf to numbers")
        if not _number(raw["threshold"]) or not 0 < raw["threshold"] < 1:
            raise KnowledgeError(f"{at}.threshold must be a number between 0 and 1")
        if not _number(raw["bias"]):
            raise KnowledgeError(f"{at}.bias must be a number")
        levels.append(
            Level(raw["name"], float(raw["threshold"]), float(raw["bias"]), raw["weights"])
        )
    return WordingModel(str(data["version"]), idf, tuple(levels))


@cache
def model() -> WordingModel:
    return parse(
        json.loads(files("crepitus.understanding").joinpath(MODEL_FILE).read_text("utf-8"))
    )
