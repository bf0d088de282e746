//! Schemas to types: structs for objects, forward-compatible enums for
//! string and integer enums, enums for `oneOf` and `anyOf`, and Rust types
//! for everything else.

use std::borrow::Borrow;

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::compose::{Members, Object, Shape};
use super::{docs, Lowerer, PendingDefault};
use crate::ir::{
    Field, IntEnum, IntVariant, OneOf, OneOfVariant, Primitive, StringEnum, TypeDef, TypeKind,
    TypeRef, Variant,
};
use crate::names::{snake_name, type_name, variant_name, Scope};

impl Lowerer<'_> {
    /// The type of a schema where it is used. `hint` names an inline struct
    /// or enum the schema needs. The flag says whether `null` is allowed.
    /// (`openapiv3` boxes the schemas of properties and items, hence `S`.)
    pub(super) fn type_of<S: Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        pointer: &str,
        hint: &str,
    ) -> (TypeRef, bool) {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_reference(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema.borrow(), pointer, hint),
        }
    }

    fn schema_reference(&mut self, reference: &str, pointer: &str) -> (TypeRef, bool) {
        let key = reference.strip_prefix("#/components/schemas/").filter(|key| !key.contains('/'));
        let Some(key) = key else {
            return self.schema_at_pointer(reference, pointer);
        };
        let key = crate::diagnostics::unescape_pointer_token(key);
        match self.component_names.get(&key) {
            Some(name) => {
                let nullable = self.component_nullable(&key);
                (TypeRef::Named(name.clone()), nullable)
            }
            None => {
                let message = format!(
                    "`$ref: {reference}` points at no schema: `components.schemas` has no `{key}`"
                );
                self.error(pointer, message);
                (TypeRef::Json, false)
            }
        }
    }

    /// A `$ref` to a schema anywhere else in the document (inside a path,
    /// or a property of a component): the schema there, typed as if it
    /// stood inline at its own place, so that every reference to it gets
    /// the same type.
    fn schema_at_pointer(&mut self, reference: &str, pointer: &str) -> (TypeRef, bool) {
        let Some(target) = reference.strip_prefix('#') else {
            let message = format!("cannot resolve `$ref: {reference}`: not a local reference");
            self.error(pointer, message);
            return (TypeRef::Json, false);
        };
        // A pointer in a URI fragment may be percent-encoded (`%7Bid%7D`).
        let decoded = percent_decode(target);
        let target = decoded.as_str();
        if let Some(known) = self.inline_types.get(target) {
            return known.clone();
        }
        if self.resolving.iter().any(|seen| seen == target) {
            let message = format!(
                "`$ref: {reference}` leads back to itself through references alone; \
                 typed as `serde_json::Value`"
            );
            self.warning(pointer, message);
            return (TypeRef::Json, false);
        }
        let Some(raw) = self.document.raw.pointer(target).cloned() else {
            let message = format!("`$ref: {reference}` points at nothing in the document");
            self.error(pointer, message);
            return (TypeRef::Json, false);
        };
        let schema: ReferenceOr<Schema> = match serde_json::from_value(raw) {
            Ok(schema) => schema,
            Err(error) => {
                self.error(
                    pointer,
                    format!("`$ref: {reference}` does not point at a schema: {error}"),
                );
                return (TypeRef::Json, false);
            }
        };
        let last = target.rsplit('/').next().map(crate::diagnostics::unescape_pointer_token);
        let hint = last.unwrap_or_default();
        self.resolving.push(target.to_string());
        let found = self.type_of(&schema, target, &hint);
        self.resolving.pop();
        found
    }

    fn component_nullable(&self, key: &str) -> bool {
        let schemas = self.spec.components.as_ref().map(|c| &c.schemas);
        match schemas.and_then(|schemas| schemas.get(key)) {
            Some(ReferenceOr::Item(schema)) => super::compose::allows_null(schema),
            _ => false,
        }
    }

    fn inline_type(&mut self, schema: &Schema, pointer: &str, hint: &str) -> (TypeRef, bool) {
        let nullable = schema.schema_data.nullable;
        let shape = self.shape(schema, pointer);
        if shape.is_defined() {
            if let Some(known) = self.inline_types.get(pointer) {
                return known.clone();
            }
            let nullable =
                nullable || matches!(shape, Shape::OneOf(Members { nullable: true, .. }));
            let name = self.type_scope.claim(type_name(hint));
            let slot = self.reserve_slot();
            // Known before it is defined, so that a reference back to
            // it from inside resolves (and is boxed).
            let found = (TypeRef::Named(name.clone()), nullable);
            self.inline_types.insert(pointer.to_string(), found.clone());
            let def = self.define_shape(name, schema, pointer, shape);
            self.types[slot] = def;
            return found;
        }
        match shape {
            Shape::Same(member, member_pointer, member_nullable) => {
                let (ty, inner_nullable) = self.type_of(member, &member_pointer, hint);
                (ty, nullable || member_nullable || inner_nullable)
            }
            Shape::Unsupported(construct) => (self.fallback(pointer, &construct), nullable),
            _ => (self.plain_type(schema, pointer, hint), nullable),
        }
    }

    /// Defines the named type `name` for `schema`: a struct, an enum, or an
    /// alias of whatever the schema is.
    pub(super) fn define(&mut self, name: String, schema: &Schema, pointer: &str) -> TypeDef {
        let shape = self.shape(schema, pointer);
        self.define_shape(name, schema, pointer, shape)
    }

    fn define_shape(
        &mut self,
        name: String,
        schema: &Schema,
        pointer: &str,
        shape: Shape<'_>,
    ) -> TypeDef {
        let docs = schema_docs(schema);
        let kind = match shape {
            Shape::Struct(object) => TypeKind::Struct(self.fields(&name, object)),
            Shape::Enum(values) => TypeKind::Enum(string_enum(&values)),
            Shape::IntEnum(values) => TypeKind::IntEnum(self.int_enum(&values, pointer)),
            Shape::OneOf(members) => TypeKind::OneOf(self.one_of(&name, members)),
            Shape::Same(member, member_pointer, _) => {
                TypeKind::Alias(self.type_of(member, &member_pointer, &name).0)
            }
            Shape::Unsupported(construct) => TypeKind::Alias(self.fallback(pointer, &construct)),
            Shape::Other => TypeKind::Alias(self.plain_type(schema, pointer, &name)),
        };
        TypeDef { name, docs, pointer: pointer.to_string(), kind }
    }

    fn fields(&mut self, owner: &str, object: Object<'_>) -> Vec<Field> {
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for property in &object.properties {
            let wire = &property.wire;
            let name = scope.claim(snake_name(wire, "field"));
            let hint = format!("{owner}{}", type_name(wire));
            let (ty, nullable) = self.type_of(property.schema.as_ref(), &property.pointer, &hint);
            let facts = self.property_facts(property.schema.as_ref(), &property.pointer);
            let mut docs = facts.docs;
            if !facts.described {
                // Examples and constraints read better after a first line.
                let mut named = vec![format!("The `{wire}` property.")];
                if !docs.is_empty() {
                    named.push(String::new());
                }
                docs.splice(0..0, named);
            }
            // A field the server alone sets, or the client alone sends,
            // is missing from the other direction's payloads.
            let one_way = facts.read_only || facts.write_only;
            let required = object.required.contains(wire) && !one_way;
            if facts.read_only {
                push_paragraph(&mut docs, "Read-only: the server sets it; requests leave it out.");
            }
            if facts.write_only {
                push_paragraph(&mut docs, "Write-only: requests send it; responses leave it out.");
            }
            if let Some(value) = facts.default.filter(|value| !value.is_null()) {
                if !required && !nullable {
                    self.pending_defaults.push(PendingDefault {
                        owner: owner.to_string(),
                        field: fields.len(),
                        value,
                        pointer: property.pointer.clone(),
                    });
                }
            }
            fields.push(Field {
                name,
                wire: wire.clone(),
                docs,
                ty,
                required,
                nullable,
                boxed: false,
                secret: facts.secret,
                flatten: false,
                default: None,
            });
        }
        let additional = object.additional.as_ref();
        let extra = additional.and_then(|(additional, at)| {
            self.additional_type(
                Some(additional),
                at.trim_end_matches("/additionalProperties"),
                owner,
            )
        });
        if let Some(extra) = extra {
            fields.push(Field {
                name: scope.claim("additional_properties".to_string()),
                wire: String::new(),
                docs: vec!["Properties the schema does not name.".to_string()],
                ty: TypeRef::Map(Box::new(extra)),
                required: true,
                nullable: false,
                boxed: false,
                secret: false,
                flatten: true,
                default: None,
            });
        }
        fields
    }

    /// What a property says of itself, where it stands or, for a `$ref`,
    /// beside it and at its target.
    fn property_facts(&self, property: &ReferenceOr<Box<Schema>>, pointer: &str) -> Facts {
        match property {
            ReferenceOr::Item(schema) => Facts::of(schema, schema_docs(schema)),
            ReferenceOr::Reference { reference } => {
                let target = self.schema_by_ref(reference);
                let mut facts = match target {
                    Some(target) => Facts::of(target, Vec::new()),
                    None => Facts::default(),
                };
                facts.docs = self.sibling_docs(pointer);
                facts.described = !facts.docs.is_empty();
                let sibling = |key: &str| self.document.raw.pointer(pointer)?.get(key).cloned();
                facts.read_only |= sibling("readOnly") == Some(Value::Bool(true));
                facts.write_only |= sibling("writeOnly") == Some(Value::Bool(true));
                if let Some(default) = sibling("default") {
                    facts.default = Some(default);
                }
                facts
            }
        }
    }

    fn one_of(&mut self, owner: &str, members: Members<'_>) -> OneOf {
        let mut scope = Scope::default();
        let discriminator = members.discriminator.as_ref();
        // A discriminator names types, so it applies only when every
        // member is a reference; otherwise each member is tried in turn.
        let tagged = discriminator.is_some()
            && members
                .members
                .iter()
                .all(|(member, _)| matches!(member, ReferenceOr::Reference { .. }));
        let mut variants = Vec::new();
        let mut used_tags = std::collections::BTreeSet::new();
        for (member, member_pointer) in &members.members {
            let (base, docs) = match member {
                ReferenceOr::Reference { reference } => {
                    (self.reference_name(reference), Vec::new())
                }
                ReferenceOr::Item(schema) => (member_name(schema), schema_docs(schema)),
            };
            let name = scope.claim(base);
            let hint = format!("{owner}{name}");
            let (ty, _) = self.type_of(*member, member_pointer, &hint);
            let tags = match (member, discriminator) {
                (ReferenceOr::Reference { reference }, Some(discriminator)) if tagged => {
                    let key = reference.rsplit('/').next().unwrap_or_default();
                    let key = crate::diagnostics::unescape_pointer_token(key);
                    let mut tags: Vec<String> = discriminator
                        .mapping
                        .iter()
                        .filter(|(_, target)| *target == reference || **target == key)
                        .map(|(value, _)| value.clone())
                        .collect();
                    if tags.is_empty() {
                        tags.push(key);
                    }
                    // A value that already picks an earlier variant cannot
                    // pick this one too.
                    tags.retain(|tag| used_tags.insert(tag.clone()));
                    tags
                }
                _ => Vec::new(),
            };
            variants.push(OneOfVariant { name, ty, tags, boxed: false, docs });
        }
        let tag = discriminator.filter(|_| tagged).map(|d| d.property_name.clone());
        let fallback = scope.claim(if tag.is_some() { "Unknown" } else { "Other" }.to_string());
        OneOf { variants, tag, fallback }
    }

    /// The variant name for a referenced member: the Rust name of its type.
    fn reference_name(&self, reference: &str) -> String {
        let key = reference.rsplit('/').next().unwrap_or_default();
        let key = crate::diagnostics::unescape_pointer_token(key);
        let component = reference.strip_prefix("#/components/schemas/").is_some();
        match self.component_names.get(&key).filter(|_| component) {
            Some(name) => name.clone(),
            None => variant_name(&key),
        }
    }

    fn int_enum(&mut self, values: &[i64], pointer: &str) -> IntEnum {
        // `x-enum-varnames` (and NSwag's `x-enumNames`) name the values.
        let node = self.document.raw.pointer(pointer);
        let names = ["x-enum-varnames", "x-enumNames"]
            .iter()
            .find_map(|key| node?.get(*key)?.as_array())
            .filter(|names| names.len() == values.len());
        let mut scope = Scope::default();
        let variants = values
            .iter()
            .enumerate()
            .map(|(index, value)| {
                let given = names.and_then(|names| names[index].as_str()).map(variant_name);
                let name = given.unwrap_or_else(|| match *value {
                    value if value < 0 => format!("Minus{}", value.unsigned_abs()),
                    value => format!("V{value}"),
                });
                IntVariant { name: scope.claim(name), value: *value }
            })
            .collect();
        IntEnum { variants, unknown: scope.claim("Unknown".to_string()) }
    }

    fn additional_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        pointer: &str,
        owner: &str,
    ) -> Option<TypeRef> {
        match additional? {
            AdditionalProperties::Any(true) => Some(TypeRef::Json),
            AdditionalProperties::Any(false) => None,
            AdditionalProperties::Schema(schema) => {
                let pointer = format!("{pointer}/additionalProperties");
                Some(self.type_of(schema, &pointer, &format!("{owner}Value")).0)
            }
        }
    }

    /// The type of a schema that needs no definition of its own.
    fn plain_type(&mut self, schema: &Schema, pointer: &str, hint: &str) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                TypeRef::Primitive(string_primitive(&string.format))
            }
            SchemaKind::Type(Type::Integer(integer)) => TypeRef::Primitive(match &integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Primitive::I32,
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Primitive::I64,
                VariantOrUnknownOrEmpty::Unknown(format) => integer_primitive(format),
                VariantOrUnknownOrEmpty::Empty => Primitive::I64,
            }),
            SchemaKind::Type(Type::Number(number)) => TypeRef::Primitive(match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Primitive::F32,
                _ => Primitive::F64,
            }),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Primitive(Primitive::Bool),
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => {
                    let pointer = format!("{pointer}/items");
                    let item = self.type_of(items, &pointer, &format!("{hint}Item")).0;
                    TypeRef::Vec(Box::new(item))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            SchemaKind::Type(Type::Object(object)) => {
                let value =
                    self.additional_type(object.additional_properties.as_ref(), pointer, hint);
                TypeRef::Map(Box::new(value.unwrap_or(TypeRef::Json)))
            }
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some(typ) if enum_mismatch(typ, &any.enumeration).is_some() => {
                    // Common in real specs, so a warning rather than a refusal.
                    let bad = enum_mismatch(typ, &any.enumeration).unwrap_or_default();
                    let message = format!(
                        "the enum value {bad} is not of the schema's type `{typ}`; typed as \
                         `serde_json::Value`"
                    );
                    self.warning(&format!("{pointer}/enum"), message);
                    TypeRef::Json
                }
                Some("string") => TypeRef::Primitive(Primitive::String),
                Some("integer") => TypeRef::Primitive(Primitive::I64),
                Some("number") => TypeRef::Primitive(Primitive::F64),
                Some("boolean") => TypeRef::Primitive(Primitive::Bool),
                Some("array") => {
                    let item = match &any.items {
                        Some(items) => {
                            let pointer = format!("{pointer}/items");
                            self.type_of(items, &pointer, &format!("{hint}Item")).0
                        }
                        None => TypeRef::Json,
                    };
                    TypeRef::Vec(Box::new(item))
                }
                Some("object") | None if any.additional_properties.is_some() => {
                    let additional = any.additional_properties.as_ref();
                    let value = self.additional_type(additional, pointer, hint);
                    TypeRef::Map(Box::new(value.unwrap_or(TypeRef::Json)))
                }
                _ => TypeRef::Json,
            },
            // Compositions reach here only when `shape` found nothing to
            // type: no member, or parts without a property.
            SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                TypeRef::Json
            }
            SchemaKind::Not { .. } => self.fallback(pointer, "`not`"),
        }
    }

    fn fallback(&mut self, pointer: &str, construct: &str) -> TypeRef {
        self.warning(
            pointer,
            format!("{construct} is not supported yet; typed as `serde_json::Value`"),
        );
        TypeRef::Json
    }
}

/// What a property says of itself beyond its type.
#[derive(Default)]
struct Facts {
    docs: Vec<String>,
    /// Whether the docs start with a title or a description.
    described: bool,
    read_only: bool,
    write_only: bool,
    secret: bool,
    default: Option<Value>,
}

impl Facts {
    fn of(schema: &Schema, docs: Vec<String>) -> Facts {
        let secret = matches!(
            &schema.schema_kind,
            SchemaKind::Type(Type::String(string))
                if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Password)
        );
        let described = [&schema.schema_data.title, &schema.schema_data.description]
            .iter()
            .any(|text| text.as_deref().is_some_and(|text| !text.trim().is_empty()));
        Facts {
            docs,
            described,
            read_only: schema.schema_data.read_only,
            write_only: schema.schema_data.write_only,
            secret,
            default: schema.schema_data.default.clone(),
        }
    }
}

/// The one mapping of string formats to Rust types.
fn string_primitive(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Primitive::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Primitive::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Primitive::Base64,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Primitive::Binary,
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => Primitive::Uuid,
        _ => Primitive::String,
    }
}

/// The one mapping of integer formats to Rust types: the sized formats to
/// their type, and anything else (no format, `int`, `long`...) to `i64`.
fn integer_primitive(format: &str) -> Primitive {
    match format {
        "int8" => Primitive::I8,
        "int16" => Primitive::I16,
        "int32" => Primitive::I32,
        "uint8" => Primitive::U8,
        "uint16" => Primitive::U16,
        "uint32" => Primitive::U32,
        "uint64" => Primitive::U64,
        _ => Primitive::I64,
    }
}

/// A variant name for an inline member of a `oneOf`: its title, or what
/// kind of value it is.
fn member_name(schema: &Schema) -> String {
    if let Some(title) = schema.schema_data.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return variant_name(title);
    }
    let kind = match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Array(_)) => "Array",
        SchemaKind::Type(Type::Object(_)) => "Object",
        SchemaKind::Any(any) if !any.properties.is_empty() => "Object",
        _ => "Value",
    };
    kind.to_string()
}

/// A schema's documentation: its title and description, then its example,
/// default and constraints, each a paragraph of its own.
pub(super) fn schema_docs(schema: &Schema) -> Vec<String> {
    let data = &schema.schema_data;
    let mut lines = docs(data.title.as_deref(), data.description.as_deref());
    if data.deprecated {
        push_paragraph(&mut lines, "**Deprecated.**");
    }
    let constraints = constraints(schema);
    if !constraints.is_empty() {
        push_paragraph(&mut lines, &format!("Constraints: {}.", constraints.join(", ")));
    }
    if let Some(default) = data.default.as_ref().filter(|value| !value.is_null()) {
        push_paragraph(&mut lines, &format!("Default: {}.", code(default)));
    }
    if let Some(example) = &data.example {
        let text = serde_json::to_string(example).unwrap_or_default();
        if text.len() <= 80 && !text.contains('`') {
            push_paragraph(&mut lines, &format!("Example: `{text}`."));
        } else {
            let pretty = serde_json::to_string_pretty(example).unwrap_or(text);
            push_paragraph(&mut lines, "Example:");
            lines.push(String::new());
            lines.push("```json".to_string());
            lines.extend(pretty.lines().map(|line| line.replace("```", "'''")));
            lines.push("```".to_string());
        }
    }
    lines
}

/// The validation keywords of a schema, in words.
fn constraints(schema: &Schema) -> Vec<String> {
    let mut said = Vec::new();
    let mut bound = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            said.push(format!("{name} {value}"));
        }
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            bound("at least", string.min_length.map(|n| count(n, "character")));
            bound("at most", string.max_length.map(|n| count(n, "character")));
            bound("matches", string.pattern.as_ref().map(|p| format!("`{}`", p.replace('`', "'"))));
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            let above = if integer.exclusive_minimum { "greater than" } else { "at least" };
            let below = if integer.exclusive_maximum { "less than" } else { "at most" };
            bound(above, integer.minimum.map(|n| n.to_string()));
            bound(below, integer.maximum.map(|n| n.to_string()));
            bound("a multiple of", integer.multiple_of.map(|n| n.to_string()));
        }
        SchemaKind::Type(Type::Number(number)) => {
            let above = if number.exclusive_minimum { "greater than" } else { "at least" };
            let below = if number.exclusive_maximum { "less than" } else { "at most" };
            bound(above, number.minimum.map(|n| n.to_string()));
            bound(below, number.maximum.map(|n| n.to_string()));
            bound("a multiple of", number.multiple_of.map(|n| n.to_string()));
        }
        SchemaKind::Type(Type::Array(array)) => {
            bound("at least", array.min_items.map(|n| count(n, "item")));
            bound("at most", array.max_items.map(|n| count(n, "item")));
            if array.unique_items {
                said.push("unique items".to_string());
            }
        }
        SchemaKind::Type(Type::Object(object)) => {
            bound("at least", object.min_properties.map(|n| count(n, "property")));
            bound("at most", object.max_properties.map(|n| count(n, "property")));
        }
        _ => {}
    }
    said
}

/// `n` things, in words.
fn count(n: usize, thing: &str) -> String {
    match (n, thing.strip_suffix('y')) {
        (1, _) => format!("1 {thing}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {thing}s"),
    }
}

/// A JSON value as inline code.
fn code(value: &Value) -> String {
    format!("`{}`", value.to_string().replace('`', "'"))
}

/// Adds a paragraph to documentation lines.
pub(super) fn push_paragraph(lines: &mut Vec<String>, text: &str) {
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(text.to_string());
}

/// `%XX` escapes decoded (RFC 3986); text that does not decode to UTF-8 is
/// kept as it was.
pub(super) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes.get(at + 1..at + 3).and_then(|pair| std::str::from_utf8(pair).ok());
        match (bytes[at], hex.and_then(|pair| u8::from_str_radix(pair, 16).ok())) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                at += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8(decoded).unwrap_or_else(|_| text.to_string())
}

/// The first enum value that is not of type `typ`, as JSON text.
fn enum_mismatch(typ: &str, values: &[serde_json::Value]) -> Option<String> {
    let fits = |value: &serde_json::Value| match typ {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        _ => true,
    };
    values.iter().find(|value| !value.is_null() && !fits(value)).map(ToString::to_string)
}

#[cfg(test)]
#[test]
fn fragments_are_percent_decoded() {
    assert_eq!(percent_decode("/paths/~1a~1%7Bid%7D/get"), "/paths/~1a~1{id}/get");
    assert_eq!(percent_decode("/100%/x%zz"), "/100%/x%zz");
}

fn string_enum(values: &[String]) -> StringEnum {
    let mut scope = Scope::default();
    let variants = values
        .iter()
        .map(|value| Variant { name: scope.claim(variant_name(value)), value: value.clone() })
        .collect();
    StringEnum { variants, unknown: scope.claim("Unknown".to_string()) }
}
