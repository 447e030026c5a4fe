//! The indicator name: what a number measures. Found before the number
//! (地区生产总值增长7.4%), after it (培育109家专精特新企业), in a 分别 list
//! (A、B分别增长X、Y), or taken from the previous number of the sentence
//! when the clause only says how it changed (汽车产量83万辆,增长61.7%).

use regex::Regex;
use std::sync::LazyLock;

use super::context::Context;
use crate::text::{match_any, match_any_before, starts_with_at};

static LEADING_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?:19|20)\d\d年(?:\d{1,2}(?:-|至)\d{1,2}月|\d{1,2}月(?:份)?|上半年|下半年|第?[一二三四]季度|前三季度)?",
        r"|\d{1,2}(?:-|至)\d{1,2}月|今年以来|今年|去年|全年|年内|年底前|年底|上半年|下半年|第?[一二三四]季度|前三季度",
        r"|近[两三四五六七八九十\d]+年|[两三四五六七八九十\d]+年(?:来|累计|间|内)?|连续[两三四五六七八九十\d]+年)"
    ))
    .unwrap()
});

const ITEM_JOINERS: [char; 3] = ['和', '及', '与'];

/// Where a rank holds (居全国第6): not part of what is ranked.
const RANK_SCOPES: [&str; 7] = ["全国", "全省", "全市", "全球", "全区", "国内", "同类"];

fn is_item_boundary(chars: &[char], i: usize) -> bool {
    chars[i] == '、'
        || ITEM_JOINERS.contains(&chars[i]) && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
}

/// Strips lead words, time expressions and trailing verbs from a candidate name.
fn strip(ctx: &Context, mut s: Vec<char>) -> Vec<char> {
    let cues = &ctx.doc.rules.cues;
    let quals = &ctx.doc.rules.qualifier_before_words;
    loop {
        let before = s.len();
        while s
            .first()
            .is_some_and(|c| matches!(c, ' ' | '“' | '"' | '、' | '(' | ',' | '的'))
            && !s.is_empty()
        {
            if s.first() == Some(&'“') && s.contains(&'”') {
                break;
            }
            s.remove(0);
        }
        let keep = match_any(&s, 0, &cues.indicator_keep_prefix).is_some();
        if let Some(w) = match_any(&s, 0, &cues.indicator_strip_prefix).filter(|_| !keep) {
            if w.chars().count() < s.len() {
                s.drain(..w.chars().count());
            }
        }
        let text: String = s.iter().collect();
        if let Some(m) = LEADING_TIME.find(&text) {
            if m.end() > 0 && m.end() < text.len() {
                s = text[m.end()..].chars().collect();
            }
        }
        if let Some(w) = match_any_before(&s, s.len(), &cues.indicator_strip_suffix)
            .or_else(|| match_any_before(&s, s.len(), quals))
            .or_else(|| match_any_before(&s, s.len(), &cues.rank_context))
        {
            let n = w.chars().count();
            s.truncate(s.len() - n);
        }
        while s
            .last()
            .is_some_and(|c| matches!(c, ' ' | '的' | '了' | '、' | '(' | ':' | '“'))
        {
            s.pop();
        }
        if s.first() == Some(&'”') {
            s.remove(0);
        }
        if s.len() == before {
            return s;
        }
    }
}

/// The noun phrase after the number, up to the end of its item.
fn noun_after(ctx: &Context) -> Vec<char> {
    let chars = &ctx.doc.cleaned.chars;
    let q = &ctx.quantities[ctx.index];
    let end = ctx.clause_end();
    let mut i = q.end;
    let cues = &ctx.doc.rules.cues;
    for c in &cues.qualifier_after {
        if let Some(w) = c.words.iter().find(|w| starts_with_at(chars, i, w)) {
            i += w.chars().count();
        }
    }
    while i < end && matches!(chars[i], '的' | ' ') {
        i += 1;
    }
    let mut j = i;
    while j < end && !is_item_boundary(chars, j) && !chars[j].is_ascii_digit() {
        j += 1;
    }
    chars[i..j].to_vec()
}

/// The indicator of the current quantity and the rule that found it.
pub fn indicator(ctx: &Context, ev: &mut Vec<String>) -> (Option<String>, String) {
    let (name, rule) = find(ctx);
    let name = name
        .map(|n| canonical(ctx, n.into_iter().collect::<String>().trim()))
        .filter(|n| n.chars().count() >= 2);
    ev.push(format!(
        "indicator={} (rule {rule})",
        name.as_deref().unwrap_or("null")
    ));
    (name, rule.to_string())
}

fn find(ctx: &Context) -> (Option<Vec<char>>, &'static str) {
    let chars = &ctx.doc.cleaned.chars;
    let q = &ctx.quantities[ctx.index];
    let cs = ctx.clause_start();
    if let Some(name) = from_fenbie(ctx, cs) {
        return (Some(name), "respectively");
    }
    let item_start = (cs..q.start)
        .rev()
        .find(|&i| is_item_boundary(chars, i))
        .map(|i| i + 1)
        .unwrap_or(cs);
    // A number in a 、-list with nothing before it (13.8%、13.6%) shares the list head's name.
    if item_start == q.start
        && chars
            .get(q.start.wrapping_sub(1))
            .is_some_and(|c| super::context::is_list_joiner(*c))
    {
        if let Some(prev) = ctx.previous.last() {
            let head = ctx.list_head();
            if head < ctx.index {
                return (prev.indicator.as_ref().map(|s| s.chars().collect()), "list");
            }
        }
    }
    // A number earlier in the item closes what came before it (通航11个国家104个城市).
    // (Only a measured number counts: the 1-8 of 1-8月 is a date.)
    let closer = (0..ctx.index)
        .rev()
        .map(|k| &ctx.quantities[k])
        .zip(ctx.is_record[..ctx.index].iter().rev())
        .find(|(p, rec)| **rec && p.end <= q.start && p.end > item_start)
        .map(|(p, _)| p);
    let closing = closer.map(|p| p.end);
    let outer_start = item_start;
    let item_start = closing.unwrap_or(item_start);
    let raw_prefix: Vec<char> = chars[item_start..q.start].to_vec();
    let cues = &ctx.doc.rules.cues;
    let mut prefix = strip(ctx, raw_prefix.clone());
    if strip_region(ctx, &mut prefix) {
        prefix = strip(ctx, prefix);
    }
    // 从3个扩展至43个, 由150元调整为300元: the second number has the first one's name.
    if closing.is_some()
        && prefix.len() <= 3
        && raw_prefix
            .last()
            .is_some_and(|c| matches!(c, '至' | '为' | '到'))
    {
        if let Some(prev) = ctx.previous.last().and_then(|r| r.indicator.clone()) {
            return (Some(prev.chars().collect()), "previous");
        }
    }
    if is_time_only(&prefix) {
        prefix.clear();
    }
    if let Some(name) = rank_name(ctx, &prefix) {
        return name;
    }
    // Examples before 等 (香格里拉等16家高品质酒店): the name follows the number.
    if prefix.last() == Some(&'等') {
        let after = strip(ctx, noun_after(ctx));
        if !after.is_empty() {
            return (Some(verb_first(ctx, after)), "after-examples");
        }
    }
    let only_change_verb = prefix.is_empty()
        && (match_any_before(&raw_prefix, raw_prefix.len(), &cues.change_up).is_some()
            || match_any_before(&raw_prefix, raw_prefix.len(), &cues.change_down).is_some());
    if only_change_verb {
        if let Some(prev) = ctx.previous.last().and_then(|r| r.indicator.clone()) {
            return (Some(prev.chars().collect()), "previous");
        }
    }
    let after = strip(ctx, noun_after(ctx));
    // 通航11个国家104个城市: between the two numbers stands only the first one's
    // noun; the verb before the first number governs both (通航城市).
    if let Some(first) = closer {
        let shared_verb = strip(ctx, chars[outer_start..first.start].to_vec());
        let only_noun = prefix.len() <= 3 && match_any(&prefix, 0, &cues.counting_verbs).is_none();
        if only_noun && !after.is_empty() && !shared_verb.is_empty() && shared_verb.len() <= 4 {
            let mut name = shared_verb;
            name.extend(after);
            return (Some(name), "shared-verb");
        }
    }
    let prefix_is_verb = !prefix.is_empty()
        && prefix.len() <= 4
        && (match_any(&prefix, 0, &cues.counting_verbs).is_some() || prefix.len() <= 2);
    if prefix.is_empty() {
        if !after.is_empty() {
            return (Some(verb_first(ctx, after)), "after");
        }
        if let Some(prev) = ctx.previous.last().and_then(|r| r.indicator.clone()) {
            return (Some(prev.chars().collect()), "previous");
        }
        return (None, "none");
    }
    if prefix_is_verb && !after.is_empty() {
        let mut name = prefix;
        name.extend(after);
        return (Some(name), "verb+after");
    }
    (Some(prefix), "before")
}

/// The name as statistical tables write it: scope words out (全市), 的 out
/// before 比重 (X的比重 → X比重), a fronted 项目 moved behind its verb.
fn canonical(ctx: &Context, name: &str) -> String {
    let cues = &ctx.doc.rules.cues;
    let mut s = name.to_string();
    for w in &cues.indicator_drop_words {
        if s.chars().count() > w.chars().count() + 1 {
            s = s.replace(w.as_str(), "");
        }
    }
    for share in ["比重", "占比", "比例"] {
        s = s.replace(&format!("的{share}"), share);
    }
    s
}

/// 项目开工建设 → 开工建设项目: the noun after 等N个 goes behind its verb.
fn verb_first(ctx: &Context, name: Vec<char>) -> Vec<char> {
    let s: String = name.iter().collect();
    for noun in &ctx.doc.rules.cues.indicator_fronted_nouns {
        if let Some(rest) = s.strip_prefix(noun.as_str()) {
            let quoted = |c: char| matches!(c, '“' | '”' | '"');
            if rest.chars().count() >= 2
                && rest.chars().all(|c| crate::text::is_han(c) || quoted(c))
            {
                return format!("{rest}{noun}").chars().collect();
            }
        }
    }
    name
}

/// True when `s` is nothing but a time expression (两年累计, 今年).
fn is_time_only(s: &[char]) -> bool {
    let text: String = s.iter().collect();
    !text.is_empty()
        && LEADING_TIME
            .find(&text)
            .is_some_and(|m| m.end() == text.len())
}

/// Drops the region or entity the record is about from the front of its name
/// (新郑综保区进出口规模 → 进出口规模): the region column carries it.
fn strip_region(ctx: &Context, name: &mut Vec<char>) -> bool {
    let text: String = name.iter().collect();
    let region = ctx.doc.meta.region.clone().unwrap_or_default();
    let short = region
        .trim_end_matches(['市', '省', '区', '县'])
        .to_string();
    for r in [region.as_str(), short.as_str()] {
        if r.chars().count() >= 2
            && text.starts_with(r)
            && text.chars().count() > r.chars().count() + 1
        {
            name.drain(..r.chars().count());
            return true;
        }
    }
    if let Some(e) =
        crate::rules::gazetteer::place_at_start(&text).or_else(|| entity_prefix(ctx, &text))
    {
        if text.chars().count() > e.chars().count() + 1 && text.starts_with(&e) {
            name.drain(..e.chars().count());
            return true;
        }
    }
    false
}

fn entity_prefix(ctx: &Context, text: &str) -> Option<String> {
    let rules = ctx.doc.rules;
    rules.entity_suffixes.iter().find_map(|s| {
        let pos = text.find(s.as_str())?;
        let e = &text[..pos + s.len()];
        (e.chars().count() <= rules.entity_max_prefix + s.chars().count()).then(|| e.to_string())
    })
}

/// The name of a rank: what stands before 居/位列/晋级 (研发实体总数居全国首位), or
/// after it when the subject is elided (跻身全球货运机场40强), else the previous name.
fn rank_name(ctx: &Context, prefix: &[char]) -> Option<(Option<Vec<char>>, &'static str)> {
    let q = &ctx.quantities[ctx.index];
    let is_rank =
        q.rank_word || q.rank_suffix.is_some() || matches!(q.prefix.as_deref(), Some("第" | "前"));
    if !is_rank {
        return None;
    }
    // 居9个国家中心城市首位: the object is a comparison set; the rank is of the previous figure.
    let cs = ctx.clause_start();
    let in_clause = (0..ctx.index)
        .filter(|&k| {
            let p = &ctx.quantities[k];
            ctx.is_record[k]
                && p.start >= cs
                && p.has_unit()
                && p.rank_suffix.is_none()
                && p.prefix.is_none()
        })
        .count();
    if in_clause > 0 {
        let before_clause = ctx
            .previous
            .len()
            .checked_sub(in_clause + 1)
            .and_then(|k| ctx.previous.get(k));
        if let Some(prev) = before_clause.and_then(|r| r.indicator.clone()) {
            return Some((Some(prev.chars().collect()), "previous"));
        }
    }
    let verbs = &ctx.doc.rules.cues.rank_context;
    let scopes = RANK_SCOPES;
    let at = (0..prefix.len()).find(|&i| {
        verbs
            .iter()
            .any(|v| !scopes.contains(&v.as_str()) && crate::text::starts_with_at(prefix, i, v))
    });
    let Some(at) = at else {
        return if prefix.is_empty() {
            rank_fallback(ctx)
        } else {
            None
        };
    };
    let before = strip(ctx, prefix[..at].to_vec());
    if !before.is_empty() {
        return Some((Some(before), "rank-subject"));
    }
    let mut after: Vec<char> = prefix[at..].to_vec();
    if let Some(v) = match_any(&after, 0, verbs) {
        after.drain(..v.chars().count());
    }
    for s in scopes {
        if after.iter().collect::<String>().starts_with(s) {
            after.drain(..s.chars().count());
        }
    }
    let after = strip(ctx, after);
    if after.len() >= 2 && !after.iter().any(|c| c.is_ascii_digit()) {
        return Some((Some(after), "rank-object"));
    }
    rank_fallback(ctx)
}

/// A rank whose clause names nothing: the previous figure, else what the sibling item ranks.
fn rank_fallback(ctx: &Context) -> Option<(Option<Vec<char>>, &'static str)> {
    let q = &ctx.quantities[ctx.index];
    let verbs = &ctx.doc.rules.cues.rank_context;
    let scopes = RANK_SCOPES;
    if let Some(p) = ctx.previous.last().and_then(|r| r.indicator.clone()) {
        return Some((Some(p.chars().collect()), "previous"));
    }
    // 考核评估重返第一档、位列全国前10: what the sibling item ranks.
    let chars = &ctx.doc.cleaned.chars;
    let cs = ctx.clause_start();
    let sibling: Vec<char> = chars[cs..q.start].to_vec();
    let cut = (0..sibling.len()).find(|&i| {
        verbs
            .iter()
            .any(|v| !scopes.contains(&v.as_str()) && crate::text::starts_with_at(&sibling, i, v))
    })?;
    let name = strip(ctx, sibling[..cut].to_vec());
    (!name.is_empty()).then_some((Some(name), "rank-sibling"))
}

/// A 分别 list: 战略性新兴产业、高技术制造业增加值分别增长13.8%、13.6%.
fn from_fenbie(ctx: &Context, cs: usize) -> Option<Vec<char>> {
    let chars = &ctx.doc.cleaned.chars;
    let q = &ctx.quantities[ctx.index];
    let text: String = chars[cs..q.start].iter().collect();
    let pos = text.find("分别")?;
    let fb = cs + text[..pos].chars().count();
    let head = ctx.list_head();
    let first = &ctx.quantities[head];
    if first.start < fb {
        return None;
    }
    let subject = strip(ctx, chars[cs..fb].to_vec());
    let mut items: Vec<Vec<char>> = subject.split(|c| *c == '、').map(|s| s.to_vec()).collect();
    let k = ctx.index - head;
    let count = {
        let mut n = head;
        while n + 1 < ctx.quantities.len()
            && ctx.quantities[n].end + 1 == ctx.quantities[n + 1].start
            && super::context::is_list_joiner(chars[ctx.quantities[n].end])
        {
            n += 1;
        }
        n - head + 1
    };
    if items.len() != count {
        items = subject
            .split(|c| super::context::is_list_joiner(*c))
            .map(|s| s.to_vec())
            .collect();
    }
    if items.len() == count && k < items.len() {
        Some(items[k].clone())
    } else {
        Some(subject)
    }
}
