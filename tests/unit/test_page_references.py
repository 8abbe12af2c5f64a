"""pydyf's page-references mend: the same references and the same PDF bytes, made once per page count."""

import pydyf
import pytest

from critedition.render.mends import page_references
from tests.conftest import mend_kept

# Three pages of headings, paragraphs and links: a tagged (PDF/UA) write reads the page references once per
# tagged element and per link destination.
BOOK = """<html lang="en"><head><title>T</title><style>@page {{ size: 200px 200px; margin: 10px }}
body {{ font: 10px/12px serif }} h1 {{ break-before: page; font-size: 12px }}</style></head><body>
{chapters}</body></html>"""
CHAPTER = '<h1 id="c{i}">Chapter {i}</h1><p>Text <a href="#c{j}">to chapter {j}</a>, and more text.</p>'


def write(tagged: bool = True) -> bytes:
    import weasyprint

    chapters = "".join(CHAPTER.format(i=i, j=(i + 1) % 3) for i in range(3))
    document = weasyprint.HTML(string=BOOK.format(chapters=chapters)).render()
    assert len(document.pages) == 3
    return document.write_pdf(pdf_variant="pdf/ua-1" if tagged else None)


process_state_kept = mend_kept(page_references.MEND)


@pytest.fixture
def released():
    page_references.remove()
    yield


def test_the_same_references_and_after_a_page_is_added_the_new_ones(released):
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    before = pdf.page_references
    assert page_references.apply().applied
    assert pdf.page_references == before and len(before) == 3
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references == before + (f"{pdf.objects[-1].number} 0 R".encode(),)
    assert page_references.apply().applied  # twice is once


def test_a_tagged_write_makes_the_references_once_per_page_count_for_the_same_bytes(released, monkeypatch):
    released_getter = pydyf.PDF.page_references.fget
    calls: list[int] = []

    def counted(self):
        calls.append(1)
        return released_getter(self)

    monkeypatch.setattr(pydyf.PDF, "page_references", property(counted))
    as_released = write()
    unmended_calls, calls[:] = len(calls), []
    monkeypatch.setattr(pydyf.PDF, "page_references", property(page_references._cached(counted)))
    assert write() == as_released
    assert unmended_calls > 20 and len(calls) <= 3, (unmended_calls, len(calls))  # once per page count
    monkeypatch.undo()

    assert page_references.apply().applied
    assert pydyf.PDF.page_references.fget is not released_getter
    assert write() == as_released


def test_a_getter_other_than_the_released_one_is_left_alone(released, monkeypatch):
    monkeypatch.setattr(pydyf.PDF, "page_references", property(lambda self: ()))
    status = page_references.apply()
    assert not status.applied and "not the one" in status.reason


def test_turned_off_puts_the_released_property_back(released, monkeypatch):
    assert page_references.apply().applied
    monkeypatch.setenv("CRIT_WEASYPRINT_FIX", "0")
    status = page_references.apply()
    assert not status.applied and "CRIT_WEASYPRINT_FIX=0" in status.reason
    assert pydyf.PDF.__dict__["page_references"].fget.__qualname__ == "PDF.page_references"
