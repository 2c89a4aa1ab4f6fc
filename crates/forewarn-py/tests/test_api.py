"""The Python API: reports equal to the CLI's, errors with the CLI's messages, check, labels."""

import json
import subprocess
import threading

import pytest

import forewarn
from conftest import cli_binary, cli_entries, passages

STORY = (
    "The storm came in off the sea. The stranger drew a knife and stabbed the keeper, "
    "and blood ran across the iron floor. The keeper died before the dawn."
)


def test_quick_start(lexical):
    report = lexical.scan(STORY)
    assert report["schema_version"] == 1
    assert report["rating"]["level"] in {"general", "teen", "mature", "explicit"}
    assert "death" in {w["id"] for w in report["warnings"]}
    assert repr(lexical) == "<forewarn.Engine lexical>"


def test_reports_equal_the_clis(lexical, tmp_path):
    works = passages(limit=120) + [{"id": "story", "text": STORY, "title": "The Keeper"}]
    assert lexical.scan_many(works) == cli_entries(tmp_path, works, "--no-model")


def test_one_work_is_one_record_of_a_batch(lexical):
    work = {"id": "story", "text": STORY, "title": "The Keeper"}
    assert lexical.scan(STORY, title="The Keeper", id="story") == lexical.scan_many([work])[0]
    # A plain str gets its position as id.
    assert lexical.scan_many([STORY, STORY])[1]["id"] == "1"


def test_errors_carry_the_clis_message(lexical, tmp_path):
    works = [{"id": "ok", "text": STORY}, {"id": "blank", "text": "   "}]
    cli = cli_entries(tmp_path, works, "--no-model")
    assert "error" in cli[1], cli[1]
    assert lexical.scan_many(works, on_error="entry") == cli
    with pytest.raises(forewarn.ForewarnError) as raised:
        lexical.scan_many(works)
    assert str(raised.value) == f"{cli[1]['id']}: {cli[1]['error']}"
    with pytest.raises(forewarn.ForewarnError):
        lexical.scan("   ")
    with pytest.raises(forewarn.ForewarnError, match="on_error"):
        lexical.scan_many(works, on_error="ignore")


def test_an_error_stops_a_long_batch_and_the_engine_goes_on(lexical):
    # A bad work early in a batch of many chunks: the analysis of the rest stops (it must not
    # wait forever to hand over reports nobody takes), and the engine scans the next batch.
    works = [STORY] * 1000
    works[10] = {"text": "   "}
    with pytest.raises(forewarn.ForewarnError, match="empty"):
        lexical.scan_many(works)
    reports = lexical.scan_many(works, on_error="entry")
    assert [n for n, r in enumerate(reports) if "error" in r] == [10]
    assert reports[999] == reports[0] | {"id": "999"}


def test_declared_tags_as_ao3_text_or_a_dict(lexical):
    text = lexical.scan(STORY, declared="Rating: Mature; Archive Warnings: Major Character Death")
    assert text["source"]["declared"]["rating"] == "Mature"
    assert text["source"]["declared"]["archive_warnings"] == ["Major Character Death"]
    as_dict = lexical.scan(STORY, declared={"rating": "Mature", "archive_warnings": ["Major Character Death"]})
    assert as_dict == text
    with pytest.raises(forewarn.ForewarnError, match="is inside the Rating field"):
        lexical.scan(STORY, declared="Rating: Explicit, Archive Warnings: Rape/Non-Con")


def test_check_is_the_linter(lexical):
    honest = "Rating: Mature; Archive Warnings: Graphic Depictions Of Violence, Major Character Death; " \
             "Additional Tags: Blood, Violence, Character Death"
    entry = lexical.check(STORY, declared=honest)
    assert set(entry) == {"report", "check"}
    assert entry["check"]["declared_source"] == "work"
    low = lexical.check(STORY, declared="Rating: General Audiences; Archive Warnings: No Archive Warnings Apply")
    assert low["check"]["missing"] is True
    assert any(f["level"] == "error" for f in low["check"]["findings"])
    with pytest.raises(forewarn.ForewarnError, match="deny"):
        lexical.check(STORY, deny="everything")


def test_labels_are_the_taxonomy():
    taxonomy = forewarn.labels()
    ids = [label["id"] for label in taxonomy["labels"]]
    assert len(ids) == 41 and "rape-non-con" in ids and "stalking" in ids
    assert [r["id"] for r in taxonomy["ratings"]] == ["general", "teen", "mature", "explicit"]
    cli = subprocess.run([str(cli_binary()), "labels", "--format", "json"], capture_output=True, check=True)
    assert taxonomy == json.loads(cli.stdout)


def test_engines_are_shared_across_threads(lexical):
    works = passages(limit=40)
    expected = lexical.scan_many(works)
    results = [None, None]

    def run(slot):
        results[slot] = lexical.scan_many(works)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected, expected]
