//! `cargo xtask codegen`: the committed `generated/` crate, kept equal to
//! what the generator makes of `spec/mera-monitor.yaml`.

use std::path::{Path, PathBuf};

/// The spec, relative to the repository root.
pub const SPEC: &str = "spec/mera-monitor.yaml";
/// The generated crate, relative to the repository root.
pub const OUT: &str = "generated";
/// The generated crate's package name.
pub const CRATE_NAME: &str = "mera-monitor";
/// Hand-written examples the crate carries, relative to the root.
pub const EXAMPLES: &str = "spec/examples";
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
    options.license = Some("MIT OR Apache-2.0".to_string());
    options.examples_dir = Some(root().join(EXAMPLES));
    options
}

/// Regenerates, or checks, `generated/`. The error is the message to print.
pub fn run(mode: Mode) -> Result<(), String> {
    let root = root();
    regenerate(&root, &root.join(SPEC), mode)
}

/// Regenerates, or checks, `generated/` under `root` from the spec at `spec`.
fn regenerate(root: &Path, spec: &Path, mode: Mode) -> Result<(), String> {
    let generated = mera_codegen::generate(spec, &options()).map_err(|e| e.to_string())?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    let out = root.join(OUT);
    let relative = |path: &Path| path.strip_prefix(root).unwrap_or(path).display().to_string();
    match mode {
        Mode::Write => {
            let report = generated.compare(&out).map_err(|e| e.to_string())?;
            if report.bump().is_some() {
                eprintln!("{report}");
            }
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
            let list: Vec<String> =
                stale.iter().map(|path| format!("  {}", relative(path))).collect();
            Err(format!(
                "{OUT}/ is stale; these files differ from what {SPEC} gives:\n{}\n\
                 run `{COMMAND}` to regenerate",
                list.join("\n")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{regenerate, root, run, Mode, SPEC};

    /// The committed crate is what the spec gives; the message names the
    /// stale files and the command that fixes them.
    #[test]
    fn generated_crate_is_fresh() {
        if let Err(message) = run(Mode::Check) {
            panic!("{message}");
        }
    }

    /// A spec edited without regenerating fails the check, which names the
    /// file that would change and the command to run.
    #[test]
    fn an_edited_spec_is_reported_with_the_stale_file() {
        let root = root();
        let spec = std::fs::read_to_string(root.join(SPEC)).expect("the spec is readable");
        let edited = spec.replacen(
            "Human-readable status message.",
            "Human-readable status message, edited.",
            1,
        );
        assert_ne!(edited, spec, "the text to edit is in the spec");
        let dir = std::env::temp_dir().join(format!("xtask-stale-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        let edited_spec = dir.join("mera-monitor.yaml");
        std::fs::write(&edited_spec, edited).expect("the edited spec is written");

        let message = regenerate(&root, &edited_spec, Mode::Check).expect_err("stale");

        std::fs::remove_dir_all(&dir).expect("the scratch folder is removed");
        assert!(message.contains("  generated/src/types.rs\n"), "{message}");
        assert!(!message.contains("generated/src/operations.rs"), "{message}");
        assert!(message.contains("run `cargo xtask codegen`"), "{message}");
    }
}
