//! The typed, validated recipe. Text fields keep their inline markup (`*em*`, `**strong**`)
//! and are NFC-normalised; layout interprets the markup.

use std::path::PathBuf;
use std::sync::Arc;

use crate::error::Span;

/// A recipe, as read from one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recipe {
    /// The file it came from (as given on the command line), for diagnostics.
    pub file: PathBuf,
    pub title: String,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub source: Option<Source>,
    pub author: Option<String>,
    /// BCP-47 tag, lower-case primary subtag first ("en" when not given).
    pub lang: String,
    /// The recipe declared no language, and `lang` was detected from its text.
    pub lang_detected: bool,
    /// The writing direction when the recipe sets it (`dir:`); else the language's.
    pub dir: Option<Direction>,
    pub servings: Option<Servings>,
    pub time: Times,
    pub tags: Vec<String>,
    pub photo: Option<PhotoRef>,
    pub ingredients: Vec<IngredientGroup>,
    pub steps: Vec<StepGroup>,
    pub notes: Vec<String>,
    pub sections: Vec<Section>,
    pub faq: Vec<Faq>,
    /// Label → value, in file order ("calories" → "420 kcal").
    pub nutrition: Vec<(String, String)>,
    /// What the reader passed over and the user should hear about (front matter that is not
    /// YAML in a Cooklang file), located like errors.
    pub warnings: Vec<crate::error::Diagnostic>,
}

/// Which way lines run, and so which way the card is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    LeftToRight,
    RightToLeft,
}

/// Where the recipe comes from: printed as a short link and encoded in the QR code.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The exact URL as written (http or https).
    pub url: String,
    pub name: Option<String>,
    pub span: Span,
}

/// How much the recipe makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Servings {
    /// The number, when there is one (`4`, `"4 bowls"` → 4), for scaling.
    pub amount: Option<f64>,
    /// What to print: "4 servings", "4 bowls", "12 cookies".
    pub text: String,
}

/// Times in whole minutes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Times {
    pub prep: Option<u32>,
    pub cook: Option<u32>,
    pub rest: Option<u32>,
    pub total: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Fit {
    /// Fill the box, cropping what sticks out.
    #[default]
    Cover,
    /// Show the whole photo inside the box.
    Contain,
}

/// A photo the recipe refers to; it is loaded (and checked) when the recipe is laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoRef {
    /// The path as written in the file.
    pub written: String,
    /// Resolved against the recipe file's directory.
    pub path: PathBuf,
    pub alt: Option<String>,
    pub fit: Fit,
    pub span: Span,
    /// The image itself, for photos that came inside an imported file (a Paprika export)
    /// rather than from a file on disk; `path` is then the file it came from.
    pub data: Option<Arc<[u8]>>,
}

/// A list of ingredients, optionally under a sub-heading.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IngredientGroup {
    pub title: Option<String>,
    pub items: Vec<Ingredient>,
}

/// One ingredient line, split into its parts. `quantity` and `unit` are printed in the
/// right-aligned column, `item` after it, `note` muted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ingredient {
    /// As written: "500", "1½", "1–2", "¼".
    pub quantity: Option<String>,
    /// As written: "g", "tbsp", "TL", "cups".
    pub unit: Option<String>,
    pub item: String,
    pub note: Option<String>,
}

/// A list of steps, optionally under a sub-heading ("To serve").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StepGroup {
    pub title: Option<String>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Step {
    /// Printed in bold, running into the text.
    pub title: Option<String>,
    pub text: String,
}

/// A free section ("Why I love this recipe", "Perfect Pairings").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faq {
    pub question: String,
    pub answer: String,
}

impl Recipe {
    /// All ingredients across groups, in order.
    pub fn all_ingredients(&self) -> impl Iterator<Item = &Ingredient> {
        self.ingredients.iter().flat_map(|g| g.items.iter())
    }

    /// All steps across groups, in order.
    pub fn all_steps(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().flat_map(|g| g.steps.iter())
    }
}
