"""``understand(text)``: a description in the person's own words, read into case fields."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple

from crepitus.contract.fields import FieldSpec, case_fields
from crepitus.understanding.dates import today
from crepitus.understanding.lexicon import ANY, CATEGORIES, Concept, Lexicon
from crepitus.understanding.numbers import TENS, read_number
from crepitus.understanding.pipeline import Reader, reader
from crepitus.understanding.result import Mention, Understanding
from crepitus.understanding.wording import model as wording_model

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

MAX_TEXT = 5000  # characters read at once; the web and the API take no more than this
# a longer story (a batch file, the terminal) is read in parts of MAX_TEXT, cut between
# sentences, so a warning sign told near its end still counts; past this many parts it is cut
MAX_PARTS = 8
SPANS = "medspacy_spans"
CONCERN = "wording_concern"  # the wording model's estimate (crepitus.understanding.wording)


class _Match(NamedTuple):
    span: Span
    concept: Concept
    sentence: int
    listed: bool = False  # denied as an item of a denied list ("no pain, numbness or weakness")
    proxy: bool = False  # about the person being described for (a proxy report)


def understand(text: str, *, learned: bool = True) -> Understanding:
    """Read ``text`` into the case fields it states, each traced to the words it came from.

    Red flags the text does not mention stay out of the case (unknown), never "no". With
    ``learned`` (the default) the wording model may add its estimate of ``wording_concern``;
    its trainer reads without it.
    """
    if not isinstance(text, str):
        raise TypeError(f"understand() takes text, got {type(text).__name__}")
    text = text[: MAX_TEXT * MAX_PARTS]
    built = reader()
    fields = case_fields()
    mentions = [
        m._replace(start=m.start + start, end=m.end + start)
        for start, part in _parts(text)
        for m in _read_part(part, built)
    ]
    mentions = _pain_stated_is_pain(_guess_last(mentions))
    case = _resolve([m for m in mentions if m.used and not m.estimated], built.lexicon, fields)
    estimates = _resolve([m for m in mentions if m.used and m.estimated], built.lexicon, fields)
    estimates = {k: v for k, v in estimates.items() if k not in case}
    # the model learnt from descriptions of backs and necks: a text in which the reader finds
    # nothing of one ("hello", "hi there") is not one, and near-even odds there are no concern
    if (
        learned
        and mentions
        and (concern := _wording_concern(text)) is not None
        and CONCERN not in case
    ):
        estimates[CONCERN] = concern.value
        mentions.append(concern)
    mentions.sort(key=lambda m: (m.start, m.end, m.field))
    return Understanding(text, case, estimates, tuple(mentions))


def _wording_concern(text: str) -> Mention | None:
    """The learned wording model's reading, as an estimate traced to the word that pushed it
    most: it can only add concern, and no question asks it."""
    level, words = wording_model().concern(text)
    if level is None:
        return None
    # the model reads curly apostrophes as straight ones; the swap keeps every offset
    seen = text.replace("\u2019", "'")
    found = re.search(rf"\b{re.escape(words[0])}\b", seen, re.IGNORECASE) if words else None
    start, end = found.span() if found else (0, 0)
    said = ", ".join(f'"{w}"' for w in words)
    return Mention(
        CONCERN,
        level,
        text[start:end],
        start,
        end,
        "learned-wording",
        estimated=True,
        quote=f"worded like descriptions that needed {level} care ({said})" if said else "",
    )


SENTENCE_END = re.compile(r"[.!?…]+[\"')\]]*\s+|\n\s*")


def _parts(text: str) -> Iterator[tuple[int, str]]:
    """``text`` in parts of at most MAX_TEXT characters, each with where it starts: cut after
    the last sentence end that fits, else the last space, else where the limit falls."""
    start = 0
    while len(text) - start > MAX_TEXT:
        window = text[start : start + MAX_TEXT]
        ends = [m.end() for m in SENTENCE_END.finditer(window)]
        cut = ends[-1] if ends and ends[-1] > MAX_TEXT // 2 else window.rfind(" ") + 1
        cut = cut if cut > MAX_TEXT // 2 else MAX_TEXT
        yield start, window[:cut]
        start += cut
    yield start, text[start:]


def _read_part(text: str, built: Reader) -> list[Mention]:
    """The mentions of one part of a description (at most MAX_TEXT characters)."""
    # a closing full stop lets "... numb. 61" read the last word as a sentence of its own
    ended = text.rstrip().endswith((".", "!", "?"))
    bounded = _unquoted(_bounded(text))
    doc = built.doc(bounded if ended else bounded + " .")
    fields = case_fields()
    sentence_of = {s.start: i for i, s in enumerate(doc.sents)}
    matches = [
        _Match(span, built.concepts[span.label_], _sentence(span, sentence_of))
        for span in doc.spans.get(SPANS, [])
    ]
    matches = _denied_lists(_proxied(_quiet(matches), doc))
    mentions = [_clamped(m, text) for m in _settle(matches, built.lexicon, fields)]
    mentions += _who(matches, built.lexicon)
    return mentions


# Quotation marks around a word ('then "popped" it') would stand between the words a phrase
# reads; each becomes a space, so the length and every offset stay as they were. A single mark
# inside a word is an apostrophe ("I'd", "can\u2019t") and stays.
QUOTE_MARKS = str.maketrans({mark: " " for mark in '"\u201c\u201d\u201e\u00ab\u00bb'})
_SINGLE_QUOTE = re.compile(r"(?<!\w)['\u2018\u2019]|['\u2018\u2019](?!\w)")


def _unquoted(text: str) -> str:
    return _SINGLE_QUOTE.sub(" ", text.translate(QUOTE_MARKS))


LONGEST_RUN = 48  # characters without a space: longer than any word a description uses
_LONG_RUN = re.compile(rf"\S{{{LONGEST_RUN + 1},}}")


def _bounded(text: str) -> str:
    """The text with every ``LONGEST_RUN + 1``-th character of a longer run made a space.

    The tokenizer's work grows with the square of such a run (a line of 5,000 commas took
    seconds); no word is that long. The length stays the same, so every offset still points
    into the person's own text.
    """

    def split(match: re.Match[str]) -> str:
        run = list(match.group(0))
        for position in range(LONGEST_RUN, len(run), LONGEST_RUN + 1):
            run[position] = " "
        return "".join(run)

    return _LONG_RUN.sub(split, text)


# ---------------------------------------------------------------------------------------------
# Proxy reports: "my dad, 70, slipped on the stairs and his back is agony" is about the dad.

FAMILY = "FAMILY"
RELATION_RULE = "someone-else:"  # the context rule whose cues name a relation ("my dad")
RELATION_ONLY = ("family history", "runs in")  # cues of family history, never a proxy
THIRD_PERSON = frozenset({"he", "she", "his", "her", "him", "hes", "shes", "himself", "herself"})
WRITER = frozenset({"me", "myself"})  # words inside a match that name the one writing
# words after a named relation that make them the one described ("my dad says ...", "mum, 74")
SPEAKS = frozenset(
    {"says", "said", "tells", "told", "complains", "complained", "reports", "thinks", "keeps"}
)
# words after a named relation that make them the subject ("my son has had back ache")
ACTS = frozenset(
    {
        "has", "had", "is", "was", "fell", "slipped", "tripped", "hurt", "injured", "keeps",
        "kept", "can", "could", "cannot", "woke", "wakes", "gets", "got", "went", "started",
        "began", "suffers", "suffered", "seems", "seemed", "twisted", "pulled", "strained",
    }
)  # fmt: skip
# a relation word after a cue that already names the relation ("my teenage son")
RELATION_NOUNS = frozenset(
    {
        "son", "daughter", "mum", "mom", "mam", "dad", "husband", "wife", "partner", "boy",
        "girl", "kid", "child", "brother", "sister", "father", "mother", "man", "lady",
    }
)  # fmt: skip
OWN_BODY = frozenset(
    {
        "back", "neck", "spine", "leg", "legs", "arm", "arms", "foot", "feet", "hand", "hands",
        "head", "bladder", "bowels", "lower", "upper", "shoulder", "shoulders", "hip", "hips",
    }
)  # fmt: skip


POSSESSIVE = frozenset({"his", "her", "their"})
POSSESSIVE_S = frozenset({"'s"})  # a curly apostrophe's normal form too
ANYONE = "*"  # a cue that names no one new ("he has", "she had"): whoever is being described


def _named(span: Span) -> set[str]:
    """Who the words of a match name themselves ("dad, 70" names "dad"; "he is 72", anyone)."""
    first = span[0].norm_
    # "his", "her" are read as "my" (so that "his back" is a back): as typed, they name no one new
    typed = span[0].lower_
    return {ANYONE} if first in ("he", "she", "who", "i", "me") or typed in POSSESSIVE else {first}


def _relations(span: Span) -> set[str]:
    """Who a match is about, by the relation cues that reach it ("my husband" gives "husband"),
    leaving out family history ("runs in the family")."""
    found: set[str] = set()
    for modifier in span._.modifiers:
        if modifier.category != FAMILY:
            continue
        literal = modifier.rule.literal
        if not literal.startswith(RELATION_RULE) or any(w in literal for w in RELATION_ONLY):
            continue
        words = literal.removeprefix(RELATION_RULE).split()
        found.add(ANYONE if words[0] in ("he", "she", "he's", "she's") else words[-1])
    return found


def _after_relations(related: list[_Match], doc: Doc) -> Iterator[Token]:
    """The first word after each named relation ("my dad" says, "my teenage son" has)."""
    for match in related:
        for modifier in match.span._.modifiers:
            if modifier.category != FAMILY:
                continue
            end = modifier.modifier_span[1]
            following = [t for t in doc[end : end + 4] if t.norm_ not in (",", "'s")]
            if following and following[0].lower_ in RELATION_NOUNS:
                following = following[1:]  # "my teenage" son, "my elderly" mum
            if following:
                yield following[0]


def _speaks(related: list[_Match], doc: Doc) -> bool:
    """Whether a named relation is followed by what they say or their age ("my dad says")."""
    return any(
        token.norm_ in SPEAKS or token._.crepitus_number for token in _after_relations(related, doc)
    )


def _acts(related: list[_Match], doc: Doc) -> bool:
    """Whether a named relation is the subject of what follows ("my son has had back ache"), or
    owns the body it speaks of ("my daughter's back hurts")."""
    return any(
        token.lower_ in ACTS
        or (token.lower_ in OWN_BODY and token.i > 0 and doc[token.i - 1].norm_ in POSSESSIVE_S)
        for token in _after_relations(related, doc)
    )


RELATION = "relation"  # the concept id shown for what a named relation stands for


def _who(matches: list[_Match], lex: Lexicon) -> list[Mention]:
    """In a proxy report, what the person described is by the word naming them: "my husband"
    is male. Read from the first relation cue that reaches a match of the report."""
    cues = [
        modifier.modifier_span
        for match in matches
        if match.proxy
        for modifier in match.span._.modifiers
        if modifier.category == FAMILY and modifier.rule.literal.startswith(RELATION_RULE)
    ] + [(m.span.start, m.span.end) for m in matches if m.proxy and m.concept.about_other]
    if not cues:
        return []
    doc = matches[0].span.doc
    for first, last in sorted(cues):
        for token in doc[first:last]:
            stated = lex.relations.get(token.norm_, {})
            guessed = lex.relation_estimates.get(token.norm_, {})
            if stated or guessed:
                where = (token.text, token.idx, token.idx + len(token), RELATION)
                return [Mention(name, value, *where) for name, value in stated.items()] + [
                    Mention(name, value, *where, estimated=True) for name, value in guessed.items()
                ]
    return []


def _proxied(matches: list[_Match], doc: Doc) -> list[_Match]:
    """Mark the matches of a proxy report: a description written about someone else (a parent,
    a partner, a child) whose age and symptoms are the case. It is a proxy report when a relation
    is named, the text speaks of them ("he", "his back", "my dad, 70") and never of the writer's
    own body ("my back"); family history beside the writer's own symptoms stays set aside."""
    about = {
        index: _named(m.span) if m.concept.about_other else _relations(m.span)
        for index, m in enumerate(matches)
        if m.concept.about_other or m.span._.is_family
    }
    about = {index: who for index, who in about.items() if who}
    if not about:
        return matches
    # the first person named is the one described; another relative's facts stay theirs
    named = [
        who - {ANYONE} for _, who in sorted(about.items(), key=lambda i: matches[i[0]].span.start)
    ]
    subject = next((who for who in named if who), set())
    related = [
        matches[index]
        for index, who in about.items()
        if ANYONE in who or not subject or who & subject
    ]
    words = [token.lower_ for token in doc]  # as typed: "his back" is not "my back"
    spoken_of = any(word in THIRD_PERSON for word in words) or _speaks(related, doc)
    # an age or a verb after the relation makes them the one described only when the writer
    # never speaks of themselves: "my son has had back ache", not "my brother has it and I ..."
    told_of = any(_ages(m.concept) for m in related) or _acts(related, doc)
    if not spoken_of and (not told_of or "i" in words or "me" in words):
        return matches  # "my brother is 40 and I have back pain" is about me
    if any(a == "my" and b in OWN_BODY for a, b in pairwise(words)):
        return matches
    # the writer's own age ("I'm 30, writing for my nan, 88") is not the age of the one described
    return [
        m._replace(proxy=True) if m in related else m
        for m in matches
        if m in related or not _writers_age(m)
    ]


def _ages(concept: Concept) -> bool:
    """Whether a concept reads an age, as a number ("my dad, 70") or in words ("my elderly mum")."""
    return concept.number == "age" or "age" in concept.present


def _writers_age(match: _Match) -> bool:
    return match.concept.number == "age" and any(t.lower_ in ("i", "me", "i'm") for t in match.span)


# ---------------------------------------------------------------------------------------------
# Lists: a denial reaches every item of its list ("no pain, numbness or weakness").

LIST_JOINS = frozenset({",", "or", "nor", "/", ";"})
LIST_ENDS = frozenset({"or", "nor"})


def _denies(match: _Match) -> bool:
    """Whether a match says something is not there: negated, or a denial by its own words."""
    if match.span._.is_negated and match.concept.absent:
        return True
    present = match.concept.present
    return bool(present) and all(value in ABSENT for value in present.values())


def _denied_lists(matches: list[_Match]) -> list[_Match]:
    """Items that follow a denial in a list joined by commas and "or" are denied with it. A
    list without "or"/"nor" ("no fever, numb legs") is left as read: unsure is not a denial."""
    if not matches:
        return matches
    doc = matches[0].span.doc
    ends: dict[int, list[int]] = {}
    for index, match in enumerate(matches):
        ends.setdefault(match.span.end, []).append(index)
    denied = {i for i, m in enumerate(matches) if _denies(m)}
    # the end of a denied phrase that the negation's reach did not quite cover ("no chest pain,
    # dizziness or night sweats": "sweats" is the same words as the denied "night sweats")
    listed = {
        index
        for index, match in enumerate(matches)
        if index not in denied
        and any(
            matches[other].concept.id == match.concept.id
            and matches[other].span.start <= match.span.start
            and match.span.end <= matches[other].span.end
            and matches[other].span._.is_negated
            for other in denied
        )
    }
    for index in sorted(range(len(matches)), key=lambda i: matches[i].span.start):
        match = matches[index]
        if index in denied or index in listed or not match.concept.absent:
            continue
        # walk back over joining words to the item before
        position = match.span.start
        joins: list[str] = []
        while position > 0 and doc[position - 1].norm_ in LIST_JOINS:
            joins.append(doc[position - 1].norm_)
            position -= 1
        if not joins:
            continue
        before = [i for i in ends.get(position, []) if matches[i].sentence == match.sentence]
        if not any(i in denied or i in listed for i in before):
            continue
        if not (set(joins) & LIST_ENDS or _list_goes_on(doc, match.span.end)):
            continue
        listed.add(index)
    listed |= {
        index
        for index, match in enumerate(matches)
        if any(
            matches[other].concept.id == match.concept.id
            and matches[other].span.start <= match.span.start
            and match.span.end <= matches[other].span.end
            for other in listed
        )
    }
    return [m._replace(listed=True) if i in listed else m for i, m in enumerate(matches)]


def _list_goes_on(doc: Doc, position: int) -> bool:
    """Whether an "or"/"nor" follows within the next few words of the list."""
    for token in doc[position : position + 4]:
        if token.norm_ in LIST_ENDS:
            return True
        if token.is_sent_end:
            return False
    return False


# ---------------------------------------------------------------------------------------------
# Pain stated is pain: "it didn't hurt at first, but now it's agony".

PAIN = "pain_score"


def _pain_stated_is_pain(mentions: list[Mention]) -> list[Mention]:
    """When pain is affirmed anywhere, a denial of pain elsewhere in the text ("no pain in my
    neck", "didn't hurt at first") no longer says there is none: it is kept and shown, not used."""
    if not any(m.used and m.field == PAIN and not m.negated and m.value for m in mentions):
        return mentions
    denials = {
        (m.concept, m.start) for m in mentions if m.used and m.field == PAIN and m.value == 0
    }
    return [m._replace(used=False) if (m.concept, m.start) in denials else m for m in mentions]


def _guess_last(mentions: list[Mention]) -> list[Mention]:
    """What a relation word only suggests ("my mum": about 60) gives way, wherever it stands, to
    what is stated and to a higher reading ("in her eighties"), never to a lower guess ("my
    grandma in her sixties" stays about 70: the guess that adds concern is the one kept)."""

    def beaten(guess: Mention) -> bool:
        return any(
            m.used
            and m.concept != RELATION
            and m.field == guess.field
            and (not m.estimated or m.value >= guess.value)
            for m in mentions
        )

    return [m for m in mentions if not (m.concept == RELATION and m.estimated and beaten(m))]


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
    # a look-alike that a longer, truer reading silences ("pain meds aren't working" is about
    # the pain, not only a treatment) no longer hides what overlaps it
    ignored = [
        m
        for m in matches
        if m.concept.ignore
        and not any(
            m.concept.id in other.concept.suppresses and _overlap(m.span, other.span)
            for other in matches
        )
    ]
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
    free = [m for m in matches if not _conditional(m.concept)]
    waiting = [m for m in matches if _conditional(m.concept)]
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


def _conditional(concept: Concept) -> bool:
    return bool(concept.anchor or concept.requires or concept.requires_all)


def _anchored(match: _Match, settled: list[tuple[_Match, list[Mention]]]) -> bool:
    concept = match.concept
    if concept.requires_all:
        everywhere = [m for _, found in settled for m in found]
        if not all(_holds(everywhere, (test,)) for test in concept.requires_all):
            return False
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
    if _denies(match) and not span._.is_negated and _effect_denied(span):
        return []  # "no pain relief helped" is no reading of pain at all, not "no pain"
    # a concept with nothing to deny (an age, a region, a sound) is out of a negation's reach:
    # in "no pain, 44F" or "not on steroids, lower back pops" the "no" is not about them
    negated = (
        (bool(span._.is_negated) or match.listed)
        and bool(concept.absent)
        and not _effect_denied(span)
    )
    # a worry is about what might happen; who the person is stays a fact inside one ("I'm
    # worried about my son, 16": he is 16)
    hypothetical = bool(span._.is_hypothetical) and not (concept.about_other and _ages(concept))
    historical = bool(span._.is_historical)
    # "my husband had to carry me": a match that names the writer is the writer's, whoever
    # else the sentence names
    writer = any(token.lower_ in WRITER for token in span)
    other = ((bool(span._.is_family) and not writer) or concept.about_other) and not match.proxy
    used = not hypothetical and not other and (concept.history_counts or not historical)
    values: dict[str, Any]
    if negated:
        values = dict(concept.absent)
    else:
        values = dict(concept.present)
        if concept.number is not None:
            if concept.unit == CALENDAR:
                number = _days_since_year(span, lex.units[CALENDAR])
            elif concept.unit == CALENDAR_MONTH:
                number = _days_since_month(span, lex.units[CALENDAR_MONTH])
            else:
                units = lex.units[concept.unit] if concept.unit else None
                number = read_number(_number_words(span), lex.numbers, units)
            if number is not None:
                number += concept.offset
            if number is not None and fields[concept.number].accepts(round(number)):
                values[concept.number] = round(number)
    # "when it happened I had no pain": a denial tied to one moment says nothing of now, so it is
    # a reading to offer and ask, never a stated "no"
    moment = bool(span._.is_uncertain) and all(value in ABSENT for value in values.values())
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
                    (concept.estimate and not negated) or moment,
                    used,
                    quote,
                )
            )
    return found


# "Neither the pain pills nor the epidural were helping": what is denied is that they worked,
# not that they were had. Read as a denial, it removed the pain and the recent spinal procedure.
EFFECT = frozenset(
    {
        "help", "helps", "helped", "helping", "work", "works", "worked", "working",
        "touch", "touches", "touched", "touching", "relieve", "relieves", "relieved",
        "relieving", "ease", "eases", "eased", "easing", "difference",
    }
)  # fmt: skip
# words that end the clause the denial belongs to ("no numbness, and physio helps")
CLAUSE_BREAKS = frozenset(
    {"but", "and", "so", "because", "which", "though", "although", "however", "yet", "while"}
)
EFFECT_REACH = 10  # words after the thing denied in which its effect may be named


def _effect_denied(span: Span) -> bool:
    """Whether the denial over ``span`` is a denial of its effect: in "no pain pills or
    injections helped", the words after it in the same clause say that something did not help,
    work or ease the pain. A list's commas go on only into "or"/"nor"."""
    doc = span.doc
    for position in range(span.end, min(span.end + EFFECT_REACH, len(doc))):
        token = doc[position]
        if token.is_sent_start or token.norm_ in CLAUSE_BREAKS:
            return False
        if token.norm_ in EFFECT:
            return True
        following = doc[position + 1].norm_ if position + 1 < len(doc) else ""
        if token.is_punct and not (token.norm_ == "," and following in LIST_ENDS):
            return False
    return False


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


CALENDAR = "calendar"  # the unit table of a calendar year ("since 2013")


def _days_since_year(span: Span, units: dict[str, float]) -> float | None:
    """The days from the last past calendar year named in the span to this year ("since
    2013"), or None when none is named (a start this year says nothing about how long)."""
    years = [int(token.norm_) for token in span if token._.crepitus_past_year]
    return (today().year - years[-1]) * units["year"] if years else None


CALENDAR_MONTH = "calendar_month"  # the unit table of a month or season ("since July")
SEASONS = frozenset({"winter", "spring", "summer", "autumn", "fall"})


def _days_since_month(span: Span, months: dict[str, float]) -> float:
    """The days from the middle of the last month or season named in the span to today: this
    year's, or last year's when this year's is still to come ("since July" in March)."""
    now = today()
    named = next(t.norm_ for t in reversed(span) if t.norm_ in months)
    start = date(now.year, int(months[named]), 15)
    # "last November" said in December is the November a year before, not last month ("last
    # fall" is the autumn just gone)
    recent = 62 if any(t.norm_ == "last" for t in span) and named not in SEASONS else 0
    if start > now or (now - start).days < recent:
        start = date(start.year - 1, start.month, 15)
    return float((now - start).days)


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
            if members:  # a denial alone ("no sciatica") leaves the list unknown, not empty
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
