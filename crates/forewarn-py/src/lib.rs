//! `forewarn` for Python: the engine as an extension module (PyO3, abi3), so a data pipeline
//! calls it in-process instead of shelling out per file. An [`Engine`] is set up once, as
//! `forewarn scan` sets itself up (the same config lookup, the same sentence model lookup and
//! fetch), and every report it returns is the JSON report `forewarn scan --format json`
//! prints for that work, as a `dict`.
//!
//! A work given to Python is read as one record of a JSONL batch named [`SOURCE`]
//! (`{"id", "text", "title", "declared"}`), exactly as the CLI reads `python.jsonl`: so a
//! report's `id` is the record's id and its `source.path` is `python.jsonl`, and a batch's
//! unreadable record has the CLI's error (`python.jsonl:3: empty text`). `scan_many` hands a
//! whole batch to the pipeline with the GIL released, and the pipeline analyses its records
//! on all cores.

use std::path::PathBuf;

use forewarn_cli::cli::{EngineArgs, InputFormatArg, ModelChoice};
use forewarn_cli::pipeline::{Outcome, Pipeline};
use forewarn_core::check::Level;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

/// The name of the batch every work given to Python is read as a record of.
pub const SOURCE: &str = "python.jsonl";

pyo3::create_exception!(
    forewarn,
    ForewarnError,
    PyException,
    "A work, a declaration or a setting could not be read; the message is the one the CLI prints."
);

/// The forewarn engine: lexicons, scene rules and (unless `use_model=False`) the sentence
/// model, set up once. Thread-safe; `scan_many` uses every core.
#[pyclass(module = "forewarn", frozen)]
pub struct Engine {
    pipeline: Pipeline,
}

#[pymethods]
impl Engine {
    /// Sets up the engine. `model_dir`: the sentence model's folder (default as the CLI:
    /// `$FOREWARN_MODEL_DIR`, else the user cache, fetched there on first use unless
    /// `$FOREWARN_OFFLINE` is set). `config`: a forewarn.toml (default: ./forewarn.toml, then
    /// the user config folder).
    #[new]
    #[pyo3(signature = (model_dir=None, use_model=true, config=None))]
    fn new(model_dir: Option<PathBuf>, use_model: bool, config: Option<PathBuf>) -> PyResult<Self> {
        let args = EngineArgs {
            input_format: InputFormatArg::Auto,
            config,
            no_cache: true,
            model: ModelChoice { model_dir, no_model: !use_model, semantic_budget: None },
        };
        let pipeline = Pipeline::new(&args).map_err(|e| ForewarnError::new_err(format!("{e:#}")))?;
        Ok(Engine { pipeline })
    }

    /// The report of one work (the JSON report, schema 1, as a dict). `declared`: the tags the
    /// work declares, as AO3 text ("Rating: Mature; Archive Warnings: ...") or a dict of the
    /// report's `declared` shape. Raises ForewarnError when the work cannot be read.
    #[pyo3(signature = (text, title=None, declared=None, id=None))]
    fn scan(
        &self,
        py: Python<'_>,
        text: &str,
        title: Option<&str>,
        declared: Option<&Bound<'_, PyAny>>,
        id: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let line = record_line(py, text, title, declared, id.unwrap_or("text"))?;
        let outcomes = py.detach(|| self.pipeline.scan_bytes(SOURCE, &line));
        let outcome = outcomes.into_iter().next().ok_or_else(|| ForewarnError::new_err("nothing to read"))?;
        match outcome.result {
            Ok(report) => to_python(py, &report),
            Err(message) => Err(ForewarnError::new_err(format!("{}: {message}", outcome.id))),
        }
    }

    /// The reports of many works, in order, analysed on every core with the GIL released.
    /// Each work is a str (its text) or a dict with `text` and optional `title`, `declared`
    /// and `id` (default: its position). `on_error="raise"` raises ForewarnError on the first
    /// work that cannot be read; `on_error="entry"` returns, in its place, the entry
    /// `forewarn scan --format json` prints for it: `{"schema_version", "id", "error"}`.
    #[pyo3(signature = (works, on_error="raise"))]
    fn scan_many(&self, py: Python<'_>, works: Vec<Bound<'_, PyAny>>, on_error: &str) -> PyResult<Vec<Py<PyAny>>> {
        let entries = match on_error {
            "raise" => false,
            "entry" => true,
            other => {
                return Err(ForewarnError::new_err(format!("on_error must be \"raise\" or \"entry\", not {other:?}")))
            }
        };
        let mut batch = Vec::new();
        for (n, work) in works.iter().enumerate() {
            let default_id = n.to_string();
            let line = if let Ok(text) = work.cast::<PyString>() {
                let text: String = text.extract()?;
                record_line(py, &text, None, None, &default_id)?
            } else if let Ok(dict) = work.cast::<PyDict>() {
                let text: Option<String> = dict.get_item("text")?.map(|t| t.extract()).transpose()?;
                let title: Option<String> =
                    dict.get_item("title")?.filter(|t| !t.is_none()).map(|t| t.extract()).transpose()?;
                let id: Option<String> = dict
                    .get_item("id")?
                    .filter(|t| !t.is_none())
                    .map(|t| t.str().map(|s| s.to_string()))
                    .transpose()?;
                let declared = dict.get_item("declared")?;
                let text = text.ok_or_else(|| ForewarnError::new_err(format!("work {n}: no \"text\"")))?;
                record_line(py, &text, title.as_deref(), declared.as_ref(), id.as_deref().unwrap_or(&default_id))?
            } else {
                return Err(ForewarnError::new_err(format!("work {n}: expected a str or a dict")));
            };
            batch.extend_from_slice(&line);
            batch.push(b'\n');
        }
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        // Reading and analysis run on the pipeline's threads, which never take the GIL; this
        // thread makes each chunk's reports into Python objects while the next chunk is
        // analysed, so that serial step overlaps the parallel one. One chunk waits at most.
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Outcome>>(1);
        let pipeline = &self.pipeline;
        let batch = &batch;
        std::thread::scope(|scope| {
            scope.spawn(move || pipeline.scan_chunks(SOURCE, batch, |chunk| sender.send(chunk).is_ok()));
            // Dropped when this closure returns, even early: a pipeline waiting to send stops.
            let mut receiver = receiver;
            let mut out = Vec::with_capacity(works.len());
            loop {
                // Waits without the GIL (a receiver is Send, not Sync: it goes and comes back).
                let (back, next) = py.detach(move || {
                    let next = receiver.recv();
                    (receiver, next)
                });
                receiver = back;
                let Ok(chunk) = next else { break };
                for outcome in chunk {
                    out.push(match outcome.result {
                        Ok(report) => to_python(py, &report)?,
                        Err(message) if entries => to_python(
                            py,
                            &serde_json::json!({
                                "schema_version": forewarn_core::report::SCHEMA_VERSION,
                                "id": outcome.id,
                                "error": message,
                            }),
                        )?,
                        Err(message) => return Err(ForewarnError::new_err(format!("{}: {message}", outcome.id))),
                    });
                }
            }
            Ok(out)
        })
    }

    /// Checks a work's declared tags against what it contains, as `forewarn check` does:
    /// `{"report": ..., "check": ...}`, the entry `forewarn check --format json` prints.
    /// `deny`: "warnings" or "hints" also fail the check (`check["missing"]`).
    #[pyo3(signature = (text, declared=None, title=None, min_confidence=None, deny=None, id=None))]
    // Python keyword arguments, each optional: a struct would be a worse API in Python.
    #[allow(clippy::too_many_arguments)]
    fn check(
        &self,
        py: Python<'_>,
        text: &str,
        declared: Option<&Bound<'_, PyAny>>,
        title: Option<&str>,
        min_confidence: Option<f32>,
        deny: Option<&str>,
        id: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let fail_at = match deny {
            None => Level::Error,
            Some("warnings") => Level::Warning,
            Some("hints") => Level::Hint,
            Some(other) => {
                return Err(ForewarnError::new_err(format!("deny must be \"warnings\" or \"hints\", not {other:?}")))
            }
        };
        if let Some(m) = min_confidence.filter(|m| !(0.0..=1.0).contains(m)) {
            return Err(ForewarnError::new_err(format!("min_confidence must be between 0 and 1, got {m}")));
        }
        let line = record_line(py, text, title, declared, id.unwrap_or("text"))?;
        let policy = min_confidence.map(|m| self.pipeline.policy().clone().with_min_confidence(Some(m)));
        let report = py
            .detach(|| self.pipeline.analyse_one(SOURCE, &line, policy.as_ref(), |_, _, report| report))
            .map_err(ForewarnError::new_err)?;
        let declared = report.source.declared.clone().filter(|d| !d.is_empty());
        let source = if declared.is_some() { "work" } else { "none" };
        let outcome =
            forewarn_core::check::check(&report, &declared.unwrap_or_default(), source, min_confidence, fail_at);
        to_python(py, &serde_json::json!({ "report": report, "check": outcome }))
    }

    fn __repr__(&self) -> String {
        let model = if self.pipeline.uses_model() { "with the sentence model" } else { "lexical" };
        format!("<forewarn.Engine {model}>")
    }
}

/// The rating levels and every label with its definition (`forewarn labels --format json`).
#[pyfunction]
fn labels(py: Python<'_>) -> PyResult<Py<PyAny>> {
    to_python(py, forewarn_core::taxonomy())
}

/// One JSONL record for a work, as `forewarn scan` reads a batch line.
fn record_line(
    py: Python<'_>,
    text: &str,
    title: Option<&str>,
    declared: Option<&Bound<'_, PyAny>>,
    id: &str,
) -> PyResult<Vec<u8>> {
    let declared = match declared.filter(|d| !d.is_none()) {
        None => serde_json::Value::Null,
        Some(d) => {
            if let Ok(text) = d.cast::<PyString>() {
                let text: String = text.extract()?;
                let parsed = forewarn_core::check::parse_declaration(&text)
                    .map_err(|e| ForewarnError::new_err(format!("declared: {e}")))?;
                serde_json::to_value(parsed).map_err(|e| ForewarnError::new_err(e.to_string()))?
            } else {
                let json: String = py.import("json")?.call_method1("dumps", (d,))?.extract()?;
                serde_json::from_str(&json).map_err(|e| ForewarnError::new_err(format!("declared: {e}")))?
            }
        }
    };
    let record = serde_json::json!({ "id": id, "text": text, "title": title, "declared": declared });
    serde_json::to_vec(&record).map_err(|e| ForewarnError::new_err(e.to_string()))
}

/// A serializable value as the Python object `json.loads` makes of its JSON: dicts, lists,
/// str, int, float (the report's floats are `f64`s already rounded as its JSON prints them),
/// bool and None.
fn to_python(py: Python<'_>, value: &impl serde::Serialize) -> PyResult<Py<PyAny>> {
    Ok(pythonize::pythonize(py, value)?.unbind())
}

/// The extension module `forewarn._forewarn` (the package `forewarn` re-exports it).
#[pymodule]
fn _forewarn(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_function(wrap_pyfunction!(labels, m)?)?;
    m.add("ForewarnError", m.py().get_type::<ForewarnError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
