//! Shaping with harfrust, with per-character fallback to other faces of the book.

use harfrust::{Buffer, Language, ShapeOptions, ShaperFont};

use super::font::{FaceId, FontBook};

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
}

/// Shapes `text` (left-to-right) in `primary`, falling back to other faces for characters
/// it lacks. Clusters are offset by `base` so that callers can shape pieces of a larger text.
pub fn shape(
    book: &FontBook,
    primary: FaceId,
    text: &str,
    lang: &str,
    base: usize,
) -> Vec<RawGlyph> {
    let mut glyphs = Vec::with_capacity(text.len());
    for (range, face) in face_runs(book, primary, text) {
        shape_run(
            book,
            face,
            &text[range.clone()],
            lang,
            base + range.start,
            &mut glyphs,
        );
    }
    glyphs
}

/// Splits text into runs of the first face that covers each character. Whitespace and
/// combining marks stay with the run before them, so that spacing and accents match.
fn face_runs(
    book: &FontBook,
    primary: FaceId,
    text: &str,
) -> Vec<(std::ops::Range<usize>, FaceId)> {
    let mut runs: Vec<(std::ops::Range<usize>, FaceId)> = Vec::new();
    // The face picked for each ASCII character so far (a character-map lookup each time
    // was a fifth of shaping).
    let mut ascii = [FaceId::MAX; 128];
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let inherits = c.is_whitespace() || is_combining(c);
        let face = match runs.last() {
            Some((_, last)) if inherits => *last,
            _ if c.is_ascii() => {
                let known = &mut ascii[c as usize];
                if *known == FaceId::MAX {
                    *known = pick_face(book, primary, c);
                }
                *known
            }
            _ => pick_face(book, primary, c),
        };
        match runs.last_mut() {
            Some((range, last)) if *last == face => range.end = end,
            _ => runs.push((i..end, face)),
        }
    }
    runs
}

fn pick_face(book: &FontBook, primary: FaceId, c: char) -> FaceId {
    if book.face(primary).covers(c) || c.is_control() {
        return primary;
    }
    book.fallbacks(primary)
        .find(|&f| book.face(f).covers(c))
        .unwrap_or(primary)
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn shape_run(
    book: &FontBook,
    face_id: FaceId,
    text: &str,
    lang: &str,
    base: usize,
    out: &mut Vec<RawGlyph>,
) {
    let face = book.face(face_id);
    let shaper = ShaperFont::new(face.font());
    let mut buffer = Buffer::new();
    buffer.push_str(text);
    buffer.set_language(Language::new(lang));
    buffer.guess_segment_properties();
    let upem = face.units_per_em();
    let plan = face.plan(buffer.direction(), buffer.script(), buffer.language());
    if harfrust::shape(&shaper, &mut buffer, ShapeOptions::new().plan(Some(&plan))).is_err() {
        // Shaping only fails on misuse of the buffer; measure nothing rather than panic.
        return;
    }
    for (info, pos) in buffer.glyph_infos().iter().zip(buffer.glyph_positions()) {
        out.push(RawGlyph {
            face: face_id,
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            cluster: base + info.cluster as usize,
            x_advance: f64::from(pos.x_advance) / upem,
            x_offset: f64::from(pos.x_offset) / upem,
            y_offset: f64::from(pos.y_offset) / upem,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_with_plausible_advances_and_clusters() {
        let book = FontBook::builtin();
        let glyphs = shape(&book, book.body.regular, "Phở bò", "vi", 10);
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
        let book = FontBook::builtin();
        for c in ['→', '½', '€', '✓', 'ǂ'] {
            let text = format!("a{c}b");
            let glyphs = shape(&book, book.title.regular, &text, "en", 0);
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
}
