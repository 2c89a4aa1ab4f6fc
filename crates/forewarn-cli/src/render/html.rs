//! The self-contained HTML report (being written in this change).

use std::io::{self, Write};

use super::{Renderer, Work};

/// The HTML renderer.
#[derive(Debug, Default)]
pub struct Html;

impl Renderer for Html {
    fn work(&mut self, _out: &mut dyn Write, _work: &Work<'_>) -> io::Result<()> {
        Err(io::Error::other("--format html is being written in this change"))
    }
}
