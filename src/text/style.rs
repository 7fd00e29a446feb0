//! What a fallback face should match: the style of the face it stands in for, the script
//! it is made for and, for Han characters, the region whose glyph forms the reader expects.

use harfrust::Script;

/// The style of a face, as far as choosing a fallback cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FaceStyle {
    /// OpenType weight class (400 regular, 700 bold).
    pub weight: u16,
    /// Italic or oblique.
    pub italic: bool,
    /// Serif (`Some(true)`), sans (`Some(false)`) or unknown from the name.
    pub serif: Option<bool>,
}

impl FaceStyle {
    pub const REGULAR: FaceStyle = FaceStyle {
        weight: 400,
        italic: false,
        serif: None,
    };

    /// How far `other` is from this style; 0 is a perfect match. The classification
    /// (serif or sans) counts most, then slant, then weight.
    pub fn distance(&self, other: &FaceStyle) -> u32 {
        /// Weights differ by hundreds; a slant or classification mismatch outweighs them.
        const SLANT: u32 = 1000;
        const CLASSIFICATION: u32 = 2000;
        let classification = match (self.serif, other.serif) {
            (Some(a), Some(b)) if a != b => CLASSIFICATION,
            // An unknown classification is a weaker match than a known equal one.
            (Some(_), None) => CLASSIFICATION / 4,
            _ => 0,
        };
        let slant = if self.italic == other.italic {
            0
        } else {
            SLANT
        };
        classification + slant + u32::from(self.weight.abs_diff(other.weight))
    }
}

/// Words in family names that say serif or sans, across scripts' traditions.
const SERIF_WORDS: [&str; 7] = [
    "Serif", "Naskh", "Mincho", "Song", "Ming", "Myeongjo", "Batang",
];
const SANS_WORDS: [&str; 4] = ["Sans", "Gothic", "Dotum", "Hei"];

/// Serif or sans, from a family name ("Noto Serif CJK JP", "DejaVu Sans"); `None` when
/// the name does not say.
pub fn serif_from_name(family: &str) -> Option<bool> {
    // "Sans" wins over "Serif" only as a whole word ("Noto Sans Serif" does not exist,
    // but "PT Serif" and "PT Sans" do): check serif words first.
    if SERIF_WORDS.iter().any(|w| family.contains(w)) && !family.contains("Sans Serif") {
        return Some(true);
    }
    if SANS_WORDS.iter().any(|w| family.contains(w)) {
        return Some(false);
    }
    None
}

/// Display and special-purpose families, tried after the text faces of a script.
pub fn is_decorative(family: &str) -> bool {
    const WORDS: [&str; 9] = [
        "Kufi",
        "Looped",
        "Rashi",
        "Display",
        " UI",
        "Condensed",
        "Mono",
        "Emoji",
        "Math",
    ];
    WORDS.iter().any(|w| family.contains(w))
}

/// Words a family made for `script` has in its name ("Noto Sans Arabic", "Noto Sans CJK
/// JP"); empty for scripts most text fonts cover (Latin, Greek, Cyrillic) or whose
/// fonts are not named after them.
pub fn script_family_words(script: Script) -> &'static [&'static str] {
    const TABLE: &[(&[u8; 4], &[&str])] = &[
        (b"Arab", &["Arabic", "Naskh", "Nastaliq"]),
        (b"Hebr", &["Hebrew"]),
        (b"Deva", &["Devanagari"]),
        (b"Beng", &["Bengali"]),
        (b"Guru", &["Gurmukhi"]),
        (b"Gujr", &["Gujarati"]),
        (b"Orya", &["Oriya"]),
        (b"Taml", &["Tamil"]),
        (b"Telu", &["Telugu"]),
        (b"Knda", &["Kannada"]),
        (b"Mlym", &["Malayalam"]),
        (b"Sinh", &["Sinhala"]),
        (b"Thai", &["Thai"]),
        (b"Laoo", &["Lao"]),
        (b"Khmr", &["Khmer"]),
        (b"Mymr", &["Myanmar"]),
        (b"Tibt", &["Tibetan"]),
        (b"Geor", &["Georgian"]),
        (b"Armn", &["Armenian"]),
        (b"Ethi", &["Ethiopic"]),
        (b"Syrc", &["Syriac"]),
        (b"Thaa", &["Thaana"]),
        (b"Hani", &["CJK"]),
        (b"Hira", &["CJK"]),
        (b"Kana", &["CJK"]),
        (b"Hang", &["CJK", "Korean"]),
        (b"Bopo", &["CJK"]),
    ];
    let tag = script.tag().to_be_bytes();
    TABLE
        .iter()
        .find(|(t, _)| **t == tag)
        .map_or(&[], |(_, words)| words)
}

/// The region whose Han glyph forms a text expects: the same character is drawn
/// differently in Japan, Korea, mainland China, Taiwan and Hong Kong, and CJK font
/// collections hold one face for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CjkRegion {
    Japan,
    Korea,
    Simplified,
    Traditional,
    HongKong,
}

impl CjkRegion {
    /// From the language tag, else from the text's kana or hangul, else simplified
    /// Chinese (the most common choice for Han characters in other languages' text).
    pub fn for_text(lang: &str, text: &str) -> CjkRegion {
        CjkRegion::from_lang(lang).unwrap_or_else(|| {
            let script_of = |c: char| harfrust::unicode::script(c as u32);
            for c in text.chars().filter(|c| !c.is_ascii()) {
                match script_of(c) {
                    Script::HIRAGANA | Script::KATAKANA => return CjkRegion::Japan,
                    Script::HANGUL => return CjkRegion::Korea,
                    _ => {}
                }
            }
            CjkRegion::Simplified
        })
    }

    /// `ja`, `ko`, `zh-Hant`/`zh-TW`, `zh-HK`/`zh-MO`, other `zh`.
    pub fn from_lang(lang: &str) -> Option<CjkRegion> {
        let lower = lang.to_ascii_lowercase().replace('_', "-");
        let mut parts = lower.split('-');
        let region = match parts.next()? {
            "ja" => CjkRegion::Japan,
            "ko" => CjkRegion::Korea,
            "zh" | "yue" => {
                let rest: Vec<&str> = parts.collect();
                if rest.iter().any(|p| matches!(*p, "hk" | "mo")) {
                    CjkRegion::HongKong
                } else if rest.iter().any(|p| matches!(*p, "hant" | "tw")) {
                    CjkRegion::Traditional
                } else {
                    CjkRegion::Simplified
                }
            }
            _ => return None,
        };
        Some(region)
    }

    /// The suffix CJK families carry for the region ("Noto Sans CJK JP", "Source Han Sans KR").
    fn family_suffix(self) -> &'static str {
        match self {
            CjkRegion::Japan => "JP",
            CjkRegion::Korea => "KR",
            CjkRegion::Simplified => "SC",
            CjkRegion::Traditional => "TC",
            CjkRegion::HongKong => "HK",
        }
    }

    /// Whether a family is for this region, or for no region in particular.
    pub fn matches_family(self, family: &str) -> bool {
        let Some(last) = family.rsplit(' ').next() else {
            return true;
        };
        let regional = ["JP", "KR", "SC", "TC", "HK"].contains(&last);
        !regional || last == self.family_suffix()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serif_and_sans_from_names() {
        assert_eq!(serif_from_name("Noto Serif CJK JP"), Some(true));
        assert_eq!(serif_from_name("Noto Naskh Arabic"), Some(true));
        assert_eq!(serif_from_name("DejaVu Sans"), Some(false));
        assert_eq!(serif_from_name("Lora"), None);
    }

    #[test]
    fn style_distance_prefers_classification_then_slant_then_weight() {
        let serif_bold = FaceStyle {
            weight: 700,
            italic: false,
            serif: Some(true),
        };
        let serif_regular = FaceStyle {
            weight: 400,
            ..serif_bold
        };
        let sans_bold = FaceStyle {
            serif: Some(false),
            ..serif_bold
        };
        let serif_bold_italic = FaceStyle {
            italic: true,
            ..serif_bold
        };
        assert_eq!(serif_bold.distance(&serif_bold), 0);
        assert!(serif_bold.distance(&serif_regular) < serif_bold.distance(&serif_bold_italic));
        assert!(serif_bold.distance(&serif_bold_italic) < serif_bold.distance(&sans_bold));
    }

    #[test]
    fn regions_from_language_and_text() {
        assert_eq!(CjkRegion::from_lang("ja"), Some(CjkRegion::Japan));
        assert_eq!(
            CjkRegion::from_lang("zh-Hant"),
            Some(CjkRegion::Traditional)
        );
        assert_eq!(CjkRegion::from_lang("zh-TW"), Some(CjkRegion::Traditional));
        assert_eq!(CjkRegion::from_lang("zh-HK"), Some(CjkRegion::HongKong));
        assert_eq!(
            CjkRegion::from_lang("zh-Hans-CN"),
            Some(CjkRegion::Simplified)
        );
        assert_eq!(CjkRegion::from_lang("ko-KR"), Some(CjkRegion::Korea));
        assert_eq!(CjkRegion::from_lang("en"), None);
        assert_eq!(CjkRegion::for_text("en", "味噌 みそ"), CjkRegion::Japan);
        assert_eq!(CjkRegion::for_text("en", "김치"), CjkRegion::Korea);
        assert_eq!(CjkRegion::for_text("en", "红烧肉"), CjkRegion::Simplified);
    }

    #[test]
    fn regional_families_match_their_region_only() {
        assert!(CjkRegion::Japan.matches_family("Noto Sans CJK JP"));
        assert!(!CjkRegion::Japan.matches_family("Noto Sans CJK KR"));
        assert!(CjkRegion::Korea.matches_family("Noto Sans Arabic"));
    }
}
