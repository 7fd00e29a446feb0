//! What a card can print: no control characters, no towers of combining marks.
//!
//! A recipe file written by hand is refused when it has them (the user can fix it; see
//! `yaml.rs`). A recipe read from a web page or another app's export is cleaned instead,
//! with a warning that says what was removed: the user cannot fix someone else's page.

use super::model::Recipe;
use crate::error::{Diagnostic, Span};

/// The most combining marks one character may carry: Unicode's stream-safe limit (UAX #15);
/// scripts need a few, stacks of thousands would run over the lines around them.
pub const MAX_MARKS: usize = 30;

/// Control characters a card cannot print (escapes such as `"\e"`, `"\a"`, `"\0"` write
/// them); tabs and line breaks are layout, not controls.
pub fn unprintable_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The length of the longest run of combining marks, if it is over [`MAX_MARKS`].
pub fn too_many_marks(text: &str) -> Option<usize> {
    let mut run = 0;
    let mut worst = 0;
    for c in text.chars() {
        run = if is_mark(c) { run + 1 } else { 0 };
        worst = worst.max(run);
    }
    (worst > MAX_MARKS).then_some(worst)
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::canonical_combining_class(c) != 0
}

/// What [`scrub`] removed from one recipe.
#[derive(Debug, Default, PartialEq)]
struct Removed {
    controls: usize,
    first_control: Option<char>,
    marks: usize,
}

/// Removes what cannot be printed from every text of an imported recipe, and adds one
/// warning per kind of removal to `recipe.warnings`.
pub fn scrub(recipe: &mut Recipe) {
    let mut removed = Removed::default();
    for_each_text(recipe, |text| scrub_text(text, &mut removed));
    let at = Some(Span::start());
    if let Some(c) = removed.first_control {
        recipe.warnings.push(
            Diagnostic::warning(
                &recipe.file,
                at,
                format!(
                    "removed {} control character{} (the first U+{:04X}) that cannot be printed",
                    removed.controls,
                    if removed.controls == 1 { "" } else { "s" },
                    c as u32
                ),
            )
            .with_help("they are invisible in a browser; the text around them is kept"),
        );
    }
    if removed.marks > 0 {
        recipe.warnings.push(
            Diagnostic::warning(
                &recipe.file,
                at,
                format!(
                    "removed {} combining marks stacked over {MAX_MARKS} on one character",
                    removed.marks
                ),
            )
            .with_help("stacks of hundreds of accents (“glitch” text) would print over the lines around them"),
        );
    }
}

fn scrub_text(text: &mut String, removed: &mut Removed) {
    let clean = |c: char| !unprintable_control(c);
    if text.chars().all(clean) && too_many_marks(text).is_none() {
        return;
    }
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    for c in text.chars() {
        if !clean(c) {
            removed.controls += 1;
            removed.first_control.get_or_insert(c);
            continue;
        }
        run = if is_mark(c) { run + 1 } else { 0 };
        if run > MAX_MARKS {
            removed.marks += 1;
            continue;
        }
        out.push(c);
    }
    *text = out;
}

/// Calls `f` on every text of the recipe that is printed or goes into the PDF's metadata.
fn for_each_text(recipe: &mut Recipe, mut f: impl FnMut(&mut String)) {
    let opt = |o: &mut Option<String>, f: &mut dyn FnMut(&mut String)| {
        if let Some(s) = o {
            f(s)
        }
    };
    f(&mut recipe.title);
    opt(&mut recipe.subtitle, &mut f);
    opt(&mut recipe.description, &mut f);
    opt(&mut recipe.author, &mut f);
    if let Some(source) = &mut recipe.source {
        opt(&mut source.name, &mut f);
    }
    if let Some(servings) = &mut recipe.servings {
        f(&mut servings.text);
    }
    recipe.tags.iter_mut().for_each(&mut f);
    if let Some(photo) = &mut recipe.photo {
        opt(&mut photo.alt, &mut f);
    }
    for group in &mut recipe.ingredients {
        opt(&mut group.title, &mut f);
        for item in &mut group.items {
            opt(&mut item.quantity, &mut f);
            opt(&mut item.unit, &mut f);
            f(&mut item.item);
            opt(&mut item.note, &mut f);
        }
    }
    for group in &mut recipe.steps {
        opt(&mut group.title, &mut f);
        for step in &mut group.steps {
            opt(&mut step.title, &mut f);
            f(&mut step.text);
        }
    }
    recipe.notes.iter_mut().for_each(&mut f);
    for section in &mut recipe.sections {
        f(&mut section.title);
        f(&mut section.text);
    }
    for faq in &mut recipe.faq {
        f(&mut faq.question);
        f(&mut faq.answer);
    }
    for (label, value) in &mut recipe.nutrition {
        f(label);
        f(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_mark_towers_are_removed_and_counted() {
        let mut removed = Removed::default();
        let mut text = format!("Toast\u{1b}[2J it\u{7}. e{}", "\u{301}".repeat(40));
        scrub_text(&mut text, &mut removed);
        assert_eq!(
            text,
            format!("Toast[2J it. e{}", "\u{301}".repeat(MAX_MARKS))
        );
        assert_eq!(
            removed,
            Removed {
                controls: 2,
                first_control: Some('\u{1b}'),
                marks: 10
            }
        );
    }

    #[test]
    fn printable_text_is_untouched() {
        let mut removed = Removed::default();
        let mut text = "Phở bò\tnấu\nxong".to_string();
        scrub_text(&mut text, &mut removed);
        assert_eq!(text, "Phở bò\tnấu\nxong");
        assert_eq!(removed, Removed::default());
    }
}
