//! OpenAPI 3.1 documents, lowered to 3.0 on the untyped value so that the
//! 3.0 model (`openapiv3`) can type them.
//!
//! What changes: `type` lists with `null` become `nullable`, `const`
//! becomes a one-value `enum`, schema `examples` lists become `example`,
//! numeric `exclusiveMinimum`/`exclusiveMaximum` become the 3.0 flags,
//! `webhooks` and `jsonSchemaDialect` are dropped (with a warning for
//! webhooks), and a missing `paths` becomes empty.

use serde_json::{Map, Value};

use crate::diagnostics::escape_pointer_token;

/// Keys whose value maps names to things (schemas, responses, media
/// types...): such a map is not itself a schema, whatever its keys.
const NAMED_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "schemas",
    "responses",
    "parameters",
    "headers",
    "content",
    "securitySchemes",
    "requestBodies",
    "examples",
    "links",
    "callbacks",
    "variables",
    "mapping",
    "encoding",
    "paths",
    "pathItems",
    "scopes",
    "dependentSchemas",
];

/// Keys whose value is data (an example, a default), never a schema.
const DATA: &[&str] = &["example", "examples", "default", "enum", "const"];

/// Lowers a 3.1 document in place; returns `(pointer, message)` warnings.
pub(crate) fn lower(document: &mut Value) -> Vec<(String, String)> {
    let mut notes = Vec::new();
    if let Some(root) = document.as_object_mut() {
        root.insert("openapi".to_string(), Value::String("3.0.3".to_string()));
        root.remove("jsonSchemaDialect");
        if root.remove("webhooks").is_some() {
            let message = "webhooks are not generated yet; they are left out";
            notes.push(("/webhooks".to_string(), message.to_string()));
        }
        root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
        operations_without_responses(root);
        mutual_tls(root, &mut notes);
    }
    walk(document, "", false, &mut notes);
    notes
}

/// `responses` is optional on 3.1 operations, and required in 3.0.
fn operations_without_responses(root: &mut Map<String, Value>) {
    let Some(Value::Object(paths)) = root.get_mut("paths") else { return };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
            if let Some(Value::Object(operation)) = item.get_mut(method) {
                operation.entry("responses").or_insert_with(|| Value::Object(Map::new()));
            }
        }
    }
}

/// 3.1's `mutualTLS` scheme has no 3.0 form: it becomes an HTTP scheme the
/// generator reports as not supported.
fn mutual_tls(root: &mut Map<String, Value>, notes: &mut Vec<(String, String)>) {
    let schemes = root
        .get_mut("components")
        .and_then(|components| components.get_mut("securitySchemes"))
        .and_then(Value::as_object_mut);
    for (name, scheme) in schemes.into_iter().flatten() {
        let Some(scheme) = scheme.as_object_mut() else { continue };
        if scheme.get("type").and_then(Value::as_str) == Some("mutualTLS") {
            scheme.insert("type".to_string(), Value::String("http".to_string()));
            scheme.insert("scheme".to_string(), Value::String("mutual-tls".to_string()));
            let pointer = format!("/components/securitySchemes/{}", escape_pointer_token(name));
            let message = "mutual TLS is not supported yet: configure client certificates on \
                           your own `reqwest::Client` (ClientBuilder::http_client)";
            notes.push((pointer, message.to_string()));
        }
    }
}

fn walk(value: &mut Value, pointer: &str, named_map: bool, notes: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if !named_map {
                schema(map, pointer, notes);
            }
            for (key, child) in map.iter_mut() {
                if !named_map && (DATA.contains(&key.as_str()) || key.starts_with("x-")) {
                    continue;
                }
                let child_pointer = format!("{pointer}/{}", escape_pointer_token(key));
                let child_is_map = !named_map && NAMED_MAPS.contains(&key.as_str());
                walk(child, &child_pointer, child_is_map, notes);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                walk(item, &format!("{pointer}/{index}"), false, notes);
            }
        }
        _ => {}
    }
}

/// The 3.1 schema keywords of one object, in their 3.0 form.
fn schema(map: &mut Map<String, Value>, pointer: &str, notes: &mut Vec<(String, String)>) {
    let types = match map.get("type") {
        Some(Value::Array(types)) => Some(types.clone()),
        Some(Value::String(single)) if single == "null" => Some(vec![Value::Null]),
        _ => None,
    };
    if let Some(types) = types {
        let nullable = types.iter().any(|t| t.is_null() || t.as_str() == Some("null"));
        let named: Vec<Value> =
            types.into_iter().filter(|t| t.as_str().is_some_and(|t| t != "null")).collect();
        map.remove("type");
        match named.as_slice() {
            [] => {}
            [single] => {
                map.insert("type".to_string(), single.clone());
            }
            _ => {
                let message = "a schema with several types is not supported yet; typed as \
                               `serde_json::Value`";
                notes.push((format!("{pointer}/type"), message.to_string()));
            }
        }
        if nullable {
            map.insert("nullable".to_string(), Value::Bool(true));
        }
    }
    if let Some(value) = map.remove("const") {
        // `const` often stands without `type`; the value tells it.
        let implied = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(number) if number.is_i64() || number.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            _ => None,
        };
        if let Some(implied) = implied {
            map.entry("type").or_insert_with(|| Value::String(implied.to_string()));
        }
        map.entry("enum").or_insert_with(|| Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = map.get("examples") {
        let first = examples.first().cloned();
        map.remove("examples");
        if let Some(first) = first {
            map.entry("example").or_insert(first);
        }
    }
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Number(limit)) = map.get(exclusive).cloned() {
            map.insert(bound.to_string(), Value::Number(limit));
            map.insert(exclusive.to_string(), Value::Bool(true));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::lower;

    #[test]
    fn schemas_are_lowered_and_data_is_left_alone() {
        let mut document = json!({
            "openapi": "3.1.0",
            "webhooks": {},
            "components": { "schemas": {
                "A": {
                    "type": ["string", "null"],
                    "examples": ["x"],
                    "properties": { "const": { "type": "integer", "exclusiveMinimum": 0 } }
                },
                "B": { "const": "only", "example": { "type": ["kept"], "const": 1 } },
                "C": { "type": ["string", "integer"] }
            }}
        });
        let notes = lower(&mut document);
        let expected = json!({
            "openapi": "3.0.3",
            "paths": {},
            "components": { "schemas": {
                "A": {
                    "type": "string",
                    "nullable": true,
                    "example": "x",
                    "properties": { "const": {
                        "type": "integer", "minimum": 0, "exclusiveMinimum": true
                    } }
                },
                "B": {
                    "type": "string",
                    "enum": ["only"],
                    "example": { "type": ["kept"], "const": 1 }
                },
                "C": {}
            }}
        });
        assert_eq!(document, expected);
        let pointers: Vec<&str> = notes.iter().map(|(pointer, _)| pointer.as_str()).collect();
        assert_eq!(pointers, ["/webhooks", "/components/schemas/C/type"]);
    }
}
