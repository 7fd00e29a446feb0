//! Cooklang (https://cooklang.org/docs/spec/): steps are paragraphs of text in which
//! `@ingredient{quantity%unit}`, `#cookware{}` and `~timer{quantity%unit}` are marked up.
//! Metadata comes as `>> key: value` lines or a YAML front matter block; `-- comments`
//! and `[- block comments -]` are dropped; `= Section` lines start a step group and
//! `> text` lines are notes. The ingredient list is collected from the steps, in order.

use std::path::Path;

use serde_yaml::Value;

use super::assemble;
use super::assemble::non_empty;
use super::clean::{clean, clean_line};
use crate::error::{Diagnostic, Span};
use crate::recipe::model::{Ingredient, IngredientGroup, Recipe, Step, StepGroup};
use crate::recipe::{language, parse_minutes};

/// Characters that cannot be part of a multi-word name before `{`: other markup.
const NOT_IN_NAME: &[char] = &['@', '#', '~', '{', '}'];

/// Whether `c` continues a one-word name ("@salt", "@🧂"): not a space, and no
/// punctuation, ASCII or Unicode ("@chilli⸫ then").
fn is_name_char(c: char) -> bool {
    if c.is_alphanumeric() || c == '_' {
        return true;
    }
    let punctuation = c.is_ascii_punctuation()
        || matches!(c as u32, 0x2000..=0x206F | 0x2E00..=0x2E7F | 0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20)
        || "¡¿«»§¶·".contains(c);
    !c.is_ascii() && !c.is_whitespace() && !c.is_control() && !punctuation
}

/// Reads a `.cook` file.
pub fn parse(path: &Path, source: &str) -> Result<Recipe, Diagnostic> {
    let text = blank_comments(path, source)?;
    let mut warnings = Vec::new();
    let (meta, body_start) = front_matter(path, &text, &mut warnings)?;
    let mut recipe = Recipe {
        file: path.to_path_buf(),
        lang: "en".into(),
        warnings,
        ..Recipe::default()
    };
    let mut meta = meta;
    let mut groups: Vec<StepGroup> = vec![StepGroup::default()];
    let mut items: Vec<Ingredient> = Vec::new();
    let mut paragraph: Vec<(usize, &str)> = Vec::new();

    let mut offset = body_start;
    let body = &text[body_start..];
    let flush = |paragraph: &mut Vec<(usize, &str)>,
                 groups: &mut Vec<StepGroup>,
                 items: &mut Vec<Ingredient>|
     -> Result<(), Diagnostic> {
        if paragraph.is_empty() {
            return Ok(());
        }
        let mut parts = Vec::new();
        for (at, line) in paragraph.drain(..) {
            parts.push(inline(path, source, line, at, items)?);
        }
        let step = clean(&parts.join(" "));
        if !step.is_empty() {
            groups.last_mut().expect("a group").steps.push(Step {
                title: None,
                text: step,
            });
        }
        Ok(())
    };
    for line in body.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut groups, &mut items)?;
        } else if let Some(rest) = trimmed.strip_prefix(">>") {
            flush(&mut paragraph, &mut groups, &mut items)?;
            if let Some((key, value)) = rest.split_once(':') {
                meta.push((key.trim().to_lowercase(), vec![value.trim().to_string()]));
            }
        } else if let Some(rest) = trimmed.strip_prefix('>') {
            flush(&mut paragraph, &mut groups, &mut items)?;
            let note = clean(rest);
            if !note.is_empty() {
                recipe.notes.push(note);
            }
        } else if trimmed.starts_with('=') {
            flush(&mut paragraph, &mut groups, &mut items)?;
            let title = clean_line(trimmed.trim_matches('='));
            groups.push(StepGroup {
                title: non_empty(title),
                steps: Vec::new(),
            });
        } else {
            paragraph.push((at, content));
        }
    }
    flush(&mut paragraph, &mut groups, &mut items)?;

    recipe.steps = assemble::merge_untitled(groups);
    if !items.is_empty() {
        recipe.ingredients = vec![IngredientGroup { title: None, items }];
    }
    apply_meta(&mut recipe, &meta);
    let declared: Vec<String> = meta
        .iter()
        .filter(|(k, _)| matches!(k.as_str(), "lang" | "locale" | "language"))
        .flat_map(|(_, v)| v.first().cloned())
        .collect();
    language::settle(&mut recipe, &declared);
    if recipe.title.is_empty() {
        recipe.title = title_from_file(path);
    }
    if recipe.photo.is_none() {
        // Cooklang's convention: "Pancakes.cook" shows "Pancakes.jpg" beside it.
        recipe.photo = super::bundle::local_photo(path, None)
            .map(|(written, resolved)| super::bundle::photo_ref(written, resolved, &recipe.title));
    }
    Ok(recipe)
}

/// Replaces comments with spaces (keeping line breaks and byte offsets).
fn blank_comments(path: &Path, source: &str) -> Result<String, Diagnostic> {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    let mut consumed = 0;
    loop {
        let block = rest.find("[-");
        let line = line_comment(rest);
        match (block, line) {
            (Some(b), l) if l.is_none_or(|l| b < l) => {
                out.push_str(&rest[..b]);
                let Some(end) = rest[b + 2..].find("-]") else {
                    return Err(Diagnostic::new(
                        path,
                        Some(Span::at(source, consumed + b)),
                        "unclosed block comment `[-`",
                    )
                    .with_help("end the comment with `-]`"));
                };
                let comment = &rest[b..b + 2 + end + 2];
                out.extend(comment.chars().map(|c| {
                    if c == '\n' {
                        "\n".to_string()
                    } else {
                        " ".repeat(c.len_utf8())
                    }
                }));
                consumed += b + comment.len();
                rest = &rest[b + comment.len()..];
            }
            (_, Some(l)) => {
                out.push_str(&rest[..l]);
                let end = rest[l..].find('\n').map_or(rest.len(), |e| l + e);
                out.push_str(&" ".repeat(end - l));
                consumed += end;
                rest = &rest[end..];
            }
            (_, None) => {
                out.push_str(rest);
                return Ok(out);
            }
        }
    }
}

/// A `--` comment: at the start of a line or after a space (so "2--3" is not one).
fn line_comment(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find("--") {
        let at = from + i;
        let before = s[..at].chars().next_back();
        // "---" is a rule or a front matter fence, anywhere on a line ("hello ---"), and
        // no comment.
        let dashes = s[at..].bytes().take_while(|b| *b == b'-').count();
        if before.is_none_or(char::is_whitespace) && dashes == 2 {
            return Some(at);
        }
        from = at + dashes;
    }
    None
}

/// A YAML front matter block (`---` … `---`) at the top: its keys and values, and where
/// the rest starts. Front matter that is not
/// valid YAML is passed over with a warning, as cooklang-rs does: the recipe still prints.
#[allow(clippy::type_complexity)]
fn front_matter(
    path: &Path,
    text: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(Vec<(String, Vec<String>)>, usize), Diagnostic> {
    let start = text.len() - text.trim_start().len();
    let trimmed = &text[start..];
    let Some(after) = trimmed
        .strip_prefix("---")
        .filter(|a| a.starts_with(['\n', '\r']))
    else {
        return Ok((Vec::new(), 0));
    };
    let Some(end) = after.find("\n---") else {
        return Err(Diagnostic::new(
            path,
            Some(Span::at(text, start)),
            "unclosed front matter: no closing `---` line",
        )
        .with_help("end the metadata block with a line of three dashes `---`"));
    };
    let yaml = &after[..end];
    let body_start = start + 3 + end + 4;
    let body_start = text[body_start..]
        .find('\n')
        .map_or(text.len(), |n| body_start + n + 1);
    let parsed: Result<Value, Diagnostic> = serde_yaml::from_str(yaml).map_err(|e| {
        let at = start + 4 + e.location().map_or(0, |l| l.index());
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        Diagnostic::new(
            path,
            Some(Span::at(text, at)),
            format!("invalid front matter: {message}"),
        )
        .with_help("the metadata between the `---` lines is YAML: `key: value`, one a line; the recipe was read without it")
    });
    let value = match parsed {
        Ok(v) => v,
        Err(warning) => {
            warnings.push(warning);
            return Ok((Vec::new(), body_start));
        }
    };
    let mut meta = Vec::new();
    if let Value::Mapping(map) = value {
        for (k, v) in map {
            let Some(key) = scalar(&k) else { continue };
            let key = key.to_lowercase();
            match v {
                Value::Mapping(inner) => {
                    // `time: { prep: 10 min }`, `source: { name: …, url: … }`
                    for (ik, iv) in inner {
                        if let (Some(ik), Some(iv)) = (scalar(&ik), scalar(&iv)) {
                            meta.push((format!("{key}.{}", ik.to_lowercase()), vec![iv]));
                        }
                    }
                }
                Value::Sequence(items) => {
                    meta.push((key, items.iter().filter_map(scalar).collect()))
                }
                other => meta.extend(scalar(&other).map(|s| (key, vec![s]))),
            }
        }
    }
    Ok((meta, body_start))
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn apply_meta(r: &mut Recipe, meta: &[(String, Vec<String>)]) {
    let mut source_name = None;
    let mut loose_source = None;
    for (key, values) in meta {
        let first = values.first().map(String::as_str).unwrap_or("");
        match key.as_str() {
            "title" | "name" => r.title = clean_line(first),
            "servings" | "serves" | "yield" => {
                let first = first.split('|').next().unwrap_or(first);
                // cooklang-rs writes a yield's unit as in a quantity: "200%ml".
                let first = first.replacen('%', " ", 1);
                let first = first.as_str();
                r.servings = assemble::servings(first);
            }
            "source" | "source.url" | "url" => match assemble::source(first, None) {
                Some(s) => r.source = Some(s),
                None => loose_source = non_empty(clean_line(first)),
            },
            "source.name" | "source.author" => source_name = non_empty(clean_line(first)),
            "author" => r.author = non_empty(clean_line(first)),
            "description" | "introduction" => r.description = non_empty(clean(first)),
            // Read by `language::settle`, once the text is known.
            "lang" | "locale" | "language" => {}
            "tags" | "course" | "cuisine" | "diet" | "category" => {
                let tags = values
                    .iter()
                    .flat_map(|v| v.split(',').map(str::to_string).collect::<Vec<_>>());
                assemble::push_tags(&mut r.tags, tags);
            }
            "time" | "duration" | "time required" | "total time" | "time.total" => {
                r.time.total = parse_minutes(first).filter(|m| *m > 0)
            }
            "prep time" | "prep_time" | "time.prep" | "prep" => {
                r.time.prep = parse_minutes(first).filter(|m| *m > 0)
            }
            "cook time" | "cook_time" | "time.cook" | "cook" => {
                r.time.cook = parse_minutes(first).filter(|m| *m > 0)
            }
            _ => {}
        }
    }
    if let (Some(source), Some(name)) = (&mut r.source, source_name) {
        source.name = Some(name);
    }
    if r.author.is_none() {
        r.author = loose_source;
    }
}

/// "pasta-carbonara.cook" → "Pasta carbonara".
fn title_from_file(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let spaced = clean_line(&stem.replace(['-', '_'], " "));
    let mut chars = spaced.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Untitled recipe".into(),
    }
}

/// One line of a step: markup replaced by the names; ingredients added to `items`.
fn inline(
    path: &Path,
    source: &str,
    line: &str,
    at: usize,
    items: &mut Vec<Ingredient>,
) -> Result<String, Diagnostic> {
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        let c = line[i..].chars().next().expect("in bounds");
        let next = line[i + c.len_utf8()..].chars().next();
        let reference =
            c == '@' && (line[i + 1..].starts_with("./") || line[i + 1..].starts_with("../"));
        let starts_name =
            reference || next.is_some_and(|n| is_name_char(n) || (c == '~' && n == '{'));
        if !matches!(c, '@' | '#' | '~') || !starts_name {
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        let name_start = i + 1;
        let rest = &line[name_start..];
        // A multi-word name runs to a `{` on the same line when nothing in between is
        // markup (as in cooklang-rs: "@white poppy seeds (khus khus){1%tbsp}").
        let (name, after) = match rest.find('{') {
            Some(b) if !rest[..b].contains(NOT_IN_NAME) => (&rest[..b], name_start + b),
            _ => {
                let len = rest
                    .find(|ch: char| !is_name_char(ch))
                    .unwrap_or(rest.len());
                (&rest[..len], name_start + len)
            }
        };
        let mut end = after;
        let mut amount: Option<(String, String)> = None;
        if line[after..].starts_with('{') {
            let Some(close) = line[after..].find('}') else {
                let what = match c {
                    '@' => "ingredient",
                    '#' => "cookware",
                    _ => "timer",
                };
                let shown = if name.is_empty() {
                    String::new()
                } else {
                    format!(" `{}`", name.trim())
                };
                return Err(Diagnostic::new(
                    path,
                    Some(Span::at(source, at + after)),
                    format!("unclosed `{{` in {what}{shown}"),
                )
                .with_help(format!(
                    "close it with `}}` on the same line, e.g. `{c}{}{{200%g}}`",
                    if name.is_empty() { "name" } else { name.trim() }
                )));
            };
            let inside = &line[after + 1..after + close];
            let (q, u) = inside.split_once('%').unwrap_or((inside, ""));
            // cooklang-rs: `=` fixes a quantity against scaling, `*` scales it.
            let q = q.trim().trim_start_matches('=').trim_end_matches('*');
            amount = Some((q.trim().to_string(), u.trim().to_string()));
            end = after + close + 1;
        }
        let mut note = None;
        if c == '@' && amount.is_some() && line[end..].starts_with('(') {
            if let Some(close) = line[end..].find(')') {
                note = non_empty(clean_line(&line[end + 1..end + close]));
                end += close + 1;
            }
        }
        // A recipe reference ("@./Shared/Red Beans{}") prints as the recipe's name.
        let name = match name.rsplit_once('/') {
            Some((_, last)) if reference => last,
            _ => name,
        };
        let name = clean_line(name);
        match c {
            '@' => {
                out.push_str(&name);
                let (quantity, unit) = amount.unwrap_or_default();
                let ingredient = Ingredient {
                    quantity: non_empty(clean_line(&quantity)),
                    unit: non_empty(clean_line(&unit)),
                    item: name,
                    note,
                };
                if !ingredient.item.is_empty() && !items.contains(&ingredient) {
                    items.push(ingredient);
                }
            }
            '#' => out.push_str(&name),
            _ => {
                let (q, u) = amount.unwrap_or_default();
                let shown = clean_line(&format!("{q} {u}"));
                out.push_str(if shown.is_empty() { &name } else { &shown });
            }
        }
        i = end;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<Recipe, Diagnostic> {
        parse(Path::new("pasta-bake.cook"), s)
    }

    #[test]
    fn ingredients_cookware_timers() {
        let r = parse_str(">> servings: 2\nPut @potatoes{2} and @sea salt{1%tsp} in a #large pot{}. -- comment\nBoil for ~{20%minutes}.\n\nAdd @salt and @butter{30%g}(softened), then @salt.\n").unwrap();
        assert_eq!(r.title, "Pasta bake");
        assert_eq!(r.servings.as_ref().unwrap().text, "2 servings");
        let steps: Vec<&str> = r.all_steps().map(|s| s.text.as_str()).collect();
        assert_eq!(
            steps,
            vec![
                "Put potatoes and sea salt in a large pot. Boil for 20 minutes.",
                "Add salt and butter, then salt.",
            ]
        );
        let items: Vec<String> = r
            .all_ingredients()
            .map(|i| format!("{:?}|{:?}|{}|{:?}", i.quantity, i.unit, i.item, i.note))
            .collect();
        assert_eq!(
            items,
            vec![
                "Some(\"2\")|None|potatoes|None",
                "Some(\"1\")|Some(\"tsp\")|sea salt|None",
                "None|None|salt|None",
                "Some(\"30\")|Some(\"g\")|butter|Some(\"softened\")",
            ]
        );
    }

    #[test]
    fn unclosed_brace_is_located() {
        let e = parse_str("Mix.\n\nAdd @flour{200%g and stir.\n").unwrap_err();
        assert_eq!(e.to_string(), "pasta-bake.cook:3:11: error: unclosed `{` in ingredient `flour`\n  help: close it with `}` on the same line, e.g. `@flour{200%g}`");
    }

    #[test]
    fn block_comments_sections_notes_front_matter() {
        let r = parse_str("---\ntitle: Bread\ntags: [baking, bread]\n---\n= Dough\nMix @flour{500%g} [- not this -] and @water{350%ml}.\n\n== Bake ==\nBake.\n> Keeps a week.\n").unwrap();
        assert_eq!(r.title, "Bread");
        assert_eq!(r.tags, vec!["baking", "bread"]);
        assert_eq!(r.steps.len(), 2);
        assert_eq!(r.steps[0].title.as_deref(), Some("Dough"));
        assert_eq!(r.steps[0].steps[0].text, "Mix flour and water.");
        assert_eq!(r.steps[1].title.as_deref(), Some("Bake"));
        assert_eq!(r.notes, vec!["Keeps a week."]);
    }
}
