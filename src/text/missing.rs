//! Characters that no font could set. A missing glyph is lost text, so layout's output is
//! checked for `.notdef` glyphs (glyph 0) and every recipe that has them gets one
//! warning: where the first one is in its file, which characters, and what to install.

use crate::frame::{Document, FrameItem};

/// The characters drawn as `.notdef` in a document, each once, in order of appearance.
pub fn missing_characters(doc: &Document) -> Vec<char> {
    let mut missing: Vec<char> = Vec::new();
    for page in &doc.pages {
        for item in page.frame.all_items() {
            let FrameItem::Text(text) = item else {
                continue;
            };
            // A glyph with text starts a cluster; glyphs without continue it.
            let mut cluster = "";
            for glyph in &text.glyphs {
                if !glyph.text.is_empty() {
                    cluster = &glyph.text;
                }
                if glyph.id != 0 {
                    continue;
                }
                for c in cluster.chars() {
                    if !c.is_whitespace() && !c.is_control() && !missing.contains(&c) {
                        missing.push(c);
                    }
                }
            }
        }
    }
    missing
}

/// How many characters a warning lists before "and N more".
const LISTED: usize = 12;

/// "❤ (U+2764), 😀 (U+1F600)": the characters as themselves and as code points (the
/// terminal may lack them too).
pub fn describe(chars: &[char]) -> String {
    let mut parts: Vec<String> = chars
        .iter()
        .take(LISTED)
        .map(|&c| format!("{c} (U+{:04X})", c as u32))
        .collect();
    if chars.len() > LISTED {
        parts.push(format!("and {} more", chars.len() - LISTED));
    }
    parts.join(", ")
}

/// What to do about them, by the scripts they belong to.
pub fn advice(chars: &[char]) -> String {
    let is_cjk = |c: &char| {
        use harfrust::Script;
        matches!(
            harfrust::unicode::script(*c as u32),
            Script::HAN | Script::HIRAGANA | Script::KATAKANA | Script::HANGUL
        )
    };
    let is_emoji = |c: &char| matches!(*c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF);
    let package = if chars.iter().any(is_cjk) {
        "fonts-noto-cjk"
    } else {
        "fonts-noto-core"
    };
    let mut advice = format!(
        "install fonts that have them (e.g. `apt install {package}`) or pass --font-path DIR \
         with such fonts"
    );
    if chars.iter().any(is_emoji) {
        advice.push_str(
            "; emoji need an outline emoji font: colour bitmap fonts such as Noto Color Emoji \
             cannot be embedded",
        );
    }
    advice
}

/// The 1-based line and column (in characters) of the first of `chars` in `source`.
pub fn first_occurrence(source: &str, chars: &[char]) -> Option<(u32, u32)> {
    let at = source.find(|c| chars.contains(&c))?;
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    Some((
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_occurrence() {
        let source = "title: Soup\nsteps:\n  - Add 味噌 and 🍜\n";
        assert_eq!(first_occurrence(source, &['🍜', '味']), Some((3, 9)));
        assert_eq!(first_occurrence(source, &['x']), None);
    }

    #[test]
    fn describes_and_advises() {
        assert_eq!(describe(&['😀']), "😀 (U+1F600)");
        assert!(advice(&['味']).contains("fonts-noto-cjk"));
        assert!(advice(&['😀']).contains("emoji"));
        assert!(advice(&['ก']).contains("fonts-noto-core"));
    }
}
