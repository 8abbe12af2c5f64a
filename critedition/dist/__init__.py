"""Release packaging (`make dist`): the built books as versioned files, booklets for home printing, checksums,
a release note and an OPDS catalogue, refused when `make check` finds errors."""
