//! Phrase surgery for indicator names, on plain character sequences: drop the
//! discourse words, reporting frames, time and comparison phrases that are
//! never part of what a number measures, split a noun from the predicate that
//! follows it, and put the pair back in modifier–head order. No knowledge of
//! where a phrase stands in the document: `indicator.rs` decides which phrase
//! to ask about.

use crate::rules::names::NameRules;
use crate::text::{match_any, match_any_before, starts_with_at};

/// Characters that open an item but say nothing: list dashes, bullets and
/// arrows (▶地区生产总值增长5.3%, as a digest of a report lists its figures).
const BULLETS: &str = "─—-•·*#●○◎■□▪◆◇❖▲△►▶▸▷➤➢→★☆✔√";

fn is_bullet(c: char) -> bool {
    BULLETS.contains(c) || ('①'..='⑳').contains(&c)
}

/// True when `s` is nothing but lead words (除, 但仍) or the `extra` words (全市).
pub fn is_all_lead(names: &NameRules, extra: &[String], s: &[char]) -> bool {
    let mut i = 0;
    while i < s.len() {
        if s[i] == ' ' || is_bullet(s[i]) {
            i += 1;
            continue;
        }
        match names.lead_words.at(s, i).or_else(|| match_any(s, i, extra)) {
            Some(w) => i += w.chars().count(),
            None => return false,
        }
    }
    true
}

/// Drops bullets and lead words (但仍, 这份, 把, 就是要…) from the front.
pub fn strip_lead(names: &NameRules, s: &mut Vec<char>) -> bool {
    let before = s.len();
    loop {
        while s.first().is_some_and(|c| is_bullet(*c) || *c == ' ') {
            s.remove(0);
        }
        // 14.2025年10件民生实事: a numbered list marker.
        let digits = s.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && digits + 1 < s.len() && matches!(s[digits], '.' | '、') {
            s.drain(..=digits);
            continue;
        }
        if names.lead_keep.at(s, 0).is_some() {
            break;
        }
        match names.lead_words.at(s, 0) {
            Some(w) if w.chars().count() < s.len() => {
                s.drain(..w.chars().count());
            }
            _ => break,
        }
    }
    s.len() != before
}

/// Drops a reporting frame up to its verb (消息人士称其中 → 其中), or a
/// dateline run into its story (中央社台北22日电经济部… → 经济部…).
pub fn cut_reporting(names: &NameRules, s: &mut Vec<char>) -> bool {
    let dateline_end = |i: usize| {
        (i > 0
            && s[i - 1].is_ascii_digit()
            && s[i] == '日'
            && matches!(s.get(i + 1), Some('电' | '讯')))
        .then_some(i + 2)
    };
    let cut = (0..s.len())
        .rev()
        .find_map(|i| {
            names
                .reporting_verbs
                .at(s, i)
                .map(|v| i + v.chars().count())
                .or_else(|| dateline_end(i))
        })
        .filter(|&end| end < s.len());
    if let Some(end) = cut {
        s.drain(..end);
        return true;
    }
    false
}

/// Removes every comparison frame, then every time phrase, wherever it stands.
pub fn remove_time_and_comparison(names: &NameRules, s: &mut Vec<char>) -> bool {
    let text = crate::text::string_of(s);
    // No pattern matches: nothing to remove (the passes below would find nothing).
    if !names.time_or_comparison.is_match(&text) {
        return false;
    }
    let mut out = text.clone();
    for re in names.comparison_patterns.iter().chain(&names.note_patterns) {
        // No match leaves the text borrowed: no copy per pattern.
        if let std::borrow::Cow::Owned(o) = re.replace_all(&out, "") {
            out = o;
        }
    }
    for re in &names.time_patterns {
        out = remove_unguarded(names, re, &out);
    }
    if out != text {
        *s = out.chars().collect();
        return true;
    }
    false
}

/// Removes the matches of `re` from `text`, except a match whose first
/// character ends a guard word with the character before it (项目前期).
fn remove_unguarded(names: &NameRules, re: &regex::Regex, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in re.find_iter(text) {
        let before = text[..m.start()].chars().last();
        let first = m.as_str().chars().next();
        let guarded = match (before, first) {
            (Some(b), Some(f)) => names.time_guard_words.iter().any(|w| {
                let mut c = w.chars();
                c.next() == Some(b) && c.next() == Some(f)
            }),
            _ => false,
        };
        if !guarded {
            out.push_str(&text[last..m.start()]);
            last = m.end();
        }
    }
    out.push_str(&text[last..]);
    out
}

/// The predicate that opens `s[i..]`, if one does: its first word's length.
fn predicate_at(names: &NameRules, s: &[char], i: usize) -> Option<usize> {
    if let Some(w) = names.predicate_starts.at(s, i) {
        return Some(w.chars().count());
    }
    // 在 + a short place + a predicate (在川转化, 在郑设立).
    if s[i] == '在' {
        for k in 1..=names.locative_max_chars {
            if i + 1 + k < s.len() && names.predicate_starts.at(s, i + 1 + k).is_some() {
                return Some(1);
            }
        }
    }
    None
}

/// Is `p` a whole predicate (入驻, 完成优化重组) rather than part of a noun?
fn is_predicate(names: &NameRules, p: &[char]) -> bool {
    let text = crate::text::string_of(p);
    if names
        .measure_nouns
        .iter()
        .any(|m| text.ends_with(m.as_str()))
    {
        return false;
    }
    p.len() >= names.predicate_min_chars
        || names
            .intransitive_predicates
            .iter()
            .any(|w| text.ends_with(w.as_str()))
}

/// Whether `s` holds a predicate anywhere (提案全部办复: no plain noun). A
/// one-character adverb such as 新 or 全 opens many nouns: only longer ones count.
pub fn holds_predicate(names: &NameRules, s: &[char]) -> bool {
    (0..s.len()).any(|i| {
        names.predicate_starts.at(s, i).is_some()
            || names
                .predicate_adverbs
                .iter()
                .any(|a| a.chars().count() >= 2 && starts_with_at(s, i, a))
    })
}

/// Splits the text after a number into the counted noun and what happened to
/// it: 全国重点实验室完成优化重组 → (全国重点实验室, 完成优化重组). Not after a
/// quoted label (“两重”建设项目…) nor a 的 (配套道路的建设改造 is a noun).
pub fn split_predicate(names: &NameRules, s: &[char]) -> Option<(Vec<char>, Vec<char>)> {
    let s = drop_task_words(names, s);
    let plain = |c: &char| crate::text::is_han(*c) || matches!(c, '(' | ')' | '、' | '“' | '”');
    (1..s.len()).find_map(|at| {
        let verb = predicate_at(names, &s, at)?;
        // 建成投用 after 新: the adverb opens the predicate.
        let at = match match_any_before(&s, at, &names.predicate_adverbs) {
            Some(a) if a.chars().count() < at => at - a.chars().count(),
            _ => at,
        };
        let noun = &s[..at];
        let opened = noun.iter().filter(|c| **c == '“').count();
        if opened != noun.iter().filter(|c| **c == '”').count() {
            return None;
        }
        // “两重”建设项目: a verb that heads a noun compound is no predicate.
        let compound = match_any(&s, at + verb, &names.project_heads).is_some();
        if compound || !noun.iter().all(plain) || noun.last() == Some(&'的') {
            return None;
        }
        let mut pred = s[at..].to_vec();
        if let Some(d) = match_any(&pred, 0, &names.dummy_verbs) {
            if d.chars().count() + 2 <= pred.len() {
                pred.drain(..d.chars().count());
            }
        }
        is_predicate(names, &pred).then(|| (noun.to_vec(), pred))
    })
}

/// The object of an investment up to its head (…亮化照明工程全部完工 → …亮化照明工程),
/// else up to a predicate (…项目成功落地 → …项目).
pub fn noun_before_predicate(names: &NameRules, s: &[char]) -> Vec<char> {
    let head_end = (0..s.len()).rev().find_map(|i| {
        names
            .project_heads
            .iter()
            .find(|h| starts_with_at(s, i, h))
            .map(|h| i + h.chars().count())
    });
    if let Some(end) = head_end {
        return s[..end].to_vec();
    }
    let at = (2..s.len())
        .find(|&i| predicate_at(names, s, i).is_some() && is_predicate(names, &s[i..]))
        .unwrap_or(s.len());
    s[..at].to_vec()
}

/// 任务/工作 closing a task noun (绿化任务 → 绿化, 完成迁建工作 → 完成迁建).
pub fn drop_task_words(names: &NameRules, s: &[char]) -> Vec<char> {
    let mut s = s.to_vec();
    if let Some(w) = match_any_before(&s, s.len(), &names.task_words) {
        if w.chars().count() + 2 <= s.len() {
            s.truncate(s.len() - w.chars().count());
        }
    }
    s
}

/// A predicate without an adverb of two characters or more opening it
/// (全部建成 → 建成, 顺利完工 → 完工): it says how, not what happened. One
/// character stays (新增 is no 新 + 增).
fn without_adverb<'p>(names: &NameRules, pred: &'p [char]) -> &'p [char] {
    for a in &names.predicate_adverbs {
        let n = a.chars().count();
        if n >= 2 && n + 2 <= pred.len() && starts_with_at(pred, 0, a) {
            return &pred[n..];
        }
    }
    pred
}

/// Predicate before noun, the way a name reads (完成优化重组的全国重点实验室,
/// 实现通车主次干道, 获国家科学技术奖励成果): short and honour predicates
/// join their noun directly, longer ones through 的.
pub fn compose(names: &NameRules, verb: &[char], pred: &[char], noun: &[char]) -> Vec<char> {
    // (Whether 的 joins is read with the adverb: 全部搬入新居的灾后重建户.)
    let whole = [verb, pred].concat();
    let compound = whole.len() <= names.compound_max_chars
        || match_any(&whole, 0, &names.compound_predicates).is_some()
            && !whole.contains(&'、')
            && whole.len() <= names.compound_predicate_max_chars;
    let mut out = [verb, without_adverb(names, pred)].concat();
    if !compound {
        out.push('的');
    }
    out.extend_from_slice(noun);
    out
}

/// 背街巷道的综合改造 → 背街巷道综合改造: a 的 before a short verbal noun goes
/// (a longer head keeps it: 网格化布局的城市医疗集团建设).
pub fn drop_de(s: &[char]) -> Vec<char> {
    match s.iter().rposition(|c| *c == '的') {
        Some(d) if d > 0 && s.len() - d - 1 <= 4 && s.len() - d > 1 => {
            let mut out = s[..d].to_vec();
            out.extend_from_slice(&s[d + 1..]);
            out
        }
        _ => s.to_vec(),
    }
}

/// 动用1500亿新资源的预算案出炉后 → 新资源: when the words after the number
/// are a time clause (…的预算案出炉后, …的政策出台时), the number counts what
/// stands before its 的; the rest is the clause's own subject and predicate.
pub fn before_time_clause(names: &NameRules, s: &[char]) -> Vec<char> {
    if match_any_before(s, s.len(), &names.time_clause_ends).is_none() {
        return s.to_vec();
    }
    match s.iter().position(|c| *c == '的') {
        Some(d) if d >= 2 => s[..d].to_vec(),
        _ => s.to_vec(),
    }
}

/// 顶住经济下行压力 → 经济: a frame that names the pressure on something names
/// the topic of the figures after it that have no subject of their own.
pub fn frame_topic(names: &NameRules, clause: &[char]) -> Option<Vec<char>> {
    let opener = match_any(clause, 0, &names.frame_openers)?;
    let rest = &clause[opener.chars().count()..];
    names.frame_topic_words.iter().find_map(|w| {
        let n = w.chars().count();
        let at = (2..=rest.len().checked_sub(n)?).find(|&i| starts_with_at(rest, i, w))?;
        Some(rest[..at].to_vec())
    })
}

/// The subject of a clause: what stands before its first predicate word
/// (棚户区改造和房地产开发进程加快 → 棚户区改造和房地产开发).
pub fn subject_of(names: &NameRules, s: &[char]) -> Vec<char> {
    if match_any(s, 0, &names.frame_openers).is_some() {
        return Vec::new();
    }
    let end = (2..s.len())
        .find(|&i| match_any(s, i, &names.subject_end_words).is_some())
        .unwrap_or(s.len());
    s[..end].to_vec()
}

/// A share word before 占 goes to the end (公共开支比率占GDP → 公共开支占GDP比率),
/// and a qualifier before 占 goes (约占 → 占).
pub fn share_order(names: &NameRules, name: &str, qualifiers: &[String]) -> String {
    // Every change below is around a 占.
    if !name.contains('占') {
        return name.to_string();
    }
    let mut s = name.to_string();
    for q in qualifiers {
        s = s.replace(&format!("{q}占"), "占");
    }
    for w in &names.share_words {
        let pat = format!("{w}占");
        if let Some(pos) = s.find(&pat) {
            if pos > 0 && !s.ends_with(w.as_str()) {
                let tail = s[pos + w.len() + "占".len()..]
                    .trim_end_matches('的')
                    .to_string();
                s = format!("{}占{tail}{w}", &s[..pos]);
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn st(v: &[char]) -> String {
        v.iter().collect()
    }

    #[test]
    fn a_time_clause_after_the_number_is_no_part_of_its_noun() {
        let n = NameRules::embedded();
        assert_eq!(
            st(&before_time_clause(&n, &c("新资源的预算案出炉后"))),
            "新资源"
        );
        assert_eq!(
            st(&before_time_clause(&n, &c("消费券的政策出台时"))),
            "消费券"
        );
        // A head noun after 的 is what is counted (…水平的儿童医学救治中心).
        let head = c("具有Ⅰ级水平的儿童医学救治中心");
        assert_eq!(before_time_clause(&n, &head), head);
    }

    #[test]
    fn lead_words_and_frames_go() {
        let n = NameRules::embedded();
        let mut s = c("但仍有");
        strip_lead(&n, &mut s);
        assert_eq!(st(&s), "有");
        let mut s = c("在建项目");
        strip_lead(&n, &mut s);
        assert_eq!(st(&s), "在建项目");
        let mut s = c("消息人士称其中");
        cut_reporting(&n, &mut s);
        assert_eq!(st(&s), "其中");
        let mut s = c("地区生产总值由2010年的");
        remove_time_and_comparison(&n, &mut s);
        assert_eq!(st(&s), "地区生产总值");
        let mut s = c("是“十一五”时期的");
        remove_time_and_comparison(&n, &mut s);
        assert_eq!(st(&s), "");
        let mut s = c("项目前期工作");
        remove_time_and_comparison(&n, &mut s);
        assert_eq!(st(&s), "项目前期工作");
        let mut s = c("18/19年只有约");
        remove_time_and_comparison(&n, &mut s);
        assert_eq!(st(&s), "只有约");
    }

    #[test]
    fn predicates_split_and_compose() {
        let n = NameRules::embedded();
        let (noun, pred) = split_predicate(&n, &c("全国重点实验室完成优化重组")).unwrap();
        assert_eq!(
            st(&compose(&n, &[], &pred, &noun)),
            "完成优化重组的全国重点实验室"
        );
        let (noun, pred) = split_predicate(&n, &c("企业入驻")).unwrap();
        assert_eq!(st(&compose(&n, &[], &pred, &noun)), "入驻企业");
        let (noun, pred) = split_predicate(&n, &c("成果获国家科学技术奖励")).unwrap();
        assert_eq!(
            st(&compose(&n, &[], &pred, &noun)),
            "获国家科学技术奖励成果"
        );
        assert!(split_predicate(&n, &c("专精特新企业")).is_none());
        assert!(split_predicate(&n, &c("基础设施建设投资")).is_none());
    }

    #[test]
    fn shares_read_in_order() {
        let n = NameRules::embedded();
        let q = vec!["约".to_string()];
        assert_eq!(
            share_order(&n, "公共开支比率占GDP", &q),
            "公共开支占GDP比率"
        );
        assert_eq!(share_order(&n, "公共开支约占GDP", &q), "公共开支占GDP");
    }
}
