//! `--theme`: the built-in themes change fonts and colours; a theme file's fonts load from
//! files relative to it; a bad theme is a located error and writes nothing.
//! (GitHub issue "Bring your recipes…": themes.)

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{cardgen, repo};

fn temp(name: &str) -> PathBuf {
    common::temp("themes", name)
}

fn pork() -> String {
    repo()
        .join("recipes/vietnamese-caramelised-pork.yaml")
        .display()
        .to_string()
}

#[track_caller]
fn run_ok(args: &[&str], cwd: &Path) {
    let out = cardgen(args, cwd);
    assert!(out.status.success(), "{}", common::stderr(&out));
}

/// The base font names (subset tag removed) `pdffonts` lists.
fn font_names(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("pdffonts runs");
    assert!(out.status.success());
    let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|n| n.split_once('+').map_or(n, |(_, name)| name).to_string())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Every distinct colour a content stream sets for filling (`r g b rg`).
fn fill_colours(pdf: &Path) -> Vec<String> {
    let qdf = pdf.with_extension("qdf.pdf");
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(&qdf)
        .status()
        .expect("qpdf runs");
    assert!(status.success());
    let bytes = std::fs::read(&qdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let mut colours: Vec<String> = text
        .lines()
        .filter(|l| l.ends_with(" rg"))
        .map(str::to_owned)
        .collect();
    colours.sort();
    colours.dedup();
    colours
}

/// `#b5651d` as the `rg` operator writes it.
fn rg(r: u8, g: u8, b: u8) -> String {
    let c = |v: u8| {
        let s = format!("{:.3}", f64::from(v) / 255.0);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    format!("{} {} {} rg", c(r), c(g), c(b))
}

#[test]
fn builtin_themes_use_their_own_fonts() {
    let dir = temp("builtin");
    let mut seen = Vec::new();
    for (theme, expect, absent) in [
        (
            "classic",
            ["Lora-Bold", "BeVietnamPro-Regular"],
            "Lora-Regular",
        ),
        (
            "modern",
            ["BeVietnamPro-SemiBold", "BeVietnamPro-Regular"],
            "Lora-Bold",
        ),
        (
            "minimal",
            ["Lora-Regular", "Lora-Italic"],
            "BeVietnamPro-Regular",
        ),
    ] {
        let pdf = dir.join(format!("{theme}.pdf"));
        run_ok(
            &[&pork(), "-o", pdf.to_str().unwrap(), "--theme", theme],
            &dir,
        );
        let fonts = font_names(&pdf);
        for name in expect {
            assert!(fonts.iter().any(|f| f == name), "{theme}: {fonts:?}");
        }
        assert!(!fonts.iter().any(|f| f == absent), "{theme}: {fonts:?}");
        seen.push(std::fs::read(&pdf).unwrap());
    }
    assert_ne!(seen[0], seen[1]);
    assert_ne!(seen[1], seen[2]);
}

#[test]
fn a_theme_file_sets_colours_and_loads_fonts_next_to_it() {
    let dir = temp("file");
    std::fs::create_dir_all(dir.join("look/fonts")).unwrap();
    // Any TrueType file will do as "the user's font": take a bundled one under a new name.
    std::fs::copy(
        repo().join("fonts/Lora_400Regular_Italic.ttf"),
        dir.join("look/fonts/Body.ttf"),
    )
    .unwrap();
    std::fs::write(
        dir.join("look/kitchen.yaml"),
        "extends: modern\nfonts:\n  body: fonts/Body.ttf\ncolors:\n  accent: \"#2f6f5e\"\n  rules: none\ntype:\n  heads: caps\n",
    )
    .unwrap();
    let pdf = dir.join("card.pdf");
    run_ok(
        &[&pork(), "-o", "card.pdf", "--theme", "look/kitchen.yaml"],
        &dir,
    );
    let fonts = font_names(&pdf);
    assert!(fonts.iter().any(|f| f == "Lora-Italic"), "{fonts:?}");
    assert!(
        fonts.iter().any(|f| f == "BeVietnamPro-SemiBold"),
        "{fonts:?}"
    );
    assert!(
        !fonts.iter().any(|f| f == "BeVietnamPro-Regular"),
        "{fonts:?}"
    );
    let colours = fill_colours(&pdf);
    assert!(colours.contains(&rg(0x2f, 0x6f, 0x5e)), "{colours:?}");
    assert!(!colours.contains(&rg(0x1f, 0x5f, 0x8b)), "{colours:?}");
}

#[test]
fn a_bad_theme_file_is_a_located_error_and_writes_nothing() {
    let dir = temp("bad");
    std::fs::write(
        dir.join("theme.yaml"),
        "extends: classic\ntype:\n  sise: 1.1\n",
    )
    .unwrap();
    let out = cardgen(&[&pork(), "-o", "card.pdf", "--theme", "theme.yaml"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "theme.yaml:3:3: error: theme: unknown field `sise`, expected one of `size`, `line-spacing`, `title-weight`, `heads`\n  help: did you mean `size`?\n"
    );
    assert!(!dir.join("card.pdf").exists());

    std::fs::write(dir.join("fonts.yaml"), "fonts:\n  title: missing.ttf\n").unwrap();
    let out = cardgen(&[&pork(), "-o", "card.pdf", "--theme", "fonts.yaml"], &dir);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "missing.ttf: error: no such file or directory (a font the theme names; paths are relative to the theme file)\n"
    );
    assert!(!dir.join("card.pdf").exists());
}

#[test]
fn an_unknown_theme_name_is_a_usage_error() {
    let dir = temp("name");
    let out = cardgen(&[&pork(), "-o", "card.pdf", "--theme", "modren"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: unknown theme `modren`; did you mean `modern`? the built-in themes are classic, modern, minimal, or give a theme file (my-theme.yaml)\n"
    );
    assert!(!dir.join("card.pdf").exists());
}
