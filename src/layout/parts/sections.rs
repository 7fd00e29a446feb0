//! The parts after the method: free sections, questions and answers, and the nutrition
//! table.

use crate::layout::content::{Look, Typesetter};
use crate::layout::flow::{Align, Block, Cell, Item, Row, Stream};
use crate::recipe::Recipe;
use crate::units::Abs;

impl Typesetter<'_> {
    /// Free sections, FAQ, nutrition and the like, for sheets (and cards with room).
    pub fn sections(
        &self,
        recipe: &Recipe,
        title_size: f64,
        gap: Abs,
        paragraph_gap: Abs,
    ) -> Stream {
        let mut stream = Vec::new();
        for section in &recipe.sections {
            stream.push(self.section_title(&section.title, title_size, gap));
            let mut paras = self.paragraphs(&section.text, self.body(), paragraph_gap);
            if let Some(first) = paras.first_mut() {
                first.space_before = Abs::pt(3.0);
            }
            stream.extend(paras);
        }
        stream
    }

    pub fn faq(&self, recipe: &Recipe, gap: Abs, paragraph_gap: Abs) -> Stream {
        if recipe.faq.is_empty() {
            return Vec::new();
        }
        let mut stream = vec![self.head(self.labels.faq, gap)];
        for (i, faq) in recipe.faq.iter().enumerate() {
            let question = Look {
                bold: true,
                ..self.body()
            };
            let mut block = self.text_block(self.paragraph(&[(&faq.question, question)]));
            block.keep_together = true;
            let space = if i == 0 {
                Abs::pt(3.0)
            } else {
                paragraph_gap * 1.5
            };
            stream.push(
                Item::new(Block::text(block))
                    .space_before(space)
                    .keep_with_next(),
            );
            let mut answer = self.paragraphs(&faq.answer, self.body(), paragraph_gap);
            if let Some(first) = answer.first_mut() {
                first.space_before = Abs::pt(1.0);
            }
            stream.extend(answer);
        }
        stream
    }

    /// Nutrition as a two-column table: label left, value right.
    pub fn nutrition(&self, recipe: &Recipe, column: Abs, gap: Abs) -> Stream {
        if recipe.nutrition.is_empty() {
            return Vec::new();
        }
        let mut stream = vec![self.head(self.labels.nutrition, gap)];
        let label_width = column * 0.6;
        for (label, value) in &recipe.nutrition {
            let label_block = self.text_block(self.paragraph(&[(
                label,
                self.look(self.book.body, self.types.body, self.palette.muted),
            )]));
            let mut value_block = self.text_block(self.paragraph(&[(value, self.body())]));
            value_block.align = Align::Right;
            let row = Row {
                cells: vec![
                    Cell {
                        x: Abs::zero(),
                        width: Some(label_width),
                        text: label_block,
                    },
                    Cell {
                        x: label_width,
                        width: Some(column - label_width),
                        text: value_block,
                    },
                ],
            };
            stream.push(Item::new(Block::Row(row)).space_before(Abs::pt(1.5)));
        }
        stream
    }
}
