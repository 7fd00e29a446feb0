//! One recipe through the whole pipeline: read → load photo → lay out → render.

use std::path::Path;

use crate::error::{Diagnostic, Error, Span};
use crate::frame::Document;
use crate::layout::{self, Assets, Medium};
use crate::output::{self, Output, Target};
use crate::photo::PhotoCache;
use crate::recipe::scale::{self, Adjust};
use crate::recipe::Recipe;
use crate::render::pdf::{self, RenderOptions};
use crate::render::{format, Format, Rendering};
use crate::text::FontBook;
use crate::units::Size;

/// Everything that decides how recipes are exported, fixed for a whole run.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub layout: layout::Options,
    /// Leave photos out (and do not even load them).
    pub no_photo: bool,
    /// Photos loaded so far in this run, shared by its recipes.
    pub photos: PhotoCache,
}

/// Photos are downscaled to about 300 dpi at the largest size they print at.
const PRINT_DPI: f64 = 300.0;

/// Reads a recipe file (YAML or any imported format, see [`crate::import`]) and lays it out.
pub fn layout_file(
    path: &Path,
    book: &FontBook,
    options: &ExportOptions,
) -> Result<(Recipe, Document), Error> {
    let recipe = crate::import::load_any(path)?;
    let doc = layout_recipe(&recipe, book, options)?;
    Ok((recipe, doc))
}

/// Reads every recipe in a file (a Paprika bundle holds several), scales or converts them
/// as `adjust` says, and lays each out.
pub fn layout_file_all(
    path: &Path,
    book: &FontBook,
    options: &ExportOptions,
    adjust: &Adjust,
) -> Result<Vec<(Recipe, Document)>, Error> {
    layout_all(crate::import::load_all(path)?, book, options, adjust)
}

/// Scales or converts recipes as `adjust` says and lays each out; every recipe's problems
/// are reported, not just the first one's.
pub fn layout_all(
    recipes: Vec<Recipe>,
    book: &FontBook,
    options: &ExportOptions,
    adjust: &Adjust,
) -> Result<Vec<(Recipe, Document)>, Error> {
    let mut out = Vec::with_capacity(recipes.len());
    let mut problems = Vec::new();
    for recipe in recipes {
        let recipe = match scale::apply(&recipe, adjust) {
            Ok(r) => r,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        match layout_recipe(&recipe, book, options) {
            Ok(doc) => out.push((recipe, doc)),
            Err(Error::Invalid(diags)) => problems.extend(diags),
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(out)
}

/// Reads the recipes on standard input: in `from`'s format, else sniffed from their
/// first bytes; messages name the file `<stdin>`, and photos are found from the current
/// folder.
pub fn read_stdin(from: Option<crate::import::Format>) -> Result<Vec<Recipe>, Error> {
    use std::io::Read;
    let name = Path::new(STDIN_NAME);
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(crate::import::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(name, &e))?;
    let recipes = match from {
        Some(format) if bytes.len() <= crate::import::MAX_BYTES => {
            crate::import::parse_as(format, name, &bytes)
        }
        _ => crate::import::parse_any(name, &bytes),
    };
    recipes.map_err(Error::Invalid)
}

/// What diagnostics call standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// Lays out a parsed recipe, loading its photo; a photo that cannot be used is an error.
pub fn layout_recipe(
    recipe: &Recipe,
    book: &FontBook,
    options: &ExportOptions,
) -> Result<Document, Error> {
    let photo = match (&recipe.photo, options.no_photo) {
        (Some(photo), false) => {
            let max_side = max_photo_pixels(options.layout.size, options.layout.medium);
            Some(
                options
                    .photos
                    .load(photo, &recipe.file, max_side)
                    .map_err(Error::invalid)?,
            )
        }
        _ => None,
    };
    let assets = Assets { book, photo };
    let doc = layout::layout(recipe, &assets, &options.layout);
    if doc.pages.len() > layout::MAX_PAGES {
        let what = match options.layout.medium {
            Medium::Card => "cards",
            Medium::Sheet => "pages",
        };
        return Err(Error::invalid(
            Diagnostic::new(
                &recipe.file,
                Some(Span::start()),
                format!(
                    "this recipe needs more than {} {what}, the most cardgen lays out for one recipe",
                    layout::MAX_PAGES
                ),
            )
            .with_help("split it into several recipes; nothing was written for it"),
        ));
    }
    Ok(doc)
}

/// Writes a laid-out document as PDF bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, Error> {
    pdf::render(doc, &RenderOptions::default())
}

/// Renders `doc` and writes it to `path` (`-`: stdout) in the format `rendering` asks for:
/// one PDF, or one image per page (`card.png` → `card-1.png`, `card-2.png`…, or at a
/// `{n}`). Nothing is written unless every page rendered. `chosen`: cardgen picked the
/// name (in an output folder), so only its own earlier output may be replaced.
pub fn write(
    doc: &Document,
    path: &Path,
    rendering: Rendering,
    out: &Output,
    chosen: bool,
) -> Result<(), Error> {
    let files = format::render_as(doc, rendering)?;
    let kind = match rendering.format {
        Format::Pdf => output::Kind::Pdf,
        Format::Png => output::Kind::Png,
        Format::Svg => output::Kind::Svg,
    };
    let to_stdout = path.as_os_str() == "-";
    if to_stdout && files.len() > 1 {
        let ext = rendering.format.extension();
        return Err(Error::Usage(format!(
            "{} pages cannot go to standard output as {}: give a file name (`-o card.{ext}` writes card-1.{ext}, card-2.{ext}…)",
            files.len(),
            ext.to_uppercase(),
        )));
    }
    let paths = if rendering.format.is_per_page() && !to_stdout {
        format::page_paths(path, files.len())
    } else {
        vec![path.to_path_buf()]
    };
    // Numbered pages are names cardgen made from the one the user gave.
    let target = if chosen || paths.first().is_some_and(|p| p != path) {
        Target::Chosen(kind)
    } else {
        Target::Named(kind)
    };
    for (path, bytes) in paths.iter().zip(&files) {
        out.write(path, bytes, target)?;
    }
    Ok(())
}

/// The longest side, in pixels, a photo needs: the page's longer side at print resolution
/// (a photo never prints larger than its page).
fn max_photo_pixels(page: Size, kind: Medium) -> u32 {
    let share = match kind {
        Medium::Card => 0.5,
        Medium::Sheet => 1.0,
    };
    let inches = page.w.max(page.h).to_inches() * share;
    (inches * PRINT_DPI).ceil().clamp(256.0, 4096.0) as u32
}

/// A warning for the characters of `recipe` that no font could print in `doc` (they are
/// drawn as boxes), located at the first of them in the recipe's file; `None` when every
/// character prints. A missing glyph is lost text: it is never passed over in silence.
pub fn missing_glyphs(recipe: &Recipe, doc: &Document) -> Option<Diagnostic> {
    use crate::text::missing;
    let mut chars = missing::missing_characters(doc);
    if chars.is_empty() {
        return None;
    }
    let source = crate::input::read(&recipe.file, crate::recipe::MAX_FILE_BYTES)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    // In the order the recipe has them (labels such as the QR caption's come last).
    let mut first_at = std::collections::HashMap::new();
    for (at, c) in source.char_indices() {
        first_at.entry(c).or_insert(at);
    }
    chars.sort_by_key(|c| first_at.get(c).copied().unwrap_or(usize::MAX));
    // Where the first of them is; the file's start for characters only labels have.
    let span = chars
        .first()
        .and_then(|c| first_at.get(c))
        .map_or(Span::start(), |&at| Span::at(&source, at));
    let (count, they) = match chars.len() {
        1 => ("a character".to_string(), "it prints"),
        n => (format!("{n} characters"), "they print"),
    };
    Some(
        Diagnostic::warning(
            &recipe.file,
            Some(span),
            format!(
                "no font has {count} of this recipe, so {they} as boxes: {}",
                missing::describe(&chars)
            ),
        )
        .with_help(missing::advice(&chars)),
    )
}
