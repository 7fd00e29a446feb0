//! Checks on the raw bytes that run before the YAML parser sees them: they refuse hostile or
//! mistaken input quickly, and they give clearer messages than the parser would.

use crate::error::{Lines, Span};

use super::problem::{At, Problem};

/// Recipes are small; anything bigger is the wrong file or an attack on the parser.
pub(crate) const MAX_BYTES: usize = 1 << 20;

/// Flow collections (`[`, `{`) nested deeper than this are refused before parsing: the YAML
/// scanner gets slow (worse than linear) on very deep flow nesting, and no recipe needs it.
pub(crate) const MAX_FLOW_DEPTH: usize = 64;

/// Even scattered brackets bound how deep flow nesting can get, whatever the quoting; a cap on
/// their number keeps the scanner fast on input crafted to fool the depth estimate.
pub(crate) const MAX_BRACKETS: usize = 4000;

pub(crate) fn too_large() -> Problem {
    Problem::at_start("recipe file is too large (more than 1 MiB)")
        .help("a recipe is a short text file; check that this is the right file")
}

/// Runs all byte-level checks and returns the text.
pub(crate) fn check(bytes: &[u8]) -> Result<&str, Problem> {
    if bytes.len() > MAX_BYTES {
        return Err(too_large());
    }
    // Windows editors start UTF-8 files with a byte order mark; it is not content.
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Some(offset) = binary_byte(bytes) {
        return Err(Problem::new(
            At::Span(Lines::of_bytes(bytes).span(offset)),
            "this looks like a binary file, not a YAML recipe",
        )
        .help("a recipe is a UTF-8 text file; check that this is the right file"));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| invalid_utf8(bytes, e.valid_up_to()))?;
    check_flow_depth(text)?;
    check_binary_tags(text)?;
    Ok(text)
}

/// `!!binary` values are base64 that would print as such: a recipe holds text.
fn check_binary_tags(text: &str) -> Result<(), Problem> {
    const TAGS: [&str; 2] = ["!!binary", "!<tag:yaml.org,2002:binary>"];
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        for tag in TAGS {
            let Some(at) = line.find(tag) else { continue };
            let before = line[..at].trim_end();
            let starts_value =
                before.is_empty() || before.ends_with([':', '-', '[', ',', '{', '?']);
            if starts_value {
                return Err(Problem::new(
                    At::Span(Span::at(text, offset + at)),
                    "`!!binary` values are not supported: a recipe holds text",
                )
                .help(
                    "write the text itself; a photo goes in `photo:` as a file next to the recipe",
                ));
            }
        }
        offset += line.len();
    }
    Ok(())
}

/// The first control character that never appears in text files (NUL and friends).
fn binary_byte(bytes: &[u8]) -> Option<usize> {
    bytes
        .iter()
        .position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
}

fn invalid_utf8(bytes: &[u8], offset: usize) -> Problem {
    Problem::new(
        At::Span(Lines::of_bytes(bytes).span(offset)),
        format!("invalid UTF-8 at byte {offset}"),
    )
    .help("save the file with UTF-8 encoding (it may be in Latin-1 or Windows-1252)")
}

/// A quote- and comment-blind estimate of flow nesting: it can only overestimate for text
/// full of brackets, never be fooled into underestimating by quotes (that would let a hostile
/// file reach the slow path of the scanner).
fn check_flow_depth(text: &str) -> Result<(), Problem> {
    let mut depth = 0usize;
    let mut brackets = 0usize;
    for (offset, b) in text.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                brackets += 1;
                if depth > MAX_FLOW_DEPTH || brackets > MAX_BRACKETS {
                    return Err(too_deep(At::Span(
                        Lines::of_bytes(text.as_bytes()).span(offset),
                    )));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// The message for nesting beyond what we accept, from the pre-check or the YAML parser.
pub(crate) fn too_deep(at: At) -> Problem {
    Problem::new(at, "the recipe is nested too deeply").help(
        "a recipe needs only a few levels of lists and mappings; check for unclosed `[` or `{`",
    )
}

/// The first line whose indentation (the whitespace before its first character) contains a
/// tab, among the two lines before `line` and `line` itself. Lines inside block scalars may
/// contain tabs after their indentation, so only a parse that failed near a tab blames it.
pub(crate) fn tab_indent_near(text: &str, line: u32) -> Option<Span> {
    let first = line.saturating_sub(3) as usize;
    let count = (line as usize).saturating_sub(first);
    text.lines()
        .enumerate()
        .skip(first)
        .take(count)
        .find_map(|(i, line)| {
            let indent: &str = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
            let col = indent.find('\t')?;
            let rest = line[indent.len()..].trim();
            (!rest.is_empty()).then(|| Span::saturating(i + 1, col + 1))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_bytes_mean_binary() {
        let err = check(b"title: x\n\0\x01").unwrap_err();
        assert_eq!(
            err.message,
            "this looks like a binary file, not a YAML recipe"
        );
        assert_eq!(err.at, At::Span(Span::new(2, 1)));
    }

    #[test]
    fn latin1_is_invalid_utf8() {
        let err = check(b"title: Gr\xfc\xdfe\n").unwrap_err();
        assert_eq!(err.message, "invalid UTF-8 at byte 9");
        assert_eq!(err.at, At::Span(Span::new(1, 10)));
    }

    #[test]
    fn deep_flow_nesting_is_refused() {
        let text = "[".repeat(MAX_FLOW_DEPTH + 1);
        assert!(check(text.as_bytes()).is_err());
        let ok = "[a], ".repeat(500);
        assert!(check(ok.as_bytes()).is_ok());
    }

    #[test]
    fn finds_tab_indentation() {
        assert_eq!(tab_indent_near("a:\n\t- b\n", 2), Some(Span::new(2, 1)));
        assert_eq!(tab_indent_near("a:\n  \tb\n", 3), Some(Span::new(2, 3)));
        assert_eq!(tab_indent_near("a: b\tc\n\t\n", 2), None);
        assert_eq!(tab_indent_near("a:\n\t- b\n", 1), None);
        assert_eq!(tab_indent_near("a:\n\t- b\nc\nd\ne\n", 5), None);
    }
}
