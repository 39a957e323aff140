"""``understand(text)``: a description in the person's own words, read into case fields."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from crepitus.contract.fields import FieldSpec, case_fields
from crepitus.understanding.lexicon import ANY, CATEGORIES, Concept, Lexicon
from crepitus.understanding.numbers import TENS, read_number
from crepitus.understanding.pipeline import reader
from crepitus.understanding.result import Mention, Understanding

if TYPE_CHECKING:
    from spacy.tokens import Span

MAX_TEXT = 5000  # characters; a description, not a medical record
SPANS = "medspacy_spans"


class _Match(NamedTuple):
    span: Span
    concept: Concept
    sentence: int


def understand(text: str) -> Understanding:
    """Read ``text`` into the case fields it states, each traced to the words it came from.

    Red flags the text does not mention stay out of the case (unknown), never "no".
    """
    if not isinstance(text, str):
        raise TypeError(f"understand() takes text, got {type(text).__name__}")
    text = text[:MAX_TEXT]
    built = reader()
    # a closing full stop lets "... numb. 61" read the last word as a sentence of its own
    ended = text.rstrip().endswith((".", "!", "?"))
    doc = built.doc(text if ended else text + " .")
    fields = case_fields()
    sentence_of = {s.start: i for i, s in enumerate(doc.sents)}
    matches = [
        _Match(span, built.concepts[span.label_], _sentence(span, sentence_of))
        for span in doc.spans.get(SPANS, [])
    ]
    matches = _quiet(matches)
    mentions = [_clamped(m, text) for m in _settle(matches, built.lexicon, fields)]
    case = _resolve([m for m in mentions if m.used and not m.estimated], built.lexicon, fields)
    estimates = _resolve([m for m in mentions if m.used and m.estimated], built.lexicon, fields)
    estimates = {k: v for k, v in estimates.items() if k not in case}
    mentions.sort(key=lambda m: (m.start, m.end, m.field))
    return Understanding(text, case, estimates, tuple(mentions))


def _clamped(mention: Mention, text: str) -> Mention:
    """Keep a mention inside the text (a full stop may have been added after it)."""
    end = min(mention.end, len(text.rstrip()))
    quote = mention.quote.rstrip(" .") if mention.quote.endswith(" .") else mention.quote
    return mention._replace(end=end, text=text[mention.start : end], quote=quote)


def _sentence(span: Span, sentence_of: dict[int, int]) -> int:
    return sentence_of.get(span.sent.start, 0)


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _quiet(matches: list[_Match]) -> list[_Match]:
    """Drop what look-alikes and longer readings silence, and the look-alikes themselves."""
    ignored = [m for m in matches if m.concept.ignore]
    kept: list[_Match] = []
    for match in matches:
        if match.concept.ignore:
            continue
        if any(_overlap(match.span, other.span) for other in ignored):
            continue
        if any(
            match.concept.id in other.concept.suppresses and _overlap(match.span, other.span)
            for other in matches
        ):
            continue
        kept.append(match)
    return kept


def _settle(matches: list[_Match], lex: Lexicon, fields: dict[str, FieldSpec]) -> list[Mention]:
    """Turn matches into mentions. Anchored concepts count only beside what they need, so they
    are settled after the others, round by round, until nothing changes."""
    free = [m for m in matches if not m.concept.anchor and not m.concept.requires]
    waiting = [m for m in matches if m.concept.anchor or m.concept.requires]
    settled: list[tuple[_Match, list[Mention]]] = [(m, _mentions(m, lex, fields)) for m in free]
    while waiting:
        progress = False
        for match in list(waiting):
            if _anchored(match, settled):
                settled.append((match, _mentions(match, lex, fields)))
                waiting.remove(match)
                progress = True
        if not progress:
            break
    return _longest_per_field(settled)


ABSENT = (False, 0, "none", "never")


def _holds(mentions: list[Mention], tests: tuple[tuple[str, Any], ...]) -> bool:
    """Whether a mention affirms one of the tests: a given value, or (ANY) something there at all
    ("numbness" holds for numbness = true, not for "legs feel normal")."""
    return any(
        m.used
        and not m.negated
        and m.field == name
        and (m.value == value if value is not ANY else m.value not in ABSENT)
        for m in mentions
        for name, value in tests
    )


def _anchored(match: _Match, settled: list[tuple[_Match, list[Mention]]]) -> bool:
    concept = match.concept
    if concept.requires:
        everywhere = [m for _, found in settled for m in found]
        if not _holds(everywhere, concept.requires):
            return False
    if concept.anchor:
        beside = [m for other, found in settled if other.sentence == match.sentence for m in found]
        if not _holds(beside, concept.anchor):
            return False
    return True


def _longest_per_field(settled: list[tuple[_Match, list[Mention]]]) -> list[Mention]:
    """Where two readings of one field overlap, the longer stretch of words wins ("no strength"
    over "strength"; "shoulder blade" over "shoulder"), unless one affirms and the other denies:
    then both stay, and the affirmed one outweighs the other when they are combined."""
    mentions = [m for _, found in settled for m in found]
    kept: list[Mention] = []
    for mention in mentions:
        length = mention.end - mention.start
        beaten = any(
            other.field == mention.field
            and other.negated == mention.negated  # a yes is never outvoted by a longer no
            and other.start < mention.end
            and mention.start < other.end
            and other.end - other.start > length
            for other in mentions
        )
        if not beaten:
            kept.append(mention)
    return kept


def _mentions(match: _Match, lex: Lexicon, fields: dict[str, FieldSpec]) -> list[Mention]:
    span, concept = match.span, match.concept
    # a concept with nothing to deny (an age, a region, a sound) is out of a negation's reach:
    # in "no pain, 44F" or "not on steroids, lower back pops" the "no" is not about them
    negated = bool(span._.is_negated) and bool(concept.absent)
    hypothetical = bool(span._.is_hypothetical)
    historical = bool(span._.is_historical)
    other = bool(span._.is_family)
    used = not hypothetical and not other and (concept.history_counts or not historical)
    values: dict[str, Any]
    if negated:
        values = dict(concept.absent)
    else:
        values = dict(concept.present)
        if concept.number is not None:
            units = lex.units[concept.unit] if concept.unit else None
            number = read_number(_number_words(span), lex.numbers, units)
            if number is not None and fields[concept.number].accepts(round(number)):
                values[concept.number] = round(number)
    quote = _quote(span)
    found: list[Mention] = []
    for name, value in values.items():
        members = value if isinstance(value, list) and value else [value]
        for member in members:
            found.append(
                Mention(
                    name,
                    member,
                    span.text,
                    span.start_char,
                    span.end_char,
                    concept.id,
                    negated,
                    hypothetical,
                    historical,
                    other,
                    concept.estimate and not negated,
                    used,
                    quote,
                )
            )
    return found


MEANINGS = frozenset(CATEGORIES.values()) - {"PSEUDO", "TERMINATE"}
QUOTE_REACH = 6  # tokens between a finding and the words that changed it, to quote both


def _quote(span: Span) -> str:
    """The finding with the nearby words that changed its meaning ("No numbness", "what if my
    legs go numb"), or "" when nothing did."""
    nearest: tuple[int, int, int] | None = None  # (distance, first, last) of the closest cue
    for modifier in span._.modifiers:
        if modifier.category not in MEANINGS:  # an end of reach, not a change of meaning
            continue
        first, last = modifier.modifier_span
        distance = span.start - last if last <= span.start else first - span.end
        if 0 <= distance <= QUOTE_REACH and (nearest is None or distance < nearest[0]):
            nearest = (distance, first, last)
    if nearest is None:
        return ""
    return span.doc[min(span.start, nearest[1]) : max(span.end, nearest[2])].text


def _number_words(span: Span) -> list[str]:
    """The span's words, and the units word of a number split across it ("I am forty-two")."""
    words = [token.norm_ for token in span]
    following = [token.norm_ for token in span.doc[span.end : span.end + 2]]
    if words and words[-1] in TENS and following:
        words.extend(following[1:] if following[0] == "-" else following[:1])
    return words


def _resolve(mentions: list[Mention], lex: Lexicon, fields: dict[str, FieldSpec]) -> dict[str, Any]:
    """One value per field. What is affirmed outweighs what is denied ("no pain in my neck, but
    my back hurts"), a yes outweighs a no, and ordered fields keep their most serious value."""
    by_field: dict[str, list[Mention]] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        by_field.setdefault(mention.field, []).append(mention)
    case: dict[str, Any] = {}
    for name, spec in fields.items():
        found = by_field.get(name)
        if not found:
            continue
        affirmed = [m for m in found if not m.negated]
        chosen = affirmed or found
        how, order = lex.resolve.get(name, ("first", ()))
        if spec.kind == "set":
            members: list[Any] = []
            for mention in chosen:
                if mention.value != [] and mention.value not in members:
                    members.append(mention.value)
            case[name] = members
        elif spec.kind == "boolean":
            case[name] = any(m.value is True for m in chosen)
        elif how == "max":
            case[name] = max(m.value for m in chosen)
        elif how == "ordered":
            case[name] = max((m.value for m in chosen), key=order.index)
        else:
            case[name] = chosen[0].value
    return case
