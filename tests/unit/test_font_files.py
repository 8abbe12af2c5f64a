"""The edition's own fonts: kept with their licences, the only ones fontconfig is given, cut down for the screen."""

from __future__ import annotations

import io
import re

import pytest
from fontTools.ttLib import TTFont

from critedition.diagnostics import EditionError
from critedition.render import fonts, webfonts


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """One font cache for the module: each face is cut once."""
    return tmp_path_factory.mktemp("fonts")


def test_every_face_is_kept_with_its_licence():
    assert fonts.missing() == []
    for face in fonts.FACES:
        licence = (fonts.FONTS / face.licence).read_text(encoding="utf-8")
        assert "SIL OPEN FONT LICENSE Version 1.1" in licence or "Bitstream" in licence, face
        with TTFont(face.path, lazy=True) as font:
            assert font["name"].getDebugName(16 if not face.fallback else 1) == face.family


def test_fontconfig_is_given_this_folder_and_nothing_else():
    conf = fonts.FONTCONFIG.read_text(encoding="utf-8")
    assert re.findall(r"<dir\b[^>]*>([^<]*)</dir>", conf) == ["."] and 'prefix="relative"' in conf
    assert "<include" not in conf and "<cachedir" not in conf  # no system configuration, no cache to write


def test_the_build_process_uses_the_edition_fonts_only(monkeypatch):
    monkeypatch.setenv("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    monkeypatch.setenv("FONTCONFIG_SYSROOT", "/elsewhere")
    fonts.use_edition_fonts()
    import os

    assert os.environ["FONTCONFIG_FILE"] == str(fonts.FONTCONFIG) and "FONTCONFIG_SYSROOT" not in os.environ


def test_a_missing_font_stops_the_book_with_tool_003(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "FONTS", tmp_path)
    monkeypatch.setattr(fonts, "FONTCONFIG", tmp_path / "fonts.conf")
    with pytest.raises(EditionError) as err:
        fonts.check("build/book/book.pdf")
    (d,) = err.value.diagnostics
    assert d.code == "TOOL-003" and "EBGaramond12-Regular.otf" in d.message


TEXT = "Serge’s Mémoires ¶ 12 — (1890–1947)"


def test_a_subset_has_the_text_s_characters_and_the_features_the_stylesheets_use(cache):
    text = TEXT
    subs = webfonts.subsets(text, cache, added="\u21a9")
    assert [(s.face.family, s.face.style, s.face.weight) for s in subs] == [
        ("EB Garamond", "normal", 400), ("EB Garamond", "italic", 400), ("EB Garamond", "normal", 700),
        ("DejaVu Serif", "normal", 400)]  # the hooked arrow: the only character Garamond lacks
    regular = TTFont(io.BytesIO(subs[0].data))  # in memory: nothing to close
    assert regular.flavor == "woff2"
    cmap = regular.getBestCmap()
    assert all(ord(c) in cmap for c in text if not c.isspace())
    assert 0x21A9 not in cmap and 0x21A9 in TTFont(io.BytesIO(subs[3].data)).getBestCmap()
    features = {r.FeatureTag for r in regular["GSUB"].table.FeatureList.FeatureRecord}
    assert {"smcp", "c2sc", "onum", "lnum", "pnum", "tnum", "liga"} <= features
    assert "OFL" in regular["name"].getDebugName(13)  # the licence goes with every copy
    assert len(subs[0].data) < (fonts.FONTS / "EBGaramond12-Regular.otf").stat().st_size / 5


def test_subsets_are_cut_once_and_shared_by_formats_that_add_other_characters(cache, monkeypatch):
    first = webfonts.subsets(TEXT, cache, added="\u21a9")
    made = sorted(p.name for p in cache.iterdir())
    monkeypatch.setattr(webfonts, "_cut", lambda face, chars: pytest.fail(f"{face.file} cut again"))
    again = webfonts.subsets(TEXT, cache)  # the EPUB: no back-link arrow, the same book faces
    assert [s.data for s in again] == [s.data for s in first[:3]] and sorted(p.name for p in cache.iterdir()) == made


def test_font_face_rules_name_the_face_its_file_and_licence():
    sub = webfonts.Subset(fonts.face("italic"), b"")
    css = webfonts.font_face_css([(sub, "../fonts/x.woff2")])
    assert 'font-family: "EB Garamond"; font-style: italic; font-weight: 400' in css
    assert 'src: url("../fonts/x.woff2") format("woff2")' in css and "licence: OFL.txt" in css


def test_characters_no_face_has_are_named_for_out_005():
    from critedition.render import webfonts

    assert webfonts.uncovered("Serge’s “Memoirs” — Ελλάδα, Россия, ¶ 12") == []
    assert webfonts.uncovered("the glyph 樂, read lè or yuè: 東 /tuŋ/") == ["東", "樂"]
