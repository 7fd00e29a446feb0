//! Flowing blocks into regions: the pagination engine.
//!
//! Content is a [`Stream`] of blocks. A block laid out at a width becomes atoms (lines, or
//! one unbreakable box) with "keep with next" links that encode the rules: an ingredient
//! is never split, a heading stays with what follows, and a paragraph leaves no single
//! line behind (orphan) or ahead (widow). A region takes whole chains of kept atoms while
//! they fit; a paragraph cut by a region continues in the next one, re-broken for the
//! new width. An empty region always takes at least one atom, so flowing always ends.

use crate::frame::{Frame, FrameItem};
use std::cell::RefCell;
use std::rc::Rc;

use crate::text::{Line, Paragraph};
use crate::units::{Abs, Point, Size};

/// Horizontal alignment of text lines in their box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Line breaks computed at a width, shared between copies of a block.
type SharedBreaks = Rc<RefCell<Option<(Abs, Vec<Line>)>>>;

/// A paragraph laid out with a line height, an indent and an optional hanging label
/// (a step number) drawn left of the indent on its first line.
#[derive(Debug, Clone)]
pub struct TextBlock {
    pub para: Paragraph,
    pub line_height: Abs,
    pub indent: Abs,
    pub label: Option<Paragraph>,
    /// The label of the first line where the paragraph continues in another region: a
    /// step split across columns or cards repeats its number there, so the cook looking
    /// for the rest of step 4 finds a 4.
    pub continued_label: Option<Paragraph>,
    pub align: Align,
    /// Never split across regions (headings, short notes).
    pub keep_together: bool,
    /// The line breaks last computed from the paragraph's start, by width: a paragraph
    /// that runs over many pages resumes from them instead of breaking its whole
    /// remainder again for every page (which made long texts quadratic).
    /// Shared by the block's copies: the trials of a card's fit search paginate copies
    /// of the same blocks, at the same widths.
    breaks: SharedBreaks,
}

impl TextBlock {
    /// A left-aligned paragraph without indent or label, free to split across regions.
    pub fn new(para: Paragraph, line_height: Abs) -> Self {
        TextBlock {
            para,
            line_height,
            indent: Abs::zero(),
            label: None,
            continued_label: None,
            align: Align::Left,
            keep_together: false,
            breaks: Rc::default(),
        }
    }

    /// The lines from glyph `resume` on, at `width`.
    fn lines(&self, resume: usize, width: Abs, wanted: usize) -> (Vec<Line>, bool) {
        if let Some((cached_width, lines)) = &*self.breaks.borrow() {
            if *cached_width == width {
                if let Ok(i) = lines.binary_search_by_key(&resume, |l| l.start) {
                    return (lines[i..].to_vec(), true);
                }
            }
        }
        let (lines, complete) = self.para.break_lines_window(resume, width, width, wanted);
        if resume == 0 && complete {
            *self.breaks.borrow_mut() = Some((width, lines.clone()));
        }
        (lines, complete)
    }
}

/// One cell of a [`Row`]: text in a column of the row.
#[derive(Debug, Clone)]
pub struct Cell {
    pub x: Abs,
    /// `None`: up to the row's right edge.
    pub width: Option<Abs>,
    pub text: TextBlock,
}

/// Side-by-side cells, never split (an ingredient: quantity column and item).
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
pub enum Block {
    Text(Box<TextBlock>),
    Row(Row),
    /// A ready-made, unbreakable frame (photo, QR, rule). Its width is its own.
    Fixed(Frame),
}

/// A block with its spacing and keep rules in the stream.
#[derive(Debug, Clone)]
pub struct Item {
    pub block: Block,
    /// Space above the block, dropped at the top of a region.
    pub space_before: Abs,
    /// Keep the block in the same region as the start of the next one (headings).
    pub keep_with_next: bool,
}

impl Item {
    pub fn new(block: Block) -> Self {
        Item {
            block,
            space_before: Abs::zero(),
            keep_with_next: false,
        }
    }
    pub fn space_before(mut self, space: Abs) -> Self {
        self.space_before = space;
        self
    }
    pub fn keep_with_next(mut self) -> Self {
        self.keep_with_next = true;
        self
    }
}

/// An ordered list of items flowing through regions.
pub type Stream = Vec<Item>;

/// Where a stream stands: the next block, and for a split paragraph the glyph to resume at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub block: usize,
    pub resume: usize,
}

impl Cursor {
    pub fn is_done(&self, stream: &Stream) -> bool {
        self.block >= stream.len()
    }
}

/// A laid-out line or box of a block.
struct Atom<'a> {
    height: Abs,
    content: Content<'a>,
    keep_with_next: bool,
    /// Where the block resumes after this atom; `None` when the block is finished.
    resume: Option<usize>,
}

/// What an atom draws. Lines are only turned into frames when they are placed: most
/// atoms are made to measure (the next block kept with this one, lines beyond the
/// region, trial layouts) and never drawn.
enum Content<'a> {
    Fixed(&'a Frame),
    Line(TextLine<'a>),
    /// Line `i` of each cell of a row that has one, at the cell's x.
    Row(Vec<(Abs, TextLine<'a>)>),
}

impl Content<'_> {
    fn frame(&self, width: Abs, height: Abs) -> Frame {
        match self {
            Content::Fixed(frame) => (*frame).clone(),
            Content::Line(line) => line.frame(),
            Content::Row(cells) => {
                let mut frame = Frame::new(Size::new(width, height));
                for (x, line) in cells {
                    frame.push_frame(Point::new(*x, Abs::zero()), line.frame());
                }
                frame
            }
        }
    }
}

/// One line of a text block, as [`text_atoms`] broke it.
struct TextLine<'a> {
    text: &'a TextBlock,
    line: Line,
    width: Abs,
    height: Abs,
    baseline: Abs,
    /// The hanging label on this line: the block's on its first line, the continued
    /// label on the first line of a continuation.
    label: Option<&'a Paragraph>,
}

impl TextLine<'_> {
    fn frame(&self) -> Frame {
        let (text, line) = (self.text, &self.line);
        let mut frame = Frame::new(Size::new(self.width, self.height));
        let x0 = match text.align {
            Align::Left => text.indent,
            Align::Right => self.width - line.width,
        };
        // The label first: it is read (and extracted) before the line it hangs from.
        if let Some(label) = self.label {
            push_label(&mut frame, label, text.indent, self.baseline);
        }
        for (dx, item) in text.para.line_items(line) {
            frame.push(Point::new(x0 + dx, self.baseline), FrameItem::Text(item));
        }
        frame
    }
}

impl Block {
    pub fn text(block: TextBlock) -> Block {
        Block::Text(Box::new(block))
    }

    fn atoms(&self, width: Abs, resume: usize, room: Abs) -> Vec<Atom<'_>> {
        match self {
            Block::Text(text) => text_atoms(text, width, resume, room),
            Block::Row(row) => row_atoms(row, width, resume),
            Block::Fixed(frame) => vec![Atom {
                height: frame.size.h,
                content: Content::Fixed(frame),
                keep_with_next: false,
                resume: None,
            }],
        }
    }
}

/// The atoms of a paragraph from `resume`; only as many lines as could fit in `room` (and a
/// few more, for keep rules) are made, so a long text costs per page, not per page squared.
fn text_atoms(text: &TextBlock, width: Abs, resume: usize, room: Abs) -> Vec<Atom<'_>> {
    const LOOKAHEAD_LINES: usize = 3;
    let available = (width - text.indent).max(Abs::zero());
    let (ascent, descent) = text.para.extents();
    // Never tighter than the font's own extent, so no two lines' boxes ever overlap
    // (PDF text extractors measure words with these same metrics).
    let line_height = text.line_height.max(ascent + descent);
    let baseline = (line_height - ascent - descent) / 2.0 + ascent;
    let fitting = room / line_height;
    let wanted = if fitting.is_finite() && fitting >= 0.0 {
        (fitting.ceil() as usize).saturating_add(LOOKAHEAD_LINES)
    } else {
        usize::MAX
    };
    let (mut lines, complete) = text.lines(resume, available, wanted);
    // With more lines beyond the window, none of these is the last (widows lie further on).
    let count = if complete { lines.len() } else { usize::MAX };
    lines.truncate(wanted);
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let last = i + 1 == count;
            let orphan = i == 0 && resume == 0 && count >= 2;
            let widow = i + 2 == count;
            let resume_at = (!last).then_some(line.end);
            Atom {
                height: line_height,
                content: Content::Line(TextLine {
                    text,
                    line,
                    width,
                    height: line_height,
                    baseline,
                    label: match (i, resume) {
                        (0, 0) => text.label.as_ref(),
                        (0, _) => text.continued_label.as_ref(),
                        _ => None,
                    },
                }),
                keep_with_next: !last && (text.keep_together || orphan || widow),
                resume: resume_at,
            }
        })
        .collect()
}

/// Draws a hanging label right-aligned against the indent, with a small gap.
fn push_label(frame: &mut Frame, label: &Paragraph, indent: Abs, baseline: Abs) {
    let gap = label.max_size() * 0.4;
    for line in label
        .break_lines(0, Abs::pt(1e6), Abs::pt(1e6))
        .iter()
        .take(1)
    {
        let x = (indent - gap - line.width).max(Abs::zero());
        for (dx, item) in label.line_items(line) {
            frame.push(Point::new(x + dx, baseline), FrameItem::Text(item));
        }
    }
}

/// A row as one atom per line, all kept together: normally the row moves as a whole, but
/// a row taller than a whole region can still be split line by line (resuming at line
/// `resume`) instead of running off the page.
fn row_atoms(row: &Row, width: Abs, resume: usize) -> Vec<Atom<'_>> {
    let mut cells: Vec<(Abs, std::vec::IntoIter<Atom<'_>>)> = row
        .cells
        .iter()
        .map(|cell| {
            let cell_width = cell.width.unwrap_or(width - cell.x).max(Abs::zero());
            let lines = text_atoms(&cell.text, cell_width, 0, Abs::pt(f64::INFINITY));
            (cell.x, lines.into_iter())
        })
        .collect();
    let count = cells
        .iter()
        .map(|(_, lines)| lines.len())
        .max()
        .unwrap_or(0);
    (0..count)
        .filter_map(|i| {
            let mut height = Abs::zero();
            let mut lines = Vec::with_capacity(cells.len());
            for (x, atoms) in &mut cells {
                if let Some(atom) = atoms.next() {
                    height = height.max(atom.height);
                    if let Content::Line(line) = atom.content {
                        lines.push((*x, line));
                    }
                }
            }
            let last = i + 1 == count;
            (i >= resume).then_some(Atom {
                height,
                content: Content::Row(lines),
                keep_with_next: !last,
                resume: (!last).then_some(i + 1),
            })
        })
        .collect()
}

/// A rectangle of a page that takes content from one or more streams, in order.
#[derive(Debug, Clone, Copy)]
pub struct Region {
    pub size: Size,
    /// Space between the end of one stream and the next in the same region.
    pub stream_gap: Abs,
    /// Whether to draw what is placed; a trial that only counts pages and measures their
    /// fill leaves the frame empty (building line frames was a fifth of a trial).
    pub draw: bool,
}

impl Region {
    /// A region that draws what it takes.
    pub fn new(size: Size, stream_gap: Abs) -> Region {
        Region {
            size,
            stream_gap,
            draw: true,
        }
    }
}

/// Fills `region` from the streams in `order` (indices into `streams`), advancing their
/// cursors. Returns the frame of what was placed; its height is the height used.
pub fn fill_region(
    region: Region,
    streams: &[&Stream],
    cursors: &mut [Cursor],
    order: &[usize],
) -> Frame {
    let mut state = RegionState {
        frame: Frame::new(Size::new(region.size.w, Abs::zero())),
        y: Abs::zero(),
        empty: true,
    };
    for &s in order {
        if cursors[s].is_done(streams[s]) {
            continue;
        }
        if !state.empty {
            state.y += region.stream_gap;
        }
        if !fill_from(&mut state, region, streams[s], &mut cursors[s]) {
            break;
        }
    }
    state.frame.size.h = state.y;
    state.frame
}

struct RegionState {
    frame: Frame,
    y: Abs,
    /// Nothing placed yet: the next chain is placed even if it does not fit.
    empty: bool,
}

/// Places blocks from one stream; returns whether the region still has room.
fn fill_from(
    state: &mut RegionState,
    region: Region,
    stream: &Stream,
    cursor: &mut Cursor,
) -> bool {
    let width = region.size.w;
    while let Some(item) = stream.get(cursor.block) {
        let atoms = item.block.atoms(width, cursor.resume, region.size.h);
        if atoms.is_empty() {
            *cursor = Cursor {
                block: cursor.block + 1,
                resume: 0,
            };
            continue;
        }
        let space = if state.empty || cursor.resume > 0 {
            Abs::zero()
        } else {
            item.space_before
        };
        let mut need = space + first_chain_height(&atoms);
        if item.keep_with_next && atoms.len() == chain_len(&atoms, 0) {
            need += next_block_lead(stream, cursor.block + 1, width);
        }
        if !state.empty && !(state.y + need).fits(region.size.h) {
            return false;
        }
        state.y += space;
        let mut i = 0;
        while i < atoms.len() {
            let len = chain_len(&atoms, i);
            let chain_height: Abs = atoms[i..i + len].iter().map(|a| a.height).sum();
            let fits = (state.y + chain_height).fits(region.size.h);
            let take = if fits {
                len
            } else if state.empty {
                // Nothing else could ever take this chain: break it at the region's end.
                fitting_prefix(&atoms[i..i + len], region.size.h - state.y).max(1)
            } else {
                0
            };
            for atom in &atoms[i..i + take] {
                if region.draw {
                    let frame = atom.content.frame(width, atom.height);
                    state
                        .frame
                        .push_frame(Point::new(Abs::zero(), state.y), frame);
                }
                state.y += atom.height;
                state.empty = false;
                cursor.resume = atom.resume.unwrap_or(0);
            }
            if take < len || !fits {
                if take > 0 && atoms[i + take - 1].resume.is_none() {
                    *cursor = Cursor {
                        block: cursor.block + 1,
                        resume: 0,
                    };
                }
                return false;
            }
            i += len;
        }
        if atoms.last().is_some_and(|a| a.resume.is_some()) {
            // Only the lines that could fit were drawn, and they all did: the region is full.
            return false;
        }
        *cursor = Cursor {
            block: cursor.block + 1,
            resume: 0,
        };
    }
    true
}

/// Number of atoms from `start` that must stay together.
fn chain_len(atoms: &[Atom], start: usize) -> usize {
    atoms[start..]
        .iter()
        .position(|a| !a.keep_with_next)
        .map_or(atoms.len() - start, |p| p + 1)
}

fn first_chain_height(atoms: &[Atom]) -> Abs {
    atoms[..chain_len(atoms, 0)].iter().map(|a| a.height).sum()
}

fn fitting_prefix(atoms: &[Atom], room: Abs) -> usize {
    let mut used = Abs::zero();
    atoms
        .iter()
        .take_while(|a| {
            used += a.height;
            used.fits(room)
        })
        .count()
}

/// Height a block kept with the next one needs for that next block's first chain.
fn next_block_lead(stream: &Stream, index: usize, width: Abs) -> Abs {
    match stream.get(index) {
        Some(next) => {
            let atoms = next.block.atoms(width, 0, Abs::pt(f64::INFINITY));
            if atoms.is_empty() {
                Abs::zero()
            } else {
                let lead = next.space_before + first_chain_height(&atoms);
                if next.keep_with_next && chain_len(&atoms, 0) == atoms.len() {
                    lead + next_block_lead(stream, index + 1, width)
                } else {
                    lead
                }
            }
        }
        None => Abs::zero(),
    }
}
