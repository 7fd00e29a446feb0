//! The font book: the built-in families compiled into the binary, the theme's and user's faces,
//! and the per-character choice of a face along the fallback chain.

use std::borrow::Cow;
use std::sync::Arc;

use std::collections::HashMap;
use std::sync::RwLock;

use super::face::Face;
use super::style::CjkRegion;
use super::system::{FontSources, Request, SystemFonts};
use crate::frame::FontData;

/// Index of a face in a [`FontBook`] (and in [`crate::frame::Document::fonts`]).
pub type FaceId = usize;

/// The four styles of a text family. Missing styles fall back to the closest one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family {
    pub regular: FaceId,
    pub italic: FaceId,
    pub bold: FaceId,
    pub bold_italic: FaceId,
}

impl Family {
    /// The faces of the family (with repeats where styles share a face).
    pub fn ids(&self) -> [FaceId; 4] {
        [self.regular, self.italic, self.bold, self.bold_italic]
    }

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

/// All faces a document may use, shared across threads: the bundled and user faces,
/// then, found only when a character needs them, the machine's and `--font-path` fonts.
///
/// Face ids below `faces.len()` are the bundled and user faces; the ones above are slots
/// of [`SystemFonts`], stable for the life of the book.
#[derive(Debug)]
pub struct FontBook {
    faces: Vec<Face>,
    /// Serif family for titles.
    pub title: Family,
    /// Sans family for body text.
    pub body: Family,
    system: SystemFonts,
    /// The fallback chosen for a character a face lacks, per face and CJK region.
    chosen: RwLock<HashMap<(FaceId, char, CjkRegion), FaceId>>,
}

macro_rules! builtin_font {
    ($file:literal) => {
        (
            $file,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/", $file)).as_slice(),
        )
    };
}

/// The fonts compiled into the binary (OFL; licences in `fonts/`): the families of the
/// built-in themes, then Noto Sans faces for scripts they lack, so that one binary
/// prints Arabic, Hebrew, Devanagari and Thai anywhere (CJK faces are too large to
/// bundle: they come from the machine or `--font-path`).
const BUILTIN: [(&str, &[u8]); 15] = [
    builtin_font!("Lora_400Regular.ttf"),
    builtin_font!("Lora_400Regular_Italic.ttf"),
    builtin_font!("Lora_700Bold.ttf"),
    builtin_font!("BeVietnamPro_400Regular.ttf"),
    builtin_font!("BeVietnamPro_400Regular_Italic.ttf"),
    builtin_font!("BeVietnamPro_600SemiBold.ttf"),
    builtin_font!("BeVietnamPro_600SemiBold_Italic.ttf"),
    builtin_font!("NotoSansArabic_400Regular.ttf"),
    builtin_font!("NotoSansArabic_700Bold.ttf"),
    builtin_font!("NotoSansHebrew_400Regular.ttf"),
    builtin_font!("NotoSansHebrew_700Bold.ttf"),
    builtin_font!("NotoSansDevanagari_400Regular.ttf"),
    builtin_font!("NotoSansDevanagari_700Bold.ttf"),
    builtin_font!("NotoSansThai_400Regular.ttf"),
    builtin_font!("NotoSansThai_700Bold.ttf"),
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
        let mut book = FontBook {
            faces,
            title: BuiltinFamily::Lora.family(),
            body: BuiltinFamily::BeVietnamPro.family(),
            system: SystemFonts::new(FontSources::from_env()),
            chosen: RwLock::new(HashMap::new()),
        };
        // Lora's name does not say that it is a serif.
        for id in BuiltinFamily::Lora.family().ids() {
            book.faces[id].style.serif = Some(true);
        }
        book
    }

    /// Where fallback fonts come from (by default the machine's fonts and
    /// `CARDGEN_FONT_PATH`). Set it before laying anything out.
    pub fn with_sources(mut self, sources: FontSources) -> FontBook {
        self.system = SystemFonts::new(sources);
        self.chosen = RwLock::new(HashMap::new());
        self
    }

    pub fn sources(&self) -> &FontSources {
        self.system.sources()
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

    /// The face with id `id`: a bundled or user face, or a fallback face handed out by
    /// [`FontBook::pick`] (ids that were never handed out get the body face).
    pub fn face(&self, id: FaceId) -> &Face {
        match self.faces.get(id) {
            Some(face) => face,
            None => self
                .system
                .face(id - self.faces.len())
                .unwrap_or(&self.faces[self.body.regular]),
        }
    }

    /// The bundled and user faces (fallback faces are not listed).
    pub fn faces(&self) -> &[Face] {
        &self.faces
    }

    /// Font data for every face handed out so far, indexed by [`FaceId`], for the
    /// document (fallback slots never used get an empty placeholder; only faces with
    /// glyphs on a page are embedded).
    pub fn font_data(&self) -> Vec<Arc<FontData>> {
        let mut data: Vec<Arc<FontData>> = self.faces.iter().map(|f| f.data.clone()).collect();
        let loaded = self.system.loaded_len();
        if loaded > 0 {
            let placeholder = Arc::new(FontData {
                name: String::new(),
                data: Arc::from(Vec::new()),
                index: 0,
            });
            data.extend((0..loaded).map(|slot| {
                self.system
                    .face(slot)
                    .map_or_else(|| placeholder.clone(), |f| f.data.clone())
            }));
        }
        data
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
                // After a digit, "1⅓" would decompose to "11⁄3", which the shaper sets as
                // eleven thirds: a narrow no-break space keeps the whole number apart.
                let fraction = decomposed.contains('\u{2044}');
                if fraction && out.chars().next_back().is_some_and(|p| p.is_ascii_digit()) {
                    out.push('\u{202F}');
                }
                out.push_str(&decomposed);
            } else {
                out.push(c);
            }
        }
        Cow::Owned(out)
    }

    /// Whether some bundled or user face has `c` (controls and spaces need no glyph of
    /// their own). Characters whose compatibility decomposition only changes their width
    /// (full-width and CJK compatibility forms) count as printable: they belong to CJK
    /// text, whose fallback faces have them, and must not turn into Latin letters.
    fn can_print(&self, c: char) -> bool {
        c.is_control()
            || c.is_whitespace()
            || is_cjk_form(c)
            || self.faces.iter().any(|f| f.covers(c))
    }

    /// The face to set `c` in where `primary` lacks it: the best-matching bundled or user
    /// face that has it, else the best installed or `--font-path` face (indexed on first
    /// use), else `primary` itself (which draws its missing-glyph box: see
    /// [`crate::text::missing`]).
    pub fn pick(&self, primary: FaceId, c: char, region: CjkRegion) -> FaceId {
        if self.face(primary).covers(c) || c.is_control() {
            return primary;
        }
        let key = (primary, c, region);
        if let Some(&id) = self
            .chosen
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            return id;
        }
        let want = self.face(primary).style;
        let bundled = (0..self.faces.len())
            .filter(|&id| id != primary && self.faces[id].covers(c))
            .min_by_key(|&id| (want.distance(&self.faces[id].style), id));
        let found = bundled
            .or_else(|| {
                let request = Request {
                    style: want,
                    region,
                };
                self.system
                    .find(c, request)
                    .map(|slot| self.faces.len() + slot)
            })
            .unwrap_or(primary);
        if let Ok(mut chosen) = self.chosen.write() {
            chosen.insert(key, found);
        }
        found
    }
}

/// Full-width, half-width and CJK compatibility forms (U+3000–U+33FF, U+FE30–U+FE4F,
/// U+FF00–U+FFEF): their decomposition only changes their width.
fn is_cjk_form(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x33FF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF)
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
    fn builtin_families_cover_vietnamese_french_german() {
        let book = FontBook::builtin();
        let families = BuiltinFamily::ALL.map(BuiltinFamily::family);
        for id in families.iter().flat_map(Family::ids) {
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
        // A mixed number keeps its whole part apart from the fraction's numerator.
        assert_eq!(book.printable("1⅓ cups"), "1\u{202F}1⁄3 cups");
        // No decomposition to print: kept (it shows as a missing glyph, not silently dropped).
        assert_eq!(book.printable("\u{10FFFD}"), "\u{10FFFD}");
    }

    #[test]
    fn bundled_script_faces_cover_their_scripts_in_both_weights() {
        let book = FontBook::builtin();
        for sample in ["مرحبا", "שלום", "नमस्ते", "สวัสดี"] {
            for weight in [400, 700] {
                let face = book
                    .faces()
                    .iter()
                    .find(|f| f.style.weight == weight && sample.chars().all(|c| f.covers(c)));
                assert!(
                    face.is_some(),
                    "no bundled face of weight {weight} for {sample}"
                );
            }
        }
    }

    #[test]
    fn fallback_matches_the_weight_of_the_face_it_stands_in_for() {
        let book = FontBook::builtin().with_sources(FontSources::default());
        let region = CjkRegion::Simplified;
        let regular = book.pick(book.body.regular, 'م', region);
        let bold = book.pick(book.title.bold, 'م', region);
        assert_eq!(book.face(regular).data.name, "NotoSansArabic-Regular");
        assert_eq!(book.face(bold).data.name, "NotoSansArabic-Bold");
        // Nothing bundled has kana, and there are no other sources: the primary face.
        assert_eq!(
            book.pick(book.body.regular, 'あ', region),
            book.body.regular
        );
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
