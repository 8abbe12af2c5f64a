"""What `edition watch` looks at: with a configuration it cannot read, the bibliography too; and the files a mended
configuration names, taken as they are rather than as a change."""

from __future__ import annotations

from critedition import config
from critedition.cli.watch import Sources


class _Broken:
    """A watch session whose edition.yaml could not be read."""

    edition = None

    def graph(self):
        return []


class _Read:
    def __init__(self):
        self.edition = config.load()

    def graph(self):
        from critedition.build.graph import stages

        return stages(self.edition)


def test_a_broken_configuration_still_watches_the_bibliography():
    sources = Sources(_Broken())
    files = sources.list()
    assert config.ROOT / "bibliography.bib" in files
    assert config.ROOT / "edition" / "edition.yaml" in files
    assert sources.roots() == ["bibliography.bib", "edition/"]


def test_a_mended_configuration_adds_its_witnesses_to_what_is_watched():
    session = _Broken()
    sources = Sources(session)
    before = set(sources.list())
    session.edition = _Read().edition
    session.graph = _Read.graph.__get__(session)
    sources.listed = 0.0
    after = sources.list()
    assert after > before and any("seeds" in str(p) for p in after - before)
