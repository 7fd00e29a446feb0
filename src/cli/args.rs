//! Every clap definition of the command line, and nothing else: the arguments as the user
//! types them. What they mean for the library is worked out in [`super::config`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use cardgen::import;

const EXAMPLES: &str = "\
Examples:
  cardgen recipe.yaml -o card.pdf                 one recipe → 4x6 in landscape cards
  cardgen recipe.yaml --layout sheet -o page.pdf  a full A4 recipe sheet
  cardgen recipe.yaml --size 3x5 -o small.pdf     3x5 in index cards
  cardgen recipe.yaml --size 100x150mm --portrait -o card.pdf
  cardgen recipe.yaml -o - | lp                   write the PDF to stdout
  cardgen recipe.yaml -o card.png                 a 300 dpi PNG of each card (card-1.png, card-2.png…)
  cardgen recipe.yaml -o card.svg                 an SVG of each card, text as outlines
  cardgen watch recipe.yaml -o card.pdf --open    export again on every save
  cardgen - --from html -o card.pdf < page.html   a recipe on standard input
  cardgen convert recipe.yaml --to jsonld         schema.org JSON-LD for a blog post
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

    #[arg(
        value_name = "RECIPE",
        help = format!("Recipe files or folders of them: {}", import::formats_help())
    )]
    pub inputs: Vec<PathBuf>,

    /// Where to write: a PDF, PNG or SVG file (images: one per page, card-1.png…, or at
    /// a `{n}` in the name), `-` for stdout, or a folder (one file per recipe).
    /// Default: RECIPE.pdf in the current folder.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub image: ImageArgs,

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

    /// What a recipe too long for one card does. By default (economy) it takes the fewest
    /// cards a modest type reduction allows (to about 8 pt on 4x6), then continues onto
    /// more cards; `continue` keeps full-size type; `shrink` goes down to about 7 pt to fit
    /// one card first.
    #[arg(long, value_enum, default_value_t = FitArg::Economy)]
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

    /// Recipes to export in parallel (default: one per CPU core; at most 4 per core, and 64).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Replace existing files cardgen did not write (it replaces its own without asking).
    #[arg(long)]
    pub force: bool,

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

    /// A folder of fonts (searched with its subfolders) for characters that the theme's,
    /// the bundled and the installed fonts lack. Repeatable; CARDGEN_FONT_PATH adds more.
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,

    /// Refuse recipes with characters that no font can print (exit 1), instead of
    /// printing them as boxes with a warning.
    #[arg(long)]
    pub strict: bool,

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

/// The output format, the PNG resolution, how standard input is read, and how problems
/// are reported.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ImageArgs {
    /// The output format (default: from the output's extension, else pdf); needed with
    /// `-o -` for images.
    #[arg(long, value_enum, value_name = "FORMAT", help_heading = "Output")]
    pub format: Option<FormatArg>,

    /// The resolution of PNG output, in pixels per inch.
    #[arg(
        long,
        value_name = "N",
        default_value_t = cardgen::render::raster::DEFAULT_DPI,
        value_parser = clap::value_parser!(u32).range(1..=1200),
        help_heading = "Output"
    )]
    pub dpi: u32,

    /// The format of a recipe on standard input (`-`), when it cannot be told from its start.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<FromArg>,

    /// How problems are reported on stderr: human (FILE:LINE:COL: error: …) or json (one
    /// object a line, for editors and CI; see schema/README.md).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = MessageFormat::Human, global = true)]
    pub message_format: MessageFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Pdf,
    Png,
    Svg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FromArg {
    /// cardgen YAML.
    Yaml,
    /// schema.org Recipe JSON-LD.
    Jsonld,
    /// A web page with schema.org recipe data.
    Html,
    /// Cooklang.
    Cook,
    /// One Paprika recipe.
    Paprika,
    /// One Mealie recipe (JSON).
    Mealie,
    /// One Tandoor recipe (JSON).
    Tandoor,
}

impl FromArg {
    pub fn format(self) -> cardgen::import::Format {
        use cardgen::import::Format;
        match self {
            FromArg::Yaml => Format::Yaml,
            FromArg::Jsonld => Format::JsonLd,
            FromArg::Html => Format::Html,
            FromArg::Cook => Format::Cook,
            FromArg::Paprika => Format::Paprika,
            FromArg::Mealie => Format::Mealie,
            FromArg::Tandoor => Format::Tandoor,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum MessageFormat {
    #[default]
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DuplexArg {
    /// The printer flips the sheet over its long edge.
    LongEdge,
    /// The printer flips the sheet over its short edge.
    ShortEdge,
}

/// Scaling and units, for exporting and for `convert`.
#[derive(Debug, Clone, Default, Args)]
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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a recipe from any format cardgen reads as cardgen YAML, to edit from then on.
    Convert(ConvertArgs),
    /// Export, then export again whenever a recipe, its photo, the theme or a font file
    /// is saved, until Ctrl-C. Takes the same recipes and options as an export.
    ///
    /// For example `cardgen watch recipe.yaml -o card.png --open`.
    Watch {
        /// Open the output in the system's viewer after the first export.
        #[arg(long)]
        open: bool,
        /// The recipes and export options, as for `cardgen RECIPE… -o OUT`.
        #[arg(
            value_name = "RECIPE|OPTION",
            required = true,
            trailing_var_arg = true,
            allow_hyphen_values = true
        )]
        args: Vec<std::ffi::OsString>,
    },
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
    Completions(CompletionsArgs),
    /// Print the man page cardgen.1, or write it and one page per subcommand with --dir.
    ///
    /// Packages install them all: `cardgen man --dir /usr/share/man/man1` writes cardgen.1,
    /// cardgen-check.1, cardgen-convert.1 and the other subcommands' pages.
    Man(ManArgs),
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
    /// Use as few cards as a modest type reduction allows (at most 6 %, about 8 pt text on
    /// 4x6), then continue onto further cards.
    Economy,
    /// Continue onto further cards at full type size, marked "continued" and "1/2".
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

/// Options of `cardgen convert`.
#[derive(Debug, Clone, Args)]
pub struct ConvertArgs {
    #[arg(
        value_name = "INPUT",
        help = format!("A recipe in any format cardgen reads: {}", import::formats_help())
    )]
    pub input: PathBuf,

    /// The YAML file to write, or a folder (one YAML per recipe, named after its title).
    /// Default: print the YAML (photos inside the input are then left out).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Replace existing files cardgen did not write (photos beside the YAML, files in -o FOLDER) (it replaces its own without asking).
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub adjust: AdjustArgs,

    /// What to write: cardgen YAML, schema.org JSON-LD (for a web page's
    /// `<script type="application/ld+json">`), or Cooklang (.cook).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ConvertTo::Yaml)]
    pub to: ConvertTo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConvertTo {
    Yaml,
    Jsonld,
    Cooklang,
}

/// Options of `cardgen completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// Options of `cardgen man`.
#[derive(Debug, Clone, Args)]
pub struct ManArgs {
    /// Write cardgen.1 and one page per subcommand (cardgen-check.1, cardgen-convert.1, …)
    /// into this folder, created if needed, instead of printing cardgen.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Replace existing files cardgen did not write (it replaces its own without asking).
    #[arg(long)]
    pub force: bool,
}
