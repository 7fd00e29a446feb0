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
    pub time: TimeWords,
}

/// How a language writes durations: "45 min", "1 h 20 min", "1時間20分".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeWords {
    pub minute: &'static str,
    pub hour: &'static str,
    /// Between a number and its unit.
    pub unit_gap: &'static str,
    /// Between the hours and the minutes.
    pub part_gap: &'static str,
}

/// Units that follow the number after a space, as most languages write them.
const fn spaced(hour: &'static str, minute: &'static str) -> TimeWords {
    TimeWords {
        minute,
        hour,
        unit_gap: " ",
        part_gap: " ",
    }
}

/// The labels in the order of [`Labels`]' fields, so each language is one line of words.
const fn words(w: [&'static str; 13], time: TimeWords) -> Labels {
    Labels {
        ingredients: w[0],
        method: w[1],
        notes: w[2],
        faq: w[3],
        nutrition: w[4],
        prep: w[5],
        cook: w[6],
        rest: w[7],
        total: w[8],
        servings: w[9],
        continued: w[10],
        scan: w[11],
        by: w[12],
        time,
    }
}

const EN: Labels = words(
    [
        "Ingredients",
        "Method",
        "Notes",
        "Questions",
        "Nutrition",
        "Prep",
        "Cook",
        "Rest",
        "Total",
        "servings",
        "continued",
        "Scan for the full recipe",
        "By",
    ],
    spaced("h", "min"),
);

/// Labels by primary language subtag (Chinese is split by script below).
const LANGUAGES: &[(&str, Labels)] = &[
    (
        "de",
        words(
            [
                "Zutaten",
                "Zubereitung",
                "Hinweise",
                "Fragen",
                "Nährwerte",
                "Vorbereitung",
                "Garzeit",
                "Ruhezeit",
                "Gesamt",
                "Portionen",
                "Fortsetzung",
                "Zum ganzen Rezept scannen",
                "Von",
            ],
            spaced("Std.", "Min."),
        ),
    ),
    (
        "fr",
        words(
            [
                "Ingrédients",
                "Préparation",
                "Notes",
                "Questions",
                "Valeurs nutritionnelles",
                "Préparation",
                "Cuisson",
                "Repos",
                "Total",
                "portions",
                "suite",
                "Scannez pour la recette complète",
                "Par",
            ],
            spaced("h", "min"),
        ),
    ),
    (
        "vi",
        words(
            [
                "Nguyên liệu",
                "Cách làm",
                "Ghi chú",
                "Hỏi đáp",
                "Dinh dưỡng",
                "Sơ chế",
                "Nấu",
                "Nghỉ",
                "Tổng",
                "phần",
                "tiếp theo",
                "Quét để xem công thức đầy đủ",
                "Tác giả",
            ],
            spaced("giờ", "phút"),
        ),
    ),
    (
        "es",
        words(
            [
                "Ingredientes",
                "Elaboración",
                "Notas",
                "Preguntas",
                "Información nutricional",
                "Preparación",
                "Cocción",
                "Reposo",
                "Total",
                "raciones",
                "continúa",
                "Escanea para ver la receta completa",
                "Por",
            ],
            spaced("h", "min"),
        ),
    ),
    (
        "it",
        words(
            [
                "Ingredienti",
                "Procedimento",
                "Note",
                "Domande",
                "Valori nutrizionali",
                "Preparazione",
                "Cottura",
                "Riposo",
                "Totale",
                "porzioni",
                "continua",
                "Scansiona per la ricetta completa",
                "Di",
            ],
            spaced("h", "min"),
        ),
    ),
    (
        "pt",
        words(
            [
                "Ingredientes",
                "Modo de preparo",
                "Notas",
                "Perguntas",
                "Informação nutricional",
                "Preparação",
                "Cozimento",
                "Descanso",
                "Total",
                "porções",
                "continua",
                "Digitalize para ver a receita completa",
                "Por",
            ],
            spaced("h", "min"),
        ),
    ),
    (
        "nl",
        words(
            [
                "Ingrediënten",
                "Bereiding",
                "Opmerkingen",
                "Vragen",
                "Voedingswaarde",
                "Voorbereiding",
                "Kooktijd",
                "Rusttijd",
                "Totaal",
                "porties",
                "vervolg",
                "Scan voor het volledige recept",
                "Door",
            ],
            spaced("u", "min"),
        ),
    ),
    (
        "sv",
        words(
            [
                "Ingredienser",
                "Gör så här",
                "Anteckningar",
                "Frågor",
                "Näringsvärde",
                "Förberedelse",
                "Tillagning",
                "Vila",
                "Totalt",
                "portioner",
                "forts.",
                "Skanna för hela receptet",
                "Av",
            ],
            spaced("tim", "min"),
        ),
    ),
    (
        "da",
        words(
            [
                "Ingredienser",
                "Fremgangsmåde",
                "Noter",
                "Spørgsmål",
                "Næringsindhold",
                "Forberedelse",
                "Tilberedning",
                "Hviletid",
                "I alt",
                "portioner",
                "fortsat",
                "Scan for hele opskriften",
                "Af",
            ],
            spaced("t", "min"),
        ),
    ),
    (
        "nb",
        words(
            [
                "Ingredienser",
                "Fremgangsmåte",
                "Notater",
                "Spørsmål",
                "Næringsinnhold",
                "Forberedelse",
                "Tilberedning",
                "Hvile",
                "Totalt",
                "porsjoner",
                "fortsettelse",
                "Skann for hele oppskriften",
                "Av",
            ],
            spaced("t", "min"),
        ),
    ),
    (
        "pl",
        words(
            [
                "Składniki",
                "Sposób przygotowania",
                "Uwagi",
                "Pytania",
                "Wartości odżywcze",
                "Przygotowanie",
                "Gotowanie",
                "Odpoczynek",
                "Razem",
                "porcje",
                "ciąg dalszy",
                "Zeskanuj, aby zobaczyć cały przepis",
                "Autor:",
            ],
            spaced("godz.", "min"),
        ),
    ),
    (
        "cs",
        words(
            [
                "Suroviny",
                "Postup",
                "Poznámky",
                "Otázky",
                "Nutriční hodnoty",
                "Příprava",
                "Vaření",
                "Odpočinek",
                "Celkem",
                "porce",
                "pokračování",
                "Naskenujte pro celý recept",
                "Autor:",
            ],
            spaced("h", "min"),
        ),
    ),
    (
        "sk",
        words(
            [
                "Suroviny",
                "Postup",
                "Poznámky",
                "Otázky",
                "Nutričné hodnoty",
                "Príprava",
                "Varenie",
                "Odpočinok",
                "Spolu",
                "porcie",
                "pokračovanie",
                "Naskenujte pre celý recept",
                "Autor:",
            ],
            spaced("h", "min"),
        ),
    ),
    (
        "hu",
        words(
            [
                "Hozzávalók",
                "Elkészítés",
                "Megjegyzések",
                "Kérdések",
                "Tápérték",
                "Előkészítés",
                "Főzés",
                "Pihentetés",
                "Összesen",
                "adag",
                "folytatás",
                "Szkennelje be a teljes receptért",
                "Szerző:",
            ],
            spaced("óra", "perc"),
        ),
    ),
    (
        "tr",
        words(
            [
                "Malzemeler",
                "Hazırlanışı",
                "Notlar",
                "Sorular",
                "Besin değerleri",
                "Hazırlık",
                "Pişirme",
                "Dinlenme",
                "Toplam",
                "porsiyon",
                "devamı",
                "Tarifin tamamı için tarayın",
                "Hazırlayan:",
            ],
            spaced("sa", "dk"),
        ),
    ),
    (
        "ru",
        words(
            [
                "Ингредиенты",
                "Приготовление",
                "Заметки",
                "Вопросы",
                "Пищевая ценность",
                "Подготовка",
                "Готовка",
                "Настаивание",
                "Всего",
                "порции",
                "продолжение",
                "Отсканируйте, чтобы открыть весь рецепт",
                "Автор:",
            ],
            spaced("ч", "мин"),
        ),
    ),
    (
        "uk",
        words(
            [
                "Інгредієнти",
                "Приготування",
                "Примітки",
                "Запитання",
                "Поживна цінність",
                "Підготовка",
                "Готування",
                "Настоювання",
                "Усього",
                "порції",
                "продовження",
                "Скануйте, щоб відкрити весь рецепт",
                "Автор:",
            ],
            spaced("год", "хв"),
        ),
    ),
    (
        "el",
        words(
            [
                "Υλικά",
                "Εκτέλεση",
                "Σημειώσεις",
                "Ερωτήσεις",
                "Διατροφική αξία",
                "Προετοιμασία",
                "Μαγείρεμα",
                "Ξεκούραση",
                "Σύνολο",
                "μερίδες",
                "συνέχεια",
                "Σαρώστε για ολόκληρη τη συνταγή",
                "Από",
            ],
            spaced("ώ.", "λεπ."),
        ),
    ),
    (
        "ja",
        words(
            [
                "材料",
                "作り方",
                "メモ",
                "よくある質問",
                "栄養成分",
                "下ごしらえ",
                "調理",
                "寝かせ",
                "合計",
                "人分",
                "続き",
                "スキャンしてレシピ全文を表示",
                "作:",
            ],
            TimeWords {
                minute: "分",
                hour: "時間",
                unit_gap: "",
                part_gap: "",
            },
        ),
    ),
    (
        "zh",
        words(
            [
                "食材",
                "做法",
                "备注",
                "常见问题",
                "营养成分",
                "准备",
                "烹饪",
                "静置",
                "总计",
                "人份",
                "续",
                "扫码查看完整食谱",
                "作者：",
            ],
            TimeWords {
                minute: "分钟",
                hour: "小时",
                unit_gap: "",
                part_gap: "",
            },
        ),
    ),
    (
        "ko",
        words(
            [
                "재료",
                "만드는 법",
                "메모",
                "자주 묻는 질문",
                "영양 정보",
                "준비",
                "조리",
                "휴지",
                "총",
                "인분",
                "계속",
                "스캔하여 전체 레시피 보기",
                "글:",
            ],
            TimeWords {
                minute: "분",
                hour: "시간",
                unit_gap: "",
                part_gap: " ",
            },
        ),
    ),
    (
        "ar",
        words(
            [
                "المكونات",
                "طريقة التحضير",
                "ملاحظات",
                "أسئلة",
                "القيمة الغذائية",
                "التحضير",
                "الطهي",
                "الراحة",
                "المجموع",
                "حصص",
                "يتبع",
                "امسح الرمز للوصفة الكاملة",
                "بقلم",
            ],
            spaced("ساعة", "دقيقة"),
        ),
    ),
    (
        "he",
        words(
            [
                "מצרכים",
                "אופן ההכנה",
                "הערות",
                "שאלות",
                "ערכים תזונתיים",
                "הכנה",
                "בישול",
                "מנוחה",
                "סה״כ",
                "מנות",
                "המשך",
                "סרקו למתכון המלא",
                "מאת",
            ],
            spaced("שע׳", "דק׳"),
        ),
    ),
    (
        "hi",
        words(
            [
                "सामग्री",
                "विधि",
                "टिप्पणियाँ",
                "प्रश्न",
                "पोषण",
                "तैयारी",
                "पकाना",
                "आराम",
                "कुल",
                "सर्विंग",
                "जारी",
                "पूरी रेसिपी के लिए स्कैन करें",
                "लेखक:",
            ],
            spaced("घंटे", "मिनट"),
        ),
    ),
    (
        "th",
        words(
            [
                "ส่วนผสม",
                "วิธีทำ",
                "หมายเหตุ",
                "คำถาม",
                "โภชนาการ",
                "เตรียม",
                "ปรุง",
                "พัก",
                "รวม",
                "ที่",
                "ต่อ",
                "สแกนเพื่อดูสูตรเต็ม",
                "โดย",
            ],
            spaced("ชม.", "นาที"),
        ),
    ),
];

/// Traditional Chinese (zh-Hant, zh-TW, zh-HK, zh-MO).
const ZH_HANT: Labels = words(
    [
        "食材",
        "做法",
        "備註",
        "常見問題",
        "營養成分",
        "準備",
        "烹調",
        "靜置",
        "總計",
        "人份",
        "續",
        "掃描查看完整食譜",
        "作者：",
    ],
    TimeWords {
        minute: "分鐘",
        hour: "小時",
        unit_gap: "",
        part_gap: "",
    },
);

/// A BCP-47 tag in lower case with `-` between its subtags, and the language its words are
/// looked up by: the primary subtag, with Norwegian as Bokmål for the macrolanguage tag.
fn normalized(lang: &str) -> (String, String) {
    let lower = lang.to_ascii_lowercase().replace('_', "-");
    let primary = match lower.split('-').next().unwrap_or("") {
        "no" | "nn" => "nb",
        other => other,
    }
    .to_string();
    (lower, primary)
}

/// The labels for a BCP-47 tag, by its primary language (and script, for Chinese).
pub fn labels(lang: &str) -> &'static Labels {
    let (lower, primary) = normalized(lang);
    if primary == "zh"
        && lower
            .split('-')
            .skip(1)
            .any(|p| matches!(p, "hant" | "tw" | "hk" | "mo"))
    {
        return &ZH_HANT;
    }
    LANGUAGES
        .iter()
        .find(|(code, _)| *code == primary)
        .map_or(&EN, |(_, labels)| labels)
}

/// The words of a cookbook's own pages: the contents and index heads, and the cover's
/// recipe count (`{n}` stands for the number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookWords {
    pub contents: &'static str,
    pub index: &'static str,
    pub recipes: &'static str,
}

/// Per language, as [`labels`] finds them; counts are worded to need no plural forms.
const BOOK_WORDS: &[(&str, [&str; 3])] = &[
    ("en", ["Contents", "Index", "{n} recipes"]),
    ("de", ["Inhalt", "Register", "{n} Rezepte"]),
    ("fr", ["Sommaire", "Index", "{n} recettes"]),
    ("vi", ["Mục lục", "Chỉ mục", "{n} công thức"]),
    ("es", ["Índice", "Índice alfabético", "{n} recetas"]),
    ("it", ["Indice", "Indice analitico", "{n} ricette"]),
    ("pt", ["Sumário", "Índice", "{n} receitas"]),
    ("nl", ["Inhoud", "Register", "{n} recepten"]),
    ("sv", ["Innehåll", "Register", "{n} recept"]),
    ("da", ["Indhold", "Register", "{n} opskrifter"]),
    ("nb", ["Innhold", "Register", "{n} oppskrifter"]),
    ("pl", ["Spis treści", "Indeks", "Przepisy: {n}"]),
    ("cs", ["Obsah", "Rejstřík", "Recepty: {n}"]),
    ("sk", ["Obsah", "Register", "Recepty: {n}"]),
    ("hu", ["Tartalom", "Tárgymutató", "{n} recept"]),
    ("tr", ["İçindekiler", "Dizin", "{n} tarif"]),
    ("ru", ["Содержание", "Указатель", "Рецептов: {n}"]),
    ("uk", ["Зміст", "Покажчик", "Рецептів: {n}"]),
    ("el", ["Περιεχόμενα", "Ευρετήριο", "{n} συνταγές"]),
    ("ja", ["目次", "索引", "全{n}レシピ"]),
    ("zh", ["目录", "索引", "共{n}道菜谱"]),
    ("ko", ["목차", "찾아보기", "레시피 {n}개"]),
    ("ar", ["المحتويات", "الفهرس", "عدد الوصفات: {n}"]),
    ("he", ["תוכן העניינים", "מפתח", "מספר המתכונים: {n}"]),
    ("hi", ["विषय सूची", "अनुक्रमणिका", "कुल व्यंजन: {n}"]),
    ("th", ["สารบัญ", "ดัชนี", "{n} สูตร"]),
];

/// The cookbook's words in `lang` (English for languages without them).
pub fn book_words(lang: &str) -> BookWords {
    let (_, primary) = normalized(lang);
    let [contents, index, recipes] = BOOK_WORDS
        .iter()
        .find(|(code, _)| *code == primary)
        .unwrap_or(&BOOK_WORDS[0])
        .1;
    BookWords {
        contents,
        index,
        recipes,
    }
}

/// Whether a BCP-47 tag's language is written right to left (Arabic, Hebrew, Persian,
/// Urdu and a few more): its paragraphs and its cards are laid out from the right.
pub fn is_rtl(lang: &str) -> bool {
    /// Languages written right to left unless their tag names another script.
    const RTL: [&str; 12] = [
        "ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "syr",
    ];
    /// Scripts written right to left (ISO 15924), for tags such as `pa-Arab`, `ku-Arab`.
    const RTL_SCRIPTS: [&str; 7] = ["arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"];
    let mut subtags = lang.split(['-', '_']);
    let primary = subtags.next().unwrap_or("");
    let script = subtags.find(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()));
    match script {
        Some(script) => RTL_SCRIPTS.iter().any(|s| script.eq_ignore_ascii_case(s)),
        None => RTL.iter().any(|l| primary.eq_ignore_ascii_case(l)),
    }
}

/// Minutes as "45 min", "1 h", "1 h 20 min" (in the language's words: "1時間20分").
pub fn format_minutes(labels: &Labels, minutes: u32) -> String {
    let TimeWords {
        minute,
        hour,
        unit_gap,
        part_gap,
    } = labels.time;
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}{unit_gap}{minute}"),
        (h, 0) => format!("{h}{unit_gap}{hour}"),
        (h, m) => format!("{h}{unit_gap}{hour}{part_gap}{m}{unit_gap}{minute}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_language_by_primary_subtag() {
        assert_eq!(labels("de-AT").ingredients, "Zutaten");
        assert_eq!(labels("vi").method, "Cách làm");
        assert_eq!(labels("pt-BR").ingredients, "Ingredientes");
        assert_eq!(labels("zh-Hans").notes, "备注");
        assert_eq!(labels("zh-TW").notes, "備註");
        assert_eq!(labels("no").ingredients, "Ingredienser");
        assert_eq!(labels("xx").ingredients, "Ingredients");
        assert_eq!(book_words("ja-JP").contents, "目次");
        assert_eq!(book_words("nn").index, "Register");
        assert_eq!(book_words("xx").recipes, "{n} recipes");
    }

    #[test]
    fn every_language_of_the_issue_has_its_own_words() {
        let languages = [
            "ja", "zh", "ko", "ar", "he", "hi", "th", "el", "ru", "uk", "es", "it", "pt", "nl",
            "sv", "da", "nb", "pl", "cs", "sk", "hu", "tr",
        ];
        for lang in languages {
            let l = labels(lang);
            assert_ne!(l.ingredients, EN.ingredients, "{lang}");
            assert_ne!(l.continued, EN.continued, "{lang}");
            assert!(!l.servings.is_empty() && !l.scan.is_empty(), "{lang}");
        }
    }

    #[test]
    fn formats_minutes() {
        assert_eq!(format_minutes(&EN, 45), "45 min");
        assert_eq!(format_minutes(&EN, 60), "1 h");
        assert_eq!(format_minutes(&EN, 80), "1 h 20 min");
        assert_eq!(format_minutes(labels("ja"), 80), "1時間20分");
        assert_eq!(format_minutes(labels("ko"), 80), "1시간 20분");
    }

    #[test]
    fn right_to_left_languages() {
        assert!(is_rtl("ar") && is_rtl("he-IL") && is_rtl("fa") && is_rtl("ur"));
        assert!(!is_rtl("en") && !is_rtl("hi") && !is_rtl("ja"));
        // The script subtag decides: Punjabi in Shahmukhi, Azerbaijani in Latin letters.
        assert!(is_rtl("pa-Arab") && is_rtl("ckb") && is_rtl("dv"));
        assert!(!is_rtl("az-Latn") && !is_rtl("uz-Latn") && !is_rtl("sd-Deva"));
    }
}
