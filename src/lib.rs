//! cardgen: YAML recipes → print-ready PDF cards and sheets.
//!
//! The pipeline is parse → layout → render, each stage a module:
//! [`recipe`] turns YAML into a validated [`recipe::Recipe`] (with spans for diagnostics),
//! [`layout`] turns a recipe into [`frame::Frame`]s of positioned items (pure, no PDF),
//! and [`render`] writes frames to PDF. Lengths are [`units::Abs`] points throughout.

pub mod batch;
pub mod budget;
pub mod error;
pub mod export;
pub mod frame;
pub mod import;
pub mod impose;
pub mod input;
pub mod layout;
pub mod output;
pub mod pagesize;
pub mod photo;
pub mod publish;
pub mod qr;
pub mod recipe;
pub mod render;
pub mod report;
pub mod slug;
pub mod text;
pub mod theme;
pub mod units;
pub mod watch;
