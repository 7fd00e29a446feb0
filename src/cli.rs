//! Command-line definitions (clap derive) and their translation into a [`Config`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::layout::{self, Kind};
use crate::pagesize;

const EXAMPLES: &str = "\
Examples:
  cardgen recipe.yaml -o card.pdf                 one recipe → 4x6 in landscape cards
  cardgen recipe.yaml --layout sheet -o page.pdf  a full A4 recipe sheet
  cardgen recipe.yaml --size 3x5 -o small.pdf     3x5 in index cards
  cardgen recipe.yaml --size 100x150mm --portrait -o card.pdf
  cardgen recipe.yaml -o - | lp                   write the PDF to stdout
  cardgen recipes/ -o out/                        every recipe in a folder, one PDF each
  cardgen recipes/*.yaml -o cards.pdf             several recipes in one PDF
  cardgen check recipes/                          validate without writing anything

Exit status:
  0  everything was exported (or is valid)
  1  at least one recipe is invalid (problems are listed as FILE:LINE:COL: error: …)
  2  the command line is wrong
  3  a file could not be read or written";

/// Turn recipes written in YAML into print-ready PDF index cards and recipe sheets.
#[derive(Debug, Parser)]
#[command(
    name = "cardgen",
    version,
    about,
    long_about = "Turn recipes written in YAML into print-ready PDFs: index cards (3x5, 4x6, 5x8 in, A6, A7) \
                  and full-page recipe sheets, with embedded fonts, an optional photo, and a QR code linking \
                  back to the recipe's source.",
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Recipe files (.yaml, .yml) or folders of them.
    #[arg(value_name = "RECIPE")]
    pub inputs: Vec<PathBuf>,

    /// Where to write: a PDF file, `-` for stdout, or a folder (one PDF per recipe).
    /// Default: RECIPE.pdf in the current folder.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Index cards or full-page sheets.
    #[arg(long, value_enum, default_value_t = LayoutArg::Card)]
    pub layout: LayoutArg,

    /// Cards: 3x5, 4x6 (default), 5x8, a6, a7. Sheets: a4 (default), letter, a5.
    /// Any WxH with a unit also works: 100x150mm, 4x6in (bare numbers are inches).
    #[arg(long, value_name = "SIZE")]
    pub size: Option<String>,

    /// Portrait orientation (default for sheets).
    #[arg(long, conflicts_with = "landscape")]
    pub portrait: bool,

    /// Landscape orientation (default for cards).
    #[arg(long)]
    pub landscape: bool,

    /// Leave photos out.
    #[arg(long)]
    pub no_photo: bool,

    /// What a recipe too long for one card does: continue onto more cards, or shrink the
    /// type step by step (to about 7 pt) to fit one card first.
    #[arg(long, value_enum, default_value_t = FitArg::Continue)]
    pub fit: FitArg,

    /// Everyday printing: no photo or filled areas, lighter rules.
    #[arg(long)]
    pub ink_saver: bool,

    /// Validate the recipes without writing anything (same as `cardgen check`).
    #[arg(long)]
    pub check: bool,

    /// Recipes to export in parallel (default: one per CPU core).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,

    /// A TrueType/OpenType font file for titles (instead of the built-in Lora).
    #[arg(long, value_name = "FILE")]
    pub title_font: Option<PathBuf>,

    /// A TrueType/OpenType font file for body text (instead of the built-in Be Vietnam Pro).
    #[arg(long, value_name = "FILE")]
    pub body_font: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate recipes without writing anything: for editors and CI.
    Check {
        /// Recipe files or folders.
        #[arg(value_name = "RECIPE", required = true)]
        inputs: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FitArg {
    /// Continue onto further cards, marked "continued" and "1/2".
    Continue,
    /// Reduce the type size to fit one card before continuing.
    Shrink,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// Index cards.
    Card,
    /// Full-page recipe sheets.
    Sheet,
}

/// What a run does, resolved from the command line.
#[derive(Debug, Clone)]
pub struct Config {
    pub inputs: Vec<PathBuf>,
    pub output: Option<PathBuf>,
    pub layout: layout::Options,
    pub no_photo: bool,
    pub check_only: bool,
    pub jobs: Option<usize>,
    pub quiet: bool,
    pub title_font: Option<PathBuf>,
    pub body_font: Option<PathBuf>,
}

impl Cli {
    /// Resolves defaults and sizes; the only errors are usage errors.
    pub fn into_config(self) -> Result<Config, Error> {
        let (inputs, check_only) = match self.command {
            Some(Command::Check { inputs }) => (inputs, true),
            None => (self.inputs, self.check),
        };
        if inputs.is_empty() {
            return Err(Error::Usage(
                "no recipe given; try `cardgen recipe.yaml -o card.pdf` or `cardgen --help`".into(),
            ));
        }
        let kind = match self.layout {
            LayoutArg::Card => Kind::Card,
            LayoutArg::Sheet => Kind::Sheet,
        };
        let default_size = match kind {
            Kind::Card => "4x6",
            Kind::Sheet => "a4",
        };
        let size =
            pagesize::parse(self.size.as_deref().unwrap_or(default_size)).map_err(Error::Usage)?;
        let landscape = match (self.portrait, self.landscape) {
            (true, _) => false,
            (_, true) => true,
            _ => kind == Kind::Card,
        };
        if self.jobs == Some(0) {
            return Err(Error::Usage("--jobs must be at least 1".into()));
        }
        Ok(Config {
            inputs,
            output: self.output,
            layout: layout::Options {
                fit: match self.fit {
                    FitArg::Continue => layout::Fit::Continue,
                    FitArg::Shrink => layout::Fit::Shrink,
                },
                ink_saver: self.ink_saver,
                ..layout::Options::new(kind, pagesize::orient(size, landscape))
            },
            no_photo: self.no_photo,
            check_only,
            jobs: self.jobs,
            quiet: self.quiet,
            title_font: self.title_font,
            body_font: self.body_font,
        })
    }
}
