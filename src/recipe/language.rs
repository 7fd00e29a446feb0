//! A recipe's language: the one it declares, or, where it declares none, the one its text is
//! written in, detected by `whatlang` (a maintained n-gram detector covering 69 languages,
//! trained on more text than we could gather). The language decides labels, hyphenation and
//! how quantities are inflected, so guessing English for a German recipe is not harmless.

use whatlang::Lang;

use super::model::Recipe;
use super::norm;

/// Below this confidence a detection is not trusted and the default stays.
const MIN_CONFIDENCE: f64 = 0.5;
/// The most text handed to the detector: enough for any recipe, bounded for any input.
const MAX_SAMPLE: usize = 4096;
/// The language of a recipe that declares none and whose text says nothing clear.
pub const DEFAULT: &str = "en";

/// Sets the recipe's language from the first valid tag among `declared` (in the order they
/// count), or from its text when none is valid. An "en" that HTML editors write by default
/// gives way to another declared language, as it does in recipe-scrapers.
pub fn settle(recipe: &mut Recipe, declared: &[String]) {
    let tags: Vec<String> = declared.iter().filter_map(|d| tag(d)).collect();
    let primary = |t: &String| t.split('-').next().unwrap_or("").to_string();
    let chosen = match tags.first() {
        Some(first) if primary(first) == "en" => tags
            .iter()
            .find(|t| primary(t) != "en")
            .or(Some(first))
            .cloned(),
        other => other.cloned(),
    };
    match chosen {
        Some(lang) => {
            recipe.lang = lang;
            recipe.lang_detected = false;
        }
        None => detect_into(recipe),
    }
}

/// A declared tag in our canonical form: "de_DE" → "de-DE"; `None` for what is no tag.
pub fn tag(raw: &str) -> Option<String> {
    let raw = raw.trim();
    norm::lang_tag(raw).or_else(|| norm::lang_tag(&raw.replace('_', "-")))
}

/// Sets the recipe's language from its text, when the detector is confident; else the
/// default. Marks the recipe as detected either way, so `check` can say so.
pub fn detect_into(recipe: &mut Recipe) {
    recipe.lang = detect(&sample(recipe)).unwrap_or_else(|| DEFAULT.to_string());
    recipe.lang_detected = true;
}

/// The language of `text` as a BCP-47 primary subtag, when the detector is confident.
pub fn detect(text: &str) -> Option<String> {
    let info = whatlang::detect(text)?;
    (info.confidence() >= MIN_CONFIDENCE || info.is_reliable())
        .then(|| bcp47(info.lang()))
        .flatten()
        .map(str::to_string)
}

/// The text that says most about the language: steps first (whole sentences), then the
/// ingredients, title and description.
fn sample(r: &Recipe) -> String {
    let mut out = String::new();
    let mut push = |s: &str| {
        if out.len() < MAX_SAMPLE {
            out.push_str(s);
            out.push('\n');
        }
    };
    r.steps
        .iter()
        .flat_map(|g| &g.steps)
        .for_each(|s| push(&s.text));
    r.ingredients
        .iter()
        .flat_map(|g| &g.items)
        .for_each(|i| push(&i.item));
    push(&r.title);
    if let Some(d) = &r.description {
        push(d);
    }
    r.notes.iter().for_each(|n| push(n));
    let mut end = out.len().min(MAX_SAMPLE);
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    out.truncate(end);
    out
}

/// ISO 639-1 (or, where there is none, 639-3) for whatlang's languages.
fn bcp47(lang: Lang) -> Option<&'static str> {
    Some(match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe::model::{Step, StepGroup};

    fn recipe(steps: &[&str]) -> Recipe {
        Recipe {
            title: "X".into(),
            lang: DEFAULT.into(),
            steps: vec![StepGroup {
                title: None,
                steps: steps
                    .iter()
                    .map(|s| Step {
                        title: None,
                        text: s.to_string(),
                    })
                    .collect(),
            }],
            ..Recipe::default()
        }
    }

    #[test]
    fn declared_wins_and_default_en_gives_way() {
        let mut r = recipe(&["Mix."]);
        settle(&mut r, &["en".into(), "de_DE".into()]);
        assert_eq!((r.lang.as_str(), r.lang_detected), ("de-DE", false));
        settle(&mut r, &["english".into(), "fr".into()]);
        assert_eq!(r.lang, "fr");
    }

    #[test]
    fn undeclared_is_detected() {
        let mut r = recipe(&[
            "Die Zwiebeln schälen und fein würfeln. Das Öl in einer Pfanne erhitzen.",
            "Die Eier mit dem Mehl verrühren und alles zusammen backen.",
        ]);
        settle(&mut r, &[]);
        assert_eq!((r.lang.as_str(), r.lang_detected), ("de", true));
    }

    #[test]
    fn unclear_text_keeps_the_default() {
        let mut r = recipe(&[]);
        r.title = "Pho".into();
        settle(&mut r, &[]);
        assert_eq!((r.lang.as_str(), r.lang_detected), ("en", true));
    }
}
