//! The generated Mera Monitor client against a local server on 127.0.0.1:
//! both attendance endpoints, the bearer token on the wire, typed answers,
//! and a documented error answer as a typed error.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use mera_monitor::{Client, Error};
use serde_json::{json, Value};

const TOKEN: &str = "test-token-5f2b9c";

/// What the server saw of each request: path and query, and the
/// `Authorization` header.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<Request>>>);

/// A request's target (or body) and its `Authorization` (or
/// `Content-Type`) header.
type Request = (String, Option<String>);

impl Seen {
    fn take(&self) -> Vec<Request> {
        std::mem::take(&mut self.0.lock().expect("not poisoned"))
    }
}

fn record(seen: &Seen, uri: &Uri, headers: &HeaderMap) -> bool {
    let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_string);
    let authorized = auth.as_deref() == Some(&format!("Bearer {TOKEN}"));
    seen.0.lock().expect("not poisoned").push((uri.to_string(), auth));
    authorized
}

fn envelope(status: StatusCode, data: Value, message: &str) -> (StatusCode, Json<Value>) {
    let body = json!({
        "data": data,
        "message": message,
        "success": status.is_success(),
        "statusCode": status.as_u16(),
    });
    (status, Json(body))
}

fn jane() -> Value {
    json!({
        "name": "Jane Doe",
        "email": "jane@acme.example",
        "attendance": [
            {
                "date": "2024-08-23T00:00:00Z",
                "checkIn": "2024-08-23T08:02:11.5Z",
                "checkOut": "2024-08-23T17:31:00Z"
            },
            // Still checked in: `checkOut` absent.
            { "date": "2024-08-24T00:00:00Z", "checkIn": "2024-08-24T08:00:00Z" }
        ]
    })
}

async fn all_users(
    State(seen): State<Seen>,
    uri: Uri,
    headers: HeaderMap,
) -> (StatusCode, Json<Value>) {
    if !record(&seen, &uri, &headers) {
        return envelope(StatusCode::UNAUTHORIZED, Value::Null, "Unauthorized.");
    }
    envelope(StatusCode::OK, json!([jane()]), "Success")
}

async fn one_user(
    State(seen): State<Seen>,
    uri: Uri,
    headers: HeaderMap,
) -> (StatusCode, Json<Value>) {
    if !record(&seen, &uri, &headers) {
        return envelope(StatusCode::UNAUTHORIZED, Value::Null, "Unauthorized.");
    }
    if uri.query().is_some_and(|query| query.contains("Email=jane%40acme.example")) {
        let mut user = jane();
        // Still checked in: `checkOut` null.
        user["attendance"][1]["checkOut"] = Value::Null;
        return envelope(StatusCode::OK, user, "Success");
    }
    envelope(StatusCode::NOT_FOUND, Value::Null, "User not found.")
}

/// The token endpoint: records the form body, and answers with a token when
/// the request carries no credentials of its own (`security: []`).
async fn token(
    State(seen): State<Seen>,
    uri: Uri,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, Json<Value>) {
    record(&seen, &uri, &headers);
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok());
    seen.0.lock().expect("not poisoned").push((body, content_type.map(str::to_string)));
    let answer =
        json!({ "access_token": "eyJhbGciOi.x.y", "token_type": "Bearer", "expires_in": 3600 });
    (StatusCode::OK, Json(answer))
}

/// Three pages of projects, two on each but the last.
async fn projects(State(seen): State<Seen>, uri: Uri, headers: HeaderMap) -> Json<Value> {
    record(&seen, &uri, &headers);
    let page: u32 = uri
        .query()
        .and_then(|query| query.split('&').find_map(|pair| pair.strip_prefix("page=")))
        .and_then(|page| page.parse().ok())
        .unwrap_or(1);
    let ids: Vec<u32> = match page {
        1 => vec![1, 2],
        2 => vec![3, 4],
        _ => vec![5],
    };
    let projects: Vec<Value> = ids
        .iter()
        .map(|id| json!({ "id": format!("p{id}"), "name": format!("Project {id}"), "status": "active" }))
        .collect();
    Json(json!({ "projects": projects, "total_count": 5, "has_more": page < 3 }))
}

/// Starts the server on an ephemeral loopback port; returns its base URL.
async fn serve(seen: Seen) -> String {
    let app = Router::new()
        .route("/api/attendance/checkincheckout", get(all_users))
        .route("/api/attendance/checkincheckout/user", get(one_user))
        .route("/api/oauth/token", axum::routing::post(token))
        .route("/v1/projects", get(projects))
        .with_state(seen);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let address = listener.local_addr().expect("a local address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("the server runs") });
    format!("http://{address}")
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

fn client(base_url: &str) -> Client {
    Client::builder().base_url(base_url).bearer_token(TOKEN).build().expect("a client")
}

#[tokio::test]
async fn all_users_attendance_is_typed_and_authorized() {
    let seen = Seen::default();
    let client = client(&serve(seen.clone()).await);

    let answer =
        client.get_attendance(day("2024-08-23"), day("2024-08-24")).await.expect("attendance");

    assert!(answer.success);
    assert_eq!(answer.status_code, 200);
    let users = answer.data.expect("data");
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].email, "jane@acme.example");
    let records = &users[0].attendance;
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].check_in.to_rfc3339(), "2024-08-23T08:02:11.500+00:00");
    assert_eq!(
        records[0].check_out.flatten().map(|t| t.to_rfc3339()),
        Some("2024-08-23T17:31:00+00:00".into())
    );
    // Absent and `null` stay apart.
    assert_eq!(records[1].check_out, None);
    let expected = (
        "/api/attendance/checkincheckout?FromDate=2024-08-23&ToDate=2024-08-24".to_string(),
        Some(format!("Bearer {TOKEN}")),
    );
    assert_eq!(seen.take(), [expected]);
}

#[tokio::test]
async fn one_user_attendance_is_typed_and_authorized() {
    let seen = Seen::default();
    let client = client(&serve(seen.clone()).await);

    let answer = client
        .get_user_attendance("jane@acme.example", day("2024-08-23"), day("2024-08-24"))
        .await
        .expect("attendance");

    let user = answer.data.expect("data");
    assert_eq!(user.name, "Jane Doe");
    assert_eq!(user.attendance[1].check_out, Some(None));
    let expected = (
        concat!(
            "/api/attendance/checkincheckout/user",
            "?Email=jane%40acme.example&FromDate=2024-08-23&ToDate=2024-08-24"
        )
        .to_string(),
        Some(format!("Bearer {TOKEN}")),
    );
    assert_eq!(seen.take(), [expected]);
}

#[tokio::test]
async fn user_not_found_is_a_typed_error() {
    let client = client(&serve(Seen::default()).await);

    let error = client
        .get_user_attendance("ghost@acme.example", day("2024-08-23"), day("2024-08-23"))
        .await
        .expect_err("no such user");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    let Error::Api(api) = &error else { panic!("an API error, not {error:?}") };
    let body = api.typed.as_ref().expect("the documented error envelope");
    assert_eq!(body.message, "User not found.");
    assert!(!body.success);
    assert_eq!(body.status_code, 404);
    assert_eq!(body.data, None);
    assert!(error.to_string().contains("404"), "{error}");
}

#[tokio::test]
async fn the_token_request_is_a_form_without_credentials() {
    let seen = Seen::default();
    let client = client(&serve(seen.clone()).await);
    let request = mera_monitor::types::TokenRequest {
        grant_type: mera_monitor::types::TokenRequestGrantType::ClientCredentials,
        redirect_uri: mera_monitor::types::TokenRequestRedirectUri::default(),
        client_id: "client-1".to_string(),
        client_secret: "s3cr3t&=".to_string(),
    };

    assert!(!format!("{request:?}").contains("s3cr3t"), "{request:?}");
    let answer = client.request_access_token(&request).await.expect("a token");

    assert_eq!(answer.access_token, "eyJhbGciOi.x.y");
    assert_eq!(answer.expires_in, 3600);
    let body = concat!(
        "grant_type=client_credentials",
        "&redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob",
        "&client_id=client-1&client_secret=s3cr3t%26%3D"
    );
    let expected = [
        ("/api/oauth/token".to_string(), None),
        (body.to_string(), Some("application/x-www-form-urlencoded".to_string())),
    ];
    assert_eq!(seen.take(), expected);
}

#[tokio::test]
async fn secured_calls_without_a_token_are_refused_before_sending() {
    let seen = Seen::default();
    let base_url = serve(seen.clone()).await;
    let client = Client::new(&base_url).expect("a client");

    let error =
        client.get_attendance(day("2024-08-23"), day("2024-08-23")).await.expect_err("no token");

    assert!(matches!(error, Error::MissingCredentials), "{error:?}");
    assert!(seen.take().is_empty());
}

#[test]
fn the_token_never_shows_in_debug_output() {
    let client = client("http://127.0.0.1:9");
    let shown = format!("{client:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
}

#[test]
fn the_client_is_one_clone_send_sync_value() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<Client>();
}

#[tokio::test]
async fn project_pages_stream_every_project_once_in_order() {
    let seen = Seen::default();
    let client = client(&serve(seen.clone()).await);

    let stream = client.list_projects().per_page(2).stream();
    let projects: Vec<mera_monitor::types::Project> =
        futures_util::TryStreamExt::try_collect(stream).await.expect("every page");

    let ids: Vec<&str> = projects.iter().map(|project| project.id.as_str()).collect();
    assert_eq!(ids, ["p1", "p2", "p3", "p4", "p5"]);
    let targets: Vec<String> = seen.take().into_iter().map(|(target, _)| target).collect();
    assert_eq!(
        targets,
        [
            "/v1/projects?page=1&per_page=2",
            "/v1/projects?page=2&per_page=2",
            "/v1/projects?page=3&per_page=2"
        ]
    );
}
