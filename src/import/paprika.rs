//! Paprika exports: a `.paprikarecipe` is one recipe as gzipped JSON, a `.paprikarecipes`
//! is a zip of those. The photo travels inside, base64 in `photo_data`, and is kept in
//! memory. Decompression is capped (16 MiB in all, 1000 entries), so a zip or gzip bomb is
//! refused rather than unpacked.

use std::io::Read;
use std::path::Path;

use base64::Engine;
use serde_json::Value;

use super::assemble;
use super::assemble::{non_empty, Part};
use super::bundle::{self, Maker, Place, MAX_BYTES};
use super::clean::{clean, clean_line};
use crate::error::Diagnostic;
use crate::recipe::ingredient;
use crate::recipe::model::{IngredientGroup, Recipe, StepGroup, Times};
use crate::recipe::parse_minutes;

/// Whether the start of a JSON document looks like a Paprika recipe.
pub fn looks_like_paprika(head: &str) -> bool {
    head.contains("\"directions\"")
        || (head.contains("\"ingredients\"") && head.contains("\"name\""))
}

/// Paprika, for the messages about its exports.
const PAPRIKA: Maker = Maker {
    name: "Paprika",
    menu: " (File → Export…)",
};

/// Reads one `.paprikarecipe` (gzipped JSON, or plain JSON).
pub fn parse_one(path: &Path, bytes: &[u8]) -> Result<Recipe, Diagnostic> {
    let ctx = Place::file(path);
    let json = gunzip(&ctx, bytes, MAX_BYTES)?;
    recipe(&ctx, &json)
}

/// Reads a `.paprikarecipes` bundle: every recipe in it, in the zip's order. Problems in
/// several entries are all reported.
pub fn parse_bundle(path: &Path, bytes: &[u8]) -> Result<Vec<Recipe>, Vec<Diagnostic>> {
    let whole = Place::file(path);
    let mut budget = MAX_BYTES;
    let (entries, mut problems) =
        bundle::unzip(&whole, bytes, &mut budget, &PAPRIKA, |_| true).map_err(|d| vec![d])?;
    let mut recipes = Vec::new();
    for entry in &entries {
        let ctx = Place::entry(path, &entry.name);
        let json = match gunzip(&ctx, &entry.bytes, budget) {
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
        budget = budget.saturating_sub(json.len().saturating_sub(entry.bytes.len()));
        match recipe(&ctx, &json) {
            Ok(r) => recipes.push(r),
            Err(e) => problems.push(e),
        }
    }
    PAPRIKA.finish(&whole, recipes, problems)
}

/// Decompresses a gzip (at most `limit` bytes out); plain JSON passes through.
fn gunzip(ctx: &Place, bytes: &[u8], limit: usize) -> Result<Vec<u8>, Diagnostic> {
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
        return Err(PAPRIKA.bomb(ctx));
    }
    Ok(out)
}

fn recipe(ctx: &Place, json: &[u8]) -> Result<Recipe, Diagnostic> {
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
    r.source = field("source_url").and_then(|u| assemble::source(&u, site.clone()));
    if r.source.is_none() && r.author.is_none() {
        // "source" is often the cookbook or the person it came from.
        r.author = site;
    }
    r.servings = field("servings").and_then(|s| assemble::servings(&s));
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
        assemble::push_tags(&mut r.tags, names);
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
        r.photo = Some(bundle::embedded_photo(ctx, &written, bytes, &r.title));
    }
    // The app keeps no language: the text tells.
    crate::recipe::language::detect_into(&mut r);
    Ok(r)
}

/// One ingredient a line; a line like "For the sauce:" starts a group.
fn ingredients(text: &str) -> Vec<IngredientGroup> {
    let lines = text.lines().map(clean_line).filter(|l| !l.is_empty());
    assemble::grouped(lines.map(|line| match heading(&line) {
        Some(title) => Part::Start(Some(title)),
        None => Part::Item(ingredient::split(&line)),
    }))
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
    let steps = super::jsonld::steps_from_text(raw).into_iter();
    assemble::grouped(steps.map(|step| {
        match heading(&step.text).filter(|_| !step.text.contains('\n')) {
            Some(title) => Part::Start(Some(title)),
            None => Part::Item(step),
        }
    }))
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
