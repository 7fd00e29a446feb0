//! Shaped glyphs as text operators: positioned `TJ` runs with kerning adjustments,
//! clusters, and `/ActualText` where `/ToUnicode` cannot say what a glyph stands for.

use std::collections::BTreeMap;

use printpdf::{Codepoint, DictItem, Op, TextMatrix};

use super::font::FaceState;
use super::primitive::pt;
use crate::frame::{Glyph, TextItem};
use crate::units::Abs;

/// Consecutive plain glyphs, written as one positioned `TJ`.
#[derive(Default)]
pub(super) struct GlyphRun {
    start: Abs,
    glyphs: Vec<Codepoint>,
}

impl GlyphRun {
    pub(super) fn push(&mut self, pen: Abs, cp: Codepoint) {
        if self.glyphs.is_empty() {
            self.start = pen;
        }
        self.glyphs.push(cp);
    }

    pub(super) fn flush(&mut self, ops: &mut Vec<Op>, origin_x: Abs, baseline: Abs) {
        if !self.glyphs.is_empty() {
            let glyphs = std::mem::take(&mut self.glyphs);
            show_glyphs(ops, origin_x + self.start, baseline, &glyphs);
        }
    }
}

/// `Tm` to an absolute position, then the glyphs as the `TJ` operator itself: one
/// string per stretch of glyphs between adjustments. (printpdf's `ShowText` writes one
/// hex string per glyph, which printpdf builds and lopdf formats byte by byte: that was
/// the largest part of writing a page.)
pub(super) fn show_glyphs(ops: &mut Vec<Op>, x: Abs, y: Abs, glyphs: &[Codepoint]) {
    ops.push(Op::SetTextMatrix {
        matrix: TextMatrix::Translate(pt(x), pt(y)),
    });
    let mut operands = Vec::new();
    let mut codes = Vec::with_capacity(glyphs.len() * 2);
    for glyph in glyphs {
        codes.extend(glyph.gid.to_be_bytes());
        if glyph.offset != 0.0 {
            operands.push(DictItem::String {
                data: std::mem::take(&mut codes),
                literal: true,
            });
            operands.push(DictItem::Real(glyph.offset));
        }
    }
    if !codes.is_empty() {
        operands.push(DictItem::String {
            data: codes,
            literal: true,
        });
    }
    ops.push(Op::Unknown {
        key: "TJ".to_string(),
        value: vec![DictItem::Array(operands)],
    });
}

/// A glyph for printpdf: the code to write and the `TJ` adjustment (1/1000 em,
/// positive moves left) that turns the font's own advance into the shaped one.
pub(super) fn codepoint(item: &TextItem, glyph: &Glyph, font: &FaceState) -> Codepoint {
    let shaped = glyph.x_advance.to_pt() * 1000.0 / item.size.to_pt();
    let own = font.code_advance(glyph.id, item.glyph_text(glyph));
    let offset = (own as f64 - shaped) as f32;
    let offset = (offset * 100.0).round() / 100.0;
    Codepoint::new(font.code(glyph.id, item.glyph_text(glyph)), offset)
}

pub(super) fn has_offset(glyph: &Glyph) -> bool {
    glyph.x_offset.to_pt().abs() > 1e-6 || glyph.y_offset.to_pt().abs() > 1e-6
}

pub(super) fn cluster_text(item: &TextItem, cluster: &[Glyph]) -> String {
    cluster.iter().map(|g| item.glyph_text(g)).collect()
}

/// Whether the cluster needs `/ActualText`: when the `/ToUnicode` texts of its glyphs
/// fail to spell its text (a glyph standing for different characters in different
/// places), or when a glyph after the first takes room of its own (a Devanagari vowel
/// sign): it has no text, so extractors read the room as a space ("दा ल"). Marks of no
/// width keep to `/ToUnicode`: poppler joins them to their base, and an `/ActualText`
/// span would end where the mark is drawn, before the base's end.
pub(super) fn needs_actual_text(item: &TextItem, cluster: &[Glyph], font: &FaceState) -> bool {
    if cluster[1..].iter().any(|g| g.x_advance > Abs::zero()) {
        return true;
    }
    let mapped = cluster
        .iter()
        .flat_map(|g| font.mapped_text(g.id, item.glyph_text(g)).bytes());
    !mapped.eq(cluster.iter().flat_map(|g| item.glyph_text(g).bytes()))
}

/// `/Span <</key (text)>> BDC`: replacement text (`ActualText`) or a description (`Alt`).
pub(super) fn marked_span(key: &str, text: &str) -> Op {
    let mut utf16 = vec![0xFE, 0xFF];
    utf16.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let mut props = BTreeMap::new();
    props.insert(
        key.to_string(),
        DictItem::String {
            data: utf16,
            literal: false,
        },
    );
    Op::BeginMarkedContentWithProperties {
        tag: "Span".to_string(),
        properties: DictItem::Dict { map: props },
    }
}

#[cfg(test)]
mod tests {
    use super::super::font::clusters;
    use super::*;

    #[test]
    fn clusters_split_at_glyphs_with_text() {
        let mut item = TextItem {
            face: 0,
            size: Abs::pt(10.0),
            fill: crate::frame::Color::rgb(0, 0, 0),
            text: String::new(),
            glyphs: Vec::new(),
            ascent: Abs::pt(8.0),
            descent: Abs::pt(2.0),
        };
        for text in ["a", "q\u{301}", "", "b"] {
            item.push_glyph(1, Abs::pt(1.0), (Abs::zero(), Abs::zero()), text);
        }
        let sizes: Vec<usize> = clusters(&item.glyphs).map(<[Glyph]>::len).collect();
        assert_eq!(sizes, [1, 2, 1]);
        assert_eq!(item.text(), "aq\u{301}b");
        assert_eq!(cluster_text(&item, &item.glyphs[1..3]), "q\u{301}");
    }
}
