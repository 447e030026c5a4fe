//! `pipeline.toml`: a raw serde layer that rejects unknown keys and wrong
//! types (naming the key and its line), and a validated [`Pipeline`] with the
//! rules loaded and every regex compiled, so no stage fails on configuration
//! half-way through a run.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use anyhow::Result;

use crate::input::InputConfig;
use crate::rules::lexicon::Lexicon;
use crate::rules::quality::{default_rules, RuleDecl};
use crate::rules::Rules;
use crate::stages::clean::CleanConfig;
use crate::stages::export::ExportConfig;
use crate::stages::extract::ExtractConfig;
use crate::stages::segment::SegmentConfig;
use crate::stages::validate::quality::check_rule_syntax;
use crate::stages::validate::ValidateConfig;

/// A configuration problem, with the key it concerns.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ConfigError {
    /// The configuration file (or `<defaults>`).
    pub file: String,
    /// What is wrong, naming the key (and the line when the parser knows it).
    pub message: String,
}

/// The file as written. Every section and key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawConfig {
    pub input: InputConfig,
    pub output: OutputConfig,
    pub clean: CleanConfig,
    pub segment: SegmentConfig,
    pub extract: ExtractConfig,
    pub validate: ValidateConfig,
    pub export: ExportConfig,
}

/// `[output]`: where the dataset goes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputConfig {
    pub dir: PathBuf,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: PathBuf::from("output"),
        }
    }
}

/// A checked configuration: paths resolved, rules loaded, regexes compiled.
#[derive(Debug)]
pub struct Pipeline {
    pub raw: RawConfig,
    /// The base folder relative paths are resolved against.
    pub base_dir: PathBuf,
    pub rules: Rules,
    /// A stable hash of the effective configuration and rules.
    pub config_hash: String,
    pub quality_rules: Vec<RuleDecl>,
}

impl RawConfig {
    /// Parses TOML text; `file` names the source in messages.
    pub fn parse(text: &str, file: &str) -> Result<RawConfig, ConfigError> {
        let de = toml::Deserializer::parse(text).map_err(|e| ConfigError {
            file: file.to_string(),
            message: describe_toml_error(text, &e, None),
        })?;
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            ConfigError {
                file: file.to_string(),
                message: describe_toml_error(text, e.inner(), Some(&path)),
            }
        })
    }
}

fn describe_toml_error(text: &str, e: &toml::de::Error, path: Option<&str>) -> String {
    let msg = e.message().trim().to_string();
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    let key = match path {
        Some(p) if !p.is_empty() && p != "." => format!("key `{p}`"),
        _ => "syntax".to_string(),
    };
    match line {
        Some(l) => format!("{key} (line {l}): {msg}"),
        None => format!("{key}: {msg}"),
    }
}

impl Pipeline {
    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Pipeline, ConfigError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: file.clone(),
            message: format!("cannot read the configuration: {e}"),
        })?;
        let raw = RawConfig::parse(&text, &file)?;
        let base = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Pipeline::from_raw(raw, base, &file)
    }

    /// The built-in configuration, relative to the current folder.
    pub fn defaults() -> Pipeline {
        Pipeline::from_raw(RawConfig::default(), PathBuf::from("."), "<defaults>")
            .expect("the embedded defaults are valid")
    }

    /// Checks a parsed configuration, collecting every problem before failing.
    pub fn from_raw(
        raw: RawConfig,
        base_dir: PathBuf,
        file: &str,
    ) -> Result<Pipeline, ConfigError> {
        let mut problems = Vec::new();
        let rules_result = match &raw.extract.rules_file {
            Some(p) => {
                let p = resolve(&base_dir, p);
                std::fs::read_to_string(&p)
                    .map_err(|e| {
                        format!("key `extract.rules_file`: cannot read {}: {e}", p.display())
                    })
                    .and_then(|t| {
                        Rules::parse(&t)
                            .map_err(|e| format!("key `extract.rules_file` ({}): {e}", p.display()))
                    })
            }
            None => Ok(Rules::embedded()),
        };
        let mut rules = match rules_result {
            Ok(r) => Some(r),
            Err(e) => {
                problems.push(e);
                None
            }
        };
        if let Some(rules) = rules.as_mut() {
            for (i, u) in raw.extract.extra_units.iter().enumerate() {
                if u.text.is_empty() {
                    problems.push(format!("key `extract.extra_units[{i}].text`: empty unit"));
                }
                rules.add_unit(u.clone());
            }
            problems.extend(load_lexicon(rules, &raw.extract, &base_dir));
            for (i, pat) in raw.clean.extra_furniture.iter().enumerate() {
                if let Err(e) = rules.add_furniture(pat) {
                    problems.push(format!(
                        "key `clean.extra_furniture[{i}]`: bad regex: {}",
                        one_line(&e.to_string())
                    ));
                }
            }
        }
        for (i, p) in raw.input.paths.iter().enumerate() {
            let full = resolve(&base_dir, p);
            if !full.exists() {
                problems.push(format!(
                    "key `input.paths[{i}]`: {} does not exist",
                    full.display()
                ));
            }
        }
        if raw.input.paths.is_empty() {
            problems.push("key `input.paths`: no input given".to_string());
        }
        if raw.export.report && !raw.export.parquet {
            problems.push(
                "key `export.report`: the report reads the dataset back from its Parquet tables; set `export.parquet = true`".to_string(),
            );
        }
        if raw.export.row_group_size == 0 {
            problems.push("key `export.row_group_size`: must be at least 1".to_string());
        }
        let mut quality_rules = if raw.validate.default_rules {
            default_rules()
        } else {
            Vec::new()
        };
        for (i, r) in raw.validate.rules.iter().enumerate() {
            if let Err(e) = check_rule_syntax(r) {
                problems.push(format!(
                    "key `validate.rules[{i}].when`: {}",
                    e.lines().next().unwrap_or("")
                ));
            }
            if quality_rules.iter().any(|q| q.name == r.name) {
                problems.push(format!(
                    "key `validate.rules[{i}].name`: rule `{}` is defined twice",
                    r.name
                ));
            }
            quality_rules.push(r.clone());
        }
        if !problems.is_empty() {
            return Err(ConfigError {
                file: file.to_string(),
                message: problems.join("\n"),
            });
        }
        let rules = rules.expect("rules loaded when there are no problems");
        let config_hash = crate::text::sha256_hex(
            format!(
                "{:?}|{}|{:?}",
                raw_for_hash(&raw),
                rules.fingerprint(),
                quality_rules
            )
            .as_bytes(),
        );
        Ok(Pipeline {
            raw,
            base_dir,
            rules,
            config_hash: config_hash[..16].to_string(),
            quality_rules,
        })
    }

    /// Input paths, resolved against the configuration's folder.
    pub fn input_paths(&self) -> Vec<PathBuf> {
        self.raw
            .input
            .paths
            .iter()
            .map(|p| resolve(&self.base_dir, p))
            .collect()
    }

    /// The output folder, resolved against the configuration's folder.
    pub fn output_dir(&self) -> PathBuf {
        resolve(&self.base_dir, &self.raw.output.dir)
    }
}

/// The lexicon of canonical indicators: `extract.indicators_file` replaces
/// the embedded one, `extract.extra_indicators` extends it; then every unit
/// family must be a unit category of the rules. Returns the problems.
fn load_lexicon(rules: &mut Rules, extract: &ExtractConfig, base_dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(p) = &extract.indicators_file {
        let p = resolve(base_dir, p);
        let key = format!("key `extract.indicators_file` ({})", p.display());
        match std::fs::read_to_string(&p) {
            Ok(text) => match Lexicon::parse(&text) {
                Ok(lexicon) => rules.lexicon = lexicon,
                Err(e) => problems.push(format!("{key}: {e}")),
            },
            Err(e) => problems.push(format!("{key}: cannot read: {e}")),
        }
    }
    for (i, entry) in extract.extra_indicators.iter().enumerate() {
        let families = entry
            .unit_family
            .as_ref()
            .map(|f| f.to_vec())
            .unwrap_or_default();
        if let Some(f) = families.iter().find(|f| !rules.is_unit_family(f)) {
            problems.push(format!(
                "key `extract.extra_indicators[{i}].unit_family`: `{f}` is not a unit category (money, people, count, …, percent, index, any)"
            ));
        } else if let Err((key, e)) = rules.lexicon.extend(entry) {
            problems.push(format!("key `extract.extra_indicators[{i}]{key}`: {e}"));
        }
    }
    if problems.is_empty() {
        let key = match (
            &extract.indicators_file,
            extract.extra_indicators.is_empty(),
        ) {
            (_, false) => "extract.extra_indicators",
            (Some(_), true) => "extract.indicators_file",
            (None, true) => "extract.rules_file",
        };
        problems.extend(
            rules
                .lexicon_unit_problems()
                .into_iter()
                .map(|p| format!("key `{key}`: {p}")),
        );
    }
    problems
}

/// Loads the configuration named on the command line, or the default one.
pub fn load_config(
    config: Option<&Path>,
    input: &[PathBuf],
    output: Option<&Path>,
) -> Result<Pipeline> {
    let (mut raw, base, file) = match config {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| {
                anyhow::anyhow!("{}: cannot read the configuration: {e}", p.display())
            })?;
            let base = p.parent().map(Path::to_path_buf).unwrap_or_default();
            (
                RawConfig::parse(&text, &p.display().to_string())?,
                base,
                p.display().to_string(),
            )
        }
        None if Path::new("pipeline.toml").exists() => {
            let text = std::fs::read_to_string("pipeline.toml")?;
            (
                RawConfig::parse(&text, "pipeline.toml")?,
                PathBuf::new(),
                "pipeline.toml".to_string(),
            )
        }
        None => (
            RawConfig::default(),
            PathBuf::new(),
            "<defaults>".to_string(),
        ),
    };
    let cwd = std::env::current_dir()?;
    if !input.is_empty() {
        raw.input.paths = input.iter().map(|p| cwd.join(p)).collect();
    }
    if let Some(o) = output {
        raw.output.dir = cwd.join(o);
    }
    Ok(Pipeline::from_raw(raw, base, &file)?)
}

/// The parts of the configuration that change the data (not where it is read or written).
fn raw_for_hash(raw: &RawConfig) -> String {
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}",
        raw.clean, raw.segment, raw.extract.extra_units, raw.input.max_bytes, raw.validate
    )
}

/// A multi-line message (a regex error draws a caret) on one line: its last line.
fn one_line(msg: &str) -> String {
    msg.lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty() && *l != "^")
        .unwrap_or("")
        .to_string()
}

fn resolve(base: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() || base.as_os_str().is_empty() {
        p.to_path_buf()
    } else {
        base.join(p)
    }
}
