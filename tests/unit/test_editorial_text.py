"""What the editors' own strings become in the books: typographic quotes, no build paths, titles in their language."""

from __future__ import annotations

import panflute as pf

from critedition import config
from critedition.bib.annotations import title_languages
from critedition.book import assemble, cited, metadata


def test_typed_quotes_and_apostrophes_are_set_as_print_sets_them():
    assert metadata.typographic("the author's text; the authors' notes") == "the author’s text; the authors’ notes"
    assert metadata.typographic('he wrote "yes" and \'no\' in the \'90s') == "he wrote “yes” and ‘no’ in the ’90s"


def test_the_books_rights_and_description_have_no_straight_quotes():
    ed = config.load()
    for book in ed.books:
        about = metadata.for_book(ed, ed.book(book), ["A. Author"])
        for text in (about.rights, about.description):
            assert "'" not in text and '"' not in text, text


def test_the_colophon_names_no_file_of_the_project():
    ed = config.load()
    book = ed.book("serge-and-the-anarchists")
    essay = pf.Doc(metadata={"author": pf.MetaString("Iain McKay"), "title": pf.MetaString("Victor Serge"),
                             "date": pf.MetaString("2013"), "witness": pf.MetaString("seeds/mckay.txt"),
                             "source": pf.MetaString("Retrieved from anarchism.pageabode.com")})
    about = assemble.book_metadata(ed, book, [essay])
    colophon = next(b for b in assemble.front_matter(ed, book, [essay], about) if b.identifier == "colophon")
    text = pf.stringify(colophon)
    assert "seeds/" not in text and "Witness:" not in text
    assert "Retrieved from anarchism.pageabode.com" in text and "'" not in text


def test_a_title_in_another_language_is_marked_with_it():
    ed = config.load()
    languages = title_languages(ed)
    assert ("Mémoires d'un révolutionnaire", "fr") in languages["serge2012memoirs"]
    title = pf.Emph(pf.Span(pf.Str("Mémoires"), pf.Space(), pf.Str("d’un"), pf.Space(), pf.Str("révolutionnaire"),
                            classes=["nocase"]))
    entry = pf.Div(pf.Para(pf.Str("Serge."), pf.Space(), pf.Emph(pf.Str("Memoirs")), pf.Str(". Originally"),
                           pf.Space(), title), identifier="ref-serge2012memoirs")
    doc = pf.Doc(entry)
    cited._title_languages(doc, languages, "en-GB")
    assert title.content[0].attributes["lang"] == "fr"
    english = entry.content[0].content[2]
    assert not any(isinstance(e, pf.Span) for e in english.content)  # the English title: the book's language
