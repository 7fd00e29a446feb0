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

/// Strips HTML tags, read by an HTML5 parser as a browser reads them: `<br>` is a line
/// break, block elements are paragraphs, `<b>`/`<strong>` become `**` and `<i>`/`<em>`
/// `*` (nested ones once: `<b>30 min <b>Varoma</b></b>` is `**30 min Varoma**`), and
/// comments and `<script>`/`<style>` contents go.
pub fn strip_tags(s: &str) -> String {
    if !s.contains('<') {
        return s.to_string();
    }
    let fragment = scraper::Html::parse_fragment(s);
    let mut text = Stripped::default();
    text.walk(fragment.root_element());
    text.out
}

/// Text taken out of an HTML fragment, with our emphasis markup.
#[derive(Default)]
struct Stripped {
    out: String,
    /// How deep inside `<b>`/`<strong>` and `<i>`/`<em>` the walk is.
    bold: usize,
    italic: usize,
    /// Markers opened before any text: written when text comes, so that `<b> butter</b>`
    /// is ` **butter**` (stars against a space print as stars), dropped when none does.
    pending: Vec<&'static str>,
}

const BOLD: &str = "**";
const ITALIC: &str = "*";

impl Stripped {
    fn walk(&mut self, element: scraper::ElementRef) {
        for child in element.children() {
            match child.value() {
                scraper::Node::Text(text) => self.text(text),
                scraper::Node::Element(e) => {
                    let Some(inner) = scraper::ElementRef::wrap(child) else {
                        continue;
                    };
                    match e.name() {
                        "br" => self.out.push('\n'),
                        "script" | "style" | "template" => {}
                        "b" | "strong" => self.emphasis(inner, BOLD),
                        "i" | "em" => self.emphasis(inner, ITALIC),
                        name if BLOCK_TAGS.contains(&name) => {
                            self.out.push_str("\n\n");
                            self.walk(inner);
                            self.out.push_str("\n\n");
                        }
                        _ => self.walk(inner),
                    }
                }
                _ => {}
            }
        }
    }

    /// How deep the walk is inside elements of `marker`'s kind.
    fn depth(&mut self, marker: &str) -> &mut usize {
        if marker == BOLD {
            &mut self.bold
        } else {
            &mut self.italic
        }
    }

    fn emphasis(&mut self, inner: scraper::ElementRef, marker: &'static str) {
        *self.depth(marker) += 1;
        let outermost = *self.depth(marker) == 1;
        if outermost {
            self.pending.push(marker);
        }
        self.walk(inner);
        *self.depth(marker) -= 1;
        if !outermost {
            return;
        }
        if let Some(at) = self.pending.iter().rposition(|m| *m == marker) {
            // Nothing was written inside: no markup for it.
            self.pending.remove(at);
            return;
        }
        let text_end = self.out.trim_end().len();
        let space = self.out[text_end..].to_string();
        self.out.truncate(text_end);
        self.out.push_str(marker);
        self.out.push_str(&space);
    }

    fn text(&mut self, text: &str) {
        let words = text.trim_start();
        if self.pending.is_empty() || words.is_empty() {
            self.out.push_str(text);
            return;
        }
        self.out.push_str(&text[..text.len() - words.len()]);
        for marker in self.pending.drain(..) {
            self.out.push_str(marker);
        }
        self.out.push_str(words);
    }
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

    #[test]
    fn emphasis_nests_once_and_hugs_its_text() {
        assert_eq!(
            strip_tags("<b>30 min/Varoma/<b>\"inversa\"</b> /vel 1,5.</b> Retire"),
            "**30 min/Varoma/\"inversa\" /vel 1,5.** Retire"
        );
        assert_eq!(
            strip_tags("Add<b> unsalted butter </b>now"),
            "Add **unsalted butter** now"
        );
        assert_eq!(
            strip_tags("<em><strong>8 Min.</strong></em> garen"),
            "***8 Min.*** garen"
        );
        assert_eq!(strip_tags("<strong> </strong>x"), " x");
        assert_eq!(strip_tags("a<script>var x = '<b>';</script>b"), "ab");
    }
}
