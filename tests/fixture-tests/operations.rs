//! Copied into the crate generated from `tests/fixtures/operations.yaml` as
//! `tests/wire.rs` by the compile test, and run there: each request is
//! checked byte for byte as a server on 127.0.0.1 receives it.

use std::time::Duration;

use fixture_operations::types::{Filter, State, UploadBody};
use fixture_operations::{Binary, Client};
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

/// A server that answers 204 to everything and hands over each request.
async fn serve() -> (Client, mpsc::UnboundedReceiver<Received>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let (sender, received) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let (mut stream, _) = listener.accept().await.expect("a connection");
            let request = read_request(&mut stream).await;
            let answer = b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n";
            stream.write_all(answer).await.expect("the answer is sent");
            sender.send(request).expect("the test listens");
        }
    });
    (Client::new(&url).expect("a client"), received)
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
