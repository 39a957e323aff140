"""Score crepitus on descriptions that real people posted about their own back or neck.

    python eval/realworld.py [--write docs/evaluation.md] [--misses]

Twenty-three sets: the public ``realworld-1`` set from ../shared/vignettes, and this repository's
own ``eval/realworld/descriptions.jsonl`` in its twenty parts (``dev``, whose misses were read while
the reader was improved; ``held_out``, split off before any change; ``held_out_2`` to
``held_out_19``, collected later; each held-out part was scored blind before its misses were
read), and ``eval/written``, two sets written blind to the product (60 and 50; not real posts).
Each is scored three ways:

- **from the text alone**: the shared scorer, ``score.py --field narrative --cmd "crepitus assess
  --text --batch -"``, exactly as unseen sets are scored;
- **the hurried check**: the description is read, the confirm page accepted unchanged, and every
  question the check still asks is answered from the labelled case (a pre-selected answer is
  accepted where the case is silent, and anything else is skipped), then the check's result is
  compared with the labels;
- **as structured cases**: the labelled case through ``crepitus assess --batch -``.

With --write the figures replace the page's real-world section (between the markers below).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.throughput import write  # noqa: E402  (the one writer of marked page sections)

SHARED = REPO.parent / "shared" / "vignettes"
PUBLIC = SHARED / "realworld-1.jsonl"
OURS = REPO / "eval" / "realworld" / "descriptions.jsonl"
FIRST_RUN = REPO / "eval" / "realworld" / "first-run.json"
BLIND_END = REPO / "eval" / "realworld" / "held-out-blind.json"
BLIND_SECOND = REPO / "eval" / "realworld" / "held-out-2-blind.json"
BLIND_THIRD = REPO / "eval" / "realworld" / "held-out-3-blind.json"
BLIND_FOURTH = REPO / "eval" / "realworld" / "held-out-4-blind.json"
BLIND_FIFTH = REPO / "eval" / "realworld" / "held-out-5-blind.json"
BLIND_SIXTH = REPO / "eval" / "realworld" / "held-out-6-blind.json"
BLIND_SEVENTH = REPO / "eval" / "realworld" / "held-out-7-blind.json"
BLIND_EIGHTH = REPO / "eval" / "realworld" / "held-out-8-blind.json"
BLIND_NINTH = REPO / "eval" / "realworld" / "held-out-9-blind.json"
BLIND_TENTH = REPO / "eval" / "realworld" / "held-out-10-blind.json"
BLIND_ELEVENTH = REPO / "eval" / "realworld" / "held-out-11-blind.json"
BLIND_TWELFTH = REPO / "eval" / "realworld" / "held-out-12-blind.json"
BLIND_THIRTEENTH = REPO / "eval" / "realworld" / "held-out-13-blind.json"
BLIND_FOURTEENTH = REPO / "eval" / "realworld" / "held-out-14-blind.json"
BLIND_FIFTEENTH = REPO / "eval" / "realworld" / "held-out-15-blind.json"
BLIND_SIXTEENTH = REPO / "eval" / "realworld" / "held-out-16-blind.json"
BLIND_SEVENTEENTH = REPO / "eval" / "realworld" / "held-out-17-blind.json"
BLIND_EIGHTEENTH = REPO / "eval" / "realworld" / "held-out-18-blind.json"
BLIND_NINETEENTH = REPO / "eval" / "realworld" / "held-out-19-blind.json"
WRITTEN = REPO / "eval" / "written" / "descriptions.jsonl"  # written blind, not collected
BLIND_WRITTEN = REPO / "eval" / "written" / "blind.json"
WRITTEN_2 = REPO / "eval" / "written" / "descriptions-2.jsonl"  # longer, rambling, informal
BLIND_WRITTEN_2 = REPO / "eval" / "written" / "blind-2.json"
START, END = "<!-- realworld:start -->", "<!-- realworld:end -->"
LEVELS = ("self_care", "see_doctor", "urgent", "emergency")
# durations told as a date ("since July") are counted to this day, so the figures do not drift
EVAL_DAY = {"CREPITUS_TODAY": "2026-12-07"}


@contextmanager
def on_the_evaluation_day() -> Iterator[None]:
    """Read in this process as on EVAL_DAY, and put the environment back afterwards."""
    before = {name: os.environ.get(name) for name in EVAL_DAY}
    os.environ.update(EVAL_DAY)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


METRICS = ("n", "triage_accuracy", "under_triage", "over_triage", "emergency_recall", "top1")


def sets() -> dict[str, list[dict[str, Any]]]:
    """The scored sets, by name, each a list of {id, narrative, case, expect}."""
    ours, public, written, written_2 = (
        [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        for path in (OURS, PUBLIC, WRITTEN, WRITTEN_2)
    )
    return {
        "realworld-1 (public, 39)": public,
        "ours: dev": [r for r in ours if r["split"] == "dev"],
        "ours: held out": [r for r in ours if r["split"] == "held_out"],
        "ours: held out 2": [r for r in ours if r["split"] == "held_out_2"],
        "ours: held out 3": [r for r in ours if r["split"] == "held_out_3"],
        "ours: held out 4": [r for r in ours if r["split"] == "held_out_4"],
        "ours: held out 5": [r for r in ours if r["split"] == "held_out_5"],
        "ours: held out 6": [r for r in ours if r["split"] == "held_out_6"],
        "ours: held out 7": [r for r in ours if r["split"] == "held_out_7"],
        "ours: held out 8": [r for r in ours if r["split"] == "held_out_8"],
        "ours: held out 9": [r for r in ours if r["split"] == "held_out_9"],
        "ours: held out 10": [r for r in ours if r["split"] == "held_out_10"],
        "ours: held out 11": [r for r in ours if r["split"] == "held_out_11"],
        "ours: held out 12": [r for r in ours if r["split"] == "held_out_12"],
        "ours: held out 13": [r for r in ours if r["split"] == "held_out_13"],
        "ours: held out 14": [r for r in ours if r["split"] == "held_out_14"],
        "ours: held out 15": [r for r in ours if r["split"] == "held_out_15"],
        "ours: held out 16": [r for r in ours if r["split"] == "held_out_16"],
        "ours: held out 17": [r for r in ours if r["split"] == "held_out_17"],
        "ours: held out 18": [r for r in ours if r["split"] == "held_out_18"],
        "ours: held out 19": [r for r in ours if r["split"] == "held_out_19"],
        "written blind (not real posts)": written,
        "written blind 2 (not real posts)": written_2,
    }


def crepitus_command(text: bool) -> str:
    script = Path(sys.executable).with_name("crepitus")
    return f"{shlex.quote(str(script))} assess{' --text' if text else ''} --batch -"


def assessed(rows: list[dict[str, Any]], field: str) -> list[str]:
    """What ``crepitus assess [--text] --batch -`` writes for these rows, a line each: one run
    for every set at once, since each line is assessed on its own."""
    stdin = "".join(json.dumps(row[field]) + "\n" for row in rows)
    done = subprocess.run(
        shlex.split(crepitus_command(field == "narrative")),
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **EVAL_DAY},
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if len(lines) != len(rows):
        raise SystemExit(f"crepitus failed: {len(lines)} lines for {len(rows)} rows\n{done.stderr}")
    return lines


def shared_score(
    rows: list[dict[str, Any]], field: str, answers: list[str] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """The shared scorer's figures on these rows (``field``: narrative or case). With
    ``answers`` (what crepitus wrote for these rows, from ``assessed``), the scorer's command
    plays them back instead of starting crepitus again; the scoring is the scorer's own."""
    with tempfile.TemporaryDirectory() as folder:
        cases = Path(folder) / "rows.jsonl"
        cases.write_text(
            "".join(
                json.dumps({k: row[k] for k in ("id", "narrative", "case", "expect")}) + "\n"
                for row in rows
            ),
            "utf-8",
        )
        cmd = crepitus_command(field == "narrative")
        if answers is not None:
            played = Path(folder) / "answers.jsonl"
            played.write_text("".join(line + "\n" for line in answers), "utf-8")
            cmd = f"{shlex.quote(sys.executable)} -c {shlex.quote(PLAY_BACK)} {shlex.quote(str(played))}"
        done = subprocess.run(
            [sys.executable, str(SHARED / "score.py"), str(cases), "--field", field, "--cmd", cmd],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, **EVAL_DAY},
        )
    if done.returncode != 0:
        raise SystemExit(f"the scorer failed:\n{done.stderr}")
    *misses, figures = done.stdout.strip().splitlines()
    return json.loads(figures), misses


PLAY_BACK = "import sys; sys.stdin.read(); sys.stdout.write(open(sys.argv[1]).read())"


def hurried_check(narrative: str, truth: dict[str, Any]) -> str:
    """The web check's triage when the person describes, accepts, and answers the rest."""
    from crepitus.engine.concern import settle
    from crepitus.engine.interview import run_through
    from crepitus.understanding import understand
    from crepitus.understanding.describe import prefill

    with on_the_evaluation_day():
        understood = understand(narrative)
    answers, preselected = settle(*prefill(understood))
    return run_through(
        answers, lambda q: truth[q.field] if q.field in truth else preselected.get(q.field)
    ).triage


def hurried_figures(rows: Iterable[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    counts: Counter[str] = Counter()
    misses: list[str] = []
    for row in rows:
        expect = row["expect"]
        got = LEVELS.index(hurried_check(row["narrative"], row["case"]))
        ok = [LEVELS.index(level) for level in expect["triage_ok"]]
        counts["n"] += 1
        counts["right"] += got in ok
        counts["under"] += got < min(ok)
        counts["over"] += got > max(ok)
        if expect["triage"] == "emergency":
            counts["emergencies"] += 1
            counts["emergencies_found"] += got == 3
        if got not in ok:
            misses.append(f"{row['id']}: {LEVELS[got]} (want {'/'.join(expect['triage_ok'])})")
    figures = {
        "n": counts["n"],
        "triage_accuracy": round(counts["right"] / counts["n"], 3),
        "under_triage": counts["under"],
        "over_triage": counts["over"],
        "emergency_recall": round(counts["emergencies_found"] / counts["emergencies"], 3)
        if counts["emergencies"]
        else None,
    }
    return figures, misses


def agreement() -> dict[str, Any]:
    """How the two raters of our set agreed on triage, before disagreements were settled."""
    rows = [json.loads(line) for line in OURS.read_text("utf-8").splitlines() if line.strip()]
    pairs = [(r["rater1"], r["rater2"]) for r in rows]
    same = sum(a["triage"] == b["triage"] for a, b in pairs)
    within = sum(a["triage"] in b["triage_ok"] and b["triage"] in a["triage_ok"] for a, b in pairs)
    first = Counter(a["triage"] for a, _ in pairs)
    second = Counter(b["triage"] for _, b in pairs)
    n = len(pairs)
    chance = sum(first[level] * second[level] for level in LEVELS) / (n * n)
    kappa = (same / n - chance) / (1 - chance)
    settled = sum(
        (r["expect"]["triage"], r["expect"]["triage_ok"])
        != (r["rater1"]["triage"], r["rater1"]["triage_ok"])
        for r in rows
    )
    return {
        "descriptions": n,
        "same_triage": round(same / n, 3),
        "each_within_the_others_band": round(within / n, 3),
        "cohen_kappa": round(kappa, 3),
        "triage_labels_settled": settled,
    }


def _cell(value: Any) -> str:
    return "n/a" if value is None else json.dumps(value)


def table(results: dict[str, dict[str, dict[str, Any]]], way: str) -> str:
    head = "| set | " + " | ".join(METRICS[1:]) + " |"
    rule = "|---" * len(METRICS) + "|"
    lines = [head, rule]
    for name, by_way in results.items():
        figures = by_way[way]
        cells = " | ".join(_cell(figures.get(metric)) for metric in METRICS[1:])
        lines.append(f"| {name} (n {figures['n']}) | {cells} |")
    return "\n".join(lines)


def _ways(rows: str) -> str:
    """A table of figures by way (text alone, hurried check, structured cases)."""
    return f"| way | {' | '.join(METRICS[1:])} |\n{'|---' * len(METRICS)}|\n{rows}"


def _rows(figures: dict[str, dict[str, Any]]) -> str:
    return "\n".join(
        f"| {name} | " + " | ".join(_cell(row.get(metric)) for metric in METRICS[1:]) + " |"
        for name, row in figures.items()
    )


def page(results: dict[str, dict[str, dict[str, Any]]], agreed: dict[str, Any]) -> str:
    from crepitus.knowledge import knowledge

    first = json.loads(FIRST_RUN.read_text("utf-8"))
    first_rows = "\n".join(
        f"| {name} | "
        + " | ".join(json.dumps(figures.get(metric)) for metric in METRICS[1:])
        + " |"
        for name, figures in first["figures"].items()
    )
    agreed_rows = "\n".join(f"| {k} | {json.dumps(v)} |" for k, v in agreed.items())
    (
        blind,
        second,
        third,
        fourth,
        fifth,
        sixth,
        seventh,
        eighth,
        ninth,
        tenth,
        eleventh,
        twelfth,
        thirteenth,
        fourteenth,
        fifteenth,
        sixteenth,
        seventeenth,
        eighteenth,
        nineteenth,
    ) = (
        json.loads(path.read_text("utf-8"))
        for path in (
            BLIND_END,
            BLIND_SECOND,
            BLIND_THIRD,
            BLIND_FOURTH,
            BLIND_FIFTH,
            BLIND_SIXTH,
            BLIND_SEVENTH,
            BLIND_EIGHTH,
            BLIND_NINTH,
            BLIND_TENTH,
            BLIND_ELEVENTH,
            BLIND_TWELFTH,
            BLIND_THIRTEENTH,
            BLIND_FOURTEENTH,
            BLIND_FIFTEENTH,
            BLIND_SIXTEENTH,
            BLIND_SEVENTEENTH,
            BLIND_EIGHTEENTH,
            BLIND_NINETEENTH,
        )
    )
    written, written_2 = (
        json.loads(path.read_text("utf-8")) for path in (BLIND_WRITTEN, BLIND_WRITTEN_2)
    )
    blind_rows, second_rows, third_rows, fourth_rows, fifth_rows, sixth_rows = (
        _rows(record["figures"]) for record in (blind, second, third, fourth, fifth, sixth)
    )
    fourth_before, fifth_before, sixth_before = (
        _rows(record["before"]) for record in (fourth, fifth, sixth)
    )
    ours = sum(1 for line in OURS.read_text("utf-8").splitlines() if line.strip())
    return f"""{START}
## Descriptions real people posted

Generated by `make eval` (`python eval/realworld.py --write docs/evaluation.md`), with knowledge
version {knowledge().version}; a test checks that the figures below are current.

Descriptions that people wrote about their own back or neck, or about someone close to them:
the public set `realworld-1` (39), and this repository's `eval/realworld/descriptions.jsonl`
({ours} excerpts from public question-and-answer, forum and
charity pages, each with its address; none from the pages kept for independent evaluation). A
third of ours, stratified by triage level, was split off as **held out** before any change to the
product and scored blind once, at the end; the **dev** part's misses were read as families while
the reader and the rules were improved. `eval/realworld/README.md` says how they were collected and labelled.

### The first run, before any change these sets prompted

The honest figure for wording the product had never seen: the product as it was before this
work (commit {first["commit"]}), from the text alone, on the settled labels.

| set | {" | ".join(METRICS[1:])} |
{"|---" * len(METRICS)}|
{first_rows}

### The held-out part, scored blind at the end

Its only blind score, after all the work on the dev part (commit {blind["commit"]}). Its misses
were read afterwards, and the two most dangerous families among them fixed (a sudden headache
told as a story; diving under a wave and falling down the stairs as major injuries), so the
held-out rows below are no longer blind: the next figure that counts needs a new blind set.

{_ways(blind_rows)}

### The second held-out part, scored blind once

44 more descriptions, collected and labelled twice by raters who worked blind to the product
(`eval/realworld/README.md`), scored once at commit {second["commit"]}, before any of its misses
was read. Its misses were read afterwards and fixed as families, so its rows below are no longer blind.

{_ways(second_rows)}

### The third held-out part, scored blind once

45 more descriptions, gathered from other pages by a collector who never ran the product nor
read its rules, and labelled a second time by a rater who saw only the text; disagreements were
settled by the same fixed rule as the second part's. Scored once at commit {third["commit"]},
before any of its misses was read. Its misses were read afterwards and fixed as families, so its
rows below are no longer blind.

{_ways(third_rows)}

### The fourth held-out part, scored blind once

40 more descriptions, gathered and labelled twice in the same way after the third part's
families had been fixed, and scored once at commit {fourth["commit"]}, before any of its misses
was read. Its misses were read afterwards and fixed as families.

{_ways(fourth_rows)}

The same set at commit 48bc150, before the third part's families were fixed:

{_ways(fourth_before)}

### The fifth held-out part, scored blind once

36 more descriptions, gathered and labelled twice in the same way after the fourth part's
families had been fixed, and scored once at commit {fifth["commit"]}, before any of its misses
was read. Its misses were read afterwards and fixed as families.

{_ways(fifth_rows)}

The same set at commit 48bc150, before the third and fourth parts' families were fixed:

{_ways(fifth_before)}

From the text alone, the families fixed on one part did not carry over to the next: each new
blind set showed new wording, and emergencies told only in words were missed about half the
time (on the fifth part, one emergency was lost because a fall to the floor was no longer
misread as a drop attack). With the facts given, the new rules carried over: the fifth part's
structured cases went from 15 under-triaged to 3. The hurried check, where the questions left
open are asked, found every emergency on every blind set.

### The sixth held-out part, scored blind twice

{len(sets()["ours: held out 6"])} more descriptions, gathered and labelled twice in the same
way (the stored pages are running out: most good pages were already used or kept). Scored blind
at commit {sixth["commit"]}, after the reading was widened from single phrases to families that
compose (a height or a vehicle beside any fall or knock, a question about what is already
happening, a doubt that something can be done, a back "in a bad way") and before any of its
misses was read. Its misses were read afterwards and fixed as families.

{_ways(sixth_rows)}

The same set, also blind, at commit 0947a41, before that widening:

{_ways(sixth_before)}

### The seventh held-out part, scored blind once

{len(sets()["ours: held out 7"])} more real descriptions, found in public repositories' copies
of posts (a subreddit about back pain, and personal sites kept in their authors' repositories),
gathered and labelled twice in the same way. Scored blind at commit {seventh["commit"]}, after
all of that session's work.
Most of it is persistent pain that needs a doctor, which the product took for self-care. Its
misses were read afterwards and fixed as families (painkillers that do not control the pain,
years of pain told without a number, worsening pain of unknown length), so its rows under "Now"
are no longer blind.

{_ways(_rows(seventh["figures"]))}

The same set, also blind, at commit 0947a41, where this session began:

{_ways(_rows(seventh["before"]))}

### The eighth held-out part, scored blind twice

{len(sets()["ours: held out 8"])} more real descriptions from personal sites, a forum, newspaper
columns quoting readers, and personal sites kept in their authors' repositories, gathered and
labelled twice in the same way. Scored blind at commit {eighth["commit"]}, after the session's
first change (a spine problem already found, durations told by a year or an age), and before any
of its misses was read. A third of it is emergencies or urgent. Its misses were read afterwards
and fixed as families, so its rows under "Now" are no longer blind.

{_ways(_rows(eighth["figures"]))}

The same set, also blind, at commit ac13f1c, where this session began:

{_ways(_rows(eighth["before"]))}

### The ninth held-out part, scored blind twice

{len(sets()["ours: held out 9"])} more real descriptions, from personal sites, journals, forums,
a charity's stories and newspaper columns, gathered and labelled twice in the same way after the
eighth part's families were fixed. Scored blind at commit {ninth["commit"]}, after that work, and
before any of its misses was read. Its misses were read afterwards and fixed as families.

{_ways(_rows(ninth["figures"]))}

The same set, also blind, at commit ac13f1c, where that session began:

{_ways(_rows(ninth["before"]))}

### The tenth held-out part, scored blind

{len(sets()["ours: held out 10"])} more real descriptions from personal sites, personal sites
kept in their authors' repositories, newspapers quoting people's own words, a charity's patient
stories and a parents' forum, gathered and labelled twice in the same way; 14 of them are
emergencies once the labels were settled. Scored blind at commit {tenth["commit"]}, where the
next session began (its first reading changes, made before the set was collected, gave the same
figures), and before any of its misses was read. Its misses were read afterwards and fixed as
families, so its rows under "Now" are no longer blind.

{_ways(_rows(tenth["figures"]))}

### The eleventh held-out part, scored blind twice

{len(sets()["ours: held out 11"])} more real descriptions from personal sites, personal sites
kept in their authors' repositories, forums, a journal site and a question page for teenagers,
gathered and labelled twice in the same way after the tenth part's families were fixed; 8 of them
are emergencies once the labels were settled. Scored blind at commit {eleventh["commit"]}, after
that work, and before any of its misses was read. Its misses were read afterwards and fixed as
families, so its rows under "Now" are no longer blind.

{_ways(_rows(eleventh["figures"]))}

The same set, also blind, at commit 7845c8d, where that session began: the same figures (the
tenth part's families did not reach this set's wording).

### The twelfth held-out part, scored blind twice

{len(sets()["ours: held out 12"])} more real descriptions from personal sites, forums (fitness,
running, music, a parish), a fundraising appeal, a podcast page and a newspaper column its
publisher wrote about himself, gathered and labelled twice in the same way after the eleventh
part's families were fixed; 8 of them are emergencies once the labels were settled. Scored blind at
commit {twelfth["commit"]}, after that work, and before any of its misses was read. It is a poor
figure: from the text alone only 2 of its 8 emergencies were found.

{_ways(_rows(twelfth["figures"]))}

The same set, also blind, at commit 7845c8d, where that session began: the same figures. None of
the families that session fixed on the tenth and eleventh parts reached this set's wording. Its
misses were read afterwards and fixed as families, so its rows under "Now" are no longer blind.

### The thirteenth held-out part, scored blind twice: before and with the wording model

{len(sets()["ours: held out 13"])} more real descriptions from forums (cycling, golf, dance,
woodworking, boats), personal sites, a climbing incident page, patient-story and charity pages and
newspaper columns, gathered and labelled twice in the same way; 13 of them are emergencies once
the labels were settled. Scored blind at commit {thirteenth["commit"]}, where the session that
built the wording model began, before any of its misses was read.

{_ways(_rows(thirteenth["figures"]))}

Then scored blind again with the wording model (trained without this part, its thresholds chosen
without it), still before any of its misses was read: from the text alone 0.8, 4 under-triaged
(was 6), 3 over-triaged (was 2), 8 of 13 emergencies found (was 7); the hurried check and the
structured cases gave the same figures, since the model only reads words. The model was then
retrained with this part included, so its rows under "Now" are no longer blind.

### The fourteenth held-out part, scored blind before and after that session's reading work

{len(sets()["ours: held out 14"])} more real descriptions from sport and hobby forums (rowing,
football, archery and hunting, mopeds, martial arts, triathlon, hockey, CrossFit), personal
sites, patient-story and charity pages, a clinic's question page and story sites, gathered and
labelled twice in the same way; 11 of them are emergencies once the labels were settled. Scored
blind at commit {fourteenth["commit"]}, where the session began, before any of its misses was
read.

{_ways(_rows(fourteenth["figures"]))}

Then scored blind again with that session's first reading changes (made from the thirteenth
part's misses), still before any of its misses was read: the same figures. Its misses were then
read and fixed as families, and the wording model was retrained with it, so its rows under "Now"
are no longer blind.

### The fifteenth held-out part, scored blind before and after that session's reading work

{len(sets()["ours: held out 15"])} more real descriptions from sport, craft and hobby forums
(skiing, snowboarding, guitars, smithing, handbags, dance), personal sites, patient-story and
charity pages, a first-person newspaper story and a course video's transcript, gathered and
labelled twice in the same way while that session worked; 10 of them are emergencies once the
labels were settled. Scored blind at commit {fifteenth["commit"]}, after the reading work on the
thirteenth and fourteenth parts, before any of its misses was read.

{_ways(_rows(fifteenth["figures"]))}

The same set, also blind, at commit 4a9a2cf, where that session began:

{_ways(_rows(fifteenth["before"]))}

Its misses were then read and fixed as families, and the wording model was retrained with it, so
its rows under "Now" are no longer blind.

### The sixteenth held-out part, scored blind where that session began

{len(sets()["ours: held out 16"])} more real descriptions from sport, gaming and hobby forums,
personal sites (some kept in their authors' own repositories), a clinic's and a news site's
question pages, a charity's and a solicitor's case stories, newspaper columns and a mailing
list, gathered and labelled twice in the same way; 6 of them are emergencies once the labels were
settled. Scored blind at commit {sixteenth["commit"]}, where that session began, before any of its
misses was read.

{_ways(_rows(sixteenth["figures"]))}

Its misses were then read and fixed as families, and the wording model was retrained with it, so
its rows under "Now" are no longer blind.

### The seventeenth held-out part, scored blind after the sixteenth part's families

{len(sets()["ours: held out 17"])} more real descriptions from parenting, lifting, cycling, tennis,
climbing and computer forums, personal sites and journals, a clinic's and a charity's question
pages, a newspaper column and a magazine's diagnosis story, gathered and labelled twice in the
same way in the same session; 9 of them are emergencies once the labels were settled. Scored
blind at commit {seventeenth["commit"]}, after the sixteenth part's families, before any of its
misses was read.

{_ways(_rows(seventeenth["figures"]))}

The same set, also blind, at commit c5bd72d, where that session began: the same figures.

Its misses were then read and fixed as families, and the wording model was retrained with it, so
its rows under "Now" are no longer blind.

### The eighteenth held-out part, scored blind after the seventeenth part's families

{len(sets()["ours: held out 18"])} more real descriptions from farming, car, gardening and golf
forums and sites, personal sites and a blog kept in its author's repository, newspaper columns
and stories, and charity and patient-story pages, gathered and labelled twice in the same way in
the same session; 10 of them are emergencies once the labels were settled. Scored blind at
commit {eighteenth["commit"]}, after the seventeenth part's families and the model retrained with
it, before any of its misses was read.

{_ways(_rows(eighteenth["figures"]))}

The same set, also blind, at commit c5bd72d, where that session began:

{_ways(_rows(eighteenth["before"]))}

Its misses were then read and fixed as families, and the wording model was retrained with it, so
its rows under "Now" are no longer blind.

### The nineteenth held-out part, scored blind after the eighteenth part's families

{len(sets()["ours: held out 19"])} more real descriptions from gym, physio, triathlon, tennis,
cycling and stroke-survivor forums and question pages, personal sites and journals, and
patient-story pages, gathered and labelled twice in the same way at the end of the same session;
7 of them are emergencies once the labels were settled (three of them only because the mechanical
rule took the stricter rater's level). Scored blind at commit {nineteenth["commit"]}, after the
eighteenth part's families and the model retrained with it, before any of its misses was read:
**the latest honest figure for wording the product had not seen.**

{_ways(_rows(nineteenth["figures"]))}

The same set, also blind, at commit c5bd72d, where that session began:

{_ways(_rows(nineteenth["before"]))}

Three of its families were then fixed and the wording model was retrained with it, so its rows
under "Now" are no longer blind.

### Descriptions written blind to the product (not real posts)

Because the stored pages are running out, a helper who read only the brief and the contract
wrote {len(sets()["written blind (not real posts)"])} descriptions the way people post, and
labelled them (`eval/written/README.md`). They are not real people's words, so they are reported
apart. Scored blind at commit {written["commit"]}, before any of their misses was read:

{_ways(_rows(written["figures"]))}

The same set, also blind, at commit 0947a41:

{_ways(_rows(written["before"]))}

A second helper then wrote {len(sets()["written blind 2 (not real posts)"])} more, longer and
rambling, many informal or in a second language, a fifth without an age, and a fifth written by
a relative. Scored blind at commit {written_2["commit"]}, after all of this session's reading
work:

{_ways(_rows(written_2["figures"]))}

The same set, also blind, at commit 0947a41, before that work:

{_ways(_rows(written_2["before"]))}

The misses of both were read afterwards and fixed as families, so they are development sets now.

### Now, from the text alone

`score.py --field narrative --cmd "crepitus assess --text --batch -"`, exactly as unseen sets
are scored. The wording model (docs/understanding.md) was trained on every part of
`eval/realworld` and `eval/written`, so on those rows its share of these figures is in-sample:
its out-of-sample effect is measured by holding each part out in turn (in
docs/understanding.md) and on the thirteenth to nineteenth parts above, each scored blind before
the model was retrained with it. realworld-1 and the dev vignettes are not in its training
data.

{table(results, "text")}

### Now, the hurried check

Describe, accept the confirm page unchanged, and answer every question the check still asks from
the labelled case (accepting a pre-selected answer where the case is silent). This is the web and
terminal check's path; the text-alone figures above are what `assess --text` and batch scoring
give before the open warning signs are answered.

{table(results, "hurried")}

### Now, as structured cases

The labelled case of each description through `crepitus assess --batch -`: what the knowledge
base does when the facts are given.

{table(results, "case")}

### Agreement between the two raters (ours)

Each description was labelled twice by the brief: by the rater who collected it, and by a second
rater who saw only the text. Disagreements were settled by the brief.

| measure | value |
|---|---|
{agreed_rows}

Targets (from the text alone, on the held-out part and on the narratives): every emergency
found, no under-triage, triage accuracy at least 0.9; the hurried check: no under-triage.
{END}"""


def evaluate() -> dict[str, dict[str, dict[str, Any]]]:
    by_set = sets()
    every = [row for rows in by_set.values() for row in rows]
    text, case = assessed(every, "narrative"), assessed(every, "case")
    results: dict[str, dict[str, dict[str, Any]]] = {}
    start = 0
    for name, rows in by_set.items():
        end = start + len(rows)
        results[name] = {
            "text": shared_score(rows, "narrative", text[start:end])[0],
            "hurried": hurried_figures(rows)[0],
            "case": shared_score(rows, "case", case[start:end])[0],
        }
        start = end
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="record the figures in this Markdown file")
    parser.add_argument("--misses", action="store_true", help="print every miss (dev sets only)")
    args = parser.parse_args()
    results = evaluate()
    for name, by_way in results.items():
        for way, figures in by_way.items():
            print(f"{name} [{way}]: {json.dumps(figures)}")
    if args.misses:
        for name, rows in sets().items():
            if "held out" in name:
                continue  # read only at the end, never to change the product
            for miss in shared_score(rows, "narrative")[1]:
                print(f"{name} text {miss}")
            for miss in hurried_figures(rows)[1]:
                print(f"{name} hurried {miss}")
    agreed = agreement()
    print(json.dumps(agreed))
    if args.write:
        write(args.write, page(results, agreed), START, END, "Evaluation")
        print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
