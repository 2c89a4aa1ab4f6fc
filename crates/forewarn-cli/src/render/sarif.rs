//! SARIF 2.1.0 output (being written in this change).

use std::io::{self, Write};

use super::{Renderer, Work};

/// The SARIF renderer.
#[derive(Debug, Default)]
pub struct Sarif;

impl Renderer for Sarif {
    fn work(&mut self, _out: &mut dyn Write, _work: &Work<'_>) -> io::Result<()> {
        Err(io::Error::other("--format sarif is being written in this change"))
    }
}
