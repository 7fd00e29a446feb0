//! `cardgen watch RECIPE… -o OUT`: export, then export again whenever a recipe, its
//! photo, the theme or a font file is saved, until Ctrl-C — the way `typst watch` works.
//!
//! Folders are watched rather than files: editors save by writing a new file and
//! renaming it over the old one, which a watch on the old file would miss. Bursts of
//! events (one save is often three or four) are gathered for a moment before exporting.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::error::Error;

/// How long to wait after an event for the rest of its burst.
const DEBOUNCE: Duration = Duration::from_millis(60);
/// How often the loop looks at the Ctrl-C flag while nothing happens.
const POLL: Duration = Duration::from_millis(100);

/// One export, as the watch loop needs it.
pub trait Exporter {
    /// Exports once; `Ok` carries a one-line summary ("2 pages → card.png"), `Err` the
    /// diagnostics, already formatted.
    fn export(&mut self) -> Result<String, String>;
    /// Every file the last export read (recipes, photos, theme, fonts) and the folders
    /// given as inputs.
    fn inputs(&self) -> Vec<PathBuf>;
    /// What to open with `--open`.
    fn output(&self) -> Option<PathBuf>;
}

/// Runs the watch loop until Ctrl-C (or SIGTERM); prints one line per export.
pub fn run(exporter: &mut dyn Exporter, open: bool) -> Result<(), Error> {
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst))
            .map_err(|e| Error::Usage(format!("cannot catch Ctrl-C: {e}")))?;
    }
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if !matches!(event.kind, notify::EventKind::Access(_)) {
                let _ = tx.send(event.paths);
            }
        }
    })
    .map_err(|e| Error::Usage(format!("cannot watch files: {e}")))?;

    let mut opened = false;
    let mut watched = Watched::default();
    let mut export_once = |watcher: &mut dyn Watcher, watched: &mut Watched| {
        let started = Instant::now();
        match exporter.export() {
            Ok(summary) => {
                eprintln!("[{}] {summary} in {}", clock(), seconds(started.elapsed()));
                if open && !opened {
                    opened = true;
                    if let Some(output) = exporter.output() {
                        open_in_viewer(&output);
                    }
                }
            }
            Err(problems) => {
                eprint!("{problems}");
                eprintln!(
                    "[{}] not exported ({}): the last good output is kept",
                    clock(),
                    seconds(started.elapsed())
                );
            }
        }
        watched.update(watcher, exporter.inputs());
    };
    export_once(&mut watcher, &mut watched);
    eprintln!("watching {} files; Ctrl-C to stop", watched.files.len());
    while !stop.load(Ordering::SeqCst) {
        let Ok(paths) = rx.recv_timeout(POLL) else {
            continue;
        };
        let mut relevant = watched.concerns(&paths);
        let deadline = Instant::now() + DEBOUNCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(paths) => relevant |= watched.concerns(&paths),
                Err(_) => break,
            }
        }
        if relevant && !stop.load(Ordering::SeqCst) {
            export_once(&mut watcher, &mut watched);
        }
    }
    Ok(())
}

/// What is being watched: the files the export reads and the folders they are in.
#[derive(Default)]
struct Watched {
    files: BTreeSet<PathBuf>,
    /// Input folders: any change below them counts.
    trees: BTreeSet<PathBuf>,
    /// Folders with a watch on them (non-recursive, except input folders).
    dirs: BTreeSet<PathBuf>,
}

impl Watched {
    fn update(&mut self, watcher: &mut dyn Watcher, inputs: Vec<PathBuf>) {
        let mut files = BTreeSet::new();
        let mut trees = BTreeSet::new();
        let mut dirs: BTreeSet<(PathBuf, RecursiveMode)> = BTreeSet::new();
        for input in inputs {
            let input = absolute(&input);
            if input.is_dir() {
                dirs.insert((input.clone(), RecursiveMode::Recursive));
                trees.insert(input);
            } else if let Some(dir) = input.parent() {
                dirs.insert((dir.to_path_buf(), RecursiveMode::NonRecursive));
                files.insert(input);
            }
        }
        for (dir, mode) in dirs {
            if self.dirs.insert(dir.clone()) {
                if let Err(e) = watcher.watch(&dir, mode) {
                    eprintln!("warning: cannot watch {}: {e}", dir.display());
                }
            }
        }
        self.files = files;
        self.trees = trees;
    }

    fn concerns(&self, paths: &[PathBuf]) -> bool {
        paths.iter().any(|p| {
            let p = absolute(p);
            self.files.contains(&p) || self.trees.iter().any(|t| p.starts_with(t))
        })
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// "0.12 s", "35 ms".
fn seconds(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

/// The time of day (UTC), hh:mm:ss, to tell one line from the next.
fn clock() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let day = secs % 86_400;
    format!("{:02}:{:02}:{:02}", day / 3600, day / 60 % 60, day % 60)
}

/// Opens `path` in the system's viewer, without waiting for it.
fn open_in_viewer(path: &Path) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Err(e) = command.spawn() {
        eprintln!("warning: cannot open {}: {e}", path.display());
    }
}
