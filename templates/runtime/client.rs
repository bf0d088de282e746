//! The client: where requests go, the credentials they carry, and how the
//! answers are read.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderValue, AUTHORIZATION};
use serde::de::DeserializeOwned;

use crate::auth::Auth;
use crate::error::{ApiError, Error};

/// A client for the API.
///
/// Cloning is cheap: clones share one connection pool and one set of
/// credentials. The client is `Send + Sync`, so one value can serve every
/// task of a program.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// The base URL without a trailing slash; paths start with one.
    base_url: String,
    /// `Bearer <token>`, marked sensitive so that it is never printed.
    bearer: Option<HeaderValue>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("bearer_token", &self.inner.bearer.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl Client {
    /// A client for `base_url`, without credentials.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `base_url` is not an absolute URL.
    pub fn new(base_url: &str) -> Result<Client, Error> {
        Client::builder().base_url(base_url).build()
    }

    /// A builder, to set credentials, timeouts or the base URL.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The URL every request path is appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Starts a request for `path`, which must begin with `/` and be
    /// percent-encoded already.
    pub(crate) fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let url = format!("{}{path}", self.inner.base_url);
        self.inner.http.request(method, url)
    }

    /// Adds the credentials `auth` calls for and sends the request.
    pub(crate) async fn send<E>(
        &self,
        request: reqwest::RequestBuilder,
        auth: Auth,
    ) -> Result<reqwest::Response, Error<E>> {
        let request = match (auth, &self.inner.bearer) {
            (Auth::None, _) | (Auth::OptionalBearer, None) => request,
            (Auth::Bearer | Auth::OptionalBearer, Some(bearer)) => {
                request.header(AUTHORIZATION, bearer.clone())
            }
            (Auth::Bearer, None) => return Err(Error::MissingCredentials),
        };
        request.send().await.map_err(Error::Transport)
    }
}

/// Settings for a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    bearer_token: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("bearer_token", &self.bearer_token.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The URL request paths are appended to. Without it, the first server
    /// the spec lists ([`crate::SERVERS`]) is used.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// A token sent as `Authorization: Bearer <token>` on every operation
    /// the spec secures.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer_token = Some(token.into());
        self
    }

    /// The longest a whole request may take, answer included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest connecting may take.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// A `reqwest::Client` of your own (proxies, certificates, middleware
    /// settings); the timeouts set here are then not used.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the base URL is missing or not absolute, when
    /// the token cannot be sent in a header, or when the HTTP client cannot
    /// be built.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = match self.base_url.or_else(|| crate::SERVERS.first().map(|s| s.to_string()))
        {
            Some(url) => url,
            None => return Err(Error::Config("no base URL: the spec lists no server".into())),
        };
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|error| Error::Config(format!("invalid base URL `{base_url}`: {error}")))?;
        if parsed.cannot_be_a_base() {
            return Err(Error::Config(format!("`{base_url}` cannot be a base URL")));
        }
        let bearer = match self.bearer_token {
            Some(token) => {
                let mut value = HeaderValue::try_from(format!("Bearer {token}")).map_err(|_| {
                    Error::Config("the bearer token has characters a header cannot carry".into())
                })?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
        };
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::Client::builder();
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                if let Some(timeout) = self.connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                builder.build().map_err(|error| {
                    Error::Config(format!("cannot build the HTTP client: {error}"))
                })?
            }
        };
        let base_url = base_url.trim_end_matches('/').to_string();
        Ok(Client { inner: Arc::new(Inner { http, base_url, bearer }) })
    }
}

/// Turns an answer whose status is not a success into [`Error::Api`].
pub(crate) async fn check<E: DeserializeOwned>(
    response: reqwest::Response,
) -> Result<reqwest::Response, Error<E>> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(Error::Transport)?.to_vec();
    let typed = serde_json::from_slice(&body).ok();
    Err(Error::Api(Box::new(ApiError { status, headers, body, typed })))
}

/// Reads a JSON answer.
#[allow(dead_code)] // Not every API has an operation that answers JSON.
pub(crate) async fn json<T: DeserializeOwned, E: DeserializeOwned>(
    response: reqwest::Response,
) -> Result<T, Error<E>> {
    let response = check(response).await?;
    let status = response.status();
    let body = response.bytes().await.map_err(Error::Transport)?;
    serde_json::from_slice(&body).map_err(|source| Error::Decode {
        status,
        body: body.to_vec(),
        source,
    })
}

/// Reads a text answer.
#[allow(dead_code)] // Not every API has an operation that answers text.
pub(crate) async fn text<E: DeserializeOwned>(
    response: reqwest::Response,
) -> Result<String, Error<E>> {
    check(response).await?.text().await.map_err(Error::Transport)
}

/// Reads an answer as bytes.
#[allow(dead_code)] // Not every API has an operation that answers bytes.
pub(crate) async fn bytes<E: DeserializeOwned>(
    response: reqwest::Response,
) -> Result<Vec<u8>, Error<E>> {
    let body = check(response).await?.bytes().await.map_err(Error::Transport)?;
    Ok(body.to_vec())
}

/// Reads an answer that has no body worth keeping.
#[allow(dead_code)] // Not every API has an operation that answers nothing.
pub(crate) async fn empty<E: DeserializeOwned>(
    response: reqwest::Response,
) -> Result<(), Error<E>> {
    check(response).await?.bytes().await.map_err(Error::Transport)?;
    Ok(())
}

/// The answer's media type without parameters, in lower case.
#[allow(dead_code)] // Used only where a response has several media types.
pub(crate) fn media_type(response: &reqwest::Response) -> String {
    let header = response.headers().get(reqwest::header::CONTENT_TYPE);
    let value = header.and_then(|value| value.to_str().ok()).unwrap_or_default();
    value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Whether a media type matches a pattern of the spec, such as `text/*`.
#[allow(dead_code)] // Used only where a response has several media types.
pub(crate) fn media_matches(media_type: &str, pattern: &str) -> bool {
    let pattern = pattern.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match pattern.split_once('/') {
        Some(("*", "*")) => true,
        Some((kind, "*")) => media_type.split('/').next() == Some(kind),
        _ => media_type == pattern,
    }
}
