//! A recipe as a schema.org `Recipe` in JSON-LD (https://schema.org/Recipe), ready for a
//! blog's `<script type="application/ld+json">`: the properties search engines read, in
//! the shapes they document (ISO 8601 durations, `HowToStep`s and `HowToSection`s,
//! `NutritionInformation`). What schema.org has no property for is listed, not dropped
//! silently.

use serde_json::{json, Map, Value};

use super::{plain, Published};
use crate::import::jsonld::NUTRITION;
use crate::recipe::model::{Recipe, Step};

/// The JSON-LD for `recipe`; `image` is the photo as the page should refer to it (a URL,
/// or a path relative to where the JSON-LD is written).
pub fn to_jsonld(recipe: &Recipe, image: Option<&str>) -> Published {
    let mut left_out = Vec::new();
    let mut node = Map::new();
    node.insert("@context".into(), json!("https://schema.org"));
    node.insert("@type".into(), json!("Recipe"));
    node.insert("name".into(), json!(plain(&recipe.title)));
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            node.insert(key.into(), value);
        }
    };
    put(
        "alternateName",
        recipe.subtitle.as_deref().map(|s| json!(plain(s))),
    );
    put(
        "description",
        recipe.description.as_deref().map(|d| json!(plain(d))),
    );
    put("image", image.map(|i| json!([i])));
    put(
        "author",
        recipe
            .author
            .as_deref()
            .map(|a| json!({"@type": "Person", "name": a})),
    );
    if let Some(source) = &recipe.source {
        put("url", Some(json!(source.url)));
        put(
            "publisher",
            source
                .name
                .as_deref()
                .map(|n| json!({"@type": "Organization", "name": n})),
        );
    }
    put("inLanguage", Some(json!(recipe.lang)));
    put(
        "recipeYield",
        recipe.servings.as_ref().map(|s| match s.amount {
            Some(n) => json!([number(n), s.text]),
            None => json!(s.text),
        }),
    );
    for (key, minutes) in [
        ("prepTime", recipe.time.prep),
        ("cookTime", recipe.time.cook),
        ("totalTime", recipe.time.total),
    ] {
        put(key, minutes.map(|m| json!(iso8601(m))));
    }
    if recipe.time.rest.is_some() {
        left_out.push("the resting time".to_owned());
    }
    put(
        "keywords",
        (!recipe.tags.is_empty()).then(|| json!(recipe.tags.join(", "))),
    );
    let ingredients: Vec<String> = recipe
        .all_ingredients()
        .map(|i| plain(&crate::import::emit::ingredient_line(i)))
        .collect();
    put("recipeIngredient", Some(json!(ingredients)));
    if recipe.ingredients.iter().any(|g| g.title.is_some()) {
        left_out.push("the ingredient group headings".to_owned());
    }
    put("recipeInstructions", Some(instructions(recipe)));
    let (nutrition, unknown) = nutrition(&recipe.nutrition);
    put("nutrition", nutrition);
    if !unknown.is_empty() {
        left_out.push(format!("the nutrition values {}", unknown.join(", ")));
    }
    for (has, what) in [
        (!recipe.notes.is_empty(), "the notes"),
        (!recipe.sections.is_empty(), "the sections"),
        (!recipe.faq.is_empty(), "the FAQ"),
    ] {
        if has {
            left_out.push(what.to_owned());
        }
    }
    if image.is_none() {
        left_out.push("an image (search engines require one: add a `photo`)".to_owned());
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(node)).unwrap_or_default();
    text.push('\n');
    Published { text, left_out }
}

/// Steps as `HowToStep`s; titled groups as `HowToSection`s of them.
fn instructions(recipe: &Recipe) -> Value {
    let step = |s: &Step| {
        let mut step = Map::new();
        step.insert("@type".into(), json!("HowToStep"));
        if let Some(title) = &s.title {
            step.insert("name".into(), json!(plain(title)));
        }
        step.insert("text".into(), json!(plain(&s.text)));
        Value::Object(step)
    };
    let list: Vec<Value> = recipe
        .steps
        .iter()
        .flat_map(|group| match &group.title {
            Some(title) => vec![json!({
                "@type": "HowToSection",
                "name": plain(title),
                "itemListElement": group.steps.iter().map(step).collect::<Vec<_>>(),
            })],
            None => group.steps.iter().map(step).collect(),
        })
        .collect();
    Value::Array(list)
}

/// `NutritionInformation` from our labels (English and the schema.org names); the labels
/// it has no property for are returned too.
fn nutrition(values: &[(String, String)]) -> (Option<Value>, Vec<String>) {
    let mut info = Map::new();
    let mut unknown = Vec::new();
    for (label, value) in values {
        match property(label) {
            Some(key) => {
                info.insert(key.into(), json!(value));
            }
            None => unknown.push(format!("“{label}”")),
        }
    }
    if info.is_empty() {
        return (None, unknown);
    }
    info.insert("@type".into(), json!("NutritionInformation"));
    (Some(Value::Object(info)), unknown)
}

/// Other common English spellings of the nutrition labels.
const NUTRITION_ALIASES: &[(&str, &str)] = &[
    ("serving", "servingSize"),
    ("energy", "calories"),
    ("kcal", "calories"),
    ("carbohydrate", "carbohydrateContent"),
    ("carbs", "carbohydrateContent"),
    ("fibre", "fiberContent"),
    ("sugars", "sugarContent"),
    // Not salt: sodium is 2.5 times less, so "salt" has no property and is left out with a note.
    ("saturates", "saturatedFatContent"),
];

fn property(label: &str) -> Option<&'static str> {
    let label = label.trim().to_lowercase();
    NUTRITION
        .iter()
        .find(|(key, ours)| *ours == label || key.eq_ignore_ascii_case(&label))
        .map(|(key, _)| *key)
        .or_else(|| {
            NUTRITION_ALIASES
                .iter()
                .find(|(alias, _)| *alias == label)
                .map(|(_, key)| *key)
        })
}

/// Minutes as an ISO 8601 duration: 80 → "PT1H20M".
pub fn iso8601(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe::model::{Ingredient, IngredientGroup, StepGroup};

    #[test]
    fn durations_are_iso8601() {
        assert_eq!(iso8601(45), "PT45M");
        assert_eq!(iso8601(60), "PT1H");
        assert_eq!(iso8601(80), "PT1H20M");
    }

    #[test]
    fn the_fields_search_engines_require_are_there_and_what_is_left_out_is_said() {
        let recipe = Recipe {
            title: "Toast *hot*".into(),
            lang: "en".into(),
            ingredients: vec![IngredientGroup {
                title: Some("Bread".into()),
                items: vec![Ingredient {
                    quantity: Some("2".into()),
                    unit: None,
                    item: "slices bread".into(),
                    note: None,
                }],
            }],
            steps: vec![StepGroup {
                title: Some("Toast".into()),
                steps: vec![Step {
                    title: None,
                    text: "Toast **well**.".into(),
                }],
            }],
            notes: vec!["Butter.".into()],
            ..Recipe::default()
        };
        let out = to_jsonld(&recipe, Some("toast.jpg"));
        let v: Value = serde_json::from_str(&out.text).unwrap();
        assert_eq!(v["name"], "Toast hot");
        assert_eq!(v["image"][0], "toast.jpg");
        assert_eq!(v["recipeIngredient"][0], "2 slices bread");
        assert_eq!(v["recipeInstructions"][0]["@type"], "HowToSection");
        assert_eq!(
            v["recipeInstructions"][0]["itemListElement"][0]["text"],
            "Toast well."
        );
        assert_eq!(out.left_out, ["the ingredient group headings", "the notes"]);
    }
}
