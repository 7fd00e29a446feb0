//! Pagination: streams poured into page masters, page after page, until every stream is
//! done. The one page loop of cards, sheets and the cookbook's matter, and the one place
//! for the page cap and the page numbering.
//!
//! A [`Master`] is what one page is: the frame with what it reserves already drawn
//! (running head, QR code, header), its columns (each a region fed by streams in order,
//! optionally led by a head such as "Ingredients (continued)"), and floats: streams
//! placed in the room a column leaves, where they fit whole. A template asks for the
//! master of each page from how far its streams have got, as Typst's page runs hand
//! regions to its flow.

use super::flow::{fill_region, Cursor, Region, Stream};
use crate::frame::{Frame, Page};
use crate::units::{Abs, Point, Size};

/// The most cards or pages one recipe is laid out on. Layout stops one page after it (rather
/// than loop on), and a document longer than this is refused by the export, never cut short.
pub const MAX_PAGES: usize = 999;

/// A region of a page and the streams (indices) that feed it, in order.
pub struct Column {
    pub origin: Point,
    pub size: Size,
    pub feeds: Vec<usize>,
    /// Heads for the streams it may begin with: drawn at the top when the first of its
    /// feeds with anything left is that stream ("Ingredients (continued)").
    pub leads: Vec<(usize, Stream)>,
}

impl Column {
    pub fn new(origin: Point, size: Size, feeds: &[usize]) -> Column {
        Column {
            origin,
            size,
            feeds: feeds.to_vec(),
            leads: Vec::new(),
        }
    }

    /// The column headed by `lead` when it begins with stream `stream`.
    pub fn led_by(mut self, stream: usize, lead: Stream) -> Column {
        self.leads.push((stream, lead));
        self
    }
}

/// A stream placed once `after` is done, in the room under a column's content: at the
/// first of `spots` where it fits (whole, where the spot asks for it).
#[derive(Clone)]
pub struct Float {
    pub stream: usize,
    pub after: usize,
    pub spots: Vec<Spot>,
}

#[derive(Debug, Clone, Copy)]
pub struct Spot {
    /// Index into [`Master::columns`].
    pub column: usize,
    pub whole: bool,
}

/// One page to fill.
pub struct Master {
    /// The page, with what it reserves already drawn.
    pub frame: Frame,
    pub columns: Vec<Column>,
    pub floats: Vec<Float>,
}

/// Pages made by [`paginate`].
pub struct Paged {
    pub frames: Vec<Frame>,
    /// How full the last page's columns are: the share of their height used, over all
    /// of them (0 to 1). A fit search reads it to tell whether smaller type could save
    /// that page.
    pub last_fill: f64,
}

/// Pours `streams` into pages, asking `master` for each page (by number, from 0, and the
/// streams' cursors), until every stream is done or [`MAX_PAGES`]` + 1` (or `max_pages`,
/// when smaller) pages are made; `stream_gap` separates streams that meet in a region.
/// Without `draw`, the pages are counted and measured but hold only what the masters
/// reserve (a trial layout).
pub fn paginate(
    streams: &[&Stream],
    stream_gap: Abs,
    max_pages: usize,
    draw: bool,
    mut master: impl FnMut(usize, &[Cursor]) -> Master,
) -> Paged {
    let mut cursors = vec![Cursor::default(); streams.len()];
    let done = |cursors: &[Cursor], s: usize| cursors[s].is_done(streams[s]);
    let all_done = |cursors: &[Cursor]| (0..streams.len()).all(|s| done(cursors, s));
    let region = |size: Size| Region {
        size,
        stream_gap,
        draw,
    };
    let mut pages = Vec::new();
    let mut last_fill = 0.0;
    // Where the last page's columns were, for a page that must take everything left.
    let mut fallback: Option<(Column, Size)> = None;
    while pages.len() <= max_pages.min(MAX_PAGES) && !all_done(&cursors) {
        let before = cursors.clone();
        let Master {
            mut frame,
            columns,
            floats,
        } = match fallback.take() {
            Some((column, size)) => Master {
                frame: Frame::new(size),
                columns: vec![column],
                floats: Vec::new(),
            },
            None => master(pages.len(), &cursors),
        };
        let mut used = Vec::with_capacity(columns.len());
        for column in &columns {
            let mut top = Abs::zero();
            let first = column.feeds.iter().find(|&&s| !done(&cursors, s));
            let lead = column.leads.iter().find(|(s, _)| Some(s) == first);
            if let Some((_, lead)) = lead {
                let lead =
                    fill_region(region(column.size), &[lead], &mut [Cursor::default()], &[0]);
                top = lead.size.h + stream_gap;
                frame.push_frame(column.origin, lead);
            }
            let room = Size::new(column.size.w, (column.size.h - top).max(Abs::zero()));
            let placed = fill_region(region(room), streams, &mut cursors, &column.feeds);
            used.push(if placed.size.h > Abs::zero() {
                top + placed.size.h
            } else {
                Abs::zero()
            });
            if !placed.items.is_empty() {
                frame.push_frame(column.origin + Point::new(Abs::zero(), top), placed);
            }
        }
        for float in &floats {
            if !done(&cursors, float.after) || done(&cursors, float.stream) {
                continue;
            }
            for spot in &float.spots {
                let column = &columns[spot.column];
                let top = match used[spot.column] {
                    h if h > Abs::zero() => h + stream_gap,
                    h => h,
                };
                if column.size.h <= top {
                    continue;
                }
                let mut trial = cursors.clone();
                let room = Size::new(column.size.w, column.size.h - top);
                let placed = fill_region(region(room), streams, &mut trial, &[float.stream]);
                if !spot.whole || done(&trial, float.stream) {
                    cursors = trial;
                    used[spot.column] = top + placed.size.h;
                    frame.push_frame(column.origin + Point::new(Abs::zero(), top), placed);
                    break;
                }
            }
        }
        let stuck = cursors == before;
        if stuck && columns.len() == 1 && columns[0].feeds.len() == streams.len() {
            // Even a page that takes every stream placed nothing: nothing is left to place.
            break;
        }
        if stuck {
            // A master that fed none of the streams left (a template's mistake) would
            // make empty pages to the cap: instead of its page, one that takes everything
            // left, in order, on the area its columns covered, so nothing is dropped.
            fallback = Some((covering(&columns, streams.len()), frame.size));
            continue;
        }
        let room: f64 = columns.iter().map(|c| c.size.h.to_pt().max(0.0)).sum();
        let filled: f64 = used.iter().map(|h| h.to_pt()).sum();
        last_fill = if room > 0.0 {
            (filled / room).min(1.0)
        } else {
            1.0
        };
        pages.push(frame);
    }
    Paged {
        frames: pages,
        last_fill,
    }
}

/// One column over the area `columns` cover, fed by every stream in order.
fn covering(columns: &[Column], streams: usize) -> Column {
    let left = columns
        .iter()
        .map(|c| c.origin.x)
        .fold(Abs::pt(f64::INFINITY), Abs::min);
    let top = columns
        .iter()
        .map(|c| c.origin.y)
        .fold(Abs::pt(f64::INFINITY), Abs::min);
    let right = columns
        .iter()
        .map(|c| c.origin.x + c.size.w)
        .fold(Abs::zero(), Abs::max);
    let bottom = columns
        .iter()
        .map(|c| c.origin.y + c.size.h)
        .fold(Abs::zero(), Abs::max);
    let (left, top) = if columns.is_empty() {
        (Abs::zero(), Abs::zero())
    } else {
        (left, top)
    };
    let feeds: Vec<usize> = (0..streams).collect();
    Column::new(
        Point::new(left, top),
        Size::new(
            (right - left).max(Abs::zero()),
            (bottom - top).max(Abs::zero()),
        ),
        &feeds,
    )
}

/// Pages from `flow`, which is first run without room for page marks and, only when the
/// content turns out to need several pages, again with it; then `mark` draws "n/N".
/// `several`, when known (from a measured pass), goes straight to the right one.
/// Also returns the last page's [`Paged::last_fill`].
pub fn numbered(
    several: Option<bool>,
    flow: impl Fn(bool) -> Paged,
    mark: impl Fn(&mut Frame, usize, usize),
) -> (Vec<Page>, f64) {
    let paged = match several {
        Some(several) => flow(several),
        None => {
            let first = flow(false);
            if first.frames.len() > 1 {
                // The first pass only counted the pages: free it before the second.
                drop(first);
                flow(true)
            } else {
                first
            }
        }
    };
    let total = paged.frames.len();
    let pages = paged
        .frames
        .into_iter()
        .enumerate()
        .map(|(i, mut frame)| {
            if total > 1 {
                mark(&mut frame, i + 1, total);
            }
            Page { frame, trim: None }
        })
        .collect();
    (pages, paged.last_fill)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{FrameItem, LinkItem};
    use crate::layout::flow::{Block, Item};

    /// `n` unbreakable boxes `h` high, each with one item to find it by.
    fn boxes(n: usize, h: f64) -> Stream {
        (0..n)
            .map(|_| {
                let size = Size::new(Abs::pt(10.0), Abs::pt(h));
                let mut frame = Frame::new(size);
                let link = LinkItem {
                    size,
                    url: String::new(),
                };
                frame.push(Point::zero(), FrameItem::Link(link));
                Item::new(Block::Fixed(frame))
            })
            .collect()
    }

    fn paginate_frames(
        streams: &[&Stream],
        gap: Abs,
        max: usize,
        master: impl FnMut(usize, &[Cursor]) -> Master,
    ) -> Vec<Frame> {
        paginate(streams, gap, max, true, master).frames
    }

    fn page() -> Frame {
        Frame::new(Size::new(Abs::pt(100.0), Abs::pt(100.0)))
    }

    fn column(x: f64, feeds: &[usize]) -> Column {
        Column::new(
            Point::new(Abs::pt(x), Abs::zero()),
            Size::new(Abs::pt(40.0), Abs::pt(100.0)),
            feeds,
        )
    }

    #[test]
    fn streams_flow_over_pages_until_done() {
        let stream = boxes(25, 10.0);
        let pages = paginate_frames(&[&stream], Abs::zero(), MAX_PAGES, |_, _| Master {
            frame: page(),
            columns: vec![column(0.0, &[0])],
            floats: Vec::new(),
        });
        assert_eq!(pages.len(), 3);
    }

    #[test]
    fn a_float_goes_where_it_fits_whole() {
        // Column 0 is full; column 1 has 40 pt left: a 30 pt float goes there.
        let (left, right, float) = (boxes(10, 10.0), boxes(6, 10.0), boxes(1, 30.0));
        let pages = paginate_frames(&[&left, &right, &float], Abs::zero(), MAX_PAGES, |_, _| {
            Master {
                frame: page(),
                columns: vec![column(0.0, &[0]), column(50.0, &[1])],
                floats: vec![Float {
                    stream: 2,
                    after: 1,
                    spots: vec![
                        Spot {
                            column: 0,
                            whole: true,
                        },
                        Spot {
                            column: 1,
                            whole: true,
                        },
                    ],
                }],
            }
        });
        assert_eq!(pages.len(), 1);
        let (pos, _) = pages[0].items.last().unwrap();
        assert_eq!(*pos, Point::new(Abs::pt(50.0), Abs::pt(60.0)));
    }

    #[test]
    fn a_lead_is_drawn_only_above_content() {
        let stream = boxes(3, 10.0);
        let mut leads = 0;
        let pages = paginate_frames(&[&stream, &Vec::new()], Abs::zero(), MAX_PAGES, |_, _| {
            leads += 1;
            Master {
                frame: page(),
                columns: vec![
                    column(0.0, &[0]).led_by(0, boxes(1, 5.0)),
                    column(50.0, &[1]).led_by(1, boxes(1, 5.0)),
                ],
                floats: Vec::new(),
            }
        });
        assert_eq!((pages.len(), leads), (1, 1));
        // The lead and the column's three boxes; no lead over the empty column.
        assert_eq!(pages[0].items.len(), 4);
    }

    #[test]
    fn a_lead_heads_only_the_stream_it_is_for() {
        // Stream 0 begins the column, so the lead for stream 1 is not drawn.
        let (first, second) = (boxes(1, 10.0), boxes(1, 10.0));
        let pages = paginate_frames(&[&first, &second], Abs::zero(), MAX_PAGES, |_, _| Master {
            frame: page(),
            columns: vec![column(0.0, &[0, 1]).led_by(1, boxes(1, 5.0))],
            floats: Vec::new(),
        });
        assert_eq!(pages[0].items.len(), 2, "the two boxes, no lead");
    }

    #[test]
    fn a_master_that_feeds_nothing_left_still_loses_nothing() {
        // The master only ever feeds stream 0; stream 1 goes on a page of its own.
        let (fed, forgotten) = (boxes(2, 10.0), boxes(3, 10.0));
        let pages = paginate_frames(&[&fed, &forgotten], Abs::zero(), MAX_PAGES, |_, _| Master {
            frame: page(),
            columns: vec![column(0.0, &[0])],
            floats: Vec::new(),
        });
        let placed: usize = pages.iter().map(|p| p.items.len()).sum();
        assert_eq!(placed, 5, "every box is placed");
        assert_eq!(
            pages.len(),
            2,
            "the stuck page gives way to one that takes the rest"
        );
    }

    #[test]
    fn the_page_cap_stops_the_run() {
        let stream = boxes(100, 10.0);
        let pages = paginate_frames(&[&stream], Abs::zero(), 4, |_, _| Master {
            frame: page(),
            columns: vec![column(0.0, &[0])],
            floats: Vec::new(),
        });
        assert_eq!(
            pages.len(),
            5,
            "one page past the cap, so the caller can tell"
        );
    }
}
