//! `cardgen watch`, standard input, and `--message-format json`.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{cardgen, repo, stderr, temp, BIN};

/// How long a test waits for watch to react before it fails.
const PATIENCE: Duration = Duration::from_secs(30);

fn copy_recipe(dir: &Path, name: &str) -> std::path::PathBuf {
    let to = dir.join(name);
    std::fs::copy(repo().join("recipes").join(name), &to).unwrap();
    to
}

/// Waits until `ready` holds, polling; panics after [`PATIENCE`].
fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn watch_exports_again_after_a_save_keeps_the_last_good_output_and_stops_on_ctrl_c() {
    let dir = temp("preview", "watch");
    let recipe = copy_recipe(&dir, "shakshuka.yaml");
    let mut child = Command::new(BIN)
        .args(["watch", "shakshuka.yaml", "-o", "card.pdf"])
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let reader = {
        let lines = lines.clone();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        })
    };
    let count = |needle: &str| {
        lines
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.contains(needle))
            .count()
    };
    let pdf = dir.join("card.pdf");
    wait_for("the first export", || {
        count("watching") == 1 && pdf.exists()
    });
    let first = std::fs::read(&pdf).unwrap();

    // A save with a new title: exported again.
    let text = std::fs::read_to_string(&recipe).unwrap();
    std::fs::write(
        &recipe,
        text.replace("title: Shakshuka", "title: Green Shakshuka"),
    )
    .unwrap();
    wait_for("the second export", || count("exported 1 recipe") >= 2);
    let second = std::fs::read(&pdf).unwrap();
    assert_ne!(first, second, "the PDF changed");

    // A bad edit: the located error, and the last good PDF stays.
    std::fs::write(&recipe, text.replace("servings: 2", "servings: [2")).unwrap();
    wait_for("the error", || {
        count("shakshuka.yaml:") >= 1 && count("last good output") == 1
    });
    assert_eq!(std::fs::read(&pdf).unwrap(), second);

    let pid = child.id().to_string();
    let status = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(status.success());
    let start = Instant::now();
    let exit = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < PATIENCE, "watch did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    reader.join().unwrap();
    assert_eq!(exit.code(), Some(0), "{:?}", lines.lock().unwrap());
    let all = lines.lock().unwrap().join("\n");
    // One line per export, with the time it took.
    assert!(
        regex_lite::Regex::new(r"exported 1 recipe, 1 page → card.pdf in \d+ ms")
            .unwrap()
            .is_match(&all),
        "{all}"
    );
}

fn with_stdin(args: &[&str], input: &[u8], cwd: &Path) -> std::process::Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_recipe_on_standard_input_becomes_a_card() {
    let dir = temp("preview", "stdin");
    let yaml = std::fs::read(repo().join("recipes/shakshuka.yaml")).unwrap();
    let out = with_stdin(&["-", "-o", "card.pdf"], &yaml, &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = Command::new("pdftotext")
        .arg(dir.join("card.pdf"))
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("Shakshuka"));
}

#[test]
fn from_names_the_format_and_errors_name_stdin() {
    let dir = temp("preview", "from");
    let cook = b">> title: Toast\n\nToast @bread{2%slices}.\n";
    let out = with_stdin(&["-", "--from", "cook", "-o", "toast.pdf"], cook, &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.join("toast.pdf").exists());

    let out = with_stdin(&["-", "-o", "bad.pdf"], b"title: X\nservings: [2\n", &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("<stdin>:"), "{}", stderr(&out));
    assert!(!dir.join("bad.pdf").exists());

    let out = with_stdin(&["-"], b"title: X\n", &dir);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn json_messages_are_one_object_a_line_with_every_field() {
    let dir = temp("preview", "json");
    std::fs::write(dir.join("bad.yaml"), "title: X\nservigns: 2\n").unwrap();
    for args in [
        &["check", "--message-format", "json", "bad.yaml"][..],
        &["bad.yaml", "--message-format", "json", "-o", "x.pdf"][..],
    ] {
        let out = cardgen(args, &dir);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert!(!lines.is_empty());
        for line in &lines {
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
            for key in [
                "file",
                "line",
                "column",
                "end_line",
                "end_column",
                "severity",
                "message",
                "help",
            ] {
                assert!(v.get(key).is_some(), "{key} missing in {line}");
            }
        }
        let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(v["file"], "bad.yaml");
        assert_eq!(v["line"], 2);
        assert_eq!(v["column"], 1);
        assert_eq!(v["severity"], "error");
        assert!(v["message"].as_str().unwrap().contains("servigns"));
    }
}

#[test]
fn warnings_come_as_json_too() {
    let dir = temp("preview", "json-warning");
    std::fs::write(dir.join("r.yaml"), "title: Soup\nsteps:\n  - Add 味噌.\n").unwrap();
    let out = common::without_installed_fonts(
        &["r.yaml", "--message-format", "json", "-o", "r.pdf"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["severity"], "warning");
    assert_eq!(v["file"], "r.yaml");
    assert_eq!(
        (v["line"].as_u64(), v["column"].as_u64()),
        (Some(3), Some(9))
    );
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("味 (U+5473), 噌 (U+564C)"),
        "{v}"
    );
}
