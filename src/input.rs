//! Reading input files: every file cardgen reads (recipes, imports, photos, fonts, themes)
//! comes through [`read`], which
//!
//! - opens without blocking (`O_NONBLOCK`), so a FIFO cannot hang `open()`;
//! - accepts only regular files (a FIFO, a device such as `/dev/zero`, a socket or a folder
//!   is refused with what it is), checked on the opened handle, not on the name;
//! - reads at most `cap + 1` bytes, so a file over its cap is refused without being read
//!   whole (and a file that grows while read cannot exhaust memory);
//! - remembers the file's identity (device and inode), so that the output layer
//!   ([`crate::output`]) can refuse to write over any input of the run, whatever path
//!   names it (a symlink, a hard link, `./x` for `x`).

use std::collections::HashSet;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{describe_io_error, Error};

/// The largest recipe or import read (16 MiB): a saved web page, a Paprika or Mealie export
/// with its photos. Our own YAML has its own, smaller cap (see [`crate::recipe::MAX_FILE_BYTES`]).
pub const MAX_IMPORT_BYTES: usize = 16 << 20;
/// The largest font file read (64 MiB: CJK collections are 20–40 MiB).
pub const MAX_FONT_BYTES: usize = 64 << 20;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Opening or reading failed.
    Io(std::io::Error),
    /// Not a regular file: what it is ("a folder", "a FIFO (named pipe)", "a device").
    NotRegular(&'static str),
    /// Larger than the cap, in bytes.
    TooLarge(usize),
}

impl ReadError {
    /// A short lower-case description, without the path.
    pub fn describe(&self) -> String {
        match self {
            ReadError::Io(e) => describe_io_error(e),
            ReadError::NotRegular(what) => format!("is {what}, not a regular file"),
            ReadError::TooLarge(cap) => format!("is larger than {}", human_bytes(*cap)),
        }
    }

    /// As an I/O error of `path`, with `what` the file is for ("a font", "a theme").
    pub fn into_error(self, path: &Path, what: &str) -> Error {
        let message = match self {
            ReadError::Io(e) => describe_io_error(&e),
            ReadError::NotRegular(_) => {
                format!(
                    "{}; cardgen reads {what} only from a regular file",
                    self.describe()
                )
            }
            ReadError::TooLarge(cap) => format!(
                "is larger than {}, the most cardgen reads for {what}",
                human_bytes(cap)
            ),
        };
        Error::Io {
            path: path.to_path_buf(),
            message,
        }
    }
}

/// `n` bytes as people say it: "16 MiB", "64 KiB".
pub fn human_bytes(n: usize) -> String {
    match n {
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

/// Reads the whole of a regular file of at most `cap` bytes (see the module comment).
pub fn read(path: &Path, cap: usize) -> Result<Vec<u8>, ReadError> {
    let file = open(path)?;
    remember(FileId::of(&file.metadata().map_err(ReadError::Io)?, path));
    read_to_cap(file, cap)
}

/// [`read`] without recording the file as an input: for looking at an existing output
/// before replacing it.
pub fn peek(path: &Path, cap: usize) -> Result<Vec<u8>, ReadError> {
    read_to_cap(open(path)?, cap)
}

fn read_to_cap(file: File, cap: usize) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    file.take(cap as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() > cap {
        return Err(ReadError::TooLarge(cap));
    }
    Ok(bytes)
}

/// [`read`], with the error as an [`Error`] naming the path and what the file is for.
pub fn read_file(path: &Path, cap: usize, what: &str) -> Result<Vec<u8>, Error> {
    read(path, cap).map_err(|e| e.into_error(path, what))
}

/// The first `n` bytes of a regular file (fewer if it is shorter), not recorded as an
/// input; for recognising an existing output.
pub fn read_head(path: &Path, n: usize) -> Result<Vec<u8>, ReadError> {
    let file = open(path)?;
    let mut bytes = Vec::new();
    file.take(n as u64)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    Ok(bytes)
}

/// Opens a regular file for reading without blocking.
fn open(path: &Path) -> Result<File, ReadError> {
    let file = open_nonblocking(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::IsADirectory => ReadError::NotRegular("a folder"),
        _ => ReadError::Io(e),
    })?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(what) = special_kind(&meta) {
        return Err(ReadError::NotRegular(what));
    }
    Ok(file)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// What a file that is not a regular file is, in words; `None` for a regular file.
pub fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
}

/// A file's identity: device and inode on Unix, the canonical path elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileId(Identity);

#[cfg(unix)]
type Identity = (u64, u64);
#[cfg(not(unix))]
type Identity = PathBuf;

impl FileId {
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata, _path: &Path) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId((meta.dev(), meta.ino()))
    }

    #[cfg(not(unix))]
    pub fn of(_meta: &std::fs::Metadata, path: &Path) -> FileId {
        FileId(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }

    /// The identity of the file `path` names (following symlinks), if it exists.
    pub fn of_path(path: &Path) -> Option<FileId> {
        std::fs::metadata(path).ok().map(|m| FileId::of(&m, path))
    }
}

/// Every file read in this run (process), so that no output replaces one. (An inode freed
/// by deleting a file may be reused for a new one; in a run, inputs are not deleted.)
static INPUTS: Mutex<Option<HashSet<FileId>>> = Mutex::new(None);

fn remember(id: FileId) {
    if let Ok(mut inputs) = INPUTS.lock() {
        inputs.get_or_insert_with(HashSet::new).insert(id);
    }
}

/// Records `path` as an input of the run before it is read (the command line's files and
/// the recipes found in its folders), so that no output written earlier replaces it.
pub fn register(path: &Path) {
    if let Some(id) = FileId::of_path(path) {
        remember(id);
    }
}

/// Whether the file is an input of this run.
pub fn is_input(id: &FileId) -> bool {
    INPUTS
        .lock()
        .is_ok_and(|inputs| inputs.as_ref().is_some_and(|set| set.contains(id)))
}

/// A path for messages about `path`: absolute, so that "looked for …" says where.
pub fn shown(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_are_enforced_without_reading_past_them() {
        let dir = std::env::temp_dir().join(format!("cardgen-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("ten.txt");
        std::fs::write(&file, b"0123456789").unwrap();
        assert_eq!(read(&file, 10).unwrap(), b"0123456789");
        assert!(matches!(read(&file, 9), Err(ReadError::TooLarge(9))));
        assert!(is_input(&FileId::of_path(&file).unwrap()));
        assert!(matches!(
            read(&dir, 9),
            Err(ReadError::NotRegular("a folder"))
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_before_reading() {
        let e = read(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert_eq!(e.describe(), "is a device, not a regular file");
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_bytes(16 << 20), "16 MiB");
        assert_eq!(human_bytes(64 << 10), "64 KiB");
        assert_eq!(human_bytes(1000), "1000 bytes");
    }
}
