//! Front matter: the `---` (YAML: Hexo, Jekyll, Hugo) or `+++` (TOML) block
//! that opens a document with `key: value` lines. It is metadata, not text:
//! the block is dropped from the text, except the title's value, which stays
//! as a line of its own (a headline figure is a figure). Its keys and values
//! are handed to the metadata stage.

use super::pieces::{lines_of, Piece};

/// The longest block read as front matter, in lines.
const MAX_LINES: usize = 300;

/// One `key: value` of the block, with the raw piece range of the value.
#[derive(Debug, Clone)]
pub struct Field {
    /// Lower case.
    pub key: String,
    /// Quotes stripped, as written.
    pub value: String,
    /// Piece range `[start, end)` of `value`.
    pub span: (usize, usize),
}

/// `pieces` without their front matter, except the value of the first
/// `keep_keys` field found (the title), and the block's fields.
pub fn split(pieces: &[Piece], keep_keys: &[String]) -> Option<(Vec<Piece>, Vec<Field>)> {
    let lines = lines_of(pieces);
    let text = |(a, b): (usize, usize)| pieces[a..b].iter().map(|p| p.c).collect::<String>();
    let open = lines.iter().position(|&l| !text(l).trim().is_empty())?;
    let (toml, closers): (bool, &[&str]) = match text(lines[open]).trim() {
        "---" => (false, &["---", "..."]),
        "+++" => (true, &["+++"]),
        _ => return None,
    };
    let mut fields = Vec::new();
    let mut close = None;
    for (n, &(a, b)) in lines.iter().enumerate().skip(open + 1).take(MAX_LINES) {
        let line = text((a, b));
        if closers.contains(&line.trim_end()) {
            close = Some(n);
            break;
        }
        match field_of(&pieces[a..b], a, toml) {
            Some(Some(f)) => fields.push(f),
            Some(None) => {}
            None => return None,
        }
    }
    let close = close?;
    if fields.is_empty() {
        return None;
    }
    let kept = keep_keys
        .iter()
        .find_map(|k| fields.iter().find(|f| &f.key == k && !f.value.is_empty()))
        .filter(|f| !body_repeats(pieces, &lines[close + 1..], &f.value));
    let mut out = pieces[..lines[open].0].to_vec();
    if let Some(f) = kept {
        out.extend_from_slice(&pieces[f.span.0..f.span.1]);
        out.push(pieces[f.span.1..].iter().find(|p| p.c == '\n').copied()?);
    }
    let after = lines[close].1 + 1;
    out.extend_from_slice(&pieces[after.min(pieces.len())..]);
    Some((out, fields))
}

/// The lines among the first of the body that repeat the title (`# title`):
/// the title is then kept only there, so that its figures are read once.
const TITLE_REPEATED_WITHIN: usize = 3;

/// Whether one of the first content lines of `body` is `title` (spaces and a
/// Markdown heading's marks aside).
fn body_repeats(pieces: &[Piece], body: &[(usize, usize)], title: &str) -> bool {
    let bare = |s: &str| -> String {
        s.trim_start_matches([' ', '#'])
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let title = bare(title);
    body.iter()
        .map(|&(a, b)| pieces[a..b].iter().map(|p| p.c).collect::<String>())
        .filter(|line| !line.trim().is_empty())
        .take(TITLE_REPEATED_WITHIN)
        .any(|line| bare(&line) == title)
}

/// A line of the block: `Some(Some(field))` for `key: value`, `Some(None)` for
/// a line that belongs to the block without being a field (blank, comment, list
/// item, continuation, `[table]`), `None` for a line that is not front matter.
fn field_of(line: &[Piece], offset: usize, toml: bool) -> Option<Option<Field>> {
    let s: String = line.iter().map(|p| p.c).collect();
    let t = s.trim();
    if t.is_empty() || t.starts_with('#') || s.starts_with([' ', '\t', '-', ']']) {
        return Some(None);
    }
    if toml && t.starts_with('[') {
        return Some(None);
    }
    let sep = if toml { '=' } else { ':' };
    let k = s.find(sep)?;
    let key = s[..k].trim();
    let key_ok = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
        && key
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !key_ok {
        return None;
    }
    // Character positions of the value inside the line, quotes stripped.
    let chars: Vec<char> = s.chars().collect();
    let mut a = s[..k].chars().count() + 1;
    let mut b = chars.len();
    while a < b && chars[a].is_whitespace() {
        a += 1;
    }
    while b > a && chars[b - 1].is_whitespace() {
        b -= 1;
    }
    if b - a >= 2 && matches!(chars[a], '"' | '\'') && chars[b - 1] == chars[a] {
        a += 1;
        b -= 1;
    }
    Some(Some(Field {
        key: key.to_ascii_lowercase(),
        value: chars[a..b].iter().collect(),
        span: (offset + a, offset + b),
    }))
}

#[cfg(test)]
mod tests {
    use super::super::pieces::pieces_of;
    use super::*;

    fn run(text: &str) -> Option<(String, Vec<(String, String)>)> {
        let (p, f) = split(&pieces_of(text), &["title".to_string()])?;
        Some((
            p.iter().map(|p| p.c).collect(),
            f.into_iter().map(|f| (f.key, f.value)).collect(),
        ))
    }

    #[test]
    fn yaml_block_keeps_only_the_title() {
        let (text, fields) = run("\n---\ntitle: '苏州GDP增4.4%'\ntags:\n  - 经济\ndate: Tue, 26 Apr 2022 05:13:25 GMT\n---\n正文").unwrap();
        assert_eq!(text, "\n苏州GDP增4.4%\n正文");
        assert_eq!(fields[0], ("title".into(), "苏州GDP增4.4%".into()));
        assert_eq!(fields[2].1, "Tue, 26 Apr 2022 05:13:25 GMT");
    }

    #[test]
    fn toml_block_and_non_blocks() {
        let (text, fields) = run("+++\ntitle = \"标题\"\ndate = 2019-02-27\n+++\n正文").unwrap();
        assert_eq!(text, "标题\n正文");
        assert_eq!(fields[1], ("date".into(), "2019-02-27".into()));
        // A rule under a heading, or a block of prose, is not front matter.
        assert!(run("---\n正文第一段。\n---\n").is_none());
        assert!(run("标题\n---\ndate: 2020\n---").is_none());
        assert!(run("---\ndate: 2020\n").is_none());
    }
}
