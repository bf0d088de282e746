//! The one error type of this crate.

use std::fmt;

/// What can go wrong with a call.
///
/// `E` is the body the API documents for its error answers, or
/// `serde_json::Value` where it documents none or several.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The client is not configured for the request.
    Config(String),
    /// The operation needs credentials, and the client has none that its
    /// security requirement accepts.
    MissingCredentials,
    /// No token could be had: the token endpoint refused the client
    /// credentials, say, or a [`TokenProvider`](super::TokenProvider) failed.
    Credentials(super::auth::BoxError),
    /// The request or the connection took longer than its timeout.
    Timeout(reqwest::Error),
    /// The request could not be sent, or the answer not received in full.
    Transport(reqwest::Error),
    /// The server answered with a status that is not a success. Boxed, to
    /// keep `Result`s small.
    Api(Box<ApiError<E>>),
    /// A success answer whose body does not have the documented shape.
    Decode {
        /// The status of the answer.
        status: reqwest::StatusCode,
        /// The body as received.
        body: Vec<u8>,
        /// Why it did not decode.
        source: serde_json::Error,
    },
}

/// An answer with a status that is not a success.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    /// The status code.
    pub status: reqwest::StatusCode,
    /// The answer's headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body as received.
    pub body: Vec<u8>,
    /// The body decoded as the documented error type, when it decodes.
    pub typed: Option<E>,
}

impl<E> ApiError<E> {
    /// The body as text, with invalid UTF-8 replaced.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl<E> Error<E> {
    /// The status of the answer, when there was one.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::Decode { status, .. } => Some(*status),
            Error::Transport(error) | Error::Timeout(error) => error.status(),
            Error::Config(_) | Error::MissingCredentials | Error::Credentials(_) => None,
        }
    }

    /// Whether the same request may succeed if sent again: timeouts,
    /// connection failures, and answers `429`, `502`, `503` and `504`.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout(_) => true,
            Error::Transport(error) => error.is_connect(),
            Error::Api(error) => super::retry::retryable_status(error.status),
            _ => false,
        }
    }

    /// The error answer, when the server sent one.
    pub fn api(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }
}

/// How much of an error body a message shows.
const BODY_IN_MESSAGE: usize = 200;

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(message) => write!(f, "invalid client configuration: {message}"),
            Error::MissingCredentials => write!(
                f,
                "the operation needs credentials and the client has none it accepts; set them \
                 on the ClientBuilder, or in {0}_TOKEN, or {0}_CLIENT_ID and {0}_SECRET_KEY \
                 for Client::from_env",
                super::ENV_PREFIX
            ),
            Error::Credentials(error) => write!(f, "no access token: {error}"),
            Error::Timeout(error) => write!(f, "request timed out: {error}"),
            Error::Transport(error) => write!(f, "request failed: {error}"),
            Error::Api(error) => {
                write!(f, "the server answered {}", error.status)?;
                let text = error.text();
                let text = text.trim();
                if !text.is_empty() {
                    let shown: String = text.chars().take(BODY_IN_MESSAGE).collect();
                    let more = if shown.len() < text.len() { "..." } else { "" };
                    write!(f, ": {shown}{more}")?;
                }
                Ok(())
            }
            Error::Decode { status, source, .. } => {
                write!(f, "the {status} answer does not have the documented shape: {source}")
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) | Error::Timeout(error) => Some(error),
            Error::Credentials(error) => Some(error.as_ref()),
            Error::Decode { source, .. } => Some(source),
            _ => None,
        }
    }
}
