//! Number grammar: finds every numeral in a stretch of cleaned text and
//! reads it with its unit, range and the qualifier written inside it
//! (1600余个, 6.4万余张, 3至4倍, 百分之五, 第14位, 40强).

use crate::rules::{Rules, SpecialKind};
use crate::text::starts_with_at;

/// A numeral as found, before anyone decides whether it is a record.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Cleaned character span of the whole expression (prefix, number, unit).
    pub start: usize,
    pub end: usize,
    /// Span of the first numeral alone.
    pub num_start: usize,
    pub num_end: usize,
    pub value: f64,
    pub value_max: Option<f64>,
    /// Written multiplier (万, 亿) and base (人次, 元) of the unit.
    pub multiplier: Option<(String, f64)>,
    pub base: Option<String>,
    /// What the base is counted per, slash and all (/月 of 740元/月).
    pub per: Option<String>,
    pub special: Option<(String, SpecialKind)>,
    /// A whole-unit entry from configuration.
    pub extra_unit: Option<(String, f64, String)>,
    /// 余, 多, 几 inside the expression.
    pub inside_qualifier: Option<String>,
    /// 第 or 前 before the number.
    pub prefix: Option<String>,
    /// 强, 位 or 名 after a rank.
    pub rank_suffix: Option<String>,
    /// Written in Chinese numerals.
    pub chinese: bool,
    /// A rank word without a numeral (首位).
    pub rank_word: bool,
}

impl Quantity {
    /// A quantity written in words with no numeral grammar of its own (首位,
    /// 超亿元's bare 亿元): `start..end` with its numeral ending at `num_end`,
    /// no unit, range, prefix or marker until the caller sets one.
    fn word(start: usize, end: usize, num_end: usize, value: f64) -> Quantity {
        Quantity {
            start,
            end,
            num_start: start,
            num_end,
            value,
            value_max: None,
            multiplier: None,
            base: None,
            per: None,
            special: None,
            extra_unit: None,
            inside_qualifier: None,
            prefix: None,
            rank_suffix: None,
            chinese: true,
            rank_word: false,
        }
    }

    /// The unit as written, if any: multiplier + base, a special unit, or a bare multiplier.
    pub fn unit(&self) -> Option<String> {
        if let Some((text, _, _)) = &self.extra_unit {
            return Some(text.clone());
        }
        if let Some((s, kind)) = &self.special {
            return Some(match kind {
                SpecialKind::Percent => "%".to_string(),
                _ => s.clone(),
            });
        }
        let m = self.multiplier.as_ref().map(|m| m.0.as_str()).unwrap_or("");
        let b = self.base.as_deref().unwrap_or("");
        let per = self.per.as_deref().unwrap_or("");
        let u = format!("{m}{b}{per}");
        (!u.is_empty()).then_some(u)
    }

    /// The factor from the written scale to the base unit.
    pub fn factor(&self) -> f64 {
        if let Some((_, f, _)) = &self.extra_unit {
            return *f;
        }
        self.multiplier.as_ref().map(|m| m.1).unwrap_or(1.0)
    }

    /// The base unit the normalised value is counted in.
    pub fn base_unit(&self) -> Option<String> {
        if let Some((_, _, b)) = &self.extra_unit {
            return Some(b.clone());
        }
        match &self.special {
            // 百分点 is the 个百分点 of a terser style: one unit to compare.
            Some((_, SpecialKind::Points)) => Some("个百分点".to_string()),
            Some(_) => self.unit(),
            None => self
                .base
                .as_ref()
                .map(|b| format!("{b}{}", self.per.as_deref().unwrap_or(""))),
        }
    }

    pub fn has_unit(&self) -> bool {
        self.base.is_some()
            || self.special.is_some()
            || self.multiplier.is_some()
            || self.extra_unit.is_some()
    }

    /// Whether the unit is 个百分点 (the points a rate or share moved by).
    pub fn is_points(&self) -> bool {
        matches!(
            self.special.as_ref().map(|s| s.1),
            Some(SpecialKind::Points)
        )
    }

    pub fn is_percentish(&self) -> bool {
        matches!(
            self.special.as_ref().map(|s| s.1),
            Some(SpecialKind::Percent | SpecialKind::Permille | SpecialKind::Tenths)
        )
    }
}

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A Chinese digit (零〇一二两三四五六七八九) or 十百千: asked of every character scanned.
fn is_cn_numeral(c: char) -> bool {
    cn_digit(c).is_some() || matches!(c, '十' | '百' | '千')
}

/// A digit after 点 (六点五, 一点二): 两 counts but never writes a decimal
/// (“一点两地” is a slogan).
fn decimal_digit(c: char) -> Option<u32> {
    cn_digit(c).filter(|_| c != '两')
}

/// Value of a Chinese numeral below 万 (三十五, 两千, 一百二十, 十); digit strings (二〇二四) too.
pub fn chinese_value(s: &[char]) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    if s.len() > 1 && s.iter().all(|c| cn_digit(*c).is_some()) {
        let mut v = 0u64;
        for c in s {
            v = v * 10 + cn_digit(*c)? as u64;
        }
        return Some(v as f64);
    }
    let (mut total, mut digit) = (0u64, None::<u32>);
    for &c in s {
        if let Some(d) = cn_digit(c) {
            digit = Some(d);
            continue;
        }
        let scale = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total += digit.unwrap_or(1) as u64 * scale;
        digit = None;
    }
    Some((total + digit.unwrap_or(0) as u64) as f64)
}

/// Reads an Arabic number at `i`: digits, thousands separators, decimals.
fn arabic_at(chars: &[char], i: usize) -> Option<(f64, usize)> {
    let mut j = i;
    while j < chars.len() && chars[j].is_ascii_digit() {
        j += 1;
    }
    if j == i {
        return None;
    }
    let mut text = crate::text::string_of(&chars[i..j]);
    if j - i <= 3 {
        if let Some((grouped, end)) = space_grouped(chars, j) {
            text.push_str(&grouped);
            j = end;
        }
        while j + 3 < chars.len()
            && chars.get(j) == Some(&',')
            && chars[j + 1..]
                .iter()
                .take(3)
                .filter(|c| c.is_ascii_digit())
                .count()
                == 3
            && !chars.get(j + 4).is_some_and(|c| c.is_ascii_digit())
        {
            text.extend(&chars[j + 1..j + 4]);
            j += 4;
        }
    }
    if chars.get(j) == Some(&'.') && chars.get(j + 1).is_some_and(|c| c.is_ascii_digit()) {
        text.push('.');
        j += 1;
        while j < chars.len() && chars[j].is_ascii_digit() {
            text.push(chars[j]);
            j += 1;
        }
    }
    text.parse().ok().map(|v| (v, j))
}

/// The groups of three digits, each after one space, that go on a number
/// at `j` (12 345.6亿元, 1 234 567人, as statistical communiqués print
/// thousands), when a decimal part or a unit follows the last group: in a
/// plain-text table, 12 345 678 is three numbers. Returns the digits and
/// where the last group ends.
fn space_grouped(chars: &[char], mut j: usize) -> Option<(String, usize)> {
    let mut digits = String::new();
    let group = |k: usize| {
        chars.get(k) == Some(&' ')
            && (k + 1..k + 4).all(|d| chars.get(d).is_some_and(|c| c.is_ascii_digit()))
            && !chars.get(k + 4).is_some_and(|c| c.is_ascii_digit())
    };
    while group(j) {
        digits.extend(&chars[j + 1..j + 4]);
        j += 4;
    }
    let decimal =
        chars.get(j) == Some(&'.') && chars.get(j + 1).is_some_and(|c| c.is_ascii_digit());
    let unit = chars
        .get(j)
        .is_some_and(|c| crate::text::is_han(*c) || *c == '%');
    (!digits.is_empty() && (decimal || unit)).then_some((digits, j))
}

/// Reads a Chinese numeral at `i` that can stand for a quantity.
fn chinese_at(chars: &[char], i: usize) -> Option<(f64, usize)> {
    let mut j = i;
    while j < chars.len() && is_cn_numeral(chars[j]) {
        j += 1;
    }
    if j == i {
        return None;
    }
    let run = &chars[i..j];
    let next = chars.get(j).copied();
    let has_digit = run.iter().any(|c| cn_digit(*c).is_some());
    // (一点五万, 零点八, 十点三亿元: a decimal is a numeral too.)
    let decimal = next == Some('点')
        && chars
            .get(j + 1)
            .is_some_and(|c| decimal_digit(*c).is_some());
    // A bare 十/百/千 is a numeral only before a multiplier or 几/余/多 (十几万, 百万元),
    // a decimal point, or after 百分之 (百分之十); 千 only before 亿 or 万元 (千亿元,
    // 千万元: 千万 alone is a word, 千万工程).
    let thousand = run == ['千']
        && (next == Some('亿') || next == Some('万') && chars.get(j + 1) == Some(&'元'));
    // (百分之百 is mostly a way of saying “all”.)
    let per_cent = run == ['十']
        && ["百分之", "千分之"]
            .iter()
            .any(|p| crate::text::ends_with_at(chars, i, p));
    if !has_digit
        && (run.contains(&'千') && !thousand
            || !decimal && !per_cent && !matches!(next, Some('万' | '亿' | '几' | '余' | '多')))
    {
        return None;
    }
    // A lone 一 or 零 is almost always part of a word (统一, 一批, 零部件), but
    // not after 第, nor before 倍, 万, 亿 or 成 (下跌一成 is a tenth; 一成不变 an idiom).
    let ordinal = i > 0 && chars[i - 1] == '第';
    let lone = matches!(run, ['一'] | ['零'] | ['〇']);
    let tenth = next == Some('成') && chars.get(j + 1) != Some(&'不');
    let multiplied = run == ['一'] && (matches!(next, Some('倍' | '万' | '亿')) || tenth);
    if lone && !ordinal && !decimal && !multiplied {
        return None;
    }
    let value = chinese_value(run)?;
    // A Chinese decimal: 六点五, 二点三五.
    if chars.get(j) == Some(&'点') {
        let mut k = j + 1;
        let mut frac = String::new();
        while let Some(d) = chars.get(k).and_then(|c| decimal_digit(*c)) {
            frac.push(char::from_digit(d, 10).unwrap_or('0'));
            k += 1;
        }
        if !frac.is_empty() {
            if let Ok(v) = format!("{value}.{frac}").parse::<f64>() {
                return Some((v, k));
            }
        }
    }
    Some((value, j))
}

/// Reads the number (Arabic or Chinese) at `i`.
fn number_at(chars: &[char], i: usize) -> Option<(f64, usize, bool)> {
    if chars[i].is_ascii_digit() {
        return arabic_at(chars, i).map(|(v, j)| (v, j, false));
    }
    chinese_at(chars, i).map(|(v, j)| (v, j, true))
}

struct UnitMatch {
    end: usize,
    multiplier: Option<(String, f64)>,
    inside: Option<String>,
    base: Option<String>,
    per: Option<String>,
    special: Option<(String, SpecialKind)>,
    extra: Option<(String, f64, String)>,
}

/// Whether the special unit `unit` (成 or 倍) is followed at `end` by `word`
/// and nothing more of a word (两成多, 七成半, 一倍半的; not 一倍半岛).
fn ends_tenth_or_multiple(chars: &[char], unit: &str, end: usize, word: char) -> bool {
    matches!(unit, "成" | "倍")
        && chars.get(end) == Some(&word)
        && chars
            .get(end + 1)
            .is_none_or(|c| !crate::text::is_han(*c) || *c == '的')
}

/// Reads what follows a number: [余|多|几] [multiplier] [余|多] [base | special unit].
fn unit_at(chars: &[char], i: usize, rules: &Rules, chinese: bool) -> UnitMatch {
    let mut j = i;
    let mut inside = None;
    let take_inside = |j: &mut usize, inside: &mut Option<String>| {
        let mut words = rules.cues.qualifier_inside.iter().flat_map(|q| &q.words);
        if let Some(w) = words.find(|w| starts_with_at(chars, *j, w)) {
            // 多 before 万/亿 or a unit is a marker; 多家 (several) after a number too.
            *inside = Some(w.to_string());
            *j += w.chars().count();
        }
    };
    take_inside(&mut j, &mut inside);
    if let Some(u) = rules
        .extra_units
        .iter()
        .find(|u| starts_with_at(chars, j, &u.text))
    {
        return UnitMatch {
            end: j + u.text.chars().count(),
            multiplier: None,
            inside,
            base: None,
            per: None,
            special: None,
            extra: Some((u.text.clone(), u.multiplier, u.base.clone())),
        };
    }
    if let Some((s, kind)) = rules
        .specials
        .iter()
        .find(|(s, _)| starts_with_at(chars, j, s))
    {
        let mut end = j + s.chars().count();
        // 两成多, 一倍多: more than the figure, when the 多 ends the phrase.
        let more = ends_tenth_or_multiple(chars, s, end, '多');
        if more && inside.is_none() {
            inside = Some("多".to_string());
            end += 1;
        }
        return UnitMatch {
            end,
            multiplier: None,
            inside,
            base: None,
            per: None,
            special: Some((s.clone(), *kind)),
            extra: None,
        };
    }
    // Longest multiplier + base; on a tie the base alone (千瓦 is a base, not 千 + 瓦).
    let base_at = |k: usize| {
        rules
            .base_words
            .index_at(chars, k)
            .map(|b| &rules.bases[b])
            .filter(|b| !in_word(chars, k + b.text.chars().count() - 1, rules))
    };
    let mut best: Option<(usize, Option<&(String, f64)>)> = None;
    if let Some(b) = base_at(j) {
        best = Some((b.text.chars().count(), None));
    }
    for m in &rules.multipliers {
        // After a Chinese numeral, 十/百/千 belong to the numeral itself.
        if chinese && !(m.0.starts_with('万') || m.0.starts_with('亿')) {
            continue;
        }
        if starts_with_at(chars, j, &m.0) {
            let k = j + m.0.chars().count();
            let mut k2 = k;
            let mut inside2 = None;
            take_inside(&mut k2, &mut inside2);
            let blen = base_at(k2).map(|b| b.text.chars().count()).unwrap_or(0);
            let len = m.0.chars().count() + (k2 - k) + blen;
            if best.is_none_or(|(l, _)| len > l) {
                best = Some((len, Some(m)));
            }
        }
    }
    let Some((_, mult)) = best else {
        return UnitMatch::bare(j, inside);
    };
    let mut k = j;
    if let Some(m) = mult {
        k += m.0.chars().count();
        take_inside(&mut k, &mut inside);
    }
    let base = base_at(k).map(|b| b.text.clone());
    if let Some(b) = &base {
        k += b.chars().count();
    }
    // 740元/月, 30万吨/日: a rate.
    let per = base
        .as_ref()
        .filter(|_| chars.get(k) == Some(&'/'))
        .and_then(|_| rules.rate_per.at(chars, k + 1))
        .map(|w| format!("/{w}"));
    if let Some(p) = &per {
        k += p.chars().count();
    }
    // A bare 十, 百 or 千 is not a unit (500千伏 is a voltage class, not 500千),
    // nor is a bare 兆, but before the rest of the amount (2兆9,645亿元).
    let heads_compound = chars.get(k).is_some_and(|c| c.is_ascii_digit());
    let bare = |m: &(String, f64)| !(m.0.contains(['万', '亿']) || m.0 == "兆" && heads_compound);
    if base.is_none() && mult.is_some_and(bare) {
        return UnitMatch::bare(j, inside);
    }
    // 多/几 with nothing after them is not a marker (三个多 is rare; 十多 is).
    if base.is_none() && mult.is_none() && inside.as_deref().is_some_and(|w| w != "余") {
        return UnitMatch::bare(i, None);
    }
    UnitMatch {
        end: k,
        multiplier: mult.cloned(),
        inside,
        base,
        per,
        special: None,
        extra: None,
    }
}

/// Whether one of the words a unit's last character can open (方面, 家庭)
/// stands at `i`.
fn in_word(chars: &[char], i: usize, rules: &Rules) -> bool {
    rules
        .skip
        .unit_in_words
        .iter()
        .any(|w| starts_with_at(chars, i, w))
}

/// The rest of an amount written in two multipliers' places — 1亿2000万人,
/// 1万2千人 (a smaller multiplier after the first), 3萬6,394美元 (four digits
/// after a bare 万, as Hong Kong and Taiwan write it) — as a count of the
/// second place's units, how many of them make one of the first's, and the
/// unit read after it. Four digits are asked after a bare 万 so that
/// 40万3岁以下 stays two numerals.
fn compound_rest(
    chars: &[char],
    u: &UnitMatch,
    rules: &Rules,
    chinese: bool,
) -> Option<(f64, f64, UnitMatch)> {
    let (_, first) = u.multiplier.as_ref()?;
    if u.base.is_some() || u.inside.is_some() {
        return None;
    }
    if chinese {
        return chinese_compound_rest(chars, u, rules, *first);
    }
    if !chars.get(u.end)?.is_ascii_digit() {
        return None;
    }
    let (v, e) = arabic_at(chars, u.end)?;
    let rest = unit_at(chars, e, rules, false);
    let digits = chars[u.end..e]
        .iter()
        .filter(|c| c.is_ascii_digit())
        .count();
    let second = match &rest.multiplier {
        Some((_, f)) => *f,
        None if *first == 1e4 && digits == 4 && rest.base.is_some() => 1.0,
        None => return None,
    };
    joined(v, *first, second, u, rest)
}

/// [`compound_rest`] in Chinese numerals: 四万五千户, 一亿二千万人. The second
/// place is a whole numeral with a place word (五千, 三百二十), so that
/// 三万一批 and the colloquial 四万五 stay apart.
fn chinese_compound_rest(
    chars: &[char],
    u: &UnitMatch,
    rules: &Rules,
    first: f64,
) -> Option<(f64, f64, UnitMatch)> {
    let (v, e) = chinese_at(chars, u.end)?;
    let placed = chars[u.end..e]
        .iter()
        .any(|c| matches!(c, '十' | '百' | '千'));
    if !placed {
        return None;
    }
    let rest = unit_at(chars, e, rules, true);
    let second = rest.multiplier.as_ref().map_or(1.0, |(_, f)| *f);
    joined(v, first, second, u, rest)
}

/// The second place's count `v` and the unit after it, when it fits below
/// the first place (`first`, `second`: each place's multiplier).
fn joined(
    v: f64,
    first: f64,
    second: f64,
    u: &UnitMatch,
    rest: UnitMatch,
) -> Option<(f64, f64, UnitMatch)> {
    let per_first = first / second;
    let fits = second < first && v < per_first && v.fract() == 0.0;
    (fits && rest.special.is_none() && rest.extra.is_none()).then(|| {
        let unit = UnitMatch {
            multiplier: u.multiplier.clone(),
            ..rest
        };
        (v, per_first, unit)
    })
}

/// A minus sign right before the number at `i` (人口自然增长率-2.23‰,
/// 增长-3.5%), not a hyphen between numbers (1-8月) or codes (G-3), nor a
/// dash (----2025年).
fn minus_sign_before(chars: &[char], i: usize) -> bool {
    i > 0
        && matches!(chars[i - 1], '-' | '−')
        && (i < 2
            || !(chars[i - 2].is_ascii_alphanumeric() || matches!(chars[i - 2], '.' | '%' | '-')))
}

/// `value × factor` without the product's binary noise (32.8 × 10⁸ is
/// 3279999999.9999995 in floating point): rounded to 15 significant digits,
/// more than any written figure has.
pub fn scaled(value: f64, factor: f64) -> f64 {
    let x = value * factor;
    if factor == 1.0 || x == 0.0 || !x.is_finite() {
        return x;
    }
    format!("{x:.14e}").parse().unwrap_or(x)
}

const RANGE_SEPARATORS: [char; 8] = ['-', '~', '～', '—', '–', '至', '到', '－'];

/// Finds every numeral in `chars[from..to]`.
pub fn scan(chars: &[char], from: usize, to: usize, rules: &Rules) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut i = from;
    // The characters a rank word opens with: rank words are tried only there.
    let rank_openers: Vec<char> = rules
        .cues
        .rank_words
        .iter()
        .filter_map(|w| w.text.chars().next())
        .collect();
    while i < to {
        let may_rank =
            rank_openers.contains(&chars[i]) || rank_openers.len() < rules.cues.rank_words.len();
        if let Some(q) = may_rank.then(|| rank_word_at(chars, i, rules)).flatten() {
            i = q.end;
            out.push(q);
            continue;
        }
        if let Some(q) = bare_amount_at(chars, i, from, to, rules) {
            i = q.end;
            out.push(q);
            continue;
        }
        let c = chars[i];
        let starts_numeral = c.is_ascii_digit() && (i == from || !chars[i - 1].is_ascii_digit())
            || is_cn_numeral(c) && (i == from || !is_cn_numeral(chars[i - 1]));
        if !starts_numeral {
            i += 1;
            continue;
        }
        match quantity_at(chars, i, to, rules) {
            Some(q) => {
                i = q.end.max(i + 1);
                out.push(q);
            }
            None => {
                // A Chinese run that is not a quantity: skip the run.
                while i < to && is_cn_numeral(chars[i]) {
                    i += 1;
                }
                if i < to && chars[i].is_ascii_digit() {
                    continue;
                }
            }
        }
    }
    share_list_units(chars, &mut out);
    out
}

/// 分别提高11.1、11.2个百分点, 分别为12、8所, 分别高于全省2.2个和3.7个百分点:
/// a unit written once, after a list's last number, is every number's. The
/// list's numbers are written in digits and stand right next to each other
/// (a 、 or 和 between); ranks (第1、2名) and Chinese numerals (一、二产业) are
/// no such lists.
fn share_list_units(chars: &[char], out: &mut [Quantity]) {
    for k in (0..out.len().saturating_sub(1)).rev() {
        let (head, tail) = out.split_at_mut(k + 1);
        let (q, next) = (&mut head[k], &tail[0]);
        let joined = matches!(chars.get(q.end), Some('、' | '和')) && next.start == q.end + 1;
        let plain = |q: &Quantity| {
            !q.chinese && !q.rank_word && q.prefix.is_none() && q.rank_suffix.is_none()
        };
        if !joined || !plain(q) || !plain(next) || !next.has_unit() {
            continue;
        }
        // (2.2个和3.7个百分点: the first number's 个 is the points' 个.)
        let points_cut_short = q.base.as_deref() == Some("个")
            && q.multiplier.is_none()
            && q.special.is_none()
            && next.is_points();
        if q.has_unit() && !points_cut_short {
            continue;
        }
        q.multiplier.clone_from(&next.multiplier);
        q.base.clone_from(&next.base);
        q.per.clone_from(&next.per);
        q.special.clone_from(&next.special);
        q.extra_unit.clone_from(&next.extra_unit);
    }
}

/// 重回万亿元规模, 超亿元: a multiplier with no numeral, right after a word of
/// reaching a level (`[cues] bare_amount_verbs`), is one of its unit.
fn bare_amount_at(
    chars: &[char],
    i: usize,
    from: usize,
    to: usize,
    rules: &Rules,
) -> Option<Quantity> {
    if !matches!(chars[i], '万' | '亿') || i == from {
        return None;
    }
    let before = chars[i - 1];
    if before.is_ascii_digit() || is_cn_numeral(before) || matches!(before, '余' | '多' | '几') {
        return None;
    }
    rules
        .cues
        .bare_amount_verbs
        .iter()
        .find(|w| crate::text::ends_with_at(chars, i, w))?;
    let u = unit_at(&chars[..to], i, rules, true);
    // 万 alone is too often a word's or a place's (成达万高铁); 万亿, 亿 or a unit after it.
    let (multiplier, _) = u.multiplier.as_ref()?;
    if u.base.is_none() && !multiplier.contains('亿') {
        return None;
    }
    Some(Quantity {
        multiplier: u.multiplier,
        base: u.base,
        ..Quantity::word(i, u.end, i, 1.0)
    })
}

fn rank_word_at(chars: &[char], i: usize, rules: &Rules) -> Option<Quantity> {
    let w = rules
        .cues
        .rank_words
        .iter()
        .find(|w| starts_with_at(chars, i, &w.text))?;
    // 第一 is read by the number grammar (with its prefix); only whole words here.
    if w.text.chars().any(is_cn_numeral) {
        return None;
    }
    let end = i + w.text.chars().count();
    Some(Quantity {
        rank_word: true,
        ..Quantity::word(i, end, end, w.value as f64)
    })
}

fn quantity_at(chars: &[char], i: usize, to: usize, rules: &Rules) -> Option<Quantity> {
    let chars_to = &chars[..to];
    let (value, num_end, chinese) = number_at(chars_to, i)?;
    let mut start = i;
    let mut prefix = None;
    for p in ["百分之", "千分之"] {
        let n = p.chars().count();
        if i >= n && crate::text::ends_with_at(chars, i, p) {
            start = i - n;
            prefix = Some(p.to_string());
        }
    }
    if prefix.is_none() && i > 0 {
        if let Some(p) = rules
            .cues
            .rank_prefixes
            .iter()
            .find(|p| crate::text::ends_with_at(chars, i, p))
        {
            start = i - p.chars().count();
            prefix = Some(p.clone());
        }
    }
    let mut u = unit_at(chars_to, num_end, rules, chinese);
    let mut value = value;
    if let Some((rest, per_first, unit)) = compound_rest(chars_to, &u, rules, chinese) {
        value = (value * per_first + rest) / per_first;
        u = unit;
    }
    // 七成半, 一倍半: and a half of the tenth or the multiple, when 半 ends the phrase.
    let halved = (u.special.as_ref())
        .is_some_and(|(s, _)| ends_tenth_or_multiple(chars_to, s, u.end, '半'))
        && u.inside.is_none();
    if halved {
        value += 0.5;
        u.end += 1;
    }
    // A measured figure only (歼-35A names a plane).
    if prefix.is_none() && !chinese && u.has_unit() && minus_sign_before(chars, i) {
        start = i - 1;
        value = -value;
    }
    let mut value_max = None;
    // A range: 6-8家, 3至4倍, 20—30万, 3%-5%.
    if let Some(&sep) = chars_to.get(u.end) {
        if RANGE_SEPARATORS.contains(&sep) && u.end + 1 < to {
            if let Some((v2, e2, c2)) = number_at(chars_to, u.end + 1) {
                let u2 = unit_at(chars_to, e2, rules, c2);
                let same_unit = !u.has_unit() || (u.base == u2.base && u.special == u2.special);
                // 590亿至610亿美元: a multiplier alone takes the unit the second writes.
                let unit_written_once = u.base.is_none()
                    && u.special.is_none()
                    && u.extra.is_none()
                    && u.multiplier.is_some()
                    && u.multiplier == u2.multiplier;
                if (same_unit || unit_written_once) && v2 > value {
                    value_max = Some(v2);
                    if u.has_unit() && !unit_written_once {
                        u.end = u2.end;
                    } else {
                        u = u2;
                    }
                }
            }
        }
    }
    let mut end = u.end.max(num_end);
    let mut special = u.special.clone();
    if let Some(p) = &prefix {
        if p == "百分之" {
            special = Some(("%".to_string(), SpecialKind::Percent));
        } else if p == "千分之" {
            special = Some(("‰".to_string(), SpecialKind::Permille));
        }
    }
    let mut rank_suffix = None;
    let ranked = prefix.as_deref().is_some_and(|p| p == "第" || p == "前");
    if value_max.is_none() && (!u.has_unit() || ranked && u.base.as_deref() == Some("名")) {
        let next = chars_to.get(num_end).copied();
        if matches!(next, Some('强' | '位')) || ranked && next == Some('名') {
            rank_suffix = next.map(String::from);
            end = num_end + 1;
        }
    }
    Some(Quantity {
        start,
        end,
        num_start: i,
        num_end,
        value,
        value_max,
        multiplier: u.multiplier,
        base: if rank_suffix.is_some() { None } else { u.base },
        per: u.per,
        special,
        extra_unit: u.extra,
        inside_qualifier: u.inside,
        prefix,
        rank_suffix,
        chinese,
        rank_word: false,
    })
}

impl UnitMatch {
    /// No unit: the number ends at `end` (with a 余/多 marker when `inside`).
    fn bare(end: usize, inside: Option<String>) -> UnitMatch {
        UnitMatch {
            end,
            multiplier: None,
            inside,
            base: None,
            per: None,
            special: None,
            extra: None,
        }
    }

    fn has_unit(&self) -> bool {
        self.base.is_some()
            || self.special.is_some()
            || self.multiplier.is_some()
            || self.extra.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Quantity {
        let chars: Vec<char> = text.chars().collect();
        let r = Rules::embedded();
        let mut q = scan(&chars, 0, chars.len(), &r);
        assert_eq!(q.len(), 1, "{text}: {q:?}");
        q.remove(0)
    }

    #[test]
    fn arabic_with_units() {
        let q = one("旅客吞吐量2535.8万人次");
        assert_eq!(
            (q.value, q.unit().unwrap().as_str(), q.factor()),
            (2535.8, "万人次", 1e4)
        );
        let q = one("签约额1,234亿元");
        assert_eq!((q.value, q.unit().unwrap().as_str()), (1234.0, "亿元"));
        let q = one("养老床位6.4万余张");
        assert_eq!(
            (
                q.value,
                q.unit().unwrap().as_str(),
                q.inside_qualifier.as_deref()
            ),
            (6.4, "万张", Some("余"))
        );
        let q = one("装机120万千瓦");
        assert_eq!(q.unit().unwrap(), "万千瓦");
        let q = one("增长7.4%");
        assert_eq!((q.value, q.unit().unwrap().as_str()), (7.4, "%"));
        let q = one("提高1.5个百分点");
        assert_eq!(q.unit().unwrap(), "个百分点");
        // Thousands set off by spaces, as communiqués print them; not the
        // numbers of a plain-text table row.
        let q = one("地区生产总值12 345.6亿元");
        assert_eq!((q.value, q.start, q.end), (12345.6, 6, 16));
        assert_eq!(one("人口1 234 567人").value, 1234567.0);
        let chars: Vec<char> = "合计 12 345 678".chars().collect();
        assert_eq!(scan(&chars, 0, chars.len(), &Rules::embedded()).len(), 3);
        // A minus sign before the figure, not a hyphen between numbers.
        let q = one("人口自然增长率-2.23‰");
        assert_eq!((q.value, q.start), (-2.23, 7));
        // The sign of an amount in two places is the whole amount's.
        assert_eq!(one("财政结余-1亿2000万元").value, -1.2);
        let rules = Rules::embedded();
        let chars: Vec<char> = "1-8月增长5%".chars().collect();
        let q = scan(&chars, 0, chars.len(), &rules);
        assert!(q.iter().all(|q| q.value > 0.0), "{q:?}");
        // Rates: a base counted per something, after a slash.
        let q = one("低保标准提高到740元/月");
        assert_eq!((q.value, q.unit().unwrap().as_str()), (740.0, "元/月"));
        assert_eq!(
            (q.base_unit().unwrap().as_str(), q.factor()),
            ("元/月", 1.0)
        );
        let q = one("污水处理能力30万吨/日");
        assert_eq!(q.unit().unwrap(), "万吨/日");
        assert_eq!(one("年均浓度30微克/立方米").unit().unwrap(), "微克/立方米");
    }

    #[test]
    fn amounts_in_two_places() {
        let q = one("常住人口1亿2000万人");
        assert_eq!((q.value, q.unit().unwrap().as_str()), (1.2, "亿人"));
        let q = one("收入2亿3,000万元");
        assert_eq!((q.value, q.unit().unwrap().as_str()), (2.3, "亿元"));
        let q = one("人均3万6,394美元");
        assert_eq!((q.value, q.unit().unwrap().as_str()), (3.6394, "万美元"));
        assert_eq!((q.start, q.end), (2, 11));
        // Fewer than four digits after a bare 万 are a numeral of their own.
        let rules = Rules::embedded();
        let chars: Vec<char> = "托位40万3岁以下".chars().collect();
        assert_eq!(scan(&chars, 0, chars.len(), &rules).len(), 2);
        let q = one("幼儿约1万2千人");
        assert_eq!((q.value, q.unit().unwrap().as_str()), (1.2, "万人"));
    }

    #[test]
    fn scaled_values_have_no_binary_noise() {
        assert_eq!(32.8 * 1e8, 3279999999.9999995);
        assert_eq!(scaled(32.8, 1e8), 3280000000.0);
        assert_eq!(scaled(2535.8, 1e4), 25358000.0);
        assert_eq!(scaled(-8.0, 1.0), -8.0);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(
            chinese_value(&"三十五".chars().collect::<Vec<_>>()),
            Some(35.0)
        );
        assert_eq!(
            chinese_value(&"两千".chars().collect::<Vec<_>>()),
            Some(2000.0)
        );
        assert_eq!(
            chinese_value(&"一百二十".chars().collect::<Vec<_>>()),
            Some(120.0)
        );
        assert_eq!(chinese_value(&"十".chars().collect::<Vec<_>>()), Some(10.0));
        assert_eq!(
            chinese_value(&"二〇二四".chars().collect::<Vec<_>>()),
            Some(2024.0)
        );
        let q = one("吸引一百二十万人");
        assert_eq!((q.value, q.unit().unwrap().as_str()), (120.0, "万人"));
        let q = one("达到十几万人");
        assert_eq!(
            (
                q.value,
                q.unit().unwrap().as_str(),
                q.inside_qualifier.as_deref()
            ),
            (10.0, "万人", Some("几"))
        );
        let q = one("百分之五");
        assert_eq!((q.value, q.unit().unwrap().as_str()), (5.0, "%"));
        // A bare 十 after 百分之, or before a decimal point.
        let q = one("增长百分之十以上");
        assert_eq!((q.value, q.unit().unwrap().as_str()), (10.0, "%"));
        let q = one("达到十点三亿元");
        assert_eq!((q.value, q.unit().unwrap().as_str()), (10.3, "亿元"));
        let q = one("按月则下跌一成");
        assert_eq!((q.value, q.unit().unwrap().as_str()), (1.0, "成"));
        // And a half (七成半, 一倍半), not before a word (一倍半岛 is no such figure).
        let q = one("当中内地旅客佔约七成半。");
        assert_eq!(
            (q.value, q.unit().unwrap().as_str(), q.end - q.start),
            (7.5, "成", 3)
        );
        let q = one("增长一倍半,");
        assert_eq!((q.value, q.unit().unwrap().as_str()), (1.5, "倍"));
    }

    #[test]
    fn a_unit_written_once_is_every_list_numbers() {
        let units = |text: &str| {
            let chars: Vec<char> = text.chars().collect();
            let r = Rules::embedded();
            scan(&chars, 0, chars.len(), &r)
                .iter()
                .map(|q| q.unit().unwrap_or_default())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            units("分别提高11.1、11.2个百分点"),
            ["个百分点", "个百分点"]
        );
        assert_eq!(units("分别为12、8、3所"), ["所", "所", "所"]);
        assert_eq!(
            units("分别高于全省2.2个和3.7个百分点"),
            ["个百分点", "个百分点"]
        );
        // (Ranks and Chinese numerals are no such lists.)
        assert_eq!(units("第1、2名"), ["", "名"]);
        assert_eq!(units("一、二产业增加值5亿元"), ["", "亿元"]);
    }

    #[test]
    fn ranges_and_ranks() {
        let q = one("引进6-8家");
        assert_eq!(
            (q.value, q.value_max, q.unit().unwrap().as_str()),
            (6.0, Some(8.0), "家")
        );
        let q = one("是开工项目3至4倍");
        assert_eq!(
            (q.value, q.value_max, q.unit().unwrap().as_str()),
            (3.0, Some(4.0), "倍")
        );
        let q = one("介于590亿至610亿美元");
        assert_eq!(
            (q.value, q.value_max, q.unit().unwrap().as_str()),
            (590.0, Some(610.0), "亿美元")
        );
        let q = one("增长6～8%");
        assert_eq!((q.value, q.value_max), (6.0, Some(8.0)));
        let q = one("居全国第14位");
        assert_eq!(
            (q.value, q.prefix.as_deref(), q.rank_suffix.as_deref()),
            (14.0, Some("第"), Some("位"))
        );
        let q = one("货运机场40强");
        assert_eq!((q.value, q.rank_suffix.as_deref()), (40.0, Some("强")));
        let q = one("居首位");
        assert!(q.rank_word);
        let q = one("岁入编列2兆9,645亿元");
        assert_eq!((q.value, q.unit().unwrap().as_str()), (2.9645, "兆元"));
    }

    #[test]
    fn words_with_numeral_characters_are_not_numbers() {
        let chars: Vec<char> = "统一部署一体化千方百计".chars().collect();
        assert!(scan(&chars, 0, chars.len(), &Rules::embedded()).is_empty());
    }
}
