//! What the importers share, below all of them: the size caps, UTF-8 text with a located
//! error, zip archives (read with the same caps whatever made them: 16 MiB unpacked in all,
//! 1000 entries an archive, so a zip bomb is refused rather than unpacked), JSON documents
//! in them or on disk with located errors, and photos that travel inside or lie next to
//! the file. It knows no format: which archive is whose is decided in `import/mod.rs`.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::assemble::non_empty;
use super::clean::clean_line;
use super::markdown;
use crate::error::{Diagnostic, Lines, Span};
use crate::recipe::model::{PhotoRef, Recipe};

/// The largest input read, and the most an archive may decompress to (16 MiB).
pub const MAX_BYTES: usize = 16 << 20;
/// The most entries an export archive (Paprika, Mealie, Tandoor) may have.
pub const MAX_ENTRIES: usize = 1000;

/// Where a problem is reported: the file, and the archive entry if there is one.
pub(crate) struct Place<'a> {
    pub path: &'a Path,
    pub entry: Option<&'a str>,
}

impl<'a> Place<'a> {
    pub fn file(path: &'a Path) -> Self {
        Place { path, entry: None }
    }

    pub fn entry(path: &'a Path, entry: &'a str) -> Self {
        Place {
            path,
            entry: Some(entry),
        }
    }

    /// A problem with the whole file or entry.
    pub fn diag(&self, message: impl AsRef<str>) -> Diagnostic {
        let message = match self.entry {
            Some(entry) => format!("in `{entry}`: {}", message.as_ref()),
            None => message.as_ref().to_string(),
        };
        Diagnostic::new(self.path, Some(Span::start()), message)
    }

    /// A problem at a line and column of the file, or of the entry (said in the message,
    /// as the file is the archive).
    pub fn diag_at(&self, at: Span, message: impl AsRef<str>) -> Diagnostic {
        match self.entry {
            Some(entry) => Diagnostic::new(
                self.path,
                Some(Span::start()),
                format!(
                    "in `{entry}`, line {} column {}: {}",
                    at.line,
                    at.col,
                    message.as_ref()
                ),
            ),
            None => Diagnostic::new(self.path, Some(at), message.as_ref()),
        }
    }

    /// The name shown for where a photo came from: the entry, or the file's name.
    pub fn inside(&self) -> &str {
        self.entry.unwrap_or_else(|| {
            self.path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("the file")
        })
    }
}

/// The app that made an export, for the messages about it.
pub(crate) struct Maker {
    /// "Paprika".
    pub name: &'static str,
    /// Where in the app the export is made: " (File → Export…)".
    pub menu: &'static str,
}

impl Maker {
    /// "export the recipes from Paprika again".
    pub fn again(&self) -> String {
        format!("export the recipes from {} again", self.name)
    }

    /// The error for an archive whose entries unpack to more than the cap.
    pub fn bomb(&self, ctx: &Place) -> Diagnostic {
        ctx.diag(format!(
            "the recipe data unpacks to more than {} MiB",
            MAX_BYTES >> 20
        ))
        .with_help(format!(
            "a recipe export is far smaller; this file is damaged or not a {} export",
            self.name
        ))
    }

    /// What reading an archive came to: its recipes, or every problem found, or that it
    /// held no recipe.
    pub fn finish(
        &self,
        whole: &Place,
        recipes: Vec<Recipe>,
        problems: Vec<Diagnostic>,
    ) -> Result<Vec<Recipe>, Vec<Diagnostic>> {
        if !problems.is_empty() {
            return Err(problems);
        }
        if recipes.is_empty() {
            return Err(vec![whole
                .diag(format!("the {} export holds no recipes", self.name))
                .with_help(format!(
                    "export at least one recipe from {}",
                    self.name
                ))]);
        }
        Ok(recipes)
    }

    /// The error for a field that should be a list.
    pub fn not_a_list(&self, ctx: &Place, text: &str, key: &str) -> Diagnostic {
        ctx.diag_at(key_span(text, key), format!("`{key}` is not a list"))
            .with_help(format!(
                "in a {} recipe `{key}` is a list (`[…]`); {}",
                self.name,
                self.again()
            ))
    }
}

/// One file in an archive.
pub(crate) struct Entry {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The files of a zip archive that `want` (given the name in lower case), in the archive's
/// order: folders, hidden files and macOS metadata are left out. Everything unpacked is
/// taken from `budget`; an archive that would unpack to more stops there, with
/// [`Maker::bomb`] among the problems. Entries that cannot be unpacked are problems too, and
/// the rest are still read; an archive that cannot be read at all, or has too many entries,
/// is the error.
pub(crate) fn unzip(
    ctx: &Place,
    bytes: &[u8],
    budget: &mut usize,
    maker: &Maker,
    want: impl Fn(&str) -> bool,
) -> Result<(Vec<Entry>, Vec<Diagnostic>), Diagnostic> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        ctx.diag(format!(
            "not a valid {} export: the zip archive is corrupt ({})",
            maker.name,
            zip_reason(&e)
        ))
        .with_help(format!(
            "{}{}, and copy the whole file",
            maker.again(),
            maker.menu
        ))
    })?;
    if archive.len() > MAX_ENTRIES {
        return Err(ctx
            .diag(format!(
                "the archive has {} entries; at most {MAX_ENTRIES} are read",
                archive.len()
            ))
            .with_help(format!(
                "export fewer recipes at a time from {}",
                maker.name
            )));
    }
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for i in 0..archive.len() {
        let mut file = match archive.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                problems.push(
                    ctx.diag(format!(
                        "entry {} of the archive cannot be read ({})",
                        i + 1,
                        zip_reason(&e)
                    ))
                    .with_help(maker.again()),
                );
                continue;
            }
        };
        let name = file.name().to_string();
        let base = name.rsplit('/').next().unwrap_or(&name);
        let hidden = base.starts_with('.') || name.starts_with("__MACOSX/");
        if file.is_dir() || hidden || !want(&name.to_ascii_lowercase()) {
            continue;
        }
        let mut raw = Vec::new();
        let read = (&mut file).take(*budget as u64 + 1).read_to_end(&mut raw);
        if let Err(e) = read {
            let inner = Place::entry(ctx.path, &name);
            problems.push(
                within(
                    ctx,
                    inner.diag(format!("the entry cannot be unpacked ({e})")),
                )
                .with_help(maker.again()),
            );
            continue;
        }
        if raw.len() > *budget {
            problems.push(maker.bomb(ctx));
            break;
        }
        *budget -= raw.len();
        entries.push(Entry { name, bytes: raw });
    }
    Ok((entries, problems))
}

/// A diagnostic about an entry of an archive that is itself an entry (a zip in a zip):
/// "in `outer`: in `inner`: …" becomes "in `outer/inner`: …".
fn within(outer: &Place, d: Diagnostic) -> Diagnostic {
    match outer.entry {
        None => d,
        Some(outer) => Diagnostic {
            message: d.message.replacen("in `", &format!("in `{outer}/"), 1),
            ..d
        },
    }
}

/// Whether bytes start like a zip archive.
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// The names of a zip archive's entries (at most [`MAX_ENTRIES`]), or `None` when it cannot
/// be read.
pub(crate) fn entry_names(bytes: &[u8]) -> Option<Vec<String>> {
    let archive = open_zip(bytes).ok()?;
    let names = (0..archive.len().min(MAX_ENTRIES))
        .filter_map(|i| archive.name_for_index(i))
        .map(str::to_string)
        .collect();
    Some(names)
}

/// A zip archive in memory, for reading its directory.
pub(crate) fn open_zip(
    bytes: &[u8],
) -> Result<zip::ZipArchive<Cursor<&[u8]>>, zip::result::ZipError> {
    zip::ZipArchive::new(Cursor::new(bytes))
}

/// The zip crate's reason, as the middle of our sentence: "invalid Zip archive".
pub(crate) fn zip_reason(e: &zip::result::ZipError) -> String {
    let text = e.to_string();
    let text = text.trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "unknown error".into(),
    }
}

/// The text of a JSON document in a file or an entry, or the error: not UTF-8.
pub(crate) fn utf8<'b>(ctx: &Place, bytes: &'b [u8], maker: &Maker) -> Result<&'b str, Diagnostic> {
    match ctx.entry {
        None => utf8_file(ctx.path, bytes).map_err(|mut d| d.remove(0)),
        Some(_) => std::str::from_utf8(bytes).map_err(|_| {
            ctx.diag("the recipe data is not UTF-8 JSON")
                .with_help(maker.again())
        }),
    }
    .map(|t| t.trim_start_matches('\u{feff}'))
}

/// Reads a recipe's JSON file with `read`; its photo is the first of `photos` (paths
/// relative to the file's folder) that is there, else one named like the file.
pub(crate) fn from_file(
    path: &Path,
    bytes: &[u8],
    maker: &Maker,
    photos: &[&str],
    read: impl Fn(&Place, &str) -> Result<Recipe, Diagnostic>,
) -> Result<Recipe, Diagnostic> {
    let ctx = Place::file(path);
    let mut r = read(&ctx, utf8(&ctx, bytes, maker)?)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let found =
        first_file(dir, photos.iter().map(|p| p.to_string())).or_else(|| local_photo(path, None));
    r.photo = found.map(|(written, file)| photo_ref(written, file, &r.title));
    Ok(r)
}

/// A recipe's JSON object, and the recipe begun from it: its `name` the title, its
/// `description` (Markdown) the description. No object, or no name, is the error.
pub(crate) fn begin<'v>(
    ctx: &Place,
    text: &str,
    value: &'v Value,
    maker: &Maker,
) -> Result<(&'v Map<String, Value>, Recipe), Diagnostic> {
    let Value::Object(map) = value else {
        return Err(ctx
            .diag(format!(
                "the recipe data is not a {} recipe (expected a JSON object)",
                maker.name
            ))
            .with_help(maker.again()));
    };
    let field = |key: &str| map.get(key).and_then(scalar);
    let Some(title) = field("name")
        .map(|n| clean_line(&n))
        .filter(|n| !n.is_empty())
    else {
        // At an empty name, or at the start when there is none (other objects have names).
        let at = match map.contains_key("name") {
            true => key_span(text, "name"),
            false => Span::start(),
        };
        return Err(ctx
            .diag_at(at, format!("the {} recipe has no `name`", maker.name))
            .with_help(format!(
                "give the recipe a name in {} and export it again",
                maker.name
            )));
    };
    let recipe = Recipe {
        file: ctx.path.to_path_buf(),
        title,
        lang: "en".into(),
        description: field("description")
            .map(|d| markdown::markdown(&d))
            .and_then(non_empty),
        ..Recipe::default()
    };
    Ok((map, recipe))
}

/// A number, written as one or as text (with a decimal comma, as Tandoor accepts).
pub(crate) fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().replace(',', ".").parse().ok(),
        _ => None,
    }
    .filter(|n| n.is_finite())
}

/// Parses a JSON document: a syntax error is located in the file, or in the entry.
pub(crate) fn json(ctx: &Place, text: &str) -> Result<Value, Diagnostic> {
    parse_value(ctx.path, text, 0, text).map_err(|d| match ctx.entry {
        None => d,
        Some(_) => Diagnostic {
            help: d.help.clone(),
            ..ctx.diag_at(d.span.unwrap_or(Span::start()), &d.message)
        },
    })
}

/// Where `"key":` first stands in a JSON text, for problems with that field's value.
pub(crate) fn key_span(text: &str, key: &str) -> Span {
    let quoted = format!("\"{key}\"");
    let mut from = 0;
    while let Some(i) = text[from..].find(&quoted) {
        let at = from + i;
        let after = text[at + quoted.len()..].trim_start();
        if after.starts_with(':') {
            return Span::at(text, at);
        }
        from = at + quoted.len();
    }
    Span::start()
}

/// A photo that came inside an export, kept in memory.
pub(crate) fn embedded_photo(ctx: &Place, written: &str, data: Vec<u8>, title: &str) -> PhotoRef {
    PhotoRef {
        written: format!("{} (inside {})", written.trim(), ctx.inside()),
        path: ctx.path.to_path_buf(),
        alt: Some(title.to_string()),
        fit: Default::default(),
        span: Span::start(),
        data: Some(Arc::from(data)),
    }
}

/// Whether bytes are a JPEG, PNG or WebP image, which a card can show (an app's GIF cannot).
pub(crate) fn is_image(data: &[u8]) -> bool {
    data.starts_with(&[0xff, 0xd8, 0xff])
        || data.starts_with(b"\x89PNG")
        || (data.len() > 12 && data.starts_with(b"RIFF") && &data[8..12] == b"WEBP")
}

/// The first entry found at one of `names` (paths relative to the folder of `entry`): a
/// photo next to a recipe in an archive.
pub(crate) fn next_to<'e>(entries: &'e [Entry], entry: &str, names: &[&str]) -> Option<&'e Entry> {
    let dir = entry.rfind('/').map_or("", |i| &entry[..=i]);
    names.iter().find_map(|name| {
        let want = format!("{dir}{name}");
        entries.iter().find(|e| e.name.eq_ignore_ascii_case(&want))
    })
}

/// The text of a UTF-8 file (a BOM is skipped), or a located error at the first bad byte.
pub(crate) fn utf8_file<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, Vec<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let text = std::str::from_utf8(good).unwrap_or_default();
        vec![Diagnostic::new(
            path,
            Some(Span::at(text, text.len())),
            "the file is not valid UTF-8 text",
        )
        .with_help("save the file as UTF-8 (most editors offer it under \"Save with encoding\")")]
    })
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

/// Parses JSON found at byte `offset` of `whole` (the file), locating syntax errors in the
/// file's lines and columns.
pub(crate) fn parse_value(
    path: &Path,
    json: &str,
    offset: usize,
    whole: &str,
) -> Result<Value, Diagnostic> {
    serde_json::from_str(json).map_err(|e| {
        let at = offset + Lines::new(json).offset(e.line(), e.column());
        let full = e.to_string();
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_string(),
            None => full,
        };
        let help = match e.classify() {
            serde_json::error::Category::Eof => {
                "the JSON ends too early: a closing `}`, `]` or `\"` is missing"
            }
            _ => "check for a missing comma, quote or bracket just before this point",
        };
        Diagnostic::new(
            path,
            Some(Span::at(whole, at)),
            format!("invalid JSON: {message}"),
        )
        .with_help(help)
    })
}

/// A scalar as text.
pub(crate) fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        }),
        _ => None,
    }
}
