//! Diagnostics: located, actionable messages in the form
//! `FILE:LINE:COL: error: MESSAGE` followed by `  help: HINT` lines.

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
}

/// One problem with one input, located where possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub span: Option<Span>,
    pub message: String,
    pub help: Vec<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            span,
            message: message.into(),
            help: Vec::new(),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    /// Writes the diagnostic, with ANSI colours when `color` is set (only on a terminal).
    pub fn write_to(&self, out: &mut impl fmt::Write, color: bool) -> fmt::Result {
        let (bold, red, cyan, reset) = if color {
            ("\x1b[1m", "\x1b[1;31m", "\x1b[1;36m", "\x1b[0m")
        } else {
            ("", "", "", "")
        };
        write!(out, "{bold}{}", self.file.display())?;
        if let Some(span) = self.span {
            write!(out, ":{}:{}", span.line, span.col)?;
        }
        writeln!(
            out,
            ":{reset} {red}error:{reset} {bold}{}{reset}",
            self.message
        )?;
        for help in &self.help {
            writeln!(out, "  {cyan}help:{reset} {help}")?;
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

    /// The documented exit status: 1 invalid recipe, 2 usage, 3 I/O.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) => 1,
            Error::Usage(_) => 2,
            Error::Io { .. } => 3,
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
            Error::Io { path, message } => write!(f, "{}: error: {message}", path.display()),
            Error::Usage(message) => write!(f, "error: {message}"),
        }
    }
}

impl std::error::Error for Error {}

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
