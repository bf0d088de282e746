//! The `operations` module: one async method on `Client` per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::is_copy;
use super::{doc_attrs, type_tokens, with_location, Scope};
use crate::ir::{
    Body, BodyEncoding, BodyKind, KeyLocation, MediaVariant, Operation, Param, ParamLocation,
    Primitive, Scheme, Success, TypeRef,
};
use crate::lower::template_names;

pub(super) fn operations_file(operations: &[Operation]) -> TokenStream {
    let methods = operations.iter().map(method);
    quote! {
        //! One method on [`Client`](super::Client) for each operation of the API.

        impl super::Client {
            #(#methods)*
        }
    }
}

fn method(op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.name);
    let docs = doc_attrs(&method_docs(op));
    let args = op.params.iter().map(|param| {
        let name = format_ident!("{}", param.name);
        let ty = arg_type(&param.ty, param.required);
        quote!(#name: #ty)
    });
    let body_arg = op.body.as_ref().map(|body| {
        let ty = type_tokens(&body.ty, Scope::Operations);
        let ty = if body.required { quote!(&#ty) } else { quote!(Option<&#ty>) };
        quote!(body: #ty,)
    });
    let error = type_tokens(&op.error, Scope::Operations);
    let output = success_type(&op.success);
    let path = path_expr(op);
    let http_method = format_ident!("{}", op.method);
    let accept = op
        .accept
        .as_ref()
        .map(|accept| quote!(let request = request.header(reqwest::header::ACCEPT, #accept);));
    let params = op.params.iter().map(add_param);
    let body = op.body.as_ref().map(add_body);
    let call = call(op);
    let read = read_success(&op.success);
    quote! {
        #docs
        pub async fn #name(&self, #(#args,)* #body_arg) -> Result<#output, super::Error<#error>> {
            let request = self.request(reqwest::Method::#http_method, #path);
            #accept
            #(#params)*
            #body
            let response = self.send(request, &#call).await?;
            #read
        }
    }
}

/// What `Client::send` needs to know of the operation.
fn call(op: &Operation) -> TokenStream {
    let id = &op.id;
    let path = &op.path;
    let alternatives = op.security.iter().map(|alternative| {
        let schemes = alternative.iter().map(scheme);
        quote!(&[#(#schemes),*])
    });
    quote! {
        super::client::Call {
            operation: #id,
            path: #path,
            security: &[#(#alternatives),*],
        }
    }
}

fn scheme(scheme: &Scheme) -> TokenStream {
    match scheme {
        Scheme::Bearer => quote!(super::auth::Scheme::Bearer),
        Scheme::Basic => quote!(super::auth::Scheme::Basic),
        Scheme::ApiKey { scheme, location, name } => {
            let location = match location {
                KeyLocation::Header => quote!(Header),
                KeyLocation::Query => quote!(Query),
                KeyLocation::Cookie => quote!(Cookie),
            };
            quote! {
                super::auth::Scheme::ApiKey {
                    scheme: #scheme,
                    location: super::auth::KeyLocation::#location,
                    name: #name,
                }
            }
        }
    }
}

/// The operation's own documentation, then one line per argument.
fn method_docs(op: &Operation) -> Vec<String> {
    let mut docs = with_location(&op.docs, &op.pointer);
    let described: Vec<&Param> = op.params.iter().filter(|p| !p.docs.is_empty()).collect();
    if !described.is_empty() || op.body.is_some() {
        docs.push(String::new());
        docs.push("# Arguments".to_string());
        docs.push(String::new());
    }
    for param in described {
        let place = match param.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        };
        docs.push(format!("- `{}` ({place} `{}`): {}", param.name, param.wire, param.docs[0]));
        docs.extend(param.docs[1..].iter().map(|line| format!("  {line}")));
    }
    if let Some(body) = &op.body {
        docs.push(format!("- `body`: the request body, sent as `{}`.", body.media_type));
    }
    docs
}

/// How a method takes a parameter: small values by value, the rest by
/// reference.
fn arg_type(ty: &TypeRef, required: bool) -> TokenStream {
    let base = match ty {
        TypeRef::Primitive(Primitive::String) => quote!(&str),
        TypeRef::Vec(item) => {
            let item = type_tokens(item, Scope::Operations);
            quote!(&[#item])
        }
        ty if is_copy(ty) => type_tokens(ty, Scope::Operations),
        ty => {
            let ty = type_tokens(ty, Scope::Operations);
            quote!(&#ty)
        }
    };
    if required {
        base
    } else {
        quote!(Option<#base>)
    }
}

/// The path with its parameters percent-encoded in place.
fn path_expr(op: &Operation) -> TokenStream {
    let names = template_names(&op.path);
    if names.is_empty() {
        let path = &op.path;
        return quote!(#path);
    }
    let mut format = String::new();
    let mut args = Vec::new();
    let mut rest = op.path.as_str();
    for wire in &names {
        let marker = format!("{{{wire}}}");
        let Some(at) = rest.find(&marker) else { continue };
        format.push_str(&rest[..at].replace('{', "{{").replace('}', "}}"));
        format.push_str("{}");
        rest = &rest[at + marker.len()..];
        let param = op.params.iter().find(|p| p.location == ParamLocation::Path && &p.wire == wire);
        if let Some(param) = param {
            let name = format_ident!("{}", param.name);
            args.push(quote!(super::encoding::path_segment(&#name)));
        }
    }
    format.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    quote!(&format!(#format, #(#args),*))
}

/// The statement that adds a query or header parameter to the request;
/// path parameters are in the path already.
fn add_param(param: &Param) -> TokenStream {
    let name = format_ident!("{}", param.name);
    let wire = &param.wire;
    let add = |value: TokenStream| match param.location {
        ParamLocation::Query => quote!(request.query(&[(#wire, #value)])),
        ParamLocation::Header => quote!(request.header(#wire, super::encoding::text(&#value))),
        ParamLocation::Path => TokenStream::new(),
    };
    if param.location == ParamLocation::Path {
        return TokenStream::new();
    }
    let value = format_ident!("value");
    let add_one = add(quote!(#value));
    match (&param.ty, param.required) {
        (TypeRef::Vec(_), true) if param.location == ParamLocation::Query => quote! {
            let request = #name.iter().fold(request, |request, #value| #add_one);
        },
        (TypeRef::Vec(_), false) if param.location == ParamLocation::Query => quote! {
            let request = #name
                .unwrap_or_default()
                .iter()
                .fold(request, |request, #value| #add_one);
        },
        (_, true) => {
            let add = add(quote!(#name));
            quote!(let request = #add;)
        }
        (_, false) => quote! {
            let request = match #name {
                Some(#value) => #add_one,
                None => request,
            };
        },
    }
}

fn add_body(body: &Body) -> TokenStream {
    let call = match body.encoding {
        BodyEncoding::Json => quote!(json),
        BodyEncoding::Form => quote!(form),
    };
    if body.required {
        quote!(let request = request.#call(body);)
    } else {
        quote! {
            let request = match body {
                Some(body) => request.#call(body),
                None => request,
            };
        }
    }
}

fn success_type(success: &Success) -> TokenStream {
    match success {
        Success::Empty => quote!(()),
        Success::Body(kind) => body_type(kind),
        Success::Media(name, _) => {
            let name = format_ident!("{}", name);
            quote!(super::types::#name)
        }
    }
}

fn body_type(kind: &BodyKind) -> TokenStream {
    match kind {
        BodyKind::Json(ty) => type_tokens(ty, Scope::Operations),
        BodyKind::Text => quote!(String),
        BodyKind::Bytes => quote!(Vec<u8>),
    }
}

fn read_body(kind: &BodyKind) -> TokenStream {
    match kind {
        BodyKind::Json(_) => quote!(super::client::json(response).await),
        BodyKind::Text => quote!(super::client::text(response).await),
        BodyKind::Bytes => quote!(super::client::bytes(response).await),
    }
}

fn read_success(success: &Success) -> TokenStream {
    match success {
        Success::Empty => quote!(super::client::empty(response).await),
        Success::Body(kind) => read_body(kind),
        Success::Media(name, variants) => read_media(name, variants),
    }
}

/// Reads an answer that may come in several media types, choosing the
/// variant by `Content-Type`.
fn read_media(name: &str, variants: &[MediaVariant]) -> TokenStream {
    let name = format_ident!("{}", name);
    let arms = variants.iter().map(|variant| {
        let variant_name = format_ident!("{}", variant.name);
        let pattern = &variant.media_type;
        let read = read_body(&variant.body);
        quote! {
            if super::client::media_matches(&media_type, #pattern) {
                return Ok(super::types::#name::#variant_name(#read?));
            }
        }
    });
    quote! {
        let response = super::client::check(response).await?;
        let media_type = super::client::media_type(&response);
        #(#arms)*
        let body = super::client::bytes(response).await?;
        Ok(super::types::#name::Other { content_type: media_type, body })
    }
}
