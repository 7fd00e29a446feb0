//! Where things are and what went wrong: positions in a source text ([`Span`], and
//! [`Lines`] to find them), located diagnostics with a severity, printed as
//! `FILE:LINE:COL: error: MESSAGE` followed by `  help: HINT` lines, and the [`Error`] a
//! command ends with.

use std::fmt;
use std::path::{Path, PathBuf};

/// A 1-based line and column in a source file (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub line: u32,
    pub col: u32,
}

impl Span {
    pub const fn new(line: u32, col: u32) -> Self {
        Span { line, col }
    }

    /// The start of a file, for problems that concern the whole file.
    pub const fn start() -> Self {
        Span::new(1, 1)
    }

    /// A line and column counted as `usize`, saturated at `u32::MAX` (a file that long is
    /// refused long before, but the arithmetic stays total).
    pub fn saturating(line: usize, col: usize) -> Self {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span::new(clamp(line), clamp(col))
    }

    /// The line and column of byte `offset` in `text` (see [`Lines`]).
    pub fn at(text: &str, offset: usize) -> Self {
        Lines::new(text).span(offset)
    }
}

/// The lines of one source text, to turn byte offsets into [`Span`]s and back: the one
/// place where positions are counted (as typst-syntax's `Lines` is). Only `\n` breaks a
/// line, so `\r\n` is one break, as editors and `grep -n` count; columns count characters.
/// The text may be bytes that are not all UTF-8 (a file being checked): a column then
/// counts each bad sequence as one character, as a lossy decoding shows it.
///
/// Lookups scan the text up to the position, without an index: they are made for
/// diagnostics, a few per file, and a file is at most a few MiB.
#[derive(Debug, Clone, Copy)]
pub struct Lines<'a> {
    bytes: &'a [u8],
    /// Whether `bytes` is known to be UTF-8, so an offset inside a character means it.
    is_str: bool,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        Lines {
            bytes: text.as_bytes(),
            is_str: true,
        }
    }

    /// Lines of bytes that may not be UTF-8.
    pub fn of_bytes(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            is_str: false,
        }
    }

    /// The line and column of byte `offset` (past the end: the end; inside a character of
    /// UTF-8 text: that character).
    pub fn span(&self, offset: usize) -> Span {
        let mut offset = offset.min(self.bytes.len());
        if self.is_str {
            // UTF-8 continuation bytes are 0b10xx_xxxx: step back to the character's start.
            while offset < self.bytes.len() && self.bytes[offset] & 0xC0 == 0x80 {
                offset -= 1;
            }
        }
        let before = &self.bytes[..offset];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        Span::saturating(line, col)
    }

    /// The byte offset of a 1-based line and a 1-based column counted in bytes (as
    /// serde_json counts), kept inside the text.
    pub fn offset(&self, line: usize, byte_col: usize) -> usize {
        let mut start = 0;
        for _ in 1..line.max(1) {
            match self.bytes[start..].iter().position(|&b| b == b'\n') {
                Some(i) => start += i + 1,
                None => return self.bytes.len(),
            }
        }
        (start + byte_col.saturating_sub(1)).min(self.bytes.len())
    }
}

/// How serious a diagnostic is: an error stops the recipe; a warning says what could not be
/// printed as written; a note is worth knowing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    #[default]
    Error,
    Warning,
    Note,
}

impl Severity {
    /// The word printed before the message.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One problem with one input, located where possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub span: Option<Span>,
    pub message: String,
    pub help: Vec<String>,
}

impl Diagnostic {
    /// An error.
    pub fn new(file: impl Into<PathBuf>, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            span,
            message: message.into(),
            help: Vec::new(),
        }
    }

    /// A warning: the input could be used, but not all of it as written.
    pub fn warning(
        file: impl Into<PathBuf>,
        span: Option<Span>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::new(file, span, message)
        }
    }

    /// A note: nothing is wrong, but it is worth knowing.
    pub fn note(file: impl Into<PathBuf>, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::new(file, span, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    /// Writes the diagnostic, with ANSI colours when `color` is set (only on a terminal).
    pub fn write_to(&self, out: &mut impl fmt::Write, color: bool) -> fmt::Result {
        let (bold, accent, cyan, reset) = if color {
            let accent = match self.severity {
                Severity::Error => "\x1b[1;31m",
                Severity::Warning => "\x1b[1;33m",
                Severity::Note => "\x1b[1;32m",
            };
            ("\x1b[1m", accent, "\x1b[1;36m", "\x1b[0m")
        } else {
            ("", "", "", "")
        };
        write!(out, "{bold}{}", printable(&self.file.display().to_string()))?;
        if let Some(span) = self.span {
            write!(out, ":{}:{}", span.line, span.col)?;
        }
        writeln!(
            out,
            ":{reset} {accent}{}:{reset} {bold}{}{reset}",
            self.severity.label(),
            printable(&self.message)
        )?;
        for help in &self.help {
            writeln!(out, "  {cyan}help:{reset} {}", printable(help))?;
        }
        Ok(())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.write_to(&mut s, false)?;
        f.write_str(s.trim_end())
    }
}

/// Everything that can go wrong, grouped by how the process should exit.
#[derive(Debug)]
pub enum Error {
    /// The input is not a valid recipe (or photo): one or more located diagnostics.
    Invalid(Vec<Diagnostic>),
    /// Reading or writing a file failed.
    Io { path: PathBuf, message: String },
    /// The command line asks for something impossible.
    Usage(String),
    /// A bug of ours: a stage was handed something it should never be (the renderer a
    /// document without pages, say). Not the user's input, nor their files.
    Internal(String),
}

impl Error {
    pub fn invalid(diag: Diagnostic) -> Self {
        Error::Invalid(vec![diag])
    }

    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            message: describe_io_error(err),
        }
    }

    /// The documented exit status: 1 invalid recipe, 2 usage, 3 I/O. A bug of ours exits
    /// like an I/O failure (no output was written), with a message that says what it is.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) => 1,
            Error::Usage(_) => 2,
            Error::Io { .. } | Error::Internal(_) => 3,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(diags) => {
                for (i, d) in diags.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
            Error::Io { path, message } => write!(
                f,
                "{}: error: {}",
                printable(&path.display().to_string()),
                printable(message)
            ),
            Error::Usage(message) => write!(f, "error: {}", printable(message)),
            Error::Internal(message) => write!(
                f,
                "error: internal error: {message}\n  help: this is a bug in cardgen; please report it with the input that caused it"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// `text` safe to print on a terminal: control characters (ESC, BEL, CR, C1 controls…) and
/// the bidirectional overrides that reorder what is shown are written as escapes (`\x1b`,
/// `\u{202e}`), so that input quoted in a message cannot clear the screen, set the
/// terminal's title or disguise itself. Line breaks are kept (messages add `help:` lines).
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !unsafe_char(c) => out.push(c),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A short, lower-case description of an I/O error without Rust's "(os error N)" noise.
pub fn describe_io_error(err: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match err.kind() {
        NotFound => "no such file or directory".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "is a directory".into(),
        _ => {
            let text = err.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_lowercase(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_cannot_drive_the_terminal() {
        assert_eq!(
            printable("key \x1b[2J\x1b]0;pwned\x07 \u{202e}txt\tend\nhelp"),
            "key \\x1b[2J\\x1b]0;pwned\\x07 \\u{202e}txt\\tend\nhelp"
        );
        let d = Diagnostic::new("a\x1b.yaml", None, "bad `\x07`");
        assert_eq!(d.to_string(), "a\\x1b.yaml: error: bad `\\x07`");
    }

    #[test]
    fn lines_count_only_newlines_and_characters() {
        let text = "a: 1\r\nbé: 2\n\nc";
        let lines = Lines::new(text);
        assert_eq!(lines.span(0), Span::new(1, 1));
        assert_eq!(lines.span(text.find("bé").unwrap()), Span::new(2, 1));
        assert_eq!(lines.span(text.find(':').unwrap()), Span::new(1, 2));
        assert_eq!(lines.span(text.find(": 2").unwrap()), Span::new(2, 3));
        // Inside `é`: the character itself.
        assert_eq!(lines.span(text.find('é').unwrap() + 1), Span::new(2, 2));
        assert_eq!(lines.span(text.len() + 5), Span::new(4, 2));
        assert_eq!(lines.offset(2, 1), text.find("bé").unwrap());
        assert_eq!(lines.offset(3, 9), text.len());
        assert_eq!(lines.offset(9, 1), text.len());
        // Bytes that are not UTF-8: each bad byte is one column.
        let bytes = b"ok\n\xff\xfex";
        assert_eq!(Lines::of_bytes(bytes).span(5), Span::new(2, 3));
    }

    #[test]
    fn severities_are_printed() {
        let warning = Diagnostic::warning("r.yaml", Some(Span::new(3, 7)), "no font has `☃`");
        assert_eq!(warning.to_string(), "r.yaml:3:7: warning: no font has `☃`");
        let note = Diagnostic::note("r.yaml", None, "still needs 2 cards");
        assert_eq!(note.to_string(), "r.yaml: note: still needs 2 cards");
    }

    #[test]
    fn formats_like_a_compiler() {
        let d = Diagnostic::new(
            "pork.yaml",
            Some(Span::new(12, 5)),
            "unknown field `servigns`",
        )
        .with_help("did you mean `servings`?");
        assert_eq!(
            d.to_string(),
            "pork.yaml:12:5: error: unknown field `servigns`\n  help: did you mean `servings`?"
        );
    }
}
