//! A check of every schema's keywords before typing.
//!
//! `openapiv3` types a schema by trying one form after another; when a
//! value deep inside nested schemas has the wrong type, each level tries
//! every form again, and the time doubles with each level. This pass finds
//! such values first, in one linear walk, and reports all of them with
//! their places, so typing only ever sees schemas whose keywords fit.

use serde_json::Value;

use crate::diagnostics::escape_pointer_token;

/// What a keyword's value must be.
#[derive(Clone, Copy)]
enum Expect {
    String,
    Bool,
    Number,
    Count,
    Strings,
    Schema,
    Schemas,
    SchemaMap,
    SchemaOrBool,
    Array,
    Object,
}

const KEYWORDS: &[(&str, Expect)] = &[
    ("type", Expect::String),
    ("format", Expect::String),
    ("pattern", Expect::String),
    ("title", Expect::String),
    ("description", Expect::String),
    ("$ref", Expect::String),
    ("nullable", Expect::Bool),
    ("readOnly", Expect::Bool),
    ("writeOnly", Expect::Bool),
    ("deprecated", Expect::Bool),
    ("uniqueItems", Expect::Bool),
    ("exclusiveMinimum", Expect::Bool),
    ("exclusiveMaximum", Expect::Bool),
    ("minimum", Expect::Number),
    ("maximum", Expect::Number),
    ("multipleOf", Expect::Number),
    ("minLength", Expect::Count),
    ("maxLength", Expect::Count),
    ("minItems", Expect::Count),
    ("maxItems", Expect::Count),
    ("minProperties", Expect::Count),
    ("maxProperties", Expect::Count),
    ("required", Expect::Strings),
    ("enum", Expect::Array),
    ("items", Expect::Schema),
    ("not", Expect::Schema),
    ("allOf", Expect::Schemas),
    ("oneOf", Expect::Schemas),
    ("anyOf", Expect::Schemas),
    ("properties", Expect::SchemaMap),
    ("additionalProperties", Expect::SchemaOrBool),
    ("discriminator", Expect::Object),
    ("externalDocs", Expect::Object),
    ("xml", Expect::Object),
];

/// What the check found: misfits, which are errors, and boolean schemas,
/// which it replaced.
pub(crate) struct Checked {
    pub(crate) errors: Vec<(String, String)>,
    pub(crate) warnings: Vec<(String, String)>,
}

/// Every misfit keyword of every schema of the document, as
/// `(pointer, message)`. Boolean schemas (JSON Schema's `true` and
/// `false`, which 3.0 does not have) become the empty schema, any value.
pub(crate) fn check_schemas(document: &mut Value) -> Checked {
    let mut problems = Vec::new();
    let mut booleans = Vec::new();
    let mut pending = schema_roots(document);
    while let Some(pointer) = pending.pop() {
        let Some(schema) = document.pointer(&pointer) else { continue };
        if schema.is_boolean() {
            booleans.push(pointer);
            continue;
        }
        let Value::Object(schema) = schema else {
            let message = format!("a schema must be a mapping, found {}", super::describe(schema));
            problems.push((pointer, message));
            continue;
        };
        if schema.contains_key("$ref") {
            // Siblings of a `$ref` are ignored in 3.0, and not typed.
            if !schema["$ref"].is_string() {
                problems.push((format!("{pointer}/$ref"), "`$ref` must be a string".to_string()));
            }
            continue;
        }
        for (keyword, expect) in KEYWORDS {
            let Some(value) = schema.get(*keyword) else { continue };
            let at = format!("{pointer}/{}", escape_pointer_token(keyword));
            match (expect, value) {
                (Expect::Schema, Value::Object(_) | Value::Bool(_))
                | (Expect::SchemaOrBool, Value::Object(_)) => {
                    pending.push(at);
                }
                (Expect::Schemas, Value::Array(items)) => {
                    pending.extend((0..items.len()).map(|index| format!("{at}/{index}")));
                }
                (Expect::SchemaMap, Value::Object(map)) => {
                    pending.extend(map.keys().map(|k| format!("{at}/{}", escape_pointer_token(k))));
                }
                (expect, value) if fits(*expect, value) => {}
                (expect, value) => {
                    let message = format!(
                        "`{keyword}` must be {}, found {}",
                        describe_expect(*expect),
                        super::describe(value)
                    );
                    problems.push((at, message));
                }
            }
        }
    }
    problems.sort();
    let mut warnings = Vec::new();
    booleans.sort();
    for pointer in booleans {
        if let Some(schema) = document.pointer_mut(&pointer) {
            *schema = Value::Object(serde_json::Map::new());
        }
        let message = "a boolean schema is not part of OpenAPI 3.0; typed as `serde_json::Value`";
        warnings.push((pointer, message.to_string()));
    }
    Checked { errors: problems, warnings }
}

fn fits(expect: Expect, value: &Value) -> bool {
    match expect {
        Expect::String => value.is_string(),
        Expect::Bool | Expect::SchemaOrBool => value.is_boolean(),
        Expect::Number => value.is_number(),
        Expect::Count => value.is_u64(),
        Expect::Strings => value.as_array().is_some_and(|items| items.iter().all(Value::is_string)),
        Expect::Array => value.is_array(),
        Expect::Object => value.is_object(),
        Expect::Schema | Expect::Schemas | Expect::SchemaMap => false,
    }
}

fn describe_expect(expect: Expect) -> &'static str {
    match expect {
        Expect::String => "a string",
        Expect::Bool => "a boolean",
        Expect::Number => "a number",
        Expect::Count => "a whole number of zero or more",
        Expect::Strings => "a list of strings",
        Expect::Array => "a list",
        Expect::Object => "a mapping",
        Expect::Schema => "a schema (a mapping)",
        Expect::Schemas => "a list of schemas",
        Expect::SchemaMap => "a mapping of names to schemas",
        Expect::SchemaOrBool => "a schema or a boolean",
    }
}

/// The pointers of the schemas that are not inside other schemas:
/// components, and the `schema` of parameters, headers and media types.
fn schema_roots(document: &Value) -> Vec<String> {
    let mut roots = Vec::new();
    let entries = |pointer: &str| -> Vec<String> {
        match document.pointer(pointer) {
            Some(Value::Object(map)) => {
                map.keys().map(|key| format!("{pointer}/{}", escape_pointer_token(key))).collect()
            }
            Some(Value::Array(items)) => {
                (0..items.len()).map(|i| format!("{pointer}/{i}")).collect()
            }
            _ => Vec::new(),
        }
    };
    roots.extend(entries("/components/schemas"));
    // Containers of `schema` (parameters, headers) and of `content`
    // (responses, request bodies), wherever they stand.
    let mut holders: Vec<String> = Vec::new();
    for section in ["parameters", "headers"] {
        holders.extend(entries(&format!("/components/{section}")));
    }
    let mut bodies: Vec<String> = entries("/components/responses");
    bodies.extend(entries("/components/requestBodies"));
    for path in entries("/paths") {
        holders.extend(entries(&format!("{path}/parameters")));
        for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
            let operation = format!("{path}/{method}");
            holders.extend(entries(&format!("{operation}/parameters")));
            bodies.push(format!("{operation}/requestBody"));
            bodies.extend(entries(&format!("{operation}/responses")));
        }
    }
    for body in &bodies {
        holders.extend(entries(&format!("{body}/headers")));
        holders.extend(entries(&format!("{body}/content")));
    }
    for holder in holders {
        let schema = format!("{holder}/schema");
        if document.pointer(&schema).is_some() {
            roots.push(schema);
        }
    }
    roots
}

/// The HTTP methods a path item may hold.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Takes `callbacks` out of every operation. They describe requests the
/// API sends to its users, which a client has nothing to make of (the
/// schemas they use in `components` are typed still), and the typed model
/// cannot hold one given as a `$ref`.
pub(crate) fn drop_callbacks(document: &mut Value) {
    let Some(Value::Object(paths)) = document.get_mut("paths") else { return };
    for item in paths.values_mut() {
        let Value::Object(item) = item else { continue };
        for method in METHODS {
            if let Some(Value::Object(operation)) = item.get_mut(*method) {
                operation.remove("callbacks");
            }
        }
    }
}
