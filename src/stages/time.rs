//! The time grammar the stages share: years (2024年, 2024 年), months and
//! month ranges (1-8月, 前10个月), halves and quarters, years relative to the document
//! (今年, 去年, 过去一年), spans (近三年, 五年来, 过去五年), horizons (到2030年,
//! 今后), five-year-plan periods (“十二五”时期 = 2011–2015) and fiscal years
//! (2019-20年度, 18/19年度 = the year they start in). Each expression knows
//! where it stands and whether it is a comparison base (比2010年, 较上年,
//! 是2010年的): the year a figure is compared with is never the figure's own.

use regex::Regex;
use std::sync::LazyLock;

use crate::text::ends_with_at;

/// A time expression found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpr {
    pub year: YearRef,
    /// A finer period: H1, Q1, M01-M08, M10, Q1-Q3, multi-year.
    pub period: Option<String>,
    pub text: String,
    /// Character range in the text it was read from.
    pub start: usize,
    pub end: usize,
    /// What the expression does in its sentence.
    pub role: Role,
}

/// What a year is to the figures after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The time the figures belong to.
    Own,
    /// A comparison base (比2010年, 较上年, 是2010年的…倍, 与去年相比).
    Base,
    /// The time of an old value (由2010年的X增加到Y): X's own year, a base for Y.
    From,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearRef {
    Absolute(i32),
    /// Relative to the document's year.
    Offset(i32),
    /// A horizon with no single year (五年内, 下一步).
    Open,
    /// Only a sub-year period (1-8月) or a marker with no year of its own.
    Unknown,
}

/// A quarter, the first three, or a run of them (第一季度, 第4季, 首季, 前三季度,
/// 首三季, 前3季, 一至三季度).
const QUARTER: &str = r"[一二三1-3](?:至|到|[-~—–])[二三四2-4]季度|第?[一二三四1-4]季度|第[一二三四1-4]季|首季度?|[前首][三3]季度?";

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(concat!(
        // A span up to a year: 至2023/24年度的5年间, 到2025年的五年间 (that year, multi-year).
        r"(?:至|到)(?P<until>(?:19|20)\d\d)(?:[/-]\d\d)?(?:财政)?年度?的?[两三四五六七八九十\d]+年(?:间|内)",
        // Fiscal years: 2019-20年度, 2019/20年度, 2019至20年度, 18/19年度, 17/18财政年度.
        r"|(?P<fy>(?:19|20)?\d\d)(?:[/-]|至)(?P<fy2>\d\d)(?:财政)?(?:年度|年|度)",
        // A five-year-plan period: “十二五”时期, 十三五期间 (not the plan's name: “十四五”规划).
        r#"|["“]?(?P<plan>十[一二三四五六七八九]五)["”]?(?:时期|期间|末|期末)"#,
        r"|(?P<y>(?:19|20)\d\d) ?年(?:(?P<ym1>\d{{1,2}}|十[一二]?|[一二三四五六七八九])月?(?:[-~—–]|至|到)(?P<ym2>\d{{1,2}}|十[一二]?|[一二三四五六七八九])月(?:份)?|(?P<yh>上半年|下半年)|(?P<yq>{QUARTER})|(?P<ym>\d{{1,2}}|十[一二]?|[一二三四五六七八九])月(?:份|当月|单月|末)?)?",
        r"|(?P<m1>\d{{1,2}}|十[一二]?|[一二三四五六七八九])月?(?:[-~—–]|至|到)(?P<m2>\d{{1,2}}|十[一二]?|[一二三四五六七八九])月(?:份)?",
        // The first months of a year: 前10个月, 前两个月, 首九个月, 前7月
        // (M01-M10, M01-M02, M01-M09, M01-M07).
        r"|(?:前|首)(?P<first>十[一二]|[两三四五六七八九十]|\d{{1,2}})个?月",
        // A month as a period (10月份, 9月当月, 9月末, 8月失业率, 九月; not 10月1日, a
        // day, nor 4月底, a deadline: see `is_day_or_deadline`).
        r"|(?P<mon>\d{{1,2}}|十[一二]?|[一二三四五六七八九])月(?:份|当月|单月|末)?",
        r"|(?P<after>[两三四五六七八九十\d]+)年后",
        // Years back from the document's: 三年前的35%, 十年前 (not 2020年前, a deadline).
        r"|(?P<ago>[两三四五六七八九十]+|\d{{1,2}})年前",
        // (本年度, 上年度: a year as a budget or a Taiwan report writes it.)
        r"|(?P<rel>(?:今年|本年|上年|下年)度?|全年|年内|年底|当年|去年|过去一年|明年|新的一年|新一年)(?:(?P<rh>上半年|下半年)|(?P<rq>{QUARTER}))?",
        r#"|(?P<multi>["“]?十[一二三四五六七八九]五["”]?以来|近[两三四五六七八九十\d]+年|"#,
        r"过去[两三四五六七八九十\d]+年|[两三四五六七八九十\d]+年(?:来|累计|间)|连续[两三四五六七八九十\d]+年|\d+年累计)",
        r"|(?P<open>[两三四五六七八九十\d]+年内|下一步|今后|以往|未来[两三四五六七八九十几\d]+年|到(?:19|20)\d\d年)",
        r"|(?P<h>上半年|下半年)|(?P<q>{QUARTER})",
    ), QUARTER = QUARTER))
    .unwrap()
});

/// Words right before a time expression that make it a comparison base.
const BASE_BEFORE: [&str; 7] = ["比", "较", "同", "相比", "对比", "与", "较之"];

/// Words before a year and 的 that make the year the base of the figure after
/// (是2010年的2.6倍, 相当于2019年的九成; a recovery, 恢复至2019年的101%).
const SHARE_OF_BEFORE: [&str; 5] = ["是", "为", "相当于", "恢复至", "恢复到"];

fn quarter(s: &str) -> String {
    if ["前三", "首三", "前3", "首3"].iter().any(|w| s.contains(w)) {
        return "Q1-Q3".into();
    }
    let mut n = s.chars().filter_map(|c| match c {
        '一' | '1' => Some(1),
        '二' | '2' => Some(2),
        '三' | '3' => Some(3),
        '四' | '4' => Some(4),
        _ => None,
    });
    match (n.next(), n.next()) {
        (Some(a), Some(b)) if a < b => format!("Q{a}-Q{b}"),
        (a, _) => format!("Q{}", a.unwrap_or(1)),
    }
}

fn half(s: &str) -> String {
    if s.starts_with('上') {
        "H1".into()
    } else {
        "H2".into()
    }
}

fn months(a: &str, b: &str) -> Option<String> {
    month_span(count(a)?.try_into().ok()?, count(b)?.try_into().ok()?)
}

/// The months `a` to `b` of a year (M01-M08), when they are months in order.
fn month_span(a: u32, b: u32) -> Option<String> {
    ((1..=12).contains(&a) && (1..=12).contains(&b) && a <= b).then(|| format!("M{a:02}-M{b:02}"))
}

/// One month as a period (M10), when it is one.
fn month(m: &str) -> Option<String> {
    let m = count(m)?;
    (1..=12).contains(&m).then(|| format!("M{m:02}"))
}

/// The years of the N-th five-year plan (十二五 = 2011–2015); from the third
/// plan on they follow each other without gaps.
pub fn five_year_plan(name: &str) -> Option<(i32, i32)> {
    let n = match name.chars().nth(1)? {
        '一' => 11,
        '二' => 12,
        '三' => 13,
        '四' => 14,
        '五' => 15,
        '六' => 16,
        '七' => 17,
        '八' => 18,
        '九' => 19,
        _ => return None,
    };
    let start = 1966 + 5 * (n - 3);
    Some((start, start + 4))
}

/// How many years a span of years covers, up to the year it resolves to
/// (“十二五”时期 five, 近三年 three, 五年来 five, 至2025年的5年间 five); none
/// for an open one (十二五以来) or a run (连续5年).
pub fn span_years(e: &TimeExpr) -> Option<i32> {
    static PLAN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"十[一二三四五六七八九]五").unwrap());
    static YEARS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"([两三四五六七八九十\d]+)年(?:来|累计|间)?$").unwrap());
    if e.period.as_deref() != Some("multi-year")
        || e.text.contains("以来")
        || e.text.starts_with("连续")
    {
        return None;
    }
    if let Some(plan) = PLAN.find(&e.text) {
        return five_year_plan(plan.as_str()).map(|(first, last)| last - first + 1);
    }
    count(&YEARS.captures(&e.text)?[1])
}

/// The start year of a fiscal year written `2019-20`, `19/20`: the second part
/// must be the year after the first, so 3/4 or 1-8 are not fiscal years.
fn fiscal_start(a: &str, b: &str) -> Option<i32> {
    let second: i32 = b.parse().ok()?;
    let first: i32 = a.parse().ok()?;
    if (first + 1) % 100 != second {
        return None;
    }
    Some(if a.len() == 4 { first } else { 2000 + first })
}

/// A small count written in digits or Chinese numerals (5, 五, 十, 十五,
/// 二十六): of years, months, the day of a month.
pub fn count(s: &str) -> Option<i32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|d| d as i32)
    };
    match s.chars().collect::<Vec<_>>()[..] {
        ['两'] => Some(2),
        ['十'] => Some(10),
        [c] => digit(c),
        ['十', c] => Some(10 + digit(c)?),
        [c, '十'] => Some(10 * digit(c)?),
        [a, '十', b] => Some(10 * digit(a)? + digit(b)?),
        _ => None,
    }
}

/// The role of the expression at `chars[start..end]` read in `chars[from..to]`:
/// only the words of the stretch before and after it count.
fn role_in(chars: &[char], from: usize, to: usize, start: usize, end: usize) -> Role {
    let before = &chars[from..start];
    // (从全年看, 从一季度来看: a point of view, not a starting point.)
    let viewed_from = ["看", "来看"]
        .iter()
        .any(|w| end + w.chars().count() <= to && crate::text::starts_with_at(chars, end, w));
    if matches!(before.last(), Some('由' | '从')) && !viewed_from {
        return Role::From;
    }
    if BASE_BEFORE
        .iter()
        .any(|w| ends_with_at(before, before.len(), w))
    {
        return Role::Base;
    }
    // 是2010年的2.6倍, 是去年同期的1.5倍, 恢复至2019年同期的86.6%: the year of
    // a multiple or a share is its base — after 至 or 到 only with 同期 or 水平
    // (由2010年的X增加到2015年的Y: Y is 2015's).
    let of = |at: usize| at < to && chars[at] == '的';
    let of_its = |at: usize| {
        ["同期", "水平", "同期水平"]
            .iter()
            .any(|w| crate::text::starts_with_at(chars, at, w) && of(at + w.chars().count()))
    };
    let as_much_as = SHARE_OF_BEFORE
        .iter()
        .any(|w| ends_with_at(before, before.len(), w));
    let back_to = matches!(before.last(), Some('至' | '到'));
    if as_much_as && (of(end) || of_its(end)) || back_to && of_its(end) {
        return Role::Base;
    }
    Role::Own
}

/// One match of the time pattern: its span, and the expression it reads as
/// (`None` when its parts do not make one, as 3/4年 is no fiscal year; the
/// search still goes on after it).
struct Found {
    start: usize,
    end: usize,
    expr: Option<TimeExpr>,
}

/// Time expressions in `chars[from..to]`, in order, with positions in `chars`.
pub fn time_exprs(chars: &[char], from: usize, to: usize) -> Vec<TimeExpr> {
    find(chars, from, to)
        .into_iter()
        .filter_map(|f| f.expr)
        .collect()
}

/// The time expressions of a stretch of text (a sentence), found once, from
/// which those of any stretch inside it are read without a new search:
/// [`TimeIndex::within`] gives exactly what [`time_exprs`] over the inner
/// stretch gives.
///
/// Why that holds: the pattern has no anchors and no look-around, so the
/// match the search takes at a position depends only on the text from there
/// on, and a match of a shorter text is a match of the longer one. Searching
/// the inner stretch from its start therefore meets the outer search's
/// matches one by one, as long as the inner start is not inside one of them
/// and they end before the inner end. A match that runs past the inner end
/// (2024年1-8月 cut after 2024年1-) may give way to a shorter one: from there
/// on the inner stretch is searched again. Roles look at the words before and
/// after an expression within the stretch read, so they are worked out again
/// for the inner stretch.
pub struct TimeIndex {
    from: usize,
    to: usize,
    /// Every match, kept or not: where the outer search went on from.
    found: Vec<Found>,
}

impl TimeIndex {
    /// The time expressions of `chars[from..to]`, which `text` holds.
    pub fn new(text: &str, chars: &[char], from: usize, to: usize) -> Self {
        TimeIndex {
            from,
            to,
            found: find_in(text, chars, from, to),
        }
    }

    /// Exactly `time_exprs(chars, from, to)` (see the type's docs), for the
    /// `chars` the index was made from.
    pub fn within(&self, chars: &[char], from: usize, to: usize) -> Vec<TimeExpr> {
        let outside = from < self.from || to > self.to || from > to;
        if outside || self.found.iter().any(|f| f.start < from && from < f.end) {
            return time_exprs(chars, from, to);
        }
        let mut out = Vec::new();
        let mut resume = from;
        for f in self.found.iter().filter(|f| f.start >= from) {
            if f.start >= to {
                break;
            }
            if f.end > to {
                let rest = time_exprs(chars, resume, to).into_iter();
                out.extend(rest.map(|e| TimeExpr {
                    role: role_in(chars, from, to, e.start, e.end),
                    ..e
                }));
                break;
            }
            if let Some(e) = &f.expr {
                out.push(TimeExpr {
                    role: role_in(chars, from, to, e.start, e.end),
                    ..e.clone()
                });
            }
            resume = f.end;
        }
        out
    }
}

/// Every match of the time pattern in `chars[from..to]`, in order.
fn find(chars: &[char], from: usize, to: usize) -> Vec<Found> {
    find_in(&crate::text::string_of(&chars[from..to]), chars, from, to)
}

/// [`find`] given `text`, the characters `chars[from..to]` as a string.
fn find_in(text: &str, chars: &[char], from: usize, to: usize) -> Vec<Found> {
    debug_assert_eq!(text.chars().count(), to - from);
    // Byte offset in `text` → character offset in `chars`, counted on from
    // the last offset asked (matches come in order) rather than from 0.
    let counted = std::cell::Cell::new((0usize, from));
    let char_at = |byte: usize| {
        let (b0, c0) = counted.get();
        let c = if byte >= b0 {
            c0 + text[b0..byte].chars().count()
        } else {
            from + text[..byte].chars().count()
        };
        counted.set((byte, c));
        c
    };
    TIME.captures_iter(text)
        .map(|c| {
            let m = c.get(0).unwrap();
            let (start, end) = (char_at(m.start()), char_at(m.end()));
            let day_or_deadline = is_day_or_deadline(chars, end)
                // (于2003年6月作出决策: when something was done.)
                || start > 0 && chars[start - 1] == '于';
            if c.name("mon").is_some() && day_or_deadline {
                return Found {
                    start,
                    end,
                    expr: None,
                };
            }
            // (2024年3月5日: the year stays, the month is a day's.)
            let read = read(&c).map(|(year, period)| match c.name("ym") {
                Some(_) if day_or_deadline => (year, None),
                _ => (year, period),
            });
            let expr = read.map(|(year, period)| TimeExpr {
                year,
                period,
                text: m.as_str().to_string(),
                start,
                end,
                role: role_in(chars, from, to, start, end),
            });
            Found { start, end, expr }
        })
        .collect()
}

/// Whether a bare month ending at `end` (10月) is a day's or a deadline's
/// (10月1日, 4月底前, 8月上旬), not a month's figure. Read in the whole text,
/// past any stretch searched, so that every stretch reads the month alike.
fn is_day_or_deadline(chars: &[char], end: usize) -> bool {
    chars[end - 1] == '月'
        && chars
            .get(end)
            .is_some_and(|c| c.is_ascii_digit() || "日号底初中上下旬起前".contains(*c))
}

/// The year and finer period a match of the time pattern names.
fn read(c: &regex::Captures) -> Option<(YearRef, Option<String>)> {
    let get = |n: &str| c.name(n).map(|m| m.as_str());
    let (year, period) = if let Some(y) = get("until") {
        (
            YearRef::Absolute(y.parse().ok()?),
            Some("multi-year".to_string()),
        )
    } else if let Some(n) = get("after") {
        (YearRef::Offset(count(n)?), None)
    } else if let Some(n) = get("ago") {
        (YearRef::Offset(-count(n)?), None)
    } else if let (Some(a), Some(b)) = (get("fy"), get("fy2")) {
        (YearRef::Absolute(fiscal_start(a, b)?), None)
    } else if let Some(p) = get("plan") {
        let (_, last) = five_year_plan(p)?;
        (YearRef::Absolute(last), Some("multi-year".to_string()))
    } else if let Some(y) = get("y") {
        let p = match (get("ym1"), get("ym2"), get("yh"), get("yq"), get("ym")) {
            (Some(a), Some(b), ..) => months(a, b),
            (_, _, Some(h), ..) => Some(half(h)),
            (_, _, _, Some(q), _) => Some(quarter(q)),
            (.., Some(m)) => month(m),
            _ => None,
        };
        (YearRef::Absolute(y.parse().unwrap_or(0)), p)
    } else if let (Some(a), Some(b)) = (get("m1"), get("m2")) {
        (YearRef::Unknown, months(a, b))
    } else if let Some(n) = get("first") {
        (YearRef::Unknown, month_span(1, count(n)?.try_into().ok()?))
    } else if let Some(m) = get("mon") {
        (YearRef::Unknown, month(m))
    } else if let Some(r) = get("rel") {
        let off = match r.strip_suffix('度').unwrap_or(r) {
            "去年" | "上年" | "过去一年" => -1,
            "明年" | "下年" => 1,
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
    Some((year, period))
}

/// The length in characters of a time expression opening `text`, if one does.
pub fn time_at_start(text: &str) -> Option<usize> {
    TIME_AT_START.find(text).map(|m| m.as_str().chars().count())
}

/// The length in bytes of a time expression opening a name (2023年1-6月,
/// 今年以来, 近三年, 首三季): `TIME`'s expressions, and the few that date no
/// figure but are no part of what is measured either (年底前, 三年, 4月).
pub fn leading_time_len(text: &str) -> Option<usize> {
    LEADING_TIME.find(text).map(|m| m.end())
}

static LEADING_TIME: LazyLock<Regex> = LazyLock::new(|| {
    // Alternatives are tried in order: the longer words before TIME's
    // 年底 and 今年, a bare count of years or a month after TIME's 2023年1-6月.
    let longer = "年底前|今年以来";
    let shorter =
        r"[两三四五六七八九十\d]+年内?|(?:\d{1,2}|十[一二]?|[一二三四五六七八九])月(?:份|末|底)?";
    Regex::new(&format!("^(?:{longer}|{}|{shorter})", TIME.as_str())).unwrap()
});

/// `TIME` anchored at the start: the same match as `TIME`'s leftmost one
/// when that starts at 0, without searching the rest of the text for one.
static TIME_AT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{})", TIME.as_str())).unwrap());

#[cfg(test)]
mod tests {
    use super::*;

    fn exprs(s: &str) -> Vec<TimeExpr> {
        let c: Vec<char> = s.chars().collect();
        time_exprs(&c, 0, c.len())
    }

    #[test]
    fn times_opening_a_name() {
        fn lead(s: &str) -> Option<&str> {
            leading_time_len(s).map(|n| &s[..n])
        }
        assert_eq!(lead("2023年1-6月规模以上工业"), Some("2023年1-6月"));
        assert_eq!(lead("首三季本地生产总值"), Some("首三季"));
        assert_eq!(lead("第4季经济成长率"), Some("第4季"));
        assert_eq!(lead("前10个月出口"), Some("前10个月"));
        assert_eq!(lead("今年以来新增"), Some("今年以来"));
        assert_eq!(lead("年底前建成"), Some("年底前"));
        assert_eq!(lead("三年累计投资"), Some("三年累计"));
        assert_eq!(lead("4月贯通实战应用"), Some("4月"));
        assert_eq!(lead("“十四五”时期累计"), Some("“十四五”时期"));
        assert_eq!(lead("规模以上工业增加值"), None);
    }

    #[test]
    fn years_spans_and_periods() {
        let p = exprs("坚持以技术改造推进新型工业化,近三年累计实施技术改造项目1600余个");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].year, YearRef::Offset(-1));
        let p = exprs("1-8月,郑州机场旅客吞吐量");
        assert_eq!(p[0].period.as_deref(), Some("M01-M08"));
        // Month ranges with an em or en dash, as official releases print them.
        let p = exprs("1—9月,2023年1–6月,1~5月");
        let periods: Vec<_> = p.iter().map(|e| e.period.as_deref()).collect();
        assert_eq!(periods, [Some("M01-M09"), Some("M01-M06"), Some("M01-M05")]);
        let p = exprs("今年前10个月,前两个月,前十一个月");
        let periods: Vec<_> = p.iter().map(|e| e.period.as_deref()).collect();
        assert_eq!(
            periods,
            [None, Some("M01-M10"), Some("M01-M02"), Some("M01-M11")]
        );
        // Hong Kong's quarters without 度, the first quarter and months as 首,
        // Taiwan's first months without 个.
        let p = exprs("第三季,2024年第二季,去年第四季,首季,首九个月,前三季,前7月");
        let periods: Vec<_> = p.iter().map(|e| e.period.as_deref()).collect();
        assert_eq!(
            periods,
            [
                Some("Q3"),
                Some("Q2"),
                Some("Q4"),
                Some("Q1"),
                Some("M01-M09"),
                Some("Q1-Q3"),
                Some("M01-M07")
            ]
        );
        // Hong Kong's first three quarters and month ranges in Chinese numerals.
        let p = exprs("2024年首三季合计,八月至十月期间");
        let periods: Vec<_> = p.iter().map(|e| e.period.as_deref()).collect();
        assert_eq!(periods, [Some("Q1-Q3"), Some("M08-M10")]);
        // Quarters in digits, as Taiwan writes them (第4季, 第1季度).
        let p = exprs("第4季经济成长率,第1季度,去年第2季,前3季出口");
        let periods: Vec<_> = p.iter().map(|e| e.period.as_deref()).collect();
        assert_eq!(periods, [Some("Q4"), Some("Q1"), Some("Q2"), Some("Q1-Q3")]);
        // A month before its figure is the figure's; before a day, a deadline,
        // or after 于 (when something was done) it is not.
        let p = exprs("10月份,2024年3月份,2024年3月,2024年十月的,13月份,8月失业率");
        let periods: Vec<_> = p.iter().map(|e| e.period.as_deref()).collect();
        let months = [Some("M10"), Some("M03"), Some("M03"), Some("M10"), None];
        assert_eq!(periods, [&months[..], &[Some("M08")]].concat());
        let p = exprs("2024年3月5日,于2003年6月作出,10月1日起,4月底前");
        let periods: Vec<_> = p.iter().map(|e| e.period.as_deref()).collect();
        assert_eq!(periods, [None, None]);
        // One month alone (当月, 单月), a month's end for a stock (9月末; 4月底
        // is a deadline), a run of quarters.
        let p = exprs("9月当月,2024年9月单月,截至9月末,4月底前,一至三季度,2024年1-3季度");
        let periods: Vec<_> = p.iter().map(|e| e.period.as_deref()).collect();
        assert_eq!(
            periods,
            [
                Some("M09"),
                Some("M09"),
                Some("M09"),
                Some("Q1-Q3"),
                Some("Q1-Q3")
            ]
        );
        let p = exprs("今年上半年增速为12%");
        assert_eq!(
            (p[0].year, p[0].period.as_deref()),
            (YearRef::Offset(0), Some("H1"))
        );
        assert_eq!(
            exprs("一、2024 年工作回顾")[0].year,
            YearRef::Absolute(2024)
        );
    }

    #[test]
    fn plans_and_fiscal_years() {
        let p = exprs("一、“十二五”时期和2015年工作回顾");
        assert_eq!(p[0].year, YearRef::Absolute(2015));
        assert_eq!(p[0].period.as_deref(), Some("multi-year"));
        assert_eq!(five_year_plan("十五五"), Some((2026, 2030)));
        assert_eq!(exprs("2019-20年度")[0].year, YearRef::Absolute(2019));
        // As Hong Kong's government writes it (二○一九至二○年度, read in digits by clean).
        assert_eq!(exprs("2019至20年度")[0].year, YearRef::Absolute(2019));
        assert!(exprs("10至20年")
            .iter()
            .all(|e| e.year != YearRef::Absolute(2010)));
        assert_eq!(
            exprs("17/18年度有1000多亿")[0].year,
            YearRef::Absolute(2017)
        );
        assert!(exprs("占3/4").is_empty());
        assert!(exprs("编制“十四五”规划").is_empty());
        let p = exprs("至2023/24年度的5年间,占22%");
        assert_eq!(
            (p[0].year, p[0].period.as_deref()),
            (YearRef::Absolute(2023), Some("multi-year"))
        );
        assert_eq!(exprs("5年后只能应付19个月")[0].year, YearRef::Offset(5));
        assert_eq!(exprs("下年减至23个月")[0].year, YearRef::Offset(1));
        assert_eq!(exprs("19/20度赤字")[0].year, YearRef::Absolute(2019));
    }

    #[test]
    fn an_index_gives_what_a_search_of_the_inner_stretch_gives() {
        // Matches cut at either end, dropped matches (3/4年), roles that
        // depend on the words before (比, 由) and after (的) the stretch.
        let texts = [
            "比2010年提高86%,是2010年的2.6倍,由2010年的162.4亿元增加到2015年的287.9亿元",
            "2024年1-8月,全省完成投资3/4年度,“十四五”时期累计增长,近三年来至2023/24年度的5年间",
            "今年上半年增速为12%,较上年第三季度,2019-20年度,17/18财政年度,5年后,到2030年",
        ];
        for t in texts {
            let c: Vec<char> = t.chars().collect();
            let index = TimeIndex::new(t, &c, 0, c.len());
            for from in 0..=c.len() {
                for to in from..=c.len() {
                    assert_eq!(
                        index.within(&c, from, to),
                        time_exprs(&c, from, to),
                        "{from}..{to} of {t}"
                    );
                }
            }
        }
    }

    #[test]
    fn comparison_bases_are_marked() {
        let p = exprs("比2010年提高86%,是2010年的2.6倍,由2010年的162.4亿元增加到2015年的287.9亿元");
        let roles: Vec<Role> = p.iter().map(|e| e.role).collect();
        assert_eq!(roles, [Role::Base, Role::Base, Role::From, Role::Own]);
        assert_eq!(exprs("比上年增长5%")[0].role, Role::Base);
        assert_eq!(exprs("2023年,增长5%")[0].role, Role::Own);
        // A share of a year's level: the year is its base.
        let roles = |t: &str| exprs(t).iter().map(|e| e.role).collect::<Vec<_>>();
        assert_eq!(
            roles("第三季,恢复至2019年同期的86.6%"),
            [Role::Own, Role::Base]
        );
        assert_eq!(roles("相当于2019年水平的九成"), [Role::Base]);
        assert_eq!(roles("为2019年同期水平的95%"), [Role::Base]);
        assert_eq!(roles("增加到2015年的287.9亿元"), [Role::Own]);
    }
}
