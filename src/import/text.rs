//! Text from other formats, made into what our YAML reader would have produced: HTML
//! entities decoded, tags stripped (paragraphs and line breaks kept, bold and italics turned
//! into our `**`/`*` markup), whitespace tidied, NFC.

use crate::error::Span;
use crate::recipe::duration;
use crate::recipe::model::{Servings, Source};
use crate::recipe::norm::{self, Style};

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
            "b" | "strong" => out.push_str("**"),
            "i" | "em" => out.push('*'),
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

/// "step 1:", "1.", "2)" at the start of an instruction, which our numbering replaces.
pub fn strip_numbering(s: &str) -> &str {
    let t = s.trim_start();
    let lower = t.to_lowercase();
    let after_word = if lower.starts_with("step ") {
        &t[5..]
    } else {
        t
    };
    let digits = after_word.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return s;
    }
    let rest = &after_word[digits..];
    match rest.strip_prefix(['.', ')', ':']) {
        Some(r) if r.starts_with(' ') => r.trim_start(),
        _ if after_word.len() != t.len() && rest.starts_with(' ') => rest.trim_start(),
        _ => s,
    }
}

/// A URL-safe, lower-case name for a file: "Crème Brûlée!" → "creme-brulee".
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
    fn slugs() {
        assert_eq!(slug("Crème Brûlée!"), "creme-brulee");
        assert_eq!(slug("  "), "recipe");
        assert_eq!(slug("Phở Bò"), "pho-bo");
    }
}
