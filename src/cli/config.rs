//! The command line resolved into the library's options: sizes parsed, defaults filled
//! in, combinations checked. Every error here is a usage error (exit status 2), found
//! before any recipe is read.

use std::path::PathBuf;

use super::args::{
    AdjustArgs, Cli, Command, DuplexArg, FitArg, FormatArg, FromArg, ImageArgs, LayoutArg, UnitsArg,
};
use cardgen::batch::{Calibrate, RunOptions};
use cardgen::error::Error;
use cardgen::impose;
use cardgen::layout::{self, Medium};
use cardgen::pagesize;
use cardgen::recipe::scale::{Adjust, System, Target};
use cardgen::theme::Theme;
use cardgen::units::Size;

impl AdjustArgs {
    /// Checks the numbers; the only errors are usage errors.
    pub fn resolve(&self) -> Result<Adjust, Error> {
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

impl Cli {
    /// The export (or check) that `cardgen [check] RECIPE…` asks for, defaults and sizes
    /// resolved; the only errors are usage errors. The other subcommands are not exports:
    /// `main` dispatches them before this.
    pub fn into_run_options(self) -> Result<RunOptions, Error> {
        let (inputs, check_only) = match self.command {
            Some(Command::Check { inputs }) => (inputs, true),
            Some(_) => {
                return Err(Error::Usage(
                    "only `check` of the subcommands is an export".into(),
                ))
            }
            None => (self.inputs, self.check),
        };
        if inputs.is_empty() {
            return Err(Error::Usage(
                "no recipe given; try `cardgen recipe.yaml -o card.pdf` or `cardgen --help`".into(),
            ));
        }
        let kind = match self.layout {
            LayoutArg::Card => Medium::Card,
            LayoutArg::Sheet => Medium::Sheet,
        };
        let default_size = match kind {
            Medium::Card => "4x6",
            Medium::Sheet => "a4",
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
            (Some(t), None) if kind == Medium::Card => t.card(),
            _ => pagesize::parse(self.size.as_deref().unwrap_or(default_size))
                .map_err(Error::Usage)?,
        };
        let landscape = match (self.portrait, self.landscape) {
            (true, _) => false,
            (_, true) => true,
            _ => kind == Medium::Card,
        };
        if self.jobs == Some(0) {
            return Err(Error::Usage("--jobs must be at least 1".into()));
        }
        if self.book && kind != Medium::Sheet {
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
        let theme = Theme::resolve(&self.theme)?;
        let rendering = self.image.rendering(self.output.as_deref());
        Ok(RunOptions {
            rendering,
            from: self.image.from.map(FromArg::format),
            adjust,
            impose,
            cookbook: self
                .book
                .then(|| self.title.clone().unwrap_or_else(|| "Recipes".into())),
            inputs,
            output: self.output,
            layout: layout::Options {
                fit: match self.fit {
                    FitArg::Economy => layout::Overflow::Economy,
                    FitArg::Continue => layout::Overflow::Continue,
                    FitArg::Shrink => layout::Overflow::Shrink,
                },
                ink_saver: self.ink_saver,
                theme: theme.style,
                ..layout::Options::new(kind, pagesize::orient(size, landscape))
            },
            theme,
            no_photo: self.no_photo,
            check_only,
            jobs: self.jobs,
            force: self.force,
            quiet: self.quiet,
            title_font: self.title_font,
            body_font: self.body_font,
            font_path: self.font_path,
            strict: self.strict,
        })
    }
}

impl ImageArgs {
    /// The format from `--format`, else from the output's extension, else PDF.
    fn rendering(&self, output: Option<&std::path::Path>) -> cardgen::render::Rendering {
        use cardgen::render::{Format, Rendering};
        let format = match self.format {
            Some(FormatArg::Pdf) => Format::Pdf,
            Some(FormatArg::Png) => Format::Png,
            Some(FormatArg::Svg) => Format::Svg,
            None => output.and_then(Format::from_path).unwrap_or_default(),
        };
        Rendering {
            format,
            dpi: self.dpi,
        }
    }
}

/// Resolves `--paper`, `--template`, `--duplex` and `--bleed`, and checks that the cards
/// fit, so a wrong combination is a usage error before any recipe is read.
fn imposition(
    kind: Medium,
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
    if kind == Medium::Sheet {
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

/// `cardgen calibrate --paper SIZE -o PATH`.
pub fn calibration(paper: &str, output: PathBuf) -> Result<Calibrate, Error> {
    let paper = pagesize::parse(paper).map_err(Error::Usage)?;
    Ok(Calibrate { paper, output })
}
