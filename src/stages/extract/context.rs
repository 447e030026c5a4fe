//! The fields of a record that come from its surroundings: kind, sign and
//! qualifier from the words next to the number; status and period from the
//! clause, the sentence, the paragraph and the section; region from the
//! document and the entity the clause is about.

use regex::Regex;
use std::sync::LazyLock;

use super::document::Doc;
use super::number::Quantity;
use crate::dataset::rows::Record;
use crate::rules::SpecialKind;
use crate::text::{match_any_before, starts_with_at};

/// The surroundings of one quantity.
pub struct Context<'a> {
    pub doc: &'a Doc<'a>,
    pub sentence_index: usize,
    pub quantities: &'a [Quantity],
    /// Which of `quantities` are records (the others are dates, labels…).
    pub is_record: &'a [bool],
    pub index: usize,
    /// Records already made from earlier numbers of the same sentence.
    pub previous: &'a [Record],
}

/// A time expression found in the text.
#[derive(Debug, Clone)]
struct PeriodExpr {
    year: YearRef,
    period: Option<String>,
    text: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum YearRef {
    Absolute(i32),
    /// Relative to the document's year.
    Offset(i32),
    /// A horizon with no single year (五年内, 下一步).
    Open,
    /// Only a sub-year period (1-8月) or a marker (累计) with no year of its own.
    Unknown,
}

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<y>(?:19|20)\d\d)年(?:(?P<ym1>\d{1,2})(?:-|至|到|~)(?P<ym2>\d{1,2})月|(?P<yh>上半年|下半年)|(?P<yq>第?[一二三四1-4]季度|前三季度)|(?P<ym>\d{1,2})月(?:份)?)?",
        r"|(?P<m1>\d{1,2})(?:-|至|到|~)(?P<m2>\d{1,2})月",
        r"|(?P<rel>今年|本年|全年|年内|年底|当年|去年|上年|过去一年|明年)(?:(?P<rh>上半年|下半年)|(?P<rq>第?[一二三四]季度|前三季度))?",
        r"|(?P<multi>近[两三四五六七八九十\d]+年|过去[两三四五六七八九十\d]+年|[两三四五六七八九十\d]+年(?:来|累计|间)|连续[两三四五六七八九十\d]+年|\d+年累计)",
        r"|(?P<open>[两三四五六七八九十\d]+年内|下一步|今后|未来[两三四五六七八九十几\d]+年|到(?:19|20)\d\d年)",
        r"|(?P<h>上半年|下半年)|(?P<q>第?[一二三四]季度|前三季度)",
    ))
    .unwrap()
});

fn quarter(s: &str) -> String {
    if s.contains("前三") {
        return "Q1-Q3".into();
    }
    let n = s.chars().find_map(|c| match c {
        '一' | '1' => Some(1),
        '二' | '2' => Some(2),
        '三' | '3' => Some(3),
        '四' | '4' => Some(4),
        _ => None,
    });
    format!("Q{}", n.unwrap_or(1))
}

fn half(s: &str) -> String {
    if s.starts_with('上') {
        "H1".into()
    } else {
        "H2".into()
    }
}

fn months(a: &str, b: &str) -> Option<String> {
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    ((1..=12).contains(&a) && (1..=12).contains(&b) && a <= b).then(|| format!("M{a:02}-M{b:02}"))
}

/// Time expressions in `chars[from..to]`, in order.
fn periods_in(chars: &[char], from: usize, to: usize) -> Vec<PeriodExpr> {
    let text: String = chars[from..to].iter().collect();
    PERIOD
        .captures_iter(&text)
        // 比上年, 较去年, 同上年: a comparison base, not the period of the figure.
        .filter(|c| {
            let start = c.get(0).unwrap().start();
            !(c.name("rel").is_some() && text[..start].ends_with(['比', '较', '同']))
        })
        .map(|c| {
            let m = c.get(0).unwrap();
            let get = |n: &str| c.name(n).map(|m| m.as_str());
            let (year, period) = if let Some(y) = get("y") {
                let p = match (get("ym1"), get("ym2"), get("yh"), get("yq"), get("ym")) {
                    (Some(a), Some(b), ..) => months(a, b),
                    (_, _, Some(h), ..) => Some(half(h)),
                    (_, _, _, Some(q), _) => Some(quarter(q)),
                    _ => None,
                };
                (YearRef::Absolute(y.parse().unwrap_or(0)), p)
            } else if let (Some(a), Some(b)) = (get("m1"), get("m2")) {
                (YearRef::Unknown, months(a, b))
            } else if let Some(r) = get("rel") {
                let off = match r {
                    "去年" | "上年" | "过去一年" => -1,
                    "明年" => 1,
                    _ => 0,
                };
                let p = get("rh").map(half).or(get("rq").map(quarter));
                (YearRef::Offset(off), p)
            } else if get("multi").is_some() {
                (YearRef::Offset(-1), Some("multi-year".to_string()))
            } else if let Some(o) = get("open") {
                if let Some(y) = o.strip_prefix('到').and_then(|y| y.strip_suffix('年')) {
                    (YearRef::Absolute(y.parse().unwrap_or(0)), None)
                } else if o.ends_with("年内") {
                    (YearRef::Open, Some("multi-year".to_string()))
                } else {
                    (YearRef::Open, None)
                }
            } else if let Some(h) = get("h") {
                (YearRef::Unknown, Some(half(h)))
            } else {
                (YearRef::Unknown, get("q").map(quarter))
            };
            PeriodExpr {
                year,
                period,
                text: m.as_str().to_string(),
            }
        })
        .collect()
}

/// Words that may stand between a change verb and its number (增长了, 增速达).
/// Words that name the document's whole region (全市新增…).
const WHOLE_REGION: [&str; 5] = ["全市", "全省", "全区", "全县", "全国"];

/// What stands between two numbers of one list: 113%、220%和148%.
pub fn is_list_joiner(c: char) -> bool {
    matches!(c, '、' | '和' | '及' | '与')
}

fn is_clause_delimiter(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '。' | '!' | '?' | '\n')
}

impl Context<'_> {
    fn chars(&self) -> &[char] {
        &self.doc.cleaned.chars
    }

    pub fn q(&self) -> &Quantity {
        &self.quantities[self.index]
    }

    fn sentence(&self) -> (usize, usize) {
        let s = &self.doc.segments.sentences[self.sentence_index];
        (s.start, s.end)
    }

    /// Start of the clause holding the quantity.
    pub fn clause_start(&self) -> usize {
        let (ss, _) = self.sentence();
        let chars = self.chars();
        (ss..self.q().start)
            .rev()
            .find(|&i| is_clause_delimiter(chars[i]))
            .map(|i| i + 1)
            .unwrap_or(ss)
    }

    /// End of the clause holding the quantity (exclusive, before the delimiter).
    pub fn clause_end(&self) -> usize {
        let (_, se) = self.sentence();
        let chars = self.chars();
        (self.q().end..se)
            .find(|&i| is_clause_delimiter(chars[i]))
            .unwrap_or(se)
    }

    /// The text between the clause start and the number.
    pub fn prefix_text(&self) -> Vec<char> {
        self.chars()[self.clause_start()..self.q().start].to_vec()
    }

    pub fn kind(&self, indicator: Option<&str>, ev: &mut Vec<String>) -> (&'static str, bool) {
        let q = self.q();
        let cues = &self.doc.rules.cues;
        if q.rank_word
            || q.rank_suffix.is_some()
            || matches!(q.prefix.as_deref(), Some("第" | "前"))
        {
            ev.push("kind=rank expression".into());
            return ("rank", false);
        }
        let special = q.special.as_ref().map(|s| s.1);
        // 每千人口拥有托位数4.8个: a count per head of population is an intensity.
        if let Some(w) =
            indicator.and_then(|i| cues.per_capita.iter().find(|w| i.contains(w.as_str())))
        {
            if special.is_none() {
                ev.push(format!("kind=ratio (per capita: {w})"));
                return ("ratio", false);
            }
        }
        let Some(special) = special else {
            ev.push("kind=level (a unit of amount)".into());
            return ("level", false);
        };
        if special == SpecialKind::Points {
            let down = self.change_verb(&cues.change_down).is_some();
            ev.push("kind=change (个百分点)".into());
            return ("change", down);
        }
        if let Some(w) = self.change_verb(&cues.change_down) {
            ev.push(format!("kind=change, negative (cue {w})"));
            return ("change", true);
        }
        if let Some(w) = self.change_verb(&cues.change_up) {
            ev.push(format!("kind=change (cue {w})"));
            return ("change", false);
        }
        if let Some(w) =
            indicator.and_then(|i| cues.change_words.iter().find(|w| i.ends_with(w.as_str())))
        {
            ev.push(format!("kind=change (indicator ends with {w})"));
            return ("change", false);
        }
        // 是2010年的2.6倍: a multiple of an earlier period's value is a change.
        if special == SpecialKind::Times {
            if let Some(base) = self.comparison_base() {
                ev.push(format!("kind=change (times the base {base})"));
                return ("change", false);
            }
        }
        ev.push("kind=ratio (a share with no change verb)".into());
        ("ratio", false)
    }

    /// A comparison frame with a time base ending right before the number
    /// (是2010年的, 比上年), as the naming rules write them.
    fn comparison_base(&self) -> Option<String> {
        let text: String = self.chars()[self.clause_start()..self.q().start]
            .iter()
            .collect();
        let text = text.trim_end_matches(|c: char| {
            self.doc
                .rules
                .qualifier_before_words
                .iter()
                .any(|w| w.starts_with(c))
                || c == ' '
        });
        self.doc
            .rules
            .names
            .comparison_patterns
            .iter()
            .find_map(|re| {
                re.find_iter(text)
                    .find(|m| m.end() == text.len())
                    .map(|m| m.as_str().to_string())
            })
    }

    /// A change verb right before the number (qualifier words and 了/的 may stand between).
    fn change_verb<'r>(&self, words: &'r [String]) -> Option<&'r str> {
        let chars = self.chars();
        let cs = self.clause_start();
        let mut end = self.q().start;
        let quals = &self.doc.rules.qualifier_before_words;
        for _ in 0..3 {
            if let Some(w) = match_any_before(&chars[cs..], end - cs, words) {
                return Some(w);
            }
            let between = match_any_before(&chars[cs..], end - cs, quals).or_else(|| {
                match_any_before(&chars[cs..], end - cs, &self.doc.rules.cues.change_links)
            });
            match between {
                Some(w) => end -= w.chars().count(),
                None => break,
            }
        }
        // In a 分别 list (分别增长13.8%、13.6%和9%), the verb stands before the first number.
        if self.index > 0
            && chars
                .get(self.q().start.wrapping_sub(1))
                .is_some_and(|c| is_list_joiner(*c))
        {
            let first = self.list_head();
            if first != self.index {
                let sub = Context {
                    index: first,
                    ..*self
                };
                return sub.change_verb(words);
            }
        }
        None
    }

    /// Index of the first quantity of a 、-list that ends at this one.
    pub fn list_head(&self) -> usize {
        let chars = self.chars();
        let mut k = self.index;
        while k > 0 {
            let prev = &self.quantities[k - 1];
            let cur = &self.quantities[k];
            if prev.end + 1 == cur.start && is_list_joiner(chars[prev.end]) {
                k -= 1;
            } else {
                break;
            }
        }
        k
    }

    pub fn qualifier(&self, ev: &mut Vec<String>) -> &'static str {
        let q = self.q();
        let chars = self.chars();
        let cues = &self.doc.rules.cues;
        if q.value_max.is_some() {
            ev.push("qualifier=range".into());
            return "range";
        }
        if let Some(w) = &q.inside_qualifier {
            ev.push(format!("qualifier=gt (inside {w})"));
            return "gt";
        }
        for c in &cues.qualifier_after {
            if let Some(w) = c.words.iter().find(|w| starts_with_at(chars, q.end, w)) {
                ev.push(format!("qualifier={} (after {w})", c.qualifier));
                return static_qualifier(&c.qualifier);
            }
        }
        let cs = self.clause_start();
        for c in &cues.qualifier_before {
            if let Some(w) = match_any_before(&chars[cs..], q.start - cs, &c.words) {
                ev.push(format!("qualifier={} (before {w})", c.qualifier));
                return static_qualifier(&c.qualifier);
            }
        }
        // 约占GDP的22%: the qualifier stands before 占 and its noun.
        if chars.get(q.start.wrapping_sub(1)) == Some(&'的') {
            let share = (cs..q.start)
                .rev()
                .find(|&i| cues.share_verbs.iter().any(|v| starts_with_at(chars, i, v)));
            for c in share
                .map(|i| cues.qualifier_before.iter().map(move |c| (i, c)))
                .into_iter()
                .flatten()
            {
                let (i, c) = c;
                if let Some(w) = match_any_before(&chars[cs..], i - cs, &c.words) {
                    ev.push(format!("qualifier={} (before {w}…占)", c.qualifier));
                    return static_qualifier(&c.qualifier);
                }
            }
        }
        ev.push("qualifier=exact".into());
        "exact"
    }

    /// The nearest status cue before the number in `chars[from..to]`.
    fn status_cue(&self, from: usize, to: usize) -> Option<(&'static str, String)> {
        let chars = self.chars();
        let cues = &self.doc.rules.cues;
        let mut i = to;
        while i > from {
            i -= 1;
            if let Some(w) = cues
                .actual_cues
                .iter()
                .find(|w| starts_with_at(chars, i, w) && i + w.chars().count() <= to)
            {
                return Some(("actual", w.clone()));
            }
            if let Some(w) = cues
                .target_cues
                .iter()
                .find(|w| starts_with_at(chars, i, w) && i + w.chars().count() <= to)
            {
                if cues.weak_target_cues.contains(w) {
                    let after = i + w.chars().count();
                    if !cues
                        .weak_target_after
                        .iter()
                        .any(|a| starts_with_at(chars, after, a))
                    {
                        continue;
                    }
                }
                return Some(("target", w.clone()));
            }
        }
        None
    }

    fn doc_year(&self) -> Option<i32> {
        self.doc.meta.year
    }

    /// 从3个 in 从3个扩展至43个: a number after 从/由 with 至/为/到 and another number after it.
    fn is_from_value(&self) -> bool {
        let q = self.q();
        let chars = self.chars();
        let from = q.start > 0 && matches!(chars[q.start - 1], '从' | '由');
        let ce = self.clause_end();
        let to = (q.end..ce).any(|i| matches!(chars[i], '至' | '为' | '到'));
        from && to
            && self
                .quantities
                .get(self.index + 1)
                .is_some_and(|n| n.start < ce)
    }

    /// The month of the document's date, when it has one.
    fn month(&self) -> Option<u32> {
        let date = self.doc.meta.date.as_deref()?;
        date.get(5..7).and_then(|m| m.parse().ok())
    }

    /// Whether the document dates from the first quarter, or gives only its year.
    fn early_in_year(&self) -> bool {
        self.doc.meta.date.is_some() && self.month().is_none_or(|m| m <= 3)
    }

    fn paragraph_first_sentence(&self) -> (usize, usize) {
        let p = self.doc.segments.sentences[self.sentence_index].paragraph;
        let para = &self.doc.segments.paragraphs[p];
        let first = self
            .doc
            .segments
            .sentences
            .iter()
            .find(|s| s.paragraph == p)
            .map(|s| (s.start, s.end))
            .unwrap_or((para.start, para.end));
        first
    }

    fn headings(&self) -> Vec<String> {
        let p = self.doc.segments.sentences[self.sentence_index].paragraph;
        let segs = self.doc.segments;
        segs.paragraphs[p]
            .sections
            .iter()
            .rev()
            .map(|&h| {
                self.chars()[segs.paragraphs[h].start..segs.paragraphs[h].end]
                    .iter()
                    .collect()
            })
            .collect()
    }

    pub fn status(&self, ev: &mut Vec<String>) -> &'static str {
        let (ss, se) = self.sentence();
        let q = self.q();
        let doc_year = self.doc_year();
        // A figure of a past year is reported, whatever the verbs (预计增长5% in a
        // review of last year is an estimate of what happened, 争取 资金 was obtained).
        if let (Some(y), Some(d)) = (self.explicit_year_before(), doc_year) {
            if y < d {
                ev.push(format!(
                    "status=actual (year {y} before the document's {d})"
                ));
                return "actual";
            }
        }
        if let (Some(y), Some(d)) = (self.heading_year(), doc_year) {
            if y < d {
                ev.push(format!(
                    "status=actual (section about {y}, before the document's {d})"
                ));
                return "actual";
            }
        }
        if let Some((s, w)) = self.status_cue(ss, q.start) {
            ev.push(format!("status={s} (cue {w} in the sentence)"));
            return s;
        }
        // Cues after the number in the same clause: 定下了6.5%的奋斗目标.
        let ce = self.clause_end();
        if let Some((s, w)) = self.status_cue(q.end, ce) {
            if s == "target" {
                ev.push(format!("status={s} (cue {w} after the number)"));
                return s;
            }
        }
        let _ = se;
        if let (Some(y), Some(d)) = (self.explicit_year_before(), doc_year) {
            if y < d {
                ev.push(format!(
                    "status=actual (year {y} before the document's {d})"
                ));
                return "actual";
            }
        }
        let paragraph_year = self.paragraph_year();
        if let (Some(y), Some(d)) = (paragraph_year, doc_year) {
            if y < d {
                ev.push(format!("status=actual (paragraph year {y})"));
                return "actual";
            }
        }
        let (ps, pe) = self.paragraph_first_sentence();
        if ps < ss {
            if let Some((s, w)) = self.status_cue(ps, pe) {
                ev.push(format!("status={s} (cue {w} opening the paragraph)"));
                return s;
            }
        }
        // Plans are issued early in the year: in a document from the first quarter
        // (or with only a year), a paragraph about the document's own year is a plan.
        if let (Some(y), Some(d)) = (paragraph_year, doc_year) {
            if y == d && self.early_in_year() {
                ev.push(format!(
                    "status=target (paragraph about {y}, in a document from early {d})"
                ));
                return "target";
            }
        }
        let cues = &self.doc.rules.cues;
        for h in self.headings() {
            if let Some(w) = cues.target_headings.iter().find(|w| h.contains(w.as_str())) {
                ev.push(format!("status=target (heading with {w})"));
                return "target";
            }
            if let Some(w) = cues.actual_headings.iter().find(|w| h.contains(w.as_str())) {
                ev.push(format!("status=actual (heading with {w})"));
                return "actual";
            }
        }
        let year = self.explicit_year_before().or(paragraph_year);
        if self.early_in_year() && year.is_none_or(|y| Some(y) == doc_year) {
            ev.push("status=target (no cue, in a document from early in its year: a plan)".into());
            return "target";
        }
        ev.push("status=actual (no target cue)".into());
        "actual"
    }

    /// The year written before the number in its sentence (2023年, 去年, 过去一年).
    fn explicit_year_before(&self) -> Option<i32> {
        let (ss, _) = self.sentence();
        periods_in(self.chars(), ss, self.q().start)
            .into_iter()
            .rev()
            .find_map(|p| match p.year {
                YearRef::Absolute(y) => Some(y),
                YearRef::Offset(o) if p.period.as_deref() != Some("multi-year") => {
                    self.doc_year().map(|d| d + o)
                }
                _ => None,
            })
    }

    /// The year named by the innermost heading that names one (一、2024年工作回顾).
    fn heading_year(&self) -> Option<i32> {
        self.headings().iter().find_map(|h| {
            let hc: Vec<char> = h.chars().collect();
            periods_in(&hc, 0, hc.len())
                .into_iter()
                .find_map(|p| match p.year {
                    YearRef::Absolute(y) => Some(y),
                    _ => None,
                })
        })
    }

    /// The absolute year opening the paragraph (2023年,郑州…).
    fn paragraph_year(&self) -> Option<i32> {
        let (ps, pe) = self.paragraph_first_sentence();
        let first_clause_end = (ps..pe)
            .find(|&i| is_clause_delimiter(self.chars()[i]))
            .unwrap_or(pe);
        periods_in(self.chars(), ps, first_clause_end)
            .into_iter()
            .find_map(|p| match p.year {
                YearRef::Absolute(y) => Some(y),
                YearRef::Offset(o) => self.doc_year().map(|d| d + o),
                _ => None,
            })
    }

    pub fn period(&self, status: &str, ev: &mut Vec<String>) -> (Option<i32>, Option<String>) {
        let (ss, _) = self.sentence();
        let q = self.q();
        let chars = self.chars();
        let doc_year = self.doc_year();
        let before = periods_in(chars, ss, q.start);
        let mut period: Option<String> = None;
        let mut year: Option<YearRef> = None;
        let mut year_text = String::new();
        // The nearest time expression decides; one that gives only a sub-year
        // period (1-8月) leaves the year to an earlier one.
        for p in before.iter().rev() {
            if period.is_none() && year.is_none() {
                period = p.period.clone();
            }
            if p.year != YearRef::Unknown {
                year = Some(p.year);
                year_text = p.text.clone();
                break;
            }
        }
        // A sub-year period with no year of its own (1-8月) is of the document's year.
        let sub_year_only = year.is_none()
            && before
                .iter()
                .any(|p| p.year == YearRef::Unknown && p.period.is_some());
        if year.is_none() && !sub_year_only {
            // The nearest earlier sentence of the paragraph that names a year.
            let sentences = &self.doc.segments.sentences;
            let para = sentences[self.sentence_index].paragraph;
            for k in (0..self.sentence_index).rev() {
                if sentences[k].paragraph != para {
                    break;
                }
                // 今年, 全年, 年底 speak for their own sentence only.
                let found = periods_in(chars, sentences[k].start, sentences[k].end)
                    .into_iter()
                    .rev()
                    .find(|p| p.year != YearRef::Unknown && p.year != YearRef::Offset(0));
                if let Some(p) = found {
                    year = Some(p.year);
                    if period.is_none() && p.period.as_deref() == Some("multi-year") {
                        period = p.period.clone();
                    }
                    year_text = format!("{} (earlier in the paragraph)", p.text);
                    break;
                }
            }
        }
        if year.is_none() {
            for h in self.headings() {
                let hc: Vec<char> = h.chars().collect();
                if let Some(p) = periods_in(&hc, 0, hc.len())
                    .into_iter()
                    .find(|p| matches!(p.year, YearRef::Absolute(_)))
                {
                    year = Some(p.year);
                    year_text = format!("{} (heading)", p.text);
                    break;
                }
            }
        }
        let cs = self.clause_start();
        if period.is_none()
            && chars[cs..q.start]
                .iter()
                .collect::<String>()
                .contains("累计")
        {
            period = Some("cumulative".into());
        }
        let resolved = match year {
            Some(YearRef::Absolute(y)) => Some(y),
            Some(YearRef::Offset(o)) => doc_year.map(|d| d + o),
            Some(YearRef::Open) => None,
            // A goal with no year: the document's year while the year is young
            // (a plan or a mid-year review), open-ended in a document from its
            // second half, which looks beyond the year.
            Some(YearRef::Unknown) | None
                if status == "target" && self.month().is_some_and(|m| m > 6) =>
            {
                year_text =
                    "a goal with no year, in a document from the second half of its year".into();
                None
            }
            Some(YearRef::Unknown) | None => {
                year_text = "the document's year".into();
                doc_year
            }
        };
        // The old value of a change (从3个扩展至43个, 由150元调整为300元) has no known year.
        let resolved = if self.is_from_value() {
            year_text = "the old value of a change (从/由 … 至/为)".into();
            None
        } else {
            resolved
        };
        // A multi-year figure that is a goal has no single year unless one is written.
        let resolved = if status == "target"
            && period.as_deref() == Some("multi-year")
            && !matches!(year, Some(YearRef::Absolute(_)))
        {
            None
        } else {
            resolved
        };
        ev.push(format!(
            "period_year={} ({year_text})",
            resolved.map(|y| y.to_string()).unwrap_or("null".into())
        ));
        if let Some(p) = &period {
            ev.push(format!("period={p}"));
        }
        (resolved, period)
    }

    pub fn region(&self, ev: &mut Vec<String>) -> Option<String> {
        let chars = self.chars();
        // The entity the number's own clause is about (1-8月,郑州机场旅客吞吐量…).
        if let Some(e) = self.entity_at(self.clause_start(), self.q().start) {
            ev.push(format!("region={e} (entity opening the clause)"));
            return Some(e);
        }
        // The subject carries through the sentence until another is named.
        if let Some(prev) = self.previous.last() {
            if prev.region != self.doc.meta.region {
                ev.push("region=as the previous number of the sentence".into());
                return prev.region.clone();
            }
        }
        // A sentence whose subject is elided (累计开通客运航线192条) goes on
        // about the entity the previous sentence of the paragraph named.
        if let Some(e) = self.entity_of_previous_sentence() {
            ev.push(format!(
                "region={e} (subject carried from the previous sentence)"
            ));
            return Some(e);
        }
        // A paragraph that opens with 关于X is about X.
        let (ps, pe) = self.paragraph_first_sentence();
        if starts_with_at(chars, ps, "关于") {
            let end = (ps..pe)
                .find(|&i| is_clause_delimiter(chars[i]))
                .unwrap_or(pe);
            if let Some(e) = self.entity_at(ps, end) {
                ev.push(format!("region={e} (the paragraph is about it)"));
                return Some(e);
            }
        }
        ev.push("region=the document's region".into());
        self.doc.meta.region.clone()
    }

    /// The entity named by the previous sentence of the paragraph, when this
    /// sentence opens with a verb (its subject elided).
    fn entity_of_previous_sentence(&self) -> Option<String> {
        let sentences = &self.doc.segments.sentences;
        let k = self.sentence_index.checked_sub(1)?;
        let (cur, prev) = (&sentences[self.sentence_index], &sentences[k]);
        if prev.paragraph != cur.paragraph {
            return None;
        }
        let chars = self.chars();
        let cues = &self.doc.rules.cues;
        let mut i = cur.start;
        while let Some(w) = crate::text::match_any(chars, i, &cues.indicator_strip_prefix) {
            // 全市新增…: the sentence names the whole region again.
            if WHOLE_REGION.contains(&w) {
                return None;
            }
            i += w.chars().count();
        }
        crate::text::match_any(chars, i, &cues.counting_verbs)?;
        (prev.start..prev.end)
            .rev()
            .filter(|&j| j == prev.start || is_clause_delimiter(chars[j - 1]))
            .find_map(|j| {
                let end = (j..prev.end)
                    .find(|&x| is_clause_delimiter(chars[x]))
                    .unwrap_or(prev.end);
                self.entity_at(j, end)
            })
    }

    /// A named entity (郑州机场, 中原科技城, 金水区) opening `chars[i..end]`, after time words and lead words.
    fn entity_at(&self, mut i: usize, end: usize) -> Option<String> {
        let chars = self.chars();
        let rules = self.doc.rules;
        loop {
            let text: String = chars[i..end].iter().collect();
            let time = PERIOD
                .find(&text)
                .filter(|m| m.start() == 0)
                .map(|m| m.as_str().chars().count());
            let lead = rules
                .entity_lead_words
                .iter()
                .chain(rules.cues.indicator_strip_prefix.iter())
                .chain(rules.cues.counting_verbs.iter())
                .find(|w| starts_with_at(chars, i, w))
                .map(|w| w.chars().count());
            match time.or(lead) {
                Some(n) if n > 0 && i + n < end => i += n,
                _ => break,
            }
            while i < end && matches!(chars[i], ',' | ' ' | '、') {
                i += 1;
            }
        }
        let max_suffix = rules
            .entity_suffixes
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0);
        let window: Vec<char> =
            chars[i..end.min(i + rules.entity_max_prefix + max_suffix)].to_vec();
        let mut best: Option<String> = None;
        for suffix in &rules.entity_suffixes {
            let n = suffix.chars().count();
            for stop in (n + 1..=window.len()).rev() {
                if window[..stop]
                    .iter()
                    .collect::<String>()
                    .ends_with(suffix.as_str())
                    && stop - n <= rules.entity_max_prefix
                    && window[..stop].iter().all(|c| crate::text::is_han(*c))
                    && best.as_ref().is_none_or(|b| stop > b.chars().count())
                {
                    best = Some(window[..stop].iter().collect());
                }
            }
        }
        if best.is_none() {
            let text: String = window.iter().collect();
            if let Some(p) = crate::rules::gazetteer::place_at_start(&text) {
                if Some(&p) != self.doc.meta.region.as_ref() {
                    return Some(p);
                }
            }
        }
        best
    }
}

fn static_qualifier(q: &str) -> &'static str {
    match q {
        "approx" => "approx",
        "gte" => "gte",
        "gt" => "gt",
        "lte" => "lte",
        "lt" => "lt",
        "range" => "range",
        _ => "exact",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_read() {
        let c: Vec<char> = "坚持以技术改造推进新型工业化,近三年累计实施技术改造项目1600余个"
            .chars()
            .collect();
        let p = periods_in(&c, 0, c.len());
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].year, YearRef::Offset(-1));
        let c: Vec<char> = "坚持以技术改造推进新型工业化,近三年累计实施技术改造项目1600余个,各级财政累计投入技术改造资金超20亿元,高技术制造业增加值年均增速近18%。".chars().collect();
        let p = periods_in(&c, 0, c.len());
        assert_eq!(p[0].year, YearRef::Offset(-1), "{p:?}");
        let c: Vec<char> = "1-8月,郑州机场旅客吞吐量".chars().collect();
        assert_eq!(
            periods_in(&c, 0, c.len())[0].period.as_deref(),
            Some("M01-M08")
        );
        let c: Vec<char> = "今年上半年增速为12%".chars().collect();
        let p = periods_in(&c, 0, c.len());
        assert_eq!(
            (p[0].year, p[0].period.as_deref()),
            (YearRef::Offset(0), Some("H1"))
        );
    }
}
