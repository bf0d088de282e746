//! Emitting: the intermediate form printed as the files of a crate.
//!
//! Rust files are built as tokens with `quote!`, parsed into a `syn::File`
//! and printed by prettyplease, so that the output is the same bytes on
//! every machine whatever rustfmt is installed.

mod operations;
mod package;
mod types;

pub use package::crate_version;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::diagnostics::Error;
use crate::ir::{Api, Primitive, TypeRef};
use crate::{GeneratedFile, Options};

/// Which module a type is named from.
#[derive(Clone, Copy)]
enum Scope {
    /// Inside `types`, where the named types are in scope.
    Types,
    /// Anywhere else, where they are reached as `super::types::Name`.
    Operations,
}

/// Every file of the crate, in a fixed order. `examples` are the crate's
/// examples, as `(file name, text)`.
pub(crate) fn emit(
    api: &Api,
    options: &Options,
    examples: &[(String, String)],
) -> Result<Vec<GeneratedFile>, Error> {
    let header = package::Header::new(options);
    let mut files = vec![
        package::cargo_toml(api, options, &header),
        package::readme(api, options, &header),
        rust_file("src/lib.rs", &header, package::lib_rs(api, options))?,
        rust_file("src/types.rs", &header, types::types_file(&api.types))?,
        rust_file("src/operations.rs", &header, operations::operations_file(api))?,
    ];
    files.extend(package::runtime_files(&header));
    files.extend(examples.iter().map(|(name, text)| GeneratedFile {
        path: format!("examples/{name}").into(),
        contents: format!("{}{text}", header.rust()),
    }));
    Ok(files)
}

/// Prints a Rust file with the generated-file header.
fn rust_file(
    path: &str,
    header: &package::Header,
    tokens: TokenStream,
) -> Result<GeneratedFile, Error> {
    let contents = format!("{}{}", header.rust(), format_tokens(path, tokens)?);
    Ok(GeneratedFile { path: path.into(), contents })
}

/// Prints tokens as formatted Rust; `what` names them in the error.
fn format_tokens(what: &str, tokens: TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| {
        Error::Internal(format!("the code emitted for {what} does not parse: {error}"))
    })?;
    Ok(space_items(&prettyplease::unparse(&file)))
}

/// The whole client as one file of items, for `include!` inside a module
/// of the user's crate (the build-script use): the root items, then each
/// module inline. Every path inside is relative (`super::`), so the file
/// works at any depth.
pub(crate) fn emit_module(api: &Api, options: &Options) -> Result<GeneratedFile, Error> {
    let header = package::Header::new(options);
    let mut text = header.rust();
    text.push_str(&format_tokens("the root", package::root_items(api, options, true))?);
    let types = format_tokens("types", types::types_file(&api.types))?;
    let operations = format_tokens("operations", operations::operations_file(api))?;
    let mut modules = vec![
        ("pub mod types".to_string(), types.as_str()),
        (
            "#[allow(clippy::too_many_arguments)]\npub mod operations".to_string(),
            operations.as_str(),
        ),
    ];
    modules.extend(package::runtime_modules().map(|(name, body)| (format!("mod {name}"), body)));
    for (head, body) in modules {
        text.push_str(&format!("\n#[allow(dead_code, unused_imports)]\n{head} {{\n"));
        for line in body.lines() {
            if !line.is_empty() {
                text.push_str("    ");
            }
            text.push_str(line);
            text.push('\n');
        }
        text.push_str("}\n");
    }
    let path = format!("{}.rs", options.crate_name.replace('-', "_"));
    Ok(GeneratedFile { path: path.into(), contents: text })
}

/// Puts a blank line between items, which prettyplease does not: after the
/// inner attributes, after each item that ends with a brace, and between
/// runs of `mod` and `use` declarations.
fn space_items(code: &str) -> String {
    let mut spaced = String::with_capacity(code.len() + code.len() / 16);
    let mut previous: Option<&str> = None;
    for line in code.lines() {
        if previous.is_some_and(|previous| needs_blank(previous, line)) {
            spaced.push('\n');
        }
        spaced.push_str(line);
        spaced.push('\n');
        previous = Some(line);
    }
    spaced
}

fn needs_blank(previous: &str, next: &str) -> bool {
    let inner = |line: &str| line.starts_with("//!") || line.starts_with("#![");
    if inner(previous) {
        return !inner(next);
    }
    let indent = |line: &str| line.len() - line.trim_start().len();
    let starts_item = ["///", "#[", "pub ", "impl", "fn ", "async ", "mod ", "use ", "const "]
        .iter()
        .any(|start| next.trim_start().starts_with(start));
    if indent(previous) != indent(next) || !starts_item {
        return false;
    }
    let closing = previous.trim();
    let declaration = |line: &str| {
        let line = line.trim_start().trim_start_matches("pub ");
        line.split_whitespace().next().unwrap_or_default().to_string()
    };
    closing == "}"
        || closing == "};"
        || (closing.ends_with(';') && declaration(previous) != declaration(next))
}

/// The line that ties generated documentation to the spec, which the API
/// comparison (`compat`) reads back.
pub(crate) const LOCATION_PREFIX: &str = "Spec location: `#";

/// Documentation lines, then where in the spec the item comes from.
fn with_location(docs: &[String], pointer: &str) -> Vec<String> {
    let mut lines = docs.to_vec();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("{LOCATION_PREFIX}{pointer}`."));
    lines
}

/// `#[doc]` attributes, one per line.
fn doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// The Rust type of a body of some kind.
fn body_kind_tokens(kind: &crate::ir::BodyKind, scope: Scope) -> TokenStream {
    match kind {
        crate::ir::BodyKind::Json(ty) => type_tokens(ty, scope),
        crate::ir::BodyKind::Text => quote!(String),
        crate::ir::BodyKind::Bytes => quote!(Vec<u8>),
    }
}

/// The Rust type for a type reference.
fn type_tokens(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = format_ident!("{}", name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Operations => quote!(super::types::#name),
            }
        }
        TypeRef::Primitive(primitive) => match primitive {
            Primitive::Bool => quote!(bool),
            Primitive::I8 => quote!(i8),
            Primitive::I16 => quote!(i16),
            Primitive::I32 => quote!(i32),
            Primitive::I64 => quote!(i64),
            Primitive::U8 => quote!(u8),
            Primitive::U16 => quote!(u16),
            Primitive::U32 => quote!(u32),
            Primitive::U64 => quote!(u64),
            Primitive::F32 => quote!(f32),
            Primitive::F64 => quote!(f64),
            Primitive::String => quote!(String),
            Primitive::Date => quote!(chrono::NaiveDate),
            Primitive::DateTime => quote!(chrono::DateTime<chrono::Utc>),
            Primitive::Uuid => quote!(uuid::Uuid),
            Primitive::Base64 => quote!(super::encoding::Base64),
            Primitive::Binary => quote!(super::encoding::Binary),
        },
        TypeRef::Vec(item) => {
            let item = type_tokens(item, scope);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value, scope);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Json => quote!(serde_json::Value),
    }
}
