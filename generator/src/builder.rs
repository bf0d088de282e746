//! The build-script front end: generate the client into `OUT_DIR` and pull
//! it in with `include!`.

use std::path::{Path, PathBuf};

use heck::ToSnakeCase;

use crate::{generate_module, Error, Options};

/// Generates a client from a build script, as one file in `OUT_DIR`.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), mera_codegen::Error> {
///     mera_codegen::Builder::new("../spec/mera-monitor.yaml")
///         .module_name("mera")
///         .generate()?;
///     Ok(())
/// }
/// ```
///
/// ```ignore
/// // src/main.rs or src/lib.rs
/// #[allow(dead_code)]
/// mod mera {
///     include!(concat!(env!("OUT_DIR"), "/mera.rs"));
/// }
/// ```
///
/// The crate that includes the file needs the client's dependencies:
/// `chrono` (with `serde`), `percent-encoding`, `reqwest` (with `form`,
/// `json`, `query` and a TLS feature), `serde` (with `derive`),
/// `serde_json`, `tokio` (with `sync` and `time`), `tracing`, `url` and
/// `uuid` (with `serde`).
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    module_name: Option<String>,
    out_dir: Option<PathBuf>,
}

impl Builder {
    /// A builder for the spec at `spec`, relative to the package root (the
    /// working folder of a build script).
    pub fn new(spec: impl Into<PathBuf>) -> Builder {
        Builder { spec: spec.into(), module_name: None, out_dir: None }
    }

    /// The name of the generated file (`<name>.rs`) and of the prefix of
    /// the environment variables the client reads (`<NAME>_TOKEN`, ...).
    /// By default, the spec's file name in snake_case.
    pub fn module_name(mut self, name: impl Into<String>) -> Builder {
        self.module_name = Some(name.into());
        self
    }

    /// Where the file goes; `OUT_DIR` by default.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.out_dir = Some(dir.into());
        self
    }

    /// Generates the file, writing it only when its bytes change, and tells
    /// Cargo to run the build script again when the spec, or a file its
    /// `$ref`s name, changes. Warnings
    /// become `cargo:warning` lines. Returns the file's path.
    ///
    /// # Errors
    ///
    /// As [`crate::generate`], and [`Error::Options`] when there is no
    /// output folder: outside a build script, set [`Builder::out_dir`].
    pub fn generate(self) -> Result<PathBuf, Error> {
        // Printed first, so that fixing a broken spec reruns the script.
        println!("cargo:rerun-if-changed={}", self.spec.display());
        let out_dir = match self.out_dir.or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from))
        {
            Some(dir) => dir,
            None => {
                let message = "OUT_DIR is not set: call this from a build script, or set \
                               Builder::out_dir";
                return Err(Error::Options(message.to_string()));
            }
        };
        let name = match self.module_name {
            Some(name) => name,
            None => default_module_name(&self.spec),
        };
        let mut options = Options::new(name, self.spec.display().to_string());
        options.regenerate_command = "cargo build (the build script regenerates it)".to_string();
        let generated = generate_module(&self.spec, &options)?;
        for file in generated.spec_files.iter().skip(1) {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        for warning in &generated.warnings {
            println!("cargo:warning={warning}");
        }
        generated.write(&out_dir)?;
        let file = generated.files.first().map(|file| file.path.clone()).unwrap_or_default();
        Ok(out_dir.join(file))
    }
}

/// Generates the client for `spec` into `OUT_DIR/<spec file name>.rs`:
/// `Builder::new(spec).generate()`.
///
/// # Errors
///
/// As [`Builder::generate`].
pub fn compile(spec: impl Into<PathBuf>) -> Result<PathBuf, Error> {
    Builder::new(spec).generate()
}

fn default_module_name(spec: &Path) -> String {
    let stem = spec.file_stem().unwrap_or_default().to_string_lossy();
    let name = stem.to_snake_case();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api_{name}")
    }
}
