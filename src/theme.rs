//! Themes: the look users choose between, `--theme classic|modern|minimal` or a theme file.
//!
//! A theme is a [`style::Style`] (colours, type and spacing, which layout applies to every
//! template) plus the two font families, which [`Theme::font_book`] loads. A theme file is
//! YAML; every key is optional and starts from the theme it `extends` (classic by default):
//!
//! ```yaml
//! extends: modern
//! fonts:
//!   title: lora                       # a built-in family, one font file, or the styles:
//!   body: { regular: Inter.ttf, bold: Inter-Bold.ttf, italic: Inter-Italic.ttf }
//! colors: { accent: "#2f6f5e", rules: none }
//! type: { size: 1.05, line-spacing: 1.1, title-weight: regular, heads: plain }
//! spacing: 1.2
//! ```
//!
//! Font paths are relative to the theme file. Problems are reported like recipe problems:
//! `THEME:LINE:COL: error: …` with a `help:`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::error::{Diagnostic, Error, Lines, Span};
use crate::frame::Color;
use crate::layout::style::{self, Palette};
use crate::text::font::BuiltinFamily;
use crate::text::{Face, Family, FontBook, FontRole};

/// The largest theme file read: themes are a screenful of YAML.
const MAX_THEME_BYTES: usize = 64 << 10;
/// How far a theme may scale type, line spacing and gaps: beyond this, cards stop working.
const TYPE_SIZE_RANGE: (f64, f64) = (0.75, 1.35);
const LINE_SPACING_RANGE: (f64, f64) = (0.85, 1.6);
const SPACING_RANGE: (f64, f64) = (0.5, 2.0);

/// A resolved theme: the look and where its fonts come from.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub style: style::Style,
    pub title: FamilySource,
    pub body: FamilySource,
}

/// Where a family's faces come from.
#[derive(Debug, Clone, PartialEq)]
pub enum FamilySource {
    Builtin(BuiltinFamily),
    /// Font files; missing styles fall back to the closest given one.
    Files(FamilyFiles),
}

/// A family's font files (absolute, or relative to the working directory).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FamilyFiles {
    pub regular: PathBuf,
    pub bold: Option<PathBuf>,
    pub italic: Option<PathBuf>,
    pub bold_italic: Option<PathBuf>,
}

/// The built-in themes, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    Classic,
    Modern,
    Minimal,
}

impl Builtin {
    pub const ALL: [Builtin; 3] = [Builtin::Classic, Builtin::Modern, Builtin::Minimal];

    pub fn name(self) -> &'static str {
        match self {
            Builtin::Classic => "classic",
            Builtin::Modern => "modern",
            Builtin::Minimal => "minimal",
        }
    }

    pub fn from_name(name: &str) -> Option<Builtin> {
        Self::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name))
    }

    pub fn theme(self) -> Theme {
        use BuiltinFamily::*;
        let (style, title, body) = match self {
            Builtin::Classic => (style::Style::CLASSIC, Lora, BeVietnamPro),
            Builtin::Modern => (style::Style::MODERN, BeVietnamPro, BeVietnamPro),
            Builtin::Minimal => (style::Style::MINIMAL, Lora, Lora),
        };
        Theme {
            name: self.name().into(),
            style,
            title: FamilySource::Builtin(title),
            body: FamilySource::Builtin(body),
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Builtin::Classic.theme()
    }
}

impl Theme {
    /// `--theme VALUE`: a built-in name, else a theme file.
    pub fn resolve(value: &str) -> Result<Theme, Error> {
        if let Some(builtin) = Builtin::from_name(value) {
            return Ok(builtin.theme());
        }
        let path = Path::new(value);
        let looks_like_file = path.extension().is_some() || value.contains(['/', '\\']);
        if !looks_like_file && !path.exists() {
            let names: Vec<&str> = Builtin::ALL.iter().map(|t| t.name()).collect();
            let near = names
                .iter()
                .find(|n| strsim::damerau_levenshtein(n, &value.to_lowercase()) <= 2);
            let hint = match near {
                Some(name) => format!("did you mean `{name}`? "),
                None => String::new(),
            };
            return Err(Error::Usage(format!(
                "unknown theme `{value}`; {hint}the built-in themes are {}, or give a theme file (my-theme.yaml)",
                names.join(", ")
            )));
        }
        Theme::load(path)
    }

    /// Reads a theme file.
    pub fn load(path: &Path) -> Result<Theme, Error> {
        let bytes = match crate::input::read(path, MAX_THEME_BYTES) {
            Ok(bytes) => bytes,
            Err(crate::input::ReadError::TooLarge(_)) => {
                return Err(Error::invalid(too_large(path)))
            }
            Err(e) => return Err(e.into_error(path, "a theme")),
        };
        Theme::parse(path, &bytes).map_err(Error::invalid)
    }

    /// Parses a theme file's bytes; `path` names it in messages and anchors font paths.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Theme, Diagnostic> {
        // Windows editors start UTF-8 files with a byte order mark.
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        if bytes.len() > MAX_THEME_BYTES {
            return Err(too_large(path));
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            Diagnostic::new(
                path,
                Some(Lines::of_bytes(bytes).span(e.valid_up_to())),
                "this theme file is not UTF-8 text",
            )
            .with_help("save it as UTF-8 (or is it a font file? themes name fonts by path)")
        })?;
        let file: ThemeFile = if text.trim().is_empty() {
            ThemeFile::default()
        } else {
            serde_yaml::from_str(text).map_err(|e| yaml_diagnostic(path, text, &e))?
        };
        let dir = path.parent().unwrap_or(Path::new(""));
        Ok(file.resolve(path, dir))
    }

    /// The fonts the theme names, loaded: built-in families are already in the book.
    pub fn font_book(&self) -> Result<FontBook, Error> {
        let mut book = FontBook::builtin();
        for (source, role) in [(&self.title, FontRole::Title), (&self.body, FontRole::Body)] {
            match source {
                FamilySource::Builtin(family) => book.set_builtin(role, *family),
                FamilySource::Files(files) => {
                    let family = load_family(&mut book, files)?;
                    book.set_family(role, family);
                }
            }
        }
        Ok(book)
    }
}

fn too_large(path: &Path) -> Diagnostic {
    Diagnostic::new(path, None, "this theme file is too large")
        .with_help("a theme is a few lines of YAML; is this the right file?")
}

/// Loads a family's files into the book; missing styles fall back (bold italic to bold,
/// then italic, then regular).
fn load_family(book: &mut FontBook, files: &FamilyFiles) -> Result<Family, Error> {
    let mut load = |path: &Path| -> Result<usize, Error> {
        let bytes = crate::input::read(path, crate::input::MAX_FONT_BYTES).map_err(|e| {
            let message = match e.into_error(path, "a font") {
                Error::Io { message, .. } => message,
                other => other.to_string(),
            };
            Error::Io {
                path: path.to_path_buf(),
                message: format!(
                    "{message} (a font the theme names; paths are relative to the theme file)"
                ),
            }
        })?;
        let face = Face::from_bytes(bytes, 0, &path.display().to_string()).map_err(Error::Usage)?;
        Ok(book.add_face(face))
    };
    let regular = load(&files.regular)?;
    let mut optional = |path: &Option<PathBuf>| path.as_deref().map(&mut load).transpose();
    let bold = optional(&files.bold)?;
    let italic = optional(&files.italic)?;
    let bold_italic = optional(&files.bold_italic)?;
    Ok(Family {
        regular,
        bold: bold.unwrap_or(regular),
        italic: italic.unwrap_or(regular),
        bold_italic: bold_italic.or(bold).or(italic).unwrap_or(regular),
    })
}

/// A yaml_serde error as a located diagnostic, with a suggestion for misspelt keys.
fn yaml_diagnostic(path: &Path, text: &str, err: &serde_yaml::Error) -> Diagnostic {
    let span = err.location().map(|l| Span::at(text, l.index()));
    let text = err.to_string();
    // yaml_serde appends the position and prefixes the key path; we print both our way.
    let text = match text.rfind(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    let message = match text.split_once(": ") {
        Some((path, rest))
            if path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-[]".contains(c)) =>
        {
            rest
        }
        _ => text,
    };
    // serde names our Rust types ("expected struct TypeFile"); users wrote a mapping.
    let message: &str = &match message.find("expected struct ") {
        Some(i) => format!("{}expected a mapping of keys", &message[..i]),
        None => message.to_string(),
    };
    // Our own value errors carry their hint after "; ".
    let (message, hint) = match message.split_once("; ") {
        Some((message, hint)) if !message.starts_with("unknown field") => (message, Some(hint)),
        _ => (message, None),
    };
    let mut diag = Diagnostic::new(path, span, format!("theme: {message}"));
    if let Some(help) = unknown_field_help(message).or(hint.map(str::to_owned)) {
        diag = diag.with_help(help);
    }
    if diag.help.is_empty() {
        diag = diag.with_help(
            "see docs/themes.md for the keys a theme file has; `cardgen --theme classic` and friends are built in",
        );
    }
    diag
}

/// "unknown field `colours`, expected one of `extends`, `fonts`, …" → "did you mean …?".
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let best = candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(field, c), *c))
        .min()?;
    Some(if best.0 <= 3 {
        format!("did you mean `{}`?", best.1)
    } else {
        format!("the keys here are {}", quote_list(&candidates))
    })
}

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------------------
// The file, as written. Values are checked while they are read, so that yaml_serde
// reports a bad value where it is.

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ThemeFile {
    #[serde(default, deserialize_with = "builtin_theme")]
    extends: Option<Builtin>,
    #[serde(default)]
    fonts: FontsFile,
    #[serde(default)]
    colors: ColorsFile,
    #[serde(default, rename = "type")]
    type_: TypeFile,
    #[serde(default, deserialize_with = "spacing")]
    spacing: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FontsFile {
    title: Option<FamilyFile>,
    body: Option<FamilyFile>,
}

/// A family as written: a built-in name, one file, or a file per style.
#[derive(Debug)]
enum FamilyFile {
    Builtin(BuiltinFamily),
    Files(FamilyFiles),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct StylesFile {
    regular: PathBuf,
    bold: Option<PathBuf>,
    italic: Option<PathBuf>,
    bold_italic: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ColorsFile {
    #[serde(default, deserialize_with = "color")]
    ink: Option<Color>,
    #[serde(default, deserialize_with = "color")]
    accent: Option<Color>,
    #[serde(default, deserialize_with = "color")]
    heads: Option<Color>,
    #[serde(default, deserialize_with = "color")]
    muted: Option<Color>,
    /// `none` for no hairlines.
    #[serde(default, deserialize_with = "optional_color")]
    rules: Option<Option<Color>>,
    #[serde(default, deserialize_with = "color")]
    photo_background: Option<Color>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TypeFile {
    #[serde(default, deserialize_with = "type_size")]
    size: Option<f64>,
    #[serde(default, deserialize_with = "line_spacing")]
    line_spacing: Option<f64>,
    title_weight: Option<Weight>,
    heads: Option<HeadCase>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Weight {
    Bold,
    Regular,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum HeadCase {
    Caps,
    Plain,
}

impl ThemeFile {
    fn resolve(self, path: &Path, dir: &Path) -> Theme {
        let base = self.extends.unwrap_or(Builtin::Classic).theme();
        let family = |written: Option<FamilyFile>, base: FamilySource| match written {
            None => base,
            Some(FamilyFile::Builtin(family)) => FamilySource::Builtin(family),
            Some(FamilyFile::Files(files)) => FamilySource::Files(FamilyFiles {
                regular: dir.join(files.regular),
                bold: files.bold.map(|p| dir.join(p)),
                italic: files.italic.map(|p| dir.join(p)),
                bold_italic: files.bold_italic.map(|p| dir.join(p)),
            }),
        };
        let b = base.style;
        let colors = self.colors;
        let palette = Palette {
            ink: colors.ink.unwrap_or(b.palette.ink),
            accent: colors.accent.unwrap_or(b.palette.accent),
            // Heads follow a changed accent unless they are given.
            heads: colors.heads.or(colors.accent).unwrap_or(b.palette.heads),
            muted: colors.muted.unwrap_or(b.palette.muted),
            rule: colors.rules.unwrap_or(b.palette.rule),
            letterbox: colors.photo_background.unwrap_or(b.palette.letterbox),
        };
        let style = style::Style {
            palette,
            type_size: self.type_.size.unwrap_or(b.type_size),
            line_spacing: self.type_.line_spacing.unwrap_or(b.line_spacing),
            spacing: self.spacing.unwrap_or(b.spacing),
            title_bold: self
                .type_
                .title_weight
                .map_or(b.title_bold, |w| matches!(w, Weight::Bold)),
            head_caps: self
                .type_
                .heads
                .map_or(b.head_caps, |h| matches!(h, HeadCase::Caps)),
        };
        Theme {
            name: path
                .file_stem()
                .map_or_else(|| "theme".into(), |s| s.to_string_lossy().into_owned()),
            style,
            title: family(self.fonts.title, base.title),
            body: family(self.fonts.body, base.body),
        }
    }
}

fn builtin_theme<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Builtin>, D::Error> {
    let name = String::deserialize(d)?;
    Builtin::from_name(&name).map(Some).ok_or_else(|| {
        let names: Vec<&str> = Builtin::ALL.iter().map(|t| t.name()).collect();
        de::Error::custom(format!(
            "`extends: {name}` is not a built-in theme; use one of {}",
            quote_list(&names)
        ))
    })
}

impl<'de> Deserialize<'de> for FamilyFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FamilyVisitor;
        impl<'de> Visitor<'de> for FamilyVisitor {
            type Value = FamilyFile;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a built-in family (lora, be-vietnam-pro), a font file, or `regular:`/`bold:`/`italic:`/`bold-italic:` files")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FamilyFile, E> {
                if let Some(family) = BuiltinFamily::from_name(&v.to_lowercase()) {
                    return Ok(FamilyFile::Builtin(family));
                }
                let path = Path::new(v);
                let is_font = path.extension().is_some_and(|e| {
                    ["ttf", "otf", "ttc", "otc"]
                        .contains(&e.to_string_lossy().to_lowercase().as_str())
                });
                if !is_font {
                    return Err(E::custom(format!(
                        "`{v}` is neither a built-in family (lora, be-vietnam-pro) nor a .ttf/.otf font file"
                    )));
                }
                Ok(FamilyFile::Files(FamilyFiles {
                    regular: path.to_path_buf(),
                    ..FamilyFiles::default()
                }))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FamilyFile, A::Error> {
                let styles = StylesFile::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(FamilyFile::Files(FamilyFiles {
                    regular: styles.regular,
                    bold: styles.bold,
                    italic: styles.italic,
                    bold_italic: styles.bold_italic,
                }))
            }
        }
        d.deserialize_any(FamilyVisitor)
    }
}

/// `#rgb` or `#rrggbb` (the `#` may be left out).
pub fn parse_color(text: &str) -> Option<Color> {
    let hex = text.trim().trim_start_matches('#');
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize, len: usize| u8::from_str_radix(&hex[i..i + len], 16).ok();
    match hex.len() {
        3 => Some(Color::rgb(
            digit(0, 1)? * 17,
            digit(1, 1)? * 17,
            digit(2, 1)? * 17,
        )),
        6 => Some(Color::rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
        _ => None,
    }
}

fn color<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Color>, D::Error> {
    let text = String::deserialize(d)?;
    parse_color(&text).map(Some).ok_or_else(|| {
        de::Error::custom(format!(
            "`{text}` is not a colour; write it as \"#rrggbb\" (in quotes: # starts a YAML comment)"
        ))
    })
}

fn optional_color<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<Color>>, D::Error> {
    let text = String::deserialize(d)?;
    if text.trim().eq_ignore_ascii_case("none") {
        return Ok(Some(None));
    }
    parse_color(&text).map(|c| Some(Some(c))).ok_or_else(|| {
        de::Error::custom(format!(
            "`{text}` is not a colour; write it as \"#rrggbb\" (in quotes), or `none` for no rules"
        ))
    })
}

/// A factor within `range`, for the key `what`.
fn factor<'de, D: Deserializer<'de>>(
    d: D,
    what: &str,
    (low, high): (f64, f64),
) -> Result<Option<f64>, D::Error> {
    let value = f64::deserialize(d)?;
    if value.is_finite() && (low..=high).contains(&value) {
        Ok(Some(value))
    } else {
        Err(de::Error::custom(format!(
            "{what} {value} is out of range; use a factor from {low} to {high} (1 is the theme's own)"
        )))
    }
}

fn type_size<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    factor(d, "`size`", TYPE_SIZE_RANGE)
}

fn line_spacing<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    factor(d, "`line-spacing`", LINE_SPACING_RANGE)
}

fn spacing<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    factor(d, "`spacing`", SPACING_RANGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Theme, String> {
        Theme::parse(Path::new("dir/my.yaml"), text.as_bytes()).map_err(|d| d.to_string())
    }

    #[test]
    fn empty_file_is_classic() {
        let theme = parse("").unwrap();
        assert_eq!(theme.style, style::Style::CLASSIC);
        assert_eq!(theme.name, "my");
    }

    #[test]
    fn keys_override_the_base() {
        let theme = parse(
            "extends: minimal\ncolors:\n  accent: \"#2f6f5e\"\n  rules: none\ntype:\n  size: 1.1\n  heads: plain\nfonts:\n  body: be-vietnam-pro\n  title:\n    regular: fonts/A.ttf\n    bold: fonts/A-Bold.ttf\n",
        )
        .unwrap();
        assert_eq!(theme.style.palette.accent, Color::rgb(0x2f, 0x6f, 0x5e));
        assert_eq!(theme.style.palette.heads, Color::rgb(0x2f, 0x6f, 0x5e));
        assert_eq!(theme.style.palette.rule, None);
        assert_eq!(theme.style.type_size, 1.1);
        assert!(!theme.style.head_caps);
        assert!(!theme.style.title_bold, "minimal's regular titles stay");
        assert_eq!(
            theme.body,
            FamilySource::Builtin(BuiltinFamily::BeVietnamPro)
        );
        let FamilySource::Files(files) = &theme.title else {
            panic!("title fonts are files")
        };
        assert_eq!(files.regular, Path::new("dir/fonts/A.ttf"));
        assert_eq!(
            files.bold.as_deref(),
            Some(Path::new("dir/fonts/A-Bold.ttf"))
        );
        assert_eq!(files.italic, None);
    }

    #[test]
    fn misspelt_key_is_located_with_a_suggestion() {
        let err = parse("extends: modern\ncolours:\n  accent: \"#000\"\n").unwrap_err();
        assert_eq!(
            err,
            "dir/my.yaml:2:1: error: theme: unknown field `colours`, expected one of `extends`, `fonts`, `colors`, `type`, `spacing`\n  help: did you mean `colors`?"
        );
    }

    #[test]
    fn bad_values_are_located() {
        let err = parse("colors:\n  accent: #b5651d\n").unwrap_err();
        assert!(err.starts_with("dir/my.yaml:2:"), "{err}");
        assert_eq!(
            parse("colors:\n  accent: \"#b5651\"\n").unwrap_err(),
            "dir/my.yaml:2:3: error: theme: `#b5651` is not a colour\n  help: write it as \"#rrggbb\" (in quotes: # starts a YAML comment)"
        );
        assert_eq!(
            parse("type:\n  size: 3\n").unwrap_err(),
            "dir/my.yaml:2:3: error: theme: `size` 3 is out of range\n  help: use a factor from 0.75 to 1.35 (1 is the theme's own)"
        );
        let err = parse("fonts:\n  title: comic-sans\n").unwrap_err();
        assert!(
            err.contains("`comic-sans` is neither a built-in family"),
            "{err}"
        );
        let err = parse("extends: fancy\n").unwrap_err();
        assert!(
            err.contains("`extends: fancy` is not a built-in theme"),
            "{err}"
        );
        assert_eq!(
            parse("type: [1, 2]\n").unwrap_err(),
            "dir/my.yaml:1:7: error: theme: invalid type: sequence, expected a mapping of keys\n  help: see docs/themes.md for the keys a theme file has; `cardgen --theme classic` and friends are built in"
        );
        let err = parse("type:\n  heads: shouty\n").unwrap_err();
        assert!(err.starts_with("dir/my.yaml:2:"), "{err}");
        assert!(err.contains("unknown variant `shouty`"), "{err}");
    }

    #[test]
    fn colours_parse() {
        assert_eq!(parse_color("#fff"), Some(Color::WHITE));
        assert_eq!(parse_color("b5651d"), Some(Color::rgb(0xb5, 0x65, 0x1d)));
        assert_eq!(parse_color("#12345"), None);
        assert_eq!(parse_color("#gg0000"), None);
    }

    #[test]
    fn names_resolve_and_typos_get_a_hint() {
        assert_eq!(Theme::resolve("Modern").unwrap().name, "modern");
        let Err(Error::Usage(msg)) = Theme::resolve("minimall") else {
            panic!("usage error expected")
        };
        assert!(msg.contains("did you mean `minimal`?"), "{msg}");
    }

    #[test]
    fn builtin_themes_load_their_fonts() {
        for theme in Builtin::ALL {
            let book = theme.theme().font_book().unwrap();
            let body = book.face(book.body.regular).data.name.clone();
            let title = book.face(book.title.bold).data.name.clone();
            match theme {
                Builtin::Classic => {
                    assert_eq!((&*title, &*body), ("Lora-Bold", "BeVietnamPro-Regular"))
                }
                Builtin::Modern => assert_eq!(
                    (&*title, &*body),
                    ("BeVietnamPro-SemiBold", "BeVietnamPro-Regular")
                ),
                Builtin::Minimal => assert_eq!((&*title, &*body), ("Lora-Bold", "Lora-Regular")),
            }
        }
    }

    #[test]
    fn shipped_theme_files_spell_out_the_builtin_themes() {
        for builtin in Builtin::ALL {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("themes")
                .join(format!("{}.yaml", builtin.name()));
            let file = Theme::load(&path).unwrap();
            assert_eq!(
                Theme {
                    name: builtin.name().into(),
                    ..file
                },
                builtin.theme(),
                "{}",
                path.display()
            );
        }
    }
}
