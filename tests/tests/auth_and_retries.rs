//! The generated Mera Monitor client against a local, fault-injecting token
//! and API server on 127.0.0.1: token fetching, caching and renewal,
//! retries, rate limits, timeouts, and secrets kept out of every message.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use chrono::NaiveDate;
use mera_monitor::{Client, ClientBuilder, Error, RetryPolicy};
use serde_json::json;

const CLIENT_ID: &str = "client-7c1d";
const SECRET: &str = "secret-key-3b9f0e";

/// What the API endpoint answers instead of its normal answer, in order.
#[derive(Clone)]
enum Fault {
    /// This status, with this `Retry-After` header when given.
    Status(u16, Option<&'static str>),
    /// A 401, whatever the token.
    Unauthorized,
    /// The normal answer, this late.
    Delay(Duration),
}

/// One request the API endpoint saw.
#[derive(Clone, Debug)]
struct Hit {
    at: Instant,
    authorization: Option<String>,
    status: u16,
}

#[derive(Default)]
struct Server {
    /// Token lifetime in seconds, as `expires_in` says and as enforced.
    lifetime: u64,
    token_delay: Duration,
    tokens_issued: Mutex<Vec<Instant>>,
    /// Valid tokens and when each expires.
    valid: Mutex<HashMap<String, Instant>>,
    faults: Mutex<VecDeque<Fault>>,
    hits: Mutex<Vec<Hit>>,
}

type Shared = Arc<Server>;

impl Server {
    fn new(lifetime: u64) -> Shared {
        Arc::new(Server { lifetime, ..Server::default() })
    }

    fn with_faults(lifetime: u64, faults: &[Fault]) -> Shared {
        let server = Server::new(lifetime);
        server.faults.lock().unwrap().extend(faults.iter().cloned());
        server
    }

    fn token_requests(&self) -> usize {
        self.tokens_issued.lock().unwrap().len()
    }

    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }
}

async fn token(
    State(server): State<Shared>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    tokio::time::sleep(server.token_delay).await;
    let field = |name: &str| form.get(name).map(String::as_str);
    let fixed = field("grant_type") == Some("client_credentials")
        && field("redirect_uri") == Some("urn:ietf:wg:oauth:2.0:oob");
    if !fixed || field("client_id") != Some(CLIENT_ID) || field("client_secret") != Some(SECRET) {
        let body = json!({ "error": "invalid_client", "error_description": "unknown client" });
        return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    }
    let mut issued = server.tokens_issued.lock().unwrap();
    issued.push(Instant::now());
    let token = format!("token-{}", issued.len());
    let expires = Instant::now() + Duration::from_secs(server.lifetime);
    server.valid.lock().unwrap().insert(token.clone(), expires);
    let body =
        json!({ "access_token": token, "token_type": "Bearer", "expires_in": server.lifetime });
    Json(body).into_response()
}

/// The API: answers what the next fault says, or checks the token and
/// answers normally.
async fn api(State(server): State<Shared>, headers: HeaderMap) -> Response {
    let authorization =
        headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_string);
    let fault = server.faults.lock().unwrap().pop_front();
    let (status, retry_after) = match fault {
        Some(Fault::Status(status, retry_after)) => (status, retry_after),
        Some(Fault::Unauthorized) => (401, None),
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            (authorized(&server, authorization.as_deref()), None)
        }
        None => (authorized(&server, authorization.as_deref()), None),
    };
    server.hits.lock().unwrap().push(Hit { at: Instant::now(), authorization, status });
    let status = StatusCode::from_u16(status).unwrap();
    let mut response = if status.is_success() {
        let user = json!({
            "name": "Jane Doe",
            "email": "jane@acme.example",
            "attendance": [
                { "date": "2024-08-23T00:00:00Z", "checkIn": "2024-08-23T08:02:11Z",
                  "checkOut": "2024-08-23T17:31:00Z" },
                { "date": "2024-08-24T00:00:00Z", "checkIn": "2024-08-24T08:00:00Z",
                  "checkOut": null }
            ]
        });
        let body =
            json!({ "data": [user], "message": "Success", "success": true, "statusCode": 200 });
        (status, Json(body)).into_response()
    } else {
        let code = status.as_u16();
        let body =
            json!({ "data": null, "message": "Failure.", "success": false, "statusCode": code });
        (status, Json(body)).into_response()
    };
    if let Some(retry_after) = retry_after {
        response.headers_mut().insert("retry-after", HeaderValue::from_static(retry_after));
    }
    response
}

fn authorized(server: &Server, authorization: Option<&str>) -> u16 {
    let token = authorization.and_then(|value| value.strip_prefix("Bearer "));
    let expires = token.and_then(|token| server.valid.lock().unwrap().get(token).copied());
    match expires {
        Some(expires) if Instant::now() < expires => 200,
        _ => 401,
    }
}

async fn project(state: State<Shared>, headers: HeaderMap) -> Response {
    let response = api(state, headers).await;
    if !response.status().is_success() {
        return response;
    }
    let body = json!({ "id": "p1", "name": "Launch", "status": "active" });
    (StatusCode::CREATED, Json(body)).into_response()
}

/// Starts the server on an ephemeral loopback port; returns its base URL.
async fn serve(server: Shared) -> String {
    let app = Router::new()
        .route("/api/oauth/token", post(token))
        .route("/api/attendance/checkincheckout", get(api))
        .route("/v1/projects", post(project))
        .with_state(server);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let address = listener.local_addr().expect("a local address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("the server runs") });
    format!("http://{address}")
}

/// Fast retries, so that tests of them take milliseconds.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default().initial_backoff(Duration::from_millis(10))
}

fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .client_credentials(CLIENT_ID, SECRET)
        .retry(quick_retries())
}

async fn attendance(client: &Client) -> Result<(), Error<mera_monitor::types::ErrorEnvelope>> {
    let day = NaiveDate::from_ymd_opt(2024, 8, 23).unwrap();
    client.get_attendance(day, day).await.map(drop)
}

fn project_body() -> mera_monitor::types::ProjectCreate {
    mera_monitor::types::ProjectCreate {
        name: "Launch".to_string(),
        start_date: None,
        end_date: None,
        team: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_calls_cause_one_token_request() {
    // The token answer is slow, so that every call waits for the same one.
    let token_delay = Duration::from_millis(200);
    let server = Arc::new(Server { lifetime: 3600, token_delay, ..Server::default() });
    let client = builder(&serve(server.clone()).await).build().unwrap();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let client = client.clone();
        calls.spawn(async move { attendance(&client).await });
    }
    while let Some(result) = calls.join_next().await {
        result.expect("the task ran").expect("the call succeeded");
    }
    assert_eq!(server.token_requests(), 1);
    let hits = server.hits();
    assert_eq!(hits.len(), 50);
    assert!(hits.iter().all(|hit| hit.authorization.as_deref() == Some("Bearer token-1")));
}

#[tokio::test]
async fn short_lived_tokens_are_renewed_before_they_lapse() {
    // Two-second tokens are renewed 0.4 s before they lapse.
    let server = Server::new(2);
    let client = builder(&serve(server.clone()).await).build().unwrap();
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(4500) {
        attendance(&client).await.expect("no call fails");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let hits = server.hits();
    assert!(hits.iter().all(|hit| hit.status == 200), "a call met a 401: {hits:?}");
    assert!(server.token_requests() >= 3, "{} token requests", server.token_requests());
}

#[tokio::test]
async fn a_refused_token_is_renewed_once_and_the_call_retried_once() {
    let server = Server::with_faults(3600, &[Fault::Unauthorized]);
    let client = builder(&serve(server.clone()).await).build().unwrap();

    attendance(&client).await.expect("the retry succeeds");

    assert_eq!(server.token_requests(), 2);
    let tokens: Vec<_> = server.hits().into_iter().map(|hit| hit.authorization).collect();
    assert_eq!(tokens, [Some("Bearer token-1".into()), Some("Bearer token-2".into())]);
}

#[tokio::test]
async fn a_second_401_is_returned_as_an_error() {
    let server = Server::with_faults(3600, &[Fault::Unauthorized, Fault::Unauthorized]);
    let client = builder(&serve(server.clone()).await).build().unwrap();

    let error = attendance(&client).await.expect_err("two refusals");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(server.token_requests(), 2);
    assert_eq!(server.hits().len(), 2);
}

#[tokio::test]
async fn a_static_token_refused_is_not_retried() {
    let server = Server::new(3600);
    let base_url = serve(server.clone()).await;
    let client = Client::builder().base_url(base_url).bearer_token("pasted-token").build().unwrap();

    let error = attendance(&client).await.expect_err("an unknown token");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(server.hits().len(), 1);
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let server = Server::with_faults(3600, &[Fault::Status(429, Some("1"))]);
    let client = builder(&serve(server.clone()).await).build().unwrap();

    attendance(&client).await.expect("the retry succeeds");

    let hits = server.hits();
    assert_eq!(hits.iter().map(|hit| hit.status).collect::<Vec<_>>(), [429, 200]);
    let gap = hits[1].at - hits[0].at;
    assert!(gap >= Duration::from_secs(1), "retried after {gap:?}");
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    use chrono::Timelike;
    let (start, start_wall) = (std::time::Instant::now(), std::time::SystemTime::now());
    let when = chrono::DateTime::<chrono::Utc>::from(start_wall + Duration::from_secs(2));
    let date: &'static str =
        Box::leak(when.format("%a, %d %b %Y %H:%M:%S GMT").to_string().into_boxed_str());
    let server = Server::with_faults(3600, &[Fault::Status(503, Some(date))]);
    let client = builder(&serve(server.clone()).await).build().unwrap();

    attendance(&client).await.expect("the retry succeeds");

    // The date has whole seconds; the wait is from the first answer (on
    // the wall clock) to that second, however long the set-up took.
    let hits = server.hits();
    let first_wall = start_wall + (hits[0].at - start);
    let until = std::time::SystemTime::from(when.with_nanosecond(0).expect("a whole second"));
    let expected = until.duration_since(first_wall).unwrap_or_default();
    let gap = hits[1].at - hits[0].at;
    let early = expected.saturating_sub(Duration::from_millis(100));
    assert!(gap >= early && gap <= expected + Duration::from_millis(1500), "{gap:?} {expected:?}");
}

#[tokio::test]
async fn two_503s_then_a_200_succeed_on_the_third_attempt() {
    let faults = [Fault::Status(503, None), Fault::Status(503, None)];
    let server = Server::with_faults(3600, &faults);
    let client = builder(&serve(server.clone()).await).build().unwrap();

    attendance(&client).await.expect("the third attempt succeeds");

    let statuses: Vec<u16> = server.hits().iter().map(|hit| hit.status).collect();
    assert_eq!(statuses, [503, 503, 200]);
}

#[tokio::test]
async fn retries_stop_at_the_attempt_cap() {
    let faults = vec![Fault::Status(502, None); 5];
    let server = Server::with_faults(3600, &faults);
    let base_url = serve(server.clone()).await;
    let client = builder(&base_url).retry(quick_retries().max_attempts(3)).build().unwrap();

    let error = attendance(&client).await.expect_err("every attempt fails");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    assert!(error.is_retryable());
    assert_eq!(server.hits().len(), 3);
}

#[tokio::test]
async fn a_post_is_not_retried_unless_asked() {
    let server = Server::with_faults(3600, &[Fault::Status(503, None)]);
    let base_url = serve(server.clone()).await;
    let client = builder(&base_url).build().unwrap();

    let error = client.create_project(&project_body()).await.expect_err("no retry");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.hits().len(), 1);

    server.faults.lock().unwrap().push_back(Fault::Status(503, None));
    let client =
        builder(&base_url).retry(quick_retries().retry_non_idempotent(true)).build().unwrap();
    let project = client.create_project(&project_body()).await.expect("retried");
    assert_eq!(project.id, "p1");
    let statuses: Vec<u16> = server.hits().iter().map(|hit| hit.status).collect();
    assert_eq!(statuses, [503, 503, 200]);
}

#[tokio::test]
async fn retries_stop_when_the_total_time_would_be_passed() {
    let server = Server::with_faults(3600, &[Fault::Status(429, Some("5"))]);
    let base_url = serve(server.clone()).await;
    let policy = quick_retries().max_elapsed(Duration::from_secs(1));
    let client = builder(&base_url).retry(policy).build().unwrap();

    let started = Instant::now();
    let error = attendance(&client).await.expect_err("no time for the retry");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    assert_eq!(server.hits().len(), 1);
}

#[tokio::test]
async fn connection_errors_are_retried_with_backoff() {
    // A port that was free a moment ago: connections are refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(200)).max_attempts(3);
    let client = Client::builder().base_url(format!("http://{closed}")).bearer_token("t");
    let client = client.retry(policy).build().unwrap();

    let started = Instant::now();
    let error = client.list_projects().await.expect_err("nobody listens");

    // Two waits: at least half of 200 ms, then half of 400 ms.
    assert!(started.elapsed() >= Duration::from_millis(300), "{:?}", started.elapsed());
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn the_client_timeout_applies_to_every_call() {
    let server = Server::with_faults(3600, &[Fault::Delay(Duration::from_millis(800))]);
    let base_url = serve(server.clone()).await;
    let client = builder(&base_url).retry(RetryPolicy::none()).timeout(Duration::from_millis(200));

    let error = attendance(&client.build().unwrap()).await.expect_err("too slow");

    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
}

/// A provider of one's own: hands out numbered tokens, and a new one when
/// told the last was refused.
struct Numbered {
    calls: Mutex<Vec<Option<String>>>,
}

impl mera_monitor::TokenProvider for Numbered {
    fn token<'a>(
        &'a self,
        rejected: Option<&'a mera_monitor::Secret>,
    ) -> mera_monitor::TokenFuture<'a> {
        Box::pin(async move {
            let mut calls = self.calls.lock().unwrap();
            calls.push(rejected.map(|token| token.expose().to_string()));
            let refused = calls.iter().filter(|call| call.is_some()).count();
            Ok(mera_monitor::Secret::new(format!("token-{}", refused + 1)))
        })
    }
}

#[tokio::test]
async fn a_token_provider_of_ones_own_is_asked_again_after_a_401() {
    let server = Server::with_faults(3600, &[Fault::Unauthorized]);
    let base_url = serve(server.clone()).await;
    // The server knows the tokens the provider will hand out.
    for token in ["token-1", "token-2"] {
        let expires = Instant::now() + Duration::from_secs(60);
        server.valid.lock().unwrap().insert(token.to_string(), expires);
    }
    let provider = Arc::new(Numbered { calls: Mutex::new(Vec::new()) });
    let client =
        Client::builder().base_url(base_url).token_provider(SharedProvider(provider.clone()));

    attendance(&client.build().unwrap()).await.expect("the second token works");

    let calls = provider.calls.lock().unwrap().clone();
    assert_eq!(calls, [None, Some("token-1".to_string())]);
    let tokens: Vec<_> = server.hits().into_iter().map(|hit| hit.authorization).collect();
    assert_eq!(tokens, [Some("Bearer token-1".into()), Some("Bearer token-2".into())]);
}

/// Lets the test keep a handle on the provider it gives away.
struct SharedProvider(Arc<Numbered>);

impl mera_monitor::TokenProvider for SharedProvider {
    fn token<'a>(
        &'a self,
        rejected: Option<&'a mera_monitor::Secret>,
    ) -> mera_monitor::TokenFuture<'a> {
        self.0.token(rejected)
    }
}

#[tokio::test]
async fn a_request_timeout_is_its_own_error() {
    let server = Server::with_faults(3600, &[Fault::Delay(Duration::from_millis(800))]);
    let client = builder(&serve(server.clone()).await).build().unwrap();

    let error =
        attendance(&client.with_timeout(Duration::from_millis(200))).await.expect_err("too slow");

    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn the_rate_limit_spaces_requests_out() {
    let server = Server::new(3600);
    let base_url = serve(server.clone()).await;
    let client = builder(&base_url).rate_limit(2, Duration::from_millis(400)).build().unwrap();

    for _ in 0..5 {
        attendance(&client).await.expect("each call succeeds");
    }

    let at: Vec<Instant> = server.hits().iter().map(|hit| hit.at).collect();
    assert!(at[2] - at[0] >= Duration::from_millis(390), "{:?}", at[2] - at[0]);
    assert!(at[4] - at[2] >= Duration::from_millis(390), "{:?}", at[4] - at[2]);
}

/// A `tracing` writer that keeps everything written, to search afterwards.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Everything every test of this file logs, at every level. One global
/// subscriber: a per-test default would miss events from callsites that
/// another thread registered first.
fn logs() -> &'static Captured {
    static LOGS: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
        captured
    })
}

#[tokio::test]
async fn wrong_credentials_name_the_endpoint_and_status_and_no_secret() {
    let logs = logs();
    let wrong = "wrong-secret-41d2a7";
    let base_url = serve(Server::new(3600)).await;
    let client =
        Client::builder().base_url(&base_url).client_credentials(CLIENT_ID, wrong).build().unwrap();

    let error = attendance(&client).await.expect_err("refused");

    let message = error.to_string();
    assert!(message.contains(&format!("{base_url}/api/oauth/token")), "{message}");
    assert!(message.contains("401"), "{message}");
    assert!(message.contains("invalid_client"), "{message}");
    for shown in [message, format!("{error:?}"), format!("{client:?}"), logs.text()] {
        assert!(!shown.contains(wrong), "the secret shows in: {shown}");
    }
    assert!(logs.text().contains("requesting an access token"), "{}", logs.text());
    let source = std::error::Error::source(&error).expect("the token endpoint's error");
    let source = source.downcast_ref::<mera_monitor::TokenEndpointError>().expect("its type");
    assert_eq!(source.status.map(|s| s.as_u16()), Some(401));
}

#[tokio::test]
async fn no_secret_or_token_reaches_the_logs() {
    let logs = logs();
    let server = Server::with_faults(3600, &[Fault::Unauthorized, Fault::Status(503, None)]);
    let client = builder(&serve(server.clone()).await).build().unwrap();

    attendance(&client).await.expect("renewed and retried");

    let logs = logs.text();
    for secret in [SECRET, "token-1", "token-2"] {
        assert!(!logs.contains(secret), "{secret} shows in the logs:\n{logs}");
    }
    // The span carries what a reader needs instead.
    for field in ["getAttendance", "/api/attendance/checkincheckout", "attempt=2", "status=200"] {
        assert!(logs.contains(field), "{field} is missing from the logs:\n{logs}");
    }
}

#[test]
fn credentials_over_plain_http_to_another_host_are_refused() {
    let error = Client::builder()
        .base_url("http://api.example.test")
        .bearer_token("a-token")
        .build()
        .expect_err("plain http");
    assert!(error.to_string().contains("plain http"), "{error}");

    let error = Client::builder()
        .base_url("https://api.example.test")
        .client_credentials(CLIENT_ID, SECRET)
        .token_url("http://auth.example.test/token")
        .build()
        .expect_err("plain http to the token endpoint");
    assert!(error.to_string().contains("auth.example.test"), "{error}");
    assert!(!format!("{error:?}").contains(SECRET));

    // Without credentials there is nothing to protect, and loopback is fine.
    Client::new("http://api.example.test").expect("no credentials");
    Client::builder().base_url("http://localhost:1").bearer_token("t").build().expect("loopback");
    Client::builder().base_url("http://[::1]:1").bearer_token("t").build().expect("loopback");
}

#[tokio::test]
async fn the_environment_configures_the_client() {
    let server = Server::new(3600);
    let base_url = serve(server.clone()).await;
    // Only this test reads or writes these variables.
    std::env::set_var("MERA_MONITOR_BASE_URL", &base_url);
    std::env::set_var("MERA_MONITOR_CLIENT_ID", CLIENT_ID);
    std::env::set_var("MERA_MONITOR_SECRET_KEY", SECRET);
    let client = Client::from_env().expect("configured");
    std::env::remove_var("MERA_MONITOR_SECRET_KEY");
    let half = Client::from_env().expect_err("a client ID without a secret");
    for name in ["MERA_MONITOR_BASE_URL", "MERA_MONITOR_CLIENT_ID"] {
        std::env::remove_var(name);
    }

    assert_eq!(client.base_url(), base_url);
    attendance(&client).await.expect("client credentials from the environment");
    assert_eq!(server.token_requests(), 1);
    assert!(half.to_string().contains("MERA_MONITOR_SECRET_KEY"), "{half}");

    // A dashboard token alone.
    std::env::set_var("MERA_MONITOR_BASE_URL", &base_url);
    std::env::set_var("MERA_MONITOR_TOKEN", "dashboard-token");
    let client = Client::from_env().expect("configured");
    for name in ["MERA_MONITOR_BASE_URL", "MERA_MONITOR_TOKEN"] {
        std::env::remove_var(name);
    }
    let _ = attendance(&client).await;
    let last = server.hits().pop().expect("a request");
    assert_eq!(last.authorization.as_deref(), Some("Bearer dashboard-token"));
}

/// The `attendance` example of the generated crate, run as a user runs it,
/// against the local server, with credentials from the environment.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_attendance_example_prints_each_users_check_ins_and_outs() {
    let server = Server::new(3600);
    let base_url = serve(server.clone()).await;
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(example_binary("attendance"))
            .args(["--from", "2024-08-23", "--to", "2024-08-24"])
            .env("MERA_MONITOR_BASE_URL", base_url)
            .env("MERA_MONITOR_CLIENT_ID", CLIENT_ID)
            .env("MERA_MONITOR_SECRET_KEY", SECRET)
            .env_remove("MERA_MONITOR_TOKEN")
            .output()
            .expect("the example runs")
    })
    .await
    .expect("the example finished");

    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    let expected = "Jane Doe <jane@acme.example>\n  \
        2024-08-23  in 2024-08-23T08:02:11+00:00  out 2024-08-23T17:31:00+00:00\n  \
        2024-08-24  in 2024-08-24T08:00:00+00:00  out still checked in\n";
    assert_eq!(stdout, expected);
    assert_eq!(server.token_requests(), 1);
}

/// The path of an example of the workspace, building it when it is not
/// built yet (`cargo test --workspace` builds every example first).
fn example_binary(name: &str) -> std::path::PathBuf {
    let test = std::env::current_exe().expect("the test binary");
    let profile = test.parent().and_then(|deps| deps.parent()).expect("target/<profile>");
    let binary = profile.join("examples").join(name);
    if !binary.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let status = std::process::Command::new(cargo)
            .args(["build", "-p", "mera-monitor", "--example", name])
            .status()
            .expect("cargo runs");
        assert!(status.success(), "the example builds");
    }
    binary
}
