//! Text: fonts and their fallback chain, shaping, bidi, inline markup, hyphenation and
//! line breaking.

pub mod font;
pub mod markup;
pub mod missing;
pub mod para;
pub mod sfnt;
pub mod shape;
pub mod style;
pub mod system;

pub use font::{Face, FaceId, Family, FontBook, FontRole};
pub use para::{Line, Paragraph, TextStyle};
pub use system::FontSources;
