//! Saved web pages: the recipe is in a `<script type="application/ld+json">` block. The
//! blocks are found with a small case-insensitive scan (no HTML parser): comments are
//! skipped, attributes may be quoted either way or not at all, and the script ends at the
//! first `</script`, as browsers end it.

use std::path::Path;

use super::clean::find_ci;
use super::{bundle, jsonld};
use crate::error::{Diagnostic, Span};
use crate::recipe::Recipe;

/// At most this many ld+json blocks are looked at.
const MAX_BLOCKS: usize = 200;

/// One ld+json block: its text and where it starts in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    pub json: &'a str,
    pub offset: usize,
}

/// Reads the recipe in a web page.
pub fn parse(path: &Path, page: &str) -> Result<Recipe, Diagnostic> {
    let blocks = ld_json_blocks(page);
    if blocks.is_empty() {
        return Err(Diagnostic::new(path, Some(Span::start()), "no schema.org recipe data in this page")
            .with_help("the page has no `<script type=\"application/ld+json\">` block; save the recipe's page as \"Webpage, complete\" or \"HTML only\" from a site that publishes recipe data, or write the recipe in YAML"));
    }
    let mut types = Vec::new();
    let mut first_error = None;
    for block in &blocks {
        let value = match bundle::parse_value(path, block.json, block.offset, page) {
            Ok(v) => v,
            Err(e) => {
                first_error.get_or_insert(e);
                continue;
            }
        };
        if let Some((node, graph)) = jsonld::find_recipe(&value, &mut types) {
            let at = Span::at(page, block.offset);
            return jsonld::build(path, node, &graph, at);
        }
    }
    // A broken block may well have been the recipe.
    if let Some(e) = first_error {
        return Err(e);
    }
    let at = Span::at(page, blocks[0].offset);
    Err(jsonld::no_recipe(path, at, &types, true))
}

/// The contents of every `<script type="application/ld+json">` in a page, in order.
pub fn ld_json_blocks(page: &str) -> Vec<Block<'_>> {
    let mut blocks = Vec::new();
    let mut pos = 0;
    while blocks.len() < MAX_BLOCKS {
        let rest = &page[pos..];
        let comment = rest.find("<!--");
        let script = find_ci(rest, "<script");
        let start = match (comment, script) {
            (Some(c), Some(s)) if c < s => {
                // Skip the comment (a commented-out script is not a script).
                let end = rest[c + 4..]
                    .find("-->")
                    .map_or(page.len(), |e| pos + c + 4 + e + 3);
                pos = end;
                continue;
            }
            (_, Some(s)) => pos + s,
            (_, None) => break,
        };
        let after_name = start + "<script".len();
        // `<scripts>` or `<script-x>` is not a script tag.
        if !page[after_name..]
            .starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        {
            pos = after_name;
            continue;
        }
        let Some((attrs, tag_end)) = tag_attributes(page, after_name) else {
            break;
        };
        let content_end = find_ci(&page[tag_end..], "</script").map_or(page.len(), |e| tag_end + e);
        if is_ld_json(attrs) {
            let (json, offset) = unwrap_content(&page[tag_end..content_end], tag_end);
            if !json.trim().is_empty() {
                blocks.push(Block { json, offset });
            }
        }
        pos = content_end;
        if pos >= page.len() {
            break;
        }
        pos += "</script".len().min(page.len() - pos);
    }
    blocks
}

/// The attribute text of a tag starting at `from` (just after its name) and the offset
/// after its `>`, respecting quotes.
fn tag_attributes(page: &str, from: usize) -> Option<(&str, usize)> {
    let mut quote: Option<char> = None;
    for (i, c) in page[from..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some((&page[from..from + i], from + i + 1)),
            _ => {}
        }
    }
    None
}

/// Whether the attributes say `type="application/ld+json"` (any case, any quoting, with or
/// without parameters such as `; charset=utf-8`).
fn is_ld_json(attrs: &str) -> bool {
    let lower = attrs.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("type") {
        let before_ok = i == 0 || rest[..i].ends_with(|c: char| c.is_ascii_whitespace());
        let after = rest[i + 4..].trim_start();
        rest = &rest[i + 4..];
        let Some(value) = after
            .strip_prefix('=')
            .map(str::trim_start)
            .filter(|_| before_ok)
        else {
            continue;
        };
        let value = value.trim_start_matches(['"', '\'']);
        let end = value
            .find(['"', '\'', ';', ' ', '\t', '\n', '>'])
            .unwrap_or(value.len());
        return value[..end].trim() == "application/ld+json";
    }
    false
}

/// Strips `<!-- … -->` and `<![CDATA[ … ]]>` wrappers that older pages put around scripts.
fn unwrap_content(content: &str, offset: usize) -> (&str, usize) {
    let lead = content.len() - content.trim_start().len();
    let mut inner = content.trim();
    let mut start = offset + lead;
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(rest) = inner.strip_prefix(open) {
            start += open.len();
            inner = rest.strip_suffix(close).unwrap_or(rest);
        }
    }
    (inner, start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_in_any_case_and_quoting() {
        let page = r#"<html><head>
<SCRIPT TYPE='application/ld+json'>{"a":1}</SCRIPT>
<script>var x = "<script type=application/ld+json>";</script>
<!-- <script type="application/ld+json">{"commented":1}</script> -->
<script data-x="a>b" type=application/ld+json>{"b":2}</script >
<script type="text/javascript">{"c":3}</script>
<script type="application/ld+json; charset=utf-8"><!--{"d":4}--></script>
</head></html>"#;
        let blocks: Vec<&str> = ld_json_blocks(page).iter().map(|b| b.json).collect();
        assert_eq!(blocks, vec![r#"{"a":1}"#, r#"{"b":2}"#, r#"{"d":4}"#]);
    }

    #[test]
    fn offsets_point_into_the_page() {
        let page = "<p>\n<script type=\"application/ld+json\">\n {\"x\": }</script>";
        let blocks = ld_json_blocks(page);
        assert_eq!(&page[blocks[0].offset..blocks[0].offset + 1], "{");
        let e = parse(Path::new("p.html"), page).unwrap_err();
        assert_eq!(e.span, Some(Span::new(3, 8)));
    }

    #[test]
    fn unterminated_tags_do_not_panic() {
        for page in [
            "<script",
            "<script type=\"application/ld+json\"",
            "<script type='x>",
            "<!--",
            "<scr",
        ] {
            let _ = ld_json_blocks(page);
            let _ = parse(Path::new("p.html"), page);
        }
    }
}
