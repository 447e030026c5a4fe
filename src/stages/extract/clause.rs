//! Where the pieces of an indicator name stand around a number: the noun
//! phrase after it, the object of an amount that pays for something
//! (投资4.2亿元的Y工程, 16.54亿元用于Y), the beneficiary of a payment
//! (为Y发放…), and the clauses before it that may hold the subject.
//! Returns raw character pieces; `indicator.rs` cleans and assembles them.

use super::context::{is_clause_delimiter, Context};
use super::phrase;
use crate::text::{match_any, match_any_before, starts_with_at};

/// The text after a number: the noun of its item, and the whole rest of the
/// clause when no other number follows (for a predicate: 县级中医医院配备A、B设备).
pub struct After {
    pub item: Vec<char>,
    pub full: Vec<char>,
}

/// A 、 between items, or a joiner before a number (A和3个B): where an item
/// of a list starts or ends.
pub fn is_item_boundary(chars: &[char], i: usize) -> bool {
    chars[i] == '、' && !enclosed(chars, i)
        || matches!(chars[i], '和' | '及' | '与')
            && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
}

/// Whether `i` stands inside a pair of round brackets of its clause, or of
/// quotation marks around words with no figure: the 、 of 示范企业(平台、项目)
/// 达29个 or of 居民“阀、管”改造99.94万户 parts no items of the list before the
/// number (but “27个境外直达站点、8个出入境口岸” lists two figures).
fn enclosed(chars: &[char], i: usize) -> bool {
    [('(', ')'), ('“', '”'), ('《', '》')]
        .iter()
        .any(|&(open, close)| {
            let is_stop = |j: &usize| {
                chars[*j] == open || chars[*j] == close || is_clause_delimiter(chars[*j])
            };
            let Some(from) = (0..i).rev().find(is_stop) else {
                return false;
            };
            let Some(to) = (i + 1..chars.len()).find(is_stop) else {
                return false;
            };
            let words_only = open == '(' || !chars[from..to].iter().any(char::is_ascii_digit);
            chars[from] == open && chars[to] == close && words_only
        })
}

/// Where the words after the number begin: past qualifiers (左右, 以上) and 的.
pub fn after_start(ctx: &Context) -> usize {
    let chars = &ctx.doc.cleaned.chars;
    let mut i = ctx.q().end;
    for c in &ctx.doc.rules.cues.qualifier_after {
        if let Some(w) = c.words.iter().find(|w| starts_with_at(chars, i, w)) {
            i += w.chars().count();
        }
    }
    while i < chars.len() && matches!(chars[i], '的' | ' ') {
        i += 1;
    }
    i
}

/// The noun phrase after the number (see [`After`]). A parenthesis that opens
/// it is an aside and is skipped ((综合)盈余 → 盈余).
pub fn after(ctx: &Context) -> After {
    let chars = &ctx.doc.cleaned.chars;
    let end = ctx.clause_end();
    let mut i = after_start(ctx);
    if chars.get(i) == Some(&'(') {
        if let Some(close) = (i..end).find(|&k| chars[k] == ')') {
            i = close + 1;
        }
    }
    let more_numbers = ctx.quantities[ctx.index + 1..]
        .iter()
        .any(|p| p.start >= i && p.start < end);
    // (由八十五家增加到一百二十家: a figure in Chinese numerals in the same
    // unit ends the noun too; 超千亿元的集群 and 七成行业 stay in it.)
    let next_record = ctx.quantities[ctx.index + 1..]
        .iter()
        .zip(&ctx.is_record[ctx.index + 1..])
        .find(|(p, record)| **record && p.start >= i)
        .filter(|(p, _)| p.unit().is_some() && p.unit() == ctx.q().unit())
        .map(|(p, _)| p.start);
    let (mut depth, mut quote) = (0i32, false);
    let (mut item_end, mut full_end) = (None, None);
    let mut j = i;
    while j < end {
        let c = chars[j];
        if Some(j) == next_record && !c.is_ascii_digit() {
            break;
        }
        if c.is_ascii_digit() {
            // A label (为1.2万名80周岁以上老人, 22家国家级5G工厂) is part of the noun.
            match label_end(ctx, j) {
                Some(label_end) => {
                    j = label_end;
                    continue;
                }
                None => break,
            }
        }
        // An ellipsis ends a headline's list (…74万人次……从政府工作报告看…).
        if c == '”' && !quote || c == '…' {
            break;
        }
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '“' => quote = true,
            '”' => quote = false,
            _ => {}
        }
        if depth <= 0 && is_item_boundary(chars, j) {
            item_end.get_or_insert(j);
            if more_numbers {
                full_end = Some(j);
                break;
            }
        }
        j += 1;
    }
    let full_end = full_end.unwrap_or(j);
    let mut item = chars[i..item_end.unwrap_or(full_end)].to_vec();
    if let Some(noun) = item_end.and_then(|e| shared_noun(ctx, &item, e, end)) {
        item.extend_from_slice(noun);
    }
    After {
        item,
        full: chars[i..full_end].to_vec(),
    }
}

/// Longest level modifier (国家级, 乡镇级) whose noun the next item of a
/// list gives.
const MAX_LEVEL_CHARS: usize = 5;

/// 8个国家级、36个省级临床重点专科: a level (…级) with no noun of its own,
/// followed by a figure of another level, counts that figure's noun
/// (临床重点专科), which stands after its level.
fn shared_noun<'c>(
    ctx: &'c Context,
    item: &[char],
    item_end: usize,
    end: usize,
) -> Option<&'c [char]> {
    let chars = &ctx.doc.cleaned.chars;
    if item.last() != Some(&'级') || item.len() > MAX_LEVEL_CHARS || chars[item_end] != '、' {
        return None;
    }
    let next = ctx.quantities[ctx.index + 1..]
        .iter()
        .find(|p| p.start == item_end + 1)?;
    let level_end = (next.end..end.min(next.end + MAX_LEVEL_CHARS))
        .take_while(|&k| crate::text::is_han(chars[k]))
        .find(|&k| chars[k] == '级')?;
    let noun_end = (level_end + 1..end)
        .find(|&k| is_item_boundary(chars, k) || !crate::text::is_han(chars[k]))
        .unwrap_or(end);
    (noun_end >= level_end + 3).then(|| &chars[level_end + 1..noun_end])
}

/// The end of the label (80周岁 of 80周岁以上老人, 5G of 5G工厂) that covers
/// character `at`, if a later quantity of the sentence is one.
fn label_end(ctx: &Context, at: usize) -> Option<usize> {
    (ctx.index + 1..ctx.quantities.len())
        .find(|&k| ctx.quantities[k].start <= at && at < ctx.quantities[k].end)
        .filter(|&k| ctx.skip_reasons[k] == Some("label"))
        .map(|k| ctx.quantities[k].end)
}

/// 投资4.2亿元的Y工程, 累计完成投资3.23亿元的Y, 投资3.06亿元实施了Y,
/// 投资650万元建成6座Y: the object Y (raw) and the investment word that names it.
pub fn investment_object(ctx: &Context, raw_prefix: &[char]) -> Option<(Vec<char>, String)> {
    let names = &ctx.doc.rules.names;
    let chars = &ctx.doc.cleaned.chars;
    let mut p = raw_prefix.to_vec();
    while p.last() == Some(&' ') {
        p.pop();
    }
    if let Some(w) = match_any_before(&p, p.len(), &ctx.doc.rules.qualifier_before_words) {
        p.truncate(p.len() - w.chars().count());
    }
    let verb = match_any_before(&p, p.len(), &names.investment_verbs)?;
    let end = ctx.clause_end();
    let mut i = ctx.q().end;
    for c in &ctx.doc.rules.cues.qualifier_after {
        if let Some(w) = c.words.iter().find(|w| starts_with_at(chars, i, w)) {
            i += w.chars().count();
        }
    }
    if chars.get(i) == Some(&'的') {
        i += 1;
    } else {
        let v = match_any(chars, i, &names.object_verbs)?;
        i += v.chars().count();
        // 建成6座水冲式公厕: the count has its own record; the object follows it.
        if let Some(next) = ctx.quantities[ctx.index + 1..]
            .iter()
            .find(|p| p.start == i)
        {
            i = next.end;
        }
    }
    let stop = (i..end).find(|&k| chars[k].is_ascii_digit()).unwrap_or(end);
    let object = chars[i..stop].to_vec();
    let tail = if verb == "总投资" {
        "总投资"
    } else {
        verb
    };
    (!object.is_empty()).then(|| (object, tail.to_string()))
}

/// 16.54亿元用于Y (the purpose, named with the verb before the number) and
/// 100亿元作为Y (the amount is Y): the object (raw) and whether the verb joins it.
pub fn purpose_object(ctx: &Context) -> Option<(Vec<char>, bool)> {
    let names = &ctx.doc.rules.names;
    let chars = &ctx.doc.cleaned.chars;
    let i = after_start(ctx);
    let (w, with_verb) = match match_any(chars, i, &names.purpose_words) {
        Some(w) => (w, true),
        None => (match_any(chars, i, &names.identity_words)?, false),
    };
    // (以全年博彩毛收入2,400亿元作为预测基础: what 以 takes is named between
    // it and the number; after 作为 stands the role it is given.)
    if !with_verb {
        if let Some(k) = preposition_yi(chars, ctx.clause_start(), ctx.q().start) {
            let object = chars[k + 1..ctx.q().start].to_vec();
            return (object.len() >= 2).then_some((object, false));
        }
    }
    if match_any(chars, i, &names.purpose_not).is_some() {
        return None;
    }
    let start = i + w.chars().count();
    let end = ctx.clause_end();
    let stop = (start..end)
        .find(|&k| chars[k].is_ascii_digit())
        .unwrap_or(end);
    let object = chars[start..stop].to_vec();
    (object.len() >= 2).then_some((object, with_verb))
}

/// Where `chars[from..to]` holds 以 as a preposition (以X…作为Y), not in
/// 以上, 以下, 以来 and the like.
fn preposition_yi(chars: &[char], from: usize, to: usize) -> Option<usize> {
    (from..to).rev().find(|&k| {
        chars[k] == '以'
            && !chars
                .get(k + 1)
                .is_some_and(|c| "上下内外来后前及便免致至为".contains(*c))
    })
}

/// 为困难家庭发放蔬菜价格补贴X, 除向有需要学生发放X津贴: who receives it
/// and what is paid (raw; empty when the payment is named after the number).
pub fn beneficiary(ctx: &Context, raw_prefix: &[char]) -> Option<(Vec<char>, Vec<char>)> {
    let names = &ctx.doc.rules.names;
    let at = (0..raw_prefix.len()).find(|&k| {
        match_any(raw_prefix, k, &names.beneficiary_markers).is_some()
            && phrase::is_all_lead(
                names,
                &ctx.doc.rules.cues.indicator_strip_prefix,
                &raw_prefix[..k],
            )
    })?;
    let m = match_any(raw_prefix, at, &names.beneficiary_markers)?;
    let from = at + m.chars().count();
    let (v, verb) = (from + 2..raw_prefix.len())
        .find_map(|k| match_any(raw_prefix, k, &names.beneficiary_verbs).map(|w| (k, w)))?;
    let who = raw_prefix[from..v].to_vec();
    let what = raw_prefix[v + verb.chars().count()..].to_vec();
    Some((who, what))
}

/// The clauses of the sentence before the number's clause, first to last;
/// with `previous_sentence`, then the first clause of the sentence before it
/// in the same paragraph.
pub fn earlier_clauses(ctx: &Context, previous_sentence: bool) -> Vec<Vec<char>> {
    let chars = &ctx.doc.cleaned.chars;
    let sentences = &ctx.doc.segments.sentences;
    let s = &sentences[ctx.sentence_index];
    let mut out = Vec::new();
    let split = |a: usize, b: usize, out: &mut Vec<Vec<char>>| {
        let mut start = a;
        for k in a..=b {
            if k == b || matches!(chars[k], ',' | ';' | ':' | '。' | '!' | '?') {
                if k > start {
                    out.push(chars[start..k].to_vec());
                }
                start = k + 1;
            }
        }
    };
    let cs = ctx.clause_start();
    if cs > s.start {
        split(s.start, cs - 1, &mut out);
    }
    if previous_sentence && ctx.sentence_index > 0 {
        let prev = &sentences[ctx.sentence_index - 1];
        if prev.paragraph == s.paragraph {
            let mut clauses = Vec::new();
            split(prev.start, prev.end, &mut clauses);
            out.extend(clauses.into_iter().take(1));
        }
    }
    out
}

/// Does the number's sentence hold one of `words` (总投资)?
pub fn sentence_has(ctx: &Context, words: &[String]) -> bool {
    let s = &ctx.doc.segments.sentences[ctx.sentence_index];
    let chars = &ctx.doc.cleaned.chars;
    (s.start..s.end).any(|k| match_any(chars, k, words).is_some())
}
