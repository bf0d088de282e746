//! Credentials: the schemes the spec declares, the secrets the client holds
//! for them, and where bearer tokens come from.
//!
//! A bearer token comes from a [`TokenProvider`]: a fixed token
//! ([`ClientBuilder::bearer_token`](super::ClientBuilder::bearer_token)),
//! the OAuth 2.0 client-credentials grant, which fetches, caches and renews
//! tokens ([`ClientBuilder::client_credentials`](super::ClientBuilder::client_credentials)),
//! or a provider of your own
//! ([`ClientBuilder::token_provider`](super::ClientBuilder::token_provider)).

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderValue, AUTHORIZATION, COOKIE};

/// A secret string: a token, a password, a key. Its `Debug` output never
/// shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Secret {
        Secret(secret.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(secret: String) -> Secret {
        Secret(secret)
    }
}

impl From<&str> for Secret {
    fn from(secret: &str) -> Secret {
        Secret(secret.to_string())
    }
}

/// Any error, boxed; what a [`TokenProvider`] may fail with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What [`TokenProvider::token`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Secret, BoxError>> + Send + 'a>>;

/// A source of bearer tokens: implement it to take tokens from a vault, a
/// file or another process.
///
/// The client asks for a token before every request that needs one, so an
/// implementation should cache. After the server refuses a token with
/// `401 Unauthorized`, the client asks once more, passing the refused token
/// as `rejected`: return a new token then, or the same one when there is no
/// other (the client then returns the 401 as an error).
pub trait TokenProvider: Send + Sync + 'static {
    /// A token to send as `Authorization: Bearer <token>`.
    fn token<'a>(&'a self, rejected: Option<&'a Secret>) -> TokenFuture<'a>;
}

/// A fixed token, such as one copied from a dashboard.
pub(crate) struct StaticToken(pub(crate) Secret);

impl TokenProvider for StaticToken {
    fn token<'a>(&'a self, _rejected: Option<&'a Secret>) -> TokenFuture<'a> {
        Box::pin(async move { Ok(self.0.clone()) })
    }
}

/// The OAuth 2.0 client-credentials flow a spec declares.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientCredentialsFlow {
    /// The token URL, absolute or relative to the base URL.
    pub(crate) token_url: &'static str,
    /// Form fields the spec fixes for the token request, such as a
    /// one-value `redirect_uri`.
    pub(crate) fixed_fields: &'static [(&'static str, &'static str)],
}

/// The client-credentials grant: fetches a token with the client ID and
/// secret, keeps it, and fetches a new one a margin before it expires or
/// when the server refuses it. One request at a time: callers that need a
/// token while one is being fetched wait for it.
pub(crate) struct ClientCredentials {
    pub(crate) http: reqwest::Client,
    pub(crate) token_url: reqwest::Url,
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) fixed_fields: Vec<(String, String)>,
    pub(crate) cached: tokio::sync::Mutex<Option<CachedToken>>,
}

pub(crate) struct CachedToken {
    token: Secret,
    /// When to fetch a new token; `None` when the server gave no lifetime.
    renew_at: Option<Instant>,
}

/// The longest margin before expiry at which a token is renewed.
const RENEW_MARGIN: Duration = Duration::from_secs(60);

impl ClientCredentials {
    async fn fetch(&self) -> Result<CachedToken, BoxError> {
        let mut form: Vec<(&str, &str)> = vec![
            ("grant_type", "client_credentials"),
            ("client_id", &self.client_id),
            ("client_secret", self.client_secret.expose()),
        ];
        for (name, value) in &self.fixed_fields {
            if !form.iter().any(|(taken, _)| taken == name) {
                form.push((name, value));
            }
        }
        tracing::debug!(endpoint = %self.token_url, "requesting an access token");
        let fetched_at = Instant::now();
        let response = self
            .http
            .post(self.token_url.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .send()
            .await
            .map_err(|error| self.failure(None, &error.without_url().to_string()))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|error| self.failure(Some(status), &error.without_url().to_string()))?;
        if !status.is_success() {
            return Err(self.failure(Some(status), &oauth_error(&body)));
        }
        let answer: TokenAnswer = serde_json::from_slice(&body)
            .map_err(|error| self.failure(Some(status), &format!("unreadable answer: {error}")))?;
        let renew_at = answer.expires_in.map(|seconds| {
            let lifetime = Duration::from_secs_f64(seconds.max(0.0));
            fetched_at + lifetime - (lifetime / 5).min(RENEW_MARGIN)
        });
        Ok(CachedToken { token: Secret(answer.access_token), renew_at })
    }

    fn failure(&self, status: Option<reqwest::StatusCode>, detail: &str) -> BoxError {
        let detail = detail.replace(self.client_secret.expose(), "<redacted>");
        Box::new(TokenEndpointError { endpoint: self.token_url.to_string(), status, detail })
    }
}

impl TokenProvider for ClientCredentials {
    fn token<'a>(&'a self, rejected: Option<&'a Secret>) -> TokenFuture<'a> {
        Box::pin(async move {
            let mut cached = self.cached.lock().await;
            if let Some(current) = cached.as_ref() {
                let due = current.renew_at.is_some_and(|at| Instant::now() >= at);
                if !due && rejected != Some(&current.token) {
                    return Ok(current.token.clone());
                }
            }
            let fresh = self.fetch().await?;
            let token = fresh.token.clone();
            *cached = Some(fresh);
            Ok(token)
        })
    }
}

#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<f64>,
}

/// The `error` and `error_description` of an OAuth 2.0 error answer, or
/// nothing when the answer has neither.
fn oauth_error(body: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct OAuthError {
        error: Option<String>,
        error_description: Option<String>,
    }
    match serde_json::from_slice::<OAuthError>(body) {
        Ok(OAuthError { error: Some(error), error_description: Some(description) }) => {
            format!("{error}: {description}")
        }
        Ok(OAuthError { error: Some(error), .. }) => error,
        _ => String::new(),
    }
}

/// The token endpoint did not give a token.
#[derive(Debug)]
pub struct TokenEndpointError {
    /// The token URL.
    pub endpoint: String,
    /// The status of its answer, when there was one.
    pub status: Option<reqwest::StatusCode>,
    /// What went wrong, with the client secret taken out.
    pub detail: String,
}

impl fmt::Display for TokenEndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(status) => write!(f, "the token endpoint {} answered {status}", self.endpoint)?,
            None => write!(f, "the token endpoint {} could not be reached", self.endpoint)?,
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for TokenEndpointError {}

/// Where an API key goes.
#[allow(dead_code)] // An API need not use every place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// One security scheme, as a request applies it.
#[allow(dead_code)] // An API need not use every kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scheme {
    /// `Authorization: Bearer <token>`: HTTP bearer, OAuth 2.0 and OpenID
    /// Connect schemes.
    Bearer,
    /// `Authorization: Basic <user:password in base64>`.
    Basic,
    /// An API key, by the name of its scheme in the spec.
    ApiKey { scheme: &'static str, location: KeyLocation, name: &'static str },
}

/// The secrets a client holds, other than bearer tokens.
#[derive(Clone, Default)]
pub(crate) struct Keys {
    pub(crate) basic: Option<(String, Secret)>,
    /// API keys by scheme name.
    pub(crate) api_keys: BTreeMap<String, Secret>,
}

/// A header value that is never printed.
pub(crate) fn sensitive(value: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::try_from(value).ok()?;
    value.set_sensitive(true);
    Some(value)
}

impl Keys {
    /// Whether the client can meet `scheme` without a bearer token.
    pub(crate) fn has(&self, scheme: &Scheme) -> bool {
        match scheme {
            Scheme::Bearer => false,
            Scheme::Basic => self.basic.is_some(),
            Scheme::ApiKey { scheme, .. } => self.api_keys.contains_key(*scheme),
        }
    }

    /// Adds the credentials of `scheme` to the request; `false` when a
    /// value cannot be sent in a header.
    pub(crate) fn apply(&self, scheme: &Scheme, request: &mut reqwest::Request) -> bool {
        match scheme {
            Scheme::Bearer => true,
            Scheme::Basic => {
                let Some((user, password)) = &self.basic else { return false };
                let encoded = base64(format!("{user}:{}", password.expose()).as_bytes());
                insert(request, AUTHORIZATION, &format!("Basic {encoded}"))
            }
            Scheme::ApiKey { scheme, location, name } => {
                let Some(key) = self.api_keys.get(*scheme) else { return false };
                match location {
                    KeyLocation::Header => match reqwest::header::HeaderName::try_from(*name) {
                        Ok(header) => insert(request, header, key.expose()),
                        Err(_) => false,
                    },
                    KeyLocation::Query => {
                        request.url_mut().query_pairs_mut().append_pair(name, key.expose());
                        true
                    }
                    KeyLocation::Cookie => {
                        let Some(value) = sensitive(&format!("{name}={}", key.expose())) else {
                            return false;
                        };
                        request.headers_mut().append(COOKIE, value);
                        true
                    }
                }
            }
        }
    }
}

fn insert(request: &mut reqwest::Request, name: reqwest::header::HeaderName, value: &str) -> bool {
    match sensitive(value) {
        Some(value) => {
            request.headers_mut().insert(name, value);
            true
        }
        None => false,
    }
}

/// Standard base64 with padding (RFC 4648 section 4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let vectors =
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")];
        for (plain, encoded) in vectors {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "Secret(<redacted>)");
    }

    #[test]
    fn oauth_errors_are_summarised() {
        let body = br#"{"error":"invalid_client","error_description":"unknown client"}"#;
        assert_eq!(oauth_error(body), "invalid_client: unknown client");
        assert_eq!(oauth_error(b"<html>"), "");
    }
}
