//! Hard-wrapped text: a document whose paragraphs were cut into lines of one
//! width (text taken out of a PDF or a fixed-width page), so that a line ends
//! where the page did, not where the sentence did — inside a word, a name or
//! a figure (第一产业增加值23 / 4.56亿元). Such a document shows itself by
//! its line lengths: most of its long lines are (nearly) as long as each
//! other, and most of those stop without closing a sentence. A paragraph
//! written as one line, as most documents are, never looks like that.

use super::pieces::Piece;

/// How a line's length is measured. Extractors wrap by what fits on the
/// page: a Han character or a full-width mark takes two columns and a Latin
/// letter or a digit one (`Columns`); some wrap after a fixed number of
/// characters (`Chars`). A document is tried both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Chars,
    Columns,
}

/// Lines shorter than this many characters say nothing about the width
/// (headings, dates, a paragraph's last few words).
const MIN_COUNTED_CHARS: usize = 10;
/// The narrowest width read as wrapping: 15 Han characters.
const MIN_WIDTH_CHARS: usize = 15;
/// At least this many lines must be full.
const MIN_FULL_LINES: usize = 8;
/// No page holds a longer line: longer ones are paragraphs, and are not
/// measured (they still count among the long lines).
const MAX_PAGE_CHARS: usize = 120;

impl Measure {
    fn length(self, line: &[Piece]) -> usize {
        match self {
            Measure::Chars => line.len(),
            Measure::Columns => line.iter().map(|p| columns(p.c)).sum(),
        }
    }

    /// How much shorter than the width a full line may be: a Han character
    /// that did not fit leaves two columns, and a mark's width is a guess
    /// (a full-width ％ was folded to %, a quote is one column or two). The
    /// same two characters in both measures, so that neither wins the
    /// choice between them by a wider band.
    fn slack(self) -> usize {
        match self {
            Measure::Chars => 2,
            Measure::Columns => 4,
        }
    }

    fn scale(self) -> usize {
        match self {
            Measure::Chars => 1,
            Measure::Columns => 2,
        }
    }
}

/// Columns a cleaned character takes on the page. Clean has folded
/// full-width marks to ASCII (,;:()); in Chinese text they were full-width,
/// so only Latin letters, digits and the marks inside figures count one.
fn columns(c: char) -> usize {
    if c.is_ascii_alphanumeric() || matches!(c, '.' | '%' | '-' | '/' | ' ' | '+') {
        1
    } else {
        2
    }
}

/// The wrap of a document: a line at least `full` long (in `measure`) was
/// cut by the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wrap {
    measure: Measure,
    full: usize,
}

/// A paragraph's first line is indented by two characters (or, taken out
/// without its spaces, two characters short): it is full that much shorter.
const INDENT_CHARS: usize = 2;

impl Wrap {
    /// Whether `line` filled the page's width; `opens_paragraph` when no
    /// line before it goes on in it. Only a line of prose (with a comma, a
    /// stop or a list's 、 in it; a heading number's 、 is none) has an
    /// indent: a heading a little short of the width
    /// (二、2025年工作总体要求和主要目标) is no cut line.
    pub fn is_full(&self, line: &[Piece], opens_paragraph: bool) -> bool {
        /// A heading's number ends within this many characters (二、, (十二)).
        const NUMBER_CHARS: usize = 4;
        let prose = line.iter().enumerate().any(|(i, p)| {
            matches!(p.c, ',' | ';' | '。' | ':') || p.c == '、' && i >= NUMBER_CHARS
        });
        let indent = if opens_paragraph && prose {
            INDENT_CHARS * self.measure.scale()
        } else {
            0
        };
        self.measure.length(line) + indent >= self.full
    }
}

/// The wrap of the document whose content lines are `lines` (tables left
/// out), when it is hard-wrapped: at least [`MIN_FULL_LINES`] lines and half
/// of the long ones within the slack of one width, and most of those ending
/// without closing a sentence. Measured in characters and in columns; the
/// measure with more full lines wins.
pub fn detect(lines: &[&[Piece]], ends_sentence: impl Fn(char) -> bool) -> Option<Wrap> {
    [Measure::Chars, Measure::Columns]
        .into_iter()
        .filter_map(|m| full_lines(m, lines, &ends_sentence))
        .max_by_key(|&(count, _)| count)
        .map(|(_, wrap)| wrap)
}

/// For one measure: how many lines are full, and the wrap, when the lines
/// look wrapped.
fn full_lines(
    measure: Measure,
    lines: &[&[Piece]],
    ends_sentence: &impl Fn(char) -> bool,
) -> Option<(usize, Wrap)> {
    let long_lines = lines
        .iter()
        .filter(|l| l.len() >= MIN_COUNTED_CHARS)
        .count();
    let counted: Vec<(usize, &[Piece])> = lines
        .iter()
        .filter(|l| (MIN_COUNTED_CHARS..=MAX_PAGE_CHARS).contains(&l.len()))
        .map(|l| (measure.length(l), *l))
        .collect();
    if counted.len() < MIN_FULL_LINES || 2 * counted.len() < long_lines {
        return None;
    }
    let slack = measure.slack();
    let in_band = |width: usize, len: usize| len + slack >= width && len <= width;
    let (count, width) = widest_band(&counted, slack, MIN_WIDTH_CHARS * measure.scale())?;
    if count < MIN_FULL_LINES || 2 * count < long_lines {
        return None;
    }
    let open = counted
        .iter()
        .filter(|(len, line)| in_band(width, *len) && !ends_sentence(line[line.len() - 1].c))
        .count();
    (2 * open > count).then_some((
        count,
        Wrap {
            measure,
            full: width - slack,
        },
    ))
}

/// The width at least `min` with the most lines `slack` short of it or
/// exactly it, and that count; the wider of equals. One pass over the sorted
/// lengths, the band's lower end moving up as its width does.
fn widest_band(counted: &[(usize, &[Piece])], slack: usize, min: usize) -> Option<(usize, usize)> {
    let mut lengths: Vec<usize> = counted.iter().map(|&(len, _)| len).collect();
    lengths.sort_unstable();
    let mut best = None;
    let mut low = 0;
    for (high, &width) in lengths.iter().enumerate() {
        // Each width once, at the last of its equals.
        if width < min || lengths.get(high + 1) == Some(&width) {
            continue;
        }
        while lengths[low] + slack < width {
            low += 1;
        }
        best = best.max(Some((high + 1 - low, width)));
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::clean::pieces::{lines_of, pieces_of};

    fn wrap_of(text: &str) -> Option<Wrap> {
        let pieces = pieces_of(text);
        let lines: Vec<&[Piece]> = lines_of(&pieces)
            .into_iter()
            .map(|(a, b)| &pieces[a..b])
            .filter(|l| !l.is_empty())
            .collect();
        detect(&lines, |c| matches!(c, '。' | ';'))
    }

    fn wrapped(text: &str, width: usize) -> String {
        let mut out = String::new();
        for paragraph in text.lines() {
            let chars: Vec<char> = paragraph.chars().collect();
            for line in chars.chunks(width) {
                out.extend(line);
                out.push('\n');
            }
        }
        out
    }

    const PARAGRAPHS: &str = "全年全市地区生产总值12345.67亿元,按不变价格计算,比上年增长5.6%。其中,第一产业增加值234.56亿元,增长3.1%;第二产业增加值4567.89亿元,增长4.8%。
年末全市常住人口1282.8万人,比上年末增加8.6万人。其中,城镇常住人口1022.5万人,占常住人口比重为79.7%,比上年末提高0.6个百分点。
全年粮食种植面积512.3万亩,比上年增加2.1万亩。粮食总产量186.4万吨,比上年增长1.5%。其中,夏粮产量98.7万吨,增长2.3%。";

    #[test]
    fn lines_of_one_length_are_a_wrap() {
        let wrap = wrap_of(&wrapped(PARAGRAPHS, 24)).expect("wrapped");
        assert_eq!(wrap.measure, Measure::Chars);
        let line = "全年全市地区生产总值12345.67亿元,按不";
        assert!(wrap.is_full(&pieces_of(line), false));
        let indented = "全市地区生产总值12345.67亿元,按不";
        assert!(!wrap.is_full(&pieces_of(indented), false));
        assert!(wrap.is_full(&pieces_of(indented), true));
        assert!(!wrap.is_full(&pieces_of("增长2.3%。"), true));
    }

    #[test]
    fn paragraphs_on_lines_of_their_own_are_no_wrap() {
        assert_eq!(wrap_of(PARAGRAPHS), None);
        let twice = format!("{PARAGRAPHS}\n{PARAGRAPHS}\n{PARAGRAPHS}");
        assert_eq!(wrap_of(&twice), None);
    }

    #[test]
    fn lines_that_close_their_sentences_are_no_wrap() {
        // A list of items each on a line of the same length is not cut text.
        let items = "全市新增就业人数达到十二万人。\n".repeat(10);
        assert_eq!(wrap_of(&items), None);
    }
}
