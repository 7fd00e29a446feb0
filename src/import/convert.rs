//! `cardgen convert INPUT -o recipe.yaml`: any format we read, written as our YAML, so a
//! recipe can be moved over once and edited from then on.

use std::path::{Component, Path, PathBuf};

use super::emit;
use crate::error::{Diagnostic, Error, Span};
use crate::output::{Kind, Output, Target};
use crate::recipe::scale::{self, Adjust};
use crate::recipe::Recipe;
use crate::slug;

/// What a conversion wrote.
#[derive(Debug, Default)]
pub struct Converted {
    pub files: Vec<PathBuf>,
    /// Things worth telling the user (a photo that could not be kept), as notes on the
    /// input file.
    pub notices: Vec<Diagnostic>,
}

/// Runs `cardgen convert`: every recipe in `input`, scaled or converted by `adjust`, as
/// YAML at `output` (a file or a folder), or on stdout when that is `None` or `-`.
/// `force`: replace files that are not cardgen's own (`--force`).
pub fn run(
    input: &Path,
    output: Option<&Path>,
    adjust: &Adjust,
    force: bool,
) -> Result<Converted, Error> {
    let recipes = super::load_all(input)?;
    let recipes = recipes
        .iter()
        .map(|r| scale::apply(r, adjust).map_err(Error::invalid))
        .collect::<Result<Vec<_>, _>>()?;
    let origin = describe_origin(input);
    let mut done = Converted::default();
    let to_stdout = output.is_none_or(|o| o.as_os_str() == "-");
    if to_stdout {
        let mut all = String::new();
        for (i, r) in recipes.iter().enumerate() {
            if i > 0 {
                all.push_str("\n---\n");
            }
            let mut r = r.clone();
            if r.photo.as_ref().is_some_and(|p| p.data.is_some()) {
                done.notices.push(Diagnostic::note(
                    input,
                    None,
                    format!(
                        "the photo of \"{}\" is not written to standard output; use -o FILE.yaml to keep it",
                        r.title
                    ),
                ));
                r.photo = None;
            }
            all.push_str(&emit::to_yaml(&r, &header(&origin, adjust)));
        }
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        out.write_all(all.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| Error::io(Path::new("<stdout>"), &e))?;
        return Ok(done);
    }
    let output = output.expect("checked above").to_path_buf();
    let says_folder = output
        .to_string_lossy()
        .ends_with(['/', std::path::MAIN_SEPARATOR]);
    let is_yaml = output
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    let folder = output.is_dir() || says_folder || (recipes.len() > 1 && !is_yaml);
    if recipes.len() > 1 && !folder {
        return Err(Error::Usage(format!(
            "{} holds {} recipes: give a folder (`-o recipes/`) to write one YAML file each",
            input.display(),
            recipes.len()
        )));
    }
    let out = Output::new(force);
    let mut used: Vec<String> = Vec::new();
    for r in &recipes {
        let (target, claim) = if folder {
            let slug = slug::unique_slug(&r.title, &mut used);
            (
                output.join(format!("{slug}.yaml")),
                Target::Chosen(Kind::Yaml),
            )
        } else {
            (output.clone(), Target::Named(Kind::Yaml))
        };
        let r = with_photo_for(r, &target, &out, &mut done)?;
        let yaml = emit::to_yaml(&r, &header(&origin, adjust));
        out.write(&target, yaml.as_bytes(), claim)?;
        done.files.push(target);
    }
    Ok(done)
}

fn describe_origin(input: &Path) -> String {
    let name = input.file_name().map_or_else(
        || input.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    name.replace(['\n', '\r'], " ")
}

fn header(origin: &str, adjust: &Adjust) -> String {
    let mut h = format!("Converted from {origin} by `cardgen convert`.");
    if !adjust.is_none() {
        h.push_str(" Quantities were scaled or converted.");
    }
    h.push_str("\nEdit freely; the format is described in the cardgen README.");
    h
}

/// The recipe as it should be written at `target`: an embedded photo is saved next to the
/// YAML file, and a photo file is referred to relative to the YAML file's folder.
fn with_photo_for(
    r: &Recipe,
    target: &Path,
    out: &Output,
    done: &mut Converted,
) -> Result<Recipe, Error> {
    let mut r = r.clone();
    let Some(photo) = r.photo.as_mut() else {
        return Ok(r);
    };
    let dir = target
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let dir = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    };
    if let Some(data) = photo.data.take() {
        let ext = match () {
            _ if data.starts_with(b"\x89PNG") => "png",
            _ if data.len() > 12 && &data[8..12] == b"WEBP" => "webp",
            _ => "jpg",
        };
        let file = target.with_extension(ext);
        out.write(&file, &data, Target::Chosen(Kind::Photo))?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        photo.written = name;
        photo.path = file.clone();
        photo.span = Span::start();
        done.files.push(file);
        return Ok(r);
    }
    match relative_to(&photo.path, &dir) {
        Some(rel) => {
            photo.written = rel.to_string_lossy().replace('\\', "/");
            photo.path = dir.join(&rel);
        }
        None => {
            done.notices.push(Diagnostic::note(
                target,
                None,
                format!(
                    "the photo {} is referred to by its full path",
                    photo.path.display()
                ),
            ));
            let abs = std::path::absolute(&photo.path).unwrap_or(photo.path.clone());
            photo.written = abs.to_string_lossy().into_owned();
            photo.path = abs;
        }
    }
    Ok(r)
}

/// `target` relative to the folder `base` ("../photos/x.jpg"), both taken as absolute.
pub(crate) fn relative_to(target: &Path, base: &Path) -> Option<PathBuf> {
    let target = std::path::absolute(target).ok()?;
    let base = std::path::absolute(base).ok()?;
    let t: Vec<Component> = target
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    let b: Vec<Component> = base
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    if t.first() != b.first() {
        return None;
    }
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut rel = PathBuf::new();
    for c in &b[common..] {
        if *c == Component::ParentDir {
            return None;
        }
        rel.push("..");
    }
    for c in &t[common..] {
        rel.push(c.as_os_str());
    }
    Some(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_to(Path::new("/a/b/photos/x.jpg"), Path::new("/a/b")),
            Some(PathBuf::from("photos/x.jpg"))
        );
        assert_eq!(
            relative_to(Path::new("/a/photos/x.jpg"), Path::new("/a/out")),
            Some(PathBuf::from("../photos/x.jpg"))
        );
    }
}
