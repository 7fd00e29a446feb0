//! The ingredient list: groups with their heads, and rows of quantity and item, the
//! quantities in a column of their own as wide as the widest needs.

use crate::layout::content::{Look, Typesetter};
use crate::layout::flow::{Align, Block, Cell, Item, Row, Stream};
use crate::recipe::{ingredient, Ingredient, IngredientGroup};
use crate::text::Paragraph;
use crate::units::Abs;

/// Text in looks, as a paragraph takes it.
type Runs = Vec<(String, Look)>;

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
            // "200 g", but "1かけ", and "大さじ2" with its unit first.
            let glued = ingredient::unit_is_glued(u) || runs.is_empty();
            let sep = if glued { "" } else { "\u{a0}" };
            let unit = (format!("{sep}{}", glued_unit(u)), self.body());
            if ingredient::unit_comes_first(u) {
                runs.insert(0, unit);
            } else {
                runs.push(unit);
            }
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
        // What goes in the quantity column, and what runs into the item instead: a
        // quantity too wide for the column (a long unit, "3 c. à soupe") keeps its number
        // in the column and puts the unit before the item; a number too wide for it
        // runs into the item whole.
        let full = self.quantity_runs(ingredient);
        let fits = |runs: &[(String, Look)]| {
            !runs.is_empty() && self.runs_paragraph(runs).natural_width().fits(quantity_col)
        };
        let (column, inline): (Runs, Runs) = if full.is_empty() || fits(&full) {
            (full, Vec::new())
        } else {
            let unit_first = ingredient
                .unit
                .as_deref()
                .is_some_and(ingredient::unit_comes_first);
            let number_at = usize::from(unit_first && ingredient.quantity.is_some());
            let mut unit = full.clone();
            let number: Vec<(String, Look)> = match ingredient.quantity {
                Some(_) => vec![unit.remove(number_at)],
                None => Vec::new(),
            };
            let (number, unit) = (&number[..], &unit[..]);
            if fits(number) {
                let unit = unit
                    .iter()
                    .map(|(t, l)| (t.trim_start_matches('\u{a0}').to_string(), *l));
                (number.to_vec(), unit.collect())
            } else {
                (Vec::new(), full)
            }
        };
        if !column.is_empty() {
            let mut block = self.text_block(self.runs_paragraph(&column));
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
        for (text, look) in &inline {
            runs.push((text.as_str(), *look));
        }
        if !inline.is_empty() {
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
