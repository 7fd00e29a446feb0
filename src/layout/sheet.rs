//! Full-page recipe sheets: a header across the page (title, subtitle, meta, hero photo),
//! then a side column (ingredients, nutrition, byline, QR) beside the main column
//! (story, method, notes, sections, FAQ). Continuation pages get a running head and
//! every page of a multi-page recipe a page number.

use std::sync::Arc;

use super::content::Typesetter;
use super::flow::{fill_region, Block, Cursor, Item, Region, Stream};
use super::pages::{paginate, Column, Master, Paged, MAX_PAGES};
use super::style::SheetTemplate;
use super::Assets;
use crate::frame::{Frame, Image, Page};
use crate::recipe::Recipe;
use crate::units::{Abs, Point, Rect, Size};

const SIDE: usize = 0;
const MAIN: usize = 1;

/// Lays out `recipe` on pages of `size`; returns the pages and whether the photo was used.
pub fn layout(
    recipe: &Recipe,
    assets: &Assets,
    size: Size,
    template: &SheetTemplate,
) -> (Vec<Page>, bool) {
    let ts = Typesetter::new(assets.book, &recipe.lang, &template.types, template.palette)
        .with_direction(super::right_to_left(recipe));
    let sheet = SheetLayout {
        recipe,
        ts,
        template,
        size,
        photo: assets.photo.clone(),
    };
    let (pages, _) = super::pages::numbered(
        None,
        |reserve_footer| sheet.flow(reserve_footer),
        |frame, number, total| {
            if sheet.roomy() {
                sheet.footer(frame, number, total);
            }
        },
    );
    (pages, sheet.photo.is_some() && recipe.photo.is_some())
}

struct SheetLayout<'a> {
    recipe: &'a Recipe,
    ts: Typesetter<'a>,
    template: &'a SheetTemplate,
    size: Size,
    photo: Option<Arc<Image>>,
}

impl SheetLayout<'_> {
    fn content(&self) -> Rect {
        Rect::from_size(self.size).inset(self.template.margin)
    }

    fn column_widths(&self) -> (Abs, Abs) {
        let content = self.content();
        let side = (content.w - self.template.gutter) * self.template.side_ratio;
        (side, content.w - self.template.gutter - side)
    }

    fn header(&self) -> Stream {
        let t = self.template;
        let width = self.content().w;
        let mut header = self.ts.heading(self.recipe, width, &t.gaps);
        header.push(Item::new(Block::Fixed(self.ts.rule(width, t.gaps.rule))));
        if let (Some(image), Some(photo)) = (&self.photo, &self.recipe.photo) {
            let size = Size::new(width, width * t.hero_aspect);
            let frame = self
                .ts
                .photo_frame(image, 0, size, &photo.fit, photo.alt.as_deref());
            header.push(Item::new(Block::Fixed(frame)).space_before(t.gaps.header));
        }
        header
    }

    fn streams(&self) -> (Stream, Stream) {
        let t = self.template;
        let (side_w, _) = self.column_widths();
        let gaps = &t.gaps;
        let mut side =
            self.ts
                .ingredients(&self.recipe.ingredients, side_w, gaps.list, gaps.ingredient);
        side.extend(self.ts.nutrition(self.recipe, side_w, gaps.block));
        side.extend(self.ts.byline(self.recipe, gaps.block));
        if let Some(source) = &self.recipe.source {
            if let Some(qr) = self.ts.qr_block(
                &source.url,
                side_w,
                t.qr_size,
                t.qr_size * 1.5,
                Abs::pt(1.0),
            ) {
                side.push(Item::new(Block::Fixed(qr)).space_before(gaps.block));
            }
        }
        let mut main: Stream = Vec::new();
        if let Some(description) = &self.recipe.description {
            main.extend(
                self.ts
                    .paragraphs(description, self.ts.body(), gaps.paragraph),
            );
        }
        let mut method = self.ts.steps(&self.recipe.steps, gaps.list, gaps.step);
        if let (Some(first), false) = (method.first_mut(), main.is_empty()) {
            first.space_before = gaps.part;
        }
        main.extend(method);
        main.extend(self.ts.notes(&self.recipe.notes, gaps.part, gaps.note));
        main.extend(
            self.ts
                .sections(self.recipe, t.types.body * 1.35, gaps.part, gaps.paragraph),
        );
        main.extend(self.ts.faq(self.recipe, gaps.part, gaps.paragraph));
        (side, main)
    }

    /// Whether the page is tall enough for running heads and page numbers; on a strip of
    /// a page they would leave no room for the recipe itself.
    fn roomy(&self) -> bool {
        const MIN_DECORATED_HEIGHT: Abs = Abs::pt(160.0);
        self.content().h >= MIN_DECORATED_HEIGHT
    }

    fn flow(&self, reserve_footer: bool) -> Paged {
        let t = self.template;
        let content = self.content();
        let (side_w, main_w) = self.column_widths();
        let (side, main) = self.streams();
        let header = self.header();
        let footer = if reserve_footer && self.roomy() {
            Abs::pt(t.types.small * 2.0)
        } else {
            Abs::zero()
        };
        let streams = [&side, &main];
        let master = |page: usize, cursors: &[Cursor]| {
            let mut frame = Frame::new(self.size);
            let mut top = content.y;
            if page == 0 {
                let mut header_cursor = [Cursor::default()];
                let placed = fill_region(
                    Region::new(Size::new(content.w, content.h / 2.0), t.gaps.block),
                    &[&header],
                    &mut header_cursor,
                    &[0],
                );
                top += placed.size.h + t.gaps.block;
                frame.push_frame(content.origin(), placed);
            } else if self.roomy() {
                top += self.running_head(&mut frame);
            }
            let height = content.bottom() - top - footer;
            let column = |x: Abs, width: Abs, feeds: &[usize]| {
                Column::new(Point::new(x, top), Size::new(width, height), feeds)
            };
            // Once the side column has nothing left, later pages set the main text in two
            // equal columns: a readable measure without leaving a third of the page empty.
            let columns = if page > 0 && cursors[SIDE].is_done(&side) {
                let half = (content.w - t.gutter) / 2.0;
                vec![
                    column(content.x, half, &[MAIN]),
                    column(content.x + half + t.gutter, half, &[MAIN]),
                ]
            } else {
                vec![
                    column(content.x, side_w, &[SIDE]),
                    column(content.x + side_w + t.gutter, main_w, &[MAIN]),
                ]
            };
            Master {
                frame,
                columns,
                floats: Vec::new(),
            }
        };
        paginate(&streams, t.gaps.block, MAX_PAGES, true, master)
    }

    /// The title in small type and a hairline, at the top of continuation pages.
    fn running_head(&self, frame: &mut Frame) -> Abs {
        let (title, gaps) = (&self.recipe.title, &self.template.gaps);
        self.ts.running_head(frame, self.content(), title, gaps)
    }

    /// "1/2" at the bottom right of every page of a multi-page recipe.
    fn footer(&self, frame: &mut Frame, number: usize, total: usize) {
        self.ts
            .page_mark(frame, self.content(), &format!("{number}/{total}"));
    }
}
