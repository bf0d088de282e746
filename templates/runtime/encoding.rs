//! How values are written on the wire: parameters in their styles, bytes
//! as base64, nullable and discriminated values.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the unreserved characters of RFC 3986 is escaped in a
/// path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// How a parameter lays out a list or an object (OpenAPI's `style`).
#[allow(dead_code)] // Each API uses the styles its parameters have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// Query and cookie default: `name=a,b`, or `name=a&name=b` exploded.
    Form,
    /// Path and header default: `a,b`.
    Simple,
    /// Path: `.a.b` (`.a,b` unexploded).
    Label,
    /// Path: `;name=a;name=b` (`;name=a,b` unexploded).
    Matrix,
    /// Query lists: `name=a%20b`.
    SpaceDelimited,
    /// Query lists: `name=a|b`.
    PipeDelimited,
    /// Query objects: `name[key]=value`.
    DeepObject,
}

/// A value as JSON, or nothing for a value that is not there.
fn json<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Value {
    // Only maps with non-string keys fail, and no generated type is one.
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// A scalar as plain text: strings without quotes, numbers and booleans
/// as written, `null` empty; a nested list or object as JSON.
fn scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A value as plain text: strings without quotes, numbers and booleans as
/// written, lists and objects in the `simple` style.
#[allow(dead_code)] // Used only by APIs with path or header parameters.
pub(crate) fn text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    simple(&json(value), false)
}

/// The `simple` style: list items and object entries joined by commas;
/// exploded objects write `key=value`.
fn simple(value: &serde_json::Value, explode: bool) -> String {
    match value {
        serde_json::Value::Array(items) => {
            items.iter().map(scalar).collect::<Vec<_>>().join(",")
        }
        serde_json::Value::Object(map) => {
            let entries = map.iter().map(|(key, value)| {
                if explode {
                    format!("{key}={}", scalar(value))
                } else {
                    format!("{key},{}", scalar(value))
                }
            });
            entries.collect::<Vec<_>>().join(",")
        }
        other => scalar(other),
    }
}

/// A header parameter's value, in the `simple` style.
#[allow(dead_code)] // Used only by APIs with header parameters.
pub(crate) fn header<T: serde::Serialize + ?Sized>(value: &T, explode: bool) -> String {
    simple(&json(value), explode)
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

/// A value as one percent-encoded path segment.
#[allow(dead_code)] // Used only by APIs with path parameters.
pub(crate) fn path_segment<T: serde::Serialize + ?Sized>(value: &T) -> String {
    path(value, "", Style::Simple, false)
}

/// A path parameter, percent-encoded, in its style; the delimiters the
/// style adds are left as they are.
#[allow(dead_code)] // Used only by APIs with path parameters.
pub(crate) fn path<T: serde::Serialize + ?Sized>(
    value: &T,
    name: &str,
    style: Style,
    explode: bool,
) -> String {
    let value = json(value);
    let parts: Vec<(Option<String>, String)> = match &value {
        serde_json::Value::Array(items) => {
            items.iter().map(|item| (None, encode(&scalar(item)))).collect()
        }
        serde_json::Value::Object(map) => {
            map.iter().map(|(key, item)| (Some(encode(key)), encode(&scalar(item)))).collect()
        }
        other => vec![(None, encode(&scalar(other)))],
    };
    let is_object = value.is_object();
    // Unexploded, an object's keys and values are items of one list.
    let flat = |parts: &[(Option<String>, String)]| -> Vec<String> {
        parts
            .iter()
            .flat_map(|(key, item)| key.iter().cloned().chain(std::iter::once(item.clone())))
            .collect()
    };
    let pairs = |parts: &[(Option<String>, String)]| -> Vec<String> {
        parts
            .iter()
            .map(|(key, item)| match key {
                Some(key) => format!("{key}={item}"),
                None => item.clone(),
            })
            .collect()
    };
    let name = encode(name);
    match (style, explode) {
        (Style::Label, true) => format!(".{}", pairs(&parts).join(".")),
        (Style::Label, false) => format!(".{}", flat(&parts).join(",")),
        (Style::Matrix, true) if is_object => format!(";{}", pairs(&parts).join(";")),
        (Style::Matrix, true) => {
            parts.iter().map(|(_, item)| format!(";{name}={item}")).collect::<String>()
        }
        (Style::Matrix, false) => format!(";{name}={}", flat(&parts).join(",")),
        (_, true) => pairs(&parts).join(","),
        (_, false) => flat(&parts).join(","),
    }
}

/// The query pairs of one parameter, laid out as its style says. A value
/// of `None` (JSON `null`) adds nothing.
#[allow(dead_code)] // Used only by APIs with query parameters.
pub(crate) fn query<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) -> Vec<(String, String)> {
    let one = |text: String| vec![(name.to_string(), text)];
    let delimiter = match style {
        Style::SpaceDelimited => " ",
        Style::PipeDelimited => "|",
        _ => ",",
    };
    match json(value) {
        serde_json::Value::Null => Vec::new(),
        serde_json::Value::Array(items) => {
            if explode {
                items.iter().map(|item| (name.to_string(), scalar(item))).collect()
            } else {
                one(items.iter().map(scalar).collect::<Vec<_>>().join(delimiter))
            }
        }
        serde_json::Value::Object(map) => match (style, explode) {
            (Style::DeepObject, _) => {
                map.iter().map(|(key, item)| (format!("{name}[{key}]"), scalar(item))).collect()
            }
            (_, true) => map.iter().map(|(key, item)| (key.clone(), scalar(item))).collect(),
            (_, false) => {
                let flat = map.iter().flat_map(|(key, item)| [key.clone(), scalar(item)]);
                one(flat.collect::<Vec<_>>().join(delimiter))
            }
        },
        other => one(scalar(&other)),
    }
}

/// The query pairs of a parameter in the default style: `form`, exploded.
#[allow(dead_code)] // Used only by APIs with query parameters.
pub(crate) fn form<T: serde::Serialize + ?Sized>(name: &str, value: &T) -> Vec<(String, String)> {
    query(name, value, Style::Form, true)
}

/// A JSON body of a media type other than `application/json` (a `+json`
/// type, say), with that media type as its `Content-Type`.
#[allow(dead_code)] // Used only by APIs with such bodies.
pub(crate) fn json_body<T: serde::Serialize + ?Sized>(
    request: reqwest::RequestBuilder,
    body: &T,
    media_type: &str,
) -> reqwest::RequestBuilder {
    match serde_json::to_vec(body) {
        Ok(bytes) => request.header(reqwest::header::CONTENT_TYPE, media_type).body(bytes),
        // Lets reqwest report the same failure when the request is sent.
        Err(_) => request.json(body),
    }
}

/// One cookie parameter as `name=value` (lists and objects joined by
/// commas), for the `Cookie` header.
#[allow(dead_code)] // Used only by APIs with cookie parameters.
pub(crate) fn cookie<T: serde::Serialize + ?Sized>(name: &str, value: &T) -> Option<String> {
    match json(value) {
        serde_json::Value::Null => None,
        value => Some(format!("{name}={}", simple(&value, false))),
    }
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

/// Raw bytes (`format: binary`). In a multipart body they are a file part;
/// inside JSON, a string (the bytes read as UTF-8, invalid sequences
/// replaced).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Binary(pub Vec<u8>);

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Binary(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Binary(bytes.to_vec())
    }
}

impl std::ops::Deref for Binary {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl serde::Serialize for Binary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        Ok(Binary(text.into_bytes()))
    }
}

/// Values that hold files for a multipart body: [`Binary`], and options
/// and lists of it.
pub(crate) trait Files {
    /// The files, in order.
    fn files(&self) -> Vec<&Binary>;
}

impl Files for Binary {
    fn files(&self) -> Vec<&Binary> {
        vec![self]
    }
}

impl<T: Files> Files for Option<T> {
    fn files(&self) -> Vec<&Binary> {
        self.iter().flat_map(Files::files).collect()
    }
}

impl<T: Files> Files for Vec<T> {
    fn files(&self) -> Vec<&Binary> {
        self.iter().flat_map(Files::files).collect()
    }
}

impl<T: Files> Files for Box<T> {
    fn files(&self) -> Vec<&Binary> {
        self.as_ref().files()
    }
}

/// Adds one property to a multipart body as text parts: a part per list
/// item, objects as JSON, nothing for a value that is not there.
#[allow(dead_code)] // Used only by APIs with multipart bodies.
pub(crate) fn part<T: serde::Serialize + ?Sized>(
    form: reqwest::multipart::Form,
    name: &str,
    value: &T,
) -> reqwest::multipart::Form {
    let text_part = |form: reqwest::multipart::Form, value: &serde_json::Value| match value {
        serde_json::Value::Null => form,
        serde_json::Value::Object(_) => {
            let part = reqwest::multipart::Part::text(value.to_string());
            match part.mime_str("application/json") {
                Ok(part) => form.part(name.to_string(), part),
                Err(_) => form.text(name.to_string(), value.to_string()),
            }
        }
        other => form.text(name.to_string(), scalar(other)),
    };
    match json(value) {
        serde_json::Value::Array(items) => items.iter().fold(form, text_part),
        value => text_part(form, &value),
    }
}

/// Adds each entry of an object to a multipart body, as [`part`] does.
#[allow(dead_code)] // Used only by APIs with multipart bodies.
pub(crate) fn parts<T: serde::Serialize + ?Sized>(
    form: reqwest::multipart::Form,
    value: &T,
) -> reqwest::multipart::Form {
    match json(value) {
        serde_json::Value::Object(map) => {
            map.iter().fold(form, |form, (name, value)| part(form, name, value))
        }
        _ => form,
    }
}

/// Adds the files of one property to a multipart body, each a part named
/// after the property, with the property's name as its file name.
#[allow(dead_code)] // Used only by APIs with multipart bodies that send files.
pub(crate) fn file<F: Files>(
    form: reqwest::multipart::Form,
    name: &str,
    value: &F,
) -> reqwest::multipart::Form {
    value.files().into_iter().fold(form, |form, file| {
        let part = reqwest::multipart::Part::bytes(file.0.clone()).file_name(name.to_string());
        form.part(name.to_string(), part)
    })
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
    use super::{path, query, Base64, Style};
    use serde_json::json;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect()
    }

    #[test]
    fn query_styles() {
        let list = json!([1, 2]);
        assert_eq!(query("id", &list, Style::Form, true), pairs(&[("id", "1"), ("id", "2")]));
        assert_eq!(query("id", &list, Style::Form, false), pairs(&[("id", "1,2")]));
        assert_eq!(query("id", &list, Style::SpaceDelimited, false), pairs(&[("id", "1 2")]));
        assert_eq!(query("id", &list, Style::PipeDelimited, false), pairs(&[("id", "1|2")]));
        let object = json!({ "a": "x", "b": true });
        assert_eq!(
            query("f", &object, Style::DeepObject, true),
            pairs(&[("f[a]", "x"), ("f[b]", "true")])
        );
        assert_eq!(query("f", &object, Style::Form, true), pairs(&[("a", "x"), ("b", "true")]));
        assert_eq!(query("f", &object, Style::Form, false), pairs(&[("f", "a,x,b,true")]));
        assert_eq!(query("q", &None::<i32>, Style::Form, true), pairs(&[]));
    }

    #[test]
    fn path_styles() {
        let list = json!(["a b", "c"]);
        assert_eq!(path(&list, "p", Style::Simple, false), "a%20b,c");
        assert_eq!(path(&list, "p", Style::Label, false), ".a%20b,c");
        assert_eq!(path(&list, "p", Style::Label, true), ".a%20b.c");
        assert_eq!(path(&list, "p", Style::Matrix, false), ";p=a%20b,c");
        assert_eq!(path(&list, "p", Style::Matrix, true), ";p=a%20b;p=c");
        let object = json!({ "x": 1, "y": 2 });
        assert_eq!(path(&object, "p", Style::Simple, false), "x,1,y,2");
        assert_eq!(path(&object, "p", Style::Simple, true), "x=1,y=2");
        assert_eq!(path(&object, "p", Style::Matrix, true), ";x=1;y=2");
        assert_eq!(path(&"a/b", "p", Style::Simple, false), "a%2Fb");
    }

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
