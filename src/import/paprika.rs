//! Paprika exports: a `.paprikarecipe` is one recipe as gzipped JSON, a `.paprikarecipes`
//! is a zip of those. The photo travels inside, base64 in `photo_data`, and is kept in
//! memory. Decompression is capped (16 MiB in all, 1000 entries), so a zip or gzip bomb is
//! refused rather than unpacked.

use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;

use base64::Engine;
use serde_json::Value;

use super::text::{self, clean, clean_line, non_empty};
use super::{MAX_BYTES, MAX_ENTRIES};
use crate::error::{Diagnostic, Span};
use crate::recipe::ingredient;
use crate::recipe::model::{IngredientGroup, PhotoRef, Recipe, StepGroup, Times};
use crate::recipe::parse_minutes;

/// Whether the start of a JSON document looks like a Paprika recipe.
pub fn looks_like_paprika(head: &str) -> bool {
    head.contains("\"directions\"")
        || (head.contains("\"ingredients\"") && head.contains("\"name\""))
}

/// Where a problem is reported: the file, and the bundle entry if there is one.
struct Ctx<'a> {
    path: &'a Path,
    entry: Option<&'a str>,
}

impl Ctx<'_> {
    fn diag(&self, message: impl AsRef<str>) -> Diagnostic {
        let message = match self.entry {
            Some(entry) => format!("in `{entry}`: {}", message.as_ref()),
            None => message.as_ref().to_string(),
        };
        Diagnostic::new(self.path, Some(Span::start()), message)
    }
}

/// Reads one `.paprikarecipe` (gzipped JSON, or plain JSON).
pub fn parse_one(path: &Path, bytes: &[u8]) -> Result<Recipe, Diagnostic> {
    let ctx = Ctx { path, entry: None };
    let json = gunzip(&ctx, bytes, MAX_BYTES)?;
    recipe(&ctx, &json)
}

/// Reads a `.paprikarecipes` bundle: every recipe in it, in the zip's order. Problems in
/// several entries are all reported.
pub fn parse_bundle(path: &Path, bytes: &[u8]) -> Result<Vec<Recipe>, Vec<Diagnostic>> {
    let whole = Ctx { path, entry: None };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        vec![whole
            .diag(format!(
                "not a valid Paprika export: the zip archive is corrupt ({})",
                zip_reason(&e)
            ))
            .with_help(
                "export the recipes from Paprika again (File → Export…), and copy the whole file",
            )]
    })?;
    if archive.len() > MAX_ENTRIES {
        return Err(vec![whole
            .diag(format!(
                "the archive has {} entries; at most {MAX_ENTRIES} are read",
                archive.len()
            ))
            .with_help("export fewer recipes at a time from Paprika")]);
    }
    let mut recipes = Vec::new();
    let mut problems = Vec::new();
    let mut budget = MAX_BYTES;
    for i in 0..archive.len() {
        let mut file = match archive.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                problems.push(
                    whole
                        .diag(format!(
                            "entry {} of the archive cannot be read ({})",
                            i + 1,
                            zip_reason(&e)
                        ))
                        .with_help("export the recipes from Paprika again"),
                );
                continue;
            }
        };
        if file.is_dir() {
            continue;
        }
        let name = file.name().to_string();
        let base = name.rsplit('/').next().unwrap_or(&name);
        if base.starts_with('.') || name.starts_with("__MACOSX/") {
            continue;
        }
        let ctx = Ctx {
            path,
            entry: Some(&name),
        };
        let mut raw = Vec::new();
        let read = (&mut file).take(budget as u64 + 1).read_to_end(&mut raw);
        if let Err(e) = read {
            problems.push(
                ctx.diag(format!("the entry cannot be unpacked ({e})"))
                    .with_help("export the recipes from Paprika again"),
            );
            continue;
        }
        if raw.len() > budget {
            problems.push(bomb(&whole));
            break;
        }
        budget -= raw.len();
        let json = match gunzip(&ctx, &raw, budget) {
            Ok(json) => json,
            Err(e) => {
                let stop = e.message.contains("MiB");
                problems.push(e);
                if stop {
                    break;
                }
                continue;
            }
        };
        budget = budget.saturating_sub(json.len().saturating_sub(raw.len()));
        match recipe(&ctx, &json) {
            Ok(r) => recipes.push(r),
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if recipes.is_empty() {
        return Err(vec![whole
            .diag("the Paprika export holds no recipes")
            .with_help("export at least one recipe from Paprika")]);
    }
    Ok(recipes)
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

fn bomb(ctx: &Ctx) -> Diagnostic {
    ctx.diag(format!(
        "the recipe data unpacks to more than {} MiB",
        MAX_BYTES >> 20
    ))
    .with_help("a recipe export is far smaller; this file is damaged or not a Paprika export")
}

/// Decompresses a gzip (at most `limit` bytes out); plain JSON passes through.
fn gunzip(ctx: &Ctx, bytes: &[u8], limit: usize) -> Result<Vec<u8>, Diagnostic> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::new();
    let decoder = flate2::read::GzDecoder::new(bytes);
    decoder
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| {
            ctx.diag(format!("the gzip data is corrupt ({e})"))
                .with_help("export the recipe from Paprika again, and copy the whole file")
        })?;
    if out.len() > limit {
        return Err(bomb(ctx));
    }
    Ok(out)
}

fn recipe(ctx: &Ctx, json: &[u8]) -> Result<Recipe, Diagnostic> {
    let text = std::str::from_utf8(json).map_err(|_| {
        ctx.diag("the recipe data is not UTF-8 JSON")
            .with_help("export the recipe from Paprika again")
    })?;
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        let full = e.to_string();
        ctx.diag(format!("the recipe data is not valid JSON ({full})"))
            .with_help("export the recipe from Paprika again")
    })?;
    let Value::Object(map) = &value else {
        return Err(ctx
            .diag("the recipe data is not a Paprika recipe (expected a JSON object)")
            .with_help("export the recipe from Paprika again"));
    };
    let field = |k: &str| -> Option<String> {
        match map.get(k)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let Some(title) = field("name")
        .map(|n| clean_line(&n))
        .filter(|n| !n.is_empty())
    else {
        return Err(ctx
            .diag("the Paprika recipe has no `name`")
            .with_help("give the recipe a name in Paprika and export it again"));
    };
    let mut r = Recipe {
        file: ctx.path.to_path_buf(),
        title,
        lang: "en".into(),
        ..Recipe::default()
    };
    r.description = field("description").map(|d| clean(&d)).and_then(non_empty);
    r.author = field("author").map(|a| clean_line(&a)).and_then(non_empty);
    let site = field("source").map(|s| clean_line(&s)).and_then(non_empty);
    r.source = field("source_url").and_then(|u| text::source(&u, site.clone()));
    if r.source.is_none() && r.author.is_none() {
        // "source" is often the cookbook or the person it came from.
        r.author = site;
    }
    r.servings = field("servings").and_then(|s| text::servings(&s));
    r.time = Times {
        prep: field("prep_time")
            .and_then(|t| parse_minutes(&t))
            .filter(|m| *m > 0),
        cook: field("cook_time")
            .and_then(|t| parse_minutes(&t))
            .filter(|m| *m > 0),
        rest: None,
        total: field("total_time")
            .and_then(|t| parse_minutes(&t))
            .filter(|m| *m > 0),
    };
    if let Some(Value::Array(cats)) = map.get("categories") {
        let names = cats.iter().filter_map(|c| match c {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
            _ => None,
        });
        text::push_tags(&mut r.tags, names);
    }
    r.ingredients = field("ingredients")
        .map(|i| ingredients(&i))
        .unwrap_or_default();
    r.steps = field("directions")
        .map(|d| directions(&d))
        .unwrap_or_default();
    r.notes = field("notes").map(|n| paragraphs(&n)).unwrap_or_default();
    if let Some(info) = field("nutritional_info") {
        let (pairs, rest) = nutrition(&info);
        r.nutrition = pairs;
        if !rest.is_empty() {
            r.sections.push(crate::recipe::model::Section {
                title: "Nutrition".into(),
                text: rest,
            });
        }
    }
    if let Some(data) = field("photo_data").filter(|d| !d.trim().is_empty()) {
        let compact: String = data.chars().filter(|c| !c.is_whitespace()).collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .map_err(|e| {
                ctx.diag(format!("`photo_data` is not valid base64 ({e})"))
                    .with_help("the photo inside the recipe is damaged; export the recipe from Paprika again, or remove its photo in Paprika first")
            })?;
        let written = field("photo")
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| "photo.jpg".into());
        r.photo = Some(PhotoRef {
            written: format!(
                "{} (inside {})",
                written.trim(),
                ctx.entry.unwrap_or_else(|| file_name(ctx.path))
            ),
            path: ctx.path.to_path_buf(),
            alt: Some(r.title.clone()),
            fit: Default::default(),
            span: Span::start(),
            data: Some(Arc::from(bytes)),
        });
    }
    Ok(r)
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("the file")
}

/// One ingredient a line; a line like "For the sauce:" starts a group.
fn ingredients(text: &str) -> Vec<IngredientGroup> {
    let mut groups: Vec<IngredientGroup> = Vec::new();
    for line in text.lines() {
        let line = clean_line(line);
        if line.is_empty() {
            continue;
        }
        if let Some(title) = heading(&line) {
            groups.push(IngredientGroup {
                title: Some(title),
                items: Vec::new(),
            });
            continue;
        }
        if groups.is_empty() {
            groups.push(IngredientGroup::default());
        }
        groups
            .last_mut()
            .expect("one group")
            .items
            .push(ingredient::split(&line));
    }
    groups.retain(|g| !g.items.is_empty());
    merge_untitled_ingredients(groups)
}

fn merge_untitled_ingredients(groups: Vec<IngredientGroup>) -> Vec<IngredientGroup> {
    let mut out: Vec<IngredientGroup> = Vec::new();
    for g in groups {
        match out.last_mut() {
            Some(last) if last.title.is_none() && g.title.is_none() => last.items.extend(g.items),
            _ => out.push(g),
        }
    }
    out
}

/// A short line ending in a colon, without a quantity: a sub-heading.
fn heading(line: &str) -> Option<String> {
    let title = line.strip_suffix(':')?.trim();
    let starts_with_number = title.starts_with(|c: char| c.is_ascii_digit());
    (!title.is_empty() && title.chars().count() <= 60 && !starts_with_number)
        .then(|| title.to_string())
}

/// Steps: one a paragraph (or a line, when there are no blank lines); a short line ending
/// in a colon starts a group.
fn directions(raw: &str) -> Vec<StepGroup> {
    let mut groups: Vec<StepGroup> = Vec::new();
    for step in super::jsonld::steps_from_text(raw) {
        if let Some(title) = heading(&step.text).filter(|_| !step.text.contains('\n')) {
            groups.push(StepGroup {
                title: Some(title),
                steps: Vec::new(),
            });
            continue;
        }
        match groups.last_mut() {
            Some(g) => g.steps.push(step),
            None => groups.push(StepGroup {
                title: None,
                steps: vec![step],
            }),
        }
    }
    groups.retain(|g| !g.steps.is_empty());
    let mut out: Vec<StepGroup> = Vec::new();
    for g in groups {
        match out.last_mut() {
            Some(last) if last.title.is_none() && g.title.is_none() => last.steps.extend(g.steps),
            _ => out.push(g),
        }
    }
    out
}

fn paragraphs(raw: &str) -> Vec<String> {
    clean(raw)
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// "Calories: 420" lines become nutrition entries; what is left is returned as text.
fn nutrition(raw: &str) -> (Vec<(String, String)>, String) {
    let mut pairs = Vec::new();
    let mut rest = Vec::new();
    for line in clean(raw).lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match line.split_once(':') {
            Some((label, value))
                if !label.trim().is_empty() && !value.trim().is_empty() && label.len() <= 40 =>
            {
                pairs.push((label.trim().to_lowercase(), value.trim().to_string()));
            }
            _ => rest.push(line.to_string()),
        }
    }
    (pairs, rest.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(json: &str) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(json.as_bytes()).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn reads_a_gzipped_recipe() {
        let json = r#"{"name":"Pancakes","ingredients":"For the batter:\n200 g flour\n2 eggs\n\nTo serve:\nmaple syrup","directions":"Mix.\n\nFry.","servings":"4","prep_time":"10 mins","categories":["Breakfast"],"nutritional_info":"Calories: 300\nLow fat","source":"Example","source_url":"https://example.com/p"}"#;
        let r = parse_one(Path::new("p.paprikarecipe"), &gz(json)).unwrap();
        assert_eq!(r.title, "Pancakes");
        assert_eq!(r.ingredients.len(), 2);
        assert_eq!(r.ingredients[0].title.as_deref(), Some("For the batter"));
        assert_eq!(r.steps[0].steps.len(), 2);
        assert_eq!(r.time.prep, Some(10));
        assert_eq!(r.tags, vec!["Breakfast"]);
        assert_eq!(
            r.nutrition,
            vec![("calories".to_string(), "300".to_string())]
        );
        assert_eq!(r.sections[0].text, "Low fat");
        assert_eq!(r.source.unwrap().name.as_deref(), Some("Example"));
    }

    #[test]
    fn gzip_bomb_is_refused() {
        let big = vec![b' '; MAX_BYTES + 10];
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(&big).unwrap();
        let bytes = e.finish().unwrap();
        let err = parse_one(Path::new("b.paprikarecipe"), &bytes).unwrap_err();
        assert_eq!(err.message, "the recipe data unpacks to more than 16 MiB");
    }

    #[test]
    fn truncated_gzip_is_an_error() {
        let bytes = gz(r#"{"name":"X"}"#);
        let err = parse_one(Path::new("t.paprikarecipe"), &bytes[..bytes.len() / 2]).unwrap_err();
        assert!(
            err.message.starts_with("the gzip data is corrupt"),
            "{}",
            err.message
        );
    }
}
