//! JSON as web pages really write it. Browsers hand JSON-LD to search engines as text, and
//! schema.org's validators (and extruct, which recipe-scrapers uses) accept strings with raw
//! line breaks and tabs in them; strict JSON does not.

use std::borrow::Cow;

/// `json` with control characters inside strings written as escapes (`\n`, `\t`, `\u001f`),
/// so that strict JSON reads what a lenient reader would. Text outside strings is untouched.
pub fn escape_controls_in_strings(json: &str) -> Cow<'_, str> {
    if !json.contains(|c: char| c < ' ') {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                '\n' => {
                    out.push_str("\\n");
                    continue;
                }
                '\r' => {
                    out.push_str("\\r");
                    continue;
                }
                '\t' => {
                    out.push_str("\\t");
                    continue;
                }
                c if c < ' ' => {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                    continue;
                }
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_inside_strings_only() {
        assert_eq!(
            escape_controls_in_strings("{\n\"a\": \"x\ny\tz\\\"\n\"\n}"),
            "{\n\"a\": \"x\\ny\\tz\\\"\\n\"\n}"
        );
        assert!(matches!(escape_controls_in_strings("{}"), Cow::Borrowed(_)));
    }
}
