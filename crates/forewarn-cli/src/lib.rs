//! The parts of the `forewarn` command that other front-ends share: the command-line options
//! that set up an engine ([`cli::EngineArgs`]), the reader's settings ([`config`]), the
//! sentence model's lookup and fetch ([`model`]), and the scanning [`pipeline`]. The Python
//! package (`crates/forewarn-py`) builds its engine through them, so a report from Python is
//! the report `forewarn scan` prints.

pub mod cli;
pub mod config;
pub mod model;
pub mod pipeline;

mod cache_dir;
mod inputs;
