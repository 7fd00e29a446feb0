//! The ingredient list: groups with their heads, and rows of quantity and item, the
//! quantities in a column of their own as wide as the widest needs.

use crate::layout::content::{Look, Typesetter};
use crate::layout::flow::{Align, Block, Cell, Item, Row, Stream};
use crate::recipe::{Ingredient, IngredientGroup};
use crate::text::Paragraph;
use crate::units::Abs;

/// The printed form of a unit, as written but with its spaces glued, so that the
/// quantity column never breaks inside it ("c. à soupe").
fn glued_unit(unit: &str) -> String {
    unit.replace(' ', "\u{a0}")
}

impl Typesetter<'_> {
    /// Ingredient lists: quantities right-aligned in a column sized to the widest one
    /// (at most `max_quantity_share` of `column`), items after it.
    pub fn ingredients(
        &self,
        groups: &[IngredientGroup],
        column: Abs,
        gap: Abs,
        item_gap: Abs,
    ) -> Stream {
        let quantity_col = self.quantity_column(groups, column);
        let spacing = if quantity_col > Abs::zero() {
            Abs::pt(self.types.body * 0.6)
        } else {
            Abs::zero()
        };
        let mut stream = vec![self.head(self.labels.ingredients, Abs::zero())];
        for group in groups {
            if let Some(title) = &group.title {
                stream.push(self.subhead(title, gap));
            }
            for (i, ingredient) in group.items.iter().enumerate() {
                let row = self.ingredient_row(ingredient, quantity_col, spacing);
                let space = if i == 0 && group.title.is_none() {
                    Abs::pt(2.0)
                } else {
                    item_gap
                };
                stream.push(Item::new(Block::Row(row)).space_before(space));
            }
        }
        stream
    }

    fn quantity_runs(&self, ingredient: &Ingredient) -> Vec<(String, Look)> {
        let strong = Look {
            bold: true,
            ..self.body()
        };
        let mut runs = Vec::new();
        if let Some(q) = &ingredient.quantity {
            runs.push((q.clone(), strong));
        }
        if let Some(u) = &ingredient.unit {
            let sep = if runs.is_empty() { "" } else { "\u{a0}" };
            runs.push((format!("{sep}{}", glued_unit(u)), self.body()));
        }
        runs
    }

    fn quantity_column(&self, groups: &[IngredientGroup], column: Abs) -> Abs {
        const MAX_QUANTITY_SHARE: f64 = 0.34;
        let widest = groups
            .iter()
            .flat_map(|g| &g.items)
            .filter(|i| i.quantity.is_some() || i.unit.is_some())
            .map(|i| self.runs_paragraph(&self.quantity_runs(i)).natural_width())
            .fold(Abs::zero(), Abs::max);
        widest.min(column * MAX_QUANTITY_SHARE)
    }

    fn runs_paragraph(&self, runs: &[(String, Look)]) -> Paragraph {
        let refs: Vec<(&str, Look)> = runs.iter().map(|(t, l)| (t.as_str(), *l)).collect();
        self.paragraph(&refs)
    }

    fn ingredient_row(&self, ingredient: &Ingredient, quantity_col: Abs, spacing: Abs) -> Row {
        let mut cells = Vec::new();
        let quantity = self.quantity_runs(ingredient);
        let quantity_para = (!quantity.is_empty()).then(|| self.runs_paragraph(&quantity));
        // A quantity too wide for the column (a rare long unit) runs into the item instead.
        let inline = quantity_para
            .as_ref()
            .is_some_and(|p| !p.natural_width().fits(quantity_col));
        if let (Some(para), false) = (quantity_para, inline) {
            let mut block = self.text_block(para);
            block.align = Align::Right;
            cells.push(Cell {
                x: Abs::zero(),
                width: Some(quantity_col),
                text: block,
            });
        }
        let note_look = Look {
            italic: true,
            fill: self.palette.muted,
            size: self.types.small.max(self.types.body - 1.5),
            ..self.body()
        };
        // A note that reads as a sentence goes on a line of its own; a short one
        // ("thinly sliced") follows the item after a comma.
        let note = ingredient.note.as_ref().map(|n| {
            let sentence = n.chars().next().is_some_and(char::is_uppercase);
            if sentence {
                format!("\n{n}")
            } else {
                format!(", {n}")
            }
        });
        let mut runs: Vec<(&str, Look)> = Vec::new();
        let inline_quantity: Vec<(String, Look)> = if inline { quantity } else { Vec::new() };
        for (text, look) in &inline_quantity {
            runs.push((text.as_str(), *look));
        }
        if inline {
            runs.push((" ", self.body()));
        }
        runs.push((ingredient.item.as_str(), self.body()));
        if let Some(note) = &note {
            runs.push((note.as_str(), note_look));
        }
        let block = self.text_block(self.paragraph(&runs));
        cells.push(Cell {
            x: quantity_col + spacing,
            width: None,
            text: block,
        });
        Row { cells }
    }
}
