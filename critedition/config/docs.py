"""Writes the configuration reference, docs/configuration.md, from the schema (`edition docs` runs it)."""

from __future__ import annotations

import inspect
import typing
from typing import Any, Iterator

from pydantic.fields import FieldInfo

from . import schema
from .schema import Rule, Section, unwrap

INTRO = """# Configuration reference

<!-- Generated from critedition/config/schema.py by `edition docs`: do not edit here. -->

Three kinds of file configure an edition, all YAML: `edition/edition.yaml` (the edition and its books),
one `edition/essays/<id>.yaml` per essay, and the names file (`edition/names.yaml`) for the index of names.
Every key is listed below with its type, its default and what it does; a key in a list's items is written
`list[].key`, a key of a mapping `mapping.key`. How to use them, essay by essay, is in the
[editor's manual](manual.md).

`make check` (`edition check`) checks every file against this reference before anything is built, each
problem at its file and line: an unknown key at any depth is CFG-002, a value of the wrong type CFG-003, a
missing required key CFG-004, a value a key does not accept CFG-022 (or the key's own code: CFG-006 for a
profile, CFG-013 for a citation style, CFG-018 for a language tag, CFG-020 for a version, TXT-004 for a
hyphenation decision), and a key given where nothing would read it CFG-023 (`blocks` in a plain-text essay,
`aliases` with the sigla style). See [diagnostics](diagnostics.md).

YAML reads some unquoted values as numbers, dates or true/false. Years and dates are taken as text where
the configuration expects them (`date: 2007`, `retrieved: 2021-04-24`, `lines: 12`); elsewhere quote a
value that YAML would read as something else (`version: "1.0"`, `title: "1984"`, `short-title: "Yes"`).
"""

ADDING = """## Adding a key (for developers)

The schema is `critedition/config/schema.py`; a key is one line in the class of the mapping it belongs to:

```python
    name_with_underscores: Type = key(default, "what it means, in one line")
```

Its YAML name is the same with hyphens. `key(REQUIRED, ...)` makes it required; `only={"profile": ("ocr",)}`
refuses it (CFG-023) where that sibling key has another value. Values with rules beyond their type are
`one_of((...), code)` or `matching(pattern, "what it accepts", code)`. The modules read it as
`essay.settings.name_with_underscores` (or `edition.settings`, `book.settings`, `edition.names`), with the
default filled in: no module writes a default of its own. Then run `edition docs` to rewrite this page
(a test fails while it is stale).
"""


def _field_type(field: FieldInfo) -> tuple[Any, Rule | None]:
    ann, _, rule = unwrap(field.annotation)
    return ann, next((m for m in field.metadata if isinstance(m, Rule)), rule)


def type_name(ann: Any, rule: Rule | None = None) -> str:
    """How the reference names a type: "text", "list of text", "mapping: text → one of join, keep"."""
    if rule is not None:
        return rule.accepts
    ann, _, inner = unwrap(ann)
    if inner is not None:
        return inner.accepts
    origin = typing.get_origin(ann)
    if origin is list:
        item = typing.get_args(ann)[0]
        return "list of mappings" if _is_section(item) else f"list of {'integers' if item is int else type_name(item)}"
    if origin is dict:
        return f"mapping: text → {type_name(typing.get_args(ann)[1])}"
    if _is_section(ann):
        return "mapping"
    return {str: "text", int: "integer", bool: "true or false"}.get(ann, getattr(ann, "__name__", str(ann)))


def _is_section(ann: Any) -> bool:
    ann = unwrap(ann)[0]
    return isinstance(ann, type) and issubclass(ann, Section)


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    value = field.default
    if value is None:
        return "absent"
    if isinstance(value, Section):
        return "(its keys' defaults)"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f'`"{value}"`'
    return f"`{value!r}`"


def nested(field: FieldInfo) -> tuple[type[Section], str] | None:
    """The mapping a key holds, with the suffix its keys' paths take after the key's: (Source, "."), for a
    list of mappings (Block, "[]."); None for a key that holds no mapping of the schema."""
    ann, _ = _field_type(field)
    if _is_section(ann):
        return unwrap(ann)[0], "."
    if typing.get_origin(ann) is list and _is_section(typing.get_args(ann)[0]):
        return unwrap(typing.get_args(ann)[0])[0], "[]."
    return None


def rows(model: type[Section], prefix: str = "") -> Iterator[tuple[str, FieldInfo, Any]]:
    """(path, field, type) of every key of `model`, a nested mapping's keys after their parent."""
    for name, field in model.model_fields.items():
        path = prefix + (field.alias or name)
        yield path, field, _field_type(field)[0]
        inner = nested(field)
        if inner:
            yield from rows(inner[0], path + inner[1])


def _table(model: type[Section]) -> list[str]:
    out = ["| key | type | default | what it does |", "|---|---|---|---|"]
    for path, field, ann in rows(model):
        _, rule = _field_type(field)
        what = field.description or ""
        only = (field.json_schema_extra or {}).get("only") if isinstance(field.json_schema_extra, dict) else None
        if only:
            what += "; read only when " + " and ".join(f"`{k}` is {' or '.join(v)}" for k, v in only.items())
        what = what.replace("|", "/").replace("<", "&lt;")
        out.append(f"| `{path}` | {type_name(ann, rule)} | {_default(field)} | {what} |")
    return out


def markdown() -> str:
    """The whole of docs/configuration.md."""
    out = [INTRO]
    for file, model in schema.FILES.items():
        out += [f"## `{file}`", "", inspect.cleandoc(model.__doc__ or ""), "", *_table(model), ""]
    out.append(ADDING)
    return "\n".join(out).rstrip() + "\n"
