//! Stage 1, clean: HTML tags and entities out, page furniture out, spaces
//! left by newspaper columns repaired, full-width forms folded, Traditional
//! read as Simplified. Every cleaned character remembers the raw characters
//! it came from, so any cleaned span maps back to the raw text exactly.

use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;

use crate::rules::Rules;
use crate::text::{is_han, opens_with_heading_number};

/// `[clean]`: what the clean stage does.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CleanConfig {
    pub strip_html: bool,
    pub drop_furniture: bool,
    pub repair_spaces: bool,
    pub join_broken_lines: bool,
    pub traditional_to_simplified: bool,
    /// More furniture line patterns (regexes), added to the rules'.
    pub extra_furniture: Vec<String>,
}

impl Default for CleanConfig {
    fn default() -> Self {
        CleanConfig {
            strip_html: true,
            drop_furniture: true,
            repair_spaces: true,
            join_broken_lines: true,
            traditional_to_simplified: true,
            extra_furniture: Vec::new(),
        }
    }
}

/// One cleaned character and the raw character range `[start, end)` it stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Piece {
    c: char,
    start: u32,
    end: u32,
}

/// The cleaned text of one document.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// The cleaned text: lines are paragraphs.
    pub text: String,
    /// `text` as characters.
    pub chars: Vec<char>,
    /// For each cleaned character, the raw character range it came from.
    raw: Vec<(u32, u32)>,
    /// Normalised lines before furniture was dropped (for document metadata).
    pub header_lines: Vec<String>,
    /// Whether HTML was found and stripped.
    pub was_html: bool,
    /// How many lines were dropped as furniture.
    pub furniture_lines: usize,
}

impl Cleaned {
    /// The raw character range `[start, end)` behind the cleaned range `[s, e)`.
    pub fn raw_range(&self, s: usize, e: usize) -> (usize, usize) {
        debug_assert!(s < e && e <= self.raw.len());
        (self.raw[s].0 as usize, self.raw[e - 1].1 as usize)
    }
}

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?is)<!--.*?-->|<(script|style)\b.*?</(script|style)\s*>|</?[a-z][a-z0-9]*(\s[^<>]*)?/?>",
    )
    .unwrap()
});
static BLOCK_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^</?(p|div|br|li|tr|h[1-6]|table|section|article|ul|ol|dd|dt|blockquote)\b")
        .unwrap()
});
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});").unwrap());

/// Cleans decoded text according to `cfg`.
pub fn clean(text: &str, cfg: &CleanConfig, rules: &Rules) -> Cleaned {
    let mut pieces: Vec<Piece> = text
        .chars()
        .enumerate()
        .map(|(i, c)| Piece {
            c,
            start: i as u32,
            end: i as u32 + 1,
        })
        .collect();
    let was_html = cfg.strip_html && TAG.find_iter(text).take(2).count() >= 2;
    if was_html {
        pieces = strip_html(&pieces);
    }
    pieces = normalise(&pieces, cfg.traditional_to_simplified, rules);
    let header_lines: Vec<String> = lines_of(&pieces)
        .into_iter()
        .map(|(a, b)| {
            pieces[a..b]
                .iter()
                .map(|p| p.c)
                .collect::<String>()
                .trim()
                .to_string()
        })
        .filter(|l| !l.is_empty())
        .take(15)
        .collect();
    let mut furniture_lines = 0;
    if cfg.drop_furniture {
        (pieces, furniture_lines) = drop_furniture(&pieces, rules);
    }
    if cfg.repair_spaces {
        pieces = repair_spaces(&pieces);
    }
    if cfg.join_broken_lines {
        pieces = join_broken_lines(&pieces);
    }
    let chars: Vec<char> = pieces.iter().map(|p| p.c).collect();
    Cleaned {
        text: chars.iter().collect(),
        chars,
        raw: pieces.iter().map(|p| (p.start, p.end)).collect(),
        header_lines,
        was_html,
        furniture_lines,
    }
}

/// The text of `pieces` and, for each byte of it, the index of its piece.
fn text_of(pieces: &[Piece]) -> (String, Vec<usize>) {
    let mut s = String::with_capacity(pieces.len() * 3);
    let mut owner = Vec::with_capacity(pieces.len() * 3 + 1);
    for (i, p) in pieces.iter().enumerate() {
        s.push(p.c);
        owner.extend(std::iter::repeat_n(i, p.c.len_utf8()));
    }
    owner.push(pieces.len());
    (s, owner)
}

/// A replacement of the pieces `[from, to)`: nothing, or one character standing for all of them.
fn merged(pieces: &[Piece], from: usize, to: usize, c: char) -> Piece {
    Piece {
        c,
        start: pieces[from].start,
        end: pieces[to - 1].end,
    }
}

fn strip_html(pieces: &[Piece]) -> Vec<Piece> {
    let (s, owner) = text_of(pieces);
    let mut out = Vec::with_capacity(pieces.len());
    let mut at = 0;
    for m in TAG.find_iter(&s) {
        let (from, to) = (owner[m.start()], owner[m.end()]);
        out.extend_from_slice(&pieces[at..from]);
        if BLOCK_TAG.is_match(m.as_str()) {
            out.push(merged(pieces, from, to, '\n'));
        }
        at = to;
    }
    out.extend_from_slice(&pieces[at..]);
    decode_entities(&out)
}

fn decode_entities(pieces: &[Piece]) -> Vec<Piece> {
    let (s, owner) = text_of(pieces);
    let mut out = Vec::with_capacity(pieces.len());
    let mut at = 0;
    for caps in ENTITY.captures_iter(&s) {
        let m = caps.get(0).unwrap();
        let Some(c) = entity_char(&caps[1]) else {
            continue;
        };
        let (from, to) = (owner[m.start()], owner[m.end()]);
        out.extend_from_slice(&pieces[at..from]);
        out.push(merged(pieces, from, to, c));
        at = to;
    }
    out.extend_from_slice(&pieces[at..]);
    out
}

fn entity_char(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(n).filter(|c| *c != '\0');
    }
    Some(match name {
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "middot" => '·',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "times" => '×',
        "yen" => '¥',
        "permil" => '‰',
        _ => return None,
    })
}

/// Folds full-width forms and odd spaces, drops the CR of CRLF, reads Traditional as Simplified.
fn normalise(pieces: &[Piece], t2s: bool, rules: &Rules) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len());
    for (i, p) in pieces.iter().enumerate() {
        let c = match p.c {
            '\r' if pieces.get(i + 1).is_some_and(|n| n.c == '\n') => continue,
            '\r' => '\n',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(p.c as u32 - 0xFEE0).unwrap_or(p.c),
            '\u{3000}' | '\t' | '\u{A0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{200B}'
            | '\u{FEFF}' => ' ',
            '\u{FE6A}' => '%',
            c if t2s => rules.t2s.get(&c).copied().unwrap_or(c),
            c => c,
        };
        out.push(Piece { c, ..*p });
    }
    out
}

/// `[start, end)` piece ranges of each line, without the newline.
fn lines_of(pieces: &[Piece]) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, p) in pieces.iter().enumerate() {
        if p.c == '\n' {
            lines.push((start, i));
            start = i + 1;
        }
    }
    lines.push((start, pieces.len()));
    lines
}

fn drop_furniture(pieces: &[Piece], rules: &Rules) -> (Vec<Piece>, usize) {
    let mut out = Vec::with_capacity(pieces.len());
    let mut dropped = 0;
    let lines = lines_of(pieces);
    for (n, &(a, b)) in lines.iter().enumerate() {
        let line = &pieces[a..b];
        let (text, owner) = text_of(line);
        let trimmed = text.trim();
        if !trimmed.is_empty() && rules.furniture_lines.iter().any(|r| r.is_match(trimmed)) {
            dropped += 1;
        } else {
            let mut keep = vec![true; line.len()];
            for re in &rules.furniture_spans {
                for caps in re.captures_iter(&text) {
                    let m = caps.get(1).or(caps.get(0)).unwrap();
                    keep[owner[m.start()]..owner[m.end()]]
                        .iter_mut()
                        .for_each(|k| *k = false);
                }
            }
            out.extend(line.iter().zip(&keep).filter(|(_, k)| **k).map(|(p, _)| *p));
        }
        if n + 1 < lines.len() {
            out.push(pieces[b]);
        }
    }
    (out, dropped)
}

/// Removes spaces inside Chinese text ("希 望" → "希望", "超 10亿元" → "超10亿元")
/// and at line ends; a space between two ASCII letters or digits stays.
fn repair_spaces(pieces: &[Piece]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    let mut i = 0;
    while i < pieces.len() {
        if pieces[i].c != ' ' {
            out.push(pieces[i]);
            i += 1;
            continue;
        }
        let mut j = i;
        while j < pieces.len() && pieces[j].c == ' ' {
            j += 1;
        }
        let before = out.last().map(|p| p.c).filter(|c| *c != '\n');
        let after = pieces.get(j).map(|p| p.c).filter(|c| *c != '\n');
        if let (Some(b), Some(a)) = (before, after) {
            if b.is_ascii_alphanumeric() && a.is_ascii_alphanumeric()
                || !is_cjkish(b) && !is_cjkish(a)
            {
                out.push(pieces[i]);
            }
        }
        i = j;
    }
    out
}

fn is_cjkish(c: char) -> bool {
    is_han(c) || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x2010..=0x206F)
}

fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '。' | '!' | '?' | ';' | ':' | '”' | '’' | '"' | ')' | '】' | '」' | '…' | '.' | '》'
    )
}

/// Joins a paragraph that a page or column break cut in two: a long line not
/// ending a sentence, followed (after blank lines) by a long line that goes on
/// with Chinese text or a comma.
fn join_broken_lines(pieces: &[Piece]) -> Vec<Piece> {
    const MIN_LINE: usize = 20;
    let lines = lines_of(pieces);
    let content: Vec<usize> = (0..lines.len())
        .filter(|&n| lines[n].1 > lines[n].0)
        .collect();
    let mut drop_newlines_from = vec![None; lines.len()];
    for (k, w) in content.windows(2).enumerate() {
        let (p, q) = (w[0], w[1]);
        let (pa, pb) = lines[p];
        let (qa, qb) = lines[q];
        let last = pieces[pb - 1].c;
        let first = pieces[qa].c;
        // A short line with a comma is a cut sentence, not a heading — unless it
        // is numbered like one (二、牢记使命,奋勇争先); nor does a heading continue one.
        let cut_sentence = pieces[pa..pb].iter().any(|p| p.c == ',');
        let numbered = |a: usize, b: usize| {
            let line: String = pieces[a..b.min(a + 8)].iter().map(|p| p.c).collect();
            opens_with_heading_number(&line)
        };
        if numbered(pa, pb) || numbered(qa, qb) {
            continue;
        }
        let joins = k > 0
            && (pb - pa >= MIN_LINE || cut_sentence)
            && qb - qa >= MIN_LINE
            && !ends_sentence(last)
            && (is_han(last) || last == ',')
            && (is_han(first) || matches!(first, ',' | '、' | '。'));
        if joins {
            drop_newlines_from[p] = Some(q);
        }
    }
    let mut out = Vec::with_capacity(pieces.len());
    let mut n = 0;
    while n < lines.len() {
        let (a, b) = lines[n];
        out.extend_from_slice(&pieces[a..b]);
        match drop_newlines_from[n] {
            Some(q) => n = q,
            None => {
                if n + 1 < lines.len() {
                    out.push(pieces[b]);
                }
                n += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Cleaned {
        clean(text, &CleanConfig::default(), &Rules::embedded())
    }

    #[test]
    fn spans_map_back_to_raw() {
        let raw = "<p>鄭州&amp;市</p><b>增長７．４％</b>";
        let c = run(raw);
        assert!(c.was_html);
        let s = c.text.find("7.4%").unwrap();
        let start = c.text[..s].chars().count();
        let (a, b) = c.raw_range(start, start + 4);
        let raw_chars: Vec<char> = raw.chars().collect();
        assert_eq!(raw_chars[a..b].iter().collect::<String>(), "７．４％");
        assert!(c.text.contains("郑州&市"));
    }

    #[test]
    fn ocr_spaces_and_furniture() {
        let c = run("大家希 望到郑州来投资\n上一版  下一版\n总投资超 10亿元 and RCEP 2.0\n");
        assert!(c.text.contains("大家希望到郑州来投资"));
        assert!(!c.text.contains("上一版"));
        assert!(c.text.contains("总投资超10亿元and RCEP 2.0"));
        assert_eq!(c.furniture_lines, 1);
    }

    #[test]
    fn crlf_is_kept_in_offsets() {
        let raw = "第一行\r\n增长7%";
        let c = run(raw);
        assert_eq!(c.text, "第一行\n增长7%");
        let (a, b) = c.raw_range(6, 8);
        assert_eq!(
            raw.chars().collect::<Vec<_>>()[a..b]
                .iter()
                .collect::<String>(),
            "7%"
        );
    }

    #[test]
    fn broken_paragraph_is_joined() {
        let c = run("标题\n\n完整、准确、全面贯彻新发展理念的要求,围绕总目标而奋力推动发展理\n\n念,围绕“当好国家队、提升国际化”总目标而努力奋斗吧。\n");
        assert!(c.text.contains("发展理念,围绕"));
    }
}
