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

/// Bytes that travel as base64 text (`format: byte`): standard alphabet,
/// padded, when written; either alphabet, padded or not, when read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Base64(pub Vec<u8>);

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

impl Base64 {
    /// The bytes as base64 text.
    pub fn encode(&self) -> String {
        let mut text = String::with_capacity(self.0.len().div_ceil(3) * 4);
        for chunk in self.0.chunks(3) {
            let bits = chunk.iter().enumerate().fold(0u32, |bits, (i, byte)| {
                bits | (u32::from(*byte) << (16 - 8 * i))
            });
            for position in 0..4 {
                if position <= chunk.len() {
                    let sextet = (bits >> (18 - 6 * position)) & 0x3f;
                    text.push(char::from(ALPHABET[sextet as usize]));
                } else {
                    text.push('=');
                }
            }
        }
        text
    }

    /// Bytes from base64 text; `None` when the text is not base64.
    pub fn decode(text: &str) -> Option<Base64> {
        let text = text.trim_end_matches('=');
        let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
        let mut bits = 0u32;
        let mut count = 0;
        for c in text.bytes() {
            let sextet = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' | b'-' => 62,
                b'/' | b'_' => 63,
                _ => return None,
            };
            bits = (bits << 6) | u32::from(sextet);
            count += 6;
            if count >= 8 {
                count -= 8;
                bytes.push((bits >> count) as u8);
                bits &= (1 << count) - 1;
            }
        }
        // Six bits left over cannot end a valid encoding.
        (count < 6).then_some(Base64(bytes))
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64(bytes)
    }
}

impl std::ops::Deref for Base64 {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl serde::Serialize for Base64 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> serde::Deserialize<'de> for Base64 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        Base64::decode(&text).ok_or_else(|| serde::de::Error::custom("invalid base64 text"))
    }
}

/// Reads an optional nullable field: present (`null` or a value) becomes
/// `Some`, which `#[serde(default)]` tells from absent (`None`).
#[allow(dead_code)] // Used only by APIs with optional nullable fields.
pub(crate) fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// Writes a variant of a discriminated `oneOf`: the value, with the
/// discriminator property added when the value does not carry it.
#[allow(dead_code)] // Used only by APIs with a discriminator.
pub(crate) fn serialize_tagged<T, S>(
    value: &T,
    property: &str,
    tag: &str,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    T: serde::Serialize + ?Sized,
    S: serde::Serializer,
{
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut json {
        if !map.contains_key(property) {
            map.insert(property.to_string(), serde_json::Value::from(tag));
        }
    }
    serde::Serialize::serialize(&json, serializer)
}

/// A JSON value read as `T`, with the error of the caller's deserializer.
#[allow(dead_code)] // Used only by APIs with a discriminator.
pub(crate) fn from_json<T, E>(value: serde_json::Value) -> Result<T, E>
where
    T: serde::de::DeserializeOwned,
    E: serde::de::Error,
{
    serde_json::from_value(value).map_err(E::custom)
}

#[cfg(test)]
mod tests {
    use super::Base64;

    #[test]
    fn base64_round_trips() {
        for (bytes, text) in [
            (&b""[..], ""),
            (b"f", "Zg=="),
            (b"fo", "Zm8="),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg=="),
            (b"\xff\xfe\xfd", "//79"),
        ] {
            assert_eq!(Base64(bytes.to_vec()).encode(), text);
            assert_eq!(Base64::decode(text), Some(Base64(bytes.to_vec())));
        }
        assert_eq!(Base64::decode("__79"), Some(Base64(b"\xff\xfe\xfd".to_vec())));
        assert_eq!(Base64::decode("Zm9vYg"), Some(Base64(b"foob".to_vec())));
        assert_eq!(Base64::decode("Z"), None);
        assert_eq!(Base64::decode("Zm9v!"), None);
    }
}
