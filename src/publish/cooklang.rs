//! A recipe as Cooklang (https://cooklang.org/docs/spec/): metadata as YAML front matter,
//! steps as paragraphs with their ingredients marked up where the step names them
//! (`@onion{1}`, `@olive oil{2%tbsp}(thinly sliced)`), step groups as `= Section` lines,
//! notes as `> ` lines.
//!
//! Cooklang keeps ingredients inside the steps; one that no step names is marked up in a
//! short first paragraph, so the list stays complete.

use std::fmt::Write;

use super::{plain, Published};
use crate::import::emit::{duration, scalar};
use crate::recipe::model::{Ingredient, Recipe};

/// Characters a Cooklang ingredient name cannot hold: they end or start markup, or end
/// a multi-word name when it is read back.
const NOT_IN_NAME: &[char] = &[
    '@', '#', '~', '{', '}', '%', '(', ')', '.', ',', ';', ':', '!', '?', '"', '\n',
];

pub fn to_cooklang(recipe: &Recipe) -> Published {
    let mut left_out = Vec::new();
    let mut out = String::from("---\n");
    let mut meta = |key: &str, value: &str| {
        let _ = writeln!(out, "{key}: {}", scalar(value, false));
    };
    meta("title", &plain(&recipe.title));
    if let Some(d) = &recipe.description {
        meta("description", &plain(d).replace('\n', " "));
    }
    if let Some(source) = &recipe.source {
        meta("source", &source.url);
        if let Some(name) = &source.name {
            meta("source.name", name);
        }
    }
    if let Some(a) = &recipe.author {
        meta("author", a);
    }
    meta("locale", &recipe.lang);
    if let Some(s) = &recipe.servings {
        meta("servings", &s.text);
    }
    for (key, minutes) in [
        ("prep time", recipe.time.prep),
        ("cook time", recipe.time.cook),
        ("time", recipe.time.total),
    ] {
        if let Some(m) = minutes {
            meta(key, &duration(m));
        }
    }
    if !recipe.tags.is_empty() {
        let tags: Vec<String> = recipe.tags.iter().map(|t| scalar(t, true)).collect();
        let _ = writeln!(out, "tags: [{}]", tags.join(", "));
    }
    out.push_str("---\n");

    let mut steps: Vec<(Option<&str>, String)> = Vec::new();
    for group in &recipe.steps {
        for (i, step) in group.steps.iter().enumerate() {
            let title = if i == 0 { group.title.as_deref() } else { None };
            let mut text = plain(&step.text).replace('\n', " ");
            if let Some(t) = &step.title {
                text = format!("{}. {text}", plain(t));
            }
            steps.push((title, text));
        }
    }
    let mut unplaced = Vec::new();
    for ingredient in recipe.all_ingredients() {
        let name = plain(&ingredient.item);
        if name.contains(NOT_IN_NAME) || name.trim().is_empty() {
            left_out.push(format!("the ingredient “{name}” (no Cooklang name)"));
            continue;
        }
        let placed = steps
            .iter_mut()
            .any(|(_, text)| mark_up(text, &name, ingredient));
        if !placed {
            unplaced.push(markup(&name, ingredient));
        }
    }
    if !unplaced.is_empty() {
        let _ = write!(out, "\n{}\n", unplaced.join(", "));
    }
    for (title, text) in &steps {
        if let Some(t) = title {
            let _ = write!(out, "\n= {}\n", plain(t));
        }
        let _ = write!(out, "\n{text}\n");
    }
    for note in &recipe.notes {
        let _ = write!(out, "\n> {}\n", plain(note).replace('\n', " "));
    }
    if recipe.ingredients.iter().any(|g| g.title.is_some()) {
        left_out.push("the ingredient group headings".to_owned());
    }
    for (has, what) in [
        (recipe.time.rest.is_some(), "the resting time"),
        (!recipe.sections.is_empty(), "the sections"),
        (!recipe.faq.is_empty(), "the FAQ"),
        (!recipe.nutrition.is_empty(), "the nutrition values"),
        (recipe.subtitle.is_some(), "the subtitle"),
    ] {
        if has {
            left_out.push(what.to_owned());
        }
    }
    Published {
        text: out,
        left_out,
    }
}

/// `@name{quantity%unit}(note)`.
fn markup(name: &str, i: &Ingredient) -> String {
    let amount = match (&i.quantity, &i.unit) {
        (Some(q), Some(u)) => format!("{q}%{u}"),
        (Some(q), None) => q.clone(),
        (None, Some(u)) => format!("%{u}"),
        (None, None) => String::new(),
    };
    let mut m = format!("@{name}{{{}}}", amount.replace(['{', '}'], ""));
    if let Some(note) = &i.note {
        let _ = write!(m, "({})", plain(note).replace([')', '\n'], " ").trim());
    }
    m
}

/// Marks up the first whole-word mention of `name` in `text` not already inside markup.
fn mark_up(text: &mut String, name: &str, i: &Ingredient) -> bool {
    let lower = text.to_lowercase();
    let needle = name.to_lowercase();
    // Lower-casing can change byte lengths; only match where it did not.
    if lower.len() != text.len() || needle.len() != name.len() {
        return false;
    }
    let mut from = 0;
    while let Some(found) = lower[from..].find(&needle) {
        let (start, end) = (from + found, from + found + needle.len());
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let boundary = before.is_none_or(|c| !c.is_alphanumeric() && c != '@')
            && after.is_none_or(|c| !c.is_alphanumeric() && c != '{');
        let inside_markup = text[..start]
            .rfind('@')
            .is_some_and(|at| !text[at..start].contains('}'));
        if boundary && !inside_markup {
            let written = text[start..end].to_owned();
            text.replace_range(start..end, &markup(&written, i));
            return true;
        }
        from = end;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe::model::{IngredientGroup, Step, StepGroup};

    #[test]
    fn ingredients_are_marked_up_where_the_steps_name_them() {
        let recipe = Recipe {
            title: "Soup".into(),
            lang: "en".into(),
            ingredients: vec![IngredientGroup {
                title: None,
                items: vec![
                    Ingredient {
                        quantity: Some("1".into()),
                        unit: None,
                        item: "onion".into(),
                        note: Some("chopped".into()),
                    },
                    Ingredient {
                        quantity: Some("2".into()),
                        unit: Some("tbsp".into()),
                        item: "olive oil".into(),
                        note: None,
                    },
                    Ingredient {
                        quantity: None,
                        unit: None,
                        item: "salt".into(),
                        note: None,
                    },
                ],
            }],
            steps: vec![StepGroup {
                title: Some("Cook".into()),
                steps: vec![Step {
                    title: None,
                    text: "Fry the Onion in the olive oil.".into(),
                }],
            }],
            ..Recipe::default()
        };
        let out = to_cooklang(&recipe).text;
        assert!(out.starts_with("---\ntitle: Soup\n"), "{out}");
        assert!(out.contains("\n@salt{}\n"), "{out}");
        assert!(out.contains("\n= Cook\n"), "{out}");
        assert!(
            out.contains("Fry the @Onion{1}(chopped) in the @olive oil{2%tbsp}."),
            "{out}"
        );
    }
}
