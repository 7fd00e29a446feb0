//! YAML text → `serde_yaml::Value`, with bounded work, every duplicate key recorded, merge keys
//! applied, and the parser's errors translated into plain language.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};

use crate::error::Span;

use super::precheck;
use super::printable::{too_many_marks, unprintable_control, MAX_MARKS};
use super::problem::{At, NodePath, Problem, Seg, Target};

/// A recipe has a few hundred values; aliases can multiply a small file into millions.
/// yaml_serde's own repetition limit scales with the file size, so we also count nodes.
pub(crate) const MAX_NODES: usize = 100_000;

/// Error text used to recognise our own node-budget error among yaml_serde's.
const TOO_MANY_NODES: &str = "\u{1}cardgen: too many nodes";

/// Parses one document. Duplicate keys are reported as problems (the first value wins), so
/// that they come out together with the other problems of the file.
pub(crate) fn load(text: &str) -> Result<(Value, Vec<Problem>), Problem> {
    let ctx = ParseState::default();
    let de = serde_yaml::Deserializer::from_str(text);
    let mut value = Build(&ctx)
        .deserialize(de)
        .map_err(|e| translate(text, &e))?;
    let mut problems = ctx.problems.into_inner();
    apply_merge(&mut value, &NodePath::root(), &mut problems);
    Ok((value, problems))
}

/// What a parse has counted and found so far, shared by the nested deserializers.
#[derive(Default)]
struct ParseState {
    nodes: Cell<usize>,
    /// Bytes of text produced: an alias repeats its anchor's text, so a short file can
    /// produce gigabytes while staying under the node count.
    bytes: Cell<usize>,
    path: RefCell<Vec<Seg>>,
    problems: RefCell<Vec<Problem>>,
}

impl ParseState {
    fn count<E: de::Error>(&self) -> Result<(), E> {
        let n = self.nodes.get() + 1;
        self.nodes.set(n);
        if n > MAX_NODES {
            return Err(E::custom(TOO_MANY_NODES));
        }
        Ok(())
    }

    /// Counts a string node and its bytes against [`crate::budget::MAX_EXPANDED_BYTES`].
    fn count_text<E: de::Error>(&self, text: &str) -> Result<(), E> {
        let bytes = self.bytes.get() + text.len();
        self.bytes.set(bytes);
        if bytes > crate::budget::MAX_EXPANDED_BYTES {
            return Err(E::custom(TOO_MANY_NODES));
        }
        if let Some(c) = text.chars().find(|&c| unprintable_control(c)) {
            self.problems
                .borrow_mut()
                .push(control_character(&self.path(), c));
        }
        if let Some(n) = too_many_marks(text) {
            self.problems
                .borrow_mut()
                .push(stacked_marks(&self.path(), n));
        }
        self.count()
    }

    fn path(&self) -> NodePath {
        NodePath(self.path.borrow().clone())
    }
}

/// Builds a `Value` like `Value::deserialize`, but counts nodes, tracks the path and records
/// duplicate keys instead of failing on the first.
struct Build<'c>(&'c ParseState);

impl<'de> DeserializeSeed<'de> for Build<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Build<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.0.count()?;
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.0.count()?;
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.0.count()?;
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.0.count()?;
        Ok(Value::Number(v.into()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.0.count_text(v)?;
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.0.count_text(&v)?;
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.0.count()?;
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.0.count()?;
        let mut items = Vec::new();
        loop {
            self.0.path.borrow_mut().push(Seg::Index(items.len()));
            let item = seq.next_element_seed(Build(self.0));
            self.0.path.borrow_mut().pop();
            match item? {
                Some(item) => items.push(item),
                None => return Ok(Value::Sequence(items)),
            }
        }
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.0.count()?;
        let mut mapping = Mapping::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        while let Some(key) = map.next_key_seed(Build(self.0))? {
            let text = key_text(&key);
            let occurrence = seen.entry(text.clone()).or_insert(0);
            *occurrence += 1;
            if mapping.contains_key(&key) {
                map.next_value::<IgnoredAny>()?;
                let path = self.0.path().key(&text);
                self.0
                    .problems
                    .borrow_mut()
                    .push(duplicate(&path, &text, *occurrence - 1));
                continue;
            }
            self.0.path.borrow_mut().push(Seg::Key(text));
            let value = map.next_value_seed(Build(self.0));
            self.0.path.borrow_mut().pop();
            mapping.insert(key, value?);
        }
        Ok(Value::Mapping(mapping))
    }

    /// yaml_serde presents `!tag value` as an enum; keep it as a tagged value so that the
    /// conversion can say that tags are not supported, at the right place.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use de::VariantAccess;
        let (tag, variant) = data.variant::<String>()?;
        let value = variant.newtype_variant_seed(Build(self.0))?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
    }
}

fn stacked_marks(path: &NodePath, marks: usize) -> Problem {
    Problem::new(
        At::value(path),
        format!(
            "a character here carries {marks} combining marks; at most {MAX_MARKS} can be printed"
        ),
    )
    .help("remove the stacked accents (text pasted from a “glitch” generator has hundreds)")
}

fn control_character(path: &NodePath, c: char) -> Problem {
    Problem::new(
        At::value(path),
        format!(
            "the text contains the control character U+{:04X}, which cannot be printed",
            c as u32
        ),
    )
    .help("remove the escape that writes it (`\\e`, `\\a`, `\\0`, `\\x..`, `\\u....` in double quotes)")
}

fn duplicate(path: &NodePath, key: &str, occurrence: usize) -> Problem {
    Problem::new(
        At::Node(path.clone(), Target::Occurrence(occurrence)),
        format!("duplicate field `{key}`"),
    )
    .help(format!(
        "`{key}` is already given above; remove one of them"
    ))
}

/// The text of a mapping key, as used in paths and messages.
pub(crate) fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::Tagged(t) => format!("{} {}", t.tag, key_text(&t.value)),
        Value::Sequence(_) | Value::Mapping(_) => "(a list or mapping used as a key)".into(),
    }
}

/// YAML merge keys (`<<: *base`): the entries of the referenced mapping(s) are added to the
/// mapping unless it has them already. Done here, with paths, to locate bad merges.
fn apply_merge(value: &mut Value, path: &NodePath, problems: &mut Vec<Problem>) {
    match value {
        Value::Mapping(mapping) => {
            if let Some(merge) = mapping.remove("<<") {
                merge_into(mapping, merge, &path.key("<<"), problems);
            }
            for (key, child) in mapping.iter_mut() {
                apply_merge(child, &path.key(&key_text(key)), problems);
            }
        }
        Value::Sequence(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                apply_merge(child, &path.index(i), problems);
            }
        }
        _ => {}
    }
}

fn merge_into(mapping: &mut Mapping, merge: Value, path: &NodePath, problems: &mut Vec<Problem>) {
    let sources = match merge {
        Value::Mapping(m) => vec![m],
        Value::Sequence(items) if items.iter().all(Value::is_mapping) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::Mapping(m) => Some(m),
                _ => None,
            })
            .collect(),
        _ => {
            problems.push(
                Problem::new(
                    At::value(path),
                    "`<<` must refer to a mapping or a list of mappings",
                )
                .help("write `<<: *name` where `&name` marks a mapping"),
            );
            return;
        }
    };
    for source in sources {
        for (k, v) in source {
            mapping.entry(k).or_insert(v);
        }
    }
}

/// One row of the table of libyaml problems we know how to explain.
struct Known {
    /// A phrase of libyaml's message.
    problem: &'static str,
    /// Point at the construct that is left open (the "while parsing … at" mark), not where
    /// the parser gave up.
    at_context: bool,
    message: &'static str,
    help: &'static str,
}

const KNOWN: &[Known] = &[
    Known {
        problem: "found a tab character",
        at_context: false,
        message: "tab character used for indentation",
        help: "YAML needs spaces; replace tabs with spaces",
    },
    Known {
        problem: "mapping values are not allowed",
        at_context: false,
        message: "unexpected `:` here",
        help: "if this is text containing `: `, put it in quotes; if it is a new field, check its indentation",
    },
    Known {
        problem: "did not find expected key",
        at_context: false,
        message: "expected a new field here",
        help: "check the indentation (the fields of one mapping start in the same column) and that nothing follows a closing quote",
    },
    Known {
        problem: "did not find expected '-' indicator",
        at_context: false,
        message: "expected a list item (`- …`) here",
        help: "check the indentation: the items of a list start in the same column",
    },
    Known {
        problem: "found character that cannot start any token",
        at_context: false,
        message: CANNOT_START,
        help: "put text that starts with `@`, `` ` ``, `%` or a tab in quotes",
    },
    Known {
        problem: "found unexpected end of stream",
        at_context: true,
        message: "unclosed quote",
        help: "add the closing quote",
    },
    Known {
        problem: "did not find expected ',' or ']'",
        at_context: true,
        message: "unclosed `[`",
        help: "close the list with `]`, and put items that contain `,`, `[`, `]` or `: ` in quotes",
    },
    Known {
        problem: "did not find expected ',' or '}'",
        at_context: true,
        message: "unclosed `{`",
        help: "close the mapping with `}`, and put values that contain `,`, `{`, `}` or `: ` in quotes",
    },
    Known {
        problem: "found unknown escape character",
        at_context: false,
        message: "unknown escape sequence in double-quoted text",
        help: "write a backslash as `\\\\`, or use single quotes",
    },
    Known {
        problem: "did not find expected node content",
        at_context: false,
        message: "a value is missing here",
        help: "check for a stray `-`, `,`, `:` or `?`",
    },
    Known {
        problem: "could not find expected ':'",
        at_context: false,
        message: "expected `:` after a field name",
        help: "write `field: value`; put text that spans several lines in quotes or use `|`",
    },
    Known {
        problem: "block sequence entries are not allowed",
        at_context: false,
        message: "a list item (`- `) is not allowed here",
        help: "start the list on the line below its field, indented",
    },
    Known {
        problem: "found undefined tag handle",
        at_context: false,
        message: "unknown YAML tag",
        help: "remove the `!…` tag",
    },
    Known {
        problem: "control characters are not allowed",
        at_context: false,
        message: "this looks like a binary file, not a YAML recipe",
        help: "a recipe is a UTF-8 text file; check that this is the right file",
    },
];

/// Turns a yaml_serde error into a problem with a human message, keeping its location.
fn translate(text: &str, err: &serde_yaml::Error) -> Problem {
    let raw = err.to_string();
    let span = err.location().map(|l| Span::at(text, l.index()));
    let at = At::Span(span.unwrap_or(Span::start()));
    if raw.contains(TOO_MANY_NODES) && !text.contains('*') {
        return Problem::new(
            at,
            format!("the recipe has too many values (more than {MAX_NODES})"),
        )
        .help("a recipe needs a few hundred at most; check that this is the right file");
    }
    if raw.contains(TOO_MANY_NODES) || raw.contains("repetition limit exceeded") {
        return Problem::new(at, "YAML aliases expand to too much data")
            .help("each `*alias` repeats its anchor's content; a recipe needs only a few");
    }
    if raw.contains("recursion limit exceeded") {
        return precheck::too_deep(at);
    }
    if raw.contains("more than one document") {
        return Problem::new(
            At::Span(second_document(text)),
            "the file contains more than one YAML document",
        )
        .help("put each recipe in its own file, and remove the `---` line");
    }
    if raw.starts_with("unknown anchor") {
        return Problem::new(
            at,
            "this alias (`*…`) refers to an anchor that is not defined",
        )
        .help(
            "define the anchor first, e.g. `&base` on a value above, then refer to it with `*base`",
        );
    }
    let span = span.unwrap_or(Span::start());
    if let Some(tab) = precheck::tab_indent_near(text, span.line) {
        return Problem::new(At::Span(tab), "tab character used for indentation")
            .help("YAML needs spaces; replace tabs with spaces");
    }
    let mut problem = syntax(text, &raw, span);
    if problem.message == CANNOT_START {
        if let Some(c) = char_at(text, span) {
            problem.message = format!("`{c}` cannot start a value");
        }
    }
    problem
}

const CANNOT_START: &str = "this character cannot start a value";

/// The character at a 1-based line and column.
fn char_at(text: &str, span: Span) -> Option<char> {
    let line = text.lines().nth(span.line.checked_sub(1)? as usize)?;
    line.chars()
        .nth(span.col.checked_sub(1)? as usize)
        .filter(|c| !c.is_whitespace())
}

fn syntax(text: &str, raw: &str, span: Span) -> Problem {
    let (problem, context) = raw.split_once(", ").unwrap_or((raw, ""));
    let Some(known) = KNOWN.iter().find(|k| problem.contains(k.problem)) else {
        let problem = problem.split(" at line ").next().unwrap_or(problem);
        return Problem::new(At::Span(span), format!("YAML syntax error: {problem}"))
            .help("check the quoting and indentation around here");
    };
    let span = if known.at_context {
        mark_in(text, context).unwrap_or(span)
    } else {
        span
    };
    Problem::new(At::Span(span), known.message).help(known.help)
}

/// Reads the " at line L column C" that libyaml appends to a message part, as our position.
fn mark_in(text: &str, part: &str) -> Option<Span> {
    let (_, rest) = part.rsplit_once(" at line ")?;
    let (line, col) = rest.split_once(" column ")?;
    Some(remap_mark(
        text,
        line.trim().parse().ok()?,
        col.trim().parse().ok()?,
    ))
}

/// Where a second document starts: the first `---` line after some content.
fn second_document(text: &str) -> Span {
    let mut seen_content = false;
    for (i, line) in text.lines().enumerate() {
        let marker = line == "---" || line.starts_with("--- ") || line == "...";
        if marker && seen_content {
            return Span::saturating(i + 1, 1);
        }
        let trimmed = line.trim();
        seen_content |= !marker && !trimmed.is_empty() && !trimmed.starts_with('#');
    }
    Span::start()
}

/// Our line and column for libyaml's 1-based `line` and `column`, which count its own line
/// breaks (see [`crate::error::Lines`]); for marks that come only as text, such as the context mark in
/// a syntax error's message.
fn remap_mark(text: &str, line: usize, column: usize) -> Span {
    let mut chars = text.char_indices().peekable();
    let mut at_line = 1;
    while at_line < line {
        match chars.next() {
            None => return Span::at(text, text.len()),
            Some((_, '\r')) => {
                chars.next_if(|&(_, c)| c == '\n');
                at_line += 1;
            }
            Some((_, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')) => at_line += 1,
            Some(_) => {}
        }
    }
    let start = chars.peek().map_or(text.len(), |&(i, _)| i);
    let offset = text[start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i);
    Span::at(text, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libyaml_marks_are_remapped_to_our_lines() {
        let text = "a: \"x\u{2028}y\u{85}\"\r\nb: \u{2029}1\nc: 2";
        assert_eq!(Span::at(text, text.find("c:").unwrap()), Span::new(3, 1));
        assert_eq!(Span::at(text, text.find('1').unwrap()), Span::new(2, 5));
        // libyaml's line 6 (after \u{2028}, \u{85}, \r\n and \u{2029}) is our line 3.
        assert_eq!(remap_mark(text, 6, 1), Span::new(3, 1));
        assert_eq!(remap_mark(text, 5, 1), Span::new(2, 5));
        assert_eq!(remap_mark(text, 4, 2), Span::new(2, 2));
        assert_eq!(remap_mark(text, 9, 1), Span::new(3, 5));
    }

    fn problem(text: &str) -> Problem {
        load(text).unwrap_err()
    }

    #[test]
    fn records_every_duplicate() {
        let (value, problems) = load("a: 1\nb: 2\na: 3\na: 4\n").unwrap();
        assert_eq!(value["a"], Value::Number(1.into()));
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].message, "duplicate field `a`");
        assert_eq!(
            problems[1].at,
            At::Node(NodePath::root().key("a"), Target::Occurrence(2))
        );
    }

    #[test]
    fn applies_merge_keys() {
        let (value, problems) = load("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n").unwrap();
        assert!(problems.is_empty());
        assert_eq!(value["c"]["x"], Value::Number(1.into()));
        assert_eq!(value["c"]["y"], Value::Number(3.into()));
        assert!(value["c"].get("<<").is_none());
    }

    #[test]
    fn alias_bombs_are_refused_quickly() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let names: Vec<char> = ('a'..='k').collect();
        for w in names.windows(2) {
            let p = w[0];
            text.push_str(&format!(
                "{}: &{} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
                w[1], w[1]
            ));
        }
        let start = std::time::Instant::now();
        assert_eq!(
            problem(&text).message,
            "YAML aliases expand to too much data"
        );
        assert!(start.elapsed().as_secs() < 2);
    }

    #[test]
    fn unclosed_quote_points_at_the_quote() {
        let p = problem("title: \"abc\nservings: 4\n");
        assert_eq!(p.message, "unclosed quote");
        assert_eq!(p.at, At::Span(Span::new(1, 8)));
    }

    #[test]
    fn unknown_messages_keep_their_text_without_the_position() {
        let raw = "found something odd at line 3 column 4";
        let p = syntax("", raw, Span::new(3, 4));
        assert_eq!(p.message, "YAML syntax error: found something odd");
    }

    #[test]
    fn marks_after_unicode_line_separators_are_on_our_lines() {
        for sep in ['\u{2028}', '\u{2029}', '\u{85}'] {
            let p = problem(&format!("title: \"a{sep}b\"\ntags: [a, b\nservings: 2\n"));
            assert_eq!(p.at, At::Span(Span::new(2, 7)), "U+{:04X}", sep as u32);
            let p = problem(&format!("title: \"a{sep}b\"\nservings: \"2\n"));
            assert_eq!(p.at, At::Span(Span::new(2, 11)), "U+{:04X}", sep as u32);
        }
    }

    #[test]
    fn second_document_is_located() {
        assert_eq!(second_document("---\na: 1\n---\nb: 2\n"), Span::new(3, 1));
    }
}
