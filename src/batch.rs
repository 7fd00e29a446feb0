//! Running a whole command: one recipe or a collection, in parallel, reporting every
//! failure at the end instead of stopping at the first (as ripgrep does with files).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::cli::Config;
use crate::error::Error;
use crate::export::{self, ExportOptions};
use crate::layout::Document;
use crate::output;
use crate::text::{Face, FontBook, FontRole};

/// Recipe file extensions picked up from folders.
const RECIPE_EXTENSIONS: &[&str] = &["yaml", "yml"];
/// Folders nested deeper than this are not searched (guards against link loops).
const MAX_DEPTH: usize = 32;

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    pub recipes: usize,
    pub pages: usize,
    pub errors: Vec<Error>,
    pub seconds: f64,
}

impl Summary {
    /// The process exit status: the most serious failure wins (I/O over invalid input).
    pub fn exit_code(&self) -> i32 {
        self.errors.iter().map(Error::exit_code).max().unwrap_or(0)
    }
}

/// One recipe to export and where its PDF goes.
#[derive(Debug, Clone)]
struct Job {
    input: PathBuf,
    /// Path below the folder it was found in, for mirroring into an output folder.
    relative: PathBuf,
}

/// Where the PDFs go.
#[derive(Debug, Clone, PartialEq)]
enum Destination {
    /// One PDF per recipe, named after it, in this folder (sub-folders mirrored).
    Folder(PathBuf),
    /// Everything in one PDF file.
    File(PathBuf),
    Stdout,
}

/// Runs the command described by `config`.
pub fn run(config: &Config) -> Result<Summary, Error> {
    let started = Instant::now();
    let book = load_fonts(config)?;
    let (jobs, mut errors) = collect_jobs(&config.inputs);
    let options = ExportOptions {
        layout: config.layout,
        no_photo: config.no_photo,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?;
    let mut summary = Summary {
        recipes: jobs.len(),
        ..Summary::default()
    };
    if config.check_only {
        let results: Vec<Result<Document, Error>> = pool.install(|| {
            jobs.par_iter()
                .map(|job| layout_job(job, &book, &options))
                .collect()
        });
        errors.extend(results.into_iter().filter_map(Result::err));
    } else {
        let destination = destination(config, &jobs)?;
        match &destination {
            Destination::Folder(dir) => {
                let results: Vec<Result<usize, Error>> = pool.install(|| {
                    jobs.par_iter()
                        .map(|job| export_to_folder(job, dir, &book, &options))
                        .collect()
                });
                for result in results {
                    match result {
                        Ok(pages) => summary.pages += pages,
                        Err(e) => errors.push(e),
                    }
                }
            }
            Destination::File(_) | Destination::Stdout => {
                let results: Vec<Result<Document, Error>> = pool.install(|| {
                    jobs.par_iter()
                        .map(|job| layout_job(job, &book, &options))
                        .collect()
                });
                let mut combined: Option<Document> = None;
                for result in results {
                    match result {
                        Ok(doc) => match &mut combined {
                            Some(all) => all.append(doc),
                            None => combined = Some(doc),
                        },
                        Err(e) => errors.push(e),
                    }
                }
                if let Some(doc) = combined {
                    summary.pages = doc.pages.len();
                    let bytes = export::render(&doc)?;
                    match &destination {
                        Destination::File(path) => output::write_atomic(path, &bytes)?,
                        _ => write_stdout(&bytes)?,
                    }
                }
            }
        }
    }
    summary.errors = errors;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

fn load_fonts(config: &Config) -> Result<FontBook, Error> {
    let mut book = FontBook::builtin();
    for (path, role) in [
        (&config.title_font, FontRole::Title),
        (&config.body_font, FontRole::Body),
    ] {
        if let Some(path) = path {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
            let face =
                Face::from_bytes(bytes, 0, &path.display().to_string()).map_err(Error::Usage)?;
            book = book.with_user_face(face, role);
        }
    }
    Ok(book)
}

fn layout_job(job: &Job, book: &FontBook, options: &ExportOptions) -> Result<Document, Error> {
    export::layout_file(&job.input, book, options).map(|(_, doc)| doc)
}

fn export_to_folder(
    job: &Job,
    dir: &Path,
    book: &FontBook,
    options: &ExportOptions,
) -> Result<usize, Error> {
    let doc = layout_job(job, book, options)?;
    let bytes = export::render(&doc)?;
    let target = dir.join(&job.relative).with_extension("pdf");
    output::write_atomic(&target, &bytes)?;
    Ok(doc.pages.len())
}

fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io(Path::new("<stdout>"), &e))
}

/// Decides where output goes: `-o -` is stdout, `-o x.pdf` one file, an existing folder or
/// a path ending in `/` (or several recipes without `.pdf`) a folder.
fn destination(config: &Config, jobs: &[Job]) -> Result<Destination, Error> {
    let from_folder = config.inputs.len() > 1 || config.inputs.iter().any(|p| p.is_dir());
    match &config.output {
        Some(path) if path.as_os_str() == "-" => Ok(Destination::Stdout),
        Some(path) => {
            let is_pdf = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
            let says_folder = path.as_os_str().to_string_lossy().ends_with(['/', std::path::MAIN_SEPARATOR]);
            if path.is_dir() || says_folder || (from_folder && !is_pdf) {
                Ok(Destination::Folder(path.clone()))
            } else {
                Ok(Destination::File(path.clone()))
            }
        }
        None if !from_folder && jobs.len() == 1 => {
            let stem = jobs[0].input.file_stem().unwrap_or_default();
            Ok(Destination::File(PathBuf::from(stem).with_extension("pdf")))
        }
        None => Err(Error::Usage(
            "several recipes need -o: a folder (`-o out/`) for one PDF each, or `-o all.pdf` for one PDF".into(),
        )),
    }
}

/// Expands folders into the recipe files below them (sorted, so runs are repeatable).
/// Unreadable inputs become errors; the rest still run.
fn collect_jobs(inputs: &[PathBuf]) -> (Vec<Job>, Vec<Error>) {
    let mut jobs = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        match std::fs::metadata(input) {
            Ok(meta) if meta.is_dir() => walk(input, input, 0, &mut jobs, &mut errors),
            Ok(_) => jobs.push(Job {
                input: input.clone(),
                relative: PathBuf::from(input.file_name().unwrap_or(input.as_os_str())),
            }),
            Err(e) => errors.push(Error::io(input, &e)),
        }
    }
    (jobs, errors)
}

fn walk(root: &Path, dir: &Path, depth: usize, jobs: &mut Vec<Job>, errors: &mut Vec<Error>) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(read) => read.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            errors.push(Error::io(dir, &e));
            return;
        }
    };
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if hidden {
            continue;
        }
        if meta.is_dir() {
            walk(root, &path, depth + 1, jobs, errors);
        } else if is_recipe_file(&path) {
            let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            jobs.push(Job {
                input: path,
                relative,
            });
        }
    }
}

fn is_recipe_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| RECIPE_EXTENSIONS.iter().any(|r| e.eq_ignore_ascii_case(r)))
}
