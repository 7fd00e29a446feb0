//! JSON as web pages really write it. Browsers hand JSON-LD to search engines as text, and
//! schema.org's validators (and extruct, which recipe-scrapers uses) accept strings with raw
//! line breaks and tabs in them; strict JSON does not.

use std::borrow::Cow;

/// `json` as a lenient reader (a browser's script engine, extruct) takes it, rewritten as
/// strict JSON: control characters inside strings become escapes (`\n`, `\t`,
/// `\u001f`), escapes JSON lacks lose their backslash (`\'` is `'`, as in JavaScript),
/// and a comma before `}` or `]` goes. Text outside strings is otherwise untouched.
pub fn repair(json: &str) -> Cow<'_, str> {
    let suspicious = json.contains(|c: char| c < ' ') || json.contains('\\') || json.contains(',');
    if !suspicious {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    let mut in_string = false;
    let mut chars = json.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '\\' => match chars.next() {
                    Some(e) if "\"\\/bfnrtu".contains(e) => {
                        out.push('\\');
                        out.push(e);
                    }
                    // `\'`, `\x` …: the character itself.
                    Some(e) => push_in_string(&mut out, e),
                    None => out.push('\\'),
                },
                '"' => {
                    in_string = false;
                    out.push(c);
                }
                c => push_in_string(&mut out, c),
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            ',' => {
                let rest = chars.clone().find(|c| !c.is_whitespace());
                if matches!(rest, Some('}' | ']')) {
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// One character of a string's contents, escaped when strict JSON needs it.
fn push_in_string(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '"' => out.push_str("\\\""),
        c if c < ' ' => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_inside_strings_only() {
        assert_eq!(
            repair("{\n\"a\": \"x\ny\tz\\\"\n\"\n}"),
            "{\n\"a\": \"x\\ny\\tz\\\"\\n\"\n}"
        );
        assert!(matches!(repair("{}"), Cow::Borrowed(_)));
    }

    #[test]
    fn trailing_commas_and_unknown_escapes() {
        assert_eq!(
            repair("{\"a\": [1, 2, ], \"b\": \"it\\'s, \\d\", }"),
            "{\"a\": [1, 2 ], \"b\": \"it's, d\" }"
        );
        // Commas inside strings stay.
        assert_eq!(repair("[\"a, ]\"]"), "[\"a, ]\"]");
    }
}
