//! Replacing a file so that a crash or a kill at any moment leaves either the old file or
//! the new one, never a mix or a truncated file: write a temporary file in the same folder,
//! flush it to disk, rename it over the target (atomic on POSIX file systems), then flush the
//! folder so the rename itself survives a power cut.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically. An existing file keeps its permissions; a symbolic
/// link is followed, so the file it points to is replaced and the link stays a link. A kill
/// during the write can leave a `.forewarn-*.tmp` file beside the target, never a damaged target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = resolve_link(path);
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let existing = fs::metadata(&target).ok().filter(fs::Metadata::is_file).map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    builder.prefix(".forewarn-").suffix(".tmp");
    #[cfg(unix)]
    {
        // A new file gets the usual 0666 less the umask, not the temporary file's 0600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.flush()?;
    if let Some(permissions) = existing {
        tmp.as_file().set_permissions(permissions)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    sync_dir(&dir)
}

/// The file a symbolic link points to (the path itself when it is not a link or is dangling).
fn resolve_link(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    // Windows cannot open a folder as a file; its rename is durable once it returns.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_creates() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("book.epub");
        write_atomic(&path, b"one").expect("create");
        assert_eq!(fs::read(&path).expect("read"), b"one");
        write_atomic(&path, b"two, longer").expect("replace");
        assert_eq!(fs::read(&path).expect("read"), b"two, longer");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("list").flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.epub");
        fs::write(&real, b"old").expect("write");
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).expect("chmod");
        let link = dir.path().join("link.epub");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        write_atomic(&link, b"new").expect("write through link");
        assert!(fs::symlink_metadata(&link).expect("stat").file_type().is_symlink());
        assert_eq!(fs::read(&real).expect("read"), b"new");
        assert_eq!(fs::metadata(&real).expect("stat").permissions().mode() & 0o777, 0o640);
    }
}
