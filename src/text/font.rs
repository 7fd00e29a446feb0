//! Font faces: loading, metrics, and the built-in families compiled into the binary.

use std::borrow::Cow;
use std::sync::Arc;

use std::collections::HashMap;
use std::sync::RwLock;

use harfrust::font::Font as ReadFont;
use harfrust::{Direction, Language, Script, ShapePlan};

/// What a shaping plan depends on (no user features are used).
type PlanKey = (Direction, Option<Script>, Option<Language>);

use crate::frame::FontData;

/// Index of a face in a [`FontBook`] (and in [`crate::frame::Document::fonts`]).
pub type FaceId = usize;

/// One loaded face: the data the renderer embeds plus what shaping and measuring need.
pub struct Face {
    pub data: Arc<FontData>,
    font: ReadFont,
    /// Shaping plans by segment properties: building one costs far more than shaping
    /// a line, and a whole collection uses a handful.
    plans: RwLock<HashMap<PlanKey, Arc<ShapePlan>>>,
    units_per_em: f64,
    /// Ascender and descender in font units (descender positive, below the baseline).
    ascender: f64,
    descender: f64,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("name", &self.data.name)
            .finish()
    }
}

impl Face {
    /// Parses a TrueType/OpenType face. `label` names the file in error messages.
    pub fn from_bytes(bytes: Vec<u8>, index: u32, label: &str) -> Result<Face, String> {
        if let Some(problem) = super::sfnt::problem(&bytes, index) {
            return Err(format!("`{label}` is not a usable font: {problem}"));
        }
        let shared: Arc<[u8]> = Arc::from(bytes);
        // read-fonts shares the same allocation, so each face is held in memory once.
        let blob: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(shared.clone());
        let font = ReadFont::new(blob, index)
            .ok_or_else(|| format!("`{label}` is not a TrueType or OpenType font"))?;
        let metrics = font.metrics();
        let units_per_em = f64::from(metrics.units_per_em.max(1));
        // hhea first: it is what viewers and text extractors use for line boxes.
        let line = metrics.hhea_line.or(metrics.typo_line);
        let (ascender, descender) = match line {
            Some(line) => (line.ascender.to_f64(), -line.descender.to_f64()),
            None => (0.8 * units_per_em, 0.2 * units_per_em),
        };
        let name = postscript_name(&font).unwrap_or_else(|| sanitize_name(label));
        if font.charmap().map_unicode('a').is_none() && font.charmap().map_unicode('A').is_none() {
            return Err(format!(
                "`{label}` has no Latin letters; it cannot set recipe text"
            ));
        }
        Ok(Face {
            data: Arc::new(FontData {
                name,
                data: shared,
                index,
            }),
            font,
            plans: RwLock::new(HashMap::new()),
            units_per_em,
            ascender: ascender.max(0.0),
            descender: descender.max(0.0),
        })
    }

    pub fn font(&self) -> &ReadFont {
        &self.font
    }

    /// The shaping plan for a segment, built once per face and reused.
    pub fn plan(
        &self,
        direction: Direction,
        script: Option<Script>,
        language: Option<&Language>,
    ) -> Arc<ShapePlan> {
        let key = (direction, script, language.cloned());
        if let Some(plan) = self
            .plans
            .read()
            .ok()
            .and_then(|plans| plans.get(&key).cloned())
        {
            return plan;
        }
        let plan = Arc::new(ShapePlan::new(&self.font, direction, script, language, &[]));
        if let Ok(mut plans) = self.plans.write() {
            plans.insert(key, plan.clone());
        }
        plan
    }

    pub fn units_per_em(&self) -> f64 {
        self.units_per_em
    }

    /// Ascender as a fraction of the em.
    pub fn ascender_em(&self) -> f64 {
        self.ascender / self.units_per_em
    }

    /// Descender (positive) as a fraction of the em.
    pub fn descender_em(&self) -> f64 {
        self.descender / self.units_per_em
    }

    /// Whether the face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.font.charmap().map_unicode(c).is_some()
    }
}

fn postscript_name(font: &ReadFont) -> Option<String> {
    let name = font
        .names()
        .get(harfrust::font::name::NameId::POSTSCRIPT_NAME)?;
    let text = name.english_or_first()?.name().to_string();
    let clean = sanitize_name(&text);
    (!clean.is_empty()).then_some(clean)
}

/// PDF names allow only printable ASCII without delimiters; PostScript names are
/// usually fine already, file names may not be.
fn sanitize_name(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(63)
        .collect()
}

/// The four styles of a text family. Missing styles fall back to the closest one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family {
    pub regular: FaceId,
    pub italic: FaceId,
    pub bold: FaceId,
    pub bold_italic: FaceId,
}

impl Family {
    /// One face for every style.
    pub fn single(id: FaceId) -> Family {
        Family {
            regular: id,
            italic: id,
            bold: id,
            bold_italic: id,
        }
    }

    pub fn select(&self, bold: bool, italic: bool) -> FaceId {
        match (bold, italic) {
            (false, false) => self.regular,
            (false, true) => self.italic,
            (true, false) => self.bold,
            (true, true) => self.bold_italic,
        }
    }
}

/// All faces a document may use, loaded once and shared (read-only) across threads.
#[derive(Debug)]
pub struct FontBook {
    faces: Vec<Face>,
    /// Serif family for titles.
    pub title: Family,
    /// Sans family for body text.
    pub body: Family,
}

macro_rules! builtin_font {
    ($file:literal) => {
        (
            $file,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/", $file)).as_slice(),
        )
    };
}

/// The fonts compiled into the binary (OFL; licences in `fonts/`).
const BUILTIN: [(&str, &[u8]); 7] = [
    builtin_font!("Lora_400Regular.ttf"),
    builtin_font!("Lora_400Regular_Italic.ttf"),
    builtin_font!("Lora_700Bold.ttf"),
    builtin_font!("BeVietnamPro_400Regular.ttf"),
    builtin_font!("BeVietnamPro_400Regular_Italic.ttf"),
    builtin_font!("BeVietnamPro_600SemiBold.ttf"),
    builtin_font!("BeVietnamPro_600SemiBold_Italic.ttf"),
];

/// The families compiled into the binary, as themes name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltinFamily {
    /// Lora: a serif with calligraphic roots (regular, italic, bold).
    Lora,
    /// Be Vietnam Pro: a neo-grotesque sans (regular, italic, semibold, semibold italic).
    BeVietnamPro,
}

impl BuiltinFamily {
    pub const ALL: [BuiltinFamily; 2] = [BuiltinFamily::Lora, BuiltinFamily::BeVietnamPro];

    /// The name theme files use.
    pub fn name(self) -> &'static str {
        match self {
            BuiltinFamily::Lora => "lora",
            BuiltinFamily::BeVietnamPro => "be-vietnam-pro",
        }
    }

    pub fn from_name(name: &str) -> Option<BuiltinFamily> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Its faces in [`BUILTIN`] (and so in [`FontBook::builtin`]).
    fn family(self) -> Family {
        match self {
            BuiltinFamily::Lora => Family {
                regular: 0,
                italic: 1,
                bold: 2,
                bold_italic: 2,
            },
            BuiltinFamily::BeVietnamPro => Family {
                regular: 3,
                italic: 4,
                bold: 5,
                bold_italic: 6,
            },
        }
    }
}

impl FontBook {
    /// Lora for titles, Be Vietnam Pro for text: both cover Vietnamese, French and German.
    pub fn builtin() -> FontBook {
        let faces = BUILTIN
            .iter()
            .map(|(label, bytes)| {
                Face::from_bytes(bytes.to_vec(), 0, label).expect("bundled fonts are valid")
            })
            .collect();
        FontBook {
            faces,
            title: BuiltinFamily::Lora.family(),
            body: BuiltinFamily::BeVietnamPro.family(),
        }
    }

    /// Adds a face (for a family of the user's) and returns its id.
    pub fn add_face(&mut self, face: Face) -> FaceId {
        self.faces.push(face);
        self.faces.len() - 1
    }

    /// Sets the title or body family.
    pub fn set_family(&mut self, role: FontRole, family: Family) {
        match role {
            FontRole::Title => self.title = family,
            FontRole::Body => self.body = family,
        }
    }

    /// Sets the title or body family to a built-in one.
    pub fn set_builtin(&mut self, role: FontRole, family: BuiltinFamily) {
        self.set_family(role, family.family());
    }

    /// Replaces the title or body family with one user font file serving every style.
    pub fn with_user_face(mut self, face: Face, role: FontRole) -> FontBook {
        let id = self.add_face(face);
        self.set_family(role, Family::single(id));
        self
    }

    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[id]
    }

    pub fn faces(&self) -> &[Face] {
        &self.faces
    }

    /// Font data for every face, indexed by [`FaceId`], for the document.
    pub fn font_data(&self) -> Vec<Arc<FontData>> {
        self.faces.iter().map(|f| f.data.clone()).collect()
    }

    /// `text` with each character that no face has replaced by its compatibility
    /// decomposition when the faces have that ("⅓" → "1⁄3"), so that nothing is lost.
    pub fn printable<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if text.is_ascii() || text.chars().all(|c| self.can_print(c)) {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len() + 8);
        for c in text.chars() {
            if self.can_print(c) {
                out.push(c);
                continue;
            }
            let mut decomposed = String::new();
            unicode_normalization::char::decompose_compatible(c, |d| decomposed.push(d));
            let helps = decomposed.chars().ne(std::iter::once(c))
                && decomposed.chars().all(|d| self.can_print(d));
            if helps {
                out.push_str(&decomposed);
            } else {
                out.push(c);
            }
        }
        Cow::Owned(out)
    }

    /// Whether some face has `c` (controls and spaces need no glyph of their own).
    fn can_print(&self, c: char) -> bool {
        c.is_control() || c.is_whitespace() || self.faces.iter().any(|f| f.covers(c))
    }

    /// The faces to try, in order, for a character the primary face lacks.
    pub fn fallbacks(&self, primary: FaceId) -> impl Iterator<Item = FaceId> + '_ {
        [self.body.regular, self.title.regular]
            .into_iter()
            .chain(0..self.faces.len())
            .filter(move |&id| id != primary)
    }
}

/// Which family a user font replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontRole {
    Title,
    Body,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_faces_cover_vietnamese_french_german() {
        let book = FontBook::builtin();
        for id in 0..book.faces().len() {
            let face = book.face(id);
            for c in "ơưđĐẫệộữỳ ắằẳẵặ éèêëçœæ äöüßẞ ½¼¾–—’“”•·°×".chars()
            {
                if c != ' ' {
                    assert!(face.covers(c), "{} lacks {c:?}", face.data.name);
                }
            }
        }
    }

    #[test]
    fn characters_no_face_has_are_decomposed_not_lost() {
        let book = FontBook::builtin();
        assert!(!book.faces().iter().any(|f| f.covers('⅓')), "test premise");
        assert_eq!(
            book.printable("⅓ cup, ⅔ tsp, ½ egg"),
            "1⁄3 cup, 2⁄3 tsp, ½ egg"
        );
        assert!(matches!(book.printable("Phở bò ½"), Cow::Borrowed(_)));
        // No decomposition to print: kept (it shows as a missing glyph, not silently dropped).
        assert_eq!(book.printable("\u{10FFFD}"), "\u{10FFFD}");
    }

    #[test]
    fn postscript_names_are_read() {
        let book = FontBook::builtin();
        assert_eq!(book.face(book.title.bold).data.name, "Lora-Bold");
        assert_eq!(
            book.face(book.body.regular).data.name,
            "BeVietnamPro-Regular"
        );
    }
}
