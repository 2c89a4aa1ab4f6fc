"""The Spark job in local mode (local[2]) over the shared passages and novels: every report
equals the CLI's, and a malformed row is an error row, never a failed job."""

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import DATA, cli_entries, passages

pyspark = pytest.importorskip("pyspark")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def works() -> list:
    rows = passages()
    for path in sorted((DATA / "novels").glob("*.txt")):
        rows.append({"id": path.stem, "text": path.read_text(encoding="utf-8-sig")})
    return rows


def test_the_job_reports_what_the_cli_reports(tmp_path):
    good = works()
    malformed = [{"id": "no-text", "text": None}, {"id": "blank", "text": "  \n "}]
    table = pa.Table.from_pylist(good + malformed, schema=pa.schema([("id", pa.string()), ("text", pa.string())]))
    pq.write_table(table, tmp_path / "works.parquet")

    out = tmp_path / "reports"
    job = [sys.executable, "-m", "forewarn.spark", "--input", str(tmp_path / "works.parquet"), "--output", str(out),
           "--master", "local[2]", "--no-model"]
    run = subprocess.run(job, capture_output=True, env={**os.environ, "PYSPARK_PYTHON": sys.executable}, check=False)
    assert run.returncode == 0, run.stderr.decode()[-4000:]
    rows = {r["id"]: r for r in pq.read_table(out).to_pylist()}
    assert len(rows) == len(good) + len(malformed) >= 2000

    cli = {e["id"]: e for e in cli_entries(tmp_path, good + [malformed[1]], "--no-model")}
    differ = [w["id"] for w in good if json.loads(rows[w["id"]]["report"] or "null") != cli[w["id"]]]
    assert differ == [], f"{len(differ)} reports differ from the CLI's: {differ[:5]}"
    # The columns agree with the report.
    some = rows[good[-1]["id"]]
    report = json.loads(some["report"])
    assert some["rating"] == report["rating"]["level"]
    assert [w["id"] for w in some["warnings"]] == [w["id"] for w in report["warnings"]]

    assert rows["no-text"]["report"] is None and "no text" in rows["no-text"]["error"]
    # The CLI's error for the record, but for its line number: a Spark batch is not the file.
    blank = [e for e in cli.values() if "error" in e]
    strip = lambda message: re.sub(r"^line \d+: ", "", message)  # noqa: E731
    assert rows["blank"]["report"] is None and strip(rows["blank"]["error"]) == strip(blank[0]["error"])
