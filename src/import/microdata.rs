//! schema.org microdata (https://html.spec.whatwg.org/multipage/microdata.html): pages that
//! mark their recipe up with `itemscope itemtype="https://schema.org/Recipe"` and
//! `itemprop="…"` attributes instead of JSON-LD. The item is turned into the JSON-LD it
//! stands for and read by the same code as JSON-LD, so both sources mean the same.

use std::path::Path;

use scraper::{ElementRef, Html};
use serde_json::{Map, Value};

use super::dom::selector;
use super::jsonld;
use crate::error::Diagnostic;
use crate::recipe::Recipe;

/// How deep items may nest inside items.
const MAX_DEPTH: usize = 8;
/// The most properties read from one item (a page is not a recipe of ten thousand lines).
const MAX_PROPERTIES: usize = 5000;

/// Whether an element's `itemtype` names schema.org's Recipe.
fn is_recipe(el: &ElementRef) -> bool {
    el.attr("itemtype").is_some_and(|types| {
        types.split_whitespace().any(|t| {
            let name = t.trim_end_matches('/').rsplit(['/', '#', ':']).next();
            name.is_some_and(|n| n.eq_ignore_ascii_case("recipe"))
        })
    })
}

fn first_recipe_item(doc: &Html) -> Option<ElementRef<'_>> {
    doc.select(&selector("[itemscope][itemtype]"))
        .find(is_recipe)
}

/// Whether the page has a microdata Recipe.
pub fn has_recipe(doc: &Html) -> bool {
    first_recipe_item(doc).is_some()
}

/// The first microdata Recipe of the page, read as JSON-LD; `None` when there is none.
/// `langs` are the page's declared languages.
pub fn recipe(path: &Path, doc: &Html, langs: &[String]) -> Option<Result<Recipe, Diagnostic>> {
    let item = first_recipe_item(doc)?;
    let node = item_value(item, 0);
    let graph = jsonld::Graph::default();
    Some(jsonld::build(
        path,
        &node,
        &graph,
        crate::error::Span::start(),
        langs,
    ))
}

/// An item as a JSON-LD node: `@type` from `itemtype`, each property's values as a list.
pub fn item_value(item: ElementRef, depth: usize) -> Value {
    let mut map = Map::new();
    if let Some(types) = item.attr("itemtype") {
        let names: Vec<Value> = types
            .split_whitespace()
            .map(|t| {
                Value::String(
                    t.trim_end_matches('/')
                        .rsplit('/')
                        .next()
                        .unwrap_or(t)
                        .into(),
                )
            })
            .collect();
        map.insert("@type".into(), Value::Array(names));
    }
    let mut count = 0;
    collect(item, depth, &mut map, &mut count);
    // A property given once is a value, as JSON-LD writes it (`"name": "Ann"`), so that
    // nested items (an author, a step) read like their JSON-LD twins.
    for value in map.values_mut() {
        if let Value::Array(list) = value {
            if list.len() == 1 {
                *value = list.remove(0);
            }
        }
    }
    Value::Object(map)
}

/// The properties under `el` that belong to this item: not those inside a nested item,
/// which are the nested item's.
fn collect(el: ElementRef, depth: usize, map: &mut Map<String, Value>, count: &mut usize) {
    for child in el.child_elements() {
        if *count >= MAX_PROPERTIES {
            return;
        }
        let nested = child.attr("itemscope").is_some();
        if let Some(props) = child.attr("itemprop") {
            let value = if nested {
                if depth >= MAX_DEPTH {
                    continue;
                }
                item_value(child, depth + 1)
            } else {
                property_value(child)
            };
            for name in props.split_whitespace() {
                // A full URL names the property too: "https://schema.org/name".
                let name = name.rsplit('/').next().unwrap_or(name);
                *count += 1;
                let values = map
                    .entry(name.to_string())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = values {
                    list.push(value.clone());
                }
            }
        }
        if !nested {
            collect(child, depth, map, count);
        }
    }
}

/// A property's value by the element it is on, as the microdata spec says: `content` for
/// `<meta>`, the address for links and media, `datetime` for `<time>`, `value` for
/// `<data>`/`<meter>`; else the element's text (with its markup, which the JSON-LD reader
/// cleans as it cleans HTML in JSON-LD text).
fn property_value(el: ElementRef) -> Value {
    let name = el.value().name();
    let attr = match name {
        "meta" => Some("content"),
        "a" | "area" | "link" => Some("href"),
        "img" | "audio" | "video" | "source" | "iframe" | "embed" | "track" => Some("src"),
        "object" => Some("data"),
        "data" | "meter" => Some("value"),
        "time" => Some("datetime"),
        _ => None,
    };
    if let Some(value) = attr.and_then(|a| el.attr(a)) {
        return Value::String(value.to_string());
    }
    // Some pages put the value in `content` on any element.
    if let Some(value) = el.attr("content") {
        return Value::String(value.to_string());
    }
    Value::String(el.inner_html())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<html><body>
<div itemscope itemtype="http://schema.org/Recipe">
  <h1 itemprop="name">Pancakes</h1>
  <img itemprop="image" src="pancakes.jpg">
  <meta itemprop="prepTime" content="PT10M">
  <span itemprop="recipeYield">4 servings</span>
  <div itemprop="author" itemscope itemtype="http://schema.org/Person"><span itemprop="name">Ann</span></div>
  <ul><li itemprop="recipeIngredient">2 eggs</li><li itemprop="recipeIngredient">200 g flour</li></ul>
  <ol itemprop="recipeInstructions"><li>Mix.</li><li>Fry <b>gently</b>.</li></ol>
</div></body></html>"#;

    #[test]
    fn microdata_recipe_reads_as_json_ld() {
        let doc = Html::parse_document(PAGE);
        let r = recipe(Path::new("p.html"), &doc, &[]).unwrap().unwrap();
        assert_eq!(r.title, "Pancakes");
        assert_eq!(r.author.as_deref(), Some("Ann"));
        assert_eq!(r.time.prep, Some(10));
        assert_eq!(r.servings.unwrap().text, "4 servings");
        let items: Vec<&str> = r.ingredients[0]
            .items
            .iter()
            .map(|i| i.item.as_str())
            .collect();
        assert_eq!(items, ["eggs", "flour"]);
        let steps: Vec<&str> = r.steps[0].steps.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(steps, ["Mix.", "Fry **gently**."]);
    }
}
