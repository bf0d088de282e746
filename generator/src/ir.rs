//! The intermediate form: what the client will contain, with every Rust name
//! already decided.
//!
//! Lowering (`lower`) builds it from the spec; emitting (`emit`) only prints
//! it. Nothing here refers back to `openapiv3`.

/// The whole API, ready to emit.
#[derive(Debug, Clone)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.description`, as documentation lines.
    pub description: Vec<String>,
    /// `info.version`, as the spec writes it.
    pub spec_version: String,
    /// `info.license.name`.
    pub license: Option<String>,
    /// The server URLs, the default first, variables already substituted.
    pub servers: Vec<Server>,
    /// Every named type, in the order the spec introduces them.
    pub types: Vec<TypeDef>,
    /// Every operation, in spec order.
    pub operations: Vec<Operation>,
    /// The security schemes of `components.securitySchemes`, in spec order.
    pub schemes: Vec<NamedScheme>,
    /// The first OAuth 2.0 client-credentials flow the spec declares.
    pub client_credentials: Option<ClientCredentialsFlow>,
}

/// A security scheme and how a client meets it.
#[derive(Debug, Clone)]
pub struct NamedScheme {
    /// The name in `components.securitySchemes`.
    pub key: String,
    pub kind: SchemeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// HTTP bearer, OpenID Connect, and OAuth 2.0 flows other than client
    /// credentials: a token the user supplies.
    Bearer,
    /// OAuth 2.0 client credentials: tokens the client fetches itself.
    ClientCredentials,
    Basic,
    ApiKey {
        location: KeyLocation,
        name: String,
    },
    /// A scheme the generator does not support yet, described.
    Unsupported(String),
}

/// The OAuth 2.0 client-credentials flow.
#[derive(Debug, Clone)]
pub struct ClientCredentialsFlow {
    /// `tokenUrl`, absolute or relative to the server URL.
    pub token_url: String,
    /// Form fields the token operation fixes (one-value enums), beyond
    /// those the grant defines.
    pub fixed_fields: Vec<(String, String)>,
}

/// One scheme of a security requirement, as a request applies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scheme {
    Bearer,
    Basic,
    ApiKey { scheme: String, location: KeyLocation, name: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// One entry of `servers`.
#[derive(Debug, Clone)]
pub struct Server {
    /// The URL, every variable at its default.
    pub url: String,
    pub description: Option<String>,
    /// The URL as the spec writes it, `{name}` where a variable goes.
    pub template: String,
    pub variables: Vec<ServerVariable>,
}

/// A variable of a server URL.
#[derive(Debug, Clone)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    /// The values it may take (`enum`); empty when any will do.
    pub values: Vec<String>,
    pub description: Option<String>,
}

/// A named type in the `types` module.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name, unique in the `types` module.
    pub name: String,
    /// Documentation, as Markdown lines.
    pub docs: Vec<String>,
    /// The JSON pointer of the schema (or response) it comes from.
    pub pointer: String,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Vec<Field>),
    /// A string enum that accepts unknown values.
    Enum(StringEnum),
    /// An integer enum that accepts unknown values.
    IntEnum(IntEnum),
    /// `oneOf` or `anyOf`: one of several types.
    OneOf(OneOf),
    /// `pub type Name = ...;`
    Alias(TypeRef),
    /// `pub struct Name(pub ...);`, for an alias that contains itself
    /// (`A` = list of `A`), which a type alias cannot express.
    Newtype(TypeRef),
    /// The several media types one response may come in.
    ResponseEnum(Vec<MediaVariant>),
    /// The answers of several statuses, one variant each; for errors, the
    /// variant is chosen by status when the body is read.
    StatusEnum(StatusEnum),
}

/// A struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// The Rust name, unique in its struct.
    pub name: String,
    /// The JSON property name (none for a flattened field).
    pub wire: String,
    pub docs: Vec<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Whether the value is boxed to break a cycle of types.
    pub boxed: bool,
    /// Whether the value is a secret (`format: password`), which `Debug`
    /// output hides.
    pub secret: bool,
    /// Whether the field holds the properties the schema does not name
    /// (`additionalProperties`), flattened into the object.
    pub flatten: bool,
    /// The value an absent field takes (`default`), when the field's type
    /// can hold it; such a field is not an `Option`.
    pub default: Option<DefaultValue>,
}

/// A `default` the generated code can write as a Rust expression.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    /// An integer, for a field of any integer type.
    Int(i64),
    Float(f64),
    /// A string, for a `String` field.
    Str(String),
    /// A value of a string enum: the enum's name, and the wire value.
    EnumStr(String, String),
    /// A value of an integer enum: the enum's name, and the value.
    EnumInt(String, i64),
    /// A list of values.
    List(Vec<DefaultValue>),
    /// A `format: date` string, checked: year, month, day.
    Date(i32, u32, u32),
    /// A `format: date-time` string, checked to be RFC 3339.
    DateTime(String),
    /// A `format: uuid` string, as its 128 bits.
    Uuid(u128),
}

#[derive(Debug, Clone)]
pub struct IntEnum {
    pub variants: Vec<IntVariant>,
    /// The name of the variant that keeps values the spec does not list.
    pub unknown: String,
}

#[derive(Debug, Clone)]
pub struct IntVariant {
    pub name: String,
    pub value: i64,
}

/// A value of one of several types.
#[derive(Debug, Clone)]
pub struct OneOf {
    pub variants: Vec<OneOfVariant>,
    /// The discriminator property, when the value says its type in one;
    /// without it, the variants are tried in order.
    pub tag: Option<String>,
    /// The variant that keeps, as JSON, a value no other variant takes.
    pub fallback: String,
}

#[derive(Debug, Clone)]
pub struct OneOfVariant {
    pub name: String,
    pub ty: TypeRef,
    /// The discriminator values that select this variant; the first is
    /// the one written when the value does not carry the property itself.
    pub tags: Vec<String>,
    /// Whether the value is boxed to break a cycle of types.
    pub boxed: bool,
    pub docs: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct StringEnum {
    pub variants: Vec<Variant>,
    /// The name of the variant that keeps values the spec does not list.
    pub unknown: String,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub value: String,
}

/// Answers told apart by status.
#[derive(Debug, Clone)]
pub struct StatusEnum {
    pub variants: Vec<StatusVariant>,
    /// Whether it types error answers (`from_status`) rather than
    /// successes (with a variant for undocumented statuses).
    pub errors: bool,
}

/// The answer of one documented status, or class of statuses.
#[derive(Debug, Clone)]
pub struct StatusVariant {
    pub name: String,
    pub status: StatusMatch,
    /// What the answer carries; `None` when it has no body.
    pub body: Option<BodyKind>,
    pub docs: Vec<String>,
}

/// The statuses a documented response stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX`: the class, 1 to 5.
    Range(u16),
    /// `default`: any status no other response names.
    Default,
}

/// One media type of a response that has several.
#[derive(Debug, Clone)]
pub struct MediaVariant {
    pub name: String,
    pub media_type: String,
    pub body: BodyKind,
}

/// A reference to a type, as a field, parameter or body uses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A type in the `types` module, by its Rust name.
    Named(String),
    Primitive(Primitive),
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// Any JSON value.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Primitive {
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    String,
    Date,
    DateTime,
    Uuid,
    /// `format: byte`: base64 text on the wire, bytes in Rust.
    Base64,
    /// `format: binary`: raw bytes (a file part in a multipart body).
    Binary,
}

/// One API operation, as one client method.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The method name, unique on `Client`.
    pub name: String,
    /// The name of the request builder the method returns, unique in the
    /// `operations` module.
    pub builder: String,
    /// The `operationId`, or `METHOD /path` where the spec gives none.
    pub id: String,
    /// The JSON pointer of the operation.
    pub pointer: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template, as the spec writes it.
    pub path: String,
    pub docs: Vec<String>,
    /// The parameters in the order the method takes them.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Success,
    /// The `Accept` header: every media type of the success answer.
    pub accept: Option<String>,
    /// The documented error body: one type, a `StatusEnum` of errors
    /// when statuses differ (`error_by_status`), or `TypeRef::Json` when
    /// none is documented.
    pub error: TypeRef,
    /// Whether `error` names a `StatusEnum` read by status.
    pub error_by_status: bool,
    /// How to walk the operation's pages (`x-pagination`), when it has
    /// them.
    pub pagination: Option<Pagination>,
    /// The security requirement: alternatives, each a set of schemes used
    /// together; empty when the operation sends no credentials.
    pub security: Vec<Vec<Scheme>>,
}

/// How an operation's answers are paged, from its `x-pagination`.
#[derive(Debug, Clone)]
pub struct Pagination {
    pub kind: PageKind,
    /// Where the items of a page are in the answer.
    pub items: Vec<FieldStep>,
    /// The type of one item.
    pub item: TypeRef,
    /// Where the answer says whether more pages follow.
    pub has_more: Option<Vec<FieldStep>>,
}

#[derive(Debug, Clone)]
pub enum PageKind {
    /// A page-number parameter (its Rust name), counted from `start`.
    Page { param: String, start: i64 },
    /// A cursor parameter (its Rust name), and where the answer gives the
    /// next cursor.
    Cursor { param: String, next: Vec<FieldStep> },
}

/// One struct field on the way into an answer.
#[derive(Debug, Clone)]
pub struct FieldStep {
    /// The field's Rust name.
    pub field: String,
    /// How many `Option`s wrap its value (two for optional and nullable).
    pub options: u8,
}

#[derive(Debug, Clone)]
pub struct Param {
    /// The Rust argument name, unique in its method.
    pub name: String,
    /// The name on the wire.
    pub wire: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Vec<String>,
    /// How a list or an object is laid out (`style`).
    pub style: ParamStyle,
    /// Whether list items and object entries are separate (`explode`).
    pub explode: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// OpenAPI's parameter styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Form,
    Simple,
    Label,
    Matrix,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    pub ty: TypeRef,
    pub encoding: BodyEncoding,
    pub media_type: String,
    pub required: bool,
}

/// How a request body is sent, in the order of preference when an
/// operation offers several media types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json` and `+json` types: the typed value as JSON.
    Json,
    /// `application/x-www-form-urlencoded`: the typed value as a form.
    Form,
    /// `multipart/form-data`: a part per property, files as bytes.
    Multipart,
    /// `text/*`: a string.
    Text,
    /// Anything else (`application/octet-stream`, images...): bytes or a
    /// stream, whatever converts into `reqwest::Body`.
    Bytes,
}

/// What a successful answer carries.
#[derive(Debug, Clone)]
pub enum Success {
    /// No body.
    Empty,
    /// One body of one kind.
    Body(BodyKind),
    /// Several media types, told apart by `Content-Type`: the named enum
    /// and its variants.
    Media(String, Vec<MediaVariant>),
    /// Several statuses with different bodies: the named enum and its
    /// variants.
    Statuses(String, Vec<StatusVariant>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    Json(TypeRef),
    Text,
    Bytes,
}
