//! The one place that parses YAML.
//!
//! `serde_yaml` is marked deprecated upstream; everything else in the
//! generator sees only `serde_json::Value`, so swapping the parser means
//! changing this file alone.

use serde_json::{Map, Number, Value};

/// A parse failure: what went wrong and, when the parser knows, where.
pub struct ParseError {
    pub message: String,
    pub line_col: Option<(usize, usize)>,
}

/// Parses YAML text into a JSON value. Mapping keys that are numbers or
/// booleans (`200:` in `responses`) become strings, as OpenAPI means them.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let mut value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|error| ParseError {
        line_col: error.location().map(|at| (at.line(), at.column())),
        message: strip_location(&error.to_string()),
    })?;
    value.apply_merge().map_err(|error| ParseError {
        message: format!("invalid merge key: {error}"),
        line_col: None,
    })?;
    to_json(value)
}

/// serde_yaml appends " at line L column C" to its messages; the location is
/// reported separately.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

fn to_json(value: serde_yaml::Value) -> Result<Value, ParseError> {
    Ok(match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => number(&n)?,
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(to_json).collect::<Result<_, _>>()?)
        }
        serde_yaml::Value::Mapping(entries) => {
            let mut map = Map::new();
            for (key, value) in entries {
                map.insert(key_text(key)?, to_json(value)?);
            }
            Value::Object(map)
        }
        serde_yaml::Value::Tagged(tagged) => to_json(tagged.value)?,
    })
}

fn number(n: &serde_yaml::Number) -> Result<Value, ParseError> {
    if let Some(i) = n.as_i64() {
        return Ok(Value::Number(i.into()));
    }
    if let Some(u) = n.as_u64() {
        return Ok(Value::Number(u.into()));
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    Number::from_f64(f).map(Value::Number).ok_or_else(|| ParseError {
        message: format!("the number {n} cannot be represented in JSON"),
        line_col: None,
    })
}

fn key_text(key: serde_yaml::Value) -> Result<String, ParseError> {
    match key {
        serde_yaml::Value::String(s) => Ok(s),
        serde_yaml::Value::Number(n) => Ok(n.to_string()),
        serde_yaml::Value::Bool(b) => Ok(b.to_string()),
        serde_yaml::Value::Null => Ok("null".to_string()),
        serde_yaml::Value::Tagged(tagged) => key_text(tagged.value),
        other => Err(ParseError {
            message: format!("a mapping key must be a string, found {}", kind(&other)),
            line_col: None,
        }),
    }
}

fn kind(value: &serde_yaml::Value) -> &'static str {
    match value {
        serde_yaml::Value::Sequence(_) => "a sequence",
        serde_yaml::Value::Mapping(_) => "a mapping",
        _ => "a scalar",
    }
}
