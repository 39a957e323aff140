"""The focus ring and the edges of typing boxes are at least 3:1 against every background they
sit on (WCAG 2.2, 1.4.11 and 2.4.13), computed from the colours in the style sheets, not judged
by eye; and the small targets are at least 24 px (2.5.8)."""

from __future__ import annotations

import re
from importlib import resources

import pytest

NON_TEXT = 3.0  # the contrast WCAG asks of focus indicators and the boundaries of controls
REM = 18  # px: the style sheet sets html { font-size: 112.5% } of the browser's 16 px
TARGET = 24  # px


def style_sheet() -> str:
    return resources.files("crepitus.web").joinpath("static", "style.css").read_text("utf-8")


def rules(css: str) -> list[tuple[str, str]]:
    """(selector, declarations) of every rule, those inside @media included."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    return [(s.strip(), body) for s, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)]


def variables(css: str) -> dict[str, str]:
    (root,) = [body for selector, body in rules(css) if selector == ":root"]
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", root))


def colour(value: str, names: dict[str, str]) -> str:
    """The hex colour a declaration's value ends with: a literal, or a custom property."""
    found = re.search(r"var\(--([\w-]+)\)|(#[0-9a-fA-F]{6})\b", value)
    assert found, f"no colour in {value!r}"
    return names[found[1]] if found[1] else found[2]


def luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def backgrounds(names: dict[str, str]) -> dict[str, str]:
    """Every background a control sits on: the page, the grey option cards, the tinted cards
    (care levels, saved and error messages)."""
    return {n: c for n, c in names.items() if n in ("paper", "soft") or n.endswith("-bg")}


def declared(css: str, wanted: str, property_name: str) -> list[tuple[str, str]]:
    """(selector, value) of each ``property_name`` declared by rules whose selector matches."""
    found = []
    for selector, body in rules(css):
        if re.search(wanted, selector):
            for value in re.findall(rf"(?:^|;)\s*{property_name}:\s*([^;]+)", body):
                found.append((selector, value.strip()))
    return found


def test_the_contrast_sums_are_right() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#f59e0b", "#ffffff") < NON_TEXT  # the old amber ring the walk measured
    assert contrast("#c9d1dc", "#ffffff") < NON_TEXT  # and the old field border


def test_the_focus_ring_stands_out_on_every_background() -> None:
    css = style_sheet()
    names = variables(css)
    rings = declared(css, r":focus", "outline")
    assert rings, "no focus ring in the style sheet"
    for selector, value in rings:
        ring = colour(value, names)
        for name, background in backgrounds(names).items():
            ratio = contrast(ring, background)
            assert ratio >= NON_TEXT, f"{selector}: {ring} on --{name} {background}: {ratio:.2f}"


def test_every_typing_box_has_an_edge_that_stands_out() -> None:
    css = style_sheet()
    names = variables(css)
    boxes = declared(css, r"\b(input|textarea|select)\b", "border")
    assert len(boxes) >= 4, boxes  # numbers, text, dates, the account forms
    for selector, value in boxes:
        if "none" in value or value.startswith("0"):
            continue
        edge = colour(value, names)
        for name in ("paper", "soft"):  # forms sit on the page or in a grey card
            ratio = contrast(edge, names[name])
            assert ratio >= NON_TEXT, f"{selector}: {edge} on --{name}: {ratio:.2f}"


def test_the_report_page_has_its_own_visible_focus_ring() -> None:
    page = resources.files("crepitus.diary").joinpath("templates", "report.html").read_text()
    ((value),) = re.findall(r":focus-visible[^{]*\{[^}]*outline:\s*([^;]+);", page)
    ring = colour(value, {})
    for background in ("#ffffff", "#f0f0f0"):  # the page and the table's striped rows
        assert contrast(ring, background) >= NON_TEXT


def test_the_diary_row_links_are_big_enough_to_tap() -> None:
    ((value),) = [v for _, v in declared(style_sheet(), r"\.row-actions a$", "min-height")]
    assert value.endswith("rem") and float(value[:-3]) * REM >= TARGET


def test_the_skip_links_ring_is_not_cut_off_at_the_top() -> None:
    ((value),) = [v for _, v in declared(style_sheet(), r"^\.skip$", "top")]
    ring_reach = 3 + 2  # px: the outline's width and its offset
    assert value.endswith("rem") and float(value[:-3]) * REM >= ring_reach
