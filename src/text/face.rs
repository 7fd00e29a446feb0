//! One loaded font face: the data the renderer embeds, plus the metrics, coverage and
//! cached shaping plans that shaping and measuring need. Below both the font book and the
//! installed-font index, which each hold faces.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use harfrust::font::Font as ReadFont;
use harfrust::{Direction, Language, Script, ShapePlan};

use super::style::{serif_from_name, FaceStyle};
use crate::frame::FontData;

/// What a shaping plan depends on (no user features are used).
type PlanKey = (Direction, Option<Script>, Option<Language>);

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
    /// What a fallback for this face should look like.
    pub style: FaceStyle,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("name", &self.data.name)
            .finish()
    }
}

impl Face {
    /// Parses a TrueType/OpenType face (or face `index` of a collection). `label` names
    /// the file in error messages. Faces without Latin letters are fine: they set the
    /// scripts they have, and the rest falls back to other faces.
    pub fn from_bytes(bytes: Vec<u8>, index: u32, label: &str) -> Result<Face, String> {
        Face::from_shared(Arc::from(bytes), index, label)
    }

    /// [`Face::from_bytes`] for data that may be shared with other faces of a collection.
    pub fn from_shared(shared: Arc<[u8]>, index: u32, label: &str) -> Result<Face, String> {
        if let Some(problem) = super::sfnt::problem(&shared, index) {
            return Err(format!("`{label}` is not a usable font: {problem}"));
        }
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
        if font.charmap().unicodes().next().is_none() {
            return Err(format!("`{label}` maps no characters; it cannot set text"));
        }
        let style = face_style(&font);
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
            style,
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

fn face_style(font: &ReadFont) -> FaceStyle {
    use harfrust::font::name::NameId;
    let attributes = font.default_attributes();
    let family = [NameId::TYPOGRAPHIC_FAMILY_NAME, NameId::FAMILY_NAME]
        .into_iter()
        .find_map(|id| Some(font.names().get(id)?.english_or_first()?.name().to_string()))
        .unwrap_or_default();
    FaceStyle {
        weight: attributes.weight.value().round().clamp(1.0, 1000.0) as u16,
        italic: attributes.style != harfrust::font::attribute::Style::Normal,
        serif: serif_from_name(&family),
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
