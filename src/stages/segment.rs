//! Stage 2, segment: paragraphs (lines of the cleaned text), sentences, and
//! section headings, so every record knows its sentence and section.

use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;

/// `[segment]`: how text is cut.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SegmentConfig {
    /// Lines up to this many characters, without sentence-final punctuation, are headings.
    pub max_heading_chars: usize,
}

impl Default for SegmentConfig {
    fn default() -> Self {
        SegmentConfig {
            max_heading_chars: 30,
        }
    }
}

/// One paragraph: a non-empty line of the cleaned text.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// Cleaned character range.
    pub start: usize,
    pub end: usize,
    /// A heading rather than body text.
    pub heading: Option<u8>,
    /// The headings in force (outer first), as indices into `Segments::paragraphs`.
    pub sections: Vec<usize>,
}

/// One sentence, inside one paragraph.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
}

/// The segmentation of one document.
#[derive(Debug, Clone, Default)]
pub struct Segments {
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
}

static OUTER_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(——|--|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分|[A-Z]$|[A-Z] *关键词)",
    )
    .unwrap()
});
static INNER_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\([一二三四五六七八九十]+\)|【[^】]{1,12}】$|关键词|[0-9]{1,2}\.[^0-9])")
        .unwrap()
});

impl Segments {
    /// The text of the headings in force for paragraph `p`, outer first, joined by " > ".
    pub fn section_of(&self, p: usize, chars: &[char]) -> Option<String> {
        let names: Vec<String> = self.paragraphs[p]
            .sections
            .iter()
            .map(|&h| {
                chars[self.paragraphs[h].start..self.paragraphs[h].end]
                    .iter()
                    .collect()
            })
            .collect();
        (!names.is_empty()).then(|| names.join(" > "))
    }
}

/// Cuts cleaned text into paragraphs, headings and sentences.
pub fn segment(chars: &[char], cfg: &SegmentConfig) -> Segments {
    let mut seg = Segments::default();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut start = 0;
    for i in 0..=chars.len() {
        if i < chars.len() && chars[i] != '\n' {
            continue;
        }
        let (a, b) = trim(chars, start, i);
        start = i + 1;
        if a == b {
            continue;
        }
        let line: String = chars[a..b].iter().collect();
        let heading = heading_level(&line, cfg.max_heading_chars);
        let index = seg.paragraphs.len();
        if let Some(level) = heading {
            stack.retain(|&(l, _)| l < level);
        }
        seg.paragraphs.push(Paragraph {
            start: a,
            end: b,
            heading,
            sections: stack.iter().map(|&(_, h)| h).collect(),
        });
        if let Some(level) = heading {
            stack.push((level, index));
        }
        split_sentences(chars, a, b, index, &mut seg.sentences);
    }
    seg
}

fn trim(chars: &[char], mut a: usize, mut b: usize) -> (usize, usize) {
    while a < b && chars[a].is_whitespace() {
        a += 1;
    }
    while b > a && chars[b - 1].is_whitespace() {
        b -= 1;
    }
    (a, b)
}

/// 1 for an outer heading, 2 for an inner one, 3 for any other short line
/// without sentence punctuation; `None` for body text.
fn heading_level(line: &str, max_chars: usize) -> Option<u8> {
    let n = line.chars().count();
    if OUTER_HEADING.is_match(line) && n <= max_chars * 2 {
        return Some(1);
    }
    if INNER_HEADING.is_match(line) && n <= max_chars * 2 {
        return Some(2);
    }
    let has_final = line.contains(['。', '!', '?', ';', ',']);
    let has_number = line.chars().any(|c| c.is_ascii_digit());
    (n <= max_chars && !has_final && !has_number).then_some(3)
}

fn split_sentences(chars: &[char], a: usize, b: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let mut s = a;
    let mut i = a;
    while i < b {
        let c = chars[i];
        if matches!(c, '。' | '!' | '?') {
            let mut e = i + 1;
            while e < b && matches!(chars[e], '”' | '’' | '"' | ')' | '」' | '。' | '!' | '?')
            {
                e += 1;
            }
            out.push(Sentence {
                start: s,
                end: e,
                paragraph,
            });
            s = e;
            i = e;
            continue;
        }
        i += 1;
    }
    if s < b {
        out.push(Sentence {
            start: s,
            end: b,
            paragraph,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_sentences() {
        let text: Vec<char> = "——聚焦都市圈建设\n【郑州实践】\n增长7%。增长8%!\n一、2024年工作回顾\n过去一年,增长5%。"
            .chars()
            .collect();
        let seg = segment(&text, &SegmentConfig::default());
        assert_eq!(seg.paragraphs.len(), 5);
        assert_eq!(seg.paragraphs[0].heading, Some(1));
        assert_eq!(seg.paragraphs[1].heading, Some(2));
        assert_eq!(seg.paragraphs[2].heading, None);
        assert_eq!(
            seg.section_of(2, &text).unwrap(),
            "——聚焦都市圈建设 > 【郑州实践】"
        );
        assert_eq!(seg.section_of(4, &text).unwrap(), "一、2024年工作回顾");
        let body: Vec<&Sentence> = seg.sentences.iter().filter(|s| s.paragraph == 2).collect();
        assert_eq!(body.len(), 2);
    }
}
