//! `Value` → [`Recipe`]: checks every field, keeps going after a problem, and records each
//! problem with the path of the node it concerns (located later, see `locate`).

use std::path::Path;

use serde_yaml::{Mapping, Value};

use super::duration;
use super::fields::{self, Shape};
use super::locate::Locator;
use super::model::{Direction, Fit, PhotoRef, Recipe, Servings, Source, Times};
use super::norm::{self, Style};
use super::problem::{At, NodePath, Problem, Target};
use super::yaml::key_text;
use crate::error::Span;

/// The conversion state: the problems so far, and a way to look at the source text.
pub(crate) struct FromValue<'a> {
    pub problems: Vec<Problem>,
    /// Finds nodes in the source, to tell `|` blocks from folded text.
    source: &'a Locator<'a>,
    /// Photo paths are relative to the recipe file's directory.
    dir: &'a Path,
}

/// Converts a parsed document; problems are returned with the (possibly partial) recipe.
pub(crate) fn recipe(value: &Value, file: &Path, source: &Locator) -> (Recipe, Vec<Problem>) {
    let dir = file.parent().unwrap_or(Path::new(""));
    let mut conv = FromValue {
        problems: Vec::new(),
        source,
        dir,
    };
    let mut recipe = Recipe {
        file: file.to_path_buf(),
        lang: "en".into(),
        ..Recipe::default()
    };
    match value {
        Value::Mapping(map) => conv.fields(map, &mut recipe),
        Value::Null => conv.problems.push(
            Problem::at_start("the file is empty").help("a recipe needs at least a `title`"),
        ),
        other => conv.problems.push(
            Problem::at_start(format!(
                "a recipe must be a mapping of fields like `title: …`, found {}",
                fields::kind(other)
            ))
            .help("start with a line like `title: Vietnamese Caramelised Pork`, then one `field: value` per line"),
        ),
    }
    (recipe, conv.problems)
}

impl FromValue<'_> {
    /// The top-level fields, in file order.
    fn fields(&mut self, map: &Mapping, r: &mut Recipe) {
        let root = NodePath::root();
        let mut title_seen = false;
        for (k, v) in map {
            let key = key_text(k);
            let path = root.key(&key);
            match key.as_str() {
                "title" => {
                    title_seen = true;
                    r.title = self.required_text(v, &path, "title").unwrap_or_default();
                }
                "subtitle" => r.subtitle = self.field_text(v, &path),
                "description" => r.description = self.field_text(v, &path),
                "author" => r.author = self.field_text(v, &path),
                "source" => r.source = self.source(v, &path),
                "lang" => r.lang = self.lang(v, &path).unwrap_or(r.lang.clone()),
                "dir" => r.dir = self.dir(v, &path),
                "servings" | "yield" => self.servings(v, &path, &key, map, &mut r.servings),
                "time" => r.time = self.times(v, &path),
                "tags" => r.tags = self.tags(v, &path),
                "photo" => r.photo = self.photo(v, &path),
                "ingredients" => r.ingredients = self.ingredients(v, &path),
                "steps" => r.steps = self.steps(v, &path),
                "notes" => r.notes = self.notes(v, &path),
                "sections" => r.sections = self.sections(v, &path),
                "faq" => r.faq = self.faq(v, &path),
                "nutrition" => r.nutrition = self.nutrition(v, &path),
                _ => self.unknown(&key, &path, &fields::RECIPE),
            }
        }
        if !title_seen {
            self.problems.push(
                Problem::at_start("missing `title`")
                    .help("add a line like `title: Vietnamese Caramelised Pork` at the top"),
            );
        }
    }

    // ----- shared helpers -------------------------------------------------------------

    pub(super) fn unknown(&mut self, key: &str, path: &NodePath, shape: &Shape) {
        self.problems.push(
            Problem::new(
                At::key(path),
                format!("unknown field `{key}`{}", shape.context),
            )
            .help(fields::suggest(key, shape)),
        );
    }

    /// Reports the keys of `map` that `shape` does not know.
    pub(super) fn check_fields(&mut self, map: &Mapping, path: &NodePath, shape: &Shape) {
        for k in map.keys() {
            let key = key_text(k);
            if !shape.fields.contains(&key.as_str()) {
                self.unknown(&key, &path.key(&key), shape);
            }
        }
    }

    pub(super) fn type_error(
        &mut self,
        v: &Value,
        path: &NodePath,
        what: &str,
        expected: &str,
        help: &str,
    ) {
        // An empty value has no position of its own worth pointing at; its key has.
        let at = if v.is_null() {
            At::key(path)
        } else {
            At::value(path)
        };
        self.problems.push(
            Problem::new(
                at,
                format!("`{what}` must be {expected}, found {}", fields::kind(v)),
            )
            .help(help),
        );
    }

    /// Text from a scalar (numbers and true/false are taken as written), normalised.
    /// `None` for an empty value; lists and mappings are reported.
    pub(super) fn text(
        &mut self,
        v: &Value,
        path: &NodePath,
        what: &str,
        help: &str,
    ) -> Option<String> {
        let raw = match v {
            Value::Null => return None,
            Value::String(s) => s.clone(),
            Value::Number(n) => norm::number(n),
            Value::Bool(b) => b.to_string(),
            _ => {
                self.type_error(v, path, what, "text", help);
                return None;
            }
        };
        let style = if raw.contains('\n') {
            self.style(path)
        } else {
            Style::Literal
        };
        Some(norm::text(&raw, style)).filter(|t| !t.is_empty())
    }

    /// Optional top-level text.
    fn field_text(&mut self, v: &Value, path: &NodePath) -> Option<String> {
        let name = path.to_string();
        self.text(v, path, &name, fields::spec(&name).example)
    }

    /// Text that must be there and not be empty; reported at the key when empty.
    pub(super) fn required_text(
        &mut self,
        v: &Value,
        path: &NodePath,
        what: &str,
    ) -> Option<String> {
        if matches!(v, Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_)) {
            self.text(v, path, what, fields::spec(what).example);
            return None;
        }
        let text = self.text(v, path, what, "");
        if text.is_none() {
            self.problems.push(
                Problem::new(At::key(path), format!("`{what}` is empty")).help(format!(
                    "write the {} after `{what}:`",
                    if what == "title" {
                        "recipe's name"
                    } else {
                        "text"
                    }
                )),
            );
        }
        text
    }

    /// Whether a multi-line string was a `|` block, found by looking at the source.
    fn style(&self, path: &NodePath) -> Style {
        let Some(found) = self.source.find(path, Target::Value) else {
            return Style::Literal;
        };
        match self.source.text()[found.offset..].chars().next() {
            Some('|') => Style::Literal,
            _ => Style::Folded,
        }
    }

    fn span(&self, path: &NodePath) -> Span {
        self.source
            .find(path, Target::Value)
            .map_or(Span::start(), |l| l.span)
    }

    // ----- top-level fields -----------------------------------------------------------

    fn source(&mut self, v: &Value, path: &NodePath) -> Option<Source> {
        let (url_path, url, name) = match v {
            Value::Null => return None,
            Value::Mapping(map) => {
                self.check_fields(map, path, &fields::SOURCE);
                let name = map
                    .get("name")
                    .and_then(|n| self.text(n, &path.key("name"), "source.name", ""));
                let Some(url) = map.get("url") else {
                    self.problems.push(
                        Problem::new(At::value(path), "`source` needs a `url`")
                            .help("write `source: { url: https://example.com/recipe, name: My Food Blog }`"),
                    );
                    return None;
                };
                (path.key("url"), url, name)
            }
            other => (path.clone(), other, None),
        };
        let what = url_path.to_string();
        let url = self.text(url, &url_path, &what, fields::spec("source").example)?;
        if !norm::is_web_url(&url) {
            self.problems.push(
                Problem::new(
                    At::value(&url_path),
                    format!("`{what}` must be a web address starting with http:// or https://, found `{url}`"),
                )
                .help("write the full address, e.g. https://example.com/recipe"),
            );
            return None;
        }
        Some(Source {
            url,
            name,
            span: self.span(&url_path),
        })
    }

    fn dir(&mut self, v: &Value, path: &NodePath) -> Option<Direction> {
        let raw = self.text(v, path, "dir", fields::spec("dir").example)?;
        match raw.trim().to_ascii_lowercase().as_str() {
            "rtl" => Some(Direction::RightToLeft),
            "ltr" => Some(Direction::LeftToRight),
            _ => {
                self.problems.push(
                    Problem::new(
                        At::value(path),
                        format!("`dir` must be `rtl` or `ltr`, found `{raw}`"),
                    )
                    .help("write `dir: rtl` for right-to-left text (Arabic, Hebrew…), or leave it out: the language decides"),
                );
                None
            }
        }
    }

    fn lang(&mut self, v: &Value, path: &NodePath) -> Option<String> {
        let raw = self.text(v, path, "lang", fields::spec("lang").example)?;
        if let Some(tag) = norm::lang_tag(&raw) {
            return Some(tag);
        }
        let hint = norm::language_named(&raw)
            .map(str::to_string)
            .or_else(|| norm::lang_tag(&raw.replace('_', "-")))
            .map_or("use a BCP-47 language tag: a two-letter language code, optionally with a region, e.g. `fr-CA`".to_string(), |tag| {
                format!("did you mean `{tag}`?")
            });
        self.problems.push(
            Problem::new(
                At::value(path),
                format!("`lang` must be a language tag like `en`, `de` or `pt-BR`, found `{raw}`"),
            )
            .help(hint),
        );
        None
    }

    /// `servings: 4`, `servings: 4 bowls` or `yield: 12 cookies`; only one of the two.
    fn servings(
        &mut self,
        v: &Value,
        path: &NodePath,
        key: &str,
        map: &Mapping,
        out: &mut Option<Servings>,
    ) {
        if key == "yield" && map.contains_key("servings") {
            self.problems.push(
                Problem::new(At::key(path), "give either `servings` or `yield`, not both").help(
                    "`servings: 4` says how many it serves; `yield: 12 cookies` says what it makes",
                ),
            );
            return;
        }
        let spec = fields::spec(key);
        let (amount, written, text) = match v {
            Value::Null => return,
            Value::Number(n) => {
                let amount = n.as_f64().unwrap_or(0.0);
                let number = norm::number(n);
                let text = match (key, amount == 1.0) {
                    ("yield", _) => number.clone(),
                    (_, true) => "1 serving".to_string(),
                    _ => format!("{number} servings"),
                };
                (Some(amount), number, text)
            }
            _ => {
                let Some(text) = self.text(v, path, key, spec.example) else {
                    return;
                };
                let amount = match text.strip_prefix('-') {
                    Some(rest) => duration::number(rest).map(|(n, _)| -n),
                    None => duration::number(&text).map(|(n, _)| n),
                };
                (amount, format!("`{text}`"), text)
            }
        };
        if amount.is_some_and(|a| a <= 0.0) {
            self.problems.push(
                Problem::new(
                    At::value(path),
                    format!("`{key}` must be more than zero, found {written}"),
                )
                .help(spec.example),
            );
            return;
        }
        *out = Some(Servings { amount, text });
    }

    fn times(&mut self, v: &Value, path: &NodePath) -> Times {
        let mut times = Times::default();
        match v {
            Value::Null => {}
            // `time: 45 min` is read as the total time.
            Value::String(_) | Value::Number(_) => times.total = self.minutes(v, path, "time"),
            Value::Mapping(map) => {
                for (k, value) in map {
                    let key = key_text(k);
                    let p = path.key(&key);
                    let what = format!("time.{key}");
                    match key.as_str() {
                        "prep" => times.prep = self.minutes(value, &p, &what),
                        "cook" => times.cook = self.minutes(value, &p, &what),
                        "rest" => times.rest = self.minutes(value, &p, &what),
                        "total" => times.total = self.minutes(value, &p, &what),
                        _ => self.unknown(&key, &p, &fields::TIME),
                    }
                }
            }
            other => {
                let spec = fields::spec("time");
                self.type_error(other, path, "time", spec.expected, spec.example);
            }
        }
        times
    }

    fn minutes(&mut self, v: &Value, path: &NodePath, what: &str) -> Option<u32> {
        let (minutes, written) = match v {
            Value::Null => return None,
            Value::Number(n) => (n.as_f64().and_then(duration::round), norm::number(n)),
            Value::String(s) => (duration::parse_minutes(s), s.trim().to_string()),
            other => {
                self.type_error(other, path, what, "a duration", duration::EXAMPLES);
                return None;
            }
        };
        if minutes.is_none() {
            self.problems.push(
                Problem::new(
                    At::value(path),
                    format!("`{what}` must be a duration, found `{written}`"),
                )
                .help(duration::EXAMPLES),
            );
        }
        minutes
    }

    fn tags(&mut self, v: &Value, path: &NodePath) -> Vec<String> {
        let spec = fields::spec("tags");
        match v {
            Value::Null => Vec::new(),
            // "pork, weeknight" is a list written on one line.
            Value::String(s) => s
                .split(',')
                .map(|t| norm::text(t, Style::Literal))
                .filter(|t| !t.is_empty())
                .collect(),
            Value::Sequence(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, t)| self.text(t, &path.index(i), "tags", spec.example))
                .collect(),
            other => {
                self.type_error(other, path, "tags", spec.expected, spec.example);
                Vec::new()
            }
        }
    }

    fn photo(&mut self, v: &Value, path: &NodePath) -> Option<PhotoRef> {
        let spec = fields::spec("photo");
        let (path_node, written_path, alt, fit) = match v {
            Value::Null => return None,
            Value::Mapping(map) => {
                self.check_fields(map, path, &fields::PHOTO);
                let alt = map
                    .get("alt")
                    .and_then(|a| self.text(a, &path.key("alt"), "photo.alt", ""));
                let fit = map
                    .get("fit")
                    .map_or(Some(Fit::Cover), |f| self.fit(f, &path.key("fit")));
                let Some(p) = map.get("path") else {
                    self.problems.push(
                        Problem::new(At::value(path), "`photo` needs a `path`").help(
                            "write `photo: { path: photos/pork.jpg, alt: Pork in a clay pot }`",
                        ),
                    );
                    return None;
                };
                (path.key("path"), p, alt, fit?)
            }
            other => (path.clone(), other, None, Fit::Cover),
        };
        let what = path_node.to_string();
        let written = self.text(written_path, &path_node, &what, spec.example);
        let Some(written) = written else {
            if written_path.is_null() {
                self.problems.push(
                    Problem::new(At::key(&path_node), format!("`{what}` is empty"))
                        .help(spec.example),
                );
            }
            return None;
        };
        Some(PhotoRef {
            path: self.dir.join(&written),
            written,
            alt,
            fit,
            span: self.span(&path_node),
            data: None,
        })
    }

    /// The photo's fit; an empty `fit:` is the default, `None` only after a problem.
    fn fit(&mut self, v: &Value, path: &NodePath) -> Option<Fit> {
        let problems = self.problems.len();
        let Some(text) = self.text(v, path, "photo.fit", "write `fit: cover` or `fit: contain`")
        else {
            return (self.problems.len() == problems).then_some(Fit::Cover);
        };
        match text.to_lowercase().as_str() {
            "cover" => Some(Fit::Cover),
            "contain" => Some(Fit::Contain),
            _ => {
                self.problems.push(
                    Problem::new(At::value(path), format!("`photo.fit` must be `cover` or `contain`, found `{text}`"))
                        .help("`cover` fills the box and crops the edges; `contain` shows the whole photo"),
                );
                None
            }
        }
    }

    fn nutrition(&mut self, v: &Value, path: &NodePath) -> Vec<(String, String)> {
        let spec = fields::spec("nutrition");
        let Value::Mapping(map) = v else {
            if !v.is_null() {
                self.type_error(v, path, "nutrition", spec.expected, spec.example);
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, value) in map {
            let label = norm::text(&key_text(k), Style::Literal);
            let p = path.key(&key_text(k));
            let what = format!("nutrition.{label}");
            match self.text(value, &p, &what, "write e.g. `calories: 420 kcal`") {
                Some(text) => out.push((label, text)),
                None if value.is_null() => self.problems.push(
                    Problem::new(At::key(&p), format!("`{what}` is empty"))
                        .help("write e.g. `calories: 420 kcal`"),
                ),
                None => {}
            }
        }
        out
    }
}
