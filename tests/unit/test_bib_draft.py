"""Drafting bibliography entries from full references: values, names, notes, reference lists, keys, output."""

from __future__ import annotations

import pytest

from critedition.bib.draft import from_list, from_notes, render
from critedition.bib.draft.chicago import NoteReader
from critedition.bib.draft.lead import segments
from critedition.bib.draft.notes import NoteText
from critedition.bib.draft.people import People, biblatex, inverted_list, looks_like_names
from critedition.bib.draft.reflist import paragraphs
from critedition.bib.draft.values import full_range, headline, parse_date, place, publisher, title_text
from critedition.bib.library import Library
from critedition.bib.lint import lint_text
from critedition.cli import main
from tests.conftest import SHARED

EMPTY = Library([])


def fields(text: str, note: int = 1) -> list[tuple[str, dict[str, str]]]:
    """(type, fields) of each work one note gives, with an empty bibliography."""
    return [(w.type, w.fields) for w in from_notes([NoteText(note, 1, 1, text)], "w.md", EMPTY)]


# -- values ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, date", [
    ("Aug. 27, 1942", ("1942-08-27", "")), ("Dec. 1944", ("1944-12", "")), ("Autumn 1989", ("1989-23", "")),
    ("Nov.--Dec. 1953", ("1953", "November–December")), ("Sept. 1940", ("1940-09", "")), ("n.d.", ("", "")),
    ("October 22, 1946", ("1946-10-22", "")), ("1972", ("1972", "")),
])
def test_dates_as_edtf(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("raw, title", [
    ("The Old Anarchism and The New -- Some Comments,", "The Old Anarchism and the New – Some Comments"),
    ("A letter to the German Communists", "A Letter to the German Communists"),
    ("Our Differences with the 'Three Theses,'", "Our Differences with the “Three Theses”"),
    ("Politics, Logic, and Love: The Life of Jean van Heijenoort",
     "Politics, Logic, and Love: The Life of Jean van Heijenoort"),
    ("The USSR in War,", "The USSR in War"), ("Anarchist Ideology 1868-1898", "Anarchist Ideology 1868–1898"),
])
def test_titles_in_headline_case(raw, title):
    assert headline(title_text(raw)) == title


def test_places_publishers_and_ranges():
    assert place("New Brunswick, N.J.") == "New Brunswick, NJ"
    assert place("Garden City, New York") == "Garden City, NY"
    assert place("Edinburgh/San Francisco") == "Edinburgh and San Francisco"
    assert place("Washington D.C.") == "Washington D.C."
    assert headline("No Gods, No Masters: Crime vol. 1") == "No Gods, No Masters: Crime vol. 1"
    assert publisher("Farrar, Straus & Cudahy") == "{Farrar, Straus and Cudahy}"
    assert publisher("Pluto Press") == "Pluto Press"
    assert [full_range(r) for r in ("372--74", "4-5", "1001-9", "12")] == ["372--374", "4--5", "1001--1009", "12"]


# -- names -------------------------------------------------------------------------------------------------

def test_names_in_natural_order_and_in_a_list():
    people = People()
    people.learn("Friedrich Engels")
    assert biblatex("E.H. Carr") == "Carr, E. H."
    assert biblatex("Jean van Heijenoort") == "van Heijenoort, Jean"
    assert biblatex("Socialist Workers Party") == "{Socialist Workers Party}"
    assert biblatex("Engels", people) == "Engels, Friedrich"
    assert inverted_list("Koenker, Diane P., Rosenberg, William G. and Suny, Ronald Grigor") == [
        "Koenker, Diane P.", "Rosenberg, William G.", "Suny, Ronald Grigor"]
    assert inverted_list("Ehrlich, Howard J, Carol Ehrlich") == ["Ehrlich, Howard J", "Ehrlich, Carol"]
    assert inverted_list("Mises, Ludwig von") == ["Mises, Ludwig von"]
    assert inverted_list("Dark Star") == ["{Dark Star}"]
    assert looks_like_names("Marx, Engels, and Lenin") and not looks_like_names("The Serge-Trotsky Papers")


# -- notes -------------------------------------------------------------------------------------------------

def test_a_note_is_cut_at_semicolons_sentences_and_quoted_in_but_not_at_abbreviations():
    note = ('Socialist Workers Party, "Resolution," Sept. 1940, quoted in Robert J. Alexander, *Trotskyism* '
            '(Durham, N.C.: Duke University Press, 1991), 815. See also *Other* (London: X, 1990); *Third*.')
    assert [s for _, s in segments(note)] == [
        'Socialist Workers Party, "Resolution," Sept. 1940,',
        'quoted in Robert J. Alexander, *Trotskyism* (Durham, N.C.: Duke University Press, 1991), 815.',
        "See also *Other* (London: X, 1990);", "*Third*."]


def test_a_book_with_editors_edition_and_a_reprint():
    ((kind, f),) = fields("James P. Cannon, *Socialism on Trial: The Record*, 4th ed., ed. Naomi Allen "
                          "(1978; reprint New Brunswick, N.J.: Transaction, 1991), 69, 68.")
    assert kind == "book"
    assert f == {"author": "Cannon, James P.", "langid": "english", "title": "Socialism on Trial",
                 "subtitle": "The Record", "edition": "4", "editor": "Allen, Naomi", "origdate": "1978",
                 "location": "New Brunswick, NJ", "publisher": "Transaction", "date": "1991"}


def test_a_chapter_and_its_book_then_the_short_form_of_the_book():
    notes = [NoteText(1, 10, 1, 'Mikhail Bakunin, "God and the State" in *Bakunin on Anarchy*, ed. Sam Dolgoff '
                                '(New York: Alfred Knopf, 1972), 232.'),
             NoteText(2, 12, 1, 'James Guillaume, "Biography of Bakunin" in Dolgoff (ed.), *Bakunin on Anarchy*, 26.'),
             NoteText(3, 14, 1, "Ibid., 27.")]
    works = from_notes(notes, "w.md", EMPTY)
    assert [(w.type, w.key, w.parent.key if w.parent else "") for w in works] == [
        ("book", "bakunin1972bakunin", ""), ("inbook", "bakunin1972god", "bakunin1972bakunin"),
        ("inbook", "guillaume1972biography", "bakunin1972bakunin")]
    assert works[0].fields["editor"] == "Dolgoff, Sam" and works[0].fields["author"] == "Bakunin, Mikhail"


@pytest.mark.parametrize("note, kind, want", [
    ('Wolfgang Alles, "German Trotskyism," *Revolutionary History* 2, no. 3 (Autumn 1989), 7, online at '
     "http://bit.ly/x.", "article",
     {"journaltitle": "Revolutionary History", "volume": "2", "number": "3", "date": "1989-23", "url": "http://bit.ly/x"}),
    ('Felix Morrow [and Albert Goldman], "Our Differences," *Fourth International* 3, no. 10 (Dec. 1942), 372--74.',
     "article", {"author": "Morrow, Felix", "date": "1942-12", "pages": "372--374"}),
    ('"Bayonne Locals Push On," *UE News*, Dec. 20, 1941.', "article",
     {"entrysubtype": "newspaper", "date": "1941-12-20", "note": "Not in the reference: author"}),
    ("Murray Bookchin, interview by Jeff Riggenbach, *Reason*, Oct. 1979, 34--38.", "article",
     {"journaltitle": "Reason", "note": "Interview by Jeff Riggenbach. Not in the reference: title"}),
    ('Josef Weber (as IKD), "The SWP," *New International*, Dec. 1944, 414.', "article",
     {"author": "Weber, Josef", "note": "Published under the name IKD"}),
    ("Dave Eisen to Leo Brownstein, May 27, 1946, courtesy Dave Eisen.", "unpublished",
     {"author": "Eisen, Dave", "date": "1946-05-27"}),
    ('"Franz Meyer," http://bit.ly/y.', "online", {"title": "Franz Meyer", "url": "http://bit.ly/y"}),
    ('Socialist Workers Party, "Resolution on Policy," Sept. 1940.', "misc",
     {"author": "{Socialist Workers Party}", "date": "1940-09"}),
])
def test_articles_newspapers_interviews_letters_and_pages_online(note, kind, want):
    ((got_kind, got),) = fields(note)
    assert got_kind == kind and {k: got.get(k) for k in want} == want


def test_short_forms_ibid_and_commentary_give_nothing():
    assert fields("Cannon, *Socialism on Trial*, 39.") == []
    assert fields("Ibid., 82.") == []
    assert fields("That this solipsism is not adventitious is represented in Stirner.") == []


def test_plain_text_containers_are_read_as_if_in_italics():
    """An Anarchist Library witness has no italics: "in Dolgoff (ed.), Bakunin on Anarchy, 26"."""
    notes = [NoteText(1, 1, 1, 'Mikhail Bakunin, "God and the State" in Bakunin on Anarchy, ed. Sam Dolgoff '
                               '(New York: Alfred Knopf, 1972), 232.'),
             NoteText(2, 3, 1, 'Wolfgang Alles, "German Trotskyism," Revolutionary History 2, no. 3 (Autumn 1989).')]
    assert [(w.type, w.key) for w in from_notes(notes, "w.txt", EMPTY)] == [
        ("book", "bakunin1972bakunin"), ("inbook", "bakunin1972god"), ("article", "alles1989german")]


def test_mckay_plain_text_references():
    (w,) = NoteReader("m.txt", People()).read(5, 1, "See Caroline Cahm’s Kropotkin and the Rise of Revolutionary "
                                                    "Anarchism (Cambridge: Cambridge University Press, 1989).")
    assert w.fields["author"] == "Cahm, Caroline" and w.fields["title"] == "Kropotkin and the Rise of Revolutionary Anarchism"


def test_a_markdown_witness_s_notes_as_the_drafter_reads_them(tmp_path):
    """Read by the Markdown profile, as the build reads them: continuation lines joined, a named label counted
    on, the column of the note's first word, italics between asterisks."""
    from critedition.diagnostics import Report
    from critedition.witness.survey import survey_file

    witness = tmp_path / "a.md"
    witness.write_text("Body.[^1] More.[^note]\n\n[^1]: First line\n    continued.\n\n[^note]: Named *Book*.\n",
                       encoding="utf-8")
    report = Report()
    assert survey_file(witness, "markdown", report).notes == [NoteText(1, 3, 7, "First line continued."),
                                                              NoteText(2, 6, 10, "Named *Book*.")]
    assert report.items == []


# -- reference lists -----------------------------------------------------------------------------------------

LIST = """# _Bibliography_

Intro text without a title.

Avrich, Paul (ed.), **The Anarchists in the Russian Revolution** , Thames and
Hudson Ltd, London, 1973.

Bakunin, Michael, **The Basic Bakunin** , Robert M. Cutler (trans. and ed.),
Promethus Books, Buffalo, N.Y., 1994.

> **Bakunin on Anarchism** , 2nd Edition, Sam Dolgoff (ed.), Black Rose Books,
> Montreal, 1980.
>
> _"Objections to Anarchism"_ , **The Raven: Anarchist Quarterly** , no. 12
> (Vol. 3, No. 4), Oct-Dec 1990, Freedom Press, pp. 339-364.

Kenafick, K.J., **Michael Bakunin and Karl Marx** , Melbourne, 1948.
"""


def test_a_reference_list_by_paragraph_with_quoted_works_of_the_same_author():
    assert [(line, quoted) for line, quoted, _ in paragraphs(LIST)] == [(3, False), (5, False), (8, False),
                                                                        (11, True), (14, True), (17, False)]
    works = {w.key: (w.type, w.fields) for w in from_list(LIST, "list.md", EMPTY)}
    assert list(works) == ["avrich1973anarchists", "bakunin1994basic", "bakunin1980bakunin", "bakunin1990objections",
                           "kenafick1948michael"]
    assert works["avrich1973anarchists"][0] == "collection"
    assert works["bakunin1994basic"][1]["translator"] == works["bakunin1994basic"][1]["editor"] == "Cutler, Robert M."
    assert works["bakunin1994basic"][1]["location"] == "Buffalo, NY"
    assert works["bakunin1980bakunin"][1]["edition"] == "2"
    article = works["bakunin1990objections"]
    assert article[0] == "article" and article[1]["pages"] == "339--364" and article[1]["number"] == "12"
    assert article[1]["journalsubtitle"] == "Anarchist Quarterly" and "publisher" not in article[1]
    assert works["kenafick1948michael"][1]["location"] == "Melbourne" and "publisher" not in works["kenafick1948michael"][1]


# -- against the bibliography; output --------------------------------------------------------------------------

HOUSE = Library.from_string(
    "@book{bakunin1980bakunin, author = {Bakunin, Michael}, title = {Bakunin on Anarchism}, date = {1980}}\n"
    "@book{carr1937michael, author = {Carr, E. H.}, title = {Other}, date = {1937}}\n")


def test_works_the_bibliography_holds_are_left_out_and_its_names_and_keys_are_respected():
    notes = [NoteText(1, 1, 1, 'Mikhail Bakunin, "Letter" in *Bakunin on Anarchism* (Montreal: Black Rose, 1980), 9.'),
             NoteText(2, 3, 1, "E.H. Carr, *Michael Bakunin* (London: Macmillan, 1937), 5.")]
    works = from_notes(notes, "w.md", HOUSE)
    assert [(w.key, w.parent_key, w.fields["author"]) for w in works] == [
        ("bakunin1980letter", "bakunin1980bakunin", "Bakunin, Michael"),
        ("carr1937michaela", "", "Carr, E. H.")]


def test_the_output_lints_with_only_the_draft_warning_and_its_comments_cite_the_note():
    works = from_notes([NoteText(7, 42, 1, '"Italian Workers," *Militant*, Sept. 21, 1943 (see x@y.org).')],
                       "w.md", EMPTY)
    text = render(works, "essay")
    assert text.startswith("% Draft (edition bib draft) from essay n. 7 (w.md:42):\n%   “\"Italian Workers,\" *Militant*")
    assert "(at)" in text and "@" not in "".join(l for l in text.splitlines() if l.startswith("%"))
    assert [d.code for d in lint_text(text).items] == ["BIB-021"]


# -- the commands --------------------------------------------------------------------------------------------

def test_bib_draft_of_an_essay_whose_works_are_all_in_the_bibliography(capsys):
    """McKay's notes, read as the build ingests them, cite nothing the bibliography lacks."""
    assert main(["bib", "draft", "mckay"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "0 draft entries" in err


def test_bib_draft_refuses_an_unknown_essay_and_wants_one_source(capsys):
    assert main(["bib", "draft", "nosuch"]) == 1
    assert "EDIT-001" in capsys.readouterr().err
    assert main(["bib", "draft"]) == 2


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="the development corpus is not there")
def test_bib_draft_of_a_markdown_witness_not_yet_configured(capsys):
    witness = SHARED / "corpus" / "gamberg-2014-anarchism-through-bakunin.md"
    assert main(["bib", "draft", "--witness", str(witness)]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n@") + out.startswith("@") == 19 and "19 draft entries" in err
    assert "@incollection{apter1972old," in out and "% Draft (edition bib draft) from gamberg-2014-anarchism" in out


def test_a_full_reference_the_drafter_cannot_read_is_named_not_passed_over(tmp_path, capsys):
    """BIB-022 at the note's line for a reference with a publication block that gives no draft; a lifespan in
    parentheses ("(1781--1848)") is not a publication block."""
    witness = tmp_path / "w.md"
    witness.write_text("Text.[^1] More.[^2]\n\n[^1]: Begun by Xu Song 徐松 (1781--1848) early on.\n\n"
                       "[^2]: And グローバル・ヒストリ*Gurōbaru hisutorī* (Hachiōji: Chūō Daigaku Shuppanbu 2018).\n",
                       encoding="utf-8")
    assert main(["bib", "draft", "--witness", str(witness)]) == 0
    err = capsys.readouterr().err
    assert [line.split(" warning[")[0].rstrip(":").rsplit(":", 1)[-1] for line in err.splitlines()
            if "BIB-022" in line] == ["5"]
    assert "note 2: a full reference the drafter could not read: “And グローバル" in err


def test_bib_import_writes_a_reference_list_to_a_file(tmp_path, capsys):
    source, out = tmp_path / "list.md", tmp_path / "drafts.bib"
    source.write_text(LIST, encoding="utf-8")
    assert main(["bib", "import", str(source), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "@collection{avrich1973anarchists," in text and "keywords  = {draft}," in text
    assert text.startswith("% Draft (edition bib import) from ") and ":5:\n" in text.split("\n")[0] + "\n"
    # Bakunin on Anarchism (1980) is in the edition's bibliography already: four drafts, not five.
    assert "@book{bakunin1980bakunin," not in text and "4 draft entries written to" in capsys.readouterr().err
    assert main(["bib", "import", str(tmp_path / "missing.md")]) == 1


# -- East Asian references (the forms of Wen Xin's Startwords essay, tests/fixtures/real-essays/) ---------

def test_a_name_and_a_title_with_their_characters():
    [(kind, f)] = fields("See Sima Qian 司馬遷, *Shiji* 史記 (Beijing: Zhonghua shuju, 1982), 10.432.")
    assert kind == "book"
    assert (f["author"], f["title"], f["titleaddon"], f["langid"]) == ("Sima, Qian", "Shiji", "史記", "chinese")
    assert (f["location"], f["publisher"], f["date"]) == ("Beijing", "Zhonghua shuju", "1982")
    [(_, f)] = fields("Seo Tatsuhiko 妹尾達彥, *Chōan no toshi keikaku* 長安の都市計画 (Tokyo: Kōdansha, 2001).")
    assert (f["author"], f["title"], f["langid"]) == ("Seo, Tatsuhiko", "Chōan no toshi keikaku", "japanese")


def test_a_name_written_with_its_characters_in_the_prose_is_family_first_in_its_reference():
    note = ("Such work was started by Xu Song 徐松 (1781--1848). See Xu Song, *Tang liangjing chengfangkao* "
            "唐兩京城坊考 (Beijing: Zhonghua shuju, 1985).")
    [(_, f)] = fields(note)
    assert f["author"] == "Xu, Song"


def test_a_reference_in_the_authors_sentence_names_its_author_by_the_characters():
    [(_, f)] = fields("The most authoritative work remains Shi Nianhai 史念海, *Xi'an lishi dituji* 西安歷史地圖集 "
                      "(Xi'an: Xi'an ditu chubanshe, 1996).")
    assert (f["author"], f["title"]) == ("Shi, Nianhai", "Xi'an lishi dituji")


def test_an_article_by_year_and_issue_its_title_in_characters_inside_the_quotes_and_a_doi():
    [(kind, f)] = fields("see Li Fangyao 李芳瑤, \"*Chang'an tubei* xinkao 長安圖碑新考,\" *Wenxian* 2012.3, 93.")
    assert kind == "article"
    assert (f["title"], f["titleaddon"], f["journaltitle"], f["date"], f["number"]) == \
        ("Chang'an tubei xinkao", "長安圖碑新考", "Wenxian", "2012", "3")
    [(_, f)] = fields("Linda Rui-Feng, \"Negotiating Vertical Space,\" *T'ang Studies* 29 (2011): 27--44, "
                      "<https://doi.org/10.1353/tan.2011.0002>.")
    assert (f["pages"], f["doi"], f.get("url")) == ("27--44", "10.1353/tan.2011.0002", None)


def test_a_list_of_editors_before_the_publication_block():
    note = ("David J. Bodenhamer, “The Varieties of Deep Maps,” in *Making Deep Maps: Foundations, Approaches, and "
            "Methods*, ed. David J. Bodenhamer, John Corrigan, and Trevor M. Harris (Abingdon: Routledge, 2022), 6--7.")
    (_, book), (kind, chapter) = fields(note)
    assert book["editor"] == "Bodenhamer, David J. and Corrigan, John and Harris, Trevor M."
    assert (book["location"], book["publisher"], book["date"]) == ("Abingdon", "Routledge", "2022")
    assert kind == "incollection" and chapter["title"] == "The Varieties of Deep Maps"


def test_a_series_after_the_editor_is_not_an_editor_and_a_date_in_prose_is_not_a_reference(tmp_path, capsys):
    drafts = fields("Jane Austen, *Emma*, ed. James Kinsley, Oxford World's Classics (Oxford: Oxford University "
                    "Press, 2003), 12.")
    assert all(f.get("editor") in (None, "Kinsley, James") for _, f in drafts)
    witness = tmp_path / "w.md"
    witness.write_text("Text.[^1]\n\n[^1]: The strike (August 1942) spread to three plants.\n", encoding="utf-8")
    assert main(["bib", "draft", "--witness", str(witness)]) == 0
    assert "BIB-022" not in capsys.readouterr().err
