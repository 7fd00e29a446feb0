//! Mealie (https://mealie.io) recipes: one recipe's JSON, or an export zip of several.
//!
//! Based on Mealie's own code (github.com/mealie-recipes/mealie, v0.5 to v2):
//! - the recipe is `Recipe` in `mealie/schema/recipe/recipe.py`, its ingredients
//!   `RecipeIngredient` in `recipe_ingredient.py` (`quantity` a number, `unit` and `food`
//!   objects with a `name`, `note`, a section `title` on the first ingredient of a section,
//!   `disable_amount` for plain-text lines kept in `note`), its steps `RecipeStep` in
//!   `recipe_step.py` (`text`, a section `title`, a `summary`), its notes and nutrition in
//!   `recipe_notes.py` and `recipe_nutrition.py`. The API and the JSON download
//!   (`services/recipe/template_service.py`, `by_alias=True`) write the fields in
//!   camelCase (`recipeIngredient`, `orgURL`); the zips write them in snake_case
//!   (`recipe_ingredient`, `org_url`). Both are read. `recipe_servings` and
//!   `recipe_yield_quantity` are later additions (`mealie/db/models/recipe/recipe.py`).
//! - the bulk export (Data Management → Export Recipes; `services/exporter/exporter.py`,
//!   `_abc_exporter.py`, `recipe_exporter.py`) is a zip of `recipes/SLUG/SLUG.json` with the
//!   recipe's folder beside it (`images/original.webp`, `min-original.webp`, `assets/`);
//!   a single recipe's zip (`routes/recipe/recipe_crud_routes.py`, `get_recipe_as_zip`) is
//!   `SLUG.json` and `original.webp`. v0.5 backups put recipes in the same place.
//!
//! The photo is the `original.webp` (else `min-original.webp`) next to the recipe, in the
//! zip or, for a JSON file, on disk.

use std::path::Path;

use serde_json::{Map, Value};

use super::assemble::{non_empty, Part};
use super::bundle::{self, scalar, Entry, Maker, Place, MAX_BYTES};
use super::clean::clean_line;
use super::jsonld;
use super::{assemble, markdown};
use crate::error::Diagnostic;
use crate::recipe::model::{
    Ingredient, IngredientGroup, Recipe, Section, Servings, Step, StepGroup, Times,
};
use crate::recipe::{ingredient, parse_minutes};

pub(crate) const MEALIE: Maker = Maker {
    name: "Mealie",
    menu: " (Data Management → Export Recipes)",
};

/// Photos next to a recipe, best first, relative to its folder.
const PHOTOS: &[&str] = &[
    "images/original.webp",
    "original.webp",
    "images/min-original.webp",
    "min-original.webp",
];

/// Whether the start of a JSON document looks like a Mealie recipe (JSON-LD has been ruled
/// out): snake_case keys only Mealie writes, or its slug and camelCase keys, or ingredients
/// with Mealie's parts.
pub fn looks_like_mealie(head: &str) -> bool {
    let has = |keys: &[&str]| keys.iter().any(|k| head.contains(&format!("\"{k}\"")));
    let camel = [
        "orgURL",
        "recipeIngredient",
        "recipeInstructions",
        "recipeYield",
        "recipeCategory",
        "performTime",
    ];
    has(&[
        "recipe_ingredient",
        "recipe_instructions",
        "org_url",
        "perform_time",
    ]) || (has(&["slug"]) && has(&camel))
        || (has(&["recipeIngredient"]) && has(&["disableAmount", "referenceId", "originalText"]))
}

/// Whether an archive entry (lower case) is a recipe in a Mealie export: `SLUG.json` at the
/// top (one recipe's zip), or `recipes/SLUG/SLUG.json`. A backup's `database.json`
/// (`services/backups_v2/backup_v2.py`) is not.
pub fn is_recipe_entry(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".json") else {
        return false;
    };
    match stem.split('/').collect::<Vec<_>>().as_slice() {
        [file] => !file.is_empty() && *file != "database",
        [.., "recipes", folder, file] => folder == file,
        _ => false,
    }
}

/// Reads a Mealie recipe's `.json` file; a photo is looked for next to it.
pub fn parse_json(path: &Path, bytes: &[u8]) -> Result<Recipe, Diagnostic> {
    bundle::from_file(path, bytes, &MEALIE, PHOTOS, recipe)
}

/// Reads a Mealie export zip: every recipe in it, in the archive's order, each with its
/// photo. Problems in several recipes are all reported.
pub fn parse_archive(path: &Path, bytes: &[u8]) -> Result<Vec<Recipe>, Vec<Diagnostic>> {
    let whole = Place::file(path);
    let mut budget = MAX_BYTES;
    // Recipes and their photos, not the recipes' other files.
    let wanted = |name: &str| {
        is_recipe_entry(name)
            || PHOTOS
                .iter()
                .any(|p| name == *p || name.ends_with(&format!("/{p}")))
    };
    let (entries, mut problems) =
        bundle::unzip(&whole, bytes, &mut budget, &MEALIE, wanted).map_err(|d| vec![d])?;
    let mut recipes = Vec::new();
    let found = entries
        .iter()
        .filter(|e| is_recipe_entry(&e.name.to_ascii_lowercase()));
    for entry in found {
        match from_entry(path, &entries, entry) {
            Ok(r) => recipes.push(r),
            Err(e) => problems.push(e),
        }
    }
    MEALIE.finish(&whole, recipes, problems)
}

fn from_entry(path: &Path, entries: &[Entry], entry: &Entry) -> Result<Recipe, Diagnostic> {
    let ctx = Place::entry(path, &entry.name);
    let text = bundle::utf8(&ctx, &entry.bytes, &MEALIE)?;
    let mut r = recipe(&ctx, text)?;
    let photo =
        bundle::next_to(entries, &entry.name, PHOTOS).filter(|p| bundle::is_image(&p.bytes));
    r.photo = photo
        .map(|p| bundle::embedded_photo(&Place::file(path), &p.name, p.bytes.clone(), &r.title));
    Ok(r)
}

/// The key a field has: its snake_case name (as the zips write it) or its camelCase alias
/// (as the API and the JSON download write it); `null` is no value.
fn key_of<'v>(map: &'v Map<String, Value>, snake: &str) -> Option<&'v str> {
    let camel = match snake {
        "org_url" => "orgURL".to_string(),
        _ => {
            let mut words = snake.split('_');
            let first = words.next().unwrap_or("").to_string();
            words.fold(first, |mut acc, w| {
                let mut chars = w.chars();
                acc.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                acc.push_str(chars.as_str());
                acc
            })
        }
    };
    let (key, value) = map
        .get_key_value(snake)
        .or_else(|| map.get_key_value(&camel))?;
    (!value.is_null()).then_some(key.as_str())
}

/// A field's value, by its snake_case name (see [`key_of`]).
fn get<'v>(map: &'v Map<String, Value>, snake: &str) -> Option<&'v Value> {
    map.get(key_of(map, snake)?)
}

/// A field's text, when it is a string or a number.
fn text_of(map: &Map<String, Value>, snake: &str) -> Option<String> {
    get(map, snake).and_then(scalar)
}

/// A field's number, when it is one (or a string of one).
fn number_of(map: &Map<String, Value>, snake: &str) -> Option<f64> {
    bundle::number(get(map, snake))
}

/// The JSON of one recipe as our recipe.
fn recipe(ctx: &Place, text: &str) -> Result<Recipe, Diagnostic> {
    let value = bundle::json(ctx, text)?;
    let (map, mut r) = bundle::begin(ctx, text, &value, &MEALIE)?;
    r.source = text_of(map, "org_url").and_then(|u| assemble::source(&u, None));
    r.servings = servings(map);
    let minutes = |key: &str| {
        text_of(map, key)
            .and_then(|t| parse_minutes(&t))
            .filter(|m| *m > 0)
    };
    r.time = Times {
        prep: minutes("prep_time"),
        cook: minutes("perform_time").or_else(|| minutes("cook_time")),
        rest: None,
        total: minutes("total_time"),
    };
    for key in ["recipe_category", "tags"] {
        if let Some(Value::Array(items)) = get(map, key) {
            let names = items.iter().filter_map(|t| match t {
                Value::Object(o) => o.get("name").and_then(scalar),
                other => scalar(other),
            });
            assemble::push_tags(&mut r.tags, names);
        }
    }
    r.ingredients = ingredients(list(ctx, text, map, "recipe_ingredient")?);
    r.steps = instructions(list(ctx, text, map, "recipe_instructions")?);
    for note in list(ctx, text, map, "notes")? {
        let field = |k: &str| note.get(k).and_then(scalar).unwrap_or_default();
        let (title, body) = (
            clean_line(&field("title")),
            markdown::markdown(&field("text")),
        );
        match (title.is_empty(), body.is_empty()) {
            (_, true) => {}
            (true, false) => r.notes.push(body),
            (false, false) => r.sections.push(Section { title, text: body }),
        }
    }
    if let Some(Value::Object(n)) = get(map, "nutrition") {
        r.nutrition = jsonld::NUTRITION
            .iter()
            .filter_map(|(key, label)| {
                let snake: String = key
                    .chars()
                    .flat_map(|c| match c.is_ascii_uppercase() {
                        true => vec!['_', c.to_ascii_lowercase()],
                        false => vec![c],
                    })
                    .collect();
                let value = text_of(n, &snake).map(|v| clean_line(&v))?;
                (!value.is_empty()).then(|| (label.to_string(), value))
            })
            .collect();
    }
    // The app keeps no language: the text tells.
    crate::recipe::language::detect_into(&mut r);
    Ok(r)
}

/// A list field (empty when missing); anything but a list is an error at its key.
fn list<'v>(
    ctx: &Place,
    text: &str,
    map: &'v Map<String, Value>,
    snake: &str,
) -> Result<&'v [Value], Diagnostic> {
    match key_of(map, snake).map(|key| (key, &map[key])) {
        None => Ok(&[]),
        Some((_, Value::Array(items))) => Ok(items),
        Some((key, _)) => Err(MEALIE.not_a_list(ctx, text, key)),
    }
}

/// Servings from `recipe_servings` (newer Mealie), `recipe_yield_quantity` with the
/// `recipe_yield` text ("12" "cookies"), or the `recipe_yield` text alone ("4 servings").
fn servings(map: &Map<String, Value>) -> Option<Servings> {
    let positive = |key: &str| number_of(map, key).filter(|n| *n > 0.0);
    let yield_text = text_of(map, "recipe_yield")
        .map(|y| clean_line(&y))
        .filter(|y| !y.is_empty());
    if let Some(n) = positive("recipe_servings") {
        return assemble::servings(&assemble::quantity(n));
    }
    match (positive("recipe_yield_quantity"), yield_text) {
        (Some(n), Some(y)) if !y.starts_with(|c: char| c.is_ascii_digit()) => {
            assemble::servings(&format!("{} {y}", assemble::quantity(n)))
        }
        (_, Some(y)) => assemble::servings(&y),
        (Some(n), None) => assemble::servings(&assemble::quantity(n)),
        (None, None) => None,
    }
}

/// `recipe_ingredient`: lines of text (older exports), or ingredients with their parts. A
/// `title` starts a section at its ingredient. Like Mealie, an ingredient whose amounts are
/// off (`disable_amount`) is the text in its `note`.
fn ingredients(items: &[Value]) -> Vec<IngredientGroup> {
    let mut parts = Vec::new();
    for item in items {
        let map = match item {
            Value::Object(map) => map,
            other => {
                let line = scalar(other).map(|l| clean_line(&l)).unwrap_or_default();
                if !line.is_empty() {
                    parts.push(Part::Item(ingredient::split(&line)));
                }
                continue;
            }
        };
        if let Some(title) = text_of(map, "title")
            .map(|t| clean_line(&t))
            .and_then(non_empty)
        {
            parts.push(Part::Start(Some(title)));
        }
        parts.extend(one_ingredient(map).map(Part::Item));
    }
    assemble::grouped(parts)
}

/// One ingredient, shown as Mealie shows it: the food with its amount, unit and note; or,
/// without a food, the note (after the quantity unless that is the default 1, and the unit
/// when amounts are on).
fn one_ingredient(map: &Map<String, Value>) -> Option<Ingredient> {
    let quantity = number_of(map, "quantity").filter(|q| *q > 0.0);
    let many = quantity.is_some_and(|q| q > 1.0);
    let name = |key: &str, plural: bool| -> Option<String> {
        let Value::Object(o) = get(map, key)? else {
            return get(map, key).and_then(scalar);
        };
        let pick = |k: &str| text_of(o, k).filter(|s| !s.trim().is_empty());
        let short = get(o, "use_abbreviation").and_then(Value::as_bool) == Some(true);
        let (one, more) = match short {
            true => ("abbreviation", "plural_abbreviation"),
            false => ("name", "plural_name"),
        };
        let more = plural.then(|| pick(more)).flatten();
        more.or_else(|| pick(one)).or_else(|| pick("name"))
    };
    let note = text_of(map, "note").filter(|n| !n.trim().is_empty());
    let unit = name("unit", many);
    if let Some(food) = name("food", quantity.is_none_or(|q| q > 1.0)) {
        return assemble::ingredient_from_parts(
            quantity,
            unit.as_deref(),
            Some(&food),
            note.as_deref(),
        );
    }
    let Some(note) = note else {
        // Nothing but the text Mealie made of it, or the line it was parsed from.
        let line = text_of(map, "display").or_else(|| text_of(map, "original_text"))?;
        return assemble::ingredient_from_parts(None, None, None, Some(&line));
    };
    match get(map, "disable_amount").and_then(Value::as_bool) {
        Some(false) => {
            assemble::ingredient_from_parts(quantity, unit.as_deref(), None, Some(&note))
        }
        _ => {
            assemble::ingredient_from_parts(quantity.filter(|q| *q != 1.0), None, None, Some(&note))
        }
    }
}

/// `recipe_instructions`: steps, a `title` starting a section at its step, a `summary`
/// printed as the step's title.
fn instructions(items: &[Value]) -> Vec<StepGroup> {
    let mut parts = Vec::new();
    for item in items {
        let (map, body) = match item {
            Value::Object(map) => (Some(map), map.get("text").and_then(scalar)),
            other => (None, scalar(other)),
        };
        let field = |k: &str| {
            map.and_then(|m| m.get(k))
                .and_then(scalar)
                .map(|t| clean_line(&t))
                .unwrap_or_default()
        };
        if let Some(title) = non_empty(field("title")) {
            parts.push(Part::Start(Some(title)));
        }
        let body = markdown::markdown(&body.unwrap_or_default());
        let body = assemble::strip_numbering(&body).to_string();
        let summary = field("summary");
        let step = match (body.is_empty(), summary.is_empty()) {
            (true, true) => continue,
            (true, false) => Step {
                title: None,
                text: summary,
            },
            (false, _) => Step {
                title: Some(summary).filter(|s| !jsonld::redundant(s, &body)),
                text: body,
            },
        };
        parts.push(Part::Item(step));
    }
    assemble::grouped(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_that_are_recipes() {
        assert!(is_recipe_entry("recipes/pancakes/pancakes.json"));
        assert!(is_recipe_entry("pancakes.json"));
        assert!(!is_recipe_entry("recipes/pancakes/assets/notes.json"));
        assert!(!is_recipe_entry("groups/groups.json"));
        assert!(!is_recipe_entry("recipes/pancakes/images/original.webp"));
    }

    #[test]
    fn keys_in_either_case() {
        let json = r#"{"name": "X", "orgURL": "https://example.com/x", "recipeYield": "2 bowls",
          "recipeIngredient": ["1 cup rice"], "prepTime": "10 minutes"}"#;
        let r = recipe(&Place::file(Path::new("x.json")), json).unwrap();
        assert_eq!(r.source.unwrap().url, "https://example.com/x");
        assert_eq!(r.servings.unwrap().text, "2 bowls");
        assert_eq!(r.time.prep, Some(10));
        assert_eq!(r.ingredients[0].items[0].item, "rice");
    }

    #[test]
    fn servings_from_newer_fields() {
        let s = |json: &str| {
            let v: Value = serde_json::from_str(json).unwrap();
            servings(v.as_object().unwrap()).map(|s| (s.amount, s.text))
        };
        assert_eq!(
            s(r#"{"recipe_servings": 4, "recipe_yield": "4 servings"}"#),
            Some((Some(4.0), "4 servings".into()))
        );
        assert_eq!(
            s(r#"{"recipe_servings": 0, "recipe_yield_quantity": 12, "recipe_yield": "cookies"}"#),
            Some((Some(12.0), "12 cookies".into()))
        );
        assert_eq!(s(r#"{"recipe_yield": null}"#), None);
    }
}
