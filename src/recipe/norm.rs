//! Small value checks and normalisations: text, numbers, language tags, URLs.

use serde_yaml::Number;
use unicode_normalization::UnicodeNormalization;

/// How a multi-line string was written, which decides what a single line break means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `|` block: line breaks are kept; a blank line (two or more breaks) is a paragraph.
    Literal,
    /// `>` block, plain or quoted text: YAML already folded single breaks into spaces, so each
    /// remaining break stands for a blank line in the source, i.e. a paragraph.
    Folded,
}

/// NFC, trimmed, trailing spaces removed from lines, and paragraph breaks as exactly "\n\n".
pub(crate) fn text(raw: &str, style: Style) -> String {
    let nfc: String = raw.nfc().collect();
    let mut out = String::with_capacity(nfc.len());
    let mut breaks = 0;
    for (i, line) in nfc.trim().split('\n').enumerate() {
        let line = line.trim_end();
        if i > 0 && line.is_empty() {
            breaks += 1;
            continue;
        }
        if i > 0 {
            let paragraph = breaks > 0 || style == Style::Folded;
            out.push_str(if paragraph { "\n\n" } else { "\n" });
        }
        breaks = 0;
        out.push_str(line);
    }
    out
}

/// A YAML number as text for printing: `420` not `420.0`, `0.5`, `1e30` as Rust writes it.
pub(crate) fn number(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        Some(f) => f.to_string(),
        None => n.to_string(),
    }
}

/// Language names people write instead of tags, for a helpful hint.
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("german", "de"),
    ("deutsch", "de"),
    ("french", "fr"),
    ("français", "fr"),
    ("francais", "fr"),
    ("spanish", "es"),
    ("español", "es"),
    ("italian", "it"),
    ("italiano", "it"),
    ("vietnamese", "vi"),
    ("tiếng việt", "vi"),
    ("portuguese", "pt"),
    ("dutch", "nl"),
    ("nederlands", "nl"),
    ("japanese", "ja"),
    ("chinese", "zh"),
    ("korean", "ko"),
    ("thai", "th"),
    ("polish", "pl"),
    ("swedish", "sv"),
    ("danish", "da"),
    ("norwegian", "nb"),
    ("finnish", "fi"),
    ("turkish", "tr"),
    ("greek", "el"),
    ("russian", "ru"),
];

/// The tag for a language name ("German" → "de"), for the hint.
pub(crate) fn language_named(name: &str) -> Option<&'static str> {
    let name = name.trim().to_lowercase();
    LANGUAGE_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, tag)| *tag)
}

/// A plausible BCP-47 tag in canonical case ("pt-br" → "pt-BR", "zh-hant" → "zh-Hant"),
/// or `None`. Checks the shape (RFC 5646 subtag lengths), not the IANA registry.
/// Private-use and grandfathered tags (`x-…`, `i-…`) are not accepted.
pub(crate) fn lang_tag(raw: &str) -> Option<String> {
    let mut subtags = raw.trim().split('-');
    let primary = subtags.next()?;
    // Registered primary subtags of 5–8 letters exist only in theory; accepting them would
    // let language names ("english") through.
    let primary_ok =
        matches!(primary.len(), 2 | 3) && primary.chars().all(|c| c.is_ascii_alphabetic());
    if !primary_ok {
        return None;
    }
    let mut out = primary.to_ascii_lowercase();
    for sub in subtags {
        if sub.is_empty() || sub.len() > 8 || !sub.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        out.push('-');
        out.push_str(&match sub.len() {
            2 if sub.chars().all(|c| c.is_ascii_alphabetic()) => sub.to_ascii_uppercase(),
            4 if sub.chars().all(|c| c.is_ascii_alphabetic()) => {
                let lower = sub.to_ascii_lowercase();
                lower[..1].to_ascii_uppercase() + &lower[1..]
            }
            _ => sub.to_ascii_lowercase(),
        });
    }
    Some(out)
}

/// An absolute http(s) URL with a host and no spaces.
pub(crate) fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty() && !url.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_blocks_keep_lines_and_paragraphs() {
        assert_eq!(text("a\nb\n\n\nc\n", Style::Literal), "a\nb\n\nc");
    }

    #[test]
    fn folded_breaks_are_paragraphs() {
        assert_eq!(text("one two\nthree\n", Style::Folded), "one two\n\nthree");
        assert_eq!(text("  x  ", Style::Folded), "x");
    }

    #[test]
    fn text_is_nfc() {
        assert_eq!(text("Thi\u{0323}t", Style::Literal), "Th\u{1ecb}t");
        assert_eq!(text("e\u{0301}", Style::Literal), "\u{e9}");
    }

    #[test]
    fn numbers_print_plainly() {
        assert_eq!(number(&Number::from(420)), "420");
        assert_eq!(number(&Number::from(2.0)), "2");
        assert_eq!(number(&Number::from(0.5)), "0.5");
    }

    #[test]
    fn language_tags() {
        assert_eq!(lang_tag("vi").as_deref(), Some("vi"));
        assert_eq!(lang_tag("pt-br").as_deref(), Some("pt-BR"));
        assert_eq!(lang_tag("ZH-hant-TW").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(lang_tag("de-CH-1996").as_deref(), Some("de-CH-1996"));
        assert_eq!(lang_tag("english"), None);
        assert_eq!(lang_tag("e"), None);
        assert_eq!(lang_tag("en_US"), None);
        assert_eq!(lang_tag("en-"), None);
        assert_eq!(lang_tag("12"), None);
    }

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://example.com/recipes/pork"));
        assert!(is_web_url("HTTP://example.com"));
        assert!(!is_web_url("example.com/recipe"));
        assert!(!is_web_url("ftp://example.com"));
        assert!(!is_web_url("https://"));
        assert!(!is_web_url("https://exa mple.com"));
    }
}
