//! Paragraphs: styled text shaped once, then broken into lines for any width.
//!
//! Line breaking follows UAX #14 (via ICU4X's `icu_segmenter`, with dictionaries for
//! Thai, Lao, Khmer and Myanmar) plus hyphenation points for the
//! paragraph's language (via `hypher`), and picks the breaks with a small optimal-fit
//! search (Knuth–Plass style for ragged-right text) rather than first-fit, so lines are
//! even and hyphens are used only where they help. A word wider than the whole line gets
//! emergency breaks, so text never leaves its box.

use std::cell::RefCell;
use std::sync::Arc;

use icu_segmenter::{options::LineBreakOptions, LineSegmenter};
use unicode_bidi::{BidiInfo, Level};

use super::font::{FaceId, FontBook};
use super::shape::shape;
use crate::frame::{Color, FontData, TextItem};
use crate::units::Abs;

/// What one piece of paragraph text looks like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub face: FaceId,
    pub size: Abs,
    pub fill: Color,
    /// Extra space after every glyph (letter-spaced caps).
    pub tracking: Abs,
}

/// Costs for the line-break search; small integers keep the trade-offs readable.
mod cost {
    /// Every line costs this, so that fewer lines win among equally even ones.
    pub const LINE: f64 = 10.0;
    /// Multiplies the squared unused fraction of a line.
    pub const RAGGEDNESS: f64 = 100.0;
    /// Ending a line with an inserted hyphen.
    pub const HYPHEN: f64 = 40.0;
    /// Two hyphenated lines in a row.
    pub const DOUBLE_HYPHEN: f64 = 60.0;
    /// A last line holding only a scrap of text (less than this fraction of the width).
    pub const RUNT: f64 = 25.0;
    pub const RUNT_FRACTION: f64 = 0.12;
    /// Breaking inside a word at no hyphenation point: only when nothing else fits.
    pub const EMERGENCY: f64 = 1e6;
    /// A line that is wider than the box: only when a single glyph is.
    pub const OVERFULL: f64 = 1e12;
}

/// Words shorter than this (in characters) are never hyphenated.
const MIN_HYPHENATED_WORD: usize = 6;
/// The text an inserted hyphen contributes to copy/paste and search.
const HYPHEN_TEXT: &str = "-";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BreakKind {
    /// Between words (UAX #14).
    Allowed,
    /// Forced: an explicit line break or the paragraph's end.
    Mandatory,
    /// Inside a word at a hyphenation point; a hyphen is inserted.
    Hyphen,
    /// Inside a word anywhere, for words too wide for the line.
    Emergency,
}

#[derive(Debug, Clone)]
struct PGlyph {
    face: FaceId,
    id: u16,
    style: usize,
    cluster: usize,
    advance: Abs,
    x_offset: Abs,
    y_offset: Abs,
    space: bool,
    /// Bidi level (odd: right-to-left).
    level: Level,
}

/// A shaped paragraph that can be broken into lines of any width. Its data is shared, not
/// copied, when it is cloned: layout passes (counting cards, then numbering them) and the
/// shaping cache hold the same paragraph, which for a long text is many MiB.
#[derive(Debug, Clone)]
pub struct Paragraph {
    text: Arc<str>,
    styles: Arc<[TextStyle]>,
    glyphs: Arc<[PGlyph]>,
    /// `prefix[i]` is the advance of glyphs `0..i`.
    prefix: Arc<[Abs]>,
    /// `content_end[i]`: end of the last non-space glyph in `0..i`.
    content_end: Arc<[usize]>,
    /// Break opportunities before glyph `at`, sorted; the last is the paragraph's end.
    breaks: Arc<[(usize, BreakKind)]>,
    /// Per style: the hyphen glyph (face, id) and its width.
    hyphens: Arc<[(FaceId, u16, Abs)]>,
    /// Per style: ascent and descent at its size.
    extents: Arc<[(Abs, Abs)]>,
    /// Whether any glyph is right-to-left (then lines are reordered for display).
    bidi: bool,
    /// The paragraph is in a right-to-left language, whose page is mirrored after layout
    /// (see [`crate::layout::mirror`]): its lines' runs are placed mirrored, to come out
    /// right when the page is.
    mirrored: bool,
}

/// One line of a paragraph: glyphs `start..end`, of which `start..visible_end` are drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    visible_end: usize,
    pub hyphen: bool,
    pub width: Abs,
}

impl Paragraph {
    /// Shapes `runs` (text with style) as one paragraph in language `lang`, whose base
    /// direction is right to left when `rtl` (the recipe's `dir`, else its language's).
    pub fn new(book: &FontBook, runs: &[(&str, TextStyle)], lang: &str, rtl: bool) -> Paragraph {
        let runs: Vec<&(&str, TextStyle)> =
            runs.iter().filter(|(run, _)| !run.is_empty()).collect();
        let text: String = runs.iter().map(|(run, _)| *run).collect();
        let levels = bidi_levels(&text, rtl);
        let mut styles = Vec::new();
        let mut glyphs = Vec::new();
        let mut base = 0;
        for (run, style) in runs {
            let index = styles.len();
            styles.push(*style);
            let run_levels = levels.get(base..base + run.len()).unwrap_or(&[]);
            let shaped = shape(book, style.face, run, lang, base, run_levels);
            for (n, g) in shaped.iter().enumerate() {
                // Letter-spacing goes after a whole cluster (not between a letter and
                // its marks), and never into joined scripts, whose letters it would part.
                let ends_cluster = shaped
                    .get(n + 1)
                    .is_none_or(|next| next.cluster != g.cluster);
                let tracking = if ends_cluster && !joins_letters(&text[g.cluster..]) {
                    style.tracking
                } else {
                    Abs::zero()
                };
                // A fraction's glyphs end at their ink ("½of"): give it back its room.
                let fraction_room = if ends_cluster && ends_fraction(&text, g.cluster) {
                    style.size * FRACTION_ROOM_EM
                } else {
                    Abs::zero()
                };
                glyphs.push(PGlyph {
                    face: g.face,
                    id: g.id,
                    style: index,
                    cluster: g.cluster,
                    advance: style.size * g.x_advance + tracking + fraction_room,
                    x_offset: style.size * g.x_offset,
                    y_offset: style.size * g.y_offset,
                    space: text[g.cluster..]
                        .chars()
                        .next()
                        .is_some_and(char::is_whitespace),
                    level: g.level,
                });
            }
            base += run.len();
        }
        let bidi = glyphs.iter().any(|g| g.level.is_rtl());
        let hyphens: Arc<[(FaceId, u16, Abs)]> =
            styles.iter().map(|s| hyphen_glyph(book, s, lang)).collect();
        let extents: Arc<[(Abs, Abs)]> = styles
            .iter()
            .map(|s| {
                let face = book.face(s.face);
                (s.size * face.ascender_em(), s.size * face.descender_em())
            })
            .collect();
        let mut prefix = Vec::with_capacity(glyphs.len() + 1);
        let mut content_end = Vec::with_capacity(glyphs.len() + 1);
        let (mut sum, mut end) = (Abs::zero(), 0);
        prefix.push(sum);
        content_end.push(end);
        for (i, g) in glyphs.iter().enumerate() {
            sum += g.advance;
            if !g.space {
                end = i + 1;
            }
            prefix.push(sum);
            content_end.push(end);
        }
        let breaks = find_breaks(&text, &glyphs, lang);
        Paragraph {
            text: text.into(),
            styles: styles.into(),
            glyphs: glyphs.into(),
            prefix: prefix.into(),
            content_end: content_end.into(),
            breaks: breaks.into(),
            hyphens,
            extents,
            bidi,
            mirrored: rtl,
        }
    }

    /// The same paragraph with every size multiplied by `factor`: what shaping it again
    /// at those sizes gives (shaping without hinting is linear in the size, and breaks
    /// and bidi do not depend on it), for the price of a copy. Letter-spacing is scaled
    /// too, so callers reuse only paragraphs whose tracking scales with them.
    pub fn scaled(&self, factor: f64) -> Paragraph {
        Paragraph {
            text: self.text.clone(),
            styles: self
                .styles
                .iter()
                .map(|s| TextStyle {
                    size: s.size * factor,
                    tracking: s.tracking * factor,
                    ..*s
                })
                .collect(),
            glyphs: self
                .glyphs
                .iter()
                .map(|g| PGlyph {
                    advance: g.advance * factor,
                    x_offset: g.x_offset * factor,
                    y_offset: g.y_offset * factor,
                    ..*g
                })
                .collect(),
            prefix: self.prefix.iter().map(|&p| p * factor).collect(),
            content_end: self.content_end.clone(),
            breaks: self.breaks.clone(),
            hyphens: self
                .hyphens
                .iter()
                .map(|&(face, id, width)| (face, id, width * factor))
                .collect(),
            extents: self
                .extents
                .iter()
                .map(|&(a, d)| (a * factor, d * factor))
                .collect(),
            bidi: self.bidi,
            mirrored: self.mirrored,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.glyphs.is_empty()
    }

    /// Number of glyphs; line positions are glyph indices in `0..=len()`.
    pub fn len(&self) -> usize {
        self.glyphs.len()
    }

    /// The largest font size used, for line spacing.
    pub fn max_size(&self) -> Abs {
        self.styles
            .iter()
            .map(|s| s.size)
            .fold(Abs::zero(), Abs::max)
    }

    /// The largest ascent and descent of the styles used.
    pub fn extents(&self) -> (Abs, Abs) {
        self.extents
            .iter()
            .fold((Abs::zero(), Abs::zero()), |(a, d), &(sa, sd)| {
                (a.max(sa), d.max(sd))
            })
    }

    /// The natural width of the whole paragraph on one line.
    pub fn natural_width(&self) -> Abs {
        self.prefix[self.content_end[self.glyphs.len()]]
    }

    /// The width of the widest unbreakable piece (what a column needs at least).
    pub fn min_width(&self) -> Abs {
        let mut widest = Abs::zero();
        let mut prev = 0;
        for &(at, kind) in self.breaks.iter() {
            if kind == BreakKind::Emergency {
                continue;
            }
            let end = self.content_end[at].max(prev);
            widest = widest.max(self.prefix[end] - self.prefix[prev]);
            prev = at;
        }
        widest
    }

    /// Breaks the text from glyph `start` into lines: the first line may be `first` wide,
    /// the others `rest`.
    pub fn break_lines(&self, start: usize, first: Abs, rest: Abs) -> Vec<Line> {
        self.break_lines_window(start, first, rest, usize::MAX).0
    }

    /// Like [`Paragraph::break_lines`], but considers only about `lines` lines of text
    /// ahead (a window), so that a page of a very long paragraph costs a page's work.
    /// Returns the lines and whether they reach the paragraph's end.
    pub fn break_lines_window(
        &self,
        start: usize,
        first: Abs,
        rest: Abs,
        lines: usize,
    ) -> (Vec<Line>, bool) {
        self.break_window(start, first, rest, lines, true)
    }

    /// [`Paragraph::break_lines_window`]; `prune` leaves out emergency breaks where
    /// they cannot be chosen (always the same lines, see `without_emergency_breaks`).
    fn break_window(
        &self,
        start: usize,
        first: Abs,
        rest: Abs,
        lines: usize,
        prune: bool,
    ) -> (Vec<Line>, bool) {
        /// Text for this many more lines than asked is broken, so the window's own (short)
        /// last line lies beyond what is used.
        const SLACK_LINES: usize = 3;
        /// How many lines past the window a word may run before the window ends inside it.
        const WORD_OVERRUN_LINES: f64 = 1.0;
        let start = start.min(self.glyphs.len());
        if start >= self.glyphs.len() {
            return (Vec::new(), true);
        }
        // Candidate line ends after `start`; node 0 is `start` itself.
        let mut nodes: Vec<(usize, BreakKind)> = vec![(start, BreakKind::Mandatory)];
        let from = self.breaks.partition_point(|&(at, _)| at <= start);
        let line = rest.max(first).max(Abs::pt(1.0));
        let budget = line * (lines.saturating_add(SLACK_LINES).min(1 << 20) as f64);
        let word_budget = budget + line * WORD_OVERRUN_LINES;
        let mut complete = true;
        for &(at, kind) in &self.breaks[from..] {
            nodes.push((at, kind));
            let ahead = self.prefix[at] - self.prefix[start];
            // The window prefers to end at a word; a single word running a line past the
            // window ends it anywhere, or each page of it would break the whole word.
            let past_budget =
                ahead > budget && (kind != BreakKind::Emergency || ahead > word_budget);
            if past_budget && at < self.glyphs.len() {
                // The window ends here, as if the paragraph did.
                if let Some(last) = nodes.last_mut() {
                    last.1 = BreakKind::Mandatory;
                }
                complete = false;
                break;
            }
        }
        let nodes = if prune {
            self.without_emergency_breaks(nodes, first, rest)
        } else {
            nodes
        };
        let mut best: Vec<(f64, usize, bool)> = vec![(f64::INFINITY, 0, false); nodes.len()];
        best[0] = (0.0, 0, false);
        let mut last_mandatory = 0;
        for j in 1..nodes.len() {
            let (end, kind) = nodes[j];
            let is_last = kind == BreakKind::Mandatory;
            for i in (last_mandatory..j).rev() {
                if !best[i].0.is_finite() {
                    continue;
                }
                let begin = nodes[i].0;
                let limit = if begin == start { first } else { rest };
                let width = self.line_width(begin, end, kind);
                let overfull = !width.fits(limit);
                // A line must always be possible: allow overfull only from the previous node.
                if overfull && i + 1 != j {
                    break;
                }
                let mut c = best[i].0 + self.line_cost(width, limit, kind, is_last, best[i].2);
                if overfull {
                    c += cost::OVERFULL;
                }
                if c < best[j].0 {
                    best[j] = (c, i, kind == BreakKind::Hyphen);
                }
            }
            if is_last {
                last_mandatory = j;
            }
        }
        let mut chosen = Vec::new();
        let mut j = nodes.len() - 1;
        while j > 0 {
            chosen.push(j);
            j = best[j].1;
        }
        chosen.reverse();
        let mut lines = Vec::with_capacity(chosen.len());
        let mut begin = start;
        for j in chosen {
            let (end, kind) = nodes[j];
            lines.push(Line {
                start: begin,
                end,
                visible_end: self.content_end[end].max(begin),
                hyphen: kind == BreakKind::Hyphen,
                width: self.line_width(begin, end, kind),
            });
            begin = end;
        }
        if !complete {
            // The window's last line was cut short by the window, not by the text.
            lines.truncate(lines.len().saturating_sub(SLACK_LINES).max(1));
        }
        (lines, complete)
    }

    /// The candidate line ends without the emergency breaks (one per character), when
    /// the search is sure not to choose any: every piece between the other breaks fits
    /// on a line, so breaking at all of them is a solution without overfull lines, and
    /// it costs less than a single emergency break. Then the search over the few nodes
    /// per word finds exactly the lines it would find over all of them (a line starting
    /// at an emergency node is only ever considered, and cut off by the width, where a
    /// line from the word break before it would be too). Otherwise `nodes` as they are.
    fn without_emergency_breaks(
        &self,
        nodes: Vec<(usize, BreakKind)>,
        first: Abs,
        rest: Abs,
    ) -> Vec<(usize, BreakKind)> {
        /// The most a line can cost without an emergency break or overflow.
        const MAX_LINE: f64 =
            cost::LINE + cost::RAGGEDNESS + cost::RUNT + cost::HYPHEN + cost::DOUBLE_HYPHEN;
        if nodes.iter().all(|&(_, kind)| kind != BreakKind::Emergency) || first > rest {
            return nodes;
        }
        let reduced: Vec<(usize, BreakKind)> = nodes
            .iter()
            .copied()
            .filter(|&(_, kind)| kind != BreakKind::Emergency)
            .collect();
        let pieces_fit = reduced
            .windows(2)
            .all(|pair| self.line_width(pair[0].0, pair[1].0, pair[1].1).fits(first));
        if pieces_fit && (reduced.len() as f64) * MAX_LINE < cost::EMERGENCY {
            reduced
        } else {
            nodes
        }
    }

    fn line_width(&self, begin: usize, end: usize, kind: BreakKind) -> Abs {
        let visible = self.content_end[end].max(begin);
        let mut width = self.prefix[visible] - self.prefix[begin];
        if kind == BreakKind::Hyphen {
            width += self.hyphens[self.glyphs[end - 1].style].2;
        }
        width
    }

    fn line_cost(
        &self,
        width: Abs,
        limit: Abs,
        kind: BreakKind,
        is_last: bool,
        after_hyphen: bool,
    ) -> f64 {
        let unused = if limit.to_pt() > 0.0 {
            ((limit - width) / limit).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let mut c = cost::LINE;
        if is_last {
            if unused > 1.0 - cost::RUNT_FRACTION {
                c += cost::RUNT;
            }
        } else {
            c += cost::RAGGEDNESS * unused * unused;
        }
        match kind {
            BreakKind::Hyphen => {
                c += cost::HYPHEN;
                if after_hyphen {
                    c += cost::DOUBLE_HYPHEN;
                }
            }
            BreakKind::Emergency => c += cost::EMERGENCY,
            BreakKind::Allowed | BreakKind::Mandatory => {}
        }
        c
    }

    /// The text items of one line, with their x offsets from the line start, in visual
    /// order: right-to-left runs are reordered after breaking (UAX #9, rule L2), so a
    /// number or a Latin word inside Arabic stays in place.
    pub fn line_items(&self, line: &Line) -> Vec<(Abs, TextItem)> {
        let order = self.visual_order(line);
        let mut items: Vec<(Abs, TextItem)> = Vec::new();
        let mut x = Abs::zero();
        let mut prev_key = None;
        let carriers = self.text_carriers(&order);
        for (n, &piece) in order.iter().enumerate() {
            let (face, style, id, advance, offset, text) = match piece {
                Piece::Glyph(i) => {
                    let g = &self.glyphs[i];
                    let text = if carriers[n] {
                        self.cluster_text(i)
                    } else {
                        ""
                    };
                    let offset = (g.x_offset, g.y_offset);
                    (g.face, g.style, g.id, g.advance, offset, text)
                }
                Piece::Hyphen(style) => {
                    let (face, id, width) = self.hyphens[style];
                    let offset = (Abs::zero(), Abs::zero());
                    (face, style, id, width, offset, HYPHEN_TEXT)
                }
            };
            // The hyphen joins the item before it when it is in the same face.
            let key = (face, style);
            let joins = match (piece, items.last()) {
                (Piece::Hyphen(_), Some((_, item))) => item.face == face,
                _ => prev_key == Some(key),
            };
            if !joins {
                // Room for the rest of the run in this face and style, not the whole line.
                let run = order[n..]
                    .iter()
                    .take_while(|p| self.piece_key(**p) == key)
                    .count();
                let mut item = self.empty_item(face, style);
                item.glyphs.reserve(run.max(1));
                items.push((x, item));
                prev_key = Some(key);
            }
            x += advance;
            if let Some((_, item)) = items.last_mut() {
                item.push_glyph(id, advance, offset, text);
            }
        }
        if self.mirrored {
            for (dx, item) in &mut items {
                *dx = x - *dx - item.width();
            }
        }
        items
    }

    /// The face and style a piece of a line is drawn in.
    fn piece_key(&self, piece: Piece) -> (FaceId, usize) {
        match piece {
            Piece::Glyph(i) => (self.glyphs[i].face, self.glyphs[i].style),
            Piece::Hyphen(style) => (self.hyphens[style].0, style),
        }
    }

    /// The glyphs drawn on a line (and its hyphen), left to right.
    fn visual_order(&self, line: &Line) -> Vec<Piece> {
        let end = line.visible_end;
        let mut order: Vec<Piece> = (line.start..end).map(Piece::Glyph).collect();
        if line.hyphen && end > line.start {
            order.push(Piece::Hyphen(self.glyphs[end - 1].style));
        }
        if !self.bidi || end <= line.start {
            return order;
        }
        let mut levels: Vec<Level> = self.glyphs[line.start..end]
            .iter()
            .map(|g| g.level)
            .collect();
        if line.hyphen {
            levels.push(self.glyphs[end - 1].level);
        }
        BidiInfo::reorder_visual(&levels)
            .into_iter()
            .map(|logical| order[logical])
            .collect()
    }

    /// Which pieces of a line (in visual order) carry their cluster's text: the widest
    /// glyph of each cluster, the first of equals. That is the base, not a mark drawn
    /// before it (right-to-left clusters are drawn mark first), so a glyph that takes
    /// room always has text and extractors see no gap in the word.
    fn text_carriers(&self, order: &[Piece]) -> Vec<bool> {
        let mut carriers = vec![false; order.len()];
        let mut n = 0;
        while n < order.len() {
            let Piece::Glyph(first) = order[n] else {
                n += 1;
                continue;
            };
            let cluster = self.glyphs[first].cluster;
            let mut end = n + 1;
            while matches!(order.get(end), Some(&Piece::Glyph(i)) if self.glyphs[i].cluster == cluster)
            {
                end += 1;
            }
            let mut widest = n;
            for m in n + 1..end {
                if let (Piece::Glyph(i), Piece::Glyph(w)) = (order[m], order[widest]) {
                    if self.glyphs[i].advance > self.glyphs[w].advance {
                        widest = m;
                    }
                }
            }
            carriers[widest] = true;
            n = end;
        }
        carriers
    }

    fn empty_item(&self, face: FaceId, style: usize) -> TextItem {
        let s = &self.styles[style];
        let (ascent, descent) = self.extents[style];
        TextItem {
            face,
            size: s.size,
            fill: s.fill,
            text: String::new(),
            glyphs: Vec::new(),
            ascent,
            descent,
        }
    }

    /// The text of glyph `i`'s cluster (glyphs are in logical order, so the cluster ends
    /// where the next glyph with a later cluster starts).
    fn cluster_text(&self, i: usize) -> &str {
        let cluster = self.glyphs[i].cluster;
        let end = self.glyphs[i + 1..]
            .iter()
            .map(|g| g.cluster)
            .find(|&c| c > cluster)
            .unwrap_or(self.text.len());
        &self.text[cluster..end]
    }
}

/// Something drawn on a line: a glyph of the paragraph, or an inserted hyphen (of a style).
#[derive(Debug, Clone, Copy)]
enum Piece {
    Glyph(usize),
    Hyphen(usize),
}

/// The bidi level of every byte of `text` (UAX #9, via `unicode-bidi`), with the
/// paragraph's direction as the base; empty when everything is left-to-right.
fn bidi_levels(text: &str, rtl: bool) -> Vec<Level> {
    if !rtl && !text.chars().any(is_strong_rtl) {
        return Vec::new();
    }
    let base = if rtl { Level::rtl() } else { Level::ltr() };
    BidiInfo::new(text, Some(base)).levels
}

fn is_strong_rtl(c: char) -> bool {
    use unicode_bidi::BidiClass::{AL, R, RLE, RLI, RLO};
    !c.is_ascii() && matches!(unicode_bidi::bidi_class(c), R | AL | RLE | RLO | RLI)
}

/// Whether the script of the first character of `text` joins its letters (Arabic,
/// Syriac, N'Ko, Mongolian, and the headline of Devanagari, Bengali and Gurmukhi):
/// space between its letters would break the word apart.
/// Room after a fraction, in ems: fonts draw fractions to the edge of their advance.
const FRACTION_ROOM_EM: f64 = 0.08;

/// Whether the character at byte `at` of `text` ends a fraction followed by more text on
/// the line: a vulgar fraction ("½"), or the last digit of one written with the fraction
/// slash ("1⁄3", which the shaper sets as a fraction).
fn ends_fraction(text: &str, at: usize) -> bool {
    let Some(c) = text[at..].chars().next() else {
        return false;
    };
    let next = text[at + c.len_utf8()..].chars().next();
    if next.is_none_or(|n| n.is_ascii_digit() || n == '\u{2044}') {
        return false;
    }
    if is_vulgar_fraction(c) {
        return true;
    }
    if !c.is_ascii_digit() {
        return false;
    }
    let before = text[..at].trim_end_matches(|d: char| d.is_ascii_digit());
    before.ends_with('\u{2044}')
}

/// Precomposed fractions: ¼ ½ ¾ and U+2150–215F, U+2189.
fn is_vulgar_fraction(c: char) -> bool {
    matches!(c, '\u{BC}'..='\u{BE}' | '\u{2150}'..='\u{215F}' | '\u{2189}')
}

fn joins_letters(text: &str) -> bool {
    use harfrust::Script;
    let Some(c) = text.chars().next() else {
        return false;
    };
    matches!(
        harfrust::unicode::script(c as u32),
        Script::ARABIC
            | Script::SYRIAC
            | Script::NKO
            | Script::MONGOLIAN
            | Script::MANDAIC
            | Script::DEVANAGARI
            | Script::BENGALI
            | Script::GURMUKHI
    )
}

fn hyphen_glyph(book: &FontBook, style: &TextStyle, lang: &str) -> (FaceId, u16, Abs) {
    /// Faces and languages remembered per thread (a run uses a handful).
    const CACHED: usize = 64;
    type Cache = Vec<(Arc<FontData>, String, u16, f64)>;
    thread_local! {
        /// The hyphen of a face in a language when the face has its own: shaping a lone
        /// "-" for every style of every paragraph was half of all shaping.
        static HYPHENS: RefCell<Cache> = const { RefCell::new(Vec::new()) };
    }
    let data = &book.face(style.face).data;
    let cached = HYPHENS.with_borrow(|cache| {
        cache
            .iter()
            .find(|(d, l, _, _)| Arc::ptr_eq(d, data) && l == lang)
            .map(|&(_, _, id, advance)| (id, advance))
    });
    let (face, id, advance) = match cached {
        Some((id, advance)) => (style.face, id, advance),
        None => {
            let shaped = shape(book, style.face, "-", lang, 0, &[])
                .first()
                .map(|g| (g.face, g.id, g.x_advance));
            let Some((face, id, advance)) = shaped else {
                return (style.face, 0, Abs::zero());
            };
            if face == style.face {
                HYPHENS.with_borrow_mut(|cache| {
                    if cache.len() >= CACHED {
                        cache.clear();
                    }
                    cache.push((data.clone(), lang.to_string(), id, advance));
                });
            }
            (face, id, advance)
        }
    };
    (face, id, style.size * advance)
}

/// All break opportunities, as glyph indices (break before that glyph).
fn find_breaks(text: &str, glyphs: &[PGlyph], lang: &str) -> Vec<(usize, BreakKind)> {
    // glyph_at[byte] = index of the glyph starting exactly at that byte, if any.
    let mut glyph_at = vec![usize::MAX; text.len() + 1];
    for (i, g) in glyphs.iter().enumerate().rev() {
        glyph_at[g.cluster] = i;
    }
    glyph_at[text.len()] = glyphs.len();
    let mut breaks: Vec<(usize, BreakKind)> = Vec::new();
    let mut add = |byte: usize, kind: BreakKind| {
        let at = glyph_at[byte];
        if at != usize::MAX && at > 0 {
            breaks.push((at, kind));
        }
    };
    for byte in line_breaks(text) {
        let hard = text[..byte].chars().next_back().is_some_and(is_hard_break);
        if !hard && binds_number(text, byte) {
            continue;
        }
        add(
            byte,
            if hard {
                BreakKind::Mandatory
            } else {
                BreakKind::Allowed
            },
        );
    }
    for (byte, kind) in word_breaks(text, lang) {
        add(byte, kind);
    }
    // One opportunity per position: the strongest kind wins (Mandatory < Allowed < Hyphen < Emergency).
    breaks.sort_by_key(|&(at, kind)| (at, kind_rank(kind)));
    breaks.dedup_by_key(|&mut (at, _)| at);
    if breaks.last().map(|b| b.0) != Some(glyphs.len()) {
        breaks.push((glyphs.len(), BreakKind::Mandatory));
    }
    if let Some(last) = breaks.last_mut() {
        last.1 = BreakKind::Mandatory;
    }
    breaks
}

/// The UAX #14 line segmenter of ICU4X, with dictionaries for the scripts written
/// without spaces between words (Thai, Lao, Khmer, Myanmar); CJK breaks between
/// ideographs with its kinsoku rules (strict: nothing starts a line with 、。）」 or
/// small kana, nothing ends one with （「).
fn line_breaks(text: &str) -> Vec<usize> {
    thread_local! {
        // Built from data compiled into the binary; one per thread (it is not `Sync`).
        static SEGMENTER: icu_segmenter::LineSegmenterBorrowed<'static> =
            LineSegmenter::new_dictionary(LineBreakOptions::default());
    }
    SEGMENTER.with(|segmenter| segmenter.segment_str(text).collect())
}

/// How long a word after a number may be and still be read as its unit ("500 g",
/// "2 tbsp", "3 Stück" stay together; "20 minutes" may break).
const MAX_UNIT_CHARS: usize = 5;

/// Whether the break before `byte` would split a number from what completes it: the
/// second half of a range ("15–20", "3-4") or a short unit after a space ("500 g",
/// "180 °C", "15 %"). A line that cannot fit otherwise still has the emergency breaks.
fn binds_number(text: &str, byte: usize) -> bool {
    let (before, after) = text.split_at(byte);
    let is_number = |c: char| c.is_ascii_digit() || matches!(c, '½' | '⅓' | '⅔' | '¼' | '¾' | '⅛');
    let mut back = before.chars().rev();
    let next = after.chars().next();
    match back.next() {
        // "15–|20", "1-|2"
        Some('–' | '-' | '—') => {
            back.next().is_some_and(is_number) && next.is_some_and(|c| c.is_ascii_digit())
        }
        // "500 |g", "180 |°C"
        Some(' ' | '\u{a0}') => {
            if !back.next().is_some_and(is_number) {
                return false;
            }
            let word: String = after.chars().take_while(|c| !c.is_whitespace()).collect();
            let word = word.trim_end_matches(['.', ',', ';', ':', ')']);
            let symbol = word.starts_with(['°', '%', '×', '℃', '℉']);
            let short = !word.is_empty()
                && word.chars().count() <= MAX_UNIT_CHARS
                && word.chars().all(char::is_alphabetic);
            symbol || short
        }
        _ => false,
    }
}

/// Characters after which a line must end (UAX #14 classes BK, CR, LF, NL).
fn is_hard_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn kind_rank(kind: BreakKind) -> u8 {
    match kind {
        BreakKind::Mandatory => 0,
        BreakKind::Allowed => 1,
        BreakKind::Hyphen => 2,
        BreakKind::Emergency => 3,
    }
}

/// Hyphenation points and emergency points inside words, as byte offsets.
fn word_breaks(text: &str, lang: &str) -> Vec<(usize, BreakKind)> {
    let hyphen_lang = hyphenation_language(lang);
    let mut out = Vec::new();
    let mut word_start = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let in_word = !c.is_whitespace();
        if in_word && word_start.is_none() {
            word_start = Some(i);
        }
        let ends = chars.peek().is_none_or(|(_, next)| next.is_whitespace());
        if let (true, Some(start)) = (ends, word_start) {
            let end = i + c.len_utf8();
            breaks_in_word(&text[start..end], start, hyphen_lang, &mut out);
            word_start = None;
        }
    }
    out
}

fn breaks_in_word(
    word: &str,
    base: usize,
    lang: Option<hypher::Lang>,
    out: &mut Vec<(usize, BreakKind)>,
) {
    // Any boundary between characters can be an emergency break.
    for (i, _) in word.char_indices().skip(1) {
        out.push((base + i, BreakKind::Emergency));
    }
    let Some(lang) = lang else { return };
    if looks_like_address(word) {
        return;
    }
    // Hyphenate each alphabetic piece (a compound such as "15–20%-Fett" has several).
    let mut piece_start = None;
    for (i, c) in word
        .char_indices()
        .chain(std::iter::once((word.len(), ' ')))
    {
        if c.is_alphabetic() {
            piece_start.get_or_insert(i);
            continue;
        }
        if let Some(start) = piece_start.take() {
            let piece = &word[start..i];
            if piece.chars().count() >= MIN_HYPHENATED_WORD {
                let mut offset = start;
                let syllables: Vec<&str> = hypher::hyphenate(piece, lang).collect();
                for syllable in &syllables[..syllables.len().saturating_sub(1)] {
                    offset += syllable.len();
                    out.push((base + offset, BreakKind::Hyphen));
                }
            }
        }
    }
}

/// URLs and e-mail addresses must survive copying: never insert hyphens into them.
fn looks_like_address(word: &str) -> bool {
    word.contains("://") || word.contains('@') || word.starts_with("www.")
}

/// The hyphenation patterns for a BCP-47 tag's primary language, if hypher has them.
fn hyphenation_language(lang: &str) -> Option<hypher::Lang> {
    let primary = lang.split(['-', '_']).next()?.to_ascii_lowercase();
    let bytes: [u8; 2] = primary.as_bytes().try_into().ok()?;
    hypher::Lang::from_iso(bytes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fractions_end_where_text_goes_on() {
        // "½ of": the ½ ends a fraction; "1⁄3 cup": the 3 does; "1⁄3" inside "1⁄32" does not.
        assert!(ends_fraction("½ of", 0));
        assert!(ends_fraction("1\u{2044}3 cup", 4));
        assert!(!ends_fraction("1\u{2044}32 cup", 4));
        assert!(
            !ends_fraction("1\u{2044}3", 4),
            "nothing after it on the line"
        );
        assert!(!ends_fraction("13 cups", 1), "a plain number");
    }

    use super::*;

    fn para(text: &str, size: f64, lang: &str) -> (FontBook, Paragraph) {
        let book = FontBook::builtin();
        let style = TextStyle {
            face: book.body.regular,
            size: Abs::pt(size),
            fill: Color::BLACK,
            tracking: Abs::zero(),
        };
        let p = Paragraph::new(&book, &[(text, style)], lang, false);
        (book, p)
    }

    fn line_texts(p: &Paragraph, lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                p.line_items(l)
                    .iter()
                    .map(|(_, item)| item.text())
                    .collect::<String>()
            })
            .collect()
    }

    #[test]
    fn short_text_is_one_line() {
        let (_, p) = para("Melt the sugar.", 9.0, "en");
        let lines = p.break_lines(0, Abs::pt(200.0), Abs::pt(200.0));
        assert_eq!(line_texts(&p, &lines), vec!["Melt the sugar."]);
    }

    #[test]
    fn lines_fit_and_keep_every_word() {
        let text =
            "Add your ground pork to the bubbling caramel and listen to that satisfying sizzle. \
                    Break it up with your spoon, but resist the urge to constantly stir.";
        let (_, p) = para(text, 9.0, "en");
        let lines = p.break_lines(0, Abs::pt(120.0), Abs::pt(120.0));
        assert!(lines.len() > 3);
        for l in &lines {
            assert!(l.width.fits(Abs::pt(120.0)), "{l:?}");
        }
        let joined = line_texts(&p, &lines).join(" ").replace("- ", "");
        let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(words(&joined), words(text));
    }

    #[test]
    fn german_compounds_are_hyphenated_not_overflowing() {
        let (_, p) = para(
            "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen",
            9.0,
            "de",
        );
        let lines = p.break_lines(0, Abs::pt(80.0), Abs::pt(80.0));
        assert!(lines.len() >= 3);
        assert!(lines.iter().all(|l| l.width.fits(Abs::pt(80.0))));
        assert!(
            lines[0].hyphen,
            "breaks at a hyphenation point with a hyphen"
        );
    }

    #[test]
    fn unhyphenatable_strings_get_emergency_breaks() {
        let (_, p) = para(
            "https://example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            9.0,
            "en",
        );
        let lines = p.break_lines(0, Abs::pt(60.0), Abs::pt(60.0));
        assert!(lines.iter().all(|l| l.width.fits(Abs::pt(60.0))));
        let joined: String = line_texts(&p, &lines).concat();
        assert_eq!(
            joined,
            "https://example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        );
    }

    #[test]
    fn numbers_keep_their_ranges_and_units() {
        for (text, together) in [
            ("fry 15–20 minutes", "15–20"),
            ("add 500 g flour", "500 g"),
            ("bake at 180 °C until", "180 °C"),
            ("use 2 tbsp oil", "2 tbsp"),
        ] {
            let (_, p) = para(text, 10.0, "en");
            let starts: Vec<usize> = p.breaks.iter().map(|&(at, _)| at).collect();
            let at = text.find(together).unwrap();
            let inside = |g: usize| {
                let byte = p.glyphs[g].cluster;
                byte > at && byte < at + together.len()
            };
            let allowed: Vec<usize> = p
                .breaks
                .iter()
                .filter(|&&(g, kind)| {
                    kind != BreakKind::Emergency && g < p.glyphs.len() && inside(g)
                })
                .map(|&(g, _)| g)
                .collect();
            assert!(
                allowed.is_empty(),
                "{text}: breaks inside {together:?} at {allowed:?} of {starts:?}"
            );
        }
        // A long word after a number may still go to the next line.
        assert!(!binds_number("for 20 minutes", "for 20 ".len()));
    }

    #[test]
    fn explicit_newlines_force_breaks() {
        let (_, p) = para("one\ntwo", 9.0, "en");
        let lines = p.break_lines(0, Abs::pt(300.0), Abs::pt(300.0));
        assert_eq!(line_texts(&p, &lines), vec!["one", "two"]);
    }

    #[test]
    fn leaving_out_emergency_breaks_changes_no_line() {
        let texts = [
            (
                "Add your ground pork to the bubbling caramel and listen to that satisfying \
              sizzle. Break it up with your spoon, but resist the urge to constantly stir.",
                "en",
            ),
            (
                "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen und Zwiebelkuchen \
              mit Speck, Kümmel und einem Glas Federweißer.",
                "de",
            ),
            (
                "Phở bò: chần bánh phở, xếp thịt bò tái lên trên, chan nước dùng thật nóng.",
                "vi",
            ),
            (
                "see https://example.com/a-very-long-address/without-spaces-at-all now",
                "en",
            ),
        ];
        for (text, lang) in texts {
            for size in [7.0, 9.0, 14.0] {
                let (_, p) = para(text, size, lang);
                for width in (20..=400).step_by(7) {
                    let w = Abs::pt(f64::from(width));
                    for (start, lines) in [(0, usize::MAX), (0, 2), (5, 3)] {
                        assert_eq!(
                            p.break_window(start, w, w, lines, true),
                            p.break_window(start, w, w, lines, false),
                            "{text:?} at {size} pt, {width} pt wide"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn continues_from_a_line_start() {
        let (_, p) = para("alpha beta gamma delta epsilon zeta eta theta", 9.0, "en");
        let lines = p.break_lines(0, Abs::pt(60.0), Abs::pt(60.0));
        let rest = p.break_lines(lines[1].start, Abs::pt(300.0), Abs::pt(300.0));
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].end, p.len());
    }
}
