"""Citation recognition: pure functions that find citations in an essay's text and resolve them to keys.

Each citation convention is a module of ``critedition.cite.conventions`` (sigla, author-year, references,
chicago, brackets), found by name in its registry; they share the model (``Cite``, ``Match``,
``Context``), the locator grammar and the reference grammar. Nothing here touches panflute or pandoc.
"""
