"""What the lint knows of biblatex: the fields each type requires, its types and field names, and LaTeX's commands."""

from __future__ import annotations

from ..text import FORMATTING

DATE = ("date", "year")
# biblatex manual §2.1.1: the fields each type requires; a tuple means "one of these".
REQUIRED: dict[str, list[tuple[str, ...]]] = {
    "article": [("author",), ("title",), ("journaltitle",), DATE],
    "book": [("author", "editor"), ("title",), DATE],
    "mvbook": [("author", "editor"), ("title",), DATE],
    "inbook": [("author",), ("title",), ("booktitle",), DATE],
    "bookinbook": [("author",), ("title",), ("booktitle",), DATE],
    "suppbook": [("author",), ("title",), ("booktitle",), DATE],
    "booklet": [("author", "editor"), ("title",), DATE],
    "collection": [("editor",), ("title",), DATE],
    "mvcollection": [("editor",), ("title",), DATE],
    "reference": [("editor",), ("title",), DATE],
    "mvreference": [("editor",), ("title",), DATE],
    "incollection": [("author",), ("title",), ("booktitle",), DATE],
    "inreference": [("author",), ("title",), ("booktitle",), DATE],
    "suppcollection": [("author",), ("title",), ("booktitle",), DATE],
    "manual": [("author", "editor"), ("title",), DATE],
    "misc": [("author", "editor"), ("title",), DATE],
    "online": [("author", "editor"), ("title",), DATE, ("doi", "eprint", "url")],
    "patent": [("author",), ("title",), ("number",), DATE],
    "periodical": [("editor",), ("title",), DATE],
    "suppperiodical": [("author",), ("title",), ("journaltitle",), DATE],
    "proceedings": [("title",), DATE],
    "mvproceedings": [("title",), DATE],
    "inproceedings": [("author",), ("title",), ("booktitle",), DATE],
    "report": [("author",), ("title",), ("type",), ("institution",), DATE],
    "thesis": [("author",), ("title",), ("type",), ("institution",), DATE],
    "unpublished": [("author",), ("title",), DATE],
    "letter": [("author",), ("title",), DATE],
    "dataset": [("author", "editor"), ("title",), DATE],
    "software": [("author", "editor"), ("title",), DATE],
    "set": [], "xdata": [],
}
# BibTeX types biblatex accepts as aliases, and types it knows but does not require anything of.
ALIASES = {"conference": "inproceedings", "electronic": "online", "mastersthesis": "thesis", "phdthesis": "thesis",
           "techreport": "report", "www": "online"}
OTHER_TYPES = {"artwork", "audio", "bibnote", "commentary", "image", "jurisdiction", "legislation", "legal", "movie",
               "music", "performance", "review", "standard", "video", "customa", "customb", "customc", "customd",
               "custome", "customf"}
# Words that, in an entry's note, say a missing field was looked for and is unknown (docs/bibliography.md).
GAP_WORDS = {"author": ("author",), "editor": ("editor",), "title": ("title",), "date": ("date", "year"),
             "year": ("date", "year"), "journaltitle": ("journal",), "booktitle": ("book", "volume", "collection")}
FIELD_NAMES = {"year": "date", "journal": "journaltitle", "address": "location", "school": "institution"}
# Fields biblatex reads verbatim: no LaTeX commands are interpreted in them.
VERBATIM = {"url", "doi", "eprint", "file", "verba", "verbb", "verbc", "pdf"}
LINK_FIELDS = ("crossref", "xref", "related", "xdata")
# Fields that hold keys or options, never printed text: LaTeX's special characters mean nothing there.
KEY_FIELDS = {"ids", "entryset", "keywords", "langid", "origlanguage", "options", "relatedtype", "relatedoptions",
              *LINK_FIELDS}
DATE_FIELDS = {"date", "origdate", "eventdate", "urldate"}
KEYWORDS = {"reconstructed", "further-reading", "draft"}
NOINHERIT = {"ids", "crossref", "xref", "entryset", "related", "relatedtype", "relatedoptions", "relatedstring",
             "shorthand", "sortkey", "label", "options", "presort", "execute", "entrysubtype", "shorttitle",
             "sorttitle", "indextitle", "indexsorttitle", "keywords", "note", "pages"}
MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

# Escapes that print their character, and commands pandoc renders (checked with pandoc 3.9 -f biblatex).
HARMLESS = set("&%$_#{} ,-/@;:!") | {"\\"}
RENDERED = FORMATTING | {"dots", "ldots", "textendash", "textemdash", "nopunct", "adddot", "addcomma",
                         "textquoteleft", "textquoteright", "textquotedblleft", "textquotedblright", "guillemotleft",
                         "guillemotright", "S", "P", "textregistered", "texttrademark", "copyright", "pounds", "euro",
                         "textasciicircum", "textasciitilde"}
# Commands that make links, images, citations or file reads: text from the bibliography must never do that.
UNSAFE = {"href": "a link", "url": "a link", "includegraphics": "an image", "input": "a file include",
          "include": "a file include", "verbatiminput": "a file include", "write": "a file write",
          "immediate": "a file write", "openout": "a file write", "cite": "a citation inside an entry",
          "citetitle": "a citation inside an entry", "nocite": "a citation inside an entry", "def": "a macro definition",
          "catcode": "a catcode change", "newcommand": "a macro definition"}
# LaTeX's special characters: how a field escapes each, and what a bare one does (checked with pandoc 3.9
# -f biblatex; biblatex hands the field to LaTeX). $ is BIB-008's (mathematics); ~ is a tie, a non-breaking space.
SPECIALS = {
    "&": ("\\&", "biblatex reads as LaTeX's alignment character (an error)"),
    "%": ("\\%", "starts a comment: pandoc and biblatex drop the rest of the line"),
    "#": ("\\#", "pandoc reads as a macro parameter and drops the whole field"),
    "_": ("\\_", "biblatex reads as a subscript (an error outside mathematics)"),
    "^": ("\\^{}", "biblatex reads as a superscript (an error outside mathematics)"),
}
