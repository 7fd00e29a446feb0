//! Writing output without ever losing the user's data. Every file cardgen writes (the PDFs
//! of a batch or of one recipe, `convert`'s YAML and the photos it extracts, `man --dir`'s
//! pages, `calibrate`'s sheet) goes through one [`Output`], which
//!
//! - never writes over an input of the run (compared by device and inode, see
//!   [`crate::input`], so `./r.yaml`, a symlink or a hard link to it are all caught);
//! - replaces an existing file only when it is the one output the user named (`-o FILE`),
//!   or cardgen's own output of the same kind (see [`Kind::is_ours`]), or has the same
//!   bytes, or `--force` was given;
//! - never writes one path twice in a run, so that the summary matches what is on disk;
//! - follows a symlink to a regular file and replaces the file it points to (atomically, in
//!   that file's folder), keeping the link; writes to stdout for `-` and for any path that
//!   is the process's stdout (`/dev/stdout`); discards the bytes for `/dev/null`; refuses
//!   FIFOs, other devices and sockets, and never replaces a node that is not a regular file;
//! - writes atomically: a temporary file in the same folder, renamed over the target only
//!   when complete, so an error never leaves a truncated or missing file. (No fsync: that
//!   made a 500-card export wait on the disk for most of its time, and a power cut
//!   mid-export is better answered by running it again.)

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::error::Error;
use crate::input::{self, FileId};

/// What a file is, to recognise cardgen's own output of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A PDF: cardgen's own when its `/Producer` starts with `cardgen`.
    Pdf,
    /// `convert`'s YAML: cardgen's own when it starts with the "Converted from … by
    /// `cardgen convert`" comment.
    Yaml,
    /// A man page: cardgen's own when its `.TH` line names cardgen as the source.
    Man,
    /// `convert --to`'s JSON-LD or Cooklang: never recognised, like photos.
    Published,
    /// A PNG card: cardgen's own when its `Software` text chunk says cardgen.
    Png,
    /// An SVG card: cardgen's own when it starts with the `<!-- cardgen` comment.
    Svg,
    /// A photo `convert` extracts: never recognised (only the same bytes may be replaced
    /// without `--force`).
    Photo,
}

/// How much of a file is looked at to recognise it: PDFs keep their Info dictionary near
/// the end, the others say so on their first line.
const RECOGNISE_BYTES: usize = 256 << 10;

impl Kind {
    /// Whether `path` (an existing regular file) is cardgen's own output of this kind.
    pub fn is_ours(self, path: &Path) -> bool {
        match self {
            Kind::Pdf => {
                let head = input::read_head(path, RECOGNISE_BYTES).unwrap_or_default();
                let tail = read_tail(path, RECOGNISE_BYTES).unwrap_or_default();
                head.starts_with(b"%PDF-")
                    && [head, tail].iter().any(|part| produced_by_cardgen(part))
            }
            Kind::Yaml => {
                let head = input::read_head(path, 512).unwrap_or_default();
                let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
                first.starts_with(b"# Converted from ") && contains(first, b"by `cardgen convert`")
            }
            Kind::Man => {
                let head = input::read_head(path, 1024).unwrap_or_default();
                head.split(|&b| b == b'\n')
                    .find(|line| line.starts_with(b".TH "))
                    .is_some_and(|line| contains(line, b"\"cardgen "))
            }
            Kind::Png => {
                let head = input::read_head(path, 512).unwrap_or_default();
                head.starts_with(b"\x89PNG")
                    && contains(&head, crate::render::raster::SOFTWARE_CHUNK)
            }
            Kind::Svg => {
                let head = input::read_head(path, 64).unwrap_or_default();
                head.starts_with(crate::render::svg::SIGNATURE.as_bytes())
            }
            Kind::Photo | Kind::Published => false,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Pdf => "PDF",
            Kind::Yaml => "YAML file",
            Kind::Man => "man page",
            Kind::Published => "file",
            Kind::Png => "PNG",
            Kind::Svg => "SVG",
            Kind::Photo => "photo",
        }
    }
}

/// Who chose a path, which decides what existing file it may replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The one output the user named (`-o card.pdf`): any regular file but an input.
    Named(Kind),
    /// A name cardgen chose (in an output folder, a photo beside the YAML): only
    /// cardgen's own output, an identical file, or anything with `--force`.
    Chosen(Kind),
}

/// Where bytes went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    File(PathBuf),
    Stdout,
    /// `/dev/null`: nothing to keep, nothing lost.
    Discarded,
}

/// The run's writer: remembers what it wrote and whether `--force` was given.
#[derive(Debug, Default)]
pub struct Output {
    force: bool,
    written: Mutex<HashSet<PathBuf>>,
}

impl Output {
    /// `force`: replace existing files that are not cardgen's own (`--force`).
    pub fn new(force: bool) -> Output {
        Output {
            force,
            written: Mutex::new(HashSet::new()),
        }
    }

    /// Writes `bytes` to `path` as the module comment says; `-` is stdout.
    pub fn write(&self, path: &Path, bytes: &[u8], target: Target) -> Result<Written, Error> {
        if path.as_os_str() == "-" {
            write_stdout(bytes)?;
            return Ok(Written::Stdout);
        }
        let real = match resolve(path)? {
            Resolved::Stdout => {
                write_stdout(bytes)?;
                return Ok(Written::Stdout);
            }
            Resolved::Discard => return Ok(Written::Discarded),
            Resolved::Missing(real) => {
                self.claim(path, &real)?;
                real
            }
            Resolved::Existing(real) => {
                self.claim(path, &real)?;
                self.may_replace(path, &real, bytes, target)?;
                real
            }
        };
        write_atomic(&real, bytes).map_err(|e| Error::io(path, &e))?;
        Ok(Written::File(path.to_path_buf()))
    }

    /// Checks that the existing regular file `real` (named `path`) may be replaced.
    fn may_replace(
        &self,
        path: &Path,
        real: &Path,
        bytes: &[u8],
        target: Target,
    ) -> Result<(), Error> {
        if FileId::of_path(real).is_some_and(|id| input::is_input(&id)) {
            return Err(refusal(
                path,
                "is an input of this run; cardgen never writes over its inputs",
                "give another output path with -o",
            ));
        }
        let Target::Chosen(kind) = target else {
            return Ok(());
        };
        if self.force || kind.is_ours(real) || same_bytes(real, bytes) {
            return Ok(());
        }
        Err(refusal(
            path,
            &format!(
                "already exists and is not a {} cardgen wrote; it was left as it is",
                kind.noun()
            ),
            "move it away, or add --force to replace it",
        ))
    }

    /// Records that this run writes `real`; a second write to it is refused, so that no
    /// output of the run silently replaces another.
    fn claim(&self, path: &Path, real: &Path) -> Result<(), Error> {
        let key = std::path::absolute(real).unwrap_or_else(|_| real.to_path_buf());
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        if !written.insert(key) {
            return Err(refusal(
                path,
                "was already written by this run; two outputs would have the same name",
                "rename one of the inputs",
            ));
        }
        Ok(())
    }
}

fn refusal(path: &Path, message: &str, help: &str) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        message: format!("{message}\n  help: {help}"),
    }
}

/// What an output path names.
enum Resolved {
    /// Nothing yet: the file to create (parent folders are created as needed).
    Missing(PathBuf),
    /// A regular file, through any symlinks: the file itself.
    Existing(PathBuf),
    /// The process's own stdout (`/dev/stdout`, `/proc/self/fd/1`).
    Stdout,
    /// The null device (`-o /dev/null`, to time or test a run).
    Discard,
}

fn resolve(path: &Path) -> Result<Resolved, Error> {
    let link = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Resolved::Missing(path.to_path_buf()))
        }
        Err(e) => return Err(Error::io(path, &e)),
    };
    // Through any links (`/dev/stdout` → `/proc/self/fd/1` → a pipe has no path).
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(_) => {
            return Err(refusal(
                path,
                "is a symbolic link to a file that does not exist",
                "point the link at a file, or give another output path",
            ))
        }
    };
    if is_stdout(&meta, path) {
        return Ok(Resolved::Stdout);
    }
    if is_null_device(&meta, path) {
        return Ok(Resolved::Discard);
    }
    if meta.is_file() {
        let real = match link.file_type().is_symlink() {
            true => std::fs::canonicalize(path).map_err(|e| Error::io(path, &e))?,
            false => path.to_path_buf(),
        };
        return Ok(Resolved::Existing(real));
    }
    let what = input::special_kind(&meta).unwrap_or("a special file");
    Err(refusal(
        path,
        &format!("is {what}, not a regular file; cardgen writes only regular files"),
        "give the path of a PDF file, or `-` for stdout",
    ))
}

/// Whether `meta` is the file our stdout is (a pipe, a terminal, a file).
fn is_stdout(meta: &std::fs::Metadata, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() else {
            return false;
        };
        let Ok(ours) = std::fs::File::from(fd).metadata() else {
            return false;
        };
        FileId::of(&ours, path) == FileId::of(meta, path)
    }
    #[cfg(not(unix))]
    {
        let _ = (meta, path);
        false
    }
}

fn is_null_device(meta: &std::fs::Metadata, path: &Path) -> bool {
    let null = if cfg!(unix) { "/dev/null" } else { "NUL" };
    !meta.is_file() && FileId::of_path(Path::new(null)) == Some(FileId::of(meta, path))
}

fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io(Path::new("<stdout>"), &e))
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    input::peek(path, bytes.len()).is_ok_and(|old| old == bytes)
}

/// Whether PDF bytes hold `/Producer (cardgen…` (with or without the space).
fn produced_by_cardgen(pdf: &[u8]) -> bool {
    const KEY: &[u8] = b"/Producer";
    pdf.windows(KEY.len())
        .enumerate()
        .filter(|(_, w)| *w == KEY)
        .any(|(at, _)| {
            let rest = &pdf[at + KEY.len()..];
            let start = rest.iter().position(|b| !b.is_ascii_whitespace());
            start.is_some_and(|s| rest[s..].starts_with(b"(cardgen"))
        })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn read_tail(path: &Path, n: usize) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    file.seek(SeekFrom::Start(len.saturating_sub(n as u64)))?;
    let mut bytes = Vec::new();
    file.take(n as u64).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Writes `bytes` to `path` atomically, creating missing parent folders; an existing file's
/// permissions are kept.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let temp = temp_path(&dir, path);
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        if let Ok(old) = std::fs::metadata(path) {
            file.set_permissions(old.permissions())?;
        }
        drop(file);
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// A hidden, unique name next to the target (same file system, so rename is atomic).
fn temp_path(dir: &Path, target: &Path) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("cardgen-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replaces_whole_files_and_leaves_no_temporaries() {
        let dir = scratch("atomic");
        let target = dir.join("nested/card.pdf");
        write_atomic(&target, b"first").unwrap();
        write_atomic(&target, b"second").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"second");
        let leftovers = std::fs::read_dir(target.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    // Writing through `Output` is tested in tests/safety.rs, each case in a fresh process:
    // here, other tests' inputs (whose inodes the system reuses) are recorded too.
    #[test]
    fn our_own_files_are_recognised_by_their_content() {
        let dir = scratch("ours");
        let ours = dir.join("ours.pdf");
        std::fs::write(&ours, b"%PDF-1.7\n<</Producer(cardgen 0.1.0)>>").unwrap();
        assert!(Kind::Pdf.is_ours(&ours));
        let spaced = dir.join("spaced.pdf");
        std::fs::write(&spaced, b"%PDF-1.7\n<</Producer (cardgen 0.1.0)>>").unwrap();
        assert!(Kind::Pdf.is_ours(&spaced));
        let theirs = dir.join("theirs.pdf");
        std::fs::write(&theirs, b"%PDF-1.7\n<</Producer(Word)>> cardgen").unwrap();
        assert!(!Kind::Pdf.is_ours(&theirs));
        let yaml = dir.join("r.yaml");
        std::fs::write(
            &yaml,
            "# Converted from x.html by `cardgen convert`.\ntitle: T\n",
        )
        .unwrap();
        assert!(Kind::Yaml.is_ours(&yaml));
        assert!(!Kind::Photo.is_ours(&yaml));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
