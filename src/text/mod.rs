//! Text: fonts, shaping, inline markup, hyphenation and line breaking.

pub mod font;
pub mod markup;
pub mod para;
pub mod sfnt;
pub mod shape;

pub use font::{Face, FaceId, Family, FontBook, FontRole};
pub use para::{Line, Paragraph, TextStyle};
