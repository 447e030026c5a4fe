//! The indicator name: what a number measures. Found before the number
//! (地区生产总值增长7.4%), after it (培育109家专精特新企业), in a 分别 list
//! (A、B分别增长X、Y), or taken from the previous number of the sentence
//! when the clause only says how it changed (汽车产量83万辆,增长61.7%).

use regex::Regex;
use std::sync::LazyLock;

use super::context::Context;
use super::number::Quantity;
use super::{clause, phrase, Evidence};
use crate::stages::time;
use crate::text::{find_respectively, is_one_of, match_any, match_any_before};

/// What stands between two shares of one list when each is named by the noun
/// after it: the first's 的 and noun, a joiner, a qualifier (以上的税收和近).
static OF_THE_FIGURE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:以上|左右|多|余)?的[^，,；;。的]{1,12}[和、及与](?:近|约|超过|逾|超|接近|将近)?$",
    )
    .unwrap()
});

/// A list item's marker opening a name (一是, 十一是, 14., (三), a note's [5]).
static LEADING_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    // (一) once its bracket is cut as any opening bracket is: 一)2024年本市….
    Regex::new(r"^(?:[一二三四五六七八九十]{1,3}是|\d{1,2}[.．、]|[(（]?[一二三四五六七八九十\d]{1,3}[)）]|\[\d{1,2}\]|〔\d{1,2}〕)")
        .unwrap()
});

/// A heading's ordinal and its 、 (一、2024年地区生产总值增长5.2% leaves 一、
/// once the year is cut).
static HEADING_ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]{1,3}、").unwrap());

/// [`HEADING_ORDINAL`] at the start of `text`, unless it opens a list of
/// ordinals (一、二、三产业增加值, 一、二产业).
fn heading_ordinal(text: &str) -> Option<regex::Match<'_>> {
    let m = HEADING_ORDINAL.find(text)?;
    let next = text[m.end()..].chars().next()?;
    (!"一二三四五六七八九十产".contains(next)).then_some(m)
}

/// Where a figure holds (承担了全省, 居全国第6): not part of what is measured.
const PLACE_SCOPES: [&str; 7] = ["全国", "全省", "全市", "全球", "全区", "国内", "同类"];

/// Regions of the country a rank holds in (居西北第二, 中部第1位); a longer
/// one stands before the shorter one it begins with. They close a rank's
/// name only: elsewhere one may end a name (榆能西南).
const REGION_SCOPES: [&str; 12] = [
    "中西部",
    "中部地区",
    "西部地区",
    "东部地区",
    "东北地区",
    "中部",
    "西部",
    "东部",
    "东北",
    "西北",
    "西南",
    "华中",
];

/// The words of an absolute change in units, longest first, each with the
/// verb that names it (贷款增加6890亿元; 增幅2,300人 is an increase too).
static ABSOLUTE_CHANGES: LazyLock<Vec<(String, &str)>> = LazyLock::new(|| {
    [
        ("净增加", "净增加"),
        ("净减少", "净减少"),
        ("增加", "增加"),
        ("减少", "减少"),
        ("增幅", "增加"),
        ("减幅", "减少"),
    ]
    .iter()
    .map(|(said, verb)| (said.to_string(), *verb))
    .collect()
});

/// The verbs that end an absolute change's name (…增加, …净减少).
static ABSOLUTE_VERBS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut verbs: Vec<String> = Vec::new();
    for (_, v) in ABSOLUTE_CHANGES.iter() {
        if !verbs.iter().any(|w| w == v) {
            verbs.push(v.to_string());
        }
    }
    verbs
});

/// Words of approximation between a verb and its number (减少约7,000人).
static APPROXIMATE_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ["大约", "约", "近", "逾", "超过"]
        .iter()
        .map(|s| s.to_string())
        .collect()
});

/// Scope words closing a name: [`PLACE_SCOPES`].
static SCOPES: LazyLock<Vec<String>> =
    LazyLock::new(|| PLACE_SCOPES.iter().map(|s| s.to_string()).collect());

/// Scope words closing a rank's name: the places and the regions.
pub(super) static RANK_SCOPES: LazyLock<Vec<String>> = LazyLock::new(|| {
    PLACE_SCOPES
        .iter()
        .chain(&REGION_SCOPES)
        .map(|s| s.to_string())
        .collect()
});

/// Strips lead words, time expressions and trailing verbs from a candidate name.
/// The same stretch is stripped for many numbers of a sentence (its subject,
/// its earlier clauses, a list's head): the document's memo keeps each result.
fn strip(ctx: &Context, s: Vec<char>) -> Vec<char> {
    let is_rank = is_rank(&ctx.quantities[ctx.index]);
    ctx.memo
        .stripped(is_rank, s, |s| strip_uncached(ctx, is_rank, s))
}

/// Whether a quantity is a rank (首位, 第3位, 前10, 5强).
fn is_rank(q: &super::number::Quantity) -> bool {
    q.rank_word || q.rank_suffix.is_some() || matches!(q.prefix.as_deref(), Some("第" | "前"))
}

/// [`strip`] worked out: what it gives depends only on the text, whether the
/// number is a rank, and the rules.
fn strip_uncached(ctx: &Context, is_rank: bool, mut s: Vec<char>) -> Vec<char> {
    let cues = &ctx.doc.rules.cues;
    let names = &ctx.doc.rules.names;
    let quals = &ctx.doc.rules.qualifier_before_words;
    loop {
        let before = s.len();
        phrase::cut_reporting(names, &mut s);
        phrase::remove_time_and_comparison(names, &mut s);
        phrase::strip_lead(names, &mut s);
        while s
            .first()
            .is_some_and(|c| matches!(c, ' ' | '“' | '"' | '、' | '(' | ')' | ',' | '的'))
            && !s.is_empty()
        {
            if s.first() == Some(&'“') && s.contains(&'”') {
                break;
            }
            s.remove(0);
        }
        let keep = match_any(&s, 0, &cues.indicator_keep_prefix).is_some();
        if let Some(w) = cues.indicator_strip_prefix.at(&s, 0).filter(|_| !keep) {
            if w.chars().count() < s.len() {
                s.drain(..w.chars().count());
            }
        }
        // (Most names open with no marker: the regex runs on those that may.)
        let may_be_marked = s
            .first()
            .is_some_and(|c| c.is_ascii_digit() || "(（[〔一二三四五六七八九十".contains(*c));
        let mut text = crate::text::string_of(&s);
        // (A marker alone is cut too: 14.2025年10件民生实事 leaves 14. before the number.)
        let marker = may_be_marked
            .then(|| {
                LEADING_MARKER
                    .find(&text)
                    .or_else(|| heading_ordinal(&text))
            })
            .flatten();
        if let Some(m) = marker {
            s.drain(..text[..m.end()].chars().count());
            text = crate::text::string_of(&s);
        }
        if let Some(end) = time::leading_time_len(&text) {
            if end > 0 && end < text.len() {
                s = text[end..].chars().collect();
            }
        }
        // The longer of a trailing verb and a trailing qualifier (超额完成 over 完成).
        // (出超 ends with 超 but is the figure's noun.)
        let noun_end = names.ends_with_qualifier_noun(&s) || names.ends_with_kept_word(&s);
        let verb = cues
            .indicator_strip_suffix
            .before(&s, s.len())
            .filter(|_| !noun_end);
        let qual = quals.before(&s, s.len()).filter(|_| !noun_end);
        let longest = match (verb, qual) {
            (Some(v), Some(q)) if q.chars().count() > v.chars().count() => Some(q),
            (v, q) => v.or(q),
        };
        if let Some(w) = longest.or_else(|| {
            is_rank
                .then(|| match_any_before(&s, s.len(), &cues.rank_context))
                .flatten()
        }) {
            let n = w.chars().count();
            s.truncate(s.len() - n);
        }
        if let Some(w) = match_any_before(&s, s.len(), &cues.indicator_drop_words).or_else(|| {
            let scopes = if is_rank { &RANK_SCOPES } else { &SCOPES };
            match_any_before(&s, s.len(), scopes)
        }) {
            let n = w.chars().count();
            // (占全国 is the whole a share is of: 杂交水稻制种面积占全国, and
            // alone after the figure it is of: 产量增长31.2%、占全国44%.)
            if n < s.len() && s[s.len() - n - 1] != '占' {
                s.truncate(s.len() - n);
            }
        }
        while s
            .last()
            .is_some_and(|c| matches!(c, ' ' | '的' | '了' | '、' | '(' | ':' | '“'))
        {
            s.pop();
        }
        if let Some(n) = per_unit_at_end(ctx, &s) {
            s.truncate(s.len() - n);
        }
        // 全市41个工业大类行业中，有29个…: the group the figures are among
        // (行业中, 大类中, 产业集群中), not 高中 or 集中.
        if s.len() >= 3 && s.ends_with(&['中']) && "业类域品目群".contains(s[s.len() - 2]) {
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

/// The length of what a figure is per when it ends a name (价格为每平方米
/// 13560元, 流量为每秒326立方米): 每 and a unit it is per (`[rates] per`);
/// it belongs to the figure's unit, not to what is measured. A count per head
/// of population (每万人28.6个) stays: it makes the figure an intensity.
fn per_unit_at_end(ctx: &Context, s: &[char]) -> Option<usize> {
    let each = s.iter().rposition(|c| *c == '每').filter(|&i| i >= 2)?;
    let unit = ctx.doc.rules.rate_per.at(s, each + 1)?;
    (each + 1 + unit.chars().count() == s.len()).then_some(s.len() - each)
}

/// The name the words after the number give: a noun and its predicate in
/// modifier–head order (完成优化重组的全国重点实验室), else the noun of the item
/// with a 的 or a closing task word dropped (背街巷道综合改造). `verb` is the
/// counting verb before the number, if any (完成137家…优化重组).
fn after_name(ctx: &Context, verb: &[char]) -> (Vec<char>, bool) {
    let names = &ctx.doc.rules.names;
    let after = clause::after(ctx);
    let counted = match unit_category(ctx) {
        Some(c) => names.predicate_categories.iter().any(|w| w == c),
        None => true,
    };
    if counted && verb.is_empty() {
        let full = strip(ctx, after.full.clone());
        if let Some((noun, pred)) = phrase::split_predicate(names, &full) {
            let noun = strip(ctx, noun);
            if !noun.is_empty() {
                return (phrase::compose(names, verb, &pred, &noun), true);
            }
        }
    }
    let item = strip(ctx, without_per_unit(after.item));
    let item = without_completion(names, item);
    let item = phrase::drop_de(&phrase::drop_task_words(names, &item));
    (phrase::before_time_clause(names, &item), false)
}

/// 700个省重点项目完成投资9757亿元: the words after a count that end in a
/// completion and its measure (完成投资) are the next figure's; the count is
/// of the noun before them.
fn without_completion(names: &crate::rules::names::NameRules, mut item: Vec<char>) -> Vec<char> {
    if let Some((end, _, _)) = completion_at_end(names, &item).filter(|c| c.0 >= 2) {
        item.truncate(end);
    }
    item
}

/// A completion and its measure ending `words` (…累计完成投资): where its
/// adverbs, verb and measure begin, with the verb and the measure.
fn completion_at_end<'r>(
    names: &'r crate::rules::names::NameRules,
    words: &[char],
) -> Option<(usize, &'r str, &'r str)> {
    let measure = match_any_before(words, words.len(), &names.measure_nouns)?;
    let mut end = words.len() - measure.chars().count();
    let verb = match_any_before(words, end, &names.completion_verbs)?;
    end -= verb.chars().count();
    while let Some(a) = match_any_before(words, end, &names.completion_adverbs) {
        end -= a.chars().count();
    }
    Some((end, verb, measure))
}

/// The words after a number less a unit's denominator they open with, one
/// character (740元/月和485元/月: the 485元 has no words of its own; /年, /人).
fn without_per_unit(mut words: Vec<char>) -> Vec<char> {
    if words.first() == Some(&'/') && words.get(1).is_some_and(|c| crate::text::is_han(*c)) {
        words.drain(..2);
    }
    words
}

/// 甘味生猪、高原夏菜2个产业集群: the clause before the number lists as many
/// members as the number counts (the members are examples of what is counted).
fn members_counted(ctx: &Context) -> bool {
    let q = &ctx.quantities[ctx.index];
    let chars = &ctx.doc.cleaned.chars;
    let before = &chars[ctx.clause_start()..q.start];
    if unit_category(ctx) != Some("count")
        || q.value.fract() != 0.0
        || before.iter().any(|c| c.is_ascii_digit())
    {
        return false;
    }
    let n = |split: &dyn Fn(&char) -> bool| {
        before.split(split).filter(|p| !p.is_empty()).count() as f64
    };
    let by_comma = n(&|c| *c == '、');
    let by_joiners = list_items(ctx, before).len() as f64;
    by_comma >= 2.0 && (by_comma == q.value || by_joiners == q.value)
}

/// The items of a list of names, split at 、 and at the joiners 和, 及, 与 —
/// not inside a word that holds one (普及率, 参与; `joiner_words`).
fn list_items(ctx: &Context, names: &[char]) -> Vec<Vec<char>> {
    let words = &ctx.doc.rules.cues.joiner_words;
    // Whether the joiner at `i` is the j-th character of a word written there.
    let in_word = |i: usize| {
        words.iter().any(|w| {
            w.chars().enumerate().any(|(j, c)| {
                c == names[i] && i >= j && crate::text::starts_with_at(names, i - j, w)
            })
        })
    };
    let mut items = vec![Vec::new()];
    for (i, c) in names.iter().enumerate() {
        if super::context::is_list_joiner(*c) && (*c == '、' || !in_word(i)) {
            items.push(Vec::new());
        } else if let Some(last) = items.last_mut() {
            last.push(*c);
        }
    }
    items.retain(|p| !p.is_empty());
    items
}

/// Whether the current quantity counts things or people (个, 家, 人, 户).
fn is_counted(ctx: &Context) -> bool {
    matches!(unit_category(ctx), Some("count" | "people"))
}

/// The unit category of the current quantity (money, count…), `special` for
/// %, 倍 and the like, `None` for a bare multiplier (630余万).
fn unit_category<'a>(ctx: &'a Context<'a>) -> Option<&'a str> {
    let q = &ctx.quantities[ctx.index];
    if let Some((_, kind)) = &q.special {
        return Some(if *kind == crate::rules::SpecialKind::Percent {
            "percent"
        } else {
            "special"
        });
    }
    let base = q.base.as_deref()?;
    ctx.doc
        .rules
        .bases
        .iter()
        .find(|b| b.text == base)
        .map(|b| b.category.as_str())
}

/// The indicator of the current quantity and the rule that found it.
pub fn indicator(ctx: &Context, ev: &mut Evidence) -> (Option<String>, String) {
    let (name, rule) = match find(ctx) {
        // 货邮吞吐量49.5万吨，国内排名第6: a rank that names only where it
        // holds is of what the sentence spoke of.
        (Some(n), _) if is_one_of(&n, &RANK_SCOPES) && is_rank(ctx.q()) => {
            rank_fallback(ctx).unwrap_or((None, "scope-only"))
        }
        // 在全市的位次由第8位前移至第5位: a place in an order names no measure.
        (Some(n), _) if is_rank(ctx.q()) && is_rank_word_only(&n) => {
            rank_fallback(ctx).unwrap_or((None, "scope-only"))
        }
        // 南京4321.1亿元，无锡3648.5亿元: a place alone names no measure; it
        // is the record's region, and the measure is the figure's before it.
        // (资兴市4112户受灾群众: a count's noun after the number names it.)
        (Some(n), _) if is_place(ctx, &n) => {
            let named = is_counted(ctx)
                .then(|| after_name(ctx, &[]).0)
                .filter(|a| a.len() >= 2);
            match named.or_else(|| measure_before(ctx)) {
                Some(name) => (Some(rate_of_place_rank(ctx, name)), "place-only"),
                None => (Some(n), "place-only"),
            }
        }
        found => found,
    };
    let name = name.map(|n| with_elided_measure(ctx, n, rule));
    let name = name.map(|n| of_group(ctx, n, rule));
    let name = name.map(|n| with_effect_subject(ctx, n));
    let name = name.map(|n| of_growth_rate(ctx, n));
    let name = name.map(|n| as_share_of_whole(ctx, n));
    let name = name.map(|n| of_goal_done(ctx, n));
    let name = name.map(|n| with_absolute_change(ctx, n));
    let name = name.map(|n| as_multiple_of(ctx, n));
    let name = name.map(|n| of_subject_before(ctx, with_share_subject(ctx, n)));
    let name = name.map(|n| with_share_word(ctx, n));
    let name = name.map(|n| with_whole_of_share_before(ctx, n));
    // (A gap's name is made of canonical parts and its place, which
    // canonical would drop as a scope word: 高于全省.)
    let name = name
        .map(|n| match rule {
            "gap" => crate::text::string_of(&n),
            _ => canonical(ctx, crate::text::string_of(&n).trim()),
        })
        .filter(|n| n.chars().count() >= 2);
    ev.push(format_args!(
        "indicator={} (rule {rule})",
        name.as_deref().unwrap_or("null")
    ));
    (name, rule.to_string())
}

/// 城镇居民人均可支配收入4.2万元，农村居民1.8万元: a clause that names only
/// what is measured, parallel to the figure before (as long as its subject and
/// ending as it does) and in its unit, elides that figure's measure (农村居民
/// 人均可支配收入).
fn with_elided_measure(ctx: &Context, mut name: Vec<char>, rule: &str) -> Vec<char> {
    const MAX_SUBJECT_CHARS: usize = 6;
    // (Items after a breakdown frame may be longer: 外商及港澳台商投资企业.)
    const MAX_BROKEN_DOWN_ITEM_CHARS: usize = 12;
    if rule != "before" || name.len() < 2 || name.len() > MAX_BROKEN_DOWN_ITEM_CHARS {
        return name;
    }
    let Some(last) = last_figure(ctx).filter(|r| in_its_unit(ctx, r)) else {
        return name;
    };
    let Some(prev) = last.indicator.as_deref() else {
        return name;
    };
    let prev: Vec<char> = prev.chars().collect();
    let names = &ctx.doc.rules.names;
    let Some(from) = measure_start(names, &prev).filter(|&f| f > 0) else {
        return name;
    };
    // (股份制企业 after 国有控股企业增加值: the item may end with the first
    // words of the measure, 企业; they are its own.)
    let measure = &prev[from..];
    let shared = (1..measure.len())
        .rev()
        .find(|&k| name.ends_with(&measure[..k]))
        .unwrap_or(0);
    let (subject, rest) = prev.split_at(from + shared);
    // (Parallel as 城镇居民 and 农村居民 are; not 新兴产业 after 绿色低碳优势产业,
    // nor 企业债券融资 after 国有大行实际.)
    let parallel = subject.len() == name.len() && subject.last() == name.last();
    // (分经济类型看，国有控股企业增加值增长4.2%，股份制企业增长7.5%; 工业总产值
    // 增长9.6%，其中，轻工业增长6.2%; 分行业看，纺织业增加值增长6.4%，化学纤维
    // 制造业增长11.2%: after a breakdown frame, items of one kind, ending with
    // one word, are parallel whatever their lengths. The frame is looked for
    // last: it takes the sentence's clauses.)
    let same_kind = subject.last() == name.last();
    let long = name.len() > MAX_SUBJECT_CHARS;
    let parallel = (parallel && !long) || ((parallel || same_kind) && after_breakdown(ctx));
    if parallel && !owns_measure(ctx, &name) && !is_place(ctx, &name) {
        name.extend_from_slice(rest);
    }
    name
}

/// 全国居民消费价格上涨0.3%。其中，城市上涨0.3%: a part of the population
/// alone (`group_words`) is that part's share of the measure before, in its
/// unit and without its scope (城市居民消费价格).
fn of_group(ctx: &Context, mut name: Vec<char>, rule: &str) -> Vec<char> {
    let names = &ctx.doc.rules.names;
    if rule != "before" || !is_one_of(&name, &names.group_words) {
        return name;
    }
    // (其中，城市上涨0.3%: the figure before may close the sentence before.)
    let last = last_figure(ctx).or(ctx.earlier);
    let Some(last) = last.filter(|r| in_its_unit(ctx, r)) else {
        return name;
    };
    let Some(prev) = last.indicator.as_deref() else {
        return name;
    };
    // (农村 after 城市居民消费价格 is of 居民消费价格 too.)
    let measure = without_first_of(prev, &super::context::WHOLE_REGION);
    let measure = without_first_of(measure, &names.group_words);
    if measure.chars().count() >= 2 {
        name.extend(measure.chars());
    }
    name
}

/// `s` without the first of `words` it opens with.
fn without_first_of<'s>(s: &'s str, words: &[impl AsRef<str>]) -> &'s str {
    words
        .iter()
        .find_map(|w| s.strip_prefix(w.as_ref()))
        .unwrap_or(s)
}

/// 鲜菜价格上涨21.6%，影响CPI上涨约0.41个百分点: the points an effect with
/// no subject of its own (`effect_verbs`) moves a wider measure by are the
/// effect of the change before in its sentence. (Other figures of 带动 are
/// of what moved: 带动一般公共预算收入增长6.6%.)
fn with_effect_subject(ctx: &Context, name: Vec<char>) -> Vec<char> {
    let names = &ctx.doc.rules.names;
    if !ctx.q().is_points() {
        return name;
    }
    let Some(verb) = match_any(&name, 0, &names.effect_verbs) else {
        return name;
    };
    if name.len() <= verb.chars().count() {
        return name;
    }
    // (The change that moves it, not a share of the move between: 增长10.2%，
    // 对全省外贸增长的贡献率达84.6%，拉动全省外贸增长5.8个百分点.)
    let changed = ctx.previous.iter().rev().find(|r| r.kind == "change");
    let Some(prev) = changed.and_then(|r| r.indicator.as_deref()) else {
        return name;
    };
    let mut named: Vec<char> = prev.chars().collect();
    named.extend_from_slice(&name);
    named
}

/// 增长6.1%，比1-9月份加快0.2个百分点: points named as the growth rate
/// before them are of that rate (…增速), not of what grew.
fn of_growth_rate(ctx: &Context, mut name: Vec<char>) -> Vec<char> {
    if !ctx.q().is_points() {
        return name;
    }
    let rate_before =
        last_figure(ctx).filter(|r| r.kind == "change" && r.unit.as_deref() == Some("%"));
    let same = rate_before.is_some_and(|r| {
        r.indicator
            .as_ref()
            .is_some_and(|i| i.chars().eq(name.iter().copied()))
    });
    // (经济成长率 is a rate by its own name.)
    let rate_words = &ctx.doc.rules.cues.change_words;
    if same && match_any_before(&name, name.len(), rate_words).is_none() {
        name.extend("增速".chars());
    }
    name
}

/// 第一产业增加值占地区生产总值比重为8.6%，第二产业增加值比重为37.9%: a
/// share that names no whole, right after a share of one in the same word, is
/// of that whole too (第二产业增加值占地区生产总值比重).
fn with_whole_of_share_before(ctx: &Context, name: Vec<char>) -> Vec<char> {
    let names = &ctx.doc.rules.names;
    if name.contains(&'占') || !ctx.q().is_percentish() {
        return name;
    }
    let Some(word) = match_any_before(&name, name.len(), &names.share_words) else {
        return name;
    };
    let n = word.chars().count();
    let last = last_figure(ctx).filter(|r| r.kind == "ratio");
    let Some(prev) = last.and_then(|r| r.indicator.as_deref()) else {
        return name;
    };
    let (Some(at), Some(whole_end)) = (prev.find('占'), prev.strip_suffix(word).map(str::len))
    else {
        return name;
    };
    let own = &name[..name.len() - n];
    if own.len() < 2 || whole_end <= at {
        return name;
    }
    let mut out = own.to_vec();
    out.extend(prev[at..whole_end].chars());
    out.extend(word.chars());
    out
}

/// 民生支出占一般公共预算支出的71.7%: a share written without its word takes
/// the word the document writes its shares with (…占一般公共预算支出比重).
/// Not a rate whose word holds 占 (市场占有率), nor 占比.
fn with_share_word(ctx: &Context, mut name: Vec<char>) -> Vec<char> {
    let Some(at) = name.iter().rposition(|c| *c == '占') else {
        return name;
    };
    // (网上销售占8.5%: a share of a whole the clause does not name is 占比.)
    if at + 1 == name.len() && at >= 2 && ctx.q().is_percentish() {
        name.push('比');
        return name;
    }
    // (A share word anywhere: 公共开支比率占… goes to its end later.)
    let text = crate::text::string_of(&name);
    let has_word = ctx
        .doc
        .rules
        .names
        .share_words
        .iter()
        .any(|w| text.contains(w.as_str()));
    let rate = matches!(name.last(), Some('率' | '比'));
    if !ctx.q().is_percentish() || name.len() - at < 3 || has_word || rate {
        return name;
    }
    name.extend(ctx.memo.share_word(ctx.doc).chars());
    name
}

/// 在全市的位次, 排名: a word for a place in an order and its scope, with no measure.
fn is_rank_word_only(name: &[char]) -> bool {
    let words: String = name.iter().filter(|c| !matches!(c, '在' | '的')).collect();
    let scope = RANK_SCOPES.iter().find(|s| words.starts_with(s.as_str()));
    let words = scope.map_or(words.as_str(), |s| &words[s.len()..]);
    ["位次", "排名", "排位", "名次"].contains(&words)
}

/// Whether `name` is a place of the gazetteer and nothing more (无锡, 连云港).
fn is_place(ctx: &Context, name: &[char]) -> bool {
    let text = crate::text::string_of(name);
    ctx.doc.rules.gazetteer.place_written_as(&text).is_some()
}

/// The name of the sentence's figure before, else the paragraph's (or the
/// document's, for a sentence that opens by breaking it down), without a
/// place it opens with.
fn measure_before(ctx: &Context) -> Option<Vec<char>> {
    let in_paragraph = || {
        ctx.earlier
            .filter(|_| ctx.earlier_in_paragraph)
            .and_then(|r| r.indicator.as_deref())
            .map(|n| n.chars().collect())
    };
    // (江山市…增长6.8%，增速居全市第一；龙游县增长6.3%: a figure is not of the
    // rank between, which names the growth's rate.)
    let rank = is_rank(ctx.q());
    let before = previous_name_where(ctx, |r| rank || r.kind != "rank");
    let mut name = topic_measure(ctx)
        .or(before)
        .or_else(in_paragraph)
        .or_else(|| broken_down(ctx))?;
    strip_region(ctx, &mut name);
    (!is_place(ctx, &name)).then_some(name)
}

/// 规模以上工业增加值方面，龙游县增长12.4%: a measure the sentence opens with
/// as its topic (…方面) is what the places after it are measured by.
fn topic_measure(ctx: &Context) -> Option<Vec<char>> {
    const TOPIC: [char; 2] = ['方', '面'];
    let ss = ctx.doc.segments.sentences[ctx.sentence_index].start;
    let chars = &ctx.doc.cleaned.chars;
    let end = (ss..ctx.q().start).find(|&i| super::context::is_clause_delimiter(chars[i]))?;
    let topic = chars[ss..end].strip_suffix(&TOPIC)?;
    let names_measure = ends_in_measure(topic)
        || ctx
            .doc
            .rules
            .lexicon
            .lookup(&crate::text::string_of(topic))
            .is_some();
    (topic.len() >= 2 && names_measure && !is_place(ctx, topic)).then(|| topic.to_vec())
}

/// 贷款增加6890亿元, 区直部门减少5个: an increase or a decrease in units is
/// named by its verb, as the record contract asks (贷款增加), not by what
/// changed (贷款, a stock).
fn with_absolute_change(ctx: &Context, mut name: Vec<char>) -> Vec<char> {
    let q = ctx.q();
    if q.special.is_some() || !q.has_unit() {
        return name;
    }
    let chars = &ctx.doc.cleaned.chars;
    // (分别比上年增加12家和9家: a later figure of a list has the verb of its first.)
    let mut end = ctx.quantities[ctx.list_head()].start;
    while end > 0 && matches!(chars[end - 1], '了' | ' ') {
        end -= 1;
    }
    // 减少约7,000人: a word of approximation stands between the verb and the number.
    if let Some(w) = APPROXIMATE_WORDS
        .iter()
        .find(|w| crate::text::ends_with_at(chars, end, w))
    {
        end -= w.chars().count();
    }
    // (No verb holds a clause delimiter: the words need not be cut at the clause.)
    let Some((_, verb)) = ABSOLUTE_CHANGES
        .iter()
        .find(|(said, _)| crate::text::ends_with_at(chars, end, said))
    else {
        return name;
    };
    let verb: Vec<char> = verb.chars().collect();
    if name.len() < 2 || name.ends_with(&verb) {
        return name;
    }
    // (耕地净 + 净增加: the words share 净.)
    if name.last() == Some(&'净') && verb[0] == '净' {
        name.pop();
    }
    // A number of days counts days: 重污染天气减少38天 → 重污染天气天数减少.
    if q.base.as_deref() == Some("天") && !name.ends_with(&['天']) && !name.ends_with(&['天', '数'])
    {
        name.extend("天数".chars());
    }
    name.extend(verb);
    name
}

/// 收入完成325.6亿元，为预算的101.2%: a percentage of a whole written after
/// 为/是/相当于 and 的, with nothing else in its clause, is the figure before
/// as a share of that whole (占预算, then 一般公共预算收入占预算比重).
fn as_share_of_whole(ctx: &Context, name: Vec<char>) -> Vec<char> {
    if unit_category(ctx) != Some("percent") {
        return name;
    }
    let q = ctx.q();
    let clause = &ctx.doc.cleaned.chars[ctx.clause_start()..q.start];
    let Some(whole) = clause.strip_suffix(&['的']) else {
        return name;
    };
    let whole = ["为", "是", "相当于", "相等于"]
        .iter()
        .find_map(|v| whole.strip_prefix(&v.chars().collect::<Vec<_>>()[..]));
    // (The name is the whole, or the whole with its verb when no rule took it.)
    match whole {
        Some(w) if name.ends_with(w) => std::iter::once('占').chain(w.iter().copied()).collect(),
        _ => name,
    }
}

/// 地区生产总值完成1580亿元，增长5.1%，完成年度目标的98.1%: the share of a
/// goal, a budget or a plan done, with nothing else in its clause, is of what
/// the figure before measured (地区生产总值完成年度目标).
fn of_goal_done(ctx: &Context, name: Vec<char>) -> Vec<char> {
    const DONE: [char; 2] = ['完', '成'];
    let goals = &ctx.doc.rules.names.goal_nouns;
    if unit_category(ctx) != Some("percent") || !name.starts_with(&DONE) {
        return name;
    }
    let q = ctx.q();
    let clause = &ctx.doc.cleaned.chars[ctx.clause_start()..q.start];
    let whole = clause
        .strip_suffix(&['的'])
        .and_then(|c| c.strip_prefix(&DONE))
        .map(crate::text::string_of);
    let goal = whole.is_some_and(|w| goals.iter().any(|g| w.ends_with(g.as_str())));
    if !goal || clause[..clause.len() - 1] != name[..] {
        return name;
    }
    match last_figure(ctx).and_then(|r| r.indicator.as_deref()) {
        Some(s) if !s.contains("完成") => s.chars().chain(name).collect(),
        _ => name,
    }
}

/// 六大主导产业增加值增长14.1%,占规上工业比重达84.5%: a share whose clause
/// opens with 占 is a share of what the figure before it measured (of the
/// k-th figure before a list of n shares: A、B增加值分别增长a、b,占…分别提高到c、d).
fn with_share_subject(ctx: &Context, name: Vec<char>) -> Vec<char> {
    // (占全国44%, 占全国超4成: a share in tenths too.)
    if name.first() != Some(&'占') || !ctx.q().is_percentish() {
        return name;
    }
    let head = ctx.list_head();
    let n = ctx.list_len(head);
    let subject = match n {
        1 => last_figure(ctx),
        _ => ctx
            .previous
            .len()
            .checked_sub(n)
            .map(|i| &ctx.previous[i])
            .filter(|r| r.rule != "gap"),
    };
    match subject.and_then(|r| r.indicator.as_deref()) {
        Some(s) if !s.starts_with('占') => s.chars().chain(name).collect(),
        _ => name,
    }
}

/// 粮食播种面积1.1亿亩、产量825亿斤: a measure noun alone (产量) is of the
/// subject of the figure before, when the two make an indicator the lexicon
/// knows by name (粮食产量): the longest opening of the figure's name that does.
fn of_subject_before(ctx: &Context, name: Vec<char>) -> Vec<char> {
    let names = &ctx.doc.rules.names;
    // 民间投资下降2.3%，降幅较1-8月收窄: a rate word alone is the rate of the figure before.
    let rate_only = is_one_of(&name, &ctx.doc.rules.cues.change_words);
    // 占外贸总值的66%，比重较去年同期提升0.4个百分点: a share word alone is
    // the share before.
    let share_only = is_one_of(&name, &names.share_words) || name == ['占', '比'];
    if let Some(r) = last_figure(ctx).filter(|r| share_only && r.kind == "ratio") {
        if let Some(prev) = r.indicator.as_deref() {
            return prev.chars().collect();
        }
    }
    if let Some(mut prev) = rate_only.then(|| previous_name(ctx)).flatten() {
        if !prev.ends_with(&name) {
            prev.extend_from_slice(&name);
        }
        return prev;
    }
    if is_one_of(&name, &names.comparative_changes) {
        if let Some(mut prev) = previous_name(ctx) {
            if let Some(v) = match_any_before(&prev, prev.len(), &ABSOLUTE_VERBS) {
                prev.truncate(prev.len() - v.chars().count());
            }
            prev.extend(name);
            return prev;
        }
    }
    // (新签约项目86个，总投资420亿元: a total investment is a measure too,
    // but not a threshold's: 总投资超10亿元项目占比.)
    let total = || is_one_of(&name, &names.total_words) && nothing_named_after(ctx);
    let bare_measure = is_one_of(&name, &names.measure_nouns) || total();
    let Some(prev) = bare_measure.then(|| previous_name(ctx)).flatten() else {
        return name;
    };
    let lexicon = &ctx.doc.rules.lexicon;
    let known = (2..prev.len())
        .rev()
        .map(|i| prev[..i].iter().chain(&name).collect::<String>())
        .find(|c| {
            matches!(
                lexicon.lookup(c),
                Some((_, crate::rules::lexicon::Via::Form))
            )
        });
    if let Some(known) = known {
        return known.chars().collect();
    }
    // 年末生猪存栏36.5万头，出栏62.1万头: a measure the figure before shares
    // with its subject is that subject's (生猪出栏).
    let shared = is_one_of(&name, &names.shared_measures);
    if let Some(from) = measure_start(names, &prev).filter(|&f| shared && f > 0) {
        // (年末 is the stock's time, not the flow's: 年末生猪存栏 → 生猪出栏.)
        let subject = prev[..from]
            .strip_prefix(&['年', '末'])
            .unwrap_or(&prev[..from]);
        let mut named = strip(ctx, subject.to_vec());
        if named.len() >= 2 && !is_place(ctx, &named) {
            named.extend_from_slice(&name);
            return named;
        }
    }
    // 实施城市更新项目24个、投资145亿元: the amount the projects took.
    match projects_before(ctx).filter(|_| unit_category(ctx) == Some("money")) {
        Some(mut projects) => {
            projects.extend_from_slice(&name);
            projects
        }
        None => name,
    }
}

/// The name of the sentence's last figure (not of a gap to the country's rate,
/// which names its rate's comparison, not a measure of its own).
fn previous_name(ctx: &Context) -> Option<Vec<char>> {
    previous_name_where(ctx, |_| true)
}

/// The name of the sentence's last record that `keep` keeps (see
/// [`last_figure_where`]).
fn previous_name_where(
    ctx: &Context,
    keep: impl Fn(&crate::dataset::rows::Record) -> bool,
) -> Option<Vec<char>> {
    last_figure_where(ctx, keep)
        .and_then(|r| r.indicator.as_ref())
        .map(|s| s.chars().collect())
}

/// 一般公共预算收入完成41.3亿元，完成年度预算的78.6%，同比增长4.2%: a growth
/// in per cent with nothing named before it is of the last amount, not of a
/// share or a rate in per cent said of that amount in between.
fn previous_name_of_growth(ctx: &Context) -> Option<Vec<char>> {
    let q = ctx.q();
    let cues = &ctx.doc.rules.cues;
    let growth = q.unit().as_deref() == Some("%")
        && (match_any_before(&ctx.doc.cleaned.chars, q.start, &cues.change_up).is_some()
            || match_any_before(&ctx.doc.cleaned.chars, q.start, &cues.change_down).is_some());
    let last = last_figure(ctx)?;
    let share = last.kind == "ratio" && last.unit.as_deref() == Some("%");
    if !growth || !share {
        return None;
    }
    let amount = last_figure_where(ctx, |r| r.kind == "level")?;
    amount.indicator.as_ref().map(|s| s.chars().collect())
}

/// The sentence's last record that is not a gap to another place's rate.
fn last_figure<'a>(ctx: &'a Context) -> Option<&'a crate::dataset::rows::Record> {
    last_figure_where(ctx, |_| true)
}

/// The sentence's last record that is not a gap to another place's rate
/// and that `keep` keeps.
fn last_figure_where<'a>(
    ctx: &'a Context,
    keep: impl Fn(&crate::dataset::rows::Record) -> bool,
) -> Option<&'a crate::dataset::rows::Record> {
    ctx.previous
        .iter()
        .rev()
        .find(|r| r.rule != "gap" && keep(r))
}

/// 储备项目是开工项目3至4倍, 新启动21个改造项目，是计划任务的2.1倍: a multiple
/// of another thing than an earlier time is the ratio of the two (储备项目与
/// 开工项目之比), the first named before 是 or, when nothing is, by the figure
/// before.
fn as_multiple_of(ctx: &Context, name: Vec<char>) -> Vec<char> {
    if ctx.q().unit().as_deref() != Some("倍") {
        return name;
    }
    let Some(is) = name.iter().rposition(|c| *c == '是') else {
        return name;
    };
    let (first, other) = (&name[..is], &name[is + 1..]);
    if other.len() < 2 {
        return name;
    }
    let first: Vec<char> = match strip(ctx, first.to_vec()) {
        f if f.len() >= 2 => f,
        _ => match last_figure(ctx).and_then(|r| r.indicator.as_deref()) {
            Some(n) => n.chars().collect(),
            None => return name,
        },
    };
    [first.as_slice(), &['与'], other, &['之', '比']].concat()
}

/// Whether a record is in the number's unit (and has one), whatever their
/// multipliers (1.9万个 and 4300个).
fn in_its_unit(ctx: &Context, r: &crate::dataset::rows::Record) -> bool {
    let q = ctx.q();
    r.unit.is_some()
        && (r.unit == q.unit() || r.unit_normalized.is_some() && r.unit_normalized == q.base_unit())
}

/// 全省地区生产总值增长5.7%,高于全国0.7个百分点: the points a rate stands above
/// or below a wider place's name the rate and the comparison, as statistical
/// tables write it (地区生产总值增速高于全国; a share's: 城镇调查失业率低于全国;
/// 税收收入增速比全省高1.2个百分点 → 税收收入增速高于全省). The rate is named in
/// the clause or, when the clause is only the comparison, is the figure before.
fn gap_to_wider_region(ctx: &Context, raw_prefix: &[char]) -> Option<Vec<char>> {
    if !ctx.q().is_points() {
        return None;
    }
    let text: String = raw_prefix.iter().filter(|c| !c.is_whitespace()).collect();
    let listed = text.trim_start_matches(['、', '和', '及']);
    let from = ctx.q().start - raw_prefix.len();
    let chars = &ctx.doc.cleaned.chars;
    let after_joiner = from > 0 && matches!(chars[from - 1], '、' | '和' | '及');
    if listed.len() < text.len() || after_joiner {
        if let Some(name) = next_place_of_gap(ctx, listed) {
            return Some(name);
        }
    }
    let text = listed;
    let cue = ctx.doc.rules.lexicon.gap_cue(text)?;
    let comparison = comparison_of(cue)?;
    let own = &text[..text.len() - cue.len()];
    // (园区规模工业增加值、税收增速分别高于全省…: a list's names are its own.)
    if own.contains('、') || find_respectively(own).is_some() || own.ends_with('均') {
        return None;
    }
    gap_name(ctx, own, false, &comparison)
}

/// 高于全国0.4个百分点、全省0.3个百分点: a place listed after a gap, with no
/// verb of its own, is read against as the first was (地区生产总值增速高于全国
/// → …高于全省).
fn next_place_of_gap(ctx: &Context, place: &str) -> Option<Vec<char>> {
    let lexicon = &ctx.doc.rules.lexicon;
    let k = ctx.index.checked_sub(1)?;
    let prev = ctx
        .previous
        .last()
        .filter(|r| ctx.is_record[k] && r.rule == "gap")?;
    let name = prev.indicator.as_deref()?;
    let at = name.rfind('于')?;
    let way = name[..at]
        .chars()
        .last()
        .filter(|c| GAP_WAYS.contains(*c))?;
    let cue = format!("{way}于{place}");
    if lexicon.gap_cue(&cue) != Some(cue.as_str()) {
        return None;
    }
    let comparison = comparison_of(&cue)?;
    let stem = &name[..at - way.len_utf8()];
    Some(format!("{stem}{comparison}").chars().collect())
}

/// The name of a gap (`comparison`: 高于全省) of the rate `own` names, or
/// of the figure before when `own` names nothing (增速比全省高): the rate
/// word is 增速 when it is a growth rate's gap (`said_growth` when the
/// words around say so).
fn gap_name(ctx: &Context, own: &str, said_growth: bool, comparison: &str) -> Option<Vec<char>> {
    let (own, said_growth) = match ["增速", "增幅", "增长"]
        .iter()
        .find_map(|w| own.strip_suffix(w))
    {
        Some(stem) => (stem, true),
        None => (own, said_growth),
    };
    let own = strip(ctx, own.chars().collect());
    let (name, of_growth) = if own.len() >= 2 {
        (canonical(ctx, &crate::text::string_of(&own)), said_growth)
    } else {
        let rate = ctx
            .previous
            .iter()
            .rev()
            .find(|r| r.rule != "gap" && r.kind != "rank")?;
        let name = rate.indicator.as_deref()?;
        let name = ["增速", "增幅"]
            .iter()
            .fold(name, |n, w| n.strip_suffix(w).unwrap_or(n));
        (name.to_string(), said_growth || rate.kind == "change")
    };
    // (经济成长率 is a growth rate already: 经济成长率高于8月预测.)
    let of_growth = if of_growth && !name.ends_with('率') {
        "增速"
    } else {
        ""
    };
    Some(format!("{name}{of_growth}{comparison}").chars().collect())
}

/// 增速比全国、全省分别高0.8、0.3个百分点 (分别高于全国、全省…): the k-th
/// number of the list is the gap to the k-th place; 园区规模工业增加值、税收
/// 增速分别高于全省2.2个和3.7个百分点: the k-th item's gap to the one place.
fn gaps_respectively(ctx: &Context, cs: usize) -> Option<Vec<char>> {
    if !ctx.q().is_points() {
        return None;
    }
    let text = ctx.doc.cleaned.str(cs, ctx.q().start);
    let pos = find_respectively(text)?;
    let head = ctx.list_head();
    let after_fb = cs + text[..pos].chars().count() + 2;
    let head_start = ctx.quantities[head].start;
    if head_start <= after_fb {
        return None;
    }
    let after = ctx.doc.cleaned.str(after_fb, head_start);
    let before = &text[..pos];
    let (k, count) = (ctx.index - head, ctx.list_len(head));
    let is_joiner = |c: char| matches!(c, '、' | '和');
    let (own, cue) = match before.rfind('比') {
        // 增速比全国、全省分别高: the places are before 分别, the way after it.
        Some(b) if after.chars().count() == 1 && GAP_WAYS.contains(after) => {
            let places: Vec<&str> = before[b + '比'.len_utf8()..].split(is_joiner).collect();
            (
                before[..b].to_string(),
                format!("比{}{after}", places.get(k)?),
            )
        }
        _ => {
            let (verb, _) = GAP_VERBS.iter().find(|(v, _)| after.starts_with(v))?;
            let places: Vec<&str> = after[verb.len()..].split(is_joiner).collect();
            let items: Vec<&str> = before.split(is_joiner).collect();
            match (places.len(), items.len()) {
                (n, _) if n == count => (before.to_string(), format!("{verb}{}", places[k])),
                (1, n) if n == count => (items[k].to_string(), after.to_string()),
                // 城镇、农村居民收入分别增长4.6%、6.5%，分别高于全省0.2、0.4个百分点:
                // the k-th of the figures before the list.
                (1, _) if strip(ctx, before.chars().collect()).is_empty() => {
                    let first = ctx.previous.len().checked_sub(k + count)?;
                    let rate = &ctx.previous[first + k];
                    let growth = if rate.kind == "change" { "增速" } else { "" };
                    let name = rate.indicator.as_deref()?;
                    (format!("{name}{growth}"), after.to_string())
                }
                _ => return None,
            }
        }
    };
    let lexicon = &ctx.doc.rules.lexicon;
    if lexicon.gap_cue(&cue) != Some(cue.as_str()) {
        return None;
    }
    let said_growth = ["增速", "增幅"].iter().any(|w| before.contains(w));
    gap_name(ctx, &own, said_growth, &comparison_of(&cue)?)
}

/// The ways a rate stands against another (比全省高, 比上年同期低).
const GAP_WAYS: &str = "高低快慢";

/// The verbs of a gap to a wider place or a whole, with the way they go
/// (落后全市 is 低于全市).
const GAP_VERBS: [(&str, char); 11] = [
    ("高于", '高'),
    ("优于", '高'),
    ("好于", '高'),
    ("高出", '高'),
    ("超过", '高'),
    ("超出", '高'),
    ("领先", '高'),
    ("低于", '低'),
    ("落后", '低'),
    ("快于", '快'),
    ("慢于", '慢'),
];

/// 高于全国平均水平 → 高于全国, 比全省高 → 高于全省, 落后全市 → 低于全市: a
/// gap's comparison as a name writes it.
fn comparison_of(cue: &str) -> Option<String> {
    let (way, place) = if let Some(rest) = cue.strip_prefix('比') {
        let way = rest.chars().last().filter(|c| GAP_WAYS.contains(*c))?;
        (way, &rest[..rest.len() - way.len_utf8()])
    } else {
        let (verb, way) = GAP_VERBS.iter().find(|(v, _)| cue.starts_with(v))?;
        (*way, &cue[verb.len()..])
    };
    let place = ["水平", "增速", "增幅", "经济", "均值", "平均", "同期"]
        .iter()
        .fold(place, |p, w| p.strip_suffix(w).unwrap_or(p));
    (!place.is_empty()).then(|| format!("{way}于{place}"))
}

/// A name built from a frame around the number, read before the prefix is cleaned.
fn from_frames(ctx: &Context, raw_prefix: &[char]) -> Option<(Vec<char>, &'static str)> {
    let names = &ctx.doc.rules.names;
    if let Some((who, what)) = clause::beneficiary(ctx, raw_prefix) {
        let who = strip(ctx, who);
        let mut what = strip(ctx, what);
        if what.is_empty() {
            what = strip(ctx, clause::after(ctx).item);
            // 发放3,000元津贴后/外: the clause goes on after the noun.
            if let Some(d) = what.iter().position(|c| matches!(c, '的' | '后' | '外')) {
                what.truncate(d);
            }
        }
        if who.len() >= 2 && !what.is_empty() {
            let mut name = who;
            name.extend(what);
            return Some((name, "beneficiary"));
        }
    }
    if let Some((object, tail)) = clause::investment_object(ctx, raw_prefix) {
        let object = strip(ctx, object);
        let object = phrase::noun_before_predicate(names, &object);
        let object = strip(ctx, phrase::drop_de(&object));
        if object.len() >= 2 {
            let mut name = object;
            name.extend(tail.chars());
            return Some((name, "investment-object"));
        }
    }
    if let Some((object, with_verb)) = clause::purpose_object(ctx) {
        let object = strip(ctx, object);
        if object.len() >= 2 {
            let mut name = object;
            let verb = strip(ctx, raw_prefix.to_vec());
            if with_verb && match_any_before(&verb, verb.len(), &names.purpose_verbs).is_some() {
                let v = match_any_before(&verb, verb.len(), &names.purpose_verbs).unwrap_or("");
                name.extend(v.chars());
            }
            return Some((name, "purpose"));
        }
    }
    None
}

/// X(共)完成投资 → X投资, but X完成投资 when the sentence also gives a total
/// (总投资); a bare 完成投资 opening the sentence takes the sentence's subject.
fn completion(ctx: &Context, prefix: &[char]) -> Option<(Vec<char>, &'static str)> {
    let names = &ctx.doc.rules.names;
    let (end, verb, measure) = completion_at_end(names, prefix)?;
    let mut subject = strip(ctx, prefix[..end].to_vec());
    if strip_region(ctx, &mut subject) || is_region(ctx, &subject) {
        // 中俄蒙国际物流园区累计完成投资: the entity is the region column.
        return None;
    }
    if !subject.is_empty() {
        let mut name = subject;
        if clause::sentence_has(ctx, &names.total_words) {
            name.extend(verb.chars());
        }
        name.extend(measure.chars());
        return Some((name, "completion"));
    }
    if ctx.is_record[..ctx.index].iter().any(|r| *r) {
        let mut name = projects_before(ctx)?;
        name.extend(verb.chars().chain(measure.chars()));
        return Some((name, "completion-projects"));
    }
    let mut name = sentence_subject(ctx, true)?;
    name.extend(measure.chars());
    Some((name, "completion-subject"))
}

/// 实施省重点项目1000个，完成投资1万亿元: a bare measure after a figure of
/// projects (their count, a project's total) is of those projects: the figure
/// before's name up to its last project head, its counting verb dropped
/// (省重点项目). `None` when that name holds no project head.
fn projects_before(ctx: &Context) -> Option<Vec<char>> {
    let heads = &ctx.doc.rules.names.project_heads;
    let verbs = &ctx.doc.rules.cues.counting_verbs;
    let prev = last_figure(ctx)?.indicator.as_deref()?;
    let end = heads
        .iter()
        .filter_map(|h| prev.rfind(h.as_str()).map(|at| at + h.len()))
        .max()?;
    let mut name: Vec<char> = prev[..end].chars().collect();
    while let Some(v) = verbs
        .at(&name, 0)
        .filter(|v| v.chars().count() < name.len())
    {
        name.drain(..v.chars().count());
    }
    Some(name)
}

/// The subject of the nearest earlier clause that has one (社区干部生活补贴…逐年提高，
/// 平均达到2000元 → 社区干部生活补贴…).
fn sentence_subject(ctx: &Context, previous_sentence: bool) -> Option<Vec<char>> {
    clause::earlier_clauses(ctx, previous_sentence)
        .into_iter()
        .find_map(|c| subject_of_clause(ctx, c))
}

/// The subject a clause opens with: a frame's topic, else its words up to
/// a verb that ends a subject, with lead words, scope and region out.
fn subject_of_clause(ctx: &Context, mut c: Vec<char>) -> Option<Vec<char>> {
    let names = &ctx.doc.rules.names;
    if match_any(&c, 0, &names.frame_openers).is_some() {
        return phrase::frame_topic(names, &c);
    }
    // 以郑州市地区生产总值最高，达14532.1亿元: what ranks first is the subject.
    if let Some(subject) = superlative_subject(names, &c) {
        c = subject;
    }
    // 统计局同时表示,…: a clause that only says who speaks has no subject;
    // nor one that says how the figures are broken down (分季度看).
    let speaker = is_one_of(&c, &names.speaker_labels);
    if names.reporting_verbs.before(&c, c.len()).is_some() || is_breakdown(names, &c) || speaker {
        return None;
    }
    let mut s = strip(ctx, c);
    // 10月综合消费物价指数为104.43: the subject stands before the clause's
    // own figure (its time is gone by now).
    if let Some(d) = s
        .iter()
        .position(|c| c.is_ascii_digit())
        .filter(|&d| d >= 2)
    {
        s = strip(ctx, s[..d].to_vec());
    }
    if strip_region(ctx, &mut s) {
        s = strip(ctx, s);
    }
    let s = strip(ctx, phrase::subject_of(names, &s));
    (s.len() >= 2 && !s.iter().any(|c| c.is_ascii_digit())).then_some(s)
}

/// The subject of a clause that says which member ranks first (以X最高 → X).
fn superlative_subject(
    names: &crate::rules::names::NameRules,
    clause: &[char],
) -> Option<Vec<char>> {
    let text = crate::text::string_of(clause);
    let text = text.trim();
    names
        .superlative_frames
        .iter()
        .find_map(|r| r.captures(text)?.name("subject"))
        .map(|m| m.as_str().chars().collect())
}

/// Whether a clause only says how the figures after it are broken down, or
/// on what basis they are given (经季节性调整后，按季上升0.7%: the figure is
/// of what was named before).
fn is_breakdown(names: &crate::rules::names::NameRules, clause: &[char]) -> bool {
    let text = crate::text::string_of(clause);
    let text = text.trim();
    let setting = names.setting_words.iter().any(|w| w == text);
    setting || names.breakdown_frames.iter().any(|r| r.is_match(text))
}

/// Where the number's item of its clause starts. A 、 between bare nouns lists
/// what the one number counts (新建、改扩建学校144所 names both), so the item
/// reaches back over earlier items of the list that hold no numeral and are no
/// longer than the number's own: a longer one is a clause of its own
/// (项目全面达产、完成年产值50亿元), one with a numeral has its own figure
/// (新增A 5个、B 3个; 落实八项规定、28条细则), and places are examples of
/// what is counted (广州、深圳、珠海3个服务站). A 和 or 及 before a figure
/// (5个和3个) always ends an item.
fn item_start(ctx: &Context, cs: usize) -> usize {
    let chars = &ctx.doc.cleaned.chars;
    let q_start = ctx.quantities[ctx.index].start;
    let boundary_before = |end: usize| {
        (cs..end)
            .rev()
            .find(|&i| clause::is_item_boundary(chars, i))
    };
    let Some(last) = boundary_before(q_start) else {
        return cs;
    };
    let own_len = q_start - last - 1;
    let mut b = last;
    loop {
        let item = boundary_before(b).map_or(cs, |i| i + 1);
        let has_numeral = ctx.quantities[..ctx.index]
            .iter()
            .any(|p| p.start >= item && p.start < b);
        if chars[b] != '、' || has_numeral || b - item > own_len || is_region(ctx, &chars[item..b])
        {
            return b + 1;
        }
        if item == cs {
            return cs;
        }
        b = item - 1;
    }
}

/// A name and the rule that found it (no name when nothing names the number).
type Found = (Option<Vec<char>>, &'static str);

/// The words of the number's item its name is looked for in.
struct Item<'a> {
    cs: usize,
    /// Where the item starts (after a list joiner or lead, else the clause start).
    start: usize,
    /// A measured number earlier in the item (通航11个国家104个城市): it
    /// closes the words before it, and the prefix starts after it.
    closer: Option<&'a Quantity>,
    /// The words between the item's start (or the closer) and the number, as written.
    raw_prefix: Vec<char>,
    /// The same words cleaned: lead and scope words, the region, examples out.
    prefix: Vec<char>,
    /// The cleaned words before the region was taken out.
    unregioned: Vec<char>,
}

/// The rules, in order, that name a number: lists and frames first, then a
/// figure before it (ranges, ranks, totals, changes), then the words before
/// and after it.
fn find(ctx: &Context) -> Found {
    if let Some(prev) = ctx.restated() {
        let name = prev.indicator.as_ref().map(|s| s.chars().collect());
        return (name, crate::dataset::rows::RESTATED_RULE);
    }
    let cs = ctx.clause_start();
    let start = item_start(ctx, cs);
    if let Some(found) = from_lists(ctx, cs, start) {
        return found;
    }
    let chars = &ctx.doc.cleaned.chars;
    let q = &ctx.quantities[ctx.index];
    // (Only a measured number closes: the 1-8 of 1-8月 is a date.)
    let closer = (0..ctx.index)
        .rev()
        .map(|k| &ctx.quantities[k])
        .zip(ctx.is_record[..ctx.index].iter().rev())
        .find(|(p, rec)| **rec && p.end <= q.start && p.end > start)
        .map(|(p, _)| p);
    let raw_prefix = chars[closer.map_or(start, |p| p.end)..q.start].to_vec();
    if let Some((name, rule)) = from_frames(ctx, &raw_prefix) {
        return (Some(name), rule);
    }
    if let Some(name) = gap_to_wider_region(ctx, &raw_prefix) {
        return (Some(name), "gap");
    }
    let mut item = Item::cleaned(ctx, cs, start, closer, raw_prefix);
    rate_word_of_points(ctx, &mut item.prefix);
    without_base_of_points(ctx, &mut item.prefix);
    if let Some(found) = second_of_range(ctx, &item) {
        return found;
    }
    let names = &ctx.doc.rules.names;
    // (新增省实验室5家、总数达到12家: 总数 alone names the running total of
    // the figure before, by the figure's noun; 高新技术企业总数达到480家 keeps it,
    // and so does a rank, 总数全国第一.)
    let bare_total = item.prefix == ['总', '数'] && ctx.q().base.is_some();
    if is_time_only(&item.prefix) || is_one_of(&item.prefix, &names.setting_words) || bare_total {
        item.prefix.clear();
    }
    if let Some(total) = running_total_by_verb(ctx, &item) {
        return (Some(total), "total");
    }
    if let Some(found) = rank_name(ctx, &item.prefix) {
        return found;
    }
    if let Some(found) = after_examples(ctx, &mut item.prefix) {
        return found;
    }
    if let Some(found) = total_name(ctx, &item) {
        return found;
    }
    if let Some(found) = added_to_previous(ctx, &item) {
        return found;
    }
    if let Some(found) = change_of_previous(ctx, &item) {
        return found;
    }
    from_words_after(ctx, item)
}

/// A name from a list the number is in: a 分别 list, parallel lists, or a
/// 、-list of bare numbers (13.8%、13.6%) sharing its head's name.
fn from_lists(ctx: &Context, cs: usize, start: usize) -> Option<Found> {
    if let Some(name) = gaps_respectively(ctx, cs) {
        return Some((Some(name), "gap"));
    }
    if let Some(name) = from_fenbie(ctx, cs) {
        return Some((Some(name), "respectively"));
    }
    if let Some(name) = ranks_of_list_before(ctx, cs) {
        return Some((Some(name), "ranks-respectively"));
    }
    if let Some(name) = from_parallel_lists(ctx, cs) {
        return Some((Some(name), "parallel"));
    }
    let chars = &ctx.doc.cleaned.chars;
    let q = &ctx.quantities[ctx.index];
    let bare_in_list = start == q.start
        && chars
            .get(q.start.wrapping_sub(1))
            .is_some_and(|c| super::context::is_list_joiner(*c));
    let prev = ctx.previous.last().filter(|_| bare_in_list)?;
    (ctx.list_head() < ctx.index)
        .then(|| (prev.indicator.as_ref().map(|s| s.chars().collect()), "list"))
}

impl<'a> Item<'a> {
    /// The item with its prefix cleaned.
    fn cleaned(
        ctx: &Context,
        cs: usize,
        start: usize,
        closer: Option<&'a Quantity>,
        raw_prefix: Vec<char>,
    ) -> Item<'a> {
        let chars = &ctx.doc.cleaned.chars;
        let q = &ctx.quantities[ctx.index];
        let mut prefix = strip(ctx, raw_prefix.clone());
        // (六成以上的税收和近七成的就业: the noun after the share before and its
        // 的 is that share's; this one is named by its own noun after it.)
        if closer.is_some_and(|p| p.unit() == q.unit())
            && OF_THE_FIGURE_BEFORE.is_match(&crate::text::string_of(&raw_prefix))
        {
            prefix.clear();
        }
        let unregioned = prefix.clone();
        if strip_region(ctx, &mut prefix) {
            prefix = strip(ctx, prefix);
        }
        // A single character left over is no name (减至 → 减).
        if prefix.len() < 2 {
            prefix.clear();
        }
        // 开通了A、B、香港等国际及地区航线10条: the examples before 等 are not the name.
        let clause_has_list = chars[cs..q.start].contains(&'、');
        if let Some(e) = prefix.iter().rposition(|c| *c == '等') {
            // (…等销售, …等机构: a bare generic noun keeps its examples.)
            if clause_has_list && e + 3 < prefix.len() {
                prefix.drain(..=e);
                prefix = strip(ctx, prefix);
            }
        }
        Item {
            cs,
            start,
            closer,
            raw_prefix,
            prefix,
            unregioned,
        }
    }
}

/// 增速比上年同期低1.1个百分点, 增幅较1-9月扩大0.3个百分点: the points a rate
/// moved by, once its comparison's base is out, are of the rate (规模以上工业
/// 增加值增速; a rate word alone names the rate of the figure before, in
/// `of_subject_before`), not of a rate that is 低 or 扩大.
fn rate_word_of_points(ctx: &Context, prefix: &mut Vec<char>) {
    let n = prefix.len();
    if n < 3 || !ctx.q().is_points() {
        return;
    }
    let cues = &ctx.doc.rules.cues;
    let way = if GAP_WAYS.contains(prefix[n - 1]) {
        Some(1)
    } else {
        match_any_before(prefix, n, &cues.change_up)
            .or_else(|| match_any_before(prefix, n, &cues.change_down))
            .map(|w| w.chars().count())
    };
    let Some(way) = way.filter(|w| *w < n) else {
        return;
    };
    if match_any_before(prefix, n - way, &cues.change_words).is_some() {
        prefix.truncate(n - way);
    }
}

/// 第2季经济成长率为5.06%，较概估数增加0.23个百分点: the points a rate
/// moved by against a base that is no time (概估数, 前次预测; times are cut
/// by the comparison patterns, places make gaps) are the rate's: the base
/// names nothing.
fn without_base_of_points(ctx: &Context, prefix: &mut Vec<char>) {
    const NOT_A_BASE: [&str; 5] = ["比重", "比例", "比率", "比值", "比较"];
    let base = matches!(prefix.first(), Some('较' | '比'))
        && prefix.len() <= 8
        && !NOT_A_BASE
            .iter()
            .any(|w| crate::text::starts_with_at(prefix, 0, w));
    if base && ctx.q().is_points() && !ctx.previous.is_empty() {
        prefix.clear();
    }
}

/// 从3个扩展至43个, 由150元调整为300元: the second number has the first one's name.
fn second_of_range(ctx: &Context, item: &Item) -> Option<Found> {
    let second = item.closer.is_some()
        && item.prefix.len() <= 3
        && item
            .raw_prefix
            .last()
            .is_some_and(|c| matches!(c, '至' | '为' | '到'));
    second
        .then(|| previous_name(ctx))
        .flatten()
        .map(|prev| (Some(prev), "previous"))
}

/// Examples before 等 (香格里拉等16家高品质酒店): the name follows the number;
/// with nothing after it (行政规范性文件等439件) the examples are the name.
fn after_examples(ctx: &Context, prefix: &mut Vec<char>) -> Option<Found> {
    if prefix.last() != Some(&'等') {
        return None;
    }
    let (after, _) = after_name(ctx, &[]);
    if !after.is_empty() {
        return Some((Some(verb_first(ctx, after)), "after-examples"));
    }
    prefix.pop();
    None
}

/// 新增X 1200家，总量达到1.8万家 (or 总数达): the running total of X.
fn total_name(ctx: &Context, item: &Item) -> Option<Found> {
    let names = &ctx.doc.rules.names;
    let q = &ctx.quantities[ctx.index];
    let name = if item.prefix.is_empty() {
        let mut lead = ctx.doc.cleaned.chars[item.cs..q.start].to_vec();
        phrase::strip_lead(names, &mut lead);
        let total = match_any(&lead, 0, &names.total_nouns)?;
        total_of_previous(ctx, &total.chars().collect::<Vec<_>>())
    } else {
        total_of_previous(ctx, &item.prefix)
    };
    name.map(|name| (Some(name), "total"))
}

/// 年末规模以上工业企业168家，比上年末净增12家: a count that only says how
/// many were added (净增, 新增) adds to the figure before in its unit, named
/// verb first as the fronted verbs are (净增规模以上工业企业). The figure's
/// 年末 is its time, not what was added. A count that only names another
/// verb of a list (竣工, 改扩建) after one counted by its verb is of the same
/// noun (新开工项目83个，竣工45个 → 竣工项目).
fn added_to_previous(ctx: &Context, item: &Item) -> Option<Found> {
    let names = &ctx.doc.rules.names;
    let fronted = is_one_of(&item.prefix, &names.fronted_verbs);
    if !fronted && !is_one_of(&item.prefix, &names.list_verbs) {
        return None;
    }
    let last = last_figure(ctx)?;
    if !in_its_unit(ctx, last) {
        return None;
    }
    if !nothing_named_after(ctx) {
        return None;
    }
    let prev = last.indicator.as_deref()?;
    let prev: Vec<char> = ["年末", "年底"]
        .iter()
        .find_map(|w| prev.strip_prefix(w))
        .unwrap_or(prev)
        .chars()
        .collect();
    // (已建成公共充电桩1.9万个，较去年底新增4300个: what was added is the
    // noun, not its verb.)
    let verb = ctx.doc.rules.cues.counting_verbs.at(&prev, 0);
    // (新开工亿元以上项目83个，竣工45个: another verb done to the noun the
    // figure before was counted by its verb.)
    if !fronted && verb.is_none() {
        return None;
    }
    let noun = match verb.map(|v| v.chars().count()) {
        Some(n) if prev.len() >= n + 2 => &prev[n..],
        _ => &prev[..],
    };
    // (高新技术企业总数达到1126家,净增183家: what was added are firms, not a total.)
    let noun = match match_any_before(noun, noun.len(), &names.total_nouns) {
        Some(t) if noun.len() >= t.chars().count() + 2 => &noun[..noun.len() - t.chars().count()],
        _ => noun,
    };
    let mut name = item.prefix.clone();
    name.extend_from_slice(noun);
    Some((Some(name), "previous"))
}

/// Whether the number's item names nothing after it (no Han character
/// before the clause ends): 总投资420亿元, not 总投资超10亿元项目.
fn nothing_named_after(ctx: &Context) -> bool {
    clause::after(ctx)
        .item
        .iter()
        .all(|c| !crate::text::is_han(*c))
}

/// A change with no words of its own (比2010年增加13480元, …年均递增6.2%):
/// the change of what the figure before measured.
fn change_of_previous(ctx: &Context, item: &Item) -> Option<Found> {
    let cues = &ctx.doc.rules.cues;
    let q = &ctx.quantities[ctx.index];
    let raw = &item.raw_prefix;
    let verb = match_any_before(raw, raw.len(), &cues.change_up)
        .or_else(|| match_any_before(raw, raw.len(), &cues.change_down))?;
    // (贸易顺差1.09万亿元，扩大13.3%: the verb alone is no name; a rate's
    // noun is one: 降幅. No verb is longer than four characters.)
    if !item.prefix.is_empty() {
        let is_verb = |words: &crate::text::Words| is_one_of(&item.prefix, words);
        let verb_only = item.prefix.len() <= 4
            && (is_verb(&cues.change_up) || is_verb(&cues.change_down))
            && !is_one_of(&item.prefix, &cues.change_words);
        if !verb_only {
            return None;
        }
    }
    // (The words after the number are found only when they matter.)
    if !nothing_named_after(ctx) {
        return None;
    }
    // (其中，10月份当月增长7.6%: after a breakdown, the figure before the sentence.)
    let mut prev = previous_name_of_growth(ctx)
        .or_else(|| previous_name(ctx))
        .or_else(|| broken_down(ctx))?;
    // 收入325.6亿元，为预算的101.2%，增长3.5%: a growth rate after a share of
    // the figure before is the figure's.
    let percent = unit_category(ctx) == Some("percent");
    if let Some(at) = prev.iter().position(|c| *c == '占').filter(|_| percent) {
        if at >= 2 && last_figure(ctx).is_some_and(|r| r.kind == "ratio") {
            prev.truncate(at);
        }
    }
    // 比2010年增加13480元: an absolute change names the increase.
    let relative = q.special.is_some();
    let plain = ["增加", "减少", "增产", "减产"];
    if !relative && plain.contains(&verb) && !prev.ends_with(&verb.chars().collect::<Vec<_>>()) {
        prev.extend(verb.chars());
    }
    // …比2019年增加11800元，年均递增6.2%: a rate of the level, not of the
    // increase; 降幅收窄至1.6%，前三季度由负转正增长0.7%: a growth with a verb
    // of its own is of the level, not of the rate named before.
    // (Points are the rate's own: 增速…加快0.2个百分点.)
    if relative {
        let rate_words = cues.change_words.iter().map(String::as_str);
        let rate_words = rate_words.filter(|_| !q.is_points());
        if let Some(w) = plain
            .into_iter()
            .chain(rate_words)
            .find(|w| prev.ends_with(&w.chars().collect::<Vec<_>>()))
        {
            if prev.len() > w.chars().count() + 1 {
                prev.truncate(prev.len() - w.chars().count());
            }
        }
    }
    Some((Some(prev), "previous"))
}

/// 湖北以5.7%的增速居中部第一: a rate that 以 brings in after a place, or
/// that nothing names before it (较第二季3.2%的增幅), is the rate of the
/// measure spoken of before.
fn rate_brought_in(ctx: &Context, prefix: &[char], after: &[char]) -> Option<Vec<char>> {
    // (The cheap tests first: most numbers fail the first two.)
    if ctx.q().special.is_none() || !prefix.is_empty() && prefix.last() != Some(&'以') {
        return None;
    }
    let chars = &ctx.doc.cleaned.chars;
    let de = chars.get(clause::after_start(ctx).wrapping_sub(1)) == Some(&'的');
    let rate = ctx
        .doc
        .rules
        .cues
        .change_words
        .iter()
        .any(|w| crate::text::starts_with_at(after, 0, w));
    (de && rate && (prefix.is_empty() || brought_in_by_yi(ctx, prefix)))
        .then(|| measure_before(ctx))
        .flatten()
}

/// Whether the words before the number end with 以 after a place or alone
/// (苏州以…, 以…): the figure 以 brings in is the place's.
fn brought_in_by_yi(ctx: &Context, prefix: &[char]) -> bool {
    prefix
        .split_last()
        .is_some_and(|(c, place)| *c == '以' && (place.is_empty() || is_place(ctx, place)))
}

/// How the words before the number lead in to the noun after it.
struct LeadIn {
    /// The prefix is a short verb (新建, 培育).
    is_verb: bool,
    /// Verbs listed before the count of the noun after it (新建、改建16万户厕所).
    listed_verbs: bool,
    /// The length of the prefix's last 、-item.
    last_item_len: usize,
    /// The counting verb before the number, if any, for the predicate after it.
    verb: Vec<char>,
}

impl LeadIn {
    fn of(ctx: &Context, item: &Item) -> LeadIn {
        let cues = &ctx.doc.rules.cues;
        let names = &ctx.doc.rules.names;
        let prefix = &item.prefix;
        let is_verb = |words: &[char]| {
            !words.is_empty()
                && words.len() <= 4
                && (cues.counting_verbs.at(words, 0).is_some() || words.len() <= 2)
        };
        let lead_in = &prefix[prefix.iter().rposition(|c| *c == '、').map_or(0, |i| i + 1)..];
        let mut bare = item.raw_prefix.clone();
        phrase::strip_lead(names, &mut bare);
        phrase::remove_time_and_comparison(names, &mut bare);
        phrase::strip_lead(names, &mut bare);
        let verb = if is_verb(prefix) && cues.counting_verbs.at(prefix, 0).is_some() {
            prefix.clone()
        } else if prefix.is_empty()
            && !bare.is_empty()
            && cues.counting_verbs.before(&bare, bare.len()).is_some()
        {
            bare
        } else {
            Vec::new()
        };
        LeadIn {
            is_verb: is_verb(prefix),
            listed_verbs: lead_in.len() < prefix.len() && is_verb(lead_in),
            last_item_len: lead_in.len(),
            verb,
        }
    }
}

/// A name from the words after the number, alone or with those before it.
fn from_words_after(ctx: &Context, item: Item) -> Found {
    let lead = LeadIn::of(ctx, &item);
    let (mut after, predicate) = after_name(ctx, &lead.verb);
    // (…增长6.1%、突破2万亿元大关: the milestone names nothing.)
    if is_one_of(&after, &ctx.doc.rules.names.milestone_words) {
        after.clear();
    }
    if predicate {
        return (Some(after), "predicate");
    }
    if let Some(name) = rate_brought_in(ctx, &item.prefix, &after) {
        return (Some(name), "after-de");
    }
    if amount_of_noun_after(ctx, &item.prefix) && after.len() >= 2 {
        // (…的地区生产总值继续领跑全省: the noun, not what it goes on to do.)
        let noun = phrase::subject_of(&ctx.doc.rules.names, &after);
        let known = ctx.doc.rules.lexicon.lookup(&crate::text::string_of(&noun));
        let name = if known.is_some() { noun } else { after };
        return (Some(name), "after-de");
    }
    if let Some(name) = with_shared_verb(ctx, &item, &after) {
        return (Some(name), "shared-verb");
    }
    if item.prefix.is_empty() {
        return with_nothing_before(ctx, &item, after);
    }
    if let Some((name, rule)) = completion(ctx, &item.unregioned) {
        return (Some(name), rule);
    }
    // 经营主体新增105万户 → 新增经营主体.
    if after.is_empty() {
        let names = &ctx.doc.rules.names;
        let prefix = &item.prefix;
        if let Some(v) = match_any_before(prefix, prefix.len(), &names.fronted_verbs) {
            let n = prefix.len() - v.chars().count();
            if n >= 2 {
                let mut name: Vec<char> = v.chars().collect();
                name.extend_from_slice(&prefix[..n]);
                return (Some(name), "fronted-verb");
            }
        }
    }
    from_before_and_after(ctx, item.prefix, &lead, after)
}

/// 逾400亿的一次性措施, 共824亿的房屋储备金: an amount of the noun after 的.
fn amount_of_noun_after(ctx: &Context, prefix: &[char]) -> bool {
    let names = &ctx.doc.rules.names;
    let q = &ctx.quantities[ctx.index];
    ctx.doc
        .cleaned
        .chars
        .get(clause::after_start(ctx).wrapping_sub(1))
        == Some(&'的')
        && unit_category(ctx).is_none_or(|c| names.de_noun_categories.iter().any(|w| w == c))
        && q.special.is_none()
        && (prefix.len() <= 2
            // (苏州以5875.3亿元的地区生产总值领跑: the figure 以 brings in
            // after a place, not 集团以5000万元的价格收购.)
            || brought_in_by_yi(ctx, prefix)
            || match_any_before(prefix, prefix.len(), &names.amount_classifiers).is_some())
}

/// 通航11个国家104个城市: between the two numbers stands only the first one's
/// noun; the verb before the first number governs both (通航城市).
fn with_shared_verb(ctx: &Context, item: &Item, after: &[char]) -> Option<Vec<char>> {
    let first = item.closer?;
    let chars = &ctx.doc.cleaned.chars;
    let cues = &ctx.doc.rules.cues;
    let shared_verb = strip(ctx, chars[item.start..first.start].to_vec());
    let only_noun = item.prefix.len() <= 3
        && cues.counting_verbs.at(&item.prefix, 0).is_none()
        && strip(ctx, item.raw_prefix.clone()).len()
            == item.raw_prefix.iter().filter(|c| **c != ' ').count();
    if !only_noun || after.is_empty() || shared_verb.is_empty() || shared_verb.len() > 4 {
        return None;
    }
    let mut name = shared_verb;
    name.extend_from_slice(after);
    Some(name)
}

/// A number with no words before it: named by the words after it, else by
/// the figure before it or the sentence's subject.
fn with_nothing_before(ctx: &Context, item: &Item, after: Vec<char>) -> Found {
    let names = &ctx.doc.rules.names;
    // 进出口总额增长9.4%、重回万亿元规模: a measure noun alone after the
    // number is the measure of what the sentence spoke of before.
    let measure_only = is_one_of(&after, &names.measure_nouns);
    if let Some(prev) = measure_only.then(|| previous_name(ctx)).flatten() {
        return (Some(prev), "previous");
    }
    // (较原来预算的544亿元为高: how it compares names nothing; 17个区 does.)
    let compared = matches!(after[..], [c] if "高低多少大小快慢".contains(c));
    if !after.is_empty() && !compared {
        return (Some(verb_first(ctx, after)), "after");
    }
    if let Some(prev) = previous_name(ctx) {
        return match running_total(ctx, item, &prev) {
            Some(total) => (Some(total), "total"),
            None => (Some(prev), "previous"),
        };
    }
    // 新能源装机在全国率先破亿、达到1.35亿千瓦: a later item of a 、-list of
    // predicates goes on about what the clause opened with.
    let chars = &ctx.doc.cleaned.chars;
    let opening = (item.start > item.cs + 1 && chars[item.start - 1] == '、')
        .then(|| subject_of_clause(ctx, chars[item.cs..item.start - 1].to_vec()))
        .flatten();
    if let Some(subject) = opening.or_else(|| sentence_subject(ctx, false)) {
        return (Some(subject), "subject");
    }
    if let Some(name) = rate_of_earlier(ctx, item) {
        return (Some(name), "rate-of-earlier");
    }
    match broken_down(ctx) {
        Some(name) => (Some(name), "broken-down"),
        None => (None, "none"),
    }
}

/// 分季度看，一季度增长5.1%: a sentence that opens by saying how it breaks
/// down what the text spoke of is about the figure before it.
fn broken_down(ctx: &Context) -> Option<Vec<char>> {
    if !opens_with_breakdown(ctx) {
        return None;
    }
    ctx.earlier?
        .indicator
        .as_deref()
        .map(|n| n.chars().collect())
}

/// 三季度增速比二季度回落0.4个百分点 with nothing named in its sentence: the
/// points a growth rate (增速, 增幅) moved by are those of the last growth
/// before the sentence (国内生产总值增长4.8% → 国内生产总值增速).
fn rate_of_earlier(ctx: &Context, item: &Item) -> Option<Vec<char>> {
    if !ctx.q().is_points() || !says_growth_rate(&crate::text::string_of(&item.raw_prefix)) {
        return None;
    }
    let earlier = ctx.earlier.filter(|r| is_growth(r))?;
    let mut name: Vec<char> = earlier.indicator.as_deref()?.chars().collect();
    name.extend("增速".chars());
    Some(name)
}

/// Whether a clause of the sentence before the number's only says how the
/// figures after it are broken down (分经济类型看, 其中).
fn after_breakdown(ctx: &Context) -> bool {
    let names = &ctx.doc.rules.names;
    clause::earlier_clauses(ctx, false)
        .iter()
        .any(|c| is_breakdown(names, c))
}

/// Whether the sentence opens with a clause that only says how its figures
/// are broken down (分经济类型看).
fn opens_with_breakdown(ctx: &Context) -> bool {
    clause::earlier_clauses(ctx, false)
        .into_iter()
        .next()
        .is_some_and(|first| is_breakdown(&ctx.doc.rules.names, &first))
}

/// A name from the words before the number and the noun after it, or from
/// the words before it alone.
fn from_before_and_after(
    ctx: &Context,
    prefix: Vec<char>,
    lead: &LeadIn,
    after: Vec<char>,
) -> Found {
    let cues = &ctx.doc.rules.cues;
    let names = &ctx.doc.rules.names;
    // 成都市生物医药、轨道交通装备和自贡市节能环保3个国家级…集群: list members
    // before the number, the measured noun after it.
    if after.len() >= 2 && !lead.is_verb && members_counted(ctx) {
        return (Some(after), "after-members");
    }
    // 优化调整21个省级开发区: a short lead-in before a count of the noun
    // after it is that noun's verb, whether or not the rules list it.
    // (恢复重建2.16万户灾损农房, 帮扶3000户困难家庭: households and people too.)
    let counted = matches!(unit_category(ctx), Some("count" | "people"));
    // (资兴市4112户受灾群众: a place before the number is its region, no verb.)
    let counts_after =
        lead.last_item_len <= 4 && after.len() >= 2 && counted && !is_place(ctx, &prefix);
    if (lead.is_verb || lead.listed_verbs || counts_after) && !after.is_empty() {
        let mut name = prefix;
        name.extend(after);
        return (Some(name), "verb+after");
    }
    // 是指川渝两地投入约1000辆氢燃料物流车: a long lead-in ending with a
    // counting verb; the verb and the noun after the number name it.
    if let (Some(v), false) = (
        cues.counting_verbs.before(&prefix, prefix.len()),
        after.is_empty(),
    ) {
        // 新设立4所高校 keeps its whole short verb; a long lead-in only its last verb.
        let mut name: Vec<char> = if prefix.len() <= 4 {
            prefix.clone()
        } else {
            v.chars().collect()
        };
        name.extend(after);
        return (Some(name), "verb+after");
    }
    // 推出长江经济带高质量发展84项政策措施: a count's noun after the number
    // is what the long lead-in qualifies.
    let counted_noun = after.len() >= 2 && !phrase::holds_predicate(names, &after);
    if unit_category(ctx) == Some("count") && counted_noun {
        let mut name = prefix;
        name.extend(after);
        return (Some(name), "before+after");
    }
    (Some(prefix), "before")
}

/// 完成固定资产投资7000亿元 → 固定资产投资, 完成营造林3.28万亩 → 营造林: a
/// completion verb opening the name of a measured quantity (money, area,
/// length…) or of a measure (旅客吞吐量) is no part of what is measured;
/// counts of things keep it (完成节能改造重点企业), and so does 完成投资 alone.
fn without_completion_verb(ctx: &Context, s: String) -> String {
    let names = &ctx.doc.rules.names;
    let Some(rest) = names
        .completion_verbs
        .iter()
        .find_map(|v| s.strip_prefix(v.as_str()))
    else {
        return s;
    };
    let measure = names
        .measure_nouns
        .iter()
        .any(|m| rest.ends_with(m.as_str()) && rest.len() > m.len())
        || rest.ends_with('量') && rest.chars().count() > 2;
    let measured = unit_category(ctx).is_some_and(|c| !matches!(c, "count" | "people" | "percent"));
    let bare = names.measure_nouns.iter().any(|m| rest == m.as_str());
    // (完成地区生产总值增长5.5%的目标: what is completed is an indicator.)
    let known = || ctx.doc.rules.lexicon.lookup(rest).is_some();
    if (measure || measured || known()) && !bare && rest.chars().count() >= 2 {
        rest.to_string()
    } else {
        s
    }
}

/// The name as statistical tables write it: scope words out (全市), 的 out
/// before 比重 (X的比重 → X比重), a fronted 项目 moved behind its verb.
fn canonical(ctx: &Context, name: &str) -> String {
    let cues = &ctx.doc.rules.cues;
    let names = &ctx.doc.rules.names;
    let mut s = without_setting(names, name);
    if cues.indicator_drop_words.occurs_in(&s) {
        for w in cues.indicator_drop_words.iter() {
            if s.chars().count() > w.chars().count() + 1 {
                s = without_scope_word(&s, w);
            }
        }
    }
    // 累计投入技术改造资金 → 投入技术改造资金, but 累计开行量 and 累计服务 keep it.
    for w in &names.running_words {
        if let Some(pos) = s.find(w.as_str()) {
            if s[pos + w.len()..].chars().count() > 3 && pos > 0 {
                s = format!("{}{}", &s[..pos], &s[pos + w.len()..]);
            }
        }
    }
    if s.contains('的') {
        for (de_share, share) in [("的比重", "比重"), ("的占比", "占比"), ("的比例", "比例")]
        {
            s = s.replace(de_share, share);
        }
    }
    s = without_trailing_particles(&s).to_string();
    s = without_trailing_adverb(names, &s);
    s = object_before_relief_verb(names, &s);
    s = without_completion_verb(ctx, s);
    s = without_short_modifier_de(&s);
    s = without_inner_spaces(&s);
    s = aliased(ctx, &s);
    s = phrase::share_order(names, &s, &ctx.doc.rules.qualifier_before_words);
    brackets_as_written(ctx, s)
}

/// `name` without a setting it opens with (在国家绩效评估中 → 国家绩效评估),
/// unless too little would be left.
fn without_setting(names: &crate::rules::names::NameRules, name: &str) -> String {
    for frame in &names.setting_frames {
        // (A match test first: most names open with no setting, and it is
        // cheaper than asking for the groups.)
        let Some(caps) = frame.is_match(name).then(|| frame.captures(name)).flatten() else {
            continue;
        };
        let whole = caps.get(0).map_or(0..0, |m| m.range());
        let keep = caps.name("keep").map_or("", |m| m.as_str());
        let rest = &name[whole.end..];
        if keep.chars().count() + rest.chars().count() >= 2 {
            return format!("{keep}{rest}");
        }
    }
    name.to_string()
}

/// `s` without the scope word `w` (全省), except where it is by itself the
/// whole a share is of (占全省比重, as statistical tables write it; but
/// 占全市学校总数 → 占学校总数).
fn without_scope_word(s: &str, w: &str) -> String {
    let share = ["比重", "的比重", "比例", "的比例", "份额", "的份额"];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find(w) {
        out.push_str(&rest[..pos]);
        rest = &rest[pos + w.len()..];
        let whole = rest.is_empty() || share.iter().any(|t| rest.starts_with(t));
        if whole && out.ends_with('占') {
            out.push_str(w);
        }
    }
    out.push_str(rest);
    out
}

/// A name ends before a particle or a conjunction (州（市）并, of 9个州(市)并
/// 延长至240小时: the second figure's clause is joined by 并).
fn without_trailing_particles(s: &str) -> &str {
    s.trim_end_matches(['了', '的', ' ', '并', '或', '和', '及', '与'])
}

/// 豁免差饷的上限亦 → 豁免差饷的上限, 就业不足率则 → 就业不足率: an adverb that
/// opens the predicate after a name (亦由…减至…) is not part of it (but 实施细则
/// keeps its 则).
fn without_trailing_adverb(names: &crate::rules::names::NameRules, s: &str) -> String {
    if names
        .trailing_adverb_nouns
        .iter()
        .any(|n| s.ends_with(n.as_str()))
    {
        return s.to_string();
    }
    let c: Vec<char> = s.chars().collect();
    for a in &names.trailing_adverbs {
        let n = a.chars().count();
        if c.len() > n + 2 && c.ends_with(&a.chars().collect::<Vec<_>>()) {
            return c[..c.len() - n].iter().collect();
        }
    }
    s.to_string()
}

/// 宽减薪俸税的上限 → 薪俸税宽减上限: a relief verb, its object, 的 and a limit
/// word make one compound, object first.
fn object_before_relief_verb(names: &crate::rules::names::NameRules, s: &str) -> String {
    let Some((head, limit)) = s.rsplit_once('的') else {
        return s.to_string();
    };
    if !names.limit_heads.iter().any(|h| h == limit) {
        return s.to_string();
    }
    for v in &names.relief_verbs {
        if let Some(object) = head.strip_prefix(v.as_str()) {
            if object.chars().count() >= 2 {
                return format!("{object}{v}{limit}");
            }
        }
    }
    s.to_string()
}

/// 维港的海滨长廊 → 维港海滨长廊: a name does not write the 的 of a two-character
/// modifier; longer relative clauses keep it (纳入动态监测的低收入人口).
fn without_short_modifier_de(s: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    if c.len() >= 5 && c[2] == '的' && c[..2].iter().all(|ch| crate::text::is_han(*ch)) {
        return c[..2].iter().chain(&c[3..]).collect();
    }
    s.to_string()
}

/// 公营 医疗 → 公营医疗: a space between two Han characters is a line or column break.
fn without_inner_spaces(s: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    c.iter()
        .enumerate()
        .filter(|&(i, ch)| {
            !(*ch == ' '
                && i > 0
                && i + 1 < c.len()
                && crate::text::is_han(c[i - 1])
                && crate::text::is_han(c[i + 1]))
        })
        .map(|(_, ch)| *ch)
        .collect()
}

/// GDP → 地区生产总值 (本地生产总值 for Hong Kong and Macao); a parenthesised
/// alias of what stands before it goes (本地生产总值(GDP) → 本地生产总值).
fn aliased(ctx: &Context, name: &str) -> String {
    let names = &ctx.doc.rules.names;
    let region = ctx.doc.meta.region.clone().unwrap_or_default();
    let mut s = name.to_string();
    // Each replacement below is skipped when the text cannot hold its word.
    if s.contains('(') {
        for a in &names.aliases {
            s = s.replace(&format!("({})", a.from), "");
        }
    }
    // (A whole name first: a region's own word for it is read after.)
    if let Some(a) = names.aliases.iter().find(|a| a.whole && s == a.from) {
        s.clone_from(&a.to);
    }
    for a in names
        .regional_aliases
        .iter()
        .filter(|a| a.regions.iter().any(|r| region.starts_with(r.as_str())))
    {
        s = s.replace(&a.from, &a.to);
    }
    names.aliased(&s)
}

/// Brackets as the source writes them: the cleaner folds （） to (), a name
/// gives them back when the sentence's raw text has the full-width form.
fn brackets_as_written(ctx: &Context, s: String) -> String {
    if !s.contains(['(', ')']) {
        return s;
    }
    let sent = &ctx.doc.segments.sentences[ctx.sentence_index];
    let (rs, re) = ctx.doc.cleaned.raw_range(sent.start, sent.end);
    let raw: String = ctx
        .doc
        .decoded
        .text
        .chars()
        .skip(rs)
        .take(re - rs)
        .collect();
    if raw.contains('（') && !raw.contains('(') {
        s.replace('(', "（").replace(')', "）")
    } else {
        s
    }
}

/// 项目开工建设 → 开工建设项目: the noun after 等N个 goes behind its verb.
fn verb_first(ctx: &Context, name: Vec<char>) -> Vec<char> {
    let s = crate::text::string_of(&name);
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
    let text = crate::text::string_of(s);
    !text.is_empty() && time::leading_time_len(&text).is_some_and(|end| end == text.len())
}

/// Drops the region or entity the record is about from the front of its name
/// (新郑综保区进出口规模 → 进出口规模): the region column carries it.
fn strip_region(ctx: &Context, name: &mut Vec<char>) -> bool {
    let text = crate::text::string_of(name);
    let region = ctx.doc.meta.region.clone().unwrap_or_default();
    let short = region
        .trim_end_matches(['市', '省', '区', '县'])
        .to_string();
    // The longest place the name opens with (苏州工业园区 over the document's 苏州).
    let place = || {
        let rules = ctx.doc.rules;
        // (A place written short opens a name only before an indicator the
        // lexicon knows: 南京地区生产总值, not 武汉港 or 宁德时代.)
        let short_place = rules
            .gazetteer
            .written_place_at_start(&text)
            .filter(|p| rules.lexicon.lookup(&text[p.len()..]).is_some());
        [
            rules.gazetteer.place_at_start(&text),
            short_place.map(str::to_string),
            entity_prefix(ctx, &text),
        ]
        .into_iter()
        .flatten()
        .filter(|p| text.starts_with(p.as_str()))
        .max_by_key(|p| p.chars().count())
    };
    let own = [region.as_str(), short.as_str()]
        .into_iter()
        .find(|r| r.chars().count() >= 2 && text.starts_with(r))
        .map(str::to_string);
    let longer = match (&own, place()) {
        (Some(o), Some(p)) if p.starts_with(o.as_str()) && p.len() > o.len() => Some(p),
        (Some(_), _) => None,
        (None, p) => p,
    };
    // (A name that is the place and one character more keeps it: 湖北自贸区 alone
    // before a count loses only 湖北.)
    let fits = |r: &String| text.chars().count() > r.chars().count() + 1;
    match longer.into_iter().chain(own).find(fits) {
        Some(r) => {
            name.drain(..r.chars().count());
            true
        }
        None => false,
    }
}

/// True when `name` is the document's region or an entity and nothing more.
fn is_region(ctx: &Context, name: &[char]) -> bool {
    let text = crate::text::string_of(name);
    if text.is_empty() {
        return false;
    }
    let region = ctx.doc.meta.region.clone().unwrap_or_default();
    text == region
        || text == region.trim_end_matches(['市', '省', '区', '县'])
        || ctx
            .doc
            .rules
            .gazetteer
            .place_at_start(&text)
            .is_some_and(|p| p == text)
        || entity_prefix(ctx, &text).is_some_and(|e| e == text)
}

fn entity_prefix(ctx: &Context, text: &str) -> Option<String> {
    let rules = ctx.doc.rules;
    // The longest entity of any suffix (沿边临港产业园区, not …产业园).
    rules
        .entity_suffixes
        .iter()
        .filter_map(|s| {
            // Most suffixes are absent: looking for their first character is
            // cheaper than setting up a substring search.
            if !text.contains(s.chars().next()?) {
                return None;
            }
            let pos = text.find(s.as_str())?;
            let e = &text[..pos + s.len()];
            // A bare suffix (开发区工业投资) names no entity: the region column
            // cannot carry it, so the name keeps it. Nor does a suffix inside
            // brackets (绿色工厂(园区、供应链)): the aside is of the noun before.
            let unclosed = e.matches('(').count() > e.matches(')').count();
            (pos > 0 && !unclosed && rules.names_an_entity(e, s)).then(|| e.to_string())
        })
        .max_by_key(|e| e.len())
}

/// The name of a rank: what stands before 居/位列/晋级 (研发实体总数居全国首位), or
/// after it when the subject is elided (跻身全球货运机场40强), else the previous name.
fn rank_name(ctx: &Context, prefix: &[char]) -> Option<(Option<Vec<char>>, &'static str)> {
    let q = &ctx.quantities[ctx.index];
    if !is_rank(q) {
        return None;
    }
    // 居9个国家中心城市首位: the object is a comparison set; the rank is of the
    // previous figure. (Only a number in the rank's own item: in 水质优良率达
    // 98.6%、居中部第1位 the rank is of that figure.)
    let cs = ctx.clause_start();
    let chars = &ctx.doc.cleaned.chars;
    let item = chars[cs..q.start]
        .iter()
        .rposition(|c| *c == '、')
        .map_or(cs, |i| cs + i + 1);
    let in_clause: Vec<usize> = (0..ctx.index)
        .filter(|&k| {
            let p = &ctx.quantities[k];
            ctx.is_record[k]
                && p.start >= item
                && p.has_unit()
                && p.rank_suffix.is_none()
                && p.prefix.is_none()
        })
        .collect();
    // (A count before the ranking verb is what is ranked, not the set it is
    // ranked in: 7家企业上榜全球国际承包商250强.)
    let verbs = &ctx.doc.rules.cues.rank_context;
    let set_after_verb = in_clause.first().is_some_and(|&k| {
        let before = crate::text::string_of(&chars[item..ctx.quantities[k].start]);
        verbs.iter().any(|v| before.contains(v.as_str()))
    });
    if set_after_verb {
        let in_clause = in_clause.len();
        let before_clause = ctx
            .previous
            .len()
            .checked_sub(in_clause + 1)
            .and_then(|k| ctx.previous.get(k));
        if let Some(r) = before_clause.filter(|r| r.indicator.is_some()) {
            return Some((Some(rank_of_figure(ctx, r)), "previous"));
        }
    }
    let scopes = &*RANK_SCOPES;
    // The ranking verb is in the last item of a list (成交量、成交额均居…): an
    // earlier item's word may hold one of its characters (碳排放).
    let last_item = prefix.iter().rposition(|c| *c == '、').map_or(0, |i| i + 1);
    let Some(at) = rank_verb_at(ctx, prefix, last_item) else {
        return if prefix.is_empty() {
            rank_fallback(ctx)
        } else {
            rank_of_total(ctx, prefix).map(|name| (Some(name), "rank-total"))
        };
    };
    // (增长7.6%，增速居全市各开发区首位: a rate word alone ranks the growth
    // before it, not the set it is ranked in.)
    let rate_only = is_one_of(&prefix[..at], &ctx.doc.rules.cues.change_words);
    if let Some(r) = last_figure(ctx).filter(|r| rate_only && r.indicator.is_some()) {
        return Some((Some(rank_of_figure(ctx, r)), "previous"));
    }
    let before = strip(ctx, prefix[..at].to_vec());
    if !before.is_empty() {
        let total = rank_of_total(ctx, &before);
        return Some((Some(total.unwrap_or(before)), "rank-subject"));
    }
    let mut after: Vec<char> = prefix[at..].to_vec();
    if let Some(v) = match_any(&after, 0, verbs) {
        after.drain(..v.chars().count());
    }
    for s in scopes {
        if crate::text::starts_with_at(&after, 0, s) {
            after.drain(..s.chars().count());
        }
    }
    let after = strip(ctx, after);
    // 武汉港集装箱吞吐量达到350万标箱、居长江中上游港口首位: after a figure of its
    // clause, what follows the verb is what the figure is ranked among.
    let figure_before = (0..ctx.index).any(|k| {
        let p = &ctx.quantities[k];
        ctx.is_record[k] && p.start >= cs && p.end <= item
    });
    if after.len() >= 2 && !after.iter().any(|c| c.is_ascii_digit()) && !figure_before {
        return Some((Some(after), "rank-object"));
    }
    rank_fallback(ctx)
}

/// 新增X 1200家，总量达到1.8万家 → X总量; 粮食总产量…，增量居全国第3位 →
/// 粮食总产量增量: `total`, when it is one of the total nouns, of the figure
/// before (without its 新增).
fn total_of_previous(ctx: &Context, total: &[char]) -> Option<Vec<char>> {
    let names = &ctx.doc.rules.names;
    if !is_one_of(total, &names.total_nouns) {
        return None;
    }
    // (增长5.8%、增速全国第3，总量达到60013亿元: a rank between is no total's.)
    let prev: Vec<char> = last_figure_where(ctx, |r| r.kind != "rank")?
        .indicator
        .as_deref()?
        .chars()
        .collect();
    let mut prev = without_new_word(names, &prev).unwrap_or(prev);
    // (进出口总额…,总量居全国首位: the total of a total is itself.)
    let is_total = prev.ends_with(total)
        || total.first() == Some(&'总') && prev.len() > 2 && prev[prev.len() - 2] == '总';
    if !is_total {
        prev.extend_from_slice(total);
    }
    Some(prev)
}

/// 新增公园141座、累计达到973座: a count with no name of its own after a
/// count of new ones (`prev` its name) is the running total of the same thing
/// (新增就业6万人，已完成3.5万人: not what is done of a goal).
fn running_total(ctx: &Context, item: &Item, prev: &[char]) -> Option<Vec<char>> {
    let names = &ctx.doc.rules.names;
    let total = without_new_word(names, prev)?;
    let raw = &item.raw_prefix;
    let done = match_any_before(raw, raw.len(), &names.completion_verbs).is_some();
    (total.len() >= 2 && is_counted(ctx) && !done).then_some(total)
}

/// 新建高标准农田1.5万亩，累计建成18.2万亩: a running total (累计) named by
/// its verb alone, in the unit of the figure before, is the total of what
/// that figure counted new (高标准农田).
fn running_total_by_verb(ctx: &Context, item: &Item) -> Option<Vec<char>> {
    let names = &ctx.doc.rules.names;
    // (The cheap test first: few names are a verb alone.)
    if !is_one_of(&item.prefix, &ctx.doc.rules.cues.counting_verbs) {
        return None;
    }
    let raw = crate::text::string_of(&item.raw_prefix);
    let running = names.running_words.iter().any(|w| raw.contains(w.as_str()));
    if !running || !nothing_named_after(ctx) {
        return None;
    }
    let prev = last_figure(ctx).filter(|r| in_its_unit(ctx, r))?;
    let prev: Vec<char> = prev.indicator.as_deref()?.chars().collect();
    let total = without_new_word(names, &prev)?;
    (total.len() >= 2).then_some(total)
}

/// A name without the word for new ones that opens it (新增企业) or, written
/// after its noun, ends it (企业净增), if it has one.
fn without_new_word(names: &crate::rules::names::NameRules, name: &[char]) -> Option<Vec<char>> {
    if let Some(w) = match_any(name, 0, &names.new_words) {
        return Some(name[w.chars().count()..].to_vec());
    }
    let w = match_any_before(name, name.len(), &names.new_words)?;
    Some(name[..name.len() - w.chars().count()].to_vec())
}

/// 入围全国百强县20个,数量居全国第3位: a rank of a total noun is of the count
/// or amount before it (not of a rank or a rate).
fn rank_of_total(ctx: &Context, subject: &[char]) -> Option<Vec<char>> {
    last_figure(ctx)
        .is_some_and(|r| r.kind == "level")
        .then(|| total_of_previous(ctx, subject))
        .flatten()
}

/// 外送电量3150亿度、占全国16%，均居全国第1位: a rank after a share of the
/// amount before it (外送电量占全国比重) ranks the amount (外送电量).
fn of_amount_before_share(ctx: &Context, name: Vec<char>) -> Vec<char> {
    let Some(at) = name.iter().position(|c| *c == '占') else {
        return name;
    };
    let n = ctx.previous.len();
    let amount = (n >= 2)
        .then(|| &ctx.previous[n - 2])
        .filter(|r| r.kind == "level")
        .and_then(|r| r.indicator.as_deref())
        .filter(|a| a.chars().eq(name[..at].iter().copied()));
    match amount {
        Some(a) => a.chars().collect(),
        None => name,
    }
}

/// A rank whose clause names nothing: the previous figure, else what the sibling item ranks.
fn rank_fallback(ctx: &Context) -> Option<(Option<Vec<char>>, &'static str)> {
    let q = &ctx.quantities[ctx.index];
    if let Some(r) = last_figure(ctx).filter(|r| r.indicator.is_some()) {
        let name = of_amount_before_share(ctx, rank_of_figure(ctx, r));
        return Some((Some(name), "previous"));
    }
    // 考核评估重返第一档、位列全国前10: what the sibling item ranks.
    let sibling = &ctx.doc.cleaned.chars[ctx.clause_start()..q.start];
    let name = rank_verb_at(ctx, sibling, 0).map(|cut| strip(ctx, sibling[..cut].to_vec()));
    if let Some(name) = name.filter(|n| !n.is_empty()) {
        return Some((Some(name), "rank-sibling"));
    }
    // 肉牛屠宰量实现翻番,由全国第11位跃升至第5位: the rank of what the sentence
    // spoke of before; the words after a rank are its move, not its name.
    sentence_subject(ctx, false).map(|s| (Some(s), "rank-of-subject"))
}

/// What a rank of the figure `r` ranks: its measure, or its growth rate when
/// it is a growth and the words from its clause to the rank say so
/// (今年上半年增速为12%，居9个国家中心城市首位 → …增速; not 货邮吞吐量49.5万吨，
/// 增长32.8%，国内排名第6, which may rank the amount).
fn rank_of_figure(ctx: &Context, r: &crate::dataset::rows::Record) -> Vec<char> {
    let mut name: Vec<char> = r.indicator.as_deref().unwrap_or_default().chars().collect();
    if is_growth(r) && !names_a_rate(&name) && growth_said_before_rank(ctx) {
        name.extend("增速".chars());
    }
    name
}

/// Whether 增速 or 增幅 is written between the clause of the last growth
/// (a per cent) before the rank and the rank.
fn growth_said_before_rank(ctx: &Context) -> bool {
    let chars = &ctx.doc.cleaned.chars;
    let sentence_start = ctx.doc.segments.sentences[ctx.sentence_index].start;
    let Some(figure) = (0..ctx.index)
        .rev()
        .map(|k| &ctx.quantities[k])
        .zip(ctx.is_record[..ctx.index].iter().rev())
        .find(|(p, rec)| **rec && p.unit().as_deref() == Some("%"))
        .map(|(p, _)| p)
    else {
        return false;
    };
    let from = chars[sentence_start..figure.start]
        .iter()
        .rposition(|c| matches!(c, ',' | ';' | '。' | ':'))
        .map_or(sentence_start, |i| sentence_start + i + 1);
    says_growth_rate(&crate::text::string_of(&chars[from..ctx.q().start]))
}

/// Whether a record is a growth: a change in per cent.
fn is_growth(r: &crate::dataset::rows::Record) -> bool {
    r.kind == "change" && r.unit.as_deref() == Some("%")
}

/// 从增速看，烟台增速居全省首位，青岛、济南分列第二、第三: places ranked
/// where their sentence speaks of growth rates rank the growth of the
/// measure before (地区生产总值增速), not its amount.
fn rate_of_place_rank(ctx: &Context, mut name: Vec<char>) -> Vec<char> {
    let ss = ctx.doc.segments.sentences[ctx.sentence_index].start;
    let words = ctx.doc.cleaned.str(ss, ctx.q().start);
    if is_rank(ctx.q()) && !names_a_rate(&name) && says_growth_rate(words) {
        name.extend("增速".chars());
    }
    name
}

/// Whether `name` ends with a rate (…率, …增速).
fn names_a_rate(name: &[char]) -> bool {
    ["率", "增速", "增幅", "涨幅"]
        .iter()
        .any(|w| name.ends_with(&w.chars().collect::<Vec<_>>()))
}

/// Whether `words` name a growth rate (增速, 增幅).
fn says_growth_rate(words: &str) -> bool {
    words.contains("增速") || words.contains("增幅")
}

/// 分别增长4.8%、7%，居全国第五和第六: a list of ranks whose clause names
/// nothing but where they stand ranks the figures of the list before it,
/// the k-th rank the k-th figure.
fn ranks_of_list_before(ctx: &Context, cs: usize) -> Option<Vec<char>> {
    if !is_rank(ctx.q()) {
        return None;
    }
    let head = ctx.list_head();
    let count = ctx.list_len(head);
    let first = &ctx.quantities[head];
    if count < 2 || first.start < cs {
        return None;
    }
    let words = &ctx.doc.cleaned.chars[cs..first.start];
    if rank_verb_at(ctx, words, 0) != Some(0) {
        return None;
    }
    let k = ctx.index - head;
    let before = ctx.previous.len().checked_sub(k)?;
    let figures = &ctx.previous[before.checked_sub(count)?..before];
    // (Figures of one kind, a list as the ranks are: not a level and its growth.)
    let one_kind = figures
        .iter()
        .all(|r| r.kind == figures[0].kind && r.unit == figures[0].unit && r.indicator.is_some());
    one_kind.then(|| rank_of_figure(ctx, &figures[k]))
}

/// Where the first ranking verb (`[cues] rank_context`, not a scope word such
/// as 全国) starts in `words`, from `from` on.
fn rank_verb_at(ctx: &Context, words: &[char], from: usize) -> Option<usize> {
    let verbs = &ctx.doc.rules.cues.rank_context;
    let scopes = &*RANK_SCOPES;
    (from..words.len()).find(|&i| {
        verbs
            .iter()
            .any(|v| !scopes.contains(v) && crate::text::starts_with_at(words, i, v))
    })
}

/// 原煤、原油、天然气产量达到a、b、c: a 、-list of as many items as the list of
/// numbers after it reads as 分别 would (item k names number k).
fn from_parallel_lists(ctx: &Context, cs: usize) -> Option<Vec<char>> {
    let chars = &ctx.doc.cleaned.chars;
    let head = ctx.list_head();
    let count = ctx.list_len(head);
    let first = &ctx.quantities[head];
    let numbers_before = ctx.quantities[..head]
        .iter()
        .any(|p| p.start >= cs && p.start < first.start);
    if count < 2 || first.start < cs || numbers_before {
        return None;
    }
    let subject = strip(ctx, chars[cs..first.start].to_vec());
    let items: Vec<&[char]> = subject.split(|c| *c == '、').collect();
    let mut item = strip(ctx, items.get(ctx.index - head)?.to_vec());
    if items.len() != count || item.len() < 2 || item.contains(&'等') {
        return None;
    }
    // 新一代信息技术、高端装备产业增加值增长a、b: as in a 分别 list.
    if let Some(measure) = shared_measure(ctx, &strip(ctx, items.last()?.to_vec()), &item) {
        item.extend_from_slice(measure);
    } else if ctx.index > head {
        if let Some(named) = shared_head(ctx, &strip(ctx, items[0].to_vec()), &item) {
            item = named;
        }
    }
    Some(item)
}

/// A 分别 list: 战略性新兴产业、高技术制造业增加值分别增长13.8%、13.6%.
fn from_fenbie(ctx: &Context, cs: usize) -> Option<Vec<char>> {
    let chars = &ctx.doc.cleaned.chars;
    let q = &ctx.quantities[ctx.index];
    let text = ctx.doc.cleaned.str(cs, q.start);
    let pos = find_respectively(text)?;
    let fb = cs + text[..pos].chars().count();
    let head = ctx.list_head();
    let first = &ctx.quantities[head];
    if first.start < fb {
        return None;
    }
    let subject = strip(ctx, chars[cs..fb].to_vec());
    let k = ctx.index - head;
    let count = ctx.list_len(head);
    // 原煤、原油产量达到6640.8万吨、1253.6万吨，分别增长9.3%、7.3%: with no
    // subject, the k-th figure is of what the k-th of the figures before the list measured.
    if subject.is_empty() {
        if let Some(name) = places_before_fenbie(ctx, count) {
            return Some(name);
        }
        let before = ctx.previous.len().checked_sub(k)?;
        let first = before.checked_sub(count)?;
        let figure = &ctx.previous[first + k];
        // (增速分别居全市第2、第3和第1位: ranks of the figures' growth.)
        if is_rank(q) {
            return figure
                .indicator
                .is_some()
                .then(|| rank_of_figure(ctx, figure));
        }
        return figure.indicator.as_ref().map(|s| s.chars().collect());
    }
    let mut items: Vec<Vec<char>> = subject.split(|c| *c == '、').map(|s| s.to_vec()).collect();
    if items.len() != count {
        items = list_items(ctx, &subject);
    }
    // 城乡居民人均可支配收入分别增长a和b: a fused pair names the two items.
    if items.len() == 1 && count >= 2 {
        let text = crate::text::string_of(&subject);
        let names = &ctx.doc.rules.names;
        if let Some(p) = names
            .pair_splits
            .iter()
            .find(|p| p.parts.len() == count && text.contains(p.fused.as_str()))
        {
            let part = p.parts.get(k)?;
            return Some(text.replacen(p.fused.as_str(), part, 1).chars().collect());
        }
    }
    if items.len() == count && k < items.len() {
        if let Some(name) = places_listed(ctx, &items, k) {
            return Some(name);
        }
        if let Some(name) = ordinal_item(&items, k) {
            return Some(name);
        }
        if let Some(name) = part_item(&ctx.doc.rules.names.part_words, &items, k) {
            return Some(name);
        }
        // A、B、C等重点行业产值: the last item's examples end at 等.
        let mut item = items[k].clone();
        if let Some(e) = item.iter().position(|c| *c == '等') {
            if e >= 2 {
                item.truncate(e);
            }
        }
        if let Some(object) = shared_object(ctx, items.last()?, &item) {
            item.extend_from_slice(object);
        } else if let Some(measure) = shared_measure(ctx, items.last()?, &item) {
            item.extend_from_slice(measure);
        } else if let Some(measure) = measure_after_fenbie(ctx, fb, first.start, &item) {
            item.extend_from_slice(&measure);
        } else if k > 0 {
            if let Some(named) = shared_head(ctx, &items[0], &item) {
                item = named;
            }
        }
        Some(item)
    } else {
        Some(subject)
    }
}

/// 新建和改造农村公路分别为86公里和124公里: a verb alone, listed before a last
/// item that is a verb and its object, does to that object (新建农村公路).
fn shared_object<'a>(ctx: &Context, last: &'a [char], item: &[char]) -> Option<&'a [char]> {
    let verbs = &ctx.doc.rules.names.list_verbs;
    if !is_one_of(item, verbs) {
        return None;
    }
    let verb = match_any(last, 0, verbs)?.chars().count();
    (last.len() >= verb + 2).then(|| &last[verb..])
}

/// A 分别 list of places before one measure (株洲、湘潭两市固定资产投资分别增长a和b):
/// the k-th figure is the k-th place's of that measure, written after the
/// last place and its count (两市): 株洲固定资产投资, 湘潭固定资产投资.
fn places_listed(ctx: &Context, items: &[Vec<char>], k: usize) -> Option<Vec<char>> {
    let (last, earlier) = items.split_last()?;
    if earlier.is_empty() || !earlier.iter().all(|i| is_place(ctx, i)) {
        return None;
    }
    let text = crate::text::string_of(last);
    let place = ctx.doc.rules.gazetteer.written_place_at_start(&text)?;
    let rest: Vec<char> = without_place_count(&text[place.len()..]).chars().collect();
    let measure = strip(ctx, rest);
    let own = earlier
        .get(k)
        .cloned()
        .unwrap_or_else(|| place.chars().collect());
    (measure.len() >= 2).then(|| [own, measure].concat())
}

/// 增速排名前三的是湘西州、张家界市和岳阳市，分别增长a、b和c: a 分别 clause
/// with no subject, after a clause that ends by naming as many places as it
/// has figures (after 是 or 为), is of the measure the text spoke of before
/// the sentence.
fn places_before_fenbie(ctx: &Context, count: usize) -> Option<Vec<char>> {
    let clause = clause::earlier_clauses(ctx, false).pop()?;
    let after = clause.iter().rposition(|c| matches!(c, '是' | '为'))? + 1;
    let items = list_items(ctx, &clause[after..]);
    if items.len() != count || !items.iter().all(|i| is_place(ctx, i)) {
        return None;
    }
    ctx.earlier?
        .indicator
        .as_deref()
        .map(|n| n.chars().collect())
}

/// `text` without a count of the places just listed that opens it (两市, 三县).
fn without_place_count(text: &str) -> &str {
    let count = text
        .char_indices()
        .take_while(|(_, c)| "两二三四五六七八九十".contains(*c))
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    if count == 0 {
        return text;
    }
    let rest = text[count..].trim_start_matches('个');
    ["市州", "县市区", "市", "县", "区", "州", "地", "省"]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(text)
}

/// 交通、能源、水利分别完成投资a、b、c: the measure the verb after 分别 takes
/// (投资) names each item that names none of its own (交通投资).
fn measure_after_fenbie(ctx: &Context, fb: usize, end: usize, item: &[char]) -> Option<Vec<char>> {
    let names = &ctx.doc.rules.names;
    let predicate = &ctx.doc.cleaned.chars[fb + 2..end];
    let measure = match_any_before(predicate, predicate.len(), &names.shared_measures)?;
    let n = measure.chars().count();
    (n < predicate.len() && item.len() >= 2 && !owns_measure(ctx, item))
        .then(|| measure.chars().collect())
}

/// 汽车、家电、通讯器材零售额分别增长…: the measure that ends `last`, the
/// last item of a list (see `shared_measures` in the name rules), when `item`
/// (an earlier item, or the last one cut at 等) names none of its own and is
/// not an indicator. A class noun the item ends with is not repeated
/// (民营企业、外资企业出口 → 民营企业出口).
fn shared_measure<'a>(ctx: &Context, last: &'a [char], item: &[char]) -> Option<&'a [char]> {
    let names = &ctx.doc.rules.names;
    if item.len() < 2 {
        return None;
    }
    let measure = match measure_start(names, last) {
        Some(from) => &last[from..],
        None => parallel_tail(last, item)?,
    };
    if owns_measure(ctx, item) {
        return None;
    }
    let class = match_any(measure, 0, &names.measure_classes).map(|w| w.chars().count());
    Some(match class {
        Some(n) if item.ends_with(&measure[..n]) => &measure[n..],
        _ => measure,
    })
}

/// 生产安全事故起数、死亡人数分别下降…: a later item that is a bare measure
/// (three or four characters ending in a measure character, another measure
/// than the first item's, not an indicator itself) is of what the first item
/// measures: the first item without its own measure — 起数, 人数, 总数 (a
/// counted thing and 数), else its last three characters (登记数, 开工量).
/// None when that measure opens with 总 (工业总产值: where it starts is unclear).
fn shared_head(ctx: &Context, first: &[char], item: &[char]) -> Option<Vec<char>> {
    if !(3..=4).contains(&item.len()) || !ends_in_measure(first) || !ends_in_measure(item) {
        return None;
    }
    let counted = first.len() >= 2
        && first[first.len() - 1] == '数'
        && COUNTED.contains(first[first.len() - 2]);
    let n = if counted { 2 } else { 3 };
    let (head, measure) = first.split_at(first.len().checked_sub(n)?);
    let same_measure = item.ends_with(&measure[measure.len() - 2..]);
    if head.len() < 2 || (n == 3 && measure[0] == '总') || same_measure {
        return None;
    }
    let lexicon = &ctx.doc.rules.lexicon;
    if lexicon.lookup(&crate::text::string_of(item)).is_some() {
        return None;
    }
    Some([head, item].concat())
}

/// What a count ending in 数 counts (起数, 人数, 总数).
const COUNTED: &str = "起人户件次个家项总";

/// 基础教育、职业教育信息化发展综合指数: when the last item opens with as
/// many characters as `item` has, ending as `item` ends (教育), what follows
/// them is the measure the two share (a measure no rule lists).
fn parallel_tail<'a>(last: &'a [char], item: &[char]) -> Option<&'a [char]> {
    let n = item.len();
    if last.len() < n + 2 {
        return None;
    }
    let tail = &last[n..];
    // (基本及整体通胀率: two words of two characters side by side before a
    // measure, 基本通胀率.)
    let paired = n == 2 && ends_in_measure(tail);
    (last[n - 1] == item[n - 1] || paired).then_some(tail)
}

/// Where the measure that ends `item` starts: the shared measures and class
/// nouns that end it, each before the next, and over a share's 占…
/// (增加值占规模以上工业比重). None when no measure ends it or nothing is left
/// before it.
fn measure_start(names: &crate::rules::names::NameRules, item: &[char]) -> Option<usize> {
    let word_before = |end: usize| {
        match_any_before(item, end, &names.shared_measures)
            .or_else(|| match_any_before(item, end, &names.measure_classes))
            .map(|w| w.chars().count())
            .filter(|&n| n < end)
    };
    let mut from = item.len() - word_before(item.len())?;
    loop {
        if let Some(n) = word_before(from) {
            from -= n;
        } else if let Some(of) = item[..from].iter().rposition(|c| *c == '占') {
            match match_any_before(item, of, &names.shared_measures) {
                Some(w) if w.chars().count() < of => from = of - w.chars().count(),
                _ => return Some(from),
            }
        } else {
            return Some(from);
        }
    }
}

/// Last characters of nouns that name a measure (发送量, 达标率, 游客人次).
const MEASURE_ENDINGS: &str = "量率额值数比次";

/// Whether `s` ends with a character that ends measure nouns.
fn ends_in_measure(s: &[char]) -> bool {
    s.last().is_some_and(|c| MEASURE_ENDINGS.contains(*c))
}

/// Whether a list item names what it measures (产量, 发送量, 游客人次), holds a
/// number, or is an indicator's name itself (城镇新增就业).
fn owns_measure(ctx: &Context, item: &[char]) -> bool {
    let names = &ctx.doc.rules.names;
    // (外商及港澳台商投资企业: a measure naming what a class of its own does,
    // the class ending the item, is the item's kind, not its measure.)
    let owned = |i: usize| {
        match_any(item, i, &names.shared_measures).is_some_and(|m| {
            let end = i + m.chars().count();
            !is_one_of(&item[end..], &names.measure_classes)
        })
    };
    (0..item.len()).any(owned)
        || ends_in_measure(item)
        || item.iter().any(|c| c.is_ascii_digit())
        || ctx
            .doc
            .rules
            .lexicon
            .lookup(&crate::text::string_of(item))
            .is_some()
}

/// 一、二、三产业增加值, 一产、二产、三产增加值, 第一、第三产业增加值: the
/// industries by their ordinals, the measure written once after the last.
/// Item `k` is 第 + its ordinal + 产业 + the measure (第一产业增加值).
fn ordinal_item(items: &[Vec<char>], k: usize) -> Option<Vec<char>> {
    const ORDINALS: &str = "一二三四五六七八九十";
    let bare: Vec<&[char]> = items
        .iter()
        .map(|item| item.strip_prefix(&['第']).unwrap_or(item))
        .collect();
    let (last, rest) = bare.split_last()?;
    let n = rest.first()?.len();
    let ordinal = |item: &[char]| ORDINALS.contains(item[0]) && (n == 1 || item[1] == '产');
    let alone = |item: &&[char]| item.len() == n && ordinal(item);
    if !(1..=2).contains(&n) || last.len() < 3 || last[1] != '产' || !ordinal(last) {
        return None;
    }
    if !rest.iter().all(alone) {
        return None;
    }
    let mut name = vec!['第', bare[k][0]];
    name.extend_from_slice(&last[1..]);
    if name.get(3) != Some(&'业') {
        name.insert(3, '业');
    }
    Some(name)
}

/// 城镇、农村居民人均可支配收入: item `k`, a part word alone (城镇), with
/// the rest of the last item after its own part word (城镇居民人均可支配收入).
fn part_item(parts: &[String], items: &[Vec<char>], k: usize) -> Option<Vec<char>> {
    let (last, _) = items.split_last()?;
    let is_part = |w: &[char]| is_one_of(w, parts);
    let item = &items[k];
    if k + 1 == items.len() || !is_part(item) {
        return None;
    }
    let own = parts
        .iter()
        .map(|p| p.chars().count())
        .find(|&n| last.len() > n + 1 && is_part(&last[..n]))?;
    let mut name = item.clone();
    name.extend_from_slice(&last[own..]);
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::{without_per_unit, without_trailing_particles};

    #[test]
    fn names_end_before_particles_and_conjunctions() {
        assert_eq!(
            without_trailing_particles("过境免签州（市）并"),
            "过境免签州（市）"
        );
        assert_eq!(
            without_trailing_particles("建成社区健身路径或"),
            "建成社区健身路径"
        );
        assert_eq!(without_trailing_particles("完成的 "), "完成");
        // Inside a name they stay.
        assert_eq!(without_trailing_particles("拆炉并网工程"), "拆炉并网工程");
    }

    #[test]
    fn a_unit_denominator_names_nothing() {
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        assert_eq!(without_per_unit(chars("/月")), chars(""));
        assert_eq!(without_per_unit(chars("/人的补贴")), chars("的补贴"));
        assert_eq!(without_per_unit(chars("补贴")), chars("补贴"));
        assert_eq!(without_per_unit(chars("/")), chars("/"));
    }
}
