//! Tables read as rows of cells: HTML `<table>` and Markdown (GFM) pipe
//! tables, as web pages and OCR tools write them, and tables written with
//! spaces, as a PDF's tables come out as text. In the cleaned text a row is a
//! line; in an HTML or pipe table every cell opens with `|` (the `<td>` tag or
//! the pipe it came from); beside the text, a [`Table`] gives each cell's cleaned range
//! and its place in the grid (column, spans, header, indentation), so that
//! the extract stage can name a figure from its row and its column.
//!
//! Only tables of short cells are read so: an HTML table that holds another
//! table, or whose cells hold paragraphs, lays out a page, and its cells are
//! lines of text like any other. A Markdown table needs its delimiter row
//! (`|---|:--:|`), which goes.

use std::sync::LazyLock;

use regex::Regex;

use super::pieces::{lines_of, Piece, PAGE_BREAK};

/// A table of the document, in cleaned character ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// From the start of the first row to the end of the last.
    pub start: usize,
    pub end: usize,
    /// The `<caption>`, if any.
    pub caption: Option<(usize, usize)>,
    pub rows: Vec<Row>,
    /// How many rows the markup makes header rows: `<thead>` and `<th>`
    /// rows, the row above a Markdown delimiter row.
    pub header_rows: usize,
}

/// One row: a line of the cleaned text.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub start: usize,
    pub end: usize,
    pub cells: Vec<Cell>,
}

/// One cell: its text (trimmed, maybe empty) and its place in the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub start: usize,
    pub end: usize,
    /// The first grid column it covers (cells spanning rows above counted).
    pub col: usize,
    pub colspan: usize,
    pub rowspan: usize,
    /// A `<th>` cell, or a cell of a Markdown header row.
    pub header: bool,
    /// Spaces (after folding: &nbsp;, full-width spaces) before its text.
    pub indent: usize,
}

/// A table while cleaning: raw character ranges, which every later step keeps.
#[derive(Debug, Clone)]
pub struct RawTable {
    caption: Option<(u32, u32)>,
    rows: Vec<RawRow>,
    header_rows: usize,
}

#[derive(Debug, Clone)]
struct RawRow {
    start: u32,
    end: u32,
    cells: Vec<RawCell>,
}

#[derive(Debug, Clone)]
struct RawCell {
    start: u32,
    end: u32,
    colspan: usize,
    rowspan: usize,
    header: bool,
    indent: usize,
}

impl RawTable {
    /// Raw character range of the rows.
    fn span(&self) -> (u32, u32) {
        let start = self.rows.first().map_or(0, |r| r.start);
        let end = self.rows.last().map_or(0, |r| r.end);
        (start, end)
    }

    /// True when the raw character `at` is in one of the rows.
    pub fn holds(&self, at: u32) -> bool {
        let (s, e) = self.span();
        s <= at && at < e
    }
}

/// What the HTML stripper does with one tag.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TagAction {
    /// As outside tables: a block tag is a line break, any other goes.
    Default,
    /// The tag becomes this character.
    Emit(char),
    /// The tag goes.
    Drop,
}

/// What the HTML stripper does with the text before a tag.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GapMode {
    Keep,
    /// Inside a cell: a cell is one line, its leading ASCII spaces go.
    Cell,
    /// Between the cells of a table: its spaces are source formatting and go.
    Drop,
}

/// How to strip the tags of an HTML text that has data tables.
#[derive(Debug, Clone)]
pub struct HtmlPlan {
    /// One per tag.
    pub actions: Vec<TagAction>,
    /// One per gap: before each tag, and after the last.
    pub gaps: Vec<GapMode>,
    /// The data tables found.
    tables: Vec<ByteTable>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    TableOpen,
    TableClose,
    RowOpen,
    RowClose,
    CellOpen { th: bool },
    CellClose,
    CaptionOpen,
    CaptionClose,
    HeadOpen,
    HeadClose,
    Block,
    Other,
}

static TAG_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^<(/?)([a-zA-Z][a-zA-Z0-9]*)").unwrap());
static SPAN_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\b(colspan|rowspan)\s*=\s*["']?\s*(\d{1,3})"#).unwrap());

fn token(tag: &str) -> Tok {
    let Some(c) = TAG_NAME.captures(tag) else {
        return Tok::Other;
    };
    let close = !c[1].is_empty();
    match (c[2].to_ascii_lowercase().as_str(), close) {
        ("table", false) => Tok::TableOpen,
        ("table", true) => Tok::TableClose,
        ("tr", false) => Tok::RowOpen,
        ("tr", true) => Tok::RowClose,
        ("td", false) => Tok::CellOpen { th: false },
        ("th", false) => Tok::CellOpen { th: true },
        ("td" | "th", true) => Tok::CellClose,
        ("caption", false) => Tok::CaptionOpen,
        ("caption", true) => Tok::CaptionClose,
        ("thead", false) => Tok::HeadOpen,
        ("thead", true) => Tok::HeadClose,
        ("p" | "div" | "br" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6", _) => Tok::Block,
        _ => Tok::Other,
    }
}

/// `(colspan, rowspan)` of a cell tag, each at least 1.
fn spans(tag: &str) -> (usize, usize) {
    let (mut col, mut row) = (1, 1);
    for c in SPAN_ATTR.captures_iter(tag) {
        let n: usize = c[2].parse().unwrap_or(1).clamp(1, 100);
        if c[1].eq_ignore_ascii_case("colspan") {
            col = n;
        } else {
            row = n;
        }
    }
    (col, row)
}

/// A table found among the tags: tag indices and byte ranges of the text.
#[derive(Debug, Clone, Default)]
struct ByteTable {
    open: usize,
    close: usize,
    nested: bool,
    caption: Option<(usize, usize)>,
    rows: Vec<ByteRow>,
}

#[derive(Debug, Clone)]
struct ByteRow {
    /// Byte where the row starts (its `<tr>` or first cell tag).
    start: usize,
    in_head: bool,
    cells: Vec<ByteCell>,
}

#[derive(Debug, Clone)]
struct ByteCell {
    /// Tag indices: the opening tag, the first tag after the content.
    open: usize,
    close: usize,
    colspan: usize,
    rowspan: usize,
    th: bool,
}

/// Reads the tables among `tags` (byte ranges of `s`) and plans how to strip
/// them: a data table's rows become lines and its cells `|`-separated.
pub fn plan_html(s: &str, tags: &[(usize, usize)], max_cell_chars: usize) -> HtmlPlan {
    let toks: Vec<Tok> = tags.iter().map(|&(a, b)| token(&s[a..b])).collect();
    let mut tables = find_tables(s, tags, &toks);
    tables.retain(|t| is_data_table(s, tags, t, max_cell_chars));
    let mut actions = vec![TagAction::Default; tags.len()];
    let mut gaps = vec![GapMode::Keep; tags.len() + 1];
    for t in &tables {
        for k in t.open..=t.close.min(tags.len() - 1) {
            actions[k] = match toks[k] {
                Tok::TableOpen | Tok::TableClose | Tok::RowOpen | Tok::CaptionOpen => {
                    TagAction::Emit('\n')
                }
                Tok::CellOpen { .. } => TagAction::Emit('|'),
                Tok::Block => TagAction::Emit(' '),
                _ => TagAction::Drop,
            };
        }
        // The gap after tag k is gap k + 1; after the closing tag, text is text again.
        for g in &mut gaps[t.open + 1..=t.close.min(tags.len())] {
            *g = GapMode::Drop;
        }
        for c in t.rows.iter().flat_map(|r| &r.cells) {
            gaps[c.open + 1..=c.close].fill(GapMode::Cell);
        }
        if let Some((open, close)) = t.caption {
            gaps[open + 1..=close].fill(GapMode::Cell);
            actions[close] = TagAction::Emit('\n');
        }
    }
    HtmlPlan {
        actions,
        gaps,
        tables,
    }
}

/// Every `<table>` with its rows and cells; a table holding another is `nested`.
fn find_tables(s: &str, tags: &[(usize, usize)], toks: &[Tok]) -> Vec<ByteTable> {
    let mut done = Vec::new();
    let mut stack: Vec<ByteTable> = Vec::new();
    let mut in_head = false;
    let mut caption_open: Option<usize> = None;
    for (k, tok) in toks.iter().enumerate() {
        if *tok == Tok::TableOpen {
            if let Some(outer) = stack.last_mut() {
                outer.nested = true;
                close_cell(outer, k);
            }
            stack.push(ByteTable {
                open: k,
                ..ByteTable::default()
            });
            continue;
        }
        let Some(t) = stack.last_mut() else {
            continue;
        };
        match *tok {
            Tok::TableClose => {
                close_cell(t, k);
                let mut t = stack.pop().unwrap();
                t.close = k;
                done.push(t);
                if let Some(outer) = stack.last_mut() {
                    outer.nested = true;
                }
            }
            Tok::RowOpen => {
                close_cell(t, k);
                t.rows.push(ByteRow {
                    start: tags[k].0,
                    in_head,
                    cells: Vec::new(),
                });
            }
            Tok::RowClose | Tok::CellClose => close_cell(t, k),
            Tok::CellOpen { th } => {
                close_cell(t, k);
                if t.rows.is_empty() {
                    t.rows.push(ByteRow {
                        start: tags[k].0,
                        in_head,
                        cells: Vec::new(),
                    });
                }
                let (colspan, rowspan) = spans(&s[tags[k].0..tags[k].1]);
                t.rows.last_mut().unwrap().cells.push(ByteCell {
                    open: k,
                    close: usize::MAX,
                    colspan,
                    rowspan,
                    th,
                });
            }
            Tok::CaptionOpen => caption_open = Some(k),
            Tok::CaptionClose => {
                if let Some(open) = caption_open.take() {
                    t.caption = Some((open, k));
                }
            }
            Tok::HeadOpen => in_head = true,
            Tok::HeadClose => in_head = false,
            _ => {}
        }
    }
    // Tables never closed end with the text.
    while let Some(mut t) = stack.pop() {
        close_cell(&mut t, tags.len());
        t.close = tags.len();
        done.push(t);
    }
    done.sort_by_key(|t| t.open);
    done
}

/// Closes the open cell of `t`, if any, at tag `k`.
fn close_cell(t: &mut ByteTable, k: usize) {
    if let Some(c) = t.rows.last_mut().and_then(|r| r.cells.last_mut()) {
        if c.close == usize::MAX {
            c.close = k;
        }
    }
}

/// The text of `s` from the end of tag `open` to the start of tag `close`, tags left out.
fn text_between(s: &str, tags: &[(usize, usize)], open: usize, close: usize) -> String {
    let mut out = String::new();
    let end_of = |k: usize| tags.get(k).map_or(s.len(), |t| t.0);
    for k in open..close {
        out.push_str(&s[tags[k].1..end_of(k + 1)]);
    }
    out
}

/// A table of figures: no table inside, two rows or more, one with two
/// cells or more, and no long cell in a row of several.
fn is_data_table(s: &str, tags: &[(usize, usize)], t: &ByteTable, max_cell_chars: usize) -> bool {
    if t.nested || t.rows.len() < 2 || t.rows.iter().all(|r| r.cells.len() < 2) {
        return false;
    }
    t.rows.iter().filter(|r| r.cells.len() >= 2).all(|r| {
        r.cells.iter().all(|c| {
            text_between(s, tags, c.open, c.close)
                .trim()
                .chars()
                .count()
                <= max_cell_chars
        })
    })
}

impl HtmlPlan {
    /// The data tables in raw character ranges; `raw_of(a, b)` maps a byte
    /// range of the stripped string to the raw range of its pieces.
    pub fn raw_tables(
        &self,
        tags: &[(usize, usize)],
        raw_of: &dyn Fn(usize, usize) -> (u32, u32),
    ) -> Vec<RawTable> {
        let text_end = |k: usize| tags.get(k).map(|t| t.0);
        self.tables
            .iter()
            .map(|t| {
                let rows = t
                    .rows
                    .iter()
                    .filter(|r| !r.cells.is_empty())
                    .map(|r| {
                        let cells: Vec<RawCell> = r
                            .cells
                            .iter()
                            .map(|c| {
                                let a = tags[c.open].1;
                                let b = text_end(c.close).unwrap_or(a).max(a);
                                let (start, end) = raw_of(a, b);
                                RawCell {
                                    start,
                                    end,
                                    colspan: c.colspan,
                                    rowspan: c.rowspan,
                                    header: c.th || r.in_head,
                                    indent: 0,
                                }
                            })
                            .collect();
                        let end = cells.last().map_or(0, |c| c.end);
                        RawRow {
                            start: raw_of(r.start, r.start + 1).0,
                            end,
                            cells,
                        }
                    })
                    .collect::<Vec<_>>();
                let header_rows = rows
                    .iter()
                    .take_while(|r| r.cells.iter().all(|c| c.header))
                    .count();
                RawTable {
                    caption: t.caption.map(|(o, c)| {
                        let a = tags[o].1;
                        raw_of(a, tags[c].0.max(a))
                    }),
                    rows,
                    header_rows,
                }
            })
            .collect()
    }
}

/// A Markdown delimiter row: `|---|:---:|--:|`.
static DELIMITER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$|^\s*\|\s*:?-+:?\s*\|\s*$").unwrap()
});

/// Finds Markdown pipe tables: a row of cells, a delimiter row, and the rows
/// of cells after it up to a line without `|`. The delimiter row goes.
pub fn markdown_tables(pieces: Vec<Piece>) -> (Vec<Piece>, Vec<RawTable>) {
    if !pieces.iter().any(|p| p.c == '|') {
        return (pieces, Vec::new());
    }
    let pieces = &pieces[..];
    let lines = lines_of(pieces);
    let line_text = |n: usize| -> String {
        let (a, b) = lines[n];
        pieces[a..b].iter().map(|p| p.c).collect()
    };
    let mut tables = Vec::new();
    let mut drop_line = vec![false; lines.len()];
    let mut n = 0;
    while n + 1 < lines.len() {
        let head = line_text(n);
        if !(head.contains('|') && DELIMITER.is_match(&line_text(n + 1))) {
            n += 1;
            continue;
        }
        let mut rows = vec![pipe_row(pieces, lines[n], true)];
        drop_line[n + 1] = true;
        let mut m = n + 2;
        loop {
            if m < lines.len() && line_text(m).contains('|') {
                rows.push(pipe_row(pieces, lines[m], false));
                m += 1;
                continue;
            }
            // A page break between rows (OCR output): the table goes on after
            // it, unless a table of its own follows (a row and a delimiter row).
            let Some(k) = (m..lines.len()).find(|&k| !line_text(k).trim().is_empty()) else {
                break;
            };
            let page_break = (m..k).any(|j| line_text(j).contains(PAGE_BREAK));
            let new_table = k + 1 < lines.len() && DELIMITER.is_match(&line_text(k + 1));
            if !(page_break && line_text(k).contains('|') && !new_table) {
                break;
            }
            m = k;
        }
        if rows[0].cells.len() >= 2 {
            tables.push(RawTable {
                caption: None,
                rows,
                header_rows: 1,
            });
        } else {
            drop_line[n + 1] = false;
        }
        n = m;
    }
    let mut out = Vec::with_capacity(pieces.len());
    for (n, &(a, b)) in lines.iter().enumerate() {
        if !drop_line[n] {
            out.extend_from_slice(&pieces[a..b]);
        }
        if b < pieces.len() {
            out.push(pieces[b]);
        }
    }
    (out, tables)
}

/// The fewest rows, header included, of a table written with spaces.
const MIN_TEXT_ROWS: usize = 3;
/// A caption line above a table written with spaces is at most this long.
const MAX_CAPTION_CHARS: usize = 40;

/// A figure standing alone in a cell: 67.3, -3.5, 1,234, 12.1%.
static FIGURE_CELL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-+−]?\d[\d,]*(?:\.\d+)?%?$").unwrap());
/// A line that captions a table: 表1 …, 单位:亿元.
static CAPTION_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:表\s*\d|.*单位\s*[:：])").unwrap());

/// Finds tables written with spaces, as a PDF's tables come out as text:
/// consecutive lines that runs of two spaces or more split into as many
/// cells as each other (two at least), [`MIN_TEXT_ROWS`] lines or more, every
/// line but the first with a cell that is a figure alone. The first line is
/// the header when none of its cells is one; a short line above that says
/// 表N or 单位: is the caption. Lines of `known` tables are left alone. The
/// text is not changed: the cells are raw ranges, a row's first cell with
/// the spaces it is indented by.
pub fn text_tables(pieces: &[Piece], known: &[RawTable]) -> Vec<RawTable> {
    if !pieces.windows(2).any(|w| w[0].c == ' ' && w[1].c == ' ') {
        return Vec::new();
    }
    let lines = lines_of(pieces);
    let cells: Vec<Vec<(usize, usize)>> = lines
        .iter()
        .map(|&(a, b)| {
            let known_line = a < b && in_any(known, &pieces[a]);
            if known_line {
                Vec::new()
            } else {
                spaced_cells(pieces, a, b)
            }
        })
        .collect();
    let is_figure = |&(a, b): &(usize, usize)| {
        let text: String = pieces[a..b]
            .iter()
            .map(|p| p.c)
            .filter(|c| *c != ' ')
            .collect();
        FIGURE_CELL.is_match(&text)
    };
    let mut tables = Vec::new();
    let mut n = 0;
    while n < lines.len() {
        let width = cells[n].len();
        let mut m = n + 1;
        while m < lines.len()
            && width >= 2
            && cells[m].len() == width
            && cells[m].iter().any(is_figure)
        {
            m += 1;
        }
        if width < 2 || m - n < MIN_TEXT_ROWS {
            n += 1;
            continue;
        }
        let header = !cells[n].iter().any(is_figure);
        let rows = (n..m)
            .map(|k| text_row(pieces, lines[k], &cells[k], header && k == n))
            .collect();
        let caption = (n > 0)
            .then(|| lines[n - 1])
            .filter(|&(a, b)| {
                let line: String = pieces[a..b].iter().map(|p| p.c).collect();
                let line = line.trim();
                !line.is_empty()
                    && line.chars().count() <= MAX_CAPTION_CHARS
                    && CAPTION_LINE.is_match(line)
            })
            .map(|(a, b)| (pieces[a].start, pieces[b - 1].end));
        tables.push(RawTable {
            caption,
            rows,
            header_rows: usize::from(header),
        });
        n = m;
    }
    tables
}

/// The cells of line `pieces[a..b]` split by runs of two spaces or more:
/// piece ranges of their text, spaces trimmed. A line with no such run past
/// its indent (a paragraph indented with two spaces) is one cell, and none
/// is built.
fn spaced_cells(pieces: &[Piece], a: usize, b: usize) -> Vec<(usize, usize)> {
    let text_start = (a..b).find(|&i| pieces[i].c != ' ').unwrap_or(b);
    let gap = pieces[text_start..b]
        .windows(2)
        .any(|w| w[0].c == ' ' && w[1].c == ' ');
    if !gap {
        return Vec::new();
    }
    let mut cells = Vec::new();
    let mut i = a;
    while i < b {
        while i < b && pieces[i].c == ' ' {
            i += 1;
        }
        let start = i;
        while i < b && !(pieces[i].c == ' ' && pieces.get(i + 1).is_some_and(|p| p.c == ' ')) {
            i += 1;
        }
        let mut end = i;
        while end > start && pieces[end - 1].c == ' ' {
            end -= 1;
        }
        if end > start {
            cells.push((start, end));
        }
    }
    cells
}

/// A row of a table written with spaces; its first cell starts at the line's
/// start, so that its indent is measured.
fn text_row(
    pieces: &[Piece],
    (a, b): (usize, usize),
    cells: &[(usize, usize)],
    header: bool,
) -> RawRow {
    let cells = cells
        .iter()
        .enumerate()
        .map(|(k, &(x, y))| RawCell {
            start: pieces[if k == 0 { a } else { x }].start,
            end: pieces[y - 1].end,
            colspan: 1,
            rowspan: 1,
            header,
            indent: 0,
        })
        .collect();
    RawRow {
        start: pieces[a].start,
        end: pieces[b - 1].end,
        cells,
    }
}

/// The cells of one pipe-table line `pieces[a..b]`: the text between pipes,
/// less the empty ends outside a leading and a trailing pipe.
fn pipe_row(pieces: &[Piece], (a, b): (usize, usize), header: bool) -> RawRow {
    let line = &pieces[a..b];
    let mut bounds: Vec<usize> = vec![0];
    for (i, p) in line.iter().enumerate() {
        if p.c == '|' && (i == 0 || line[i - 1].c != '\\') {
            bounds.push(i);
            bounds.push(i + 1);
        }
    }
    bounds.push(line.len());
    let blank = |x: usize, y: usize| line[x..y].iter().all(|p| p.c.is_whitespace());
    let mut cells: Vec<RawCell> = bounds
        .chunks(2)
        .map(|w| (w[0], w[1]))
        .enumerate()
        .filter(|&(i, (x, y))| {
            let outer = i == 0 || i == bounds.len() / 2 - 1;
            !(outer && blank(x, y))
        })
        .map(|(_, (x, y))| {
            let start = line.get(x).map_or(line[line.len() - 1].end, |p| p.start);
            let end = if y > x { line[y - 1].end } else { start };
            RawCell {
                start,
                end,
                colspan: 1,
                rowspan: 1,
                header,
                indent: 0,
            }
        })
        .collect();
    cells.retain(|c| c.start <= c.end);
    RawRow {
        start: line.first().map_or(0, |p| p.start),
        end: line.last().map_or(0, |p| p.end),
        cells,
    }
}

/// Sets each cell's indentation: the spaces its text opens with in `pieces`.
pub fn measure_indents(tables: &mut [RawTable], pieces: &[Piece]) {
    for cell in tables
        .iter_mut()
        .flat_map(|t| t.rows.iter_mut())
        .flat_map(|r| r.cells.iter_mut())
    {
        let (lo, hi) = piece_range(pieces, cell.start, cell.end);
        cell.indent = pieces[lo..hi].iter().take_while(|p| p.c == ' ').count();
    }
}

/// The pieces standing for raw characters inside `[start, end)`.
fn piece_range(pieces: &[Piece], start: u32, end: u32) -> (usize, usize) {
    let lo = pieces.partition_point(|p| p.start < start);
    let hi = pieces.partition_point(|p| p.end <= end).max(lo);
    (lo, hi)
}

/// The tables in cleaned character ranges, cells trimmed and placed in the grid.
pub fn locate(tables: &[RawTable], raw: &[(u32, u32)], chars: &[char]) -> Vec<Table> {
    let range = |start: u32, end: u32| -> (usize, usize) {
        let mut lo = raw.partition_point(|r| r.0 < start);
        let mut hi = raw.partition_point(|r| r.1 <= end).max(lo);
        while lo < hi && chars[lo].is_whitespace() {
            lo += 1;
        }
        while hi > lo && chars[hi - 1].is_whitespace() {
            hi -= 1;
        }
        (lo, hi)
    };
    tables
        .iter()
        .filter_map(|t| {
            let rows: Vec<Row> = t
                .rows
                .iter()
                .map(|r| {
                    let (start, end) = range(r.start, r.end);
                    Row {
                        start,
                        end,
                        cells: r
                            .cells
                            .iter()
                            .map(|c| {
                                let (start, end) = range(c.start, c.end);
                                Cell {
                                    start,
                                    end,
                                    col: 0,
                                    colspan: c.colspan,
                                    rowspan: c.rowspan,
                                    header: c.header,
                                    indent: c.indent,
                                }
                            })
                            .collect(),
                    }
                })
                .filter(|r: &Row| r.end > r.start)
                .collect();
            let mut table = Table {
                start: rows.first()?.start,
                end: rows.last()?.end,
                caption: t.caption.map(|(a, b)| range(a, b)).filter(|(a, b)| b > a),
                rows,
                header_rows: t.header_rows,
            };
            place(&mut table);
            Some(table)
        })
        .collect()
}

/// Gives each cell its grid column: the first column not taken by a cell
/// spanning down from a row above.
fn place(table: &mut Table) {
    // taken[c] = the rows still covered in column c by a cell from above.
    let mut taken: Vec<usize> = Vec::new();
    for row in &mut table.rows {
        let mut col = 0;
        for cell in &mut row.cells {
            while taken.get(col).is_some_and(|&n| n > 0) {
                col += 1;
            }
            cell.col = col;
            if taken.len() < col + cell.colspan {
                taken.resize(col + cell.colspan, 0);
            }
            for t in &mut taken[col..col + cell.colspan] {
                *t = cell.rowspan;
            }
            col += cell.colspan;
        }
        for t in &mut taken {
            *t = t.saturating_sub(1);
        }
    }
}

/// True when the piece stands for raw text inside the rows of one of `tables`.
pub fn in_any(tables: &[RawTable], p: &Piece) -> bool {
    tables.iter().any(|t| t.holds(p.start))
}

#[cfg(test)]
mod tests {
    use super::super::pieces::pieces_of;
    use super::*;

    /// The raw text of cell `c` of row `r` of `t`, a table of `text`.
    fn cell_text(text: &str, t: &RawTable, r: usize, c: usize) -> String {
        let x = &t.rows[r].cells[c];
        text.chars()
            .skip(x.start as usize)
            .take((x.end - x.start) as usize)
            .collect()
    }

    #[test]
    fn markdown_rows_and_cells() {
        let text =
            "表1\n| 指标 | 绝对数 |\n|---|--:|\n| 地区生产总值 | 1200 |\n|  其中:城镇 | 8 |\n正文";
        let (pieces, tables) = markdown_tables(pieces_of(text));
        let out: String = pieces.iter().map(|p| p.c).collect();
        assert_eq!(
            out,
            "表1\n| 指标 | 绝对数 |\n\n| 地区生产总值 | 1200 |\n|  其中:城镇 | 8 |\n正文"
        );
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!((t.rows.len(), t.header_rows), (3, 1));
        let cell = |r: usize, c: usize| cell_text(text, t, r, c);
        assert_eq!(cell(0, 1), " 绝对数 ");
        assert_eq!(cell(2, 0), "  其中:城镇 ");
        assert_eq!(t.rows[1].cells.len(), 2);
    }

    #[test]
    fn tables_written_with_spaces() {
        let text = "正文  两个空格的一句话。\n单位:亿元\n指标        绝对数    增长(%)\n地区生产总值  1200.5    5.6\n  其中:城镇   800       -1.2\n正文";
        let pieces = pieces_of(text);
        let tables = text_tables(&pieces, &[]);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!((t.rows.len(), t.header_rows), (3, 1));
        let cell = |r: usize, c: usize| cell_text(text, t, r, c);
        assert_eq!(cell(0, 2), "增长(%)");
        assert_eq!(cell(1, 1), "1200.5");
        // A row's first cell keeps its indent, for the sub-row it marks.
        assert_eq!(cell(2, 0), "  其中:城镇");
        assert_eq!(cell(2, 2), "-1.2");
        let (a, b) = t.caption.unwrap();
        let caption: String = text
            .chars()
            .skip(a as usize)
            .take((b - a) as usize)
            .collect();
        assert_eq!(caption, "单位:亿元");
        // Two lines, or lines without a figure alone in a cell, are no table.
        assert!(text_tables(&pieces_of("甲  乙\n丙  1\n"), &[]).is_empty());
        assert!(text_tables(&pieces_of("甲  乙\n丙  丁\n戊  己\n"), &[]).is_empty());
    }

    #[test]
    fn a_page_break_does_not_end_a_table() {
        let text = format!(
            "| 指标 | 值 |\n|---|---|\n| 甲 | 1 |\n\n{PAGE_BREAK}\n\n| 乙 | 2 |\n\n| 丙 | 3 |"
        );
        let (_, tables) = markdown_tables(pieces_of(&text));
        assert_eq!(tables[0].rows.len(), 3, "a blank line alone ends it");
    }

    #[test]
    fn spans_place_cells() {
        let cell = |colspan, rowspan| Cell {
            start: 0,
            end: 0,
            col: 9,
            colspan,
            rowspan,
            header: false,
            indent: 0,
        };
        let mut t = Table {
            start: 0,
            end: 0,
            caption: None,
            rows: vec![
                Row {
                    start: 0,
                    end: 0,
                    cells: vec![cell(1, 2), cell(2, 1)],
                },
                Row {
                    start: 0,
                    end: 0,
                    cells: vec![cell(1, 1), cell(1, 1)],
                },
            ],
            header_rows: 0,
        };
        place(&mut t);
        let cols: Vec<Vec<usize>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.col).collect())
            .collect();
        assert_eq!(cols, [vec![0, 1], vec![1, 2]]);
    }

    #[test]
    fn layout_tables_are_not_data() {
        let s = "<table><tr><td><table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table></td></tr></table>";
        let tags: Vec<(usize, usize)> = Regex::new(r"<[^>]+>")
            .unwrap()
            .find_iter(s)
            .map(|m| (m.start(), m.end()))
            .collect();
        let plan = plan_html(s, &tags, 60);
        assert_eq!(plan.tables.len(), 1, "the inner table only");
        let long = format!(
            "<table><tr><td>{}</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table>",
            "很长的正文".repeat(20)
        );
        let tags: Vec<(usize, usize)> = Regex::new(r"<[^>]+>")
            .unwrap()
            .find_iter(&long)
            .map(|m| (m.start(), m.end()))
            .collect();
        assert!(plan_html(&long, &tags, 60).tables.is_empty());
    }
}
