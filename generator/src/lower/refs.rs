//! References among the objects operations use (parameters, request
//! bodies, responses): followed into `components` or into `paths`, through
//! chains of references, to the definition.

use indexmap::IndexMap;
use openapiv3::{
    Components, OpenAPI, Parameter, PathItem, ReferenceOr, RequestBody, Response, StatusCode,
};

use super::Lowerer;
use crate::diagnostics::unescape_pointer_token;

/// How many references one chain may take before it counts as a cycle.
const MAX_HOPS: usize = 32;

/// An object a JSON pointer into `paths` names.
pub(super) enum Target<'a> {
    Parameter(&'a ReferenceOr<Parameter>),
    RequestBody(&'a ReferenceOr<RequestBody>),
    Response(&'a ReferenceOr<Response>),
}

/// The object at `pointer` (decoded, without `#`) under `paths`: a
/// parameter of a path item or operation, a request body, a response.
pub(super) fn in_paths<'a>(spec: &'a OpenAPI, pointer: &str) -> Option<Target<'a>> {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(unescape_pointer_token).collect();
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let ["paths", path, ref rest @ ..] = tokens[..] else { return None };
    let ReferenceOr::Item(item) = spec.paths.paths.get(path)? else { return None };
    match rest {
        ["parameters", index] => item.parameters.get(index.parse::<usize>().ok()?),
        [method, ref rest @ ..] => {
            let operation = operation(item, method)?;
            return match rest {
                ["parameters", index] => {
                    operation.parameters.get(index.parse::<usize>().ok()?).map(Target::Parameter)
                }
                ["requestBody"] => operation.request_body.as_ref().map(Target::RequestBody),
                ["responses", "default"] => {
                    operation.responses.default.as_ref().map(Target::Response)
                }
                ["responses", code] => {
                    operation.responses.responses.get(&status_code(code)?).map(Target::Response)
                }
                _ => None,
            };
        }
        _ => None,
    }
    .map(Target::Parameter)
}

fn operation<'a>(item: &'a PathItem, method: &str) -> Option<&'a openapiv3::Operation> {
    match method {
        "get" => item.get.as_ref(),
        "put" => item.put.as_ref(),
        "post" => item.post.as_ref(),
        "delete" => item.delete.as_ref(),
        "options" => item.options.as_ref(),
        "head" => item.head.as_ref(),
        "patch" => item.patch.as_ref(),
        "trace" => item.trace.as_ref(),
        _ => None,
    }
}

/// `200` or `4XX`, as the typed model keys responses.
fn status_code(code: &str) -> Option<StatusCode> {
    match code.as_bytes() {
        [class @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => {
            Some(StatusCode::Range(u16::from(class - b'0')))
        }
        _ => code.parse().ok().map(StatusCode::Code),
    }
}

impl<'a> Lowerer<'a> {
    /// Follows `$ref`s from `item` to its definition, into
    /// `components.<section>` or into `paths`; returns the definition and
    /// its pointer. `pick` takes the wanted kind out of a `paths` target.
    pub(super) fn resolve<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        pointer: String,
        section: &str,
        entries: fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
        pick: fn(Target<'a>) -> Option<&'a ReferenceOr<T>>,
    ) -> Option<(&'a T, String)> {
        let origin = pointer.clone();
        let mut current = item;
        let mut at = pointer;
        for _ in 0..MAX_HOPS {
            let reference = match current {
                ReferenceOr::Item(item) => return Some((item, at)),
                ReferenceOr::Reference { reference } => reference,
            };
            let Some(target) = reference.strip_prefix('#') else {
                let message = format!("cannot resolve `$ref: {reference}`: not a local reference");
                self.error(&origin, message);
                return None;
            };
            let target = super::schema::percent_decode(target);
            let component = target
                .strip_prefix(&format!("/components/{section}/"))
                .filter(|key| !key.contains('/'))
                .map(unescape_pointer_token);
            let next = match &component {
                Some(key) => self.spec.components.as_ref().and_then(|c| entries(c).get(key)),
                None => in_paths(self.spec, &target).and_then(pick),
            };
            let Some(next) = next else {
                let message = match component {
                    Some(key) => format!(
                        "`$ref: {reference}` points at nothing: `components.{section}` has no \
                         `{key}`"
                    ),
                    None => format!(
                        "`$ref: {reference}` points at nothing of the kind expected here (an \
                         entry of `components.{section}`, or its like under `paths`)"
                    ),
                };
                self.error(&origin, message);
                return None;
            };
            current = next;
            at = target;
        }
        let message = "this `$ref` starts a chain of references that does not end (a cycle)";
        self.error(&origin, message.to_string());
        None
    }
}

#[cfg(test)]
#[test]
fn status_codes_and_ranges() {
    assert_eq!(status_code("404"), Some(StatusCode::Code(404)));
    assert_eq!(status_code("4XX"), Some(StatusCode::Range(4)));
    assert_eq!(status_code("default"), None);
}
