"""The reference pages generated from the code are current, and name every key any configuration uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from critedition.cli import docs as docs_cli
from critedition.config import docs, files, schema
from critedition.diagnostics import CATALOGUE, Report, make
from critedition.diagnostics_help import HELP

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", sorted(docs_cli.pages()), ids=lambda p: p.name)
def test_the_generated_page_is_current(path):
    assert path.read_text(encoding="utf-8") == docs_cli.pages()[path], f"{path.name} is stale: run `edition docs`"


def test_every_diagnostic_is_explained_and_every_text_diagnostic_links_its_section():
    assert sorted(HELP) == sorted(CATALOGUE)
    page = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    for code in CATALOGUE:
        assert f"\n### {code}\n" in page  # a heading GitHub anchors as #cfg-002
    assert str(make("CITE-002", "x.txt", 3, work="Ethics")).endswith(" (docs/diagnostics.md#cite-002)")


def configurations() -> list[tuple[Path, type[schema.Section]]]:
    """Every configuration file in the repository, with the schema of its kind: the edition's, the broken-input
    corpus's, and those of the editions under tests/editions/."""
    out = []
    for edition in sorted(ROOT.glob("**/edition/edition.yaml")):
        if ".venv" in edition.parts or "build" in edition.parts:
            continue
        out.append((edition, schema.Edition))
        out += [(p, schema.Essay) for p in sorted(edition.parent.glob("essays/*.yaml"))]
        out += [(p, schema.Names) for p in sorted(edition.parent.glob("names*.yaml"))]
    for case in sorted((ROOT / "tests" / "broken").iterdir()):
        out += [(p, schema.Essay) for p in sorted(case.glob("edition/essays/*.yaml")) if case.name != "_mini"]
    return out


def used_keys(data, model, prefix: str = ""):
    """(path, line) of every key `data` gives, paths as the reference writes them ("blocks[].id")."""
    if not isinstance(data, dict):
        return
    fields = {f.alias or name: f for name, f in model.model_fields.items()}
    for key, value in data.items():
        yield prefix + key, files.line_in(data, key)
        inner = docs.nested(fields[key]) if key in fields else None
        if inner:
            for item in (value if inner[1] == "[]." and isinstance(value, list) else [value]):
                yield from used_keys(item, inner[0], prefix + key + inner[1])


def unknown_on_purpose(path: Path) -> int | None:
    """The line of the unknown key a broken-input case puts there on purpose (its expected CFG-002)."""
    case = next((p for p in path.parents if p.parent.name == "broken"), None)
    expect = (case / "expect").read_text(encoding="utf-8") if case and (case / "expect").is_file() else ""
    m = re.search(r"^expect: CFG-002 (\S+?):(\d+)", expect, re.M)
    return int(m.group(2)) if m and case and str(path.relative_to(case)) == m.group(1) else None


def test_the_configuration_reference_names_every_key_the_repository_uses():
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    documented = {model: {path for path, _, _ in docs.rows(model)} for model in schema.FILES.values()}
    found, missing = configurations(), []
    assert len(found) >= 20 and {m for _, m in found} == {schema.Edition, schema.Essay, schema.Names}
    for path, model in found:
        data = files.load_yaml(path, Report())
        for key, line in used_keys(data, model):
            if line != unknown_on_purpose(path) and (key not in documented[model] or f"| `{key}` |" not in page):
                missing.append(f"{path.relative_to(ROOT)}:{line}: {key}")
    assert missing == []


def _anchors(text: str) -> set[str]:
    """The anchors of a Markdown page as GitHub makes them from its headings, and explicit `<a id>`s."""
    slugs = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in re.findall(r"^#+ (.*)$", text, re.M)}
    return slugs | set(re.findall(r'<a id="([^"]+)">', text))


def test_the_links_between_the_docs_resolve():
    pages = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")}
    broken = []
    for name, text in pages.items():
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            page, _, anchor = target.partition("#")
            page = page or name
            if page not in pages or anchor and anchor not in _anchors(pages[page]):
                broken.append(f"{name}: {target}")
    assert broken == []
