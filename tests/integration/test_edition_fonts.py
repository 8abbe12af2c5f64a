"""The same book on every machine: the edition's own fonts in every format, whatever fonts the machine has.

The PDF embeds subsets of the edition's faces and nothing else; the EPUB and the HTML carry theirs, with the
licence, and cover every character of their text; a build on a machine whose fontconfig finds no font at all
gives the very same bytes; and a checkout that has lost a font file stops with TOOL-003 instead of crashing."""

from __future__ import annotations

import base64
import html as htmllib
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from critedition.checks import validators
from critedition.checks.reproducible import project_copy
from critedition.render import fonts
from tests.conftest import ROOT, run_make

pytestmark = pytest.mark.integration

BOOKS = ["serge-and-the-anarchists", "mckay-worst-of-the-anarchists", "price-what-can-anarchists-learn"]
PDF_NAMES = ("EB-Garamond", "DejaVu-Serif")  # the PostScript-style names WeasyPrint gives the edition's faces


def _out(built: Path, book: str, fmt: str) -> Path:
    return built / book / f"{book}.{fmt}"


def _text_characters(markup: str) -> set[str]:
    markup = re.sub(r"<(style|script|title|head)\b.*?</\1>", " ", markup, flags=re.S)
    return {c for c in htmllib.unescape(re.sub(r"<[^>]+>", " ", markup)) if not c.isspace() and c.isprintable()}


def _covered(font_files: list[bytes]) -> set[str]:
    out: set[str] = set()
    for data in font_files:
        out |= {chr(c) for c in TTFont(io.BytesIO(data)).getBestCmap()}
    return out


@pytest.mark.parametrize("book", BOOKS)
def test_the_pdf_embeds_subsets_of_the_edition_fonts_only(built, book):
    rows = validators.pdffonts(_out(built, book, "pdf"))
    assert rows
    for row in rows:
        assert row["name"].split("+", 1)[-1].startswith(PDF_NAMES), row
        assert row["emb"] == "yes" and row["sub"] == "yes", row


@pytest.mark.parametrize("book", BOOKS)
def test_the_epub_carries_the_fonts_with_their_licence_declared_in_the_package(built, book):
    with zipfile.ZipFile(_out(built, book, "epub")) as z:
        opf = z.read("EPUB/content.opf").decode()
        css = z.read("EPUB/styles/stylesheet1.css").decode()
        woff2 = {n: z.read(n) for n in z.namelist() if n.endswith(".woff2")}
        text = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("EPUB/text/ch"))
        assert "SIL OPEN FONT LICENSE" in z.read("EPUB/fonts/OFL.txt").decode()
    assert {Path(n).name for n in woff2} >= {"EBGaramond12-Regular.woff2", "EBGaramond12-Italic.woff2",
                                               "EBGaramond12-Bold.woff2"}
    for name in woff2:
        href = name[len("EPUB/"):]
        assert re.search(rf'<item id="[^"]+" href="{re.escape(href)}" media-type="font/woff2" />', opf), href
        assert f'url("../{href}") format("woff2")' in css, href
    assert '<item id="licence-OFL" href="fonts/OFL.txt" media-type="text/plain" />' in opf
    missing = _text_characters(text) - _covered(list(woff2.values()))
    assert not missing, sorted(missing)


@pytest.mark.parametrize("book", BOOKS)
def test_the_html_carries_its_fonts_inline_and_stays_one_file(built, book):
    page = _out(built, book, "html").read_text(encoding="utf-8")
    faces = re.findall(r'@font-face \{ font-family: "([^"]+)"; font-style: (\w+); font-weight: (\d+);'
                       r'[^}]*src: url\("data:font/woff2;base64,([^"]+)"\) format\("woff2"\); \}', page)
    assert {(f, s, w) for f, s, w, _ in faces} >= {("EB Garamond", "normal", "400"), ("EB Garamond", "italic", "400"),
                                                  ("EB Garamond", "normal", "700")}
    assert not re.search(r"url\((?![\"']?(data:|#))", page)  # nothing fetched from elsewhere
    missing = _text_characters(page) - _covered([base64.b64decode(d) for *_, d in faces])
    assert not missing, sorted(missing)


def _no_fonts(tmp_path: Path) -> dict[str, str]:
    """An environment in which fontconfig finds no font at all: its configuration names an empty folder."""
    (tmp_path / "empty").mkdir(parents=True)
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{tmp_path / "empty"}</dir>'
                    f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>\n', encoding="utf-8")
    env = {"FONTCONFIG_FILE": str(conf), "FONTCONFIG_PATH": str(tmp_path), "HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    if shutil.which("fc-list"):  # the machine, as fontconfig sees it there: no font
        import os

        assert subprocess.run(["fc-list"], env={**os.environ, **env}, capture_output=True, text=True).stdout == ""
    return env


def test_a_machine_without_fonts_makes_the_same_books(built, tmp_path):
    """With fontconfig pointed at an empty font folder (no EB Garamond, no DejaVu, nothing), `make` builds the
    same bytes, without TOOL-003 and without WeasyPrint's "No fonts configured"."""
    book = "price-what-can-anarchists-learn"
    copy = project_copy(ROOT, tmp_path / "project")
    targets = [f"build/{book}/{book}.{fmt}" for fmt in ("pdf", "epub", "html")]
    res = run_make(*targets, cwd=copy, env=_no_fonts(tmp_path / "fc"))
    assert "TOOL-003" not in res.stdout + res.stderr and "No fonts configured" not in res.stdout + res.stderr
    for target in targets:
        assert (copy / target).read_bytes() == (ROOT / target).read_bytes(), target


def test_a_checkout_without_its_fonts_stops_cleanly(built, tmp_path):
    copy = project_copy(ROOT, tmp_path / "project", skip=("edition/fonts/EBGaramond12-Regular.otf",))
    book = "price-what-can-anarchists-learn"
    res = run_make(f"build/{book}/{book}.pdf", cwd=copy, env=_no_fonts(tmp_path / "fc"), check=False)
    assert res.returncode == 2, (res.returncode, res.stdout[-2000:], res.stderr[-2000:])  # make's, not a signal's
    assert "error[TOOL-003]" in res.stdout + res.stderr and "EBGaramond12-Regular.otf" in res.stdout + res.stderr
    assert not (copy / "build" / book / f"{book}.pdf").exists()
    assert fonts.face().path.is_file()  # the project's own copy is untouched
