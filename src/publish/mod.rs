//! Writing recipes for other tools: schema.org JSON-LD for web pages and search engines,
//! Cooklang for `.cook` collections. (Our own YAML is written by [`crate::import::emit`].)

pub mod cooklang;
pub mod jsonld;

pub use cooklang::to_cooklang;
pub use jsonld::to_jsonld;

/// A recipe written in another format, and what that format had no place for.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub text: String,
    /// Parts of the recipe left out, in words ("the notes"), to tell the user.
    pub left_out: Vec<String>,
}

/// Text without our inline markup (`*em*`, `**strong**`): other formats take plain text.
pub(crate) fn plain(text: &str) -> String {
    crate::text::markup::parse(text)
        .into_iter()
        .map(|span| span.text)
        .collect()
}
