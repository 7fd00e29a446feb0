//! Scaling and unit conversion: pure functions from a [`Recipe`] to a recipe.
//!
//! Every ingredient quantity we can read ("500", "1½", "1 1/2", "1,5", "1–2") is multiplied,
//! then printed as a cook would write it: fractions (½ ¾ ⅓ ⅔ ¼ ⅛) for spoons, cups and
//! counts; decimals for grams and millilitres, which become kilograms and litres from 1000.
//! Units are converted between metric and US measures only where that is safe: volumes to
//! volumes and weights to weights (never cups to grams), spoons stay spoons, and counts
//! ("1 egg", "1 can") are left alone. Oven temperatures in step text are converted too.

use super::duration;
use super::model::{Ingredient, Recipe, Servings};
use crate::error::{Diagnostic, Span};

/// How to change a recipe before it is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Adjust {
    pub target: Option<Target>,
    pub units: Option<System>,
}

/// How much to make.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// Multiply every quantity.
    Factor(f64),
    /// Make this many servings (the recipe must say how many it serves).
    Servings(f64),
}

/// A system of measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    /// Grams, millilitres, °C.
    Metric,
    /// Ounces, pounds, cups, °F.
    Us,
}

impl Adjust {
    pub fn is_none(&self) -> bool {
        self.target.is_none() && self.units.is_none()
    }
}

/// Applies `adjust` to a copy of `recipe`. The only error: scaling to a number of servings
/// when the recipe does not say how many it serves.
pub fn apply(recipe: &Recipe, adjust: &Adjust) -> Result<Recipe, Diagnostic> {
    let mut r = recipe.clone();
    let factor = match adjust.target {
        None => 1.0,
        Some(Target::Factor(f)) => f,
        Some(Target::Servings(n)) => {
            let Some(amount) = r
                .servings
                .as_ref()
                .and_then(|s| s.amount)
                .filter(|a| *a > 0.0)
            else {
                return Err(Diagnostic::new(
                    &r.file,
                    Some(Span::start()),
                    format!(
                        "cannot scale to {} servings: the recipe does not say how many it serves",
                        plain_number(n)
                    ),
                )
                .with_help("add e.g. `servings: 4` to the recipe, or use `--scale 1.5` instead"));
            };
            n / amount
        }
    };
    if factor != 1.0 {
        scale(&mut r, factor);
    }
    if let Some(system) = adjust.units {
        to_system(&mut r, system);
    }
    Ok(r)
}

/// Multiplies every quantity by `factor`, and the servings with them.
pub fn scale(r: &mut Recipe, factor: f64) {
    if !(factor.is_finite() && factor > 0.0) {
        return;
    }
    let english = r.lang.starts_with("en");
    for group in &mut r.ingredients {
        for item in &mut group.items {
            *item = adjust_ingredient(item, factor, None, english);
        }
    }
    if let Some(s) = &mut r.servings {
        *s = scale_servings(s, factor);
    }
}

/// Converts ingredient units and step temperatures to `system`.
pub fn to_system(r: &mut Recipe, system: System) {
    let english = r.lang.starts_with("en");
    for group in &mut r.ingredients {
        for item in &mut group.items {
            *item = adjust_ingredient(item, 1.0, Some(system), english);
            if let Some(note) = &item.note {
                item.note = Some(convert_measure_text(note, system));
            }
        }
    }
    for group in &mut r.steps {
        for step in &mut group.steps {
            step.text = temperatures(&step.text, system);
        }
    }
    r.notes = r.notes.iter().map(|n| temperatures(n, system)).collect();
}

// ----- quantities -----------------------------------------------------------------------

use super::quantity::{self, Quantity};
pub use super::quantity::{parse_amount, Amount};

/// How a unit's quantities are printed, and what it converts to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Millilitres per unit; US measures print as fractions.
    Volume { ml: f64, metric: bool },
    /// Grams per unit.
    Weight { g: f64, metric: bool },
    /// Spoons: fractions, never converted.
    Spoon,
    /// Anything else (counts, cans, pinches, unknown words): fractions, never converted.
    Count,
}

/// Units by their written forms (lower case, without a trailing dot).
const UNITS: &[(&[&str], Kind)] = &[
    (
        &[
            "tsp",
            "tsps",
            "teaspoon",
            "teaspoons",
            "tl",
            "càc",
            "cc",
            "c. à café",
            "c. à c",
            "c. a c",
            "cuillère à café",
            "cuillères à café",
        ],
        Kind::Spoon,
    ),
    (
        &[
            "tbsp",
            "tbsps",
            "tbs",
            "tbl",
            "tablespoon",
            "tablespoons",
            "el",
            "càs",
            "cs",
            "c. à soupe",
            "c. à s",
            "c. a s",
            "cuillère à soupe",
            "cuillères à soupe",
        ],
        Kind::Spoon,
    ),
    (
        &["cup", "cups", "c"],
        Kind::Volume {
            ml: 236.588,
            metric: false,
        },
    ),
    (
        &["fl oz", "fl. oz", "fluid ounce", "fluid ounces"],
        Kind::Volume {
            ml: 29.5735,
            metric: false,
        },
    ),
    (
        &["pint", "pints", "pt"],
        Kind::Volume {
            ml: 473.176,
            metric: false,
        },
    ),
    (
        &["quart", "quarts", "qt"],
        Kind::Volume {
            ml: 946.353,
            metric: false,
        },
    ),
    (
        &["gallon", "gallons", "gal"],
        Kind::Volume {
            ml: 3785.41,
            metric: false,
        },
    ),
    (
        &[
            "ml",
            "milliliter",
            "milliliters",
            "millilitre",
            "millilitres",
        ],
        Kind::Volume {
            ml: 1.0,
            metric: true,
        },
    ),
    (
        &["cl"],
        Kind::Volume {
            ml: 10.0,
            metric: true,
        },
    ),
    (
        &["dl"],
        Kind::Volume {
            ml: 100.0,
            metric: true,
        },
    ),
    (
        &["l", "liter", "liters", "litre", "litres"],
        Kind::Volume {
            ml: 1000.0,
            metric: true,
        },
    ),
    (
        &["oz", "ounce", "ounces"],
        Kind::Weight {
            g: 28.3495,
            metric: false,
        },
    ),
    (
        &["lb", "lbs", "pound", "pounds"],
        Kind::Weight {
            g: 453.592,
            metric: false,
        },
    ),
    (
        &["g", "gram", "grams", "gramme", "grammes"],
        Kind::Weight {
            g: 1.0,
            metric: true,
        },
    ),
    (
        &["kg", "kilogram", "kilograms"],
        Kind::Weight {
            g: 1000.0,
            metric: true,
        },
    ),
    (
        &["mg"],
        Kind::Weight {
            g: 0.001,
            metric: true,
        },
    ),
];

/// English unit words whose number changes with the quantity.
const PLURALS: &[(&str, &str)] = &[
    ("cup", "cups"),
    ("teaspoon", "teaspoons"),
    ("tablespoon", "tablespoons"),
    ("ounce", "ounces"),
    ("fluid ounce", "fluid ounces"),
    ("pound", "pounds"),
    ("pint", "pints"),
    ("quart", "quarts"),
    ("gallon", "gallons"),
    ("gram", "grams"),
    ("kilogram", "kilograms"),
    ("litre", "litres"),
    ("liter", "liters"),
    ("clove", "cloves"),
    ("can", "cans"),
    ("tin", "tins"),
    ("jar", "jars"),
    ("pinch", "pinches"),
    ("dash", "dashes"),
    ("slice", "slices"),
    ("stick", "sticks"),
    ("sprig", "sprigs"),
    ("bunch", "bunches"),
    ("handful", "handfuls"),
    ("head", "heads"),
    ("piece", "pieces"),
    ("package", "packages"),
    ("packet", "packets"),
    ("drop", "drops"),
];

fn kind_of(unit: Option<&str>) -> Kind {
    let Some(unit) = unit else { return Kind::Count };
    match unit {
        "T" => return Kind::Spoon,
        "t" => return Kind::Spoon,
        _ => {}
    }
    let key = unit.trim().trim_end_matches('.').to_lowercase();
    UNITS
        .iter()
        .find(|(names, _)| names.contains(&key.as_str()))
        .map_or(Kind::Count, |(_, k)| *k)
}

/// Scales (by `factor`) and converts (to `system`) one ingredient. Every amount the line
/// holds is scaled: each alternative ("200/250 g"), and a second measure the cook added
/// ("1 1/2 cups plus 3 tablespoons"). Units and items are inflected only in English; in any
/// other language the words are printed as the cook wrote them.
pub fn adjust_ingredient(
    i: &Ingredient,
    factor: f64,
    system: Option<System>,
    english: bool,
) -> Ingredient {
    let Some(q) = i.quantity.as_deref().and_then(quantity::parse) else {
        return i.clone();
    };
    let mut out = match q.alternatives.as_slice() {
        [amount] => adjust_amount(i, amount, factor, system, english),
        _ => adjust_alternatives(i, &q, factor, system, english),
    };
    if factor != 1.0 {
        out.item = adjust_added_measure(&out.item, factor, english);
    }
    out
}

/// One amount or range, scaled and converted.
fn adjust_amount(
    i: &Ingredient,
    amount: &Amount,
    factor: f64,
    system: Option<System>,
    english: bool,
) -> Ingredient {
    let kind = kind_of(i.unit.as_deref());
    let (low, high) = (amount.low * factor, amount.high.map(|h| h * factor));
    let mut out = i.clone();
    let target = convert_values(kind, system, low, high);
    let converted = target.is_some();
    let (values, unit, style) = match target {
        Some((lo, hi, unit, style)) => ((lo, hi), Some(unit.to_string()), style),
        None => {
            let style = style_of(kind);
            match (kind, factor != 1.0) {
                // Metric amounts move between g and kg, ml and l as they grow or shrink.
                (Kind::Weight { g, metric: true }, true) => {
                    metric_pair(low * g, high.map(|h| h * g), "g", "kg", i.unit.as_deref())
                }
                (Kind::Volume { ml, metric: true }, true) => {
                    metric_pair(low * ml, high.map(|h| h * ml), "ml", "l", i.unit.as_deref())
                }
                _ => ((low, high), i.unit.clone(), style),
            }
        }
    };
    if factor == 1.0 && !converted {
        return out;
    }
    let shown = format_amount(values.0, values.1, amount, style);
    // Singular or plural goes by the number as printed ("1 cup", not "1 cups" for 1.05).
    let biggest =
        parse_amount(&shown).map_or(values.1.unwrap_or(values.0), |a| a.high.unwrap_or(a.low));
    out.quantity = Some(shown);
    out.unit = unit.map(|u| {
        if english {
            inflect_unit(&u, biggest)
        } else {
            u
        }
    });
    if english && i.unit.is_none() {
        let before = amount.high.unwrap_or(amount.low);
        out.item = inflect_item(&i.item, before, biggest);
    }
    out
}

/// Alternatives ("200/250 g"): each amount scaled and converted alike, in the unit written
/// or the one converted to; metric units do not change size, so that both stay comparable.
fn adjust_alternatives(
    i: &Ingredient,
    q: &Quantity,
    factor: f64,
    system: Option<System>,
    english: bool,
) -> Ingredient {
    let kind = kind_of(i.unit.as_deref());
    let mut unit = i.unit.clone();
    let mut converted = false;
    let mut biggest = 0.0_f64;
    let mut shown = String::new();
    for (n, amount) in q.alternatives.iter().enumerate() {
        let (low, high) = (amount.low * factor, amount.high.map(|h| h * factor));
        let text = match convert_values(kind, system, low, high) {
            Some((lo, hi, to, style)) => {
                converted = true;
                unit = Some(to.to_string());
                biggest = biggest.max(hi.unwrap_or(lo));
                format_amount(lo, hi, amount, style)
            }
            None => {
                biggest = biggest.max(high.unwrap_or(low));
                format_amount(low, high, amount, style_of(kind))
            }
        };
        if n > 0 {
            shown.push_str(&q.separators[n - 1]);
        }
        shown.push_str(&text);
    }
    if factor == 1.0 && !converted {
        return i.clone();
    }
    Ingredient {
        quantity: Some(shown),
        unit: unit.map(|u| {
            if english {
                inflect_unit(&u, biggest)
            } else {
                u
            }
        }),
        ..i.clone()
    }
}

/// Words that add a second measure to the first: "1 cup plus 2 tablespoons".
const ADDED_MEASURE: &[&str] = &["plus ", "+ ", "and "];

/// The item with the measure it starts with scaled too, when it starts with "plus 3 tbsp".
fn adjust_added_measure(item: &str, factor: f64, english: bool) -> String {
    let Some(word) = ADDED_MEASURE.iter().find(|w| {
        item.len() > w.len()
            && item
                .get(..w.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(w))
    }) else {
        return item.to_string();
    };
    let rest = &item[word.len()..];
    let added = super::ingredient::split(rest);
    if added.quantity.is_none() || added.unit.is_none() {
        return item.to_string();
    }
    let scaled = adjust_ingredient(&added, factor, None, english);
    let words = [scaled.quantity, scaled.unit, Some(scaled.item)];
    let mut text = item[..word.len()].to_string();
    text.push_str(&words.into_iter().flatten().collect::<Vec<_>>().join(" "));
    if let Some(note) = scaled.note {
        text.push_str(&format!(" ({note})"));
    }
    text
}

/// How amounts of a kind print when they are not converted.
fn style_of(kind: Kind) -> Style {
    match kind {
        Kind::Volume { metric: true, .. } | Kind::Weight { metric: true, .. } => Style::Decimal,
        _ => Style::Fraction,
    }
}

type Values = (f64, Option<f64>);

/// The amount in `system`, with its unit and print style, when the unit converts.
fn convert_values(
    kind: Kind,
    system: Option<System>,
    lo: f64,
    hi: Option<f64>,
) -> Option<(f64, Option<f64>, &'static str, Style)> {
    let (lo, hi, unit, style) = match (kind, system?) {
        (Kind::Volume { ml, metric: false }, System::Metric) => {
            let (a, b, u) = metric_values(lo * ml, hi.map(|h| h * ml), "ml", "l");
            (a, b, u, Style::Decimal)
        }
        (Kind::Weight { g, metric: false }, System::Metric) => {
            let (a, b, u) = metric_values(lo * g, hi.map(|h| h * g), "g", "kg");
            (a, b, u, Style::Decimal)
        }
        (Kind::Volume { ml, metric: true }, System::Us) => {
            let (a, b, u) = us_volume(lo * ml, hi.map(|h| h * ml));
            (a, b, u, Style::Fraction)
        }
        (Kind::Weight { g, metric: true }, System::Us) if g >= 1.0 => {
            let (a, b, u) = us_weight(lo * g, hi.map(|h| h * g));
            (a, b, u, Style::Fraction)
        }
        _ => return None,
    };
    Some((lo, hi, unit, style))
}

/// Grams (or ml) into g/kg (ml/l): the larger unit from 1000.
fn metric_values(
    lo: f64,
    hi: Option<f64>,
    small: &'static str,
    large: &'static str,
) -> (f64, Option<f64>, &'static str) {
    if hi.unwrap_or(lo) >= 1000.0 && lo >= 1000.0 {
        (lo / 1000.0, hi.map(|h| h / 1000.0), large)
    } else {
        (lo, hi, small)
    }
}

fn metric_pair(
    lo: f64,
    hi: Option<f64>,
    small: &'static str,
    large: &'static str,
    written: Option<&str>,
) -> (Values, Option<String>, Style) {
    let (lo2, hi2, unit) = metric_values(lo, hi, small, large);
    // Keep the spelling as written when the unit does not change ("grams" stays "grams").
    let same = written.is_some_and(|w| kind_of(Some(w)) == kind_of(Some(unit)));
    let unit = if same {
        written.map(str::to_string)
    } else {
        Some(unit.to_string())
    };
    ((lo2, hi2), unit, Style::Decimal)
}

/// Millilitres as US measures: teaspoons, tablespoons, then cups.
fn us_volume(lo: f64, hi: Option<f64>) -> (f64, Option<f64>, &'static str) {
    let top = hi.unwrap_or(lo);
    if top < 14.0 {
        (lo / 4.92892, hi.map(|h| h / 4.92892), "tsp")
    } else if top < 59.0 {
        (lo / 14.7868, hi.map(|h| h / 14.7868), "tbsp")
    } else {
        (lo / 236.588, hi.map(|h| h / 236.588), "cups")
    }
}

/// Grams as ounces, or pounds from one pound, to the nearest quarter.
fn us_weight(lo: f64, hi: Option<f64>) -> (f64, Option<f64>, &'static str) {
    let quarter = |v: f64| ((v * 4.0).round() / 4.0).max(0.25);
    if lo >= 450.0 {
        (
            quarter(lo / 453.592),
            hi.map(|h| quarter(h / 453.592)),
            "lb",
        )
    } else {
        (
            quarter(lo / 28.3495),
            hi.map(|h| quarter(h / 28.3495)),
            "oz",
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    Fraction,
    Decimal,
}

fn format_amount(low: f64, high: Option<f64>, written: &Amount, style: Style) -> String {
    let one = |v: f64| match style {
        Style::Fraction => fraction(v),
        Style::Decimal => decimal(v, written.comma),
    };
    match high {
        Some(h) => {
            let joiner = if written.joiner.is_empty() {
                "–"
            } else {
                &written.joiner
            };
            format!("{}{joiner}{}", one(low), one(h))
        }
        None => one(low),
    }
}

/// The nicest fraction near `v`: "½", "1¼", "2⅔"; whole numbers from 10 up in halves,
/// from 20 up whole.
pub fn fraction(v: f64) -> String {
    if v <= 0.0 || !v.is_finite() {
        return plain_number(v.max(0.0));
    }
    const PARTS: &[(f64, &str)] = &[
        (0.0, ""),
        (0.125, "⅛"),
        (0.25, "¼"),
        (1.0 / 3.0, "⅓"),
        (0.5, "½"),
        (2.0 / 3.0, "⅔"),
        (0.75, "¾"),
        (1.0, ""),
    ];
    if v >= 20.0 {
        return format!("{}", v.round() as i64);
    }
    let whole = v.floor();
    let frac = v - whole;
    let parts: Vec<&(f64, &str)> = if v >= 10.0 {
        PARTS
            .iter()
            .filter(|(f, _)| [0.0, 0.5, 1.0].contains(f))
            .collect()
    } else {
        PARTS.iter().collect()
    };
    let (f, glyph) = parts
        .iter()
        .min_by(|a, b| (a.0 - frac).abs().total_cmp(&(b.0 - frac).abs()))
        .copied()
        .copied()
        .unwrap_or((0.0, ""));
    let whole = whole as i64 + i64::from(f == 1.0);
    match (whole, glyph) {
        // Never round a real amount down to nothing.
        (0, "") => "⅛".into(),
        (0, g) => g.into(),
        (w, g) => format!("{w}{g}"),
    }
}

/// A metric amount: two decimals under 1 (0.25 l), one under 10 (7.5 g, 1.5 kg), whole
/// numbers under 100, then steps of 5.
pub fn decimal(v: f64, comma: bool) -> String {
    let rounded = if v < 10.0 {
        (v * 100.0).round() / 100.0
    } else if v < 100.0 {
        v.round()
    } else {
        (v / 5.0).round() * 5.0
    };
    let rounded = if v < 1.0 {
        (rounded * 100.0).round() / 100.0
    } else if v < 10.0 {
        (rounded * 10.0).round() / 10.0
    } else {
        rounded
    };
    let text = plain_number(rounded);
    if comma {
        text.replace('.', ",")
    } else {
        text
    }
}

fn plain_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn inflect_unit(unit: &str, amount: f64) -> String {
    let lower = unit.to_lowercase();
    for (one, many) in PLURALS {
        if lower == *one || lower == *many {
            return if amount > 1.0 { many } else { one }.to_string();
        }
    }
    unit.to_string()
}

/// "egg" ↔ "eggs" when a count crosses one (English only, last word of the item).
fn inflect_item(item: &str, before: f64, after: f64) -> String {
    // Only short names: in "small handful parsley or coriander" the last word is not the
    // thing being counted.
    let words = item.split_whitespace().count();
    let joined = [" or ", " and ", " of ", " with ", " for "]
        .iter()
        .any(|w| item.contains(w));
    if words > 3 || joined {
        return item.to_string();
    }
    let (head, last) = match item.rsplit_once(' ') {
        Some((h, l)) => (format!("{h} "), l),
        None => (String::new(), item),
    };
    if last.is_empty() || !last.chars().all(char::is_alphabetic) || !last.is_ascii() {
        return item.to_string();
    }
    let new = if before <= 1.0 && after > 1.0 {
        plural(last)
    } else if before > 1.0 && after <= 1.0 {
        singular(last)
    } else {
        return item.to_string();
    };
    format!("{head}{new}")
}

fn plural(w: &str) -> String {
    let lower = w.to_lowercase();
    if lower.ends_with('s') {
        return w.to_string();
    }
    if ["x", "z", "ch", "sh"].iter().any(|e| lower.ends_with(e))
        || lower.ends_with("to") && lower.len() > 4
    {
        return format!("{w}es");
    }
    if lower.ends_with('y') && !lower.ends_with(['a', 'e', 'o', 'u']) && lower.len() > 2 {
        let stem = &w[..w.len() - 1];
        if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    format!("{w}s")
}

fn singular(w: &str) -> String {
    let lower = w.to_lowercase();
    if lower.ends_with("ies") && lower.len() > 4 {
        return format!("{}y", &w[..w.len() - 3]);
    }
    if lower.ends_with("oes")
        || ["ches", "shes", "xes", "zes", "sses"]
            .iter()
            .any(|e| lower.ends_with(e))
    {
        return w[..w.len() - 2].to_string();
    }
    if lower.ends_with('s') && !lower.ends_with("ss") && lower.len() > 2 {
        return w[..w.len() - 1].to_string();
    }
    w.to_string()
}

// ----- servings ---------------------------------------------------------------------------

fn scale_servings(s: &Servings, factor: f64) -> Servings {
    let Some(amount) = s.amount else {
        return s.clone();
    };
    let new = amount * factor;
    let shown = if new.fract().abs() < 0.01 || new >= 20.0 {
        format!("{}", new.round() as i64)
    } else {
        fraction(new)
    };
    let standard =
        s.text == "1 serving" || s.text.ends_with(" servings") && s.text.split(' ').count() == 2;
    let text = if standard {
        if shown == "1" {
            "1 serving".to_string()
        } else {
            format!("{shown} servings")
        }
    } else {
        replace_first_number(&s.text, &shown)
    };
    Servings {
        amount: Some(new),
        text,
    }
}

fn replace_first_number(text: &str, new: &str) -> String {
    for (i, c) in text.char_indices() {
        if c.is_ascii_digit() || "½⅓⅔¼¾⅛".contains(c) {
            if let Some((_, rest)) = duration::number(&text[i..]) {
                return format!("{}{new}{rest}", &text[..i]);
            }
        }
    }
    text.to_string()
}

// ----- text -------------------------------------------------------------------------------

/// A note that is just a measure ("14 oz") in the other system ("400 g").
fn convert_measure_text(note: &str, system: System) -> String {
    let Some((q, rest)) = super::ingredient::quantity(note) else {
        return note.to_string();
    };
    let Some((unit, after)) = super::ingredient::unit(rest) else {
        return note.to_string();
    };
    if !after.trim().is_empty() {
        return note.to_string();
    }
    let ing = Ingredient {
        quantity: Some(q.to_string()),
        unit: Some(unit.to_string()),
        item: String::new(),
        note: None,
    };
    let out = adjust_ingredient(&ing, 1.0, Some(system), false);
    match (out.quantity, out.unit) {
        (Some(q), Some(u)) => format!("{q} {u}"),
        _ => note.to_string(),
    }
}

/// Converts temperatures in text: "350 °F" → "175 °C", "180°C" → "350°F",
/// "375 degrees F" → "190 °C"; ranges "350–375 °F" too.
pub fn temperatures(text: &str, system: System) -> String {
    let (from_marks, to_mark): (&[&str], &str) = match system {
        System::Metric => (
            &[
                "°F",
                "° F",
                "ºF",
                "º F",
                "˚F",
                " degrees Fahrenheit",
                " degrees F",
                "F°",
            ],
            "°C",
        ),
        System::Us => (
            &[
                "°C",
                "° C",
                "ºC",
                "º C",
                "˚C",
                " degrees Celsius",
                " degrees C",
                "C°",
            ],
            "°F",
        ),
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let at_number = bytes[i].is_ascii_digit()
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.'));
        if at_number {
            if let Some((len, replaced)) = temperature_at(&text[i..], from_marks, to_mark, system) {
                out.push_str(&replaced);
                i += len;
                continue;
            }
        }
        let c = text[i..].chars().next().expect("in bounds");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

fn temperature_at(
    s: &str,
    marks: &[&str],
    to_mark: &str,
    system: System,
) -> Option<(usize, String)> {
    let digits = |t: &str| t.bytes().take_while(u8::is_ascii_digit).count();
    let n1 = digits(s);
    let low: f64 = s[..n1].parse().ok()?;
    let mut end = n1;
    let mut high = None;
    let mut joiner = "";
    for j in ["–", "-", " – ", " - ", " to "] {
        if let Some(rest) = s[end..].strip_prefix(j) {
            let n2 = digits(rest);
            if n2 > 0 {
                high = Some((rest[..n2].parse::<f64>().ok()?, n2));
                joiner = j;
                break;
            }
        }
    }
    if let Some((_, n2)) = high {
        end += joiner.len() + n2;
    }
    let after = &s[end..];
    let (space, after_space) = match after
        .strip_prefix(' ')
        .or_else(|| after.strip_prefix('\u{a0}'))
    {
        Some(rest) => (after[..after.len() - rest.len()].to_string(), rest),
        None => (String::new(), after),
    };
    let mark = marks.iter().find(|m| {
        let m = m.trim_start();
        after_space.starts_with(m)
            && !after_space[m.len()..].starts_with(|c: char| c.is_alphanumeric())
    })?;
    let mark = mark.trim_start();
    let convert = |v: f64| match system {
        System::Metric => {
            let c = (v - 32.0) * 5.0 / 9.0;
            if c >= 100.0 {
                (c / 5.0).round() * 5.0
            } else {
                c.round()
            }
        }
        System::Us => {
            let f = v * 9.0 / 5.0 + 32.0;
            if f >= 250.0 {
                (f / 25.0).round() * 25.0
            } else {
                f.round()
            }
        }
    };
    let mut text = plain_number(convert(low));
    if let Some((h, _)) = high {
        text.push_str(joiner);
        text.push_str(&plain_number(convert(h)));
    }
    // "350 degrees F" reads best as "175 °C".
    let space = if mark.starts_with("degrees") && space.is_empty() {
        " ".to_string()
    } else {
        space
    };
    text.push_str(&space);
    text.push_str(to_mark);
    Some((end + (after.len() - after_space.len()) + mark.len(), text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe::ingredient::split;

    fn scaled(line: &str, factor: f64) -> String {
        show(&adjust_ingredient(&split(line), factor, None, true))
    }

    fn converted(line: &str, system: System) -> String {
        show(&adjust_ingredient(&split(line), 1.0, Some(system), true))
    }

    fn show(i: &Ingredient) -> String {
        crate::import::emit::ingredient_line(i)
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("1½").map(|a| a.low), Some(1.5));
        assert_eq!(parse_amount("1 1/2").map(|a| a.low), Some(1.5));
        assert_eq!(
            parse_amount("1,5").map(|a| (a.low, a.comma)),
            Some((1.5, true))
        );
        let r = parse_amount("1–2").unwrap();
        assert_eq!((r.low, r.high, r.joiner.as_str()), (1.0, Some(2.0), "–"));
        let r = parse_amount("2 to 3").unwrap();
        assert_eq!((r.low, r.high, r.joiner.as_str()), (2.0, Some(3.0), " to "));
        assert_eq!(parse_amount("a"), None);
        assert_eq!(parse_amount("some"), None);
    }

    #[test]
    fn fractions() {
        assert_eq!(fraction(0.5), "½");
        assert_eq!(fraction(0.75), "¾");
        assert_eq!(fraction(1.0 / 3.0), "⅓");
        assert_eq!(fraction(0.66), "⅔");
        assert_eq!(fraction(1.25), "1¼");
        assert_eq!(fraction(0.125), "⅛");
        assert_eq!(fraction(0.01), "⅛");
        assert_eq!(fraction(3.0), "3");
        assert_eq!(fraction(2.98), "3");
        assert_eq!(fraction(12.4), "12½");
        assert_eq!(fraction(22.4), "22");
    }

    #[test]
    fn decimals() {
        assert_eq!(decimal(7.5, false), "7.5");
        assert_eq!(decimal(7.5, true), "7,5");
        assert_eq!(decimal(33.3, false), "33");
        assert_eq!(decimal(333.3, false), "335");
        assert_eq!(decimal(0.25, false), "0.25");
        assert_eq!(decimal(1.25, false), "1.3");
    }

    #[test]
    fn scaling_ingredients() {
        assert_eq!(scaled("2 tbsp olive oil", 1.5), "3 tbsp olive oil");
        assert_eq!(scaled("½ tsp chilli flakes", 0.5), "¼ tsp chilli flakes");
        assert_eq!(scaled("1 cup milk", 2.0), "2 cups milk");
        assert_eq!(scaled("2 cups milk", 0.5), "1 cup milk");
        assert_eq!(scaled("1 1/2 cups flour", 2.0), "3 cups flour");
        assert_eq!(scaled("1/3 cup sugar", 2.0), "⅔ cup sugar");
        assert_eq!(
            scaled("400 g tinned tomatoes", 1.5),
            "600 g tinned tomatoes"
        );
        assert_eq!(scaled("500 g flour", 2.0), "1 kg flour");
        assert_eq!(scaled("750 ml stock", 2.0), "1.5 l stock");
        assert_eq!(scaled("1 kg potatoes", 0.5), "500 g potatoes");
        assert_eq!(scaled("1,5 kg Mehl", 2.0), "3 kg Mehl");
        assert_eq!(scaled("30 g feta, crumbled", 1.5), "45 g feta, crumbled");
        assert_eq!(scaled("1–2 red chilies", 2.0), "2–4 red chilies");
        assert_eq!(scaled("2 to 3 cups stock", 2.0), "4 to 6 cups stock");
        assert_eq!(scaled("4 eggs", 0.75), "3 eggs");
        assert_eq!(scaled("3 eggs", 0.5), "1½ eggs");
        assert_eq!(
            scaled("1 onion, thinly sliced", 2.0),
            "2 onions, thinly sliced"
        );
        assert_eq!(scaled("2 tomatoes", 0.5), "1 tomato");
        assert_eq!(scaled("1 cherry", 3.0), "3 cherries");
        assert_eq!(
            scaled("1 small handful parsley or coriander", 1.5),
            "1½ small handful parsley or coriander"
        );
        assert_eq!(scaled("a pinch of salt", 3.0), "a pinch of salt");
        assert_eq!(
            scaled("salt and pepper to taste", 3.0),
            "salt and pepper to taste"
        );
        assert_eq!(
            scaled("2 cloves garlic, crushed", 1.5),
            "3 cloves garlic, crushed"
        );
        assert_eq!(scaled("1 clove garlic", 2.0), "2 cloves garlic");
        assert_eq!(
            scaled("1 (14 oz) can coconut milk", 2.0),
            "2 cans coconut milk (14 oz)".replace(" (14 oz)", ", 14 oz")
        );
    }

    #[test]
    fn converting_units() {
        assert_eq!(converted("1 cup milk", System::Metric), "235 ml milk");
        assert_eq!(converted("2 lb potatoes", System::Metric), "905 g potatoes");
        assert_eq!(converted("3 lb beef", System::Metric), "1.4 kg beef");
        assert_eq!(converted("8 oz cheese", System::Metric), "225 g cheese");
        assert_eq!(converted("2 tbsp oil", System::Metric), "2 tbsp oil");
        assert_eq!(converted("1 egg", System::Metric), "1 egg");
        assert_eq!(
            converted("1 can tomatoes", System::Metric),
            "1 can tomatoes"
        );
        assert_eq!(converted("250 ml milk", System::Us), "1 cup milk");
        assert_eq!(
            converted("30 ml lemon juice", System::Us),
            "2 tbsp lemon juice"
        );
        assert_eq!(converted("5 ml vanilla", System::Us), "1 tsp vanilla");
        assert_eq!(converted("450 g flour", System::Us), "1 lb flour");
        assert_eq!(converted("100 g butter", System::Us), "3½ oz butter");
        assert_eq!(converted("1 kg potatoes", System::Us), "2¼ lb potatoes");
        assert_eq!(converted("2 EL Öl", System::Us), "2 EL Öl");
    }

    #[test]
    fn temperatures_in_text() {
        assert_eq!(
            temperatures("Heat the oven to 350 °F.", System::Metric),
            "Heat the oven to 175 °C."
        );
        assert_eq!(
            temperatures("Bake at 425°F for 20 min", System::Metric),
            "Bake at 220°C for 20 min"
        );
        assert_eq!(
            temperatures("Roast at 375 degrees F.", System::Metric),
            "Roast at 190 °C."
        );
        assert_eq!(temperatures("Bake at 180 °C", System::Us), "Bake at 350 °F");
        assert_eq!(temperatures("Warm to 60°C", System::Us), "Warm to 140°F");
        assert_eq!(temperatures("350–375 °F", System::Metric), "175–190 °C");
        assert_eq!(
            temperatures("Use 2 Fresh eggs at 20 °C", System::Metric),
            "Use 2 Fresh eggs at 20 °C"
        );
        assert_eq!(
            temperatures("Bake at 180 °C", System::Metric),
            "Bake at 180 °C"
        );
    }

    #[test]
    fn servings_follow() {
        let s = Servings {
            amount: Some(4.0),
            text: "4 servings".into(),
        };
        assert_eq!(scale_servings(&s, 1.5).text, "6 servings");
        let s = Servings {
            amount: Some(12.0),
            text: "12 cookies".into(),
        };
        assert_eq!(scale_servings(&s, 2.0).text, "24 cookies");
        let s = Servings {
            amount: Some(2.0),
            text: "2 servings".into(),
        };
        assert_eq!(scale_servings(&s, 0.5).text, "1 serving");
    }

    #[test]
    fn servings_target_needs_servings() {
        let r = Recipe {
            title: "X".into(),
            file: "x.yaml".into(),
            ..Recipe::default()
        };
        let e = apply(
            &r,
            &Adjust {
                target: Some(Target::Servings(6.0)),
                units: None,
            },
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "cannot scale to 6 servings: the recipe does not say how many it serves"
        );
    }
}
