//! Text from other formats, made into what our YAML reader would have produced: HTML
//! entities decoded, tags stripped (paragraphs and line breaks kept, bold and italics turned
//! into our `**`/`*` markup), whitespace tidied, NFC. Every importer cleans its text here.

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
}
