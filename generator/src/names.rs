//! Rust names for the names a spec uses: case conversion, keywords, names
//! that are not identifiers, and uniqueness within a scope.
//!
//! Every function here is pure, so the same spec always yields the same
//! names.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of every edition, `gen` included.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names that the prelude or our generated code uses unqualified inside
/// the `types` module; a schema with one of these names is renamed.
const RESERVED_TYPES: &[&str] = &[
    "Self",
    "Option",
    "Result",
    "Vec",
    "String",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Eq",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "Iterator",
    "IntoIterator",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Send",
    "Sized",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "AsMut",
    "AsRef",
    "Extend",
];

/// Keeps ASCII letters and digits and turns everything else into word
/// breaks, so that `user.activity` and `user-activity` read as two words.
fn words(raw: &str) -> String {
    raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// An UpperCamelCase type name; one that would start with a digit gets a
/// `Type` prefix, and one the prelude uses gets a `Schema` suffix.
pub fn type_name(raw: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Unnamed".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Type");
    }
    if RESERVED_TYPES.contains(&name.as_str()) || KEYWORDS.contains(&name.as_str()) {
        name.push_str("Schema");
    }
    name
}

/// An UpperCamelCase enum variant name for a value.
pub fn variant_name(raw: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Empty".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push_str("Value");
    }
    name
}

/// A snake_case name for a field, parameter or method. `fallback` is used
/// when nothing of `raw` survives.
pub fn snake_name(raw: &str, fallback: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, &format!("{fallback}_"));
    }
    if KEYWORDS.contains(&name.as_str()) || name == "_" {
        name.push('_');
    }
    name
}

/// The names taken in one scope (a module, a struct, a method). Later
/// claimants of a taken name get a numbered one, so order decides who keeps
/// the plain name: spec order, everywhere.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Scope {
        Scope { taken: reserved.iter().map(|name| name.to_string()).collect() }
    }

    /// Takes `name`, or the first free `name2`, `name3`, ... (`name_2` for
    /// snake_case names).
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        // `type_` numbers as `type_2`, not `type__2`.
        let base = name.trim_end_matches('_');
        let separator =
            if name.contains('_') || name.chars().all(|c| !c.is_uppercase()) { "_" } else { "" };
        let mut n = 2;
        loop {
            let candidate = format!("{base}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(type_name("user_attendance"), "UserAttendance");
        assert_eq!(type_name("Result"), "ResultSchema");
        assert_eq!(type_name("2fa-token"), "Type2faToken");
        assert_eq!(type_name("$$$"), "Unnamed");
    }

    #[test]
    fn snake_names() {
        assert_eq!(snake_name("FromDate", "param"), "from_date");
        assert_eq!(snake_name("type", "field"), "type_");
        assert_eq!(snake_name("", "field"), "field");
        assert_eq!(snake_name("1st", "field"), "field_1st");
        assert_eq!(snake_name("self", "param"), "self_");
    }

    #[test]
    fn variant_names() {
        assert_eq!(variant_name("user.activity"), "UserActivity");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("2.0"), "V20");
    }

    #[test]
    fn collisions_are_numbered_in_order() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim(snake_name("fooBar", "f")), "foo_bar");
        assert_eq!(scope.claim(snake_name("foo_bar", "f")), "foo_bar_2");
        assert_eq!(scope.claim(snake_name("type", "f")), "type_");
        assert_eq!(scope.claim(snake_name("Type", "f")), "type_2");
        let mut types = Scope::default();
        assert_eq!(types.claim(variant_name("DONE")), "Done");
        assert_eq!(types.claim(variant_name("done")), "Done2");
    }
}
