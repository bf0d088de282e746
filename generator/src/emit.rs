//! Emitting: the intermediate form printed as the files of a crate.
//!
//! Rust files are built as tokens with `quote!`, parsed into a `syn::File`
//! and printed by prettyplease, so that the output is the same bytes on
//! every machine whatever rustfmt is installed.

mod operations;
mod package;
mod types;

pub use package::crate_version;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

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
        GeneratedFile {
            path: "src/types.rs".into(),
            contents: format!("{}{}", header.rust(), print("src/types.rs", &types_pieces(api))?),
        },
        GeneratedFile {
            path: "src/operations.rs".into(),
            contents: format!(
                "{}{}",
                header.rust(),
                print("src/operations.rs", &operations_pieces(api))?
            ),
        },
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
    Ok(space_items(&unparse(what, tokens)?))
}

/// Prints tokens with prettyplease, without [`space_items`].
fn unparse(what: &str, tokens: TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| {
        Error::Internal(format!("the code emitted for {what} does not parse: {error}"))
    })?;
    Ok(prettyplease::unparse(&file))
}

/// How many types or operations one [`Piece`] of a large file holds.
/// Fixed, so that the pieces, and the bytes printed, are the same on
/// every machine.
const PIECE_LEN: usize = 64;

/// Builds the tokens of one piece of a file.
type Build<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

/// A part of a Rust file, printed on its own. A large file (GitHub's
/// types are 360,000 lines) is not built as one token stream: its pieces
/// are built, parsed and printed one at a time on each core, so that
/// memory holds a few pieces' tokens rather than the whole file's, and
/// their texts are joined in order. prettyplease prints every item the
/// same whatever its neighbours, so the joined text is the text the whole
/// file would print as.
enum Piece<'a> {
    /// Text as it is, such as the line that opens an `impl` block.
    Text(&'static str),
    /// Items, or the inner attributes of the file.
    Items(Build<'a>),
    /// One braced item (an `impl` block) of which only the lines inside
    /// are kept: the methods of a block printed in several pieces.
    Inside(Build<'a>),
}

impl Piece<'_> {
    fn print(&self, what: &str) -> Result<String, Error> {
        match self {
            Piece::Text(text) => Ok((*text).to_string()),
            Piece::Items(build) => unparse(what, build()),
            Piece::Inside(build) => {
                let printed = unparse(what, build())?;
                let lines: Vec<&str> = printed.lines().collect();
                match lines.as_slice() {
                    [_open, inside @ .., _close] => {
                        Ok(inside.iter().flat_map(|line| [line, "\n"]).collect())
                    }
                    _ => Err(Error::Internal(format!(
                        "a piece of {what} printed as one line, not as a block"
                    ))),
                }
            }
        }
    }
}

/// Prints the pieces of a file, on as many threads as there are cores,
/// and joins their texts in order, spaced by [`space_items`].
fn print(what: &str, pieces: &[Piece<'_>]) -> Result<String, Error> {
    let next = AtomicUsize::new(0);
    let printed: Vec<Mutex<Option<Result<String, Error>>>> =
        pieces.iter().map(|_| Mutex::new(None)).collect();
    let work = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(piece) = pieces.get(index) else { break };
        let text = piece.print(what);
        if let Ok(mut slot) = printed[index].lock() {
            *slot = Some(text);
        }
    };
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let helpers = cores.min(pieces.len()).saturating_sub(1);
    std::thread::scope(|scope| {
        for _ in 0..helpers {
            // The helpers recurse as deep as this thread does. One that
            // cannot be started leaves its share to the others.
            let thread = std::thread::Builder::new().stack_size(crate::PIPELINE_STACK);
            let _ = thread.spawn_scoped(scope, work);
        }
        work();
    });
    let mut text = String::new();
    for slot in printed {
        let piece = slot
            .into_inner()
            .ok()
            .flatten()
            .ok_or_else(|| Error::Internal(format!("a piece of {what} was not printed")))?;
        text.push_str(&piece?);
    }
    Ok(space_items(&text))
}

/// `src/types.rs`: the types, [`PIECE_LEN`] to a piece.
fn types_pieces(api: &Api) -> Vec<Piece<'_>> {
    let mut pieces = vec![Piece::Items(Box::new(types::types_docs))];
    pieces.extend(
        api.types
            .chunks(PIECE_LEN)
            .map(|chunk| Piece::Items(Box::new(move || types::type_items(chunk)))),
    );
    pieces
}

/// `src/operations.rs`: the methods on `Client`, in one `impl` block
/// printed [`PIECE_LEN`] methods to a piece, then the request builders.
fn operations_pieces(api: &Api) -> Vec<Piece<'_>> {
    let mut pieces = vec![Piece::Items(Box::new(operations::operations_docs))];
    if api.operations.is_empty() {
        pieces.push(Piece::Items(Box::new(|| operations::client_methods(&[]))));
    } else {
        pieces.push(Piece::Text("impl super::Client {\n"));
        pieces.extend(
            api.operations
                .chunks(PIECE_LEN)
                .map(|chunk| Piece::Inside(Box::new(move || operations::client_methods(chunk)))),
        );
        pieces.push(Piece::Text("}\n"));
    }
    pieces.extend(
        api.operations
            .chunks(PIECE_LEN)
            .map(|chunk| Piece::Items(Box::new(move || operations::builders(chunk, &api.types)))),
    );
    pieces
}

/// The whole client as one file of items, for `include!` inside a module
/// of the user's crate (the build-script use): the root items, then each
/// module inline. Every path inside is relative (`super::`), so the file
/// works at any depth.
pub(crate) fn emit_module(api: &Api, options: &Options) -> Result<GeneratedFile, Error> {
    let header = package::Header::new(options);
    let mut text = header.rust();
    text.push_str(&format_tokens("the root", package::root_items(api, options, true))?);
    let types = print("types", &types_pieces(api))?;
    let operations = print("operations", &operations_pieces(api))?;
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
    attrs.collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// One operation of [`spec`], and its two schemas; `N` is its number.
    const OPERATION: &str = "
  /things/N:
    post:
      operationId: thingN
      description: Makes thing N.
      parameters:
        - {name: q, in: query, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/InN'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/OutN'}
";
    const SCHEMAS: &str = "
    InN: {type: object, description: In N., properties: {a: {type: string}}}
    OutN: {type: object, required: [b], properties: {b: {type: integer}}}
";

    /// A spec of `count` operations, each with a body type and an answer
    /// type of its own.
    fn spec(count: usize) -> String {
        let numbered = |text: &str| -> String {
            (0..count).map(|i| text.replace('N', &i.to_string())).collect()
        };
        let head = "openapi: 3.0.3\ninfo: {title: Many, version: '1'}\n";
        if count == 0 {
            return format!("{head}paths: {{}}\n");
        }
        let (paths, schemas) = (numbered(OPERATION), numbered(SCHEMAS));
        format!("{head}paths:{paths}components:\n  schemas:{schemas}")
    }

    fn lowered(count: usize) -> Api {
        let path = std::path::Path::new("many.yaml");
        let document =
            crate::load::load_bytes(path, spec(count).as_bytes()).expect("the spec loads");
        crate::lower::lower(&document).expect("the spec lowers").api
    }

    #[test]
    fn files_printed_in_pieces_read_as_printed_whole() {
        // Enough operations and types for several pieces and a short last one.
        let api = lowered(PIECE_LEN * 2 + 5);
        assert!(api.types.len() > PIECE_LEN * 4);

        let mut whole_types = types::types_docs();
        whole_types.extend(types::type_items(&api.types));
        assert_eq!(
            print("types", &types_pieces(&api)).expect("the pieces print"),
            format_tokens("types", whole_types).expect("the whole prints")
        );

        let mut whole_operations = operations::operations_docs();
        whole_operations.extend(operations::client_methods(&api.operations));
        whole_operations.extend(operations::builders(&api.operations, &api.types));
        assert_eq!(
            print("operations", &operations_pieces(&api)).expect("the pieces print"),
            format_tokens("operations", whole_operations).expect("the whole prints")
        );
    }

    #[test]
    fn an_api_without_operations_keeps_an_empty_impl_block() {
        let api = lowered(0);
        let printed = print("operations", &operations_pieces(&api)).expect("the pieces print");
        assert!(printed.contains("impl super::Client {}\n"), "{printed}");
    }
}
