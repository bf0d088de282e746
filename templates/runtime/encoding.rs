//! How parameter values are written into paths and headers.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the unreserved characters of RFC 3986 is escaped in a
/// path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A value as plain text: strings without quotes, numbers and booleans as
/// written, anything else as JSON.
#[allow(dead_code)] // Used only by APIs with path or header parameters.
pub(crate) fn text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        // Only maps with non-string keys fail here, and no generated type is one.
        Err(_) => String::new(),
    }
}

/// A value as one percent-encoded path segment.
#[allow(dead_code)] // Used only by APIs with path parameters.
pub(crate) fn path_segment<T: serde::Serialize + ?Sized>(value: &T) -> String {
    utf8_percent_encode(&text(value), SEGMENT).to_string()
}
