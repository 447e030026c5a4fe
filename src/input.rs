//! Finding the input documents: the `[input]` configuration and the walk
//! over its files and folders, sorted so that runs are deterministic.

use std::path::{Path, PathBuf};

use serde::Deserialize;

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
    /// Names (without extension, any case) of files that document a folder
    /// rather than being documents (README.md): listed as skipped.
    pub skip_names: Vec<String>,
}

impl Default for InputConfig {
    fn default() -> Self {
        InputConfig {
            paths: vec![PathBuf::from("corpus")],
            extensions: vec![
                "txt".into(),
                "html".into(),
                "htm".into(),
                "md".into(),
                "markdown".into(),
            ],
            max_bytes: 20_000_000,
            skip_names: vec!["README".into(), "LICENSE".into(), "CHANGELOG".into()],
        }
    }
}

impl InputConfig {
    /// True when `path` is a folder's documentation (README.md), not a document.
    pub fn is_skipped_name(&self, path: &Path) -> bool {
        path.file_stem()
            .and_then(|s| s.to_str())
            .is_some_and(|s| self.skip_names.iter().any(|n| n.eq_ignore_ascii_case(s)))
    }
}

/// An input file found under the configured paths.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    /// Path relative to the input root, without extension: the document id.
    pub doc_id: String,
    /// Whether its extension is one the configuration reads.
    pub readable: bool,
}

/// Lists the input files under `paths`, sorted, so runs are deterministic.
pub fn discover(paths: &[PathBuf], extensions: &[String]) -> Vec<InputFile> {
    let mut out = Vec::new();
    for root in paths {
        if root.is_dir() {
            let mut files = Vec::new();
            walk(root, &mut files);
            files.sort();
            for f in files {
                let rel = f.strip_prefix(root).unwrap_or(&f).to_path_buf();
                if rel.to_string_lossy().ends_with(".meta.toml")
                    || rel
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                {
                    continue;
                }
                let readable = f
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
                out.push(InputFile {
                    doc_id: doc_id_of(&rel),
                    path: f,
                    readable,
                });
            }
        } else {
            let name = PathBuf::from(root.file_name().unwrap_or(root.as_os_str()));
            out.push(InputFile {
                doc_id: doc_id_of(&name),
                path: root.clone(),
                readable: true,
            });
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn doc_id_of(rel: &Path) -> String {
    let s = rel.with_extension("").to_string_lossy().replace('\\', "/");
    if s.is_empty() {
        "document".into()
    } else {
        s
    }
}
