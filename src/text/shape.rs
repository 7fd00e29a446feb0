//! Shaping with harfrust: text itemised into runs of one face, script and direction,
//! with per-character fallback to other faces of the book.

use std::ops::Range;

use harfrust::{Buffer, Direction, Language, Script, ShapeOptions, ShaperFont};
use unicode_bidi::Level;

use super::font::{FaceId, FontBook};
use super::style::CjkRegion;

/// A shaped glyph in font units, with its cluster as a byte offset into the shaped text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RawGlyph {
    pub face: FaceId,
    pub id: u16,
    pub cluster: usize,
    /// In em units (font units / units per em).
    pub x_advance: f64,
    pub x_offset: f64,
    pub y_offset: f64,
    /// Bidi embedding level: odd for right-to-left.
    pub level: Level,
}

/// Shapes `text` in `primary`, falling back to other faces for characters it lacks.
/// `levels` holds the bidi level of every byte of `text` (empty: all left-to-right).
/// Glyphs come out in logical order (right-to-left runs are shaped right-to-left and
/// turned back), so that line breaking can work on them like on any other text.
/// Clusters are offset by `base` so that callers can shape pieces of a larger text.
pub fn shape(
    book: &FontBook,
    primary: FaceId,
    text: &str,
    lang: &str,
    base: usize,
    levels: &[Level],
) -> Vec<RawGlyph> {
    let mut glyphs = Vec::with_capacity(text.len());
    let region = if text.is_ascii() {
        CjkRegion::Simplified
    } else {
        CjkRegion::for_text(lang, text)
    };
    let level_at = |i: usize| levels.get(i).copied().unwrap_or(Level::ltr());
    for run in runs(book, primary, text, region, &level_at) {
        let start = glyphs.len();
        shape_run(
            book,
            &run,
            &text[run.range.clone()],
            lang,
            base,
            &mut glyphs,
        );
        if run.level.is_rtl() {
            glyphs[start..].reverse();
        }
    }
    glyphs
}

/// A piece of text shaped at once: one face, one script, one direction.
struct Run {
    range: Range<usize>,
    face: FaceId,
    script: Option<Script>,
    level: Level,
}

/// Splits text into runs of the first face that covers each character, of one script
/// and one bidi level. Whitespace, combining marks and other characters of no script of
/// their own stay with the run before them, so that spacing and accents match.
fn runs(
    book: &FontBook,
    primary: FaceId,
    text: &str,
    region: CjkRegion,
    level_at: &dyn Fn(usize) -> Level,
) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    // The face picked for each ASCII character so far (a character-map lookup each time
    // was a fifth of shaping).
    let mut ascii = [FaceId::MAX; 128];
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let level = level_at(i);
        let script = if c.is_ascii_alphabetic() {
            Some(Script::LATIN)
        } else if c.is_ascii() {
            None
        } else {
            Some(harfrust::unicode::script(c as u32)).filter(|s| *s != Script::COMMON)
        };
        let inherits = |last: &Run| {
            // A space joins the script before it (Arabic and Thai spaces in their own
            // face), but not a run of symbols: after an emoji it is the text's space.
            (c.is_whitespace() && (last.script.is_some() || last.face == primary))
                || script == Some(Script::INHERITED)
                || is_joiner(c)
        };
        let (face, script) = match runs.last() {
            Some(last) if inherits(last) && last.level == level => (last.face, last.script),
            // Punctuation and symbols of no script of their own (、。·) stay in the face of
            // the text before them when it has them: one font's shapes, not a fallback's.
            Some(last)
                if script.is_none()
                    && !c.is_ascii()
                    && last.level == level
                    && last.face != primary
                    && book.face(last.face).covers(c) =>
            {
                (last.face, last.script)
            }
            _ => {
                let face = if c.is_ascii() {
                    let known = &mut ascii[c as usize];
                    if *known == FaceId::MAX {
                        *known = book.pick(primary, c, region);
                    }
                    *known
                } else {
                    book.pick(primary, c, region)
                };
                // Digits and punctuation (no script) join the script around them.
                let script = script.or_else(|| {
                    runs.last()
                        .filter(|last| last.face == face && last.level == level)
                        .and_then(|last| last.script)
                });
                (face, script)
            }
        };
        match runs.last_mut() {
            Some(last)
                if last.face == face
                    && last.level == level
                    && (last.script == script || last.script.is_none() || script.is_none()) =>
            {
                last.range.end = end;
                last.script = last.script.or(script);
            }
            _ => runs.push(Run {
                range: i..end,
                face,
                script,
                level,
            }),
        }
    }
    runs
}

/// Zero-width joiners and variation selectors belong to the character before them.
fn is_joiner(c: char) -> bool {
    matches!(c as u32, 0x200C | 0x200D | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
}

fn shape_run(
    book: &FontBook,
    run: &Run,
    text: &str,
    lang: &str,
    base: usize,
    out: &mut Vec<RawGlyph>,
) {
    let face = book.face(run.face);
    let shaper = ShaperFont::new(face.font());
    let mut buffer = Buffer::new();
    buffer.push_str(text);
    buffer.set_language(Language::new(lang));
    buffer.guess_segment_properties();
    if run.script.is_some() {
        buffer.set_script(run.script);
    }
    buffer.set_direction(if run.level.is_rtl() {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    let upem = face.units_per_em();
    let plan = face.plan(buffer.direction(), buffer.script(), buffer.language());
    if harfrust::shape(&shaper, &mut buffer, ShapeOptions::new().plan(Some(&plan))).is_err() {
        // Shaping only fails on misuse of the buffer; measure nothing rather than panic.
        return;
    }
    let offset = base + run.range.start;
    for (info, pos) in buffer.glyph_infos().iter().zip(buffer.glyph_positions()) {
        out.push(RawGlyph {
            face: run.face,
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            cluster: offset + info.cluster as usize,
            x_advance: f64::from(pos.x_advance) / upem,
            x_offset: f64::from(pos.x_offset) / upem,
            y_offset: f64::from(pos.y_offset) / upem,
            level: run.level,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_with_plausible_advances_and_clusters() {
        let book = FontBook::builtin();
        let glyphs = shape(&book, book.body.regular, "Phở bò", "vi", 10, &[]);
        assert!(
            glyphs.iter().all(|g| g.id != 0),
            "every glyph is found: {glyphs:?}"
        );
        assert_eq!(glyphs.first().map(|g| g.cluster), Some(10));
        let width: f64 = glyphs.iter().map(|g| g.x_advance).sum();
        assert!(
            width > 2.0 && width < 4.0,
            "Phở bò is about 3 em wide, got {width}"
        );
    }

    #[test]
    fn missing_characters_fall_back_to_another_face() {
        // Bundled faces only, so that the outcome does not depend on the machine.
        let book = FontBook::builtin().with_sources(crate::text::FontSources::default());
        for c in ['→', '½', '€', '✓', 'ǂ'] {
            let text = format!("a{c}b");
            let glyphs = shape(&book, book.title.regular, &text, "en", 0, &[]);
            let covered = book.faces().iter().any(|f| f.covers(c));
            let arrow = glyphs
                .iter()
                .find(|g| g.cluster == 1)
                .expect("a glyph for the symbol");
            assert_eq!(arrow.id != 0, covered, "{c}: found when some face has it");
            if covered {
                assert!(book.face(arrow.face).covers(c));
            }
        }
    }

    #[test]
    fn right_to_left_runs_come_out_in_logical_order() {
        let book = FontBook::builtin().with_sources(crate::text::FontSources::default());
        let text = "שלום 123";
        let levels = unicode_bidi::BidiInfo::new(text, Some(Level::rtl())).levels;
        let glyphs = shape(&book, book.body.regular, text, "he", 0, &levels);
        let clusters: Vec<usize> = glyphs.iter().map(|g| g.cluster).collect();
        let mut sorted = clusters.clone();
        sorted.sort_unstable();
        assert_eq!(clusters, sorted, "logical order");
        assert!(glyphs.iter().all(|g| g.id != 0));
        assert!(glyphs[0].level.is_rtl());
        assert!(
            !glyphs.last().is_some_and(|g| g.level.is_rtl()),
            "digits are LTR"
        );
    }

    #[test]
    fn devanagari_after_latin_in_one_face_is_shaped_as_devanagari() {
        let book = FontBook::builtin().with_sources(crate::text::FontSources::default());
        let devanagari = (0..book.faces().len())
            .find(|&id| book.face(id).data.name == "NotoSansDevanagari-Regular")
            .expect("bundled");
        // "क्ष" is a conjunct: fewer glyphs than characters when shaped right.
        let alone = shape(&book, devanagari, "क्ष", "hi", 0, &[]);
        let after_latin = shape(&book, devanagari, "ab क्ष", "hi", 0, &[]);
        assert!(after_latin.iter().all(|g| g.face == devanagari));
        let conjunct: Vec<u16> = after_latin.iter().skip(3).map(|g| g.id).collect();
        assert_eq!(conjunct, alone.iter().map(|g| g.id).collect::<Vec<_>>());
        assert!(alone.len() < 3);
    }
}
