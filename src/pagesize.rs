//! Page and card sizes as users write them: `4x6`, `a6`, `letter`, `100x150mm`, `4x6in`.

use crate::units::{Abs, Size};

/// Named sizes, portrait (width ≤ height).
const NAMED: &[(&str, f64, f64, Unit)] = &[
    ("3x5", 3.0, 5.0, Unit::In),
    ("4x6", 4.0, 6.0, Unit::In),
    ("5x8", 5.0, 8.0, Unit::In),
    ("a7", 74.0, 105.0, Unit::Mm),
    ("a6", 105.0, 148.0, Unit::Mm),
    ("a5", 148.0, 210.0, Unit::Mm),
    ("a4", 210.0, 297.0, Unit::Mm),
    ("letter", 8.5, 11.0, Unit::In),
    ("legal", 8.5, 14.0, Unit::In),
];

/// The smallest and largest page side accepted: a business card to a poster.
const MIN_SIDE_IN: f64 = 2.0;
const MAX_SIDE_IN: f64 = 50.0;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    In,
    Mm,
    Cm,
    Pt,
}

impl Unit {
    fn to_abs(self, value: f64) -> Abs {
        match self {
            Unit::In => Abs::inches(value),
            Unit::Mm => Abs::mm(value),
            Unit::Cm => Abs::mm(value * 10.0),
            Unit::Pt => Abs::pt(value),
        }
    }
}

/// Parses a size; bare `WxH` numbers are inches (as index cards are sold).
/// The result keeps the order written; orientation is applied separately.
pub fn parse(text: &str) -> Result<Size, String> {
    let lower = text.trim().to_ascii_lowercase();
    if let Some(&(_, w, h, unit)) = NAMED.iter().find(|(name, ..)| *name == lower) {
        return Ok(Size::new(unit.to_abs(w), unit.to_abs(h)));
    }
    let (number_part, unit) = split_unit(&lower);
    let (w, h) = number_part
        .split_once('x')
        .and_then(|(w, h)| Some((w.trim().parse::<f64>().ok()?, h.trim().parse::<f64>().ok()?)))
        .ok_or_else(|| {
            format!("unknown size `{text}`; use 3x5, 4x6, 5x8, a7, a6, a5, a4, letter, or WxH with a unit (100x150mm, 4x6in)")
        })?;
    let size = Size::new(unit.to_abs(w), unit.to_abs(h));
    let (min, max) = (Abs::inches(MIN_SIDE_IN), Abs::inches(MAX_SIDE_IN));
    for side in [size.w, size.h] {
        if !side.is_finite() || side < min || side > max {
            return Err(format!(
                "size `{text}` is out of range: each side must be between {MIN_SIDE_IN} in and {MAX_SIDE_IN} in"
            ));
        }
    }
    Ok(size)
}

fn split_unit(text: &str) -> (&str, Unit) {
    for (suffix, unit) in [
        ("mm", Unit::Mm),
        ("cm", Unit::Cm),
        ("in", Unit::In),
        ("pt", Unit::Pt),
        ("\"", Unit::In),
    ] {
        if let Some(rest) = text.strip_suffix(suffix) {
            return (rest, unit);
        }
    }
    (text, Unit::In)
}

/// Turns `size` to the requested orientation (`true` = landscape).
pub fn orient(size: Size, landscape: bool) -> Size {
    if size.is_landscape() == landscape || size.w == size.h {
        size
    } else {
        size.transposed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(size: Size) -> (f64, f64) {
        (
            (size.w.to_pt() * 100.0).round() / 100.0,
            (size.h.to_pt() * 100.0).round() / 100.0,
        )
    }

    #[test]
    fn named_and_custom_sizes() {
        assert_eq!(pts(parse("4x6").unwrap()), (288.0, 432.0));
        assert_eq!(pts(parse("Letter").unwrap()), (612.0, 792.0));
        assert_eq!(pts(parse("a4").unwrap()), (595.28, 841.89));
        assert_eq!(pts(parse("100x150mm").unwrap()), (283.46, 425.2));
        assert_eq!(pts(parse("4x6in").unwrap()), (288.0, 432.0));
        assert_eq!(pts(orient(parse("4x6").unwrap(), true)), (432.0, 288.0));
    }

    #[test]
    fn rejects_nonsense() {
        assert!(parse("huge").unwrap_err().contains("unknown size `huge`"));
        assert!(parse("0x0").unwrap_err().contains("out of range"));
        assert!(parse("1e9x1e9mm").unwrap_err().contains("out of range"));
        assert!(parse("NaNxNaN").is_err());
    }
}
