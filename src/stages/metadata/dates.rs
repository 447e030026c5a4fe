//! Dates as documents write them: the timestamps of front matter and
//! `<meta>` tags (ISO 8601 `2019-02-27`, `2022-04-26T13:13:25+08:00`, RFC 2822
//! `Tue, 26 Apr 2022 05:13:25 GMT`), and dates inside a line of text
//! (`2024-09-19`, `2023年03月04日`). A timestamp with a time zone is read in
//! local time, so a story filed at 20:00 GMT is dated the next day in Beijing.

use std::sync::LazyLock;

use regex::Regex;

static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(19|20)(\d\d)(?:-(\d{1,2})-(\d{1,2})|/(\d{1,2})/(\d{1,2})|年(\d{1,2})月(\d{1,2})日|年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日)",
    )
    .unwrap()
});
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^((?:19|20)\d\d)(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?",
        r"(?:[T\s]+(\d{1,2}):(\d\d)(?::\d\d(?:\.\d+)?)?\s*(Z|GMT|UTC|[+-]\d\d:?\d\d)?)?$",
    ))
    .unwrap()
});
static RFC2822: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+((?:19|20)\d\d)",
        r"(?:\s+(\d{1,2}):(\d\d)(?::\d\d)?\s*(Z|GMT|UTC|UT|[+-]\d\d:?\d\d)?)?\s*$",
    ))
    .unwrap()
});
const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
/// A date in English inside a line: `26 Apr 2022`, `Apr 26, 2022`, `April 26 2022`.
static ENGLISH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d\d)",
        r"|([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+((?:19|20)\d\d))\b",
    ))
    .unwrap()
});

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Day {
    y: i32,
    m: u32,
    d: u32,
}

fn days_in(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Day {
    fn new(y: i32, m: u32, d: u32) -> Option<Day> {
        ((1..=12).contains(&m) && (1..=days_in(y, m)).contains(&d)).then_some(Day { y, m, d })
    }

    fn plus(self, days: i32) -> Day {
        let mut t = self;
        for _ in 0..days.abs() {
            t = if days > 0 { t.next() } else { t.prev() };
        }
        t
    }

    fn next(self) -> Day {
        match (self.d < days_in(self.y, self.m), self.m < 12) {
            (true, _) => Day {
                d: self.d + 1,
                ..self
            },
            (false, true) => Day::new(self.y, self.m + 1, 1).unwrap(),
            (false, false) => Day::new(self.y + 1, 1, 1).unwrap(),
        }
    }

    fn prev(self) -> Day {
        match (self.d > 1, self.m > 1) {
            (true, _) => Day {
                d: self.d - 1,
                ..self
            },
            (false, true) => Day::new(self.y, self.m - 1, days_in(self.y, self.m - 1)).unwrap(),
            (false, false) => Day::new(self.y - 1, 12, 31).unwrap(),
        }
    }

    fn iso(self) -> String {
        format!("{}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

/// Minutes east of UTC of a zone as written (`GMT`, `Z`, `+0800`, `-05:00`).
fn zone_minutes(z: &str) -> Option<i32> {
    if matches!(z, "Z" | "GMT" | "UTC" | "UT") {
        return Some(0);
    }
    let sign = if z.starts_with('-') { -1 } else { 1 };
    let digits: String = z.chars().filter(char::is_ascii_digit).collect();
    let (h, m): (i32, i32) = (
        digits.get(..2)?.parse().ok()?,
        digits.get(2..)?.parse().ok()?,
    );
    Some(sign * (h * 60 + m))
}

/// The local day of `day` at `hh:mm` in zone `zone`, read at `local_hours` east of UTC.
fn local_day(day: Day, time: Option<(i32, i32)>, zone: Option<&str>, local_hours: i32) -> Day {
    let (Some((h, m)), Some(z)) = (time, zone.and_then(zone_minutes)) else {
        return day;
    };
    let minutes = h * 60 + m - z + local_hours * 60;
    day.plus(minutes.div_euclid(24 * 60))
}

/// A declared timestamp as `YYYY-MM-DD` (or `YYYY-MM`, `YYYY` when that is all it says).
pub fn stamp(value: &str, local_hours: i32) -> Option<String> {
    let v = value.trim().trim_matches(['"', '\'']).trim();
    let num = |c: &regex::Captures, i: usize| c.get(i).and_then(|m| m.as_str().parse::<i32>().ok());
    if let Some(c) = ISO.captures(v) {
        let y = num(&c, 1)?;
        let time = num(&c, 4).zip(num(&c, 5));
        return match (num(&c, 2), num(&c, 3)) {
            (Some(m), Some(d)) => {
                let day = Day::new(y, m as u32, d as u32)?;
                Some(local_day(day, time, c.get(6).map(|z| z.as_str()), local_hours).iso())
            }
            (Some(m), None) => (1..=12).contains(&m).then(|| format!("{y}-{m:02}")),
            _ => Some(y.to_string()),
        };
    }
    // (Else a date as a line writes it: April 18, 2023; 2023年4月18日.)
    let Some(c) = RFC2822.captures(v) else {
        return full_date_in(v);
    };
    let month = month_of(&c[2])?;
    let day = Day::new(num(&c, 3)?, month, num(&c, 1)? as u32)?;
    let time = num(&c, 4).zip(num(&c, 5));
    Some(local_day(day, time, c.get(6).map(|z| z.as_str()), local_hours).iso())
}

/// The first full date written in `line`: 2024-09-19, 2024/9/19, 2023年03月04日,
/// else one in English (Tue, 26 Apr 2022 05:13:25 GMT as a page prints its stamp).
pub fn full_date_in(line: &str) -> Option<String> {
    chinese_date_in(line).or_else(|| english_date_in(line))
}

/// The first date of `line` written in English, the month by its name.
fn english_date_in(line: &str) -> Option<String> {
    if !line.bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    ENGLISH_DATE.captures_iter(line).find_map(|c| {
        let (d, month, y) = match c.get(1) {
            Some(d) => (d.as_str(), &c[2], &c[3]),
            None => (&c[5], &c[4], &c[6]),
        };
        Day::new(y.parse().ok()?, month_of(month)?, d.parse().ok()?).map(Day::iso)
    })
}

/// The month `name` names: its English name or its first letters (Apr,
/// Sept), never another word (Market).
fn month_of(name: &str) -> Option<u32> {
    let name = name.to_ascii_lowercase();
    MONTH_NAMES
        .iter()
        .position(|m| m.starts_with(&name))
        .map(|i| i as u32 + 1)
}

/// The first date of `line` written in digits or Chinese numerals.
fn chinese_date_in(line: &str) -> Option<String> {
    FULL_DATE.captures_iter(line).find_map(|c| {
        let part = |a: usize| {
            c.get(a)
                .or(c.get(a + 2))
                .or(c.get(a + 4))
                .or(c.get(a + 6))
                .map(|m| m.as_str())
        };
        // 一月十五日: as a formal document dates itself (二〇二五年 read in digits by clean).
        let number = |s: &str| {
            let n = crate::stages::time::count(s)?;
            u32::try_from(n).ok()
        };
        let (m, d): (u32, u32) = (number(part(3)?)?, number(part(4)?)?);
        let y: i32 = format!("{}{}", &c[1], &c[2]).parse().ok()?;
        Day::new(y, m, d).map(Day::iso)
    })
}

/// `YYYY-MM-DD` of year `y`, month `m`, day `d`, when that day exists.
pub fn ymd(y: i32, m: u32, d: u32) -> Option<String> {
    Day::new(y, m, d).map(Day::iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_local_time() {
        assert_eq!(
            stamp("Tue, 26 Apr 2022 05:13:25 GMT", 8).unwrap(),
            "2022-04-26"
        );
        assert_eq!(
            stamp("Tue, 26 Apr 2022 20:13:25 +0000", 8).unwrap(),
            "2022-04-27"
        );
        assert_eq!(stamp("31 Dec 2021 23:00 -0500", 8).unwrap(), "2022-01-01");
        assert_eq!(stamp("\"2019-02-27\"", 8).unwrap(), "2019-02-27");
        assert_eq!(stamp("2019-02-27 22:44:26", 8).unwrap(), "2019-02-27");
        assert_eq!(stamp("2024-03-01T01:00:00+09:00", 8).unwrap(), "2024-03-01");
        assert_eq!(stamp("2024-03-01T01:00:00Z", 8).unwrap(), "2024-03-01");
        assert_eq!(stamp("2024-02-29T20:00:00Z", 8).unwrap(), "2024-03-01");
        assert_eq!(stamp("2024年3月5日", 8).unwrap(), "2024-03-05");
        assert_eq!(stamp("2024-03", 8).unwrap(), "2024-03");
        assert_eq!(stamp("March 5, 2024", 8).unwrap(), "2024-03-05");
        assert_eq!(stamp("2024/3/5 10:20", 8).unwrap(), "2024-03-05");
        assert_eq!(stamp("2024-02-30", 8), None);
        assert_eq!(stamp("yesterday", 8), None);
    }

    #[test]
    fn english_dates_in_lines() {
        assert_eq!(
            full_date_in("Tue, 26 Apr 2022 05:13:25 GMT  来源:新闻网").as_deref(),
            Some("2022-04-26")
        );
        assert_eq!(
            full_date_in("发布于 March 5, 2024").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(full_date_in("Sept 30 2023").as_deref(), Some("2023-09-30"));
        // A word that is no month, and a day that does not exist.
        assert_eq!(full_date_in("Top 10 2024"), None);
        assert_eq!(full_date_in("Market 5 2024"), None);
        assert_eq!(full_date_in("31 Feb 2024"), None);
    }

    #[test]
    fn dates_in_lines() {
        assert_eq!(
            full_date_in("2024-09-19 来源: 郑州晚报").unwrap(),
            "2024-09-19"
        );
        assert_eq!(full_date_in("2023年03月04日12:06").unwrap(), "2023-03-04");
        assert_eq!(full_date_in("2023年13月04日"), None);
        // A formal document's date, its year read in digits by clean.
        assert_eq!(
            full_date_in("——2025年一月十五日在某市人民代表大会上").unwrap(),
            "2025-01-15"
        );
        assert_eq!(full_date_in("2024年十二月二十六日").unwrap(), "2024-12-26");
        assert_eq!(full_date_in("2024年二月三十日"), None);
    }
}
