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

mod assemble;
mod bundle;
mod clean;
pub mod convert;
pub mod cook;
mod dom;
pub mod emit;
pub mod html;
pub mod jsonld;
mod label;
mod lenient;
mod markdown;
pub mod mealie;
pub mod microdata;
pub mod paprika;
pub mod tandoor;

use std::path::Path;

use crate::error::{Diagnostic, Error, Span};
use crate::recipe::{self, Recipe};

pub use bundle::{MAX_BYTES, MAX_ENTRIES};

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

/// What reading a file comes to: its recipes (several for an export), or every problem.
pub type Parsed = Result<Vec<Recipe>, Vec<Diagnostic>>;

/// What the program knows about one format: what it is called, which file names it goes
/// by, how an archive of it is recognised, and how it is parsed.
pub struct Reader {
    pub format: Format,
    /// How `--help` names it; `None` for a variant of the format in the row above (a
    /// Paprika bundle beside one Paprika recipe), whose extensions are listed with it.
    pub label: Option<&'static str>,
    /// File extensions (lower case) that name it.
    pub extensions: &'static [&'static str],
    /// For an export archive: whether an entry's name (lower case) is one of its recipes.
    /// Archives are told apart by these, in the table's order.
    pub archive_entry: Option<fn(&str) -> bool>,
    /// Parses the file's bytes; `path` is for diagnostics and to find photos next to it.
    pub parse: fn(&Path, &[u8]) -> Parsed,
}

/// Every format we read: adding one is a row here (and, for a JSON dialect, its sniff in
/// [`detect`]). The extensions, the sniffing of archives, parsing and the help text all
/// follow from this table.
pub const READERS: &[Reader] = &[
    Reader {
        format: Format::Yaml,
        label: Some("cardgen YAML"),
        extensions: &["yaml", "yml"],
        archive_entry: None,
        parse: |path, bytes| recipe::parse(path, bytes).map(|r| vec![r]),
    },
    Reader {
        format: Format::JsonLd,
        label: Some("schema.org JSON-LD"),
        extensions: &["json"],
        archive_entry: None,
        parse: |path, bytes| one(jsonld::parse_json(path, bundle::utf8_file(path, bytes)?)),
    },
    Reader {
        format: Format::Html,
        label: Some("saved web pages"),
        extensions: &["html", "htm"],
        archive_entry: None,
        parse: |path, bytes| one(html::parse(path, &utf8_lossy_html(bytes))),
    },
    Reader {
        format: Format::Paprika,
        label: Some("Paprika"),
        extensions: &["paprikarecipe"],
        archive_entry: None,
        parse: |path, bytes| one(paprika::parse_one(path, bytes)),
    },
    Reader {
        format: Format::PaprikaBundle,
        label: None,
        extensions: &["paprikarecipes"],
        archive_entry: Some(|name| name.ends_with(".paprikarecipe")),
        parse: paprika::parse_bundle,
    },
    Reader {
        format: Format::Cook,
        label: Some("Cooklang"),
        extensions: &["cook"],
        archive_entry: None,
        parse: |path, bytes| one(cook::parse(path, bundle::utf8_file(path, bytes)?)),
    },
    Reader {
        format: Format::Tandoor,
        label: Some("Tandoor"),
        extensions: &["json"],
        archive_entry: None,
        parse: |path, bytes| one(tandoor::parse_json(path, bytes)),
    },
    Reader {
        format: Format::TandoorArchive,
        label: None,
        extensions: &["zip"],
        archive_entry: Some(tandoor::is_recipe_entry),
        parse: tandoor::parse_archive,
    },
    Reader {
        format: Format::Mealie,
        label: Some("Mealie"),
        extensions: &["json"],
        archive_entry: None,
        parse: |path, bytes| one(mealie::parse_json(path, bytes)),
    },
    Reader {
        format: Format::MealieArchive,
        label: None,
        extensions: &["zip"],
        archive_entry: Some(mealie::is_recipe_entry),
        parse: mealie::parse_archive,
    },
    Reader {
        format: Format::Zip,
        label: None,
        extensions: &["zip"],
        archive_entry: None,
        parse: |path, bytes| Err(vec![unknown_zip(path, bytes)]),
    },
];

impl Format {
    /// This format's row of [`READERS`].
    pub fn reader(self) -> &'static Reader {
        READERS
            .iter()
            .find(|r| r.format == self)
            .expect("every format has a row in READERS")
    }
}

/// Every file extension (lower case) that holds recipes, ours first, each once.
pub fn extensions() -> impl Iterator<Item = &'static str> {
    let all = READERS.iter().flat_map(|r| r.extensions.iter().copied());
    all.clone()
        .enumerate()
        .filter(move |(i, ext)| all.clone().position(|e| e == *ext) == Some(*i))
        .map(|(_, ext)| ext)
}

/// The formats, as `--help` lists them: "cardgen YAML (.yaml, .yml), …, Tandoor (.json,
/// .zip)", each with the extensions of its variants.
pub fn formats_help() -> String {
    let mut phrases: Vec<(String, Vec<&str>)> = Vec::new();
    for reader in READERS {
        match (reader.label, phrases.last_mut()) {
            (Some(label), _) => phrases.push((label.to_string(), Vec::new())),
            (None, None) => continue,
            (None, Some(_)) => {}
        }
        if let Some((_, exts)) = phrases.last_mut() {
            for ext in reader.extensions {
                if !exts.contains(ext) {
                    exts.push(ext);
                }
            }
        }
    }
    let phrases: Vec<String> = phrases
        .into_iter()
        .map(|(label, exts)| {
            let exts: Vec<String> = exts.iter().map(|e| format!(".{e}")).collect();
            format!("{label} ({})", exts.join(", "))
        })
        .collect();
    phrases.join(", ")
}

/// Whether a path names a recipe file we can read (by extension).
pub fn is_recipe_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions().any(|r| e.eq_ignore_ascii_case(r)))
}

/// Whether a path is named as one of the imported formats (not as our YAML).
fn named_as_imported(path: &Path) -> bool {
    let ours = Format::Yaml.reader().extensions;
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        extensions()
            .filter(|x| !ours.contains(x))
            .any(|x| e.eq_ignore_ascii_case(x))
    })
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
        return match sniff_archive(bytes) {
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
    // Pages may start with kilobytes of blank lines (templates): look past them.
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let bytes = &bytes[start..];
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let head = head.trim_start();
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
    // A page with a stray character before its doctype is still a page, unless named ours.
    let page = lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (!ours && (lower.contains("<!doctype html") || lower.contains("<html")));
    if page || (!ours && lower.starts_with('<')) {
        return Format::Html;
    }
    if ext == "json" {
        return Format::JsonLd;
    }
    Format::Yaml
}

/// Which app's export a zip archive is, from the names of its entries (the first row of
/// [`READERS`] that claims one); `None` when it is none we know, or cannot be read.
fn sniff_archive(bytes: &[u8]) -> Option<Format> {
    let names = bundle::entry_names(bytes)?;
    READERS.iter().find_map(|reader| {
        let claims = reader.archive_entry?;
        names
            .iter()
            .any(|n| !n.starts_with("__MACOSX/") && claims(&n.to_ascii_lowercase()))
            .then_some(reader.format)
    })
}

/// Reads a zip that is no export we know (or not a zip at all, though named `.zip`).
fn unknown_zip(path: &Path, bytes: &[u8]) -> Diagnostic {
    let known = "cardgen reads the zip files that Mealie, Tandoor and Paprika export";
    let whole = bundle::Place::file(path);
    match bundle::open_zip(bytes) {
        Ok(archive) if archive.index_for_name("database.json").is_some() => whole
            .diag("this is a Mealie backup, not a recipe export")
            .with_help(format!(
                "export the recipes in Mealie{} and give cardgen that zip",
                mealie::MEALIE.menu
            )),
        Err(e) => whole
            .diag(format!(
                "not a valid recipe export: the zip archive is corrupt ({})",
                bundle::zip_reason(&e)
            ))
            .with_help(format!("{known}; copy or download the export again")),
        Ok(_) => whole
            .diag("this zip archive holds no recipes that cardgen can read")
            .with_help(format!("{known}: Mealie's `recipes/NAME/NAME.json`, Tandoor's zips of `recipe.json`, Paprika's `.paprikarecipe` files")),
    }
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
///
/// The limits are the same whatever the format: a recipe's text (YAML, JSON-LD, Cooklang,
/// a Mealie or Tandoor recipe) is at most [`recipe::MAX_FILE_BYTES`] (1 MiB); a file that
/// holds more than text (a saved web page, a Paprika recipe with its photo, an export
/// archive) at most [`MAX_BYTES`] (16 MiB).
pub fn load_all(path: &Path) -> Result<Vec<Recipe>, Error> {
    let bytes = match crate::input::read(path, MAX_BYTES) {
        Ok(bytes) => bytes,
        // Files not named as an imported format are ours, with our reader's message.
        Err(crate::input::ReadError::TooLarge(_)) if !named_as_imported(path) => {
            return recipe::load(path).map(|r| vec![r])
        }
        Err(crate::input::ReadError::TooLarge(_)) => return Err(Error::invalid(too_large(path))),
        Err(e) => return Err(e.into_error(path, "recipes")),
    };
    let format = detect(path, &bytes);
    if bytes.len() > recipe::MAX_FILE_BYTES && is_text_only(format) && format != Format::Yaml {
        return Err(Error::invalid(text_too_large(path)));
    }
    parse_as(format, path, &bytes).map_err(Error::Invalid)
}

/// Formats that hold nothing but a recipe's text, and so have its 1 MiB limit.
fn is_text_only(format: Format) -> bool {
    matches!(
        format,
        Format::Yaml | Format::JsonLd | Format::Cook | Format::Mealie | Format::Tandoor
    )
}

fn text_too_large(path: &Path) -> Diagnostic {
    Diagnostic::new(
        path,
        Some(Span::start()),
        format!(
            "the recipe is larger than {}",
            crate::input::human_bytes(recipe::MAX_FILE_BYTES)
        ),
    )
    .with_help("a recipe's text is a few KiB, whatever its format; is this the right file?")
}

/// Parses bytes in a known format; `path` is for diagnostics and to find photos next to it.
/// Pure apart from looking for a photo file next to a web page or a recipe's JSON.
/// Every reader's recipes are scrubbed of what cannot be printed, with a warning.
pub fn parse_as(format: Format, path: &Path, bytes: &[u8]) -> Parsed {
    let mut recipes = (format.reader().parse)(path, bytes)?;
    recipes.iter_mut().for_each(recipe::printable::scrub);
    Ok(recipes)
}

/// A one-recipe format's result in the shape of a bundle's.
fn one(result: Result<Recipe, Diagnostic>) -> Parsed {
    result.map(|r| vec![r]).map_err(|d| vec![d])
}

/// Parses bytes, deciding the format as [`load_all`] does.
pub fn parse_any(path: &Path, bytes: &[u8]) -> Parsed {
    if bytes.len() > MAX_BYTES {
        return Err(vec![too_large(path)]);
    }
    parse_as(detect(path, bytes), path, bytes)
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

/// Web pages in old encodings are still read: bad bytes become U+FFFD.
fn utf8_lossy_html(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
}
