//! Alphabetical order as a book's readers expect it, by ICU4X's collator: CLDR's rules for
//! each language (Swedish files Å, Ä and Ö after Z, German sorts Ä with A, Spanish Ñ after
//! N, Vietnamese Đ after D), and the root order, which groups each script, elsewhere.
//! Digits compare by their value.

use std::cmp::Ordering;

use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::preferences::CollationNumericOrdering;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_locale_core::Locale;
use unicode_normalization::UnicodeNormalization;

/// The order of one language.
pub struct Collation {
    /// Full comparison: letters, then accents, then case.
    full: Option<CollatorBorrowed<'static>>,
    /// Letters only: whether an accented letter is a letter of its own in the language.
    letters: Option<CollatorBorrowed<'static>>,
}

impl Collation {
    /// The order of `lang` (a BCP-47 tag); the root order for tags ICU does not know.
    pub fn new(lang: &str) -> Collation {
        let locale: Locale = lang.parse().unwrap_or(Locale::UNKNOWN);
        let collator = |strength: Option<Strength>| {
            let mut options = CollatorOptions::default();
            options.strength = strength;
            // Numbers by value: "No. 2" before "No. 10", as a reader looks for them.
            let numeric = |mut prefs: CollatorPreferences| {
                prefs.numeric_ordering = Some(CollationNumericOrdering::True);
                prefs
            };
            Collator::try_new(numeric(CollatorPreferences::from(&locale)), options)
                .or_else(|_| Collator::try_new(numeric(CollatorPreferences::default()), options))
                .ok()
        };
        Collation {
            full: collator(None),
            letters: collator(Some(Strength::Primary)),
        }
    }

    /// `a` before or after `b`; texts the collator finds equal by their characters, so that
    /// the order is total and the same on every run.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        let by_language = self
            .full
            .as_ref()
            .map_or(Ordering::Equal, |c| c.compare(a, b));
        by_language.then_with(|| a.cmp(b))
    }

    /// The letter head `term` is filed under: its first letter in capitals, without its
    /// accent where the language does not count the accented letter as a letter of its
    /// own ("Äpfel" under A in German, under Ä in Swedish). `None` for digits and signs.
    pub fn letter(&self, term: &str) -> Option<String> {
        let first = term.chars().next().filter(|c| c.is_alphabetic())?;
        let base = first.to_string().nfd().next().unwrap_or(first);
        let same_letter = self
            .letters
            .as_ref()
            .is_some_and(|c| c.compare(&first.to_string(), &base.to_string()) == Ordering::Equal);
        let head = if same_letter { base } else { first };
        Some(head.to_uppercase().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(lang: &str, words: &[&str]) -> Vec<String> {
        let collation = Collation::new(lang);
        let mut words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        words.sort_by(|a, b| collation.compare(a, b));
        words
    }

    #[test]
    fn each_language_its_own_alphabet() {
        let words = ["zucker", "äpfel", "apfel", "banane"];
        assert_eq!(sorted("de", &words), ["apfel", "äpfel", "banane", "zucker"]);
        assert_eq!(sorted("sv", &words), ["apfel", "banane", "zucker", "äpfel"]);
        assert_eq!(
            sorted("es", &["nuez", "ñame", "ocra"]),
            ["nuez", "ñame", "ocra"]
        );
        assert_eq!(
            sorted("vi", &["đường", "dưa", "em"]),
            ["dưa", "đường", "em"]
        );
    }

    #[test]
    fn numbers_sort_by_value() {
        assert_eq!(
            sorted("en", &["Soup No. 10", "Soup No. 2", "Soup No. 1"]),
            ["Soup No. 1", "Soup No. 2", "Soup No. 10"]
        );
    }

    #[test]
    fn letter_heads_follow_the_language() {
        assert_eq!(Collation::new("de").letter("Äpfel").as_deref(), Some("A"));
        assert_eq!(Collation::new("sv").letter("Äpple").as_deref(), Some("Ä"));
        assert_eq!(Collation::new("en").letter("éclair").as_deref(), Some("E"));
        assert_eq!(Collation::new("en").letter("7-up"), None);
    }
}
