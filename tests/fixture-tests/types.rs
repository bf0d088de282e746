//! Copied into the crate generated from `tests/fixtures/types.yaml` as
//! `tests/wire.rs` by the compile test, and run there: payloads using every
//! schema construct deserialize into the generated types and serialize back
//! to the same JSON, unknown enum values and extra properties included.

use fixture_types::types::{
    BinaryOp, Cat, Constant, Defaults, Derived, DerivedKind, Dog, Emptyable, EmptyableString,
    Everything, Expr, IdOrName, Level, Maps, Pet, Priority, Record, Status, TreeNode,
};
use fixture_types::Base64;
use serde_json::{json, Value};

/// Reads `payload` as `T`, checks that it writes back to the same JSON,
/// and returns the value for closer checks.
fn round_trip<T>(payload: Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let value: T = serde_json::from_value(payload.clone())
        .unwrap_or_else(|error| panic!("{payload} does not deserialize: {error}"));
    let written = serde_json::to_value(&value).expect("the value serializes");
    assert_eq!(written, payload, "the JSON changed on the way through");
    value
}

#[test]
fn everything_round_trips_in_one_payload() {
    let payload = json!({
        "record": {
            "id": "9b2e3c4d-1111-4222-8333-944455566677",
            "name": "alpha",
            "label": null,
            "comment": null,
            "tags": ["a", "b"],
            "fooBar": "camel",
            "foo_bar": "snake",
            "type": "t",
            "match": true,
            "self": 3,
            "1st": "first",
            "@id": "at",
            "": "empty",
            "user-name": "dash"
        },
        "status": "in progress",
        "constant": "fixed",
        "priority": 3,
        "level": -1,
        "derived": { "id": 1, "kind": "derived", "extra": "x" },
        "layered": { "id": 2, "extra": "y", "depth": 3 },
        "pets": [
            { "petType": "cat", "lives": 9 },
            { "petType": "kitten", "lives": 1 },
            { "petType": "dog", "bark": true },
            { "petType": "Lizard", "scales": 200 },
            { "petType": "parrot", "words": ["hello"] }
        ],
        "idOrName": [7, "seven", { "name": "Seven" }, [1, 2]],
        "emptyable": [{ "id": 5 }, ""],
        "expr": { "op": "+", "left": 1.5, "right": { "op": "*", "left": 2.0, "right": 3.0 } },
        "tree": { "value": "root", "children": [{ "value": "leaf", "parent": { "value": "p" } }] },
        "ping": { "pong": { "ping": {} } },
        "formats": {
            "at": "2024-05-01T08:30:00Z",
            "day": "2024-05-01",
            "uuid": "00000000-0000-4000-8000-000000000001",
            "bytes": "aGVsbG8=",
            "raw": "\u{1}\u{2}",
            "small": 2147483647,
            "large": 9007199254740993i64,
            "tiny": -128,
            "unsigned": 18446744073709551615u64,
            "plain": -1,
            "single": 0.5,
            "double": 0.1,
            "amount": 99.5
        },
        "defaults": {
            "limit": 1, "offset": 2, "active": false, "ratio": 1.0, "mode": "slow",
            "status": "DONE", "priority": 1, "items": ["z"], "labels": [], "levels": [2],
            "when": "2025-02-03", "since": "2025-02-03T10:00:00Z",
            "owner": "00000000-0000-4000-8000-000000000002", "never": "2025-02-04"
        },
        "maps": {
            "known": "k",
            "counts": { "a": 1, "b": 2 },
            "anything": { "x": [1, { "y": null }] },
            "closed": {},
            "free": { "nested": { "deep": true } },
            "any": [null, 1, "two"],
            "extra": "kept",
            "another": "also kept"
        },
        "maybeBase": null,
        "inline": { "mode": "c" },
        "negated": 42,
        "result": { "ok": true },
        "option": "some",
        "vec": [1, 2, 3],
        "client": { "name": "c" },
        "error": { "code": 500 }
    });
    let everything: Everything = round_trip(payload);
    let pets = everything.pets.expect("pets");
    assert!(matches!(&pets[0], Pet::Cat(Cat { lives: 9, .. })));
    assert!(matches!(&pets[1], Pet::Cat(Cat { lives: 1, .. })));
    assert!(matches!(&pets[2], Pet::Dog(Dog { bark: true })));
    assert!(matches!(&pets[3], Pet::Lizard(lizard) if lizard.scales == Some(200)));
    assert!(matches!(&pets[4], Pet::Unknown(value) if value["words"][0] == "hello"));
    let ids = everything.id_or_name.expect("idOrName");
    assert_eq!(ids[0], IdOrName::Integer(7));
    assert_eq!(ids[1], IdOrName::String("seven".to_string()));
    assert!(matches!(&ids[2], IdOrName::Named(named) if named.name == "Seven"));
    assert_eq!(ids[3], IdOrName::Other(json!([1, 2])));
    let emptyable = everything.emptyable.expect("emptyable");
    assert!(matches!(&emptyable[0], Emptyable::Base(base) if base.id == 5));
    assert_eq!(emptyable[1], Emptyable::String(EmptyableString::Empty));
    assert_eq!(everything.maybe_base, Some(None));
    assert_eq!(everything.priority, Some(Priority::High));
    assert_eq!(everything.level, Some(Level::Minus1));
    let formats = everything.formats.expect("formats");
    assert_eq!(formats.bytes, Some(Base64(b"hello".to_vec())));
    assert_eq!(formats.unsigned, Some(u64::MAX));
    assert_eq!(formats.tiny, Some(i8::MIN));
    let maps = everything.maps.expect("maps");
    assert_eq!(maps.additional_properties.len(), 2);
    assert_eq!(maps.additional_properties["extra"], "kept");
    assert_eq!(maps.counts.expect("counts")["b"], 2);
}

#[test]
fn optional_nullable_fields_tell_absent_from_null() {
    let base = json!({ "name": "n", "label": "l", "tags": [] });
    let absent: Record = round_trip(base.clone());
    assert_eq!(absent.comment, None);
    let mut with_null = base.clone();
    with_null["comment"] = Value::Null;
    assert_eq!(round_trip::<Record>(with_null).comment, Some(None));
    let mut with_value = base;
    with_value["comment"] = json!("c");
    assert_eq!(round_trip::<Record>(with_value).comment, Some(Some("c".to_string())));
    // A required nullable field is `null`, never absent, when written.
    let record: Record = round_trip(json!({ "name": "n", "label": null, "tags": [] }));
    assert_eq!(record.label, None);
    assert_eq!(serde_json::to_value(&record).expect("serializes")["label"], Value::Null);
}

#[test]
fn read_only_and_write_only_fields_may_be_left_out() {
    // A request leaves the server's `id` out, a response the client's `secret`.
    let request: Record =
        round_trip(json!({ "name": "n", "label": null, "tags": [], "secret": "s3cret" }));
    assert_eq!(request.id, None);
    let response: Record = round_trip(json!({
        "id": "9b2e3c4d-1111-4222-8333-944455566677", "name": "n", "label": null, "tags": []
    }));
    assert_eq!(response.secret, None);
    assert!(!format!("{request:?}").contains("s3cret"), "Debug shows the write-only secret");
}

#[test]
fn enums_keep_unknown_values_and_serialize_them_back() {
    assert_eq!(round_trip::<Status>(json!("DONE")), Status::Done);
    assert_eq!(round_trip::<Status>(json!("done")), Status::Done2);
    assert_eq!(round_trip::<Status>(json!("")), Status::Empty);
    assert_eq!(round_trip::<Status>(json!("Unknown")), Status::Unknown);
    assert_eq!(round_trip::<Status>(json!("archived")), Status::Unknown2("archived".into()));
    assert_eq!(round_trip::<Priority>(json!(42)), Priority::Unknown(42));
    assert_eq!(Priority::Normal.value(), 2);
    assert_eq!(round_trip::<Level>(json!(10)), Level::V10);
    assert_eq!(Constant::default(), Constant::Fixed);
    assert_eq!(serde_json::to_value(Constant::default()).expect("serializes"), json!("fixed"));
    assert_eq!(round_trip::<DerivedKind>(json!("other")), DerivedKind::Unknown("other".into()));
}

#[test]
fn all_of_merges_every_part_in_order() {
    let derived: Derived = round_trip(json!({ "id": 3, "kind": "derived", "extra": "e" }));
    assert_eq!(derived, Derived { id: 3, kind: Some(DerivedKind::Derived), extra: "e".into() });
    let written = serde_json::to_string(&derived).expect("serializes");
    assert_eq!(written, r#"{"id":3,"kind":"derived","extra":"e"}"#);
    // Required fields of every part stay required.
    assert!(serde_json::from_value::<Derived>(json!({ "extra": "e" })).is_err());
    assert!(serde_json::from_value::<Derived>(json!({ "id": 1 })).is_err());
}

#[test]
fn discriminated_variants_write_their_tag() {
    // A type that does not declare the tag property gets it on the wire.
    let dog = serde_json::to_value(Pet::Dog(Dog { bark: false })).expect("serializes");
    assert_eq!(dog, json!({ "petType": "dog", "bark": false }));
    // A tag it knows but a body that does not fit is an error, not data loss.
    assert!(serde_json::from_value::<Pet>(json!({ "petType": "cat" })).is_err());
    // No tag at all: kept as it came.
    let untagged: Pet = round_trip(json!({ "lives": 3 }));
    assert_eq!(untagged, Pet::Unknown(json!({ "lives": 3 })));
}

#[test]
fn recursive_types_nest() {
    let expr: Expr = round_trip(json!({ "op": "-", "left": 1.0, "right": 2.0 }));
    let Expr::BinaryOp(op) = expr else { panic!("a binary operation: {expr:?}") };
    assert_eq!(*op, BinaryOp { op: "-".into(), left: Expr::Number(1.0), right: Expr::Number(2.0) });
    let mut deep = json!({ "value": "0" });
    for level in 1..50 {
        deep = json!({ "value": level.to_string(), "parent": deep, "children": [] });
    }
    let tree: TreeNode = round_trip(deep);
    assert_eq!(tree.value.as_deref(), Some("49"));
}

#[test]
fn defaults_fill_absent_fields() {
    let defaults: Defaults = serde_json::from_value(json!({})).expect("deserializes");
    assert_eq!(defaults.limit, 20);
    assert_eq!(defaults.offset, -5);
    assert!(defaults.active);
    assert_eq!(defaults.ratio, 0.25);
    assert_eq!(defaults.mode, "fast");
    assert_eq!(defaults.status, Status::Done2);
    assert_eq!(defaults.priority, Priority::Normal);
    assert!(defaults.items.is_empty());
    assert_eq!(defaults.labels, ["push", "pull"]);
    assert_eq!(defaults.levels, [Priority::Low, Priority::High]);
    assert_eq!(defaults.when, chrono::NaiveDate::from_ymd_opt(2024, 2, 29).expect("a day"));
    assert_eq!(defaults.since.to_rfc3339(), "2024-01-01T06:30:00+00:00");
    assert_eq!(defaults.owner.to_string(), "9b2e3c4d-1111-4222-8333-944455566677");
    // A default that is not a real date is documented, not applied.
    assert_eq!(defaults.never, None);
    assert_eq!(Defaults::default(), defaults);
}

#[test]
fn bytes_travel_as_base64() {
    let maps: Maps = round_trip(json!({ "extra": "x" }));
    assert_eq!(maps.additional_properties["extra"], "x");
    assert!(serde_json::from_value::<Base64>(json!("not base64!")).is_err());
    let bytes: Base64 = round_trip(json!("AAEC/w=="));
    assert_eq!(&*bytes, &[0, 1, 2, 255]);
}
