//! Right-to-left pages: laid out with "start" on the left like any other, then mirrored.
//!
//! Every box moves to the other side of its frame (the ingredient column, the step
//! numbers, the quantity column, the QR code and its caption, the running heads and page
//! marks), while what is inside a box keeps its own direction: glyph runs are still
//! drawn left to right and photos are not flipped. Paragraphs of right-to-left languages
//! place their runs mirrored within each line (see [`crate::text::Paragraph::line_items`])
//! and the QR code's modules are drawn mirrored, so that mirroring the page puts both
//! the right way round again.

use crate::frame::{Frame, FrameItem, Geometry};
use crate::units::Point;

/// Mirrors every item of `frame` (groups included) left to right.
pub fn mirror(frame: &mut Frame) {
    let width = frame.size.w;
    for (pos, item) in &mut frame.items {
        let item_width = match item {
            FrameItem::Text(text) => text.width(),
            FrameItem::Shape(shape) => match &mut shape.geometry {
                Geometry::Rect(size) => size.w,
                Geometry::Line(to) => {
                    // The line keeps its start point; it now runs the other way.
                    to.x = -to.x;
                    pos.x = width - pos.x;
                    continue;
                }
            },
            FrameItem::Image(image) => image.size.w,
            FrameItem::Link(link) => link.size.w,
            FrameItem::Group(group) => {
                mirror(&mut group.frame);
                group.placed_size().w
            }
        };
        *pos = Point::new(width - pos.x - item_width, pos.y);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{Color, ImageItem, Shape};
    use crate::units::{Abs, Size};

    #[test]
    fn boxes_move_to_the_other_side() {
        let mut frame = Frame::new(Size::new(Abs::pt(100.0), Abs::pt(50.0)));
        let rect = Shape {
            geometry: Geometry::Rect(Size::new(Abs::pt(20.0), Abs::pt(5.0))),
            fill: Some(Color::BLACK),
            stroke: None,
        };
        frame.push(
            Point::new(Abs::pt(10.0), Abs::pt(3.0)),
            FrameItem::Shape(rect),
        );
        frame.push(
            Point::new(Abs::pt(0.0), Abs::pt(10.0)),
            FrameItem::Image(ImageItem {
                image: 0,
                size: Size::new(Abs::pt(40.0), Abs::pt(20.0)),
                alt: None,
            }),
        );
        mirror(&mut frame);
        assert_eq!(frame.items[0].0, Point::new(Abs::pt(70.0), Abs::pt(3.0)));
        assert_eq!(frame.items[1].0, Point::new(Abs::pt(60.0), Abs::pt(10.0)));
        // Twice is the identity.
        mirror(&mut frame);
        assert_eq!(frame.items[0].0, Point::new(Abs::pt(10.0), Abs::pt(3.0)));
    }
}
