//! The fit search: which layout of a recipe its cards print, chosen by a cost (cards,
//! then type size, photo size and extras) among trials that are only counted and
//! measured; the chosen one is drawn once.

use super::{CardLayout, Extras, Pass, PHOTO_SHARES};
use crate::frame::Page;
use crate::layout::content::ShapingCache;
use crate::layout::style::CardTemplate;
use crate::layout::{Assets, Overflow};
use crate::recipe::Recipe;
use crate::units::Size;

/// Type scale factors tried by `--fit shrink`, down to a readable minimum
/// (8.5 pt body text becomes 7 pt at the last step).
const SHRINK_STEPS: [f64; 5] = [0.97, 0.94, 0.9, 0.86, 0.82];

/// Type scale factors [`Overflow::Economy`] tries where they save a card: modest enough to
/// stay legible in a kitchen (8.5 pt text on 4x6 becomes 8 pt at the last step).
pub const ECONOMY_STEPS: [f64; 2] = [0.97, 0.94];

/// The most cards [`Overflow::Economy`] tries to save one on.
const ECONOMY_MAX_CARDS: usize = 12;

/// What a card layout costs, compared field by field: the cards it takes first, then how
/// far its type was reduced, then its photo, then the extras left out. The search keeps
/// the cheapest layout it tries (the first of equals), so the choice is deterministic and
/// a layout of one card fewer always wins within the limits tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Cost {
    cards: usize,
    /// Steps down from full-size type (0: full size).
    type_steps: usize,
    /// Steps down the [`PHOTO_SHARES`] (0: the largest; their count: no photo).
    photo_steps: usize,
    /// Of the story and the sheet-only sections, how many were left out.
    extras_left_out: usize,
}

/// A layout tried (counted and measured, not drawn), with its cost.
struct Trial {
    extras: Extras,
    cost: Cost,
    /// How full its last card is (see [`crate::layout::pages::Paged::last_fill`]).
    last_fill: f64,
}

impl Trial {
    /// Whether type scaled by `factor` could save the last card. Scaling lengths by `f`
    /// scales a column's content by about `f²` (fewer lines, each lower): the cards
    /// before the last free about `1/f² - 1` of a card each. Twice that is allowed for
    /// line breaks and keep rules; past it the trial cannot save a card and is skipped.
    fn could_save_a_card(&self, factor: f64) -> bool {
        const SLACK: f64 = 2.0;
        let freed = (self.cost.cards.saturating_sub(1)) as f64 * (1.0 / (factor * factor) - 1.0);
        self.cost.cards > 1 && self.last_fill <= freed * SLACK
    }
}

/// Lays out `recipe` as cards of `size`; returns the pages and whether the photo was used.
/// With [`Overflow::Economy`] a recipe that needs several cards is tried in slightly smaller
/// type, kept where that takes fewer cards; [`Overflow::Shrink`] goes further to fit one.
/// Trials are only counted and measured; the chosen one is drawn once.
pub fn layout(
    recipe: &Recipe,
    assets: &Assets,
    size: Size,
    template: &CardTemplate,
    fit: Overflow,
) -> (Vec<Page>, bool) {
    let steps: &[f64] = match fit {
        Overflow::Continue => &[],
        Overflow::Economy => &ECONOMY_STEPS,
        Overflow::Shrink => &SHRINK_STEPS,
    };
    // One shaping for every type size tried: the smaller ones scale its paragraphs.
    let shaping = ShapingCache::default();
    // Step 0 is full size; step i is `steps[i - 1]`.
    let factors: Vec<f64> = std::iter::once(1.0).chain(steps.iter().copied()).collect();
    let templates: Vec<CardTemplate> = factors.iter().map(|&f| template.scaled(f)).collect();
    let qr_code = recipe.source.as_ref().map(|s| crate::qr::encode(&s.url));
    let card = |step: usize| {
        let shared = (&shaping, factors[step]);
        CardLayout::new(recipe, assets, size, &templates[step], shared, &qr_code)
    };
    let normal = card(0);
    let mut best = (normal.search(0), normal);
    // Each step lays the whole recipe out again: past a dozen cards, full size.
    let search = !(fit == Overflow::Economy && best.0.cost.cards > ECONOMY_MAX_CARDS);
    // Smaller type only ever buys cards: none to buy at one. The smallest step is tried
    // first: when even it saves no card, no larger one does, and the usual case costs one
    // trial, not one per step. When it does, the largest type that does as well is kept.
    if let (true, Some(&smallest)) = (search, steps.last()) {
        if best.0.could_save_a_card(smallest) {
            let floor = card(steps.len());
            let trial = floor.search(steps.len());
            if trial.cost < best.0.cost {
                best = (trial, floor);
                for step in 1..steps.len() {
                    let larger = card(step);
                    let trial = larger.search(step);
                    if trial.cost.cards <= best.0.cost.cards {
                        best = (trial, larger);
                        break;
                    }
                }
            }
        }
    }
    let (trial, chosen) = best;
    let pages = chosen.compose(trial.extras, Pass::Draw(trial.cost.cards));
    (pages.0, trial.extras.photo.is_some())
}

impl CardLayout<'_> {
    /// The cheapest layout at this type size (`type_steps` down from full size): the
    /// photo as large as costs no extra card, smaller if it must; story and sheet-only
    /// sections only when the whole recipe still fits on one card with them.
    fn search(&self, type_steps: usize) -> Trial {
        let recipe = self.recipe;
        let has_photo = self.photo.is_some() && recipe.photo.is_some();
        let has_sections =
            !(recipe.sections.is_empty() && recipe.faq.is_empty() && recipe.nutrition.is_empty());
        let extras_available =
            usize::from(recipe.description.is_some()) + usize::from(has_sections);
        let try_extras = |extras: Extras| {
            let (pages, last_fill) = self.compose(extras, Pass::Measure);
            let cost = Cost {
                cards: pages.len(),
                type_steps,
                photo_steps: extras.photo.unwrap_or(PHOTO_SHARES.len()),
                extras_left_out: extras_available
                    - usize::from(extras.description)
                    - usize::from(extras.sections),
            };
            Trial {
                extras,
                cost,
                last_fill,
            }
        };
        let mut best = try_extras(Extras::default());
        if has_photo {
            // The largest photo that costs no card; smaller ones only cost more.
            for share in 0..PHOTO_SHARES.len() {
                let trial = try_extras(Extras {
                    photo: Some(share),
                    ..best.extras
                });
                if trial.cost.cards <= best.cost.cards {
                    best = trial;
                    break;
                }
            }
        }
        // (available, how to enable): tried only on a single card.
        type Candidate = (bool, fn(&mut Extras));
        let candidates: [Candidate; 2] = [
            (recipe.description.is_some(), |e| e.description = true),
            (has_sections, |e| e.sections = true),
        ];
        for (available, enable) in candidates {
            if !available || best.cost.cards > 1 {
                continue;
            }
            let mut extras = best.extras;
            enable(&mut extras);
            let trial = try_extras(extras);
            if trial.cost < best.cost {
                best = trial;
            }
        }
        best
    }
}
