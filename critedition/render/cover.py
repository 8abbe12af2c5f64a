"""A generated cover for the EPUB: the book's title, subtitle, authors and publisher, typeset with Pillow.

The same inputs give the same bytes (no timestamps or text chunks in the PNG), so the EPUB stays
reproducible. The face is the book face, from the edition's own font files (render/fonts.py).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from . import fonts

WIDTH, HEIGHT = 1600, 2400  # 2:3, the proportions of a 6 x 9 in book
PAPER = (244, 239, 229)
INK = (33, 29, 26)
ACCENT = (122, 46, 29)
MUTED = (96, 86, 78)


def _font(size: int, style: str = "normal"):
    return ImageFont.truetype(str(fonts.face(style).path), size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _centred(draw, y: int, lines: list[str], font, fill, leading: float, spacing: int = 0) -> int:
    for line in lines:
        if spacing:  # letter-spaced capitals, set glyph by glyph
            w = sum(draw.textlength(c, font=font) for c in line) + spacing * (len(line) - 1)
            x = (WIDTH - w) / 2
            for c in line:
                draw.text((x, y), c, font=font, fill=fill)
                x += draw.textlength(c, font=font) + spacing
        else:
            w = draw.textlength(line, font=font)
            draw.text(((WIDTH - w) / 2, y), line, font=font, fill=fill)
        y += int(font.size * leading)
    return y


def make_cover(out: Path, title: str, subtitle: str, authors: list[str], publisher: str) -> Path:
    img = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(img)
    margin = 170
    measure = WIDTH - 2 * margin
    # A frame of two rules, as on a press's series cover.
    draw.rectangle([90, 90, WIDTH - 91, HEIGHT - 91], outline=ACCENT, width=6)
    draw.rectangle([112, 112, WIDTH - 113, HEIGHT - 113], outline=ACCENT, width=2)

    y = 420
    author_font = _font(58)
    y = _centred(draw, y, [" and ".join(authors).upper()], author_font, ACCENT, 1.3, spacing=7)
    y += 110
    size = 150 if len(title) < 40 else 124 if len(title) < 70 else 104
    title_font = _font(size)
    lines = _wrap(draw, title, title_font, measure)
    y = _centred(draw, y, lines, title_font, INK, 1.12)
    y += 60
    draw.line([(WIDTH / 2 - 120, y), (WIDTH / 2 + 120, y)], fill=ACCENT, width=4)
    y += 70
    if subtitle:
        sub_font = _font(70, "italic")
        _centred(draw, y, _wrap(draw, subtitle, sub_font, measure), sub_font, MUTED, 1.25)
    if publisher:
        pub_font = _font(50)
        _centred(draw, HEIGHT - 330, [publisher.upper()], pub_font, INK, 1.2, spacing=10)
    out.parent.mkdir(parents=True, exist_ok=True)
    img.save(out, format="PNG")  # zlib's default level: optimize=True saves little for its time
    return out
