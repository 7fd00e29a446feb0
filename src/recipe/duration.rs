//! Durations as people write them in recipes, to whole minutes:
//! "10 min", "1 h 20 min", "1h20", "1½ hours", "1:20", "PT1H20M", "90" (minutes).

/// Unit words by how many minutes they are worth; matched case-insensitively, with an
/// optional trailing dot ("Std.", "Min.").
const UNITS: &[(&[&str], f64)] = &[
    (
        &[
            "d", "day", "days", "tag", "tage", "jour", "jours", "giorno", "giorni", "día", "días",
            "dia", "dias", "dag", "dagen", "dagar", "dage", "日",
        ],
        1440.0,
    ),
    (
        &[
            "h",
            "hr",
            "hrs",
            "hour",
            "hours",
            "std",
            "stunde",
            "stunden",
            "heure",
            "heures",
            "ora",
            "ore",
            "hora",
            "horas",
            "uur",
            "uren",
            "timme",
            "timmar",
            "time",
            "timer",
            "tim",
            "godz",
            "godzina",
            "godziny",
            "godzin",
            "hodina",
            "hodiny",
            "hodin",
            "óra",
            "saat",
            "tunti",
            "tuntia",
            "час",
            "часа",
            "часов",
            "ώρα",
            "ώρες",
            "時間",
            "giờ",
        ],
        60.0,
    ),
    (
        &[
            "m",
            "min",
            "mins",
            "minute",
            "minutes",
            "minuten",
            "mn",
            "phút",
            "minuti",
            "minuto",
            "minutos",
            "minuter",
            "minutter",
            "minutt",
            "minut",
            "minuty",
            "minutę",
            "perc",
            "dakika",
            "minuuttia",
            "минут",
            "минуты",
            "минута",
            "мин",
            "λεπτά",
            "分",
            "분",
        ],
        1.0,
    ),
    (
        &[
            "s", "sec", "secs", "second", "seconds", "sekunden", "secondi", "segundos", "秒",
        ],
        1.0 / 60.0,
    ),
];

/// Words that may join parts: "1 hour and 20 minutes".
const FILLERS: &[&str] = &[
    "and ", "und ", "et ", "e ", "y ", "en ", "og ", "och ", "i ", "+", ",",
];

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

/// The fields of an ISO 8601 duration before and after its `T`, in the order they must
/// come, with the minutes each is worth (lower case, as [`parse_minutes`] reads them).
const ISO_DATE: &[(char, f64)] = &[
    ('y', 525_600.0),
    ('m', 43_200.0),
    ('w', 10_080.0),
    ('d', 1440.0),
];
const ISO_TIME: &[(char, f64)] = &[('d', 1440.0), ('h', 60.0), ('m', 1.0), ('s', 1.0 / 60.0)];

/// ISO 8601 durations as used by schema.org: "PT1H20M", "P1DT2H", "PT90M", "PT30S", and as
/// site generators really write them: every field spelt out ("P0Y0M0DT0H15M0.000S"), days
/// after the `T` ("PT0D0H30M"), or a field without its number ("PTH5M", read as none).
fn iso8601(text: &str) -> Option<f64> {
    let rest = text.strip_prefix('p')?;
    let (date, time) = rest.split_once('t').unwrap_or((rest, ""));
    let mut total = 0.0;
    let mut fields = 0;
    for (part, units) in [(date, ISO_DATE), (time, ISO_TIME)] {
        let mut rest = part;
        let mut next_unit = 0;
        while !rest.is_empty() {
            let len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
                .unwrap_or(rest.len());
            let letter = rest[len..].chars().next()?;
            // Each field at most once, in order.
            let at = units[next_unit..].iter().position(|(l, _)| *l == letter)? + next_unit;
            let number = &rest[..len];
            let value = if number.is_empty() {
                0.0
            } else {
                number.replace(',', ".").parse::<f64>().ok()?
            };
            total += value * units[at].1;
            fields += 1;
            next_unit = at + 1;
            rest = &rest[len + letter.len_utf8()..];
        }
    }
    (fields > 0).then_some(total)
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

/// The regular expression (ECMAScript, as JSON Schema uses) of the durations
/// [`parse_minutes`] reads, built from the same unit words and fillers so that the two
/// cannot disagree; `schema/recipe.schema.json` states it for editors.
pub fn pattern() -> String {
    let vulgar = "[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]";
    let den = "[0-9]*[1-9][0-9]*";
    let num = format!(
        "(?:[0-9]+(?:[/⁄]{den}|{vulgar}|[.,][0-9]+| (?:{vulgar}|[0-9]+[/⁄]{den}))?|{vulgar})"
    );
    let words = |hours: bool| {
        let mut words: Vec<&str> = UNITS
            .iter()
            .filter(|(_, factor)| (*factor == 60.0) == hours)
            .flat_map(|(words, _)| words.iter().copied())
            .collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let alternatives: Vec<String> = words.iter().map(|w| caseless(w)).collect();
        format!("(?:{})", alternatives.join("|"))
    };
    let (hour, other) = (words(true), words(false));
    // Fillers: words (with their space) and signs; a line may not end in a word's space.
    let fillers: Vec<String> = FILLERS.iter().map(|f| caseless(f)).collect();
    let signs: String = FILLERS
        .iter()
        .filter(|f| !f.ends_with(' '))
        .map(|f| escape(f))
        .collect();
    let sep = format!("(?:\\s|{})*", fillers.join("|"));
    let tail = format!("(?:{sep}[{signs}])?\\s*");
    // After a unit word comes a dot, a space or a sign, never a letter (it would be part
    // of the word), or straight away the next number.
    let after_unit = format!("(?:[.\\s{signs}]{sep})?");
    let end_after_unit = format!("(?:[.\\s{signs}]{tail})?");
    let step =
        format!("(?:{num}\\s*{other}{after_unit}|{num}\\s*{hour}{after_unit}(?:{num}{sep})?)");
    let last = format!(
        "(?:{num}\\s*{other}{end_after_unit}|{num}\\s*{hour}(?:{end_after_unit}|{after_unit}{num}{tail}))"
    );
    let spoken = format!("{sep}(?:{num}{tail}|{step}*{last})");
    let clock = "[0-9]+:[0-9]{2}";
    format!("^\\s*(?:{}|{clock}|{spoken})\\s*$", iso8601_pattern())
}

/// ISO 8601 as [`iso8601`] reads it: fields in order, each at most once, at least one.
fn iso8601_pattern() -> String {
    let number = "(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)?";
    let fields = |units: &[(char, f64)]| -> Vec<String> {
        units
            .iter()
            .map(|(l, _)| format!("{number}{}", caseless(&l.to_string())))
            .collect()
    };
    // At least one of the ordered optional fields: the first present, then the rest.
    let some = |fields: &[String]| -> String {
        let options: Vec<String> = (0..fields.len())
            .map(|first| {
                let rest: String = fields[first + 1..]
                    .iter()
                    .map(|f| format!("(?:{f})?"))
                    .collect();
                format!("{}{rest}", fields[first])
            })
            .collect();
        format!("(?:{})", options.join("|"))
    };
    let any =
        |fields: &[String]| -> String { fields.iter().map(|f| format!("(?:{f})?")).collect() };
    let (date, time) = (fields(ISO_DATE), fields(ISO_TIME));
    let t = caseless("t");
    format!(
        "{}(?:{}(?:{t}{})?|{t}{})",
        caseless("p"),
        some(&date),
        any(&time),
        some(&time)
    )
}

/// `word` matched in any case, as [`parse_minutes`] lower-cases its text: "[Mm][Ii][Nn]".
fn caseless(word: &str) -> String {
    word.chars()
        .map(|c| {
            let upper: Vec<char> = c.to_uppercase().collect();
            match upper[..] {
                [u] if u != c => format!("[{c}{u}]"),
                _ => escape(&c.to_string()),
            }
        })
        .collect()
}

fn escape(text: &str) -> String {
    text.chars()
        .map(|c| {
            if "\\^$.|?*+()[]{}".contains(c) {
                format!("\\{c}")
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_states_the_pattern_parse_minutes_reads() {
        let schema: serde_json::Value = serde_json::from_str(crate::recipe::SCHEMA).unwrap();
        let stated = schema
            .pointer("/$defs/duration/anyOf/1/pattern")
            .and_then(serde_json::Value::as_str);
        // When a unit word or filler changes, write the new pattern into the schema.
        assert_eq!(
            stated,
            Some(pattern().as_str()),
            "the schema's duration pattern"
        );
    }

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
            ("PTH5M", 5),
            ("PT0D0H30M", 30),
            ("P0Y0M0DT0H15M0.000S", 15),
            ("P0DT1H", 60),
            ("35 minuti", 35),
            ("1 ora e 10 minuti", 70),
            ("20 minutos", 20),
            ("1 hora y 5 minutos", 65),
            ("30 minuten", 30),
            ("1 uur", 60),
            ("15 minuter", 15),
            ("2 timer", 120),
            ("45 perc", 45),
            ("10 dakika", 10),
            ("30分", 30),
            ("1時間30分", 90),
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
            "PT5H5H",
            "PTM5H",
        ] {
            assert_eq!(parse_minutes(text), None, "{text}");
        }
    }
}
