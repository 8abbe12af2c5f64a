"""Panflute filters: each turns one feature of the witnesses into Pandoc's model (notes, citations, apparatus)."""
