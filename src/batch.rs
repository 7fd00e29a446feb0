//! Running a whole command: one recipe or a collection, in parallel, reporting every
//! failure at the end instead of stopping at the first (as ripgrep does with files).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::error::{Diagnostic, Error};
use crate::export::{self, ExportOptions};
use crate::frame::Document;
use crate::impose;
use crate::layout;
use crate::output::{Kind, Output, Target};
use crate::recipe::scale::Adjust;
use crate::text::{Face, FontBook, FontRole};
use crate::theme::Theme;
use crate::units::Size;

/// Folders nested deeper than this are not searched (guards against link loops).
const MAX_DEPTH: usize = 32;
/// `--jobs` is lowered to this many threads per CPU core, and to at most [`MAX_JOBS`]:
/// more threads only add start-up and memory (`-j 4096` made one card take 16 s).
const JOBS_PER_CORE: usize = 4;
const MAX_JOBS: usize = 64;

/// What an export (or a check) of recipes does.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Cookbook mode, with its title.
    pub cookbook: Option<String>,
    pub inputs: Vec<PathBuf>,
    pub output: Option<PathBuf>,
    pub layout: layout::Options,
    pub no_photo: bool,
    pub check_only: bool,
    pub jobs: Option<usize>,
    pub quiet: bool,
    /// The theme; `title_font` and `body_font` replace its families.
    pub theme: Theme,
    pub title_font: Option<PathBuf>,
    pub body_font: Option<PathBuf>,
    /// Cards N-up on paper or card stock (`--paper`, `--template`, `--duplex`, `--bleed`).
    pub impose: Option<impose::Imposition>,
    /// Scaling and unit conversion applied to every recipe before layout.
    pub adjust: Adjust,
    /// Replace files in an output folder that cardgen did not write (`--force`).
    pub force: bool,
}

impl RunOptions {
    /// An export of `inputs` to `output` laid out as `layout`, everything else as the
    /// command line's defaults: the classic theme, no scaling, one job per core.
    pub fn new(inputs: Vec<PathBuf>, output: Option<PathBuf>, layout: layout::Options) -> Self {
        RunOptions {
            cookbook: None,
            inputs,
            output,
            layout,
            no_photo: false,
            check_only: false,
            jobs: None,
            quiet: false,
            theme: Theme::default(),
            title_font: None,
            body_font: None,
            impose: None,
            adjust: Adjust::default(),
            force: false,
        }
    }
}

/// What `cardgen calibrate` writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibrate {
    pub paper: Size,
    /// A PDF file, or `-` for stdout.
    pub output: PathBuf,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    pub recipes: usize,
    pub pages: usize,
    /// Warnings and notes, in file order: what is worth knowing though nothing failed (a
    /// recipe that needed more than one card even with `--fit shrink`, say).
    pub notices: Vec<Diagnostic>,
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
    /// Its output's name in an output folder, without `.pdf` (see [`output_names`]).
    name: PathBuf,
    /// Scaling and units (`--servings`, `--scale`, `--units`).
    adjust: Adjust,
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

/// Exports (or checks) the recipes that `config` names.
pub fn run(config: &RunOptions) -> Result<Summary, Error> {
    let started = Instant::now();
    let book = load_fonts(config)?;
    let out = Output::new(config.force);
    let (mut jobs, mut errors) = collect_jobs(&config.inputs);
    let names = output_names(&jobs);
    for (job, name) in jobs.iter_mut().zip(names) {
        job.adjust = config.adjust;
        job.name = name;
        crate::input::register(&job.input);
    }
    let options = ExportOptions {
        layout: config.layout,
        no_photo: config.no_photo,
        photos: Default::default(),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads(config.jobs, jobs.len()))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?;
    let bar = progress_bar(jobs.len(), config.quiet);
    let long = LongRecipes::default();
    let mut summary = Summary {
        // Inputs that could not be read are recipes that failed, too.
        recipes: jobs.len() + errors.len(),
        ..Summary::default()
    };
    if config.check_only {
        let results = each_job(&pool, &jobs, &bar, |job| {
            layout_job(job, &book, &options, &long)
        });
        errors.extend(results.into_iter().filter_map(Result::err));
    } else {
        let destination = destination(config, &jobs)?;
        if let Some(title) = &config.cookbook {
            let (pages, book_errors) = export_book(
                title,
                &jobs,
                &book,
                &options,
                (&pool, &bar, &long),
                (&destination, &out),
            )?;
            bar.finish_and_clear();
            summary.notices = still_long(long);
            summary.pages = pages;
            errors.extend(book_errors);
            summary.errors = errors;
            summary.seconds = started.elapsed().as_secs_f64();
            return Ok(summary);
        }
        match &destination {
            Destination::Folder(dir) => {
                let results = each_job(&pool, &jobs, &bar, |job| {
                    let to = (dir.as_path(), &out);
                    export_to_folder(job, to, &book, &options, config.impose.as_ref(), &long)
                });
                for result in results {
                    match result {
                        Ok(pages) => summary.pages += pages,
                        Err(e) => errors.push(e),
                    }
                }
            }
            Destination::File(_) | Destination::Stdout => {
                let results = each_job(&pool, &jobs, &bar, |job| {
                    layout_job(job, &book, &options, &long)
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
                    let doc = imposed(doc, config.impose.as_ref())?;
                    summary.pages = doc.pages.len();
                    let bytes = export::render(&doc)?;
                    write_single(&destination, &bytes, &out)?;
                }
            }
        }
    }
    bar.finish_and_clear();
    summary.notices = still_long(long);
    summary.errors = errors;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// A note for each recipe that `--fit shrink` could not get onto one card, in file order.
fn still_long(long: LongRecipes) -> Vec<Diagnostic> {
    let mut long = long.into_inner().unwrap_or_default();
    long.sort_by(|a, b| (&a.file, a.span).cmp(&(&b.file, b.span)));
    long
}

/// Runs `work` on every job on the pool, in parallel, results in job order.
fn each_job<T: Send>(
    pool: &rayon::ThreadPool,
    jobs: &[Job],
    bar: &ProgressBar,
    work: impl Fn(&Job) -> T + Sync + Send,
) -> Vec<T> {
    pool.install(|| {
        jobs.par_iter()
            .map(|job| {
                let result = work(job);
                bar.inc(1);
                result
            })
            .collect()
    })
}

/// A progress bar on a terminal for runs of several recipes; hidden in pipes and with
/// `--quiet`.
fn progress_bar(total: usize, quiet: bool) -> ProgressBar {
    use std::io::IsTerminal;
    if quiet || total < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template("{bar:32.yellow/dim} {pos}/{len} recipes  {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new(total as u64).with_style(style)
}

/// Lays out every recipe as sheets and binds them into one cookbook PDF.
fn export_book(
    title: &str,
    jobs: &[Job],
    book: &FontBook,
    options: &ExportOptions,
    (pool, bar, long): (&rayon::ThreadPool, &ProgressBar, &LongRecipes),
    (destination, out): (&Destination, &Output),
) -> Result<(usize, Vec<Error>), Error> {
    if let Destination::Folder(dir) = destination {
        return Err(Error::Usage(format!(
            "--book writes one PDF: give -o BOOK.pdf, not the folder {}",
            dir.display()
        )));
    }
    use crate::layout::cookbook::{make_book, BookEntry, BookOptions};
    let results = each_job(pool, jobs, bar, |job| -> Result<Vec<BookEntry>, Error> {
        let recipes = laid_out(job, book, options, long)?;
        Ok(recipes
            .into_iter()
            .map(|(recipe, doc)| {
                let chapter = chapter_of(job, &recipe);
                BookEntry {
                    recipe,
                    doc,
                    chapter,
                }
            })
            .collect())
    });
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(more) => entries.extend(more),
            Err(e) => errors.push(e),
        }
    }
    let options = BookOptions {
        title: title.to_string(),
        size: options.layout.size,
        theme: options.layout.effective_theme(),
    };
    let doc = make_book(entries, book, &options);
    let bytes = export::render(&doc)?;
    write_single(destination, &bytes, out)?;
    Ok((doc.pages.len(), errors))
}

/// A recipe's chapter: the folder it was found in below the input folder, else its first
/// tag, else "Recipes".
fn chapter_of(job: &Job, recipe: &crate::recipe::Recipe) -> String {
    let folder = job
        .relative
        .parent()
        .and_then(|p| p.components().next())
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let name = folder
        .or_else(|| recipe.tags.first().cloned())
        .unwrap_or_else(|| "Recipes".into());
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name,
    }
}

fn load_fonts(config: &RunOptions) -> Result<FontBook, Error> {
    let mut book = config.theme.font_book()?;
    for (path, role) in [
        (&config.title_font, FontRole::Title),
        (&config.body_font, FontRole::Body),
    ] {
        if let Some(path) = path {
            let bytes = crate::input::read_file(path, crate::input::MAX_FONT_BYTES, "the font")?;
            let face =
                Face::from_bytes(bytes, 0, &path.display().to_string()).map_err(Error::Usage)?;
            book = book.with_user_face(face, role);
        }
    }
    Ok(book)
}

/// Lays out every recipe in the job's file (several for a Paprika bundle) as one document.
/// What laying out found worth saying: recipes that `--fit shrink` could not get onto one
/// card, source URLs too long for a QR code.
type LongRecipes = Mutex<Vec<Diagnostic>>;

/// Reads and lays out every recipe of a job's file, noting those that still need more
/// than one card although `--fit shrink` was asked for.
fn laid_out(
    job: &Job,
    book: &FontBook,
    options: &ExportOptions,
    long: &LongRecipes,
) -> Result<Vec<(crate::recipe::Recipe, Document)>, Error> {
    let docs = export::layout_file_all(&job.input, book, options, &job.adjust)?;
    let layout = options.layout;
    let shrink =
        layout.fit == crate::layout::Overflow::Shrink && layout.kind == crate::layout::Medium::Card;
    let mut notices = Vec::new();
    for (recipe, doc) in &docs {
        if shrink && doc.pages.len() > 1 {
            notices.push(Diagnostic::note(
                job.input.clone(),
                None,
                format!(
                    "“{}” still needs {} cards with --fit shrink",
                    crate::text::markup::plain(&recipe.title),
                    doc.pages.len()
                ),
            ));
        }
        let source = recipe.source.as_ref();
        if let Some(Err(why)) = source.map(|s| crate::qr::check_fits(&s.url)) {
            notices.push(Diagnostic::warning(
                recipe.file.clone(),
                source.map(|s| s.span),
                format!("{why}: the card prints the link without a QR code"),
            ));
        }
    }
    if let Ok(mut long) = long.lock() {
        long.extend(notices);
    }
    Ok(docs)
}

fn layout_job(
    job: &Job,
    book: &FontBook,
    options: &ExportOptions,
    long: &LongRecipes,
) -> Result<Document, Error> {
    let mut docs = laid_out(job, book, options, long)?.into_iter();
    let (_, mut all) = docs
        .next()
        .ok_or_else(|| Error::Usage(format!("{}: no recipe in this file", job.input.display())))?;
    for (_, doc) in docs {
        all.append(doc);
    }
    Ok(all)
}

fn export_to_folder(
    job: &Job,
    (dir, out): (&Path, &Output),
    book: &FontBook,
    options: &ExportOptions,
    imposition: Option<&impose::Imposition>,
    long: &LongRecipes,
) -> Result<usize, Error> {
    let mut docs = laid_out(job, book, options, long)?;
    if docs.len() > 1 {
        // A file of several recipes (a Paprika bundle): one PDF each, named after the title,
        // in a folder named after the file.
        let folder = dir.join(&job.name);
        let mut pages = 0;
        let mut used = Vec::new();
        for (recipe, doc) in docs {
            let name = crate::slug::unique_slug(&recipe.title, &mut used);
            let doc = imposed(doc, imposition)?;
            let bytes = export::render(&doc)?;
            let target = folder.join(format!("{name}.pdf"));
            out.write(&target, &bytes, Target::Chosen(Kind::Pdf))?;
            pages += doc.pages.len();
        }
        return Ok(pages);
    }
    let Some((_, doc)) = docs.pop() else {
        return Ok(0);
    };
    let doc = imposed(doc, imposition)?;
    let bytes = export::render(&doc)?;
    out.write(
        &with_pdf(&dir.join(&job.name)),
        &bytes,
        Target::Chosen(Kind::Pdf),
    )?;
    Ok(doc.pages.len())
}

/// The cards of `doc` (one recipe or several, appended) on sheets, with --paper/--template.
fn imposed(doc: Document, imposition: Option<&impose::Imposition>) -> Result<Document, Error> {
    match imposition {
        Some(imposition) => impose::impose(vec![doc], imposition).map_err(Error::Usage),
        None => Ok(doc),
    }
}

/// `cardgen calibrate`: the check sheet, in the default theme's fonts, to a file or stdout.
pub fn calibrate(calibrate: &Calibrate) -> Result<Summary, Error> {
    let started = Instant::now();
    let book = Theme::default().font_book()?;
    let out = Output::new(false);
    let doc = impose::calibration(calibrate.paper, &book);
    let bytes = export::render(&doc)?;
    out.write(&calibrate.output, &bytes, Target::Named(Kind::Pdf))?;
    Ok(Summary {
        pages: doc.pages.len(),
        seconds: started.elapsed().as_secs_f64(),
        ..Summary::default()
    })
}

/// Writes the one PDF of a run to the file the user named, or stdout.
fn write_single(destination: &Destination, bytes: &[u8], out: &Output) -> Result<(), Error> {
    let path = match destination {
        Destination::File(path) => path.as_path(),
        _ => Path::new("-"),
    };
    out.write(path, bytes, Target::Named(Kind::Pdf)).map(|_| ())
}

/// The worker threads for `jobs` recipes: what `--jobs` asks (default one per core), but
/// no more than there are recipes, [`JOBS_PER_CORE`] per core, or [`MAX_JOBS`].
fn threads(requested: Option<usize>, jobs: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let wanted = requested.unwrap_or(cores);
    wanted
        .min(cores * JOBS_PER_CORE)
        .min(MAX_JOBS)
        .min(jobs)
        .max(1)
}

/// `name.pdf`, keeping any dots in `name` (`r.yaml` → `r.yaml.pdf`).
fn with_pdf(name: &Path) -> PathBuf {
    let mut file = name.as_os_str().to_owned();
    file.push(".pdf");
    PathBuf::from(file)
}

/// The names of the jobs' outputs in an output folder, without `.pdf`: the input's path
/// below its folder without its extension (`sub/r.yaml` → `sub/r`), except that inputs that
/// would share a name (`r.yaml`, `r.json`, `r.cook`; compared ignoring case, as macOS and
/// Windows do) keep their whole file name (`r.yaml`, `r.json`, `r.cook`), and any that
/// still share one are numbered in command-line order (`r.yaml`, `r.yaml-2`).
fn output_names(jobs: &[Job]) -> Vec<PathBuf> {
    let key = |p: &Path| p.to_string_lossy().to_lowercase();
    let stems: Vec<PathBuf> = jobs.iter().map(|j| j.relative.with_extension("")).collect();
    let mut count = std::collections::HashMap::new();
    for stem in &stems {
        *count.entry(key(stem)).or_insert(0) += 1;
    }
    let mut used = std::collections::HashSet::new();
    jobs.iter()
        .zip(stems)
        .map(|(job, stem)| {
            let base = if count[&key(&stem)] > 1 {
                job.relative.clone()
            } else {
                stem
            };
            let mut name = base.clone();
            let mut n = 1;
            while !used.insert(key(&name)) {
                n += 1;
                let mut numbered = base.as_os_str().to_owned();
                numbered.push(format!("-{n}"));
                name = PathBuf::from(numbered);
            }
            name
        })
        .collect()
}

/// Decides where output goes: `-o -` is stdout, `-o x.pdf` one file, an existing folder or
/// a path ending in `/` (or several recipes without `.pdf`) a folder.
fn destination(config: &RunOptions, jobs: &[Job]) -> Result<Destination, Error> {
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
                name: PathBuf::new(),
                adjust: Default::default(),
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
        } else if crate::import::is_recipe_file(&path) {
            let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            jobs.push(Job {
                input: path,
                relative,
                name: PathBuf::new(),
                adjust: Default::default(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(relative: &str) -> Job {
        Job {
            input: PathBuf::from(relative),
            relative: PathBuf::from(relative),
            name: PathBuf::new(),
            adjust: Default::default(),
        }
    }

    #[test]
    fn inputs_that_would_share_an_output_keep_their_whole_names() {
        let jobs: Vec<Job> = [
            "r.yaml",
            "r.json",
            "R.cook",
            "s.yaml",
            "sub/r.yaml",
            "r.yaml",
        ]
        .into_iter()
        .map(job)
        .collect();
        let names: Vec<String> = output_names(&jobs)
            .iter()
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            ["r.yaml", "r.json", "R.cook", "s", "sub/r", "r.yaml-2"]
        );
        assert_eq!(with_pdf(Path::new("r.yaml")), PathBuf::from("r.yaml.pdf"));
    }

    #[test]
    fn jobs_are_capped() {
        assert_eq!(threads(Some(4096), 1), 1);
        assert!(threads(Some(4096), 10_000) <= MAX_JOBS);
        assert_eq!(threads(Some(2), 10), 2);
    }
}
