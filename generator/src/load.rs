//! Reading a spec: bytes, then a JSON value, then the typed `openapiv3` model.
//!
//! YAML and JSON are both accepted; the untyped value is kept beside the
//! typed model so that later stages can point at any part of the document.

mod bundle;
mod check;
mod locate;
mod v31;
mod yaml;

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::{pointer_from, Diagnostic, Error, Location};

/// A spec read from disk.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file, as the caller named it.
    pub path: PathBuf,
    /// The source text, to find line and column of a pointer.
    pub text: String,
    /// The untyped document, for what the typed model drops (such as the
    /// `description` written beside a `$ref`).
    pub raw: Value,
    /// The typed model.
    pub api: OpenAPI,
    /// What loading noticed: parts of a 3.1 document left out, say.
    pub warnings: Vec<Diagnostic>,
    /// The other files read for its `$ref`s.
    pub referenced_files: Vec<PathBuf>,
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
    load_bytes(path, &bytes)
}

/// Types a spec given as bytes; `path` names it in messages, and relative
/// `$ref`s are read from beside it.
///
/// # Errors
///
/// As [`load`], but for reading the spec itself.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Document, Error> {
    let mut raw = parse(path, bytes)?;
    let text = String::from_utf8_lossy(bytes).into_owned();
    let located = |error: Error| locate_error(&text, error);
    let mut warnings = Vec::new();
    if check_version(path, &raw).map_err(located)? == Version::V31 {
        for (pointer, message) in v31::lower(&mut raw) {
            warnings.push(Diagnostic { location: Location::pointer(path, pointer), message });
        }
    }
    let (referenced_files, problems) = bundle::bundle(path, &mut raw);
    if !problems.is_empty() {
        return Err(located(Error::Spec(problems)));
    }
    check::drop_callbacks(&mut raw);
    let checked = check::check_schemas(&mut raw);
    for (pointer, message) in checked.warnings {
        warnings.push(Diagnostic { location: Location::pointer(path, pointer), message });
    }
    if !checked.errors.is_empty() {
        let problems = checked
            .errors
            .into_iter()
            .map(|(pointer, message)| Diagnostic {
                location: Location::pointer(path, pointer),
                message,
            })
            .collect();
        return Err(located(Error::Spec(problems)));
    }
    let api = typed(path, &raw).map_err(located)?;
    Ok(Document { path: path.to_path_buf(), text, raw, api, warnings, referenced_files })
}

impl Document {
    /// Fills in the line and column of diagnostics that have a pointer only.
    pub fn locate(&self, diagnostics: &mut [Diagnostic]) {
        locate_all(&self.text, diagnostics);
    }

    /// [`Document::locate`] for the diagnostics of an error.
    pub fn locate_error(&self, error: Error) -> Error {
        locate_error(&self.text, error)
    }
}

fn locate_all(text: &str, diagnostics: &mut [Diagnostic]) {
    let unlocated: Vec<usize> =
        (0..diagnostics.len()).filter(|&i| diagnostics[i].location.line_col.is_none()).collect();
    let pointers: Vec<&str> =
        unlocated.iter().map(|&i| diagnostics[i].location.pointer.as_str()).collect();
    let places = locate::locate_many(text, &pointers);
    for (index, place) in unlocated.into_iter().zip(places) {
        diagnostics[index].location.line_col = Some(place);
    }
}

fn locate_error(text: &str, error: Error) -> Error {
    match error {
        Error::Spec(mut diagnostics) => {
            locate_all(text, &mut diagnostics);
            Error::Spec(diagnostics)
        }
        other => other,
    }
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
        return Err(problem(path, "", Some((1, 1)), "the file is empty".to_string()));
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
        return Err(problem(path, "", Some((1, 1)), message));
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

/// The OpenAPI versions read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V30,
    /// Lowered to 3.0 first.
    V31,
}

fn check_version(path: &Path, raw: &Value) -> Result<Version, Error> {
    if let Some(swagger) = raw.get("swagger") {
        let message = format!(
            "Swagger {} documents are not supported; convert the document to OpenAPI 3.0 \
             first (the npm package `swagger2openapi` does this)",
            swagger.as_str().unwrap_or("2.0")
        );
        return Err(problem(path, "/swagger", None, message));
    }
    match raw.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0") => Ok(Version::V30),
        Some(Value::String(version)) if version.starts_with("3.1") => Ok(Version::V31),
        Some(Value::String(version)) => {
            let message = format!("unknown OpenAPI version `{version}`, expected 3.0.x or 3.1.x");
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
fn typed(path: &Path, raw: &Value) -> Result<OpenAPI, Error> {
    // Tracking the path slows every document down and only serves the
    // message, so a document that does not fit is typed a second time.
    if let Ok(api) = OpenAPI::deserialize(raw) {
        return Ok(api);
    }
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
