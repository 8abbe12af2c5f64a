"""A Library that records the look-ups an essay's filters make, so that an edited bibliography can be asked the
same questions: when it answers every one as before, the filters would make the same essay of it."""

from __future__ import annotations

from .library import Entry, Library, TitleHit

# What the filters see of an entry: the fields that Entry's look-up properties read (authors, editors, year,
# titles, volume) and crossref. tests/unit/test_recording.py runs both essays' filters to check that they read
# no other field: a publisher or a note can change without any essay being filtered again.
MATCHED = ("author", "editor", "date", "year", "title", "subtitle", "shorttitle", "volume", "booktitle",
           "booksubtitle", "maintitle", "journaltitle", "journal", "crossref", "shorthand")
# The look-ups the filters make, each a function of the library's entries and its arguments alone.
LOOKUPS = frozenset({"resolve_family", "display_family", "by_name", "by_name_year", "is_person_name",
                     "scan_titles", "titled", "find_titles", "match_title", "shorthands"})
# And what the filters ask of the library as a mapping: `key in library(.entries)`, `library[key]`, `if library`,
# and every entry (`library.entries.values()`: the conventions that scan the whole bibliography, for
# abbreviations, chapters of a book or a shortened title, depend on every entry's matched fields).
_MAPPING = {"in": lambda lib, key: key in lib.entries, "get": lambda lib, key: lib.entries[key],
            "any": lambda lib: bool(lib.entries), "all": lambda lib: list(lib.entries.values())}


def entry_view(entry: Entry) -> tuple:
    """An entry as the filters see it (its line apart: only the order of entries counts, see `same_answers`)."""
    return (entry.key, entry.type, tuple(entry.fields.get(f) for f in MATCHED),
            tuple(entry.inherited.get(f) for f in MATCHED))


def _views(library: Library) -> list[tuple]:
    return [entry_view(e) for e in library.entries.values()]


def _frozen(value):
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


class RecordingLibrary:
    """Stands for a Library in the essay pipeline (`build_essay(..., library=RecordingLibrary(lib))`), answering
    as it does; `asked` holds each question with the answer as the filters saw it."""

    def __init__(self, library: Library):
        self.library = library
        self.asked: dict[tuple, object] = {}
        self.seen: dict[str, None] = {}  # every entry an answer held, in the order first seen
        self.entries = _Entries(self)

    def ask(self, name: str, args: tuple, kwargs: tuple = ()):
        if name == "scan_titles":
            args = args[:2]  # the optional third argument is tokens(text): the text says it all
        question = (name, _frozen(args), _frozen(kwargs))
        try:
            value = _MAPPING[name](self.library, *args) if name in _MAPPING else \
                getattr(self.library, name)(*args, **dict(kwargs))
        except KeyError as err:
            self.asked[question] = ("KeyError", str(err))
            raise
        self.asked[question] = self._view(value)
        return value

    def __getattr__(self, name: str):
        if name == "prefer_parts":  # a static function of the entries it is given
            return Library.prefer_parts
        if name not in LOOKUPS:
            raise AttributeError(f"RecordingLibrary does not record {name!r}: add it to LOOKUPS if it is a look-up")
        return lambda *args, **kwargs: self.ask(name, args, tuple(sorted(kwargs.items())))

    def __contains__(self, key: object) -> bool:
        return self.ask("in", (key,))

    def __getitem__(self, key: str) -> Entry:
        return self.ask("get", (key,))

    def __bool__(self) -> bool:
        return self.ask("any", ())

    def _view(self, value):
        if isinstance(value, Entry):
            self.seen.setdefault(value.key)
            return entry_view(value)
        if isinstance(value, TitleHit):
            return ("hit", value.start, value.end, self._view(value.entries), value.kind, value.size)
        if isinstance(value, (list, tuple)):
            return tuple(self._view(v) for v in value)
        return value

    def same_answers(self, library: Library) -> bool:
        """Whether `library` answers every question asked so far as this one did, its entries seen in the same
        file order (the filters sort an author's works by their line)."""
        if _views(library) == _views(self.library):  # every entry as the filters see it, in the same order
            return True
        replay = RecordingLibrary(library)
        for (name, args, kwargs), answer in self.asked.items():
            try:
                replay.ask(name, args, kwargs)
            except KeyError:
                pass
            if replay.asked[(name, args, kwargs)] != answer:
                return False
        return [k for k in library.entries if k in self.seen] == [k for k in self.library.entries if k in self.seen]


class _Entries:
    """`library.entries` as the filters use it: membership only."""

    def __init__(self, owner: RecordingLibrary):
        self.owner = owner

    def __contains__(self, key: object) -> bool:
        return self.owner.ask("in", (key,))

    def __getitem__(self, key: str) -> Entry:
        return self.owner.ask("get", (key,))

    def get(self, key: str, default=None):
        return self.owner.ask("get", (key,)) if self.owner.ask("in", (key,)) else default

    def values(self) -> list[Entry]:
        return self.owner.ask("all", ())
