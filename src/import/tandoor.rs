//! Tandoor Recipes (https://tandoor.dev) exports in its own ("Default") format.
//!
//! Based on Tandoor's code (github.com/TandoorRecipes/recipes):
//! - `cookbook/integration/default.py` exports a zip of zips, `PK.zip` for each recipe,
//!   each holding `recipe.json` and the photo as `image.EXT` (the extension of the stored
//!   file: `.jpg`, `.png`, `.webp`, …); one recipe's zip is read on its own too, and so is
//!   an unpacked `recipe.json` (its photo the `image.*` beside it).
//! - `recipe.json` is `RecipeExportSerializer` in `cookbook/serializer.py`: `name`,
//!   `description`, `keywords` (`{name}`), `steps`, `working_time` and `waiting_time` in
//!   minutes, `servings` with `servings_text`, `source_url`, `nutrition`. A step
//!   (`StepExportSerializer`) has a `name`, an `instruction` in Markdown and its own
//!   `ingredients` (`IngredientExportSerializer`): `amount`, `unit{name, plural_name}`,
//!   `food{name, plural_name}`, `note`, `no_amount`, and `is_header` for a sub-heading
//!   written in `note` (`vue3/src/components/display/IngredientsTable.vue`).
//! - instructions may use the template values `{{ ingredients[0] }}` and `{{ scale(100) }}`
//!   (`cookbook/helper/template_helper.py`); they are filled in.
//! - working time is the preparation and waiting time the cooking, as Tandoor's own
//!   importer maps `prepTime` and `cookTime` (`cookbook/helper/recipe_url_import.py`).

use std::path::Path;

use serde_json::{Map, Value};

use super::assemble::{non_empty, Part};
use super::bundle::{self, scalar, Entry, Maker, Place, MAX_BYTES};
use super::clean::clean_line;
use super::jsonld;
use super::{assemble, markdown};
use crate::error::Diagnostic;
use crate::recipe::model::{Ingredient, IngredientGroup, Recipe, Step, StepGroup, Times};

const TANDOOR: Maker = Maker {
    name: "Tandoor",
    menu: " (Settings → Export, type “Default”)",
};

/// Photo file names beside `recipe.json`.
const PHOTOS: &[&str] = &["image.jpg", "image.jpeg", "image.png", "image.webp"];

/// Nutrition fields, our labels and their units.
const NUTRITION: &[(&str, &str, &str)] = &[
    ("calories", "calories", " kcal"),
    ("carbohydrates", "carbohydrates", " g"),
    ("fats", "fat", " g"),
    ("proteins", "protein", " g"),
];

/// Whether the start of a JSON document looks like a Tandoor recipe: steps with
/// instructions, or Tandoor's times and servings text.
pub fn looks_like_tandoor(head: &str) -> bool {
    let has = |key: &str| head.contains(&format!("\"{key}\""));
    has("steps")
        && [
            "instruction",
            "working_time",
            "waiting_time",
            "servings_text",
        ]
        .iter()
        .any(|k| has(k))
}

/// Whether an archive entry (lower case) marks a Tandoor export: a recipe's zip at the top
/// of the export, or the `recipe.json` of one recipe's zip.
pub fn is_recipe_entry(name: &str) -> bool {
    name == "recipe.json" || (!name.contains('/') && name.ends_with(".zip"))
}

/// Reads an unpacked `recipe.json`; its photo is the `image.*` beside it.
pub fn parse_json(path: &Path, bytes: &[u8]) -> Result<Recipe, Diagnostic> {
    bundle::from_file(path, bytes, &TANDOOR, PHOTOS, recipe)
}

/// Reads a Tandoor export (a zip of recipe zips) or one recipe's zip: every recipe, in the
/// archive's order. Problems in several recipes are all reported.
pub fn parse_archive(path: &Path, bytes: &[u8]) -> Result<Vec<Recipe>, Vec<Diagnostic>> {
    let whole = Place::file(path);
    let mut budget = MAX_BYTES;
    let (entries, mut problems) = bundle::unzip(&whole, bytes, &mut budget, &TANDOOR, |name| {
        is_recipe_entry(name) || name.starts_with("image")
    })
    .map_err(|d| vec![d])?;
    let mut recipes = Vec::new();
    if entries.iter().any(|e| e.name == "recipe.json") {
        match from_zip(&whole, &entries, None) {
            Ok(r) => recipes.push(r),
            Err(e) => problems.push(e),
        }
    }
    let zips = entries
        .iter()
        .filter(|e| is_recipe_entry(&e.name.to_ascii_lowercase()) && e.name != "recipe.json");
    for zip in zips {
        let ctx = Place::entry(path, &zip.name);
        let inner = match bundle::unzip(&ctx, &zip.bytes, &mut budget, &TANDOOR, |_| true) {
            Ok((inner, more)) => {
                let stop = more.iter().any(|d| d.message.contains("MiB"));
                problems.extend(more);
                if stop {
                    break;
                }
                inner
            }
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        match from_zip(&whole, &inner, Some(&zip.name)) {
            Ok(r) => recipes.push(r),
            Err(e) => problems.push(e),
        }
    }
    TANDOOR.finish(&whole, recipes, problems)
}

/// The recipe in one recipe's zip (`outer` is its name in the export, if it is in one).
fn from_zip(whole: &Place, entries: &[Entry], outer: Option<&str>) -> Result<Recipe, Diagnostic> {
    let name = |inner: &str| match outer {
        Some(outer) => format!("{outer}/{inner}"),
        None => inner.to_string(),
    };
    let json_name = name("recipe.json");
    let ctx = Place::entry(whole.path, &json_name);
    let Some(json) = entries.iter().find(|e| e.name == "recipe.json") else {
        return Err(Place::entry(whole.path, outer.unwrap_or(""))
            .diag("no `recipe.json` in this recipe's zip")
            .with_help(TANDOOR.again()));
    };
    let text = bundle::utf8(&ctx, &json.bytes, &TANDOOR)?;
    let mut r = recipe(&ctx, text)?;
    let photo = entries
        .iter()
        .find(|e| e.name.starts_with("image") && bundle::is_image(&e.bytes));
    r.photo =
        photo.map(|p| bundle::embedded_photo(whole, &name(&p.name), p.bytes.clone(), &r.title));
    Ok(r)
}

fn field(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(scalar)
}

fn recipe(ctx: &Place, text: &str) -> Result<Recipe, Diagnostic> {
    let value = bundle::json(ctx, text)?;
    let (map, mut r) = bundle::begin(ctx, text, &value, &TANDOOR)?;
    let steps = match map.get("steps") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(steps)) => &steps[..],
        Some(_) => return Err(TANDOOR.not_a_list(ctx, text, "steps")),
    };
    r.source = field(map, "source_url").and_then(|u| assemble::source(&u, None));
    let servings = bundle::number(map.get("servings")).filter(|n| *n > 0.0);
    let unit = field(map, "servings_text").map(|t| clean_line(&t));
    r.servings = servings.and_then(|n| match unit.filter(|u| !u.is_empty()) {
        Some(unit) => assemble::servings(&format!("{} {unit}", assemble::quantity(n))),
        None => assemble::servings(&assemble::quantity(n)),
    });
    let minutes = |key: &str| {
        bundle::number(map.get(key))
            .and_then(crate::recipe::duration::round)
            .filter(|m| *m > 0)
    };
    r.time = Times {
        prep: minutes("working_time"),
        cook: minutes("waiting_time"),
        rest: None,
        total: None,
    };
    if let Some(Value::Array(keywords)) = map.get("keywords") {
        let names = keywords.iter().filter_map(|k| match k {
            Value::Object(o) => field(o, "name"),
            other => scalar(other),
        });
        assemble::push_tags(&mut r.tags, names);
    }
    let steps = in_order(steps);
    let with_ingredients = steps
        .iter()
        .filter(|s| !list(s, "ingredients").is_empty())
        .count();
    let mut ingredient_parts = Vec::new();
    let mut step_parts = Vec::new();
    let work = crate::budget::Expansion::default();
    for step in steps {
        let items: Vec<(bool, Option<Ingredient>, String)> = in_order(list(step, "ingredients"))
            .into_iter()
            .map(one_ingredient)
            .collect();
        let name = field(step, "name")
            .map(|n| clean_line(&n))
            .unwrap_or_default();
        if with_ingredients > 1 && !items.is_empty() {
            ingredient_parts.push(Part::Start(non_empty(name.clone())));
        }
        // The template's `ingredients[N]` counts sub-headings too.
        let mut rendered = Vec::new();
        for (header, item, heading) in items {
            rendered.push(item.clone());
            match (header, item) {
                (true, _) => ingredient_parts.push(Part::Start(non_empty(heading))),
                (false, Some(item)) => ingredient_parts.push(Part::Item(item)),
                (false, None) => {}
            }
        }
        let body = field(step, "instruction").unwrap_or_default();
        let Some(filled) = fill_in(&body, &rendered, &work) else {
            let at = bundle::key_span(text, "instruction");
            return Err(ctx
                .diag_at(
                    at,
                    format!(
                        "the steps' templates (`{{{{ ingredients[N] }}}}`) expand to more than {} of text",
                        crate::input::human_bytes(crate::budget::MAX_EXPANDED_BYTES)
                    ),
                )
                .with_help("each template repeats an ingredient; a recipe uses a few per step"));
        };
        let body = markdown::markdown(&filled);
        let body = assemble::strip_numbering(&body).to_string();
        if body.is_empty() {
            continue;
        }
        let title = Some(name).filter(|n| !jsonld::redundant(n, &body));
        step_parts.push(Part::Item(Step { title, text: body }));
    }
    r.ingredients = assemble::grouped::<IngredientGroup>(ingredient_parts);
    r.steps = assemble::grouped::<StepGroup>(step_parts);
    if let Some(Value::Object(n)) = map.get("nutrition") {
        for (key, label, unit) in NUTRITION {
            if let Some(v) = bundle::number(n.get(*key)).filter(|v| *v > 0.0) {
                let value = scalar(&serde_json::json!(v)).unwrap_or_default();
                r.nutrition
                    .push((label.to_string(), format!("{value}{unit}")));
            }
        }
    }
    // The app keeps no language: the text tells.
    crate::recipe::language::detect_into(&mut r);
    Ok(r)
}

/// The objects of a list field (nothing when it is missing or not a list).
fn list<'v>(map: &'v Map<String, Value>, key: &str) -> &'v [Value] {
    match map.get(key) {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

/// The objects of a list, by their `order` (Tandoor's own sort), else as written.
fn in_order(items: &[Value]) -> Vec<&Map<String, Value>> {
    let mut objects: Vec<&Map<String, Value>> = items.iter().filter_map(Value::as_object).collect();
    objects.sort_by(|a, b| {
        let order = |m: &Map<String, Value>| bundle::number(m.get("order")).unwrap_or(0.0);
        order(a).total_cmp(&order(b))
    });
    objects
}

/// One ingredient: whether it is a sub-heading, the ingredient, and the heading's text.
/// Names are plural as Tandoor shows them: when there is a plural, an amount, and it is
/// not 1.
fn one_ingredient(map: &Map<String, Value>) -> (bool, Option<Ingredient>, String) {
    let note = field(map, "note").unwrap_or_default();
    if map.get("is_header").and_then(Value::as_bool) == Some(true) {
        return (true, None, clean_line(&note));
    }
    let no_amount = map.get("no_amount").and_then(Value::as_bool) == Some(true);
    let amount = bundle::number(map.get("amount")).filter(|_| !no_amount);
    let plural = amount.is_some_and(|a| a != 1.0);
    let name = |key: &str| {
        let o = map.get(key)?.as_object()?;
        let many = field(o, "plural_name").filter(|p| plural && !p.trim().is_empty());
        many.or_else(|| field(o, "name"))
    };
    let (unit, food) = (name("unit"), name("food"));
    let item =
        assemble::ingredient_from_parts(amount, unit.as_deref(), food.as_deref(), Some(&note));
    (false, item, String::new())
}

/// Fills in `{{ ingredients[N] }}` (and its `.amount`, `.unit`, `.food`, `.note`) with the
/// step's ingredients and `{{ scale(N) }}` with N; anything else is left as written.
/// `None` when what the templates produce exceeds the recipe's budget `work`.
fn fill_in(
    instruction: &str,
    items: &[Option<Ingredient>],
    work: &crate::budget::Expansion,
) -> Option<String> {
    let mut out = String::with_capacity(instruction.len());
    let mut rest = instruction;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}").map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let expr: String = rest[open + 2..close].split_whitespace().collect();
        match value_of(&expr, items) {
            Some(text) if !work.produce(text.len()) => return None,
            Some(text) => out.push_str(&text),
            None => out.push_str(&rest[open..close + 2]),
        }
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    Some(out)
}

fn value_of(expr: &str, items: &[Option<Ingredient>]) -> Option<String> {
    if let Some(n) = expr
        .strip_prefix("scale(")
        .and_then(|e| e.strip_suffix(')'))
    {
        return n.parse::<f64>().ok().map(assemble::quantity);
    }
    let rest = expr.strip_prefix("ingredients[")?;
    let (index, attr) = rest.split_once(']')?;
    let i = items.get(index.parse::<usize>().ok()?)?.as_ref()?;
    let parts: Vec<Option<&str>> = match attr {
        "" => vec![i.quantity.as_deref(), i.unit.as_deref(), Some(&i.item)],
        ".amount" => vec![i.quantity.as_deref()],
        ".unit" => vec![i.unit.as_deref()],
        ".food" => vec![Some(&i.item)],
        ".note" => vec![i.note.as_deref()],
        _ => return None,
    };
    Some(parts.into_iter().flatten().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_filled_in() {
        let items = vec![
            assemble::ingredient_from_parts(Some(200.0), Some("g"), Some("flour"), None),
            None,
        ];
        assert_eq!(
            fill_in(
                "Add {{ ingredients[0] }} ({{ingredients[0].amount}}), {{ scale(2.5) }} cups, {{ ingredients[1] }} {{ x }}",
                &items,
                &Default::default()
            )
            .as_deref(),
            Some("Add 200 g flour (200), 2½ cups, {{ ingredients[1] }} {{ x }}")
        );
        let work = crate::budget::Expansion::default();
        assert_eq!(
            fill_in("{{ unclosed", &items, &work).as_deref(),
            Some("{{ unclosed")
        );
        let tiny = crate::budget::Expansion::new(10, 10);
        assert_eq!(fill_in("{{ ingredients[0] }}", &items, &tiny), None);
    }

    #[test]
    fn entries_that_mark_an_export() {
        assert!(is_recipe_entry("12.zip"));
        assert!(is_recipe_entry("recipe.json"));
        assert!(!is_recipe_entry("a/12.zip"));
        assert!(!is_recipe_entry("image.jpg"));
    }
}
