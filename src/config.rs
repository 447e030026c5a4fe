//! `pipeline.toml`: a raw serde layer that rejects unknown keys and wrong
//! types (naming the key and its line), and a validated [`Pipeline`] with the
//! rules loaded and every regex compiled, so no stage fails on configuration
//! half-way through a run.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::rules::{Rules, UnitEntry};

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

/// `[input]`: where documents come from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InputConfig {
    /// Files or folders; folders are read recursively.
    pub paths: Vec<PathBuf>,
    /// File extensions read from folders (files named directly are always read).
    pub extensions: Vec<String>,
    /// Files larger than this are recorded as errors, not read.
    pub max_bytes: u64,
}

impl Default for InputConfig {
    fn default() -> Self {
        InputConfig {
            paths: vec![PathBuf::from("corpus")],
            extensions: vec!["txt".into(), "html".into(), "htm".into()],
            max_bytes: 20_000_000,
        }
    }
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

/// `[clean]`: what the clean stage does.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CleanConfig {
    pub strip_html: bool,
    pub drop_furniture: bool,
    pub repair_spaces: bool,
    pub join_broken_lines: bool,
    pub traditional_to_simplified: bool,
    /// More furniture line patterns (regexes), added to the rules'.
    pub extra_furniture: Vec<String>,
}

impl Default for CleanConfig {
    fn default() -> Self {
        CleanConfig {
            strip_html: true,
            drop_furniture: true,
            repair_spaces: true,
            join_broken_lines: true,
            traditional_to_simplified: true,
            extra_furniture: Vec::new(),
        }
    }
}

/// `[segment]`: how text is cut.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SegmentConfig {
    /// Lines up to this many characters, without sentence-final punctuation, are headings.
    pub max_heading_chars: usize,
}

impl Default for SegmentConfig {
    fn default() -> Self {
        SegmentConfig {
            max_heading_chars: 30,
        }
    }
}

/// `[extract]`: the rules the extractor uses.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExtractConfig {
    /// A rules file replacing the embedded defaults.
    pub rules_file: Option<PathBuf>,
    /// More units, added to the rules' lexicon.
    pub extra_units: Vec<UnitEntry>,
}

/// One declared data-quality rule.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleDecl {
    pub name: String,
    pub severity: Severity,
    pub message: String,
    /// A polars SQL predicate over the `indicators` table; rows where it holds are findings.
    pub when: String,
}

/// How bad a finding is: an error keeps the record out of `indicators`.
#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// `[validate]`: data-quality rules.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ValidateConfig {
    /// Use the embedded default rules (before `rules`).
    pub default_rules: bool,
    /// Rules added by the user.
    pub rules: Vec<RuleDecl>,
}

impl Default for ValidateConfig {
    fn default() -> Self {
        ValidateConfig {
            default_rules: true,
            rules: Vec::new(),
        }
    }
}

/// `[export]`: output formats.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExportConfig {
    pub parquet: bool,
    pub csv: bool,
    /// Rows per Parquet row group.
    pub row_group_size: usize,
}

impl Default for ExportConfig {
    fn default() -> Self {
        ExportConfig {
            parquet: true,
            csv: true,
            row_group_size: 65_536,
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
        if raw.export.row_group_size == 0 {
            problems.push("key `export.row_group_size`: must be at least 1".to_string());
        }
        let mut quality_rules = if raw.validate.default_rules {
            crate::validate::default_rules()
        } else {
            Vec::new()
        };
        for (i, r) in raw.validate.rules.iter().enumerate() {
            if let Err(e) = crate::validate::check_rule_syntax(r) {
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
        let config_hash = crate::util::sha256_hex(
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
