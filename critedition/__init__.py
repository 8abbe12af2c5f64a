"""Critical-edition toolchain: witness -> ingest -> filters -> pandoc -> HTML, EPUB and PDF."""

__version__ = "0.1.0"
