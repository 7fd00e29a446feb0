//! `cardgen completions`, `cardgen man` and `cardgen schema`: files generated from our own
//! definitions (the clap command line in [`super::args`], the recipe format) for shells,
//! `man` and editors, printed to stdout so that packagers and users can put them where they
//! belong.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::roff::{roman, Roff};
use clap_mangen::Man;

use super::args::{Cli, Command, ManArgs};
use cardgen::error::Error;
use cardgen::recipe::SCHEMA;

/// Runs `completions`, `man` or `schema`; returns the files written (only `man --dir` writes
/// files, the others print to stdout).
pub fn run(command: &Command) -> Result<Vec<PathBuf>, Error> {
    match command {
        Command::Completions(args) => print(&completions(args.shell)).map(|()| Vec::new()),
        Command::Man(ManArgs { dir: None, .. }) => print(&man_page()).map(|()| Vec::new()),
        Command::Man(ManArgs {
            dir: Some(dir),
            force,
        }) => write_man_pages(dir, *force),
        Command::Schema => print(SCHEMA.as_bytes()).map(|()| Vec::new()),
        _ => Err(Error::Usage(
            "only `completions`, `man` and `schema` are generated files".into(),
        )),
    }
}

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "cardgen", &mut out);
    out
}

/// The man page `cardgen.1`: options, the subcommands (each with its own page), examples
/// and exit status.
pub fn man_page() -> Vec<u8> {
    let mut root = man_root();
    root.build();
    render_page(root, false)
}

/// Every page: `cardgen.1`, then `cardgen-SUBCOMMAND.1` for each subcommand, as
/// (file name, roff) pairs.
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let mut root = man_root();
    root.build();
    let mut pages = vec![("cardgen.1".to_string(), render_page(root.clone(), false))];
    for sub in root.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{}.1", sub.get_display_name().unwrap_or(sub.get_name()));
        pages.push((name, render_page(sub.clone(), true)));
    }
    pages
}

/// The command line as the man pages show it: without clap's `help` subcommand.
fn man_root() -> clap::Command {
    Cli::command().disable_help_subcommand(true)
}

/// Writes the pages into `dir`, replacing only cardgen's own pages unless `force`.
fn write_man_pages(dir: &Path, force: bool) -> Result<Vec<PathBuf>, Error> {
    let out = cardgen::output::Output::new(force);
    let mut written = Vec::new();
    for (name, page) in man_pages() {
        let path = dir.join(name);
        let target = cardgen::output::Target::Chosen(cardgen::output::Kind::Man);
        out.write(&path, &page, target)?;
        written.push(path);
    }
    Ok(written)
}

/// One page, as clap_mangen renders it, with two changes: the text after the options
/// (`after_help`: "Examples:", "Exit status:") becomes sections of their own, kept line by
/// line instead of filled into one paragraph, and the page starts with its `.TH` line.
fn render_page(cmd: clap::Command, subcommand: bool) -> Vec<u8> {
    let after = cmd
        .get_after_long_help()
        .or_else(|| cmd.get_after_help())
        .map(|s| s.to_string());
    let cmd = cmd
        .after_help(None::<&'static str>)
        .after_long_help(None::<&'static str>);
    let mut page = Vec::new();
    Man::new(cmd)
        .source(format!("cardgen {}", env!("CARGO_PKG_VERSION")))
        .render(&mut page)
        .expect("writing to memory");
    let page = String::from_utf8(page).expect("roff from UTF-8 text is UTF-8");

    let mut extra = Roff::default();
    if let Some(text) = after {
        preformatted_sections(&mut extra, &text);
    }
    if subcommand {
        extra.control("SH", ["SEE ALSO"]);
        extra.text([roman("cardgen(1)")]);
    }
    // Every rendering starts with the same preamble (how to print apostrophes).
    let preamble = Roff::default().render();
    let extra = extra.render();
    let extra = extra.strip_prefix(&preamble).unwrap_or(&extra);
    let Some((title, body)) = page
        .strip_prefix(&preamble)
        .and_then(|rest| rest.split_once('\n'))
    else {
        return format!("{page}{extra}").into_bytes();
    };
    let body = match body.find(".SH VERSION\n") {
        Some(at) => format!("{}{extra}{}", &body[..at], &body[at..]),
        None => format!("{body}{extra}"),
    };
    format!("{title}\n{preamble}{body}").into_bytes()
}

/// "Heading:" lines start a section (`.SH HEADING`); the lines under it are kept as written.
fn preformatted_sections(roff: &mut Roff, text: &str) {
    let mut blocks: Vec<(String, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        let heading = line
            .strip_suffix(':')
            .filter(|h| !h.is_empty() && !h.starts_with(char::is_whitespace));
        match (heading, blocks.last_mut()) {
            (Some(h), _) => blocks.push((h.to_uppercase(), Vec::new())),
            (None, Some((_, lines))) => lines.push(line),
            (None, None) => blocks.push(("NOTES".into(), vec![line])),
        }
    }
    for (heading, lines) in blocks {
        let start = lines.iter().position(|l| !l.trim().is_empty());
        let end = lines.iter().rposition(|l| !l.trim().is_empty());
        let (Some(start), Some(end)) = (start, end) else {
            continue;
        };
        roff.control("SH", [heading.as_str()]);
        roff.control("nf", []);
        for line in &lines[start..=end] {
            roff.text([roman(*line)]);
        }
        roff.control("fi", []);
    }
}

/// Writes to stdout; a reader that stops early (`| head`) is not an error.
fn print(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::io(Path::new("<stdout>"), &e))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page is generated from the same definitions as `--help`: every visible
    /// subcommand and long option is on it.
    #[test]
    fn man_page_has_every_option_and_subcommand() {
        let page = String::from_utf8(man_page()).expect("roff is UTF-8");
        let cli = Cli::command();
        for sub in cli.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = sub.get_name();
            assert!(
                page.contains(&format!("cardgen\\-{name}(1)")),
                "no {name} on the page"
            );
        }
        for arg in cli.get_arguments().filter(|a| !a.is_hide_set()) {
            if let Some(long) = arg.get_long() {
                let roff = format!("\\-\\-{}", long.replace('-', "\\-"));
                assert!(page.contains(&roff), "--{long} is not on the page");
            }
        }
    }
}
