//! Which credentials an operation sends, as the spec's `security` says.

/// The credentials one operation needs.
#[allow(dead_code)] // An API need not use every kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth {
    /// Nothing is sent.
    None,
    /// A bearer token is required.
    Bearer,
    /// A bearer token is sent when the client has one.
    OptionalBearer,
}
