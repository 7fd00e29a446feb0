//! Quantities as cooks write them: an amount ("500", "1½", "1 1/2", "1,5"), a range
//! ("1–2", "2 to 3"), or alternatives ("200/250 g": one amount or the other, never the
//! fraction 0.8). Scaling multiplies every amount of every alternative; printing keeps the
//! joiners and separators the cook wrote.

use super::duration;

/// A quantity as read: one number or a range, and how it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub low: f64,
    pub high: Option<f64>,
    /// What joined the range ("–", " to ", "-").
    pub joiner: String,
    /// Written with a decimal comma ("1,5").
    pub comma: bool,
}

/// What joins the two ends of a range.
const RANGE_JOINERS: &[&str] = &["–", "—", "-", "to", "bis", "à", "or"];

/// Reads "500", "1½", "1 1/2", "1,5", "1–2", "2 to 3"; `None` for "a", "some", "½ or so".
pub fn parse_amount(q: &str) -> Option<Amount> {
    let q = q.trim();
    let (low, rest) = duration::number(q)?;
    let comma = q[..q.len() - rest.len()].contains(',');
    if rest.trim().is_empty() {
        return Some(Amount {
            low,
            high: None,
            joiner: String::new(),
            comma,
        });
    }
    let trimmed = rest.trim_start();
    let joiner = RANGE_JOINERS.iter().find(|j| trimmed.starts_with(**j))?;
    let after = trimmed[joiner.len()..].trim_start();
    let (high, end) = duration::number(after)?;
    if !end.trim().is_empty() {
        return None;
    }
    let joiner = rest[..rest.len() - after.len()].to_string();
    Some(Amount {
        low,
        high: Some(high),
        joiner,
        comma: comma || after.contains(','),
    })
}

/// One quantity: its alternatives, and what separated them as written ("/", " or ").
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub alternatives: Vec<Amount>,
    pub separators: Vec<String>,
}

/// Denominators cooks write fractions with; "200/250" is no fraction but two amounts.
const DENOMINATORS: &[u32] = &[2, 3, 4, 5, 6, 8, 10, 12, 16, 32];

/// Whether `num/den` (digits as written) is a fraction rather than two alternatives.
pub fn is_fraction(num: &str, den: &str) -> bool {
    let (Ok(n), Ok(d)) = (num.parse::<u32>(), den.parse::<u32>()) else {
        return false;
    };
    DENOMINATORS.contains(&d) && n > 0 && n < d && (n < 10 || d >= 16)
}

/// Reads a quantity; `None` when any part is no amount ("a", "some", "½ or so").
pub fn parse(q: &str) -> Option<Quantity> {
    let mut alternatives = Vec::new();
    let mut separators = Vec::new();
    let mut rest = q.trim();
    while let Some(at) = alternative_slash(rest) {
        alternatives.push(parse_amount(&rest[..at])?);
        separators.push("/".to_string());
        rest = &rest[at + 1..];
    }
    alternatives.push(parse_amount(rest)?);
    Some(Quantity {
        alternatives,
        separators,
    })
}

/// The first `/` in `s` that separates two amounts rather than making a fraction.
fn alternative_slash(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    s.match_indices('/').map(|(i, _)| i).find(|&i| {
        let num_start = bytes[..i]
            .iter()
            .rposition(|b| !b.is_ascii_digit())
            .map_or(0, |p| p + 1);
        let den_len = bytes[i + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let (num, den) = (&s[num_start..i], &s[i + 1..i + 1 + den_len]);
        !num.is_empty() && !den.is_empty() && !is_fraction(num, den)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lows(q: &str) -> Vec<f64> {
        parse(q)
            .unwrap()
            .alternatives
            .iter()
            .map(|a| a.low)
            .collect()
    }

    #[test]
    fn alternatives_are_not_fractions() {
        assert_eq!(lows("200/250"), vec![200.0, 250.0]);
        assert_eq!(lows("10/12"), vec![10.0, 12.0]);
        assert_eq!(lows("1/2"), vec![0.5]);
        assert_eq!(lows("1 1/2"), vec![1.5]);
        assert_eq!(lows("3/4"), vec![0.75]);
        assert_eq!(lows("1,5/2"), vec![1.5, 2.0]);
    }

    #[test]
    fn ranges() {
        let a = &parse("2 to 3").unwrap().alternatives[0];
        assert_eq!((a.low, a.high, a.joiner.as_str()), (2.0, Some(3.0), " to "));
        assert!(parse("½ or so").is_none());
    }
}
