//! The look of cards and sheets as data: sizes, spacing and colours in one place.
//! (See `card-design.md`; values are points unless named otherwise.)

use crate::frame::Color;
use crate::units::Abs;

/// The colours: one accent, one muted grey, everything else ink.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub ink: Color,
    /// Step numbers, links.
    pub accent: Color,
    /// Section heads ("INGREDIENTS").
    pub heads: Color,
    pub muted: Color,
    /// Hairlines; `None` draws none (the space stays).
    pub rule: Option<Color>,
    /// The background of letterboxed photos.
    pub letterbox: Color,
}

impl Palette {
    /// The warm classic colours.
    pub const CLASSIC: Palette = Palette {
        ink: Color::rgb(0x1a, 0x1a, 0x1a),
        accent: Color::rgb(0xb5, 0x65, 0x1d),
        heads: Color::rgb(0xb5, 0x65, 0x1d),
        muted: Color::rgb(0x6b, 0x6b, 0x6b),
        rule: Some(Color::rgb(0xd9, 0xcf, 0xc4)),
        letterbox: Color::rgb(0xf4, 0xef, 0xe9),
    };

    /// For everyday printing: no background fills, rules half as dark.
    pub fn ink_saver(self) -> Palette {
        Palette {
            rule: self.rule.map(|c| c.mix(Color::WHITE, 0.5)),
            letterbox: Color::WHITE,
            ..self
        }
    }
}

/// A theme's look, applied to every template: colours, factors on type and spacing, and
/// the typographic choices that differ between themes. Fonts are chosen with the
/// [`crate::text::FontBook`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub palette: Palette,
    /// Multiplies every type size.
    pub type_size: f64,
    /// Multiplies the line height of text.
    pub line_spacing: f64,
    /// Multiplies the space between blocks and items (margins stay).
    pub spacing: f64,
    /// Titles in the bold face (else the regular one).
    pub title_bold: bool,
    /// Section heads in letter-spaced capitals (else as written, bold).
    pub head_caps: bool,
}

impl Style {
    /// Serif titles, warm accent, letter-spaced heads: the look of `card-design.md`.
    pub const CLASSIC: Style = Style {
        palette: Palette::CLASSIC,
        type_size: 1.0,
        line_spacing: 1.0,
        spacing: 1.0,
        title_bold: true,
        head_caps: true,
    };

    /// One sans family, a cool blue accent, heads as written.
    pub const MODERN: Style = Style {
        palette: Palette {
            ink: Color::rgb(0x17, 0x1c, 0x22),
            accent: Color::rgb(0x1f, 0x5f, 0x8b),
            heads: Color::rgb(0x1f, 0x5f, 0x8b),
            muted: Color::rgb(0x5f, 0x67, 0x70),
            rule: Some(Color::rgb(0xc9, 0xd6, 0xe0)),
            letterbox: Color::rgb(0xee, 0xf2, 0xf5),
        },
        type_size: 1.0,
        line_spacing: 1.04,
        spacing: 1.0,
        title_bold: true,
        head_caps: false,
    };

    /// Black and grey only, no rules or fills, a serif throughout: quiet and cheap to print.
    pub const MINIMAL: Style = Style {
        palette: Palette {
            ink: Color::rgb(0x11, 0x11, 0x11),
            accent: Color::rgb(0x11, 0x11, 0x11),
            heads: Color::rgb(0x55, 0x55, 0x55),
            muted: Color::rgb(0x66, 0x66, 0x66),
            rule: None,
            letterbox: Color::WHITE,
        },
        type_size: 1.0,
        line_spacing: 1.05,
        spacing: 1.1,
        title_bold: false,
        head_caps: true,
    };

    /// The same theme for `--ink-saver`.
    pub fn ink_saver(self) -> Style {
        Style {
            palette: self.palette.ink_saver(),
            ..self
        }
    }
}

/// Font sizes and line spacing.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeScale {
    /// Title sizes to try, largest first: the first that fits in `title_max_lines` wins.
    pub title_sizes: &'static [f64],
    /// Multiplies `title_sizes` (1 unless the type is scaled down to fit).
    pub title_scale: f64,
    pub title_max_lines: usize,
    pub title_leading: f64,
    pub subtitle: f64,
    pub meta: f64,
    /// Section heads: letter-spaced capitals.
    pub head: f64,
    pub head_tracking: f64,
    /// Heads in capitals, letter-spaced by `head_tracking` (else as written).
    pub head_caps: bool,
    /// Titles in the bold face.
    pub title_bold: bool,
    pub body: f64,
    /// Line height as a multiple of the font size.
    pub leading: f64,
    /// Ingredient notes, captions, footers.
    pub small: f64,
    /// The title repeated on continuation cards / running heads.
    pub running_head: f64,
}

impl TypeScale {
    /// Every size multiplied by `factor` (for fitting a recipe onto fewer cards).
    pub fn scaled(&self, factor: f64) -> TypeScale {
        TypeScale {
            title_sizes: self.title_sizes,
            title_scale: self.title_scale * factor,
            subtitle: self.subtitle * factor,
            meta: self.meta * factor,
            head: self.head * factor,
            body: self.body * factor,
            small: self.small * factor,
            running_head: self.running_head * factor,
            ..self.clone()
        }
    }

    /// The scale with a theme's factors and choices.
    fn themed(&self, theme: &Style) -> TypeScale {
        TypeScale {
            leading: self.leading * theme.line_spacing,
            head_caps: theme.head_caps,
            title_bold: theme.title_bold,
            ..self.scaled(theme.type_size)
        }
    }
}

/// The spaces of a template, named by what they separate, so that the theme's spacing
/// and the fit search scale every one of them together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gaps {
    /// Between blocks (heads, lists, photo, QR) and between streams meeting in a column.
    pub block: Abs,
    /// Above the subtitle and above the meta line, under the title.
    pub subtitle: Abs,
    pub meta: Abs,
    /// The height of the rule under a sheet's header (drawn in its middle), and the
    /// space above the hero photo below it.
    pub rule: Abs,
    pub header: Abs,
    /// Under a list's head (ingredients, method), above the first entry.
    pub list: Abs,
    pub ingredient: Abs,
    pub step: Abs,
    /// Between the paragraphs of a description, section or answer, and of the notes.
    pub paragraph: Abs,
    pub note: Abs,
    /// Above the parts after the method: notes, sections, FAQ.
    pub part: Abs,
    /// Running head of continuation pages: between its text and its rule, and below it.
    pub head_rule: Abs,
    pub head_below: Abs,
}

impl Gaps {
    pub fn scaled(&self, factor: f64) -> Gaps {
        Gaps {
            block: self.block * factor,
            subtitle: self.subtitle * factor,
            meta: self.meta * factor,
            rule: self.rule * factor,
            header: self.header * factor,
            list: self.list * factor,
            ingredient: self.ingredient * factor,
            step: self.step * factor,
            paragraph: self.paragraph * factor,
            note: self.note * factor,
            part: self.part * factor,
            head_rule: self.head_rule * factor,
            head_below: self.head_below * factor,
        }
    }
}

/// The index-card template.
#[derive(Debug, Clone, PartialEq)]
pub struct CardTemplate {
    /// Safe margin on every side; nothing is printed outside it.
    pub margin: Abs,
    pub gutter: Abs,
    /// Share of the content width taken by the left column (photo, ingredients, QR).
    pub left_ratio: f64,
    /// Narrower content than this stacks the columns into one.
    pub min_two_column_width: Abs,
    /// Photo box height as a fraction of its width.
    pub photo_aspect: f64,
    /// QR side including its quiet zone; grows for long URLs up to `qr_max`.
    pub qr_size: Abs,
    pub qr_max: Abs,
    /// The smallest module size that still scans reliably from print.
    pub qr_min_module: Abs,
    pub gaps: Gaps,
    pub types: TypeScale,
    pub palette: Palette,
}

impl CardTemplate {
    /// The same template with type and spacing scaled by `factor`.
    pub fn scaled(&self, factor: f64) -> CardTemplate {
        CardTemplate {
            gaps: self.gaps.scaled(factor),
            types: self.types.scaled(factor),
            ..self.clone()
        }
    }

    /// The template for a card of the given content width (small cards get a smaller
    /// scale) in a theme.
    pub fn for_width(width: Abs, theme: &Style) -> CardTemplate {
        let small = width < Abs::inches(4.5);
        let base = CardTemplate {
            margin: Abs::inches(0.25),
            gutter: Abs::pt(16.0),
            left_ratio: 0.38,
            min_two_column_width: Abs::pt(300.0),
            photo_aspect: 0.66,
            qr_size: Abs::inches(0.7),
            qr_max: Abs::inches(1.0),
            qr_min_module: Abs::pt(0.9),
            gaps: {
                let (block, item) = if small { (5.0, 1.5) } else { (7.0, 2.5) };
                Gaps {
                    block: Abs::pt(block),
                    subtitle: Abs::zero(),
                    meta: Abs::pt(2.0),
                    rule: Abs::zero(),
                    header: Abs::zero(),
                    list: Abs::pt(block * 0.6),
                    ingredient: Abs::pt(item * 0.6),
                    step: Abs::pt(item * 1.5),
                    paragraph: Abs::pt(item * 2.0),
                    note: Abs::pt(item),
                    part: Abs::pt(block),
                    head_rule: Abs::pt(3.0),
                    head_below: Abs::pt(2.0),
                }
            },
            types: TypeScale {
                title_sizes: if small {
                    &[15.0, 14.0, 13.0, 12.0, 11.0]
                } else {
                    &[17.0, 16.0, 15.0, 14.0, 13.0, 12.0]
                },
                title_scale: 1.0,
                title_max_lines: 2,
                title_leading: 1.12,
                subtitle: 8.5,
                meta: 7.5,
                head: 7.5,
                head_tracking: 0.35,
                head_caps: true,
                title_bold: true,
                body: if small { 8.0 } else { 8.5 },
                leading: 1.25,
                small: 7.0,
                running_head: 8.0,
            },
            palette: theme.palette,
        };
        CardTemplate {
            types: base.types.themed(theme),
            gaps: base.gaps.scaled(theme.spacing),
            ..base
        }
    }
}

/// The full-page sheet template.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetTemplate {
    pub margin: Abs,
    pub gutter: Abs,
    /// Share of the content width for the side column (ingredients, nutrition, QR).
    pub side_ratio: f64,
    /// Hero photo height as a fraction of the content width.
    pub hero_aspect: f64,
    pub qr_size: Abs,
    pub gaps: Gaps,
    pub types: TypeScale,
    pub palette: Palette,
}

impl SheetTemplate {
    /// The template for sheets (and books) in a theme.
    pub fn standard(theme: &Style) -> SheetTemplate {
        let base = SheetTemplate {
            margin: Abs::mm(18.0),
            gutter: Abs::pt(22.0),
            side_ratio: 0.34,
            hero_aspect: 0.42,
            qr_size: Abs::inches(0.9),
            gaps: Gaps {
                block: Abs::pt(12.0),
                subtitle: Abs::pt(2.0),
                meta: Abs::pt(4.0),
                rule: Abs::pt(6.0),
                header: Abs::pt(4.0),
                list: Abs::pt(12.0 * 0.7),
                ingredient: Abs::pt(3.0),
                step: Abs::pt(6.0),
                paragraph: Abs::pt(6.0),
                note: Abs::pt(6.0),
                part: Abs::pt(12.0 * 1.5),
                head_rule: Abs::pt(4.0),
                head_below: Abs::pt(12.0),
            },
            types: TypeScale {
                title_sizes: &[28.0, 26.0, 24.0, 22.0],
                title_scale: 1.0,
                title_max_lines: 2,
                title_leading: 1.12,
                subtitle: 13.0,
                meta: 9.0,
                head: 9.0,
                head_tracking: 0.45,
                head_caps: true,
                title_bold: true,
                body: 10.0,
                leading: 1.4,
                small: 8.5,
                running_head: 9.0,
            },
            palette: theme.palette,
        };
        SheetTemplate {
            types: base.types.themed(theme),
            gaps: base.gaps.scaled(theme.spacing),
            ..base
        }
    }
}
