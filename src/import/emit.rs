//! Writes a [`Recipe`] as our YAML: block style, one field a line, quoted only where YAML
//! needs it, multi-line text as `|-` blocks, so that reading it back gives the same recipe.

use std::fmt::Write;

use crate::recipe::ingredient;
use crate::recipe::model::{Fit, Ingredient, Recipe, Step};
use crate::recipe::norm::{self, Style};

/// The YAML for `recipe`, starting with `# header` comment lines (one per line of `header`).
pub fn to_yaml(recipe: &Recipe, header: &str) -> String {
    let mut y = String::new();
    for line in header.lines() {
        let _ = writeln!(y, "# {line}");
    }
    if !header.is_empty() {
        y.push('\n');
    }
    field(&mut y, 0, "title", &recipe.title);
    opt(&mut y, "subtitle", recipe.subtitle.as_deref());
    opt(&mut y, "description", recipe.description.as_deref());
    if let Some(source) = &recipe.source {
        match &source.name {
            None => field(&mut y, 0, "source", &source.url),
            Some(name) => {
                y.push_str("source:\n");
                field(&mut y, 2, "url", &source.url);
                field(&mut y, 2, "name", name);
            }
        }
    }
    opt(&mut y, "author", recipe.author.as_deref());
    if recipe.lang_detected {
        // Say where it came from, so that a wrong guess is easy to see and fix.
        y.push_str("# The source declares no language: this one was detected from the text.\n");
    }
    field(&mut y, 0, "lang", &recipe.lang);
    if let Some(servings) = &recipe.servings {
        match servings
            .amount
            .filter(|a| servings.text == servings_text(*a))
        {
            Some(a) => {
                let _ = writeln!(y, "servings: {}", number(a));
            }
            None => field(&mut y, 0, "servings", &servings.text),
        }
    }
    let times = [
        ("prep", recipe.time.prep),
        ("cook", recipe.time.cook),
        ("rest", recipe.time.rest),
        ("total", recipe.time.total),
    ];
    if times.iter().any(|(_, t)| t.is_some()) {
        y.push_str("time:\n");
        for (key, minutes) in times {
            if let Some(m) = minutes {
                let _ = writeln!(y, "  {key}: {}", duration(m));
            }
        }
    }
    if !recipe.tags.is_empty() {
        let flow = recipe.tags.iter().all(|t| plain_ok(t, true));
        let line_len: usize = recipe.tags.iter().map(|t| t.len() + 2).sum();
        if flow && line_len < 70 {
            let _ = writeln!(y, "tags: [{}]", recipe.tags.join(", "));
        } else {
            y.push_str("tags:\n");
            for tag in &recipe.tags {
                item(&mut y, 2, tag);
            }
        }
    }
    if let Some(photo) = recipe.photo.as_ref().filter(|p| p.data.is_none()) {
        if photo.alt.is_none() && photo.fit == Fit::Cover {
            field(&mut y, 0, "photo", &photo.written);
        } else {
            y.push_str("photo:\n");
            field(&mut y, 2, "path", &photo.written);
            if let Some(alt) = &photo.alt {
                field(&mut y, 2, "alt", alt);
            }
            if photo.fit == Fit::Contain {
                y.push_str("  fit: contain\n");
            }
        }
    }
    if !recipe.ingredients.is_empty() {
        y.push_str("\ningredients:\n");
        for group in &recipe.ingredients {
            match &group.title {
                None => group.items.iter().for_each(|i| ingredient(&mut y, 2, i)),
                Some(title) => {
                    key_value(&mut y, 2, "- group", title);
                    y.push_str("    items:\n");
                    group.items.iter().for_each(|i| ingredient(&mut y, 6, i));
                }
            }
        }
    }
    if !recipe.steps.is_empty() {
        y.push_str("\nsteps:\n");
        for group in &recipe.steps {
            match &group.title {
                None => group.steps.iter().for_each(|s| step(&mut y, 2, s)),
                Some(title) => {
                    key_value(&mut y, 2, "- group", title);
                    y.push_str("    steps:\n");
                    group.steps.iter().for_each(|s| step(&mut y, 6, s));
                }
            }
        }
    }
    if !recipe.notes.is_empty() {
        y.push_str("\nnotes:\n");
        recipe.notes.iter().for_each(|n| item(&mut y, 2, n));
    }
    if !recipe.sections.is_empty() {
        y.push_str("\nsections:\n");
        for s in &recipe.sections {
            key_value(&mut y, 2, "- title", &s.title);
            field(&mut y, 4, "text", &s.text);
        }
    }
    if !recipe.faq.is_empty() {
        y.push_str("\nfaq:\n");
        for f in &recipe.faq {
            key_value(&mut y, 2, "- q", &f.question);
            field(&mut y, 4, "a", &f.answer);
        }
    }
    if !recipe.nutrition.is_empty() {
        y.push_str("\nnutrition:\n");
        for (label, value) in &recipe.nutrition {
            let key = if plain_ok(label, false) {
                label.clone()
            } else {
                quoted(label)
            };
            field(&mut y, 2, &key, value);
        }
    }
    y
}

/// What our YAML reader prints for `servings: N`.
fn servings_text(amount: f64) -> String {
    if amount == 1.0 {
        "1 serving".into()
    } else {
        format!("{} servings", number(amount))
    }
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// "45 min", "1 h", "1 h 20 min".
pub fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

fn opt(y: &mut String, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        field(y, 0, key, v);
    }
}

/// `key: value` at `indent`, with the value as a scalar or a `|-` block.
fn field(y: &mut String, indent: usize, key: &str, value: &str) {
    key_value(y, indent, key, value);
}

/// Like [`field`], but `key` may be `- key` (the first key of a list entry); a block's
/// lines are indented under the key's own column.
fn key_value(y: &mut String, indent: usize, key: &str, value: &str) {
    let pad = " ".repeat(indent);
    let key_col = indent + if key.starts_with("- ") { 2 } else { 0 };
    if needs_block(value) {
        let _ = writeln!(y, "{pad}{key}: |-");
        block(y, key_col + 2, value);
    } else {
        let _ = writeln!(y, "{pad}{key}: {}", scalar(value, false));
    }
}

/// A list entry: `- value`.
fn item(y: &mut String, indent: usize, value: &str) {
    let pad = " ".repeat(indent);
    if needs_block(value) {
        let _ = writeln!(y, "{pad}- |-");
        block(y, indent + 2, value);
    } else {
        let _ = writeln!(y, "{pad}- {}", scalar(value, false));
    }
}

fn block(y: &mut String, indent: usize, text: &str) {
    let pad = " ".repeat(indent);
    for line in text.split('\n') {
        if line.is_empty() {
            y.push('\n');
        } else {
            let _ = writeln!(y, "{pad}{line}");
        }
    }
}

fn needs_block(value: &str) -> bool {
    value.contains('\n')
        && !value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
}

fn step(y: &mut String, indent: usize, s: &Step) {
    match &s.title {
        None => item(y, indent, &s.text),
        Some(title) => {
            key_value(y, indent, "- title", title);
            field(y, indent + 2, "text", &s.text);
        }
    }
}

/// An ingredient as the line a person would write when that line splits back into the
/// same parts, else as a `{ quantity, unit, item, note }` mapping.
fn ingredient(y: &mut String, indent: usize, i: &Ingredient) {
    let pad = " ".repeat(indent);
    let line = ingredient_line(i);
    if ingredient::split(&norm::text(&line, Style::Literal)) == *i && !line.contains('\n') {
        let _ = writeln!(y, "{pad}- {}", scalar(&line, false));
        return;
    }
    let mut parts = Vec::new();
    for (key, value) in [
        ("quantity", i.quantity.as_deref()),
        ("unit", i.unit.as_deref()),
        ("item", Some(i.item.as_str())),
        ("note", i.note.as_deref()),
    ] {
        if let Some(v) = value {
            parts.push(format!("{key}: {}", scalar(v, true)));
        }
    }
    let _ = writeln!(y, "{pad}- {{ {} }}", parts.join(", "));
}

/// "500 g ground pork (15–20% fat)", "2 scallions, thinly sliced".
/// "大さじ2 醤油", "1かけ 生姜": units keep their place and spacing (see `ingredient`).
pub fn ingredient_line(i: &Ingredient) -> String {
    use crate::recipe::ingredient::{unit_comes_first, unit_is_glued};
    let amount = match (i.quantity.as_deref(), i.unit.as_deref()) {
        (Some(q), Some(u)) if unit_comes_first(u) => Some(format!("{u}{q}")),
        (Some(q), Some(u)) if unit_is_glued(u) => Some(format!("{q}{u}")),
        (Some(q), Some(u)) => Some(format!("{q} {u}")),
        (q, u) => q.or(u).map(str::to_string),
    };
    let mut line = String::new();
    for part in [amount.as_deref(), Some(i.item.as_str())]
        .into_iter()
        .flatten()
    {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(part);
    }
    if let Some(note) = &i.note {
        if note.contains(',') || note.contains(';') {
            let _ = write!(line, " ({note})");
        } else {
            let _ = write!(line, ", {note}");
        }
    }
    line
}

/// A scalar, plain when YAML reads it back as the same string, double-quoted otherwise.
pub fn scalar(s: &str, flow: bool) -> String {
    if plain_ok(s, flow) {
        s.to_string()
    } else {
        quoted(s)
    }
}

const SPECIAL_WORDS: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", "<<",
];

fn plain_ok(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s != s.trim()
        || s.chars()
            .any(|c| c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}'))
    {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    if SPECIAL_WORDS.iter().any(|w| w.eq_ignore_ascii_case(s)) {
        return false;
    }
    // Numbers stay strings, except plain integers, which read back as written.
    let number_like = s
        .chars()
        .all(|c| c.is_ascii_hexdigit() || "xXoO._+-:eE".contains(c))
        && (first.is_ascii_digit() || "+-.".contains(first));
    let simple_integer =
        s.chars().all(|c| c.is_ascii_digit()) && s.len() < 15 && (s == "0" || !s.starts_with('0'));
    let special_number = [".inf", "-.inf", "+.inf", ".nan"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(s));
    !(special_number || number_like && !simple_integer)
}

fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_where_safe() {
        assert_eq!(scalar("Shakshuka", false), "Shakshuka");
        assert_eq!(scalar("500", false), "500");
        assert_eq!(scalar("1.50", false), "\"1.50\"");
        assert_eq!(scalar("yes", false), "\"yes\"");
        assert_eq!(scalar("Note: hot", false), "\"Note: hot\"");
        assert_eq!(scalar("- dash", false), "\"- dash\"");
        assert_eq!(scalar("a, b", true), "\"a, b\"");
        assert_eq!(scalar("a, b", false), "a, b");
        assert_eq!(scalar("say \"hi\"", false), "say \"hi\"");
        assert_eq!(scalar("\"hi\"", false), "\"\\\"hi\\\"\"");
        assert_eq!(
            scalar("https://example.com/a#b", false),
            "https://example.com/a#b"
        );
        assert_eq!(scalar("1:20", false), "\"1:20\"");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(45), "45 min");
        assert_eq!(duration(60), "1 h");
        assert_eq!(duration(80), "1 h 20 min");
    }
}
