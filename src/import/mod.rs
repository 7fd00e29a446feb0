//! Recipes in the formats people already have: schema.org `Recipe` JSON-LD (a `.json` file or
//! a saved web page), Paprika exports (`.paprikarecipe`, `.paprikarecipes`), Cooklang
//! (`.cook`), and Mealie and Tandoor exports (a recipe's `.json`, or their export `.zip`),
//! read into the same [`Recipe`] our YAML becomes.
//!
//! The format is decided by the file's extension and then its content: a `.json` that is
//! a schema.org Recipe is JSON-LD, one shaped like Mealie's or Tandoor's recipe is theirs,
//! a `.yaml` that is really JSON-LD (or Mealie's, or Tandoor's) is read as such, a gzip is a
//! Paprika recipe, and a zip is whichever app's export its entries say, whatever their
//! names. Problems are reported like YAML problems: `FILE:LINE:COL: error: …` with a `help:`.

mod bundle;
pub mod convert;
pub mod cook;
pub mod emit;
pub mod html;
pub mod jsonld;
mod label;
mod lenient;
pub mod mealie;
pub mod microdata;
pub mod paprika;
pub mod tandoor;
pub mod text;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Span};
use crate::recipe::model::PhotoRef;
pub(crate) use crate::recipe::span_at;
use crate::recipe::{self, Recipe};

/// The largest input read, and the most an archive may decompress to (16 MiB).
pub const MAX_BYTES: usize = 16 << 20;
/// The most entries an export archive (Paprika, Mealie, Tandoor) may have.
pub const MAX_ENTRIES: usize = 1000;

/// File extensions (lower case) that hold recipes, ours included.
pub const EXTENSIONS: &[&str] = &[
    "yaml",
    "yml",
    "json",
    "html",
    "htm",
    "paprikarecipe",
    "paprikarecipes",
    "cook",
    "zip",
];

/// The formats we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Our own YAML (JSON that is not schema.org or Paprika is YAML too).
    Yaml,
    /// schema.org Recipe as JSON-LD.
    JsonLd,
    /// A web page with `<script type="application/ld+json">` blocks.
    Html,
    /// One Paprika recipe: gzipped JSON (plain JSON is accepted too).
    Paprika,
    /// A Paprika export of several recipes: a zip of `.paprikarecipe` files.
    PaprikaBundle,
    /// A Cooklang recipe.
    Cook,
    /// One Mealie recipe as JSON (its API's camelCase or its zips' snake_case).
    Mealie,
    /// A Mealie export: a zip of `recipes/SLUG/SLUG.json` and photos, or one recipe's zip.
    MealieArchive,
    /// One Tandoor recipe: its `recipe.json`.
    Tandoor,
    /// A Tandoor export: a zip of recipe zips (`recipe.json`, `image.*`), or one of those.
    TandoorArchive,
    /// A zip that is no export we know (reported as such).
    Zip,
}

/// Whether a path names a recipe file we can read (by extension).
pub fn is_recipe_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|r| e.eq_ignore_ascii_case(r)))
}

/// Decides the format from the extension and the first bytes.
pub fn detect(path: &Path, bytes: &[u8]) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let ours = ext == "yaml" || ext == "yml";
    // A binary file named .yaml gets the YAML reader's message about binary files.
    if bytes.starts_with(&[0x1f, 0x8b]) && !ours {
        return Format::Paprika;
    }
    if (bundle::is_zip(bytes) && !ours) || ext == "zip" || ext == "paprikarecipes" {
        return match bundle::sniff(bytes) {
            _ if ext == "paprikarecipes" => Format::PaprikaBundle,
            Some(format) => format,
            // A damaged zip named as something else was most likely a Paprika bundle.
            None if ext != "zip" => Format::PaprikaBundle,
            None => Format::Zip,
        };
    }
    match ext.as_str() {
        "paprikarecipe" => return Format::Paprika,
        "cook" => return Format::Cook,
        "html" | "htm" => return Format::Html,
        _ => {}
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('{') || head.starts_with('[') {
        if jsonld::looks_like_jsonld(head) {
            return Format::JsonLd;
        }
        // Their telling keys may come after long lists of tags: look further.
        let more = String::from_utf8_lossy(&bytes[..bytes.len().min(64 << 10)]);
        if mealie::looks_like_mealie(&more) {
            return Format::Mealie;
        }
        if tandoor::looks_like_tandoor(&more) {
            return Format::Tandoor;
        }
        if ext == "json" && paprika::looks_like_paprika(head) {
            return Format::Paprika;
        }
        return if ext == "json" {
            // A JSON file that says nothing about schema.org: our format written as JSON,
            // or JSON-LD whose `@context` comes late; JSON-LD gives the better error.
            if head.contains("\"title\"") {
                Format::Yaml
            } else {
                Format::JsonLd
            }
        } else {
            Format::Yaml
        };
    }
    let lower = head.to_ascii_lowercase();
    let page = lower.starts_with("<!doctype html") || lower.starts_with("<html");
    if page || (!ours && lower.starts_with('<')) {
        return Format::Html;
    }
    if ext == "json" {
        return Format::JsonLd;
    }
    Format::Yaml
}

/// Reads one recipe from any supported file. An export archive must hold exactly one; use
/// [`load_all`] for files that may hold several.
pub fn load_any(path: &Path) -> Result<Recipe, Error> {
    let mut all = load_all(path)?;
    match all.len() {
        1 => Ok(all.remove(0)),
        n => Err(Error::invalid(
            Diagnostic::new(
                path,
                Some(Span::start()),
                format!("this file holds {n} recipes where one was expected"),
            )
            .with_help(
                "export it with `cardgen FILE -o out/` (one PDF per recipe) or `-o all.pdf`",
            ),
        )),
    }
}

/// Reads every recipe in a file: one, or several for an export archive.
pub fn load_all(path: &Path) -> Result<Vec<Recipe>, Error> {
    // Files that are not named as an imported format are ours until their content says
    // otherwise, and keep our reader's size limit and messages.
    let imported = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS[2..].iter().any(|x| e.eq_ignore_ascii_case(x)));
    let limit = if imported {
        MAX_BYTES
    } else {
        recipe::MAX_FILE_BYTES
    };
    let bytes = read_capped(path, limit)?;
    if bytes.len() > limit {
        return match imported {
            true => Err(Error::invalid(too_large(path))),
            false => recipe::load(path).map(|r| vec![r]),
        };
    }
    let format = detect(path, &bytes);
    if format == Format::Yaml {
        return recipe::parse(path, &bytes)
            .map(|r| vec![r])
            .map_err(Error::Invalid);
    }
    parse_as(format, path, &bytes).map_err(Error::Invalid)
}

/// Parses bytes in a known format; `path` is for diagnostics and to find photos next to it.
/// Pure apart from looking for a photo file next to a web page or a recipe's JSON.
pub fn parse_as(format: Format, path: &Path, bytes: &[u8]) -> Result<Vec<Recipe>, Vec<Diagnostic>> {
    match format {
        Format::Yaml => recipe::parse(path, bytes).map(|r| vec![r]),
        Format::JsonLd => one(jsonld::parse_json(path, utf8(path, bytes)?)),
        Format::Html => one(html::parse(path, &utf8_lossy_html(bytes))),
        Format::Paprika => one(paprika::parse_one(path, bytes)),
        Format::PaprikaBundle => paprika::parse_bundle(path, bytes),
        Format::Cook => one(cook::parse(path, utf8(path, bytes)?)),
        Format::Mealie => one(mealie::parse_json(path, bytes)),
        Format::MealieArchive => mealie::parse_archive(path, bytes),
        Format::Tandoor => one(tandoor::parse_json(path, bytes)),
        Format::TandoorArchive => tandoor::parse_archive(path, bytes),
        Format::Zip => Err(vec![bundle::unknown_zip(path, bytes)]),
    }
}

/// A one-recipe format's result in the shape of a bundle's.
fn one(result: Result<Recipe, Diagnostic>) -> Result<Vec<Recipe>, Vec<Diagnostic>> {
    result.map(|r| vec![r]).map_err(|d| vec![d])
}

/// Parses bytes, deciding the format as [`load_all`] does.
pub fn parse_any(path: &Path, bytes: &[u8]) -> Result<Vec<Recipe>, Vec<Diagnostic>> {
    if bytes.len() > MAX_BYTES {
        return Err(vec![too_large(path)]);
    }
    parse_as(detect(path, bytes), path, bytes)
}

fn read_capped(path: &Path, limit: usize) -> Result<Vec<u8>, Error> {
    let handle = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    if handle.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(Error::Io {
            path: path.to_path_buf(),
            message: "is a directory".into(),
        });
    }
    let mut bytes = Vec::new();
    handle
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, &e))?;
    Ok(bytes)
}

fn too_large(path: &Path) -> Diagnostic {
    let archive = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip") || e.eq_ignore_ascii_case("paprikarecipes"));
    let help = if archive {
        format!(
            "cardgen reads exports of up to {} MiB, photos included: export fewer recipes at a time",
            MAX_BYTES >> 20
        )
    } else {
        "a recipe (even a saved web page or a Paprika export) is far smaller; is this the right file?".into()
    };
    Diagnostic::new(
        path,
        Some(Span::start()),
        format!("the file is larger than {} MiB", MAX_BYTES >> 20),
    )
    .with_help(help)
}

/// The text of a UTF-8 file (a BOM is skipped), or a located error at the first bad byte.
pub(crate) fn utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, Vec<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let text = std::str::from_utf8(good).unwrap_or_default();
        vec![Diagnostic::new(
            path,
            Some(span_at(text, text.len())),
            "the file is not valid UTF-8 text",
        )
        .with_help("save the file as UTF-8 (most editors offer it under \"Save with encoding\")")]
    })
}

/// Web pages in old encodings are still read: bad bytes become U+FFFD.
fn utf8_lossy_html(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
}

/// The byte offset of a 1-based line and column counted in bytes (as serde_json counts).
pub(crate) fn offset_of(text: &str, line: usize, byte_col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    (start + byte_col.saturating_sub(1)).min(text.len())
}

/// A photo file next to `file`, for a recipe whose photo is a web address: the address's
/// file name in the same folder or in the `NAME_files` folder a browser saves, or a photo
/// with the same name as the recipe file.
pub(crate) fn local_photo(file: &Path, image: Option<&str>) -> Option<(String, PathBuf)> {
    let dir = file.parent().unwrap_or(Path::new(""));
    let stem = file.file_stem()?.to_string_lossy().to_string();
    let mut candidates: Vec<String> = Vec::new();
    if let Some(image) = image.map(str::trim).filter(|i| !i.is_empty()) {
        let remote = image.contains("://") || image.starts_with("//") || image.starts_with("data:");
        if !remote && !image.contains("..") {
            candidates.push(image.to_string());
        }
        let name = image.split(['?', '#']).next().unwrap_or("");
        if let Some(base) = name
            .rsplit('/')
            .next()
            .filter(|b| !b.is_empty() && !b.contains('\\'))
        {
            candidates.push(base.to_string());
            candidates.push(format!("{stem}_files/{base}"));
        }
    }
    for ext in ["jpg", "jpeg", "png", "webp"] {
        candidates.push(format!("{stem}.{ext}"));
    }
    first_file(dir, candidates)
}

/// The first of `names` (relative to `dir`) that is a file: as written, and its path.
pub(crate) fn first_file(
    dir: &Path,
    names: impl IntoIterator<Item = String>,
) -> Option<(String, PathBuf)> {
    names.into_iter().find_map(|written| {
        let path = dir.join(&written);
        path.is_file().then_some((written, path))
    })
}

/// A photo file on disk, as a recipe refers to it.
pub(crate) fn photo_ref(written: String, path: PathBuf, title: &str) -> PhotoRef {
    PhotoRef {
        written,
        path,
        alt: Some(title.to_string()),
        fit: Default::default(),
        span: Span::start(),
        data: None,
    }
}
