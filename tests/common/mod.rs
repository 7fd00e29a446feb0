//! What the integration tests share: the binary, the repository, fresh folders, and
//! running cardgen. (Each test file uses some of these, hence `dead_code`.)
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_cardgen");

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty folder for one test of one suite.
pub fn temp(suite: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cardgen-{suite}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs cardgen in `cwd` with no stdin.
pub fn cardgen<S: AsRef<OsStr>>(args: &[S], cwd: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .expect("cardgen runs")
}

/// Runs cardgen in `cwd` without the machine's fonts (and without CARDGEN_FONT_PATH): as
/// on a machine that has only the bundled ones.
pub fn without_installed_fonts<S: AsRef<OsStr>>(args: &[S], cwd: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .env("CARDGEN_NO_SYSTEM_FONTS", "1")
        .env_remove("CARDGEN_FONT_PATH")
        .output()
        .expect("cardgen runs")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Waits for `child`, killing it and failing the test if it runs longer than `limit`, so
/// that a hang fails instead of blocking the test run.
pub fn wait_within(
    mut child: std::process::Child,
    limit: std::time::Duration,
    what: &str,
) -> Output {
    let deadline = std::time::Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("{what} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.wait_with_output().unwrap()
}
pub mod pixels;

/// The text runs of a laid-out frame (top level), each with its box.
pub fn text_boxes(frame: &cardgen::frame::Frame) -> Vec<(cardgen::units::Rect, String)> {
    frame
        .items
        .iter()
        .filter_map(|(pos, item)| match item {
            cardgen::frame::FrameItem::Text(t) => Some((t.bbox(*pos), t.text())),
            _ => None,
        })
        .collect()
}
