//! Errors and warnings, each tied to the place in the spec it is about.
//!
//! Messages follow one form: lowercase, no trailing period, and a location
//! first, so that an editor or a terminal can jump to it.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a spec file: the file, a JSON pointer inside it, and the line
/// and column when they are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The spec file, as the caller named it.
    pub file: PathBuf,
    /// A JSON pointer (RFC 6901) into the document, such as
    /// `/paths/~1users/get`; empty for the whole document.
    pub pointer: String,
    /// One-based line and column, when known.
    pub line_col: Option<(usize, usize)>,
}

impl Location {
    /// A location given by a JSON pointer.
    pub fn pointer(file: &Path, pointer: impl Into<String>) -> Location {
        Location { file: file.to_path_buf(), pointer: pointer.into(), line_col: None }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.line_col {
            write!(f, ":{line}:{column}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, " (at #{})", self.pointer)?;
        }
        Ok(())
    }
}

/// One problem found in a spec, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong and, where there is one, what to do about it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Everything that can stop generation.
///
/// `Debug` shows the same text as `Display`, so that a build script whose
/// `main` returns this error fails with a readable, located message.
#[derive(thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("could not read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file or folder could not be written.
    #[error("could not write {}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The spec has problems; all that were found are listed.
    #[error("{}", SpecProblems(.0))]
    Spec(Vec<Diagnostic>),
    /// An option given to the generator is not usable.
    #[error("invalid option: {0}")]
    Options(String),
    /// A bug in the generator: what it emitted is not valid Rust.
    #[error("internal error, please report it: {0}")]
    Internal(String),
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

struct SpecProblems<'a>(&'a [Diagnostic]);

impl fmt::Display for SpecProblems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {problem}")?;
        }
        Ok(())
    }
}

/// Escapes one JSON pointer reference token (RFC 6901 section 3).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_pointer_token`].
pub fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Builds a JSON pointer from reference tokens, escaping each.
pub fn pointer_from<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    tokens.into_iter().map(|token| format!("/{}", escape_pointer_token(token))).collect()
}
