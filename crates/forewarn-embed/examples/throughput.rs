//! Prints the embedder's throughput in sentences per second on ~500 sentences of a novel.
//!
//! ```text
//! cargo run --release -p forewarn-embed --example throughput [-- FILE [COUNT]]
//! ```
//!
//! FILE defaults to `../shared/data/novels/Stevenson_Treasure_1883.txt`. Sentences are split
//! crudely at `.`, `!` and `?`: the point is realistic lengths, not exact segmentation.

use std::path::PathBuf;
use std::time::Instant;

use forewarn_embed::{find_model, Embedder};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/novels/Stevenson_Treasure_1883.txt")
    });
    let count: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(500);

    let text = std::fs::read_to_string(&path)?;
    let sentences = split_sentences(&text, count);

    let started = Instant::now();
    let files = find_model(None)?;
    let embedder = Embedder::load(&files)?;
    let load = started.elapsed();

    let started = Instant::now();
    let vectors = embedder.embed(&sentences)?;
    let elapsed = started.elapsed().as_secs_f64();
    let tokens: usize = sentences.iter().map(|s| embedder.token_ids(s).map_or(0, |ids| ids.len())).sum();
    println!(
        "{} sentences ({} tokens, {:.1} per sentence) from {}",
        vectors.len(),
        tokens,
        tokens as f64 / vectors.len().max(1) as f64,
        path.display()
    );
    println!("model load {:.2} s; embedding {elapsed:.2} s = {:.0} sentences/s", load.as_secs_f64(), {
        vectors.len() as f64 / elapsed
    });
    Ok(())
}

/// Up to `count` sentences of `text`, taken from after the first tenth (past front matter).
fn split_sentences(text: &str, count: usize) -> Vec<&str> {
    let start = text.len() / 10;
    let start = (start..text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    text[start..]
        .split_inclusive(['.', '!', '?'])
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() >= 3)
        .take(count)
        .collect()
}
