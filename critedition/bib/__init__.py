"""The edition's bibliography: loading the BibLaTeX file and looking works up by name, year and title."""
