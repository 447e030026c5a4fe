//! Property tests (bounded fuzzing): clean → segment → extract on arbitrary
//! bytes and on strings built from the characters the stages care about.
//! Nothing panics, every offset is inside the text and on a character
//! boundary, and every record's offsets give back its `value_text`.

use std::sync::LazyLock;

use proptest::prelude::*;

use zhibiao::rules::Rules;
use zhibiao::stages::clean::{self, CleanConfig};
use zhibiao::stages::extract::{self, document::Doc};
use zhibiao::stages::segment::{self, SegmentConfig};
use zhibiao::stages::{decode, metadata};

/// Cases per property; the README's test command runs them all.
const CASES: u32 = 3000;

static RULES: LazyLock<Rules> = LazyLock::new(Rules::embedded);

fn check_bytes(bytes: &[u8], rules: &Rules) -> Result<usize, TestCaseError> {
    let Ok(decoded) = decode::decode(bytes) else {
        return Ok(0);
    };
    let cleaned = clean::clean(&decoded.text, &CleanConfig::default(), rules);
    prop_assert_eq!(cleaned.chars.len(), cleaned.text.chars().count());
    let segments = segment::segment(&cleaned.chars, &SegmentConfig::default(), rules);
    for s in &segments.sentences {
        prop_assert!(s.start <= s.end && s.end <= cleaned.chars.len());
    }
    let meta = metadata::read_meta(&cleaned, None, rules);
    let doc = Doc {
        doc_id: "fuzz",
        source_file: "fuzz.txt",
        decoded: &decoded,
        cleaned: &cleaned,
        segments: &segments,
        meta: &meta,
        rules,
    };
    let (records, skipped) = extract::extract(&doc);
    let raw: Vec<char> = decoded.text.chars().collect();
    for (s, e, bs, be, text) in records
        .iter()
        .map(|r| {
            (
                r.char_start,
                r.char_end,
                r.byte_start,
                r.byte_end,
                &r.value_text,
            )
        })
        .chain(
            skipped
                .iter()
                .map(|k| (k.char_start, k.char_end, k.byte_start, k.byte_end, &k.text)),
        )
    {
        prop_assert!(0 <= s && s < e && (e as usize) <= raw.len());
        prop_assert_eq!(
            &raw[s as usize..e as usize].iter().collect::<String>(),
            text
        );
        prop_assert!(0 <= bs && bs < be && (be as usize) <= bytes.len());
        let (bs, be) = (bs as usize, be as usize);
        prop_assert!(
            decoded.char_bytes.binary_search(&(bs as u32)).is_ok(),
            "byte_start {} not on a character boundary",
            bs
        );
        prop_assert!(
            decoded.char_bytes.binary_search(&(be as u32)).is_ok(),
            "byte_end {} not on a character boundary",
            be
        );
        if decoded.encoding.starts_with("utf-8") {
            prop_assert_eq!(
                std::str::from_utf8(&bytes[bs..be]).ok(),
                Some(text.as_str())
            );
        }
    }
    Ok(records.len())
}

/// Strings from the characters the stages look at: digits in both widths,
/// Chinese numerals, units, cue words, punctuation, HTML, Markdown, front
/// matter, page markers, datelines, spaces and line ends.
fn pipeline_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "0",
        "1",
        "7",
        "2024",
        ".",
        ",",
        "5",
        "８",
        "．",
        "％",
        "%",
        "-",
        "~",
        "至",
        "一",
        "两",
        "三",
        "十",
        "百",
        "千",
        "万",
        "亿",
        "元",
        "人次",
        "家",
        "个",
        "倍",
        "个百分点",
        "百分之",
        "第",
        "前",
        "强",
        "位",
        "余",
        "多",
        "几",
        "年",
        "月",
        "日",
        "季度",
        "上半年",
        "增长",
        "下降",
        "达到",
        "力争",
        "将",
        "以上",
        "左右",
        "近",
        "超",
        "约",
        "同比",
        "其中",
        "分别",
        "、",
        "。",
        ";",
        ":",
        "“",
        "”",
        "《",
        "》",
        "(",
        ")",
        " ",
        "\n",
        "\r\n",
        "\u{3000}",
        "<p>",
        "</p>",
        "&nbsp;",
        "&amp;",
        "&#39318;",
        "鄭",
        "萬",
        "億",
        "機場",
        "郑州市",
        "金水区",
        "科技城",
        "地区生产总值",
        "投资",
        "吞吐量",
        "一是",
        "上一版",
        "www.a.com",
        "---\n",
        "+++\n",
        "title: '",
        "date: Tue, 26 Apr 2022 05:13:25 GMT\n",
        "# ",
        "**",
        "__",
        "[",
        "](http://a.b)",
        "![",
        "<!-- Page 2 -->",
        "<table>",
        "</table>",
        "<tr>",
        "</tr>",
        "<td>",
        "</td>",
        "<th colspan=\"2\">",
        "<td rowspan=3>",
        "<caption>",
        "</caption>",
        "<thead>",
        "|",
        " | ",
        "|---|---|\n",
        "--- | ---\n",
        "比上年增长%",
        "单位:亿元",
        "(亿元)",
        "其中:城镇",
        "-",
        "<!--",
        "-->",
        "\u{c}",
        "新华社北京3月5日电",
        "——2016年2月19日在海拉尔区第十四届人民代表大会第五次会议上",
        "\u{feff}",
        "😀",
        "\u{0}",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_break_offsets(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check_bytes(&bytes, &RULES)?;
    }

    #[test]
    fn pipeline_text_never_breaks_offsets(text in pipeline_text()) {
        check_bytes(text.as_bytes(), &RULES)?;
    }

    #[test]
    fn gbk_text_never_breaks_offsets(text in pipeline_text()) {
        let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
        check_bytes(&bytes, &RULES)?;
    }
}

/// A Markdown table whose rows hold no cells once its page markers are
/// gone (found by `pipeline_text_never_breaks_offsets`: it panicked).
#[test]
fn table_without_cells() {
    let text = "上一版|---\n|---|---|\n|<!-- Page 2 --><!-- Page 2 -->";
    check_bytes(text.as_bytes(), &RULES).unwrap();
}
