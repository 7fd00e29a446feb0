//! Finding elements in a parsed page, shared by the JSON-LD and the microdata readers.

use scraper::Selector;

/// One of the readers' own CSS selectors (constants of this crate, so always valid).
pub(crate) fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("a valid built-in selector")
}
