//! What a schema becomes when it stands on its own (its `Shape`), with
//! the composition keywords worked out: `allOf` merged into one object,
//! `oneOf` and `anyOf` split into their members.

use std::borrow::Cow;

use openapiv3::{AdditionalProperties, Discriminator, ReferenceOr, Schema, SchemaKind, Type};

use super::Lowerer;
use crate::diagnostics::escape_pointer_token;

/// How deep `allOf` may nest (through references too) before merging
/// gives up; real specs stay far below it.
const MAX_MERGE_DEPTH: usize = 64;

/// One property of an object, from whichever schema declares it.
pub(super) struct Property<'s> {
    pub wire: String,
    pub schema: Cow<'s, ReferenceOr<Box<Schema>>>,
    /// Where the property's schema stands.
    pub pointer: String,
}

/// An object with named properties, merged from every part of an `allOf`.
#[derive(Default)]
pub(super) struct Object<'s> {
    /// In the order they first appear; a later part that declares a
    /// property again replaces its schema but keeps its place.
    pub properties: Vec<Property<'s>>,
    pub required: Vec<String>,
    /// `additionalProperties`, and where it stands.
    pub additional: Option<(AdditionalProperties, String)>,
}

impl Object<'_> {
    /// The object, owning what it borrowed.
    fn into_owned(self) -> Object<'static> {
        let properties = self
            .properties
            .into_iter()
            .map(|property| Property {
                wire: property.wire,
                schema: Cow::Owned(property.schema.into_owned()),
                pointer: property.pointer,
            })
            .collect();
        Object { properties, required: self.required, additional: self.additional }
    }
}

/// The members of a `oneOf` or `anyOf`.
pub(super) struct Members<'s> {
    /// Each member and where it stands, null-only members left out.
    pub members: Vec<(&'s ReferenceOr<Schema>, String)>,
    pub discriminator: Option<Discriminator>,
    /// Whether a member allows only `null`.
    pub nullable: bool,
}

/// What a schema becomes when it stands on its own.
pub(super) enum Shape<'s> {
    Struct(Object<'s>),
    Enum(Vec<String>),
    IntEnum(Vec<i64>),
    OneOf(Members<'s>),
    /// A composition of one schema (`allOf: [$ref]` beside a description,
    /// say): that schema's type. The flag says whether `null` is allowed.
    Same(&'s ReferenceOr<Schema>, String, bool),
    /// A construct not supported yet, and why: a JSON value.
    Unsupported(String),
    /// Anything else: a Rust type with no definition of its own.
    Other,
}

impl Shape<'_> {
    /// Whether the shape needs a named type of its own.
    pub fn is_defined(&self) -> bool {
        matches!(self, Shape::Struct(_) | Shape::Enum(_) | Shape::IntEnum(_) | Shape::OneOf(_))
    }
}

impl<'s> Object<'s> {
    /// Adds the properties of another part: new ones at the end, known
    /// ones replaced where they stand.
    fn absorb(&mut self, part: Object<'s>) {
        for property in part.properties {
            match self.properties.iter_mut().find(|known| known.wire == property.wire) {
                Some(known) => *known = property,
                None => self.properties.push(property),
            }
        }
        for name in part.required {
            if !self.required.contains(&name) {
                self.required.push(name);
            }
        }
        if part.additional.is_some() {
            self.additional = part.additional;
        }
    }
}

impl Lowerer<'_> {
    pub(super) fn shape<'s>(&self, schema: &'s Schema, pointer: &str) -> Shape<'s> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                self.merged(schema, pointer)
            }
            SchemaKind::Any(any)
                if !any.all_of.is_empty()
                    && any.properties.is_empty()
                    && any.typ.as_deref().is_none_or(|typ| typ != "object") =>
            {
                // `allOf` beside keywords that only constrain (`maxLength`).
                match self.single_typed_part(&any.all_of) {
                    Some((index, only)) => {
                        Shape::Same(only, format!("{pointer}/allOf/{index}"), false)
                    }
                    None => self.merged(schema, pointer),
                }
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() || !any.properties.is_empty() => {
                self.merged(schema, pointer)
            }
            SchemaKind::AllOf { all_of } => match self.single_typed_part(all_of) {
                Some((index, only)) => {
                    let nullable = all_of.iter().any(
                        |part| matches!(part, ReferenceOr::Item(part) if part.schema_data.nullable),
                    );
                    Shape::Same(only, format!("{pointer}/allOf/{index}"), nullable)
                }
                None => self.merged(schema, pointer),
            },
            SchemaKind::OneOf { one_of } => {
                self.members(one_of, &format!("{pointer}/oneOf"), &schema.schema_data.discriminator)
            }
            SchemaKind::AnyOf { any_of } => {
                self.members(any_of, &format!("{pointer}/anyOf"), &schema.schema_data.discriminator)
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() => {
                self.members(&any.one_of, &format!("{pointer}/oneOf"), &None)
            }
            SchemaKind::Any(any) if !any.any_of.is_empty() => {
                self.members(&any.any_of, &format!("{pointer}/anyOf"), &None)
            }
            SchemaKind::Type(Type::String(string))
                if string.enumeration.iter().any(Option::is_some) =>
            {
                let mut values: Vec<String> =
                    string.enumeration.iter().flatten().cloned().collect();
                dedup(&mut values);
                Shape::Enum(values)
            }
            SchemaKind::Type(Type::Integer(integer))
                if integer.enumeration.iter().any(Option::is_some) =>
            {
                let mut values: Vec<i64> = integer.enumeration.iter().flatten().copied().collect();
                dedup(&mut values);
                Shape::IntEnum(values)
            }
            SchemaKind::Not { .. } => Shape::Unsupported("`not`".to_string()),
            _ => Shape::Other,
        }
    }

    /// An object schema, with every part of its `allOf` merged in.
    fn merged<'s>(&self, schema: &'s Schema, pointer: &str) -> Shape<'s> {
        let mut object = Object::default();
        if let Err(why) = self.merge(schema, pointer, &mut object, 0) {
            return Shape::Unsupported(why);
        }
        if object.properties.is_empty() {
            // Parts with no property at all: a free-form object or a map.
            return Shape::Other;
        }
        Shape::Struct(object)
    }

    fn merge<'s>(
        &self,
        schema: &'s Schema,
        pointer: &str,
        into: &mut Object<'s>,
        depth: usize,
    ) -> Result<(), String> {
        if depth > MAX_MERGE_DEPTH {
            return Err("`allOf` nested too deeply (or in a cycle)".to_string());
        }
        let (all_of, properties, required, additional) = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => (all_of.as_slice(), None, &[][..], None),
            SchemaKind::Type(Type::Object(object)) => (
                &[][..],
                Some(&object.properties),
                object.required.as_slice(),
                object.additional_properties.as_ref(),
            ),
            SchemaKind::Any(any) => {
                if depth > 0 && (!any.one_of.is_empty() || !any.any_of.is_empty()) {
                    return Err("`oneOf` or `anyOf` inside `allOf`".to_string());
                }
                if let Some(typ) = any.typ.as_deref().filter(|typ| *typ != "object") {
                    return Err(format!("an `allOf` part of type `{typ}`"));
                }
                (
                    any.all_of.as_slice(),
                    Some(&any.properties),
                    any.required.as_slice(),
                    any.additional_properties.as_ref(),
                )
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                return Err("`oneOf` or `anyOf` inside `allOf`".to_string());
            }
            SchemaKind::Not { .. } => return Err("`not` inside `allOf`".to_string()),
            SchemaKind::Type(_) => {
                return Err("`allOf` with a part that is not an object".to_string());
            }
        };
        for (index, part) in all_of.iter().enumerate() {
            match part {
                ReferenceOr::Item(part) => {
                    self.merge(part, &format!("{pointer}/allOf/{index}"), into, depth + 1)?;
                }
                ReferenceOr::Reference { reference } => {
                    let Some((part, part_pointer)) = self.resolve_schema(reference) else {
                        return Err(format!("`$ref: {reference}` in `allOf` points at no schema"));
                    };
                    let mut merged = Object::default();
                    self.merge(&part, &part_pointer, &mut merged, depth + 1)?;
                    into.absorb(merged.into_owned());
                }
            }
        }
        let mut own = Object::default();
        for (wire, property) in properties.into_iter().flatten() {
            own.properties.push(Property {
                wire: wire.clone(),
                schema: Cow::Borrowed(property),
                pointer: format!("{pointer}/properties/{}", escape_pointer_token(wire)),
            });
        }
        own.required = required.to_vec();
        own.additional = additional
            .map(|additional| (additional.clone(), format!("{pointer}/additionalProperties")));
        into.absorb(own);
        Ok(())
    }

    fn members<'s>(
        &self,
        members: &'s [ReferenceOr<Schema>],
        pointer: &str,
        discriminator: &Option<Discriminator>,
    ) -> Shape<'s> {
        let mut kept = Vec::new();
        let mut nullable = false;
        for (index, member) in members.iter().enumerate() {
            match member {
                ReferenceOr::Item(schema) if is_null_only(schema) => nullable = true,
                member => kept.push((member, format!("{pointer}/{index}"))),
            }
        }
        if kept.len() == 1 {
            let (only, only_pointer) = kept.remove(0);
            return Shape::Same(only, only_pointer, nullable);
        }
        if kept.is_empty() {
            return Shape::Other;
        }
        Shape::OneOf(Members { members: kept, discriminator: discriminator.clone(), nullable })
    }

    /// The part of an `allOf` that gives the value its type, when the other
    /// parts only document or constrain it: the one reference beside
    /// annotations, or the first part when no part is an object (a string
    /// with a `maxLength` added, say).
    fn single_typed_part<'s>(
        &self,
        parts: &'s [ReferenceOr<Schema>],
    ) -> Option<(usize, &'s ReferenceOr<Schema>)> {
        if let Some(only) = trivial_composition(parts) {
            return Some(only);
        }
        let mut first = None;
        for (index, part) in parts.iter().enumerate() {
            let resolved;
            let schema = match part {
                ReferenceOr::Item(schema) => schema,
                ReferenceOr::Reference { reference } => {
                    resolved = self.resolve_schema(reference)?.0;
                    &resolved
                }
            };
            if is_annotation_only(schema) {
                continue;
            }
            let scalar = match &schema.schema_kind {
                SchemaKind::Type(Type::Object(_)) => false,
                SchemaKind::Type(_) => true,
                SchemaKind::Any(any) => {
                    any.properties.is_empty()
                        && any.all_of.is_empty()
                        && any.one_of.is_empty()
                        && any.any_of.is_empty()
                        && any.typ.as_deref().is_some_and(|typ| typ != "object")
                }
                _ => false,
            };
            if !scalar {
                return None;
            }
            first.get_or_insert((index, part));
        }
        first
    }

    /// The schema a `$ref` leads to, following references among component
    /// schemas, and where it stands.
    pub(super) fn resolve_schema(&self, reference: &str) -> Option<(Schema, String)> {
        if let Some(schema) = self.schema_by_ref(reference) {
            let key = reference.trim_start_matches('#');
            return Some((schema.clone(), key.to_string()));
        }
        let mut reference = reference.to_string();
        for _ in 0..MAX_MERGE_DEPTH {
            let target = super::schema::percent_decode(reference.strip_prefix('#')?);
            let raw = self.document.raw.pointer(&target)?;
            match serde_json::from_value::<ReferenceOr<Schema>>(raw.clone()).ok()? {
                ReferenceOr::Item(schema) => return Some((schema, target)),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }
}

/// The one schema of an `allOf` whose other parts only document (a
/// description, `nullable`), when it is a reference.
fn trivial_composition(parts: &[ReferenceOr<Schema>]) -> Option<(usize, &ReferenceOr<Schema>)> {
    let mut contributing = parts.iter().enumerate().filter(|(_, part)| match part {
        ReferenceOr::Item(schema) => !is_annotation_only(schema),
        ReferenceOr::Reference { .. } => true,
    });
    let only = contributing.next()?;
    let is_reference = matches!(only.1, ReferenceOr::Reference { .. });
    (contributing.next().is_none() && is_reference).then_some(only)
}

/// A schema with no keyword that constrains the value.
fn is_annotation_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.enumeration.is_empty()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.format.is_none()
                && any.not.is_none()
        }
        _ => false,
    }
}

/// Whether a schema allows `null`: `nullable`, or a `oneOf` or `anyOf`
/// with a member that allows only `null`, or an `allOf` with a nullable
/// part. Cheap: it looks at the schema alone, not at what it refers to.
pub(super) fn allows_null(schema: &Schema) -> bool {
    let null_member = |members: &[ReferenceOr<Schema>]| {
        members.iter().any(|member| matches!(member, ReferenceOr::Item(m) if is_null_only(m)))
    };
    schema.schema_data.nullable
        || match &schema.schema_kind {
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                null_member(members)
            }
            SchemaKind::AllOf { all_of } => all_of
                .iter()
                .any(|part| matches!(part, ReferenceOr::Item(part) if part.schema_data.nullable)),
            SchemaKind::Any(any) => null_member(&any.one_of) || null_member(&any.any_of),
            _ => false,
        }
}

/// A member that allows only `null` (`nullable` and nothing else, or
/// `enum: [null]`), as 3.1's `type: 'null'` becomes.
fn is_null_only(schema: &Schema) -> bool {
    let only_null = match &schema.schema_kind {
        SchemaKind::Any(any) if !any.enumeration.is_empty() => {
            any.enumeration.iter().all(serde_json::Value::is_null)
        }
        _ => false,
    };
    only_null || (schema.schema_data.nullable && is_annotation_only(schema))
}

fn dedup<T: PartialEq>(values: &mut Vec<T>) {
    let mut unique: Vec<T> = Vec::with_capacity(values.len());
    for value in values.drain(..) {
        if !unique.contains(&value) {
            unique.push(value);
        }
    }
    *values = unique;
}
