//! Operations to client methods: parameters, request bodies, responses and
//! the credentials each one sends.

use openapiv3::{
    Operation as SpecOperation, Parameter, ParameterData, ParameterSchemaOrContent, PathItem,
    PathStyle, QueryStyle, ReferenceOr, Response, StatusCode,
};

use super::refs::Target;
use super::Lowerer;
use crate::diagnostics::escape_pointer_token;
use crate::ir::{
    Body, BodyEncoding, BodyKind, MediaVariant, Operation, Param, ParamLocation, ParamStyle,
    StatusEnum, StatusMatch, StatusVariant, Success, TypeDef, TypeKind, TypeRef,
};
use crate::names::{snake_name, type_name, variant_name, Scope};

/// Method names `Client` has already, which no operation may take.
const CLIENT_METHODS: &[&str] = &["new", "builder", "base_url", "clone", "fmt", "request", "send"];

/// Names a request builder uses for its own locals, fields and methods.
const LOCALS: &[&str] = &[
    "self",
    "body",
    "request",
    "response",
    "path",
    "client",
    "options",
    "send",
    "timeout",
    "header",
    "into_future",
    "cookies",
    "dispatch",
    "send_with_response",
    "send_stream",
    "stream",
];

/// A parameter resolved from its `$ref`, with where its definition stands.
struct Resolved<'s> {
    data: &'s ParameterData,
    location: ParamLocation,
    style: ParamStyle,
    pointer: String,
}

impl<'a> Lowerer<'a> {
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let mut methods = Scope::with_reserved(CLIENT_METHODS);
        // The runtime's public types are reached from `operations` too.
        let mut builders = Scope::with_reserved(&["Client", "Error", "RequestOptions"]);
        let mut operations = Vec::new();
        let spec = self.spec;
        for (path, item) in &spec.paths.paths {
            let item_pointer = format!("/paths/{}", escape_pointer_token(path));
            if let Err(problem) = check_template(path) {
                let message = format!("malformed path template `{path}`: {problem}");
                self.error(&item_pointer, message);
            }
            let ReferenceOr::Item(item) = item else {
                let message =
                    "a `$ref` to a whole path item is not supported yet; the path is skipped";
                self.warning(&item_pointer, message.to_string());
                continue;
            };
            for (method, operation) in item.iter() {
                let pointer = format!("{item_pointer}/{method}");
                let mut op = self.operation(path, method, item, operation, &pointer, &mut methods);
                op.builder = builders.claim(type_name(&op.name));
                operations.push(op);
            }
        }
        operations
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &'a PathItem,
        operation: &'a SpecOperation,
        pointer: &str,
        methods: &mut Scope,
    ) -> Operation {
        let id = match &operation.operation_id {
            Some(id) => id.clone(),
            None => format!("{method} {path}"),
        };
        let wanted = snake_name(&id, "operation");
        let name = methods.claim(wanted.clone());
        if name != wanted && operation.operation_id.is_some() {
            let message = format!(
                "the method name `{wanted}` is taken (by another operation, or by the client \
                 itself); this operation's method is `{name}`"
            );
            self.warning(&format!("{pointer}/operationId"), message);
        }
        let type_base = type_name(&id);
        let mut docs = super::docs(operation.summary.as_deref(), operation.description.as_deref());
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(format!("`{} {path}`", method.to_uppercase()));
        let params = self.params(path, item, operation, pointer, &type_base);
        let body = self.request_body(operation, pointer, &type_base);
        let (success, accept) = self.success(operation, pointer, &type_base);
        let (error, error_by_status) = self.error_type(operation, pointer, &type_base);
        let security = self.security(operation, pointer);
        Operation {
            name,
            builder: String::new(),
            id,
            pointer: pointer.to_string(),
            method: method.to_uppercase(),
            path: path.to_string(),
            docs,
            params,
            body,
            success,
            accept,
            error,
            error_by_status,
            pagination: None,
            security,
        }
    }

    /// Resolves a parameter, following one `$ref` into `components.parameters`.
    fn resolve_param(
        &mut self,
        param: &'a ReferenceOr<Parameter>,
        pointer: String,
    ) -> Option<Resolved<'a>> {
        let (param, pointer) = self.resolve(
            param,
            pointer,
            "parameters",
            |c| &c.parameters,
            |target| match target {
                Target::Parameter(found) => Some(found),
                _ => None,
            },
        )?;
        let (data, location, style) = match param {
            Parameter::Path { parameter_data, style } => {
                let style = match style {
                    PathStyle::Simple => ParamStyle::Simple,
                    PathStyle::Label => ParamStyle::Label,
                    PathStyle::Matrix => ParamStyle::Matrix,
                };
                (parameter_data, ParamLocation::Path, style)
            }
            Parameter::Query { parameter_data, style, .. } => {
                let style = match style {
                    QueryStyle::Form => ParamStyle::Form,
                    QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    QueryStyle::DeepObject => ParamStyle::DeepObject,
                };
                (parameter_data, ParamLocation::Query, style)
            }
            Parameter::Header { parameter_data, .. } => {
                (parameter_data, ParamLocation::Header, ParamStyle::Simple)
            }
            Parameter::Cookie { parameter_data, .. } => {
                (parameter_data, ParamLocation::Cookie, ParamStyle::Form)
            }
        };
        Some(Resolved { data, location, style, pointer })
    }

    /// Path-level parameters, overridden by operation-level ones of the same
    /// name and place; path parameters first, in the order of the template.
    fn params(
        &mut self,
        path: &str,
        item: &'a PathItem,
        operation: &'a SpecOperation,
        pointer: &str,
        type_base: &str,
    ) -> Vec<Param> {
        let item_pointer = pointer.rsplit_once('/').map_or("", |(head, _)| head);
        let mut resolved: Vec<Resolved<'a>> = Vec::new();
        let listed = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{item_pointer}/parameters/{i}")));
        let own = operation
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{pointer}/parameters/{i}")));
        for (param, param_pointer) in listed.chain(own) {
            let Some(param) = self.resolve_param(param, param_pointer) else { continue };
            let same = |other: &Resolved<'_>| {
                other.data.name == param.data.name && other.location == param.location
            };
            match resolved.iter().position(same) {
                Some(index) => resolved[index] = param,
                None => resolved.push(param),
            }
        }
        let template = template_names(path);
        for name in &template {
            let declared =
                resolved.iter().any(|p| &p.data.name == name && p.location == ParamLocation::Path);
            if !declared {
                let message = format!(
                    "the path uses `{{{name}}}` but declares no path parameter `{name}`; \
                     add one with `in: path`"
                );
                self.error(pointer, message);
            }
        }
        resolved.sort_by_key(|p| match p.location {
            ParamLocation::Path => template.iter().position(|n| n == &p.data.name).unwrap_or(0),
            _ => template.len(),
        });

        let mut scope = Scope::with_reserved(LOCALS);
        let mut params = Vec::new();
        for param in resolved {
            let location = param.location;
            if location == ParamLocation::Path && !template.contains(&param.data.name) {
                let message = format!(
                    "path parameter `{}` does not appear in the path template; it is ignored",
                    param.data.name
                );
                self.warning(&param.pointer, message);
                continue;
            }
            let hint = format!("{type_base}{}", type_name(&param.data.name));
            let ty = match &param.data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.type_of(schema, &format!("{}/schema", param.pointer), &hint).0
                }
                ParameterSchemaOrContent::Content(_) => {
                    let message = "a parameter with `content` is not supported yet; \
                                   typed as `serde_json::Value`";
                    self.warning(&param.pointer, message.to_string());
                    TypeRef::Json
                }
            };
            params.push(Param {
                name: scope.claim(snake_name(&param.data.name, "param")),
                wire: param.data.name.clone(),
                location,
                ty,
                required: param.data.required || location == ParamLocation::Path,
                docs: super::docs(None, param.data.description.as_deref()),
                style: param.style,
                explode: param.data.explode.unwrap_or(param.style == ParamStyle::Form),
            });
        }
        params
    }

    fn request_body(
        &mut self,
        operation: &'a SpecOperation,
        pointer: &str,
        type_base: &str,
    ) -> Option<Body> {
        let pointer = format!("{pointer}/requestBody");
        let body = operation.request_body.as_ref()?;
        let (body, pointer) = self.resolve(
            body,
            pointer,
            "requestBodies",
            |c| &c.request_bodies,
            |target| match target {
                Target::RequestBody(found) => Some(found),
                _ => None,
            },
        )?;
        let encoding_of = |media: &str| match essence(media).as_str() {
            _ if is_json(media) => BodyEncoding::Json,
            "application/x-www-form-urlencoded" => BodyEncoding::Form,
            "multipart/form-data" => BodyEncoding::Multipart,
            essence if essence.starts_with("text/") => BodyEncoding::Text,
            _ => BodyEncoding::Bytes,
        };
        // The most structured media type the operation takes is the one
        // offered; the others are left to it (see `BodyEncoding`).
        let chosen = body
            .content
            .iter()
            .map(|(media_type, media)| (encoding_of(media_type), media_type, media))
            .min_by_key(|(encoding, _, _)| *encoding as u8)?;
        let (encoding, media_type, media) = chosen;
        let media_pointer =
            format!("{pointer}/content/{}/schema", escape_pointer_token(media_type));
        let ty = match (&media.schema, encoding) {
            (Some(schema), BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart) => {
                self.type_of(schema, &media_pointer, &format!("{type_base}Body")).0
            }
            _ => TypeRef::Json,
        };
        Some(Body { ty, encoding, media_type: media_type.clone(), required: body.required })
    }

    fn resolve_response(
        &mut self,
        response: &'a ReferenceOr<Response>,
        pointer: String,
    ) -> Option<(&'a Response, String)> {
        self.resolve(
            response,
            pointer,
            "responses",
            |c| &c.responses,
            |target| match target {
                Target::Response(found) => Some(found),
                _ => None,
            },
        )
    }

    /// The responses of one class, resolved, each with its status and
    /// pointer.
    fn responses(
        &mut self,
        operation: &'a SpecOperation,
        pointer: &str,
        success: bool,
    ) -> Vec<(StatusMatch, &'a Response, String)> {
        let mut found = Vec::new();
        for (status, response) in &operation.responses.responses {
            let (is_success, status_match) = match status {
                StatusCode::Code(code) => ((200..300).contains(code), StatusMatch::Code(*code)),
                StatusCode::Range(range) => (*range == 2, StatusMatch::Range(*range)),
            };
            if is_success == success {
                let response_pointer = format!("{pointer}/responses/{status}");
                if let Some((response, at)) = self.resolve_response(response, response_pointer) {
                    found.push((status_match, response, at));
                }
            }
        }
        if !success {
            if let Some(default) = &operation.responses.default {
                let at = format!("{pointer}/responses/default");
                if let Some((response, at)) = self.resolve_response(default, at) {
                    found.push((StatusMatch::Default, response, at));
                }
            }
        }
        found
    }

    /// What one response carries: the body of its first JSON media type,
    /// else of its first one; `None` without content.
    fn status_body(&mut self, response: &Response, pointer: &str, hint: &str) -> Option<BodyKind> {
        let (media_type, media) = response
            .content
            .iter()
            .find(|(media_type, _)| is_json(media_type))
            .or_else(|| response.content.first())?;
        let media_pointer =
            format!("{pointer}/content/{}/schema", escape_pointer_token(media_type));
        Some(self.body_kind(media_type, media.schema.as_ref(), &media_pointer, hint))
    }

    /// An enum of the answers of several statuses, defined in `types`.
    fn status_enum(
        &mut self,
        responses: &[(StatusMatch, &'a Response, String)],
        name_hint: &str,
        errors: bool,
        docs: Vec<String>,
        pointer: &str,
    ) -> (String, Vec<StatusVariant>) {
        let name = self.type_scope.claim(type_name(name_hint));
        let slot = self.reserve_slot();
        let mut scope = Scope::with_reserved(&["Other"]);
        let mut variants = Vec::new();
        for (status, response, response_pointer) in responses {
            let variant = scope.claim(status_name(*status));
            let body = self.status_body(response, response_pointer, &format!("{name}{variant}"));
            let docs = super::docs(None, Some(&response.description));
            variants.push(StatusVariant { name: variant, status: *status, body, docs });
        }
        let kind = TypeKind::StatusEnum(StatusEnum { variants: variants.clone(), errors });
        self.types[slot] = TypeDef { name: name.clone(), docs, pointer: pointer.to_string(), kind };
        (name, variants)
    }

    /// What a success answer carries, and the `Accept` header that asks for it.
    fn success(
        &mut self,
        operation: &'a SpecOperation,
        pointer: &str,
        type_base: &str,
    ) -> (Success, Option<String>) {
        let responses = self.responses(operation, pointer, true);
        let Some(((_, first, first_pointer), others)) = responses.split_first() else {
            return (Success::Empty, None);
        };
        let differs = others.iter().any(|(_, other, _)| {
            serde_json::to_value(&other.content).ok() != serde_json::to_value(&first.content).ok()
        });
        if differs {
            let mut media_types: Vec<&str> = Vec::new();
            for (_, response, _) in &responses {
                for media_type in response.content.keys() {
                    if !media_types.contains(&media_type.as_str()) {
                        media_types.push(media_type);
                    }
                }
            }
            let accept = (!media_types.is_empty()).then(|| media_types.join(", "));
            let docs = vec![format!(
                "The successful answers of `{}`, one variant per status.",
                operation.operation_id.as_deref().unwrap_or(type_base)
            )];
            let responses_pointer = format!("{pointer}/responses");
            let hint = format!("{type_base}Response");
            let (name, variants) =
                self.status_enum(&responses, &hint, false, docs, &responses_pointer);
            return (Success::Statuses(name, variants), accept);
        }
        let accept = (!first.content.is_empty())
            .then(|| first.content.keys().cloned().collect::<Vec<_>>().join(", "));
        let mut kinds = Vec::new();
        for (media_type, media) in &first.content {
            let media_pointer =
                format!("{first_pointer}/content/{}/schema", escape_pointer_token(media_type));
            let kind = self.body_kind(
                media_type,
                media.schema.as_ref(),
                &media_pointer,
                &format!("{type_base}Response"),
            );
            kinds.push((media_type.clone(), kind));
        }
        let success = match kinds.len() {
            0 => Success::Empty,
            1 => Success::Body(kinds.remove(0).1),
            _ => {
                let name = self.type_scope.claim(type_name(&format!("{type_base}Response")));
                let mut scope = Scope::with_reserved(&["Other"]);
                let variants: Vec<MediaVariant> = kinds
                    .into_iter()
                    .map(|(media_type, body)| MediaVariant {
                        name: scope.claim(variant_name(&media_type)),
                        media_type,
                        body,
                    })
                    .collect();
                let docs = vec![format!(
                    "The answers of `{}`, one variant per media type.",
                    operation.operation_id.as_deref().unwrap_or(type_base)
                )];
                self.types.push(TypeDef {
                    name: name.clone(),
                    docs,
                    pointer: format!("{first_pointer}/content"),
                    kind: TypeKind::ResponseEnum(variants.clone()),
                });
                Success::Media(name, variants)
            }
        };
        (success, accept)
    }

    fn body_kind(
        &mut self,
        media_type: &str,
        schema: Option<&ReferenceOr<openapiv3::Schema>>,
        pointer: &str,
        hint: &str,
    ) -> BodyKind {
        if is_json(media_type) {
            let ty = match schema {
                Some(schema) => self.type_of(schema, pointer, hint).0,
                None => TypeRef::Json,
            };
            BodyKind::Json(ty)
        } else if essence(media_type).starts_with("text/") {
            BodyKind::Text
        } else {
            BodyKind::Bytes
        }
    }

    /// The type of the documented error bodies: the one JSON type they
    /// share, an enum read by status when they differ, or a JSON value
    /// when none is documented. The flag says whether it is the enum.
    fn error_type(
        &mut self,
        operation: &'a SpecOperation,
        pointer: &str,
        type_base: &str,
    ) -> (TypeRef, bool) {
        let responses = self.responses(operation, pointer, false);
        let mut found: Vec<Option<BodyKind>> = Vec::new();
        for (_, response, response_pointer) in &responses {
            let body = self.status_body(response, response_pointer, &format!("{type_base}Error"));
            if !found.contains(&body) {
                found.push(body);
            }
        }
        let typed: Vec<&BodyKind> = found.iter().flatten().collect();
        match typed.as_slice() {
            [] => (TypeRef::Json, false),
            [BodyKind::Json(only)] => (only.clone(), false),
            _ => {
                let docs = vec![format!(
                    "The error answers of `{}`, one variant per documented status.",
                    operation.operation_id.as_deref().unwrap_or(type_base)
                )];
                let responses_pointer = format!("{pointer}/responses");
                let hint = format!("{type_base}Error");
                let (name, _) = self.status_enum(&responses, &hint, true, docs, &responses_pointer);
                (TypeRef::Named(name), true)
            }
        }
    }
}

/// A variant name for the answer of a status: its reason phrase, or the
/// class of a range.
fn status_name(status: StatusMatch) -> String {
    let name = match status {
        StatusMatch::Code(code) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            205 => "ResetContent",
            206 => "PartialContent",
            207 => "MultiStatus",
            208 => "AlreadyReported",
            226 => "ImUsed",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            411 => "LengthRequired",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            416 => "RangeNotSatisfiable",
            417 => "ExpectationFailed",
            422 => "UnprocessableEntity",
            423 => "Locked",
            424 => "FailedDependency",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            451 => "UnavailableForLegalReasons",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            code => return format!("Status{code}"),
        },
        StatusMatch::Range(1) => "Informational",
        StatusMatch::Range(2) => "Success",
        StatusMatch::Range(3) => "Redirection",
        StatusMatch::Range(4) => "ClientError",
        StatusMatch::Range(5) => "ServerError",
        StatusMatch::Range(class) => return format!("Status{class}xx"),
        StatusMatch::Default => "Default",
    };
    name.to_string()
}

/// The media type without parameters, in lower case.
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// Whether braces in a path template pair up around non-empty names.
fn check_template(path: &str) -> Result<(), &'static str> {
    let mut open = false;
    let mut name_length = 0;
    for c in path.chars() {
        match (c, open) {
            ('{', true) => return Err("a `{` inside a parameter name"),
            ('{', false) => {
                open = true;
                name_length = 0;
            }
            ('}', false) => return Err("a `}` without its `{`"),
            ('}', true) if name_length == 0 => return Err("an empty parameter name `{}`"),
            ('}', true) => open = false,
            (_, true) => name_length += 1,
            (_, false) => {}
        }
    }
    if open {
        return Err("a `{` that is never closed");
    }
    Ok(())
}

/// The names between braces in a path template, in order.
pub(crate) fn template_names(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        names.push(rest[open + 1..open + close].to_string());
        rest = &rest[open + close + 1..];
    }
    names
}
