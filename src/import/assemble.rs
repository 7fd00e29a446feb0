//! Building our recipe model from another format's pieces: servings and sources from
//! free text, tags, ingredients kept as separate fields, and lists with sub-headings
//! grouped as our groups are.

use super::clean::clean_line;
use crate::error::Span;
use crate::recipe::model::{Ingredient, IngredientGroup, Servings, Source, Step, StepGroup};
use crate::recipe::{duration, ingredient, norm, scale};

/// `Some` when not empty.
pub fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// Servings from free text ("4", "4 servings", "Makes 12 cookies"), as our YAML reader
/// would read it: a bare number prints as "4 servings".
pub fn servings(raw: &str) -> Option<Servings> {
    let text = clean_line(raw);
    if text.is_empty() {
        return None;
    }
    if let Ok(n) = text.parse::<f64>() {
        if !(n > 0.0 && n.is_finite()) {
            return None;
        }
        let number = if n.fract() == 0.0 && n < 1e15 {
            format!("{}", n as i64)
        } else {
            n.to_string()
        };
        let text = if n == 1.0 {
            "1 serving".to_string()
        } else {
            format!("{number} servings")
        };
        return Some(Servings {
            amount: Some(n),
            text,
        });
    }
    let amount = duration::number(&text).map(|(n, _)| n);
    if amount.is_some_and(|a| a <= 0.0) {
        return None;
    }
    Some(Servings { amount, text })
}

/// A web address as the source, when it is one.
pub fn source(url: &str, name: Option<String>) -> Option<Source> {
    let url = url.trim();
    norm::is_web_url(url).then(|| Source {
        url: url.to_string(),
        name,
        span: Span::start(),
    })
}

/// Adds tags, dropping empty ones and repeats (ignoring case).
pub fn push_tags(tags: &mut Vec<String>, new: impl IntoIterator<Item = String>) {
    for tag in new {
        let tag = clean_line(&tag);
        if !tag.is_empty() && !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            tags.push(tag);
        }
    }
}

/// An ingredient or step group: a list under an optional sub-heading.
pub trait Group: Default {
    type Item;
    fn titled(title: Option<String>) -> Self;
    fn title(&self) -> Option<&str>;
    fn items(&mut self) -> &mut Vec<Self::Item>;
}

/// `Group` for a group type whose list is the field `$items`.
macro_rules! group {
    ($group:ty, $item:ty, $items:ident) => {
        impl Group for $group {
            type Item = $item;
            fn titled(title: Option<String>) -> Self {
                Self {
                    title,
                    $items: Vec::new(),
                }
            }
            fn title(&self) -> Option<&str> {
                self.title.as_deref()
            }
            fn items(&mut self) -> &mut Vec<$item> {
                &mut self.$items
            }
        }
    };
}

group!(IngredientGroup, Ingredient, items);
group!(StepGroup, Step, steps);

/// A list as another app writes it, in order: items, and the starts of groups (a
/// sub-heading, or `None` where a group ends and untitled items follow).
pub enum Part<T> {
    Start(Option<String>),
    Item(T),
}

/// Groups from the parts of a list: each item goes in the group started last.
pub fn grouped<G: Group>(parts: impl IntoIterator<Item = Part<G::Item>>) -> Vec<G> {
    let mut groups: Vec<G> = Vec::new();
    for part in parts {
        match part {
            Part::Start(title) => groups.push(G::titled(title)),
            Part::Item(item) => {
                if groups.is_empty() {
                    groups.push(G::default());
                }
                groups.last_mut().expect("one group").items().push(item);
            }
        }
    }
    merge_untitled(groups)
}

/// Empty groups dropped, and untitled groups that end up next to each other made one list.
pub fn merge_untitled<G: Group>(groups: Vec<G>) -> Vec<G> {
    let mut out: Vec<G> = Vec::new();
    for mut g in groups {
        if g.items().is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.title().is_none() && g.title().is_none() => {
                last.items().append(g.items())
            }
            _ => out.push(g),
        }
    }
    out
}

/// An ingredient from an app that keeps its parts apart: an amount as a number, the unit
/// and the food by name, and a note. Without a food the parts are read as the line a person
/// would write; `None` when there is nothing at all.
pub fn ingredient_from_parts(
    amount: Option<f64>,
    unit: Option<&str>,
    food: Option<&str>,
    note: Option<&str>,
) -> Option<Ingredient> {
    let part = |s: Option<&str>| s.map(clean_line).and_then(non_empty);
    let quantity = amount.filter(|a| *a > 0.0).map(quantity);
    let (unit, note) = (part(unit), part(note));
    match part(food) {
        Some(item) => Some(Ingredient {
            unit: unit.filter(|_| quantity.is_some()),
            quantity,
            item,
            note,
        }),
        None => {
            let words = [quantity, unit, note].into_iter().flatten();
            let line = words.collect::<Vec<_>>().join(" ");
            (!line.is_empty()).then(|| ingredient::split(&line))
        }
    }
}

/// An amount stored as a number, as a cook writes it: "200", "1½", "⅓", "0.1".
pub fn quantity(amount: f64) -> String {
    const NEAR: f64 = 0.004;
    let frac = amount - amount.floor();
    let common = [0.0, 0.125, 0.25, 1.0 / 3.0, 0.5, 2.0 / 3.0, 0.75, 1.0]
        .iter()
        .any(|f| (frac - f).abs() < NEAR);
    if common && (0.1..10.0).contains(&amount) {
        return scale::fraction(amount);
    }
    let text = format!("{amount:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// "step 1:", "1.", "2)", "Schritt 1" at the start of an instruction, which our numbering
/// replaces.
pub fn strip_numbering(s: &str) -> &str {
    super::label::strip(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering() {
        assert_eq!(strip_numbering("1. Heat oil"), "Heat oil");
        assert_eq!(strip_numbering("Step 2: Stir"), "Stir");
        assert_eq!(strip_numbering("Step 3 Stir"), "Stir");
        assert_eq!(strip_numbering("350 g flour"), "350 g flour");
        assert_eq!(strip_numbering("2 eggs"), "2 eggs");
    }

    #[test]
    fn servings_text() {
        let s = servings("4").unwrap();
        assert_eq!((s.amount, s.text.as_str()), (Some(4.0), "4 servings"));
        let s = servings("12 cookies").unwrap();
        assert_eq!((s.amount, s.text.as_str()), (Some(12.0), "12 cookies"));
        let s = servings("Makes a lot").unwrap();
        assert_eq!(s.amount, None);
        assert!(servings("0").is_none());
    }

    #[test]
    fn quantities() {
        let q: Vec<String> = [
            200.0,
            0.5,
            1.5,
            0.333,
            2.0 / 3.0,
            0.1,
            12.5,
            1.25,
            0.05,
            7.0,
        ]
        .into_iter()
        .map(quantity)
        .collect();
        assert_eq!(
            q,
            vec!["200", "½", "1½", "⅓", "⅔", "0.1", "12.5", "1¼", "0.05", "7"]
        );
    }

    #[test]
    fn parts_and_lines() {
        let i = ingredient_from_parts(Some(2.0), Some("cup"), Some("flour"), Some("sifted"));
        let i = i.unwrap();
        assert_eq!(
            (i.quantity.as_deref(), i.unit.as_deref(), i.item.as_str()),
            (Some("2"), Some("cup"), "flour")
        );
        assert_eq!(i.note.as_deref(), Some("sifted"));
        let i = ingredient_from_parts(Some(0.0), None, None, Some("2 eggs, beaten")).unwrap();
        assert_eq!(
            (i.quantity.as_deref(), i.item.as_str()),
            (Some("2"), "eggs")
        );
        assert!(ingredient_from_parts(None, Some(" "), None, Some("")).is_none());
    }

    #[test]
    fn groups_from_parts() {
        let step = |t: &str| Step {
            title: None,
            text: t.into(),
        };
        let groups: Vec<StepGroup> = grouped([
            Part::Item(step("a")),
            Part::Start(None),
            Part::Item(step("b")),
            Part::Start(Some("Sauce".into())),
            Part::Start(Some("Serve".into())),
            Part::Item(step("c")),
            Part::Start(None),
            Part::Item(step("d")),
        ]);
        let shape: Vec<(Option<&str>, usize)> = groups
            .iter()
            .map(|g| (g.title.as_deref(), g.steps.len()))
            .collect();
        assert_eq!(shape, vec![(None, 2), (Some("Serve"), 1), (None, 1)]);
    }
}
