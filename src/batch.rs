//! Running a whole command: one recipe or a collection, in parallel, reporting every
//! failure at the end instead of stopping at the first (as ripgrep does with files).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
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
use crate::render::Rendering;
use crate::render::{PdfWriter, RenderOptions};
use crate::text::{Face, FontBook, FontRole};
use crate::theme::Theme;
use crate::units::Size;

/// Folders nested deeper than this are not searched (guards against link loops).
const MAX_DEPTH: usize = 32;
/// The input name that means standard input.
const STDIN: &str = "-";
/// `--jobs` is lowered to this many threads per CPU core, and to at most [`MAX_JOBS`]:
/// more threads only add start-up and memory (`-j 4096` made one card take 16 s).
const JOBS_PER_CORE: usize = 4;
const MAX_JOBS: usize = 64;
/// Recipes laid out at a time (in parallel) for a PDF written as it goes: enough to keep
/// every core busy, few enough that memory stays flat however long the collection.
const STREAM_WINDOW: usize = 64;

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
    /// Folders of fallback fonts (`--font-path`), after the installed ones.
    pub font_path: Vec<PathBuf>,
    /// Characters no font has are errors, not warnings (`--strict`).
    pub strict: bool,
    /// Cards N-up on paper or card stock (`--paper`, `--template`, `--duplex`, `--bleed`).
    pub impose: Option<impose::Imposition>,
    /// Scaling and unit conversion applied to every recipe before layout.
    pub adjust: Adjust,
    /// What is written: PDF, PNG (and at which resolution) or SVG.
    pub rendering: crate::render::Rendering,
    /// The format of a recipe on standard input, when given (`--from`).
    pub from: Option<crate::import::Format>,
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
            font_path: Vec::new(),
            strict: false,
            impose: None,
            adjust: Adjust::default(),
            rendering: crate::render::Rendering::default(),
            from: None,
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
    /// Recipes with characters that no font has (each has a warning in `notices`).
    pub missing_glyphs: usize,
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
    /// The format of a recipe read from standard input (`-`), if `--from` gave one.
    from: Option<crate::import::Format>,
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
    let fonts = load_fonts(config)?;
    let out = Output::new(config.force);
    let (mut jobs, mut errors) = collect_jobs(&config.inputs);
    let names = output_names(&jobs);
    for (job, name) in jobs.iter_mut().zip(names) {
        job.adjust = config.adjust;
        job.from = config.from;
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
    let notices = Notices::new(config.strict);
    let mut summary = Summary {
        // Inputs that could not be read are recipes that failed, too.
        recipes: jobs.len() + errors.len(),
        ..Summary::default()
    };
    if config.check_only {
        let results = each_job(&pool, &jobs, &bar, |job| {
            layout_job(job, &fonts, &options, &notices)
        });
        errors.extend(results.into_iter().filter_map(Result::err));
    } else {
        let destination = destination(config, &jobs)?;
        if let Some(title) = &config.cookbook {
            let (pages, book_errors) = export_cookbook(
                title,
                &jobs,
                &fonts,
                &options,
                (&pool, &bar, &notices),
                (&destination, &out, config.rendering),
            )?;
            bar.finish_and_clear();
            (summary.notices, summary.missing_glyphs) = notices.into_sorted();
            summary.pages = pages;
            errors.extend(book_errors);
            summary.errors = errors;
            summary.seconds = started.elapsed().as_secs_f64();
            return Ok(summary);
        }
        match &destination {
            Destination::Folder(dir) => {
                let results = each_job(&pool, &jobs, &bar, |job| {
                    let to = (dir.as_path(), &out, config.rendering);
                    export_to_folder(job, to, &fonts, &options, config.impose.as_ref(), &notices)
                });
                for result in results {
                    match result {
                        Ok(pages) => summary.pages += pages,
                        Err(e) => errors.push(e),
                    }
                }
            }
            Destination::File(_) | Destination::Stdout
                if config.rendering.format == crate::render::Format::Pdf
                    && config.impose.is_none() =>
            {
                let mut writer = PdfWriter::new(RenderOptions::default());
                // The next window is laid out while this one is written.
                std::thread::scope(|scope| -> Result<(), Error> {
                    let (windows, laid_out) = std::sync::mpsc::sync_channel(1);
                    scope.spawn(|| {
                        for window in jobs.chunks(STREAM_WINDOW) {
                            let results = each_job(&pool, window, &bar, |job| {
                                layout_job(job, &fonts, &options, &notices)
                            });
                            if windows.send(results).is_err() {
                                break; // the writer failed
                            }
                        }
                        drop(windows);
                    });
                    for results in laid_out {
                        for result in results {
                            match result {
                                Ok(doc) => writer.add(&doc)?,
                                Err(e) => errors.push(e),
                            }
                        }
                    }
                    Ok(())
                })?;
                if writer.pages() > 0 {
                    summary.pages = writer.pages();
                    let bytes = writer.finish()?;
                    write_single_pdf(&destination, &bytes, &out)?;
                }
            }
            Destination::File(_) | Destination::Stdout => {
                let results = each_job(&pool, &jobs, &bar, |job| {
                    layout_job(job, &fonts, &options, &notices)
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
                    write_single(&destination, &doc, config.rendering, &out)?;
                }
            }
        }
    }
    bar.finish_and_clear();
    (summary.notices, summary.missing_glyphs) = notices.into_sorted();
    summary.errors = errors;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
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
///
/// The contents need every recipe's page numbers before the first recipe is written,
/// so the recipes are laid out twice: once for their page counts (their sheets are
/// dropped at once), then again in book order, a window at a time, each written as it
/// comes. Laying out costs less than holding thousands of recipes' sheets.
fn export_cookbook(
    title: &str,
    jobs: &[Job],
    fonts: &FontBook,
    options: &ExportOptions,
    (pool, bar, notices): (&rayon::ThreadPool, &ProgressBar, &Notices),
    (destination, out, rendering): (&Destination, &Output, Rendering),
) -> Result<(usize, Vec<Error>), Error> {
    if let Destination::Folder(dir) = destination {
        return Err(Error::Usage(format!(
            "--book writes one PDF: give -o BOOK.pdf, not the folder {}",
            dir.display()
        )));
    }
    use crate::layout::cookbook::{make_cookbook, CookbookEntry, CookbookOptions, CookbookPlan};
    let streamed = rendering.format == crate::render::Format::Pdf;
    let results = each_job(pool, jobs, bar, |job| {
        let recipes = laid_out(job, fonts, options, notices)?;
        Ok(recipes
            .into_iter()
            .map(|(recipe, doc)| {
                let chapter = chapter_of(job, &recipe);
                let entry = CookbookEntry {
                    pages: doc.pages.len(),
                    recipe,
                    chapter,
                };
                (entry, (!streamed).then_some(doc))
            })
            .collect::<Vec<_>>())
    });
    let mut entries = Vec::new();
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(more) => {
                for (entry, doc) in more {
                    entries.push(entry);
                    docs.extend(doc);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    let cookbook_options = CookbookOptions {
        title: title.to_string(),
        size: options.layout.size,
        theme: options.layout.effective_theme(),
    };
    let planned = |e: String| Error::Internal(format!("cookbook: {e}"));
    if !streamed {
        let doc = make_cookbook(entries, docs, fonts, &cookbook_options).map_err(planned)?;
        write_single(destination, &doc, rendering, out)?;
        return Ok((doc.pages.len(), errors));
    }
    let plan = CookbookPlan::new(entries, fonts, &cookbook_options);
    let mut writer = PdfWriter::new(RenderOptions::default());
    writer.add(&plan.front)?;
    let indices: Vec<usize> = (0..plan.entries.len()).collect();
    for window in indices.chunks(STREAM_WINDOW) {
        let parts: Vec<Result<Document, Error>> = pool.install(|| {
            window
                .par_iter()
                .map(|&at| {
                    let doc = export::layout_recipe(&plan.entries[at].recipe, fonts, options)?;
                    plan.recipe_part(fonts, at, doc).map_err(planned)
                })
                .collect()
        });
        for part in parts {
            writer.add(&part?)?;
        }
    }
    if !plan.index.pages.is_empty() {
        writer.add(&plan.index)?;
    }
    writer.set_outline(plan.outline);
    writer.set_page_labels(plan.page_labels);
    let pages = writer.pages();
    let bytes = writer.finish()?;
    write_single_pdf(destination, &bytes, out)?;
    Ok((pages, errors))
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
    let mut fonts = config.theme.font_book()?;
    for (path, role) in [
        (&config.title_font, FontRole::Title),
        (&config.body_font, FontRole::Body),
    ] {
        if let Some(path) = path {
            let bytes = crate::input::read_file(path, crate::input::MAX_FONT_BYTES, "the font")?;
            let face =
                Face::from_bytes(bytes, 0, &path.display().to_string()).map_err(Error::Usage)?;
            fonts = fonts.with_user_face(face, role);
        }
    }
    if !config.font_path.is_empty() {
        if let Some(dir) = config.font_path.iter().find(|d| !d.is_dir()) {
            return Err(Error::Usage(format!(
                "--font-path {}: not a folder (give a folder of .ttf, .otf or .ttc files)",
                crate::error::printable(&dir.display().to_string())
            )));
        }
        let mut sources = fonts.sources().clone();
        sources.dirs.extend(config.font_path.iter().cloned());
        fonts = fonts.with_sources(sources);
    }
    Ok(fonts)
}

/// What laying out found worth saying, gathered from the worker threads: recipes that
/// `--fit shrink` could not get onto one card, source URLs too long for a QR code,
/// characters no font has (errors instead under `--strict`).
struct Notices {
    strict: bool,
    found: Mutex<Vec<Diagnostic>>,
    missing_glyphs: AtomicUsize,
}

impl Notices {
    fn new(strict: bool) -> Self {
        Notices {
            strict,
            found: Mutex::default(),
            missing_glyphs: AtomicUsize::new(0),
        }
    }

    /// The notices in file order, and how many recipes had characters no font has.
    fn into_sorted(self) -> (Vec<Diagnostic>, usize) {
        let mut found = self.found.into_inner().unwrap_or_default();
        found.sort_by(|a, b| (&a.file, a.span).cmp(&(&b.file, b.span)));
        (found, self.missing_glyphs.into_inner())
    }
}

/// Reads and lays out every recipe of a job's file, noting those that still need more
/// than one card although `--fit shrink` was asked for.
fn laid_out(
    job: &Job,
    fonts: &FontBook,
    options: &ExportOptions,
    notices: &Notices,
) -> Result<Vec<(crate::recipe::Recipe, Document)>, Error> {
    let docs = if job.input.as_os_str() == STDIN {
        let recipes = export::read_stdin(job.from)?;
        export::layout_all(recipes, fonts, options, &job.adjust)?
    } else {
        export::layout_file_all(&job.input, fonts, options, &job.adjust)?
    };
    let layout = options.layout;
    let shrink = layout.fit == crate::layout::Overflow::Shrink
        && layout.medium == crate::layout::Medium::Card;
    let mut found = Vec::new();
    for (recipe, doc) in &docs {
        found.extend(recipe.warnings.iter().cloned());
        if let Some(mut missing) = export::missing_glyphs(recipe, doc) {
            notices.missing_glyphs.fetch_add(1, Ordering::Relaxed);
            if notices.strict {
                missing.severity = crate::error::Severity::Error;
                missing
                    .help
                    .push("--strict refuses what cannot be printed".into());
                return Err(Error::invalid(missing));
            }
            found.push(missing);
        }
        if shrink && doc.pages.len() > 1 {
            found.push(Diagnostic::note(
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
            found.push(Diagnostic::warning(
                recipe.file.clone(),
                source.map(|s| s.span),
                format!("{why}: the card prints the link without a QR code"),
            ));
        }
    }
    if let Ok(mut all) = notices.found.lock() {
        all.extend(found);
    }
    Ok(docs)
}

fn layout_job(
    job: &Job,
    fonts: &FontBook,
    options: &ExportOptions,
    notices: &Notices,
) -> Result<Document, Error> {
    let mut docs = laid_out(job, fonts, options, notices)?.into_iter();
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
    (dir, out, rendering): (&Path, &Output, Rendering),
    fonts: &FontBook,
    options: &ExportOptions,
    imposition: Option<&impose::Imposition>,
    notices: &Notices,
) -> Result<usize, Error> {
    let mut docs = laid_out(job, fonts, options, notices)?;
    if docs.len() > 1 {
        // A file of several recipes (a Paprika bundle): one file each, named after the title,
        // in a folder named after the file.
        let folder = dir.join(&job.name);
        let mut pages = 0;
        let mut used = Vec::new();
        for (recipe, doc) in docs {
            let name = crate::slug::unique_slug(&recipe.title, &mut used);
            let doc = imposed(doc, imposition)?;
            let target = folder.join(format!("{name}.{}", rendering.format.extension()));
            export::write(&doc, &target, rendering, out, true)?;
            pages += doc.pages.len();
        }
        return Ok(pages);
    }
    let Some((_, doc)) = docs.pop() else {
        return Ok(0);
    };
    let doc = imposed(doc, imposition)?;
    let target = with_extension(&dir.join(&job.name), rendering.format.extension());
    export::write(&doc, &target, rendering, out, true)?;
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
    let fonts = Theme::default().font_book()?;
    let out = Output::new(false);
    let doc = impose::calibration(calibrate.paper, &fonts);
    let bytes = export::render(&doc)?;
    out.write(&calibrate.output, &bytes, Target::Named(Kind::Pdf))?;
    Ok(Summary {
        pages: doc.pages.len(),
        seconds: started.elapsed().as_secs_f64(),
        ..Summary::default()
    })
}

/// Writes the one document of a run to the file the user named (pages of images beside
/// it), or stdout.
fn write_single(
    destination: &Destination,
    doc: &Document,
    rendering: Rendering,
    out: &Output,
) -> Result<(), Error> {
    let path = match destination {
        Destination::File(path) => path.as_path(),
        _ => Path::new("-"),
    };
    export::write(doc, path, rendering, out, false)
}

/// [`write_single`] for a PDF already written.
fn write_single_pdf(destination: &Destination, bytes: &[u8], out: &Output) -> Result<(), Error> {
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

/// `name.ext`, keeping any dots in `name` (`r.yaml` → `r.yaml.pdf`).
fn with_extension(name: &Path, ext: &str) -> PathBuf {
    let mut file = name.as_os_str().to_owned();
    file.push(".");
    file.push(ext);
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
            let is_pdf = crate::render::Format::from_path(path).is_some();
            let says_folder = path.as_os_str().to_string_lossy().ends_with(['/', std::path::MAIN_SEPARATOR]);
            if path.is_dir() || says_folder || (from_folder && !is_pdf) {
                Ok(Destination::Folder(path.clone()))
            } else {
                Ok(Destination::File(path.clone()))
            }
        }
        None if jobs.iter().any(|j| j.input.as_os_str() == STDIN) => Err(Error::Usage(
            "a recipe from standard input needs -o: a file (`-o card.pdf`) or `-o -`".into(),
        )),
        None if !from_folder && jobs.len() == 1 => {
            let stem = jobs[0].input.file_stem().unwrap_or_default();
            let ext = config.rendering.format.extension();
            Ok(Destination::File(PathBuf::from(stem).with_extension(ext)))
        }
        None => Err(Error::Usage(
            "several recipes need -o: a folder (`-o out/`) for one PDF each, or `-o all.pdf` for one PDF".into(),
        )),
    }
}

/// Every file an export of `config` reads, for `cardgen watch`: the recipe files (folders
/// as they are), their photos, and the font files of the theme and of `--title-font` and
/// `--body-font`. Recipes that cannot be read are still listed, photos only of those that
/// can.
pub fn read_files(config: &RunOptions) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for input in &config.inputs {
        files.push(input.clone());
        if input.is_file() {
            let recipes = crate::import::load_all(input).unwrap_or_default();
            files.extend(
                recipes
                    .into_iter()
                    .filter_map(|r| r.photo.filter(|p| p.data.is_none()).map(|p| p.path)),
            );
        }
    }
    files.extend(config.title_font.iter().chain(&config.body_font).cloned());
    for family in [&config.theme.title, &config.theme.body] {
        if let crate::theme::FamilySource::Files(f) = family {
            files.push(f.regular.clone());
            files.extend(
                [&f.bold, &f.italic, &f.bold_italic]
                    .into_iter()
                    .flatten()
                    .cloned(),
            );
        }
    }
    files
}

/// Expands folders into the recipe files below them (sorted, so runs are repeatable).
/// Unreadable inputs become errors; the rest still run.
fn collect_jobs(inputs: &[PathBuf]) -> (Vec<Job>, Vec<Error>) {
    let mut jobs = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        if input.as_os_str() == STDIN {
            jobs.push(Job {
                input: input.clone(),
                relative: PathBuf::from("stdin"),
                name: PathBuf::new(),
                adjust: Default::default(),
                from: None,
            });
            continue;
        }
        match std::fs::metadata(input) {
            Ok(meta) if meta.is_dir() => walk(input, input, 0, &mut jobs, &mut errors),
            Ok(_) => jobs.push(Job {
                input: input.clone(),
                relative: PathBuf::from(input.file_name().unwrap_or(input.as_os_str())),
                name: PathBuf::new(),
                adjust: Default::default(),
                from: None,
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
                from: None,
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
            from: None,
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
        assert_eq!(
            with_extension(Path::new("r.yaml"), "pdf"),
            PathBuf::from("r.yaml.pdf")
        );
    }

    #[test]
    fn jobs_are_capped() {
        assert_eq!(threads(Some(4096), 1), 1);
        assert!(threads(Some(4096), 10_000) <= MAX_JOBS);
        assert_eq!(threads(Some(2), 10), 2);
    }
}
