//! Running all-MiniLM-L6-v2: tokenize, batch, encode, mean-pool, normalise.
//!
//! The model's `tokenizer.json` pads every input to a fixed 128 tokens and truncates at 128.
//! Both are replaced: padding is switched off in the tokenizer and done here per batch, to the
//! longest sentence of the batch, and truncation is at [`MAX_TOKENS`]. Sentences are sorted by
//! token count before batching so that a batch holds sentences of similar length and little
//! compute goes into padding; results come back in input order. Padded positions are masked
//! out of attention and of the mean, so a sentence's vector does not depend on its batch.
//!
//! The cheap static vectors are distilled from the model by the Model2Vec method: every
//! vocabulary token is run through the transformer alone (between `[SEP]` and `[CLS]`), its
//! output states averaged; the table is centred (the mean over real tokens subtracted, which is
//! what PCA does before it rotates: a linear head does not care for the rotation, so all 384
//! dimensions are kept) and each row weighted by SIF with Zipf frequencies estimated from the
//! token's rank, so that frequent tokens count less. A sentence's static vector is the mean of
//! its tokens' rows. Distilling takes about 20 s on a 2-core CPU; the table is kept beside the
//! weights ([`STATIC_FILE`]) and read back on later loads.

use std::fs;
use std::io::Write;
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, HiddenAct};
use tokenizers::{Tokenizer, TruncationParams};

use crate::error::EmbedError;
use crate::files::ModelFiles;

/// The dimension of a sentence embedding.
pub const EMBEDDING_DIM: usize = 384;
/// The most tokens of a sentence the model sees, `[CLS]` and `[SEP]` included; the rest is cut.
pub const MAX_TOKENS: usize = 256;
/// How many sentences go through the network at once.
pub const BATCH_SIZE: usize = 8;
/// Texts tokenized at once for static vectors: enough for the tokenizer's threads to share,
/// few enough that their encodings stay a few megabytes.
const STATIC_CHUNK: usize = 256;
/// Vocabulary tokens run through the network at once when distilling static vectors.
const DISTILL_BATCH: usize = 512;
/// The distilled static table beside the weights: little-endian `f32` rows, `[vocab,
/// EMBEDDING_DIM]`. The name carries the recipe's version; a new recipe gets a new name.
pub const STATIC_FILE: &str = "forewarn-static-m2v-1.f32";
/// SIF's coefficient (Model2Vec's default): a token of estimated frequency `p` is weighted
/// `SIF / (SIF + p)`.
const SIF: f64 = 1e-4;

/// The loaded sentence model (CPU, `f32`).
pub struct Embedder {
    model: BertModel,
    /// The distilled static table, row-major `[vocab, EMBEDDING_DIM]`: the rows that
    /// [`Embedder::embed_static`] averages (see the module's documentation).
    token_vectors: Vec<f32>,
    tokenizer: Tokenizer,
    pad_id: u32,
    device: Device,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder").field("pad_id", &self.pad_id).finish_non_exhaustive()
    }
}

impl Embedder {
    /// Loads the model from verified files (see [`crate::find_model`]).
    pub fn load(files: &ModelFiles) -> Result<Self, EmbedError> {
        let config_path = files.config();
        let config_text =
            fs::read_to_string(&config_path).map_err(|e| EmbedError::io("cannot read", &config_path, e))?;
        let config: Config = serde_json::from_str(&config_text)
            .map_err(|source| EmbedError::Config { path: config_path.clone(), source })?;
        let unsupported = |reason: String| EmbedError::Unsupported { dir: files.dir.clone(), reason };
        if config.hidden_size != EMBEDDING_DIM {
            return Err(unsupported(format!("hidden size {}, expected {EMBEDDING_DIM}", config.hidden_size)));
        }
        if config.max_position_embeddings < MAX_TOKENS {
            return Err(unsupported(format!(
                "{} positions, fewer than the {MAX_TOKENS} tokens this crate feeds it",
                config.max_position_embeddings
            )));
        }
        // BERT's "gelu" is the exact erf form, which candle maps to `gelu_erf`; the tanh
        // approximation would drift from the reference vectors.
        if config.hidden_act != HiddenAct::Gelu {
            return Err(unsupported(format!("activation {:?}, expected exact GELU", config.hidden_act)));
        }
        let pad_id = u32::try_from(config.pad_token_id)
            .map_err(|_| unsupported(format!("pad token id {} out of range", config.pad_token_id)))?;

        let device = Device::Cpu;
        let weights_path = files.weights();
        // Reading into memory rather than memory-mapping keeps the crate free of `unsafe`;
        // the weights are 90 MB, loaded once.
        let weights = fs::read(&weights_path).map_err(|e| EmbedError::io("cannot read", &weights_path, e))?;
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &device)?;
        let model = BertModel::load(vb, &config)?;

        let tokenizer_path = files.tokenizer();
        let mut tokenizer = Tokenizer::from_file(&tokenizer_path)
            .map_err(|e| EmbedError::Tokenizer(format!("cannot load {}: {e}", tokenizer_path.display())))?;
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams { max_length: MAX_TOKENS, ..TruncationParams::default() }))
            .map_err(|e| EmbedError::Tokenizer(format!("cannot set truncation: {e}")))?;

        let mut embedder = Embedder { model, token_vectors: Vec::new(), tokenizer, pad_id, device };
        let vocab = config.vocab_size;
        let static_path = files.dir.join(STATIC_FILE);
        embedder.token_vectors = match read_table(&static_path, vocab) {
            Some(table) => table,
            None => {
                let table = embedder.distil_static(vocab)?;
                // The table only saves the next load 20 s; a read-only model directory is
                // fine without it.
                let _ = write_table(&static_path, &table);
                table
            }
        };
        Ok(embedder)
    }

    /// The token ids the model sees for `text`: `[CLS]`, WordPiece ids, `[SEP]`, at most
    /// [`MAX_TOKENS`] in all.
    pub fn token_ids(&self, text: &str) -> Result<Vec<u32>, EmbedError> {
        let encoding = self.tokenizer.encode(text, true).map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        Ok(encoding.get_ids().to_vec())
    }

    /// Embeds each text as a unit vector of [`EMBEDDING_DIM`] floats, in input order.
    ///
    /// Deterministic: the same texts give the same vectors, whatever else is in the call.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let ids: Vec<Vec<u32>> = texts.iter().map(|text| self.token_ids(text)).collect::<Result<_, _>>()?;
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| (ids[i].len(), i));

        let mut out = vec![Vec::new(); texts.len()];
        for batch in order.chunks(BATCH_SIZE) {
            let rows: Vec<&[u32]> = batch.iter().map(|&i| ids[i].as_slice()).collect();
            for (&i, vector) in batch.iter().zip(self.embed_batch(&rows)?) {
                out[i] = vector;
            }
        }
        Ok(out)
    }

    /// The cheap static embedding of each text: the mean of the distilled static rows of its
    /// WordPiece tokens (`[CLS]` and `[SEP]` left out), as a unit vector. No network runs, so
    /// it costs about as much as tokenizing; a cascade uses it to choose what to [`embed`].
    ///
    /// [`embed`]: Embedder::embed
    pub fn embed_static(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let rows = self.token_vectors.len() / EMBEDDING_DIM;
        let mut out = Vec::with_capacity(texts.len());
        // A tokenizer `Encoding` keeps tokens, offsets and masks beside the ids (well over 100
        // bytes a token), so a whole novel's encodings at once would cost gigabytes: encode a
        // chunk, keep its vectors, drop its encodings.
        for chunk in texts.chunks(STATIC_CHUNK) {
            let encodings =
                self.tokenizer.encode_batch(chunk.to_vec(), false).map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
            out.extend(encodings.iter().map(|encoding| {
                let mut sum = vec![0.0f32; EMBEDDING_DIM];
                for &id in encoding.get_ids() {
                    let id = id as usize;
                    if id < rows {
                        let row = &self.token_vectors[id * EMBEDDING_DIM..(id + 1) * EMBEDDING_DIM];
                        sum.iter_mut().zip(row).for_each(|(s, x)| *s += x);
                    }
                }
                normalise(sum)
            }));
        }
        Ok(out)
    }

    /// Distils the static table of `vocab` rows (see the module's documentation).
    fn distil_static(&self, vocab: usize) -> Result<Vec<f32>, EmbedError> {
        let special = |name: &str| {
            self.tokenizer
                .token_to_id(name)
                .ok_or_else(|| EmbedError::Tokenizer(format!("the tokenizer has no {name} token")))
        };
        let (cls, sep) = (special("[CLS]")?, special("[SEP]")?);
        let ids: Vec<u32> = (0..vocab as u32).collect();
        let mut table = Vec::with_capacity(vocab * EMBEDDING_DIM);
        for chunk in ids.chunks(DISTILL_BATCH) {
            let input: Vec<u32> = chunk.iter().flat_map(|&id| [sep, id, cls]).collect();
            let input = Tensor::from_vec(input, (chunk.len(), 3), &self.device)?;
            let hidden = self.model.forward(&input, &input.zeros_like()?, Some(&input.ones_like()?))?;
            table.extend(hidden.mean(1)?.flatten_all()?.to_vec1::<f32>()?);
        }
        // Placeholders ([PAD], [unused0], ...) never occur in text; they stay out of the mean.
        let real: Vec<bool> = ids
            .iter()
            .map(|&id| self.tokenizer.id_to_token(id).is_some_and(|t| !(t.starts_with('[') && t.ends_with(']'))))
            .collect();
        Ok(post_process(table, &real))
    }

    /// Runs one batch of token-id rows, padded to the longest row.
    fn embed_batch(&self, rows: &[&[u32]]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let width = rows.iter().map(|row| row.len()).max().unwrap_or(0);
        if rows.is_empty() || width == 0 {
            return Ok(vec![vec![0.0; EMBEDDING_DIM]; rows.len()]);
        }
        let mut input = Vec::with_capacity(rows.len() * width);
        let mut mask = Vec::with_capacity(rows.len() * width);
        for row in rows {
            input.extend_from_slice(row);
            input.resize(input.len() + width - row.len(), self.pad_id);
            mask.extend(std::iter::repeat_n(1u32, row.len()));
            mask.resize(mask.len() + width - row.len(), 0);
        }
        let shape = (rows.len(), width);
        let input = Tensor::from_vec(input, shape, &self.device)?;
        let mask = Tensor::from_vec(mask, shape, &self.device)?;
        let token_types = input.zeros_like()?;
        let hidden = self.model.forward(&input, &token_types, Some(&mask))?;

        // Mean over the real tokens: padded positions get weight zero.
        let weights = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&weights)?.sum(1)?;
        let counts = weights.sum(1)?;
        let means = summed.broadcast_div(&counts)?.to_vec2::<f32>()?;
        Ok(means.into_iter().map(normalise).collect())
    }
}

/// Centres `table` on the mean of its `real` rows and weights row `r` by SIF, its frequency
/// estimated by Zipf's law from its rank `r` (WordPiece vocabularies list frequent tokens first).
fn post_process(mut table: Vec<f32>, real: &[bool]) -> Vec<f32> {
    let rows = table.len() / EMBEDDING_DIM;
    let mut mean = vec![0.0f64; EMBEDDING_DIM];
    let mut count = 0usize;
    for (row, _) in table.chunks(EMBEDDING_DIM).zip(real).filter(|(_, &r)| r) {
        mean.iter_mut().zip(row).for_each(|(m, &x)| *m += f64::from(x));
        count += 1;
    }
    mean.iter_mut().for_each(|m| *m /= count.max(1) as f64);
    let harmonic: f64 = (0..rows).map(|r| 1.0 / (r as f64 + 2.0)).sum();
    for (r, row) in table.chunks_mut(EMBEDDING_DIM).enumerate() {
        let p = 1.0 / (r as f64 + 2.0) / harmonic;
        let weight = SIF / (SIF + p);
        row.iter_mut().zip(&mean).for_each(|(x, m)| *x = ((f64::from(*x) - m) * weight) as f32);
    }
    table
}

/// Reads a static table of `rows` rows, or `None` when it is missing or of the wrong size.
fn read_table(path: &Path, rows: usize) -> Option<Vec<f32>> {
    let bytes = fs::read(path).ok()?;
    if bytes.len() != rows * EMBEDDING_DIM * 4 {
        return None;
    }
    Some(bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
}

/// Writes a static table atomically (a temporary file in the same folder, then renamed).
fn write_table(path: &Path, table: &[f32]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    let bytes: Vec<u8> = table.iter().flat_map(|x| x.to_le_bytes()).collect();
    file.write_all(&bytes)?;
    // Readable like the model's other files (a temporary file is private to its owner).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file().set_permissions(fs::Permissions::from_mode(0o644))?;
    }
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Scales `v` to unit length (accumulating in `f64`); a zero vector stays zero, as in
/// PyTorch's `normalize` with its epsilon.
fn normalise(mut v: Vec<f32>) -> Vec<f32> {
    let norm = v.iter().map(|&x| f64::from(x) * f64::from(x)).sum::<f64>().sqrt().max(1e-12);
    for x in &mut v {
        *x = (f64::from(*x) / norm) as f32;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::{normalise, post_process, EMBEDDING_DIM};

    #[test]
    fn post_process_centres_on_real_tokens_and_weights_frequent_ones_less() {
        // Row 0 is a placeholder far away; rows 1 and 2 are real, at 1 and 3.
        let table: Vec<f32> = [100.0f32, 1.0, 3.0].iter().flat_map(|&x| vec![x; EMBEDDING_DIM]).collect();
        let out = post_process(table, &[false, true, true]);
        let (r1, r2) = (out[EMBEDDING_DIM], out[2 * EMBEDDING_DIM]);
        assert!(r1 < 0.0 && r2 > 0.0, "centred on 2, not on the placeholder: {r1} {r2}");
        assert!(r2.abs() > r1.abs(), "the rarer token keeps more of its vector: {r1} {r2}");
    }

    #[test]
    fn normalise_gives_unit_length() {
        let v = normalise(vec![3.0, 4.0]);
        assert_eq!(v, vec![0.6, 0.8]);
    }

    #[test]
    fn normalise_keeps_zero_vector_finite() {
        assert_eq!(normalise(vec![0.0; 4]), vec![0.0; 4]);
    }
}
