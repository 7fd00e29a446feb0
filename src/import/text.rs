//! Text from other formats, made into what our YAML reader would have produced: HTML
//! entities decoded, tags stripped (paragraphs and line breaks kept, bold and italics turned
//! into our `**`/`*` markup), whitespace tidied, NFC.

use crate::error::Span;
use crate::recipe::model::{Ingredient, IngredientGroup, Servings, Source, Step, StepGroup};
use crate::recipe::norm::{self, Style};
use crate::recipe::{duration, ingredient, scale};

/// Named entities seen in recipe pages (the numeric forms are decoded generally).
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("ndash", "–"),
    ("mdash", "—"),
    ("hellip", "…"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("deg", "°"),
    ("frac12", "½"),
    ("frac14", "¼"),
    ("frac34", "¾"),
    ("frac13", "⅓"),
    ("frac23", "⅔"),
    ("frac18", "⅛"),
    ("times", "×"),
    ("middot", "·"),
    ("bull", "•"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("eacute", "é"),
    ("egrave", "è"),
    ("ecirc", "ê"),
    ("aacute", "á"),
    ("agrave", "à"),
    ("acirc", "â"),
    ("iacute", "í"),
    ("oacute", "ó"),
    ("ocirc", "ô"),
    ("uacute", "ú"),
    ("ucirc", "û"),
    ("ccedil", "ç"),
    ("ntilde", "ñ"),
    ("auml", "ä"),
    ("ouml", "ö"),
    ("uuml", "ü"),
    ("Auml", "Ä"),
    ("Ouml", "Ö"),
    ("Uuml", "Ü"),
    ("szlig", "ß"),
    ("Eacute", "É"),
];

/// Decodes `&amp;`, `&#39;`, `&#x2019;` and the named entities above; anything else is
/// left as written. Twice, for the doubly encoded `&amp;#39;` that some sites emit.
pub fn decode_entities(s: &str) -> String {
    let once = decode_once(s);
    if once.contains('&') && once != s {
        decode_once(&once)
    } else {
        once
    }
}

fn decode_once(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1);
        let decoded = end.filter(|&e| rest[e..].starts_with(';')).and_then(|e| {
            let name = &rest[1..e];
            entity(name).map(|text| (text, e + 1))
        });
        match decoded {
            Some((text, len)) => {
                out.push_str(&text);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        let c = char::from_u32(code).filter(|c| *c != '\0')?;
        return Some(if c == '\u{a0}' { ' ' } else { c }.to_string());
    }
    ENTITIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| t.to_string())
        .or_else(|| html5_entity(name))
}

/// Any of HTML5's 2231 named entities (`&scaron;`, `&aring;`), from the table html5ever
/// decodes pages with.
fn html5_entity(name: &str) -> Option<String> {
    let &(first, second) = web_atoms::NAMED_ENTITIES.get(format!("{name};").as_str())?;
    [first, second]
        .into_iter()
        .filter(|c| *c != 0)
        .map(char::from_u32)
        .collect()
}

/// Tags that end a line or a paragraph when text is taken out of HTML.
const BLOCK_TAGS: &[&str] = &[
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
];

/// Strips HTML tags: `<br>` is a line break, block elements are paragraphs, `<b>`/`<strong>`
/// become `**`, `<i>`/`<em>` become `*`; comments and `<script>`/`<style>` contents go.
pub fn strip_tags(s: &str) -> String {
    if !s.contains('<') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let closing = rest[1..].starts_with('/');
        let tail = rest.get(if closing { 2 } else { 1 }..).unwrap_or("");
        let name_len = tail
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tail.len());
        let name = tail[..name_len].to_ascii_lowercase();
        let is_tag = !name.is_empty() && name.starts_with(|c: char| c.is_ascii_alphabetic());
        let Some(close) = rest.find('>').filter(|_| is_tag) else {
            // A lone `<`, as in "cook < 5 minutes".
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        rest = &rest[close + 1..];
        match name.as_str() {
            "br" => out.push('\n'),
            "b" | "strong" => push_marker(&mut out, &mut rest, "**", closing),
            "i" | "em" => push_marker(&mut out, &mut rest, "*", closing),
            "script" | "style" if !closing => {
                let end = find_ci(rest, &format!("</{name}"));
                rest = end.map_or("", |e| {
                    let after = &rest[e..];
                    after.find('>').map_or("", |g| &after[g + 1..])
                });
            }
            n if BLOCK_TAGS.contains(&n) => out.push_str("\n\n"),
            _ => {}
        }
    }
    out.push_str(rest);
    out
}

/// Emphasis markup where the text it wraps begins and ends: `<b> unsalted butter </b>` is
/// ` **unsalted butter** `, not `** unsalted butter **`, which would print the stars.
fn push_marker(out: &mut String, rest: &mut &str, marker: &str, closing: bool) {
    if closing {
        let text_end = out.trim_end().len();
        let space = out[text_end..].to_string();
        out.truncate(text_end);
        out.push_str(marker);
        out.push_str(&space);
    } else {
        let text = rest.trim_start();
        out.push_str(&rest[..rest.len() - text.len()]);
        *rest = text;
        out.push_str(marker);
    }
}

/// Case-insensitive (ASCII) search.
pub fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    let hay = haystack.as_bytes();
    let needle = needle.as_bytes();
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// Text from a web page or another app: entities, tags, runs of spaces, NFC, trimmed.
/// Line breaks are kept, and blank lines are paragraphs, as in a `|` block.
pub fn clean(raw: &str) -> String {
    let text = strip_tags(&decode_entities(raw))
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let mut lines = Vec::new();
    for line in text.split('\n') {
        let collapsed: Vec<&str> = line.split_whitespace().collect();
        lines.push(collapsed.join(" "));
    }
    // Markup that wraps nothing, left by `<strong> </strong>`.
    let joined = lines.join("\n").replace("****", "").replace("** **", " ");
    norm::text(&joined, Style::Literal)
}

/// Single-line text: like [`clean`], with every line break a space.
pub fn clean_line(raw: &str) -> String {
    let text = clean(raw);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

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

/// A language tag in our canonical form, or `None`.
pub fn lang(raw: &str) -> Option<String> {
    norm::lang_tag(raw.trim()).or_else(|| norm::lang_tag(&raw.trim().replace('_', "-")))
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

/// Markdown, as Mealie and Tandoor keep text, in our markup (which is Markdown's `**` and
/// `*`): links become their text, images go, headings become bold lines; then as [`clean`].
pub fn markdown(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, line) in raw.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let hashes = trimmed.chars().take_while(|c| *c == '#').count();
        match trimmed[hashes..].strip_prefix(' ') {
            Some(heading) if (1..=6).contains(&hashes) => {
                let heading = heading.trim().trim_end_matches('#').trim();
                out.push_str(&format!("**{}**", links(heading)));
            }
            _ => out.push_str(&links(line)),
        }
    }
    clean(&out)
}

/// `[text](url)` → text, `![alt](url)` → nothing.
fn links(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let target = rest[open..].find("](").and_then(|mid| {
            let url = open + mid + 2;
            rest[url..].find(')').map(|close| (open + mid, url + close))
        });
        let Some((mid, close)) = target.filter(|(mid, _)| !rest[open + 1..*mid].contains('['))
        else {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        };
        let image = rest[..open].ends_with('!');
        out.push_str(&rest[..open - usize::from(image)]);
        if !image {
            out.push_str(&rest[open + 1..mid]);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// "step 1:", "1.", "2)", "Schritt 1" at the start of an instruction, which our numbering
/// replaces.
pub fn strip_numbering(s: &str) -> &str {
    super::label::strip(s)
}

/// A URL-safe, lower-case name for a file: "Crème Brûlée!" → "creme-brulee".
/// The title's [`slug`], made unique among `used` with "-2", "-3"… (and added to it), so
/// that recipes of one file or folder get a file each.
pub fn unique_slug(title: &str, used: &mut Vec<String>) -> String {
    let base = slug(title);
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    used.push(name.clone());
    name
}

pub fn slug(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in title.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() && !c.is_ascii() {
            // Letters outside ASCII without a decomposition (ß, đ, CJK) are kept.
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let mut end = out.len().min(80);
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    let out = out[..end].trim_end_matches('-');
    if out.is_empty() {
        "recipe".into()
    } else {
        out.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(decode_entities("Mac &amp; Cheese"), "Mac & Cheese");
        assert_eq!(
            decode_entities("Mom&#39;s &#x2019;best&rsquo;"),
            "Mom's ’best’"
        );
        assert_eq!(decode_entities("Tom &amp;#39;s"), "Tom 's");
        assert_eq!(
            decode_entities("salt & pepper &unknown; &"),
            "salt & pepper &unknown; &"
        );
        assert_eq!(decode_entities("1&frac12; cups"), "1½ cups");
    }

    #[test]
    fn tags() {
        assert_eq!(
            clean("<p>Heat the <strong>oil</strong>.</p><p>Add&nbsp;onions<br>and stir.</p>"),
            "Heat the **oil**.\n\nAdd onions\nand stir."
        );
        assert_eq!(clean("cook < 5 minutes"), "cook < 5 minutes");
        assert_eq!(clean("a <!-- x --> b"), "a b");
        for odd in ["<", "</", "a </", "<b", "<!--", "x<y>"] {
            let _ = clean(odd);
        }
        assert_eq!(clean("  many   spaces\t here "), "many spaces here");
    }

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
    fn markdown_text() {
        assert_eq!(
            markdown("## Tip\nSee [the video](https://x.y/v) ![pic](a.jpg)for **more**."),
            "**Tip**\nSee the video for **more**."
        );
        assert_eq!(markdown("a [b] c (d) [e](f"), "a [b] c (d) [e](f");
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

    #[test]
    fn slugs() {
        assert_eq!(slug("Crème Brûlée!"), "creme-brulee");
        assert_eq!(slug("  "), "recipe");
        assert_eq!(slug("Phở Bò"), "pho-bo");
    }
}
