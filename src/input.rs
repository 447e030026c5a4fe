//! Finding the input documents: the `[input]` configuration and the walk
//! over its files and folders, sorted so that runs are deterministic.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use walkdir::WalkDir;

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
                "text".into(),
                "html".into(),
                "htm".into(),
                // Government sites serve their pages as .shtml: saved, they keep it.
                "shtml".into(),
                "xhtml".into(),
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

/// An input path found under the configured paths.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    /// Path relative to the input root, without extension: the document id
    /// (made unique, see [`unique_id`]).
    pub doc_id: String,
    /// Whether its extension is one the configuration reads.
    pub readable: bool,
    /// Why the walk already knows it is not a document: listed with this
    /// status and message, never read.
    pub not_read: Option<NotRead>,
}

/// The bytes of the files a run will read (what sizes its spills).
pub fn total_bytes(inputs: &[InputFile]) -> u64 {
    inputs
        .iter()
        .filter(|i| i.readable && i.not_read.is_none())
        .filter_map(|i| std::fs::metadata(&i.path).ok())
        .map(|m| m.len())
        .sum()
}

/// What the walk learnt about a path that is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRead {
    /// `skipped`: a symlink loop, a second path to a file, a hidden file.
    Skipped(String),
    /// `error`: a path the walk could not take (a dangling link, a folder
    /// that cannot be listed).
    Error(String),
}

/// A file or folder: its device and inode, so that two paths to one
/// physical file (a symbolic link, a hard link, a bind mount) are told apart
/// from two files. `None` where the platform does not say.
type PhysicalId = (u64, u64);

#[cfg(unix)]
fn physical_id(m: &std::fs::Metadata) -> Option<PhysicalId> {
    use std::os::unix::fs::MetadataExt;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn physical_id(_: &std::fs::Metadata) -> Option<PhysicalId> {
    None
}

/// The walk's state over all roots: the physical files and folders already
/// met (with the first path they were met by) and the ids already given.
#[derive(Default)]
struct Walk {
    out: Vec<InputFile>,
    seen: HashMap<PhysicalId, String>,
    ids: HashSet<String>,
}

impl Walk {
    /// The path `id` was first met by (as [`shown`]), or `None` (and `path`
    /// remembered) when this is the first time.
    fn first_path(&mut self, id: Option<PhysicalId>, root: &Path, path: &Path) -> Option<String> {
        let id = id?;
        match self.seen.get(&id) {
            Some(first) => Some(first.clone()),
            None => {
                self.seen.insert(id, shown(root, path));
                None
            }
        }
    }

    fn push(&mut self, path: &Path, rel: &Path, readable: bool, not_read: Option<NotRead>) {
        let doc_id = unique_id(rel, &mut self.ids);
        self.out.push(InputFile {
            path: path.to_path_buf(),
            doc_id,
            readable,
            not_read,
        });
    }
}

/// Lists the input paths under `paths`, roots in the order given and each
/// folder in sorted order, so runs are deterministic.
///
/// Folders are walked with `walkdir`, following symbolic links: a link to a
/// file is read as that file, a link to a folder is walked like the folder.
/// A link back to one of its own ancestors is a `symlink loop`, listed once
/// and not followed. A physical file or folder (device and inode) met again
/// by another path is a `duplicate of` the first path, listed and not read
/// again, so a document is never counted twice. Names starting with `.` are
/// hidden: listed as skipped, a hidden folder as one row, not walked.
/// `.meta.toml` sidecars belong to their document and are not listed.
pub fn discover(paths: &[PathBuf], extensions: &[String]) -> Vec<InputFile> {
    let mut walk = Walk::default();
    for root in paths {
        walk_root(&mut walk, root, extensions);
    }
    walk.out
}

fn walk_root(walk: &mut Walk, root: &Path, extensions: &[String]) {
    let mut it = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                walk_error(walk, root, &e);
                continue;
            }
        };
        let path = entry.path();
        let rel = relative(root, path);
        let is_dir = entry.file_type().is_dir();
        if entry.depth() > 0 && is_hidden(path) {
            if is_dir {
                it.skip_current_dir();
            }
            let what = if is_dir {
                "hidden folder"
            } else {
                "hidden file"
            };
            let not_read = NotRead::Skipped(format!("{what}, not read"));
            walk.push(path, &rel, false, Some(not_read));
            continue;
        }
        if !is_dir && rel.to_string_lossy().ends_with(".meta.toml") {
            continue;
        }
        let id = entry.metadata().ok().as_ref().and_then(physical_id);
        if let Some(first) = walk.first_path(id, root, path) {
            if is_dir {
                it.skip_current_dir();
            }
            let not_read = NotRead::Skipped(format!("duplicate of {first}"));
            walk.push(path, &rel, false, Some(not_read));
            continue;
        }
        if is_dir {
            continue;
        }
        // A FIFO or a device would block the run or never end.
        let not_read =
            (!entry.file_type().is_file()).then(|| NotRead::Skipped("not a regular file".into()));
        // A file named as a root is read whatever its extension.
        let readable = entry.depth() == 0 || has_extension(path, extensions);
        walk.push(path, &rel, readable, not_read);
    }
}

/// An entry the walk could not take: a symlink loop is skipped, anything
/// else (a dangling link, a folder that cannot be listed, a missing root) is
/// an error naming the cause.
fn walk_error(walk: &mut Walk, root: &Path, e: &walkdir::Error) {
    let Some(path) = e.path() else { return };
    let rel = relative(root, path);
    let not_read = if e.loop_ancestor().is_some() {
        NotRead::Skipped("symlink loop".into())
    } else {
        match e.io_error() {
            Some(io) => NotRead::Error(format!("cannot read: {io}")),
            None => NotRead::Error(format!("cannot read: {e}")),
        }
    };
    walk.push(path, &rel, true, Some(not_read));
}

/// `path` relative to its root; a root itself is known by its file name.
fn relative(root: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(root) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
        _ => PathBuf::from(path.file_name().unwrap_or(path.as_os_str())),
    }
}

/// A path as messages show it: from its root's own name down (`corpus/a.txt`),
/// the same on every machine whatever folder the root is in.
fn shown(root: &Path, path: &Path) -> String {
    let name = |p: &Path| PathBuf::from(p.file_name().unwrap_or(p.as_os_str()));
    let shown = match path.strip_prefix(root) {
        Ok(rel) if !rel.as_os_str().is_empty() => name(root).join(rel),
        _ => name(path),
    };
    shown.to_string_lossy().replace('\\', "/")
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

fn has_extension(path: &Path, extensions: &[String]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The document id of a relative path: the path without its extension,
/// with `/` between folders. When that id is taken (`a.txt` beside `a.md`,
/// or one name under two roots) the extension is kept, then `~2`, `~3`… is
/// added: every id is unique, and the same folder always gives the same ids.
fn unique_id(rel: &Path, taken: &mut HashSet<String>) -> String {
    let plain = doc_id_of(&rel.with_extension(""));
    let full = doc_id_of(rel);
    let mut id = plain.clone();
    if taken.contains(&id) {
        id = full.clone();
    }
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{full}~{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

fn doc_id_of(rel: &Path) -> String {
    let s = rel.to_string_lossy().replace('\\', "/");
    if s.is_empty() {
        "document".into()
    } else {
        s
    }
}
