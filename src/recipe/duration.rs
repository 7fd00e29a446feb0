//! Durations as people write them in recipes, to whole minutes:
//! "10 min", "1 h 20 min", "1h20", "1½ hours", "1:20", "PT1H20M", "90" (minutes).

/// Unit words by how many minutes they are worth; matched case-insensitively, with an
/// optional trailing dot ("Std.", "Min.").
const UNITS: &[(&[&str], f64)] = &[
    (
        &["d", "day", "days", "tag", "tage", "jour", "jours"],
        1440.0,
    ),
    (
        &[
            "h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden", "heure", "heures",
        ],
        60.0,
    ),
    (
        &[
            "m", "min", "mins", "minute", "minutes", "minuten", "mn", "phút",
        ],
        1.0,
    ),
    (
        &["s", "sec", "secs", "second", "seconds", "sekunden"],
        1.0 / 60.0,
    ),
];

/// Words that may join parts: "1 hour and 20 minutes".
const FILLERS: &[&str] = &["and", "und", "et", "+", ","];

/// The help shown when a duration cannot be read.
pub(crate) const EXAMPLES: &str =
    "write e.g. `15 min`, `1 h 20 min`, `1½ hours`, `PT1H20M`, or a number of minutes";

/// Minutes in `text`, or `None` if it is not a duration we understand.
pub fn parse_minutes(text: &str) -> Option<u32> {
    let text = text.trim().to_lowercase();
    if text.is_empty() {
        return None;
    }
    let minutes = iso8601(&text)
        .or_else(|| clock(&text))
        .or_else(|| spoken(&text))?;
    round(minutes)
}

/// Whole minutes from a non-negative number of minutes (seconds round to the nearest minute).
pub fn round(minutes: f64) -> Option<u32> {
    (minutes.is_finite() && minutes >= 0.0 && minutes < f64::from(u32::MAX))
        .then(|| minutes.round() as u32)
}

/// ISO 8601 durations as used by schema.org: "PT1H20M", "P1DT2H", "PT90M", "PT30S".
fn iso8601(text: &str) -> Option<f64> {
    let rest = text.strip_prefix('p')?;
    let (days, time) = match rest.split_once('t') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut total = 0.0;
    let mut any = false;
    for (part, units) in [
        (days, &[('d', 1440.0)][..]),
        (time, &[('h', 60.0), ('m', 1.0), ('s', 1.0 / 60.0)][..]),
    ] {
        let mut rest = part;
        for &(letter, factor) in units {
            if let Some((n, after)) = rest.split_once(letter) {
                total += n.parse::<f64>().ok()? * factor;
                rest = after;
                any = true;
            }
        }
        if !rest.is_empty() {
            return None;
        }
    }
    any.then_some(total)
}

/// "1:20" (hours and minutes).
fn clock(text: &str) -> Option<f64> {
    let (h, m) = text.split_once(':')?;
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(h) || !all_digits(m) || m.len() != 2 {
        return None;
    }
    Some(h.parse::<f64>().ok()? * 60.0 + m.parse::<f64>().ok()?)
}

/// "1 h 20 min", "1h20", "1½ hours", "90", "1 hour and 20 minutes".
fn spoken(text: &str) -> Option<f64> {
    let mut rest = text;
    let mut total = 0.0;
    let mut parts = 0;
    let mut last_factor = None;
    loop {
        rest = skip_fillers(rest);
        if rest.is_empty() {
            break;
        }
        let (value, after) = number(rest)?;
        let after = after.trim_start();
        let (factor, after) = match unit(after) {
            Some((factor, after)) => (factor, after),
            // A bare number: minutes after hours ("1h20"), or minutes when it stands alone.
            None if last_factor == Some(60.0) => (1.0, after),
            None if parts == 0 && skip_fillers(after).is_empty() => (1.0, after),
            None => return None,
        };
        total += value * factor;
        last_factor = Some(factor);
        parts += 1;
        rest = after;
    }
    (parts > 0).then_some(total)
}

fn skip_fillers(mut s: &str) -> &str {
    loop {
        s = s.trim_start();
        match FILLERS.iter().find(|f| s.starts_with(**f)) {
            Some(f) => s = &s[f.len()..],
            None => return s,
        }
    }
}

/// A unit word at the start of `s` and the minutes it is worth.
fn unit(s: &str) -> Option<(f64, &str)> {
    let len = s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len());
    let word = &s[..len];
    let (_, factor) = UNITS.iter().find(|(words, _)| words.contains(&word))?;
    let after = &s[len..];
    Some((*factor, after.strip_prefix('.').unwrap_or(after)))
}

/// A number at the start of `s`: "20", "1.5", "1,5", "½", "1½", "1 1/2", "3/4".
pub(crate) fn number(s: &str) -> Option<(f64, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        let c = s.chars().next()?;
        return vulgar(c).map(|v| (v, &s[c.len_utf8()..]));
    }
    let whole: f64 = s[..digits].parse().ok()?;
    let rest = &s[digits..];
    if let Some((frac, after)) = slash_fraction(rest) {
        return Some((whole / frac, after));
    }
    if let Some(c) = rest.chars().next().filter(|&c| vulgar(c).is_some()) {
        return Some((whole + vulgar(c)?, &rest[c.len_utf8()..]));
    }
    if let Some(dec) = rest
        .strip_prefix(['.', ','])
        .filter(|d| d.starts_with(|c: char| c.is_ascii_digit()))
    {
        let n = dec.bytes().take_while(u8::is_ascii_digit).count();
        let value: f64 = format!("{whole}.{}", &dec[..n]).parse().ok()?;
        return Some((value, &dec[n..]));
    }
    if let Some(mixed) = rest.strip_prefix(' ') {
        if let Some((value, after)) = mixed_fraction(mixed) {
            return Some((whole + value, after));
        }
    }
    Some((whole, rest))
}

/// "/2" → the denominator.
fn slash_fraction(s: &str) -> Option<(f64, &str)> {
    let rest = s.strip_prefix(['/', '⁄'])?;
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    let den: f64 = rest[..n].parse().ok().filter(|d| *d != 0.0)?;
    Some((den, &rest[n..]))
}

/// The "1/2" or "½" of "1 1/2".
fn mixed_fraction(s: &str) -> Option<(f64, &str)> {
    if let Some(c) = s.chars().next() {
        if let Some(v) = vulgar(c) {
            return Some((v, &s[c.len_utf8()..]));
        }
    }
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    let num: f64 = s[..n].parse().ok()?;
    let (den, after) = slash_fraction(&s[n..])?;
    Some((num / den, after))
}

fn vulgar(c: char) -> Option<f64> {
    Some(match c {
        '½' => 0.5,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '¼' => 0.25,
        '¾' => 0.75,
        '⅕' => 0.2,
        '⅖' => 0.4,
        '⅗' => 0.6,
        '⅘' => 0.8,
        '⅙' => 1.0 / 6.0,
        '⅚' => 5.0 / 6.0,
        '⅛' => 0.125,
        '⅜' => 0.375,
        '⅝' => 0.625,
        '⅞' => 0.875,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_common_forms() {
        let cases = [
            ("10 min", 10),
            ("10 mins", 10),
            ("10 minutes", 10),
            ("10m", 10),
            ("1 h 20 min", 80),
            ("1h20", 80),
            ("1h 20m", 80),
            ("1 hour and 20 minutes", 80),
            ("1½ hours", 90),
            ("1 1/2 hours", 90),
            ("1.5 h", 90),
            ("1,5 Std.", 90),
            ("2 Stunden", 120),
            ("PT1H20M", 80),
            ("PT90M", 90),
            ("P1DT2H", 1560),
            ("PT30S", 1),
            ("90", 90),
            ("1:20", 80),
            ("1 day", 1440),
            ("45 Min.", 45),
            ("0 min", 0),
        ];
        for (text, minutes) in cases {
            assert_eq!(parse_minutes(text), Some(minutes), "{text}");
        }
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        for text in [
            "",
            "overnight",
            "10-15 min",
            "PT",
            "P1X",
            "ten minutes",
            "1 20",
            "1:2",
            "min",
            "1/0 h",
        ] {
            assert_eq!(parse_minutes(text), None, "{text}");
        }
    }
}
