//! Stage 2, segment: paragraphs (lines of the cleaned text), sentences, and
//! the section tree, so every record knows its sentence and section.
//!
//! Headings have levels by their numbering: 0 for a part numbered in the
//! formal numerals (`壹、`, `貳、`, over the `一、` sections of a Taiwan
//! report); 1 for `一、`, `第一部分` and an
//! unnumbered line that names a section's kind (`2024年工作回顾`,
//! `2025年工作安排建议`, `名词解释`); 2 for `(一)`, `——` leads and `关键词`;
//! 3 for `【…】` and `1.`; 4 for any other short line without sentence
//! punctuation, and without figures unless it leads in what follows (…如下:).
//! A top-level heading gives its section a [`Frame`]: a mood (a review of
//! results, a plan of targets, a glossary) and the time it speaks of; every
//! paragraph under it is read in that frame.

use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;

use crate::rules::Rules;
use crate::stages::time::{time_exprs, Role, YearRef};

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
    /// The frame of the section the paragraph is in (a heading: its own).
    pub frame: Option<Frame>,
}

/// What a section is, read from its heading: its mood and the time it speaks of.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub mood: Mood,
    /// The year named by the heading (for a span, its last year), unresolved.
    pub year: Option<YearRef>,
    /// The heading paragraph; `None` for a frame the whole document is in.
    pub heading: Option<usize>,
}

/// The mood of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mood {
    /// A review of what was achieved: figures are actual.
    Review,
    /// Plans, tasks and targets: figures are targets.
    Plan,
    /// Notes and definitions at the end of a report.
    Glossary,
}

impl Mood {
    pub fn as_str(self) -> &'static str {
        match self {
            Mood::Review => "review",
            Mood::Plan => "plan",
            Mood::Glossary => "glossary",
        }
    }
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

static NUMBERED_1: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分|[A-Z]$|[A-Z] *关键词)")
        .unwrap()
});
/// A part numbered in the formal numerals (壹、113年施政成果), read as
/// Simplified (贰, 参, 陆).
static PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[壹贰叁参肆伍陆柒捌玖拾]{1,3}、").unwrap());
static NUMBERED_2: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\([一二三四五六七八九十]+\)|关键词)").unwrap());
static LEAD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(——|--)").unwrap());
/// A heading that opens with the year it is about (2025年目标任务和主要工作),
/// as a report's top headings read when their numbers were lost.
static YEAR_FIRST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:19|20)\d\d年").unwrap());
/// A heading set in black brackets (【回顾2024】), as a digest of a report
/// heads its parts.
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^【[^】]{1,12}】$").unwrap());
/// A year written without 年, standing alone in a heading (回顾2024, 展望2025).
static BARE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d.])((?:19|20)\d\d)(?:$|[^\d.%年])").unwrap());
static NUMBERED_3: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(【[^】]{1,12}】$|[0-9]{1,2}\.[^0-9])").unwrap());

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
pub fn segment(chars: &[char], cfg: &SegmentConfig, rules: &Rules) -> Segments {
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
        // A heading is at most twice `max_heading_chars` long (and its mood
        // matters only then): a longer line, most paragraphs, is body text,
        // told without making a string of it.
        let (mood, heading) = if b - a > 2 * cfg.max_heading_chars {
            (None, None)
        } else {
            let line = crate::text::string_of(&chars[a..b]);
            let mood = mood_of(&line, rules);
            (
                mood,
                heading_level(&line, cfg.max_heading_chars, mood.is_some()),
            )
        };
        let index = seg.paragraphs.len();
        if let Some(level) = heading {
            stack.retain(|&(l, _)| l < level);
        }
        let own_frame = match (heading, mood) {
            (Some(0 | 1), Some(mood)) => Some(frame_of(chars, a, b, mood, index)),
            _ => None,
        };
        let frame = own_frame.or_else(|| {
            stack
                .iter()
                .rev()
                .find_map(|&(_, h)| seg.paragraphs[h].frame.clone())
        });
        seg.paragraphs.push(Paragraph {
            start: a,
            end: b,
            heading,
            sections: stack.iter().map(|&(_, h)| h).collect(),
            frame,
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

/// The level of a heading line (see the module docs), `None` for body text
/// (any line over `2 * max_chars` characters among it). `names_mood`: the
/// line names a section's kind (回顾, 安排, 名词解释…).
fn heading_level(line: &str, max_chars: usize, names_mood: bool) -> Option<u8> {
    let n = line.chars().count();
    let has_final = line.contains(['。', '!', '?', ';', ',']);
    if PART.is_match(line) && n <= max_chars * 2 {
        return Some(0);
    }
    if NUMBERED_1.is_match(line) && n <= max_chars * 2 {
        return Some(1);
    }
    if names_mood && n <= max_chars && !has_final && !line.contains(['(', '·']) {
        return Some(1);
    }
    // A —— lead is a heading only when it is not the start of a paragraph (——增长较快。全年…).
    let lead = LEAD.is_match(line) && !line.trim_end_matches('。').contains('。');
    if (NUMBERED_2.is_match(line) || lead) && n <= max_chars * 2 {
        return Some(2);
    }
    if NUMBERED_3.is_match(line) && n <= max_chars * 2 {
        return Some(3);
    }
    // (A line that leads in what follows is one whatever it names:
    // 2024年全市主要经济指标如下: before a list of them.)
    let leads_in = line.ends_with([':', '：']);
    let has_number = line.chars().any(|c| c.is_ascii_digit());
    (n <= max_chars && !has_final && (!has_number || leads_in)).then_some(4)
}

/// The mood a heading line names, if it names one: a numbered top-level
/// heading, one that opens with its year or one in black brackets, with one
/// of the rules' heading words anywhere (一、2024年工作回顾, 2025年目标任务和主要工作,
/// 【回顾2024】), any other line only when it ends with one (经济社会发展主要预期目标).
fn mood_of(line: &str, rules: &Rules) -> Option<Mood> {
    let cues = &rules.cues;
    let numbered = PART.is_match(line)
        || NUMBERED_1.is_match(line)
        || YEAR_FIRST.is_match(line)
        || BRACKETED.is_match(line);
    let line = line.trim_end_matches([':', '：']);
    let has = |words: &[String]| {
        words.iter().any(|w| {
            if numbered {
                line.contains(w.as_str())
            } else {
                line.ends_with(w.as_str())
            }
        })
    };
    if has(&cues.glossary_headings) {
        Some(Mood::Glossary)
    } else if has(&cues.actual_headings) {
        Some(Mood::Review)
    } else if has(&cues.target_headings) {
        Some(Mood::Plan)
    } else {
        None
    }
}

/// The frame a top-level heading `chars[a..b]` gives its section: the first
/// year it names (a plan period or span counts by its last year), or else a
/// year it writes without 年 (【展望2025】).
fn frame_of(chars: &[char], a: usize, b: usize, mood: Mood, heading: usize) -> Frame {
    let time = time_exprs(chars, a, b).into_iter().find(|e| {
        e.role == Role::Own && matches!(e.year, YearRef::Absolute(_) | YearRef::Offset(_))
    });
    let bare_year = || {
        let line = crate::text::string_of(&chars[a..b]);
        let year = BARE_YEAR.captures(&line)?.get(1)?.as_str().parse().ok()?;
        Some(YearRef::Absolute(year))
    };
    Frame {
        mood,
        year: time.map(|e| e.year).or_else(bare_year),
        heading: Some(heading),
    }
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
        let seg = segment(&text, &SegmentConfig::default(), &Rules::embedded());
        assert_eq!(seg.paragraphs.len(), 5);
        assert_eq!(seg.paragraphs[0].heading, Some(2));
        assert_eq!(seg.paragraphs[1].heading, Some(3));
        assert_eq!(seg.paragraphs[2].heading, None);
        assert_eq!(
            seg.section_of(2, &text).unwrap(),
            "——聚焦都市圈建设 > 【郑州实践】"
        );
        assert_eq!(seg.section_of(4, &text).unwrap(), "一、2024年工作回顾");
        let body: Vec<&Sentence> = seg.sentences.iter().filter(|s| s.paragraph == 2).collect();
        assert_eq!(body.len(), 2);
    }

    #[test]
    fn no_line_over_twice_the_heading_length_is_a_heading() {
        // `segment` tells such lines from headings without reading them.
        let max = SegmentConfig::default().max_heading_chars;
        for opening in ["一、", "(一)", "1.", "——", "第一部分", "", "2024年工作回顾"]
        {
            let short = format!("{opening}扩大内需");
            let long = format!(
                "{opening}{}",
                "扩".repeat(2 * max + 1 - opening.chars().count())
            );
            assert!(long.chars().count() > 2 * max);
            for names_mood in [false, true] {
                assert_eq!(heading_level(&long, max, names_mood), None, "{long}");
            }
            if !opening.is_empty() {
                assert!(heading_level(&short, max, true).is_some(), "{short}");
            }
        }
    }

    #[test]
    fn sections_have_frames() {
        let text: Vec<char> = "各位代表:\n2024年工作回顾\n——经济增长。全年增长5%。\n(一)扩大内需\n投资增长3%。\n2025年工作安排建议\n今年增长5%左右。\n名词解释\n"
            .chars()
            .collect();
        let seg = segment(&text, &SegmentConfig::default(), &Rules::embedded());
        let frame = |p: usize| seg.paragraphs[p].frame.clone();
        assert_eq!(frame(0), None);
        let review = frame(1).unwrap();
        assert_eq!(
            (review.mood, review.year),
            (Mood::Review, Some(YearRef::Absolute(2024)))
        );
        assert_eq!(
            seg.paragraphs[2].heading, None,
            "a —— lead ending a sentence is body text"
        );
        assert_eq!(frame(4), Some(review));
        assert_eq!(frame(6).unwrap().mood, Mood::Plan);
        assert_eq!(frame(7).unwrap().mood, Mood::Glossary);
    }
}
