//! The `types` module: one Rust type for each `TypeDef`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, type_tokens, with_location, Scope};
use proc_macro2::Literal;

use crate::ir::{
    BodyKind, DefaultValue, Field, IntEnum, MediaVariant, OneOf, Primitive, StatusEnum,
    StatusMatch, StringEnum, TypeDef, TypeKind, TypeRef,
};

/// The whole `types` module.
/// The inner documentation of `src/types.rs`.
pub(super) fn types_docs() -> TokenStream {
    quote! {
        //! The types of the API: request and response bodies and the schemas
        //! they use.
    }
}

/// The items of `types`.
pub(super) fn type_items(types: &[TypeDef]) -> TokenStream {
    let items = types.iter().map(type_def);
    items.collect()
}

fn type_def(def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&with_location(&def.docs, &def.pointer));
    let name = format_ident!("{}", def.name);
    match &def.kind {
        TypeKind::Struct(fields) => struct_def(&docs, &name, fields),
        TypeKind::Enum(string_enum) => enum_def(&docs, &name, string_enum),
        TypeKind::IntEnum(int_enum) => int_enum_def(&docs, &name, int_enum),
        TypeKind::OneOf(one_of) if one_of.tag.is_some() => tagged_def(&docs, &name, one_of),
        TypeKind::OneOf(one_of) => untagged_def(&docs, &name, one_of),
        TypeKind::Alias(target) => {
            let target = type_tokens(target, Scope::Types);
            quote! { #docs pub type #name = #target; }
        }
        TypeKind::Newtype(inner) => {
            let inner = type_tokens(inner, Scope::Types);
            quote! {
                #docs
                #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #inner);
            }
        }
        TypeKind::ResponseEnum(variants) => response_enum(&docs, &name, variants),
        TypeKind::StatusEnum(statuses) => status_enum(&docs, &name, statuses),
    }
}

fn struct_def(docs: &TokenStream, name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let all_optional = fields.iter().all(|field| !field.required || field.flatten);
    let has_defaults = fields.iter().any(|field| field.default.is_some());
    let default = (all_optional && !has_defaults).then(|| quote!(Default,));
    let has_secret = fields.iter().any(|field| field.secret);
    let debug = (!has_secret).then(|| quote!(Debug,));
    let debug_impl = has_secret.then(|| redacting_debug(name, fields));
    let defaults_impl = has_defaults.then(|| defaults(name, fields, all_optional));
    let fields = fields.iter().map(|f| field(name, f));
    quote! {
        #docs
        #[derive(Clone, #debug #default PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }

        #defaults_impl
        #debug_impl
    }
}

/// The functions that give absent fields their spec default, and
/// `Default` built on them when every field may be absent.
fn defaults(name: &proc_macro2::Ident, fields: &[Field], all_optional: bool) -> TokenStream {
    let functions = fields.iter().filter_map(|field| {
        let value = default_expression(field)?;
        let function = format_ident!("default_{}", field.name.trim_end_matches('_'));
        let ty = type_tokens(&field.ty, Scope::Types);
        Some(quote! { fn #function() -> #ty { #value } })
    });
    let default_impl = all_optional.then(|| {
        let values = fields.iter().map(|field| {
            let ident = format_ident!("{}", field.name);
            if field.default.is_some() {
                let function = format_ident!("default_{}", field.name.trim_end_matches('_'));
                quote!(#ident: Self::#function())
            } else {
                quote!(#ident: Default::default())
            }
        });
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self { #(#values,)* }
                }
            }
        }
    });
    quote! {
        impl #name {
            #(#functions)*
        }

        #default_impl
    }
}

/// A field's default as an expression of its type.
fn default_expression(field: &Field) -> Option<TokenStream> {
    Some(default_tokens(&field.ty, field.default.as_ref()?))
}

/// A default as an expression of type `ty`.
fn default_tokens(ty: &TypeRef, value: &DefaultValue) -> TokenStream {
    let signed = |negative: bool, magnitude: Literal| {
        if negative {
            quote!(-#magnitude)
        } else {
            quote!(#magnitude)
        }
    };
    match value {
        DefaultValue::Bool(value) => quote!(#value),
        DefaultValue::Int(value) => {
            signed(*value < 0, Literal::u64_unsuffixed(value.unsigned_abs()))
        }
        DefaultValue::Float(value) => {
            let magnitude = match ty {
                TypeRef::Primitive(Primitive::F32) => Literal::f32_unsuffixed(value.abs() as f32),
                _ => Literal::f64_unsuffixed(value.abs()),
            };
            signed(*value < 0.0, magnitude)
        }
        DefaultValue::Str(value) => quote!(String::from(#value)),
        DefaultValue::EnumStr(name, value) => {
            let name = format_ident!("{name}");
            quote!(#name::from(#value))
        }
        DefaultValue::EnumInt(name, value) => {
            let name = format_ident!("{name}");
            let value = signed(*value < 0, Literal::u64_unsuffixed(value.unsigned_abs()));
            quote!(#name::from(#value))
        }
        DefaultValue::List(items) if items.is_empty() => quote!(Vec::new()),
        DefaultValue::List(items) => {
            // The item type, for literals that need it (`f32`).
            let item_ty = match ty {
                TypeRef::Vec(item) => item.as_ref(),
                _ => &TypeRef::Json,
            };
            let items = items.iter().map(|item| default_tokens(item_ty, item));
            quote!(vec![#(#items),*])
        }
        // The generator checked these values, so the fallbacks of
        // `unwrap_or_default` are never taken; they keep panics out of the
        // generated code.
        DefaultValue::Date(year, month, day) => {
            let year = Literal::i32_unsuffixed(*year);
            let (month, day) = (Literal::u32_unsuffixed(*month), Literal::u32_unsuffixed(*day));
            quote!(chrono::NaiveDate::from_ymd_opt(#year, #month, #day).unwrap_or_default())
        }
        DefaultValue::DateTime(text) => quote! {
            chrono::DateTime::parse_from_rfc3339(#text)
                .map(|at| at.with_timezone(&chrono::Utc))
                .unwrap_or_default()
        },
        DefaultValue::Uuid(bits) => {
            let bits = syn::LitInt::new(&format!("{bits:#034x}"), proc_macro2::Span::call_site());
            quote!(uuid::Uuid::from_u128(#bits))
        }
    }
}

/// `Debug` for a struct with secret fields, which it shows as `<redacted>`.
fn redacting_debug(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let shown = fields.iter().map(|field| {
        let ident = format_ident!("{}", field.name);
        let label = &field.name;
        if field.secret {
            quote!(.field(#label, &"<redacted>"))
        } else {
            quote!(.field(#label, &self.#ident))
        }
    });
    let label = name.to_string();
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #(#shown)* .finish()
            }
        }
    }
}

fn field(owner: &proc_macro2::Ident, field: &Field) -> TokenStream {
    let name = format_ident!("{}", field.name);
    let mut docs = field.docs.clone();
    if !field.required && field.nullable && field.default.is_none() {
        docs.push(String::new());
        docs.push("`None` when absent, `Some(None)` when `null`.".to_string());
    }
    let docs = doc_attrs(&docs);
    let mut ty = type_tokens(&field.ty, Scope::Types);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.flatten {
        return quote! { #docs #[serde(flatten)] pub #name: #ty, };
    }
    let rename = (field.name != field.wire).then(|| {
        let wire = &field.wire;
        quote!(#[serde(rename = #wire)])
    });
    // Absent, `null` and a value stay apart: an optional nullable field is
    // `None` when absent and `Some(None)` when `null`.
    let (ty, skip) = match (field.required, field.nullable) {
        _ if field.default.is_some() => {
            let function = format!("{owner}::default_{}", field.name.trim_end_matches('_'));
            (ty, Some(quote!(#[serde(default = #function)])))
        }
        (true, false) => (ty, None),
        (true, true) => (quote!(Option<#ty>), None),
        (false, false) => (
            quote!(Option<#ty>),
            Some(quote!(#[serde(default, skip_serializing_if = "Option::is_none")])),
        ),
        (false, true) => (
            quote!(Option<Option<#ty>>),
            Some(quote! {
                #[serde(
                    default,
                    skip_serializing_if = "Option::is_none",
                    deserialize_with = "super::encoding::nullable"
                )]
            }),
        ),
    };
    quote! { #docs #rename #skip pub #name: #ty, }
}

fn enum_def(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    string_enum: &StringEnum,
) -> TokenStream {
    let unknown = format_ident!("{}", string_enum.unknown);
    let variants: Vec<_> =
        string_enum.variants.iter().map(|v| format_ident!("{}", v.name)).collect();
    let values: Vec<_> = string_enum.variants.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = values.iter().map(|value| {
        let text = match *value {
            "" => " The empty string.".to_string(),
            value => format!(" `{}`", value.replace('`', "'")),
        };
        quote!(#[doc = #text])
    });
    let separator = (!docs.is_empty()).then(|| quote!(#[doc = ""]));
    let unknown_doc =
        format!(" [`{0}`](Self::{0}) variant and serialize back unchanged.", string_enum.unknown);
    // A one-value enum is a constant: its only value is the default.
    let single = variants.len() == 1;
    let default_derive = single.then(|| quote!(Default,));
    let variant_attrs = variants.iter().map(|_| single.then(|| quote!(#[default])));
    quote! {
        #docs
        #separator
        /// Values this client does not know yet deserialize into the
        #[doc = #unknown_doc]
        #[derive(Clone, Debug, #default_derive PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variant_attrs #variants,)*
            /// A value the spec does not list, kept as received.
            #unknown(String),
        }

        impl #name {
            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::#unknown(other.to_string()),
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    }
}

fn int_enum_def(docs: &TokenStream, name: &proc_macro2::Ident, int_enum: &IntEnum) -> TokenStream {
    let unknown = format_ident!("{}", int_enum.unknown);
    let variants: Vec<_> = int_enum.variants.iter().map(|v| format_ident!("{}", v.name)).collect();
    let values: Vec<_> =
        int_enum.variants.iter().map(|v| Literal::i64_unsuffixed(v.value)).collect();
    let variant_docs = int_enum.variants.iter().map(|variant| {
        let text = format!(" `{}`", variant.value);
        quote!(#[doc = #text])
    });
    let separator = (!docs.is_empty()).then(|| quote!(#[doc = ""]));
    let unknown_doc =
        format!(" [`{0}`](Self::{0}) variant and serialize back unchanged.", int_enum.unknown);
    quote! {
        #docs
        #separator
        /// Values this client does not know yet deserialize into the
        #[doc = #unknown_doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value the spec does not list, kept as received.
            #unknown(i64),
        }

        impl #name {
            /// The value as the API writes it.
            pub fn value(self) -> i64 {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::#unknown(other),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <i64 as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value))
            }
        }
    }
}

/// The variants of a `oneOf`, each holding its type (boxed where a cycle
/// needs it).
fn one_of_variants(one_of: &OneOf) -> Vec<TokenStream> {
    one_of
        .variants
        .iter()
        .map(|variant| {
            let name = format_ident!("{}", variant.name);
            let mut ty = type_tokens(&variant.ty, Scope::Types);
            if variant.boxed {
                ty = quote!(Box<#ty>);
            }
            let mut lines = variant.docs.clone();
            if lines.is_empty() {
                lines.push(match &variant.ty {
                    TypeRef::Named(named) => format!("A [`{named}`]."),
                    _ => format!("A value of type `{ty}`.").replace(" < ", "<").replace(" >", ">"),
                });
            }
            if !variant.tags.is_empty() {
                let tags: Vec<String> = variant.tags.iter().map(|tag| format!("`{tag}`")).collect();
                lines.push(String::new());
                let label = if tags.len() == 1 { "value" } else { "values" };
                lines.push(format!("Discriminator {label}: {}.", tags.join(", ")));
            }
            let docs = doc_attrs(&lines);
            quote! { #docs #name(#ty), }
        })
        .collect()
}

/// A `oneOf` or `anyOf` without a discriminator: each variant is tried in
/// the spec's order, and a value none of them takes is kept as JSON.
fn untagged_def(docs: &TokenStream, name: &proc_macro2::Ident, one_of: &OneOf) -> TokenStream {
    let variants = one_of_variants(one_of);
    let fallback = format_ident!("{}", one_of.fallback);
    let separator = (!docs.is_empty()).then(|| quote!(#[doc = ""]));
    let order_doc = format!(
        " listed, the first that accepts it wins; one none accepts is kept in [`{0}`](Self::{0}).",
        one_of.fallback
    );
    quote! {
        #docs
        #separator
        /// One of several types. A value is tried against each in the order
        #[doc = #order_doc]
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A value no other variant accepts, kept as received.
            #fallback(serde_json::Value),
        }
    }
}

/// A `oneOf` with a discriminator: the property's value picks the variant;
/// an unknown value keeps the whole object as JSON.
fn tagged_def(docs: &TokenStream, name: &proc_macro2::Ident, one_of: &OneOf) -> TokenStream {
    let variants = one_of_variants(one_of);
    let fallback = format_ident!("{}", one_of.fallback);
    let property = one_of.tag.as_deref().unwrap_or_default();
    let separator = (!docs.is_empty()).then(|| quote!(#[doc = ""]));
    let tag_doc = format!(
        " The `{property}` property says which type a value is; a value it does not name is \
         kept in [`{0}`](Self::{0}).",
        one_of.fallback
    );
    let serialize_arms = one_of.variants.iter().map(|variant| {
        let name = format_ident!("{}", variant.name);
        match variant.tags.first() {
            Some(tag) => quote! {
                Self::#name(value) => {
                    super::encoding::serialize_tagged(value, #property, #tag, serializer)
                }
            },
            None => quote!(Self::#name(value) => serde::Serialize::serialize(value, serializer),),
        }
    });
    let deserialize_arms = one_of.variants.iter().filter(|v| !v.tags.is_empty()).map(|variant| {
        let name = format_ident!("{}", variant.name);
        let tags = &variant.tags;
        let wrap = if variant.boxed {
            quote!(|value| Self::#name(Box::new(value)))
        } else {
            quote!(Self::#name)
        };
        quote!(Some(#(#tags)|*) => super::encoding::from_json(value).map(#wrap),)
    });
    quote! {
        #docs
        #separator
        #[doc = #tag_doc]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A value of a type this client does not know yet, kept as received.
            #fallback(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#fallback(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value
                    .get(#property)
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned);
                match tag.as_deref() {
                    #(#deserialize_arms)*
                    _ => Ok(Self::#fallback(value)),
                }
            }
        }
    }
}

fn response_enum(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    variants: &[MediaVariant],
) -> TokenStream {
    let variants = variants.iter().map(|variant| {
        let name = format_ident!("{}", variant.name);
        let text = format!(" An answer of type `{}`.", variant.media_type);
        let body = body_tokens(&variant.body);
        quote! { #[doc = #text] #name(#body), }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An answer of a media type the spec does not list.
            Other {
                /// The media type, without parameters, in lower case.
                content_type: String,
                /// The body as received.
                body: Vec<u8>,
            },
        }
    }
}

/// The answers of several statuses. An error enum reads its body by
/// status (`from_status`); a success enum keeps undocumented statuses.
fn status_enum(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    statuses: &StatusEnum,
) -> TokenStream {
    let variants = statuses.variants.iter().map(|variant| {
        let variant_name = format_ident!("{}", variant.name);
        let status = match variant.status {
            StatusMatch::Code(code) => format!("`{code}`"),
            StatusMatch::Range(class) => format!("`{class}XX`"),
            StatusMatch::Default => "any other status (`default`)".to_string(),
        };
        let mut lines = variant.docs.clone();
        lines.push(String::new());
        lines.push(format!("Status: {status}."));
        let docs = doc_attrs(&lines);
        match &variant.body {
            Some(kind) => {
                let body = body_tokens(kind);
                quote!(#docs #variant_name(#body),)
            }
            None => quote!(#docs #variant_name,),
        }
    });
    let other = (!statuses.errors).then(|| {
        quote! {
            /// An answer of a success status the spec does not list.
            Other {
                /// The status.
                status: u16,
                /// The body as received.
                body: Vec<u8>,
            },
        }
    });
    let decode = statuses.errors.then(|| {
        let arms = super::operations::by_precedence(&statuses.variants).into_iter().map(|v| {
            let variant_name = format_ident!("{}", v.name);
            let pattern = super::operations::status_pattern(v.status);
            let read = match &v.body {
                Some(BodyKind::Json(_)) => {
                    quote!(serde_json::from_slice(body).ok().map(Self::#variant_name))
                }
                Some(BodyKind::Text) => quote! {
                    Some(Self::#variant_name(String::from_utf8_lossy(body).into_owned()))
                },
                Some(BodyKind::Bytes) => quote!(Some(Self::#variant_name(body.to_vec()))),
                None => quote!(Some(Self::#variant_name)),
            };
            quote!(#pattern => #read,)
        });
        let fallback = (!statuses.variants.iter().any(|v| v.status == StatusMatch::Default))
            .then(|| quote!(_ => None,));
        quote! {
            impl #name {
                /// The error body of an answer of `status`, read as the spec
                /// documents that status; `None` when it does not match.
                pub fn from_status(status: reqwest::StatusCode, body: &[u8]) -> Option<Self> {
                    match status.as_u16() {
                        #(#arms)*
                        #fallback
                    }
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #other
        }

        #decode
    }
}

fn body_tokens(kind: &BodyKind) -> TokenStream {
    super::body_kind_tokens(kind, Scope::Types)
}

/// Whether a type is passed by value to a method (it is `Copy`).
pub(super) fn is_copy(ty: &TypeRef) -> bool {
    use crate::ir::Primitive;
    let owned =
        |p: &Primitive| matches!(p, Primitive::String | Primitive::Base64 | Primitive::Binary);
    matches!(ty, TypeRef::Primitive(p) if !owned(p))
}
