//! Page furniture: the running head of continued pages and the "n/N" page mark.

use crate::frame::Frame;
use crate::layout::content::{draw_line, Look, Typesetter};
use crate::layout::style::Gaps;
use crate::units::{Abs, Point, Rect};

impl Typesetter<'_> {
    /// The title in small italic type above a hairline at the top of `content`, for
    /// continuation cards and pages, spaced by the template's `gaps`. Returns the height
    /// used, the space below included.
    pub fn running_head(&self, frame: &mut Frame, content: Rect, title: &str, gaps: &Gaps) -> Abs {
        const LEADING: f64 = 1.3;
        let size = self.types.running_head;
        let look = Look {
            italic: true,
            ..self.look(self.book.title, size, self.palette.muted)
        };
        let (para, _) = self.single_line(title, look);
        let (ascent, descent) = para.extents();
        draw_line(frame, &para, content.x, content.y + ascent, content.w);
        let line_height = Abs::pt(size * LEADING).max(ascent + descent);
        let rule = self.rule(content.w, gaps.head_rule);
        let rule_height = rule.size.h;
        frame.push_frame(Point::new(content.x, content.y + line_height), rule);
        line_height + rule_height + gaps.head_below
    }

    /// A page mark ("continued ›  1/3", "2/2") at the bottom right of `content`.
    pub fn page_mark(&self, frame: &mut Frame, content: Rect, text: &str) {
        let look = self.look(self.book.body, self.types.small, self.palette.muted);
        let (para, width) = self.single_line(text, look);
        let (_, descent) = para.extents();
        let x = content.right() - width;
        draw_line(
            frame,
            &para,
            x,
            content.bottom() - descent,
            width + Abs::pt(1.0),
        );
    }
}
