//! What the app exports have in common: zip archives (read with the same caps whatever
//! made them: 16 MiB unpacked in all, 1000 entries an archive, so a zip bomb is refused
//! rather than unpacked), JSON documents in them or on disk with located errors, and photos
//! that travel inside.

use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::text::{self, clean_line, non_empty};
use super::{jsonld, Format, MAX_BYTES, MAX_ENTRIES};
use crate::error::{Diagnostic, Span};
use crate::recipe::model::{PhotoRef, Recipe};

/// Where a problem is reported: the file, and the archive entry if there is one.
pub(crate) struct Ctx<'a> {
    pub path: &'a Path,
    pub entry: Option<&'a str>,
}

impl<'a> Ctx<'a> {
    pub fn file(path: &'a Path) -> Self {
        Ctx { path, entry: None }
    }

    pub fn entry(path: &'a Path, entry: &'a str) -> Self {
        Ctx {
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
    pub fn bomb(&self, ctx: &Ctx) -> Diagnostic {
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
        whole: &Ctx,
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
    pub fn not_a_list(&self, ctx: &Ctx, text: &str, key: &str) -> Diagnostic {
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
    ctx: &Ctx,
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
            let inner = Ctx::entry(ctx.path, &name);
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
fn within(outer: &Ctx, d: Diagnostic) -> Diagnostic {
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

/// Which app's export a zip archive is, from the names of its entries; `None` when it is
/// none we know, or cannot be read.
pub(crate) fn sniff(bytes: &[u8]) -> Option<Format> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<&str> = (0..archive.len().min(MAX_ENTRIES))
        .filter_map(|i| archive.name_for_index(i))
        .collect();
    let has = |test: &dyn Fn(&str) -> bool| {
        names
            .iter()
            .any(|n| !n.starts_with("__MACOSX/") && test(&n.to_ascii_lowercase()))
    };
    if has(&|n| n.ends_with(".paprikarecipe")) {
        Some(Format::PaprikaBundle)
    } else if has(&super::tandoor::is_recipe_entry) {
        Some(Format::TandoorArchive)
    } else if has(&super::mealie::is_recipe_entry) {
        Some(Format::MealieArchive)
    } else {
        None
    }
}

/// Reads a zip that is no export we know (or not a zip at all, though named `.zip`).
pub(crate) fn unknown_zip(path: &Path, bytes: &[u8]) -> Diagnostic {
    let ctx = Ctx::file(path);
    let known = "cardgen reads the zip files that Mealie, Tandoor and Paprika export";
    match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(archive) if archive.index_for_name("database.json").is_some() => ctx
            .diag("this is a Mealie backup, not a recipe export")
            .with_help(format!(
                "export the recipes in Mealie{} and give cardgen that zip",
                super::mealie::MEALIE.menu
            )),
        Err(e) => ctx
            .diag(format!(
                "not a valid recipe export: the zip archive is corrupt ({})",
                zip_reason(&e)
            ))
            .with_help(format!("{known}; copy or download the export again")),
        Ok(_) => ctx
            .diag("this zip archive holds no recipes that cardgen can read")
            .with_help(format!("{known}: Mealie's `recipes/NAME/NAME.json`, Tandoor's zips of `recipe.json`, Paprika's `.paprikarecipe` files")),
    }
}

fn zip_reason(e: &zip::result::ZipError) -> String {
    let text = e.to_string();
    let text = text.trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "unknown error".into(),
    }
}

/// The text of a JSON document in a file or an entry, or the error: not UTF-8.
pub(crate) fn utf8<'b>(ctx: &Ctx, bytes: &'b [u8], maker: &Maker) -> Result<&'b str, Diagnostic> {
    match ctx.entry {
        None => super::utf8(ctx.path, bytes).map_err(|mut d| d.remove(0)),
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
    read: impl Fn(&Ctx, &str) -> Result<Recipe, Diagnostic>,
) -> Result<Recipe, Diagnostic> {
    let ctx = Ctx::file(path);
    let mut r = read(&ctx, utf8(&ctx, bytes, maker)?)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let found = super::first_file(dir, photos.iter().map(|p| p.to_string()))
        .or_else(|| super::local_photo(path, None));
    r.photo = found.map(|(written, file)| super::photo_ref(written, file, &r.title));
    Ok(r)
}

/// A recipe's JSON object, and the recipe begun from it: its `name` the title, its
/// `description` (Markdown) the description. No object, or no name, is the error.
pub(crate) fn begin<'v>(
    ctx: &Ctx,
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
    let field = |key: &str| map.get(key).and_then(jsonld::scalar);
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
            .map(|d| text::markdown(&d))
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
pub(crate) fn json(ctx: &Ctx, text: &str) -> Result<Value, Diagnostic> {
    jsonld::parse_value(ctx.path, text, 0, text).map_err(|d| match ctx.entry {
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
            return super::span_at(text, at);
        }
        from = at + quoted.len();
    }
    Span::start()
}

/// A photo that came inside an export, kept in memory.
pub(crate) fn embedded_photo(ctx: &Ctx, written: &str, data: Vec<u8>, title: &str) -> PhotoRef {
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
