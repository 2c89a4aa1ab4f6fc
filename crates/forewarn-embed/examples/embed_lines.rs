//! Embeds each line of a text file and writes the vectors as little-endian `f32` rows.
//!
//! ```text
//! cargo run --release -p forewarn-embed --example embed_lines -- IN.txt OUT.f32
//! ```

use std::io::Write;

use forewarn_embed::{find_model, Embedder};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let input = args.next().ok_or("usage: embed_lines IN OUT")?;
    let output = args.next().ok_or("usage: embed_lines IN OUT")?;
    let text = std::fs::read_to_string(input)?;
    let lines: Vec<&str> = text.lines().collect();
    let embedder = Embedder::load(&find_model(None)?)?;
    let started = std::time::Instant::now();
    let vectors = embedder.embed(&lines)?;
    eprintln!("{} lines in {:.1} s", lines.len(), started.elapsed().as_secs_f64());
    let mut out = std::io::BufWriter::new(std::fs::File::create(output)?);
    for v in vectors {
        for x in v {
            out.write_all(&x.to_le_bytes())?;
        }
    }
    Ok(())
}
