//! Markdown as the recipe apps write it (Mealie's and Tandoor's descriptions and steps,
//! schema.org text), turned into our inline markup: links become their text.

use super::clean::clean;

/// Markdown, as Mealie and Tandoor keep text, in our markup (which is Markdown's `**` and
/// `*`): links become their text, images go, headings become bold lines; then as [`clean`].
pub fn markdown(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, line) in raw.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let hashes = trimmed.chars().take_while(|c| *c == '#').count();
        match trimmed[hashes..].strip_prefix(' ') {
            Some(heading) if (1..=6).contains(&hashes) => {
                let heading = heading.trim().trim_end_matches('#').trim();
                out.push_str(&format!("**{}**", links(heading)));
            }
            _ => out.push_str(&links(line)),
        }
    }
    clean(&out)
}

/// `[text](url)` → text, `![alt](url)` → nothing.
fn links(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let target = rest[open..].find("](").and_then(|mid| {
            let url = open + mid + 2;
            rest[url..].find(')').map(|close| (open + mid, url + close))
        });
        let Some((mid, close)) = target.filter(|(mid, _)| !rest[open + 1..*mid].contains('['))
        else {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        };
        let image = rest[..open].ends_with('!');
        out.push_str(&rest[..open - usize::from(image)]);
        if !image {
            out.push_str(&rest[open + 1..mid]);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text() {
        assert_eq!(
            markdown("## Tip\nSee [the video](https://x.y/v) ![pic](a.jpg)for **more**."),
            "**Tip**\nSee the video for **more**."
        );
        assert_eq!(markdown("a [b] c (d) [e](f"), "a [b] c (d) [e](f");
    }
}
