//! Step labels that sites and apps write into the text of a step: "1.", "2)", "3:",
//! "Step 4", "Schritt 1", "Passo 1", "stap 1", "Étape 1". Our cards number steps
//! themselves, so a label is taken off (never numbered twice), and a step that is nothing
//! but a label is no step at all.

/// The word for "step" in the languages recipe sites are written in (lower case).
const STEP_WORDS: &[&str] = &[
    "step", "schritt", "passo", "paso", "stap", "étape", "etape", "krok", "trin", "steg", "vaihe",
    "adım", "adim", "lépés", "korak", "bước", "шаг", "βήμα", "stage", "punkt", "stappen", "fase",
];

/// What may follow a step number: "1.", "1)", "1:", "1 -", "1 –".
const AFTER_NUMBER: &[char] = &['.', ')', ':', '-', '–', '—', '/'];

/// The longest step number read as a label (a step starting "250 g" is not step 250).
const MAX_DIGITS: usize = 2;

/// `s` without a leading step label. Text that only starts with a number ("2 eggs go in")
/// keeps it: a bare number is a label only with punctuation after it, or after a step word.
pub fn strip(s: &str) -> &str {
    let t = s.trim_start();
    let (after_word, had_word) = match step_word(t) {
        Some(len) => (t[len..].trim_start(), true),
        None => (t, false),
    };
    let digits = after_word.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > MAX_DIGITS {
        return s;
    }
    let rest = &after_word[digits..];
    let punct = rest.trim_start();
    if let Some(p) = punct.chars().next().filter(|c| AFTER_NUMBER.contains(c)) {
        let after = &punct[p.len_utf8()..];
        // "1.5 kg" and "1/2 cup" are amounts, not labels.
        if after.is_empty() || after.starts_with(char::is_whitespace) {
            return after.trim_start();
        }
        return s;
    }
    if had_word && (rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return rest.trim_start();
    }
    s
}

/// The length of a step word at the start of `s`, followed by a space or a digit.
fn step_word(s: &str) -> Option<usize> {
    let word_len = s
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(s.len(), |(i, _)| i);
    let word = s[..word_len].to_lowercase();
    STEP_WORDS
        .contains(&word.as_str())
        .then_some(word_len)
        .filter(|&len| s[len..].starts_with(|c: char| c.is_whitespace() || c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_off() {
        for (text, rest) in [
            ("1. Mix.", "Mix."),
            ("2) Mix.", "Mix."),
            ("3: Mix.", "Mix."),
            ("Step 4: Mix.", "Mix."),
            ("STEP 4 Mix.", "Mix."),
            ("Schritt 1 Den Teig kneten.", "Den Teig kneten."),
            ("Passo 1 Impastare.", "Impastare."),
            ("stap 1 Meng.", "Meng."),
            ("Étape 2 : Mélanger.", "Mélanger."),
            ("Etape 1", ""),
            ("1:", ""),
            ("1 - Mix.", "Mix."),
        ] {
            assert_eq!(strip(text), rest, "{text}");
        }
    }

    #[test]
    fn amounts_and_words_stay() {
        for text in [
            "2 eggs go in.",
            "1.5 kg of flour.",
            "1/2 cup milk.",
            "250. That is the heat.",
            "Stepping back, let it rest.",
            "Pasta 1 kg",
        ] {
            assert_eq!(strip(text), text, "{text}");
        }
    }
}
