//! Where forewarn keeps what it may throw away: the result cache (`pipeline`) and the memo of
//! sentence vectors (`model`), both under one folder.

use std::path::PathBuf;

/// forewarn's cache folder: `$FOREWARN_CACHE_DIR`, else `<user cache>/forewarn`.
pub fn cache_root() -> Option<PathBuf> {
    std::env::var_os("FOREWARN_CACHE_DIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| dirs::cache_dir().map(|d| d.join("forewarn")))
}
