# Build the critical edition's books: witnesses (seeds/) -> ingest -> filters -> pandoc -> HTML, EPUB, PDF.
# `make` sets up .venv from pyproject.toml if it is missing, then rebuilds only what is out of date.
SHELL := /bin/bash
.DELETE_ON_ERROR:

# This checkout: the toolchain (and the Serge edition). `make ROOT=DIR` works on the edition in DIR instead
# (DIR/edition/, DIR/seeds/, DIR/bibliography.bib; it writes DIR/build/ and DIR/dist/), with this checkout's
# environment and code: make runs this Makefile again in DIR.
TOOL := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
ROOT ?= .
PYTHON ?= python3
VENV ?= $(TOOL)/.venv

ifneq ($(abspath $(ROOT)),$(CURDIR))
.PHONY: $(or $(MAKECMDGOALS),all) other-edition
$(or $(MAKECMDGOALS),all): other-edition ;
other-edition:
	@EDITION_ROOT=$(abspath $(ROOT)) $(MAKE) --no-print-directory -C $(ROOT) -f $(TOOL)/Makefile ROOT=. \
		VENV=$(abspath $(VENV)) $(MAKECMDGOALS)
else

EDITION := $(VENV)/bin/edition
STAMP := $(VENV)/.installed
# One build date for every format, so that two builds of a commit give the same bytes.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1700000000)

CODE := $(shell find $(TOOL)/critedition $(TOOL)/filters -name '*.py' 2>/dev/null) $(TOOL)/pyproject.toml
# The bibliography counts by its content (the rule after build/deps.mk): touching it rebuilds nothing.
BIB_STAMP := build/bibliography.sha256
# The build date (the colophon, PDF and EPUB dates) counts too: after a new commit the books carry its date,
# as a build from clean would.
DATE_STAMP := build/source-date-epoch

.PHONY: all html epub pdf test test-fast check validate clean distclean venv dist
all: books

# NO_INSTALL=1 uses an existing environment as it is (tests building a copy of the project pass it:
# an editable install from the copy would repoint the shared environment at the copy).
ifeq ($(NO_INSTALL),1)
$(STAMP):
	@test -x $(EDITION) || { echo "NO_INSTALL=1 but $(EDITION) is missing" >&2; exit 1; }
else
$(STAMP): $(TOOL)/pyproject.toml
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '$(TOOL)[test]'
	@touch $@
endif
venv: $(STAMP)

# Which books contain which essays comes from the configuration: regenerate the rules when it changes.
# The build graph (critedition/build/graph.py) is declared once; its rules are generated here.
build/deps.mk: edition/edition.yaml $(wildcard edition/essays/*.yaml) $(STAMP) $(TOOL)/critedition/build/graph.py
	@mkdir -p build
	$(EDITION) deps > $@.part && mv $@.part $@
include build/deps.mk

$(BIB_STAMP): $(BIBLIOGRAPHY)
	@mkdir -p $(@D)
	@sha256sum $< | cmp -s - $@ 2>/dev/null || sha256sum $< > $@

.PHONY: FORCE
$(DATE_STAMP): FORCE
	@mkdir -p $(@D)
	@echo $(SOURCE_DATE_EPOCH) | cmp -s - $@ 2>/dev/null || echo $(SOURCE_DATE_EPOCH) > $@

.PHONY: books
# From nothing (no stage has left a stamp in build/cache yet), one process runs every stage, in as many
# forked workers as -j allows (the essays side by side, then the books' citations, then the formats): the
# caches, stamps and books the rules of build/deps.mk would leave,
# without a process per stage and its start-up and imports (`edition build`; about 5 s of a 22 s build).
# From then on make goes stage by stage and skips what is up to date.
# Only when the books are all that is asked for: with other goals (`make books html`) the stage rules would
# run beside it on the same files.
ifeq ($(wildcard build/cache/*.stamp)$(filter-out all books,$(MAKECMDGOALS)),)
books: $(STAMP) build/deps.mk $(BIB_STAMP) $(DATE_STAMP)
	$(EDITION) build --jobs make
else
books: $(ALL_OUTPUTS)
endif
html: $(HTML_OUTPUTS)
epub: $(EPUB_OUTPUTS)
pdf: $(PDF_OUTPUTS)

# The editors' check: every diagnostic, then the validators over the built books.
check: $(STAMP)
	$(EDITION) check
	$(MAKE) books
	$(EDITION) validate

# The release (issue 9): dist/ with versioned books, A4 and Letter booklets, SHA256SUMS, RELEASE.md and an
# OPDS catalogue. Refused while `make check` finds errors: the sources first (before building), then
# `edition dist` checks them again, with the validators over the built books, and prints the warnings.
dist: $(STAMP)
	@out=$$($(EDITION) check 2>&1) || { printf '%s\n' "$$out" >&2; \
		echo "make dist: refused: make check finds errors in the sources (listed above); nothing was packaged" >&2; \
		exit 1; }
	$(MAKE) books
	$(EDITION) dist

test: $(STAMP)
	cd $(TOOL) && $(VENV)/bin/python -m pytest
test-fast: $(STAMP)
	cd $(TOOL) && $(VENV)/bin/python -m pytest -m 'not integration'

clean:
	rm -rf build dist
distclean: clean
	rm -rf $(VENV)

# The build benchmark (issue 8): a table on stdout, JSON in build/bench/results.json.
# BENCH_ARGS=--quick skips the 20x collection. Needs the `bench` extra (PyPI typst) for the Typst route.
.PHONY: bench
bench: $(STAMP)
	@$(VENV)/bin/python -c 'import typst' 2>/dev/null || test "$(NO_INSTALL)" = 1 || \
		$(VENV)/bin/python -m pip install --quiet -e '$(TOOL)[test,bench]'
	$(VENV)/bin/python $(TOOL)/bench/run.py $(BENCH_ARGS)

# Proofs for the editors: PNGs of the title page, contents, densest notes page, textual notes,
# bibliography and the HTML at 375 and 1280 px, for every book, in build/proofs/ (see index.html there).
.PHONY: proofs
proofs: $(ALL_OUTPUTS)
	$(VENV)/bin/python -m critedition.checks.proofs

# The editors' loop (issue 7). `make lint`: every diagnostic about the sources, without building a book.
# `make watch`: keep the books up to date while the sources are edited (the HTML of the books a change
# reaches, then their EPUB and PDF); SERVE=1 also serves build/ on http://127.0.0.1:$(PORT)/, pages reloading
# themselves and showing a broken change's errors. STRICT=1 makes warnings fail `make lint` and `make check`.
PORT ?= 8000
.PHONY: lint watch
lint: $(STAMP)
	$(EDITION) check
watch: $(STAMP)
	$(EDITION) watch $(if $(filter-out 0,$(SERVE)),--serve --port $(PORT))

endif
