"""The print edition: the cited book made into print HTML, then laid out by WeasyPrint into a PDF.

writer.write_pdf runs the steps, one module each:
1. prepare: notes become footnote spans (filters/print_notes.py), paragraph-number links become plain
   marks, a contents page is inserted after the colophon.
2. WeasyPrint lays the book out with the trim size from edition.yaml (settings: `page-size`) as an @page
   rule, fetching nothing outside the project (fetch).
3. placement: each footnote on its call's page. WeasyPrint 70 as released can send a note to the page after
   its call's; with the mend of render/mends/footnote_policy.py (applied to WeasyPrint 70.0 only, once per
   process, when the writer is imported) it does not, and the passes only check, finding nothing (one
   layout). Without the mend the passes move such notes back, one note per chapter and pass, reading the
   laid-out pages (boxes); the rules they find are kept for the next build (cache).
4. index: the index of names, left out of steps 2-3, is laid out as a document of its own once the pages
   it points to are known, its pages numbered on from the book's.
5. margins: paragraph numbers, laid out in the left margin, are moved into the right margin on recto pages,
   so that they always sit in the outer margin (a change of position only: the layout is not touched).
6. metadata (critedition/metadata.py, written as the PDF's Info and XMP), then write.
7. pagination: where each page begins (its first word, found in the laid-out pages), recorded for the HTML
   and the EPUB, which mark the print pages (render/pages.py).

This package's own import is light: WeasyPrint is imported by the modules that lay out or write, which the
build imports only when it makes a PDF (tests/unit/test_imports.py). Importing it points fontconfig at the
edition's fonts (render/fonts.py) before any of them imports WeasyPrint, whose import reads fontconfig.
"""

from ..fonts import use_edition_fonts

use_edition_fonts()
