//! Command-line definitions (clap derive) and their translation into a [`Config`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::impose;
use crate::layout::{self, Kind};
use crate::pagesize;
use crate::units::Size;

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
  cardgen recipes/ --paper letter -o cards.pdf    cards 2-up on Letter with crop marks
  cardgen recipes/ --template avery-5388 --size 3x5 --duplex long-edge -o cards.pdf
  cardgen calibrate --paper letter                a ruler sheet to check printing at 100 %
  cardgen page.html -o card.pdf                   a saved web page with schema.org recipe data
  cardgen export.paprikarecipes -o out/           a Paprika export, one PDF per recipe
  cardgen convert page.html -o recipe.yaml        move a recipe over to YAML, then edit it
  cardgen recipe.yaml --servings 6 --units metric scaled, in grams, millilitres and °C
  cardgen recipes/ --theme modern -o out/         another look: classic, modern, minimal
  cardgen recipe.yaml --theme my-theme.yaml       your fonts and colours (see themes/)

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

    /// Recipe files or folders of them: .yaml/.yml, schema.org .json, saved web pages
    /// (.html), Paprika (.paprikarecipe, .paprikarecipes), Cooklang (.cook), and Mealie or
    /// Tandoor exports (.json, .zip).
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

    /// Make one cookbook PDF (needs --layout sheet and -o FILE.pdf): cover, contents with
    /// page numbers, chapters by folder (or first tag), an index of recipes and ingredients.
    #[arg(long)]
    pub book: bool,

    /// The cookbook's title (with --book).
    #[arg(long, value_name = "TEXT", requires = "book")]
    pub title: Option<String>,

    /// Validate the recipes without writing anything (same as `cardgen check`).
    #[arg(long)]
    pub check: bool,

    /// Recipes to export in parallel (default: one per CPU core).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,

    /// The look: classic, modern, minimal, or a theme file (see docs/themes.md).
    #[arg(long, value_name = "NAME|FILE", default_value = "classic")]
    pub theme: String,

    /// A TrueType/OpenType font file for titles (instead of the theme's).
    #[arg(long, value_name = "FILE")]
    pub title_font: Option<PathBuf>,

    /// A TrueType/OpenType font file for body text (instead of the theme's).
    #[arg(long, value_name = "FILE")]
    pub body_font: Option<PathBuf>,

    #[command(flatten)]
    pub adjust: AdjustArgs,

    /// Print cards N-up on this paper (a4, letter, or any size), centred, with crop marks.
    #[arg(long, value_name = "SIZE", help_heading = "Printing")]
    pub paper: Option<String>,

    /// Print onto pre-cut card stock: avery-5388 (3x5 in), avery-5389 (4x6 in).
    #[arg(
        long,
        value_name = "NAME",
        conflicts_with = "paper",
        help_heading = "Printing"
    )]
    pub template: Option<String>,

    /// Continuation cards on the back of the same card, for double-sided printing
    /// (with --paper or --template); pick what the printer's duplex setting says.
    #[arg(long, value_enum, value_name = "EDGE", help_heading = "Printing")]
    pub duplex: Option<DuplexArg>,

    /// Space kept around every card on --paper, to cut with bleed: 3mm, 0.125in.
    #[arg(long, value_name = "LENGTH", help_heading = "Printing")]
    pub bleed: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DuplexArg {
    /// The printer flips the sheet over its long edge.
    LongEdge,
    /// The printer flips the sheet over its short edge.
    ShortEdge,
}

/// Scaling and units, for exporting and for `convert`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AdjustArgs {
    /// Scale the quantities to make this many servings (the recipe must give `servings`).
    #[arg(
        long,
        value_name = "N",
        conflicts_with = "scale",
        help_heading = "Quantities"
    )]
    pub servings: Option<f64>,

    /// Multiply every quantity by this factor: 2, 0.5, 1.5.
    #[arg(long, value_name = "FACTOR", help_heading = "Quantities")]
    pub scale: Option<f64>,

    /// Convert volumes, weights and oven temperatures: metric (g, ml, °C) or us (oz, cups, °F).
    #[arg(long, value_enum, value_name = "SYSTEM", help_heading = "Quantities")]
    pub units: Option<UnitsArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnitsArg {
    /// Grams, millilitres, litres, °C.
    Metric,
    /// Ounces, pounds, cups, °F.
    Us,
}

impl AdjustArgs {
    /// Checks the numbers; the only errors are usage errors.
    pub fn resolve(&self) -> Result<crate::recipe::scale::Adjust, Error> {
        use crate::recipe::scale::{Adjust, System, Target};
        let positive = |name: &str, v: f64| {
            if v.is_finite() && v > 0.0 && v <= 1000.0 {
                Ok(v)
            } else {
                Err(Error::Usage(format!(
                    "{name} must be a number above 0 and at most 1000, found {v}"
                )))
            }
        };
        let target = match (self.servings, self.scale) {
            (Some(n), _) => Some(Target::Servings(positive("--servings", n)?)),
            (None, Some(f)) => Some(Target::Factor(positive("--scale", f)?)),
            (None, None) => None,
        };
        Ok(Adjust {
            target,
            units: self.units.map(|u| match u {
                UnitsArg::Metric => System::Metric,
                UnitsArg::Us => System::Us,
            }),
        })
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a recipe from any format cardgen reads as cardgen YAML, to edit from then on.
    Convert(crate::import::convert::ConvertArgs),
    /// Validate recipes without writing anything: for editors and CI.
    Check {
        /// Recipe files or folders.
        #[arg(value_name = "RECIPE", required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Write a one-page sheet with a 100 mm and a 4 in ruler, to check the printer prints
    /// at actual size.
    Calibrate {
        /// The paper: a4, letter, or any size.
        #[arg(long, value_name = "SIZE", default_value = "a4")]
        paper: String,
        /// Where to write the PDF (`-` for stdout).
        #[arg(short, long, value_name = "PATH", default_value = "calibrate.pdf")]
        output: PathBuf,
    },
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    ///
    /// For example `cardgen completions bash > /usr/share/bash-completion/completions/cardgen`,
    /// `cardgen completions zsh > /usr/share/zsh/site-functions/_cardgen`, or
    /// `cardgen completions fish > ~/.config/fish/completions/cardgen.fish`.
    Completions(crate::extras::CompletionsArgs),
    /// Print the man page cardgen.1, or write it and one page per subcommand with --dir.
    ///
    /// Packages install them all: `cardgen man --dir /usr/share/man/man1` writes cardgen.1,
    /// cardgen-check.1, cardgen-convert.1 and the other subcommands' pages.
    Man(crate::extras::ManArgs),
    /// Print the JSON Schema of the recipe format, for editors that check and complete YAML.
    ///
    /// Save it (`cardgen schema > recipe.schema.json`) and start a recipe with
    /// `# yaml-language-server: $schema=recipe.schema.json` (a path relative to the recipe):
    /// the YAML extension of VS Code and other editors then complete the fields, show what
    /// each means, and mark unknown fields and wrong values as you type.
    Schema,
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
    /// Cookbook mode, with its title.
    pub book: Option<String>,
    pub inputs: Vec<PathBuf>,
    pub output: Option<PathBuf>,
    pub layout: layout::Options,
    pub no_photo: bool,
    pub check_only: bool,
    pub jobs: Option<usize>,
    pub quiet: bool,
    /// The theme; `title_font` and `body_font` replace its families.
    pub theme: crate::theme::Theme,
    pub title_font: Option<PathBuf>,
    pub body_font: Option<PathBuf>,
    /// Cards N-up on paper or card stock (`--paper`, `--template`, `--duplex`, `--bleed`).
    pub impose: Option<impose::Imposition>,
    /// `cardgen calibrate`: write the check sheet instead of exporting recipes.
    pub calibrate: Option<Calibrate>,
    /// Scaling and unit conversion applied to every recipe before layout.
    pub adjust: crate::recipe::scale::Adjust,
}

/// What `cardgen calibrate` writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibrate {
    pub paper: Size,
    /// A PDF file, or `-` for stdout.
    pub output: PathBuf,
}

impl Cli {
    /// Resolves defaults and sizes; the only errors are usage errors.
    pub fn into_config(self) -> Result<Config, Error> {
        let (inputs, check_only, calibrate) = match self.command {
            Some(Command::Check { inputs }) => (inputs, true, None),
            Some(Command::Calibrate { paper, output }) => {
                let paper = pagesize::parse(&paper).map_err(Error::Usage)?;
                (Vec::new(), false, Some(Calibrate { paper, output }))
            }
            Some(Command::Convert(_)) => {
                return Err(Error::Usage(
                    "`convert` is run by `cardgen::import::convert::run`".into(),
                ))
            }
            Some(Command::Completions(_) | Command::Man(_) | Command::Schema) => {
                return Err(Error::Usage(
                    "`completions`, `man` and `schema` are run by `cardgen::extras::run`".into(),
                ))
            }
            None => (self.inputs, self.check, None),
        };
        if inputs.is_empty() && calibrate.is_none() {
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
        let template = match self.template.as_deref() {
            Some(name) => Some(impose::Template::find(name).ok_or_else(|| {
                let known: Vec<&str> = impose::TEMPLATES.iter().map(|t| t.name).collect();
                Error::Usage(format!(
                    "unknown --template `{name}`; known: {}",
                    known.join(", ")
                ))
            })?),
            None => None,
        };
        let size = match (template, &self.size) {
            // Card stock decides the card size unless --size says otherwise.
            (Some(t), None) if kind == Kind::Card => t.card(),
            _ => pagesize::parse(self.size.as_deref().unwrap_or(default_size))
                .map_err(Error::Usage)?,
        };
        let landscape = match (self.portrait, self.landscape) {
            (true, _) => false,
            (_, true) => true,
            _ => kind == Kind::Card,
        };
        if self.jobs == Some(0) {
            return Err(Error::Usage("--jobs must be at least 1".into()));
        }
        if self.book && kind != Kind::Sheet {
            return Err(Error::Usage(
                "--book makes a book of full pages: add --layout sheet".into(),
            ));
        }
        let impose = imposition(
            kind,
            template,
            self.paper.as_deref(),
            self.bleed.as_deref(),
            self.duplex,
            pagesize::orient(size, landscape),
        )?;
        let adjust = self.adjust.resolve()?;
        let theme = crate::theme::Theme::resolve(&self.theme)?;
        Ok(Config {
            adjust,
            impose,
            calibrate,
            book: self
                .book
                .then(|| self.title.clone().unwrap_or_else(|| "Recipes".into())),
            inputs,
            output: self.output,
            layout: layout::Options {
                fit: match self.fit {
                    FitArg::Continue => layout::Fit::Continue,
                    FitArg::Shrink => layout::Fit::Shrink,
                },
                ink_saver: self.ink_saver,
                theme: theme.style,
                ..layout::Options::new(kind, pagesize::orient(size, landscape))
            },
            theme,
            no_photo: self.no_photo,
            check_only,
            jobs: self.jobs,
            quiet: self.quiet,
            title_font: self.title_font,
            body_font: self.body_font,
        })
    }
}

/// Resolves `--paper`, `--template`, `--duplex` and `--bleed`, and checks that the cards
/// fit, so a wrong combination is a usage error before any recipe is read.
fn imposition(
    kind: Kind,
    template: Option<&'static impose::Template>,
    paper: Option<&str>,
    bleed: Option<&str>,
    duplex: Option<DuplexArg>,
    card: Size,
) -> Result<Option<impose::Imposition>, Error> {
    let usage = |m: &str| Err(Error::Usage(m.into()));
    if paper.is_none() && template.is_none() {
        return match (duplex, bleed) {
            (Some(_), _) => usage("--duplex needs --paper or --template"),
            (_, Some(_)) => usage("--bleed needs --paper"),
            _ => Ok(None),
        };
    }
    if kind == Kind::Sheet {
        let flag = if paper.is_some() {
            "--paper"
        } else {
            "--template"
        };
        return Err(Error::Usage(format!(
            "{flag} is for cards, not --layout sheet (a sheet already fills its page)"
        )));
    }
    let target = match (template, paper) {
        (Some(_), _) if bleed.is_some() => {
            return usage("--bleed is for --paper; card stock is already cut")
        }
        (Some(t), _) => impose::Target::Template(t),
        (None, Some(paper)) => impose::Target::Paper {
            size: pagesize::parse(paper).map_err(|e| Error::Usage(format!("--paper: {e}")))?,
            bleed: bleed
                .map(impose::parse_length)
                .transpose()
                .map_err(|e| Error::Usage(format!("--bleed: {e}")))?
                .unwrap_or_default(),
        },
        (None, None) => unreachable!("checked above"),
    };
    impose::Plan::new(&target, card).map_err(Error::Usage)?;
    Ok(Some(impose::Imposition {
        target,
        duplex: duplex.map(|d| match d {
            DuplexArg::LongEdge => impose::Duplex::LongEdge,
            DuplexArg::ShortEdge => impose::Duplex::ShortEdge,
        }),
    }))
}
