//! The recipe's heading: its title block, the meta line (servings, times, yield) and the
//! byline (author, source).

use crate::layout::content::{Look, Typesetter};
use crate::layout::flow::{Block, Item, Stream, TextBlock};
use crate::layout::i18n::format_minutes;
use crate::layout::style::Gaps;
use crate::recipe::Recipe;
use crate::units::Abs;

impl Typesetter<'_> {
    /// The title at the largest size that fits in the allowed lines.
    pub fn title(&self, title: &str, width: Abs) -> TextBlock {
        let sizes = self.types.title_sizes;
        debug_assert!(!sizes.is_empty());
        let mut chosen = None;
        for &size in sizes {
            let size = size * self.types.title_scale;
            let look = Look {
                bold: self.types.title_bold,
                ..self.look(self.book.title, size, self.palette.ink)
            };
            let para = self.paragraph(&[(title, look)]);
            let lines = para.break_lines(0, width, width).len();
            let fits = lines <= self.types.title_max_lines;
            chosen = Some((para, size));
            if fits {
                break;
            }
        }
        let (para, size) = chosen.expect("title sizes are not empty");
        let mut block = self.text_block(para);
        block.line_height = Abs::pt(size * self.types.title_leading);
        block
    }

    /// "4 servings · Prep 10 min · Cook 15 min".
    pub fn meta_text(&self, recipe: &Recipe) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        if let Some(servings) = &recipe.servings {
            parts.push(self.servings_text(&servings.text));
        }
        let times = [
            (self.labels.prep, recipe.time.prep),
            (self.labels.cook, recipe.time.cook),
            (self.labels.rest, recipe.time.rest),
            (self.labels.total, recipe.time.total),
        ];
        for (label, minutes) in times {
            if let Some(m) = minutes {
                parts.push(format!("{label} {}", format_minutes(self.labels, m)));
            }
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// "4 servings" as the parser spells a bare number, in the recipe's language.
    fn servings_text(&self, text: &str) -> String {
        let bare = text
            .strip_suffix(" servings")
            .or_else(|| text.strip_suffix(" serving"));
        match bare {
            Some(number) if number.parse::<f64>().is_ok() => {
                format!("{number} {}", self.labels.servings)
            }
            _ => text.to_string(),
        }
    }

    /// The recipe's heading as a stream: its title at `width`, the subtitle in muted
    /// italics and the meta line, spaced by `gaps`.
    pub fn heading(&self, recipe: &Recipe, width: Abs, gaps: &Gaps) -> Stream {
        let mut heading = vec![Item::new(Block::text(self.title(&recipe.title, width)))];
        if let Some(subtitle) = &recipe.subtitle {
            let look = Look {
                italic: true,
                ..self.look(self.book.title, self.types.subtitle, self.palette.muted)
            };
            let para = self.text_block(self.paragraph(&[(subtitle, look)]));
            heading.push(Item::new(Block::text(para)).space_before(gaps.subtitle));
        }
        if let Some(meta) = self.meta(recipe, self.types.meta) {
            heading.push(meta.space_before(gaps.meta));
        }
        heading
    }

    pub fn meta(&self, recipe: &Recipe, size: f64) -> Option<Item> {
        let text = self.meta_text(recipe)?;
        let look = self.look(self.book.body, size, self.palette.muted);
        Some(Item::new(Block::text(
            self.text_block(self.paragraph(&[(&text, look)])),
        )))
    }

    /// Tags and author, muted.
    pub fn byline(&self, recipe: &Recipe, gap: Abs) -> Stream {
        let mut stream = Vec::new();
        let small = self.look(self.book.body, self.types.small, self.palette.muted);
        if let Some(author) = &recipe.author {
            let text = format!("{} {author}", self.labels.by);
            stream.push(
                Item::new(Block::text(
                    self.text_block(self.paragraph(&[(&text, small)])),
                ))
                .space_before(gap),
            );
        }
        if !recipe.tags.is_empty() {
            let text = recipe
                .tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join("  ");
            let space = if stream.is_empty() { gap } else { Abs::pt(2.0) };
            stream.push(
                Item::new(Block::text(
                    self.text_block(self.paragraph(&[(&text, small)])),
                ))
                .space_before(space),
            );
        }
        stream
    }
}
