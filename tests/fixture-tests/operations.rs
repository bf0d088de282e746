//! Copied into the crate generated from `tests/fixtures/operations.yaml` as
//! `tests/wire.rs` by the compile test, and run there: each request is
//! checked byte for byte as a server on 127.0.0.1 receives it.

use std::time::Duration;

use fixture_operations::types::{
    Filter, GetFileError, GetJobError, GetJobResponse, Job, Problem, Progress, State, UploadBody,
};
use fixture_operations::{Binary, Client, Error};
use reqwest::header::{HeaderName, HeaderValue};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

/// One request as received: the request line, the headers (names in
/// lower case, in order) and the body, de-chunked.
#[derive(Debug)]
struct Received {
    line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

async fn read_line(stream: &mut tokio::net::TcpStream) -> String {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while !line.ends_with(b"\r\n") {
        assert_eq!(stream.read(&mut byte).await.expect("readable"), 1, "the request ended early");
        line.push(byte[0]);
    }
    line.truncate(line.len() - 2);
    String::from_utf8(line).expect("a text line")
}

async fn read_request(stream: &mut tokio::net::TcpStream) -> Received {
    let line = read_line(stream).await;
    let mut headers = Vec::new();
    loop {
        let header = read_line(stream).await;
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').expect("a header");
        headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
    let mut received = Received { line, headers, body: Vec::new() };
    if received.header("transfer-encoding") == Some("chunked") {
        loop {
            let size = usize::from_str_radix(&read_line(stream).await, 16).expect("a chunk size");
            let mut chunk = vec![0u8; size + 2];
            stream.read_exact(&mut chunk).await.expect("a chunk");
            if size == 0 {
                break;
            }
            received.body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(length) = received.header("content-length") {
        let mut body = vec![0u8; length.parse().expect("a length")];
        stream.read_exact(&mut body).await.expect("the body");
        received.body = body;
    }
    received
}

/// A server that hands over each request, and answers it with the first
/// of `answers` whose path the request line names (status, headers, body),
/// or 204.
async fn serve_with(
    answers: Vec<(&'static str, u16, &'static str, &'static [u8])>,
) -> (Client, mpsc::UnboundedReceiver<Received>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let (sender, received) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let (mut stream, _) = listener.accept().await.expect("a connection");
            let request = read_request(&mut stream).await;
            let path = request.line.split(' ').nth(1).unwrap_or_default().to_string();
            let found = answers.iter().find(|(prefix, ..)| path == *prefix);
            let (status, headers, body) = found.map_or((204, "", &b""[..]), |a| (a.1, a.2, a.3));
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-length: {}\r\n{headers}connection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes()).await.expect("the head is sent");
            stream.write_all(body).await.expect("the body is sent");
            sender.send(request).expect("the test listens");
        }
    });
    (Client::new(&url).expect("a client"), received)
}

/// A server that answers 204 to everything.
async fn serve() -> (Client, mpsc::UnboundedReceiver<Received>) {
    serve_with(Vec::new()).await
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

#[tokio::test]
async fn parameters_go_where_and_how_the_spec_says() {
    let (client, mut received) = serve().await;
    let since = chrono::NaiveDate::from_ymd_opt(2024, 1, 2).expect("a date");
    let filter = Filter { color: Some("red".into()), size: Some(3) };
    let (tags, words) = (strings(&["x", "y"]), strings(&["hello", "world"]));
    client
        .get_item("a b/c", since, "req-1", "s3ss")
        .trace("t")
        .id_2(7)
        .tags(&tags)
        .ids(&[1, 2])
        .words(&words)
        .flags(&[true, false])
        .filter(&filter)
        .state(&State::Closed)
        .x_numbers(&[4, 5])
        .theme("dark")
        .type_("kind")
        .timeout(Duration::from_secs(5))
        .header(HeaderName::from_static("x-extra"), HeaderValue::from_static("1"))
        .await
        .expect("204");
    let request = received.recv().await.expect("a request");
    assert_eq!(
        request.line,
        concat!(
            "GET /items/a%20b%2Fc?id=7&tags=x&tags=y&ids=1%2C2&words=hello+world",
            "&flags=true%7Cfalse&filter%5Bcolor%5D=red&filter%5Bsize%5D=3&since=2024-01-02",
            "&state=closed&type=kind HTTP/1.1"
        )
    );
    assert_eq!(request.header("trace"), Some("t"));
    assert_eq!(request.header("x-request-id"), Some("req-1"));
    assert_eq!(request.header("x-numbers"), Some("4,5"));
    assert_eq!(request.header("cookie"), Some("session=s3ss; theme=dark"));
    assert_eq!(request.header("x-extra"), Some("1"));
    assert!(request.body.is_empty());

    // Only the required parameters: nothing optional on the wire.
    client.get_item("id", since, "req-2", "s").await.expect("204");
    let request = received.recv().await.expect("a request");
    assert_eq!(request.line, "GET /items/id?since=2024-01-02 HTTP/1.1");
    assert_eq!(request.header("cookie"), Some("session=s"));
    assert_eq!(request.header("trace"), None);
}

#[tokio::test]
async fn label_and_matrix_path_styles() {
    let (client, mut received) = serve().await;
    client.get_labels(&strings(&["a", "b c"]), &[1, 2]).await.expect("204");
    let request = received.recv().await.expect("a request");
    assert_eq!(request.line, "GET /labels/.a.b%20c/;point=1,2 HTTP/1.1");
}

#[tokio::test]
async fn multipart_bodies_send_fields_and_files() {
    let (client, mut received) = serve().await;
    let body = UploadBody {
        title: "Report".into(),
        file: Binary(vec![0, 1, 2, 255]),
        pages: Some(vec![1, 2]),
        meta: Some(Filter { color: Some("blue".into()), size: None }),
        note: None,
    };
    client.upload(&body).await.expect("204");
    let request = received.recv().await.expect("a request");
    assert_eq!(request.line, "POST /uploads HTTP/1.1");
    let content_type = request.header("content-type").expect("a content type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart");
    let mut expected = Vec::new();
    let part = |expected: &mut Vec<u8>, head: &str, content: &[u8]| {
        expected.extend_from_slice(format!("--{boundary}\r\n{head}\r\n\r\n").as_bytes());
        expected.extend_from_slice(content);
        expected.extend_from_slice(b"\r\n");
    };
    part(&mut expected, "Content-Disposition: form-data; name=\"title\"", b"Report");
    part(
        &mut expected,
        "Content-Disposition: form-data; name=\"file\"; filename=\"file\"",
        &[0, 1, 2, 255],
    );
    part(&mut expected, "Content-Disposition: form-data; name=\"pages\"", b"1");
    part(&mut expected, "Content-Disposition: form-data; name=\"pages\"", b"2");
    part(
        &mut expected,
        "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json",
        br#"{"color":"blue"}"#,
    );
    expected.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    assert_eq!(String::from_utf8_lossy(&request.body), String::from_utf8_lossy(&expected));
    assert_eq!(request.body, expected);
}

#[tokio::test]
async fn octet_stream_bodies_take_bytes_and_streams() {
    let (client, mut received) = serve().await;
    client.put_blob(vec![0u8, 1, 2, 255]).await.expect("204");
    let request = received.recv().await.expect("a request");
    assert_eq!(request.line, "PUT /blobs HTTP/1.1");
    assert_eq!(request.header("content-type"), Some("application/octet-stream"));
    assert_eq!(request.header("content-length"), Some("4"));
    assert_eq!(request.body, [0, 1, 2, 255]);

    // A file streams, without being read into memory first.
    let path = std::env::temp_dir().join(format!("wire-upload-{}", std::process::id()));
    let contents: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    tokio::fs::write(&path, &contents).await.expect("a file");
    let file = tokio::fs::File::open(&path).await.expect("the file opens");
    client.put_blob(file).await.expect("204");
    let request = received.recv().await.expect("a request");
    assert_eq!(request.header("transfer-encoding"), Some("chunked"));
    assert_eq!(request.body, contents);
    tokio::fs::remove_file(&path).await.expect("the file is removed");
}

#[tokio::test]
async fn text_and_other_json_bodies_carry_their_media_type() {
    let (client, mut received) = serve().await;
    client.post_note().body("hello").await.expect("204");
    let request = received.recv().await.expect("a request");
    assert_eq!(request.header("content-type"), Some("text/plain"));
    assert_eq!(request.body, b"hello");

    // An optional body left out sends none.
    client.post_note().await.expect("204");
    let request = received.recv().await.expect("a request");
    assert_eq!(request.header("content-type"), None);
    assert!(request.body.is_empty());

    // Of XML, merge-patch JSON and a form, the JSON type is offered.
    client.post_choice(&Filter { color: Some("red".into()), size: None }).await.expect("204");
    let request = received.recv().await.expect("a request");
    assert_eq!(request.header("content-type"), Some("application/merge-patch+json"));
    assert_eq!(request.body, br#"{"color":"red"}"#);
}

const JSON: &str = "content-type: application/json\r\n";

#[tokio::test]
async fn answers_are_typed_per_status_with_their_headers() {
    let (client, mut received) = serve_with(vec![
        (
            "/jobs/done",
            200,
            "content-type: application/json\r\nx-rate-remaining: 7\r\n",
            br#"{"id":"done","result":42}"#,
        ),
        ("/jobs/running", 202, JSON, br#"{"percent":50}"#),
        ("/jobs/quiet", 204, "", b""),
        ("/jobs/odd", 299, "", b"?"),
        (
            "/jobs/missing",
            404,
            "content-type: application/problem+json\r\n",
            br#"{"title":"gone","status":404}"#,
        ),
        ("/jobs/garbled", 404, "x-trace: t1\r\n", b"not json"),
        ("/jobs/teapot", 418, JSON, br#"{"color":"tea"}"#),
        ("/jobs/broken", 500, JSON, br#"{"reason":"disk"}"#),
    ])
    .await;
    let done = client.get_job("done").send_with_response().await.expect("200");
    assert_eq!(done.status, 200);
    assert_eq!(done.headers["x-rate-remaining"], "7");
    assert_eq!(done.value, GetJobResponse::Ok(Job { id: "done".into(), result: Some(42) }));
    let request = received.recv().await.expect("a request");
    assert_eq!(request.line, "GET /jobs/done HTTP/1.1");
    assert_eq!(request.header("accept"), Some("application/json"));

    let running = client.get_job("running").await.expect("202");
    assert_eq!(running, GetJobResponse::Accepted(Progress { percent: Some(50) }));
    assert_eq!(client.get_job("quiet").await.expect("204"), GetJobResponse::NoContent);
    let odd = client.get_job("odd").await.expect("299");
    assert_eq!(odd, GetJobResponse::Other { status: 299, body: b"?".to_vec() });

    let api = |error: Error<GetJobError>| match error {
        Error::Api(api) => api,
        other => panic!("not an API error: {other}"),
    };
    let missing = api(client.get_job("missing").await.expect_err("404"));
    let problem = Problem { title: Some("gone".into()), status: Some(404), type_: None };
    assert_eq!(missing.typed, Some(GetJobError::NotFound(problem)));
    // A body that does not parse is kept as received, with the headers.
    let garbled = api(client.get_job("garbled").await.expect_err("404"));
    assert_eq!((garbled.typed, garbled.body), (None, b"not json".to_vec()));
    assert_eq!(garbled.headers["x-trace"], "t1");
    let teapot = api(client.get_job("teapot").await.expect_err("418"));
    let filter = Filter { color: Some("tea".into()), size: None };
    assert_eq!(teapot.typed, Some(GetJobError::ClientError(filter)));
    let broken = api(client.get_job("broken").await.expect_err("500"));
    let Some(GetJobError::Default(map)) = broken.typed else { panic!("{:?}", broken.typed) };
    assert_eq!(map["reason"], "disk");
}

#[tokio::test]
async fn binary_and_text_answers() {
    let big: &'static [u8] = Box::leak((0..100_000u32).map(|i| (i % 7) as u8).collect());
    let (client, _received) = serve_with(vec![
        ("/files/small", 200, "content-type: application/octet-stream\r\n", &[1, 2, 3]),
        ("/files/big", 200, "content-type: application/octet-stream\r\n", big),
        ("/files/down", 503, "content-type: text/plain\r\n", b"maintenance"),
        ("/greeting", 200, "content-type: text/plain\r\n", "héllo".as_bytes()),
    ])
    .await;
    assert_eq!(client.get_file("small").await.expect("200"), [1, 2, 3]);
    let mut stream = client.get_file("big").send_stream().await.expect("200");
    assert_eq!(stream.status(), 200);
    let mut streamed = Vec::new();
    while let Some(chunk) = stream.next_chunk().await.expect("a chunk") {
        streamed.extend_from_slice(&chunk);
    }
    assert_eq!(streamed, big);
    let Err(Error::Api(down)) = client.get_file("down").await else { panic!("not a 503") };
    assert_eq!(down.typed, Some(GetFileError::ServerError("maintenance".into())));
    assert_eq!(client.get_greeting().await.expect("200"), "héllo");
}

#[tokio::test]
async fn a_paged_operation_streams_every_item_once_in_order() {
    let (client, mut received) = serve_with(vec![
        (
            "/events?page=1&per_page=2",
            200,
            JSON,
            br#"{"data":{"items":[1,2]},"meta":{"has_more":true}}"#,
        ),
        (
            "/events?page=2&per_page=2",
            200,
            JSON,
            br#"{"data":{"items":[3,4]},"meta":{"has_more":true}}"#,
        ),
        (
            "/events?page=3&per_page=2",
            200,
            JSON,
            br#"{"data":{"items":[5]},"meta":{"has_more":false}}"#,
        ),
    ])
    .await;
    let stream = client.list_events().per_page(2).stream();
    let items: Vec<i64> =
        futures_util::TryStreamExt::try_collect(stream).await.expect("every page");
    assert_eq!(items, [1, 2, 3, 4, 5]);
    for page in 1..=3 {
        let request = received.recv().await.expect("a request");
        assert_eq!(request.line, format!("GET /events?page={page}&per_page=2 HTTP/1.1"));
    }
    assert!(received.try_recv().is_err(), "a fourth page was asked for");
}

#[tokio::test]
async fn a_cursor_paged_operation_follows_the_cursor() {
    let (client, mut received) = serve_with(vec![
        ("/logs", 200, JSON, br#"{"entries":["a","b"],"next":"c1"}"#),
        ("/logs?after=c1", 200, JSON, br#"{"entries":["c"],"next":"c2"}"#),
        ("/logs?after=c2", 200, JSON, br#"{"entries":["d"],"next":null}"#),
    ])
    .await;
    let items: Vec<String> =
        futures_util::TryStreamExt::try_collect(client.list_logs().stream()).await.expect("pages");
    assert_eq!(items, ["a", "b", "c", "d"]);
    for line in ["/logs", "/logs?after=c1", "/logs?after=c2"] {
        assert_eq!(received.recv().await.expect("a request").line, format!("GET {line} HTTP/1.1"));
    }
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let (client, _received) = serve_with(vec![
        ("/logs", 200, JSON, br#"{"entries":["a"],"next":"c1"}"#),
        ("/logs?after=c1", 500, JSON, b"{}"),
    ])
    .await;
    let results: Vec<_> = futures_util::StreamExt::collect(client.list_logs().stream()).await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().expect("the first item"), "a");
    assert!(matches!(&results[1], Err(Error::Api(api)) if api.status == 500));
}

#[tokio::test]
async fn server_variables_make_the_base_url() {
    let (client, mut received) = serve().await;
    let port = client.base_url().rsplit(':').next().expect("a port").to_string();
    let server = fixture_operations::SERVER_TEMPLATES[1];
    assert_eq!(server.url(&[]).expect("the defaults"), "http://127.0.0.1:9/v1");
    let url = server.url(&[("port", &port), ("base", "v2")]).expect("a URL");
    assert_eq!(url, format!("http://127.0.0.1:{port}/v2"));
    let client = Client::new(&url).expect("a client");
    assert_eq!(client.get_greeting().await.expect("an empty answer"), "");
    let request = received.recv().await.expect("a request");
    assert_eq!(request.line, "GET /v2/greeting HTTP/1.1");
    assert!(matches!(server.url(&[("base", "v3")]), Err(Error::Config(_))));
    assert!(matches!(server.url(&[("region", "eu")]), Err(Error::Config(_))));
    assert_eq!(fixture_operations::SERVERS[0], "http://127.0.0.1:9/ops");
}

#[tokio::test]
async fn a_request_can_time_out_on_its_own() {
    // A server that accepts and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        let mut open = Vec::new();
        loop {
            let (stream, _) = listener.accept().await.expect("a connection");
            open.push(stream);
        }
    });
    let client = Client::builder()
        .base_url(url)
        .retry(fixture_operations::RetryPolicy::default().max_attempts(1))
        .build()
        .expect("a client");
    let started = std::time::Instant::now();
    let error = client.get_greeting().timeout(Duration::from_millis(200)).await;
    assert!(matches!(error, Err(Error::Timeout(_))), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}

#[tokio::test]
async fn operations_without_or_with_a_taken_operation_id_are_named() {
    let (client, mut received) = serve().await;
    client.head_ping_target("db").await.expect("204");
    assert_eq!(received.recv().await.expect("a request").line, "HEAD /ping/db HTTP/1.1");
    client.get_greeting_2().await.expect("204");
    assert_eq!(received.recv().await.expect("a request").line, "GET /greeting/again HTTP/1.1");
}
