"""Render: pandoc (with citeproc) and WeasyPrint turn an assembled book into HTML, EPUB and PDF."""
