"""Text colours keep WCAG's 4.5:1: the web page's in its light and dark schemes, and the EPUB's in whatever
colours a reading system sets (its stylesheets put no text in a fixed colour that a dark mode would sink)."""

from __future__ import annotations

import re

import pytest

from critedition.config import ROOT

CSS = ROOT / "edition" / "css"
AA = 4.5
KEEPS_READER_COLOUR = {"inherit", "currentcolor", "transparent", "initial", "unset"}


def _css(name: str) -> str:
    return re.sub(r"/\*.*?\*/", "", (CSS / name).read_text(encoding="utf-8"), flags=re.S)


def _rules(css: str) -> list[tuple[str, str]]:
    """(selector, declarations) of every rule, those inside @media blocks with the @media prelude in front."""
    out, stack = [], []
    for m in re.finditer(r"([^{};]*)\{|\}|([^{}]+)(?=\})", css):
        if m.group(1) is not None:
            stack.append([m.group(1).strip(), ""])
        elif m.group(2) is not None and stack:
            stack[-1][1] += m.group(2)
        elif stack:
            selector, body = stack.pop()
            prefix = " ".join(s for s, _ in stack)
            out.append(((prefix + " " + selector).strip(), body))
    return out


def _variables(rules, media: str = "") -> dict[str, str]:
    found: dict[str, str] = {}
    for selector, body in rules:
        if selector.endswith(":root") and (selector == ":root" or media and media in selector):
            found.update({k: v.strip() for k, v in re.findall(r"(--[\w-]+)\s*:\s*([^;]+)", body)})
    return found


def _resolve(value: str, variables: dict[str, str]) -> str:
    for _ in range(5):
        value = re.sub(r"var\((--[\w-]+)\)", lambda m: variables.get(m.group(1), m.group(0)), value)
    return value.strip()


def _luminance(colour: str) -> float:
    h = colour.lstrip("#")
    h = "".join(c * 2 for c in h) if len(h) == 3 else h
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_ratio_is_wcag_s():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_web_page_s_text_colours_on_its_backgrounds(scheme):
    rules = _rules(_css("book.css")) + _rules(_css("screen.css"))
    variables = _variables(rules)
    if scheme == "dark":
        variables.update(_variables(rules, "prefers-color-scheme: dark"))
    for ink in ("--ink", "--muted", "--accent"):
        for paper in ("--paper", "--highlight", "--note-bg"):
            ratio = contrast(variables[ink], variables[paper])
            assert ratio >= AA, f"{scheme}: {ink} {variables[ink]} on {paper} {variables[paper]}: {ratio:.2f}:1"
    assert contrast(variables["--tip-ink"], variables["--tip-bg"]) >= AA


def test_the_epub_puts_no_text_in_a_colour_a_reading_mode_can_sink():
    """A reading system sets the page's colours (white, sepia, black): a fixed colour must hold 4.5:1 on both
    white and black, which in practice means the text's own colour (the paragraph numbers and dates fell to
    3.5:1 on black, the emendations' underline to 2.2:1)."""
    rules = _rules(_css("book.css")) + _rules(_css("epub.css"))
    variables = _variables(rules)
    for selector, body in rules:
        for prop, value in re.findall(r"(?<![\w-])(color|text-decoration(?:-color)?)\s*:\s*([^;]+)", body):
            resolved = _resolve(value, variables)
            for colour in re.findall(r"#[0-9a-fA-F]{3,6}\b|currentColor|inherit", resolved) or [resolved]:
                if colour.lower() in KEEPS_READER_COLOUR or not colour.startswith("#"):
                    continue
                worst = min(contrast(colour, "#ffffff"), contrast(colour, "#000000"))
                assert worst >= AA, f"EPUB: {selector} {{ {prop}: {value} }} is {colour}: {worst:.2f}:1 at worst"
