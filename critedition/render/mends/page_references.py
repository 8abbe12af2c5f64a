"""A mend to pydyf 0.13's `PDF.page_references`: made once per page count, not again on every call.

The property formats a reference to every page of the PDF each time it is read, and WeasyPrint 70 reads it
once per tagged element and per bookmark (`weasyprint/pdf/tags.py`, `anchors.py`) to take one page:
the write of a tagged (PDF/UA) book is quadratic in its pages (bench/README.md has the figures). Pages are
only ever added (`PDF.add_page` extends the page tree's Kids), so the references made for a given page count
stay right, and the PDF's bytes are the same.
The mend replaces the property only when its getter's source is the one it was written against.
"""

from __future__ import annotations

import hashlib
import inspect

import pydyf

from . import Mend, Status

# pydyf.PDF.page_references's getter as pydyf 0.13.0 ships it (inspect.getsource)
SOURCE_SHA256 = "060bf90aad55931bc24c3575a52af9478a89916aa307e5323142663841cb7798"


def _cached(original_getter):
    def page_references(self):
        count = len(self.pages["Kids"])
        cached = self.__dict__.get("_critedition_page_references")
        if cached is None or cached[0] != count:
            cached = (count, original_getter(self))
            self.__dict__["_critedition_page_references"] = cached
        return cached[1]

    page_references.__doc__ = "The pages' references, made once per page count (critedition.render.mends)."
    return page_references


def _install():
    prop = pydyf.PDF.__dict__.get("page_references")
    try:
        source = inspect.getsource(prop.fget)
    except (AttributeError, OSError, TypeError):
        return None, Status(False, "this pydyf has no page_references property to mend")
    if hashlib.sha256(source.encode()).hexdigest() != SOURCE_SHA256:
        return None, Status(False, "this pydyf's page_references is not the one the mend was made for")
    pydyf.PDF.page_references = property(_cached(prop.fget))
    return prop, Status(True, "page references made once per page count")


def _uninstall(original) -> None:
    pydyf.PDF.page_references = original


MEND = Mend(_install, _uninstall)
apply, remove, status = MEND.apply, MEND.remove, MEND.status  # pydyf's PDF.page_references, in this process
