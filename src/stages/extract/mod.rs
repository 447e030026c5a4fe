//! Stage 3, extract: every numeral of every sentence becomes either an
//! indicator record (value, unit, kind, qualifier, status, period, region,
//! indicator name) or a skipped row that says why it is not one.

pub mod canonical;
pub mod clause;
pub mod context;
pub mod document;
pub mod indicator;
pub mod number;
pub mod phrase;
pub mod table;

use std::path::PathBuf;

use serde::Deserialize;

use crate::dataset::rows::{record_id, Record, Skipped};
use crate::rules::lexicon::IndicatorEntry;
use crate::rules::{SpecialKind, UnitEntry};
use crate::text::{ends_with_at, is_han, is_one_of, starts_with_at};
use context::Context;
use document::Doc;
use number::Quantity;

/// `[extract]`: the rules the extractor uses.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExtractConfig {
    /// A rules file replacing the embedded defaults.
    pub rules_file: Option<PathBuf>,
    /// More units, added to the rules' lexicon.
    pub extra_units: Vec<UnitEntry>,
    /// A canonical-indicator lexicon replacing the embedded `indicators.toml`.
    pub indicators_file: Option<PathBuf>,
    /// More canonical indicators, or more forms and patterns for the lexicon's.
    pub extra_indicators: Vec<IndicatorEntry>,
}

/// Extracts the records and skipped numerals of one document.
pub fn extract(doc: &Doc) -> (Vec<Record>, Vec<Skipped>) {
    let chars = &doc.cleaned.chars;
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    // The raw text as characters, for a record's `value_text`: only for
    // files not in UTF-8, whose text is sliced straight from its bytes.
    let raw_chars = std::cell::OnceCell::new();
    let raw_text = |s: usize, e: usize| match doc.decoded.utf8_slice(s, e) {
        Some(text) => text.to_string(),
        None => crate::text::string_of(
            &raw_chars.get_or_init(|| doc.decoded.text.chars().collect::<Vec<char>>())[s..e],
        ),
    };
    // Whether each record stands in a headline (the title line or a heading).
    let mut in_headline: Vec<bool> = Vec::new();
    let memo = context::Memo::new(doc);
    // The paragraph of the document's last record so far.
    let mut earlier_paragraph = None;
    for (si, sentence) in doc.segments.sentences.iter().enumerate() {
        // A table's rows are read as rows and cells, never as prose.
        if table::in_table(doc, sentence.start) {
            continue;
        }
        let quantities = number::scan(chars, sentence.start, sentence.end, doc.rules);
        // A sentence without numerals yields nothing: its text is never built.
        if quantities.is_empty() {
            continue;
        }
        let mut sentence_records: Vec<Record> = Vec::new();
        let reasons: Vec<Option<&'static str>> = quantities
            .iter()
            .map(|q| skip_reason(chars, q, sentence.start, sentence.end, doc))
            .collect();
        let is_record: Vec<bool> = reasons.iter().map(Option::is_none).collect();
        let sentence_text = doc.cleaned.str(sentence.start, sentence.end).to_string();
        // The sentence's section, worked out for its first record.
        let section = std::cell::OnceCell::new();
        for (qi, q) in quantities.iter().enumerate() {
            let (raw_s, raw_e) = doc.cleaned.raw_range(q.start, q.end);
            let (byte_s, byte_e) = doc.decoded.byte_range(raw_s, raw_e);
            let value_text = raw_text(raw_s, raw_e);
            let sentence_text = sentence_text.clone();
            if let Some(reason) = reasons[qi] {
                skipped.push(Skipped {
                    doc_id: doc.doc_id.to_string(),
                    source_file: doc.source_file.to_string(),
                    text: value_text,
                    reason: reason.to_string(),
                    char_start: raw_s as i64,
                    char_end: raw_e as i64,
                    byte_start: byte_s as i64,
                    byte_end: byte_e as i64,
                    sentence: sentence_text,
                });
                continue;
            }
            let ctx = Context {
                doc,
                sentence_index: si,
                quantities: &quantities,
                is_record: &is_record,
                skip_reasons: &reasons,
                index: qi,
                previous: &sentence_records,
                earlier: records.last(),
                earlier_in_paragraph: earlier_paragraph == Some(sentence.paragraph),
                memo: &memo,
            };
            let fields = fields(&ctx);
            let unit = q.unit();
            let record = Record {
                record_id: record_id(doc.doc_id, raw_s, raw_e),
                doc_id: doc.doc_id.to_string(),
                source_file: doc.source_file.to_string(),
                region: fields.region,
                indicator: fields.indicator,
                indicator_code: None,
                indicator_name: None,
                kind: fields.kind.to_string(),
                value: fields.value,
                value_max: q.value_max.map(|v| if fields.value < 0.0 { -v } else { v }),
                unit: if fields.kind == "rank" { None } else { unit },
                value_normalized: (fields.kind != "rank")
                    .then(|| number::scaled(fields.value, q.factor())),
                unit_normalized: if fields.kind == "rank" {
                    None
                } else {
                    q.base_unit()
                },
                qualifier: fields.qualifier.to_string(),
                status: fields.status.to_string(),
                period_year: fields.period_year,
                period: fields.period,
                value_text,
                char_start: raw_s as i64,
                char_end: raw_e as i64,
                byte_start: byte_s as i64,
                byte_end: byte_e as i64,
                sentence: sentence_text,
                section: section
                    .get_or_init(|| table::section_of(doc, sentence.paragraph))
                    .clone(),
                rule: fields.rule,
                evidence: fields.evidence.into_string(),
            };
            sentence_records.push(record);
        }
        let headline = is_headline(doc, sentence.paragraph);
        in_headline.extend(sentence_records.iter().map(|_| headline));
        if !sentence_records.is_empty() {
            earlier_paragraph = Some(sentence.paragraph);
        }
        records.extend(sentence_records);
    }
    headlines_restate_the_body(&mut records, &in_headline);
    let (table_records, table_skipped) = table::extract(doc);
    if !table_records.is_empty() || !table_skipped.is_empty() {
        records.extend(table_records);
        skipped.extend(table_skipped);
        // Text order: prose and table figures interleave as in the document.
        records.sort_by_key(|r| r.char_start);
        skipped.sort_by_key(|s| s.char_start);
    }
    canonical::assign(&mut records, doc.rules);
    (records, skipped)
}

/// The fields worked out for one record.
#[derive(Debug, Clone)]
pub struct Fields {
    pub indicator: Option<String>,
    pub kind: &'static str,
    pub value: f64,
    pub qualifier: &'static str,
    pub status: &'static str,
    pub period_year: Option<i32>,
    pub period: Option<String>,
    pub region: Option<String>,
    pub rule: String,
    pub evidence: Evidence,
}

/// Which cue decided each field of a record: its parts joined by `; `,
/// written in place as they come, not a `format!` string per part joined
/// per record (0.4 % of a run's instructions, BENCHMARKS.md).
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    text: String,
    parts: usize,
}

impl Evidence {
    /// An evidence with room for a record's usual parts (about 250 bytes),
    /// so that it is not grown again and again as they come.
    pub fn for_a_record() -> Evidence {
        Evidence {
            text: String::with_capacity(320),
            parts: 0,
        }
    }

    /// Adds a part.
    pub fn push(&mut self, part: impl std::fmt::Display) {
        use std::fmt::Write as _;
        if self.parts > 0 {
            self.text.push_str("; ");
        }
        self.parts += 1;
        // Writing into a `String` cannot fail.
        let _ = write!(self.text, "{part}");
    }

    /// The parts joined.
    pub fn into_string(self) -> String {
        self.text
    }
}

/// Works out every field of a record that comes from its surroundings.
fn fields(ctx: &Context) -> Fields {
    let mut evidence = Evidence::for_a_record();
    let (indicator, rule) = indicator::indicator(ctx, &mut evidence);
    let (kind, negative) = ctx.kind(indicator.as_deref(), &mut evidence);
    let q = ctx.q();
    let value = if negative { -q.value } else { q.value };
    let qualifier = ctx.qualifier(&mut evidence);
    let status = ctx.status(&mut evidence);
    let (period_year, period) = ctx.period(status, &mut evidence);
    let region = ctx.region(&mut evidence);
    Fields {
        indicator,
        kind,
        value,
        qualifier,
        status,
        period_year,
        period,
        region,
        rule,
        evidence,
    }
}

/// The document's first line (its title) and its headings outside a framed
/// section (whose frame decides instead) are headlines.
fn is_headline(doc: &Doc, paragraph: usize) -> bool {
    /// A web page's title stands after its navigation lines, among the first few.
    const TITLE_WITHIN: usize = 4;
    let p = &doc.segments.paragraphs[paragraph];
    paragraph == 0
        || p.heading.is_some() && p.frame.is_none()
        || paragraph < TITLE_WITHIN
            && doc
                .meta
                .title
                .as_deref()
                .is_some_and(|t| doc.cleaned.str(p.start, p.end).trim() == t.trim())
}

/// A figure in a headline restates one of the body (“专精特新”企业达到3554家 ……
/// over the story that reports it): it takes the time and status the body
/// gives the same value and unit.
fn headlines_restate_the_body(records: &mut [Record], in_headline: &[bool]) {
    for i in 0..records.len() {
        if !in_headline[i] {
            continue;
        }
        let body = (i + 1..records.len()).find(|&j| {
            !in_headline[j]
                && records[j].value == records[i].value
                && records[j].unit == records[i].unit
                && records[j].kind == records[i].kind
        });
        if let Some(j) = body {
            let (status, year, period, at) = (
                records[j].status.clone(),
                records[j].period_year,
                records[j].period.clone(),
                records[j].char_start,
            );
            let r = &mut records[i];
            r.evidence.push_str(&format!(
                "; status, period_year, period as the body's restatement at character {at}"
            ));
            (r.status, r.period_year, r.period) = (status, year, period);
        }
    }
}

/// Why a numeral is not an indicator, or `None` when it is one.
fn skip_reason(
    chars: &[char],
    q: &Quantity,
    s_start: usize,
    s_end: usize,
    doc: &Doc,
) -> Option<&'static str> {
    let rules = doc.rules;
    let after = q.end;
    let next = chars.get(after).copied();
    let before = (q.start > 0).then(|| chars[q.start - 1]);
    if q.rank_word {
        return (!in_ranking(chars, q, s_start, rules)).then_some("unranked");
    }
    // 首九个月: the first months of a year, a period (前九个月 goes as a rank
    // word that ranks nothing, above).
    if before == Some('首') && starts_with_at(chars, q.num_end, "个月") {
        return Some("period");
    }
    // 连续9个月正成长, 连续10个季度超过全国: how long a streak has lasted, as
    // 连续5年 is (the spec's time references are periods, no figures).
    if ends_with_at(chars, q.start, "连续")
        && (rules.skip.streak_units.iter()).any(|w| starts_with_at(chars, q.num_end, w))
    {
        return Some("period");
    }
    // A quoted name (“1号”, “三个一批”, “18条”); a quoted measurement (“强度达到2%”) stays a record.
    if in_short_quote(chars, q, s_start, s_end, rules.skip.max_label_quote_chars)
        && (!q.has_unit()
            || q.chinese && q.special.is_none()
            || category_of(q, rules)
                .is_some_and(|c| rules.skip.label_quote_categories.contains(&c)))
    {
        return Some("label");
    }
    let skip = &rules.skip;
    let within = |units: &[String], words: &[String]| {
        names_within(
            chars,
            q,
            s_end.min(q.end + skip.session_window),
            units,
            words,
        )
    };
    if within(&skip.session_units, &skip.session_words)
        || within(&skip.zone_units, &skip.zone_words)
        || in_name_word(chars, q, rules)
        || is_age_band(chars, q, rules)
        || is_class_amount(chars, q, rules)
    {
        return Some("label");
    }
    // 19/20度: the second half of a fiscal year.
    if q.num_start >= 3
        && chars[q.num_start - 1] == '/'
        && chars[q.num_start - 2].is_ascii_digit()
        && matches!(chars.get(q.num_end), Some('年' | '度'))
    {
        return Some("date");
    }
    if is_numbered_item(chars, q) {
        return Some("list_marker");
    }
    if before.is_some_and(|c| c.is_ascii_alphabetic())
        || next.is_some_and(|c| c.is_ascii_alphabetic()) && !q.has_unit()
    {
        return Some("label");
    }
    if is_date_pattern(chars, q) || in_fiscal_year(chars, q) {
        return Some("date");
    }
    if !q.has_unit() || q.multiplier.is_none() && q.base.is_none() && q.special.is_none() {
        if let Some(w) = rules
            .skip
            .date_suffixes
            .iter()
            .find(|w| starts_with_at(chars, after, w))
        {
            let year_like =
                !q.chinese && (1900.0..=2100.0).contains(&q.value) && q.value.fract() == 0.0;
            return Some(
                if w == "年" && !year_like && !is_digit_string_year(chars, q) {
                    "period"
                } else {
                    "date"
                },
            );
        }
        if rules
            .skip
            .period_suffixes
            .iter()
            .any(|w| starts_with_at(chars, after, w))
            || starts_with_at(chars, after, "个月")
        {
            return Some("period");
        }
    }
    if is_list_marker(chars, q, doc) {
        return Some("list_marker");
    }
    if !q.has_unit()
        && rules
            .skip
            .label_suffixes
            .iter()
            .any(|w| starts_with_at(chars, after, w))
    {
        return Some("label");
    }
    if q.has_unit()
        && rules
            .skip
            .label_units
            .iter()
            .any(|w| starts_with_at(chars, q.num_end, w))
    {
        return Some("label");
    }
    let numbered = |w: &String| {
        let n = w.chars().count();
        q.start >= n && starts_with_at(chars, q.start - n, w)
    };
    if rules.skip.label_prefixes.iter().any(numbered) {
        return Some("label");
    }
    if q.rank_suffix.as_deref() == Some("强") && next.is_some_and(is_han) {
        return Some("label");
    }
    if q.chinese && q.base.is_some() && next.is_some_and(|c| matches!(c, '“' | '"' | '《')) {
        return Some("label");
    }
    if let Some(reason) = prose_or_threshold(chars, q, s_end, doc) {
        return Some(reason);
    }
    let ranked_prefix = matches!(q.prefix.as_deref(), Some("第" | "前"));
    // (第3和第1位: a rank joined to the next of its list is no ordinal.)
    let joined_rank = || {
        ["和第", "及第", "与第"]
            .iter()
            .any(|w| starts_with_at(chars, q.end, w))
    };
    if q.prefix.as_deref() == Some("第")
        && q.rank_suffix.is_none()
        && (q.has_unit() || next.is_some_and(is_han) && !joined_rank())
    {
        return Some("ordinal");
    }
    if ranked_prefix || q.rank_suffix.is_some() {
        return (!in_ranking(chars, q, s_start, rules)).then_some("unranked");
    }
    if !q.has_unit() {
        return Some("no_unit");
    }
    if q.special
        .as_ref()
        .is_some_and(|s| s.1 == SpecialKind::Tenths)
        && !q.chinese
        && q.value > 10.0
    {
        return Some("no_unit");
    }
    None
}

/// Whether a rank's clause says where or how it ranks (居, 排名, 跻身, 提升,
/// 全国, 西北…) before it, or the rank is a place (第9名): a rank word with no
/// ranking around it is an idiom or a name (把安全摆在首位, 坚持生态第一,
/// 首位产业, 提前12小时, 第一、第三产业).
fn in_ranking(chars: &[char], q: &Quantity, s_start: usize, rules: &crate::rules::Rules) -> bool {
    if q.prefix.as_deref() == Some("第") && q.rank_suffix.as_deref() == Some("名") {
        return true;
    }
    let clause_start = (s_start..q.start)
        .rev()
        .find(|&i| context::is_clause_delimiter(chars[i]))
        .map_or(s_start, |i| i + 1);
    let clause = &chars[clause_start..q.start];
    let has = |w: &str| (0..clause.len()).any(|i| starts_with_at(clause, i, w));
    let cues = &rules.cues;
    cues.rank_context
        .iter()
        .chain(&cues.rank_moves)
        .any(|w| has(w))
        || indicator::RANK_SCOPES.iter().any(|w| has(w))
}

/// The category of a quantity's base unit (count, money…).
fn category_of(q: &Quantity, rules: &crate::rules::Rules) -> Option<String> {
    let base = q.base.as_ref()?;
    rules
        .bases
        .iter()
        .find(|b| &b.text == base)
        .map(|b| b.category.clone())
}

/// 十八届三中全会, 十四届四次会议 (the ordinal of a session), 15分钟生活圈 (a
/// zone): a number in one of `units` followed, before `limit` and within its
/// clause, by one of `words` is part of a name.
fn names_within(
    chars: &[char],
    q: &Quantity,
    limit: usize,
    units: &[String],
    words: &[String],
) -> bool {
    if q.multiplier.is_some() || !q.base.as_ref().is_some_and(|b| units.contains(b)) {
        return false;
    }
    let end = (q.end..limit)
        .find(|&i| matches!(chars[i], ',' | ';' | '。' | ':' | '\n'))
        .unwrap_or(limit);
    (q.end..end).any(|i| words.iter().any(|w| starts_with_at(chars, i, w)))
}

/// 三元乳业, 八方英才: the numeral is part of a name or an idiom.
fn in_name_word(chars: &[char], q: &Quantity, rules: &crate::rules::Rules) -> bool {
    rules.skip.name_words.covers(chars, q.start)
}

/// 65岁及以上老人, 3岁以下婴幼儿, 2-3岁幼儿: an age followed (past at most
/// one band word) by a noun names a group of people; it measures nothing.
fn is_age_band(chars: &[char], q: &Quantity, rules: &crate::rules::Rules) -> bool {
    let skip = &rules.skip;
    if !q.base.as_ref().is_some_and(|b| skip.age_units.contains(b)) {
        return false;
    }
    let band = skip
        .age_band_words
        .iter()
        .filter(|w| starts_with_at(chars, q.end, w))
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    chars.get(q.end + band).is_some_and(|c| is_han(*c))
}

/// 百亿企业, 千亿产业链: a round amount alone before a noun names a class.
fn is_class_amount(chars: &[char], q: &Quantity, rules: &crate::rules::Rules) -> bool {
    let skip = &rules.skip;
    let text = &chars[q.start..q.end];
    // (连跨4个千亿台阶: counted, the amount is a step's size, not a level reached.)
    let counted = q.start > 0 && chars[q.start - 1] == '个';
    is_one_of(text, &skip.class_amounts)
        && (counted
            || chars.get(q.end).is_some_and(|c| is_han(*c))
                && !skip
                    .class_amount_exceptions
                    .iter()
                    .any(|w| starts_with_at(chars, q.end, w)))
}

/// 8.6个重大科技专项 opening item 8 of a numbered list (7. … 8. … 9. …):
/// the 8. is the item's number, not part of a decimal.
fn is_numbered_item(chars: &[char], q: &Quantity) -> bool {
    let at_line_start = q.start == 0 || chars[q.start - 1] == '\n';
    let digits = chars[q.num_start..q.num_end]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if !at_line_start || chars.get(q.num_start + digits) != Some(&'.') {
        return false;
    }
    let n: u32 = chars[q.num_start..q.num_start + digits]
        .iter()
        .collect::<String>()
        .parse()
        .unwrap_or(0);
    let number_of = |line_start: usize| -> Option<u32> {
        let d = chars[line_start..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        (d > 0 && chars.get(line_start + d) == Some(&'.'))
            .then(|| {
                chars[line_start..line_start + d]
                    .iter()
                    .collect::<String>()
                    .parse()
                    .ok()
            })
            .flatten()
    };
    // The lines before and after, past blank lines (paragraphs of a web page).
    let prev_line = (0..q.start.saturating_sub(1))
        .rev()
        .find(|&i| chars[i] == '\n' && chars.get(i + 1).is_some_and(|c| *c != '\n'))
        .map_or(0, |i| i + 1);
    let next_line = (q.end..chars.len())
        .find(|&i| chars[i] == '\n' && chars.get(i + 1).is_some_and(|c| *c != '\n'))
        .map(|i| i + 1);
    q.start > 0 && number_of(prev_line) == Some(n.wrapping_sub(1))
        || next_line.is_some_and(|l| l < chars.len() && number_of(l) == Some(n + 1))
}

/// A small count in Chinese numerals (三项改革, 两个确保) is prose, not a measurement;
/// a number that scales a name (2000平米以上商超, 千亿级) is part of the name when the
/// clause goes on to measure something else.
fn prose_or_threshold(
    chars: &[char],
    q: &Quantity,
    s_end: usize,
    doc: &Doc,
) -> Option<&'static str> {
    let rules = doc.rules;
    let small_chinese =
        q.chinese && q.value < 10.0 && q.num_end - q.num_start == 1 && q.prefix.is_none();
    if small_chinese && category_of(q, rules).as_deref() == Some("count") && q.multiplier.is_none()
    {
        return Some("prose_count");
    }
    if starts_with_at(chars, q.end, "级") {
        return Some("label");
    }
    let thresholds = ["以上", "以下"];
    let threshold_word = thresholds
        .iter()
        .find(|t| starts_with_at(chars, q.end, t))
        .copied();
    // (A bare amount before a noun, 产值超亿元企业58家, 超亿元的项目, classes
    // the noun as 亿元以上 does.)
    let bare = q.num_end == q.num_start && q.has_unit();
    // (超10亿元项目8个: an amount over which a noun is classed, as 亿元以上;
    // not a count, 超200个高端科研项目, which counts the noun.)
    let above = ["超过", "超", "逾"]
        .iter()
        .any(|w| ends_with_at(chars, q.start, w))
        && category_of(q, rules).as_deref() != Some("count");
    let de = if starts_with_at(chars, q.end, "的") {
        "的"
    } else {
        ""
    };
    if let Some(t) = threshold_word.or((bare || above).then_some(de)) {
        let after = q.end + t.chars().count();
        if chars.get(after).is_some_and(|c| is_han(*c)) {
            let clause_end = (after..s_end)
                .find(|&i| matches!(chars[i], ',' | ';' | '。' | ':' | '、'))
                .unwrap_or(s_end);
            let more = number::scan(chars, after, clause_end, rules);
            // (A bare amount after it, 200个以上投资超亿元的项目, is a class of its
            // own; one in the same unit and with the same word or 的 after it is
            // a figure of the same kind: 七成以上的技术创新成果和八成以上的…就业,
            // 六成以上的税收和近七成的就业.)
            let parallel = |m: &Quantity| {
                !t.is_empty()
                    && m.unit() == q.unit()
                    && (starts_with_at(chars, m.end, t) || starts_with_at(chars, m.end, "的"))
            };
            if more
                .iter()
                .any(|m| m.has_unit() && m.num_end > m.num_start && !parallel(m))
            {
                return Some("threshold");
            }
        }
    }
    None
}

fn is_digit_string_year(chars: &[char], q: &Quantity) -> bool {
    q.chinese
        && q.num_end - q.num_start == 4
        && chars[q.num_start..q.num_end]
            .iter()
            .all(|c| "〇零一二三四五六七八九".contains(*c))
}

/// The 20 of 19/20度 or 2019-20年度: part of a fiscal year.
fn in_fiscal_year(chars: &[char], q: &Quantity) -> bool {
    let from = q.start.saturating_sub(5);
    let to = (q.end + 4).min(chars.len());
    // The expression is cut from the window: no / or - in it, none with one.
    if !chars[from..to].iter().any(|c| matches!(c, '/' | '-')) {
        return false;
    }
    crate::stages::time::time_exprs(chars, from, to)
        .iter()
        .any(|e| e.start <= q.num_start && q.num_end <= e.end && e.text.contains(['/', '-']))
}

/// 2024-09-19, 2024/9/19, 12:06: parts of dates and clock times.
fn is_date_pattern(chars: &[char], q: &Quantity) -> bool {
    if q.has_unit() {
        return false;
    }
    let (s, e) = (q.num_start, q.num_end);
    let digit_at = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_digit());
    let sep_at = |i: usize| matches!(chars.get(i), Some('-' | '/' | '.'));
    let year_first = e - s == 4 && sep_at(e) && digit_at(e + 1);
    // The 09 or 19 of a date: separators and digits back to a four-digit year.
    let mut k = s;
    let mut part_of_date = false;
    while k >= 2 && sep_at(k - 1) && digit_at(k - 2) {
        let mut j = k - 1;
        while j > 0 && digit_at(j - 1) {
            j -= 1;
        }
        if k - 1 - j == 4 {
            part_of_date = true;
            break;
        }
        k = j;
    }
    let clock = chars.get(e) == Some(&':') && digit_at(e + 1)
        || s >= 2 && chars[s - 1] == ':' && digit_at(s - 2);
    year_first || part_of_date || clock
}

/// Is the numeral inside a short quotation (“1号”, “三个一批”, 《2023年规划》)?
fn in_short_quote(chars: &[char], q: &Quantity, s_start: usize, s_end: usize, max: usize) -> bool {
    let pairs = [
        ('“', '”'),
        ('"', '"'),
        ('‘', '’'),
        ('「', '」'),
        ('《', '》'),
    ];
    let last_marks = last_marks_before(chars, s_start, q.start, &pairs);
    for ((open, close), last) in pairs.into_iter().zip(last_marks) {
        let Some(o) = last else {
            continue;
        };
        if chars[o] != open {
            continue;
        }
        if open == '"' {
            // Straight quotes: an odd number before means we are inside.
            if chars[s_start..q.start]
                .iter()
                .filter(|c| **c == '"')
                .count()
                % 2
                == 0
            {
                continue;
            }
        }
        let Some(c) = (q.end..s_end).find(|&i| chars[i] == close) else {
            continue;
        };
        if open == '《' || c - o - 1 <= max {
            return true;
        }
    }
    false
}

/// For each pair of quote marks, where the last of its two marks stands in
/// `chars[from..to]`: one pass back over the text for all the pairs.
fn last_marks_before<const N: usize>(
    chars: &[char],
    from: usize,
    to: usize,
    pairs: &[(char, char); N],
) -> [Option<usize>; N] {
    let mut last = [None; N];
    let mut missing = N;
    for i in (from..to).rev() {
        let c = chars[i];
        // Most characters are no mark of any pair.
        if !pairs.iter().any(|&(open, close)| c == open || c == close) {
            continue;
        }
        for (k, &(open, close)) in pairs.iter().enumerate() {
            if last[k].is_none() && (c == open || c == close) {
                last[k] = Some(i);
                missing -= 1;
            }
        }
        if missing == 0 {
            break;
        }
    }
    last
}

/// 一是, 1., (二), 3、 at the start of a paragraph or item.
fn is_list_marker(chars: &[char], q: &Quantity, doc: &Doc) -> bool {
    let next = chars.get(q.end).copied();
    let before = (q.start > 0).then(|| chars[q.start - 1]);
    if q.has_unit() || q.prefix.is_some() {
        return false;
    }
    if before == Some('(') && next == Some(')') {
        return true;
    }
    let at_line_start = before.is_none_or(|c| c == '\n' || c == ' ');
    if at_line_start && matches!(next, Some('、' | '.' | ')' | ' ')) {
        return true;
    }
    q.chinese
        && doc
            .rules
            .skip
            .list_markers
            .iter()
            .any(|m| starts_with_at(chars, q.end, m))
}
