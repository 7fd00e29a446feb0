//! Problems as JSON for editors, pre-commit hooks and CI (`--message-format json`): one
//! object a line on stderr, with the same facts as the human form
//! (`FILE:LINE:COL: error: MESSAGE` and its `help:` lines). See schema/README.md.

use serde_json::{json, Value};

use crate::error::{Diagnostic, Error};

/// One diagnostic as a JSON line. A diagnostic points at one place, so the end is its
/// start; positions are 1-based, `null` when the problem concerns the whole file.
pub fn diagnostic_json(d: &Diagnostic) -> String {
    let (line, column) = match d.span {
        Some(span) => (json!(span.line), json!(span.col)),
        None => (Value::Null, Value::Null),
    };
    let help = if d.help.is_empty() {
        Value::Null
    } else {
        json!(d.help.join("\n"))
    };
    json!({
        "file": d.file.to_string_lossy(),
        "line": line,
        "column": column,
        "end_line": line,
        "end_column": column,
        "severity": d.severity.label(),
        "message": d.message,
        "help": help,
    })
    .to_string()
}

/// Every problem of an error as JSON lines (a usage error has no file).
pub fn error_json(error: &Error) -> Vec<String> {
    match error {
        Error::Invalid(diags) => diags.iter().map(diagnostic_json).collect(),
        Error::Io { path, message } => {
            let (message, help) = match message.split_once("\n  help: ") {
                Some((m, h)) => (m.to_owned(), Some(h.to_owned())),
                None => (message.clone(), None),
            };
            let mut d = Diagnostic::new(path, None, message);
            d.help.extend(help);
            vec![diagnostic_json(&d)]
        }
        Error::Usage(message) | Error::Internal(message) => vec![json!({
            "file": Value::Null,
            "line": Value::Null,
            "column": Value::Null,
            "end_line": Value::Null,
            "end_column": Value::Null,
            "severity": "error",
            "message": message,
            "help": Value::Null,
        })
        .to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Span;

    #[test]
    fn a_located_error_has_every_field() {
        let d = Diagnostic::new("pork.yaml", Some(Span::new(12, 5)), "unknown field")
            .with_help("did you mean `servings`?");
        let v: Value = serde_json::from_str(&diagnostic_json(&d)).unwrap();
        assert_eq!(
            v,
            json!({"file": "pork.yaml", "line": 12, "column": 5, "end_line": 12,
                   "end_column": 5, "severity": "error", "message": "unknown field",
                   "help": "did you mean `servings`?"})
        );
    }
}
