"""Full references in notes, read into works: Chicago notes ("Author, *Title* (Place: Publisher, Year), 12") and
the plain-text form without italics that McKay's notes use ("Author, Title (Place: Publisher, Year), 12").

A note is cut into references at semicolons, sentence ends and "quoted in" (``segments``). A reference is
read around its title, a span in italics or in quotation marks (``_ANCHOR``): before it the author (after a
"see", "quoted in"...), after it what a quoted title is part of (``in`` a book, a journal with volume, number
and date), a book's editor, translator, edition and publication block. Short forms ("Cannon, *Socialism on
Trial*, 39") and commentary give no work: only a reference with a publication block, a journal's issue or
date, or a web address does.
"""

from __future__ import annotations

import re

from . import romanised, values
from .lead import PREFIX, Lead, read_lead, segments
from .people import People, is_body, looks_like_names, name_list, split_natural
from .work import Origin, Work

_ANCHOR = re.compile(r"\*(?P<i>[^*]+)\*|\"(?P<q>[^\"]+)\"|“(?P<c>[^”]+)”")
_PUB = re.compile(r"\s*[(\[](?P<body>[^()\[\]]*?(?:1[5-9]\d\d|20\d\d|n\.\s?d\.)[^()\[\]]*)[)\]]")
_ROLE = re.compile(r"\s*,?\s*(?P<role>eds?\.|trans\.|translated by|edited by|comp\.)\s+(?P<names>[^(),;*\"“]+)")
_EDITION = re.compile(r"\s*,\s*(?P<ed>\d+(?:st|nd|rd|th)|[Ss]econd|[Tt]hird|[Ff]ourth|[Rr]evised)\s+[Ee]d(?:ition|\.)")
_VOLUME = re.compile(r"\s*,\s*(?:vol\.|volume)\s+(?P<vol>\d+)(?:\s*,\s*\*[^*]+\*)?", re.I)
_ISSUE = re.compile(r"[\s,.]*(?:(?P<year>(?:1[5-9]|20)\d\d)\.(?P<yearnum>\d{1,2})(?!\d)"  # "*Wenxian* 2012.3"
                    r"|(?:(?P<vol>\d+)\s*,?\s*)?(?:no\.\s*(?P<num>\d+))?\s*(?:\((?P<date>[^()]*)\))?)")
_DATE_AFTER = re.compile(rf"\s*,?\s*(?P<date>{values.DATE.pattern})")
_LOCATOR = re.compile(r"\s*[,:]\s*(?:pp?\.\s*)?(?P<locs>\d+(?:\s*(?:--|–|-)\s*\d+)?(?:\s*,\s*\d+(?:\s*(?:--|–|-)\s*\d+)?)*)")
_URL = re.compile(r"<?(?P<url>https?://[^\s>)]+?)>?(?=[\s.,;)]*$|[\s,;)])")
_WRITTEN = re.compile(rf"\s*,?\s*\(?(?:written\s+)?(?P<date>{values.DATE.pattern})\)?")
_WORD_AFTER = re.compile(r"\s*,?\s*(?P<what>(?:video\s+)?interview by|from)\s+")
_INTERVIEW = re.compile(rf"^(?P<who>[A-Z][^,;:()]*?),\s*interview by (?P<by>[^(),;]+?)\s*\((?P<date>{values.DATE.pattern})\),"
                        r"\s*unpublished")
_PLAIN_CONTAINER = re.compile(
    r"[,.]?[\"”]\s*,?\s*(?:in\s+)?(?:[A-Z][^\"“”()*]*?(?:,\s*eds?\.|\s*\(eds?\.\)),\s*)?"
    r"(?P<title>[A-Z][^()*\"“”]*?)"
    r"(?=\s*(?:,\s*(?:eds?\.|trans\.|vol\.|no\.)\s|\(|,\s*\d|\s+\d+,\s*no\.|\s+no\.\s*\d|,\s*" + values.MONTH
    + r"\s+\d|\.?\s*$))")
_JOURNAL_ISSUE = re.compile(r"[*”\"]\s*\d{1,4}\s*(?:,\s*no\.\s*\d{1,4}\s*)?\([^()]*(?:1[5-9]|20)\d\d\)")
_MORE_NAMES = re.compile(r"\s*,\s*(?:and\s+)?(?!(?:eds?|trans|vol|no)\.)(?P<name>[^(),;*\"“]+?)(?=\s*[(,;])")
_SECTION = re.compile(r"(?:[Ss]ection|[Cc]hapter|[Pp]art)\s+\S+\s+of\s+")
_LETTER = re.compile(rf"^(?P<who>[A-Z][^,;:()]*?)\s+to\s+(?P<whom>[^,;:()]+?),\s*(?P<date>{values.DATE.pattern})")


class NoteReader:
    """Works from the notes of one text; ``people`` completes family names written alone."""

    def __init__(self, file: str, people: People, lang: str = "english") -> None:
        self.file, self.people, self.lang = file, people, lang
        self.passed: list[Origin] = []  # references with a publication block that gave no work (BIB-022)

    def read(self, note: int | None, line: int, text: str) -> list[Work]:
        """The works of one note's full references, each container before its parts."""
        out: list[Work] = []
        for _, seg in segments(" ".join(text.split())):
            url = _URL.fullmatch(seg.strip(" .;"))
            if url and out:  # "...; http://..." gives the address of the reference before it
                out[-1].put("url", url.group("url"))
                continue
            origin = Origin(self.file, line, note, seg)
            works = self.reference(seg, origin)
            if not works and (_JOURNAL_ISSUE.search(seg) or any(re.search(r":\s*[^\W\d_]{2}", m.group("body"))
                                                               for m in _PUB.finditer(seg))):
                # a publication block gives "Place: Publisher", a journal its volume ("*Kaogu* 8 (2010)"): not a
                # lifespan "(1781--1848)" nor a date in the prose "(August 1942)"
                self.passed.append(origin)
            out.extend(works)
        return out

    def reference(self, seg: str, origin: Origin) -> list[Work]:
        """The works of one reference: read from the first title whose lead names its author (or nobody);
        a title inside commentary ("In the *Communist Manifesto*, they wrote") is passed over."""
        if "*" not in seg:
            seg = _mark_container(seg)
        start = 0
        for anchor in _ANCHOR.finditer(seg):
            text = seg[start : anchor.start()]
            sentence = re.split(r"[.!?][”\"]?\s+(?=[A-Z])", text)[-1]
            glossed = romanised.name_before(sentence)  # "remains Shi Nianhai 史念海, *Title* (...)"
            lead = read_lead(sentence) or (read_lead(glossed) if glossed else None)
            start = anchor.end()
            if lead is None:
                continue
            italic = anchor.group("i") is not None
            title, rest, gloss = romanised.title_gloss(anchor.group("i") or anchor.group("q") or anchor.group("c"),
                                                       seg[anchor.end():], italic)
            works = self._book(title, lead, rest, origin) if italic else self._part(title, lead, rest, origin)
            if gloss:
                romanised.mark(works, title, gloss)
            return works
        return self._plain(seg, origin) if not _ANCHOR.search(seg) else []

    # -- a title in italics: a book, or a journal for an untitled interview ---------------------------------
    def _book(self, title: str, lead: Lead, rest: str, origin: Origin) -> list[Work]:
        if lead.interview:
            work = self._new("article", origin, lead)
            return [work] if self._journal(work, title, rest) else []
        if lead.part:  # "Kevin Coogan, introduction to Dwight Macdonald, *The Root Is Man* (...)"
            book = self._new("book", origin, Lead(lead.book_names or []))
            self._title(book, title)
            if not self._book_tail(book, rest)[1]:
                return []
            part = self._new("inbook", origin, lead)
            part.put("title", lead.part)
            part.parent = book
            return [book, part]
        work = self._new("collection" if lead.role == "editor" else "book", origin, lead)
        self._title(work, title)
        pos, full = self._book_tail(work, rest)
        reprint = re.match(r"^\s*,?\s*reprinted in\s+", rest[pos:])
        if reprint:
            inner = _ANCHOR.match(rest, pos + reprint.end())
            if inner and inner.group("i"):
                book = self._new("book", origin, lead)
                self._title(book, inner.group("i"))
                if self._book_tail(book, rest[inner.end():])[1]:
                    work.type, work.parent = "inbook", book
                    work.fields.pop("location", None), work.fields.pop("publisher", None)
                    work.fields["origdate"] = work.fields.pop("date", "")
                    return [book, work]
        url = _URL.search(rest[pos:])
        if url:
            work.put("url", url.group("url"))
            if not (full or lead.names):  # a site: "*Lubitz' TrotskyanaNet*, http://..."
                work.type = "online"
        return [work] if full or url else []

    def _book_tail(self, work: Work, rest: str) -> tuple[int, bool]:
        """Read a book's editor, translator, volume, edition and publication block after its title; the
        position reached and whether a publication block was read."""
        pos, full = 0, False
        for _ in range(6):
            m = _ROLE.match(rest, pos)
            if m:
                names = re.sub(r"\s+\d.*$", "", m.group("names")).strip()
                if looks_like_names(names):
                    field = "translator" if m.group("role").startswith(("trans", "translated")) else "editor"
                    end = m.end()
                    # "ed. David J. Bodenhamer, John Corrigan, and Trevor M. Harris (Abingdon: ...)": a list that
                    # ends with "and" (not "ed. James Kinsley, Oxford World's Classics (...)", a series)
                    more, at = [], end
                    while (n := _MORE_NAMES.match(rest, at)) and looks_like_names(n.group("name")):
                        more.append(n)
                        at = n.end()
                    if more and more[-1].group(0).lstrip(" ,").startswith("and "):
                        names = ", ".join([names] + [n.group("name").strip() for n in more])
                        end = more[-1].end()
                    work.put(field, name_list(split_natural(names), self.people))
                    pos = end
                    continue
            m = _VOLUME.match(rest, pos) or None
            if m:
                work.put("volume", m.group("vol"))
                pos = m.end()
                continue
            m = _EDITION.match(rest, pos)
            if m:
                work.put("edition", values.edition_number(m.group("ed")))
                pos = m.end()
                continue
            m = _PUB.match(rest, pos)
            if m and not full:
                self._publication(work, m.group("body"))
                pos, full = m.end(), True
                continue
            break
        if work.type == "book" and not work.fields.get("author") and work.fields.get("editor"):
            work.type = "collection"
        return pos, full

    def _publication(self, work: Work, body: str) -> None:
        """ "(1978; reprint New Brunswick, N.J.: Transaction, 1991)" and simpler blocks."""
        first, sep, body = body.rpartition(";")
        if sep:
            work.put("origdate", values.parse_date(first)[0])
        body = re.sub(r"^\s*(?:reprint(?:ed)?|repr\.)\s+", "", body.strip())
        date_at = list(values.DATE.finditer(body))
        where = body[: date_at[-1].start()] if date_at else re.sub(r"n\.\s?d\.", "", body)
        if date_at:
            work.put("date", values.parse_date(body[date_at[-1].start():])[0])
        where = where.strip().rstrip(",").strip()
        place, colon, who = where.partition(":")
        if colon:
            work.put("location", values.place(place))
            work.put("publisher", values.publisher(who))
        elif where and not re.search(r"\d", where):
            work.put("location", values.place(where))

    # -- a title in quotation marks: a part of a book or a journal, or a page online ------------------------
    def _part(self, title: str, lead: Lead, rest: str, origin: Origin) -> list[Work]:
        work = self._new("article", origin, lead)
        self._title(work, title)
        pos = 0
        for _ in range(6):
            m = _WORD_AFTER.match(rest, pos)
            if m and m.group("what") == "from":
                inner = _ANCHOR.match(rest, m.end())
                if inner:
                    work.put("origtitle", values.title_text(inner.group("q") or inner.group("c") or inner.group("i")))
                    pos = inner.end()
                    continue
            if m:
                end = rest.find(",", m.end())
                end = len(rest) if end < 0 else end
                phrase = rest[m.start():end].strip(" ,")
                work.put("note", phrase[:1].upper() + phrase[1:])
                pos = end
                continue
            m = _ROLE.match(rest, pos)
            if m and looks_like_names(m.group("names")):
                field = "translator" if m.group("role").startswith(("trans", "translated")) else "editor"
                work.put(field, name_list(split_natural(m.group("names")), self.people))
                pos = m.end()
                continue
            m = _WRITTEN.match(rest, pos)
            if m:
                work.put("origdate", values.parse_date(m.group("date"))[0])
                pos = m.end()
                continue
            break
        container = re.match(r"^\s*[,.]?\s*(?:in\s+)?", rest[pos:])
        after = rest[pos + container.end():]
        inner = _ANCHOR.search(after)
        if inner and inner.group("i") is not None:
            between = after[: inner.start()].strip().rstrip(",").strip()
            if _journal_follows(after[inner.end():]) and not looks_like_names(re.sub(r",?\s*eds?\.$", "", between)):
                # Words between an article's title and its journal describe it ("Resolution Adopted by ...").
                work.put("subtitle", values.headline(values.title_text(between)))
                return [work] if self._journal(work, inner.group("i"), after[inner.end():]) else []
            return self._chapter(work, between, inner.group("i"), after[inner.end():], origin)
        url = _URL.search(rest)
        if url and not inner:
            work.type = "online"
            work.put("url", url.group("url"))
            return [work]
        date = _DATE_AFTER.match(rest, pos)
        if (date or work.fields.get("origdate")) and lead.names and not inner:  # a document: "SWP, "Title," Sept. 1940"
            work.type = "misc"
            work.put("date", values.parse_date(date.group("date"))[0] if date else work.fields.pop("origdate"))
            return [work]
        return []

    def _journal(self, work: Work, journal: str, rest: str) -> bool:
        """A journal's title, volume, number and date after an article's title; False if none is given."""
        work.put("journaltitle", values.title_text(journal))
        m = _ISSUE.match(rest)
        pos = m.end() if any(m.groupdict().values()) else 0
        work.put("volume", m.group("vol") or "")
        work.put("number", m.group("num") or m.group("yearnum") or "")
        text = m.group("date") or m.group("year") or ""
        if not text:
            d = _DATE_AFTER.match(rest, pos)
            if d:
                text, pos = d.group("date"), d.end()
        date, issue = values.parse_date(text)
        work.put("date", date)
        work.put("issue", issue)
        if len(date) == 10 and not (m.group("vol") or m.group("num")):
            work.put("entrysubtype", "newspaper")
        loc = _LOCATOR.match(rest, pos)
        if loc and re.fullmatch(r"\d+\s*(?:--|–|-)\s*\d+", loc.group("locs").strip()):
            work.put("pages", values.full_range(loc.group("locs")))
        url = _URL.search(rest)
        if url:
            work.put("url", url.group("url"))
        return bool(date or m.group("vol") or m.group("num") or url)

    def _chapter(self, work: Work, between: str, title: str, rest: str, origin: Origin) -> list[Work]:
        """ "Author, "Chapter," in [Editors, eds.,] *Book*, ed. X (Place: Publisher, Year), 12"."""
        who = between.strip().rstrip(",").strip()
        editors = bool(re.search(r"(?:,\s*eds?\.|\(eds?\.\))$", who))
        who = re.sub(r"(?:,\s*eds?\.|\s*\(eds?\.\))$", "", who).strip()
        if who and not looks_like_names(who):
            return []
        book = Work("book", {}, origin)
        self._title(book, title)
        names = name_list(split_natural(who), self.people) if who else ""
        book.put("editor" if editors else "author", names)
        self._book_tail(book, rest)
        book.type = "collection" if book.fields.get("editor") and not book.fields.get("author") else "book"
        _creators_from_title(book, work, self.people)
        work.type = "inbook" if book.type == "book" else "incollection"
        work.parent = book
        book.put("langid", self.lang)
        return [book, work]

    # -- McKay's notes: titles without italics ---------------------------------------------------------------
    def _plain(self, seg: str, origin: Origin) -> list[Work]:
        for pattern, note in ((_INTERVIEW, "Interview by {by}; unpublished"), (_LETTER, "Letter to {whom}")):
            m = pattern.match(seg)  # an untitled interview or letter: unpublished, dated
            if m and looks_like_names(m.group("who")):
                work = self._new("unpublished", origin, Lead(split_natural(m.group("who"))))
                work.put("date", values.parse_date(m.group("date"))[0])
                work.put("note", note.format(**m.groupdict()))
                return [work]
        pub = _PUB.search(seg)
        if pub is None or ":" not in pub.group("body"):
            return []
        head = seg[: pub.start()].strip()
        while (m := PREFIX.match(head) or _SECTION.match(head)) is not None:
            head = head[m.end():]
        author, title = "", head
        editor = re.search(r",\s*(?P<names>[^,()]+?)\s*\((?:eds?\.|Eds?\.)\)\s*$", title)
        if editor and looks_like_names(editor.group("names")):
            title = title[: editor.start()]
        m = re.match(r"^(?P<who>[^,]+?)(?:,\s+|[’']s\s+)(?P<title>.+)$", title)
        if m and looks_like_names(m.group("who")) and len(m.group("who").split()) >= 2:
            author, title = m.group("who"), m.group("title")
        work = self._new("book", origin, Lead(split_natural(author) if author else []))
        if editor and looks_like_names(editor.group("names")):
            work.put("editor", name_list(split_natural(editor.group("names")), self.people))
        if not title.strip() or len(title) > 200:
            return []
        self._title(work, title)
        self._publication(work, pub.group("body"))
        return [work]

    # -- shared ---------------------------------------------------------------------------------------------
    def _new(self, etype: str, origin: Origin, lead: Lead) -> Work:
        work = Work(etype, {}, origin)
        names = name_list(lead.names, self.people) if lead.names else ""
        work.put("editor" if lead.role == "editor" else "author", names)
        work.put("note", lead.note)
        work.put("langid", self.lang)
        return work

    def _title(self, work: Work, text: str) -> None:
        title, subtitle = values.split_title(values.headline(values.title_text(text)))
        work.put("title", title)
        work.put("subtitle", subtitle)

    def learn(self, text: str) -> None:
        """Remember the full names a note gives (the first pass over a text, before ``read``), and the names it
        writes with their characters anywhere, even in its prose ("started by Xu Song 徐松 (1781--1848)")."""
        for name in romanised.names(text):
            self.people.learn(name)
        for _, seg in segments(" ".join(text.split())):
            anchor = _ANCHOR.search(seg)
            lead = read_lead(seg[: anchor.start()]) if anchor else None
            for name in (lead.names if lead else []):
                self.people.learn(name)
            letter = _LETTER.match(seg)
            if letter and looks_like_names(letter.group("who")):
                self.people.learn(letter.group("who"))
            for m in re.finditer(r"(?:eds?\.|trans\.|in)\s+([A-Z][^,;()*\"“]+?)(?=\s*[,(;]|\s+eds?\.)", seg):
                if looks_like_names(m.group(1)):
                    for name in split_natural(m.group(1)):
                        self.people.learn(name)


def _mark_container(seg: str) -> str:
    """Plain text (an Anarchist Library witness has no italics): the title of what a quoted title is part of,
    marked as if in italics ("Title," in Dolgoff (ed.), Bakunin on Anarchy, 26 -> ... *Bakunin on Anarchy*)."""
    m = _PLAIN_CONTAINER.search(seg)
    if m is None or not values.DATE.sub("", m.group("title")).strip(" ,."):  # "Title," Sept. 1940: a date
        return seg
    return f"{seg[: m.start('title')]}*{m.group('title')}*{seg[m.end('title'):]}"


def _journal_follows(text: str) -> bool:
    """Whether what follows a title in italics is a journal's volume, number or date, not a book's."""
    if re.match(r"^\s*\d+\s*,\s*no\.|^\s*,?\s*no\.\s*\d|^\s*\d+\s*\(|^\s*\(", text) and not _PUB.match(text):
        return True
    if re.match(r"^\s*\((?:[^():]*)\)", text):  # "(Aug. 1947)": a date, not "(Place: Publisher, Year)"
        return True
    return bool(_DATE_AFTER.match(text)) and not re.match(r"^\s*,\s*\d{4}\s*\)", text)


def _creators_from_title(book: Work, part: Work, people: People) -> None:
    """A book whose reference names no author: its authors are those its subtitle names ("Selected Writings
    by Marx, Engels, and Lenin"), else the part's author when the title names them ("Bakunin on Anarchy",
    "Writings of Leon Trotsky") or when nobody else is named."""
    author = part.fields.get("author", "")
    if book.fields.get("author"):
        return
    by = re.search(r"\bby\s+(.+)$", book.fields.get("subtitle", ""))
    if by and looks_like_names(by.group(1)):
        book.fields["author"] = name_list(split_natural(by.group(1)), people)
        book.type = "book"
        return
    family = author.split(",")[0].strip("{} ")
    named = family and re.search(rf"\b{re.escape(family)}\b", book.fields.get("title", ""))
    if author and not is_body(family) and (named or not book.fields.get("editor")):
        book.fields["author"] = author
        book.type = "book"
