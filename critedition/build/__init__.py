"""The build: one declared graph of stages (ingest, essay filters, audit, citations, formats), its paths, and
the walk that runs it in one process or in forked workers; `build/deps.mk` is generated from the same graph."""
