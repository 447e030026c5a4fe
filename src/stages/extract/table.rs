//! Tables of figures (HTML `<table>`, Markdown pipe tables, tables written
//! with spaces, read into rows and cells by the clean stage). Each cell with a
//! figure is a record:
//!
//! - **named** from its row label — a sub-row (`其中:城镇`, an indented row,
//!   a row after it whose name is not complete) measures its parent row's
//!   quantity for a part: 居民人均可支配收入 › 城镇 → 城镇居民人均可支配收入 —
//!   with the column header added when it names a measure (钢材 + 产量); a row
//!   that is a year or a place takes its name from the column instead;
//! - its **unit** from the cell itself, else the row's unit column, the column
//!   header (`绝对数(亿元)`, `比上年增长%`), the row label (`粮食产量(万吨)`) or
//!   the caption (`单位:亿元`); the unit is then not in `value_text`;
//! - its **kind** from the header (增长 → change, 比重 → ratio), else the row label;
//! - **actual**, unless a header or the caption names goals (目标, 计划);
//! - its **year** from a year in its column header (`2020年 | 2021年`), a row
//!   that is a year, the caption, or else the year the document reports on.
//!
//! Every numeral of a table's rows is a record or a skipped row here; the
//! prose extractor never reads them. The words are `[tables]` rules.

use std::collections::HashSet;

use super::document::Doc;
use super::number::{scaled, scan, Quantity};
use super::Evidence;
use crate::dataset::rows::{record_id, Record, Skipped};
use crate::rules::{Rules, SpecialKind};
use crate::stages::clean::tables::{Cell, Table};
use crate::stages::time::{time_exprs, Role, TimeExpr, YearRef};
use crate::text::{is_han, starts_with_at};

/// Column names of an absolute change (名义增量, 增加额).
const INCREMENTS: [&str; 5] = ["增量", "增加额", "增长额", "增减额", "增加"];

fn is_increment(name: &str) -> bool {
    INCREMENTS.iter().any(|w| name.ends_with(w))
}

/// True when cleaned character `at` is in the rows of a table.
pub fn in_table(doc: &Doc, at: usize) -> bool {
    doc.cleaned
        .tables
        .iter()
        .any(|t| t.start <= at && at < t.end)
}

/// The headings in force for paragraph `p`, as `Segments::section_of` gives
/// them, less the lines of tables (a header row is a short line without a
/// number, which the segmenter takes for a heading).
pub fn section_of(doc: &Doc, p: usize) -> Option<String> {
    let segs = doc.segments;
    let chars = &doc.cleaned.chars;
    if doc.cleaned.tables.is_empty() {
        return segs.section_of(p, chars);
    }
    let names: Vec<String> = segs.paragraphs[p]
        .sections
        .iter()
        .map(|&h| &segs.paragraphs[h])
        .filter(|h| !in_table(doc, h.start))
        .map(|h| chars[h.start..h.end].iter().collect())
        .collect();
    (!names.is_empty()).then(|| names.join(" > "))
}

/// The records and skipped numerals of every table of the document.
pub fn extract(doc: &Doc) -> (Vec<Record>, Vec<Skipped>) {
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    if doc.cleaned.tables.is_empty() {
        return (records, skipped);
    }
    let raw: Vec<char> = doc.decoded.text.chars().collect();
    for table in &doc.cleaned.tables {
        let grid = Grid::new(doc, table, &raw);
        grid.extract(&mut records, &mut skipped);
    }
    (records, skipped)
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Holds {
    /// The row labels.
    Label,
    /// Each row's unit.
    Unit,
    /// Serial numbers.
    Serial,
    /// Figures.
    Value,
}

/// What a column header (or the caption) says about the figures under it.
#[derive(Debug, Clone, Default)]
struct Says {
    text: String,
    unit: Option<String>,
    /// `change` or `ratio`, and the header word that says so.
    kind: Option<(&'static str, String)>,
    /// The time it names.
    time: Option<TimeExpr>,
    /// A word naming goals.
    target: Option<String>,
    /// The measure it names, when not generic (产量).
    name: Option<String>,
}

/// A row's label, read.
#[derive(Debug, Clone, Default)]
struct Label {
    name: String,
    unit: Option<String>,
    /// Opened with a sub-row marker (其中:, #).
    marked: bool,
    indent: usize,
    /// What the row is a coordinate of instead of a measure: a year or a place.
    year: Option<i32>,
    place: Option<String>,
}

/// 全体居民人均可支配收入 › 城镇居民: a child that ends with the group word
/// the parent's name opens with (居民) names a part of that group; the rest of
/// the parent's name (人均可支配收入) is what it measures.
fn after_shared_group<'p>(parent: &'p str, child: &str) -> Option<&'p str> {
    const GROUP_CHARS: usize = 2;
    let n = child.chars().count();
    if n <= GROUP_CHARS {
        return None;
    }
    let group: String = child.chars().skip(n - GROUP_CHARS).collect();
    let at = parent.find(&group)?;
    let rest = &parent[at + group.len()..];
    (!rest.is_empty()).then_some(rest)
}

/// The parent row sub-rows take their name (and unit) from.
struct Parent {
    name: String,
    unit: Option<String>,
    indent: usize,
}

struct Grid<'a> {
    doc: &'a Doc<'a>,
    table: &'a Table,
    /// The raw decoded text, as characters.
    raw: &'a [char],
    /// `slots[r][c]`: the cell covering row r, column c, as (row, index in row).
    slots: Vec<Vec<Option<(usize, usize)>>>,
    /// Rows that name the table (one cell across it) before the headers.
    title_rows: usize,
    /// The first body row.
    body: usize,
    columns: Vec<(Holds, Says)>,
    caption: Says,
}

impl<'a> Grid<'a> {
    fn new(doc: &'a Doc<'a>, table: &'a Table, raw: &'a [char]) -> Grid<'a> {
        let n_cols = table
            .rows
            .iter()
            .flat_map(|r| r.cells.iter().map(|c| c.col + c.colspan))
            .max()
            .unwrap_or(0);
        let mut slots = vec![vec![None; n_cols]; table.rows.len()];
        for (r, row) in table.rows.iter().enumerate() {
            for (i, cell) in row.cells.iter().enumerate() {
                let below = (r + cell.rowspan).min(table.rows.len());
                for row_slots in &mut slots[r..below] {
                    row_slots[cell.col..cell.col + cell.colspan].fill(Some((r, i)));
                }
            }
        }
        let mut grid = Grid {
            doc,
            table,
            raw,
            slots,
            title_rows: 0,
            body: 0,
            columns: Vec::new(),
            caption: Says::default(),
        };
        grid.title_rows = (0..table.rows.len())
            .take_while(|&r| grid.is_title(r, n_cols))
            .count();
        let mut body = grid.title_rows;
        // The markup's header rows (unless they hold figures: an OCR tool
        // makes the first row the header of a table that has none), then rows
        // that look like headers.
        while body < table.rows.len()
            && body < grid.title_rows + 3
            && (body < table.header_rows && !grid.has_value(body) || grid.is_header(body))
        {
            body += 1;
        }
        grid.body = body;
        grid.caption = grid.read_caption();
        grid.columns = (0..n_cols).map(|c| grid.column(c)).collect();
        grid
    }

    fn rules(&self) -> &Rules {
        self.doc.rules
    }

    fn chars(&self) -> &[char] {
        &self.doc.cleaned.chars
    }

    fn cell(&self, r: usize, c: usize) -> Option<&Cell> {
        let (row, i) = self.slots[r].get(c).copied().flatten()?;
        Some(&self.table.rows[row].cells[i])
    }

    fn text(&self, cell: &Cell) -> String {
        self.chars()[cell.start..cell.end].iter().collect()
    }

    /// How many columns of row `r` are covered by cells with text.
    fn filled(&self, r: usize) -> usize {
        (0..self.slots[r].len())
            .filter(|&c| self.cell(r, c).is_some_and(|x| x.end > x.start))
            .count()
    }

    fn quantities(&self, cell: &Cell) -> Vec<Quantity> {
        scan(self.chars(), cell.start, cell.end, self.rules())
    }

    /// A numeral that is a time (2021年, 1-8月), or a cell that is a bare year.
    fn is_time(&self, q: &Quantity, cell: &Cell) -> bool {
        let skip = &self.rules().skip;
        let chars = self.chars();
        let after = (q.end..cell.end)
            .find(|&i| chars[i] != ' ')
            .unwrap_or(q.end);
        let suffix = skip
            .date_suffixes
            .iter()
            .chain(&skip.period_suffixes)
            .any(|w| starts_with_at(chars, after, w));
        !q.has_unit() && (suffix || self.year_cell(cell).is_some())
    }

    /// The year a cell is (2021, 2021年, 2021年度), if that is all it holds.
    fn year_cell(&self, cell: &Cell) -> Option<i32> {
        let text = self.text(cell);
        let t = text.trim_end_matches('度').trim_end_matches('年').trim();
        let y: i32 = t.parse().ok().filter(|_| t.len() == 4)?;
        (1949..=2100).contains(&y).then_some(y)
    }

    /// A row naming the table: one cell with text, across the table or in a
    /// table of three columns or more, and no figure.
    fn is_title(&self, r: usize, n_cols: usize) -> bool {
        let with_text: Vec<&Cell> = self.table.rows[r]
            .cells
            .iter()
            .filter(|c| c.end > c.start)
            .collect();
        with_text.len() == 1
            && (with_text[0].colspan == n_cols || n_cols >= 3)
            && !self.has_value(r)
    }

    /// True when a cell of row `r` holds a figure: a numeral that is not a
    /// time, nor the number of a name (表4, 图2: after a word, with no unit).
    fn has_value(&self, r: usize) -> bool {
        let chars = self.chars();
        let names = |q: &Quantity| !q.has_unit() && q.start > 0 && is_han(chars[q.start - 1]);
        self.table.rows[r].cells.iter().any(|c| {
            self.quantities(c)
                .iter()
                .any(|q| !(self.is_time(q, c) || q.start > c.start && names(q)))
        })
    }

    /// A header row: no figures, and cells with text across most of it.
    fn is_header(&self, r: usize) -> bool {
        !self.has_value(r) && 2 * self.filled(r) >= self.slots[r].len()
    }

    /// The texts above column `c`, top first, each cell once.
    fn header_text(&self, c: usize) -> String {
        let mut parts: Vec<(usize, usize)> = Vec::new();
        for r in self.title_rows..self.body {
            // (A table of rows without cells has no column 0.)
            if let Some(slot) = self.slots[r].get(c).copied().flatten() {
                if parts.last() != Some(&slot) {
                    parts.push(slot);
                }
            }
        }
        parts
            .iter()
            .map(|&(r, i)| self.text(&self.table.rows[r].cells[i]))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The caption, the title rows and the short line right above the table
    /// (表1 …, 单位:亿元) — and the one above that when this one only gives the unit.
    fn read_caption(&self) -> Says {
        let chars = self.chars();
        let mut texts: Vec<String> = Vec::new();
        let paragraphs = &self.doc.segments.paragraphs;
        let first = paragraphs.partition_point(|p| p.start < self.table.start);
        let labels = &self.rules().tables.unit_labels;
        for p in paragraphs[..first].iter().rev().take(2) {
            let line = crate::text::string_of(&chars[p.start..p.end]);
            if line.chars().count() > 40 || line.contains('。') || in_table(self.doc, p.start) {
                break;
            }
            let unit_only = labels.iter().any(|l| line.contains(l.as_str()))
                && measure_named(&line, self.rules()).is_none();
            texts.insert(0, line);
            if !unit_only {
                break;
            }
        }
        if let Some((a, b)) = self.table.caption {
            texts.push(chars[a..b].iter().collect());
        }
        for r in 0..self.title_rows {
            texts.extend(self.table.rows[r].cells.iter().map(|c| self.text(c)));
        }
        // The header of the label column may give the unit of the table: 指标(单位:亿元).
        let corner = self.header_text(self.label_column());
        if labels.iter().any(|l| corner.contains(l.as_str())) {
            texts.push(corner);
        }
        self.says(&texts.join(" "))
    }

    fn column(&self, c: usize) -> (Holds, Says) {
        let says = self.says(&self.header_text(c));
        let t = &self.rules().tables;
        let has = |words: &[String]| words.iter().any(|w| says.text.contains(w.as_str()));
        let label = self.label_column();
        let role = if c == label {
            Holds::Label
        } else if c < label {
            Holds::Serial
        } else if has(&t.unit_columns) && self.body_numerals(c) == 0 {
            Holds::Unit
        } else {
            Holds::Value
        };
        (role, says)
    }

    /// The column of row labels: the first, unless it holds serial numbers.
    fn label_column(&self) -> usize {
        let serial_header = self.rules().tables.serial_columns.iter().any(|w| {
            let h = self.header_text(0);
            h.contains(w.as_str())
        });
        let serial_cells = (self.body..self.table.rows.len())
            .filter_map(|r| self.cell(r, 0))
            .all(|c| {
                let t = self.text(c);
                !t.is_empty() && t.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
            });
        let has_second = self.slots.first().is_some_and(|s| s.len() > 2);
        if has_second && (serial_header || serial_cells && self.body < self.table.rows.len()) {
            1
        } else {
            0
        }
    }

    /// How many body cells of column `c` hold a figure (an index base such as
    /// 上年=100 in a unit column is none).
    fn body_numerals(&self, c: usize) -> usize {
        (self.body..self.table.rows.len())
            .filter_map(|r| self.cell(r, c))
            .filter(|x| !is_index_base(&self.text(x)) && !self.quantities(x).is_empty())
            .count()
    }

    /// The measure noun the caption ends its subject with (产量 of 主要农产品产量
    /// 及其增长速度), for a row that names none of its own.
    fn caption_measure(&self, row_name: &str) -> Option<String> {
        let measures = &self.rules().names.measure_nouns;
        if measures.iter().any(|m| row_name.contains(m.as_str())) {
            return None;
        }
        let caption = &self.caption.text;
        measures
            .iter()
            .filter_map(|m| caption.rfind(m.as_str()).map(|at| (at + m.len(), m)))
            .max_by_key(|&(end, m)| (end, m.len()))
            .map(|(_, m)| m.clone())
    }

    /// What a header or caption text says.
    fn says(&self, text: &str) -> Says {
        let rules = self.rules();
        let t = &rules.tables;
        let find = |words: &[String]| words.iter().find(|w| text.contains(w.as_str())).cloned();
        let kind = find(&t.change_headers)
            .map(|w| ("change", w))
            .or_else(|| find(&t.ratio_headers).map(|w| ("ratio", w)));
        let chars: Vec<char> = text.chars().collect();
        let time = time_exprs(&chars, 0, chars.len())
            .into_iter()
            .find(|e| e.role == Role::Own && e.year != YearRef::Open);
        Says {
            text: text.to_string(),
            unit: unit_in(text, rules),
            kind,
            time,
            target: find(&t.target_headers),
            name: measure_named(text, rules),
        }
    }

    /// Reads the label of body row `r`.
    fn label(&self, r: usize, min_indent: usize) -> Label {
        let Some(cell) = self.label_column_cell(r) else {
            return Label::default();
        };
        let text = self.text(cell);
        let t = &self.rules().tables;
        let mut rest = text.trim();
        let mut marked = false;
        while let Some(m) = t
            .sub_row_markers
            .iter()
            .find(|m| rest.starts_with(m.as_str()))
        {
            rest = rest[m.len()..].trim_start_matches([':', ' ', '、']);
            marked = true;
        }
        let unit = unit_in(rest, self.rules());
        let name = strip_numbering(&without_brackets(rest));
        // (A place as it is written: 河南 in a table of provinces is 河南省.)
        let place = self
            .rules()
            .gazetteer
            .place_written_as(&name)
            .map(str::to_string);
        Label {
            year: self.year_cell(cell),
            place,
            unit,
            marked,
            indent: cell.indent.saturating_sub(min_indent),
            name,
        }
    }

    fn label_column_cell(&self, r: usize) -> Option<&Cell> {
        let c = self
            .columns
            .iter()
            .position(|(role, _)| *role == Holds::Label)?;
        self.cell(r, c)
    }

    /// Every numeral of the table: a record or a skipped row.
    fn extract(&self, records: &mut Vec<Record>, skipped: &mut Vec<Skipped>) {
        let rows = &self.table.rows;
        let min_indent = (self.body..rows.len())
            .filter_map(|r| self.label_column_cell(r))
            .filter(|c| c.end > c.start)
            .map(|c| c.indent)
            .min()
            .unwrap_or(0);
        // Where labels are indented, indentation alone says what a sub-row is.
        let indented = (self.body..rows.len())
            .filter_map(|r| self.label_column_cell(r))
            .any(|c| c.end > c.start && c.indent > min_indent);
        // Where a column names the measure (产量), rows are items of it, not
        // parts of the row above; where the headers are generic (绝对数), a
        // row with an incomplete name right after a complete one is a part.
        let items = self
            .columns
            .iter()
            .any(|(role, says)| *role == Holds::Value && says.name.is_some());
        let mut parent: Option<Parent> = None;
        // The row above was a sub-row or a heading row: an incomplete name goes on the list.
        let mut in_group = false;
        let mut done: HashSet<(usize, usize)> = HashSet::new();
        for r in self.body..rows.len() {
            let mut label = self.label(r, min_indent);
            if self.value_cells(r).next().is_none() {
                // A row with a name and no figures heads the rows under it; a
                // row of several texts is a header repeated (on a new page).
                let heading = self.table.rows[r]
                    .cells
                    .iter()
                    .filter(|c| c.end > c.start)
                    .count()
                    == 1;
                parent = (heading && !label.name.is_empty()).then(|| Parent {
                    name: label.name.clone(),
                    unit: label.unit.clone(),
                    indent: label.indent,
                });
                in_group = parent.is_some();
                continue;
            }
            let complete = self.is_complete(&label.name);
            // A row that is a year or a place is no part of the row above.
            let coordinate = label.year.is_some() || label.place.is_some();
            let sub = !coordinate
                && parent.as_ref().is_some_and(|p| {
                    label.marked
                        || label.indent > p.indent
                        || !indented && !complete && (in_group || !items)
                });
            let name = match (&parent, sub) {
                (Some(p), true) => {
                    label.unit = label.unit.or_else(|| p.unit.clone());
                    self.combine(&p.name, &label.name, complete)
                }
                _ => label.name.clone(),
            };
            if !sub && complete && !coordinate {
                parent = Some(Parent {
                    name: label.name.clone(),
                    unit: label.unit.clone(),
                    indent: label.indent,
                });
            }
            in_group = sub;
            for (c, cell) in self.value_cells(r) {
                if let Some(q) = self.figure(cell) {
                    records.push(self.record(r, c, cell, &q, &label, &name));
                    done.insert((q.start, q.end));
                }
            }
        }
        // Everything else in the rows: headers, labels, units, serials, extras.
        for (r, row) in rows.iter().enumerate() {
            for cell in &row.cells {
                for q in self.quantities(cell) {
                    if done.contains(&(q.start, q.end)) {
                        continue;
                    }
                    let serial = self.columns.get(cell.col).map(|c| c.0) == Some(Holds::Serial);
                    let reason = if self.is_time(&q, cell) {
                        "date"
                    } else if serial && r >= self.body {
                        "list_marker"
                    } else {
                        "label"
                    };
                    skipped.push(self.skipped(&q, r, reason));
                }
            }
        }
    }

    /// The cells of row `r` (starting there) in value columns that hold a figure.
    fn value_cells(&self, r: usize) -> impl Iterator<Item = (usize, &Cell)> + '_ {
        self.table.rows[r].cells.iter().filter_map(move |cell| {
            let (role, _) = self.columns.get(cell.col)?;
            (*role == Holds::Value && self.figure(cell).is_some()).then_some((cell.col, cell))
        })
    }

    /// The figure of a cell: its first numeral that is not a time.
    fn figure(&self, cell: &Cell) -> Option<Quantity> {
        self.quantities(cell)
            .into_iter()
            .find(|q| !self.is_time(q, cell))
    }

    /// The raw text of raw characters `[s, e)`.
    fn raw_text(&self, s: usize, e: usize) -> String {
        self.raw[s..e].iter().collect()
    }

    fn is_complete(&self, name: &str) -> bool {
        self.rules()
            .tables
            .name_endings
            .iter()
            .any(|e| name.ends_with(e.as_str()))
    }

    /// The name of a sub-row `child` of `parent`.
    fn combine(&self, parent: &str, child: &str, complete: bool) -> String {
        if complete || child.is_empty() {
            return child.to_string();
        }
        let t = &self.rules().tables;
        for (compound, parts) in &t.parts {
            if parent.contains(compound.as_str()) && parts.iter().any(|p| p == child) {
                return parent.replacen(compound.as_str(), child, 1);
            }
        }
        for (ending, measure) in &t.child_measures {
            if parent.ends_with(ending.as_str()) {
                return format!("{child}{measure}");
            }
        }
        if let Some(rest) = after_shared_group(parent, child) {
            return format!("{child}{rest}");
        }
        format!("{child}{parent}")
    }

    fn record(
        &self,
        r: usize,
        c: usize,
        cell: &Cell,
        q: &Quantity,
        label: &Label,
        row_name: &str,
    ) -> Record {
        let rules = self.rules();
        let chars = self.chars();
        let says = &self.columns[c].1;
        let mut ev = Evidence::for_a_record();
        ev.push(format_args!(
            "table row {row_name:?}, column {:?}",
            says.text
        ));
        // A minus sign right before the number, at the start of the cell.
        let signed = q.start > cell.start
            && matches!(chars[q.start - 1], '-' | '−')
            && (cell.start..q.start - 1).all(|i| chars[i] == ' ');
        let start = if signed { q.start - 1 } else { q.start };
        let unit = self.unit(r, q, label, says, &mut ev);
        let kind = self.kind(q, unit.as_deref(), row_name, says, cell, &mut ev);
        let negative = signed || kind == "change" && self.falls(q, cell);
        let sign = if negative { -1.0 } else { 1.0 };
        let name = self.name(c, label, row_name, kind, &mut ev);
        let (factor, base) = unit.as_deref().map_or((1.0, None), |u| rules.split_unit(u));
        let status = match says.target.as_ref().or(self.caption.target.as_ref()) {
            Some(w) => {
                ev.push(format_args!("status=target (header {w})"));
                "target"
            }
            None => {
                ev.push("status=actual (a table of figures)");
                "actual"
            }
        };
        let (period_year, period) = self.period(label, says, &mut ev);
        let region = match &label.place {
            Some(p) => {
                ev.push(format_args!("region={p} (row)"));
                Some(p.clone())
            }
            None => self.doc.meta.region.clone(),
        };
        let qualifier = qualifier(q, cell, chars, rules);
        let (raw_s, raw_e) = self.doc.cleaned.raw_range(start, q.end);
        let (byte_s, byte_e) = self.doc.decoded.byte_range(raw_s, raw_e);
        let row = &self.table.rows[r];
        Record {
            record_id: record_id(self.doc.doc_id, raw_s, raw_e),
            doc_id: self.doc.doc_id.to_string(),
            source_file: self.doc.source_file.to_string(),
            region,
            indicator: (!name.is_empty()).then_some(name),
            indicator_code: None,
            indicator_name: None,
            kind: kind.to_string(),
            value: sign * q.value,
            value_max: q.value_max.map(|v| sign * v),
            unit: unit.clone(),
            value_normalized: Some(scaled(sign * q.value, factor)),
            unit_normalized: base,
            qualifier: qualifier.to_string(),
            status: status.to_string(),
            period_year,
            period,
            value_text: self.raw_text(raw_s, raw_e),
            char_start: raw_s as i64,
            char_end: raw_e as i64,
            byte_start: byte_s as i64,
            byte_end: byte_e as i64,
            sentence: chars[row.start..row.end].iter().collect(),
            section: self.section(row.start),
            rule: "table".into(),
            evidence: ev.into_string(),
        }
    }

    /// The unit of a figure: written in its cell, else the row's unit column,
    /// the header of a change or share column, the row label, the column
    /// header, the caption; a change or share with none is in `relative_unit`.
    fn unit(
        &self,
        r: usize,
        q: &Quantity,
        label: &Label,
        says: &Says,
        ev: &mut Evidence,
    ) -> Option<String> {
        if q.has_unit() {
            ev.push("unit as written in the cell");
            return q.unit();
        }
        let unit_column = self
            .columns
            .iter()
            .position(|(role, _)| *role == Holds::Unit)
            .and_then(|c| self.cell(r, c))
            .map(|c| self.text(c))
            .filter(|u| is_unit(u, self.rules()));
        // A change or share column has its own unit (or none but %).
        let relative = says.kind.is_some();
        let candidates = if relative {
            vec![(says.unit.clone(), "the column header")]
        } else {
            vec![
                (unit_column, "the row's unit column"),
                (label.unit.clone(), "the row label"),
                (says.unit.clone(), "the column header"),
                (self.caption.unit.clone(), "the caption"),
            ]
        };
        for (unit, from) in candidates {
            if let Some(u) = unit {
                ev.push(format_args!("unit={u} (from {from})"));
                return Some(u);
            }
        }
        if relative {
            let u = self.rules().tables.relative_unit.clone();
            ev.push(format_args!("unit={u} (a change or share column)"));
            return Some(u);
        }
        None
    }

    fn kind(
        &self,
        q: &Quantity,
        unit: Option<&str>,
        row_name: &str,
        says: &Says,
        cell: &Cell,
        ev: &mut Evidence,
    ) -> &'static str {
        let rules = self.rules();
        let cues = &rules.cues;
        let special = |u: &str| rules.specials.iter().find(|(s, _)| s == u).map(|s| s.1);
        let relative = unit.and_then(special);
        if relative == Some(SpecialKind::Points) {
            ev.push("kind=change (个百分点)");
            return "change";
        }
        let before = crate::text::string_of(&self.chars()[cell.start..q.start]);
        let verb = cues
            .change_up
            .iter()
            .chain(cues.change_down.iter())
            .find(|w| before.contains(w.as_str()));
        match (&says.kind, verb) {
            (Some(("change", w)), _) if relative.is_some() => {
                ev.push(format_args!("kind=change (header {w})"));
                return "change";
            }
            (Some(("ratio", w)), _) => {
                ev.push(format_args!("kind=ratio (header {w})"));
                return "ratio";
            }
            (_, Some(w)) if relative.is_some() => {
                ev.push(format_args!("kind=change (cell {w})"));
                return "change";
            }
            _ => {}
        }
        let in_name = |words: &[String]| {
            words
                .iter()
                .find(|w| row_name.contains(w.as_str()))
                .cloned()
        };
        if relative.is_some() || unit.is_none() {
            if let Some(w) = in_name(&cues.change_words).filter(|_| relative.is_some()) {
                ev.push(format_args!("kind=change (row {w})"));
                return "change";
            }
            if let Some(w) = in_name(&cues.ratio_words) {
                ev.push(format_args!("kind=ratio (row {w})"));
                return "ratio";
            }
        }
        if let Some(w) = in_name(&cues.per_capita) {
            ev.push(format_args!("kind=ratio (per capita: {w})"));
            return "ratio";
        }
        if relative.is_some() {
            ev.push("kind=ratio (a share with no change word)");
            return "ratio";
        }
        ev.push("kind=level");
        "level"
    }

    /// A fall written in words in the cell (下降3.2%).
    fn falls(&self, q: &Quantity, cell: &Cell) -> bool {
        let before = crate::text::string_of(&self.chars()[cell.start..q.start]);
        self.rules()
            .cues
            .change_down
            .iter()
            .any(|w| before.contains(w.as_str()))
    }

    /// The indicator: the row's name, with the column's measure or share word;
    /// a row that is a year or a place takes the column's (or caption's) name.
    fn name(
        &self,
        c: usize,
        label: &Label,
        row_name: &str,
        kind: &str,
        ev: &mut Evidence,
    ) -> String {
        let says = &self.columns[c].1;
        if label.year.is_some() || label.place.is_some() || row_name.is_empty() {
            // (A growth rate is not of an increment to its left: GDP | 名义增量 | 实际增速.)
            let increment = |k: usize| {
                let name = self.columns[k].1.name.as_deref().unwrap_or_default();
                k != c && says.kind.is_some() && is_increment(name)
            };
            let from_left = (0..=c).rev().find_map(|k| {
                let (role, s) = &self.columns[k];
                (*role == Holds::Value && !increment(k))
                    .then(|| s.name.clone())
                    .flatten()
            });
            let name = from_left
                .or_else(|| self.caption.name.clone())
                .unwrap_or_default();
            let name = self.increment_of_measure(c, name);
            ev.push(format_args!(
                "indicator={name} (column, the row is a coordinate)"
            ));
            return name;
        }
        // The measure a column names (产量), for a change or share the measure of
        // the nearest figure column to its left (产量 | 比上年增长%).
        let measure = match says.kind {
            None => says.name.clone(),
            Some(_) => (0..c).rev().find_map(|k| {
                let (role, s) = &self.columns[k];
                (*role == Holds::Value && s.kind.is_none())
                    .then(|| s.name.clone())
                    .flatten()
            }),
        };
        // (表1 主要农产品产量及其增长速度: a bare row, 粮食, is of the caption's
        // measure when no column names one: 粮食产量.)
        let measure = measure.or_else(|| self.caption_measure(row_name));
        let mut name = row_name.to_string();
        if let Some(m) = measure.filter(|_| !self.is_complete(row_name)) {
            name.push_str(&m);
        }
        if let Some(("ratio", w)) = &says.kind {
            if kind == "ratio" && !name.ends_with(w.as_str()) {
                name.push_str(w);
            }
        }
        ev.push(format_args!("indicator={name} (row label)"));
        name
    }

    /// 名义增量 alone names an increment of no measure: it is of the measure
    /// the first figure column names (GDP | 名义增量 → 地区生产总值名义增量).
    fn increment_of_measure(&self, c: usize, name: String) -> String {
        let bare = ["名义", "实际", ""]
            .iter()
            .any(|p| INCREMENTS.iter().any(|w| name == format!("{p}{w}")));
        if !bare {
            return name;
        }
        let measure = (0..c).find_map(|k| {
            let (role, s) = &self.columns[k];
            (*role == Holds::Value && s.kind.is_none())
                .then(|| s.name.clone())
                .flatten()
        });
        match measure {
            Some(m) if !is_increment(&m) => m + &name,
            _ => name,
        }
    }

    /// The year: the column header's, the row's (a year), the caption's,
    /// else the year the document reports on.
    fn period(
        &self,
        label: &Label,
        says: &Says,
        ev: &mut Evidence,
    ) -> (Option<i32>, Option<String>) {
        let meta = self.doc.meta;
        let base = meta.subject_year.or(meta.year);
        let resolve = |e: &TimeExpr| match e.year {
            YearRef::Absolute(y) => Some(y),
            YearRef::Offset(o) => base.map(|b| b + o),
            _ => None,
        };
        // (| 指标 | 1—11月 | 增速 |: a growth column beside the one time the
        // headers name is of that time.)
        let own = says.time.as_ref().or_else(|| self.headers_time());
        let period = own
            .and_then(|e| e.period.clone())
            .or_else(|| self.caption.time.as_ref().and_then(|e| e.period.clone()));
        let found = [
            (own.and_then(resolve), "column header"),
            (label.year, "row"),
            (self.caption.time.as_ref().and_then(resolve), "caption"),
            (meta.subject_year, "the year the document reports on"),
            (meta.year, "the document's year"),
        ]
        .into_iter()
        .find(|(y, _)| y.is_some());
        let year = found.and_then(|(y, _)| y);
        // (A release of 2024年前三季度: its table's figures of that year are of that part.)
        let period = period.or_else(|| {
            let (y, p) = meta.subject_period.as_ref()?;
            (Some(*y) == year).then(|| p.clone())
        });
        let from = found.map_or("none", |(_, w)| w);
        ev.push(format_args!(
            "period_year={} ({from})",
            year.map_or("null".into(), |y| y.to_string())
        ));
        (year, period)
    }

    /// The time the column headers name, when they name one only.
    fn headers_time(&self) -> Option<&TimeExpr> {
        let mut times = self.columns.iter().filter_map(|(_, s)| s.time.as_ref());
        let first = times.next()?;
        times
            .all(|t| t.year == first.year && t.period == first.period)
            .then_some(first)
    }

    fn section(&self, at: usize) -> Option<String> {
        let p = self
            .doc
            .segments
            .paragraphs
            .partition_point(|p| p.start <= at);
        section_of(self.doc, p.checked_sub(1)?)
    }

    fn skipped(&self, q: &Quantity, r: usize, reason: &str) -> Skipped {
        let (raw_s, raw_e) = self.doc.cleaned.raw_range(q.start, q.end);
        let (byte_s, byte_e) = self.doc.decoded.byte_range(raw_s, raw_e);
        let row = &self.table.rows[r];
        Skipped {
            doc_id: self.doc.doc_id.to_string(),
            source_file: self.doc.source_file.to_string(),
            text: self.raw_text(raw_s, raw_e),
            reason: reason.to_string(),
            char_start: raw_s as i64,
            char_end: raw_e as i64,
            byte_start: byte_s as i64,
            byte_end: byte_e as i64,
            sentence: self.chars()[row.start..row.end].iter().collect(),
        }
    }
}

/// The qualifier of a figure in a cell: a range, 余/多 inside it, or a cue word in the cell.
fn qualifier(q: &Quantity, cell: &Cell, chars: &[char], rules: &Rules) -> &'static str {
    if q.value_max.is_some() {
        return "range";
    }
    if q.inside_qualifier.is_some() {
        return "gt";
    }
    let before = crate::text::string_of(&chars[cell.start..q.start]);
    let after = crate::text::string_of(&chars[q.end..cell.end]);
    let cues = &rules.cues;
    let found = cues
        .qualifier_after
        .iter()
        .find(|c| c.words.iter().any(|w| after.starts_with(w.as_str())))
        .or_else(|| {
            cues.qualifier_before
                .iter()
                .find(|c| c.words.iter().any(|w| before.ends_with(w.as_str())))
        });
    match found.map(|c| c.qualifier.as_str()) {
        Some("approx") => "approx",
        Some("gte") => "gte",
        Some("gt") => "gt",
        Some("lte") => "lte",
        Some("lt") => "lt",
        _ => "exact",
    }
}

/// A unit the lexicon knows, or one per something it knows (元/人).
fn is_unit(text: &str, rules: &Rules) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().count() <= 8
        && (rules.knows_unit(t) || t.split_once('/').is_some_and(|(a, _)| rules.knows_unit(a)))
}

/// The unit a header, label or caption writes: after a unit label
/// (单位:亿元), in brackets (绝对数(亿元)), or a % closing it (比上年增长%).
fn unit_in(text: &str, rules: &Rules) -> Option<String> {
    let stop = |c: char| matches!(c, ')' | ']' | '】' | ',' | ';' | '、' | ' ' | '|' | '(');
    for l in &rules.tables.unit_labels {
        for (i, _) in text.match_indices(l.as_str()) {
            let rest = text[i + l.len()..].trim_start_matches([':', ' ']);
            let unit: String = rest.chars().take_while(|c| !stop(*c)).collect();
            if is_unit(&unit, rules) {
                return Some(unit);
            }
        }
    }
    for (open, close) in [('(', ')'), ('[', ']'), ('【', '】')] {
        let mut rest = text;
        while let Some(a) = rest.find(open) {
            let inner = &rest[a + open.len_utf8()..];
            let Some(b) = inner.find(close) else { break };
            if is_unit(&inner[..b], rules) {
                return Some(inner[..b].trim().to_string());
            }
            rest = &inner[b..];
        }
    }
    let trimmed = text.trim_end();
    rules
        .specials
        .iter()
        .find(|(s, _)| trimmed.ends_with(s.as_str()) && s.chars().count() == 1)
        .map(|(s, k)| {
            if *k == SpecialKind::Percent {
                "%".into()
            } else {
                s.clone()
            }
        })
}

/// `text` without bracketed parts: 绝对数(亿元) → 绝对数.
fn without_brackets(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '(' | '[' | '【' => depth += 1,
            ')' | ']' | '】' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// A row label without its numbering (一、, (1), 1.) and trailing colon.
fn strip_numbering(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let mut i = 0;
    if chars.first() == Some(&'(') {
        let j = chars.iter().position(|&c| c == ')').unwrap_or(0);
        if j > 1 && chars[1..j].iter().all(|&c| numeral(c)) {
            i = j + 1;
        }
    } else {
        let j = chars.iter().take_while(|&&c| numeral(c)).count();
        if j > 0 && matches!(chars.get(j), Some('、' | '.')) {
            i = j + 1;
        }
    }
    chars[i..]
        .iter()
        .collect::<String>()
        .trim()
        .trim_end_matches(':')
        .trim()
        .to_string()
}

/// The measure a column header names once its unit, years, change and share
/// words and generic words are out (产量(万吨) → 产量); none when nothing is left.
fn measure_named(text: &str, rules: &Rules) -> Option<String> {
    let t = &rules.tables;
    let mut s = without_brackets(text);
    for l in &t.unit_labels {
        if let Some(i) = s.find(l.as_str()) {
            s.truncate(i);
        }
    }
    let chars: Vec<char> = s.chars().collect();
    let mut keep = vec![true; chars.len()];
    for e in time_exprs(&chars, 0, chars.len()) {
        keep[e.start..e.end].iter_mut().for_each(|k| *k = false);
    }
    let mut s: String = chars
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(c, _)| *c)
        .collect();
    for w in t
        .change_headers
        .iter()
        .chain(&t.ratio_headers)
        .chain(&t.target_headers)
    {
        s = s.replace(w.as_str(), " ");
    }
    let words: Vec<&str> = s
        .split(|c: char| !is_han(c) && !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !t.generic_headers.iter().any(|g| g == w))
        .collect();
    let name = words.concat();
    // (An acronym names a measure too: GDP, CPI.)
    let acronym = name.len() >= 2 && name.chars().all(|c| c.is_ascii_uppercase());
    (acronym || name.chars().filter(|c| is_han(*c)).count() >= 2)
        .then(|| rules.names.aliased(&name))
}

/// A cell that states the base of an index (上年=100, 2020年＝100): the unit
/// of the row's figures, not a figure.
fn is_index_base(text: &str) -> bool {
    let text = text.trim();
    text.rsplit_once(['=', '＝'])
        .is_some_and(|(base, value)| !base.trim().is_empty() && value.trim() == "100")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_headers() {
        let r = Rules::embedded();
        assert_eq!(unit_in("绝对数(亿元)", &r).as_deref(), Some("亿元"));
        assert_eq!(unit_in("比上年增长%", &r).as_deref(), Some("%"));
        assert_eq!(unit_in("增长(%)", &r).as_deref(), Some("%"));
        assert_eq!(
            unit_in("表1 2021年主要指标 (单位:万吨)", &r).as_deref(),
            Some("万吨")
        );
        assert_eq!(unit_in("单位:元/人", &r).as_deref(), Some("元/人"));
        assert_eq!(unit_in("指标", &r), None);
        assert_eq!(unit_in("2021年", &r), None);
    }

    #[test]
    fn measures_in_headers() {
        let r = Rules::embedded();
        assert_eq!(measure_named("产量(万吨)", &r).as_deref(), Some("产量"));
        assert_eq!(measure_named("2021年 绝对数(亿元)", &r), None);
        assert_eq!(measure_named("比上年增长(%)", &r), None);
        assert_eq!(measure_named("2020年", &r), None);
        assert_eq!(measure_named("指标名称", &r), None);
    }

    #[test]
    fn index_bases_are_no_figures() {
        assert!(is_index_base("上年=100"));
        assert!(is_index_base(" 2020年＝100 "));
        assert!(!is_index_base("100"));
        assert!(!is_index_base("=100"));
        assert!(!is_index_base("上年=105"));
    }

    #[test]
    fn labels_lose_numbering() {
        assert_eq!(strip_numbering("一、农业"), "农业");
        assert_eq!(strip_numbering("(1)粮食:"), "粮食");
        assert_eq!(strip_numbering("1.工业"), "工业");
        assert_eq!(strip_numbering("5G基站"), "5G基站");
    }
}
