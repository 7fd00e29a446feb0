//! The few words cardgen prints itself, in the recipe's language (English otherwise).

/// Printed labels for one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels {
    pub ingredients: &'static str,
    pub method: &'static str,
    pub notes: &'static str,
    pub faq: &'static str,
    pub nutrition: &'static str,
    pub prep: &'static str,
    pub cook: &'static str,
    pub rest: &'static str,
    pub total: &'static str,
    pub servings: &'static str,
    pub continued: &'static str,
    pub scan: &'static str,
    pub by: &'static str,
}

const EN: Labels = Labels {
    ingredients: "Ingredients",
    method: "Method",
    notes: "Notes",
    faq: "Questions",
    nutrition: "Nutrition",
    prep: "Prep",
    cook: "Cook",
    rest: "Rest",
    total: "Total",
    servings: "servings",
    continued: "continued",
    scan: "Scan for the full recipe",
    by: "By",
};

const DE: Labels = Labels {
    ingredients: "Zutaten",
    method: "Zubereitung",
    notes: "Hinweise",
    faq: "Fragen",
    nutrition: "Nährwerte",
    prep: "Vorbereitung",
    cook: "Garzeit",
    rest: "Ruhezeit",
    total: "Gesamt",
    servings: "Portionen",
    continued: "Fortsetzung",
    scan: "Zum ganzen Rezept scannen",
    by: "Von",
};

const FR: Labels = Labels {
    ingredients: "Ingrédients",
    method: "Préparation",
    notes: "Notes",
    faq: "Questions",
    nutrition: "Valeurs nutritionnelles",
    prep: "Préparation",
    cook: "Cuisson",
    rest: "Repos",
    total: "Total",
    servings: "portions",
    continued: "suite",
    scan: "Scannez pour la recette complète",
    by: "Par",
};

const VI: Labels = Labels {
    ingredients: "Nguyên liệu",
    method: "Cách làm",
    notes: "Ghi chú",
    faq: "Hỏi đáp",
    nutrition: "Dinh dưỡng",
    prep: "Sơ chế",
    cook: "Nấu",
    rest: "Nghỉ",
    total: "Tổng",
    servings: "phần",
    continued: "tiếp theo",
    scan: "Quét để xem công thức đầy đủ",
    by: "Tác giả",
};

/// The labels for a BCP-47 tag, by its primary language.
pub fn labels(lang: &str) -> &'static Labels {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "de" => &DE,
        "fr" => &FR,
        "vi" => &VI,
        _ => &EN,
    }
}

/// Minutes as "45 min", "1 h", "1 h 20 min".
pub fn format_minutes(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_language_by_primary_subtag() {
        assert_eq!(labels("de-AT").ingredients, "Zutaten");
        assert_eq!(labels("vi").method, "Cách làm");
        assert_eq!(labels("pt-BR").ingredients, "Ingredients");
    }

    #[test]
    fn formats_minutes() {
        assert_eq!(format_minutes(45), "45 min");
        assert_eq!(format_minutes(60), "1 h");
        assert_eq!(format_minutes(80), "1 h 20 min");
    }
}
