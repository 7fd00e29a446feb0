//! The `cardgen` binary: parse arguments, run, report, exit.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use cardgen::batch::{self, Summary};
use cardgen::cli::{Cli, Command};
use cardgen::error::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(cardgen::cli::Command::Convert(args)) = &cli.command {
        return convert(args);
    }
    if let Some(command @ (Command::Completions(_) | Command::Man(_) | Command::Schema)) =
        &cli.command
    {
        return extras(command);
    }
    let config = match cli.into_config() {
        Ok(config) => config,
        Err(e) => return report_fatal(&e),
    };
    match batch::run(&config) {
        Ok(summary) => {
            report(&summary, config.quiet, config.check_only);
            ExitCode::from(summary.exit_code() as u8)
        }
        Err(e) => report_fatal(&e),
    }
}

fn report(summary: &Summary, quiet: bool, check_only: bool) {
    let color = std::io::stderr().is_terminal();
    for error in &summary.errors {
        eprint!("{}", render_error(error, color));
    }
    for (file, title, cards) in &summary.still_long {
        eprintln!(
            "{}: note: “{title}” still needs {cards} cards with --fit shrink",
            file.display()
        );
    }
    let failed = summary.errors.len();
    if failed > 0 && summary.recipes > 1 {
        eprintln!("{failed} of {} recipes failed", summary.recipes);
    } else if !quiet && summary.recipes > 1 {
        if check_only {
            eprintln!(
                "checked {} recipes: all valid ({:.2} s)",
                summary.recipes, summary.seconds
            );
        } else {
            eprintln!(
                "exported {} recipes: {} pages in {:.2} s",
                summary.recipes, summary.pages, summary.seconds
            );
        }
    }
}

fn render_error(error: &Error, color: bool) -> String {
    match error {
        Error::Invalid(diags) => {
            let mut out = String::new();
            for d in diags {
                let _ = d.write_to(&mut out, color);
            }
            out
        }
        other => format!("{other}\n"),
    }
}

/// `cardgen convert`: writes the YAML, says where (unless to stdout), and any caveats.
fn convert(args: &cardgen::import::convert::ConvertArgs) -> ExitCode {
    match cardgen::import::convert::run(args) {
        Ok(done) => {
            for note in &done.notes {
                eprintln!("note: {note}");
            }
            for file in &done.files {
                eprintln!("wrote {}", file.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => report_fatal(&e),
    }
}

/// `cardgen completions`, `man` and `schema`: print (or write) what is generated from our
/// definitions.
fn extras(command: &Command) -> ExitCode {
    match cardgen::extras::run(command) {
        Ok(files) => {
            for file in &files {
                eprintln!("wrote {}", file.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => report_fatal(&e),
    }
}

fn report_fatal(error: &Error) -> ExitCode {
    eprint!("{}", render_error(error, std::io::stderr().is_terminal()));
    ExitCode::from(error.exit_code() as u8)
}
