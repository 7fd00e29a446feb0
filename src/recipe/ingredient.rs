//! Splits a free-text ingredient line into quantity, unit, item and note:
//! "500 g ground pork (15–20% fat)" → "500" · "g" · "ground pork" · "15–20% fat".
//!
//! The parts keep their spelling as written (cards print them as given); the split only
//! decides which part goes in which column. Anything unrecognised stays in the item, so a
//! line is never lost, only left less structured.

use super::model::Ingredient;

/// Units, as they are written (plurals and dotted forms included), matched case-insensitively
/// and as whole words; a trailing `.` after any of them is accepted. Longer forms are tried
/// first, so "c. à soupe" wins over "c".
const UNITS: &[&str] = &[
    // English, volume and weight
    "tablespoons",
    "tablespoon",
    "tbsps",
    "tbsp",
    "tbs",
    "tbl",
    "teaspoons",
    "teaspoon",
    "tsps",
    "tsp",
    "cups",
    "cup",
    "c",
    "fluid ounces",
    "fluid ounce",
    "fl. oz",
    "fl oz",
    "ounces",
    "ounce",
    "oz",
    "pounds",
    "pound",
    "lbs",
    "lb",
    "grams",
    "gram",
    "grammes",
    "gramme",
    "g",
    "kilograms",
    "kilogram",
    "kg",
    "mg",
    "milliliters",
    "milliliter",
    "millilitres",
    "millilitre",
    "ml",
    "liters",
    "liter",
    "litres",
    "litre",
    "l",
    "dl",
    "cl",
    "quarts",
    "quart",
    "qt",
    "pints",
    "pint",
    "pt",
    "gallons",
    "gallon",
    "gal",
    // English, counts and pinches
    "pinches",
    "pinch",
    "dashes",
    "dash",
    "drops",
    "drop",
    "cloves",
    "clove",
    "cans",
    "can",
    "tins",
    "tin",
    "jars",
    "jar",
    "sticks",
    "stick",
    "slices",
    "slice",
    "bunches",
    "bunch",
    "handfuls",
    "handful",
    "sprigs",
    "sprig",
    "pieces",
    "piece",
    "pcs",
    "heads",
    "head",
    "knobs",
    "knob",
    "packages",
    "package",
    "packets",
    "packet",
    "pkg",
    "inches",
    "inch",
    "cm",
    // German
    "EL",
    "TL",
    "Msp",
    "Prisen",
    "Prise",
    "Stück",
    "Stk",
    "Zehen",
    "Zehe",
    "Bund",
    "Päckchen",
    "Pck",
    "Becher",
    "Dosen",
    "Dose",
    "Tassen",
    "Tasse",
    "Scheiben",
    "Scheibe",
    // French
    "cuillères à soupe",
    "cuillère à soupe",
    "cuillères à café",
    "cuillère à café",
    "c. à soupe",
    "c. à café",
    "c. à s",
    "c. à c",
    "c. a s",
    "c. a c",
    "càs",
    "càc",
    "cs",
    "cc",
    "pincées",
    "pincée",
    "gousses",
    "gousse",
    "tranches",
    "tranche",
    "boîtes",
    "boîte",
    "sachets",
    "sachet",
    "verres",
    "verre",
    "bottes",
    "botte",
    // Japanese counters and units written after the number ("1かけ", "2個", "200cc")
    "かけ",
    "切れ",
    "個",
    "本",
    "枚",
    "片",
    "束",
    "袋",
    "缶",
    "杯",
    "合",
    "丁",
    "株",
    "玉",
    "房",
    "尾",
    // Chinese
    "千克",
    "公斤",
    "毫升",
    "汤匙",
    "茶匙",
    "克",
    "升",
    "勺",
    "个",
    "根",
    "瓣",
    "块",
    "把",
    "碗",
    "斤",
    "两",
    // Korean
    "작은술",
    "큰술",
    "봉지",
    "뿌리",
    "컵",
    "개",
    "쪽",
    "장",
    "줄",
    "모",
];

/// Units written before their number, in Japanese: "大さじ2" (two tablespoons), "小さじ½",
/// "カップ1". The card prints them in that order too (see [`unit_comes_first`]).
const PREFIX_UNITS: &[&str] = &["大さじ", "小さじ", "大匙", "小匙", "カップ"];

/// Whether `unit` is written before its number ("大さじ2").
pub fn unit_comes_first(unit: &str) -> bool {
    PREFIX_UNITS.contains(&unit)
}

/// Whether `unit` is written against its number, without a space ("1かけ", "2큰술"): the
/// units of scripts that do not space their words, and Korean's counters.
pub fn unit_is_glued(unit: &str) -> bool {
    unit.chars().next().is_some_and(is_cjk)
}

/// Han, kana and Hangul: scripts in which a unit needs no space after it to end.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}')
}

/// Units whose case matters: in US recipes "T" is a tablespoon and "t" a teaspoon.
const CASED_UNITS: &[&str] = &["T", "t"];

/// Words that act as a quantity of one, but only before a unit: "a pinch of salt".
const ARTICLES: &[&str] = &["a", "an"];

/// Dashes and words that join the two ends of a range: "1–2", "1 to 2".
const RANGE_JOINERS: &[&str] = &["–", "—", "-", "to", "bis", "à"];

/// Splits one ingredient line (already trimmed and normalised).
pub fn split(line: &str) -> Ingredient {
    let line = line.trim();
    if let Some(split) = unit_then_quantity(line).or_else(|| quantity_last(line)) {
        return split;
    }
    let (quantity, rest) = match quantity(line) {
        Some((q, rest)) => (Some(q), rest),
        None => match article(line) {
            Some((a, rest)) => (Some(a), rest),
            None => (None, line),
        },
    };
    let mut notes = Vec::new();
    let rest = leading_paren(rest, &mut notes);
    let (unit, rest) = match quantity {
        Some(_) => match unit(rest) {
            Some((u, rest)) => (Some(u), rest),
            None => (None, rest),
        },
        None => (None, rest),
    };
    let rest = leading_paren(rest, &mut notes);
    let (item, tail_notes) = item_and_note(rest);
    notes.extend(tail_notes);
    finish(line, quantity, unit, item, notes)
}

/// "大さじ2 醤油": a unit written before its number, then the item.
fn unit_then_quantity(line: &str) -> Option<Ingredient> {
    let unit = PREFIX_UNITS.iter().find(|u| line.starts_with(**u))?;
    let (quantity, rest) = quantity(line[unit.len()..].trim_start())?;
    let mut notes = Vec::new();
    let rest = leading_paren(rest, &mut notes);
    let (item, tail_notes) = item_and_note(rest);
    notes.extend(tail_notes);
    Some(finish(line, Some(quantity), Some(unit), item, notes))
}

/// "醤油 大さじ2", "猪肉 500克", "간장 2큰술": CJK recipes (and apps that export them)
/// write the item first and its amount last. Only for items in those scripts: in
/// English, "pan of 24 cm" is not an item and its size.
fn quantity_last(line: &str) -> Option<Ingredient> {
    let (item, amount) = line.rsplit_once(char::is_whitespace)?;
    let item = item.trim_end();
    if item.is_empty() || !item.chars().any(is_cjk) {
        return None;
    }
    let (quantity, unit) = whole_amount(amount)?;
    let (item, notes) = item_and_note(item);
    let note = (!notes.is_empty()).then(|| notes.join("; "));
    Some(Ingredient {
        quantity: Some(quantity.to_string()),
        unit: unit.map(str::to_string),
        item: item.to_string(),
        note,
    })
}

/// `s` as nothing but an amount: "2", "500克", "500 g", "大さじ2".
fn whole_amount(s: &str) -> Option<(&str, Option<&str>)> {
    if let Some(prefix) = PREFIX_UNITS.iter().find(|u| s.starts_with(**u)) {
        let (q, rest) = quantity(s[prefix.len()..].trim_start())?;
        return rest.is_empty().then_some((q, Some(*prefix)));
    }
    let (q, rest) = quantity(s)?;
    if rest.is_empty() {
        return Some((q, None));
    }
    let (u, rest) = unit(rest)?;
    rest.is_empty().then_some((q, Some(u)))
}

/// Puts the parts together, falling back to less structure where a part came out empty.
fn finish(
    line: &str,
    quantity: Option<&str>,
    unit: Option<&str>,
    item: &str,
    notes: Vec<String>,
) -> Ingredient {
    let note = (!notes.is_empty()).then(|| notes.join("; "));
    match (item.is_empty(), unit) {
        // "2 cloves": the unit word is the item.
        (true, Some(u)) => Ingredient {
            quantity: quantity.map(str::to_string),
            unit: None,
            item: u.to_string(),
            note,
        },
        // A bare quantity or an article alone: keep the line as the item.
        (true, None) => Ingredient {
            item: line.to_string(),
            ..Ingredient::default()
        },
        (false, _) => Ingredient {
            quantity: quantity.map(str::to_string),
            unit: unit.map(str::to_string),
            item: item.to_string(),
            note,
        },
    }
}

/// A quantity at the start of `s`: a number, a fraction, a mixed number or a range of them.
/// Returns it as written and the rest after any whitespace.
pub(crate) fn quantity(s: &str) -> Option<(&str, &str)> {
    let end = number_end(s)?;
    let end = range_end(s, end).unwrap_or(end);
    let rest = &s[end..];
    // "2eggs" is not "2" + "eggs" unless a unit follows ("500g"); "3-4" was taken as a range.
    let next = rest.chars().next();
    let glued = next.is_some_and(|c| c.is_alphabetic()) && unit(rest).is_none();
    if glued {
        return None;
    }
    Some((&s[..end], rest.trim_start()))
}

/// The end of a number at the start of `s`: "12", "1.5", "1,5", "½", "1½", "1 1/2", "1/2".
fn number_end(s: &str) -> Option<usize> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return s
            .chars()
            .next()
            .filter(|&c| is_vulgar(c))
            .map(char::len_utf8);
    }
    let mut end = digits;
    let rest = &s[end..];
    if let Some(frac) = fraction_len(rest) {
        return Some(end + frac);
    }
    if let Some(c) = rest.chars().next().filter(|&c| is_vulgar(c)) {
        return Some(end + c.len_utf8());
    }
    if let Some(dec) = decimal_len(rest) {
        end += dec;
    } else if let Some(frac) = rest.strip_prefix(' ').and_then(mixed_fraction_len) {
        end += 1 + frac;
    }
    Some(end)
}

/// "/2" or "⁄2" after the digits of a simple fraction, or "/250" after "200": the other
/// amount of an alternative ("200/250 g"), which stays with the quantity as written.
fn fraction_len(s: &str) -> Option<usize> {
    let slash = ['/', '⁄'].into_iter().find(|&c| s.starts_with(c))?;
    let digits = s[slash.len_utf8()..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    let after = &s[slash.len_utf8() + digits..];
    let decimal = if digits > 0 {
        decimal_len(after).unwrap_or(0)
    } else {
        0
    };
    (digits > 0).then_some(slash.len_utf8() + digits + decimal)
}

/// ".5" or ",5" (a decimal comma, as in German and French recipes).
fn decimal_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix(['.', ','])?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0).then_some(1 + digits)
}

/// "1/2" or "½" after "1 " in "1 1/2" / "1 ½".
fn mixed_fraction_len(s: &str) -> Option<usize> {
    if let Some(c) = s.chars().next().filter(|&c| is_vulgar(c)) {
        return Some(c.len_utf8());
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0)
        .then(|| fraction_len(&s[digits..]).map(|f| digits + f))
        .flatten()
}

fn is_vulgar(c: char) -> bool {
    matches!(
        c,
        '½' | '⅓'
            | '⅔'
            | '¼'
            | '¾'
            | '⅕'
            | '⅖'
            | '⅗'
            | '⅘'
            | '⅙'
            | '⅚'
            | '⅛'
            | '⅜'
            | '⅝'
            | '⅞'
    )
}

/// The end of "–2", " - 2", " to 2" after a first number ending at `first_end`.
fn range_end(s: &str, first_end: usize) -> Option<usize> {
    let after = &s[first_end..];
    let trimmed = after.trim_start();
    let joiner = RANGE_JOINERS.iter().find(|j| {
        trimmed.starts_with(**j)
            && (j.chars().all(|c| !c.is_alphabetic()) || trimmed[j.len()..].starts_with(' '))
    })?;
    let spaced = &trimmed[joiner.len()..];
    let second = spaced.trim_start();
    let second_len = number_end(second)?;
    Some(s.len() - second.len() + second_len)
}

/// "a"/"an" followed by a unit: "a pinch of salt".
fn article(s: &str) -> Option<(&str, &str)> {
    let (word, rest) = s.split_once(' ')?;
    let article = ARTICLES.iter().find(|a| a.eq_ignore_ascii_case(word))?;
    unit(rest.trim_start())?;
    Some((&s[..article.len()], rest.trim_start()))
}

/// A unit at the start of `s`, as written (with its dot), and the rest.
pub(crate) fn unit(s: &str) -> Option<(&str, &str)> {
    let cased = CASED_UNITS
        .iter()
        .filter(|u| s.starts_with(**u))
        .map(|u| u.len());
    let folded = UNITS
        .iter()
        .zip(lowercase_units())
        .filter(|(u, lower)| starts_with_ignore_case(s, u, lower))
        .map(|(u, _)| u.len());
    cased
        .chain(folded)
        .filter_map(|len| {
            let end = if s[len..].starts_with('.') {
                len + 1
            } else {
                len + plural_marker_len(&s[len..])
            };
            // No word spaces in CJK text: "2個卵" ends its unit where the unit ends.
            (ends_word(&s[end..]) || unit_is_glued(&s[..end])).then_some(end)
        })
        .max()
        .map(|end| (&s[..end], s[end..].trim_start()))
}

/// [`UNITS`] in lower case, computed once.
fn lowercase_units() -> &'static [String] {
    static LOWER: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    LOWER.get_or_init(|| UNITS.iter().map(|u| u.to_lowercase()).collect())
}

/// Whether the first `prefix.len()` bytes of `s` lower-case to `lower_prefix` (which is
/// `prefix.to_lowercase()`). Most heads are ASCII and compare without allocating.
fn starts_with_ignore_case(s: &str, prefix: &str, lower_prefix: &str) -> bool {
    let Some(head) = s.get(..prefix.len()) else {
        return false;
    };
    if head.is_ascii() {
        head.len() == lower_prefix.len()
            && head
                .bytes()
                .zip(lower_prefix.bytes())
                .all(|(h, p)| h.to_ascii_lowercase() == p)
    } else {
        head.to_lowercase() == lower_prefix
    }
}

/// The length of a plural marker glued to a word: the "(s)" of "clove(s)", "(n)" of
/// "Gewürzgurke(n)", "(es)", "(x)". It belongs to the word, not to a note.
pub(crate) fn plural_marker_len(s: &str) -> usize {
    let Some(inner) = s.strip_prefix('(') else {
        return 0;
    };
    let Some(close) = inner.find(')') else {
        return 0;
    };
    let marker = &inner[..close];
    let short = (1..=3).contains(&marker.chars().count());
    if short
        && marker
            .chars()
            .all(|c| c.is_alphabetic() && c.is_lowercase())
    {
        close + 2
    } else {
        0
    }
}

/// A unit must be a whole word: "g flour", "g," or "g" but not "garlic".
fn ends_word(rest: &str) -> bool {
    rest.chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';'))
}

/// A parenthesised size right after the quantity or unit, "1 (14 oz) can", moves to the note.
fn leading_paren<'a>(s: &'a str, notes: &mut Vec<String>) -> &'a str {
    let Some(inner) = s.strip_prefix('(') else {
        return s;
    };
    let Some(close) = inner.find(')') else {
        return s;
    };
    let content = inner[..close].trim();
    if !content.is_empty() {
        notes.push(content.to_string());
    }
    inner[close + 1..].trim_start()
}

/// The item and the notes in what is left: the first comma outside parentheses starts a note,
/// and a parenthesised group that ends the item is a note too.
fn item_and_note(s: &str) -> (&str, Vec<String>) {
    let (head, tail) = match top_level_comma(s) {
        Some(i) => (&s[..i], Some(s[i + 1..].trim())),
        None => (s, None),
    };
    let mut notes = Vec::new();
    let mut item = head.trim();
    if let Some(open) = trailing_paren(item) {
        let inner = item[open + 1..item.len() - 1].trim();
        // "Gewürzgurke(n)": the marker is glued to the word it inflects.
        let glued = item[..open].ends_with(char::is_alphabetic)
            && plural_marker_len(&item[open..]) == item.len() - open;
        if !glued && !inner.is_empty() && !item[..open].trim().is_empty() {
            notes.push(inner.to_string());
            item = item[..open].trim_end();
        }
    }
    notes.extend(tail.filter(|t| !t.is_empty()).map(str::to_string));
    (item, notes)
}

fn top_level_comma(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth <= 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// Where the parenthesised group that ends `s` opens, if `s` ends with one.
fn trailing_paren(s: &str) -> Option<usize> {
    if !s.ends_with(')') {
        return None;
    }
    let mut depth = 0i32;
    for (i, c) in s.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_of_scripts_without_spaces() {
        // (line, quantity, unit, item)
        let cases: [(&str, Option<&str>, Option<&str>, &str); 12] = [
            ("大さじ2 醤油", Some("2"), Some("大さじ"), "醤油"),
            ("小さじ1/2 塩", Some("1/2"), Some("小さじ"), "塩"),
            ("1かけ 生姜", Some("1"), Some("かけ"), "生姜"),
            ("2個 卵", Some("2"), Some("個"), "卵"),
            ("3个鸡蛋", Some("3"), Some("个"), "鸡蛋"),
            ("2큰술 간장", Some("2"), Some("큰술"), "간장"),
            // Still whole words elsewhere: "2 gloves" has no unit "g".
            ("2 gloves", Some("2"), None, "gloves"),
            // Item first, amount last, as CJK recipes write them.
            ("醤油 大さじ2", Some("2"), Some("大さじ"), "醤油"),
            ("猪肉 500克", Some("500"), Some("克"), "猪肉"),
            ("간장 2큰술", Some("2"), Some("큰술"), "간장"),
            ("卵 2", Some("2"), None, "卵"),
            // Not in English: a size at the end is part of the item.
            ("pan of 24 cm", None, None, "pan of 24 cm"),
        ];
        for (line, quantity, unit, item) in cases {
            let i = split(line);
            let got = (i.quantity.as_deref(), i.unit.as_deref(), i.item.as_str());
            assert_eq!(got, (quantity, unit, item), "{line}");
        }
        assert!(unit_comes_first("大さじ") && !unit_comes_first("g"));
        assert!(unit_is_glued("かけ") && !unit_is_glued("g"));
    }

    fn parts(line: &str) -> (Option<String>, Option<String>, String, Option<String>) {
        let i = split(line);
        (i.quantity, i.unit, i.item, i.note)
    }

    fn check(line: &str, q: Option<&str>, u: Option<&str>, item: &str, note: Option<&str>) {
        let expected = (
            q.map(String::from),
            u.map(String::from),
            item.to_string(),
            note.map(String::from),
        );
        assert_eq!(parts(line), expected, "splitting {line:?}");
    }

    #[test]
    fn quantity_unit_item_and_parenthesised_note() {
        check(
            "500 g ground pork (15–20% fat)",
            Some("500"),
            Some("g"),
            "ground pork",
            Some("15–20% fat"),
        );
    }

    #[test]
    fn first_comma_starts_the_note() {
        check(
            "3 tbsp palm sugar, or brown sugar",
            Some("3"),
            Some("tbsp"),
            "palm sugar",
            Some("or brown sugar"),
        );
        check(
            "2 scallions, thinly sliced",
            Some("2"),
            None,
            "scallions",
            Some("thinly sliced"),
        );
        check(
            "1 onion, diced, rinsed",
            Some("1"),
            None,
            "onion",
            Some("diced, rinsed"),
        );
    }

    #[test]
    fn fractions_and_mixed_numbers() {
        check(
            "1½ tbsp fish sauce",
            Some("1½"),
            Some("tbsp"),
            "fish sauce",
            None,
        );
        check(
            "1 1/2 cups flour",
            Some("1 1/2"),
            Some("cups"),
            "flour",
            None,
        );
        check("1/2 tsp salt", Some("1/2"), Some("tsp"), "salt", None);
        check("¼ TL Zimt", Some("¼"), Some("TL"), "Zimt", None);
        check("1 ½ cups milk", Some("1 ½"), Some("cups"), "milk", None);
        check("½ c. sugar", Some("½"), Some("c."), "sugar", None);
        check("1.5 l water", Some("1.5"), Some("l"), "water", None);
        check("1,5 kg Mehl", Some("1,5"), Some("kg"), "Mehl", None);
    }

    #[test]
    fn ranges() {
        check("1–2 red chilies", Some("1–2"), None, "red chilies", None);
        check("1-2 tbsp oil", Some("1-2"), Some("tbsp"), "oil", None);
        check("1 - 2 tbsp oil", Some("1 - 2"), Some("tbsp"), "oil", None);
        check(
            "2 to 3 cups stock",
            Some("2 to 3"),
            Some("cups"),
            "stock",
            None,
        );
    }

    #[test]
    fn german_units() {
        check("2 EL Öl", Some("2"), Some("EL"), "Öl", None);
        check("1 Prise Salz", Some("1"), Some("Prise"), "Salz", None);
        check(
            "2 Zehen Knoblauch",
            Some("2"),
            Some("Zehen"),
            "Knoblauch",
            None,
        );
        check("1 Msp. Muskat", Some("1"), Some("Msp."), "Muskat", None);
        check(
            "1 Bund Petersilie",
            Some("1"),
            Some("Bund"),
            "Petersilie",
            None,
        );
    }

    #[test]
    fn french_units() {
        check(
            "2 c. à soupe de sucre",
            Some("2"),
            Some("c. à soupe"),
            "de sucre",
            None,
        );
        check(
            "1 c. à c. de sel",
            Some("1"),
            Some("c. à c."),
            "de sel",
            None,
        );
        check("2 càs d'huile", Some("2"), Some("càs"), "d'huile", None);
        check("3 gousses d’ail", Some("3"), Some("gousses"), "d’ail", None);
        check("1 pincée de sel", Some("1"), Some("pincée"), "de sel", None);
    }

    #[test]
    fn metric_and_glued_units() {
        check(
            "200 ml coconut milk",
            Some("200"),
            Some("ml"),
            "coconut milk",
            None,
        );
        check("1 kg potatoes", Some("1"), Some("kg"), "potatoes", None);
        check("500g flour", Some("500"), Some("g"), "flour", None);
        check("3 cloves garlic", Some("3"), Some("cloves"), "garlic", None);
    }

    #[test]
    fn units_are_case_insensitive_except_t() {
        check("2 Tbsp. butter", Some("2"), Some("Tbsp."), "butter", None);
        check("2 CUPS rice", Some("2"), Some("CUPS"), "rice", None);
        check("1 T honey", Some("1"), Some("T"), "honey", None);
        check("1 t salt", Some("1"), Some("t"), "salt", None);
        check("2 cups of flour", Some("2"), Some("cups"), "of flour", None);
    }

    #[test]
    fn words_that_only_look_like_units_stay_in_the_item() {
        check("2 large eggs", Some("2"), None, "large eggs", None);
        check("1 garlic bulb", Some("1"), None, "garlic bulb", None);
        check("2 tomatoes", Some("2"), None, "tomatoes", None);
        check("2 cloves", Some("2"), None, "cloves", None);
    }

    #[test]
    fn no_quantity() {
        check(
            "salt and pepper to taste",
            None,
            None,
            "salt and pepper to taste",
            None,
        );
        check(
            "fresh herbs (optional)",
            None,
            None,
            "fresh herbs",
            Some("optional"),
        );
        check("a pinch of salt", Some("a"), Some("pinch"), "of salt", None);
        check(
            "a handful of blueberries",
            Some("a"),
            Some("handful"),
            "of blueberries",
            None,
        );
        check("an onion", None, None, "an onion", None);
        check("cups", None, None, "cups", None);
    }

    #[test]
    fn size_in_parentheses_after_the_quantity() {
        check(
            "1 (14 oz) can coconut milk",
            Some("1"),
            Some("can"),
            "coconut milk",
            Some("14 oz"),
        );
        check(
            "2 cups (250 g) flour, sifted",
            Some("2"),
            Some("cups"),
            "flour",
            Some("250 g; sifted"),
        );
    }

    #[test]
    fn plural_markers_stay_in_the_word() {
        check(
            "2 pincée(s) de sel",
            Some("2"),
            Some("pincée(s)"),
            "de sel",
            None,
        );
        check("2 Gewürzgurke(n)", Some("2"), None, "Gewürzgurke(n)", None);
        check(
            "3 clove(s) garlic, minced",
            Some("3"),
            Some("clove(s)"),
            "garlic",
            Some("minced"),
        );
        check("1 onion (large)", Some("1"), None, "onion", Some("large"));
    }

    #[test]
    fn alternatives_stay_with_the_quantity() {
        check("200/250 g Mehl", Some("200/250"), Some("g"), "Mehl", None);
        check("1/2 cup milk", Some("1/2"), Some("cup"), "milk", None);
    }

    #[test]
    fn odd_lines_are_kept_whole() {
        check("12", None, None, "12", None);
        check("7Up", None, None, "7Up", None);
        check("(optional)", None, None, "(optional)", None);
        check("", None, None, "", None);
    }
}
