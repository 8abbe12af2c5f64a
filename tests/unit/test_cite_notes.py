"""Citations in McKay's 46 endnotes: full references, short forms, sections and shorthand."""

import re
from pathlib import Path

import pytest

from critedition.bib.library import Library
from critedition.cite.conventions.references import parse_note_refs
from critedition.cite.model import Context, to_markdown
ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini.bib"
MCKAY = ROOT / "seeds" / "mckay-2013-worst-of-the-anarchists.txt"
SIGLA = {
    "Memoirs": "serge2012memoirs",
    "Danger": "serge1997revolution",
    "Papers": "cotterill1994serge",
    "Year One": "serge1992year",
    "Serge": "weissman2013victor",
}
AFAQ = "mckay2012anarchist"

# note -> [(rule, key, locator, label, prefix)], in order.
EXPECTED = {
    1: [("notes.full-ref", "serge2012memoirs", "", "page", "")],
    2: [("notes.full-ref", "serge1997revolution", "", "page", "")],
    3: [("notes.full-ref", "cotterill1994serge", "", "page", "")],
    4: [("notes.full-ref", "serge1992year", "", "page", "")],
    5: [("notes.full-ref", "weissman2013victor", "", "page", "")],
    6: [("notes.full-ref", "sedgwick1984unhappy", "", "page", ""),
        ("shorthand.bare-page", "sedgwick1984unhappy", "151", "page", "")],
    7: [("shorthand.siglum", "serge2012memoirs", "122", "page", "")],
    8: [("shorthand.siglum", "weissman2013victor", "12", "page", "")],
    9: [("notes.full-ref", "cahm1989kropotkin", "", "page", "see")],
    10: [("notes.afaq-section", AFAQ, "H.2.2", "section", "see")],
    11: [("notes.full-ref", "proudhon2011property", "709", "page", "")],
    12: [("notes.full-ref", "bakunin1980bakunin", "153, 255", "page", "")],
    13: [("notes.full-ref", "avrich2005russian", "81", "page", "quoted in")],
    14: [("notes.short-form", "proudhon2011property", "225–6", "page", "")],
    15: [("notes.short-form", "lenin1966collected42", "170", "page", "")],
    16: [("notes.afaq-section", AFAQ, "H.2.1", "section", "see")],
    17: [("notes.short-form", "proudhon2011property", "443", "page", "")],
    18: [("notes.afaq-section", AFAQ, "H.6.1", "section", "see")],
    19: [("shorthand.siglum", "serge1992year", "265", "page", "")],
    20: [("notes.afaq-section", AFAQ, "H.5", "section", "see")],
    21: [("notes.full-ref", "aves1996workers", "18, 90", "page", "")],
    22: [("notes.afaq-section", AFAQ, "H.3.11", "section", "see")],
    23: [("notes.short-form", "proudhon2011property", "595", "page", "")],
    24: [("notes.short-form", "lenin1961collected7", "396–7", "page", ""),
         ("notes.afaq-section", AFAQ, "H.3.3", "section", "also see")],
    25: [("notes.short-form", "proudhon2011property", "28, 41", "page", "")],
    26: [("notes.short-form", "aves1996workers", "37", "page", "")],
    27: [("notes.full-ref", "riddell1991proceedings", "152", "page", "")],
    28: [("shorthand.siglum", "serge2012memoirs", "146, 152", "page", "")],
    29: [("notes.afaq-section", AFAQ, "H.6.3", "section", "see")],
    30: [("notes.afaq-section", AFAQ, "H.6.2", "section", "see")],
    31: [("notes.full-ref", "schapiro1965origin", "294", "page", "")],
    32: [("notes.full-ref", "malle1985economic", "275, 281", "page", "")],
    33: [("notes.full-ref", "kropotkin1985conquest", "82–3", "page", "")],
    34: [("notes.full-ref", "brinton2004bolsheviks", "", "page", "see")],
    35: [("notes.full-ref", "ollman1978marx", "65–6", "page", "")],
    36: [("notes.short-form", "proudhon2011property", "119", "page", ""),
         ("shorthand.bare-page", "proudhon2011property", "10–13", "page", "")],
    37: [("notes.full-ref", "marx1978manifesto", "490", "page", "")],
    38: [("notes.short-form", "aves1996workers", "17, 11", "page", "")],
    39: [("notes.full-ref", "guerin1970anarchism", "97", "page", ""),
         ("shorthand.siglum", "weissman2013victor", "284", "page", "")],
    40: [("notes.full-ref", "trotsky1980challenge", "395, 441", "page", "")],
    41: [("notes.full-ref", "sakwa1987soviet", "96–7, 191, 182, 196", "page", "")],
    42: [("notes.full-ref", "trotsky1978writings", "513–4", "page", ""),
         ("shorthand.siglum", "weissman2013victor", "119", "page", "")],
    43: [("notes.full-ref", "trotsky1973moralists", "59", "page", "")],
    44: [("notes.full-ref", "trotsky1972leon", "158", "page", "")],
    45: [("notes.full-ref", "kronstadt1979exchange", "140–1", "page", "")],
    46: [("notes.afaq-section", AFAQ, "H.2.5", "section", "see")],
}


def mckay_notes() -> dict[int, str]:
    notes = {}
    for line in MCKAY.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\[(\d+)\] (.*)", line)
        if m:
            notes[int(m.group(1))] = m.group(2)
    return notes


NOTES = mckay_notes()


@pytest.fixture(scope="module")
def lib() -> Library:
    return Library.load(MINI)


def summary(matches):
    return [(m.rule, c.key, c.locator, c.label, c.prefix) for m in matches for c in m.cites]


def test_all_46_notes_are_covered():
    assert sorted(NOTES) == sorted(EXPECTED) == list(range(1, 47))


@pytest.mark.parametrize("number", [pytest.param(n, id=f"note-{n}") for n in sorted(EXPECTED)])
def test_every_note(lib, number):
    matches = parse_note_refs(NOTES[number], Context(lib, dict(SIGLA)))
    assert [m.problem for m in matches if m.problem] == []
    assert summary(matches) == EXPECTED[number]


@pytest.mark.parametrize(
    "note, raw, markdown",
    [
        pytest.param(
            "Property is Theft! A Pierre-Joseph Proudhon Anthology (Edinburgh/Oakland: AK Press, 2011), "
            "Iain McKay (ed.), 709.",
            "Property is Theft! A Pierre-Joseph Proudhon Anthology (Edinburgh/Oakland: AK Press, 2011), "
            "Iain McKay (ed.), 709",
            "[@proudhon2011property, 709]",
            id="title-publisher-editor-page",
        ),
        pytest.param(
            "Jonathan Aves, Workers Against Lenin: Labour Protest and the Bolshevik Dictatorship (London: Tauris "
            "Academic Studies, 1996), 18, 90.",
            "Jonathan Aves, Workers Against Lenin: Labour Protest and the Bolshevik Dictatorship (London: Tauris "
            "Academic Studies, 1996), 18, 90",
            "[@aves1996workers, 18, 90]",
            id="author-title-pages",
        ),
        pytest.param(
            "quoted in Paul Avrich, The Russian Anarchists (Edinburgh/Oakland: AK Press, 2005), 81.",
            "quoted in Paul Avrich, The Russian Anarchists (Edinburgh/Oakland: AK Press, 2005), 81",
            "[quoted in @avrich2005russian, 81]",
            id="quoted-in-prefix",
        ),
        pytest.param(
            "“Manifesto of the Communist Party”, The Marx-Engels Reader (London & New York: W.W. Norton & Co, 1978), "
            "Robert C. Tucker (Ed.), 490.",
            "“Manifesto of the Communist Party”, The Marx-Engels Reader (London & New York: W.W. Norton & Co, 1978), "
            "Robert C. Tucker (Ed.), 490",
            "[@marx1978manifesto, 490]",
            id="chapter-in-container",
        ),
        pytest.param("Proudhon, Property is Theft!, 595.", "Proudhon, Property is Theft!, 595",
                     "[@proudhon2011property, 595]", id="author-short-title"),
        pytest.param("Aves, 17, 11.", "Aves, 17, 11", "[@aves1996workers, 17, 11]", id="author-only"),
        pytest.param("Collected Works 42: 170.", "Collected Works 42: 170", "[@lenin1966collected42, 170]",
                     id="volume-picks-the-entry"),
        pytest.param("See section H.2.2 of An Anarchist FAQ (Edinburgh/Oakland: AK Press, 2012) volume 2.",
                     "See section H.2.2 of An Anarchist FAQ (Edinburgh/Oakland: AK Press, 2012) volume 2",
                     "[see @mckay2012anarchist, sec. H.2.2]", id="afaq-section"),
    ],
)
def test_spans(lib, note, raw, markdown):
    [match] = parse_note_refs(note, Context(lib, dict(SIGLA)))
    assert (match.raw, to_markdown(match)) == (raw, markdown)
    assert note[match.start : match.end] == raw


def test_commentary_stays_text_in_note_6(lib):
    note = NOTES[6]
    first, second = parse_note_refs(note, Context(lib, dict(SIGLA)))
    # The title is named in the author's sentence: it stays text, and the publication block is the citation.
    assert note[: first.start] == ("This was usefully explored by Peter Sedgwick in his posthumously published "
                                   "“The Unhappy Elitist: Victor Serge’s Early Bolshevism” ")
    assert first.raw.startswith("(History Workshop") and first.raw.endswith("Spring 1984)")
    assert first.cites[0].key == "sedgwick1984unhappy"
    # "(151)" is Sedgwick's page, although "Year One of the Russian Revolution" is named after the reference.
    assert (second.raw, second.cites[0].key) == ("(151)", "sedgwick1984unhappy")


def test_commentary_after_a_reference_stays_text(lib):
    note = NOTES[39]
    matches = parse_note_refs(note, Context(lib, dict(SIGLA)))
    assert note[matches[0].end :].startswith(". Weissman buries this in a endnote ")
    assert matches[1].raw == "(Serge 284)"


def test_wrapping_parentheses_belong_to_the_reference(lib):
    [match] = parse_note_refs(NOTES[41], Context(lib, dict(SIGLA)))
    assert match.raw.startswith("(Richard Sakwa,") and match.raw.endswith("196)")


def test_repeated_title_words_are_absorbed_and_noted(lib):
    [match] = parse_note_refs(NOTES[35], Context(lib, dict(SIGLA)))
    assert match.raw.startswith("Bertell Ollman, “Marx’s “Marx’s Vision")
    assert match.notes == ("repeated title words “Marx’s” absorbed",)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(NOTES[34], id="witness-unbalanced"),
        pytest.param(NOTES[34].replace("2004) for an", "2004)) for an"), id="emended-balanced"),
    ],
)
def test_brinton_chapter_in_edited_book(lib, text):
    [match] = parse_note_refs(text, Context(lib, dict(SIGLA)))
    assert match.cites[0].key == "brinton2004bolsheviks"
    assert text[match.end :].startswith(" for an extensively documented account")


def test_a_note_does_not_disturb_the_running_texts_work_in_view(lib):
    ctx = Context(lib, dict(SIGLA))
    ctx.next_paragraph()
    ctx.set_work("goldman1970my", cited=False)
    parse_note_refs(NOTES[46], ctx)
    assert ctx.work_in_scope() == "goldman1970my"


def test_volume_not_in_the_bibliography_goes_into_the_locator():
    lib = Library.from_string("@book{lenin1960collected, author={Lenin, V. I.}, title={Collected Works}}")
    [match] = parse_note_refs("Collected Works 42: 170.", Context(lib))
    assert to_markdown(match) == "[@lenin1960collected, vol. 42, p. 170]"


def test_ambiguous_author_short_form_uses_the_one_cited_last(lib):
    ctx = Context(lib, dict(SIGLA))
    parse_note_refs(NOTES[44], ctx)  # Leon Trotsky Speaks
    [match] = parse_note_refs("Trotsky, 12.", ctx)
    assert match.cites[0].key == "trotsky1972leon"
    [unknown] = parse_note_refs("Trotsky, 12.", Context(lib, dict(SIGLA)))
    assert unknown.cites == () and unknown.problem.startswith("ambiguous author short form")


def test_a_volume_the_bibliography_does_not_have_is_reported(lib):
    [match] = parse_note_refs("See section H.1 of An Anarchist FAQ volume 1.", Context(lib))
    assert match.cites == () and match.problem == "volume 1 cited; the bibliography has volume 2"


MORE = """
@book{vandijk1978wereld,
  author = {van Dijk, Anna}, title = {De wereld van de arbeiders}, location = {Amsterdam},
  publisher = {Van Gennep}, date = {1978},
}
"""


def test_a_name_with_a_particle_is_not_split():
    lib = Library.from_string(MORE)
    [match] = parse_note_refs("According to Anna van Dijk, De wereld van de arbeiders (Amsterdam: Van Gennep, "
                              "1978), 38, the strike was lost.", Context(lib))
    assert match.raw == "Anna van Dijk, De wereld van de arbeiders (Amsterdam: Van Gennep, 1978), 38"
    assert (match.cites[0].key, match.cites[0].locator) == ("vandijk1978wereld", "38")


def test_a_title_named_in_passing_stays_text():
    lib = Library.from_string(MORE)
    note = "See her excellent De wereld van de arbeiders (Amsterdam: Van Gennep, 1978) on the strikes."
    [match] = parse_note_refs(note, Context(lib))
    assert note[: match.start] == "See her excellent De wereld van de arbeiders "
    assert match.raw == "(Amsterdam: Van Gennep, 1978)"
