"""Checks a mapping read from YAML against the schema, each problem a diagnostic at the line of its key."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import ValidationError

from ..diagnostics import CATALOGUE, Report
from .files import line_in
from .schema import Rule, Section, unwrap

# pydantic's error types for a value of the wrong type, with the name the message gives the expected type.
_EXPECTED = {"string_type": "str", "int_type": "int", "bool_type": "bool (true or false)", "dict_type": "dict",
             "model_type": "dict", "model_attributes_type": "dict", "list_type": "list"}
_ACTUAL = {"Located": "dict", "LocatedList": "list", "NoneType": "nothing (null)"}


def kind_name(value: Any) -> str:
    """What a YAML value is, in the words of CFG-003 (a mapping is a dict, whatever class holds it)."""
    actual = type(value).__name__
    return _ACTUAL.get(actual, actual)


def validate(model: type[Section], data: Any, file: str, where: str, report: Report) -> Section | None:
    """`data` as `model`, or None after reporting every problem (unknown keys, wrong types, bad values,
    missing keys, keys that nothing would read)."""
    try:
        out = model.model_validate(data)
    except ValidationError as err:
        for e in err.errors():
            _report(model, data, e, file, where, report)
        return None
    before = len(report.items)
    _unread(out, (), file, where, report)
    return out if len(report.items) == before else None


def _steps(data: Any, loc: tuple) -> list:
    """The part of pydantic's error location that exists in the data."""
    path, node = [], data
    for step in loc:
        if isinstance(node, dict) and step in node or isinstance(node, list) and isinstance(step, int) \
                and 0 <= step < len(node):
            path.append(step)
            node = node[step]
        else:
            break
    return path


def _node(data: Any, path: list) -> Any:
    for step in path:
        data = data[step]
    return data


def _name(path: list | tuple, where: str) -> tuple[str, str]:
    """(key, where) as messages give them: ('colour', 'blocks[3] of essay mini'), ('blocks[2]', 'essay mini')."""
    parts: list[str] = []
    for step in path:
        if isinstance(step, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{step + 1}]"]
        else:
            parts.append(str(step))
    if not parts:
        return "(top level)", where
    inner = ".".join(parts[:-1])
    return parts[-1], f"{inner} of {where}" if inner else where


def _report(model: type[Section], data: Any, e: dict, file: str, where: str, report: Report) -> None:
    path = _steps(data, e["loc"])
    kind = e["type"]
    if kind == "missing":
        key, in_where = _name(list(path) + [e["loc"][len(path)]], where)
        report.add("CFG-004", file, line_in(_node(data, path), ""), key=key, where=in_where)
        return
    line = line_in(_node(data, path[:-1]), path[-1]) if path else line_in(data, "")
    key, in_where = _name(path, where)
    if kind == "extra_forbidden":
        known = _model_at(model, path[:-1])
        names = ", ".join(f.alias or n for n, f in known.model_fields.items()) if known else ""
        report.add("CFG-002", file, line, key=key, where=in_where, known=names)
    elif kind in _EXPECTED:
        report.add("CFG-003", file, line, key=key, where=in_where, expected=_EXPECTED[kind],
                   actual=kind_name(e["input"]))
    elif kind in CATALOGUE and isinstance((e.get("ctx") or {}).get("rule"), Rule):
        rule, value = e["ctx"]["rule"], e["ctx"]["value"]
        fields = {"key": key, "where": in_where, "value": value, "accepts": rule.accepts,
                  "known": ", ".join(rule.choices) or rule.accepts}
        report.add(kind, file, line, **{**fields, rule.value_as: value, rule.key_as: key})
    else:  # a constraint pydantic checks itself; its own words say what is wrong
        report.add("CFG-022", file, line, key=key, where=in_where, value=e.get("input"), accepts=e["msg"])


def _model_at(model: type[Section], path: list) -> type[Section] | None:
    """The schema's class of the mapping at `path` (None where the path leaves the schema's mappings)."""
    ann: Any = model
    for step in path:
        ann = unwrap(ann)[0]
        origin = typing.get_origin(ann)
        if isinstance(ann, type) and issubclass(ann, Section) and isinstance(step, str):
            field = next((f for n, f in ann.model_fields.items() if (f.alias or n) == step), None)
            if field is None:
                return None
            ann = field.annotation
        elif origin is list:
            ann = typing.get_args(ann)[0]
        elif origin is dict:
            ann = typing.get_args(ann)[1]
        else:
            return None
    ann = unwrap(ann)[0]
    return ann if isinstance(ann, type) and issubclass(ann, Section) else None


def _unread(section: Section, path: tuple, file: str, where: str, report: Report) -> None:
    """CFG-023 for a key given where its sibling says nothing would read it (`blocks` in a plain-text essay)."""
    for name, field in type(section).model_fields.items():
        value, alias = getattr(section, name), field.alias or name
        only = (field.json_schema_extra or {}).get("only") if isinstance(field.json_schema_extra, dict) else None
        if only and section.given(alias):
            for sibling, allowed in only.items():
                actual = getattr(section, sibling.replace("-", "_"))
                values = actual if isinstance(actual, list) else [actual]
                if not set(values) & set(allowed):
                    key, in_where = _name((*path, alias), where)
                    report.add("CFG-023", file, section.line_of(alias), key=key, where=in_where, sibling=sibling,
                               allowed=" or ".join(allowed), actual=actual)
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            if isinstance(item, Section):
                _unread(item, (*path, alias, i) if isinstance(value, list) else (*path, alias), file, where, report)
