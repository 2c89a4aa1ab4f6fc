"""forewarn on Spark: report columns for a DataFrame of works, and a job for spark-submit.

``with_reports(df)`` runs the engine inside the executors through Arrow (``mapInArrow``): one
engine per executor Python process, set up lazily on its first batch and kept for the next
ones; each Arrow batch is one ``Engine.scan_many`` call (every core of the worker, the GIL
released). A row that cannot be read (no text, an empty text, a declaration that does not
parse) gets an ``error`` and no report; it never fails the job.

The job reads Parquet or JSONL works (``id``, ``text``, optional ``title`` and ``declared``)
and writes Parquet::

    spark-submit --master local[2] -m forewarn.spark --input works.parquet --output reports/
    python -m forewarn.spark --input works.jsonl --output reports/ --master local[2] --no-model

Output columns: ``id``, ``rating``, ``rating_confidence``, ``warnings`` (an array of structs:
``id``, ``kind``, ``confidence``, ``severity``, ``position`` of the first evidence), ``report``
(the full JSON report, schema 1, as text) and ``error``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Iterator, Optional

OUTPUT_SCHEMA = (
    "id string, rating string, rating_confidence double, "
    "warnings array<struct<id:string,kind:string,confidence:double,severity:string,position:double>>, "
    "report string, error string"
)

_ENGINE: Any = None
_ENGINE_SETTINGS: Optional[tuple] = None


def _engine(settings: tuple) -> Any:
    """The executor process's engine for these settings, set up on first use."""
    global _ENGINE, _ENGINE_SETTINGS
    if _ENGINE is None or _ENGINE_SETTINGS != settings:
        import forewarn

        use_model, model_dir, config = settings
        _ENGINE = forewarn.Engine(model_dir=model_dir, use_model=use_model, config=config)
        _ENGINE_SETTINGS = settings
    return _ENGINE


def _declared(value: Any) -> Any:
    """A declared-tags cell as the engine takes it: AO3 text, or a dict (JSON text, a struct)."""
    if value is None:
        return None
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("{"):
            return json.loads(stripped)
        return value
    if hasattr(value, "asDict"):
        return value.asDict(recursive=True)
    return value


def _row(work_id: str, entry: dict) -> dict:
    """An output row from a `scan_many` entry (a report, or an error entry)."""
    if "error" in entry:
        return {"id": work_id, "rating": None, "rating_confidence": None, "warnings": None, "report": None,
                "error": entry["error"]}
    warnings = [
        {
            "id": w["id"],
            "kind": w["kind"],
            "confidence": float(w["confidence"]),
            "severity": w["severity"],
            "position": float(w["evidence"][0]["position"]) if w.get("evidence") else None,
        }
        for w in entry["warnings"]
    ]
    return {
        "id": work_id,
        "rating": entry["rating"]["level"],
        "rating_confidence": float(entry["rating"]["confidence"]),
        "warnings": warnings,
        "report": json.dumps(entry, ensure_ascii=False, sort_keys=True),
        "error": None,
    }


def arrow_schema() -> Any:
    """OUTPUT_SCHEMA as an Arrow schema (built on the executor, where there is no Spark session)."""
    import pyarrow as pa

    warning = pa.struct([("id", pa.string()), ("kind", pa.string()), ("confidence", pa.float64()),
                         ("severity", pa.string()), ("position", pa.float64())])
    return pa.schema([("id", pa.string()), ("rating", pa.string()), ("rating_confidence", pa.float64()),
                      ("warnings", pa.list_(warning)), ("report", pa.string()), ("error", pa.string())])


def report_batches(batches: Iterator[Any], settings: tuple) -> Iterator[Any]:
    """The `mapInArrow` function: Arrow batches of works in, Arrow batches of report rows out."""
    import pyarrow as pa

    schema = arrow_schema()
    for batch in batches:
        rows = batch.to_pylist()
        works, places, out = [], [], [None] * len(rows)
        for i, row in enumerate(rows):
            work_id = "" if row.get("id") is None else str(row["id"])
            text = row.get("text")
            if not isinstance(text, str):
                out[i] = _row(work_id, {"error": "no text: the text column is null or not a string"})
                continue
            try:
                declared = _declared(row.get("declared"))
            except ValueError as e:
                out[i] = _row(work_id, {"error": f"declared: {e}"})
                continue
            works.append({"id": work_id, "text": text, "title": row.get("title"), "declared": declared})
            places.append(i)
        if works:
            engine = _engine(settings)
            try:
                entries = engine.scan_many(works, on_error="entry")
            except Exception:  # a declaration the engine cannot read fails the whole call: retry one by one
                entries = []
                for work in works:
                    try:
                        entries.extend(engine.scan_many([work], on_error="entry"))
                    except Exception as e:  # noqa: BLE001 - any failure becomes the row's error
                        entries.append({"error": str(e)})
            for i, work, entry in zip(places, works, entries):
                out[i] = _row(work["id"], entry)
        yield pa.RecordBatch.from_pylist(out, schema=schema)


def with_reports(
    df: Any,
    id_col: str = "id",
    text_col: str = "text",
    title_col: Optional[str] = "title",
    declared_col: Optional[str] = "declared",
    use_model: bool = True,
    model_dir: Optional[str] = None,
    config: Optional[str] = None,
) -> Any:
    """A DataFrame of report rows (see OUTPUT_SCHEMA) for a DataFrame of works."""
    from pyspark.sql import functions as F

    columns = [F.col(id_col).cast("string").alias("id"), F.col(text_col).alias("text")]
    names = set(df.columns)
    columns.append(F.col(title_col).cast("string").alias("title") if title_col in names else F.lit(None).cast("string").alias("title"))
    if declared_col in names:
        kind = df.schema[declared_col].dataType.typeName()
        declared = F.col(declared_col) if kind == "string" else F.to_json(F.col(declared_col))
        columns.append(declared.alias("declared"))
    else:
        columns.append(F.lit(None).cast("string").alias("declared"))
    settings = (use_model, model_dir, config)
    return df.select(*columns).mapInArrow(lambda batches: report_batches(batches, settings), OUTPUT_SCHEMA)


def main(argv: Optional[list] = None) -> int:
    """The job: works (Parquet or JSONL) in, report rows (Parquet) out."""
    parser = argparse.ArgumentParser(prog="forewarn-spark", description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", required=True, help="Parquet file or folder, or JSONL (.jsonl/.json) of works")
    parser.add_argument("--output", required=True, help="Parquet folder to write (replaced)")
    parser.add_argument("--master", default=None, help="Spark master when not run by spark-submit (e.g. local[2])")
    parser.add_argument("--no-model", action="store_true", help="lexical engine only, without the sentence model")
    parser.add_argument("--model-dir", default=None, help="the sentence model's folder")
    parser.add_argument("--config", default=None, help="a forewarn.toml")
    parser.add_argument("--partitions", type=int, default=None, help="repartition the works first")
    parser.add_argument("--batch-size", type=int, default=256, help="works per Arrow batch (one scan_many call)")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("forewarn")
    if args.master:
        builder = builder.master(args.master)
    builder = builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch_size))
    spark = builder.getOrCreate()
    try:
        if args.input.endswith((".jsonl", ".json")):
            works = spark.read.schema("id string, text string, title string, declared string").json(args.input)
        else:
            works = spark.read.parquet(args.input)
        if args.partitions:
            works = works.repartition(args.partitions)
        reports = with_reports(works, use_model=not args.no_model, model_dir=args.model_dir, config=args.config)
        reports.write.mode("overwrite").parquet(args.output)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
