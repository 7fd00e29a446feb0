//! The `cardgen` binary: parse arguments, dispatch to the library, report, exit.

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use cardgen::batch::{self, Summary};
use cardgen::error::{Diagnostic, Error};
use cli::args::{Cli, Command, ConvertArgs, MessageFormat};

/// `--message-format json`: problems as JSON lines (set once, before anything is reported).
static JSON: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn json() -> bool {
    JSON.load(std::sync::atomic::Ordering::Relaxed)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.image.message_format == MessageFormat::Json;
    JSON.store(json, std::sync::atomic::Ordering::Relaxed);
    match &cli.command {
        Some(Command::Convert(args)) => return convert(args),
        Some(Command::Watch { open, args }) => {
            let mut exporter = cli::watch::WatchedExport::new(args.clone());
            return match cardgen::watch::run(&mut exporter, *open) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => report_fatal(&e),
            };
        }
        Some(command @ (Command::Completions(_) | Command::Man(_) | Command::Schema)) => {
            return generated(command)
        }
        Some(Command::Calibrate { paper, output }) => {
            let summary = cli::config::calibration(paper, output.clone())
                .and_then(|calibrate| batch::calibrate(&calibrate));
            return finish(summary, false, false);
        }
        Some(Command::Check { .. }) | None => {}
    }
    match cli.into_run_options() {
        Ok(options) => finish(batch::run(&options), options.quiet, options.check_only),
        Err(e) => report_fatal(&e),
    }
}

/// Reports a run (or why it could not start) and gives its exit status.
fn finish(summary: Result<Summary, Error>, quiet: bool, check_only: bool) -> ExitCode {
    match summary {
        Ok(summary) => {
            report(&summary, quiet, check_only);
            ExitCode::from(summary.exit_code() as u8)
        }
        Err(e) => report_fatal(&e),
    }
}

fn report(summary: &Summary, quiet: bool, check_only: bool) {
    let color = stderr_color();
    for error in &summary.errors {
        eprint!("{}", render_error(error, color));
    }
    eprint!("{}", render_diagnostics(&summary.notices, color));
    if json() {
        return;
    }
    let failed = summary.errors.len();
    if summary.missing_glyphs > 0 && summary.recipes > 1 {
        eprintln!(
            "{} of {} recipes have characters that no font has (see the warnings above)",
            summary.missing_glyphs, summary.recipes
        );
    }
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
    if json() {
        return cardgen::report::error_json(error)
            .into_iter()
            .map(|line| line + "\n")
            .collect();
    }
    match error {
        Error::Invalid(diags) => render_diagnostics(diags, color),
        other => format!("{other}\n"),
    }
}

fn render_diagnostics(diags: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    for d in diags {
        if json() {
            out.push_str(&cardgen::report::diagnostic_json(d));
            out.push('\n');
        } else {
            let _ = d.write_to(&mut out, color);
        }
    }
    out
}

/// `cardgen convert`: writes the YAML, says where (unless to stdout), and any caveats.
fn convert(args: &ConvertArgs) -> ExitCode {
    use cardgen::publish::Target;
    use cli::args::ConvertTo;
    let to = match args.to {
        ConvertTo::Yaml => None,
        ConvertTo::Jsonld => Some(Target::JsonLd),
        ConvertTo::Cooklang => Some(Target::Cooklang),
    };
    let converted = args.adjust.resolve().and_then(|adjust| {
        let (input, output) = (&args.input, args.output.as_deref());
        match to {
            Some(to) => cardgen::publish::run(input, output, &adjust, to, args.force)
                .map(|done| (done.notices, done.files)),
            None => cardgen::import::convert::run(input, output, &adjust, args.force)
                .map(|done| (done.notices, done.files)),
        }
    });
    match converted {
        Ok((notices, files)) => {
            eprint!("{}", render_diagnostics(&notices, stderr_color()));
            for file in &files {
                eprintln!(
                    "wrote {}",
                    cardgen::error::printable(&file.display().to_string())
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => report_fatal(&e),
    }
}

/// `cardgen completions`, `man` and `schema`: print (or write) what is generated from our
/// definitions.
fn generated(command: &Command) -> ExitCode {
    match cli::generate::run(command) {
        Ok(files) => {
            for file in &files {
                eprintln!(
                    "wrote {}",
                    cardgen::error::printable(&file.display().to_string())
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => report_fatal(&e),
    }
}

/// Problems of an export or check as the chosen `--message-format` prints them.
pub(crate) fn format_error(error: &Error) -> String {
    render_error(error, false)
}

/// Colours only on a terminal.
fn stderr_color() -> bool {
    std::io::stderr().is_terminal()
}

fn report_fatal(error: &Error) -> ExitCode {
    eprint!("{}", render_error(error, stderr_color()));
    ExitCode::from(error.exit_code() as u8)
}
