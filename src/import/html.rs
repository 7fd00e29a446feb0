//! Saved web pages. The page is parsed by html5ever (through `scraper`), the HTML5 parser of
//! Servo, so it is read as a browser reads it: entity-encoded attributes
//! (`type="application&#x2F;ld&#x2B;json"`), unquoted or upper-case attributes, comments,
//! `</script>` inside strings and broken markup all mean what they mean to a browser.
//!
//! The recipe comes from schema.org JSON-LD (`<script type="application/ld+json">`, or JSON
//! in a `<meta content>`), and else from schema.org microdata (`itemscope
//! itemtype=…/Recipe`). The page's declared language (`<html lang>`, `Content-Language`,
//! `og:locale`) is kept for recipes that do not say theirs.

use std::path::Path;

use scraper::Html;

use super::dom::selector;
use super::{jsonld, microdata};
use crate::error::{Diagnostic, Span};
use crate::recipe::Recipe;

/// At most this many ld+json blocks are looked at.
const MAX_BLOCKS: usize = 200;

/// One ld+json block: its text and where it starts in the page (when it is found there as
/// written; JSON in an attribute is decoded and has no place of its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub json: String,
    pub offset: Option<usize>,
}

/// What a page says about itself, apart from its recipe data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    /// Language tags in the order they count: `<html lang>`, `Content-Language`, `og:locale`.
    pub langs: Vec<String>,
}

/// Reads the recipe in a web page.
pub fn parse(path: &Path, page: &str) -> Result<Recipe, Diagnostic> {
    let doc = Html::parse_document(page);
    let langs = declared(&doc).langs;
    from_json_ld(path, page, &doc, &langs)
        .or_else(|| microdata::recipe(path, &doc, &langs))
        .unwrap_or_else(|| Err(no_recipe_data(path, page, &doc)))
}

/// The recipe from the page's JSON-LD; `None` when the page has no Recipe there, or an error
/// when a block that may have been the recipe is broken and there is no microdata either.
fn from_json_ld(
    path: &Path,
    page: &str,
    doc: &Html,
    langs: &[String],
) -> Option<Result<Recipe, Diagnostic>> {
    let blocks = ld_json_blocks(page, doc);
    let mut first_error = None;
    for block in &blocks {
        let offset = block.offset.unwrap_or(0);
        let value = match jsonld::parse_lenient(path, &block.json, offset, page) {
            Ok(v) => v,
            Err(e) => {
                first_error.get_or_insert(e);
                continue;
            }
        };
        let mut types = Vec::new();
        if let Some((node, graph)) = jsonld::find_recipe(&value, &mut types) {
            let at = Span::at(page, offset);
            return Some(jsonld::build(path, node, &graph, at, langs));
        }
    }
    // A broken block may well have been the recipe, unless the microdata has it.
    first_error.filter(|_| !microdata::has_recipe(doc)).map(Err)
}

/// Why a page gave no recipe: the types its JSON-LD has, or that it has none.
fn no_recipe_data(path: &Path, page: &str, doc: &Html) -> Diagnostic {
    let blocks = ld_json_blocks(page, doc);
    if blocks.is_empty() {
        return Diagnostic::new(path, Some(Span::start()), "no schema.org recipe data in this page")
            .with_help("the page has neither `<script type=\"application/ld+json\">` nor microdata (`itemtype=\"https://schema.org/Recipe\"`); save the recipe's page as \"Webpage, complete\" or \"HTML only\" from a site that publishes recipe data, or write the recipe in YAML");
    }
    let mut types = Vec::new();
    for block in &blocks {
        let offset = block.offset.unwrap_or(0);
        if let Ok(value) = jsonld::parse_lenient(path, &block.json, offset, page) {
            jsonld::find_recipe(&value, &mut types);
        }
    }
    let at = Span::at(page, blocks[0].offset.unwrap_or(0));
    jsonld::no_recipe(path, at, &types, true)
}

/// The JSON of every ld+json `<script>` in the page, in order, and JSON-LD that a page put
/// in a `<meta content>` instead.
pub fn ld_json_blocks(page: &str, doc: &Html) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut searched_to = 0;
    for script in doc.select(&selector("script[type]")) {
        if blocks.len() >= MAX_BLOCKS {
            break;
        }
        if !is_ld_json(script.attr("type").unwrap_or("")) {
            continue;
        }
        let raw: String = script.text().collect();
        let (json, lead) = unwrap_content(&raw);
        if json.trim().is_empty() {
            continue;
        }
        // Script text is raw text in HTML5: it stands in the page exactly as parsed, so its
        // place can be found for locating JSON errors.
        let offset = page
            .get(searched_to..)
            .and_then(|rest| rest.find(raw.as_str()))
            .map(|i| searched_to + i);
        if let Some(at) = offset {
            searched_to = at + raw.len();
        }
        blocks.push(Block {
            json: json.to_string(),
            offset: offset.map(|at| at + lead),
        });
    }
    for meta in doc.select(&selector("meta[content]")) {
        let content = meta.attr("content").unwrap_or("").trim();
        let json_like = content.starts_with(['{', '[']) && jsonld::looks_like_jsonld(content);
        if json_like && blocks.len() < MAX_BLOCKS {
            blocks.push(Block {
                json: content.to_string(),
                offset: None,
            });
        }
    }
    blocks
}

/// Whether a `type` attribute (already entity-decoded by the parser) is JSON-LD, in any
/// case and with or without parameters such as `; charset=utf-8`.
fn is_ld_json(kind: &str) -> bool {
    let essence = kind.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/ld+json")
}

/// Wrappers older pages put around scripts, in any spacing: `<!-- … -->`,
/// `<![CDATA[ … ]]>`, `// <![CDATA[ … // ]]>`, `/* <![CDATA[ */ … /* ]]> */`.
const WRAPPERS: &[&str] = &["<!--", "-->", "<![CDATA[", "]]>", "//", "/*", "*/"];

/// The JSON inside a script's text, and how far into the text it starts.
fn unwrap_content(content: &str) -> (&str, usize) {
    let mut inner = content;
    loop {
        let trimmed = inner.trim_start();
        match WRAPPERS.iter().find(|w| trimmed.starts_with(**w)) {
            Some(w) => inner = &trimmed[w.len()..],
            None => {
                inner = trimmed;
                break;
            }
        }
    }
    loop {
        let trimmed = inner.trim_end();
        match WRAPPERS.iter().find(|w| trimmed.ends_with(**w)) {
            Some(w) => inner = &trimmed[..trimmed.len() - w.len()],
            None => {
                inner = trimmed;
                break;
            }
        }
    }
    // `inner` is a slice of `content`.
    (inner, inner.as_ptr() as usize - content.as_ptr() as usize)
}

/// The page's declared languages.
pub fn declared(doc: &Html) -> Declared {
    let mut langs = Vec::new();
    let root = doc.root_element();
    for attr in ["lang", "xml:lang"] {
        if let Some(l) = root.attr(attr) {
            langs.push(l.to_string());
        }
    }
    for meta in doc.select(&selector("meta[http-equiv][content]")) {
        if meta
            .attr("http-equiv")
            .is_some_and(|h| h.trim().eq_ignore_ascii_case("content-language"))
        {
            let content = meta.attr("content").unwrap_or("");
            langs.extend(content.split(',').next().map(str::to_string));
        }
    }
    for meta in doc.select(&selector("meta[content]")) {
        let names = [meta.attr("property"), meta.attr("name")];
        if names
            .iter()
            .flatten()
            .any(|n| n.trim().eq_ignore_ascii_case("og:locale"))
        {
            langs.extend(meta.attr("content").map(str::to_string));
        }
    }
    langs.retain(|l| !l.trim().is_empty());
    Declared { langs }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(page: &str) -> Vec<String> {
        ld_json_blocks(page, &Html::parse_document(page))
            .into_iter()
            .map(|b| b.json)
            .collect()
    }

    #[test]
    fn finds_blocks_in_any_case_and_quoting() {
        let page = r#"<html><head>
<SCRIPT TYPE='application/ld+json'>{"a":1}</SCRIPT>
<script>var x = "<script type=application/ld+json>";</script>
<!-- <script type="application/ld+json">{"commented":1}</script> -->
<script data-x="a>b" type=application/ld+json>{"b":2}</script >
<script type="text/javascript">{"c":3}</script>
<script type="application/ld+json; charset=utf-8"><!--{"d":4}--></script>
<script type="application&#x2F;ld&#x2B;json">{"e":5}</script>
<script type="application/ld+json">// <![CDATA[
{"f":6}
// ]]></script>
<script type="application/ld+json">/* <![CDATA[ */ {"g":7} /* ]]> */</script>
<meta name="x" content='{"@context":"https://schema.org","@type":"Recipe"}'>
</head></html>"#;
        assert_eq!(
            blocks(page),
            vec![
                r#"{"a":1}"#,
                r#"{"b":2}"#,
                r#"{"d":4}"#,
                r#"{"e":5}"#,
                r#"{"f":6}"#,
                r#"{"g":7}"#,
                r#"{"@context":"https://schema.org","@type":"Recipe"}"#
            ]
        );
    }

    #[test]
    fn offsets_point_into_the_page() {
        let page = "<p>\n<script type=\"application/ld+json\">\n {\"x\": }</script>";
        let found = ld_json_blocks(page, &Html::parse_document(page));
        let at = found[0].offset.unwrap();
        assert_eq!(&page[at..at + 1], "{");
        let e = parse(Path::new("p.html"), page).unwrap_err();
        assert_eq!(e.span, Some(Span::new(3, 8)));
    }

    #[test]
    fn declared_languages_in_order() {
        let page = r#"<html lang="de-DE"><head>
<meta http-equiv="Content-Language" content="de, en">
<meta property="og:locale" content="de_DE"></head></html>"#;
        assert_eq!(
            declared(&Html::parse_document(page)).langs,
            vec!["de-DE", "de", "de_DE"]
        );
    }

    #[test]
    fn unterminated_tags_do_not_panic() {
        for page in [
            "<script",
            "<script type=\"application/ld+json\"",
            "<script type='x>",
            "<!--",
            "<scr",
            "<script type=\"application/ld+json\">{\"@type\":",
        ] {
            let _ = blocks(page);
            let _ = parse(Path::new("p.html"), page);
        }
    }
}
