//! `cardgen watch`'s export: the same arguments parsed again for every export, so that a
//! changed theme file or font is read again too.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::Parser;

use super::args::Cli;
use cardgen::batch;

pub struct WatchedExport {
    args: Vec<OsString>,
    inputs: Vec<PathBuf>,
    output: Option<PathBuf>,
}

impl WatchedExport {
    pub fn new(args: Vec<OsString>) -> Self {
        WatchedExport {
            args,
            inputs: Vec::new(),
            output: None,
        }
    }
}

impl cardgen::watch::Exporter for WatchedExport {
    fn export(&mut self) -> Result<String, String> {
        let argv = std::iter::once(OsString::from("cardgen")).chain(self.args.iter().cloned());
        let cli = Cli::try_parse_from(argv).map_err(|e| e.to_string())?;
        if cli.command.is_some() || cli.inputs.iter().any(|i| i.as_os_str() == "-") {
            return Err(
                "error: watch takes recipe files and export options, not a subcommand or `-`\n"
                    .into(),
            );
        }
        let theme_file = PathBuf::from(&cli.theme);
        let options = cli
            .into_run_options()
            .map_err(|e| crate::format_error(&e))?;
        self.output = options.output.clone();
        self.inputs = batch::read_files(&options);
        if theme_file.is_file() {
            self.inputs.push(theme_file);
        }
        let summary = batch::run(&options).map_err(|e| crate::format_error(&e))?;
        if !summary.errors.is_empty() {
            return Err(summary.errors.iter().map(crate::format_error).collect());
        }
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let to = options
            .output
            .as_ref()
            .map_or_else(|| "the current folder".into(), |o| o.display().to_string());
        Ok(format!(
            "exported {} recipe{}, {} page{} → {to}",
            summary.recipes,
            plural(summary.recipes),
            summary.pages,
            plural(summary.pages)
        ))
    }

    fn inputs(&self) -> Vec<PathBuf> {
        if self.inputs.is_empty() {
            // The arguments did not even parse: watch the files they name.
            return self
                .args
                .iter()
                .map(PathBuf::from)
                .filter(|p| p.exists())
                .collect();
        }
        self.inputs.clone()
    }

    /// The output, or its first page when each page is a file of its own.
    fn output(&self) -> Option<PathBuf> {
        let output = self.output.clone()?;
        if output.exists() {
            return Some(output);
        }
        cardgen::render::format::page_paths(&output, 2)
            .into_iter()
            .next()
    }
}
