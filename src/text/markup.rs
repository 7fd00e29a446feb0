//! Inline markup in recipe text: `*emphasis*` and `**strong**`.
//!
//! Delimiters only count when they can open or close (a `*` followed by a space, as in
//! "2 * 3", stays literal), and an unmatched delimiter prints as written.

/// A piece of text with its inline style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub strong: bool,
    pub emphasis: bool,
}

/// Splits `text` into styled spans. Adjacent spans always differ in style.
pub fn parse(text: &str) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<Span> = Vec::new();
    let (mut strong, mut emphasis) = (false, false);
    let mut current = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '*' {
            let run = if chars.get(i + 1) == Some(&'*') { 2 } else { 1 };
            let is_on = if run == 2 { strong } else { emphasis };
            let toggles = if is_on {
                can_close(&chars, i)
            } else {
                can_open(&chars, i, run) && has_closer(&chars, i + run, run)
            };
            if toggles {
                push(&mut spans, &mut current, strong, emphasis);
                if run == 2 {
                    strong = !strong;
                } else {
                    emphasis = !emphasis;
                }
                i += run;
                continue;
            }
        }
        current.push(chars[i]);
        i += 1;
    }
    push(&mut spans, &mut current, strong, emphasis);
    spans
}

/// The text without markup, for metadata, search and measuring.
pub fn plain(text: &str) -> String {
    parse(text).into_iter().map(|s| s.text).collect()
}

fn push(spans: &mut Vec<Span>, current: &mut String, strong: bool, emphasis: bool) {
    if current.is_empty() {
        return;
    }
    let text = std::mem::take(current);
    match spans.last_mut() {
        Some(last) if last.strong == strong && last.emphasis == emphasis => {
            last.text.push_str(&text)
        }
        _ => spans.push(Span {
            text,
            strong,
            emphasis,
        }),
    }
}

fn can_open(chars: &[char], at: usize, run: usize) -> bool {
    chars.get(at + run).is_some_and(|c| !c.is_whitespace())
}

fn can_close(chars: &[char], at: usize) -> bool {
    at > 0 && !chars[at - 1].is_whitespace()
}

/// Whether a matching closing run follows, so that a lone `*` stays literal.
fn has_closer(chars: &[char], from: usize, run: usize) -> bool {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '*' {
            let len = if chars.get(i + 1) == Some(&'*') { 2 } else { 1 };
            if len == run && can_close(chars, i) && i > from {
                return true;
            }
            i += len;
        } else {
            i += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(text: &str) -> Vec<(String, bool, bool)> {
        parse(text)
            .into_iter()
            .map(|s| (s.text, s.strong, s.emphasis))
            .collect()
    }

    #[test]
    fn strong_and_emphasis() {
        assert_eq!(
            styles("until **deep amber**, let it *sit*."),
            vec![
                ("until ".into(), false, false),
                ("deep amber".into(), true, false),
                (", let it ".into(), false, false),
                ("sit".into(), false, true),
                (".".into(), false, false),
            ]
        );
    }

    #[test]
    fn lone_and_spaced_stars_stay_literal() {
        assert_eq!(plain("2 * 3 = 6"), "2 * 3 = 6");
        assert_eq!(plain("a *b"), "a *b");
        assert_eq!(plain("**"), "**");
        assert_eq!(plain(""), "");
    }

    #[test]
    fn nested_strong_emphasis() {
        assert_eq!(
            styles("***both*** x"),
            vec![("both".into(), true, true), (" x".into(), false, false)]
        );
    }
}
