//! Writing recipes for other tools: schema.org JSON-LD for web pages and search engines,
//! Cooklang for `.cook` collections. (Our own YAML is written by [`crate::import::emit`].)

pub mod cooklang;
pub mod jsonld;

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::recipe::scale::{self, Adjust};
use crate::recipe::Recipe;

pub use cooklang::to_cooklang;
pub use jsonld::to_jsonld;

/// A recipe written in another format, and what that format had no place for.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub text: String,
    /// Parts of the recipe left out, in words ("the notes"), to tell the user.
    pub left_out: Vec<String>,
}

/// Text without our inline markup (`*em*`, `**strong**`): other formats take plain text.
pub(crate) fn plain(text: &str) -> String {
    crate::text::markup::parse(text)
        .into_iter()
        .map(|span| span.text)
        .collect()
}

/// The formats `cardgen convert --to` writes besides our YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    JsonLd,
    Cooklang,
}

impl Target {
    pub fn extension(self) -> &'static str {
        match self {
            Target::JsonLd => "json",
            Target::Cooklang => "cook",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Target::JsonLd => "schema.org JSON-LD",
            Target::Cooklang => "Cooklang",
        }
    }
}

/// What a publication wrote, and notes on what it had to leave out.
#[derive(Debug, Default)]
pub struct Done {
    pub files: Vec<PathBuf>,
    pub notices: Vec<crate::error::Diagnostic>,
}

/// `cardgen convert INPUT --to jsonld|cooklang [-o FILE]`: every recipe of `input`, scaled
/// as `adjust` says, written to `output` (stdout when `None` or `-`; several recipes go to
/// stdout one after the other, or need a folder).
pub fn run(
    input: &Path,
    output: Option<&Path>,
    adjust: &Adjust,
    to: Target,
    force: bool,
) -> Result<Done, Error> {
    let recipes = crate::import::load_all(input)?
        .iter()
        .map(|r| scale::apply(r, adjust).map_err(Error::invalid))
        .collect::<Result<Vec<_>, _>>()?;
    let to_stdout = output.is_none_or(|o| o.as_os_str() == "-");
    let folder = output.filter(|o| {
        !to_stdout
            && (o.is_dir()
                || o.to_string_lossy()
                    .ends_with(['/', std::path::MAIN_SEPARATOR]))
    });
    if recipes.len() > 1 && !to_stdout && folder.is_none() {
        return Err(Error::Usage(format!(
            "{} holds {} recipes: give a folder (`-o recipes/`) to write one file each",
            input.display(),
            recipes.len()
        )));
    }
    let out = crate::output::Output::new(force);
    let mut done = Done::default();
    let mut all = String::new();
    let mut used = Vec::new();
    for recipe in &recipes {
        let target = match (to_stdout, folder) {
            (true, _) => None,
            (false, Some(dir)) => {
                let slug = crate::slug::unique_slug(&recipe.title, &mut used);
                Some(dir.join(format!("{slug}.{}", to.extension())))
            }
            (false, None) => output.map(Path::to_path_buf),
        };
        let published = match to {
            Target::JsonLd => to_jsonld(recipe, image_for(recipe, target.as_deref()).as_deref()),
            Target::Cooklang => to_cooklang(recipe),
        };
        for what in &published.left_out {
            done.notices.push(crate::error::Diagnostic::note(
                input,
                None,
                format!(
                    "“{}”: {} has no place for {what}; it was left out",
                    recipe.title,
                    to.name()
                ),
            ));
        }
        match target {
            Some(path) => {
                let kind = crate::output::Kind::Published;
                let chosen = folder.is_some();
                let target = if chosen {
                    crate::output::Target::Chosen(kind)
                } else {
                    crate::output::Target::Named(kind)
                };
                out.write(&path, published.text.as_bytes(), target)?;
                done.files.push(path);
            }
            None => all.push_str(&published.text),
        }
    }
    if to_stdout {
        out.write(
            Path::new("-"),
            all.as_bytes(),
            crate::output::Target::Named(crate::output::Kind::Published),
        )?;
    }
    Ok(done)
}

/// How the published recipe refers to its photo: a path from where it is written (as
/// given when written to stdout); photos inside an imported file have none.
fn image_for(recipe: &Recipe, target: Option<&Path>) -> Option<String> {
    let photo = recipe.photo.as_ref().filter(|p| p.data.is_none())?;
    let Some(dir) = target.and_then(Path::parent) else {
        return Some(photo.written.clone());
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let relative = crate::import::convert::relative_to(&photo.path, dir);
    Some(relative.map_or_else(
        || photo.path.to_string_lossy().into_owned(),
        |r| r.to_string_lossy().replace('\\', "/"),
    ))
}
