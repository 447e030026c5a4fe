//! Stage 1, clean: HTML tags and entities out, page furniture out, spaces
//! left by newspaper columns repaired, full-width forms folded, Traditional
//! read as Simplified. Every cleaned character remembers the raw characters
//! it came from, so any cleaned span maps back to the raw text exactly.

use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;

use crate::rules::Rules;
use crate::text::{is_han, opens_with_heading_number};

mod front_matter;
mod html_meta;
mod markdown;
mod pieces;
pub mod tables;
mod wrapping;

use pieces::{lines_of, merged, pieces_of, text_of, Piece, PAGE_BREAK};
use tables::{GapMode, RawTable, Table, TagAction};

/// `[clean]`: what the clean stage does.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CleanConfig {
    pub strip_html: bool,
    pub drop_furniture: bool,
    pub repair_spaces: bool,
    pub join_broken_lines: bool,
    pub traditional_to_simplified: bool,
    /// Read Markdown: heading markers, emphasis and link targets out, images out.
    pub markdown: bool,
    /// Read a YAML/TOML front matter block as metadata; only its title stays as text.
    pub front_matter: bool,
    /// Read HTML, Markdown and space-aligned text tables as rows of cells.
    pub tables: bool,
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
            markdown: true,
            front_matter: true,
            tables: true,
            extra_furniture: Vec::new(),
        }
    }
}

/// The cleaned text of one document.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// The cleaned text: lines are paragraphs.
    pub text: String,
    /// `text` as characters.
    pub chars: Vec<char>,
    /// The byte of `text` each character starts at, and `text.len()` last:
    /// a stretch of `chars` read as a `&str` without building it ([`Cleaned::str`]).
    bytes: Vec<u32>,
    /// For each cleaned character, the raw character range it came from.
    raw: Vec<(u32, u32)>,
    /// Normalised lines before furniture was dropped (for document metadata).
    pub header_lines: Vec<String>,
    /// What the document says about itself outside its text: front matter
    /// fields and HTML `<meta>` tags, keys in lower case, values cleaned.
    pub declared: Vec<Declared>,
    /// Whether HTML was found and stripped.
    pub was_html: bool,
    /// How many lines were dropped as furniture.
    pub furniture_lines: usize,
    /// The tables: rows of cells, in cleaned character ranges.
    pub tables: Vec<Table>,
}

/// Where a declared key was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A YAML or TOML front matter block.
    FrontMatter,
    /// An HTML `<meta>` tag or the `<title>` element.
    Meta,
}

/// One key the document declares about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Declared {
    pub origin: Origin,
    pub key: String,
    pub value: String,
}

impl Cleaned {
    /// `chars[from..to]` as a slice of `text`.
    pub fn str(&self, from: usize, to: usize) -> &str {
        &self.text[self.bytes[from] as usize..self.bytes[to] as usize]
    }

    /// The raw character range `[start, end)` behind the cleaned range `[s, e)`.
    pub fn raw_range(&self, s: usize, e: usize) -> (usize, usize) {
        debug_assert!(s < e && e <= self.raw.len());
        (self.raw[s].0 as usize, self.raw[e - 1].1 as usize)
    }
}

/// A tag, or an element dropped whole: what is not text (script, style, the
/// title, which the metadata reads) and a page's furniture around its text
/// (navigation, sidebars of other stories, the footer), each to its own
/// closing tag.
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?is)<!--.*?-->|<(script|style|title)\b.*?</(script|style|title)\s*>|<nav\b.*?</nav\s*>|<aside\b.*?</aside\s*>|<footer\b.*?</footer\s*>|</?[a-z][a-z0-9]*(\s[^<>]*)?/?>",
    )
    .unwrap()
});
/// A superscript's text that is a note's number (<sup>1</sup>, <sup>[2]</sup>).
static SUP_NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[\[(（〔]?\d{1,2}[\])）〕]?\s*$").unwrap());
static BLOCK_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^</?(p|div|br|li|tr|td|th|caption|h[1-6]|table|section|article|ul|ol|dd|dt|blockquote|nav|aside|footer)\b")
        .unwrap()
});
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});").unwrap());

/// Cleans decoded text according to `cfg`.
pub fn clean(text: &str, cfg: &CleanConfig, rules: &Rules) -> Cleaned {
    let mut pieces = pieces_of(text);
    let mut declared = Vec::new();
    if cfg.front_matter {
        if let Some((rest, fields)) = front_matter::split(&pieces, &rules.documents.title_keys) {
            pieces = rest;
            declared.extend(
                fields
                    .into_iter()
                    .map(|f| (Origin::FrontMatter, f.key, f.value)),
            );
        }
    }
    let was_html = cfg.strip_html && TAG.find_iter(text).take(2).count() >= 2;
    if was_html {
        let meta = html_meta::read(text);
        declared.extend(meta.into_iter().map(|(k, v)| (Origin::Meta, k, v)));
    }
    if cfg.strip_html {
        pieces = markdown::strip_comments(pieces, &rules.page_markers);
    }
    let mut raw_tables: Vec<RawTable> = Vec::new();
    if was_html {
        let max_cell = cfg.tables.then_some(rules.tables.max_cell_chars);
        (pieces, raw_tables) = strip_html(&pieces, max_cell);
    }
    if cfg.markdown {
        pieces = markdown::strip_markdown(pieces);
    }
    pieces = normalise(pieces, cfg.traditional_to_simplified, rules);
    years_in_digits(&mut pieces);
    let roc = roc_calendar(text, rules);
    if roc {
        pieces = roc_years(&pieces);
    }
    if cfg.tables {
        let found;
        (pieces, found) = tables::markdown_tables(pieces);
        raw_tables.extend(found);
        let spaced = tables::text_tables(&pieces, &raw_tables);
        raw_tables.extend(spaced);
        tables::measure_indents(&mut raw_tables, &pieces);
    }
    // A letter-spaced opening (— — 2 0 1 6 年 2 月 1 9 日 在…) is read as it
    // will be written.
    let header_lines: Vec<String> = lines_of(&pieces)
        .into_iter()
        .map(|(a, b)| {
            let line = &pieces[a..b];
            cfg.repair_spaces
                .then(|| closed_up(line))
                .flatten()
                .unwrap_or_else(|| line.iter().map(|p| p.c).collect())
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
        pieces = repair_spaces(pieces);
    }
    if cfg.join_broken_lines {
        let in_table = |p: &Piece| tables::in_any(&raw_tables, p);
        let in_table: Option<&dyn Fn(&Piece) -> bool> =
            (!raw_tables.is_empty()).then_some(&in_table);
        pieces = join_broken_lines(&pieces, in_table);
    }
    // (After the lines are joined and the spaces closed up: a wrap or a scan
    // may cut a note's number, 信[1 / 4].)
    pieces = drop_note_markers(pieces);
    pieces.retain(|p| p.c != PAGE_BREAK);
    let chars: Vec<char> = pieces.iter().map(|p| p.c).collect();
    let raw: Vec<(u32, u32)> = pieces.iter().map(|p| (p.start, p.end)).collect();
    let bytes = std::iter::once(0)
        .chain(chars.iter().scan(0, |at, c| {
            *at += c.len_utf8() as u32;
            Some(*at)
        }))
        .collect();
    Cleaned {
        text: crate::text::string_of(&chars),
        bytes,
        tables: tables::locate(&raw_tables, &raw, &chars),
        chars,
        raw,
        header_lines,
        declared: declared
            .into_iter()
            .map(|(origin, key, value)| Declared {
                origin,
                key,
                value: clean_value(&value, cfg, rules, roc),
            })
            .collect(),
        was_html,
        furniture_lines,
    }
}

/// A declared value cleaned like text: entities decoded, forms folded, spaces repaired.
fn clean_value(value: &str, cfg: &CleanConfig, rules: &Rules, roc: bool) -> String {
    let mut pieces = normalise(
        decode_entities(&pieces_of(value)),
        cfg.traditional_to_simplified,
        rules,
    );
    years_in_digits(&mut pieces);
    if roc {
        pieces = roc_years(&pieces);
    }
    let pieces = if cfg.repair_spaces {
        repair_spaces(pieces)
    } else {
        pieces
    };
    pieces
        .iter()
        .map(|p| p.c)
        .collect::<String>()
        .trim()
        .to_string()
}

/// Tags out, entities decoded. With `max_cell` (tables are read), a data
/// table's rows become lines of `|`-separated cells, and its cells are given
/// back in raw character ranges.
fn strip_html(pieces: &[Piece], max_cell: Option<usize>) -> (Vec<Piece>, Vec<RawTable>) {
    let (s, owner) = text_of(pieces);
    let tags: Vec<(usize, usize)> = TAG.find_iter(&s).map(|m| (m.start(), m.end())).collect();
    let plan = max_cell.map(|max| tables::plan_html(&s, &tags, max));
    let notes = superscript_notes(&s, &tags);
    let mut out = Vec::with_capacity(pieces.len());
    let mut at = 0;
    // In a cell, spaces (and block tags) between words are one space, none at its ends.
    let mut cell_started = false;
    let mut space: Option<Piece> = None;
    // (`notes` holds a gap for each tag and one after the last.)
    for (k, &note) in notes.iter().enumerate() {
        let (a, b) = tags.get(k).copied().unwrap_or((s.len(), s.len()));
        let (from, to) = (owner[a], owner[b]);
        let gap = plan.as_ref().map_or(GapMode::Keep, |p| p.gaps[k]);
        let text = if note { &[][..] } else { &pieces[at..from] };
        for p in text {
            let is_space = matches!(p.c, ' ' | '\n' | '\r' | '\t');
            match gap {
                GapMode::Keep => out.push(*p),
                GapMode::Drop if is_space => {}
                GapMode::Cell if is_space => {
                    if cell_started && space.is_none() {
                        space = Some(Piece { c: ' ', ..*p });
                    }
                }
                GapMode::Drop | GapMode::Cell => {
                    out.extend(space.take());
                    cell_started = true;
                    out.push(*p);
                }
            }
        }
        if k == tags.len() {
            break;
        }
        match plan.as_ref().map_or(TagAction::Default, |p| p.actions[k]) {
            TagAction::Default if BLOCK_TAG.is_match(&s[a..b]) => {
                out.push(merged(pieces, from, to, '\n'))
            }
            TagAction::Default | TagAction::Drop => {}
            TagAction::Emit(' ') => {
                if cell_started && space.is_none() {
                    space = Some(merged(pieces, from, to, ' '));
                }
            }
            TagAction::Emit(c) => {
                space = None;
                cell_started = false;
                out.push(merged(pieces, from, to, c));
            }
        }
        at = to;
    }
    let raw_tables = plan.map_or_else(Vec::new, |plan| {
        let raw_of = |a: usize, b: usize| -> (u32, u32) {
            let end_of_text = pieces.last().map_or(0, |p| p.end);
            let start = pieces.get(owner[a]).map_or(end_of_text, |p| p.start);
            if b <= a {
                return (start, start);
            }
            (start, pieces[owner[b] - 1].end)
        };
        plan.raw_tables(&tags, &raw_of)
    });
    (decode_entities(&out), raw_tables)
}

/// For each gap before a tag (and after the last), whether it is a note's
/// number set as a superscript: 地区生产总值<sup>1</sup>2368.52亿元 would read
/// 12368.52亿元 once the tags are gone. A superscript after a letter is a
/// power (m<sup>2</sup>) and stays.
fn superscript_notes(s: &str, tags: &[(usize, usize)]) -> Vec<bool> {
    let mut notes = vec![false; tags.len() + 1];
    for (k, w) in tags.windows(2).enumerate() {
        let (open, close) = (&s[w[0].0..w[0].1], &s[w[1].0..w[1].1]);
        let is_sup = open.len() >= 4
            && open[..4].eq_ignore_ascii_case("<sup")
            && matches!(open.as_bytes()[4], b'>' | b' ');
        let after_letter = s[..w[0].0]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphabetic());
        notes[k + 1] = is_sup
            && close.eq_ignore_ascii_case("</sup>")
            && !after_letter
            && SUP_NOTE.is_match(&s[w[0].1..w[1].0]);
    }
    notes
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

/// Folds full-width forms and odd spaces, drops the CR of CRLF, reads
/// Traditional as Simplified. In place: the pieces are a document's length,
/// and a second vector of them would be fresh memory for every document.
fn normalise(mut pieces: Vec<Piece>, t2s: bool, rules: &Rules) -> Vec<Piece> {
    // `kept` never passes `i`, so `pieces[i + 1]` is still the input's.
    let mut kept = 0;
    for i in 0..pieces.len() {
        let p = pieces[i];
        let c = match p.c {
            '\r' if pieces.get(i + 1).is_some_and(|n| n.c == '\n') => continue,
            '\r' => '\n',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(p.c as u32 - 0xFEE0).unwrap_or(p.c),
            '\u{3000}' | '\t' | '\u{A0}' | '\u{2002}' | '\u{2003}' | '\u{2007}' | '\u{2009}'
            | '\u{202F}' => ' ',
            // Invisible marks of web text (zero-width spaces and joiners, soft
            // hyphens, a byte-order mark pasted mid-text) are no text, and
            // would cut a figure (15\u{200B}00亿元) in two.
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{AD}' | '\u{FEFF}' => continue,
            '\u{FE6A}' => '%',
            c if t2s => rules.t2s.get(&c).copied().unwrap_or(c),
            c => c,
        };
        pieces[kept] = Piece { c, ..p };
        kept += 1;
    }
    pieces.truncate(kept);
    pieces
}

/// A note's number inside a line (地区生产总值[1]2368.52亿元, 规模以上工业〔7〕增加值,
/// 地区生产总值①, 常住人口³, 增加值*; a superscript's text once the markup is
/// gone) points at a note at the end and is no text of the sentence: it would
/// stand inside a name or between a name and its figure. Dropped, its raw
/// span with it. It follows a word, a per cent or a closing mark; a number
/// opening a line is the note itself ([1]地区生产总值…按现价计算), one after a
/// stop or a colon a list's item (:①加快…;②推进…), one after a letter a
/// power (km², 米²): they stay.
fn drop_note_markers(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len());
    let mut i = 0;
    while i < pieces.len() {
        let follows_word = i > 0 && {
            let c = pieces[i - 1].c;
            // (米² is square metres.)
            is_han(c) && c != '米' || matches!(c, '%' | ')' | '”' | '"')
        };
        match note_marker_len(&pieces[i..]).filter(|_| follows_word) {
            Some(len) => i += len,
            None => {
                out.push(pieces[i]);
                i += 1;
            }
        }
    }
    out
}

/// The length of the note's number `pieces` open with: [1], 〔12〕, ①, ³, *.
fn note_marker_len(pieces: &[Piece]) -> Option<usize> {
    /// A note's number in brackets has one digit or two.
    const MAX_DIGITS: usize = 2;
    let close = match pieces.first()?.c {
        '[' => ']',
        '〔' => '〕',
        // (** is emphasis, not a note.)
        '*' => return (pieces.get(1).is_none_or(|p| p.c != '*')).then_some(1),
        '\u{2460}'..='\u{2473}'
        | '\u{00B9}'
        | '\u{00B2}'
        | '\u{00B3}'
        | '\u{2070}'..='\u{2079}' => return Some(1),
        _ => return None,
    };
    let digits = pieces[1..]
        .iter()
        .take_while(|p| p.c.is_ascii_digit())
        .count();
    let end = 1 + digits;
    ((1..=MAX_DIGITS).contains(&digits) && pieces.get(end).is_some_and(|p| p.c == close))
        .then_some(end + 1)
}

/// Years written in Chinese numerals (二〇二四年, 二○二四年, 一九九八年, as
/// Hong Kong's government and formal documents date) read in digits, a
/// character for a character, so that the time grammar and the dates know
/// them; each piece keeps its raw span.
fn years_in_digits(pieces: &mut [Piece]) {
    let digit = |c: char| match c {
        '〇' | '○' | '零' => Some('0'),
        '一' => Some('1'),
        '二' => Some('2'),
        '三' => Some('3'),
        '四' => Some('4'),
        '五' => Some('5'),
        '六' => Some('6'),
        '七' => Some('7'),
        '八' => Some('8'),
        '九' => Some('9'),
        _ => None,
    };
    let numeral = |c: char| digit(c).is_some() || matches!(c, '十' | '百' | '千' | '万' | '两');
    let mut i = 0;
    while i + 4 < pieces.len() {
        // (Most characters open no year: one comparison for them.)
        if !matches!(pieces[i].c, '二' | '一') {
            i += 1;
            continue;
        }
        let run = &pieces[i..i + 4];
        // 2000s and 1900s only: other runs of four numerals are no year.
        let century = matches!(
            (run[0].c, run[1].c),
            ('二', '〇' | '○' | '零') | ('一', '九')
        );
        // A fiscal year: 二○一九至二○年度 (2019至20年度).
        let fiscal_end = i + 7 < pieces.len()
            && pieces[i + 4].c == '至'
            && pieces[i + 5..i + 7].iter().all(|p| digit(p.c).is_some())
            && pieces[i + 7].c == '年';
        let year = century
            && (pieces[i + 4].c == '年' || fiscal_end)
            && run.iter().all(|p| digit(p.c).is_some())
            && (i == 0 || !numeral(pieces[i - 1].c));
        if year {
            let end = if pieces[i + 4].c == '年' {
                i + 4
            } else {
                i + 7
            };
            for p in &mut pieces[i..end] {
                p.c = digit(p.c).unwrap_or(p.c);
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
}

/// Whether a text dates in years of the Republic of China calendar, as
/// Taiwan's government and press do: it holds one of `[documents]
/// roc_calendar_words` (民國, or a place as only Taiwan writes it: 臺北, 臺中).
fn roc_calendar(text: &str, rules: &Rules) -> bool {
    let words = &rules.documents.roc_calendar_words;
    !words.is_empty()
        && (words.iter().any(|w| text.contains(w.as_str()))
            || ROC_DATE.is_match(text)
            || ROC_YEAR.is_match(text) && traditional(text, rules))
}

/// Whether a text is written in Traditional characters: a tenth of its Han
/// characters at least have a Simplified form of their own. (Only Taiwan
/// writes a three-digit year, 113年, in them: Hong Kong and Macau write 2024年.)
fn traditional(text: &str, rules: &Rules) -> bool {
    let (mut han, mut traditional) = (0usize, 0usize);
    for c in text.chars().filter(|c| crate::text::is_han(*c)) {
        han += 1;
        traditional += usize::from(rules.t2s.get(&c).is_some_and(|s| *s != c));
    }
    han > 0 && traditional * 10 >= han
}

/// A year of three digits (113年), not inside a longer number: [`roc_years`]
/// reads those from 100 to 130.
static ROC_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^0-9.])1[0-3][0-9]年").expect("regex"));

/// A full date with a three-digit year (113年10月2日): only the Republic of
/// China calendar writes one, whatever else the text says of where it is from.
static ROC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])1[0-3][0-9]年[0-9]{1,2}月[0-9]{1,2}日").expect("regex")
});

/// Years of the Republic of China calendar (113年 = 2024年, 民國112年度) read
/// as calendar years: three digits from 100 to 130 before 年, not inside a
/// longer number. The four digits written for one keep the raw span of the
/// three it was written with.
fn roc_years(pieces: &[Piece]) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len() + 8);
    let mut i = 0;
    while i < pieces.len() {
        let digits = pieces[i..]
            .iter()
            .take_while(|p| p.c.is_ascii_digit())
            .count();
        if digits == 0 {
            out.push(pieces[i]);
            i += 1;
            continue;
        }
        let inside =
            i > 0 && (pieces[i - 1].c.is_ascii_alphanumeric() || "./-".contains(pieces[i - 1].c));
        let year: u32 = pieces[i..i + digits].iter().fold(0, |n, p| {
            n.saturating_mul(10).saturating_add(p.c as u32 - '0' as u32)
        });
        let roc = digits == 3
            && !inside
            && (100..=130).contains(&year)
            && pieces.get(i + 3).is_some_and(|p| p.c == '年');
        if roc {
            let (start, end) = (pieces[i].start, pieces[i + 2].end);
            out.extend(
                (year + 1911)
                    .to_string()
                    .chars()
                    .map(|c| Piece { c, start, end }),
            );
        } else {
            out.extend_from_slice(&pieces[i..i + digits]);
        }
        i += digits;
    }
    out
}

/// A letter-spaced line as it will be written (我 来 说 两 句 → 我来说两句), for
/// the furniture patterns to know it; `None` for a line written closed up.
fn closed_up(line: &[Piece]) -> Option<String> {
    letter_spaced(line)
        .contains(&true)
        .then(|| repair_spaces(line.to_vec()).iter().map(|p| p.c).collect())
}

/// Page furniture out: whole lines (navigation, bylines, widgets) and spans
/// (URLs). A page-number line, or a running head of a paged document, leaves
/// a page break.
fn drop_furniture(pieces: &[Piece], rules: &Rules) -> (Vec<Piece>, usize) {
    let mut out = Vec::with_capacity(pieces.len());
    let mut dropped = 0;
    let lines = lines_of(pieces);
    // One buffer for every line's text: a fresh one per line grew from empty each time.
    let mut text = String::new();
    let page_numbers: Vec<bool> = lines
        .iter()
        .map(|&(a, b)| {
            text.clear();
            text.extend(pieces[a..b].iter().map(|p| p.c));
            let trimmed = text.trim();
            !trimmed.is_empty() && rules.page_number_lines.iter().any(|r| r.is_match(trimmed))
        })
        .collect();
    let running_heads = running_heads(pieces, &lines, &page_numbers);
    // A running head before the first page's number is the title, and stays.
    let mut paged = false;
    let mut in_reading_list = false;
    for (n, &(a, b)) in lines.iter().enumerate() {
        let line = &pieces[a..b];
        text.clear();
        text.extend(line.iter().map(|p| p.c));
        let closed_up = closed_up(line);
        let trimmed = closed_up.as_deref().unwrap_or(&text).trim();
        let page_line = page_numbers[n] || paged && running_heads.contains(trimmed);
        paged |= page_numbers[n];
        if !trimmed.is_empty() {
            in_reading_list = if rules
                .reading_list_headings
                .iter()
                .any(|r| r.is_match(trimmed))
            {
                true
            } else {
                in_reading_list && is_headline(trimmed)
            };
        }
        if !trimmed.is_empty() && page_line {
            // The page ended here: the lines around may be one cut sentence.
            out.push(merged(pieces, a, b, PAGE_BREAK));
            dropped += 1;
        } else if !trimmed.is_empty()
            && (in_reading_list || rules.furniture_lines.iter().any(|r| r.is_match(trimmed)))
        {
            dropped += 1;
        } else if !rules.furniture_spans.iter().any(|re| re.is_match(&text)) {
            out.extend_from_slice(line);
        } else {
            // Only a line with a span to drop needs its bytes' pieces.
            let (_, owner) = text_of(line);
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

/// A line that reads as a story's headline in a list of links: short, and
/// ending no sentence (a paragraph of text ends with 。 or ；).
fn is_headline(line: &str) -> bool {
    line.chars().count() <= 40 && !line.ends_with(['。', '；', ';'])
}

/// The running heads of a paged document: short lines of text (政府工作报告,
/// a title) written three times at least, the title at the top counted, in a
/// document whose page-number lines (`page_numbers`, one flag per line) show
/// three pages at least. Not a heading, not a sentence.
fn running_heads(
    pieces: &[Piece],
    lines: &[(usize, usize)],
    page_numbers: &[bool],
) -> std::collections::HashSet<String> {
    const MIN_RUNNING_HEADS: usize = 3;
    const MAX_HEAD_CHARS: usize = 30;
    // Nothing is read of a document without pages, and only short lines then.
    if page_numbers.iter().filter(|&&p| p).count() < MIN_RUNNING_HEADS {
        return Default::default();
    }
    let short_lines: Vec<String> = lines
        .iter()
        .filter(|&&(a, b)| b > a && b - a <= 2 * MAX_HEAD_CHARS)
        .map(|&(a, b)| {
            let text: String = pieces[a..b].iter().map(|p| p.c).collect();
            text.trim().to_string()
        })
        .filter(|t| !t.is_empty() && t.chars().count() <= MAX_HEAD_CHARS)
        .collect();
    let mut counts = std::collections::HashMap::new();
    for t in &short_lines {
        if !t.contains(['。', ',', ';']) && !opens_with_heading_number(t) {
            *counts.entry(t.as_str()).or_insert(0usize) += 1;
        }
    }
    counts
        .into_iter()
        .filter(|&(_, n)| n >= MIN_RUNNING_HEADS)
        .map(|(t, _)| t.to_string())
        .collect()
}

/// Removes spaces inside Chinese text ("希 望" → "希望", "超 10亿元" → "超10亿元"),
/// before a per cent sign (6.1 % → 6.1%) and at line ends; a space between
/// two ASCII letters or digits stays, unless the stretch is letter-spaced
/// (增 长 5 . 6 % → 增长5.6%: see [`letter_spaced`]). In place, as [`normalise`].
fn repair_spaces(mut pieces: Vec<Piece>) -> Vec<Piece> {
    let spacing = letter_spaced(&pieces);
    // `kept` never passes `i`: what is read at `i` and after is the input's.
    let mut kept = 0;
    let mut i = 0;
    while i < pieces.len() {
        if pieces[i].c != ' ' {
            pieces[kept] = pieces[i];
            kept += 1;
            i += 1;
            continue;
        }
        let mut j = i;
        while j < pieces.len() && pieces[j].c == ' ' {
            j += 1;
        }
        let before = kept
            .checked_sub(1)
            .map(|k| pieces[k].c)
            .filter(|c| *c != '\n');
        let after = pieces.get(j).map(|p| p.c).filter(|c| *c != '\n');
        if let (Some(b), Some(a)) = (before, after) {
            // A figure and its per cent sign are one word (增长 6.1 %).
            let per_cent = b.is_ascii_digit() && matches!(a, '%' | '‰');
            if spacing.get(i) == Some(&true) {
                // (Inside a letter-spaced stretch every space goes.)
            } else if ends_a_phrase(b, &pieces[j..]) {
                pieces[kept] = Piece {
                    c: ',',
                    ..pieces[i]
                };
                kept += 1;
            } else if !per_cent
                && (b.is_ascii_alphanumeric() && a.is_ascii_alphanumeric()
                    || !is_cjkish(b) && !is_cjkish(a))
            {
                pieces[kept] = pieces[i];
                kept += 1;
            }
        }
        i = j;
    }
    pieces.truncate(kept);
    pieces
}

/// Whether a space after `before` and before `after` parts two phrases, as
/// a headline writes them (澳门上半年经济增长8.6% 博彩收入回升): a space after a
/// per cent sign, before Han words that are not the figure's qualifier
/// (6.1% 以上) or its noun (8.6% 的增幅). The space is then a comma.
fn ends_a_phrase(before: char, after: &[Piece]) -> bool {
    const GOES_ON: [&str; 7] = ["以上", "以下", "以内", "左右", "上下", "之间", "的"];
    if !matches!(before, '%' | '‰') || !after.first().is_some_and(|p| is_han(p.c)) {
        return false;
    }
    let next: String = after.iter().take(2).map(|p| p.c).collect();
    !GOES_ON.iter().any(|w| next.starts_with(w))
}

/// For each piece, whether it is a space inside a letter-spaced stretch
/// (empty when no character stands alone between spaces):
/// at least four characters in a row, each standing alone
/// between spaces, two of them Han at least. OCR and PDF text spread out a
/// line that way, figures included (增 长 5 . 6 %, 1 2 3 4 . 5 亿 元); prose
/// never writes one character at a time.
fn letter_spaced(pieces: &[Piece]) -> Vec<bool> {
    const MIN_SPACED_LETTERS: usize = 4;
    // (A figure is known by its shape: 0 . 6 千公顷 is one.)
    const MIN_SPACED_FIGURE: usize = 3;
    let lone = |w: &[Piece]| w[0].c == ' ' && !matches!(w[1].c, ' ' | '\n') && w[2].c == ' ';
    if !pieces.windows(3).any(lone) {
        return Vec::new();
    }
    let mut spacing = vec![false; pieces.len()];
    // The single characters of the current run: their indices.
    let mut run: Vec<usize> = Vec::new();
    // (`next` is the character closed up after the run: 3 9 2 1 人， ends
    // before 人, the figure's unit.)
    let close = |run: &mut Vec<usize>, spacing: &mut Vec<bool>, next: Option<char>| {
        // (Most runs are empty: every closed-up character closes one.)
        if run.len() < MIN_SPACED_FIGURE {
            run.clear();
            return;
        }
        let han = run.iter().filter(|&&i| is_han(pieces[i].c)).count();
        let figure: String = run.iter().map(|&i| pieces[i].c).chain(next).collect();
        let words = run.len() >= MIN_SPACED_LETTERS && han >= 2;
        if words || run.len() >= MIN_SPACED_FIGURE && is_spaced_figure(&figure) {
            for w in run.windows(2) {
                spacing[w[0] + 1..w[1]].iter_mut().for_each(|s| *s = true);
            }
        }
        run.clear();
    };
    let mut i = 0;
    while i < pieces.len() {
        let c = pieces[i].c;
        if c == ' ' {
            i += 1;
            continue;
        }
        let alone = (i == 0 || matches!(pieces[i - 1].c, ' ' | '\n'))
            && pieces.get(i + 1).is_none_or(|p| matches!(p.c, ' ' | '\n'));
        if c == '\n' || !alone {
            close(&mut run, &mut spacing, Some(c).filter(|c| *c != '\n'));
        } else {
            // (增长6 . 1 %: the run's figure opens with a digit closed up
            // to the word before it.)
            if let Some(d) = run.is_empty().then(|| digit_before(pieces, i)).flatten() {
                run.push(d);
            }
            run.push(i);
        }
        i += 1;
    }
    close(&mut run, &mut spacing, None);
    spacing
}

/// The digit a space's width before `i` that is closed up to what precedes
/// it (长6 in 增长6 . 1 %), where a spaced-out figure may open.
fn digit_before(pieces: &[Piece], i: usize) -> Option<usize> {
    let d = i.checked_sub(2)?;
    let closed_up = d > 0 && !matches!(pieces[d - 1].c, ' ' | '\n');
    (pieces[i - 1].c == ' ' && pieces[d].c.is_ascii_digit() && closed_up).then_some(d)
}

/// Whether the characters of a letter-spaced run are one figure with a
/// decimal point (4 5 6 8 . 2, 4 . 1 % ；) or whole digits before a unit
/// (1 0 0 0 人), which OCR spreads out as it does words; digits alone
/// (1 2 3 4) may be cells of a row, and stay apart.
fn is_spaced_figure(run: &str) -> bool {
    // (The per cent sign and the stop after it stand alone too: 6 . 8 % 。)
    let digits = run.trim_end_matches(|c: char| !c.is_ascii_digit());
    match digits.split_once('.') {
        Some((whole, part)) => {
            !whole.is_empty()
                && !part.is_empty()
                && whole
                    .chars()
                    .chain(part.chars())
                    .all(|c| c.is_ascii_digit())
        }
        // (1 0 0 0 人 。: whole digits before a unit are one figure too.)
        None => {
            let unit = run[digits.len()..].chars().next();
            digits.len() >= 2
                && digits.chars().all(|c| c.is_ascii_digit())
                && unit.is_some_and(is_han)
        }
    }
}

/// Whether a line that the page cut ends its sentence: on a full stop,
/// a colon or a semicolon, or a closing quote or bracket right after one.
/// A closing quote alone does not (实施“工业上楼”|项目151个), nor does a
/// decimal point (2222.|2亿元).
fn closes_sentence(line: &[Piece]) -> bool {
    let stop = |c: char| matches!(c, '。' | '!' | '?' | ';' | ':' | '…');
    match line {
        [.., before, last] if last.c == '.' => !before.c.is_ascii_digit(),
        [.., before, last] if ends_sentence(last.c) && !stop(last.c) => stop(before.c),
        [.., last] => ends_sentence(last.c),
        [] => false,
    }
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
/// with Chinese text or a comma. Where a page marker stood between the two
/// (`PAGE_BREAK`), the cut is known: the second part may be short and open
/// with anything, a figure included. In a hard-wrapped document
/// ([`wrapping::detect`]) a full line that does not close its sentence goes
/// on in the next line, whatever that opens with.
/// A line with a piece `in_table` is a table row and is never joined (no
/// `in_table`: the document has no tables).
fn join_broken_lines(pieces: &[Piece], in_table: Option<&dyn Fn(&Piece) -> bool>) -> Vec<Piece> {
    let lines = lines_of(pieces);
    // Each line without the page breaks at its ends.
    let core: Vec<(usize, usize)> = lines
        .iter()
        .map(|&(mut a, mut b)| {
            while a < b && pieces[a].c == PAGE_BREAK {
                a += 1;
            }
            while b > a && pieces[b - 1].c == PAGE_BREAK {
                b -= 1;
            }
            (a, b)
        })
        .collect();
    let content: Vec<usize> = (0..lines.len())
        .filter(|&n| core[n].1 > core[n].0)
        .collect();
    // Whether each line is a table row, and whether it opens with a heading
    // number, asked once per line.
    let table_rows: Vec<bool> = core
        .iter()
        .map(|&(a, b)| in_table.is_some_and(|t| pieces[a..b].iter().any(t)))
        .collect();
    let numbered: Vec<bool> = core
        .iter()
        .map(|&(a, b)| opens_numbered(&pieces[a..b]))
        .collect();
    let in_table_line = |n: usize| table_rows[n];
    let prose: Vec<&[Piece]> = content
        .iter()
        .filter(|&&n| !in_table_line(n))
        .map(|&n| &pieces[core[n].0..core[n].1])
        .collect();
    let wrap = wrapping::detect(&prose, ends_sentence);
    // Text written double-spaced has a blank line after every line (hardly
    // two lines meet): there a line goes on in the content line after the blank.
    let adjacent = content.windows(2).filter(|w| w[1] == w[0] + 1).count();
    let next_line = if 5 * adjacent <= content.len().saturating_sub(1) {
        2
    } else {
        1
    };
    // Paragraphs set apart by blank lines while the lines of each meet: there a
    // full line goes on in the line right after it even when it closes a
    // sentence (the page's width fell at its end).
    let blank_gaps = content.windows(2).filter(|w| w[1] > w[0] + 1).count();
    let blank_separated = next_line == 1 && blank_gaps >= 3 && 10 * blank_gaps >= content.len();
    // Paragraphs opened by an indent that cleaning dropped (　　 before the
    // text, as PDF text keeps it), in a text where some lines have one (one in
    // twenty at least: paragraphs of many lines) and others none: there a full
    // line goes on in a next line without one.
    let indented: Vec<bool> = lines
        .iter()
        .zip(&core)
        .map(|(&(a, _), &(ca, cb))| ca < cb && a > 0 && pieces[ca].start > pieces[a - 1].end)
        .collect();
    let indents = content.iter().filter(|&&n| indented[n]).count();
    let indent_style = 20 * indents >= content.len() && 5 * indents <= 4 * content.len();
    let mut drop_newlines_from = vec![None; lines.len()];
    for (k, w) in content.windows(2).enumerate() {
        let (p, q) = (w[0], w[1]);
        if in_table_line(p) || in_table_line(q) {
            continue;
        }
        let (pa, pb) = core[p];
        let (qa, qb) = core[q];
        let opens_paragraph = k == 0 || drop_newlines_from[content[k - 1]] != Some(p);
        let page_break = pieces[pb..qa].iter().any(|p| p.c == PAGE_BREAK);
        let (p_line, q_line) = (&pieces[pa..pb], &pieces[qa..qb]);
        let cut = LineCut {
            opens_paragraph,
            numbered: numbered[p],
            stop_goes_on: q == p + 1 && (blank_separated || indent_style && !indented[q]),
        };
        let wrapped = (q - p <= next_line || page_break)
            && wrap.is_some_and(|w| cut_by_the_wrap(&w, p_line, q_line, cut))
            && (!numbered[q] || numbered_goes_on(wrap.as_ref(), p_line, q_line));
        // A short line with a comma is a cut sentence, not a heading — unless it
        // is numbered like one (二、牢记使命,奋勇争先); nor does a heading continue one.
        // (Nor does a list's item: 4.城镇调查失业率:…下降0.1个百分点 / 她表示,….)
        let broken = !numbered[p]
            && !numbered[q]
            && cut_by_a_break(p_line, q_line, page_break)
            && !opens_list_item(p_line)
            && !stands_alone(p_line);
        // The first line is a title: a break does not cut it, but a wrap may.
        if wrapped || (k > 0 && broken) {
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

/// Whether a line stops inside a list (其中一、 / 二、三产增加值): what opens
/// the next line is the list's next item, not a heading's number.
fn goes_on_listing(line: &[Piece]) -> bool {
    line.last().is_some_and(|p| matches!(p.c, '、' | ','))
}

/// Whether a line `q` that opens with a heading number goes on from the
/// open line `p` before it: `p` stops inside a list (其中一、 / 二、三产增加值…),
/// or `q` is as wide as the page with a sentence's comma in it (…其中第 /
/// 一、第三产业增加值分别增长2.5%、3.9%,社会消费…). After a closed sentence a
/// numbered line is a heading, however wide.
fn numbered_goes_on(wrap: Option<&wrapping::Wrap>, p: &[Piece], q: &[Piece]) -> bool {
    let full_prose = || {
        wrap.is_some_and(|w| w.is_full(q, false))
            && q.iter().any(|c| matches!(c.c, ',' | '。' | ';'))
    };
    !closes_sentence(p) && (goes_on_listing(p) || full_prose())
}

/// Whether a line opens with a heading number (一、, (三), 1.).
fn opens_numbered(line: &[Piece]) -> bool {
    opens_with_heading_number(&line.iter().take(8).map(|p| p.c).collect::<String>())
}

/// Whether a line stamps the page (发布时间:2025-10-30 来源:衢州日报) or is a
/// speech's byline (——2026年2月2日在…人民代表大会第五次会议上): it goes on
/// in no paragraph.
fn stands_alone(line: &[Piece]) -> bool {
    static STAMP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:来源|发布时间|发布日期|作者|编辑|责任编辑)\s*:|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|^\s*[—–-]{1,2}.*会议上$",
        )
        .unwrap()
    });
    STAMP.is_match(&line.iter().map(|p| p.c).collect::<String>())
}

/// Whether a line opens with a list's arabic number (1., 2、, (3)).
fn opens_list_item(line: &[Piece]) -> bool {
    static LIST_NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*(?:\d{1,2}[.、][^\d]|[(（]\d{1,2}[)）])").unwrap());
    LIST_NUMBER.is_match(&line.iter().take(8).map(|p| p.c).collect::<String>())
}

/// What is known of a line before deciding whether the wrap cut it.
#[derive(Debug, Clone, Copy)]
struct LineCut {
    /// No line before it goes on in it.
    opens_paragraph: bool,
    /// It opens with a heading number.
    numbered: bool,
    /// The next line meets it in a text whose paragraphs are set apart by
    /// blank lines or opened by an indent, and has none: it goes on there
    /// even when it closes its sentence.
    stop_goes_on: bool,
}

/// Whether the line `p` of a hard-wrapped document goes on in the next
/// content line `q`: `p` is full and does not close its sentence (or may,
/// see [`LineCut`]). A numbered line as wide as the page is a heading
/// (一、牢记殷殷嘱托,在接续奋斗中…) unless body text runs on after it
/// ((八)各类风险有序化解。保交…); a heading goes on only in a short line that
/// does not close a sentence, the rest of a heading too long for one line.
fn cut_by_the_wrap(wrap: &wrapping::Wrap, p: &[Piece], q: &[Piece], cut: LineCut) -> bool {
    // A numbered line that goes on from the line before is no heading.
    let heading = cut.numbered
        && cut.opens_paragraph
        && !p.iter().any(|p| matches!(p.c, '。' | ';' | '!' | '?'));
    let heading_goes_on = !wrap.is_full(q, false) && !closes_sentence(q);
    wrap.is_full(p, cut.opens_paragraph)
        && (!heading || heading_goes_on)
        && (cut.stop_goes_on || !closes_sentence(p))
}

/// Whether the line `p` and the next content line `q` are one paragraph
/// that a page or column break cut in two: `p` is long (or holds a comma)
/// and does not end its sentence, and `q` goes on with Chinese text or a
/// comma — or, where a page marker stood between them (`page_break`), with
/// anything.
fn cut_by_a_break(p: &[Piece], q: &[Piece], page_break: bool) -> bool {
    const MIN_LINE: usize = 20;
    let last = p[p.len() - 1].c;
    let first = q[0].c;
    let cut_sentence = p.iter().any(|p| p.c == ',');
    let goes_on = if page_break {
        is_han(last) || last.is_ascii_alphanumeric() || matches!(last, ',' | '、')
    } else {
        q.len() >= MIN_LINE
            && (is_han(last) || last == ',')
            && (is_han(first) || matches!(first, ',' | '、' | '。'))
    };
    (p.len() >= MIN_LINE || cut_sentence) && !ends_sentence(last) && goes_on
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Cleaned {
        clean(text, &CleanConfig::default(), &Rules::embedded())
    }

    #[test]
    fn years_in_chinese_numerals_read_in_digits() {
        let c = run(
            "二○二四年第四季增长2.4%，一九九八年，二〇二五年度；二○一九至二○年度；十二〇二四年",
        );
        assert!(c
            .text
            .starts_with("2024年第四季增长2.4%,1998年,2025年度;2019至20年度;"));
        assert!(c.text.ends_with("十二〇二四年"));
        let (s, e) = c.raw_range(0, 4);
        assert_eq!((s, e), (0, 4));
    }

    #[test]
    fn a_date_in_a_three_digit_year_reads_the_text_in_roc_years() {
        let c = run("國情統計通報\n113年10月2日\n112年平均每戶所得較111年增加3.1%");
        assert!(c.text.contains("2023年平均每户所得较2022年增加3.1%"));
        // (Without such a date or a word only Taiwan writes, 112年 stays.)
        let c = run("统计通报\n112年平均每户所得增加3.1%");
        assert!(c.text.contains("112年"));
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
        let c = run(
            "大家希 望到郑州来投资\n上一版  下一版\n总投资超 10亿元 and RCEP 2.0\n增长 6.1 %\n",
        );
        assert!(c.text.contains("大家希望到郑州来投资"));
        assert!(c.text.contains("增长6.1%"));
        assert!(!c.text.contains("上一版"));
        assert!(c.text.contains("总投资超10亿元and RCEP 2.0"));
        assert_eq!(c.furniture_lines, 1);
    }

    #[test]
    fn a_spaced_out_figure_closes_up() {
        let c =
            run("生产总值达到 4 5 6 8 . 2 亿元，增长 4 . 1 % ；\n一季度 1 2 3 4\n1 0 0 0 人 。\n");
        assert!(
            c.text.contains("生产总值达到4568.2亿元,增长4.1%;"),
            "{}",
            c.text
        );
        assert!(c.text.contains("1000人。"), "{}", c.text);
        assert!(c.text.contains("1 2 3 4"), "{}", c.text);
        // (Closed-up words around a spaced figure: 3921人, 0.6千公顷.)
        let c = run("出生人口 3 9 2 1 人，比上年增加 0 . 6 千公顷，增长6 . 1 %\n");
        assert!(
            c.text
                .contains("出生人口3921人,比上年增加0.6千公顷,增长6.1%"),
            "{}",
            c.text
        );
    }

    #[test]
    fn a_space_after_a_per_cent_parts_a_headline() {
        let c = run("经济增长8.6% 博彩收入回升\n增长 6.1 % 以上，占 7.2% 的份额\n");
        assert!(c.text.contains("经济增长8.6%,博彩收入回升"));
        assert!(c.text.contains("增长6.1%以上,占7.2%的份额"));
    }

    #[test]
    fn a_reading_list_goes_with_its_heading() {
        let c = run(
            "上半年投资增长5%。\n\n相关新闻：\n\n澳门7月博彩收入按年增18.8%\n7月外贸增长6%\n\n前7个月消费增长4%，比上半年加快0.2个百分点。\n",
        );
        assert!(c.text.contains("上半年投资增长5%。"));
        assert!(!c.text.contains("相关新闻"));
        assert!(!c.text.contains("18.8%"));
        assert!(!c.text.contains("外贸"));
        assert!(c.text.contains("前7个月消费增长4%"));
        assert_eq!(c.furniture_lines, 3);
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
    fn a_stretch_of_chars_reads_as_the_same_text() {
        let c = run("GDP增长5.2%，𠀋字 and ＡＢ\n第二行");
        for from in 0..=c.chars.len() {
            for to in from..=c.chars.len() {
                assert_eq!(c.str(from, to), crate::text::string_of(&c.chars[from..to]));
            }
        }
    }

    #[test]
    fn a_lone_cr_ends_a_line_and_crlf_is_one_newline() {
        let raw = "甲\r\n乙\r\r\n丙 增长７％\r";
        let c = run(raw);
        assert_eq!(c.text, "甲\n乙\n\n丙增长7%\n");
        let s = c.text.chars().position(|ch| ch == '7').unwrap();
        let (a, b) = c.raw_range(s, s + 2);
        let raw_chars: Vec<char> = raw.chars().collect();
        assert_eq!(raw_chars[a..b].iter().collect::<String>(), "７％");
    }

    #[test]
    fn markdown_front_matter_and_page_markers() {
        let raw = "---\ntitle: \"标题增长5%\"\ndate: 2024-03-05\n---\n## 一、回顾\n\n全年地区生产总值达到**1200亿元**,详见[公报](http://x.cn/a),同比增\n\n<!-- Page 2 -->\n\n长5.1%。![图](a.png)\n";
        let c = run(raw);
        assert_eq!(
            c.text,
            "标题增长5%\n一、回顾\n\n全年地区生产总值达到1200亿元,详见公报,同比增长5.1%。\n"
        );
        let at = |s: &str| c.text[..c.text.find(s).unwrap()].chars().count();
        let raw_chars: Vec<char> = raw.chars().collect();
        let text_at = |s: &str| {
            let (a, b) = c.raw_range(at(s), at(s) + s.chars().count());
            raw_chars[a..b].iter().collect::<String>()
        };
        assert_eq!(text_at("5%"), "5%");
        assert_eq!(text_at("1200亿元"), "1200亿元");
        assert_eq!(text_at("增长5.1%"), "增\n\n<!-- Page 2 -->\n\n长5.1%");
        let keys: Vec<(&str, &str)> = c
            .declared
            .iter()
            .map(|d| (d.key.as_str(), d.value.as_str()))
            .collect();
        assert_eq!(keys, [("title", "标题增长5%"), ("date", "2024-03-05")]);
    }

    #[test]
    fn a_notes_number_is_no_text() {
        let c = run(
            "全年地区生产总值[1]2368.52亿元,增长5.4%[2]。规模以上工业〔7〕增加值\n[1]按现价计算。",
        );
        assert_eq!(
            c.text,
            "全年地区生产总值2368.52亿元,增长5.4%。规模以上工业增加值\n[1]按现价计算。"
        );
        let at = c.text.find("2368").unwrap();
        let from = c.text[..at].chars().count();
        assert_eq!(c.raw_range(from, from + 1), (11, 12));
        let marks =
            run("产值①5亿元,人口³3万人,增加值*增长7%,面积3米²,5km²。主要有:①加快;②推进。**重点**");
        assert_eq!(
            marks.text,
            "产值5亿元,人口3万人,增加值增长7%,面积3米²,5km²。主要有:①加快;②推进。重点"
        );
        let html = "<p>人均地区生产总值<sup>3</sup>88612元,面积12km<sup>2</sup>,增长5%<SUP>[4]</SUP>。</p>";
        assert_eq!(
            run(html).text,
            "\n人均地区生产总值88612元,面积12km2,增长5%。\n"
        );
    }

    #[test]
    fn html_tables_become_rows_of_cells() {
        let raw = "<p>前文</p><table>\n<caption>表1(单位:亿元)</caption>\n<tr><th>指标</th><th colspan=\"2\">2023年</th></tr>\n<tr>\n  <td>&nbsp;&nbsp;城镇</td>\n  <td><p>12</p></td><td>3.5</td></tr></table><p>后文</p>";
        let c = run(raw);
        assert_eq!(
            c.text,
            "\n前文\n\n\n表1(单位:亿元)\n\n|指标|2023年\n|城镇|12|3.5\n\n后文\n"
        );
        assert_eq!(c.tables.len(), 1);
        let t = &c.tables[0];
        let text = |a: usize, b: usize| c.chars[a..b].iter().collect::<String>();
        let (a, b) = t.caption.unwrap();
        assert_eq!(text(a, b), "表1(单位:亿元)");
        assert_eq!(text(t.start, t.end), "|指标|2023年\n|城镇|12|3.5");
        assert_eq!(t.header_rows, 1);
        let cells: Vec<(String, usize, usize, usize)> = t
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .map(|x| (text(x.start, x.end), x.col, x.colspan, x.indent))
            .collect();
        assert_eq!(
            cells,
            [
                ("指标".to_string(), 0, 1, 0),
                ("2023年".to_string(), 1, 2, 0),
                ("城镇".to_string(), 0, 1, 2),
                ("12".to_string(), 1, 1, 0),
                ("3.5".to_string(), 2, 1, 0),
            ]
        );
    }

    #[test]
    fn layout_table_cells_are_lines() {
        let c = run(&format!(
            "<table><tr><td>导航</td><td>{}增长5%。</td></tr><tr><td>a</td><td>b</td></tr></table>",
            "正文很长".repeat(20)
        ));
        assert!(c.tables.is_empty());
        assert!(c.text.contains("\n导航\n"), "{}", c.text);
    }

    #[test]
    fn table_rows_are_never_joined() {
        // A pipe table without outer pipes opens its rows with text.
        let c = run("说明文字说明文字说明文字说明文字说明文字说明文字说明\n\n指标名称指标名称指标名称 | 本年绝对数本年绝对数 | 比上年增长\n--- | --- | ---\n地区生产总值地区生产总值 | 1200 | 5\n");
        assert_eq!(c.tables.len(), 1);
        assert_eq!(c.tables[0].rows.len(), 2);
        assert!(c.text.contains("说明\n\n指标名称"), "{}", c.text);
    }

    #[test]
    fn letter_spaced_stretches_close_up() {
        let c =
            run("全 年 居 民 收 入 4 2 3 4 5 元 , 增 长 5 . 3 % 。\n表1 2 3 4 5 and RCEP 2.0\n");
        assert_eq!(
            c.text,
            "全年居民收入42345元,增长5.3%。\n表1 2 3 4 5 and RCEP 2.0\n"
        );
        // Single characters without two Han among them are not spread-out prose.
        assert!(run("序号 1 2 3 4 5\n").text.contains("1 2 3 4 5"));
    }

    #[test]
    fn hard_wrapped_lines_and_page_numbers_are_joined() {
        let paragraph = "全年全市地区生产总值5432.1亿元,按不变价格计算,比上年增长5.2%。其中,第一产业增加值210.5亿元,增长3.1%;第二产业增加值2101.4亿元,增长5.8%;第三产业增加值3120.2亿元,增长5.1%。";
        let chars: Vec<char> = paragraph.chars().collect();
        let mut raw = String::from("标题\n");
        for (n, line) in chars.chunks(18).enumerate() {
            raw.extend(line);
            raw.push('\n');
            if n == 3 {
                raw.push_str("— 2 —\n");
            }
        }
        let lines = raw.repeat(3);
        let c = run(&lines);
        assert!(c.text.contains(paragraph), "{}", c.text);
        assert!(!c.text.contains('—'));
        // Double-spaced: a blank line after every line.
        let c = run(&lines.replace('\n', "\n\n"));
        assert!(c.text.contains(paragraph), "{}", c.text);
        // A numbered heading as wide as the page stays a line of its own,
        // unless a short tail of it follows; body text after a stop goes on.
        let heading = "一、牢记殷殷嘱托,在接续奋斗中取得新成";
        let c = run(&format!("{lines}{heading}\n{}", &lines[7..]));
        assert!(c.text.contains(&format!("\n{heading}\n")), "{}", c.text);
        let c = run(&format!("{lines}{heading}\n效\n{}", &lines[7..]));
        assert!(c.text.contains(&format!("\n{heading}效\n")), "{}", c.text);
        let run_in = "(八)各类风险有序化解。保交楼任务总体完成,保";
        let c = run(&format!(
            "{lines}{run_in}\n交房项目交付率94.6%。\n{}",
            &lines[7..]
        ));
        assert!(c.text.contains("保交房项目交付率94.6%"), "{}", c.text);
        // A running head after each page number goes with it.
        let headed = lines.replace("— 2 —\n", "— 2 —\n某市统计公报\n");
        let c = run(&headed);
        assert!(c.text.contains(paragraph), "{}", c.text);
        assert!(!c.text.contains("某市统计公报"));
        // The same lines, each a paragraph of its own length, are not joined.
        let c = run(&format!("标题\n{paragraph}\n{paragraph}\n"));
        assert_eq!(c.text.lines().count(), 3);
    }

    #[test]
    fn broken_paragraph_is_joined() {
        let c = run("标题\n\n完整、准确、全面贯彻新发展理念的要求,围绕总目标而奋力推动发展理\n\n念,围绕“当好国家队、提升国际化”总目标而努力奋斗吧。\n");
        assert!(c.text.contains("发展理念,围绕"));
    }
}
