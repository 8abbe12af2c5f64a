"""The build stages' caches: the ingest Draft survives its JSON form, and a cache keeps its date when unchanged."""

from __future__ import annotations

import json
import os

import pytest

from critedition import config
from critedition.diagnostics import Report
from critedition.ingest import ingest, to_panflute
from critedition.ingest.model import draft_from_json, draft_to_json
from critedition.outputs import write_if_changed


@pytest.mark.parametrize("essay_id", ["mckay", "price"])
def test_draft_round_trip_gives_the_same_document(essay_id):
    essay = config.load().essays[essay_id]
    draft = ingest(essay, Report())
    again = draft_from_json(draft_to_json(draft), essay, Report())
    assert again is not None
    assert again.blocks == draft.blocks and again.interventions == draft.interventions
    assert json.dumps(to_panflute(again).to_json()) == json.dumps(to_panflute(draft).to_json())


def test_draft_cache_of_another_format_is_ingested_again():
    essay = config.load().essays["price"]
    data = json.loads(draft_to_json(ingest(essay, Report())))
    data["format"] = 0
    assert draft_from_json(json.dumps(data), essay, Report()) is None


def test_write_if_changed_keeps_the_date_of_the_same_content(tmp_path):
    f = tmp_path / "cache" / "x.json"
    assert write_if_changed(f, "one") is True
    os.utime(f, ns=(1_000_000_000, 1_000_000_000))
    assert write_if_changed(f, "one") is False
    assert f.stat().st_mtime_ns == 1_000_000_000
    assert write_if_changed(f, "two") is True
    assert f.read_text(encoding="utf-8") == "two" and f.stat().st_mtime_ns != 1_000_000_000


def test_a_damaged_draft_cache_is_ingested_again():
    essay = config.load().essays["price"]
    good = json.loads(draft_to_json(ingest(essay, Report())))
    for bad in ["{not json", "[]", json.dumps({**good, "blocks": [{"kind": "para"}]}),
                json.dumps({**good, "interventions": [{"unknown": 1}]})]:
        assert draft_from_json(bad, essay, Report()) is None, bad[:40]
