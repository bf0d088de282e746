//! What a regeneration changes in the public API of a generated crate, and
//! what Rust's semver rules make of each change.
//!
//! Both versions are read from their source: the crate on disk (the one
//! users have) and the freshly generated files. Each type and method
//! documents its spec location (`Spec location: ...`), which ties every
//! change back to the part of the spec behind it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use quote::ToTokens;

use crate::diagnostics::{escape_pointer_token, Error};
use crate::emit::LOCATION_PREFIX;
use crate::GeneratedFile;

/// The files whose items make up the API this report follows.
const API_FILES: &[&str] = &["src/types.rs", "src/operations.rs"];

/// How big a change is, by Rust's semver rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing a user's code can notice: documentation, say.
    Patch,
    /// Additions that compile with every existing use.
    Minor,
    /// Changes that can break a user's code.
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// One change of the public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiChange {
    pub bump: Bump,
    /// The item, such as ``field `User::email` ``.
    pub item: String,
    /// What changed in the spec, and why that is the bump it is.
    pub reason: String,
    /// The JSON pointer of the spec part behind it, when known.
    pub pointer: Option<String>,
}

/// Every change of a regeneration, and the version it calls for.
#[derive(Debug, Clone)]
pub struct ApiReport {
    pub changes: Vec<ApiChange>,
    /// Whether any generated file changes at all.
    pub files_changed: bool,
    /// The version of the crate on disk, from its `Cargo.toml`.
    pub current_version: Option<semver::Version>,
}

impl ApiReport {
    /// The bump the changes call for: the largest; `Patch` when only files
    /// other than the API changed; `None` when nothing did.
    pub fn bump(&self) -> Option<Bump> {
        let largest = self.changes.iter().map(|change| change.bump).max();
        largest.or(self.files_changed.then_some(Bump::Patch))
    }

    /// The current version bumped as [`ApiReport::bump`] says (for a 0.x
    /// version, a major change bumps the minor number and a minor change
    /// the patch number, as Cargo reads 0.x versions).
    pub fn suggested_version(&self) -> Option<semver::Version> {
        let current = self.current_version.as_ref()?;
        let (major, minor, patch) = (current.major, current.minor, current.patch);
        let (major, minor, patch) = match (self.bump()?, major) {
            (Bump::Major, 0) | (Bump::Minor, 1..) => (major, minor + 1, 0),
            (Bump::Major, _) => (major + 1, 0, 0),
            (Bump::Minor, 0) | (Bump::Patch, _) => (major, minor, patch + 1),
        };
        Some(semver::Version::new(major, minor, patch))
    }
}

impl fmt::Display for ApiReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(bump) = self.bump() else {
            return write!(f, "no change to the generated crate");
        };
        if self.changes.is_empty() {
            writeln!(f, "no change to the public API; the generated files changed otherwise")?;
        }
        for change in &self.changes {
            write!(f, "{:<5} {}: {}", change.bump, change.item, change.reason)?;
            if let Some(pointer) = &change.pointer {
                write!(f, " (at #{pointer})")?;
            }
            writeln!(f)?;
        }
        match (&self.current_version, self.suggested_version()) {
            (Some(current), Some(next)) => {
                write!(f, "this is a {bump} change: version {current} should become {next}")
            }
            _ => write!(f, "this is a {bump} change"),
        }
    }
}

/// Compares the crate in `old_dir` with the files of a regeneration.
///
/// # Errors
///
/// [`Error::Read`] when a file of the old crate exists but cannot be read;
/// [`Error::Internal`] when a file does not parse as Rust.
pub fn compare(old_dir: &Path, new: &[GeneratedFile]) -> Result<ApiReport, Error> {
    let mut files_changed = false;
    for file in new {
        let path = old_dir.join(&file.path);
        files_changed |= std::fs::read(&path).ok().as_deref() != Some(file.contents.as_bytes());
    }
    let mut old_api = Api::default();
    let mut new_api = Api::default();
    for name in API_FILES {
        let path = old_dir.join(name);
        if path.exists() {
            let text = std::fs::read_to_string(&path)
                .map_err(|source| Error::Read { path: path.clone(), source })?;
            old_api.read(name, &text)?;
        }
        if let Some(file) = new.iter().find(|file| file.path == Path::new(name)) {
            new_api.read(name, &file.contents)?;
        }
    }
    let current_version = std::fs::read_to_string(old_dir.join("Cargo.toml"))
        .ok()
        .and_then(|manifest| package_version(&manifest));
    Ok(ApiReport { changes: diff(&old_api, &new_api), files_changed, current_version })
}

/// The public items of a generated crate, by name.
#[derive(Debug, Default)]
struct Api {
    items: BTreeMap<String, Item>,
}

#[derive(Debug, Clone, PartialEq)]
struct Item {
    pointer: Option<String>,
    shape: Shape,
}

#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Struct { fields: Vec<FieldShape> },
    Enum { variants: Vec<(String, String)>, exhaustive: bool },
    Alias(String),
    Method(String),
}

#[derive(Debug, Clone, PartialEq)]
struct FieldShape {
    name: String,
    ty: String,
    /// The JSON property, or `None` for the flattened extra properties.
    wire: Option<String>,
}

impl Api {
    fn read(&mut self, name: &str, text: &str) -> Result<(), Error> {
        let file = syn::parse_file(text).map_err(|error| {
            Error::Internal(format!("{name} does not parse for the API comparison: {error}"))
        })?;
        for item in &file.items {
            match item {
                syn::Item::Struct(item) => {
                    // Private fields (a request builder's) are not API.
                    let public =
                        |field: &&syn::Field| matches!(field.vis, syn::Visibility::Public(_));
                    let fields = item.fields.iter().filter(public).map(field_shape).collect();
                    self.insert(&item.ident, &item.attrs, Shape::Struct { fields });
                }
                syn::Item::Enum(item) => {
                    let variants = item
                        .variants
                        .iter()
                        .map(|v| (v.ident.to_string(), v.fields.to_token_stream().to_string()))
                        .collect();
                    let exhaustive =
                        !item.attrs.iter().any(|a| a.path().is_ident("non_exhaustive"));
                    self.insert(&item.ident, &item.attrs, Shape::Enum { variants, exhaustive });
                }
                syn::Item::Type(item) => {
                    let target = item.ty.to_token_stream().to_string();
                    self.insert(&item.ident, &item.attrs, Shape::Alias(target));
                }
                syn::Item::Impl(block) if block.trait_.is_none() => {
                    let owner = match block.self_ty.as_ref() {
                        syn::Type::Path(path) => {
                            path.path.segments.last().map(|s| s.ident.to_string())
                        }
                        _ => None,
                    };
                    let owner = owner.unwrap_or_default();
                    for member in &block.items {
                        let syn::ImplItem::Fn(method) = member else { continue };
                        if !matches!(method.vis, syn::Visibility::Public(_)) {
                            continue;
                        }
                        let signature = method.sig.to_token_stream().to_string();
                        let key = format!("method `{owner}::{}`", method.sig.ident);
                        let pointer = location(&method.attrs);
                        self.items.insert(key, Item { pointer, shape: Shape::Method(signature) });
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn insert(&mut self, ident: &syn::Ident, attrs: &[syn::Attribute], shape: Shape) {
        let key = format!("type `{ident}`");
        self.items.insert(key, Item { pointer: location(attrs), shape });
    }
}

fn field_shape(field: &syn::Field) -> FieldShape {
    let name = field.ident.as_ref().map(ToString::to_string).unwrap_or_default();
    let mut wire = Some(name.clone());
    for attr in field.attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        // Errors leave the defaults: a generated attribute always parses.
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                wire = Some(value.value());
            } else if meta.path.is_ident("flatten") {
                wire = None;
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    FieldShape { name, ty: field.ty.to_token_stream().to_string(), wire }
}

/// The spec location an item's documentation records.
fn location(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|attr| {
        let syn::Meta::NameValue(doc) = &attr.meta else { return None };
        let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &doc.value else {
            return None;
        };
        let text = text.value();
        let rest = text.trim().strip_prefix(LOCATION_PREFIX)?;
        Some(rest.trim_end_matches('.').trim_end_matches('`').to_string())
    })
}

fn diff(old: &Api, new: &Api) -> Vec<ApiChange> {
    let mut changes = Vec::new();
    for (key, before) in &old.items {
        match new.items.get(key) {
            None => changes.push(removed(key, before)),
            Some(after) if after.shape != before.shape => {
                changes.extend(changed(key, before, after));
            }
            Some(after) if after != before => changes.push(ApiChange {
                bump: Bump::Patch,
                item: key.clone(),
                reason: "its spec location moved".to_string(),
                pointer: after.pointer.clone(),
            }),
            Some(_) => {}
        }
    }
    for (key, after) in &new.items {
        if !old.items.contains_key(key) {
            let reason = match after.shape {
                Shape::Method(_) => "added: the spec has a new operation",
                _ => "added: the spec has a new schema",
            };
            changes.push(ApiChange {
                bump: Bump::Minor,
                item: key.clone(),
                reason: reason.to_string(),
                pointer: after.pointer.clone(),
            });
        }
    }
    changes.sort_by(|a, b| b.bump.cmp(&a.bump).then_with(|| a.item.cmp(&b.item)));
    changes
}

fn removed(key: &str, before: &Item) -> ApiChange {
    let reason = match before.shape {
        Shape::Method(_) => "removed: the operation is gone or its operationId changed",
        _ => "removed: the schema is gone or renamed",
    };
    ApiChange {
        bump: Bump::Major,
        item: key.to_string(),
        reason: reason.to_string(),
        pointer: before.pointer.clone(),
    }
}

/// The changes inside one item whose shape changed.
fn changed(key: &str, before: &Item, after: &Item) -> Vec<ApiChange> {
    let owner = key.trim_start_matches("type ").trim_matches('`');
    let pointer = after.pointer.clone().or_else(|| before.pointer.clone());
    let change = |bump, item: String, reason: &str, pointer: Option<String>| ApiChange {
        bump,
        item,
        reason: reason.to_string(),
        pointer,
    };
    match (&before.shape, &after.shape) {
        (Shape::Struct { fields: old }, Shape::Struct { fields: new }) => {
            let field_pointer = |field: &FieldShape| {
                let base = pointer.clone()?;
                Some(match &field.wire {
                    Some(wire) => format!("{base}/properties/{}", escape_pointer_token(wire)),
                    None => format!("{base}/additionalProperties"),
                })
            };
            let mut changes = Vec::new();
            for field in old {
                let item = format!("field `{owner}::{}`", field.name);
                match new.iter().find(|f| f.name == field.name) {
                    None => changes.push(change(
                        Bump::Major,
                        item,
                        "removed: the property is gone from the schema",
                        field_pointer(field),
                    )),
                    Some(now) if now.ty != field.ty => changes.push(change(
                        Bump::Major,
                        item,
                        &format!(
                            "type changed from `{}` to `{}`: the property's schema, or \
                                  whether it is required or nullable, changed",
                            field.ty, now.ty
                        ),
                        field_pointer(now),
                    )),
                    Some(now) if now.wire != field.wire => changes.push(change(
                        Bump::Major,
                        item,
                        "now reads another JSON property",
                        field_pointer(now),
                    )),
                    Some(_) => {}
                }
            }
            for field in new.iter().filter(|f| !old.iter().any(|o| o.name == f.name)) {
                changes.push(change(
                    Bump::Major,
                    format!("field `{owner}::{}`", field.name),
                    "added: the schema has a new property; generated structs are exhaustive \
                     (users build them with struct literals), so a new public field breaks \
                     that code, optional or not",
                    field_pointer(field),
                ));
            }
            changes
        }
        (
            Shape::Enum { variants: old, exhaustive: was_exhaustive },
            Shape::Enum { variants: new, exhaustive },
        ) => {
            let enum_pointer = pointer.clone().map(|base| format!("{base}/enum"));
            let mut changes = Vec::new();
            if was_exhaustive != exhaustive {
                let (bump, reason) = if *exhaustive {
                    (Bump::Minor, "no longer `#[non_exhaustive]`")
                } else {
                    (Bump::Major, "now `#[non_exhaustive]`: matches on it need a wildcard arm")
                };
                changes.push(change(bump, key.to_string(), reason, pointer.clone()));
            }
            for (name, fields) in old {
                let item = format!("variant `{owner}::{name}`");
                match new.iter().find(|(n, _)| n == name) {
                    None => changes.push(change(
                        Bump::Major,
                        item,
                        "removed: the enum value is gone from the spec",
                        enum_pointer.clone(),
                    )),
                    Some((_, now)) if now != fields => changes.push(change(
                        Bump::Major,
                        item,
                        "its contents changed",
                        pointer.clone(),
                    )),
                    Some(_) => {}
                }
            }
            for (name, _) in new.iter().filter(|(n, _)| !old.iter().any(|(o, _)| o == n)) {
                let (bump, reason) = if *exhaustive {
                    (Bump::Major, "added to an exhaustive enum: matches on it break")
                } else {
                    (Bump::Minor, "added: the spec lists a new value (the enum is non-exhaustive)")
                };
                let item = format!("variant `{owner}::{name}`");
                changes.push(change(bump, item, reason, enum_pointer.clone()));
            }
            changes
        }
        (Shape::Method(old), Shape::Method(new)) => vec![change(
            Bump::Major,
            key.to_string(),
            &format!(
                "signature changed from `{old}` to `{new}`: the operation's parameters, \
                      body or answer changed"
            ),
            pointer,
        )],
        _ => vec![change(Bump::Major, key.to_string(), "its kind or target type changed", pointer)],
    }
}

/// The `version` of the `[package]` of a manifest.
fn package_version(manifest: &str) -> Option<semver::Version> {
    let mut in_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(value) = line.strip_prefix("version") {
                let value = value.trim_start().strip_prefix('=')?.trim().trim_matches('"');
                return semver::Version::parse(value).ok();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(bump: Bump, version: &str) -> ApiReport {
        let change = ApiChange { bump, item: String::new(), reason: String::new(), pointer: None };
        ApiReport {
            changes: vec![change],
            files_changed: true,
            current_version: semver::Version::parse(version).ok(),
        }
    }

    #[test]
    fn versions_are_bumped_as_cargo_reads_them() {
        let next = |bump, version| {
            report(bump, version).suggested_version().map(|v| v.to_string()).unwrap_or_default()
        };
        assert_eq!(next(Bump::Major, "1.2.3"), "2.0.0");
        assert_eq!(next(Bump::Minor, "1.2.3"), "1.3.0");
        assert_eq!(next(Bump::Patch, "1.2.3"), "1.2.4");
        assert_eq!(next(Bump::Major, "0.2.3"), "0.3.0");
        assert_eq!(next(Bump::Minor, "0.2.3"), "0.2.4");
    }

    #[test]
    fn package_versions_are_read_from_the_package_table() {
        let manifest =
            "[dependencies]\nversion = \"9\"\n[package]\nname = \"x\"\nversion = \"1.4.0\"\n";
        assert_eq!(package_version(manifest), semver::Version::parse("1.4.0").ok());
    }
}
