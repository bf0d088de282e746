//! Copied into the crate generated from `tests/fixtures/security.yaml` as
//! `tests/wire.rs` by the compile test, and run there: each security scheme
//! puts its credentials on the wire where the spec says.

use fixture_security::{Client, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

/// A server on 127.0.0.1 that answers 204 to everything and hands over
/// the head of every request it gets.
async fn serve() -> (String, mpsc::UnboundedReceiver<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (heads, received) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                if stream.read(&mut byte).await.unwrap() == 0 {
                    break;
                }
                head.push(byte[0]);
            }
            let answer = b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n";
            stream.write_all(answer).await.unwrap();
            heads.send(String::from_utf8(head).unwrap()).unwrap();
        }
    });
    (url, received)
}

fn header<'a>(head: &'a str, name: &str) -> Vec<&'a str> {
    head.lines()
        .filter_map(|line| line.split_once(": "))
        .filter(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value)
        .collect()
}

#[tokio::test]
async fn each_scheme_sends_its_credentials_where_the_spec_says() {
    let (url, mut heads) = serve().await;
    let client = Client::builder()
        .base_url(&url)
        .api_key("headerKey", "h-key")
        .api_key("queryKey", "q key&")
        .api_key("cookieKey", "c-key")
        .basic_auth("user", "pa:ss")
        .build()
        .unwrap();

    client.with_header_key().await.unwrap();
    let head = heads.recv().await.unwrap();
    assert!(head.starts_with("GET /header HTTP/1.1\r\n"), "{head}");
    assert_eq!(header(&head, "x-api-key"), ["h-key"]);
    assert!(header(&head, "authorization").is_empty(), "{head}");

    client.with_query_key().page(2).await.unwrap();
    let head = heads.recv().await.unwrap();
    assert!(head.starts_with("GET /query?page=2&api_key=q+key%26 HTTP/1.1\r\n"), "{head}");
    assert!(header(&head, "x-api-key").is_empty(), "{head}");

    client.with_cookie_key().await.unwrap();
    let head = heads.recv().await.unwrap();
    assert_eq!(header(&head, "cookie"), ["session=c-key"]);

    client.with_basic().await.unwrap();
    let head = heads.recv().await.unwrap();
    // "user:pa:ss" in base64.
    assert_eq!(header(&head, "authorization"), ["Basic dXNlcjpwYTpzcw=="]);

    client.with_basic_and_header_key().await.unwrap();
    let head = heads.recv().await.unwrap();
    assert_eq!(header(&head, "authorization"), ["Basic dXNlcjpwYTpzcw=="]);
    assert_eq!(header(&head, "x-api-key"), ["h-key"]);

    // No bearer token: the second alternative, the query key, is used.
    client.with_bearer_or_query_key().await.unwrap();
    let head = heads.recv().await.unwrap();
    assert!(head.starts_with("GET /either?api_key=q+key%26 HTTP/1.1\r\n"), "{head}");

    for call in [client.with_optional_bearer().await, client.with_nothing().await] {
        call.unwrap();
        let head = heads.recv().await.unwrap();
        for name in ["authorization", "x-api-key", "cookie"] {
            assert!(header(&head, name).is_empty(), "{head}");
        }
        assert!(!head.contains("api_key"), "{head}");
    }
}

#[tokio::test]
async fn a_bearer_token_takes_the_first_alternative_and_is_optional_where_allowed() {
    let (url, mut heads) = serve().await;
    let client = Client::builder().base_url(&url).bearer_token("b-token").build().unwrap();

    client.with_bearer_or_query_key().await.unwrap();
    let head = heads.recv().await.unwrap();
    assert!(head.starts_with("GET /either HTTP/1.1\r\n"), "{head}");
    assert_eq!(header(&head, "authorization"), ["Bearer b-token"]);

    client.with_optional_bearer().await.unwrap();
    let head = heads.recv().await.unwrap();
    assert_eq!(header(&head, "authorization"), ["Bearer b-token"]);
}

#[tokio::test]
async fn missing_credentials_are_refused_before_anything_is_sent() {
    let (url, mut heads) = serve().await;
    let client = Client::new(&url).unwrap();

    let error = client.with_basic_and_header_key().await.unwrap_err();

    assert!(matches!(error, Error::MissingCredentials), "{error:?}");
    assert!(error.to_string().contains("FIXTURE_SECURITY_TOKEN"), "{error}");
    assert!(heads.try_recv().is_err());
}
