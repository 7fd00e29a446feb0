//! Text: fonts and their fallback chain, shaping, bidi, inline markup, hyphenation and
//! line breaking.

pub mod bitmap;
pub mod face;
pub mod font;
pub mod markup;
pub mod missing;
pub mod para;
pub mod sfnt;
pub mod shape;
pub mod style;
pub mod system;

pub use face::Face;
pub use font::{FaceId, Family, FontBook, FontRole};
pub use para::{Line, Paragraph, TextStyle};
pub use system::FontSources;
