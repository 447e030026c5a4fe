//! The fields of a record that come from its surroundings: kind, sign and
//! qualifier from the words next to the number; status and period from the
//! clause, the sentence, the paragraph and the section; region from the
//! document and the entity the clause is about.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use super::document::Doc;
use super::number::Quantity;
use super::Evidence;
use crate::dataset::rows::Record;
use crate::rules::DocType;
use crate::rules::SpecialKind;
use crate::stages::segment::{Frame, Mood};
use crate::stages::time::{self, time_at_start, time_exprs, Role, TimeExpr, TimeIndex, YearRef};
use crate::text::{match_any_before, starts_with_at, Words};

/// The most characters between two figures of a list: a qualifier word
/// (及以上) and the joiner.
const MAX_QUALIFIER_GAP: usize = 4;

/// The surroundings of one quantity.
pub struct Context<'a> {
    pub doc: &'a Doc<'a>,
    pub sentence_index: usize,
    pub quantities: &'a [Quantity],
    /// Which of `quantities` are records (the others are dates, labels…).
    pub is_record: &'a [bool],
    /// Why each of `quantities` that is no record is skipped (`label`, `date`…).
    pub skip_reasons: &'a [Option<&'static str>],
    pub index: usize,
    /// Records already made from earlier numbers of the same sentence.
    pub previous: &'a [Record],
    /// The document's last record before the sentence.
    pub earlier: Option<&'a Record>,
    /// Whether that record stands in the sentence's paragraph.
    pub earlier_in_paragraph: bool,
    /// What the document's numerals share, found once.
    pub memo: &'a Memo,
}

/// What every numeral of a document would otherwise work out again, filled
/// as they ask: the time expressions of each sentence (those of a stretch
/// inside it are read from them, see [`TimeIndex::within`]), the first
/// sentence of each paragraph, and what each heading says of time and status.
pub struct Memo {
    times: Vec<OnceCell<TimeIndex>>,
    first_sentence: Vec<Option<usize>>,
    heading_year: Vec<OnceCell<Option<(i32, String)>>>,
    heading_status: Vec<OnceCell<Option<(&'static str, String)>>>,
    /// What the first sentence of each paragraph says of its time.
    opening: Vec<OnceCell<Opening>>,
    /// For each paragraph, the earlier one whose opening time it goes on with.
    carried_from: Vec<OnceCell<Option<usize>>>,
    /// Candidate names already stripped (`indicator::strip`), by whether the
    /// number is a rank and the text stripped.
    stripped: RefCell<HashMap<StripKey, Vec<char>, BuildHasherDefault<CharsHasher>>>,
    share_word: OnceCell<&'static str>,
}

/// The hasher of the stripped-name memo: one multiply per character. Its
/// keys are short texts of the document itself, so nothing calls for SipHash,
/// which spends a full round on each character (they are hashed one by one).
#[derive(Default)]
struct CharsHasher(u64);

impl CharsHasher {
    fn add(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for CharsHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A stripped name's key: whether the number is a rank, and the text stripped.
type StripKey = (bool, Vec<char>);

impl Memo {
    pub fn new(doc: &Doc) -> Self {
        let segs = doc.segments;
        let mut first_sentence = vec![None; segs.paragraphs.len()];
        for (k, s) in segs.sentences.iter().enumerate() {
            first_sentence[s.paragraph].get_or_insert(k);
        }
        let n = segs.paragraphs.len();
        Memo {
            times: (0..segs.sentences.len()).map(|_| OnceCell::new()).collect(),
            first_sentence,
            heading_year: (0..n).map(|_| OnceCell::new()).collect(),
            heading_status: (0..n).map(|_| OnceCell::new()).collect(),
            opening: (0..n).map(|_| OnceCell::new()).collect(),
            carried_from: (0..n).map(|_| OnceCell::new()).collect(),
            stripped: RefCell::new(HashMap::default()),
            share_word: OnceCell::new(),
        }
    }

    /// The word the document writes its shares with after 占 (比重, 比率 or
    /// 比例): the one it writes most, 比重 when it writes none.
    pub fn share_word(&self, doc: &Doc) -> &'static str {
        self.share_word.get_or_init(|| {
            let mut counts = [("比重", 0), ("比率", 0), ("比例", 0)];
            // (A match ends with its word, or starts with it before 占: no groups asked for.)
            for m in SHARE_WORD.find_iter(&doc.cleaned.text) {
                let m = m.as_str();
                if let Some(n) = counts
                    .iter_mut()
                    .find(|(w, _)| m.ends_with(w) || m.starts_with(w))
                {
                    n.1 += 1;
                }
            }
            // (The first of the most written: 比重 on a tie.)
            let most = counts.iter().map(|c| c.1).max().unwrap_or(0);
            counts.iter().find(|c| c.1 == most).map_or("比重", |c| c.0)
        })
    }

    /// `strip(text)` for a rank or not, worked out once per document.
    pub fn stripped(
        &self,
        rank: bool,
        text: Vec<char>,
        strip: impl FnOnce(Vec<char>) -> Vec<char>,
    ) -> Vec<char> {
        let key = (rank, text);
        if let Some(done) = self.stripped.borrow().get(&key) {
            return done.clone();
        }
        let done = strip(key.1.clone());
        self.stripped.borrow_mut().insert(key, done.clone());
        done
    }
}

/// Time expressions in `chars[from..to]` that can give a figure its time:
/// every one but comparison bases (比上年, 较2010年).
fn periods_in(chars: &[char], from: usize, to: usize) -> Vec<TimeExpr> {
    time_exprs(chars, from, to)
        .into_iter()
        .filter(|e| e.role != Role::Base)
        .collect()
}

/// A year written in digits (the base of a comparison, 比2010年).
static YEAR_IN: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"(?:19|20)\d\d").unwrap());

/// A share's word after its whole (占规上工业的比重) or before its 占
/// (公共开支比率占本地生产总值, as Hong Kong writes it).
static SHARE_WORD: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"占[^，。,；;：:]{1,20}?(比重|比率|比例)|(比重|比率|比例)占").unwrap()
});

/// A month written alone before a figure (7月失业率为3.36%), not a day (7月5日)
/// nor a deadline (7月底).
static MONTH_ALONE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?:^|[^\d])(\d{1,2})月(?:份)?(?:$|[^日号\d底初中上下旬前])").unwrap()
});

/// A value it is above or below, at another time (高于第二季的3.1%, 低于上年同期的
/// 5.2个百分点): of the measure before it, as 较上年的 is.
static ABOVE_OR_BELOW_THAT_OF: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"^[,，、]?(?:略|稍|明显)?(?:高于|低于|快于|慢于|好于|优于)[^，,；;。占]{1,10}的$",
    )
    .unwrap()
});

/// Words between 由/从 and an old value: 由目前约20公里, 从原来的5个.
static FROM_FILLERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ["目前", "现在", "原来", "原", "现", "约", "的"]
        .map(String::from)
        .to_vec()
});

/// Words that name the document's whole region (全市新增…).
pub(super) const WHOLE_REGION: [&str; 11] = [
    "全市", "全省", "全区", "全县", "全州", "全疆", "全镇", "全乡", "全旗", "全盟", "全国",
];

/// What stands between two numbers of one list: 113%、220%和148%.
pub fn is_list_joiner(c: char) -> bool {
    matches!(c, '、' | '和' | '及' | '与')
}

/// Words for the whole of a year: in a section they mean the section's year.
const WHOLE_YEAR_WORDS: [&str; 5] = ["全年", "当年", "年内", "本年", "年底"];

/// Whether `e` is the day of the document (今日, 今天).
fn is_today(e: &TimeExpr) -> bool {
    e.year == YearRef::Offset(0) && e.text.ends_with(['日', '天'])
}

fn is_whole_year(e: &TimeExpr) -> bool {
    e.year == YearRef::Offset(0) && WHOLE_YEAR_WORDS.iter().any(|w| e.text.starts_with(w))
}

/// The comparison frames (the naming rules' `comparison_patterns`: 比上年同期,
/// 是2010年的) that end `text`, one per pattern that has one.
fn comparisons_ending<'a>(
    patterns: &'a [regex::Regex],
    text: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    patterns.iter().filter_map(move |re| {
        re.find_iter(text)
            .find(|m| m.end() == text.len())
            .map(|m| m.as_str())
    })
}

/// The length of a conversion at a stated rate that opens `text`
/// (按年平均汇率折算约1.2万美元 → 按年平均汇率折算).
fn at_a_rate(text: &[char]) -> Option<usize> {
    if text.first() != Some(&'按') {
        return None;
    }
    (1..text.len().saturating_sub(1))
        .find(|&k| text[k] == '折' && text[k + 1] == '算')
        .map(|k| k + 2)
}

pub(super) fn is_clause_delimiter(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '。' | '!' | '?' | '\n')
}

impl<'a> Context<'a> {
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

    pub fn kind(&self, indicator: Option<&str>, ev: &mut Evidence) -> (&'static str, bool) {
        let q = self.q();
        let cues = &self.doc.rules.cues;
        if q.rank_word
            || q.rank_suffix.is_some()
            || matches!(q.prefix.as_deref(), Some("第" | "前"))
        {
            ev.push("kind=rank expression");
            return ("rank", false);
        }
        if let Some(prev) = self.restated() {
            let kind = match prev.kind.as_str() {
                "change" => "change",
                "ratio" => "ratio",
                _ => "level",
            };
            ev.push(format_args!("kind={kind} (restates {})", prev.value_text));
            return (kind, prev.value < 0.0);
        }
        let special = q.special.as_ref().map(|s| s.1);
        // 每千人口拥有托位数4.8个: a count per head of population is an intensity.
        if let Some(w) =
            indicator.and_then(|i| cues.per_capita.iter().find(|w| i.contains(w.as_str())))
        {
            if special.is_none() {
                ev.push(format_args!("kind=ratio (per capita: {w})"));
                return ("ratio", false);
            }
        }
        let Some(special) = special else {
            ev.push("kind=level (a unit of amount)");
            return ("level", false);
        };
        if special == SpecialKind::Points {
            let down = self.change_verb(&cues.change_down).is_some() || self.below_base();
            ev.push("kind=change (个百分点)");
            return ("change", down);
        }
        if let Some(w) = self.change_verb(&cues.change_down) {
            ev.push(format_args!("kind=change, negative (cue {w})"));
            return ("change", true);
        }
        if let Some(w) = self.change_verb(&cues.change_up) {
            ev.push(format_args!("kind=change (cue {w})"));
            return ("change", false);
        }
        if let Some((w, down)) = self.change_noun_after() {
            ev.push(format_args!(
                "kind=change (the number is of the {w} after it)"
            ));
            return ("change", down);
        }
        // 国内生产总值增长预期目标为5%左右: the goal for a change is a change.
        let without_goal = |i| {
            cues.goal_words
                .iter()
                .find_map(|g| str::strip_suffix(i, g.as_str()))
                .unwrap_or(i)
        };
        if let Some(w) = indicator
            .map(without_goal)
            .and_then(|i| cues.change_words.iter().find(|w| i.ends_with(w.as_str())))
        {
            ev.push(format_args!("kind=change (indicator ends with {w})"));
            return ("change", false);
        }
        // 把全年的经济增长预测收窄至2.5%: a forecast of growth in the clause
        // is a change, though the name keeps neither word.
        if special == SpecialKind::Percent {
            if let Some(w) = self.growth_goal_before() {
                ev.push(format_args!("kind=change (a goal for a change: {w})"));
                return ("change", false);
            }
        }
        // 是2010年的2.6倍: a multiple of an earlier period's value is a change.
        if special == SpecialKind::Times {
            if let Some(base) = self.comparison_base() {
                ev.push(format_args!("kind=change (times the base {base})"));
                return ("change", false);
            }
        }
        // 经济增长预测收窄至2.5%，之前公布的预测为2.5%至3.5%: the same measure
        // as the change before it, in its unit, is a change too, and so is its
        // value at the time it is compared with (增长5.9%，较第一季的11.6%有所放缓).
        // (Not a share of it: 产量增长31.2%、占全国44%, 恢复至2019年同期的86.6%.)
        let last_end = (0..self.index)
            .rev()
            .find(|&k| self.is_record[k])
            .map_or(q.start, |k| self.quantities[k].end.min(q.start));
        let same_as_change_before = self.previous.last().is_some_and(|r| {
            let between = self.doc.cleaned.str(last_end, q.start);
            r.kind == "change"
                && r.indicator.as_deref() == indicator
                && r.unit == q.unit()
                && (!between.ends_with('的')
                    || self.compared_with(between)
                    || ABOVE_OR_BELOW_THAT_OF.is_match(between))
                && !self
                    .doc
                    .rules
                    .cues
                    .share_verbs
                    .iter()
                    .any(|v| between.contains(v.as_str()))
        });
        if same_as_change_before && indicator.is_some() {
            ev.push("kind=change (the measure of the change before, in its unit)");
            return ("change", false);
        }
        ev.push("kind=ratio (a share with no change verb)");
        ("ratio", false)
    }

    /// The figure right before this one that it restates, named and measured
    /// as it (`stretch_words` in the rules): a stretch goal in the same unit
    /// (增长7%以上、力争达到8%) or the amount in another currency
    /// (175亿美元左右、约合1243亿元人民币).
    pub fn restated(&self) -> Option<&'a Record> {
        use crate::text::match_any;
        let k = self.index.checked_sub(1)?;
        let prev = self.previous.last().filter(|_| self.is_record[k])?;
        let cues = &self.doc.rules.cues;
        let chars = self.chars();
        let (i, end) = (self.quantities[k].end, self.q().start);
        // (The longest such stretch: 以上、力争达到 and 人民币, about ten characters.)
        if end - i > 12 {
            return None;
        }
        let mut i = self.past_qualifier(i);
        if !chars
            .get(i)
            .is_some_and(|c| matches!(c, '、' | ',' | '，' | ';' | '；' | '('))
        {
            return None;
        }
        i += 1;
        let stretch = match_any(chars, i, &cues.stretch_words);
        i += stretch
            .or_else(|| match_any(chars, i, &cues.conversion_words))
            .map(|w| w.chars().count())
            .or_else(|| at_a_rate(&chars[i..end]))?;
        while i < end {
            i += match_any(chars, i, &cues.restating_links)?.chars().count();
        }
        let unit = self.q().unit();
        let currency = |u: &Option<String>| u.as_deref().is_some_and(|u| u.ends_with('元'));
        let alike = match stretch {
            Some(_) => unit == prev.unit,
            None => currency(&unit) && currency(&prev.unit),
        };
        (i == end && alike).then_some(prev)
    }

    /// 年均增长12.1%, 年平均减少383万吨: a change by year on average, over a
    /// span (not 年均浓度, a year's average), between `cs` and the number.
    fn average_annual_change(&self, cs: usize) -> bool {
        let lead = self.doc.cleaned.str(cs, self.q().start);
        if !lead.contains("年均") && !lead.contains("年平均") {
            return false;
        }
        let chars = self.chars();
        let cues = &self.doc.rules.cues;
        (cs..self.q().start).any(|i| {
            let after = ["年均", "年平均"]
                .iter()
                .find(|w| starts_with_at(chars, i, w) && !closes_one_year(chars, i))
                .map(|w| i + w.chars().count());
            after.is_some_and(|j| {
                cues.change_up.at(chars, j).is_some() || cues.change_down.at(chars, j).is_some()
            })
        })
    }

    /// The year of a comparison (比2010年, 是2010年的) between the clause's
    /// start `cs` and the number.
    fn compared_with_year(&self, cs: usize) -> Option<i32> {
        let text = self.doc.cleaned.str(cs, self.q().start);
        let names = &self.doc.rules.names;
        let m = names
            .comparison_patterns
            .iter()
            .find_map(|re| re.find(text))?;
        YEAR_IN.find(m.as_str())?.as_str().parse().ok()
    }

    /// A comparison frame with a time base ending right before the number
    /// (是2010年的, 比上年), as the naming rules write them.
    fn comparison_base(&self) -> Option<String> {
        // (分别是2015年的1.4倍和1.6倍: a list's later items share its head's base.)
        let head = &self.quantities[self.list_head()];
        let text: String = self.chars()[self.clause_start().min(head.start)..head.start]
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
        let patterns = &self.doc.rules.names.comparison_patterns;
        let base = comparisons_ending(patterns, text)
            .next()
            .map(str::to_string);
        base
    }

    /// Whether `text` ends with a comparison with a time before (比上半年的,
    /// 较第一季的), not a share of one (恢复至2019年同期的).
    fn compared_with(&self, text: &str) -> bool {
        let patterns = &self.doc.rules.names.comparison_patterns;
        let compared = comparisons_ending(patterns, text).any(|m| m.starts_with(['比', '较']));
        compared
    }

    /// 增速比上年同期低1.1个百分点: a rate below (低, 慢) its value at a time
    /// before has fallen. (比全省低 is a gap to a place, named 低于全省.)
    fn below_base(&self) -> bool {
        let chars = self.chars();
        let cs = self.clause_start();
        let at = self.q().start;
        if at <= cs || !matches!(chars[at - 1], '低' | '慢') {
            return false;
        }
        let text: String = chars[cs..at - 1].iter().collect();
        self.compared_with(&text)
    }

    /// A change verb right before the number (qualifier words and 了/的 may stand between).
    fn change_verb<'r>(&self, words: &'r Words) -> Option<&'r str> {
        let chars = self.chars();
        let cs = self.clause_start();
        let mut end = self.q().start;
        let quals = &self.doc.rules.qualifier_before_words;
        for _ in 0..3 {
            if let Some(w) = words.before(&chars[cs..], end - cs) {
                return Some(w);
            }
            let between = quals.before(&chars[cs..], end - cs).or_else(|| {
                self.doc
                    .rules
                    .cues
                    .change_links
                    .before(&chars[cs..], end - cs)
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

    /// Where the text goes on after the qualifier word written at `i`, if
    /// any (以上, 左右 after a number).
    fn past_qualifier(&self, i: usize) -> usize {
        let chars = self.chars();
        let qualifier = self
            .doc
            .rules
            .cues
            .qualifier_after
            .iter()
            .find_map(|c| crate::text::match_any(chars, i, &c.words));
        i + qualifier.map_or(0, |w| w.chars().count())
    }

    /// A change word followed by a goal word (增长预测, 增速目标) in the clause
    /// before the number: the words.
    fn growth_goal_before(&self) -> Option<String> {
        let cues = &self.doc.rules.cues;
        let clause = &self.chars()[self.clause_start()..self.q().start];
        (1..clause.len()).find_map(|i| {
            let goal = crate::text::match_any(clause, i, &cues.goal_words)?;
            let change = crate::text::match_any_before(clause, i, &cues.change_words)?;
            Some(format!("{change}{goal}"))
        })
    }

    /// A change written after its size (保持40%以上增长、…, 实现10%的增长,
    /// 5%的降幅): the change word, closing its item, and whether it falls.
    fn change_noun_after(&self) -> Option<(&str, bool)> {
        let chars = self.chars();
        let cues = &self.doc.rules.cues;
        let mut i = self.past_qualifier(self.q().end);
        if chars.get(i) == Some(&'的') {
            i += 1;
        }
        let (w, down) = match cues.change_down.at(chars, i) {
            Some(w) => (w, true),
            None => (cues.change_up.at(chars, i)?, false),
        };
        let end = i + w.chars().count();
        // (以5.7%的增速居中部第一: a rank of the change may follow it.)
        let closes = chars
            .get(end)
            .is_none_or(|c| is_clause_delimiter(*c) || is_list_joiner(*c))
            || crate::text::match_any(chars, end, &cues.rank_context).is_some();
        // (3.2%的增幅有所放缓: a rate's noun after 的 is the rate, whatever follows.)
        let rate_noun = chars.get(i.wrapping_sub(1)) == Some(&'的')
            && crate::text::match_any(chars, i, &cues.change_words).is_some();
        (w.chars().count() >= 2 && (closes || rate_noun)).then_some((w, down))
    }

    /// Index of the first quantity of a 、-list that ends at this one.
    pub fn list_head(&self) -> usize {
        let mut k = self.index;
        while k > 0 && self.joined_to_next(k - 1) {
            k -= 1;
        }
        k
    }

    /// How many quantities the 、-list that opens at quantity `head` holds.
    pub fn list_len(&self, head: usize) -> usize {
        let mut n = head;
        while self.joined_to_next(n) {
            n += 1;
        }
        n - head + 1
    }

    /// Is quantity `k` joined to the next one by a single list joiner (a、b),
    /// past a qualifier of its own (增长3.5%以上、7%左右)?
    fn joined_to_next(&self, k: usize) -> bool {
        let cur = &self.quantities[k];
        let Some(next) = self.quantities.get(k + 1) else {
            return false;
        };
        let chars = self.chars();
        // (The gap is a joiner alone, or a qualifier word and the joiner.)
        let joined_at = |at: usize| at + 1 == next.start && is_list_joiner(chars[at]);
        next.start > cur.end
            && (joined_at(cur.end)
                || next.start - cur.end <= MAX_QUALIFIER_GAP
                    && self
                        .doc
                        .rules
                        .cues
                        .qualifier_after
                        .iter()
                        .flat_map(|c| &c.words)
                        .any(|w| {
                            starts_with_at(chars, cur.end, w)
                                && joined_at(cur.end + w.chars().count())
                        }))
    }

    pub fn qualifier(&self, ev: &mut Evidence) -> &'static str {
        let q = self.q();
        let chars = self.chars();
        let cues = &self.doc.rules.cues;
        if q.value_max.is_some() {
            ev.push("qualifier=range");
            return "range";
        }
        if let Some(w) = &q.inside_qualifier {
            ev.push(format_args!("qualifier=gt (inside {w})"));
            return "gt";
        }
        for c in &cues.qualifier_after {
            if let Some(w) = c.words.iter().find(|w| starts_with_at(chars, q.end, w)) {
                ev.push(format_args!("qualifier={} (after {w})", c.qualifier));
                return static_qualifier(&c.qualifier);
            }
        }
        if let Some((qual, w)) = self.list_tail_qualifier() {
            ev.push(format_args!(
                "qualifier={qual} (after {w}, ending the list)"
            ));
            return qual;
        }
        let cs = self.clause_start();
        // (出超215.5亿美元: the noun's 超 is no qualifier.)
        let names = &self.doc.rules.names;
        let before = &chars[cs..q.start];
        let noun = names.ends_with_qualifier_noun(before) || names.ends_with_kept_word(before);
        for c in cues.qualifier_before.iter().filter(|_| !noun) {
            if let Some(w) = match_any_before(&chars[cs..], q.start - cs, &c.words) {
                ev.push(format_args!("qualifier={} (before {w})", c.qualifier));
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
                    ev.push(format_args!("qualifier={} (before {w}…占)", c.qualifier));
                    return static_qualifier(&c.qualifier);
                }
            }
        }
        ev.push("qualifier=exact");
        "exact"
    }

    /// 分别增长5%、6.5%左右, 分别控制在5%和2%以内: a qualifier after the last member
    /// of a list of like figures, joined by 、和及与 alone, holds for every member.
    fn list_tail_qualifier(&self) -> Option<(&'static str, String)> {
        let chars = self.chars();
        let cues = &self.doc.rules.cues;
        let joined = |a: &Quantity, b: &Quantity| {
            b.start == a.end + 1
                && is_list_joiner(chars[a.end])
                && a.base == b.base
                && a.multiplier.as_ref().map(|m| &m.0) == b.multiplier.as_ref().map(|m| &m.0)
                && a.special.as_ref().map(|s| &s.0) == b.special.as_ref().map(|s| &s.0)
        };
        let mut k = self.index;
        while let Some(next) = self.quantities.get(k + 1) {
            if !joined(&self.quantities[k], next) {
                return None;
            }
            for c in &cues.qualifier_after {
                if let Some(w) = c.words.iter().find(|w| starts_with_at(chars, next.end, w)) {
                    let last = self
                        .quantities
                        .get(k + 2)
                        .is_none_or(|after| after.start != next.end + w.chars().count() + 1);
                    return last.then(|| (static_qualifier(&c.qualifier), w.clone()));
                }
            }
            k += 1;
        }
        None
    }

    /// The nearest status cue before the number in `chars[from..to]`.
    fn status_cue<'r>(&'r self, from: usize, to: usize) -> Option<(&'static str, String)> {
        let chars = self.chars();
        let cues = &self.doc.rules.cues;
        let mut i = to;
        // The first cue of a list (in list order) that starts at `i` and ends by `to`.
        let cue_at = |words: &'r Words, i: usize| {
            words.all_at(chars, i).find(|w| i + w.chars().count() <= to)
        };
        while i > from {
            i -= 1;
            if let Some(w) = cue_at(&cues.actual_cues, i) {
                // 少于去年, 比上年: a year compared with says nothing of the figure's status.
                let compared = i > 0 && matches!(chars[i - 1], '于' | '比' | '较' | '同' | '与');
                if !compared {
                    return Some(("actual", w.to_string()));
                }
            }
            if let Some(w) = cue_at(&cues.target_cues, i) {
                // 基本符合预期: a target cue that ends an actual cue is that cue.
                let end = i + w.chars().count();
                if let Some(a) = cues.actual_cues.iter().find(|a| {
                    let n = a.chars().count();
                    a.len() > w.len()
                        && a.ends_with(w)
                        && end >= from + n
                        && starts_with_at(chars, end - n, a)
                }) {
                    return Some(("actual", a.clone()));
                }
                // 完成全年目标的58.3%: the target is the base of a share of
                // what is done, no cue of the figure's own status (nor of the
                // paragraph's, read up to a later figure).
                let share_follows =
                    end + 1 >= to || chars.get(end + 1).is_some_and(char::is_ascii_digit);
                if chars.get(end) == Some(&'的') && share_follows {
                    continue;
                }
                if cues.weak_target_cues.iter().any(|c| c == w) {
                    let after = i + w.chars().count();
                    if !cues
                        .weak_target_after
                        .iter()
                        .any(|a| starts_with_at(chars, after, a))
                    {
                        continue;
                    }
                }
                return Some(("target", w.to_string()));
            }
        }
        None
    }

    /// [`periods_in`] for `chars[from..to]` inside sentence `k`, read from
    /// the sentence's time expressions.
    fn periods(&self, k: usize, from: usize, to: usize) -> Vec<TimeExpr> {
        let chars = self.chars();
        let s = &self.doc.segments.sentences[k];
        self.memo.times[k]
            .get_or_init(|| {
                TimeIndex::new(self.doc.cleaned.str(s.start, s.end), chars, s.start, s.end)
            })
            .within(chars, from, to)
            .into_iter()
            .filter(|e| e.role != Role::Base || self.is_base_value_of(e))
            .collect()
    }

    /// 较2023年同月的3,928亿元上升9.4%: the level right after the base of a
    /// comparison is the base's value, of its time (not 恢复至2019年同期的86.6%,
    /// a share of it). After 较 or 比 a rate is too (较第二季3.2%的增幅有所放缓,
    /// 较六月至八月的3.0%上升).
    fn is_base_value_of(&self, e: &TimeExpr) -> bool {
        let q = self.q();
        let chars = self.chars();
        let Some(between) = chars.get(e.end..q.start) else {
            return false;
        };
        let between = crate::text::string_of(between);
        let compared = matches!(chars.get(e.start.wrapping_sub(1)), Some('较' | '比'));
        let of_base = ["的", "同月的", "同期的", "同季的"].contains(&between.as_str());
        (q.special.is_none() || compared) && of_base || compared && between.is_empty()
    }

    /// The first absolute year heading `h` names (一、2024年工作回顾), with its words.
    fn year_of_heading(&self, h: usize) -> Option<&(i32, String)> {
        self.memo.heading_year[h]
            .get_or_init(|| {
                let p = &self.doc.segments.paragraphs[h];
                periods_in(self.chars(), p.start, p.end)
                    .into_iter()
                    .find_map(|e| match e.year {
                        YearRef::Absolute(y) => Some((y, e.text)),
                        _ => None,
                    })
            })
            .as_ref()
    }

    /// The status heading `h` gives by its words (…目标 a target, …回顾 actual), with the word.
    fn status_of_heading(&self, h: usize) -> Option<&(&'static str, String)> {
        self.memo.heading_status[h]
            .get_or_init(|| {
                let cues = &self.doc.rules.cues;
                let text = self.paragraph_text(h);
                let has =
                    |words: &[String]| words.iter().find(|w| text.contains(w.as_str())).cloned();
                has(&cues.target_headings)
                    .map(|w| ("target", w))
                    .or_else(|| has(&cues.actual_headings).map(|w| ("actual", w)))
            })
            .as_ref()
    }

    /// The headings in force for the number's paragraph, innermost first.
    fn headings(&self) -> impl Iterator<Item = usize> + '_ {
        let p = self.doc.segments.sentences[self.sentence_index].paragraph;
        self.doc.segments.paragraphs[p]
            .sections
            .iter()
            .rev()
            .copied()
    }

    fn doc_year(&self) -> Option<i32> {
        self.doc.meta.year
    }

    /// Where the number's item of the sentence starts: the sentence start, or
    /// the last enumeration marker before the number (…,二是推进…): time words
    /// of an earlier item do not reach into the next.
    fn item_start(&self) -> usize {
        let (ss, _) = self.sentence();
        let chars = self.chars();
        let q = self.q();
        (ss + 1..q.start)
            .rev()
            .find(|&i| {
                is_clause_delimiter(chars[i - 1])
                    && super::number::chinese_value(&chars[i..i + 1]).is_some()
                    && chars.get(i + 1) == Some(&'是')
            })
            .unwrap_or(ss)
    }

    /// The time that opens the sentence the number's sentence details (其中,…
    /// after 一季度,全市…增长5.6%), going back over sentences that detail too,
    /// within the paragraph. Only a time with a finer period than the year.
    fn time_detailed(&self) -> Option<TimeExpr> {
        let sentences = &self.doc.segments.sentences;
        let para = sentences[self.sentence_index].paragraph;
        let details = |k: usize| {
            let s = &sentences[k];
            let text = self.doc.cleaned.str(s.start, s.end);
            // (同期,…: the same time as the sentence before.)
            text.trim_start().starts_with("其中") || text.trim_start().starts_with("同期")
        };
        let mut k = self.sentence_index;
        while details(k) && k > 0 && sentences[k - 1].paragraph == para {
            k -= 1;
            let s = &sentences[k];
            let times = self.periods(k, s.start, s.end);
            let Some(at) = times.iter().position(|p| p.start <= s.start + 1) else {
                continue;
            };
            // (2024年首十个月: the year, and the part of it right after.)
            let mut opening = times[at].clone();
            if let Some(part) = times.get(at + 1).filter(|p| p.start == opening.end) {
                if opening.period.is_none() && part.year == YearRef::Unknown {
                    opening.period = part.period.clone();
                }
            }
            if opening.period.is_some() {
                return Some(opening);
            }
        }
        None
    }

    /// True when the number's sentence opens with a verb: its subject (and
    /// time) are those of the sentence before.
    fn opens_with_verb(&self) -> bool {
        let (ss, _) = self.sentence();
        self.doc
            .rules
            .cues
            .counting_verbs
            .at(self.chars(), ss)
            .is_some()
    }

    /// The frame of the section the number stands in, else the document's.
    fn frame(&self) -> Option<Frame> {
        let p = self.doc.segments.sentences[self.sentence_index].paragraph;
        let section = self.doc.segments.paragraphs[p].frame.clone();
        section.or_else(|| self.document_frame())
    }

    /// A statistical communiqué as a whole reports on the year its title names.
    fn document_frame(&self) -> Option<Frame> {
        let meta = self.doc.meta;
        // A communiqué, or a news article (or a document of no known type)
        // whose headline names the past year it reports on.
        let reviews = meta.doc_type == DocType::Communique
            || matches!(meta.doc_type, DocType::News | DocType::Other)
                && meta.subject_year.is_some();
        reviews.then(|| Frame {
            mood: Mood::Review,
            year: meta.subject_year.map(YearRef::Absolute),
            heading: None,
        })
    }

    /// 苏州一季度GDP同比增4.4%: a figure of an article about a part of the
    /// year, with no time of its own and of that year, is of that part — unless
    /// its sentence names a day or a month (2月13日, 9月末余额, 9月,…).
    fn subject_period(&self, year: Option<i32>) -> Option<String> {
        let (y, period) = self.doc.meta.subject_period.as_ref()?;
        (year == Some(*y) && !self.sentence_dated()).then(|| period.clone())
    }

    /// Whether the number's sentence names a day or a month (2月13日,
    /// 9月末余额, 7月失业率): a point of its own, which no part of the year
    /// carried from a headline or an earlier sentence overrides. (A month
    /// range, 降幅较1-5月收窄, dates no point of its own.)
    fn sentence_dated(&self) -> bool {
        // (Up to the number: a month after it is a later figure's, 增长7.8%，
        // 其中9月当月增长9.2%.)
        let (ss, se) = self.sentence();
        names_a_date(&self.chars()[ss..se.min(self.q().end + 1)])
    }

    /// The heading of a frame, for evidence.
    fn frame_name(&self, frame: &Frame) -> String {
        match frame.heading {
            Some(h) => format!("section {}", self.paragraph_text(h)),
            None => format!("document ({})", self.doc.meta.doc_type.as_str()),
        }
    }

    /// The year the section speaks of, and why: its heading's year, else by its
    /// mood — a review in a report from early in the year is of the year before,
    /// a plan of the year it is issued in (of the next, late in the year).
    fn frame_year(&self) -> Option<(i32, String)> {
        let frame = self.frame()?;
        let doc_year = self.doc_year();
        let heading = self.frame_name(&frame);
        let year = match frame.year {
            Some(YearRef::Absolute(y)) => Some(y),
            Some(YearRef::Offset(o)) => doc_year.map(|d| d + o),
            _ => match frame.mood {
                Mood::Review if self.early_in_year() => doc_year.map(|d| d - 1),
                Mood::Review => doc_year,
                Mood::Plan if self.early_in_year() => doc_year,
                Mood::Plan => doc_year.map(|d| d + 1),
                Mood::Glossary => None,
            },
        }?;
        Some((year, format!("{} {heading}", frame.mood.as_str())))
    }

    /// A year relative to the document, from the word that gave it: the words
    /// for a whole year (全年, 当年, 年内) and spans (五年来) in a section mean
    /// the section's year; 今年, 去年 and the rest count from the document's.
    fn resolve_offset(&self, offset: i32, word: &str, period: Option<&str>) -> Option<i32> {
        if let Some(fy) = self.fiscal_year().filter(|_| !self.of_calendar_year()) {
            // 今年 is the fiscal year under way, 今年预算案 the one the budget is for;
            // 下年, 5年后 count in fiscal years; 去年 is the calendar year before.
            let budget = offset == 0 && self.about_budget_of_year();
            return match offset {
                0 if budget => Some(fy + 1),
                o if o >= 0 => Some(fy + o),
                o => self.doc_year().map(|d| d + o),
            };
        }
        // (过去一年 in a document from the last quarter of its year, a policy
        // address or a year-end story, is the year ending: the document's own.)
        if offset == -1 && word.starts_with("过去一年") && self.month().is_some_and(|m| m >= 10)
        {
            return self.doc_year();
        }
        let whole_year = offset == 0 && WHOLE_YEAR_WORDS.iter().any(|w| word.starts_with(w));
        let span = offset == -1 && period == Some("multi-year");
        let in_review = self.frame().is_some_and(|f| f.mood == Mood::Review);
        if (whole_year || span && in_review) && self.frame().is_some() {
            if let Some((y, _)) = self.frame_year() {
                return Some(y);
            }
        }
        // 2023年，全区地区生产总值…。全年签约项目56个: the whole year of a
        // paragraph that opened with a year is that year, or of a heading
        // that names one (2024年全市主要经济指标如下: ● 全年新增城镇就业…).
        if whole_year {
            // (民国114年第1季…,全年预测成长3.10%: the year its sentence named first.)
            let own = || self.written_year_before();
            let absolute = match self.paragraph_year_ref() {
                Some(YearRef::Absolute(y)) => Some(y),
                _ => None,
            };
            // (报告指出，过去一年，…。全年访港旅客…: the past year an earlier
            // sentence of the paragraph opens with.)
            let past_in_paragraph = || match self.earlier_in_paragraph(false).time?.year {
                YearRef::Offset(o) if o < 0 => self.doc_year().map(|d| d + o),
                _ => None,
            };
            // (An earlier paragraph's year is not that of a goal: 力争全年…; 全年
            // alone is no goal there: 全年完成旅客吞吐量….)
            let earlier = || {
                let (ss, _) = self.sentence();
                let goal = self.status_cue(ss, self.q().start);
                (goal.is_none_or(|cue| !sets_a_goal(&cue)))
                    .then(|| self.earlier_paragraph_year())
                    .flatten()
            };
            let year = own()
                .or(absolute)
                .or_else(|| self.heading_year())
                .or_else(past_in_paragraph);
            if let Some(y) = year.or_else(earlier) {
                return Some(y);
            }
            if let Some(y) = self.paragraph_year() {
                return Some(y);
            }
        }
        self.doc_year().map(|d| d + offset)
    }

    /// Whether the figure's clause measures what is counted in calendar years
    /// even in a budget read in fiscal years (`calendar_year_words`: 本地生产总值).
    fn of_calendar_year(&self) -> bool {
        let words = &self.doc.rules.documents.calendar_year_words;
        let clause = self.doc.cleaned.str(self.clause_start(), self.q().start);
        words.iter().any(|w| clause.contains(w.as_str()))
    }

    /// In a budget document read in fiscal years, the fiscal year the document
    /// is written in (its start year): 今年 is that year, 下年 the next.
    fn fiscal_year(&self) -> Option<i32> {
        let start = self.doc.meta.fiscal_year_start?;
        let year = self.doc_year()?;
        Some(if self.month().is_some_and(|m| m < start) {
            year - 1
        } else {
            year
        })
    }

    /// 由2010年的162.4亿元: the number stands right after the year of its old value.
    fn is_old_value_of(&self, e: &TimeExpr) -> bool {
        let q = self.q();
        // (从2023年底的8000个: the year's end is the old value's time too.)
        let between = self.doc.cleaned.str(e.end.min(q.start), q.start);
        matches!(between, "" | "的" | "底的" | "末的" | "初的")
    }

    /// Whether the time `e`, before the clause at `cs`, belongs to a figure of
    /// its own clause that a later clause leaves for the whole region again
    /// (近三年留郑大学生近60万人,全市人才总量达290万人: the three years are the
    /// students', not the talent total's).
    fn of_an_earlier_subject(&self, e: &TimeExpr, cs: usize) -> bool {
        if e.start >= cs {
            return false;
        }
        let chars = self.chars();
        let (ss, _) = self.sentence();
        let start = (ss..e.start)
            .rev()
            .find(|&i| is_clause_delimiter(chars[i]))
            .map_or(ss, |i| i + 1);
        let Some(end) = (e.end..cs).find(|&i| is_clause_delimiter(chars[i])) else {
            return false;
        };
        let own_figure = (0..self.index).any(|k| {
            let p = &self.quantities[k];
            self.is_record[k] && p.start >= start && p.start < end
        });
        own_figure && self.whole_region_named_between(end, cs)
    }

    /// 创近5年新高, 创2015年以来最好水平: the span a record is set in, no
    /// time of the figures around it.
    fn is_record_span(&self, e: &TimeExpr) -> bool {
        let chars = self.chars();
        let after = [
            "新高", "新低", "最高", "最低", "最好", "最快", "最大", "最多", "最优",
        ];
        e.start > 0 && chars[e.start - 1] == '创'
            || after.iter().any(|w| starts_with_at(chars, e.end, w))
    }

    /// The times written before the number in its item of the sentence that can
    /// be its period: not another budget's year, nor one of a list of periods in
    /// an earlier clause (制定2025年、“十五五”时期项目清单,…): several periods
    /// there are what the clause speaks of, not the time of a later figure;
    /// nor a record's span ([`Self::is_record_span`]), nor how long another
    /// clause's state has lasted.
    fn times_before(&self) -> Vec<TimeExpr> {
        let times = self.periods(self.sentence_index, self.item_start(), self.q().start);
        let cs = self.clause_start();
        let chars = self.chars();
        // Two times with a conjunction between them (2024年、2025年, 2025年和“十五五”时期).
        let joined = |a: &TimeExpr, b: &TimeExpr| {
            let mut gap = chars[a.end..b.start.max(a.end)]
                .iter()
                .filter(|c| !matches!(c, '“' | '”' | '"'));
            matches!(gap.next(), Some('、' | '和' | '及' | '与')) && gap.next().is_none()
        };
        let listed = |k: usize| {
            (k > 0 && joined(&times[k - 1], &times[k]))
                || times.get(k + 1).is_some_and(|next| joined(&times[k], next))
        };
        let kept: Vec<bool> = (0..times.len())
            .map(|k| {
                (times[k].start >= cs || !listed(k))
                    && !self.names_other_budget(&times[k])
                    && !self.of_an_earlier_subject(&times[k], cs)
                    && !self.is_record_span(&times[k])
                    // 连续6年优秀,生态质量指数居全国第1: how long another
                    // clause's state has lasted is no time of this figure.
                    && (times[k].start >= cs || !times[k].text.starts_with("连续"))
            })
            .collect();
        // A word for the whole year after a year named as such is that year's
        // (今年…预计全年, 2024年全年): it speaks for no other — unless a part of
        // the year stands between (今年1-9月…全年): then, as after 一季度…全年,
        // it is the whole year against the part. A horizon names no year
        // (下一步…紧盯全年目标: the document's year).
        let dated = (0..times.len()).find(|&k| {
            let e = &times[k];
            kept[k]
                && !matches!(e.year, YearRef::Unknown | YearRef::Open)
                && e.period.is_none()
                && !is_whole_year(e)
        });
        let part_between =
            |d: usize, k: usize| (d..k).any(|j| kept[j] && times[j].period.is_some());
        let dropped: Vec<bool> = (0..times.len())
            .map(|k| {
                let year_named = dated.is_some_and(|d| d < k && !part_between(d, k));
                !kept[k] || is_whole_year(&times[k]) && year_named
            })
            .collect();
        times
            .into_iter()
            .zip(dropped)
            .filter(|(_, dropped)| !dropped)
            .map(|(e, _)| e)
            .collect()
    }

    /// Whether the time `e` speaks for no paragraph's figures: a budget's, part
    /// of a document's title, or the day news is made (行政長官今日發表…: it
    /// dates the news, not the figures the paragraph goes on to give).
    fn dates_no_figure(&self, e: &TimeExpr) -> bool {
        self.names_other_budget(e) || self.in_a_title(e) || is_today(e)
    }

    /// Whether the time `e` is part of a document's title: inside 《》, or
    /// read with a report's name after it within its clause (发表2026年財政
    /// 年度施政報告; `[documents] titled_documents`).
    fn in_a_title(&self, e: &TimeExpr) -> bool {
        let chars = self.chars();
        let opened = chars[..e.start]
            .iter()
            .rev()
            .take_while(|c| !matches!(c, '》' | '。' | '\n'))
            .any(|c| *c == '《');
        let clause_end = (e.end..chars.len())
            .find(|&i| is_clause_delimiter(chars[i]))
            .unwrap_or(chars.len());
        let rest = crate::text::string_of(&chars[e.end..clause_end]);
        let titles = &self.doc.rules.documents.titled_documents;
        opened || titles.iter().any(|w| rest.contains(w.as_str()))
    }

    /// In a budget document read in fiscal years, a time that names a budget
    /// (公布2019/20年度财政预算案) in an earlier clause is the budget's, not the
    /// figure's: 财政储备高达11,616亿元 two clauses on is today's reserve.
    fn names_other_budget(&self, e: &TimeExpr) -> bool {
        if self.fiscal_year().is_none() || e.end > self.clause_start() {
            return false;
        }
        let chars = self.chars();
        let mut after = e.end;
        while matches!(chars.get(after), Some('的' | '《')) {
            after += 1;
        }
        let docs = &self.doc.rules.documents;
        crate::text::match_any(chars, after, &docs.budget_words).is_some()
    }

    /// In a budget document read in fiscal years, the sentence speaks of the
    /// budget of the year (今年预算案决定…, 今年预算案的盈余): its figures are that
    /// budget's plans, and its bare 今年 is the budget's year.
    fn about_budget_of_year(&self) -> bool {
        if self.fiscal_year().is_none() {
            return false;
        }
        let (ss, _) = self.sentence();
        let chars = self.chars();
        let docs = &self.doc.rules.documents;
        self.periods(self.sentence_index, ss, self.q().start)
            .iter()
            .any(|e| {
                let after = if chars.get(e.end) == Some(&'的') {
                    e.end + 1
                } else {
                    e.end
                };
                e.year == YearRef::Offset(0)
                    && crate::text::match_any(chars, after, &docs.budget_of_year_words).is_some()
            })
    }

    /// True when the clause dates the figure to the document's day (至今, 目前).
    fn says_now(&self) -> bool {
        let chars = self.chars();
        let words = &self.doc.rules.documents.now_words;
        (self.clause_start()..self.q().start)
            .any(|i| crate::text::match_any(chars, i, words).is_some())
    }

    fn paragraph_text(&self, p: usize) -> String {
        let para = &self.doc.segments.paragraphs[p];
        self.doc.cleaned.str(para.start, para.end).to_string()
    }

    /// 从3个 in 从3个扩展至43个: a number after 从/由 with 至/为/到 and another number after it.
    fn is_from_value(&self) -> bool {
        let q = self.q();
        let chars = self.chars();
        // 由3万元, 由目前约20公里, 从原来的5个: fillers may stand between 由/从 and the number.
        let mut i = q.start;
        while let Some(w) = crate::text::match_any_before(chars, i, &FROM_FILLERS) {
            i -= w.chars().count();
        }
        let from = i > 0 && matches!(chars[i - 1], '从' | '由');
        let (_, se) = self.sentence();
        let to = (q.end..se).any(|i| matches!(chars[i], '至' | '为' | '到'));
        from && to
            && self
                .quantities
                .get(self.index + 1)
                .is_some_and(|n| n.start < se)
    }

    /// The month of the document's date, when it has one.
    fn month(&self) -> Option<u32> {
        let date = self.doc.meta.date.as_deref()?;
        date.get(5..7).and_then(|m| m.parse().ok())
    }

    /// Whether the document dates from the first quarter, or gives only its
    /// year — unless its headline reports a part of that year (2023年1-10月份
    /// 全市经济运行情况), which it was written after.
    fn early_in_year(&self) -> bool {
        let meta = &self.doc.meta;
        let reports_part =
            || (meta.subject_period.as_ref()).is_some_and(|(y, _)| Some(*y) == meta.year);
        // (The latest year a text that is no work report names says nothing
        // of the season it was written in: its figures are as likely results.)
        let guessed = meta.date_source == crate::stages::metadata::Source::Inferred
            && meta.doc_type != DocType::WorkReport;
        meta.date.is_some() && self.month().map_or(!reports_part() && !guessed, |m| m <= 3)
    }

    /// The figure's own part of a year (第四季, 1-11月), written with no year,
    /// when it had not ended by the document's date (第四季 in a February
    /// article), and the year it is then of: the year before the date's. A
    /// report gives the latest such part, not one still to come.
    fn unended_period(&self, times: Option<&[TimeExpr]>) -> Option<(i32, String)> {
        let date = self.doc.meta.date.as_deref()?;
        let year: i32 = date.get(..4)?.parse().ok()?;
        let month = self.month()?;
        let found;
        let times = match times {
            Some(t) => t,
            None if self.part_of_year_written() => {
                found = self.times_before();
                &found
            }
            None => return None,
        };
        if times.iter().any(|t| t.year != YearRef::Unknown) {
            return None;
        }
        let period = times.iter().rev().find_map(|t| t.period.clone())?;
        (last_month(&period)? >= month).then_some((year - 1, period))
    }

    /// Whether the sentence writes a part of a year before the number (with
    /// 季, 月 or 半): only then are its times looked for.
    fn part_of_year_written(&self) -> bool {
        self.chars()[self.sentence().0..self.q().start]
            .iter()
            .any(|c| matches!(c, '季' | '月' | '半'))
    }

    /// The part of the year the sentence gives its figure, when it is of the
    /// document's own year and had ended by the document's date (7月 in an
    /// August article).
    fn ended_period(&self) -> Option<String> {
        let month = self.month()?;
        if !self.part_of_year_written() {
            return None;
        }
        let times = self.times_before();
        let this_year = |t: &TimeExpr| match t.year {
            YearRef::Unknown | YearRef::Offset(0) => true,
            YearRef::Absolute(y) => Some(y) == self.doc_year(),
            _ => false,
        };
        if !times.iter().all(this_year) {
            return None;
        }
        let period = match times.iter().rev().find_map(|t| t.period.clone()) {
            Some(p) => p,
            None => {
                let before = self.doc.cleaned.str(self.sentence().0, self.q().start);
                let m: u32 = MONTH_ALONE.captures_iter(before).last()?[1].parse().ok()?;
                format!("M{m:02}")
            }
        };
        (last_month(&period)? < month).then_some(period)
    }

    fn paragraph_first_sentence(&self) -> (usize, usize) {
        let segs = self.doc.segments;
        let p = segs.sentences[self.sentence_index].paragraph;
        let para = &segs.paragraphs[p];
        self.memo.first_sentence[p]
            .map(|k| (segs.sentences[k].start, segs.sentences[k].end))
            .unwrap_or((para.start, para.end))
    }

    pub fn status(&self, ev: &mut Evidence) -> &'static str {
        let (ss, se) = self.sentence();
        let q = self.q();
        let doc_year = self.doc_year();
        // The value a change starts from (由3万元减至2万元) is what was.
        if self.is_from_value() {
            ev.push("status=actual (the old value of a change)");
            return "actual";
        }
        // A figure of this year's budget is what the budget plans, unless its own
        // clause reports (滚存至今共824亿).
        if self.about_budget_of_year() {
            let clause_cue = self.status_cue(self.clause_start(), q.start);
            if let Some(("actual", w)) = clause_cue.as_ref().map(|(s, w)| (*s, w)) {
                ev.push(format_args!(
                    "status=actual (cue {w} in a sentence on the budget)"
                ));
                return "actual";
            }
            ev.push("status=target (a sentence on the budget of the year)");
            return "target";
        }
        // The year written before the number, read once (it is asked up to five
        // times below, and each reading filters the sentence's time expressions).
        let explicit = OnceCell::new();
        let explicit_year_before = || *explicit.get_or_init(|| self.explicit_year_before());
        // A figure of a past year is reported, whatever the verbs (预计增长5% in a
        // review of last year is an estimate of what happened, 争取 资金 was obtained).
        if let (Some(y), Some(d)) = (explicit_year_before(), doc_year) {
            if y < d {
                ev.push(format_args!(
                    "status=actual (year {y} before the document's {d})"
                ));
                return "actual";
            }
        }
        if let (Some(y), Some(d)) = (explicit_year_before(), doc_year) {
            if y > d {
                ev.push(format_args!(
                    "status=target (year {y} after the document's {d})"
                ));
                return "target";
            }
        }
        if let (Some(y), Some(d)) = (self.heading_year(), doc_year) {
            if y < d {
                ev.push(format_args!(
                    "status=actual (section about {y}, before the document's {d})"
                ));
                return "actual";
            }
        }
        // The paragraph's year speaks for its sentences, but for one that names
        // its own year and sets a goal (2023年…。今年,力争…), or writes out the
        // document's own year (113年…。114年第1季…概估为5.37%).
        let own_goal = explicit_year_before().is_some()
            && self
                .status_cue(ss, q.start)
                .is_some_and(|(s, _)| s == "target");
        let own_year_now = self
            .written_year_before()
            .zip(doc_year)
            .is_some_and(|(y, d)| y >= d);
        if let (false, Some(y), Some(d)) =
            (own_goal || own_year_now, self.paragraph_year(), doc_year)
        {
            if y < d {
                ev.push(format_args!("status=actual (paragraph year {y})"));
                return "actual";
            }
        }
        if let Some(s) = self.frame_status(ev) {
            return s;
        }
        // 将抓好在建的8个高端商业综合体: what exists already is actual, whatever
        // the sentence plans for it.
        if let Some(w) = self.present_cue() {
            ev.push(format_args!("status=actual (cue {w}: what exists already)"));
            return "actual";
        }
        if let Some(cue) = self.status_cue(ss, q.start) {
            // 2024年，…。\n枢纽方面，全年完成旅客吞吐量…: 全年 in a paragraph that
            // goes on with a past year an earlier paragraph opens with reports it.
            let whole_year = cue.0 == "target" && !sets_a_goal(&cue);
            let past = (whole_year && self.paragraph_year().is_none())
                .then(|| self.earlier_paragraph_year().zip(doc_year))
                .flatten()
                .filter(|(y, d)| y < d);
            if let Some((y, _)) = past {
                ev.push(format_args!(
                    "status=actual (全年 of {y}, the year an earlier paragraph opens with)"
                ));
                return "actual";
            }
            let (s, w) = cue;
            ev.push(format_args!("status={s} (cue {w} in the sentence)"));
            return s;
        }
        // Cues after the number in the same clause: 定下了6.5%的奋斗目标.
        let ce = self.clause_end();
        if let Some((s, w)) = self.status_cue(q.end, ce) {
            if s == "target" {
                ev.push(format_args!("status={s} (cue {w} after the number)"));
                return s;
            }
        }
        let _ = se;
        if let (Some(y), Some(d)) = (explicit_year_before(), doc_year) {
            if y < d {
                ev.push(format_args!(
                    "status=actual (year {y} before the document's {d})"
                ));
                return "actual";
            }
        }
        let paragraph_year = self.paragraph_year();
        if let (false, Some(y), Some(d)) = (own_year_now, paragraph_year, doc_year) {
            if y < d {
                ev.push(format_args!("status=actual (paragraph year {y})"));
                return "actual";
            }
        }
        let (ps, pe) = self.paragraph_first_sentence();
        if ps < ss {
            // A goal anywhere in the opening sentence sets a plan's tone (…,力争年底前…);
            // a report speaks for the paragraph only from its opening clause
            // (过去一年,…), not from a state further on (储备高达…的情况下).
            let first_clause_end = (ps..pe)
                .find(|&i| is_clause_delimiter(self.chars()[i]))
                .unwrap_or(pe);
            let cue = match self.status_cue(ps, pe) {
                Some(("actual", _)) => self.status_cue(ps, first_clause_end),
                cue => cue,
            };
            if let Some((s, w)) = cue {
                // (物价方面，…预测…。7月失业率为3.36%: a month that had ended
                // by the document's date has a result, not a forecast.)
                if let Some(p) = self.ended_period().filter(|_| s == "target") {
                    ev.push(format_args!(
                        "status=actual ({p} had ended by the document's date)"
                    ));
                    return "actual";
                }
                ev.push(format_args!("status={s} (cue {w} opening the paragraph)"));
                return s;
            }
        }
        if let (Some(y), Some(d)) = (self.earlier_paragraph_year(), doc_year) {
            if y < d {
                ev.push(format_args!(
                    "status=actual (year {y} opening an earlier paragraph)"
                ));
                return "actual";
            }
        }
        // Plans are issued early in the year: in a document from the first quarter
        // (or with only a year), a paragraph about the document's own year is a plan.
        if let (Some(y), Some(d)) = (paragraph_year, doc_year) {
            if y == d && self.early_in_year() {
                ev.push(format_args!(
                    "status=target (paragraph about {y}, in a document from early {d})"
                ));
                return "target";
            }
        }
        if let Some((s, w)) = self.headings().find_map(|h| self.status_of_heading(h)) {
            ev.push(format_args!("status={s} (heading with {w})"));
            return s;
        }
        let year = explicit_year_before().or(paragraph_year);
        if let Some((y, p)) = year.is_none().then(|| self.unended_period(None)).flatten() {
            ev.push(format_args!(
                "status=actual ({p} had not ended by the document's date: {y}'s)"
            ));
            return "actual";
        }
        // 比2020年增长三成 with no cue: a change against a year already past
        // reports how far things have come.
        let base = self.compared_with_year(self.clause_start());
        if let Some(b) = base.filter(|&b| year.is_none() && doc_year.is_some_and(|d| b < d - 1)) {
            ev.push(format_args!(
                "status=actual (a change against {b}, with no year of its own)"
            ));
            return "actual";
        }
        // (A communiqué reports a year gone by, notes included: it sets no plan.)
        let plans = self.doc.meta.doc_type != DocType::Communique;
        if plans && self.early_in_year() && year.is_none_or(|y| Some(y) == doc_year) {
            ev.push("status=target (no cue, in a document from early in its year: a plan)");
            return "target";
        }
        ev.push("status=actual (no target cue)");
        "actual"
    }

    /// The status a section's mood gives: a review reports, a plan sets targets
    /// (but what exists already, 现有/目前/已, is actual there too).
    fn frame_status(&self, ev: &mut Evidence) -> Option<&'static str> {
        let frame = self.frame()?;
        let heading = self.frame_name(&frame);
        match frame.mood {
            Mood::Review => {
                // 今年…预计全年增长5% in a review of last year: the figure's own year
                // is a later one, which the review does not speak for.
                let later = (self.explicit_year_before())
                    .zip(self.frame_year())
                    .is_some_and(|(y, (reviewed, _))| y > reviewed);
                // 确保上半年…增长6%以上 in a text its title makes a review (…一季度经济
                // 运行分析会上的讲话): a goal the sentence sets is one; a review
                // heading speaks for its section more surely than a title does.
                let own_goal = frame.heading.is_none() && self.sentence_sets_goal();
                // (113年度…預計完成道路刨鋪120公里 in a review written in that
                // September: what the year under way is expected to do is no result.)
                let under_way = (self.explicit_year_before())
                    .zip(self.doc_year())
                    .is_some_and(|(y, d)| y >= d && !self.early_in_year())
                    && self.sentence_sets_goal();
                if later || own_goal || under_way {
                    return None;
                }
                ev.push(format_args!("status=actual (review {heading})"));
                Some("actual")
            }
            Mood::Plan => {
                let present = self.present_cue();
                if let Some(w) = present {
                    ev.push(format_args!("status=actual (cue {w} in a plan section)"));
                    return Some("actual");
                }
                ev.push(format_args!("status=target (plan {heading})"));
                Some("target")
            }
            // A note that says what exists (四川现有5个) speaks of the document's day.
            Mood::Glossary => self.present_cue().map(|w| {
                ev.push(format_args!("status=actual (cue {w} in a note)"));
                "actual"
            }),
        }
    }

    /// Whether the sentence sets a goal before the number: a target cue that
    /// is no weak one (确保, 力争; not 全年, 将).
    fn sentence_sets_goal(&self) -> bool {
        let (ss, _) = self.sentence();
        let weak = &self.doc.rules.cues.weak_target_cues;
        self.status_cue(ss, self.q().start)
            .is_some_and(|(s, w)| s == "target" && !weak.contains(&w))
    }

    /// A word saying the number is what exists already (现有3个, 已建成超1.6万个),
    /// with no action between it and the number (利用现有资源改造建设20个 is a plan).
    fn present_cue(&self) -> Option<&str> {
        let chars = self.chars();
        let (cs, start) = (self.clause_start(), self.q().start);
        let cues = &self.doc.rules.cues;
        (cs..start).find_map(|i| {
            let w = cues.present_cues.at(chars, i)?;
            let after = i + w.chars().count();
            let acts = (after..start).any(|j| cues.counting_verbs.at(chars, j).is_some());
            (!acts).then_some(w)
        })
    }

    /// The year written before the number in its sentence (2023年, 去年, 过去一年).
    fn explicit_year_before(&self) -> Option<i32> {
        self.times_before()
            .into_iter()
            .rev()
            .find_map(|p| match p.year {
                YearRef::Absolute(y) => Some(y),
                YearRef::Offset(o) if p.period.as_deref() != Some("multi-year") => {
                    self.resolve_offset(o, &p.text, p.period.as_deref())
                }
                _ => None,
            })
    }

    /// The nearest year written out (2024年, 民国114年) before the figure in its
    /// sentence as the time of what follows, not a base of comparison.
    fn written_year_before(&self) -> Option<i32> {
        last_year_of_role(self.times_before(), Role::Own)
    }

    /// The year named by the innermost heading that names one (一、2024年工作回顾).
    fn heading_year(&self) -> Option<i32> {
        self.headings()
            .find_map(|h| self.year_of_heading(h).map(|(y, _)| *y))
    }

    /// The absolute year opening the paragraph (2023年,郑州…).
    fn paragraph_year(&self) -> Option<i32> {
        self.paragraph_year_ref().and_then(|y| match y {
            YearRef::Absolute(y) => Some(y),
            YearRef::Offset(o) => self.doc_year().map(|d| d + o),
            _ => None,
        })
    }

    /// The year opening the paragraph as written (2023年 or 今年).
    fn paragraph_year_ref(&self) -> Option<YearRef> {
        let p = self.doc.segments.sentences[self.sentence_index].paragraph;
        self.opening(p).year
    }

    /// What the first sentence of paragraph `p` says of its time.
    fn opening(&self, p: usize) -> &Opening {
        self.memo.opening[p].get_or_init(|| {
            let segs = self.doc.segments;
            let first = self.memo.first_sentence[p];
            let (ps, pe) = first.map_or((segs.paragraphs[p].start, segs.paragraphs[p].end), |k| {
                (segs.sentences[k].start, segs.sentences[k].end)
            });
            let topic = self.topic_start(ps, pe);
            let first_clause_end = (topic..pe)
                .find(|&i| is_clause_delimiter(self.chars()[i]))
                .unwrap_or(pe);
            let times: Vec<TimeExpr> = first
                .map(|k| self.periods(k, ps, pe))
                .unwrap_or_else(|| periods_in(self.chars(), ps, pe))
                .into_iter()
                .filter(|e| !self.dates_no_figure(e))
                .collect();
            let a_year =
                |e: &&TimeExpr| matches!(e.year, YearRef::Absolute(_) | YearRef::Offset(_));
            let year = times
                .iter()
                .filter(|e| !is_whole_year(e))
                .find(a_year)
                .filter(|e| e.start < first_clause_end)
                .map(|e| e.year);
            // (成立以来，发展速度不断加快。记者…了解到，2024年，…: an opening
            // sentence that names no time leaves the topic to the one after it.)
            let from_next = times.is_empty();
            let topic = if from_next {
                first.and_then(|k| self.next_sentence_topic(k))
            } else {
                topic_of(&times, topic)
            };
            Opening {
                year,
                // (全年 names no year of its own: the paragraph's context gives
                // it; nor does a time further on, 恢复至2019年的86.1%.)
                timed: from_next && topic.is_some()
                    || times
                        .iter()
                        .any(|e| e.start < first_clause_end && !is_whole_year(e))
                    || names_a_date(&self.chars()[ps..first_clause_end]),
                topic,
            }
        })
    }

    /// The topic the sentence after sentence `k` opens with, in its paragraph.
    fn next_sentence_topic(&self, k: usize) -> Option<Topic> {
        let sentences = &self.doc.segments.sentences;
        let next = sentences
            .get(k + 1)
            .filter(|s| s.paragraph == sentences[k].paragraph)?;
        let times: Vec<TimeExpr> = self
            .periods(k + 1, next.start, next.end)
            .into_iter()
            .filter(|e| !self.dates_no_figure(e))
            .collect();
        topic_of(&times, self.topic_start(next.start, next.end))
    }

    /// The time the paragraphs of the part of the text before this one give
    /// it, when its opening sentence names none: the time that is the first
    /// words of the nearest paragraph that names one (2024年,全市…。\n工业生产
    /// 稳步回升。规上工业增加值增长7.2%: 2024's), when that is the first time
    /// the part names (23/24年度录得赤字… after a budget's 2024/25年度 is an
    /// aside). A top-level heading ends the part.
    fn earlier_paragraph_topic(&self) -> Option<&Topic> {
        let p = self.doc.segments.sentences[self.sentence_index].paragraph;
        let k = (*self.memo.carried_from[p].get_or_init(|| self.carried_from(p)))?;
        self.opening(k).topic.as_ref()
    }

    /// The paragraph [`Self::earlier_paragraph_topic`] finds for paragraph `p`.
    fn carried_from(&self, p: usize) -> Option<usize> {
        let segs = self.doc.segments;
        if self.opening(p).timed {
            return None;
        }
        let mut earlier = (0..p)
            .rev()
            .take_while(|&k| !matches!(segs.paragraphs[k].heading, Some(0 | 1)))
            .filter(|&k| segs.paragraphs[k].heading.is_none() && !self.is_title_line(k));
        let k = earlier.find(|&k| self.opening(k).timed)?;
        (!earlier.any(|j| self.opening(j).timed)).then_some(k)
    }

    /// Whether paragraph `k` is the document's title, or a line under it that
    /// says when and where it was given (——2025年1月8日在…会议上): not body text.
    fn is_title_line(&self, k: usize) -> bool {
        let para = &self.doc.segments.paragraphs[k];
        let text = self.doc.cleaned.str(para.start, para.end).trim();
        // (A title read from the text's first line is no sentence.)
        text.starts_with('—')
            || self.doc.meta.title.as_deref() == Some(text) && !text.ends_with('。')
    }

    /// The year of [`Self::earlier_paragraph_topic`].
    fn earlier_paragraph_year(&self) -> Option<i32> {
        match self.earlier_paragraph_topic()?.year? {
            YearRef::Absolute(y) => Some(y),
            YearRef::Offset(o) => self.doc_year().map(|d| d + o),
            _ => None,
        }
    }

    /// The year of an earlier old value of a change in the paragraph, written
    /// with it (由2010年的162.4亿元), the nearest.
    fn earlier_from_year(&self) -> Option<i32> {
        let sentences = &self.doc.segments.sentences;
        let para = sentences[self.sentence_index].paragraph;
        (0..=self.sentence_index)
            .rev()
            .take_while(|&k| sentences[k].paragraph == para)
            .find_map(|k| {
                let end = if k == self.sentence_index {
                    self.q().start
                } else {
                    sentences[k].end
                };
                last_year_of_role(self.periods(k, sentences[k].start, end), Role::From)
            })
    }

    /// “十二五”时期…。城镇化率由44.2%提高到55.6%: the old value of a change
    /// over a span of years, when its sentence names no year of its own, is
    /// of the year before the span opened (2010). The span is the clause's,
    /// else the one an earlier sentence of the paragraph opens with, else the
    /// heading's — unless a single year stands nearer (2015年,…).
    fn span_opening_year(&self, before: &[TimeExpr]) -> Option<i32> {
        let multi = |e: &TimeExpr| e.period.as_deref() == Some("multi-year");
        if before
            .iter()
            .any(|e| e.year != YearRef::Unknown && !multi(e))
        {
            return None;
        }
        let in_clause = before.iter().rev().find(|e| multi(e)).cloned();
        let span = match in_clause.or_else(|| self.earlier_in_paragraph(false).time) {
            Some(e) if multi(&e) => e,
            // (A single year an earlier sentence opens with: no span.)
            Some(_) => return None,
            None => self.headings().find_map(|h| {
                let p = &self.doc.segments.paragraphs[h];
                periods_in(self.chars(), p.start, p.end)
                    .into_iter()
                    .find(multi)
            })?,
        };
        let years = time::span_years(&span)?;
        let last = match span.year {
            YearRef::Absolute(y) => y,
            YearRef::Offset(o) => self.resolve_offset(o, &span.text, span.period.as_deref())?,
            _ => return None,
        };
        Some(last - years)
    }

    /// Where the sentence `start..end` opens its topic: past an opening clause
    /// that only says who reports (报告提出，明年的主要预期目标是…).
    fn topic_start(&self, start: usize, end: usize) -> usize {
        let chars = self.chars();
        let Some(delimiter) = (start..end).find(|&i| is_clause_delimiter(chars[i])) else {
            return start;
        };
        let opening = &chars[start..delimiter];
        let names = &self.doc.rules.names;
        // (数据显示，…; 据统计局数据，…; 深圳方面，…: the time that opens the
        // topic comes after.)
        let framed = names
            .report_frame_verbs
            .before(opening, opening.len())
            .is_some()
            || names.report_frame_openers.at(opening, 0).is_some()
            || self.topic_place(start, delimiter + 1).is_some();
        if framed {
            delimiter + 1
        } else {
            start
        }
    }

    /// The time the earlier sentences of the number's paragraph give it: the
    /// nearest year one of them opens with as its topic, and (when
    /// `want_part`) a part of the year one of them, up to that one, opens with.
    fn earlier_in_paragraph(&self, want_part: bool) -> EarlierTime {
        let sentences = &self.doc.segments.sentences;
        let para = sentences[self.sentence_index].paragraph;
        let mut part = None;
        for k in (0..self.sentence_index).rev() {
            if sentences[k].paragraph != para {
                break;
            }
            // Only a time that opens its sentence as its topic (2023年,…; 五年来,…)
            // speaks for the sentences after it — or any time of the sentence
            // just before one whose subject is elided (…近三年累计…。培育了…);
            // 今年, 全年, 年底 speak for their own sentence only.
            let goes_on = k + 1 == self.sentence_index && self.opens_with_verb();
            let times = self.periods(k, sentences[k].start, sentences[k].end);
            // (Where the topic opens is asked only of a time not at the start.)
            let opens = OnceCell::new();
            let opening = |p: &TimeExpr| {
                let start = sentences[k].start;
                p.start <= start + 1
                    || p.start
                        <= *opens.get_or_init(|| self.topic_start(start, sentences[k].end)) + 1
            };
            // A part of the year that opens an earlier sentence as its topic
            // (上半年,…。规模以上工业增加值…) is the period of the figures after
            // it that name no time.
            // (会议指出，前三季度…: past a frame that only says who reports.)
            if want_part && part.is_none() {
                let start = sentences[k].start;
                part = opening_part(&times, start).or_else(|| {
                    let topic = *opens.get_or_init(|| self.topic_start(start, sentences[k].end));
                    (topic > start)
                        .then(|| opening_part(&times, topic))
                        .flatten()
                });
            }
            let found = times
                .into_iter()
                .filter(|p| goes_on || opening(p))
                .filter(|p| !self.names_other_budget(p))
                // 连续10年位居…首位: how long a state has lasted, no frame;
                // nor is the span a record is set in (创近5年新高).
                .filter(|p| !p.text.starts_with("连续") && !self.is_record_span(p))
                .rev()
                .find(|p| p.year != YearRef::Unknown && p.year != YearRef::Offset(0));
            if found.is_some() {
                return EarlierTime { time: found, part };
            }
        }
        EarlierTime { time: None, part }
    }

    pub fn period(&self, status: &str, ev: &mut Evidence) -> (Option<i32>, Option<String>) {
        let q = self.q();
        let doc_year = self.doc_year();
        let before: Vec<TimeExpr> = self
            .times_before()
            .into_iter()
            .filter(|e| e.role != Role::From || self.is_old_value_of(e))
            .collect();
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
        // 上半年,…;去年同期增长3.1%: the same part of the year before.
        let same_part = before
            .last()
            .is_some_and(|p| p.period.is_none() && starts_with_at(self.chars(), p.end, "同期"));
        if same_part {
            period = before.iter().rev().skip(1).find_map(|p| p.period.clone());
        }
        // 一季度,…增长5.6%。其中,…: a sentence that details the one before has its time.
        if before.is_empty() {
            if let Some(p) = self.time_detailed() {
                period = p.period.clone();
                if p.year != YearRef::Unknown {
                    year = Some(p.year);
                    year_text = format!("{} (the sentence 其中 details)", p.text);
                }
            }
        }
        // A sub-year period with no year of its own (1-8月) is of the document's year.
        let sub_year_only = year.is_none()
            && before
                .iter()
                .any(|p| p.year == YearRef::Unknown && p.period.is_some());
        let mut part_carried = None;
        if year.is_none() && !sub_year_only {
            let want_part = period.is_none() && (before.is_empty() || same_part);
            let earlier = self.earlier_in_paragraph(want_part);
            part_carried = earlier.part;
            if let Some(p) = earlier.time {
                year = Some(p.year);
                if period.is_none() && p.period.as_deref() == Some("multi-year") {
                    period = p.period.clone();
                }
                year_text = format!("{} (earlier in the paragraph)", p.text);
            }
        }
        // 前三季度,全市…。\n工业方面,规上工业增加值增长7.8%: the part of the
        // year an earlier paragraph opens with (see earlier_paragraph_topic).
        if year.is_none() && period.is_none() && part_carried.is_none() && before.is_empty() {
            part_carried = self.earlier_paragraph_topic().and_then(|t| t.part.clone());
        }
        let in_glossary = self.frame().is_some_and(|f| f.mood == Mood::Glossary);
        if year.is_none() && in_glossary {
            // A definition in the notes holds for no particular year.
            year = Some(YearRef::Open);
            year_text = "a note with no year of its own".into();
        }
        if year.is_none() {
            if let Some((y, why)) = self.frame_year() {
                year = Some(YearRef::Absolute(y));
                year_text = why;
            }
        }
        if year.is_none() {
            if let Some((y, text)) = self.headings().find_map(|h| self.year_of_heading(h)) {
                year = Some(YearRef::Absolute(*y));
                year_text = format!("{text} (heading)");
            }
        }
        if year.is_none() {
            if let Some(y) = self.earlier_paragraph_year() {
                year = Some(YearRef::Absolute(y));
                year_text = format!("{y} (opening an earlier paragraph)");
            }
        }
        // What exists already (现有12家, 在建的8个) is counted on the document's
        // day when no section dates it, whatever time its sentence plans for
        // (下一步).
        let year_written = matches!(year, Some(YearRef::Absolute(_) | YearRef::Offset(_)));
        if !year_written && status == "actual" && self.present_cue().is_some() {
            year = Some(YearRef::Offset(0));
            year_text = "what exists at the document's date".into();
        }
        let cs = self.clause_start();
        // A review of five years states the last year's levels and the span's
        // averages and totals: only those are of the span (年均增长12.1%).
        let lead = self.doc.cleaned.str(cs, q.start);
        if period.is_none() && lead.contains("累计") {
            period = Some("cumulative".into());
        }
        if period.is_none() && self.average_annual_change(cs) {
            period = Some("multi-year".into());
        }
        // (A running total, 累计开通客运航线192条, is of no part of the year; a
        // headline's part of the year says more than an earlier sentence's.)
        let (ss, _) = self.sentence();
        if period.is_none()
            && part_carried.as_deref().is_some_and(|p| {
                says_more_than_headline(
                    p,
                    self.doc
                        .meta
                        .subject_period
                        .as_ref()
                        .map(|(_, p)| p.as_str()),
                )
            })
            && !self.doc.cleaned.str(ss, q.start).contains("累计")
            && !self.sentence_dated()
        {
            period = part_carried;
        }
        let unended = (status == "actual" && year.is_none_or(|y| y == YearRef::Unknown))
            .then(|| self.unended_period(Some(&before)))
            .flatten();
        let resolved = match year {
            Some(YearRef::Absolute(y)) => Some(y),
            Some(YearRef::Offset(o)) => self.resolve_offset(o, &year_text, period.as_deref()),
            Some(YearRef::Open) => None,
            // A goal with no year: the document's year while the year is young
            // (a plan or a mid-year review), open-ended in a document from its
            // second half, which looks beyond the year — unless the goal names
            // its part of the year (预估9月外销订单…).
            Some(YearRef::Unknown) | None
                if status == "target" && !sub_year_only && self.month().is_some_and(|m| m > 6) =>
            {
                year_text =
                    "a goal with no year, in a document from the second half of its year".into();
                None
            }
            // What a budget document reports with no year is of the fiscal year under way.
            Some(YearRef::Unknown) | None
                if status == "actual" && self.fiscal_year().is_some() && !self.says_now() =>
            {
                year_text = "the fiscal year under way".into();
                self.fiscal_year()
            }
            Some(YearRef::Unknown) | None if unended.is_some() => {
                year_text = "a part of a year that had not ended by the document's date".into();
                unended.map(|(y, _)| y)
            }
            Some(YearRef::Unknown) | None => {
                year_text = "the document's year".into();
                doc_year
            }
        };
        // The old value of a change (从3个扩展至43个, 由150元调整为300元) has no known
        // year, unless one is written with it (由2010年的162.4亿元).
        let from_year = before.last().is_some_and(|e| e.role == Role::From);
        let resolved = if !self.is_from_value() || from_year {
            resolved
        } else if let Some(y) = self.earlier_from_year() {
            // 由2010年的5.24亿元增加到…;公共预算支出由11.66亿元增加到…: a list
            // of changes from one year writes the year once.
            year_text =
                format!("the old value of a change, from {y} as the paragraph's earlier one");
            period = None;
            Some(y)
        } else if let Some(y) = self.span_opening_year(&before) {
            year_text = format!("the old value of a change over a span of years, from {y}");
            period = None;
            Some(y)
        } else {
            // In a budget, the value a measure changes from is this fiscal year's.
            // (Nor is its part of the year the new value's: 七月至九月…由1.1%上升至1.2%.)
            year_text = "the old value of a change (从/由 … 至/为)".into();
            period = None;
            if self.says_now() {
                doc_year
            } else {
                self.fiscal_year()
            }
        };
        // 是2010年的2.6倍, 比2010年增加13480元: a change over years is of the span
        // (not the new value of 由2010年的8.2亿元增加到2015年的15.6亿元).
        let over_years = |y: i32| self.compared_with_year(cs).is_some_and(|b| b < y - 1);
        let cues = &self.doc.rules.cues;
        let a_change = || {
            q.special.is_some()
                || self.change_verb(&cues.change_up).is_some()
                || self.change_verb(&cues.change_down).is_some()
        };
        // (Most clauses name no year: the comparison patterns run on those that do.)
        let names_a_year = || YEAR_IN.is_match(lead);
        if period.is_none() && names_a_year() && a_change() && resolved.is_some_and(over_years) {
            period = Some("multi-year".into());
        }
        // A multi-year figure that is a goal has no single year unless one is written.
        let resolved = if status == "target"
            && period.as_deref() == Some("multi-year")
            && !matches!(year, Some(YearRef::Absolute(_)))
        {
            None
        } else {
            resolved
        };
        ev.push(format_args!(
            "period_year={} ({year_text})",
            resolved.map(|y| y.to_string()).unwrap_or("null".into())
        ));
        if period.is_none() && before.is_empty() && status == "actual" {
            period = self.subject_period(resolved);
        }
        if let Some(p) = &period {
            ev.push(format_args!("period={p}"));
        }
        (resolved, period)
    }

    pub fn region(&self, ev: &mut Evidence) -> Option<String> {
        let chars = self.chars();
        // The entity the number's own clause is about (1-8月,郑州机场旅客吞吐量…),
        // unless it is an example of what is counted (成都美术学院、广安理工学院等7个项目).
        let cs = self.clause_start();
        if let Some(p) = self.place_of_list_item(cs) {
            ev.push(format_args!(
                "region={p} (its item of a 分别 list of places)"
            ));
            return Some(p);
        }
        let examples = || {
            self.quantities[..=self.index]
                .iter()
                .any(|p| p.start > cs && chars[p.start - 1] == '等')
        };
        // Nor is it when a number of the clause counts it (新建国省级农业园区85个、
        // 产业强镇66个, and not 片区12项制度创新成果): the figure follows it and
        // ends its item.
        // A link verb may stand between (百亿园区达到11个).
        let links = &self.doc.rules.cues.change_links;
        let counted = |e: &String| {
            let e: Vec<char> = e.chars().collect();
            (0..=self.index).any(|k| {
                let mut before = self.quantities[k].start;
                if let Some(w) = links.before(chars, before) {
                    before -= w.chars().count();
                }
                before >= cs + e.len() && chars[cs..before].ends_with(&e) && self.ends_item(k)
            })
        };
        if let Some(e) = self
            .entity_at(cs, self.q().start)
            .filter(|e| !counted(e) && !examples())
        {
            ev.push(format_args!("region={e} (entity opening the clause)"));
            return Some(e);
        }
        // The subject carries through the sentence until another is named
        // (全省通车总里程…: the whole region again).
        if self.opens_with_whole_region(cs) {
            ev.push("region=the document's region (named again)");
            return self.doc.meta.region.clone();
        }
        // Each part of a sentence of parts between semicolons opens anew (王庄镇…;
        // 东湖镇重点发展乡村旅游,接待游客突破80万人次).
        let (ss, se) = self.sentence();
        let part = self.sentence_part_start(cs);
        let in_parts = self.chars()[ss..se].contains(&';');
        let of_part = in_parts.then(|| self.entity_opening_part(part, cs, true));
        if let Some(e) = of_part.flatten() {
            ev.push(format_args!(
                "region={e} (the opening clause of its part of the sentence names it)"
            ));
            return Some(e);
        }
        if let Some(prev) = self.previous.last() {
            if prev.region != self.doc.meta.region && !self.whole_region_named_since_previous(cs) {
                ev.push("region=as the previous number of the sentence");
                return prev.region.clone();
            }
        }
        if let Some(e) = self.entity_opening_part(ss, cs, false) {
            ev.push(format_args!(
                "region={e} (the sentence's opening clause names it)"
            ));
            return Some(e);
        }
        if let Some(p) = self.topic_place(self.sentence().0, cs) {
            ev.push(format_args!("region={p} (the sentence's topic)"));
            return Some(p);
        }
        // A sentence whose subject is elided (累计开通客运航线192条) goes on
        // about the entity the previous sentence of the paragraph named.
        if let Some(e) = self.entity_of_previous_sentence() {
            ev.push(format_args!(
                "region={e} (subject carried from the previous sentence)"
            ));
            return Some(e);
        }
        let (ps, pe) = self.paragraph_first_sentence();
        if let Some(p) = self.topic_place(ps, usize::MAX).filter(|_| ss > ps) {
            if !self.opens_with_whole_region(ss) {
                ev.push(format_args!("region={p} (the paragraph's topic)"));
                return Some(p);
            }
        }
        // A paragraph that opens with 关于X is about X.
        if starts_with_at(chars, ps, "关于") {
            let end = (ps..pe)
                .find(|&i| is_clause_delimiter(chars[i]))
                .unwrap_or(pe);
            if let Some(e) = self.entity_at(ps, end) {
                ev.push(format_args!("region={e} (the paragraph is about it)"));
                return Some(e);
            }
        }
        ev.push("region=the document's region");
        self.doc.meta.region.clone()
    }

    /// The place a sentence opening at `ss` names as its topic in a clause of
    /// its own before `before` (深圳方面，…; 在深圳，…; 从深圳看，…), other than
    /// the document's: what the clauses after are about.
    fn topic_place(&self, ss: usize, before: usize) -> Option<String> {
        let chars = self.chars();
        // (A topic is short: a place and a word or two around it.)
        let stop = chars.len().min(before).min(ss + TOPIC_MAX_CHARS);
        let end = (ss..stop).find(|&i| is_clause_delimiter(chars[i]))?;
        if chars[end] != ',' {
            return None;
        }
        let rules = self.doc.rules;
        let text = self.doc.cleaned.str(ss, end);
        let text = (rules.topic_openers.iter())
            .find_map(|w| text.strip_prefix(w.as_str()))
            .unwrap_or(text);
        let text = (rules.topic_closers.iter())
            .find_map(|w| text.strip_suffix(w.as_str()))
            .unwrap_or(text);
        let place = rules.gazetteer.place_written_as(text)?;
        (Some(place) != self.doc.meta.region.as_deref()).then(|| place.to_string())
    }

    /// Whether the number `k` ends its item: no word follows it, or the words
    /// that do run straight into the next number (a list written without its
    /// 、: 产业园15个优势特色产业集群9个), so they name the next item.
    fn ends_item(&self, k: usize) -> bool {
        let chars = self.chars();
        let end = self.quantities[k].end;
        let words = chars[end..]
            .iter()
            .take_while(|c| crate::text::is_han(**c))
            .count();
        words == 0
            || self
                .quantities
                .get(k + 1)
                .is_some_and(|next| next.start == end + words)
    }

    /// Where the part of the sentence holding the clause at `cs` starts: after
    /// the last semicolon before it, else where the sentence does.
    fn sentence_part_start(&self, cs: usize) -> usize {
        let (ss, _) = self.sentence();
        let chars = self.chars();
        (ss..cs)
            .rev()
            .find(|&i| chars[i] == ';')
            .map_or(ss, |i| i + 1)
    }

    /// The entity the sentence (or its part from `ss`) opens with, named by a
    /// suffix (or, when `places`, a place the gazetteer knows) and followed by
    /// what is said of it (成渝地区双城经济圈建设积厚成势,
    /// 合作共建重点项目完成年度投资5200亿元): the clauses after go on about it,
    /// when its clause holds no number and no clause between names another
    /// subject (another entity or place, the whole region: 广州新机场获批立项,
    /// 阳江机场选址获批,…).
    fn entity_opening_part(&self, ss: usize, cs: usize, places: bool) -> Option<String> {
        let chars = self.chars();
        let first_end = (ss..cs).find(|&i| is_clause_delimiter(chars[i]))?;
        if chars[first_end] != ','
            || self
                .quantities
                .iter()
                .any(|p| p.start >= ss && p.start < first_end)
        {
            return None;
        }
        // The entity is the sentence's subject: no verb or lead word before it
        // (深化开发区改革 is about reform).
        if self.after_lead_words(ss, first_end) != ss {
            return None;
        }
        let entity = match self.suffixed_entity_at(ss, first_end) {
            Suffixed::Entity(e) => e,
            Suffixed::InPassing => return None,
            // A place, opening a part after a semicolon (…;开封市打造宋文化主题
            // 街区,旅游收入增长18.5%). Opening a sentence, a place is mostly a
            // modifier (延安博物馆…落成开放,建成新型公共文化空间1870个).
            Suffixed::Nothing if places => self.entity_at(ss, first_end)?,
            Suffixed::Nothing => return None,
        };
        // 园区开发区: a class of places, not one.
        if self.doc.rules.entity_suffixes.at(chars, ss).is_some() {
            return None;
        }
        let another_entity = (first_end..cs)
            .filter(|&j| is_clause_delimiter(chars[j]))
            .any(|j| {
                let end = (j + 1..cs)
                    .find(|&x| is_clause_delimiter(chars[x]))
                    .unwrap_or(cs);
                self.entity_at(j + 1, end).is_some()
            });
        let another_subject = another_entity || self.whole_region_named_between(first_end, cs);
        (!another_subject).then_some(entity)
    }

    /// Whether a clause between the sentence's previous record and the clause
    /// at `cs` opens with the whole region (…产业园签约项目163个,全市外贸
    /// 进出口实现正增长,新设外资企业792家: the last figure is the region's again).
    fn whole_region_named_since_previous(&self, cs: usize) -> bool {
        (0..self.index)
            .rev()
            .find(|&k| self.is_record[k])
            .is_some_and(|last| self.whole_region_named_between(self.quantities[last].end, cs))
    }

    /// Whether a clause that opens after a delimiter in `chars[from..to]`
    /// opens with the whole region (全市, 全省…).
    fn whole_region_named_between(&self, from: usize, to: usize) -> bool {
        let chars = self.chars();
        (from..to)
            .filter(|&j| is_clause_delimiter(chars[j]))
            .any(|j| self.opens_with_whole_region(j + 1))
    }

    /// The entity named by the previous sentence of the paragraph, when this
    /// sentence opens with a verb (its subject elided). Only an entity with a
    /// suffix (中原科技城, 赣江新区) carries: a city or county named in a
    /// sentence of its own (南昌轨道交通4号线开通运营。) is news about one
    /// place in the document's list, and the next sentence is the document's
    /// region's again (新建城市道路120公里).
    fn entity_of_previous_sentence(&self) -> Option<String> {
        let sentences = &self.doc.segments.sentences;
        let k = self.sentence_index.checked_sub(1)?;
        let (cur, prev) = (&sentences[self.sentence_index], &sentences[k]);
        if prev.paragraph != cur.paragraph {
            return None;
        }
        let chars = self.chars();
        let cues = &self.doc.rules.cues;
        // 全市新增…: the sentence names the whole region again.
        if self.opens_with_whole_region(cur.start) {
            return None;
        }
        let mut i = cur.start;
        while let Some(w) = cues.indicator_strip_prefix.at(chars, i) {
            i += w.chars().count();
        }
        cues.counting_verbs.at(chars, i)?;
        (prev.start..prev.end)
            .rev()
            .filter(|&j| j == prev.start || is_clause_delimiter(chars[j - 1]))
            .find_map(|j| {
                let end = (j..prev.end)
                    .find(|&x| is_clause_delimiter(chars[x]))
                    .unwrap_or(prev.end);
                // A sentence of one clause states a topic, verb and all
                // (持续深化中原科技城融合发展。); in a longer one, only a
                // clause's subject is what the next sentence goes on about.
                let topic =
                    j == prev.start && !(end + 1..prev.end).any(|x| is_clause_delimiter(chars[x]));
                if topic {
                    self.entity_at(j, end)
                } else {
                    self.subject_entity_at(j, end)
                }
            })
            .filter(|e| {
                let e: Vec<char> = e.chars().collect();
                self.doc.rules.entity_suffixes.before(&e, e.len()).is_some()
            })
    }

    /// The entity `chars[i..end]` is about when it is the clause's subject:
    /// named where the clause opens, after time words only (2024年郑州机场…),
    /// not the object of a verb (打造一批零碳园区, 促进文创园区提质).
    fn subject_entity_at(&self, i: usize, end: usize) -> Option<String> {
        let subject = self.after_opening_words(i, end, false) == self.after_lead_words(i, end);
        subject.then(|| self.entity_at(i, end)).flatten()
    }

    /// Whether the text from `i` opens, after lead words, with a word for the
    /// document's whole region (全省通车总里程…, 全市新增…).
    fn opens_with_whole_region(&self, mut i: usize) -> bool {
        let chars = self.chars();
        while let Some(w) = self.doc.rules.cues.indicator_strip_prefix.at(chars, i) {
            if WHOLE_REGION.contains(&w) {
                return true;
            }
            i += w.chars().count();
        }
        false
    }

    /// 盐城、连云港分别增长6.1%和6.0%: the place of the figure's item when the
    /// clause lists places, each one a figure of the 分别 list after it.
    fn place_of_list_item(&self, cs: usize) -> Option<String> {
        let text = self.doc.cleaned.str(cs, self.q().start);
        let subject = &text[..crate::text::find_respectively(text)?];
        let head = self.list_head();
        if self.quantities[head].start < cs + subject.chars().count() {
            return None;
        }
        let g = &self.doc.rules.gazetteer;
        let items: Vec<&str> = subject.split(['、', '和', '与']).map(str::trim).collect();
        if items.len() != self.list_len(head) {
            return None;
        }
        let places = items
            .iter()
            .map(|i| g.place_written_as(i).map(str::to_string))
            .collect::<Option<Vec<String>>>()?;
        places
            .get(self.index - head)
            .map(|p| self.doc.rules.display_region(p))
    }

    /// A named entity (郑州机场, 中原科技城, 金水区) opening `chars[i..end]`, after time words and lead words.
    fn entity_at(&self, i: usize, end: usize) -> Option<String> {
        let i = self.after_lead_words(i, end);
        match self.suffixed_entity_at(i, end) {
            Suffixed::Entity(e) => Some(e),
            Suffixed::InPassing => None,
            Suffixed::Nothing => self.cut_entity_at(i, end).or_else(|| {
                let rules = self.doc.rules;
                let window = end.min(i + rules.entity_max_prefix + rules.entity_suffixes.max_len());
                let text = self.doc.cleaned.str(i, window);
                let p = rules.gazetteer.place_at_start(text)?;
                (Some(&p) != self.doc.meta.region.as_ref()).then_some(p)
            }),
        }
    }

    /// The entity a one-character lead word skipped before `i` opens (和 of
    /// 和平街道, 共 of 共和镇): the name's first character, not a word of its own.
    fn cut_entity_at(&self, i: usize, end: usize) -> Option<String> {
        let before = i.checked_sub(1)?;
        let strip = &self.doc.rules.cues.indicator_strip_prefix;
        if strip
            .at(self.chars(), before)
            .is_none_or(|w| w.chars().count() != 1)
        {
            return None;
        }
        match self.suffixed_entity_at(before, end) {
            Suffixed::Entity(e) => Some(e),
            _ => None,
        }
    }

    /// Where `chars[i..end]` goes on after its time words and lead words.
    fn after_lead_words(&self, i: usize, end: usize) -> usize {
        self.after_opening_words(i, end, true)
    }

    /// Where `chars[i..end]` goes on after its time words, and its lead
    /// words too when `leads`.
    fn after_opening_words(&self, mut i: usize, end: usize, leads: bool) -> usize {
        let chars = self.chars();
        let rules = self.doc.rules;
        // The clause from `i` on, a slice of the text; `at` is the byte `chars[i]` starts at in it.
        let text = self.doc.cleaned.str(i, end);
        let mut at = 0;
        let step = |i: &mut usize, at: &mut usize, n: usize| {
            *at += chars[*i..*i + n]
                .iter()
                .map(|c| c.len_utf8())
                .sum::<usize>();
            *i += n;
        };
        loop {
            let time = time_at_start(&text[at..]);
            // The first lead word of the three lists in turn (the indexed
            // lists answer for their non-empty words).
            let lead = leads
                .then(|| {
                    rules
                        .entity_lead_words
                        .at(chars, i)
                        .or_else(|| rules.cues.indicator_strip_prefix.at(chars, i))
                        .or_else(|| rules.cues.counting_verbs.at(chars, i))
                })
                .flatten()
                .map(|w| w.chars().count());
            match time.or(lead) {
                Some(n) if n > 0 && i + n < end => step(&mut i, &mut at, n),
                _ => break,
            }
            while i < end && matches!(chars[i], ',' | ' ' | '、') {
                step(&mut i, &mut at, 1);
            }
        }
        i
    }

    /// The entity named by a suffix (郑州机场, 中原科技城) that `chars[i..end]`
    /// opens with.
    fn suffixed_entity_at(&self, i: usize, end: usize) -> Suffixed {
        let chars = self.chars();
        let rules = self.doc.rules;
        if rules.entity_class_words.at(chars, i).is_some() {
            return Suffixed::Nothing;
        }
        let max_suffix = rules.entity_suffixes.max_len();
        let window = &chars[i..end.min(i + rules.entity_max_prefix + max_suffix)];
        // The longest Han prefix of the window that ends with a suffix, with
        // at most `entity_max_prefix` characters before its suffix.
        let han = window
            .iter()
            .take_while(|c| crate::text::is_han(**c))
            .count();
        let best = (2..=han).rev().find(|&stop| {
            rules.entity_suffixes.lens_before(window, stop).any(|n| {
                // (A bare suffix, 园区, names no entity.)
                stop > n && {
                    let entity: String = window[..stop].iter().collect();
                    let suffix: String = window[stop - n..stop].iter().collect();
                    rules.names_an_entity(&entity, &suffix)
                }
            })
        });
        let Some(stop) = best else {
            return Suffixed::Nothing;
        };
        // An entity followed by 、 or 等 is named in passing, one of a list or
        // an example (依托东山组团、物流园区等平台), not what the clause is about.
        let after = self.doc.cleaned.str(i + stop, end);
        let in_passing = rules
            .gazetteer
            .in_passing_after
            .iter()
            .any(|w| after.starts_with(w.as_str()));
        if in_passing {
            Suffixed::InPassing
        } else {
            Suffixed::Entity(window[..stop].iter().collect())
        }
    }
}

/// Whether a status cue sets a goal: a target cue other than 全年, which
/// alone says only that the figure is of a whole year (全年完成旅客吞吐量…
/// after a paragraph on 2024 reports 2024's).
fn sets_a_goal((status, word): &(&str, String)) -> bool {
    *status == "target" && word != "全年"
}

/// The time a sentence's `times` open its topic at `topic` with: a year
/// (not a span, 五年来, which frames its own paragraph only) and a part of
/// the year.
fn topic_of(times: &[TimeExpr], topic: usize) -> Option<Topic> {
    let year = times
        .iter()
        .filter(|e| e.start <= topic + 1)
        .filter(|e| !matches!(e.period.as_deref(), Some("multi-year" | "cumulative")))
        .filter(|e| !is_whole_year(e))
        .find(|e| matches!(e.year, YearRef::Absolute(_) | YearRef::Offset(_)))
        .map(|e| e.year);
    let part = opening_part(times, topic);
    (year.is_some() || part.is_some()).then_some(Topic { year, part })
}

/// Whether the part of the year an earlier sentence opens with is the
/// period of a figure where the headline gives one too: a headline's part
/// says more (前三季度… over the body's 9月份,…), but not over the span up to
/// it (a 第三季度经济运行分析会 whose body reports 前三季度, Q1-Q3).
fn says_more_than_headline(carried: &str, headline: Option<&str>) -> bool {
    let Some(headline) = headline else {
        return true;
    };
    carried.contains('-') && carried.rsplit('-').next() == headline.rsplit('-').next()
}

/// What the first sentence of a paragraph says of its time.
#[derive(Debug)]
struct Opening {
    /// The year its first clause names (2023年, 今年; 陈茂波去年曾称): the
    /// paragraph's year.
    year: Option<YearRef>,
    /// The time that is its first words (2024年,全市…; 前三季度,…): a topic
    /// the paragraphs after it may go on with.
    topic: Option<Topic>,
    /// Whether its opening clause names a time.
    timed: bool,
}

/// A time that opens a paragraph as its topic.
#[derive(Debug)]
struct Topic {
    year: Option<YearRef>,
    /// A part of the year (Q1-Q3).
    part: Option<String>,
}

/// What the earlier sentences of a paragraph say of a figure's time.
struct EarlierTime {
    /// The nearest year that opens one of them as its topic.
    time: Option<TimeExpr>,
    /// A part of the year that opens one of them (上半年,…).
    part: Option<String>,
}

/// What an entity suffix (机场, 园区) names where a stretch of text opens.
enum Suffixed {
    /// No suffix ends a name there.
    Nothing,
    /// One does, but the entity is named in passing (a list member, an example).
    InPassing,
    Entity(String),
}

/// The part of a year that opens a sentence starting at `start` as its
/// topic (上半年,…; 2024年1-9月,…), among the sentence's `times`.
fn opening_part(times: &[TimeExpr], start: usize) -> Option<String> {
    let first = times.iter().find(|p| {
        (start..=start + 1).contains(&p.start)
            && p.period
                .as_deref()
                .is_some_and(|x| !matches!(x, "multi-year" | "cumulative"))
    })?;
    let period = first.period.clone()?;
    // (一季度下降6.8%，上半年降幅收窄至1.6%，全年增长2.3%: a sentence that runs
    // on through the year to a longer stretch from January, or to the whole
    // year, opens no part for the sentences after it; 其中6月份 does not.)
    let ends = last_month(&period);
    let runs_on = times.iter().any(|p| {
        p.start > first.start
            && (is_whole_year(p)
                || p.period.as_deref().is_some_and(|x| {
                    from_january(x) && last_month(x).zip(ends).is_some_and(|(l, e)| l > e)
                }))
    });
    (!runs_on).then_some(period)
}

/// The last year written out (2024年) among `times` that does `role`.
fn last_year_of_role(times: Vec<TimeExpr>, role: Role) -> Option<i32> {
    times
        .into_iter()
        .rev()
        .filter(|e| e.role == role)
        .find_map(|e| match e.year {
            YearRef::Absolute(y) => Some(y),
            _ => None,
        })
}

/// Whether `chars` name a day or a month (2月13日, 截至6月底), not a range of
/// months (1-5月).
fn names_a_date(chars: &[char]) -> bool {
    (1..chars.len()).any(|i| {
        let digits = chars[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
        // (截至6月底 and 直到9月 end no range.)
        let ranged = i > digits
            && match chars[i - digits - 1] {
                '-' | '~' | '—' | '–' => true,
                '至' | '到' => i < digits + 2 || !matches!(chars[i - digits - 2], '截' | '直'),
                _ => false,
            };
        digits > 0 && (chars[i] == '日' || chars[i] == '月' && !ranged)
    })
}

/// Whether a period runs from the start of the year (Q1, H1, Q1-Q3, M01-M09).
fn from_january(period: &str) -> bool {
    ["Q1", "H1", "M01"].iter().any(|p| period.starts_with(p))
}

/// The last month of a period as the records write it: Q4 → 12, Q1-Q3 → 9,
/// H1 → 6, M01-M11 → 11.
fn last_month(period: &str) -> Option<u32> {
    let last = period.rsplit('-').next()?;
    let n: u32 = last.get(1..)?.parse().ok()?;
    match last.chars().next()? {
        'Q' => Some(n * 3),
        'H' => Some(n * 6),
        'M' => Some(n),
        _ => None,
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

/// The longest clause read as a place's topic (从新疆维吾尔自治区看 is 11).
const TOPIC_MAX_CHARS: usize = 16;

/// Whether the 年 at `i` closes the name of one year (2024年平均上涨2.18%,
/// 全年平均: that year's average), not a span (2021—2024年平均, 五年平均).
fn closes_one_year(chars: &[char], i: usize) -> bool {
    let Some(&before) = i.checked_sub(1).and_then(|k| chars.get(k)) else {
        return false;
    };
    if "今去全上本当该".contains(before) {
        return true;
    }
    if !before.is_ascii_digit() {
        return false;
    }
    let digits = chars[..i]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let opening = chars[..i - digits].last();
    !opening.is_some_and(|c| "-–—~～至到".contains(*c))
}
