"""Chicago notes-bibliography: each form of note the convention reads, and the words it leaves alone.

The notes are written for these tests in the forms of the Chicago Manual (and of the corpus essays);
the corpus itself is measured in test_cite_corpus.py.
"""

from __future__ import annotations

import pytest

from critedition import pandoc
from critedition.bib.library import Library
from critedition.book.assemble import csl_path
from critedition.config.schema import Citations
from critedition.cite import conventions
from critedition.cite.model import to_markdown

BIB = """
@book{kropotkin1924ethics, author = {Kropotkin, Peter}, title = {Ethics}, subtitle = {Origin and Development},
  translator = {Friedland, Louis S.}, location = {New York}, publisher = {Dial Press}, date = {1924}}
@collection{dolgoff1972bakunin, editor = {Dolgoff, Sam}, title = {Bakunin on Anarchy}, location = {New York},
  publisher = {Knopf}, date = {1972}}
@incollection{bakunin1972god, author = {Bakunin, Mikhail}, title = {God and the State}, crossref = {dolgoff1972bakunin}}
@article{smith1999labour, author = {Smith, Ann}, title = {Labour and the State}, journaltitle = {Review of Politics},
  volume = {12}, number = {3}, date = {1999}, pages = {101--120}}
@article{1942strike, title = {Strike Spreads to Three Plants}, journaltitle = {Militant}, date = {1942-08-27}}
@unpublished{eisen1946, author = {Eisen, Dave}, date = {1946-05-27}, note = {Letter to Leo Brownstein}}
@book{oneill1991last, author = {O'Neill, William L.}, title = {The Last Romantic}, subtitle = {A Life of Max Eastman},
  location = {New Brunswick}, publisher = {Transaction}, date = {1991}, origdate = {1978}}
@book{kolakowski1978main, author = {Kolakowski, Leszek}, title = {Main Currents of Marxism}, date = {1978}}
@book{vandijk1978wereld, author = {van Dijk, Anna}, title = {De wereld van de arbeiders}, location = {Amsterdam},
  publisher = {Van Gennep}, date = {1978}}
@misc{bookchin1995murray, author = {Bookchin, Murray}, title = {Murray Bookchin Video Biography}, shorthand = {MBVB},
  date = {1995}}
"""
LIB = Library.from_string(BIB)


def read(*notes: str) -> list[list[tuple[str, str]]]:
    """(text replaced, Pandoc citation) of each note, read in order as one essay's notes."""
    cfg = Citations.model_validate({"conventions": ["chicago"]})
    reading, ctx = conventions.reading(cfg), conventions.context(cfg, LIB, {})
    return [[(m.raw, to_markdown(m)) for m in reading.read(text, ctx, str(i))] for i, text in enumerate(notes, 1)]


@pytest.mark.parametrize("note, expected", [
    pytest.param("Peter Kropotkin, Ethics: Origin and Development, trans. Louis S. Friedland (New York: Dial Press, "
                 "1924), 12.", "[@kropotkin1924ethics, 12]", id="translated-book"),
    pytest.param("Mikhail Bakunin, “God and the State,” in Bakunin on Anarchy, ed. Sam Dolgoff (New York: Knopf, "
                 "1972), 232.", "[@bakunin1972god, 232]", id="chapter-in-edited-book"),
    pytest.param("Bakunin, “God and the State” in Dolgoff (ed.), Bakunin on Anarchy, 233.", "[@bakunin1972god, 233]",
                 id="chapter-short-form"),
    pytest.param("Ann Smith, “Labour and the State,” Review of Politics 12, no. 3 (1999): 101-120.",
                 "[@smith1999labour, 101-120]", id="journal-pages-not-volume"),
    pytest.param("“Strike Spreads to Three Plants,” Militant, Aug. 27, 1942.", "[@1942strike]", id="newspaper"),
    pytest.param("Dave Eisen to Leo Brownstein, May 27, 1946, courtesy Dave Eisen.", "[@eisen1946]", id="letter"),
    pytest.param("William L. O’Neill, The Last Romantic: A Life of Max Eastman (1978; reprint New Brunswick, N.J.: "
                 "Transaction, 1991), 191–92.", "[@oneill1991last, 191–92]", id="reprint"),
    pytest.param("Quoted in Leszek Kolakowski, Main Currents of Marxism, vol. 3, The Breakdown, trans. P. S. Falla "
                 "(New York: Oxford University Press, 1978), 195.", "[quoted in @kolakowski1978main, vol. 3, p. 195]",
                 id="quoted-in-volume"),
    pytest.param("Smith, “Labour and the State,” 110.", "[@smith1999labour, 110]", id="short-note"),
    pytest.param("Kropotkin, Ethics, 45.", "[@kropotkin1924ethics, 45]", id="short-title-one-word"),
    pytest.param("MBVB, part 13.", "[@bookchin1995murray, pt. 13]", id="abbreviation"),
])
def test_a_full_or_short_note(note, expected):
    [[(_, markdown)]] = read(note)
    assert markdown == expected


@pytest.mark.parametrize("note, expected", [
    pytest.param("Kropotkin, Ethics, 12n3.", "[@kropotkin1924ethics, 12n3]", id="note-on-a-page-joined"),
    pytest.param("Kropotkin, Ethics, 12 n. 3.", "[@kropotkin1924ethics, 12 n. 3]", id="note-on-a-page"),
    pytest.param("Kropotkin, Ethics, 12, nn. 3-4.", "[@kropotkin1924ethics, 12, nn. 3-4]", id="notes-on-a-page"),
    pytest.param("Kropotkin, Ethics, 12ff.", "[@kropotkin1924ethics, 12ff.]", id="and-following"),
    pytest.param("Kropotkin, Ethics, 12 f.", "[@kropotkin1924ethics, 12 f.]", id="and-the-next"),
    pytest.param("Peter Kropotkin, Ethics (New York: Dial Press, 1924), 10–20, esp. 15.",
                 "[@kropotkin1924ethics, 10–20, esp. 15]", id="especially"),
    pytest.param("Kropotkin, Ethics, 12 and passim.", "[@kropotkin1924ethics, 12 and passim]", id="passim"),
    pytest.param("Ibid., 14n2.", "[@kropotkin1924ethics, 14n2]", id="ibid"),
])
def test_what_a_note_adds_after_the_page_is_printed_with_it(note, expected):
    """Citeproc prints a citation's suffix after its locator: nothing the note says after the page is left
    behind as text after the citation, nor dropped."""
    found = read("Kropotkin, Ethics, 1.", note)[1]
    [(raw, markdown)] = found
    assert markdown == expected
    assert raw in (note, note[:-1])  # the whole note, bar the full stop that ends it


def test_ibid_and_in_ibid_follow_the_previous_note():
    got = read("Bakunin, “God and the State” in Dolgoff (ed.), Bakunin on Anarchy, 232.", "Ibid.", "Ibid., 240.",
               "Dolgoff’s preface in ibid., ix.")
    assert [m for _, m in sum(got[1:], [])] == ["[@bakunin1972god]", "[@bakunin1972god, 240]",
                                                "[@dolgoff1972bakunin, ix]"]
    assert got[3][0][0] == "in ibid., ix"


def test_several_works_in_one_note_and_the_words_around_them():
    note = ("On ethics, see Peter Kropotkin, Ethics (New York: Dial Press, 1924), 12; and Ann Smith, “Labour and "
            "the State,” Review of Politics 12, no. 3 (1999): 101-120. Both are still read.")
    [found] = read(note)
    assert [m for _, m in found] == ["[see @kropotkin1924ethics, 12]", "[@smith1999labour, 101-120]"]
    assert note.startswith("On ethics, ") and note.endswith(". Both are still read.")
    assert found[0][0].startswith("see Peter Kropotkin") and found[1][0].endswith("101-120")


def test_compare_and_contrast_are_printed_with_the_citation():
    """"Compare" opens a reference as "see" does: the word stays, as the citation's prefix, and the second work
    after "with" is read whole, its "with" kept as text between the two."""
    note = "Compare Kropotkin, Ethics, 12, with Smith, “Labour and the State,” 110."
    [found] = read(note)
    assert found == [("Compare Kropotkin, Ethics, 12", "[compare @kropotkin1924ethics, 12]"),
                     ("Smith, “Labour and the State,” 110", "[@smith1999labour, 110]")]
    assert read("Contrast Smith, “Labour and the State,” 110.") == [[("Contrast Smith, “Labour and the State,” 110",
                                                                     "[contrast @smith1999labour, 110]")]]
    assert read("See especially Kropotkin, Ethics, 12.")[0][0][1] == "[see especially @kropotkin1924ethics, 12]"


def test_a_pinpoint_within_an_articles_pages_is_the_locator():
    note = "See Smith, “Labour and the State,” Review of Politics 12, no. 3 (1999): 101-120, at 105."
    [[(raw, markdown)]] = read(note)
    assert (raw, markdown) == (note[:-1], "[see @smith1999labour, 105]")


@pytest.mark.parametrize("note, expected", [
    pytest.param("Kropotkin (Ethics, 12) says so.", ("(Ethics, 12)", "[-@kropotkin1924ethics, 12]"),
                 id="author-just-named"),
    pytest.param("Kropotkin (“Ethics,” 12) says so.", ("(“Ethics,” 12)", "[-@kropotkin1924ethics, 12]"),
                 id="quoted-title"),
    pytest.param("Smith (Kropotkin, Ethics, 12) disagrees.", ("(Kropotkin, Ethics, 12)", "[@kropotkin1924ethics, 12]"),
                 id="another-author"),
    pytest.param("On this (see Kropotkin, Ethics, 12).", ("(see Kropotkin, Ethics, 12)",
                                                          "[see @kropotkin1924ethics, 12]"), id="prefix"),
])
def test_a_reference_that_is_a_whole_parenthesis_becomes_the_citation(note, expected):
    """The parentheses go with it (no "(Ethics, (Kropotkin 1924, 12))"); the author the sentence has just
    named is not printed twice."""
    assert read(note) == [[expected]]


def test_idem_is_the_author_of_the_work_cited_just_before():
    got = read("Kropotkin, Ethics, 12; idem, Ethics, 14.", "Idem, Ethics, 3.")
    assert got == [[("Kropotkin, Ethics, 12", "[@kropotkin1924ethics, 12]"),
                    ("idem, Ethics, 14", "[@kropotkin1924ethics, 14]")],
                   [("Idem, Ethics, 3", "[@kropotkin1924ethics, 3]")]]
    # an idem that is not the title's author: the title's words stay, as for any author the entry lacks
    [found] = read("Smith, “Labour and the State,” 110; idem, Ethics, 14.")
    assert found[1] == ("14", "[@kropotkin1924ethics, 14]")


def test_a_discursive_note_cites_nothing():
    assert read("Bayonne foundries in 1939–43 included the Bergen Point Iron Works; I don’t know which.") == [[]]


def test_a_title_named_in_passing_keeps_its_words():
    note = "Smith cites Kropotkin’s excellent Ethics (New York: Dial Press, 1924) with approval."
    [[(raw, markdown)]] = read(note)
    assert (raw, markdown) == ("(New York: Dial Press, 1924)", "[@kropotkin1924ethics]")


def test_a_name_with_a_particle_is_read_whole():
    note = "According to Anna van Dijk, De wereld van de arbeiders (Amsterdam: Van Gennep, 1978), 38, it failed."
    [[(raw, markdown)]] = read(note)
    # The name and the title are part of the author's sentence: they stay, the citation follows them.
    assert (raw, markdown) == ("(Amsterdam: Van Gennep, 1978), 38", "[@vandijk1978wereld, 38]")


def test_a_quoted_title_read_in_passing_gets_the_citation_after_it():
    note = "The byline was Morrow’s, but in “Labour and the State,” Smith says otherwise."
    [[(raw, markdown)]] = read(note)
    assert (raw, markdown) == ("", "[@smith1999labour]")


def test_a_short_note_repeating_an_earlier_references_words():
    got = read("Dave Eisen to Leo Brownstein, May 27, 1946, courtesy Dave Eisen.", "Eisen to Brownstein.")
    assert got[1] == [("Eisen to Brownstein", "[@eisen1946]")]


PRINTED = [
    # (the note as the witness has it, as chicago-author-date prints it, as chicago-notes-bibliography does;
    # None where pandoc sets a note's second citation in parentheses in a notes style, as it does for any note)
    ("Compare Kropotkin, Ethics, 12, with Smith, “Labour and the State,” 110.",
     "(compare Kropotkin 1924, 12), with (Smith 1999, 110).", None),
    ("Kropotkin, Ethics, 12 n. 3.", "(Kropotkin 1924, 12 n.\u00a03).",
     "Peter Kropotkin, Ethics: Origin and Development, trans. Louis S. Friedland (Dial Press, 1924), 12 n.\u00a03."),
    ("Kropotkin, Ethics, 10–20, esp. 15.", "(Kropotkin 1924, 10–20, esp.\u00a015).",
     "Kropotkin, Ethics, 10–20, esp.\u00a015."),
    ("Kropotkin (Ethics, 12) says so.", "Kropotkin (1924, 12) says so.", "Kropotkin (Ethics, 12) says so."),
    ("See Smith, “Labour and the State,” Review of Politics 12, no. 3 (1999): 101-120, at 105.",
     # the prefix is lower case, as the author-date style wants it; a notes style would capitalise it
     "(see Smith 1999, 105).", "see Ann Smith, “Labour and the State,” Review of Politics 12, no. 3 (1999): 105."),
]


def printed(notes: list[str], style: str, bib_path) -> list[str]:
    """Each note with its citations replaced, through pandoc --citeproc, as plain text."""
    body = []
    for i, (note, found) in enumerate(zip(notes, read(*notes)), 1):
        text = note
        for raw, markdown in reversed(found):
            at = text.rindex(raw)
            text = text[:at] + markdown + text[at + len(raw):]
        body.append(f"Text.[^{i}]\n\n[^{i}]: {text}\n")
    meta = f"---\nbibliography: {bib_path}\ncsl: {csl_path(style)}\nsuppress-bibliography: true\nlang: en-US\n---\n\n"
    out = pandoc.run(["-f", "markdown", "-t", "plain", "--citeproc", "--wrap=none"], (meta + "\n".join(body)).encode(),
                     "test", "test").decode()
    return [line.split("]", 1)[1].strip() for line in out.splitlines() if line.startswith("[") and "]" in line
            and line[1:line.index("]")].isdigit()]


@pytest.mark.parametrize("column, style", [(1, "chicago-author-date"), (2, "chicago-notes-bibliography")])
def test_the_forms_print_as_a_reader_expects(tmp_path, column, style):
    """Golden, through the real pandoc and citeproc: the notes as the books print them, the words around the
    citations kept. Pandoc's smart punctuation puts a no-break space after "n." and "esp.", as after "p."."""
    bib = tmp_path / "notes.bib"
    bib.write_text(BIB, encoding="utf-8")
    cases = [c for c in PRINTED if c[column] is not None]
    assert printed([c[0] for c in cases], style, bib) == [c[column] for c in cases]


# Notes on Chinese sources, in the forms of Wen Xin, "Toward a Deep Map of Chang'an", Startwords 4 (2022,
# CC BY 4.0): names and titles followed by their characters, family names first, a journal numbered by year.
EAST_ASIAN_BIB = r"""
@book{sima1982shiji, author = {Sima, Qian}, title = {Shiji}, titleaddon = {史記}, location = {Beijing},
  publisher = {Zhonghua shuju}, date = {1982}}
@book{shi1996xian, author = {Shi, Nianhai}, title = {Xi'an lishi dituji}, location = {Xi'an},
  publisher = {Xi'an ditu chubanshe}, date = {1996}}
@article{li2012changan, author = {Li, Fangyao}, title = {\emph{Chang'an tubei} xinkao}, journaltitle = {Wenxian},
  number = {3}, date = {2012}}
@article{yang2005yunlu, author = {Yang, Xiaochun}, title = {Yunlu manchao zhong de yize Sui Tang Chang'an yanjiu},
  journaltitle = {Zhongguo lishi dili luncong}, volume = {20}, number = {3}, date = {2005}, pages = {144--150}}
@collection{xin2013changan, editor = {Xin, Deyong and Lang, Jie}, title = {Chang'an zhi, Chang'an zhi tu},
  location = {Xi'an}, publisher = {Sanqin chubanshe}, date = {2013}}
@article{ruifeng2011negotiating, author = {Rui-Feng, Linda}, title = {Negotiating Vertical Space},
  journaltitle = {T'ang Studies}, volume = {29}, date = {2011}, pages = {27--44}, doi = {10.1353/tan.2011.0002}}
"""


def read_marked(bib: str, *notes: str) -> list[list[tuple[str, str]]]:
    """As ``read``, with another bibliography and the notes' *italics* given to the reader as the witness's."""
    cfg = Citations.model_validate({"conventions": ["chicago"]})
    reading, ctx = conventions.reading(cfg), conventions.context(cfg, Library.from_string(bib), {})
    out = []
    for i, note in enumerate(notes, 1):
        parts, italics, text = note.split("*"), [], ""
        for j, part in enumerate(parts):
            if j % 2:
                italics.append((len(text), len(text) + len(part)))
            text += part
        out.append([(m.raw, to_markdown(m)) for m in reading.read(text, ctx, str(i), tuple(italics))])
    return out


@pytest.mark.parametrize("note, expected", [
    pytest.param("See Sima Qian 司馬遷, *Shiji* 史記 (Beijing: Zhonghua shuju, 1982), 10.432.",
                 ("See Sima Qian 司馬遷, Shiji 史記 (Beijing: Zhonghua shuju, 1982), 10.432", "[see @sima1982shiji, 10.432]"),
                 id="characters-after-name-and-title"),
    pytest.param("Shi Nianhai 史念海, *Xi'an lishi dituji* 西安歷史地圖集 (Xi'an: Xi'an ditu chubanshe, 1996).",
                 ("Shi Nianhai 史念海, Xi'an lishi dituji 西安歷史地圖集 (Xi'an: Xi'an ditu chubanshe, 1996)",
                  "[@shi1996xian]"), id="family-name-first"),
    pytest.param("see Li Fangyao 李芳瑤, \"*Chang'an tubei* xinkao 長安圖碑新考,\" *Wenxian* 2012.3, 93.",
                 ("see Li Fangyao 李芳瑤, \"Chang'an tubei xinkao 長安圖碑新考,\" Wenxian 2012.3, 93",
                  "[see @li2012changan, 93]"), id="latex-italics-in-the-entry-and-a-year-issue"),
    pytest.param("Xin Deyong 辛德勇 and Lang Jie 郎潔 ed., *Chang'an zhi, Chang'an zhi tu* 長安志, 長安志圖 (Xi'an: "
                 "Sanqin chubanshe, 2013).",
                 ("Xin Deyong 辛德勇 and Lang Jie 郎潔 ed., Chang'an zhi, Chang'an zhi tu 長安志, 長安志圖 (Xi'an: "
                  "Sanqin chubanshe, 2013)", "[@xin2013changan]"), id="editors-without-a-comma"),
    pytest.param("Linda Rui-Feng, \"Negotiating Vertical Space,\" *T'ang Studies* 29 (2011): 27--44, "
                 "<https://doi.org/10.1353/tan.2011.0002>.",
                 ("Linda Rui-Feng, \"Negotiating Vertical Space,\" T'ang Studies 29 (2011): 27--44, "
                  "<https://doi.org/10.1353/tan.2011.0002>", "[@ruifeng2011negotiating, 27--44]"),
                 id="the-entrys-link-goes-with-it"),
])
def test_notes_on_east_asian_sources(note, expected):
    assert read_marked(EAST_ASIAN_BIB, note) == [[expected]]


def test_the_opening_words_of_an_articles_title_in_italics_are_a_book_named_in_passing():
    note = ("The colophon is in *Yunlu manchao* 雲麓漫鈔. For the version in *Yunlu manchao*, see Yang Xiaochun, "
            "\"*Yunlu manchao zhong de yize Sui Tang Chang'an yanjiu*,\" *Zhongguo lishi dili luncong* 20, no. 3 "
            "(2005): 144--50.")
    [found] = read_marked(EAST_ASIAN_BIB, note)
    assert [m for _, m in found] == ["[see @yang2005yunlu, 144--50]"]


def test_a_reference_does_not_reach_back_over_a_sentence_into_the_authors_words():
    """A sentence that begins with capitalised words is not a journal's title: the first sentence's title in
    passing does not take the second sentence's words, and Smith's article is read with its "see"."""
    note = ("The colophon is in *Ethics*. For the version in *Ethics*, see Smith, “Labour and the State,” *Review of "
            "Politics* 12, no. 3 (1999): 101-120.")
    [found] = read_marked(BIB, note)
    assert found[-1] == ("see Smith, “Labour and the State,” Review of Politics 12, no. 3 (1999): 101-120",
                         "[see @smith1999labour, 101-120]")
    assert all(raw == "" for raw, _ in found[:-1])  # the titles in passing: a citation after each, words kept


def test_a_work_given_by_its_web_address_alone():
    bib = EAST_ASIAN_BIB + ("@article{2023huaxi, journaltitle = {Huaxi dushi bao}, date = {2023-07-05},\n"
                            "  url = {https://www.wccdaily.com.cn/shtml/hxdsb/20230705/197867.shtml}}\n")
    note = ("See the report of *Huaxi dushi bao*, <https://www.wccdaily.com.cn/shtml/hxdsb/20230705/197867.shtml>, "
            "accessed July 30, 2023.")
    assert read_marked(bib, note) == [[(note[18:-1].replace("*", ""), "[@2023huaxi]")]]
    # the address of the reference just before it is not a second citation of that work
    [found] = read_marked(EAST_ASIAN_BIB, "Linda Rui-Feng, \"Negotiating Vertical Space,\" *T'ang Studies* 29 "
                                          "(2011): 27--44; https://doi.org/10.1353/tan.2011.0002.")
    assert [m for _, m in found] == ["[@ruifeng2011negotiating, 27--44]"]


def test_what_follows_a_reference_stays_the_authors_unless_it_is_the_entrys():
    """Found in review: an address after a reference goes with it only when it is the entry's own; Chinese
    prose after a title, or a long run of characters after a name, is not the title's or the name's."""
    [[(raw, _)]] = read_marked(EAST_ASIAN_BIB, "Rui-Feng, \"Negotiating Vertical Space,\" 30, "
                                               "https://github.com/lrf/tang-maps has the data.")
    assert raw == "Rui-Feng, \"Negotiating Vertical Space,\" 30"
    [[(raw, _)]] = read_marked(EAST_ASIAN_BIB, "Sima Qian, *Shiji* 史記 說長安城很大, 10.432.")
    assert raw == "Sima Qian, Shiji 史記"
    [[(raw, _)]] = read_marked(EAST_ASIAN_BIB, "See Sima Qian 司馬遷, *Shiji* 史記。Later we see more.")
    assert raw == "See Sima Qian 司馬遷, Shiji 史記"
    assert read("Kropotkin 认为互助是进化的因素, Ethics, 12.") == [[("12", "[@kropotkin1924ethics, 12]")]]
    # names run into characters cannot be split many ways (this took 27 s before)
    note = ", ".join(["Kropotkin在其晚年著作中论述了互助"] * 5) + " 参见 Ethics, 12."
    assert read(note) == [[("12", "[@kropotkin1924ethics, 12]")]]
