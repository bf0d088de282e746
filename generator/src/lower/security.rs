//! Security: the schemes a spec declares, the requirement of each
//! operation, and the OAuth 2.0 client-credentials flow the client runs.

use openapiv3::{
    APIKeyLocation, Operation as SpecOperation, ReferenceOr, Schema, SchemaKind, SecurityScheme,
    Type,
};

use super::Lowerer;
use crate::diagnostics::escape_pointer_token;
use crate::ir::{ClientCredentialsFlow, KeyLocation, NamedScheme, Scheme, SchemeKind};

/// Form fields of the client-credentials grant that the client fills in
/// itself; a spec that fixes one of them does not override it.
const GRANT_FIELDS: &[&str] = &["grant_type", "client_id", "client_secret", "scope"];

impl<'a> Lowerer<'a> {
    /// Every scheme of `components.securitySchemes`, in spec order.
    pub(super) fn schemes(&mut self) -> Vec<NamedScheme> {
        let Some(components) = &self.spec.components else { return Vec::new() };
        let mut schemes = Vec::new();
        for (key, scheme) in &components.security_schemes {
            let kind = match scheme {
                ReferenceOr::Item(scheme) => scheme_kind(scheme),
                ReferenceOr::Reference { .. } => {
                    SchemeKind::Unsupported("a `$ref` to a security scheme".to_string())
                }
            };
            if let SchemeKind::Unsupported(what) = &kind {
                let pointer = format!("/components/securitySchemes/{}", escape_pointer_token(key));
                let message = format!(
                    "{what} is not supported yet; operations that need only this scheme are \
                     sent without credentials"
                );
                self.warning(&pointer, message);
            }
            schemes.push(NamedScheme { key: key.clone(), kind });
        }
        schemes
    }

    /// The first client-credentials flow, with the form fields that the token
    /// operation of the spec fixes.
    pub(super) fn client_credentials(&mut self) -> Option<ClientCredentialsFlow> {
        let components = self.spec.components.as_ref()?;
        let token_url = components.security_schemes.values().find_map(|scheme| match scheme {
            ReferenceOr::Item(SecurityScheme::OAuth2 { flows, .. }) => {
                flows.client_credentials.as_ref().map(|flow| flow.token_url.clone())
            }
            _ => None,
        })?;
        let fixed_fields = self.fixed_token_fields(&token_url);
        Some(ClientCredentialsFlow { token_url, fixed_fields })
    }

    /// The one-value enum properties of the form body of the spec's own
    /// `POST` operation at the token URL's path, such as a fixed
    /// `redirect_uri`.
    fn fixed_token_fields(&self, token_url: &str) -> Vec<(String, String)> {
        let path = match token_url.find("://") {
            Some(scheme_end) => {
                let rest = &token_url[scheme_end + 3..];
                rest.find('/').map_or("/", |slash| &rest[slash..])
            }
            None => token_url,
        };
        let operation = self.spec.paths.paths.iter().find_map(|(candidate, item)| match item {
            ReferenceOr::Item(item) if path.ends_with(candidate.as_str()) => item.post.as_ref(),
            _ => None,
        });
        let Some(schema) = operation.and_then(|op| self.form_schema(op)) else {
            return Vec::new();
        };
        let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
            return Vec::new();
        };
        let mut fixed = Vec::new();
        for (name, property) in &object.properties {
            if GRANT_FIELDS.contains(&name.as_str()) {
                continue;
            }
            let property = match property {
                ReferenceOr::Item(schema) => Some(schema.as_ref()),
                ReferenceOr::Reference { reference } => self.schema_by_ref(reference),
            };
            if let Some(value) = property.and_then(single_value) {
                fixed.push((name.clone(), value));
            }
        }
        fixed
    }

    fn form_schema(&self, operation: &'a SpecOperation) -> Option<&'a Schema> {
        let ReferenceOr::Item(body) = operation.request_body.as_ref()? else { return None };
        let media = body.content.get("application/x-www-form-urlencoded")?;
        match media.schema.as_ref()? {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.schema_by_ref(reference),
        }
    }

    pub(super) fn schema_by_ref(&self, reference: &str) -> Option<&'a Schema> {
        let key = reference.strip_prefix("#/components/schemas/")?;
        let key = crate::diagnostics::unescape_pointer_token(key);
        match self.spec.components.as_ref()?.schemas.get(&key)? {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { .. } => None,
        }
    }

    /// The requirement of an operation: alternatives of schemes used
    /// together. An empty alternative means credentials are optional.
    pub(super) fn security(
        &mut self,
        operation: &SpecOperation,
        pointer: &str,
    ) -> Vec<Vec<Scheme>> {
        let Some(requirements) = operation.security.as_ref().or(self.spec.security.as_ref()) else {
            return Vec::new();
        };
        let mut alternatives: Vec<Vec<Scheme>> = Vec::new();
        let mut unsupported = Vec::new();
        for requirement in requirements {
            let mut schemes = Vec::new();
            let mut usable = true;
            for name in requirement.keys() {
                match self.request_scheme(name, pointer) {
                    Some(scheme) if !schemes.contains(&scheme) => schemes.push(scheme),
                    Some(_) => {}
                    None => {
                        usable = false;
                        unsupported.push(format!("`{name}`"));
                    }
                }
            }
            if usable && !alternatives.contains(&schemes) {
                alternatives.push(schemes);
            }
        }
        if alternatives.is_empty() && !unsupported.is_empty() {
            unsupported.dedup();
            let message = format!(
                "no security requirement of this operation can be met: {} not supported yet; \
                 requests are sent without credentials",
                unsupported.join(", ")
            );
            self.warning(pointer, message);
        }
        alternatives
    }

    /// How a request meets the scheme named `name`; `None` when it cannot.
    fn request_scheme(&mut self, name: &str, pointer: &str) -> Option<Scheme> {
        let Some(scheme) = self.schemes.iter().find(|scheme| scheme.key == name) else {
            let message = format!(
                "the security requirement names `{name}`, which `components.securitySchemes` \
                 does not define"
            );
            self.error(pointer, message);
            return None;
        };
        match &scheme.kind {
            SchemeKind::Bearer | SchemeKind::ClientCredentials => Some(Scheme::Bearer),
            SchemeKind::Basic => Some(Scheme::Basic),
            SchemeKind::ApiKey { location, name: key_name } => Some(Scheme::ApiKey {
                scheme: scheme.key.clone(),
                location: *location,
                name: key_name.clone(),
            }),
            SchemeKind::Unsupported(_) => None,
        }
    }
}

fn scheme_kind(scheme: &SecurityScheme) -> SchemeKind {
    match scheme {
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            SchemeKind::Bearer
        }
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
            SchemeKind::Basic
        }
        SecurityScheme::HTTP { scheme, .. } => {
            SchemeKind::Unsupported(format!("the HTTP authentication scheme `{scheme}`"))
        }
        SecurityScheme::APIKey { location, name, .. } => SchemeKind::ApiKey {
            location: match location {
                APIKeyLocation::Header => KeyLocation::Header,
                APIKeyLocation::Query => KeyLocation::Query,
                APIKeyLocation::Cookie => KeyLocation::Cookie,
            },
            name: name.clone(),
        },
        SecurityScheme::OAuth2 { flows, .. } if flows.client_credentials.is_some() => {
            SchemeKind::ClientCredentials
        }
        SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => SchemeKind::Bearer,
    }
}

/// The value of a one-value string enum.
fn single_value(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => match string.enumeration.as_slice() {
            [Some(value)] => Some(value.clone()),
            _ => None,
        },
        _ => None,
    }
}
