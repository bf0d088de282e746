//! `cargo xtask codegen`: the committed `generated/` crate, kept equal to
//! what the generator makes of `spec/mera-monitor.yaml`.

use std::path::{Path, PathBuf};

/// The spec, relative to the repository root.
pub const SPEC: &str = "spec/mera-monitor.yaml";
/// The generated crate, relative to the repository root.
pub const OUT: &str = "generated";
/// The generated crate's package name.
pub const CRATE_NAME: &str = "mera-monitor";
/// The command that regenerates it.
pub const COMMAND: &str = "cargo xtask codegen";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// The repository root: the folder above this crate.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The options every regeneration of `generated/` uses.
pub fn options() -> mera_codegen::Options {
    let mut options = mera_codegen::Options::new(CRATE_NAME, SPEC);
    options.regenerate_command = COMMAND.to_string();
    options
}

/// Regenerates, or checks, `generated/`. The error is the message to print.
pub fn run(mode: Mode) -> Result<(), String> {
    let root = root();
    let generated = mera_codegen::generate(&root.join(SPEC), &options()).map_err(|e| e.to_string())?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    let out = root.join(OUT);
    let relative = |path: &Path| path.strip_prefix(&root).unwrap_or(path).display().to_string();
    match mode {
        Mode::Write => {
            let written = generated.write(&out).map_err(|e| e.to_string())?;
            for path in &written {
                eprintln!("updated {}", relative(path));
            }
            Ok(())
        }
        Mode::Check => {
            let stale = generated.stale(&out).map_err(|e| e.to_string())?;
            if stale.is_empty() {
                return Ok(());
            }
            let list: Vec<String> = stale.iter().map(|path| format!("  {}", relative(path))).collect();
            Err(format!(
                "{OUT}/ is stale; these files differ from what {SPEC} gives:\n{}\nrun `{COMMAND}` to regenerate",
                list.join("\n")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{run, Mode};

    /// The committed crate is what the spec gives; the message names the
    /// stale files and the command that fixes them.
    #[test]
    fn generated_crate_is_fresh() {
        if let Err(message) = run(Mode::Check) {
            panic!("{message}");
        }
    }
}
