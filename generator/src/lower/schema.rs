//! Schemas to types: structs for objects with properties, forward-compatible
//! enums for string enums, and Rust types for everything else.

use std::borrow::Borrow;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::{docs, Lowerer};
use crate::diagnostics::escape_pointer_token;
use crate::ir::{Field, Primitive, StringEnum, TypeDef, TypeKind, TypeRef, Variant};
use crate::names::{snake_name, type_name, variant_name, Scope};

type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The parts of an object schema with named properties.
pub(super) struct ObjectParts<'s> {
    properties: &'s Properties,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
}

/// What a schema becomes when it stands on its own.
pub(super) enum Shape<'s> {
    Struct(ObjectParts<'s>),
    Enum(Vec<String>),
    Other,
}

pub(super) fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
            Shape::Struct(ObjectParts {
                properties: &object.properties,
                required: &object.required,
                additional: object.additional_properties.as_ref(),
            })
        }
        SchemaKind::Any(any) if !any.properties.is_empty() => Shape::Struct(ObjectParts {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
        }),
        SchemaKind::Type(Type::String(string))
            if string.enumeration.iter().any(Option::is_some) =>
        {
            Shape::Enum(string.enumeration.iter().flatten().cloned().collect())
        }
        _ => Shape::Other,
    }
}

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
            ReferenceOr::Item(schema) => {
                let schema = schema.borrow();
                (self.inline_type(schema, pointer, hint), schema.schema_data.nullable)
            }
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
            return (known.clone(), false);
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
            Some(ReferenceOr::Item(schema)) => schema.schema_data.nullable,
            _ => false,
        }
    }

    fn inline_type(&mut self, schema: &Schema, pointer: &str, hint: &str) -> TypeRef {
        match shape(schema) {
            Shape::Struct(_) | Shape::Enum(_) => {
                if let Some(known) = self.inline_types.get(pointer) {
                    return known.clone();
                }
                let name = self.type_scope.claim(type_name(hint));
                let slot = self.reserve_slot();
                // Known before it is defined, so that a reference back to
                // it from inside resolves (and is boxed).
                self.inline_types.insert(pointer.to_string(), TypeRef::Named(name.clone()));
                let def = self.define(name.clone(), schema, pointer);
                self.types[slot] = def;
                TypeRef::Named(name)
            }
            Shape::Other => self.plain_type(schema, pointer, hint),
        }
    }

    /// Defines the named type `name` for `schema`: a struct, an enum, or an
    /// alias of whatever the schema is.
    pub(super) fn define(&mut self, name: String, schema: &Schema, pointer: &str) -> TypeDef {
        let docs =
            docs(schema.schema_data.title.as_deref(), schema.schema_data.description.as_deref());
        let kind = match shape(schema) {
            Shape::Struct(parts) => TypeKind::Struct(self.fields(&name, &parts, pointer)),
            Shape::Enum(values) => TypeKind::Enum(string_enum(&values)),
            Shape::Other => TypeKind::Alias(self.plain_type(schema, pointer, &name)),
        };
        TypeDef { name, docs, pointer: pointer.to_string(), kind }
    }

    fn fields(&mut self, owner: &str, parts: &ObjectParts<'_>, pointer: &str) -> Vec<Field> {
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for (wire, property) in parts.properties {
            let name = scope.claim(snake_name(wire, "field"));
            let property_pointer = format!("{pointer}/properties/{}", escape_pointer_token(wire));
            let hint = format!("{owner}{}", type_name(wire));
            let (ty, nullable) = self.type_of(property, &property_pointer, &hint);
            let docs = match property {
                ReferenceOr::Item(schema) => docs(
                    schema.schema_data.title.as_deref(),
                    schema.schema_data.description.as_deref(),
                ),
                ReferenceOr::Reference { .. } => self.sibling_docs(&property_pointer),
            };
            let required = parts.required.iter().any(|r| r == wire);
            let secret = is_password(property, self);
            fields.push(Field {
                name,
                wire: wire.clone(),
                docs,
                ty,
                required,
                nullable,
                boxed: false,
                secret,
                flatten: false,
            });
        }
        if let Some(extra) = self.additional_type(parts.additional, pointer, owner) {
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
            });
        }
        fields
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
            SchemaKind::Type(Type::String(string)) => TypeRef::Primitive(match &string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Primitive::Date,
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Primitive::DateTime,
                VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => Primitive::Uuid,
                _ => Primitive::String,
            }),
            SchemaKind::Type(Type::Integer(integer)) => TypeRef::Primitive(match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Primitive::I32,
                _ => Primitive::I64,
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
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.type_of(&all_of[0], &format!("{pointer}/allOf/0"), hint).0
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
                _ => TypeRef::Json,
            },
            SchemaKind::AllOf { .. } => self.fallback(pointer, "`allOf` with several schemas"),
            SchemaKind::OneOf { .. } => self.fallback(pointer, "`oneOf`"),
            SchemaKind::AnyOf { .. } => self.fallback(pointer, "`anyOf`"),
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

/// `%XX` escapes decoded (RFC 3986); text that does not decode to UTF-8 is
/// kept as it was.
fn percent_decode(text: &str) -> String {
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
    let mut variants = Vec::new();
    for value in values {
        if variants.iter().any(|v: &Variant| &v.value == value) {
            continue;
        }
        variants.push(Variant { name: scope.claim(variant_name(value)), value: value.clone() });
    }
    StringEnum { variants, unknown: scope.claim("Unknown".to_string()) }
}

/// Whether a property holds a password (`format: password`).
fn is_password(property: &ReferenceOr<Box<Schema>>, lowerer: &Lowerer<'_>) -> bool {
    let schema = match property {
        ReferenceOr::Item(schema) => Some(schema.as_ref()),
        ReferenceOr::Reference { reference } => lowerer.schema_by_ref(reference),
    };
    matches!(
        schema.map(|schema| &schema.schema_kind),
        Some(SchemaKind::Type(Type::String(string)))
            if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Password)
    )
}
