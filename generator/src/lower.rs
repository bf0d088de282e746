//! Lowering: from the typed spec to the intermediate form, deciding every
//! Rust name on the way and collecting every problem found.

mod compose;
mod operation;
mod pagination;
mod refs;
mod schema;
mod security;

pub(crate) use operation::template_names;

use std::collections::HashMap;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::diagnostics::{escape_pointer_token, Diagnostic, Error, Location};
use crate::ir::{
    Api, DefaultValue, NamedScheme, Primitive, Server, ServerVariable, TypeDef, TypeKind, TypeRef,
};
use crate::load::Document;
use crate::names::{type_name, Scope};

/// The intermediate form and the warnings met while building it.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub api: Api,
    pub warnings: Vec<Diagnostic>,
}

/// Lowers a loaded spec.
///
/// # Errors
///
/// [`Error::Spec`] with every problem found, when any is an error.
pub fn lower(document: &Document) -> Result<Lowered, Error> {
    let mut lowerer = Lowerer::new(document);
    lowerer.components();
    lowerer.schemes = lowerer.schemes();
    let client_credentials = lowerer.client_credentials();
    let mut operations = lowerer.operations();
    let mut types = std::mem::take(&mut lowerer.types);
    for (pointer, message) in break_alias_cycles(&mut types) {
        lowerer.error(&pointer, message);
    }
    mark_boxes(&mut types);
    lowerer.paginate(&mut operations, &types);
    for (pointer, message) in apply_defaults(&mut types, &lowerer.pending_defaults) {
        lowerer.warning(&pointer, message);
    }
    if !lowerer.errors.is_empty() {
        return Err(Error::Spec(lowerer.errors));
    }
    let info = &document.api.info;
    let api = Api {
        title: info.title.clone(),
        description: docs(None, info.description.as_deref()),
        spec_version: info.version.clone(),
        license: info.license.as_ref().map(|license| license.name.clone()),
        servers: servers(&document.api),
        types,
        operations,
        schemes: std::mem::take(&mut lowerer.schemes),
        client_credentials,
    };
    Ok(Lowered { api, warnings: lowerer.warnings })
}

/// The state of one lowering run.
pub(crate) struct Lowerer<'a> {
    document: &'a Document,
    spec: &'a OpenAPI,
    /// Every type defined so far, in the order it was introduced.
    types: Vec<TypeDef>,
    /// Names taken in the `types` module.
    type_scope: Scope,
    /// The Rust name of each `components.schemas` entry.
    component_names: HashMap<String, String>,
    /// The type defined for each inline schema, by JSON pointer, so that a
    /// schema reached twice (a shared parameter, say) is defined once.
    inline_types: HashMap<String, (TypeRef, bool)>,
    /// The `default`s of optional fields, applied once every type is known.
    pending_defaults: Vec<PendingDefault>,
    /// The security schemes, once read.
    schemes: Vec<NamedScheme>,
    /// The targets of the `$ref`s being followed, innermost last, to stop
    /// at a cycle of references.
    resolving: Vec<String>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl<'a> Lowerer<'a> {
    fn new(document: &'a Document) -> Self {
        Lowerer {
            document,
            spec: &document.api,
            types: Vec::new(),
            type_scope: Scope::default(),
            component_names: HashMap::new(),
            inline_types: HashMap::new(),
            pending_defaults: Vec::new(),
            schemes: Vec::new(),
            resolving: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn location(&self, pointer: &str) -> Location {
        Location::pointer(&self.document.path, pointer)
    }

    pub(crate) fn error(&mut self, pointer: &str, message: String) {
        let location = self.location(pointer);
        self.errors.push(Diagnostic { location, message });
    }

    pub(crate) fn warning(&mut self, pointer: &str, message: String) {
        let location = self.location(pointer);
        tracing::warn!(%location, "{message}");
        self.warnings.push(Diagnostic { location, message });
    }

    /// Keeps a place in the type list, so that a type comes before the inline
    /// types found inside it.
    fn reserve_slot(&mut self) -> usize {
        self.types.push(TypeDef {
            name: String::new(),
            docs: Vec::new(),
            pointer: String::new(),
            kind: TypeKind::Alias(TypeRef::Json),
        });
        self.types.len() - 1
    }

    /// The documentation written beside a `$ref`, which the typed model drops.
    fn sibling_docs(&self, pointer: &str) -> Vec<String> {
        let node = self.document.raw.pointer(pointer);
        let text = |key: &str| node.and_then(|node| node.get(key)).and_then(|v| v.as_str());
        docs(text("title"), text("description"))
    }

    /// Names every component schema first, so that references resolve
    /// whatever their order, then defines each.
    fn components(&mut self) {
        let Some(components) = &self.spec.components else { return };
        for key in components.schemas.keys() {
            let name = self.type_scope.claim(type_name(key));
            self.component_names.insert(key.clone(), name);
        }
        for (key, schema) in &components.schemas {
            let name = self.component_names[key].clone();
            let pointer = format!("/components/schemas/{}", escape_pointer_token(key));
            let slot = self.reserve_slot();
            let def = match schema {
                ReferenceOr::Item(schema) => self.define(name, schema, &pointer),
                ReferenceOr::Reference { .. } => {
                    let docs = self.sibling_docs(&pointer);
                    let (target, _) = self.type_of(schema, &pointer, &name);
                    TypeDef { name, docs, pointer, kind: TypeKind::Alias(target) }
                }
            };
            self.types[slot] = def;
        }
    }
}

/// The servers, variables replaced by their defaults.
fn servers(spec: &OpenAPI) -> Vec<Server> {
    spec.servers
        .iter()
        .map(|server| {
            let mut url = server.url.clone();
            let mut variables = Vec::new();
            for (name, variable) in server.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &variable.default);
                variables.push(ServerVariable {
                    name: name.clone(),
                    default: variable.default.clone(),
                    values: variable.enumeration.clone(),
                    description: variable.description.clone(),
                });
            }
            let template = server.url.clone();
            Server { url, description: server.description.clone(), template, variables }
        })
        .collect()
}

/// Documentation lines from a title and a description. Code blocks without a
/// language are marked `text`, so that rustdoc does not compile them.
pub(crate) fn docs(title: Option<&str>, description: Option<&str>) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(title) = title.map(str::trim).filter(|t| !t.is_empty()) {
        lines.push(title.to_string());
    }
    if let Some(description) = description.map(str::trim).filter(|d| !d.is_empty()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        let mut in_code = false;
        for line in description.lines() {
            let line = line.trim_end();
            let fence = line.trim_start();
            if fence.starts_with("```") {
                if !in_code && fence.trim_start_matches('`').trim().is_empty() {
                    lines.push(format!("{line}text"));
                } else {
                    lines.push(line.to_string());
                }
                in_code = !in_code;
                continue;
            }
            lines.push(line.to_string());
        }
    }
    lines
}

/// Aliases that contain themselves: through a list or a map they become
/// newtype structs (legal, and what the spec means); directly (`A` is `B`,
/// `B` is `A`) they describe no value at all, and are errors.
fn break_alias_cycles(types: &mut [TypeDef]) -> Vec<(String, String)> {
    let index: HashMap<String, usize> =
        types.iter().enumerate().map(|(i, def)| (def.name.clone(), i)).collect();
    let mut errors = Vec::new();
    for start in 0..types.len() {
        let TypeKind::Alias(target) = &types[start].kind else { continue };
        let mut stack = vec![(target.clone(), false)];
        let mut visited = vec![false; types.len()];
        let mut cycle = None;
        while let Some((ty, contained)) = stack.pop() {
            match ty {
                TypeRef::Named(name) => {
                    let Some(&at) = index.get(&name) else { continue };
                    if at == start {
                        cycle = Some(contained);
                        break;
                    }
                    if let (false, TypeKind::Alias(next)) = (visited[at], &types[at].kind) {
                        visited[at] = true;
                        stack.push((next.clone(), contained));
                    }
                }
                TypeRef::Vec(inner) | TypeRef::Map(inner) => stack.push((*inner, true)),
                TypeRef::Primitive(_) | TypeRef::Json => {}
            }
        }
        match (cycle, &types[start].kind) {
            (Some(true), TypeKind::Alias(target)) => {
                types[start].kind = TypeKind::Newtype(target.clone());
            }
            (Some(false), _) => {
                let message = format!(
                    "`{}` is defined only by references that lead back to it, so it has no \
                     value; give one of the schemas in the cycle a type",
                    types[start].name
                );
                errors.push((types[start].pointer.clone(), message));
                types[start].kind = TypeKind::Alias(TypeRef::Json);
            }
            _ => {}
        }
    }
    errors
}

/// A field's `default`, kept until every type is defined.
pub(crate) struct PendingDefault {
    /// The struct, by Rust name.
    pub owner: String,
    /// The field's position in it.
    pub field: usize,
    pub value: serde_json::Value,
    pub pointer: String,
}

/// Gives each field its default where the field's type can hold it as a
/// Rust expression; says which defaults were left to the documentation.
fn apply_defaults(types: &mut [TypeDef], pending: &[PendingDefault]) -> Vec<(String, String)> {
    let index: HashMap<String, usize> =
        types.iter().enumerate().map(|(i, def)| (def.name.clone(), i)).collect();
    let mut unused = Vec::new();
    for default in pending {
        let Some(&owner) = index.get(&default.owner) else { continue };
        let TypeKind::Struct(fields) = &types[owner].kind else { continue };
        let Some(field) = fields.get(default.field) else { continue };
        let value = default_value(&field.ty, &default.value, &index, types);
        if value.is_none() {
            let message = format!(
                "the default {} does not fit the field's type, or is not one this generator \
                 writes as Rust; the field stays optional and its documentation names it",
                default.value
            );
            unused.push((default.pointer.clone(), message));
        }
        if let TypeKind::Struct(fields) = &mut types[owner].kind {
            fields[default.field].default = value;
        }
    }
    unused
}

/// A JSON default as a value of a field's type.
fn default_value(
    ty: &TypeRef,
    value: &serde_json::Value,
    index: &HashMap<String, usize>,
    types: &[TypeDef],
) -> Option<DefaultValue> {
    use serde_json::Value;
    let mut ty = ty;
    for _ in 0..types.len() + 1 {
        let TypeRef::Named(name) = ty else { break };
        let def = &types[*index.get(name)?];
        match &def.kind {
            TypeKind::Alias(target) => ty = target,
            TypeKind::Enum(_) => {
                let value = value.as_str()?.to_string();
                return Some(DefaultValue::EnumStr(def.name.clone(), value));
            }
            TypeKind::IntEnum(_) => {
                return Some(DefaultValue::EnumInt(def.name.clone(), value.as_i64()?));
            }
            _ => return None,
        }
    }
    let fits_integer = |n: i64, p: Primitive| match p {
        Primitive::I8 => i8::try_from(n).is_ok(),
        Primitive::I16 => i16::try_from(n).is_ok(),
        Primitive::I32 => i32::try_from(n).is_ok(),
        Primitive::U8 => u8::try_from(n).is_ok(),
        Primitive::U16 => u16::try_from(n).is_ok(),
        Primitive::U32 => u32::try_from(n).is_ok(),
        Primitive::U64 => n >= 0,
        _ => true,
    };
    match (ty, value) {
        (TypeRef::Primitive(Primitive::Bool), Value::Bool(b)) => Some(DefaultValue::Bool(*b)),
        (TypeRef::Primitive(Primitive::String), Value::String(s)) => {
            Some(DefaultValue::Str(s.clone()))
        }
        (TypeRef::Primitive(Primitive::Date), Value::String(s)) => {
            let (year, month, day) = calendar_date(s)?;
            Some(DefaultValue::Date(year, month, day))
        }
        (TypeRef::Primitive(Primitive::DateTime), Value::String(s)) => {
            is_rfc3339(s).then(|| DefaultValue::DateTime(s.clone()))
        }
        (TypeRef::Primitive(Primitive::Uuid), Value::String(s)) => {
            uuid_bits(s).map(DefaultValue::Uuid)
        }
        (TypeRef::Primitive(p @ (Primitive::F32 | Primitive::F64)), Value::Number(n)) => {
            let n = n.as_f64()?;
            (*p == Primitive::F64 || (n as f32).is_finite()).then_some(DefaultValue::Float(n))
        }
        (TypeRef::Primitive(p), Value::Number(n)) => {
            let n = n.as_i64()?;
            fits_integer(n, *p).then_some(DefaultValue::Int(n))
        }
        (TypeRef::Vec(item), Value::Array(items)) => {
            let items = items.iter().map(|value| default_value(item, value, index, types));
            items.collect::<Option<Vec<_>>>().map(DefaultValue::List)
        }
        _ => None,
    }
}

/// A full date (`2024-02-29`, RFC 3339's `full-date`) as year, month and
/// day, when it is one the calendar has.
fn calendar_date(text: &str) -> Option<(i32, u32, u32)> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some((i32::try_from(year).ok()?, month, day))
}

/// Whether a string is an RFC 3339 `date-time`, as chrono's
/// `parse_from_rfc3339` takes it: a full date, `T` (or `t` or a space),
/// `hh:mm:ss`, an optional fraction, and `Z` or an offset `±hh:mm`.
fn is_rfc3339(text: &str) -> bool {
    let (Some(date), Some(rest)) = (text.get(..10), text.get(10..)) else { return false };
    let Some((separator, rest)) = rest.as_bytes().split_first() else { return false };
    if calendar_date(date).is_none() || !matches!(separator, b'T' | b't' | b' ') {
        return false;
    }
    // Two digits at `at`, as a number up to `max`.
    let two = |bytes: &[u8], at: usize, max: u32| -> bool {
        match bytes.get(at..at + 2) {
            Some(&[tens, ones]) if tens.is_ascii_digit() && ones.is_ascii_digit() => {
                u32::from(tens - b'0') * 10 + u32::from(ones - b'0') <= max
            }
            _ => false,
        }
    };
    // A leap second (60) is RFC 3339's, and chrono takes it.
    let time = two(rest, 0, 23) && two(rest, 3, 59) && two(rest, 6, 60);
    if !time || rest.get(2) != Some(&b':') || rest.get(5) != Some(&b':') {
        return false;
    }
    let mut zone = &rest[8..];
    if let Some(fraction) = zone.strip_prefix(b".") {
        let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        zone = &fraction[digits..];
    }
    match zone {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', offset @ ..] => {
            offset.len() == 5 && offset[2] == b':' && two(offset, 0, 23) && two(offset, 3, 59)
        }
        _ => false,
    }
}

/// A UUID in its hyphenated form (`8-4-4-4-12` hex digits), as its bits.
fn uuid_bits(text: &str) -> Option<u128> {
    let groups: Vec<&str> = text.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
    if lengths != [8, 4, 4, 4, 12]
        || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return None;
    }
    u128::from_str_radix(&groups.concat(), 16).ok()
}

/// The types a type holds inline: each field or variant not boxed yet.
fn inline_children(kind: &TypeKind) -> Vec<(usize, &TypeRef)> {
    let children: Vec<(&TypeRef, bool)> = match kind {
        TypeKind::Struct(fields) => fields.iter().map(|field| (&field.ty, field.boxed)).collect(),
        TypeKind::OneOf(one_of) => one_of.variants.iter().map(|v| (&v.ty, v.boxed)).collect(),
        _ => Vec::new(),
    };
    let unboxed = children.into_iter().enumerate().filter(|(_, (_, boxed))| !boxed);
    unboxed.map(|(position, (ty, _))| (position, ty)).collect()
}

/// Boxes the fields and variants whose type leads back, through values
/// held inline, to the type itself; without a box such a type has no
/// size. Types are visited in order and each box counts at once, so a
/// cycle through several types is broken by one box, in the first type.
fn mark_boxes(types: &mut [TypeDef]) {
    let index: HashMap<String, usize> =
        types.iter().enumerate().map(|(i, def)| (def.name.clone(), i)).collect();
    for owner in 0..types.len() {
        let children: Vec<(usize, TypeRef)> = inline_children(&types[owner].kind)
            .into_iter()
            .map(|(position, ty)| (position, ty.clone()))
            .collect();
        for (position, child) in children {
            let Some(target) = inline_target(&child, &index, types) else { continue };
            if !reaches(target, owner, &index, types) {
                continue;
            }
            match &mut types[owner].kind {
                TypeKind::Struct(fields) => fields[position].boxed = true,
                TypeKind::OneOf(one_of) => one_of.variants[position].boxed = true,
                _ => {}
            }
        }
    }
}

/// The type a reference holds inline, following aliases; `None` for types
/// that store their contents on the heap already (vectors and maps).
fn inline_target(ty: &TypeRef, index: &HashMap<String, usize>, types: &[TypeDef]) -> Option<usize> {
    let mut ty = ty;
    let mut seen = 0;
    while let TypeRef::Named(name) = ty {
        let target = *index.get(name)?;
        match &types[target].kind {
            TypeKind::Alias(inner) if seen < types.len() => {
                ty = inner;
                seen += 1;
            }
            TypeKind::Alias(_) => return None,
            _ => return Some(target),
        }
    }
    None
}

fn reaches(from: usize, goal: usize, index: &HashMap<String, usize>, types: &[TypeDef]) -> bool {
    let mut stack = vec![from];
    let mut visited = vec![false; types.len()];
    while let Some(current) = stack.pop() {
        if current == goal {
            return true;
        }
        if std::mem::replace(&mut visited[current], true) {
            continue;
        }
        let children = inline_children(&types[current].kind);
        stack.extend(children.into_iter().filter_map(|(_, ty)| inline_target(ty, index, types)));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{calendar_date, is_rfc3339, uuid_bits};

    #[test]
    fn dates_times_and_uuids_are_checked_before_they_become_defaults() {
        assert_eq!(calendar_date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(calendar_date("2023-02-29"), None);
        assert_eq!(calendar_date("1900-02-29"), None);
        assert_eq!(calendar_date("2000-02-29"), Some((2000, 2, 29)));
        for bad in ["2024-13-01", "2024-00-10", "2024-1-01", "24-01-01", "2024-01-+1", ""] {
            assert_eq!(calendar_date(bad), None, "{bad}");
        }
        for good in
            ["2024-01-01T00:00:00Z", "2024-01-01t23:59:60.123+05:30", "2024-01-01 10:00:00-00:00"]
        {
            assert!(is_rfc3339(good), "{good}");
        }
        for bad in [
            "2024-01-01",
            "2024-01-01T24:00:00Z",
            "2024-01-01T10:00:00",
            "2024-01-01T10:00:00.Z",
            "2024-01-01T10:00Z",
            "2024-01-01T10:00:00+0530",
            "2024-01-01T10:00:00+24:00",
            "2024-02-30T10:00:00Z",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
        assert_eq!(
            uuid_bits("9b2e3c4d-1111-4222-8333-944455566677"),
            Some(0x9b2e3c4d_1111_4222_8333_944455566677)
        );
        assert_eq!(uuid_bits("9b2e3c4d11114222833394445556667"), None);
        assert_eq!(uuid_bits("9b2e3c4d-1111-4222-8333-94445556667g"), None);
    }
}
