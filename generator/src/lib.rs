//! mera-codegen turns an OpenAPI 3.0 or 3.1 description into a Rust client crate
//! with authentication built in.
//!
//! The generator is a pipeline of stages, each in its own module:
//!
//! 1. `load`: read the YAML or JSON file into the typed OpenAPI model;
//! 2. `lower`: build the intermediate form (`ir`), where every Rust name
//!    is decided and every problem in the spec is collected;
//! 3. `emit`: print each file of the crate;
//! 4. `write`: write only the files whose bytes changed, or report them.
//!
//! [`generate`] runs the first three and returns the files;
//! [`Generated::write`] and [`Generated::stale`] finish the job, and
//! [`Generated::compare`] reports what a regeneration changes in the public
//! API, by Rust's semver rules. The command line (`mera-codegen generate`),
//! `cargo xtask codegen` and the build-script [`Builder`] are thin front
//! ends over these.
//!
//! ```no_run
//! use std::path::Path;
//!
//! let options = mera_codegen::Options::new("petstore-client", "petstore.yaml");
//! let generated = mera_codegen::generate(Path::new("petstore.yaml"), &options)?;
//! for warning in &generated.warnings {
//!     eprintln!("warning: {warning}");
//! }
//! generated.write(Path::new("petstore-client"))?;
//! # Ok::<(), mera_codegen::Error>(())
//! ```

mod builder;
mod compat;
mod diagnostics;
mod emit;
mod ir;
mod load;
mod lower;
mod names;
mod write;

use std::path::{Path, PathBuf};

pub use builder::{compile, Builder};
pub use compat::{ApiChange, ApiReport, Bump};
pub use diagnostics::{Diagnostic, Error, Location};
pub use emit::crate_version;

/// What to generate, besides the spec.
#[derive(Debug, Clone)]
pub struct Options {
    /// The package name of the generated crate, such as `mera-monitor`.
    pub crate_name: String,
    /// The crate version; by default it is derived from `info.version`.
    pub crate_version: Option<String>,
    /// The crate's license, an SPDX expression; by default the spec's
    /// `info.license.name` when it is one, and none otherwise.
    pub license: Option<String>,
    /// How generated files name the spec they come from. Use a path that is
    /// the same on every machine (relative to the repository, say), so
    /// that the output is too.
    pub spec_label: String,
    /// The command generated files tell readers to run to regenerate them.
    pub regenerate_command: String,
    /// A folder of hand-written examples (`*.rs`), copied into the crate's
    /// `examples/` with the generated-file header.
    pub examples_dir: Option<PathBuf>,
}

impl Options {
    /// Options for `crate_name`, naming the spec `spec_label` in headers.
    pub fn new(crate_name: impl Into<String>, spec_label: impl Into<String>) -> Options {
        let crate_name = crate_name.into();
        let spec_label = spec_label.into();
        let regenerate_command = format!(
            "mera-codegen generate --spec {spec_label} --out <dir> --crate-name {crate_name}"
        );
        Options {
            crate_name,
            crate_version: None,
            license: None,
            spec_label,
            regenerate_command,
            examples_dir: None,
        }
    }

    fn check(&self) -> Result<(), Error> {
        let name = &self.crate_name;
        let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(Error::Options(format!(
                "`{name}` is not a valid crate name: use ASCII letters, digits, `-` and `_`, \
                 starting with a letter"
            )));
        }
        if let Some(version) = &self.crate_version {
            if let Err(error) = semver::Version::parse(version) {
                return Err(Error::Options(format!("crate version `{version}`: {error}")));
            }
        }
        Ok(())
    }
}

/// One file of a generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path inside the crate, such as `src/types.rs`.
    pub path: PathBuf,
    /// The whole text.
    pub contents: String,
}

/// A generated crate: its files, and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Every file, in a fixed order.
    pub files: Vec<GeneratedFile>,
    /// Constructs the generator does not support yet, each with where it is
    /// and the fallback used.
    pub warnings: Vec<Diagnostic>,
    /// Every file read: the spec, then the files its `$ref`s name.
    pub spec_files: Vec<PathBuf>,
}

/// Generates the crate for the spec at `spec`.
///
/// # Errors
///
/// [`Error::Read`] when the spec cannot be read, [`Error::Spec`] listing every
/// problem found in it, and [`Error::Options`] for unusable options.
pub fn generate(spec: &Path, options: &Options) -> Result<Generated, Error> {
    with_deep_stack(|| generate_on_this_thread(spec, options))
}

fn generate_on_this_thread(spec: &Path, options: &Options) -> Result<Generated, Error> {
    let (lowered, spec_files) = front(spec, options)?;
    let examples = match &options.examples_dir {
        Some(dir) => read_examples(dir)?,
        None => Vec::new(),
    };
    let files = emit::emit(&lowered.api, options, &examples)?;
    Ok(Generated { files, warnings: lowered.warnings, spec_files })
}

/// Generates the crate for a spec given as bytes, as [`generate`] does
/// for a file: `path` names the spec in messages, and relative `$ref`s are
/// read from beside it. Examples are not read.
///
/// # Errors
///
/// As [`generate`].
pub fn generate_from_bytes(
    path: &Path,
    bytes: &[u8],
    options: &Options,
) -> Result<Generated, Error> {
    with_deep_stack(|| {
        options.check()?;
        let (lowered, spec_files) = lower_document(load::load_bytes(path, bytes)?, path)?;
        let files = emit::emit(&lowered.api, options, &[])?;
        Ok(Generated { files, warnings: lowered.warnings, spec_files })
    })
}

/// The stack the pipeline runs on. Typing, lowering and printing recurse
/// once per level of nesting, which the parsers cap at 128; a deeply nested
/// spec must not overflow the small stack of a test or a build-script
/// thread. The memory is only reserved, not used.
pub(crate) const PIPELINE_STACK: usize = 256 << 20;

/// Runs `work` on a thread with [`PIPELINE_STACK`] of stack, or here when
/// no thread can be started.
fn with_deep_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let work = std::sync::Mutex::new(Some(work));
    let run = || work.lock().ok().and_then(|mut work| work.take()).map(|work| work());
    let outcome = std::thread::scope(|scope| {
        let thread = std::thread::Builder::new().name("mera-codegen".to_string());
        match thread.stack_size(PIPELINE_STACK).spawn_scoped(scope, run) {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: this one will have to do.
            Err(_) => run(),
        }
    });
    outcome.unwrap_or_else(|| unreachable!("the work runs exactly once"))
}

/// The stages before emitting: load and lower, every diagnostic located.
/// Returns the files read too.
fn front(spec: &Path, options: &Options) -> Result<(lower::Lowered, Vec<PathBuf>), Error> {
    options.check()?;
    lower_document(load::load(spec)?, spec)
}

fn lower_document(
    document: load::Document,
    spec: &Path,
) -> Result<(lower::Lowered, Vec<PathBuf>), Error> {
    let mut lowered = lower::lower(&document).map_err(|error| document.locate_error(error))?;
    lowered.warnings.splice(0..0, document.warnings.iter().cloned());
    document.locate(&mut lowered.warnings);
    let mut files = vec![spec.to_path_buf()];
    files.extend(document.referenced_files);
    Ok((lowered, files))
}

/// The `*.rs` files of `dir`, by name, as `(file name, text)`.
fn read_examples(dir: &Path) -> Result<Vec<(String, String)>, Error> {
    let read_error = |source| Error::Read { path: dir.to_path_buf(), source };
    let mut examples = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path)
                .map_err(|source| Error::Read { path: path.clone(), source })?;
            let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            examples.push((name, text));
        }
    }
    examples.sort();
    Ok(examples)
}

/// Generates the client for the spec at `spec` as one file,
/// `<crate_name in snake_case>.rs`, to `include!` inside a module of
/// another crate. [`Builder`] wraps it for build scripts.
///
/// # Errors
///
/// As [`generate`].
pub fn generate_module(spec: &Path, options: &Options) -> Result<Generated, Error> {
    with_deep_stack(|| {
        let (lowered, spec_files) = front(spec, options)?;
        let file = emit::emit_module(&lowered.api, options)?;
        Ok(Generated { files: vec![file], warnings: lowered.warnings, spec_files })
    })
}

impl Generated {
    /// Writes the crate into `dir`, touching only files whose bytes change
    /// and removing generated files that are no longer part of it. Returns
    /// the paths written or removed.
    ///
    /// # Errors
    ///
    /// [`Error::Write`] naming the path that could not be written.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        write::write(dir, &self.files)
    }

    /// The files in `dir` that differ from this crate: changed, missing, or
    /// generated but no longer part of it. Writes nothing.
    ///
    /// # Errors
    ///
    /// [`Error::Read`] when an existing file cannot be read.
    pub fn stale(&self, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        write::stale(dir, &self.files)
    }

    /// What writing this crate over the one in `dir` changes in its public
    /// API, each change classified by Rust's semver rules and tied to the
    /// spec part behind it, with the version bump it calls for.
    ///
    /// # Errors
    ///
    /// [`Error::Read`] when a file in `dir` cannot be read.
    pub fn compare(&self, dir: &Path) -> Result<ApiReport, Error> {
        compat::compare(dir, &self.files)
    }
}
