//! schema.org `Recipe` in JSON-LD, as websites publish it (https://schema.org/Recipe):
//! the Recipe may be the document, sit in a list or a `@graph`, or hang off a `WebPage`'s
//! `mainEntity`; properties come in every shape the vocabulary allows (text, number, list,
//! object, `@id` reference into the graph).

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::assemble;
use super::assemble::non_empty;
use super::bundle::{self, parse_value, scalar};
use super::clean::{clean, clean_line};
use crate::error::{Diagnostic, Span};
use crate::recipe::model::{IngredientGroup, PhotoRef, Recipe, Step, StepGroup, Times};
use crate::recipe::parse_minutes;
use crate::recipe::{ingredient, language};

/// How deep the search for a Recipe node goes.
const MAX_SEARCH_DEPTH: usize = 12;

/// NutritionInformation properties and the labels we print, in print order.
pub(crate) const NUTRITION: &[(&str, &str)] = &[
    ("servingSize", "serving size"),
    ("calories", "calories"),
    ("fatContent", "fat"),
    ("saturatedFatContent", "saturated fat"),
    ("transFatContent", "trans fat"),
    ("unsaturatedFatContent", "unsaturated fat"),
    ("cholesterolContent", "cholesterol"),
    ("sodiumContent", "sodium"),
    ("carbohydrateContent", "carbohydrates"),
    ("fiberContent", "fiber"),
    ("sugarContent", "sugar"),
    ("proteinContent", "protein"),
];

/// Whether the start of a JSON document looks like JSON-LD (rather than our format or
/// Paprika's).
pub fn looks_like_jsonld(head: &str) -> bool {
    head.contains("\"@context\"") || head.contains("\"@type\"") || head.contains("\"@graph\"")
}

/// Reads a `.json` file holding schema.org JSON-LD.
pub fn parse_json(path: &Path, text: &str) -> Result<Recipe, Diagnostic> {
    let value = parse_value(path, text, 0, text)?;
    let mut types = Vec::new();
    match find_recipe(&value, &mut types) {
        Some((node, graph)) => build(path, node, &graph, Span::start(), &[]),
        None => Err(no_recipe(path, Span::start(), &types, false)),
    }
}

/// Parses JSON as browsers and schema.org's own tools accept it from web pages: when strict
/// JSON fails, it is repaired (raw line breaks inside strings, `\'`, trailing commas: see
/// [`super::lenient::repair`]), and text after the first complete value (a stray `;`, a
/// second object) is ignored. The strict error is reported
/// when neither helps.
pub(crate) fn parse_lenient(
    path: &Path,
    json: &str,
    offset: usize,
    whole: &str,
) -> Result<Value, Diagnostic> {
    let strict = match parse_value(path, json, offset, whole) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    let escaped = super::lenient::repair(json);
    let first_value = |text: &str| {
        serde_json::Deserializer::from_str(text)
            .into_iter::<Value>()
            .next()
            .and_then(Result::ok)
    };
    serde_json::from_str(&escaped)
        .ok()
        .or_else(|| first_value(&escaped))
        .ok_or(strict)
}

/// The error for JSON-LD without a Recipe, naming the types that were there.
pub(crate) fn no_recipe(path: &Path, at: Span, types: &[String], page: bool) -> Diagnostic {
    let mut seen: Vec<&str> = Vec::new();
    for t in types {
        if !seen.contains(&t.as_str()) {
            seen.push(t);
        }
    }
    let found = if seen.is_empty() {
        String::new()
    } else {
        format!(
            " (found {})",
            seen.iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let what = if page {
        "this page's JSON-LD"
    } else {
        "this JSON-LD"
    };
    Diagnostic::new(path, Some(at), format!("no schema.org Recipe in {what}{found}"))
        .with_help("save the page of the recipe itself (its JSON-LD has `\"@type\": \"Recipe\"`), or write the recipe in YAML")
}

/// Nodes with an `@id`, for resolving references like `"author": {"@id": "#person"}`, and
/// what following them may still produce: references can repeat a large text many times or
/// form cycles with fan-out, so every visit and every byte of text taken is charged.
#[derive(Default)]
pub(crate) struct Graph<'a> {
    nodes: HashMap<&'a str, &'a Value>,
    work: crate::budget::Expansion,
}

impl Graph<'_> {
    /// Charges text taken from the document; `false` once the budget is spent.
    fn produce(&self, text: &str) -> bool {
        self.work.produce(text.len())
    }
}

/// The error for a document whose references expand to more than the budget.
fn expands_too_much(path: &Path, at: Span) -> Diagnostic {
    Diagnostic::new(
        path,
        Some(at),
        format!(
            "this JSON-LD's references (`@id`) expand to too much: more than {} of text or {} nodes",
            crate::input::human_bytes(crate::budget::MAX_EXPANDED_BYTES),
            crate::budget::MAX_VISITS
        ),
    )
    .with_help("each `{\"@id\": …}` repeats the node it refers to; a recipe refers to a few")
}

/// Finds the first Recipe node; collects the types it passed on the way (for the error).
pub(crate) fn find_recipe<'a>(
    root: &'a Value,
    types: &mut Vec<String>,
) -> Option<(&'a Value, Graph<'a>)> {
    let mut graph = Graph::default();
    index(root, &mut graph, 0);
    search(root, types, 0).map(|node| (node, graph))
}

fn index<'a>(v: &'a Value, graph: &mut Graph<'a>, depth: usize) {
    if depth > MAX_SEARCH_DEPTH {
        return;
    }
    match v {
        Value::Object(map) => {
            if let Some(id) = map.get("@id").and_then(Value::as_str) {
                // The full node, not a bare reference to it.
                if map.len() > 1 {
                    graph.nodes.entry(id).or_insert(v);
                }
            }
            for child in map.values() {
                index(child, graph, depth + 1);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| index(i, graph, depth + 1)),
        _ => {}
    }
}

fn search<'a>(v: &'a Value, types: &mut Vec<String>, depth: usize) -> Option<&'a Value> {
    if depth > MAX_SEARCH_DEPTH {
        return None;
    }
    match v {
        Value::Object(map) => {
            let t = type_names(v);
            if t.iter().any(|t| t.eq_ignore_ascii_case("Recipe")) {
                return Some(v);
            }
            types.extend(t);
            // `@graph` and `mainEntity` first, then everything else.
            for key in ["@graph", "mainEntity"] {
                if let Some(found) = map.get(key).and_then(|c| search(c, types, depth + 1)) {
                    return Some(found);
                }
            }
            map.iter()
                .filter(|(k, _)| *k != "@graph" && *k != "mainEntity")
                .find_map(|(_, c)| search(c, types, depth + 1))
        }
        Value::Array(items) => items.iter().find_map(|i| search(i, types, depth + 1)),
        _ => None,
    }
}

/// `@type` as a string or a list, without a `schema:` or `https://schema.org/` prefix.
fn type_names(v: &Value) -> Vec<String> {
    let strip = |s: &str| {
        let s = s.trim();
        let s = s
            .strip_prefix("http://schema.org/")
            .or_else(|| s.strip_prefix("https://schema.org/"))
            .or_else(|| s.strip_prefix("schema:"))
            .unwrap_or(s);
        s.to_string()
    };
    match v.get("@type") {
        Some(Value::String(s)) => vec![strip(s)],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(strip).collect(),
        _ => Vec::new(),
    }
}

fn is_type(v: &Value, name: &str) -> bool {
    type_names(v).iter().any(|t| t.eq_ignore_ascii_case(name))
}

/// Follows an `{"@id": …}` reference into the graph. Every call is a visit; once the
/// budget is spent, everything resolves to `null`, which ends every walk.
fn resolve<'a>(v: &'a Value, graph: &Graph<'a>) -> &'a Value {
    static NULL: Value = Value::Null;
    if !graph.work.visit() {
        return &NULL;
    }
    match v {
        Value::Object(map) if map.len() == 1 => map
            .get("@id")
            .and_then(Value::as_str)
            .and_then(|id| graph.nodes.get(id).copied())
            .unwrap_or(v),
        _ => v,
    }
}

/// Text from a string, a number, a list of them, or an object's `name`/`text`/`@value`.
fn texts(v: &Value, graph: &Graph) -> Vec<String> {
    let v = resolve(v, graph);
    let found = match v {
        Value::Array(items) => return items.iter().flat_map(|i| texts(i, graph)).collect(),
        Value::Object(map) => ["name", "text", "@value"]
            .iter()
            .find_map(|k| map.get(*k).and_then(scalar)),
        other => scalar(other),
    };
    found.filter(|t| graph.produce(t)).into_iter().collect()
}

fn first_text(v: Option<&Value>, graph: &Graph) -> Option<String> {
    texts(v?, graph)
        .into_iter()
        .map(|t| clean_line(&t))
        .find(|t| !t.is_empty())
}

/// Builds our recipe from a Recipe node; `at` is where the node's JSON starts, and
/// `page_langs` are the languages the page around it declares (after the node's own).
pub(crate) fn build(
    path: &Path,
    node: &Value,
    graph: &Graph,
    at: Span,
    page_langs: &[String],
) -> Result<Recipe, Diagnostic> {
    let get = |k: &str| node.get(k);
    let Some(title) = first_text(get("name"), graph).or_else(|| first_text(get("headline"), graph))
    else {
        return Err(Diagnostic::new(path, Some(at), "the schema.org Recipe has no `name`")
            .with_help("a recipe needs a title: add `\"name\": \"…\"` to the Recipe, or convert it and write `title:` in the YAML"));
    };
    let mut r = Recipe {
        file: path.to_path_buf(),
        title,
        lang: "en".into(),
        ..Recipe::default()
    };
    r.subtitle = first_text(get("alternateName"), graph).filter(|s| *s != r.title);
    r.description = get("description").and_then(|d| {
        texts(d, graph)
            .into_iter()
            .map(|t| clean(&t))
            .find(|t| !t.is_empty())
    });
    let authors: Vec<String> = get("author")
        .map(|a| texts(a, graph))
        .unwrap_or_default()
        .iter()
        .map(|a| clean_line(a))
        .filter(|a| !a.is_empty())
        .collect();
    r.author = non_empty(authors.join(", "));
    r.source = source(node, graph);
    r.servings = get("recipeYield").and_then(|y| servings(y, graph));
    r.time = Times {
        prep: get("prepTime").and_then(minutes),
        cook: get("cookTime").and_then(minutes),
        rest: None,
        total: get("totalTime").and_then(minutes),
    };
    for key in ["recipeCategory", "recipeCuisine", "keywords"] {
        let Some(v) = get(key) else { continue };
        let tags = texts(v, graph)
            .into_iter()
            .flat_map(|t| t.split(',').map(str::to_string).collect::<Vec<_>>());
        assemble::push_tags(&mut r.tags, tags);
    }
    r.photo = photo(path, get("image"), graph, &r.title);
    r.ingredients = ingredients(
        get("recipeIngredient").or_else(|| get("ingredients")),
        graph,
    );
    r.steps = instructions(get("recipeInstructions"), graph);
    r.nutrition = nutrition(get("nutrition"), graph);
    let declared: Vec<String> = first_text(get("inLanguage"), graph)
        .into_iter()
        .chain(page_langs.iter().cloned())
        .collect();
    if graph.work.exceeded() {
        return Err(expands_too_much(path, at));
    }
    language::settle(&mut r, &declared);
    Ok(r)
}

fn source(node: &Value, graph: &Graph) -> Option<crate::recipe::model::Source> {
    let page = node.get("mainEntityOfPage").map(|p| resolve(p, graph));
    let candidates = [
        node.get("url").and_then(scalar),
        page.and_then(scalar),
        page.and_then(|p| p.get("@id")).and_then(scalar),
        page.and_then(|p| p.get("url")).and_then(scalar),
        node.get("@id").and_then(scalar),
    ];
    let url = candidates
        .into_iter()
        .flatten()
        .find(|u| crate::recipe::norm::is_web_url(u.trim()))?;
    let name = node
        .get("publisher")
        .and_then(|p| first_text(Some(p), graph))
        .filter(|n| !n.is_empty());
    // A fragment identifies a node, not the page.
    let url = url.trim().split('#').next().unwrap_or("").to_string();
    assemble::source(&url, name)
}

/// A duration: ISO 8601 or spoken text, a number of minutes, a `Duration` node
/// (`{"@type": "Duration", "@value": "PT30M"}`), or the first of a list of them.
fn minutes(v: &Value) -> Option<u32> {
    match v {
        Value::Array(items) => items.iter().find_map(minutes),
        Value::Object(map) => ["@value", "value", "duration", "name"]
            .iter()
            .find_map(|k| map.get(*k).and_then(minutes)),
        Value::String(s) => parse_minutes(s).filter(|m| *m > 0),
        Value::Number(n) => n
            .as_f64()
            .and_then(crate::recipe::duration::round)
            .filter(|m| *m > 0),
        _ => None,
    }
}

/// `recipeYield`: "4", 4, "4 servings", or a list like `["4", "4 servings"]` (the most
/// descriptive entry wins).
fn servings(v: &Value, graph: &Graph) -> Option<crate::recipe::model::Servings> {
    let all: Vec<String> = yield_texts(v, graph)
        .into_iter()
        .map(|t| clean_line(&t))
        .filter(|t| !t.is_empty())
        .collect();
    let best = all
        .iter()
        .find(|t| t.parse::<f64>().is_err())
        .or_else(|| all.first())?;
    assemble::servings(best)
}

/// `recipeYield` entries as text; a `QuantitativeValue` reads as its value and unit
/// (`{"value": 6, "unitText": "servings"}` → "6 servings").
fn yield_texts(v: &Value, graph: &Graph) -> Vec<String> {
    let v = resolve(v, graph);
    match v {
        Value::Array(items) => items.iter().flat_map(|i| yield_texts(i, graph)).collect(),
        Value::Object(map) if map.contains_key("value") || map.contains_key("@value") => {
            let value = map.get("value").or_else(|| map.get("@value"));
            let unit = ["unitText", "unitCode"]
                .iter()
                .find_map(|k| map.get(*k).and_then(scalar));
            let words: Vec<String> = value.and_then(scalar).into_iter().chain(unit).collect();
            vec![words.join(" ")]
        }
        other => texts(other, graph),
    }
}

fn photo(path: &Path, v: Option<&Value>, graph: &Graph, title: &str) -> Option<PhotoRef> {
    let url = v.and_then(|v| image_url(v, graph, 0));
    let (written, resolved) = bundle::local_photo(path, url.as_deref())?;
    Some(bundle::photo_ref(written, resolved, title))
}

fn image_url(v: &Value, graph: &Graph, depth: usize) -> Option<String> {
    if depth > 4 {
        return None;
    }
    match resolve(v, graph) {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items.iter().find_map(|i| image_url(i, graph, depth + 1)),
        Value::Object(map) => ["url", "contentUrl", "@id"]
            .iter()
            .find_map(|k| map.get(*k).and_then(Value::as_str))
            .map(str::to_string),
        _ => None,
    }
}

fn ingredients(v: Option<&Value>, graph: &Graph) -> Vec<IngredientGroup> {
    let items: Vec<_> = v
        .map(|v| texts(v, graph))
        .unwrap_or_default()
        .iter()
        // One string may hold every line: "2 eggs\n200 g flour".
        .flat_map(|text| clean(text).lines().map(clean_line).collect::<Vec<_>>())
        .filter(|line| !line.is_empty())
        .map(|line| ingredient::split(&line))
        .collect();
    if items.is_empty() {
        Vec::new()
    } else {
        vec![IngredientGroup { title: None, items }]
    }
}

/// `recipeInstructions`: text, a list of texts, `HowToStep`s, `HowToSection`s of steps, or
/// an `ItemList` of any of those.
fn instructions(v: Option<&Value>, graph: &Graph) -> Vec<StepGroup> {
    let mut groups: Vec<StepGroup> = Vec::new();
    if let Some(v) = v {
        collect_instructions(v, graph, &mut groups, 0);
    }
    assemble::merge_untitled(groups)
}

fn untitled(groups: &mut Vec<StepGroup>) -> &mut StepGroup {
    if groups.last().is_none_or(|g| g.title.is_some()) {
        groups.push(StepGroup::default());
    }
    groups.last_mut().expect("just pushed")
}

fn collect_instructions(v: &Value, graph: &Graph, groups: &mut Vec<StepGroup>, depth: usize) {
    if depth > 6 {
        return;
    }
    let v = resolve(v, graph);
    match v {
        Value::String(s) if graph.produce(s) => untitled(groups).steps.extend(steps_from_text(s)),
        Value::Array(items) => {
            for item in items {
                collect_instructions(item, graph, groups, depth + 1);
            }
        }
        Value::Object(map) if is_type(v, "HowToSection") => {
            let title = map
                .get("name")
                .and_then(scalar)
                .map(|n| clean_line(&n))
                .filter(|n| !n.is_empty());
            let mut inner = Vec::new();
            for key in ["itemListElement", "steps"] {
                if let Some(list) = map.get(key) {
                    collect_instructions(list, graph, &mut inner, depth + 1);
                }
            }
            let steps: Vec<Step> = inner.into_iter().flat_map(|g| g.steps).collect();
            if title.is_some() {
                groups.push(StepGroup { title, steps });
            } else {
                untitled(groups).steps.extend(steps);
            }
        }
        Value::Object(map) if map.contains_key("itemListElement") && !map.contains_key("text") => {
            collect_instructions(&map["itemListElement"], graph, groups, depth + 1);
        }
        Value::Object(map) => {
            // HowToStep, HowToDirection, HowToTip, or an untyped {text}.
            let body = match map.get("text").and_then(scalar) {
                Some(t) if !graph.produce(&t) => return,
                Some(t) => clean(&t),
                None => map
                    .get("itemListElement")
                    .map(|l| {
                        texts(l, graph)
                            .iter()
                            .map(|t| clean(t))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default(),
            };
            let name = map
                .get("name")
                .and_then(scalar)
                .map(|n| clean_line(&n))
                .unwrap_or_default();
            let body = assemble::strip_numbering(&body).to_string();
            let step = match (body.is_empty(), name.is_empty()) {
                (true, true) => return,
                (true, false) => Step {
                    title: None,
                    text: name,
                },
                (false, _) if redundant(&name, &body) => Step {
                    title: None,
                    text: body,
                },
                (false, false) => Step {
                    title: Some(name),
                    text: body,
                },
                (false, true) => Step {
                    title: None,
                    text: body,
                },
            };
            untitled(groups).steps.push(step);
        }
        _ => {}
    }
}

/// A step name that only repeats the start of its text, or says "Step 3".
pub(crate) fn redundant(name: &str, body: &str) -> bool {
    let key = |s: &str| {
        s.to_lowercase()
            .trim_end_matches(['.', '…', ' '])
            .trim_end_matches("...")
            .to_string()
    };
    let (n, b) = (key(name), key(body));
    let numbered = n
        .strip_prefix("step")
        .is_some_and(|r| r.trim().chars().all(|c| c.is_ascii_digit()));
    n.is_empty() || numbered || b.starts_with(&n) || n.starts_with(&b)
}

/// Steps in one block of text: paragraphs, or lines when there are no paragraphs.
pub(crate) fn steps_from_text(raw: &str) -> Vec<Step> {
    let cleaned = clean(raw);
    let parts: Vec<&str> = if cleaned.contains("\n\n") {
        cleaned.split("\n\n").collect()
    } else {
        cleaned.split('\n').collect()
    };
    parts
        .into_iter()
        .map(|p| assemble::strip_numbering(p.trim()).to_string())
        .map(|p| crate::recipe::norm::text(&p, crate::recipe::norm::Style::Literal))
        .filter(|p| !p.is_empty())
        .map(|text| Step { title: None, text })
        .collect()
}

fn nutrition(v: Option<&Value>, graph: &Graph) -> Vec<(String, String)> {
    let Some(v) = v.map(|v| resolve(v, graph)) else {
        return Vec::new();
    };
    NUTRITION
        .iter()
        .filter_map(|(key, label)| {
            let value = v.get(*key).and_then(scalar).map(|s| clean_line(&s))?;
            (!value.is_empty()).then(|| (label.to_string(), value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Recipe, Diagnostic> {
        parse_json(Path::new("r.json"), json)
    }

    #[test]
    fn minimal_recipe() {
        let r = parse(r#"{"@context":"https://schema.org","@type":"Recipe","name":"Toast","recipeIngredient":["2 slices bread"],"recipeInstructions":"Toast it."}"#).unwrap();
        assert_eq!(r.title, "Toast");
        assert_eq!(r.ingredients[0].items[0].item, "bread");
        assert_eq!(r.steps[0].steps[0].text, "Toast it.");
    }

    #[test]
    fn type_as_list_and_yield_as_list() {
        let r = parse(r#"{"@type":["Recipe","NewsArticle"],"name":"X","recipeYield":["4","4 bowls"],"prepTime":"PT1H5M"}"#).unwrap();
        assert_eq!(r.servings.unwrap().text, "4 bowls");
        assert_eq!(r.time.prep, Some(65));
    }

    #[test]
    fn syntax_error_is_located() {
        let e = parse("{\n  \"@type\": \"Recipe\",\n  \"name\": \"X\"\n  \"x\": 1\n}").unwrap_err();
        assert_eq!(e.span, Some(Span::new(4, 3)));
        assert_eq!(e.message, "invalid JSON: expected `,` or `}`");
    }

    #[test]
    fn no_recipe_names_types() {
        let e = parse(r#"{"@context":"https://schema.org","@type":"WebSite","name":"Blog"}"#)
            .unwrap_err();
        assert_eq!(
            e.message,
            "no schema.org Recipe in this JSON-LD (found `WebSite`)"
        );
    }

    #[test]
    fn step_names_that_repeat_the_text_are_dropped() {
        assert!(redundant("Preheat the oven", "Preheat the oven to 200 °C."));
        assert!(redundant("Step 2", "Mix."));
        assert!(!redundant("Make the dough", "Mix flour and water."));
    }
}
