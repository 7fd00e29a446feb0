//! The photo: cropped to the region it is given, by the recipe's fit and focus.

use std::sync::Arc;

use crate::frame::{Frame, FrameItem, Geometry, Image, ImageItem, Shape};
use crate::layout::content::Typesetter;
use crate::recipe::Fit;
use crate::units::{Abs, Point, Size};

impl Typesetter<'_> {
    /// A photo in a box of `size`: cropped to fill it (`cover`) or letterboxed (`contain`).
    pub fn photo_frame(
        &self,
        image: &Arc<Image>,
        index: usize,
        size: Size,
        fit: &Fit,
        alt: Option<&str>,
    ) -> Frame {
        let mut frame = Frame::new(size);
        let aspect = image.display_aspect_ratio().max(1e-3);
        let (box_w, box_h) = (size.w.to_pt(), size.h.to_pt());
        let (w, h) = match fit {
            Fit::Cover if box_w / box_h > aspect => (box_w, box_w / aspect),
            Fit::Cover => (box_h * aspect, box_h),
            Fit::Contain if box_w / box_h > aspect => (box_h * aspect, box_h),
            Fit::Contain => (box_w, box_w / aspect),
        };
        if *fit == Fit::Contain {
            frame.push(
                Point::zero(),
                FrameItem::Shape(Shape {
                    geometry: Geometry::Rect(size),
                    fill: Some(self.palette.letterbox),
                    stroke: None,
                }),
            );
        }
        let pos = Point::new(Abs::pt((box_w - w) / 2.0), Abs::pt((box_h - h) / 2.0));
        frame.push(
            pos,
            FrameItem::Image(ImageItem {
                image: index,
                size: Size::new(Abs::pt(w), Abs::pt(h)),
                alt: alt.map(str::to_owned),
            }),
        );
        // `cover` overflows the box: the group cuts it to the box.
        let mut clipped = Frame::new(size);
        clipped.push_clipped(Point::zero(), frame);
        clipped
    }
}
