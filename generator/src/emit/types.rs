//! The `types` module: one Rust type for each `TypeDef`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, type_tokens, with_location, Scope};
use crate::ir::{BodyKind, Field, MediaVariant, StringEnum, TypeDef, TypeKind, TypeRef};

/// The whole `types` module.
pub(super) fn types_file(types: &[TypeDef]) -> TokenStream {
    let items = types.iter().map(type_def);
    quote! {
        //! The types of the API: request and response bodies and the schemas
        //! they use.
        #(#items)*
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&with_location(&def.docs, &def.pointer));
    let name = format_ident!("{}", def.name);
    match &def.kind {
        TypeKind::Struct(fields) => struct_def(&docs, &name, fields),
        TypeKind::Enum(string_enum) => enum_def(&docs, &name, string_enum),
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
    }
}

fn struct_def(docs: &TokenStream, name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let all_optional = fields.iter().all(|field| !field.required || field.flatten);
    let default = all_optional.then(|| quote!(Default,));
    let has_secret = fields.iter().any(|field| field.secret);
    let debug = (!has_secret).then(|| quote!(Debug,));
    let debug_impl = has_secret.then(|| redacting_debug(name, fields));
    let fields = fields.iter().map(field);
    quote! {
        #docs
        #[derive(Clone, #debug #default PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }

        #debug_impl
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

fn field(field: &Field) -> TokenStream {
    let name = format_ident!("{}", field.name);
    let mut docs = field.docs.clone();
    if docs.is_empty() && !field.flatten {
        docs.push(format!("The `{}` property.", field.wire));
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
    let (ty, skip) = match (field.required, field.nullable) {
        (true, false) => (ty, None),
        (true, true) => (quote!(Option<#ty>), None),
        (false, _) => (
            quote!(Option<#ty>),
            Some(quote!(#[serde(default, skip_serializing_if = "Option::is_none")])),
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

fn response_enum(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    variants: &[MediaVariant],
) -> TokenStream {
    let variants = variants.iter().map(|variant| {
        let name = format_ident!("{}", variant.name);
        let text = format!(" An answer of type `{}`.", variant.media_type);
        let body = match &variant.body {
            BodyKind::Json(ty) => type_tokens(ty, Scope::Types),
            BodyKind::Text => quote!(String),
            BodyKind::Bytes => quote!(Vec<u8>),
        };
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

/// Whether a type is passed by value to a method (it is `Copy`).
pub(super) fn is_copy(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Primitive(p) if *p != crate::ir::Primitive::String)
}
