//! The QR block: the code for the recipe's source address with its short, readable
//! caption.

use crate::frame::{Color, Frame, FrameItem, Geometry, LinkItem, Shape};
use crate::layout::content::Typesetter;
use crate::qr;
use crate::text::Paragraph;
use crate::units::{Abs, Point, Size};

impl Typesetter<'_> {
    /// The QR code (with quiet zone) and, beside it, the call to scan and the short link.
    /// `None` when the URL cannot be encoded.
    pub fn qr_block(
        &self,
        url: &str,
        width: Abs,
        side: Abs,
        max_side: Abs,
        min_module: Abs,
    ) -> Option<Frame> {
        let code = qr::encode(url);
        self.qr_block_of(url, code.as_ref().ok(), width, (side, max_side, min_module))
    }

    /// [`Typesetter::qr_block`] for a code already encoded (`None`: the URL could not
    /// be): encoding, with its mask search, is the costliest step of a card, and a
    /// card's fit search draws the block at several type sizes.
    pub fn qr_block_of(
        &self,
        url: &str,
        code: Option<&qr::QrCode>,
        width: Abs,
        (side, max_side, min_module): (Abs, Abs, Abs),
    ) -> Option<Frame> {
        let Some(code) = code else {
            return self.link_only(url, width);
        };
        let modules = (code.width() + 2 * qr::QUIET_ZONE) as f64;
        let side = side.max(min_module * modules).min(max_side);
        let module = side / modules;
        let mut frame = Frame::new(Size::new(width, side));
        let quiet = module * qr::QUIET_ZONE as f64;
        // A right-to-left page is mirrored after layout: draw the code mirrored so that
        // it comes out readable (see `layout::mirror`).
        let mirrored = self.rtl;
        for r in code.dark_rects() {
            let x = if mirrored {
                code.width() - r.x - r.w
            } else {
                r.x
            };
            let pos = Point::new(quiet + module * x as f64, quiet + module * r.y as f64);
            let size = Size::new(module * r.w as f64, module * r.h as f64);
            frame.push(
                pos,
                FrameItem::Shape(Shape {
                    geometry: Geometry::Rect(size),
                    fill: Some(Color::BLACK),
                    stroke: None,
                }),
            );
        }
        // The caption sits beside the code, inside the quiet zone's vertical extent.
        let caption_x = side + Abs::pt(2.0);
        let caption_w = width - caption_x;
        let small = self.types.small;
        let line_height = Abs::pt(small * 1.3);
        let lines = self.qr_caption(url, caption_w, side, line_height);
        let text_height = line_height * lines.len() as f64;
        if caption_w > Abs::pt(small * 4.0) && text_height.fits(side) {
            let mut y = (side - text_height) / 2.0;
            for (para, line) in &lines {
                let (ascent, descent) = para.extents();
                let baseline = y + (line_height - ascent - descent) / 2.0 + ascent;
                for (dx, item) in para.line_items(line) {
                    frame.push(Point::new(caption_x + dx, baseline), FrameItem::Text(item));
                }
                y += line_height;
            }
        }
        frame.push(
            Point::zero(),
            FrameItem::Link(LinkItem {
                size: Size::new(width, side),
                url: url.to_string(),
            }),
        );
        Some(frame)
    }

    /// For a URL too long for a QR code: the short link alone, on up to three lines, as a
    /// link (export warns that the card has no code).
    fn link_only(&self, url: &str, width: Abs) -> Option<Frame> {
        const MAX_LINK_LINES: usize = 3;
        let small = self.types.small;
        let line_height = Abs::pt(small * 1.3);
        let per_line = ((width.to_pt() / (small * 0.55)).floor() as usize).max(8);
        let link = qr::short_link(url, per_line * MAX_LINK_LINES);
        let para =
            self.paragraph(&[(&link, self.look(self.book.body, small, self.palette.accent))]);
        let lines = para.break_lines(0, width, width);
        let height = line_height * lines.len() as f64;
        let mut frame = Frame::new(Size::new(width, height));
        let mut y = Abs::zero();
        for line in &lines {
            let (ascent, descent) = para.extents();
            let baseline = y + (line_height - ascent - descent) / 2.0 + ascent;
            for (dx, item) in para.line_items(line) {
                frame.push(Point::new(dx, baseline), FrameItem::Text(item));
            }
            y += line_height;
        }
        frame.push(
            Point::zero(),
            FrameItem::Link(LinkItem {
                size: Size::new(width, height),
                url: url.to_string(),
            }),
        );
        (!lines.is_empty()).then_some(frame)
    }

    /// The caption lines beside a QR code: the call to scan and the short link (which
    /// may wrap over several lines, breaking after slashes and hyphens), as much as fits
    /// beside the code; the link is shortened further before the call to scan is dropped.
    fn qr_caption(
        &self,
        url: &str,
        width: Abs,
        height: Abs,
        line_height: Abs,
    ) -> Vec<(Paragraph, crate::text::Line)> {
        const MAX_LINK_LINES: usize = 3;
        let small = self.types.small;
        let per_line = ((width.to_pt() / (small * 0.55)).floor() as usize).max(8);
        let max_lines = (height / line_height).floor() as usize;
        let scan = self.paragraph(&[(
            self.labels.scan,
            self.look(self.book.body, small, self.palette.muted),
        )]);
        let scan_lines: Vec<_> = scan
            .break_lines(0, width, width)
            .into_iter()
            .map(|l| (scan.clone(), l))
            .collect();
        for with_scan in [true, false] {
            for link_lines in (1..=MAX_LINK_LINES).rev() {
                let link = qr::short_link(url, per_line * link_lines);
                let para = self
                    .paragraph(&[(&link, self.look(self.book.body, small, self.palette.accent))]);
                let lines = para.break_lines(0, width, width);
                let mut all = if with_scan {
                    scan_lines.clone()
                } else {
                    Vec::new()
                };
                all.extend(lines.into_iter().map(|l| (para.clone(), l)));
                if all.len() <= max_lines && all.len() <= link_lines + scan_lines.len() {
                    return all;
                }
            }
        }
        Vec::new()
    }
}
