//! Characters that no font could set. A missing glyph is lost text, so layout's output is
//! checked for `.notdef` glyphs (glyph 0) and every recipe that has them gets one
//! warning (`export::missing_glyphs`): where the first one is in its file (counted as
//! every position is, by `error::Lines`), which characters, and what to install.

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
                if glyph.starts_cluster() {
                    cluster = text.glyph_text(glyph);
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
        advice.push_str("; emoji need an emoji font (e.g. `apt install fonts-noto-color-emoji`)");
    }
    advice
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_and_advises() {
        assert_eq!(describe(&['😀']), "😀 (U+1F600)");
        assert!(advice(&['味']).contains("fonts-noto-cjk"));
        assert!(advice(&['😀']).contains("emoji"));
        assert!(advice(&['ก']).contains("fonts-noto-core"));
    }
}
