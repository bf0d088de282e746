//! `x-pagination`: how an operation's answers are paged, so that its
//! request builder can also stream every item across pages.
//!
//! ```yaml
//! x-pagination:
//!   page: page          # a query parameter that takes the page number...
//!   start: 1            # ...counted from here (default 1)
//!   # or: cursor: after # a query parameter that takes a cursor
//!   # next: next_cursor # where the answer gives the next cursor
//!   items: data/items   # where the answer holds the page's items
//!   hasMore: has_more   # where it says whether more follow (optional)
//! ```
//!
//! Paths are property names separated by `/`, through objects. Paging
//! stops at an empty page, at `hasMore: false`, or without a next cursor.

use serde_json::Value;

use super::Lowerer;
use crate::ir::{
    BodyEncoding, BodyKind, FieldStep, Operation, PageKind, Pagination, ParamLocation, Primitive,
    Success, TypeDef, TypeKind, TypeRef,
};

impl Lowerer<'_> {
    /// Reads the `x-pagination` of every operation; one that cannot be
    /// followed is a warning, and the operation gets no stream.
    pub(super) fn paginate(&mut self, operations: &mut [Operation], types: &[TypeDef]) {
        for op in operations {
            let pointer = format!("{}/x-pagination", op.pointer);
            let Some(extension) = self.document.raw.pointer(&pointer) else { continue };
            match pagination(extension, op, types) {
                Ok(pagination) => op.pagination = Some(pagination),
                Err(problem) => {
                    let message = format!("`x-pagination` {problem}; no `stream` method");
                    self.warning(&pointer, message);
                }
            }
        }
    }
}

fn pagination(extension: &Value, op: &Operation, types: &[TypeDef]) -> Result<Pagination, String> {
    let text = |key: &str| extension.get(key).and_then(Value::as_str);
    let Success::Body(BodyKind::Json(answer)) = &op.success else {
        return Err("needs an operation whose success answer is one JSON body".to_string());
    };
    if op.body.as_ref().is_some_and(|body| body.encoding == BodyEncoding::Bytes) {
        return Err("cannot repeat a request whose body is a stream".to_string());
    }
    let items_path = text("items").ok_or("needs `items`, where the answer holds the items")?;
    let (items, list) = walk(answer, items_path, types)?;
    let TypeRef::Vec(item) = list else {
        return Err(format!("`items: {items_path}` does not lead to a list"));
    };
    let has_more = match text("hasMore") {
        Some(path) => match walk(answer, path, types)? {
            (steps, TypeRef::Primitive(Primitive::Bool)) => Some(steps),
            _ => return Err(format!("`hasMore: {path}` does not lead to a boolean")),
        },
        None => None,
    };
    let param = |wire: &str, integer: bool| {
        let found = op.params.iter().find(|p| p.wire == wire && p.location == ParamLocation::Query);
        let param = found.ok_or(format!("names `{wire}`, which is no query parameter"))?;
        let fits = match &param.ty {
            TypeRef::Primitive(p) if integer => {
                matches!(p, Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64)
            }
            TypeRef::Primitive(p) => *p == Primitive::String,
            _ => false,
        };
        if param.required || !fits {
            let kind = if integer { "an optional integer" } else { "an optional string" };
            return Err(format!("names `{wire}`, which is not {kind} parameter"));
        }
        Ok(param.name.clone())
    };
    let kind = match (text("page"), text("cursor")) {
        (Some(page), None) => {
            let start = extension.get("start").map_or(Some(1), Value::as_i64);
            let start = start.ok_or("has a `start` that is not an integer")?;
            PageKind::Page { param: param(page, true)?, start }
        }
        (None, Some(cursor)) => {
            let next_path =
                text("next").ok_or("needs `next`, where the answer gives the cursor")?;
            let next = match walk(answer, next_path, types)? {
                (steps, TypeRef::Primitive(Primitive::String)) => steps,
                _ => return Err(format!("`next: {next_path}` does not lead to a string")),
            };
            PageKind::Cursor { param: param(cursor, false)?, next }
        }
        _ => return Err("needs either `page` or `cursor` (and `next`)".to_string()),
    };
    Ok(Pagination { kind, items, item: (*item).clone(), has_more })
}

/// The fields a `/`-separated path of property names goes through from
/// `ty`, and the type it ends at.
fn walk(ty: &TypeRef, path: &str, types: &[TypeDef]) -> Result<(Vec<FieldStep>, TypeRef), String> {
    let mut steps = Vec::new();
    let mut ty = ty.clone();
    for segment in path.split('/') {
        let fields = struct_fields(&ty, types)
            .ok_or(format!("follows `{path}` into something that is not an object"))?;
        let field = fields
            .iter()
            .find(|field| field.wire == segment && !field.flatten)
            .ok_or(format!("follows `{path}`, but there is no property `{segment}`"))?;
        // The `Option`s the field is emitted with (see `emit::types`).
        let options = match (field.required, field.nullable) {
            _ if field.default.is_some() => 0,
            (true, false) => 0,
            (true, true) | (false, false) => 1,
            (false, true) => 2,
        };
        steps.push(FieldStep { field: field.name.clone(), options });
        ty = field.ty.clone();
    }
    Ok((steps, resolve(&ty, types)))
}

/// A type with its aliases followed.
fn resolve(ty: &TypeRef, types: &[TypeDef]) -> TypeRef {
    let mut ty = ty.clone();
    for _ in 0..=types.len() {
        let TypeRef::Named(name) = &ty else { break };
        match types.iter().find(|def| &def.name == name).map(|def| &def.kind) {
            Some(TypeKind::Alias(target)) => ty = target.clone(),
            _ => break,
        }
    }
    ty
}

fn struct_fields<'t>(ty: &TypeRef, types: &'t [TypeDef]) -> Option<&'t [crate::ir::Field]> {
    let TypeRef::Named(name) = resolve(ty, types) else { return None };
    match &types.iter().find(|def| def.name == name)?.kind {
        TypeKind::Struct(fields) => Some(fields),
        _ => None,
    }
}
