//! Mutation fuzzing in the test suite: thousands of specs derived from the
//! Mera spec and the fixtures by random, seeded edits (deleted and renamed
//! keys, values of the wrong type, dangling and cyclic `$ref`s, odd names)
//! go through the whole generator. None may panic; each must give a crate
//! or an error whose every problem has a location.
//!
//! `MUTATIONS=<n>` sets the number of specs (2,000 by default) and
//! `MUTATION_SEED=<n>` the seed. For longer, coverage-guided runs, see
//! `fuzz/` (cargo fuzz).

use std::path::{Path, PathBuf};

use mera_codegen::{Error, Options};
use mera_tests::{root, specs};
use serde_json::{json, Map, Value};

/// A small, fast, seeded generator (xorshift64*): the same seed gives the
/// same specs on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const STRINGS: &[&str] = &[
    "",
    "{",
    "}",
    "{id}",
    "a/b",
    "~1",
    "$ref",
    "type",
    "self",
    "Self",
    "1st",
    "integer",
    "string",
    "array",
    "object",
    "null",
    "int32",
    "date-time",
    "binary",
    "3.1.0",
    "2.0",
    "#/components/schemas/Nope",
    "#/components/schemas",
    "#",
    "../elsewhere.yaml",
    "application/json",
    "multipart/form-data",
    "text/plain",
    "héllo",
    "🙂",
    "default",
    "4XX",
    "200",
    "-1",
    "1e400",
];

const KEYS: &[&str] = &[
    "$ref",
    "type",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "enum",
    "nullable",
    "required",
    "additionalProperties",
    "format",
    "parameters",
    "responses",
    "content",
    "schema",
    "security",
    "discriminator",
    "in",
    "name",
    "style",
    "explode",
    "x-pagination",
];

fn random_scalar(rng: &mut Rng) -> Value {
    match rng.below(8) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => json!(rng.next() as i64),
        3 => json!(-1.5),
        4 => json!({}),
        5 => json!([]),
        _ => Value::String(rng.pick(STRINGS).to_string()),
    }
}

/// Every node's pointer, in document order.
fn pointers(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{pointer}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                pointers(item, format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(pointer);
}

fn mutate(spec: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    pointers(spec, String::new(), &mut all);
    let target = rng.pick(&all).clone();
    let donor_pointer: &String = rng.pick(&all);
    let donor = spec.pointer(donor_pointer).cloned().unwrap_or(Value::Null);
    let Some(node) = spec.pointer_mut(&target) else { return };
    match rng.below(9) {
        // A value of another type.
        0 | 1 => *node = random_scalar(rng),
        // A subtree from elsewhere (cycles and nonsense included).
        2 => *node = donor,
        // A key removed, or renamed.
        3 | 4 => {
            if let Value::Object(map) = node {
                if let Some(key) = map.keys().nth(rng.below(map.len())).cloned() {
                    let value = map.remove(&key).unwrap_or(Value::Null);
                    if rng.below(2) == 0 {
                        map.insert(rng.pick(STRINGS).to_string(), value);
                    }
                }
            }
        }
        // A schema keyword added.
        5 | 6 => {
            if let Value::Object(map) = node {
                let value = match rng.below(3) {
                    0 => Value::String(rng.pick(STRINGS).to_string()),
                    1 => json!(["a", 1, null]),
                    _ => random_scalar(rng),
                };
                map.insert(rng.pick(KEYS).to_string(), value);
            }
        }
        // A reference, dangling or back to an ancestor.
        7 => {
            let reference = match rng.below(3) {
                0 => "#/components/schemas/Missing".to_string(),
                1 => format!("#{target}"),
                _ => "#/components/schemas/UserAttendance".to_string(),
            };
            let mut map = Map::new();
            map.insert("$ref".to_string(), Value::String(reference));
            *node = Value::Object(map);
        }
        // Deep nesting.
        _ => {
            let mut deep = node.clone();
            for _ in 0..rng.below(60) {
                deep = json!({ "type": "array", "items": deep });
            }
            *node = deep;
        }
    }
}

fn seed_specs() -> Vec<(String, Value)> {
    specs()
        .into_iter()
        .filter(|spec| spec.name != "multi-file")
        .map(|spec| {
            let text = std::fs::read_to_string(root().join(&spec.path)).expect("the spec");
            let value: Value = serde_yaml::from_str(&text).expect("a seed parses");
            (spec.name, value)
        })
        .collect()
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn mutated_specs_never_panic_and_errors_are_located() {
    let runs = env_number("MUTATIONS", 2000);
    let mut rng = Rng(env_number("MUTATION_SEED", 0x5eed_2026).max(1));
    let seeds = seed_specs();
    let options = Options::new("mutant", "mutant.json");
    let failures_dir = root().join("target/mutation-failures");
    let (mut generated, mut refused, mut failures) = (0, 0, Vec::new());
    for run in 0..runs {
        let (name, seed) = rng.pick(&seeds);
        let mut spec = seed.clone();
        for _ in 0..=rng.below(4) {
            mutate(&mut spec, &mut rng);
        }
        let bytes = serde_json::to_vec_pretty(&spec).expect("a mutant serializes");
        if std::env::var_os("MUTATION_TRACE").is_some() {
            std::fs::write(root().join("target/mutation-current.json"), &bytes).expect("traced");
            eprintln!("run {run} from {name}");
        }
        let path = Path::new("mutant.json");
        let outcome =
            std::panic::catch_unwind(|| mera_codegen::generate_from_bytes(path, &bytes, &options));
        let problem = match outcome {
            Ok(Ok(_)) => {
                generated += 1;
                None
            }
            Ok(Err(Error::Spec(problems))) => {
                refused += 1;
                let unlocated = problems.iter().find(|p| p.location.line_col.is_none());
                unlocated.map(|p| format!("a problem without line and column: {p}"))
            }
            Ok(Err(other)) => Some(format!("not a spec error: {other}")),
            Err(_) => Some("panicked".to_string()),
        };
        if let Some(problem) = problem {
            std::fs::create_dir_all(&failures_dir).expect("a folder for failures");
            let saved: PathBuf = failures_dir.join(format!("{run}-{name}.json"));
            std::fs::write(&saved, &bytes).expect("the failing spec is saved");
            failures.push(format!("{}: {problem}", saved.display()));
        }
    }
    assert!(failures.is_empty(), "{} of {runs} failed:\n{}", failures.len(), failures.join("\n"));
    // The mutations must exercise both outcomes, or the test proves little.
    assert!(
        generated > runs / 20 && refused > runs / 20,
        "{generated} generated, {refused} refused"
    );
}
