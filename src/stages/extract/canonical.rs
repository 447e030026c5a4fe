//! Canonical indicators: gives a record the `indicator_code` and
//! `indicator_name` of the lexicon entry its free-text name stands for
//! (地区生产总值, 全省生产总值, GDP → `gdp`), when the record's kind is one
//! the code takes and, for a level, its unit is of the code's family, and,
//! for a change, the number is not a gap with another place (低于全国0.6个百分点).
//! Most records stay uncoded: the lexicon is built for precision.

use crate::dataset::rows::Record;
use crate::rules::lexicon::{fold, Indicator, Via};
use crate::rules::Rules;

/// Why a record got its code, or why a known name did not.
#[derive(Debug, Clone)]
pub enum Decision<'a> {
    Coded(&'a Indicator, Via),
    /// The name is the code's, the record's kind is not one it takes.
    WrongKind(&'a Indicator),
    /// The name is the code's, the level's unit is of another family, or
    /// the change is in 个百分点 of an amount (a gap between growth rates).
    WrongUnit(&'a Indicator, String),
    /// The name is the code's, the change follows a comparison with another
    /// place (the cue): a gap between the two, not the indicator's change.
    Gap(&'a Indicator, String),
    Unknown,
}

/// The lexicon's decision for a name, kind and normalised unit.
pub fn decide<'a>(
    rules: &'a Rules,
    name: Option<&str>,
    kind: &str,
    unit_normalized: Option<&str>,
) -> Decision<'a> {
    let Some((ind, via)) = name.and_then(|n| rules.lexicon.lookup(n)) else {
        return Decision::Unknown;
    };
    if !ind.kinds.iter().any(|k| k == kind) {
        return Decision::WrongKind(ind);
    }
    let category = unit_normalized.and_then(|u| rules.unit_category(u));
    // 个百分点 is the change of a rate (失业率下降0.2个百分点); for an amount
    // it is a gap between growth rates (高于全国0.7个百分点), not its growth.
    if kind == "change"
        && category == Some("points")
        && !ind.unit_families.iter().any(|f| f == "percent")
    {
        return Decision::WrongUnit(ind, "points".into());
    }
    if kind == "level" && !ind.unit_families.iter().any(|f| f == "any") {
        if let Some(c) = category.filter(|c| !ind.unit_families.iter().any(|f| f == c)) {
            return Decision::WrongUnit(ind, c.to_string());
        }
    }
    Decision::Coded(ind, via)
}

/// Codes every record, and says why in its evidence when the name is known.
pub fn assign(records: &mut [Record], rules: &Rules) {
    for r in records {
        let decision = match decide(
            rules,
            r.indicator.as_deref(),
            &r.kind,
            r.unit_normalized.as_deref(),
        ) {
            Decision::Coded(ind, _) if r.kind == "change" && gap_cue(r, rules).is_some() => {
                Decision::Gap(ind, gap_cue(r, rules).unwrap_or_default())
            }
            d => d,
        };
        let why = match &decision {
            Decision::Coded(ind, Via::Form) => format!("{} (a form)", ind.code),
            Decision::Coded(ind, Via::Pattern) => format!("{} (a pattern)", ind.code),
            Decision::WrongKind(ind) => {
                format!("none ({} does not take kind {})", ind.code, r.kind)
            }
            Decision::WrongUnit(ind, c) => format!(
                "none ({} is {}, the unit is {c})",
                ind.code,
                ind.unit_families.join(" or ")
            ),
            Decision::Gap(ind, cue) => {
                format!("none (a gap after {cue}, not {}'s change)", ind.code)
            }
            Decision::Unknown => continue,
        };
        if let Decision::Coded(ind, _) = decision {
            r.indicator_code = Some(ind.code.clone());
            r.indicator_name = Some(ind.name.clone());
        }
        r.evidence.push_str(&format!("; indicator_code={why}"));
    }
}

/// The comparison with another place right before the record's number in
/// its sentence (低于全国), when there is one. The number is looked up by its
/// text; a number written twice in the sentence is a gap if either is.
fn gap_cue(r: &Record, rules: &Rules) -> Option<String> {
    let value = fold(&r.value_text);
    if value.is_empty() {
        return None;
    }
    r.sentence
        .match_indices(value.as_str())
        .find_map(|(at, _)| rules.lexicon.gap_cue(&r.sentence[..at]))
        .map(str::to_string)
}
