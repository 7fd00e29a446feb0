//! The method: numbered steps in their groups, step titles run into their text, and the
//! notes after them.

use crate::layout::content::{split_paragraphs, Look, Typesetter};
use crate::layout::flow::{Block, Item, Stream};
use crate::recipe::StepGroup;
use crate::units::Abs;

/// Separates a step title from the text it runs into.
const STEP_TITLE_SEPARATOR: &str = ". ";
fn step_title_with_separator(title: &str) -> String {
    let ends_with_punctuation = title.trim_end().ends_with(['.', ':', '!', '?', '…']);
    if ends_with_punctuation {
        format!("{} ", title.trim_end())
    } else {
        format!("{}{STEP_TITLE_SEPARATOR}", title.trim_end())
    }
}

impl Typesetter<'_> {
    /// Numbered steps with hanging numbers; a step title runs in bold into its text.
    pub fn steps(&self, groups: &[StepGroup], gap: Abs, item_gap: Abs) -> Stream {
        let total: usize = groups.iter().map(|g| g.steps.len()).sum();
        let number_look = Look {
            bold: true,
            ..self.look(self.book.body, self.types.body, self.palette.accent)
        };
        // Where a step continues in another column or on another card, its number
        // again, in the quiet colour of what continues.
        let continued_look = Look {
            bold: true,
            ..self.look(self.book.body, self.types.body, self.palette.muted)
        };
        let indent = self
            .paragraph(&[(&total.to_string(), number_look)])
            .natural_width()
            + Abs::pt(self.types.body * 0.8);
        let mut stream = vec![self.head(self.labels.method, Abs::zero())];
        let mut number = 0;
        for group in groups {
            if let Some(title) = &group.title {
                stream.push(self.subhead(title, gap));
            }
            for step in &group.steps {
                number += 1;
                for (i, text) in split_paragraphs(&step.text).enumerate() {
                    let title = step
                        .title
                        .as_deref()
                        .filter(|_| i == 0)
                        .map(step_title_with_separator);
                    let mut runs: Vec<(&str, Look)> = Vec::new();
                    if let Some(t) = &title {
                        runs.push((
                            t.as_str(),
                            Look {
                                bold: true,
                                ..self.body()
                            },
                        ));
                    }
                    runs.push((text, self.body()));
                    let mut block = self.text_block(self.paragraph(&runs));
                    block.indent = indent;
                    let label = number.to_string();
                    if i == 0 {
                        block.label = Some(self.paragraph(&[(&label, number_look)]));
                    }
                    block.continued_label = Some(self.paragraph(&[(&label, continued_look)]));
                    let space = if number == 1 && i == 0 && group.title.is_none() {
                        Abs::pt(2.0)
                    } else {
                        item_gap
                    };
                    stream.push(Item::new(Block::text(block)).space_before(space));
                }
                if step.text.trim().is_empty() {
                    if let Some(title) = &step.title {
                        let mut block = self.text_block(self.paragraph(&[(
                            title,
                            Look {
                                bold: true,
                                ..self.body()
                            },
                        )]));
                        block.indent = indent;
                        block.label = Some(self.paragraph(&[(&number.to_string(), number_look)]));
                        stream.push(Item::new(Block::text(block)).space_before(item_gap));
                    }
                }
            }
        }
        stream
    }

    /// A labelled list of notes.
    pub fn notes(&self, notes: &[String], gap: Abs, item_gap: Abs) -> Stream {
        if notes.is_empty() {
            return Vec::new();
        }
        let mut stream = vec![self.head(self.labels.notes, gap)];
        for note in notes {
            let mut items = self.paragraphs(note, self.body(), item_gap);
            if let Some(first) = items.first_mut() {
                first.space_before = Abs::pt(2.0).max(item_gap);
            }
            stream.extend(items);
        }
        stream
    }
}
