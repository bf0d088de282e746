//! Reading a spec: bytes, then a JSON value, then the typed `openapiv3` model.
//!
//! YAML and JSON are both accepted; the untyped value is kept beside the
//! typed model so that later stages can point at any part of the document.

mod yaml;

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{pointer_from, Diagnostic, Error, Location};

/// A spec read from disk.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file, as the caller named it.
    pub path: PathBuf,
    /// The untyped document, for what the typed model drops (such as the
    /// `description` written beside a `$ref`).
    pub raw: Value,
    /// The typed model.
    pub api: OpenAPI,
}

/// Reads and types the spec at `path`.
///
/// # Errors
///
/// [`Error::Read`] when the file cannot be read, and [`Error::Spec`] when it
/// is not a YAML or JSON OpenAPI 3.0 document.
pub fn load(path: &Path) -> Result<Document, Error> {
    let bytes =
        std::fs::read(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    let raw = parse(path, &bytes)?;
    check_version(path, &raw)?;
    let api = typed(path, raw.clone())?;
    Ok(Document { path: path.to_path_buf(), raw, api })
}

fn problem(path: &Path, pointer: &str, line_col: Option<(usize, usize)>, message: String) -> Error {
    let location = Location { file: path.to_path_buf(), pointer: pointer.to_string(), line_col };
    Error::Spec(vec![Diagnostic { location, message }])
}

/// Parses the bytes as JSON when they look like JSON, and as YAML otherwise.
fn parse(path: &Path, bytes: &[u8]) -> Result<Value, Error> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let line = bytes[..error.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        problem(path, "", Some((line, 1)), "the file is not UTF-8 text".to_string())
    })?;
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(problem(path, "", None, "the file is empty".to_string()));
    }
    let value = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        serde_json::from_str(trimmed).map_err(|error| {
            let message = format!("invalid JSON: {}", json_message(&error));
            problem(path, "", Some((error.line(), error.column())), message)
        })?
    } else {
        yaml::parse(trimmed).map_err(|error| {
            let message = format!("invalid YAML: {}", error.message);
            problem(path, "", error.line_col, message)
        })?
    };
    if !value.is_object() {
        let message = format!("expected a mapping at the top level, found {}", describe(&value));
        return Err(problem(path, "", None, message));
    }
    Ok(value)
}

/// serde_json appends " at line L column C"; the location is reported apart.
fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Names the kind of a JSON value for messages.
pub(crate) fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a mapping",
    }
}

fn check_version(path: &Path, raw: &Value) -> Result<(), Error> {
    if let Some(swagger) = raw.get("swagger") {
        let message = format!(
            "Swagger {} documents are not supported; convert the document to OpenAPI 3.0 \
             first (the npm package `swagger2openapi` does this)",
            swagger.as_str().unwrap_or("2.0")
        );
        return Err(problem(path, "/swagger", None, message));
    }
    match raw.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0") => Ok(()),
        Some(Value::String(version)) if version.starts_with("3.1") => {
            let message = format!("OpenAPI {version} is not supported yet; only 3.0.x is read");
            Err(problem(path, "/openapi", None, message))
        }
        Some(Value::String(version)) => {
            let message = format!("unknown OpenAPI version `{version}`, expected 3.0.x");
            Err(problem(path, "/openapi", None, message))
        }
        Some(other) => {
            let message =
                format!("`openapi` must be a string such as \"3.0.3\", found {}", describe(other));
            Err(problem(path, "/openapi", None, message))
        }
        None => {
            let message =
                "missing `openapi` field: this does not look like an OpenAPI document".to_string();
            Err(problem(path, "", None, message))
        }
    }
}

/// Types the value, naming the JSON pointer of the first part that does not
/// fit the OpenAPI 3.0 model.
fn typed(path: &Path, raw: Value) -> Result<OpenAPI, Error> {
    serde_path_to_error::deserialize(raw).map_err(|error| {
        let tokens: Vec<String> = error
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                _ => None,
            })
            .collect();
        let pointer = pointer_from(tokens.iter().map(String::as_str));
        let message = format!("does not fit the OpenAPI 3.0 model: {}", error.into_inner());
        problem(path, &pointer, None, message)
    })
}
