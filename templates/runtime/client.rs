//! The client: where requests go, the credentials they carry, how failures
//! are retried, and how the answers are read.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderValue, AUTHORIZATION};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::auth::{sensitive, ClientCredentials, Keys, Scheme, Secret, StaticToken, TokenProvider};
use super::error::{ApiError, Error};
use super::rate_limit::RateLimiter;
use super::retry::{retry_after, retryable_status, RetryPolicy};

/// A client for the API.
///
/// Cloning is cheap: clones share one connection pool, one token cache and
/// one rate limiter. The client is `Send + Sync`, so one value can serve
/// every task of a program.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// The total timeout of requests made through this handle, overriding
    /// the client's.
    timeout: Option<Duration>,
}

struct Inner {
    http: reqwest::Client,
    /// The base URL without a trailing slash; paths start with one.
    base_url: String,
    tokens: Option<Arc<dyn TokenProvider>>,
    keys: Keys,
    retry: RetryPolicy,
    limiter: Option<RateLimiter>,
}

/// What a generated method tells [`Client::send`] about its operation.
#[allow(dead_code)] // Unused only by an API without operations.
pub(crate) struct Call {
    /// The `operationId`, or the method name where the spec gives none.
    pub(crate) operation: &'static str,
    /// The path template, as the spec writes it.
    pub(crate) path: &'static str,
    /// The spec's security requirement: alternatives, each a set of schemes
    /// used together. Empty when the operation needs no credentials.
    pub(crate) security: &'static [&'static [Scheme]],
}

/// A server the spec lists, with the variables its URL takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Server {
    /// The URL as the spec writes it, `{name}` where a variable goes.
    pub url: &'static str,
    pub description: &'static str,
    pub variables: &'static [ServerVariable],
}

/// A variable of a server URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerVariable {
    pub name: &'static str,
    pub default: &'static str,
    /// The values it may take; empty when any will do.
    pub values: &'static [&'static str],
    pub description: &'static str,
}

impl Server {
    /// The URL, with `values` (`(name, value)` pairs) for the variables
    /// they name and the defaults for the others; a base URL for
    /// [`ClientBuilder::base_url`].
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a name that is no variable of the server, or a
    /// value its list does not allow.
    pub fn url(&self, values: &[(&str, &str)]) -> Result<String, Error> {
        for (name, value) in values {
            let Some(variable) = self.variables.iter().find(|v| v.name == *name) else {
                return Err(Error::Config(format!("`{}` has no variable `{name}`", self.url)));
            };
            if !variable.values.is_empty() && !variable.values.contains(value) {
                return Err(Error::Config(format!(
                    "`{value}` is not a value of `{name}`; it takes {}",
                    variable.values.join(", ")
                )));
            }
        }
        let mut url = self.url.to_string();
        for variable in self.variables {
            let given = values.iter().find(|(name, _)| *name == variable.name);
            let value = given.map_or(variable.default, |(_, value)| *value);
            url = url.replace(&format!("{{{}}}", variable.name), value);
        }
        Ok(url)
    }
}

/// What one request sets beside its parameters: a timeout, extra headers.
#[allow(dead_code)] // Unused only by an API without operations.
#[derive(Clone, Debug, Default)]
pub(crate) struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) headers: reqwest::header::HeaderMap,
}

#[allow(dead_code)] // Unused only by an API without operations.
impl RequestOptions {
    /// The options, applied to a request being built.
    pub(crate) fn apply(self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let request = if self.headers.is_empty() { request } else { request.headers(self.headers) };
        match self.timeout {
            Some(timeout) => request.timeout(timeout),
            None => request,
        }
    }
}

/// The future an awaited request builder runs.
pub type ResponseFuture<'a, T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |present: bool| present.then_some("<redacted>");
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("bearer_tokens", &redacted(self.inner.tokens.is_some()))
            .field("basic_auth", &redacted(self.inner.keys.basic.is_some()))
            .field("api_keys", &self.inner.keys.api_keys.keys().collect::<Vec<_>>())
            .field("retry", &self.inner.retry)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
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

    /// A builder, to set credentials, retries, timeouts or the base URL.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment; see
    /// [`ClientBuilder::from_env`].
    ///
    /// # Errors
    ///
    /// As [`ClientBuilder::from_env`] and [`ClientBuilder::build`].
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The URL every request path is appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A handle whose requests time out after `timeout` in all (retries
    /// excluded), whatever the client's own timeout. It shares everything
    /// else with `self`.
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        Client { inner: Arc::clone(&self.inner), timeout: Some(timeout) }
    }

    /// Starts a request for `path`, which must begin with `/` and be
    /// percent-encoded already.
    #[allow(dead_code)] // Unused only by an API without operations.
    pub(crate) fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let url = format!("{}{path}", self.inner.base_url);
        self.inner.http.request(method, url)
    }

    /// Sends a request: adds the credentials the operation needs, waits for
    /// the rate limiter, retries what the retry policy allows, and renews
    /// the bearer token once when the server refuses it.
    #[allow(dead_code)] // Unused only by an API without operations.
    pub(crate) async fn send<E>(
        &self,
        request: reqwest::RequestBuilder,
        call: &Call,
    ) -> Result<reqwest::Response, Error<E>> {
        let mut request = request.build().map_err(transport)?;
        // A request's own timeout wins over the handle's.
        if let (Some(timeout), None) = (self.timeout, request.timeout()) {
            *request.timeout_mut() = Some(timeout);
        }
        let span = tracing::info_span!(
            "request",
            operation = call.operation,
            method = %request.method(),
            path = call.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        self.send_with_retries(request, call).instrument(span).await
    }

    async fn send_with_retries<E>(
        &self,
        request: reqwest::Request,
        call: &Call,
    ) -> Result<reqwest::Response, Error<E>> {
        let policy = &self.inner.retry;
        let may_retry = policy.allows(request.method());
        let started = Instant::now();
        let mut attempt = 0;
        let mut next_token: Option<Secret> = None;
        let mut renewed = false;
        loop {
            attempt += 1;
            tracing::Span::current().record("attempt", attempt);
            let mut this = match request.try_clone() {
                Some(copy) => copy,
                None => {
                    // A body that cannot be replayed: one attempt only.
                    return self.attempt(request, call, next_token).await.map(|(r, _)| r);
                }
            };
            let used = self.authorize(&mut this, call, next_token.take()).await?;
            let outcome = self.execute(this).await;
            let wait = match outcome {
                Ok(response) => {
                    let status = response.status();
                    tracing::Span::current().record("status", status.as_u16());
                    if status == reqwest::StatusCode::UNAUTHORIZED && !renewed {
                        if let Some(fresh) = self.renewed_token(used.as_ref()).await? {
                            renewed = true;
                            next_token = Some(fresh);
                            attempt -= 1;
                            tracing::debug!(
                                "the server refused the token; retrying with a new one"
                            );
                            continue;
                        }
                    }
                    let retry =
                        may_retry && retryable_status(status) && policy.attempts_left(attempt);
                    if !retry {
                        return Ok(response);
                    }
                    let wait = retry_after(response.headers(), SystemTime::now())
                        .unwrap_or_else(|| policy.backoff(attempt));
                    if !policy.fits(started.elapsed(), wait) {
                        return Ok(response);
                    }
                    wait
                }
                Err(error) => {
                    let retry = may_retry && error.is_connect() && policy.attempts_left(attempt);
                    let wait = policy.backoff(attempt);
                    if !retry || !policy.fits(started.elapsed(), wait) {
                        return Err(transport(error));
                    }
                    wait
                }
            };
            tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt, with credentials, without retries.
    async fn attempt<E>(
        &self,
        mut request: reqwest::Request,
        call: &Call,
        token: Option<Secret>,
    ) -> Result<(reqwest::Response, Option<Secret>), Error<E>> {
        let used = self.authorize(&mut request, call, token).await?;
        let response = self.execute(request).await.map_err(transport)?;
        tracing::Span::current().record("status", response.status().as_u16());
        Ok((response, used))
    }

    async fn execute(
        &self,
        request: reqwest::Request,
    ) -> Result<reqwest::Response, reqwest::Error> {
        if let Some(limiter) = &self.inner.limiter {
            limiter.acquire().await;
        }
        self.inner.http.execute(request).await
    }

    /// A token other than `refused`, when the provider has one.
    async fn renewed_token<E>(&self, refused: Option<&Secret>) -> Result<Option<Secret>, Error<E>> {
        let (Some(tokens), Some(refused)) = (&self.inner.tokens, refused) else {
            return Ok(None);
        };
        let fresh = tokens.token(Some(refused)).await.map_err(Error::Credentials)?;
        Ok((&fresh != refused).then_some(fresh))
    }

    /// Adds the credentials of the first alternative of the operation's
    /// requirement that the client can meet. Returns the bearer token sent.
    async fn authorize<E>(
        &self,
        request: &mut reqwest::Request,
        call: &Call,
        token: Option<Secret>,
    ) -> Result<Option<Secret>, Error<E>> {
        if call.security.is_empty() {
            return Ok(None);
        }
        let keys = &self.inner.keys;
        let can_meet = |scheme: &Scheme| match scheme {
            Scheme::Bearer => self.inner.tokens.is_some(),
            other => keys.has(other),
        };
        let chosen = call
            .security
            .iter()
            .find(|alternative| !alternative.is_empty() && alternative.iter().all(can_meet));
        let Some(alternative) = chosen else {
            if call.security.iter().any(|alternative| alternative.is_empty()) {
                return Ok(None);
            }
            return Err(Error::MissingCredentials);
        };
        let mut sent = None;
        for scheme in alternative.iter() {
            if let (Scheme::Bearer, Some(tokens)) = (scheme, &self.inner.tokens) {
                let token = match token.clone() {
                    Some(token) => token,
                    None => tokens.token(None).await.map_err(Error::Credentials)?,
                };
                request.headers_mut().insert(AUTHORIZATION, bearer_header(&token)?);
                sent = Some(token);
            } else if !keys.apply(scheme, request) {
                return Err(Error::Config(
                    "a credential has characters a header cannot carry".into(),
                ));
            }
        }
        Ok(sent)
    }
}

fn bearer_header<E>(token: &Secret) -> Result<HeaderValue, Error<E>> {
    sensitive(&format!("Bearer {}", token.expose())).ok_or_else(|| {
        Error::Config("the bearer token has characters a header cannot carry".into())
    })
}

/// A transport error as this crate reports it: timeouts apart, and the
/// query string (which may hold an API key) taken out of the URL.
fn transport<E>(mut error: reqwest::Error) -> Error<E> {
    if let Some(url) = error.url_mut() {
        url.set_query(None);
    }
    if error.is_timeout() {
        Error::Timeout(error)
    } else {
        Error::Transport(error)
    }
}

/// How long connecting may take unless set otherwise: long enough for a
/// slow network, short enough that an unreachable host does not hold up
/// every caller waiting for a token.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where bearer tokens come from.
#[derive(Clone)]
enum TokenSource {
    Static(Secret),
    ClientCredentials { client_id: String, client_secret: Secret },
    Provider(Arc<dyn TokenProvider>),
}

/// Settings for a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    tokens: Option<TokenSource>,
    token_url: Option<String>,
    keys: Keys,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    http: Option<reqwest::Client>,
    retry: Option<RetryPolicy>,
    rate_limits: Vec<(u32, Duration)>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tokens = self.tokens.as_ref().map(|source| match source {
            TokenSource::Static(_) => "static token <redacted>",
            TokenSource::ClientCredentials { .. } => "client credentials <redacted>",
            TokenSource::Provider(_) => "token provider",
        });
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("tokens", &tokens)
            .field("token_url", &self.token_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("rate_limits", &self.rate_limits)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder configured from environment variables named after the
    /// crate ([`super::ENV_PREFIX`]): `<PREFIX>_BASE_URL`, and credentials
    /// from `<PREFIX>_CLIENT_ID` with `<PREFIX>_SECRET_KEY` (or
    /// `<PREFIX>_CLIENT_SECRET`), which can renew tokens, or else
    /// `<PREFIX>_TOKEN`. Empty variables count as unset.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when only one of the client ID and secret is set.
    pub fn from_env() -> Result<ClientBuilder, Error> {
        let name = |suffix: &str| format!("{}_{suffix}", super::ENV_PREFIX);
        let var = |suffix: &str| std::env::var(name(suffix)).ok().filter(|value| !value.is_empty());
        let mut builder = ClientBuilder::default();
        if let Some(url) = var("BASE_URL") {
            builder = builder.base_url(url);
        }
        let secret = var("SECRET_KEY").or_else(|| var("CLIENT_SECRET"));
        builder = match (var("CLIENT_ID"), secret, var("TOKEN")) {
            (Some(id), Some(secret), _) => builder.client_credentials(id, secret),
            (None, None, Some(token)) => builder.bearer_token(token),
            (None, None, None) => builder,
            (Some(_), None, _) => {
                let message =
                    format!("{} is set but {} is not", name("CLIENT_ID"), name("SECRET_KEY"));
                return Err(Error::Config(message));
            }
            (None, Some(_), _) => {
                let message =
                    format!("{} is set but {} is not", name("SECRET_KEY"), name("CLIENT_ID"));
                return Err(Error::Config(message));
            }
        };
        Ok(builder)
    }

    /// The URL request paths are appended to. Without it, the first server
    /// the spec lists ([`super::SERVERS`]) is used.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// A fixed token, sent as `Authorization: Bearer <token>` on every
    /// operation whose security allows a bearer token.
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.tokens = Some(TokenSource::Static(token.into()));
        self
    }

    /// The OAuth 2.0 client-credentials grant: the client fetches tokens
    /// from the token URL of the spec (or [`token_url`](Self::token_url))
    /// with this client ID and secret, caches them, and renews them before
    /// they expire and when the server refuses one.
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        secret: impl Into<Secret>,
    ) -> Self {
        let client_secret = secret.into();
        self.tokens =
            Some(TokenSource::ClientCredentials { client_id: client_id.into(), client_secret });
        self
    }

    /// The token URL for [`client_credentials`](Self::client_credentials),
    /// absolute or relative to the base URL, instead of the spec's.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Bearer tokens from a provider of your own.
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.tokens = Some(TokenSource::Provider(Arc::new(provider)));
        self
    }

    /// A user name and password for HTTP basic authentication.
    pub fn basic_auth(mut self, user: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.keys.basic = Some((user.into(), password.into()));
        self
    }

    /// The key for the API-key security scheme named `scheme` in the spec.
    pub fn api_key(mut self, scheme: impl Into<String>, key: impl Into<Secret>) -> Self {
        self.keys.api_keys.insert(scheme.into(), key.into());
        self
    }

    /// The longest a whole request may take, answer included; each retry
    /// gets the same time again.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest connecting may take; 10 seconds by default.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// A `reqwest::Client` of your own (proxies, certificates); the
    /// timeouts set here then apply only through
    /// [`Client::with_timeout`].
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// How failed requests are retried; [`RetryPolicy::default`] when not
    /// set, [`RetryPolicy::none`] to turn retries off.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Starts at most `limit` requests in any `period`, waiting when the
    /// limit is reached. May be given several times (per minute and per
    /// hour, say); every limit then holds. Off by default.
    pub fn rate_limit(mut self, limit: u32, period: Duration) -> Self {
        self.rate_limits.push((limit, period));
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the base URL is missing or not absolute; when
    /// credentials would go over plain `http` to a host that is not a
    /// loopback address; when client credentials are set but there is no
    /// token URL; or when the HTTP client cannot be built.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self
            .base_url
            .clone()
            .or_else(|| super::SERVERS.first().map(|server| server.to_string()))
            .ok_or_else(|| Error::Config("no base URL: the spec lists no server".into()))?;
        let parsed = parse_url(&base_url)?;
        let has_credentials =
            self.tokens.is_some() || self.keys.basic.is_some() || !self.keys.api_keys.is_empty();
        if has_credentials {
            refuse_plain_http(&parsed)?;
        }
        let http = match self.http.clone() {
            Some(http) => http,
            None => self.http_client_for_timeouts()?,
        };
        let tokens = match self.tokens.clone() {
            None => None,
            Some(TokenSource::Static(token)) => {
                Some(Arc::new(StaticToken(token)) as Arc<dyn TokenProvider>)
            }
            Some(TokenSource::Provider(provider)) => Some(provider),
            Some(TokenSource::ClientCredentials { client_id, client_secret }) => {
                let flow =
                    self.client_credentials_flow(&parsed, &http, client_id, client_secret)?;
                Some(Arc::new(flow) as Arc<dyn TokenProvider>)
            }
        };
        let inner = Inner {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            tokens,
            keys: self.keys,
            retry: self.retry.unwrap_or_default(),
            limiter: RateLimiter::new(&self.rate_limits),
        };
        Ok(Client { inner: Arc::new(inner), timeout: None })
    }

    fn http_client_for_timeouts(&self) -> Result<reqwest::Client, Error> {
        let mut builder = reqwest::Client::builder().user_agent(concat!(
            env!("CARGO_PKG_NAME"),
            "/",
            env!("CARGO_PKG_VERSION")
        ));
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        builder = builder.connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT));
        builder
            .build()
            .map_err(|error| Error::Config(format!("cannot build the HTTP client: {error}")))
    }

    fn client_credentials_flow(
        &self,
        base_url: &reqwest::Url,
        http: &reqwest::Client,
        client_id: String,
        client_secret: Secret,
    ) -> Result<ClientCredentials, Error> {
        let flow = super::CLIENT_CREDENTIALS;
        let token_url = match (&self.token_url, flow) {
            (Some(url), _) => url.as_str(),
            (None, Some(flow)) => flow.token_url,
            (None, None) => {
                let message = "the spec declares no OAuth 2.0 client-credentials flow: \
                               set the token URL with ClientBuilder::token_url";
                return Err(Error::Config(message.into()));
            }
        };
        // A relative token URL is resolved against the server URL.
        let base = format!("{}/", base_url.as_str().trim_end_matches('/'));
        let token_url = parse_url(&base)?
            .join(token_url)
            .map_err(|error| Error::Config(format!("invalid token URL `{token_url}`: {error}")))?;
        refuse_plain_http(&token_url)?;
        let fixed_fields = flow
            .map(|flow| {
                flow.fixed_fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
            })
            .unwrap_or_default();
        Ok(ClientCredentials {
            http: http.clone(),
            token_url,
            client_id,
            client_secret,
            fixed_fields,
            cached: tokio::sync::Mutex::new(None),
        })
    }
}

fn parse_url(url: &str) -> Result<reqwest::Url, Error> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|error| Error::Config(format!("invalid base URL `{url}`: {error}")))?;
    if parsed.cannot_be_a_base() {
        return Err(Error::Config(format!("`{url}` cannot be a base URL")));
    }
    Ok(parsed)
}

/// Credentials go over `https`, or over plain `http` to this machine only.
fn refuse_plain_http(url: &reqwest::Url) -> Result<(), Error> {
    if url.scheme() != "http" {
        return Ok(());
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.is_loopback(),
        None => false,
    };
    if loopback {
        return Ok(());
    }
    Err(Error::Config(format!(
        "refusing to send credentials over plain http to {}: use https \
         (plain http is allowed to loopback addresses only)",
        url.host_str().unwrap_or_default()
    )))
}

/// A successful answer: its status and headers beside the value read from
/// its body. `send_with_response` on a request builder returns it.
#[derive(Clone, Debug)]
pub struct Response<T> {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub value: T,
}

impl<T> Response<T> {
    /// The value, without the status and headers.
    pub fn into_inner(self) -> T {
        self.value
    }
}

/// How an operation reads the body of an error answer of some status.
pub(crate) type ErrorDecoder<E> = fn(reqwest::StatusCode, &[u8]) -> Option<E>;

/// Reads an error body as `E` whatever its status, for operations whose
/// documented errors share one type.
#[allow(dead_code)] // Unused only by an API whose errors all differ by status.
pub(crate) fn any_status<E: DeserializeOwned>(_: reqwest::StatusCode, body: &[u8]) -> Option<E> {
    serde_json::from_slice(body).ok()
}

/// Turns an answer whose status is not a success into [`Error::Api`], its
/// body read by `decode` (and kept as received either way).
#[allow(dead_code)] // Unused only by an API without operations.
pub(crate) async fn check<E>(
    response: reqwest::Response,
    decode: ErrorDecoder<E>,
) -> Result<reqwest::Response, Error<E>> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(transport)?.to_vec();
    let typed = decode(status, &body);
    Err(Error::Api(Box::new(ApiError { status, headers, body, typed })))
}

/// Reads a JSON answer.
#[allow(dead_code)] // Not every API has an operation that answers JSON.
pub(crate) async fn read_json<T: DeserializeOwned, E>(
    response: reqwest::Response,
) -> Result<T, Error<E>> {
    let status = response.status();
    let body = response.bytes().await.map_err(transport)?;
    serde_json::from_slice(&body).map_err(|source| Error::Decode {
        status,
        body: body.to_vec(),
        source,
    })
}

/// Reads a text answer.
#[allow(dead_code)] // Not every API has an operation that answers text.
pub(crate) async fn read_text<E>(response: reqwest::Response) -> Result<String, Error<E>> {
    response.text().await.map_err(transport)
}

/// Reads an answer as bytes.
#[allow(dead_code)] // Not every API has an operation that answers bytes.
pub(crate) async fn read_bytes<E>(response: reqwest::Response) -> Result<Vec<u8>, Error<E>> {
    Ok(response.bytes().await.map_err(transport)?.to_vec())
}

/// Reads an answer that has no body worth keeping.
#[allow(dead_code)] // Not every API has an operation that answers nothing.
pub(crate) async fn read_empty<E>(response: reqwest::Response) -> Result<(), Error<E>> {
    response.bytes().await.map_err(transport)?;
    Ok(())
}

/// The body of an answer, chunk by chunk as it arrives, for large
/// downloads. `send_stream` on a request builder returns it.
#[derive(Debug)]
pub struct ByteStream {
    response: reqwest::Response,
}

#[allow(dead_code)] // Unused only by an API without binary answers.
impl ByteStream {
    pub(crate) fn new(response: reqwest::Response) -> ByteStream {
        ByteStream { response }
    }

    /// The answer's status.
    pub fn status(&self) -> reqwest::StatusCode {
        self.response.status()
    }

    /// The answer's headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.response.headers()
    }

    /// The next chunk of the body; `None` at its end.
    ///
    /// # Errors
    ///
    /// [`Error::Transport`] when the connection fails.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, Error> {
        let chunk = self.response.chunk().await.map_err(transport)?;
        Ok(chunk.map(|chunk| chunk.to_vec()))
    }
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
