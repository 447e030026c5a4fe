//! The layout keeps its arrows one way: no module imports, directly or
//! through others, a module that imports it. Checked at every depth — the
//! top-level rooms (`commands`, `stages`, `dataset`…), the folders inside
//! them (`stages::extract`…) and the single files — by reading the
//! `crate::`, `super::` and child-module paths of every file under `src/`.
//! Unit tests (`#[cfg(test)]` and below) are not part of the architecture.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Module path (`stages::extract::context`) of every library file, with its source.
fn modules() -> BTreeMap<Vec<String>, String> {
    let mut out = BTreeMap::new();
    collect(Path::new("src"), &mut Vec::new(), &mut out);
    out
}

fn collect(dir: &Path, prefix: &mut Vec<String>, out: &mut BTreeMap<Vec<String>, String>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            prefix.push(name);
            collect(&p, prefix, out);
            prefix.pop();
        } else if p.extension().is_some_and(|e| e == "rs") {
            if prefix.is_empty() && (name == "main" || name == "lib") {
                continue;
            }
            let mut path = prefix.clone();
            if name != "mod" {
                path.push(name);
            }
            let text = fs::read_to_string(&p).unwrap();
            let text = text.split("#[cfg(test)]").next().unwrap().to_string();
            out.insert(path, text);
        }
    }
}

/// Source without comments and string literals, which may mention paths.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = line.split("//").next().unwrap();
        let mut in_str = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '"' && prev != '\\' {
                in_str = !in_str;
            } else if !in_str {
                out.push(c);
            }
            prev = c;
        }
        out.push('\n');
    }
    out
}

/// Every path a file names: `crate::a::b`, `super::a`, `child::x`, with `{…}` groups expanded.
fn paths_named(module: &[String], code: &str, children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word =
            i == 0 || !(chars[i - 1].is_alphanumeric() || matches!(chars[i - 1], '_' | ':'));
        if !starts_word || !(chars[i].is_alphabetic() || chars[i] == '_') {
            i += 1;
            continue;
        }
        let (segments, end) = read_path(&chars, i);
        i = end.max(i + 1);
        let Some(first) = segments.first() else {
            continue;
        };
        let base: Vec<String> = match first.as_str() {
            "crate" => Vec::new(),
            "super" => module[..module.len().saturating_sub(1)].to_vec(),
            "self" => module.to_vec(),
            c if children.contains(c) && segments.len() > 1 => module.to_vec(),
            _ => continue,
        };
        let rest = if first == "crate" || first == "super" || first == "self" {
            &segments[1..]
        } else {
            &segments[..]
        };
        for tail in expand(rest, &chars, end) {
            let mut full = base.clone();
            full.extend(tail);
            out.push(full);
        }
    }
    out
}

/// The `a::b::c` path starting at `i`, and where it ends.
fn read_path(chars: &[char], mut i: usize) -> (Vec<String>, usize) {
    let mut segments = Vec::new();
    loop {
        let start = i;
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
            i += 1;
        }
        if i == start {
            break;
        }
        segments.push(chars[start..i].iter().collect());
        if i + 1 < chars.len() && chars[i] == ':' && chars[i + 1] == ':' {
            i += 2;
        } else {
            break;
        }
    }
    (segments, i)
}

/// A path followed by `::{a, b::c}` stands for each of its members.
fn expand(rest: &[String], chars: &[char], end: usize) -> Vec<Vec<String>> {
    if end < chars.len() && chars[end] == '{' && end >= 2 && chars[end - 1] == ':' {
        let close = (end..chars.len())
            .find(|&k| chars[k] == '}')
            .unwrap_or(chars.len());
        let inner: String = chars[end + 1..close].iter().collect();
        return inner
            .split(',')
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(|m| {
                let mut p = rest.to_vec();
                p.extend(
                    m.split("::")
                        .map(|s| s.trim().to_string())
                        .filter(|s| s != "self"),
                );
                p
            })
            .collect();
    }
    vec![rest.to_vec()]
}

/// The module a path lands in: its longest prefix that is a module.
fn resolve(path: &[String], known: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| known.contains(p))
}

fn edges() -> BTreeSet<(Vec<String>, Vec<String>)> {
    let mods = modules();
    let known: BTreeSet<Vec<String>> = mods.keys().cloned().collect();
    let mut edges = BTreeSet::new();
    for (module, text) in &mods {
        let code = code_of(text);
        let children: BTreeSet<String> = code
            .lines()
            .filter_map(|l| {
                l.trim()
                    .strip_prefix("pub mod ")
                    .or(l.trim().strip_prefix("mod "))
            })
            .map(|l| l.trim_end_matches(';').trim().to_string())
            .collect();
        for p in paths_named(module, &code, &children) {
            if let Some(target) = resolve(&p, &known) {
                if &target != module {
                    edges.insert((module.clone(), target));
                }
            }
        }
    }
    edges
}

/// The strongly connected groups of more than one node (Tarjan).
fn cycles(edges: &BTreeSet<(String, String)>) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = edges.iter().flat_map(|(a, b)| [a, b]).collect();
    let nodes: Vec<&String> = nodes.into_iter().collect();
    let index_of: BTreeMap<&String, usize> =
        nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut adj = vec![Vec::new(); nodes.len()];
    for (a, b) in edges {
        adj[index_of[a]].push(index_of[b]);
    }
    struct State {
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        groups: Vec<Vec<usize>>,
    }
    fn visit(v: usize, adj: &[Vec<usize>], s: &mut State) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in &adj[v] {
            match s.index[w] {
                None => {
                    visit(w, adj, s);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                _ => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                group.push(w);
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                s.groups.push(group);
            }
        }
    }
    let n = nodes.len();
    let mut s = State {
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        groups: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(v, &adj, &mut s);
        }
    }
    s.groups
        .into_iter()
        .map(|g| {
            let mut names: Vec<String> = g.into_iter().map(|i| nodes[i].clone()).collect();
            names.sort();
            names
        })
        .collect()
}

#[test]
fn no_import_cycles_at_any_depth() {
    let edges = edges();
    assert!(
        edges.len() > 30,
        "the scan found only {} imports",
        edges.len()
    );
    let depth = edges
        .iter()
        .map(|(a, b)| a.len().max(b.len()))
        .max()
        .unwrap();
    let mut problems = Vec::new();
    for d in 1..=depth {
        let at_depth: BTreeSet<(String, String)> = edges
            .iter()
            .map(|(a, b)| {
                (
                    a[..a.len().min(d)].join("::"),
                    b[..b.len().min(d)].join("::"),
                )
            })
            .filter(|(a, b)| {
                a != b && !b.starts_with(&format!("{a}::")) && !a.starts_with(&format!("{b}::"))
            })
            .collect();
        for group in cycles(&at_depth) {
            let arrows: Vec<String> = at_depth
                .iter()
                .filter(|(a, b)| group.contains(a) && group.contains(b))
                .map(|(a, b)| format!("{a} → {b}"))
                .collect();
            problems.push(format!("depth {d}: {}", arrows.join(", ")));
        }
    }
    assert!(
        problems.is_empty(),
        "import cycles:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_sees_a_cycle() {
    let e: BTreeSet<(String, String)> = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(
        cycles(&e),
        vec![vec!["a".to_string(), "b".into(), "c".into()]]
    );
    let code = code_of("use crate::stages::{clean::Cleaned, decode};\nuse super::number::Quantity; // crate::x\nlet s = \"crate::y\";");
    let found = paths_named(
        &["stages".into(), "extract".into(), "context".into()],
        &code,
        &BTreeSet::new(),
    );
    let joined: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        joined,
        [
            "stages::clean::Cleaned",
            "stages::decode",
            "stages::extract::number::Quantity"
        ]
    );
}
