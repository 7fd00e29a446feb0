//! cardgen: YAML recipes → print-ready PDF cards and sheets.
//!
//! The pipeline is parse → layout → render, each stage a module:
//! [`recipe`] turns YAML into a validated [`recipe::Recipe`] (with spans for diagnostics),
//! [`layout`] turns a recipe into [`frame::Frame`]s of positioned items (pure, no PDF),
//! and [`render`] writes frames to PDF. Lengths are [`units::Abs`] points throughout.
//!
//! Every module is public on purpose: the tests and the benchmarks drive each stage on
//! its own (a layout without a PDF, a PDF from hand-made frames). The command line is
//! not here: its clap definitions live in the binary (`src/cli/`), which builds the
//! options below ([`batch::RunOptions`]) and calls [`batch::run`].

// Runs: a whole command, one recipe through the pipeline, live preview.
pub mod batch;
pub mod export;
pub mod watch;

// Formats in and out.
pub mod import;
pub mod publish;
pub mod report;

// The stages and what they work with.
pub mod impose;
pub mod layout;
pub mod photo;
pub mod recipe;
pub mod render;
pub mod text;
pub mod theme;

// The vocabulary and the ground every stage stands on.
pub mod budget;
pub mod error;
pub mod frame;
pub mod input;
pub mod output;
pub mod pagesize;
pub mod qr;
pub mod slug;
pub mod units;
