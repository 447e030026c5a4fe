//! The indicator name: what a number measures. Found before the number
//! (地区生产总值增长7.4%), after it (培育109家专精特新企业), in a 分别 list
//! (A、B分别增长X、Y), or taken from the previous number of the sentence
//! when the clause only says how it changed (汽车产量83万辆,增长61.7%).

use regex::Regex;
use std::sync::LazyLock;

use super::context::Context;
use crate::util::{match_any, match_any_before, starts_with_at};

static LEADING_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?:19|20)\d\d年(?:\d{1,2}(?:-|至)\d{1,2}月|\d{1,2}月(?:份)?|上半年|下半年|第?[一二三四]季度|前三季度)?",
        r"|\d{1,2}(?:-|至)\d{1,2}月|今年以来|今年|去年|全年|年内|年底前|年底|上半年|下半年|第?[一二三四]季度|前三季度",
        r"|近[两三四五六七八九十\d]+年|[两三四五六七八九十\d]+年(?:来|累计|间|内)?|连续[两三四五六七八九十\d]+年)"
    ))
    .unwrap()
});

const ITEM_JOINERS: [char; 3] = ['和', '及', '与'];

fn is_item_boundary(chars: &[char], i: usize) -> bool {
    chars[i] == '、'
        || ITEM_JOINERS.contains(&chars[i]) && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
}

/// Strips lead words, time expressions and trailing verbs from a candidate name.
fn strip(ctx: &Context, mut s: Vec<char>) -> Vec<char> {
    let cues = &ctx.doc.rules.cues;
    let quals: Vec<String> = cues
        .qualifier_before
        .iter()
        .flat_map(|c| c.words.iter().cloned())
        .collect();
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
        if let Some(w) = match_any(&s, 0, &cues.indicator_strip_prefix) {
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
            .or_else(|| match_any_before(&s, s.len(), &quals))
            .or_else(|| match_any_before(&s, s.len(), &cues.rank_context))
        {
            let n = w.chars().count();
            s.truncate(s.len() - n);
        }
        while s
            .last()
            .is_some_and(|c| matches!(c, ' ' | '的' | '了' | '、' | '(' | ':'))
        {
            s.pop();
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
    while j < end && !is_item_boundary(chars, j) {
        j += 1;
    }
    chars[i..j].to_vec()
}

/// The indicator of the current quantity and the rule that found it.
pub fn indicator(ctx: &Context, ev: &mut Vec<String>) -> (Option<String>, String) {
    let (name, rule) = find(ctx);
    let name = name
        .map(|n| n.into_iter().collect::<String>().trim().to_string())
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
    if item_start == q.start && chars.get(q.start.wrapping_sub(1)) == Some(&'、') {
        if let Some(prev) = ctx.previous.last() {
            let head = ctx.list_head();
            if head < ctx.index {
                return (prev.indicator.as_ref().map(|s| s.chars().collect()), "list");
            }
        }
    }
    let raw_prefix: Vec<char> = chars[item_start..q.start].to_vec();
    let prefix = strip(ctx, raw_prefix.clone());
    let cues = &ctx.doc.rules.cues;
    let only_change_verb = prefix.is_empty()
        && (match_any_before(&raw_prefix, raw_prefix.len(), &cues.change_up).is_some()
            || match_any_before(&raw_prefix, raw_prefix.len(), &cues.change_down).is_some());
    if only_change_verb {
        if let Some(prev) = ctx.previous.last().and_then(|r| r.indicator.clone()) {
            return (Some(prev.chars().collect()), "previous");
        }
    }
    let after = strip(ctx, noun_after(ctx));
    let prefix_is_verb = !prefix.is_empty()
        && prefix.len() <= 4
        && (match_any(&prefix, 0, &cues.counting_verbs).is_some() || prefix.len() <= 2);
    if prefix.is_empty() {
        if !after.is_empty() {
            return (Some(after), "after");
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
    let items: Vec<Vec<char>> = subject.split(|c| *c == '、').map(|s| s.to_vec()).collect();
    let k = ctx.index - head;
    let count = {
        let mut n = head;
        while n + 1 < ctx.quantities.len()
            && ctx.quantities[n].end + 1 == ctx.quantities[n + 1].start
            && chars[ctx.quantities[n].end] == '、'
        {
            n += 1;
        }
        n - head + 1
    };
    if items.len() == count && k < items.len() {
        Some(items[k].clone())
    } else {
        Some(subject)
    }
}
