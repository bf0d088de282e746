//! The `operations` module: one async method on `Client` per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::is_copy;
use super::{doc_attrs, type_tokens, with_location, Scope};
use crate::ir::{
    Body, BodyEncoding, BodyKind, Field, FieldStep, KeyLocation, MediaVariant, Operation, PageKind,
    Pagination, Param, ParamLocation, ParamStyle, Primitive, Scheme, StatusMatch, StatusVariant,
    Success, TypeDef, TypeKind, TypeRef,
};
use crate::lower::template_names;

/// The inner documentation of `src/operations.rs`.
pub(super) fn operations_docs() -> TokenStream {
    quote! {
        //! The operations of the API. Each is a method on [`Client`](super::Client)
        //! that takes the required parameters and returns a request builder:
        //! set the optional parameters and per-request options on it, then
        //! `.await` it.
    }
}

/// The methods of `operations` on `Client`, in an `impl` block.
pub(super) fn client_methods(operations: &[Operation]) -> TokenStream {
    let methods = operations.iter().map(client_method);
    quote! {
        impl super::Client {
            #(#methods)*
        }
    }
}

/// The request builders of `operations`.
pub(super) fn builders(operations: &[Operation], types: &[TypeDef]) -> TokenStream {
    let builders = operations.iter().map(|op| builder(op, types));
    builders.collect()
}

/// An argument's type, borrowed for the builder's lifetime.
fn arg(param: &Param) -> (proc_macro2::Ident, TokenStream) {
    (format_ident!("{}", param.name), arg_type(&param.ty))
}

/// The type a request body is held as.
fn request_body_type(body: &Body) -> TokenStream {
    match body.encoding {
        BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
            let ty = type_tokens(&body.ty, Scope::Operations);
            quote!(&'a #ty)
        }
        BodyEncoding::Text => quote!(&'a str),
        BodyEncoding::Bytes => quote!(reqwest::Body),
    }
}

/// How a method or setter takes a body: bytes as anything that converts.
fn body_arg(body: &Body) -> TokenStream {
    match body.encoding {
        BodyEncoding::Bytes => quote!(impl Into<reqwest::Body>),
        _ => request_body_type(body),
    }
}

/// The method on `Client`: the required parameters and body, in order.
fn client_method(op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.name);
    let builder = format_ident!("{}", op.builder);
    let docs = doc_attrs(&method_docs(op));
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let args = required.iter().map(|param| {
        let (name, ty) = arg(param);
        quote!(#name: #ty)
    });
    let inits = op.params.iter().map(|param| {
        let name = format_ident!("{}", param.name);
        if param.required {
            quote!(#name)
        } else {
            quote!(#name: None)
        }
    });
    let required_body = op.body.as_ref().filter(|body| body.required);
    let body_arg = required_body.map(|body| {
        let ty = body_arg(body);
        quote!(body: #ty,)
    });
    let body_init = op.body.as_ref().map(|body| match (body.required, body.encoding) {
        (true, BodyEncoding::Bytes) => quote!(body: body.into(),),
        (true, _) => quote!(body,),
        (false, _) => quote!(body: None,),
    });
    quote! {
        #docs
        pub fn #name<'a>(&'a self, #(#args,)* #body_arg) -> #builder<'a> {
            #builder {
                client: self,
                #(#inits,)*
                #body_init
                options: super::client::RequestOptions::default(),
            }
        }
    }
}

/// The request builder of an operation: a field per parameter, a setter
/// per optional one, `send`, and `IntoFuture` so that it can be awaited.
fn builder(op: &Operation, types: &[TypeDef]) -> TokenStream {
    let builder = format_ident!("{}", op.builder);
    let method = &op.name;
    let struct_doc = format!(
        " The request of [`Client::{method}`](super::Client::{method}): set its optional \
         parameters, then `.await` it."
    );
    let fields = op.params.iter().map(|param| {
        let (name, ty) = arg(param);
        if param.required {
            quote!(#name: #ty,)
        } else {
            quote!(#name: Option<#ty>,)
        }
    });
    let body_field = op.body.as_ref().map(|body| {
        let ty = request_body_type(body);
        if body.required {
            quote!(body: #ty,)
        } else {
            quote!(body: Option<#ty>,)
        }
    });
    let setters = op.params.iter().filter(|param| !param.required).map(|param| {
        let (name, ty) = arg(param);
        let mut lines = param.docs.clone();
        if lines.is_empty() {
            lines.push(format!("Sets the optional parameter `{}`.", param.wire));
        }
        let docs = doc_attrs(&lines);
        quote! {
            #docs
            pub fn #name(mut self, #name: #ty) -> Self {
                self.#name = Some(#name);
                self
            }
        }
    });
    let body_setter = op.body.as_ref().filter(|body| !body.required).map(|body| {
        let ty = body_arg(body);
        let text = format!(" Sets the request body, sent as `{}`.", body.media_type);
        let value = match body.encoding {
            BodyEncoding::Bytes => quote!(body.into()),
            _ => quote!(body),
        };
        quote! {
            #[doc = #text]
            pub fn body(mut self, body: #ty) -> Self {
                self.body = Some(#value);
                self
            }
        }
    });
    let names = op.params.iter().map(|param| format_ident!("{}", param.name));
    let body_name = op.body.as_ref().map(|_| quote!(body,));
    let error = type_tokens(&op.error, Scope::Operations);
    let output = success_type(&op.success);
    let path = path_expr(op);
    let http_method = format_ident!("{}", op.method);
    let accept = op
        .accept
        .as_ref()
        .map(|accept| quote!(let request = request.header(reqwest::header::ACCEPT, #accept);));
    let params = add_params(&op.params);
    let body = op.body.as_ref().map(|body| add_body(body, types));
    let call = call(op);
    let (read, value) = match &op.success {
        // No body: nothing to bind (clippy frowns on a unit binding).
        Success::Empty => {
            (quote!(super::client::read_empty::<#error>(response).await?;), quote!(value: ()))
        }
        success => {
            let read = read_success(success, &error);
            (quote!(let value = #read;), quote!(value))
        }
    };
    let decoder = if op.error_by_status {
        quote!(#error::from_status)
    } else {
        quote!(super::client::any_status)
    };
    let stream = matches!(op.success, Success::Body(BodyKind::Bytes)).then(|| {
        quote! {
            /// Sends the request; the answer's body arrives chunk by chunk,
            /// for downloads too large to hold at once.
            pub async fn send_stream(self) -> Result<super::ByteStream, super::Error<#error>> {
                Ok(super::ByteStream::new(self.dispatch().await?))
            }
        }
    });
    // A stream body cannot be sent twice; every other request can.
    let clone = op.body.as_ref().is_none_or(|body| body.encoding != BodyEncoding::Bytes);
    let clone = clone.then(|| quote!(#[derive(Clone)]));
    let pages = op.pagination.as_ref().map(|pagination| page_stream(pagination, &error));
    quote! {
        #[doc = #struct_doc]
        #[must_use = "a request does nothing until it is awaited"]
        #clone
        pub struct #builder<'a> {
            client: &'a super::Client,
            #(#fields)*
            #body_field
            options: super::client::RequestOptions,
        }

        impl<'a> #builder<'a> {
            #(#setters)*
            #body_setter

            /// Times this request out after `timeout` in all (retries
            /// excluded), whatever the client's own timeout.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.timeout = Some(timeout);
                self
            }

            /// Adds a header to this request, beside those the operation sets.
            pub fn header(
                mut self,
                name: reqwest::header::HeaderName,
                value: reqwest::header::HeaderValue,
            ) -> Self {
                self.options.headers.append(name, value);
                self
            }

            /// Sends the request and reads the answer.
            pub async fn send(self) -> Result<#output, super::Error<#error>> {
                self.send_with_response().await.map(super::Response::into_inner)
            }

            /// Sends the request and reads the answer, keeping its status
            /// and headers.
            pub async fn send_with_response(
                self,
            ) -> Result<super::Response<#output>, super::Error<#error>> {
                let response = self.dispatch().await?;
                let status = response.status();
                let headers = response.headers().clone();
                #read
                Ok(super::Response { status, headers, #value })
            }

            #stream
            #pages

            /// Builds and sends the request; an error answer is an error.
            async fn dispatch(self) -> Result<reqwest::Response, super::Error<#error>> {
                let Self { client, #(#names,)* #body_name options } = self;
                let request = client.request(reqwest::Method::#http_method, #path);
                #accept
                #params
                #body
                let request = options.apply(request);
                let response = client.send(request, &#call).await?;
                super::client::check(response, #decoder).await
            }
        }

        impl<'a> std::future::IntoFuture for #builder<'a> {
            type Output = Result<#output, super::Error<#error>>;
            type IntoFuture = super::client::ResponseFuture<'a, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
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
            ParamLocation::Cookie => "cookie",
        };
        docs.push(format!("- `{}` ({place} `{}`): {}", param.name, param.wire, param.docs[0]));
        docs.extend(param.docs[1..].iter().map(|line| format!("  {line}")));
    }
    if let Some(body) = &op.body {
        docs.push(format!("- `body`: the request body, sent as `{}`.", body.media_type));
    }
    docs
}

/// How a builder holds a parameter: small values by value, the rest
/// borrowed for the builder's lifetime.
fn arg_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Primitive(Primitive::String) => quote!(&'a str),
        TypeRef::Vec(item) => {
            let item = type_tokens(item, Scope::Operations);
            quote!(&'a [#item])
        }
        ty if is_copy(ty) => type_tokens(ty, Scope::Operations),
        ty => {
            let ty = type_tokens(ty, Scope::Operations);
            quote!(&'a #ty)
        }
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
            args.push(match (param.style, param.explode) {
                (ParamStyle::Simple, false) => quote!(super::encoding::path_segment(&#name)),
                (other, explode) => {
                    let style = style(other);
                    quote!(super::encoding::path(&#name, #wire, #style, #explode))
                }
            });
        }
    }
    format.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    quote!(&format!(#format, #(#args),*))
}

/// An expression that follows `steps` from `root` (by value, or by
/// reference with `by_ref`) and ends in `end` applied to the last value;
/// where an `Option` is `None`, the whole is `otherwise`.
fn follow(
    root: TokenStream,
    steps: &[FieldStep],
    by_ref: bool,
    end: impl Fn(TokenStream, bool) -> TokenStream,
    otherwise: TokenStream,
) -> TokenStream {
    // Fields held directly chain on (`a.b.c`); only an `Option` is bound.
    let mut statements = Vec::new();
    let mut current = root;
    for (index, step) in steps.iter().enumerate() {
        let field = format_ident!("{}", step.field);
        let next = format_ident!("step{}", index);
        let value = match (step.options, by_ref) {
            (0, _) => {
                current = quote!(#current.#field);
                continue;
            }
            (1, false) => quote!(#current.#field),
            (1, true) => quote!(#current.#field.as_ref()),
            (_, false) => quote!(#current.#field.flatten()),
            (_, true) => quote!(#current.#field.as_ref().and_then(Option::as_ref)),
        };
        statements.push(quote! {
            let Some(#next) = #value else { break 'found #otherwise };
        });
        current = quote!(#next);
    }
    // `end` gets a reference when the last step unwrapped an `Option` by
    // reference, and a place (which it must copy or clone) otherwise.
    let held_last = steps.last().is_none_or(|step| step.options == 0);
    let end = end(current, by_ref && !held_last);
    if statements.is_empty() {
        return end;
    }
    quote! {
        'found: {
            #(#statements)*
            #end
        }
    }
}

/// `stream`: every item of every page, fetched a page at a time as the
/// stream is read.
fn page_stream(pagination: &Pagination, error: &TokenStream) -> TokenStream {
    let item = type_tokens(&pagination.item, Scope::Operations);
    let items =
        follow(quote!(answer), &pagination.items, false, |last, _| last, quote!(Vec::new()));
    let more = match &pagination.has_more {
        Some(steps) => {
            let read = |last, is_ref| if is_ref { quote!(*#last) } else { last };
            follow(quote!(answer), steps, true, read, quote!(true))
        }
        None => quote!(true),
    };
    let (state, first, request, advance) = match &pagination.kind {
        PageKind::Page { param, start } => {
            let param = format_ident!("{}", param);
            let start = proc_macro2::Literal::i64_unsuffixed(*start);
            (
                quote!(page),
                quote!(self.#param.unwrap_or(#start)),
                quote!(builder.clone().#param(page)),
                quote!(Some(page + 1)),
            )
        }
        PageKind::Cursor { param, next } => {
            let param = format_ident!("{}", param);
            let next = follow(
                quote!(answer),
                next,
                true,
                |last, _| quote!(Some(#last.clone())),
                quote!(None),
            );
            (
                quote!(cursor),
                quote!(self.#param.map(str::to_string)),
                quote! {
                    match &cursor {
                        Some(cursor) => builder.clone().#param(cursor),
                        None => builder.clone(),
                    }
                },
                quote!(#next.filter(|cursor: &String| !cursor.is_empty()).map(Some)),
            )
        }
    };
    quote! {
        /// Every item of every page, as a stream: pages are fetched one at
        /// a time as it is read, from the one this request asks for (see
        /// the operation's `x-pagination`), until a page is empty or the
        /// last. An error ends the stream after it is yielded.
        pub fn stream(
            self,
        ) -> impl futures_util::Stream<Item = Result<#item, super::Error<#error>>> + 'a {
            let first = #first;
            let pages = futures_util::stream::unfold(
                Some((self, first)),
                |state| async move {
                    let (builder, #state) = state?;
                    match #request.send().await {
                        Err(error) => Some((vec![Err(error)], None)),
                        Ok(answer) => {
                            let more: bool = #more;
                            let following = #advance;
                            let items: Vec<#item> = #items;
                            let next = match following {
                                Some(following) if more && !items.is_empty() => {
                                    Some((builder, following))
                                }
                                _ => None,
                            };
                            Some((items.into_iter().map(Ok).collect::<Vec<_>>(), next))
                        }
                    }
                },
            );
            futures_util::StreamExt::flat_map(pages, futures_util::stream::iter)
        }
    }
}

/// The runtime's name for a parameter style.
fn style(style: ParamStyle) -> TokenStream {
    let variant = match style {
        ParamStyle::Form => quote!(Form),
        ParamStyle::Simple => quote!(Simple),
        ParamStyle::Label => quote!(Label),
        ParamStyle::Matrix => quote!(Matrix),
        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ParamStyle::DeepObject => quote!(DeepObject),
    };
    quote!(super::encoding::Style::#variant)
}

/// The statements that add the query, header and cookie parameters to the
/// request; path parameters are in the path already.
fn add_params(params: &[Param]) -> TokenStream {
    let mut statements = Vec::new();
    let mut cookies = Vec::new();
    for param in params {
        let name = format_ident!("{}", param.name);
        let wire = &param.wire;
        let explode = param.explode;
        match param.location {
            ParamLocation::Path => {}
            // `None` adds nothing: the runtime reads it as JSON `null`.
            ParamLocation::Query if param.style == ParamStyle::Form && explode => {
                statements.push(quote! {
                    let request = request.query(&super::encoding::form(#wire, &#name));
                });
            }
            ParamLocation::Query => {
                let style = style(param.style);
                statements.push(quote! {
                    let request = request.query(
                        &super::encoding::query(#wire, &#name, #style, #explode),
                    );
                });
            }
            ParamLocation::Header if param.required => statements.push(quote! {
                let request = request.header(#wire, super::encoding::header(&#name, #explode));
            }),
            ParamLocation::Header => statements.push(quote! {
                let request = match #name {
                    Some(value) => {
                        request.header(#wire, super::encoding::header(&value, #explode))
                    }
                    None => request,
                };
            }),
            ParamLocation::Cookie => cookies.push(quote!(super::encoding::cookie(#wire, &#name))),
        }
    }
    if !cookies.is_empty() {
        statements.push(quote! {
            let cookies: Vec<String> = [#(#cookies),*].into_iter().flatten().collect();
            let request = if cookies.is_empty() {
                request
            } else {
                request.header(reqwest::header::COOKIE, cookies.join("; "))
            };
        });
    }
    statements.into_iter().collect()
}

fn add_body(body: &Body, types: &[TypeDef]) -> TokenStream {
    let media_type = match (body.media_type.as_str(), body.encoding) {
        // A pattern is not a media type a request can carry.
        (pattern, BodyEncoding::Json) if pattern.contains('*') => "application/json",
        (pattern, _) if pattern.contains('*') => "application/octet-stream",
        (media_type, _) => media_type,
    };
    let send = match body.encoding {
        BodyEncoding::Json if media_type == "application/json" => quote!(request.json(body)),
        BodyEncoding::Json => quote!(super::encoding::json_body(request, body, #media_type)),
        BodyEncoding::Form => quote!(request.form(body)),
        BodyEncoding::Multipart => {
            let parts = multipart_parts(&body.ty, types);
            quote! {{
                let form = reqwest::multipart::Form::new();
                #parts
                request.multipart(form)
            }}
        }
        BodyEncoding::Text => quote! {
            request.header(reqwest::header::CONTENT_TYPE, #media_type).body(body.to_string())
        },
        BodyEncoding::Bytes => quote! {
            request.header(reqwest::header::CONTENT_TYPE, #media_type).body(body)
        },
    };
    if body.required {
        quote!(let request = #send;)
    } else {
        quote! {
            let request = match body {
                Some(body) => #send,
                None => request,
            };
        }
    }
}

/// The statements that add a body's properties to `form`: a part per
/// property of a struct (files for `format: binary`), or per entry of
/// anything else.
fn multipart_parts(ty: &TypeRef, types: &[TypeDef]) -> TokenStream {
    let Some(fields) = struct_fields(ty, types) else {
        return quote!(let form = super::encoding::parts(form, body););
    };
    let statements = fields.iter().map(|field| {
        let name = format_ident!("{}", field.name);
        let wire = &field.wire;
        if field.flatten {
            quote!(let form = super::encoding::parts(form, &body.#name);)
        } else if holds_binary(&field.ty, types) {
            quote!(let form = super::encoding::file(form, #wire, &body.#name);)
        } else {
            quote!(let form = super::encoding::part(form, #wire, &body.#name);)
        }
    });
    statements.collect()
}

/// The fields of the struct a type names, following aliases.
fn struct_fields<'t>(ty: &TypeRef, types: &'t [TypeDef]) -> Option<&'t [Field]> {
    let mut ty = ty;
    for _ in 0..=types.len() {
        let TypeRef::Named(name) = ty else { return None };
        match &types.iter().find(|def| &def.name == name)?.kind {
            TypeKind::Alias(target) => ty = target,
            TypeKind::Struct(fields) => return Some(fields),
            _ => return None,
        }
    }
    None
}

/// Whether a type is `format: binary`, or a list of it.
fn holds_binary(ty: &TypeRef, types: &[TypeDef]) -> bool {
    let mut ty = ty;
    for _ in 0..=types.len() {
        match ty {
            TypeRef::Primitive(Primitive::Binary) => return true,
            TypeRef::Vec(item) => ty = item,
            TypeRef::Named(name) => match types.iter().find(|def| &def.name == name) {
                Some(TypeDef { kind: TypeKind::Alias(target), .. }) => ty = target,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

fn success_type(success: &Success) -> TokenStream {
    match success {
        Success::Empty => quote!(()),
        Success::Body(kind) => body_type(kind),
        Success::Media(name, _) | Success::Statuses(name, _) => {
            let name = format_ident!("{}", name);
            quote!(super::types::#name)
        }
    }
}

fn body_type(kind: &BodyKind) -> TokenStream {
    super::body_kind_tokens(kind, Scope::Operations)
}

/// An expression reading `response`'s body as `kind`; `error` is the
/// operation's error type, which inference cannot see through `?`.
fn read_body(kind: &BodyKind, error: &TokenStream) -> TokenStream {
    match kind {
        BodyKind::Json(_) => quote!(super::client::read_json::<_, #error>(response).await?),
        BodyKind::Text => quote!(super::client::read_text::<#error>(response).await?),
        BodyKind::Bytes => quote!(super::client::read_bytes::<#error>(response).await?),
    }
}

/// An expression reading a successful answer's value.
fn read_success(success: &Success, error: &TokenStream) -> TokenStream {
    match success {
        Success::Empty => quote!(()),
        Success::Body(kind) => read_body(kind, error),
        Success::Media(name, variants) => read_media(name, variants, error),
        Success::Statuses(name, variants) => read_statuses(name, variants, error),
    }
}

/// Reads an answer that may come in several media types, choosing the
/// variant by `Content-Type`.
fn read_media(name: &str, variants: &[MediaVariant], error: &TokenStream) -> TokenStream {
    let name = format_ident!("{}", name);
    let arms = variants.iter().map(|variant| {
        let variant_name = format_ident!("{}", variant.name);
        let pattern = &variant.media_type;
        let read = read_body(&variant.body, error);
        quote! {
            if super::client::media_matches(&media_type, #pattern) {
                super::types::#name::#variant_name(#read)
            } else
        }
    });
    quote! {{
        let media_type = super::client::media_type(&response);
        #(#arms)* {
            let body = super::client::read_bytes::<#error>(response).await?;
            super::types::#name::Other { content_type: media_type, body }
        }
    }}
}

/// The match arm pattern of a status.
pub(super) fn status_pattern(status: StatusMatch) -> TokenStream {
    let literal = proc_macro2::Literal::u16_unsuffixed;
    match status {
        StatusMatch::Code(code) => {
            let code = literal(code);
            quote!(#code)
        }
        StatusMatch::Range(class) => {
            let (low, high) = (literal(class * 100), literal(class * 100 + 99));
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// Statuses in the order a `match` must test them: codes, then ranges,
/// then `default`.
pub(super) fn by_precedence(variants: &[StatusVariant]) -> Vec<&StatusVariant> {
    let rank = |variant: &&StatusVariant| match variant.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    };
    let mut ordered: Vec<&StatusVariant> = variants.iter().collect();
    ordered.sort_by_key(rank);
    ordered
}

/// Reads a successful answer whose body depends on its status.
fn read_statuses(name: &str, variants: &[StatusVariant], error: &TokenStream) -> TokenStream {
    let name = format_ident!("{}", name);
    let arms = by_precedence(variants).into_iter().map(|variant| {
        let variant_name = format_ident!("{}", variant.name);
        let pattern = status_pattern(variant.status);
        match &variant.body {
            Some(kind) => {
                let read = read_body(kind, error);
                quote!(#pattern => super::types::#name::#variant_name(#read),)
            }
            None => quote! {
                #pattern => {
                    super::client::read_empty::<#error>(response).await?;
                    super::types::#name::#variant_name
                }
            },
        }
    });
    let has_default = variants.iter().any(|variant| variant.status == StatusMatch::Default);
    let other = (!has_default).then(|| {
        quote! {
            status => super::types::#name::Other {
                status,
                body: super::client::read_bytes::<#error>(response).await?,
            },
        }
    });
    quote! {
        match status.as_u16() {
            #(#arms)*
            #other
        }
    }
}
