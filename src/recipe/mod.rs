//! Recipes: the typed model and how it is read from YAML, with located diagnostics.
//!
//! Reading goes: byte checks (`precheck`: size, binary, UTF-8, nesting) → YAML to `Value`
//! (`yaml`: bounded, duplicates recorded, errors translated) → `Value` to [`Recipe`]
//! (`from_value`, `lists`: every problem collected with its node path) → paths to line and
//! column (`locate`), sorted into file order.

pub mod ingredient;
pub mod language;
pub mod model;
pub mod printable;
pub mod quantity;
pub mod scale;

pub(crate) mod duration;
mod fields;
mod from_value;
mod lists;
mod locate;
pub(crate) mod norm;
mod precheck;
mod problem;
mod yaml;

use std::path::Path;

pub use duration::{parse_minutes, pattern as duration_pattern};
pub use fields::known_fields;
pub use model::*;

use crate::error::{Diagnostic, Error, Severity, Span};
use locate::Locator;
use problem::{At, Problem};

/// The JSON Schema (draft 2020-12) of the recipe YAML format, kept in `schema/` and tested
/// against the parser in `tests/extras.rs`.
pub const SCHEMA: &str = include_str!("../../schema/recipe.schema.json");

/// The largest recipe file accepted, in bytes (1 MiB).
pub const MAX_FILE_BYTES: usize = precheck::MAX_BYTES;

/// At most this many problems are reported for one file; the rest are counted.
const MAX_REPORTED: usize = 100;

/// Bytes the locator may re-parse to place diagnostics, and to find `|` blocks: keeps a
/// huge file with thousands of problems from taking minutes (each lookup is a full parse).
const LOCATE_BUDGET: usize = 8 << 20;
const STYLE_BUDGET: usize = 4 << 20;

/// Reads a recipe from `bytes`; `file` is used in diagnostics and to resolve photo paths.
/// Pure: no I/O. On failure, every problem found, in file order.
pub fn parse(file: &Path, bytes: &[u8]) -> Result<Recipe, Vec<Diagnostic>> {
    let text = precheck::check(bytes).map_err(|p| vec![located(file, &p, Some(span_of(&p)))])?;
    let (value, mut problems) =
        yaml::load(text).map_err(|p| vec![located(file, &p, Some(span_of(&p)))])?;
    let styles = Locator::new(text, STYLE_BUDGET);
    let (mut recipe, more) = from_value::recipe(&value, file, &styles);
    problems.extend(more);
    if value.get("lang").is_none() {
        language::detect_into(&mut recipe);
    }
    if problems.is_empty() {
        return Ok(recipe);
    }
    Err(resolve(file, text, problems))
}

/// Reads and parses a recipe file, refusing files over [`MAX_FILE_BYTES`] without reading
/// them whole.
pub fn load(file: &Path) -> Result<Recipe, Error> {
    let bytes = match crate::input::read(file, MAX_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(crate::input::ReadError::TooLarge(_)) => {
            let p = precheck::too_large();
            return Err(Error::invalid(located(file, &p, Some(Span::start()))));
        }
        Err(e) => return Err(e.into_error(file, "the recipe")),
    };
    parse(file, &bytes).map_err(Error::Invalid)
}

fn span_of(p: &Problem) -> Span {
    match p.at {
        At::Span(span) => span,
        At::Node(..) => Span::start(),
    }
}

fn located(file: &Path, p: &Problem, span: Option<Span>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: file.to_path_buf(),
        span,
        message: p.message.clone(),
        help: p.help.clone(),
    }
}

/// Locates each problem, sorts them into file order and drops exact repeats.
fn resolve(file: &Path, text: &str, problems: Vec<Problem>) -> Vec<Diagnostic> {
    let locator = Locator::new(text, LOCATE_BUDGET);
    let total = problems.len();
    let mut diags = Vec::new();
    for p in problems.iter().take(MAX_REPORTED) {
        let span = match &p.at {
            At::Span(span) => Some(*span),
            At::Node(..) if !locator.can_find() => break,
            At::Node(path, target) => Some(find_or_ancestor(&locator, path, *target)),
        };
        diags.push(located(file, p, span));
    }
    diags.sort_by_key(|d| d.span);
    diags.dedup();
    if diags.len() < total {
        let rest = total - diags.len();
        let mut more = Diagnostic::new(
            file,
            None,
            format!("{rest} more problem{} not shown", plural(rest)),
        );
        more.help
            .push("fix the problems above and run again".into());
        diags.push(more);
    }
    diags
}

/// The node's position, or its nearest ancestor's when the node cannot be found (say, a key
/// that only exists after a merge through several aliases), or the file start.
fn find_or_ancestor(locator: &Locator, path: &problem::NodePath, target: problem::Target) -> Span {
    if let Some(found) = locator.find(path, target) {
        return found.span;
    }
    let mut path = path.clone();
    while !path.0.is_empty() {
        path = path.parent();
        if let Some(found) = locator.find(&path, problem::Target::Value) {
            return found.span;
        }
    }
    Span::start()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
