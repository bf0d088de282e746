//! `$ref`s to other files: each file is read (relative to the file that
//! names it), the part the reference names is copied into `components`,
//! and the reference is rewritten to point there. After this, the document
//! refers only to itself.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostics::{escape_pointer_token, unescape_pointer_token, Diagnostic, Location};

/// Another file, read once.
struct Source {
    path: PathBuf,
    value: Value,
}

/// Bundles the external references of `document`, read from `path`.
/// Returns every other file read, and a diagnostic for each reference that
/// could not be followed.
pub(crate) fn bundle(path: &Path, document: &mut Value) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut bundler = Bundler {
        root: path.to_path_buf(),
        sources: Vec::new(),
        imported: HashMap::new(),
        problems: Vec::new(),
    };
    // Pending references: where the `$ref` object is, and the file whose
    // content it came from (`None` for the document itself).
    let mut pending: Vec<(String, Option<usize>)> =
        refs_in(document, "").into_iter().map(|pointer| (pointer, None)).collect();
    while let Some((pointer, source)) = pending.pop() {
        if let Some(new) = bundler.resolve(document, &pointer, source) {
            pending.extend(new);
        }
    }
    let files = bundler.sources.into_iter().map(|source| source.path).collect();
    (files, bundler.problems)
}

struct Bundler {
    root: PathBuf,
    sources: Vec<Source>,
    /// `(source, fragment)` already copied, and the local reference to it.
    imported: HashMap<(usize, String), String>,
    problems: Vec<Diagnostic>,
}

impl Bundler {
    /// Rewrites the `$ref` at `pointer` if it leads outside the document;
    /// returns the references found in what it copied in.
    fn resolve(
        &mut self,
        document: &mut Value,
        pointer: &str,
        source: Option<usize>,
    ) -> Option<Vec<(String, Option<usize>)>> {
        let reference = document.pointer(pointer)?.get("$ref")?.as_str()?.to_string();
        let (file, fragment) = reference.split_once('#').unwrap_or((&reference, ""));
        if file.is_empty() && source.is_none() {
            return None;
        }
        let source = match (file.is_empty(), source) {
            (true, Some(source)) => source,
            _ => {
                let base = source.map_or(&self.root, |s| &self.sources[s].path).clone();
                self.read(&base, file, pointer)?
            }
        };
        let key = (source, fragment.to_string());
        let section = section_of(pointer);
        let local = match self.imported.get(&key) {
            Some(local) => local.clone(),
            None => {
                let Some(target) = self.sources[source].value.pointer(fragment).cloned() else {
                    let message = format!(
                        "`$ref: {reference}`: {} has nothing at `#{fragment}`",
                        self.sources[source].path.display()
                    );
                    self.problem(pointer, message);
                    return None;
                };
                let name = self.free_name(document, section, source, fragment);
                let components =
                    document.as_object_mut()?.entry("components").or_insert_with(object);
                let entries = components.as_object_mut()?.entry(section).or_insert_with(object);
                entries.as_object_mut()?.insert(name.clone(), target);
                let local = format!("#/components/{section}/{}", escape_pointer_token(&name));
                self.imported.insert(key, local.clone());
                let copied = format!("/components/{section}/{}", escape_pointer_token(&name));
                let found = document.pointer(&copied).map(|value| refs_in(value, &copied));
                let new = found.unwrap_or_default().into_iter().map(|p| (p, Some(source)));
                self.rewrite(document, pointer, &local);
                return Some(new.collect());
            }
        };
        self.rewrite(document, pointer, &local);
        Some(Vec::new())
    }

    fn rewrite(&self, document: &mut Value, pointer: &str, local: &str) {
        if let Some(Value::Object(node)) = document.pointer_mut(pointer) {
            node.insert("$ref".to_string(), Value::String(local.to_string()));
        }
    }

    /// Reads `file`, relative to `base`, once.
    fn read(&mut self, base: &Path, file: &str, pointer: &str) -> Option<usize> {
        let path = base.parent().unwrap_or(Path::new("")).join(file);
        if let Some(known) = self.sources.iter().position(|source| source.path == path) {
            return Some(known);
        }
        let parsed = match std::fs::read(&path) {
            Ok(bytes) => super::parse(&path, &bytes).map_err(|error| error.to_string()),
            Err(error) => Err(format!("cannot read {}: {error}", path.display())),
        };
        match parsed {
            Ok(value) => {
                self.sources.push(Source { path, value });
                Some(self.sources.len() - 1)
            }
            Err(message) => {
                self.problem(
                    pointer,
                    format!("the `$ref` to `{file}` cannot be followed: {message}"),
                );
                None
            }
        }
    }

    /// A name in `components.<section>` for an imported part: the last
    /// token of its fragment, or the file's name, numbered when taken.
    fn free_name(&self, document: &Value, section: &str, source: usize, fragment: &str) -> String {
        let last = fragment.rsplit('/').next().map(unescape_pointer_token).unwrap_or_default();
        let base = if last.is_empty() {
            let stem = self.sources[source].path.file_stem().map(|s| s.to_string_lossy());
            stem.map(|stem| stem.into_owned()).unwrap_or_else(|| "Imported".to_string())
        } else {
            last
        };
        let taken = |name: &str| {
            let pointer = format!("/components/{section}/{}", escape_pointer_token(name));
            document.pointer(&pointer).is_some()
        };
        let mut name = base.clone();
        let mut n = 2;
        while taken(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }

    fn problem(&mut self, pointer: &str, message: String) {
        let location = Location::pointer(&self.root, pointer);
        self.problems.push(Diagnostic { location, message });
    }
}

fn object() -> Value {
    Value::Object(Map::new())
}

/// Which part of `components` a reference at `pointer` belongs in.
fn section_of(pointer: &str) -> &'static str {
    let tokens: Vec<&str> = pointer.rsplit('/').take(2).collect();
    match tokens.as_slice() {
        [_, "parameters"] => "parameters",
        ["requestBody", _] => "requestBodies",
        [_, "responses"] => "responses",
        [_, "headers"] => "headers",
        [_, "examples"] => "examples",
        [_, "securitySchemes"] => "securitySchemes",
        [_, "requestBodies"] => "requestBodies",
        _ => "schemas",
    }
}

/// The pointers of every object with a string `$ref` inside `value`,
/// which stands at `pointer`; data (`example`, `default`, `enum`) is
/// skipped.
fn refs_in(value: &Value, pointer: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![(value, pointer.to_string())];
    while let Some((value, pointer)) = stack.pop() {
        match value {
            Value::Object(map) => {
                if map.get("$ref").is_some_and(Value::is_string) {
                    found.push(pointer.clone());
                }
                for (key, child) in map {
                    if !["example", "examples", "default", "enum"].contains(&key.as_str()) {
                        stack.push((child, format!("{pointer}/{}", escape_pointer_token(key))));
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    stack.push((item, format!("{pointer}/{index}")));
                }
            }
            _ => {}
        }
    }
    found
}
