//! Stage 3: the Rust-facing description of what to generate.
//!
//! Every Rust name and type is decided while building the IR (through [`crate::naming`]), so
//! the emitters only print. HTTP bindings are kept per member so protocol emitters can use them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::load::{Member, Model, Shape, ShapeKind, Simple, TimestampFormat};
use crate::naming::{self, Scope};
use crate::select::{Selection, short_name};
use crate::{Error, Result, docs};

/// Everything the emitters need, with names decided.
#[derive(Debug, Clone)]
pub struct Ir {
    pub service: Service,
    /// Types ordered by module, then name.
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// Hand-written support modules the generated types need.
    pub support: BTreeSet<Support>,
    /// Name of the error module's missing-member error type.
    pub build_error: String,
    /// Name of the error module's catch-all for unmodeled errors.
    pub unhandled: String,
    /// Every selected list and map shape, by shape id: what the XML and form codecs need of
    /// their members (a list or map has no Rust type of its own).
    pub collections: BTreeMap<String, Collection>,
}

/// A list or map shape's members.
#[derive(Debug, Clone)]
pub enum Collection {
    List {
        member: CollectionMember,
    },
    Map {
        key: CollectionMember,
        value: CollectionMember,
    },
}

/// The member of a list, or the key or value of a map, as in the model.
#[derive(Debug, Clone)]
pub struct CollectionMember {
    /// The shape it targets.
    pub target: String,
    /// `smithy.api#xmlName`.
    pub xml_name: Option<String>,
    /// `smithy.api#xmlNamespace`.
    pub xml_namespace: Option<XmlNamespace>,
    /// The `timestampFormat` of the member or its target, when the model gives one.
    pub timestamp_format: Option<TimestampFormat>,
}

/// `smithy.api#xmlNamespace`: the namespace an element declares, default or prefixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlNamespace {
    pub uri: String,
    pub prefix: Option<String>,
}

impl XmlNamespace {
    fn of(traits: &crate::load::Traits) -> Option<Self> {
        traits.xml_namespace().map(|(uri, prefix)| Self {
            uri: uri.to_owned(),
            prefix: prefix.map(str::to_owned),
        })
    }
}

/// The service shape's facts.
#[derive(Debug, Clone)]
pub struct Service {
    pub id: String,
    pub version: String,
    pub docs: Vec<String>,
    /// `aws.api#service` sdkId, when present.
    pub sdk_id: Option<String>,
    /// `aws.auth#sigv4` signing name, when present.
    pub signing_name: Option<String>,
    /// The protocol clients speak; `None` when the service lists no supported protocol (a
    /// types crate still generates; a client does not).
    pub protocol: Option<crate::protocol::Protocol>,
    /// The known protocol traits the service lists, for messages.
    pub protocols: Vec<String>,
    /// Whether the types' serde form keys members by `jsonName` (restJson1 services).
    pub serde_json_name: bool,
    pub endpoint_rule_set: Option<Value>,
    pub endpoint_tests: Option<Value>,
    /// `smithy.api#xmlNamespace` of the service: the XML body root's namespace when the
    /// root's shape has none.
    pub xml_namespace: Option<XmlNamespace>,
    /// `smithy.rules#clientContextParams`: settings the endpoint rules read, by rule-set
    /// parameter name, each with its documentation.
    pub client_context_params: Vec<(String, Option<String>)>,
    /// What the service gets beyond its protocol and traits (S3's quirks).
    pub customizations: crate::customize::Customizations,
}

/// The module a generated type lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Module {
    /// Shared structures, enums and unions.
    Types,
    /// Modeled error structures, the missing-member error and the unhandled error.
    Error,
    /// Operation inputs, outputs and per-operation error enums.
    Operation,
}

impl Module {
    /// The module's file stem and name.
    pub fn name(self) -> &'static str {
        match self {
            Module::Types => "types",
            Module::Error => "error",
            Module::Operation => "operation",
        }
    }
}

/// A hand-written support module of the generated crate's `primitives`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Support {
    Float,
    Timestamp,
    Blob,
    BigNumber,
    NullDefault,
}

/// A generated type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub shape_id: String,
    pub name: String,
    pub module: Module,
    pub docs: Vec<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    IntEnum(IntEnum),
    Union(Union),
}

/// A structure with its builder.
#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    pub builder: String,
    /// The whole structure is `@sensitive`.
    pub sensitive: bool,
    pub error: Option<ErrorInfo>,
    /// The structure's `smithy.api#xmlName` and `xmlNamespace`, which apply when it is an XML
    /// body's root element.
    pub xml: XmlRoot,
}

/// What a structure or union says of itself as an XML document's root element.
#[derive(Debug, Clone, Default)]
pub struct XmlRoot {
    /// `smithy.api#xmlName`.
    pub name: Option<String>,
    /// `smithy.api#xmlNamespace`.
    pub namespace: Option<XmlNamespace>,
}

impl XmlRoot {
    fn of(shape: &Shape) -> Self {
        Self {
            name: shape.traits.xml_name().map(str::to_owned),
            namespace: XmlNamespace::of(&shape.traits),
        }
    }
}

/// Facts of an error structure.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    /// The error code on the wire: the shape's name.
    pub code: String,
    /// `aws.protocols#awsQueryError` `code`, as in the model.
    pub query_code: Option<String>,
    pub server_fault: bool,
    pub http_status: Option<u16>,
    /// Index of the field holding the message (`message`, `Message` or `errorMessage`).
    pub message_field: Option<usize>,
    /// `smithy.test#httpResponseTests` cases of the error, as in the model.
    pub response_tests: Vec<Value>,
}

/// A structure member.
#[derive(Debug, Clone)]
pub struct Field {
    pub member: String,
    /// `smithy.api#jsonName`, as in the model (the protocol decides whether it applies).
    pub json_name: Option<String>,
    pub name: String,
    /// Builder setter names: `name(value)` (for a list, appends one item; for a map, inserts
    /// one entry) and `set_name(option)` (replaces the whole value).
    pub setter: String,
    pub set_setter: String,
    /// The builder's getter: `get_name() -> &Option<T>`.
    pub getter: String,
    pub ty: RustType,
    pub presence: Presence,
    /// Boxed to break a recursive cycle.
    pub boxed: bool,
    pub sensitive: bool,
    pub docs: Vec<String>,
    pub binding: HttpBinding,
    pub idempotency_token: bool,
    /// The `timestampFormat` of the member or its target (for a list, of its items), when
    /// the model gives one; each HTTP location has its own default otherwise.
    pub timestamp_format: Option<TimestampFormat>,
    /// The target's `mediaType` (strings with one are base64 in headers; payloads send it as
    /// their `Content-Type`).
    pub media_type: Option<String>,
    /// `smithy.api#hostLabel`: fills a label of the operation's endpoint host prefix.
    pub host_label: bool,
    /// The shape the member targets (a list's or map's facts are in [`Ir::collections`]).
    pub target: String,
    /// `smithy.api#xmlName`, as in the model (the protocol decides whether it applies).
    pub xml_name: Option<String>,
    /// `smithy.api#xmlFlattened`.
    pub xml_flattened: bool,
    /// `smithy.api#xmlAttribute`: an attribute of the structure's element, not a child.
    pub xml_attribute: bool,
    /// `smithy.api#xmlNamespace`.
    pub xml_namespace: Option<XmlNamespace>,
    /// `aws.protocols#ec2QueryName`, as in the model.
    pub ec2_query_name: Option<String>,
    /// Read from its header leniently: a value that does not parse leaves the member unset
    /// rather than failing the call (S3's `Expires`, see [`crate::customize`]).
    pub lenient: bool,
}

/// How a member is present in Rust.
#[derive(Debug, Clone, PartialEq)]
pub enum Presence {
    /// `@required`: a plain value; builders fail without it; responses correct a missing one.
    Required,
    /// `@default`: a plain value with this default.
    Default(Value),
    /// Everything else: `Option`.
    Optional,
}

/// Where a member goes in an HTTP message (restJson1 and friends).
#[derive(Debug, Clone, PartialEq)]
pub enum HttpBinding {
    Body,
    Label,
    Query(String),
    QueryParams,
    Header(String),
    PrefixHeaders(String),
    Payload,
    ResponseCode,
}

/// A Rust type for a member target.
#[derive(Debug, Clone, PartialEq)]
pub enum RustType {
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
    BigInteger,
    BigDecimal,
    Blob,
    /// A `@streaming` blob payload: `ByteStream`, read and written as it flows.
    Stream,
    Timestamp(TimestampFormat),
    Document,
    Named {
        module: Module,
        name: String,
    },
    List {
        item: Box<RustType>,
        sparse: bool,
    },
    Map {
        value: Box<RustType>,
        sparse: bool,
    },
}

impl RustType {
    /// The support module whose `with` functions (de)serialize this type, if any.
    pub fn serde_with(&self) -> Option<&'static str> {
        match self {
            RustType::F32 | RustType::F64 => Some("float"),
            RustType::Blob => Some("blob"),
            RustType::Timestamp(TimestampFormat::EpochSeconds) => Some("timestamp::epoch_seconds"),
            RustType::Timestamp(TimestampFormat::DateTime) => Some("timestamp::date_time"),
            RustType::Timestamp(TimestampFormat::HttpDate) => Some("timestamp::http_date"),
            RustType::List { item: inner, .. } | RustType::Map { value: inner, .. } => {
                inner.serde_with()
            }
            _ => None,
        }
    }

    fn collect_support(&self, support: &mut BTreeSet<Support>) {
        match self {
            RustType::F32 | RustType::F64 => {
                support.insert(Support::Float);
            }
            RustType::Blob => {
                support.insert(Support::Blob);
            }
            RustType::Timestamp(_) => {
                support.insert(Support::Timestamp);
            }
            RustType::BigInteger | RustType::BigDecimal => {
                support.insert(Support::BigNumber);
            }
            RustType::List { item: inner, .. } | RustType::Map { value: inner, .. } => {
                inner.collect_support(support)
            }
            _ => {}
        }
    }

    /// Whether the type mentions `serde_json` (documents and big numbers need it).
    pub fn needs_serde_json(&self) -> bool {
        match self {
            RustType::Document | RustType::BigInteger | RustType::BigDecimal => true,
            RustType::List { item: inner, .. } | RustType::Map { value: inner, .. } => {
                inner.needs_serde_json()
            }
            _ => false,
        }
    }
}

/// A string enum (`enum` shape or `@enum` string) keeping unknown values.
#[derive(Debug, Clone)]
pub struct Enum {
    pub variants: Vec<EnumVariant>,
    pub unknown: String,
    pub sensitive: bool,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub name: String,
    pub value: String,
    pub docs: Vec<String>,
}

/// An `intEnum` keeping unknown values.
#[derive(Debug, Clone)]
pub struct IntEnum {
    pub variants: Vec<IntVariant>,
    pub unknown: String,
}

#[derive(Debug, Clone)]
pub struct IntVariant {
    pub name: String,
    pub value: i32,
    pub docs: Vec<String>,
}

/// A union; unknown members are kept by name.
#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    pub unknown: String,
    pub sensitive: bool,
    /// The union's `smithy.api#xmlName` and `xmlNamespace` (see [`Struct::xml`]).
    pub xml: XmlRoot,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub member: String,
    /// `smithy.api#jsonName`, as in the model.
    pub json_name: Option<String>,
    /// The shape the member targets.
    pub target: String,
    /// `smithy.api#xmlName`, as in the model.
    pub xml_name: Option<String>,
    /// `smithy.api#xmlFlattened`.
    pub xml_flattened: bool,
    /// `smithy.api#xmlNamespace`.
    pub xml_namespace: Option<XmlNamespace>,
    /// `aws.protocols#ec2QueryName`, as in the model.
    pub ec2_query_name: Option<String>,
    /// The `timestampFormat` of the member or its target, when the model gives one.
    pub timestamp_format: Option<TimestampFormat>,
    pub name: String,
    /// `None` for a member targeting `smithy.api#Unit`: a variant without a value.
    pub ty: Option<RustType>,
    pub boxed: bool,
    pub sensitive: bool,
    pub docs: Vec<String>,
}

/// An operation with the names of its generated pieces.
#[derive(Debug, Clone)]
pub struct Operation {
    pub shape_id: String,
    /// The Smithy name: `StartImport`.
    pub name: String,
    pub fn_name: String,
    pub input: String,
    pub output: String,
    pub error: String,
    pub fluent_builder: String,
    pub docs: Vec<String>,
    pub http: Option<crate::load::Http>,
    pub errors: Vec<OperationError>,
    /// The input and output structures' shape ids.
    pub input_shape: String,
    pub output_shape: String,
    /// `smithy.api#endpoint` `hostPrefix`, e.g. `{foo}.data.`.
    pub host_prefix: Option<String>,
    /// Endpoint rule-set parameters the operation sets: `smithy.rules#contextParam` members
    /// of its input, `staticContextParams` and `operationContextParams`, by parameter name.
    pub endpoint_params: Vec<EndpointParam>,
    /// `smithy.api#paginated`, merged with the service's defaults.
    pub paginated: Option<Paginated>,
    /// `smithy.api#httpChecksumRequired`: requests carry a `Content-MD5` header, unless the
    /// operation has request checksums of `aws.protocols#httpChecksum`.
    pub checksum_required: bool,
    /// `aws.protocols#httpChecksum`.
    pub http_checksum: Option<crate::checksum::HttpChecksum>,
    /// `aws.customizations#s3UnwrappedXmlOutput`: the XML body's root element is the output's
    /// one body member, not an element wrapping the members (S3's GetBucketLocation).
    pub unwrapped_xml_output: bool,
    /// How requests are authenticated, resolved from the operation's and service's traits.
    pub auth: crate::auth::Auth,
    /// `smithy.waiters#waitable`, by waiter name.
    pub waiters: Vec<Waiter>,
    /// `smithy.test#httpRequestTests` cases, as in the model.
    pub request_tests: Vec<Value>,
    /// `smithy.test#httpResponseTests` cases, as in the model.
    pub response_tests: Vec<Value>,
}

impl Operation {
    /// Whether requests carry `Content-MD5` (`smithy.api#httpChecksumRequired`): not when
    /// `aws.protocols#httpChecksum` gives them a flexible checksum instead, as aws-sdk-rust
    /// sends none then.
    pub fn sends_content_md5(&self) -> bool {
        self.checksum_required
            && !self
                .http_checksum
                .as_ref()
                .is_some_and(crate::checksum::HttpChecksum::has_request_checksum)
    }
}

/// An endpoint rule-set parameter an operation sets.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointParam {
    /// The rule-set parameter's name, e.g. `ResourceArn`.
    pub name: String,
    pub source: EndpointParamSource,
}

/// Where an operation's endpoint parameter comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum EndpointParamSource {
    /// An input member (`smithy.rules#contextParam`), by member name.
    Member(String),
    /// A literal of the model (`smithy.rules#staticContextParams`).
    Static(Value),
    /// A JMESPath expression over the input (`smithy.rules#operationContextParams`).
    Path(String),
}

/// One waiter of `smithy.waiters#waitable`.
#[derive(Debug, Clone)]
pub struct Waiter {
    /// The Smithy name: `ImportCompleted`.
    pub name: String,
    /// `import_completed`: the client method is `wait_until_import_completed`.
    pub fn_name: String,
    /// The waiter's builder type: `ImportCompletedWaiter`.
    pub builder: String,
    pub docs: Vec<String>,
    /// Seconds (Smithy's defaults: 2 and 120).
    pub min_delay: u64,
    pub max_delay: u64,
    /// The acceptors as in the model; the emitter compiles their matchers.
    pub acceptors: Vec<Value>,
}

/// The paths of a paginated operation (member names of input and output; `items` and the
/// output token may be dotted paths).
#[derive(Debug, Clone, PartialEq)]
pub struct Paginated {
    pub input_token: String,
    pub output_token: String,
    pub items: Option<String>,
    pub page_size: Option<String>,
}

/// One modeled error of an operation.
#[derive(Debug, Clone)]
pub struct OperationError {
    /// The error enum variant.
    pub variant: String,
    /// The error structure, in the error module.
    pub type_name: String,
    /// The wire error code: the shape name.
    pub code: String,
    /// `aws.protocols#awsQueryError` `code`, as in the model.
    pub query_code: Option<String>,
    pub is_fn: String,
    /// The structure's message member: its field name, and whether it is an `Option`.
    pub message: Option<(String, bool)>,
    pub docs: Vec<String>,
}

/// Builder methods that member setters must not take: the types' builders' own, and the
/// client's fluent, paginator and waiter builders' (which carry the same setters).
const BUILDER_RESERVED: &[&str] = &[
    "build",
    "default",
    "clone",
    "fmt",
    "eq",
    "ne",
    "send",
    "as_input",
    "into_paginator",
    "on_poll",
    "min_delay",
    "max_delay",
    "wait",
];

/// Builds the IR of the selected shapes and operations; `protocol` chooses among the
/// service's protocols (by trait id or name) instead of the preferred one.
pub fn build(model: &Model, selection: &Selection, protocol: Option<&str>) -> Result<Ir> {
    Builder::new(model, selection, protocol).build()
}

struct Builder<'a> {
    model: &'a Model,
    selection: &'a Selection,
    protocol: Option<&'a str>,
    /// Where each shape with a Rust type of its own lives, and its name.
    homes: BTreeMap<String, (Module, String)>,
    /// Members boxed to break cycles: (shape id, member name).
    boxed: BTreeSet<(String, String)>,
    support: BTreeSet<Support>,
}

impl<'a> Builder<'a> {
    fn new(model: &'a Model, selection: &'a Selection, protocol: Option<&'a str>) -> Self {
        Self {
            model,
            selection,
            protocol,
            homes: BTreeMap::new(),
            boxed: BTreeSet::new(),
            support: BTreeSet::new(),
        }
    }

    fn shape(&self, id: &str) -> Result<&'a Shape> {
        self.model.expect(id, &self.selection.service)
    }

    fn build(mut self) -> Result<Ir> {
        let service = self.service()?;
        let mut scopes: BTreeMap<Module, Scope> = BTreeMap::new();

        // Input and output shapes live in the operation module under operation-derived
        // names; a structure gets a home in `types` only if some member targets it.
        let targeted: BTreeSet<&str> = self
            .selection
            .shapes
            .iter()
            .filter_map(|id| self.model.shape(id))
            .flat_map(|s| s.kind.members())
            .map(|m| m.target.as_str())
            .collect();
        let mut operation_shapes = Vec::new();
        for op_id in &self.selection.operations {
            let ShapeKind::Operation {
                input,
                output,
                errors,
            } = &self.shape(op_id)?.kind
            else {
                return Err(Error::shape(op_id, "is not an operation"));
            };
            operation_shapes.push((op_id, input, output, errors));
        }
        let error_shapes: BTreeSet<&String> = operation_shapes
            .iter()
            .flat_map(|(_, _, _, e)| e.iter())
            .collect();

        let ops_scope = scopes.entry(Module::Operation).or_default();
        let mut operation_names = Vec::new();
        for (op_id, ..) in &operation_shapes {
            let op = short_name(op_id);
            let input = ops_scope.claim(naming::operation_input(op));
            let output = ops_scope.claim(naming::operation_output(op));
            let error = ops_scope.claim(naming::operation_error(op));
            operation_names.push((input, output, error));
        }
        let error_scope = scopes.entry(Module::Error).or_default();
        let build_error = error_scope.claim("BuildError".to_owned());
        let unhandled = error_scope.claim("Unhandled".to_owned());

        for id in &self.selection.shapes {
            let shape = self.shape(id)?;
            let module = match shape.kind {
                ShapeKind::Structure { .. }
                    if error_shapes.contains(id) || shape.traits.error().is_some() =>
                {
                    Module::Error
                }
                ShapeKind::Structure { .. } if !targeted.contains(id.as_str()) => continue,
                ShapeKind::Structure { .. }
                | ShapeKind::Union { .. }
                | ShapeKind::Enum { .. }
                | ShapeKind::IntEnum { .. } => Module::Types,
                ShapeKind::Simple(Simple::String) if shape.traits.enum_definitions().is_some() => {
                    Module::Types
                }
                _ => continue,
            };
            let name = scopes.entry(module).or_default().claim(naming::type_name(
                self.selection
                    .rename
                    .get(id)
                    .map_or_else(|| short_name(id), String::as_str),
            ));
            self.homes.insert(id.clone(), (module, name));
        }
        // Builders share their type's module namespace.
        let mut builders: BTreeMap<String, String> = BTreeMap::new();
        for (id, (module, name)) in &self.homes {
            if matches!(self.shape(id)?.kind, ShapeKind::Structure { .. }) {
                builders.insert(
                    id.clone(),
                    scopes
                        .entry(*module)
                        .or_default()
                        .claim(naming::builder_name(name)),
                );
            }
        }
        let mut op_builders = Vec::new();
        for (input, output, _) in &operation_names {
            let scope = scopes.entry(Module::Operation).or_default();
            op_builders.push((
                scope.claim(naming::builder_name(input)),
                scope.claim(naming::builder_name(output)),
            ));
        }

        self.boxed = self.recursive_members()?;

        let mut types = Vec::new();
        for (id, (module, name)) in self.homes.clone() {
            let shape = self.shape(&id)?;
            let kind = match &shape.kind {
                ShapeKind::Structure { members } => TypeKind::Struct(self.structure(
                    shape,
                    members,
                    builders[&id].clone(),
                    false,
                )?),
                ShapeKind::Union { members } => TypeKind::Union(self.union(shape, members)?),
                ShapeKind::Enum { members } => TypeKind::Enum(self.enum_shape(shape, members)?),
                ShapeKind::IntEnum { members } => TypeKind::IntEnum(self.int_enum(shape, members)?),
                _ => TypeKind::Enum(self.enum_trait(shape)?),
            };
            let mut docs = shape_docs(shape);
            if docs.is_empty() {
                let what = match kind {
                    TypeKind::Struct(_) => "structure",
                    TypeKind::Union(_) => "union",
                    TypeKind::Enum(_) | TypeKind::IntEnum(_) => "enum",
                };
                docs.push(format!("The `{}` {what} of the model.", short_name(&id)));
            }
            types.push(TypeDef {
                shape_id: id,
                name,
                module,
                docs,
                kind,
            });
        }

        let service_shape = self.shape(&self.selection.service)?;
        let customizations = crate::customize::Customizations::of(&self.selection.service);
        let mut operations = Vec::new();
        for (
            ((op_id, input, output, errors), (input_name, output_name, error_name)),
            (input_builder, output_builder),
        ) in operation_shapes
            .into_iter()
            .zip(operation_names)
            .zip(op_builders)
        {
            let op_shape = self.shape(op_id)?;
            for (shape_id, name, builder) in [
                (input, &input_name, input_builder),
                (output, &output_name, output_builder),
            ] {
                let shape = self.shape(shape_id)?;
                let ShapeKind::Structure { members } = &shape.kind else {
                    return Err(Error::shape(
                        op_id,
                        format!("`{shape_id}` is not a structure"),
                    ));
                };
                let mut docs = shape_docs(shape);
                if docs.is_empty() {
                    docs = vec![format!(
                        "The {} of `{}`.",
                        if shape_id == input { "input" } else { "output" },
                        short_name(op_id)
                    )];
                }
                let mut s = self.structure(shape, members, builder, shape_id == input)?;
                if customizations.lenient_expires && expires_as_date(&mut s) {
                    self.support.insert(Support::Timestamp);
                }
                if shape_id == output {
                    customize_output(&mut s, customizations);
                }
                types.push(TypeDef {
                    shape_id: shape_id.clone(),
                    name: name.clone(),
                    module: Module::Operation,
                    docs,
                    kind: TypeKind::Struct(s),
                });
            }
            let mut variants = Scope::with_reserved(&[unhandled.as_str()]);
            let op_errors = errors
                .iter()
                .map(|e| {
                    let type_name = self.homes[e].1.clone();
                    let variant = variants.claim(type_name.clone());
                    let def = types
                        .iter()
                        .find(|t| t.module == Module::Error && t.name == type_name);
                    let message = def.and_then(|t| match &t.kind {
                        TypeKind::Struct(s) => s
                            .error
                            .as_ref()
                            .and_then(|info| info.message_field)
                            .map(|i| {
                                let field = &s.fields[i];
                                (field.name.clone(), field.presence == Presence::Optional)
                            }),
                        _ => None,
                    });
                    OperationError {
                        is_fn: naming::is_variant_fn(&variant),
                        variant,
                        type_name,
                        code: short_name(e).to_owned(),
                        query_code: self.model.shape(e).and_then(query_error_code),
                        message,
                        docs: def.map(|t| t.docs.clone()).unwrap_or_default(),
                    }
                })
                .collect();
            let paginated = self.paginated(op_shape)?;
            let waiters = waiters(op_shape)?;
            operations.push(Operation {
                waiters,
                input_shape: input.clone(),
                output_shape: output.clone(),
                host_prefix: op_shape
                    .traits
                    .get("smithy.api#endpoint")
                    .and_then(|e| e.get("hostPrefix"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                endpoint_params: self.endpoint_params(op_shape, input)?,
                paginated,
                checksum_required: op_shape.traits.has("smithy.api#httpChecksumRequired"),
                http_checksum: crate::checksum::resolve(op_shape, self.shape(input)?)?,
                unwrapped_xml_output: op_shape
                    .traits
                    .has("aws.customizations#s3UnwrappedXmlOutput"),
                auth: crate::auth::resolve(self.model, service_shape, op_shape)?,
                request_tests: test_cases(op_shape, "smithy.test#httpRequestTests"),
                response_tests: test_cases(op_shape, "smithy.test#httpResponseTests"),
                shape_id: op_id.clone(),
                name: short_name(op_id).to_owned(),
                fn_name: naming::operation_fn_name(short_name(op_id)),
                input: input_name,
                output: output_name,
                error: error_name,
                fluent_builder: naming::fluent_builder(short_name(op_id)),
                docs: shape_docs(op_shape),
                http: op_shape.traits.http().map(|mut http| {
                    if customizations.bucket_in_endpoint {
                        http.uri = crate::customize::strip_bucket(&http.uri);
                    }
                    http
                }),
                errors: op_errors,
            });
        }
        types.sort_by(|a, b| (a.module, &a.name).cmp(&(b.module, &b.name)));
        let collections = self.collections()?;
        Ok(Ir {
            service,
            types,
            operations,
            support: self.support,
            build_error,
            unhandled,
            collections,
        })
    }

    /// Every selected list and map shape's members.
    fn collections(&self) -> Result<BTreeMap<String, Collection>> {
        let member = |m: &Member| -> Result<CollectionMember> {
            let target = self.shape(&m.target)?;
            Ok(CollectionMember {
                target: m.target.clone(),
                xml_name: m.traits.xml_name().map(str::to_owned),
                xml_namespace: XmlNamespace::of(&m.traits),
                timestamp_format: m
                    .traits
                    .timestamp_format()
                    .or(target.traits.timestamp_format()),
            })
        };
        let mut out = BTreeMap::new();
        for id in &self.selection.shapes {
            let collection = match &self.shape(id)?.kind {
                ShapeKind::List { member: item } => Collection::List {
                    member: member(item)?,
                },
                ShapeKind::Map { key, value } => Collection::Map {
                    key: member(key)?,
                    value: member(value)?,
                },
                _ => continue,
            };
            out.insert(id.clone(), collection);
        }
        Ok(out)
    }

    /// The member's explicit timestamp format: its own trait, else its target's; for a list,
    /// the item member's, else the item target's.
    fn timestamp_format(&self, member: &Member, target: &Shape) -> Option<TimestampFormat> {
        if let ShapeKind::List { member: item } = &target.kind {
            let item_target = self.model.shape(&item.target)?;
            return item
                .traits
                .timestamp_format()
                .or(item_target.traits.timestamp_format());
        }
        member
            .traits
            .timestamp_format()
            .or(target.traits.timestamp_format())
    }

    /// The endpoint parameters `op` sets (see [`EndpointParam`]), sorted by name; a parameter
    /// set twice is an error.
    fn endpoint_params(&self, op: &Shape, input: &str) -> Result<Vec<EndpointParam>> {
        let mut params: Vec<EndpointParam> = Vec::new();
        let input_shape = self.shape(input)?;
        for member in input_shape.kind.members() {
            if let Some(name) = member
                .traits
                .get("smithy.rules#contextParam")
                .and_then(|t| t.get("name"))
                .and_then(Value::as_str)
            {
                params.push(EndpointParam {
                    name: name.to_owned(),
                    source: EndpointParamSource::Member(member.name.clone()),
                });
            }
        }
        let object = |trait_id: &str| -> Result<Vec<(String, Value)>> {
            match op.traits.get(trait_id) {
                None => Ok(Vec::new()),
                Some(Value::Object(map)) => {
                    Ok(map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                }
                Some(_) => Err(Error::shape(
                    &op.id,
                    format!("`{trait_id}` must be an object"),
                )),
            }
        };
        for (name, value) in object("smithy.rules#staticContextParams")? {
            let value = value.get("value").cloned().ok_or_else(|| {
                Error::shape(
                    &op.id,
                    format!("`smithy.rules#staticContextParams` `{name}` needs a `value`"),
                )
            })?;
            params.push(EndpointParam {
                name,
                source: EndpointParamSource::Static(value),
            });
        }
        for (name, value) in object("smithy.rules#operationContextParams")? {
            let path = value.get("path").and_then(Value::as_str).ok_or_else(|| {
                Error::shape(
                    &op.id,
                    format!("`smithy.rules#operationContextParams` `{name}` needs a string `path`"),
                )
            })?;
            params.push(EndpointParam {
                name,
                source: EndpointParamSource::Path(path.to_owned()),
            });
        }
        params.sort_by(|a, b| a.name.cmp(&b.name));
        if let Some(pair) = params.windows(2).find(|w| w[0].name == w[1].name) {
            return Err(Error::shape(
                &op.id,
                format!("endpoint parameter `{}` is set twice", pair[0].name),
            ));
        }
        Ok(params)
    }

    /// The operation's `smithy.api#paginated` trait, with the service's trait filling in
    /// what the operation's leaves out.
    fn paginated(&self, op: &Shape) -> Result<Option<Paginated>> {
        let Some(own) = op.traits.get("smithy.api#paginated") else {
            return Ok(None);
        };
        let service = self.shape(&self.selection.service)?;
        let inherited = service.traits.get("smithy.api#paginated");
        let field = |name: &str| {
            own.get(name)
                .or_else(|| inherited.and_then(|t| t.get(name)))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        match (field("inputToken"), field("outputToken")) {
            (Some(input_token), Some(output_token)) => Ok(Some(Paginated {
                input_token,
                output_token,
                items: field("items"),
                page_size: field("pageSize"),
            })),
            _ => Err(Error::shape(
                &op.id,
                "`smithy.api#paginated` needs `inputToken` and `outputToken` (here or on the service)",
            )),
        }
    }

    fn service(&self) -> Result<Service> {
        let shape = self.shape(&self.selection.service)?;
        let ShapeKind::Service { version, .. } = &shape.kind else {
            return Err(Error::shape(&shape.id, "is not a service"));
        };
        let traits = &shape.traits;
        let string_field = |trait_id: &str, field: &str| -> Result<Option<String>> {
            match traits.get(trait_id) {
                None => Ok(None),
                Some(v) => v
                    .get(field)
                    .and_then(Value::as_str)
                    .map(|s| Some(s.to_owned()))
                    .ok_or_else(|| {
                        Error::shape(
                            &shape.id,
                            format!("trait `{trait_id}` needs a string `{field}`"),
                        )
                    }),
            }
        };
        Ok(Service {
            customizations: crate::customize::Customizations::of(&shape.id),
            id: shape.id.clone(),
            version: version.clone(),
            docs: shape_docs(shape),
            sdk_id: string_field("aws.api#service", "sdkId")?,
            signing_name: string_field("aws.auth#sigv4", "name")?,
            protocol: crate::protocol::resolve(shape, self.protocol)?,
            protocols: crate::protocol::listed(shape),
            serde_json_name: crate::protocol::serde_uses_json_name(shape),
            xml_namespace: XmlNamespace::of(traits),
            endpoint_rule_set: traits.get("smithy.rules#endpointRuleSet").cloned(),
            endpoint_tests: traits.get("smithy.rules#endpointTests").cloned(),
            client_context_params: traits
                .get("smithy.rules#clientContextParams")
                .and_then(Value::as_object)
                .map(|map| {
                    map.iter()
                        .map(|(name, v)| {
                            let docs = v
                                .get("documentation")
                                .and_then(Value::as_str)
                                .map(str::to_owned);
                            (name.clone(), docs)
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
    }

    /// Finds members to box so that no structure or union contains itself by value.
    ///
    /// A depth-first walk in id order boxes the member closing each cycle it finds; lists and
    /// maps already add indirection, so only direct structure/union edges count.
    fn recursive_members(&self) -> Result<BTreeSet<(String, String)>> {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            OnStack,
            Done,
        }
        fn visit(
            builder: &Builder<'_>,
            id: &str,
            states: &mut BTreeMap<String, State>,
            boxed: &mut BTreeSet<(String, String)>,
        ) -> Result<()> {
            states.insert(id.to_owned(), State::OnStack);
            let shape = builder.shape(id)?;
            if matches!(
                shape.kind,
                ShapeKind::Structure { .. } | ShapeKind::Union { .. }
            ) {
                for member in shape.kind.members() {
                    let target = builder.shape(&member.target)?;
                    if !matches!(
                        target.kind,
                        ShapeKind::Structure { .. } | ShapeKind::Union { .. }
                    ) {
                        continue;
                    }
                    match states.get(member.target.as_str()) {
                        Some(State::OnStack) => {
                            boxed.insert((id.to_owned(), member.name.clone()));
                        }
                        Some(State::Done) => {}
                        None => visit(builder, &member.target, states, boxed)?,
                    }
                }
            }
            states.insert(id.to_owned(), State::Done);
            Ok(())
        }
        let mut states = BTreeMap::new();
        let mut boxed = BTreeSet::new();
        for id in &self.selection.shapes {
            if !states.contains_key(id) {
                visit(self, id, &mut states, &mut boxed)?;
            }
        }
        Ok(boxed)
    }

    /// `operation_input`: the structure is built as an operation's input, where only what the
    /// caller set is sent (whether or not the model marks it `@input`).
    fn structure(
        &mut self,
        shape: &Shape,
        members: &[Member],
        builder: String,
        operation_input: bool,
    ) -> Result<Struct> {
        let mut fields_scope = Scope::default();
        let mut setters = Scope::with_reserved(BUILDER_RESERVED);
        let mut fields = Vec::with_capacity(members.len());
        for member in members {
            let target = self.shape(&member.target)?;
            let ty = self.rust_type(&shape.id, member)?;
            let presence = presence(shape, member, target, operation_input)?;
            if let Presence::Default(value) = &presence {
                check_default(&shape.id, member, &ty, value)?;
            }
            let name = fields_scope.claim(naming::field_name(&member.name));
            let setter = setters.claim(name.clone());
            let set_setter = setters.claim(naming::set_setter(&name));
            ty.collect_support(&mut self.support);
            if presence != Presence::Optional && ty.serde_with().is_none() {
                self.support.insert(Support::NullDefault);
            }
            let mut docs = member_docs(member, target);
            docs.extend(constraint_docs(target));
            fields.push(Field {
                json_name: member.traits.json_name().map(str::to_owned),
                member: member.name.clone(),
                name,
                setter,
                set_setter,
                // Claimed below, after every setter, so getters never rename a setter.
                getter: String::new(),
                ty,
                presence,
                boxed: self
                    .boxed
                    .contains(&(shape.id.clone(), member.name.clone())),
                sensitive: member.traits.sensitive() || target.traits.sensitive(),
                docs,
                binding: binding(member),
                idempotency_token: member.traits.idempotency_token(),
                timestamp_format: self.timestamp_format(member, target),
                media_type: target
                    .traits
                    .get("smithy.api#mediaType")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                host_label: member.traits.has("smithy.api#hostLabel"),
                target: member.target.clone(),
                xml_name: member.traits.xml_name().map(str::to_owned),
                xml_flattened: member.traits.xml_flattened(),
                xml_attribute: member.traits.xml_attribute(),
                xml_namespace: XmlNamespace::of(&member.traits),
                ec2_query_name: member.traits.ec2_query_name().map(str::to_owned),
                lenient: false,
            });
        }
        for field in &mut fields {
            field.getter = setters.claim(naming::getter(&field.name));
        }
        let error = shape.traits.error().map(|fault| ErrorInfo {
            code: short_name(&shape.id).to_owned(),
            query_code: query_error_code(shape),
            server_fault: fault == "server",
            http_status: shape
                .traits
                .http_error()
                .or_else(|| query_error_status(shape)),
            message_field: fields.iter().position(|f| {
                matches!(f.member.as_str(), "message" | "Message" | "errorMessage")
                    && f.ty == RustType::String
            }),
            response_tests: test_cases(shape, "smithy.test#httpResponseTests"),
        });
        Ok(Struct {
            fields,
            builder,
            sensitive: shape.traits.sensitive(),
            error,
            xml: XmlRoot::of(shape),
        })
    }

    fn union(&mut self, shape: &Shape, members: &[Member]) -> Result<Union> {
        let mut scope = Scope::default();
        let unknown = scope.claim("Unknown".to_owned());
        let mut variants = Vec::new();
        for member in members {
            let target = self.shape(&member.target)?;
            let ty = if member.target == crate::load::UNIT {
                None
            } else {
                let ty = self.rust_type(&shape.id, member)?;
                ty.collect_support(&mut self.support);
                Some(ty)
            };
            variants.push(UnionVariant {
                member: member.name.clone(),
                json_name: member.traits.json_name().map(str::to_owned),
                target: member.target.clone(),
                xml_name: member.traits.xml_name().map(str::to_owned),
                xml_flattened: member.traits.xml_flattened(),
                xml_namespace: XmlNamespace::of(&member.traits),
                ec2_query_name: member.traits.ec2_query_name().map(str::to_owned),
                timestamp_format: member
                    .traits
                    .timestamp_format()
                    .or(target.traits.timestamp_format()),
                name: scope.claim(naming::variant_name(&member.name)),
                ty,
                boxed: self
                    .boxed
                    .contains(&(shape.id.clone(), member.name.clone())),
                sensitive: member.traits.sensitive() || target.traits.sensitive(),
                docs: member_docs(member, target),
            });
        }
        Ok(Union {
            variants,
            unknown,
            sensitive: shape.traits.sensitive(),
            xml: XmlRoot::of(shape),
        })
    }

    fn enum_shape(&self, shape: &Shape, members: &[Member]) -> Result<Enum> {
        let mut scope = Scope::default();
        let unknown = scope.claim("Unknown".to_owned());
        let mut variants = Vec::new();
        for member in members {
            let value = match member.traits.enum_value() {
                None => member.name.clone(),
                Some(Value::String(s)) => s.clone(),
                Some(other) => {
                    return Err(Error::member(
                        &shape.id,
                        &member.name,
                        format!("enum value `{other}` is not a string"),
                    ));
                }
            };
            variants.push(EnumVariant {
                name: scope.claim(naming::variant_name(&member.name)),
                value,
                docs: member
                    .traits
                    .documentation()
                    .map(docs::to_markdown)
                    .unwrap_or_default(),
            });
        }
        Ok(Enum {
            variants,
            unknown,
            sensitive: shape.traits.sensitive(),
        })
    }

    fn enum_trait(&self, shape: &Shape) -> Result<Enum> {
        let definitions = shape
            .traits
            .enum_definitions()
            .ok_or_else(|| Error::shape(&shape.id, "expected `smithy.api#enum`"))?;
        let mut scope = Scope::default();
        let unknown = scope.claim("Unknown".to_owned());
        let variants = definitions
            .into_iter()
            .map(|d| EnumVariant {
                name: scope.claim(naming::variant_name(d.name.as_deref().unwrap_or(&d.value))),
                docs: d
                    .documentation
                    .as_deref()
                    .map(docs::to_markdown)
                    .unwrap_or_default(),
                value: d.value,
            })
            .collect();
        Ok(Enum {
            variants,
            unknown,
            sensitive: shape.traits.sensitive(),
        })
    }

    fn int_enum(&self, shape: &Shape, members: &[Member]) -> Result<IntEnum> {
        let mut scope = Scope::default();
        let unknown = scope.claim("Unknown".to_owned());
        let mut variants = Vec::new();
        for member in members {
            let value = member
                .traits
                .enum_value()
                .and_then(Value::as_i64)
                .and_then(|v| i32::try_from(v).ok())
                .ok_or_else(|| {
                    Error::member(
                        &shape.id,
                        &member.name,
                        "intEnum members need an integer `smithy.api#enumValue`",
                    )
                })?;
            variants.push(IntVariant {
                name: scope.claim(naming::variant_name(&member.name)),
                value,
                docs: member
                    .traits
                    .documentation()
                    .map(docs::to_markdown)
                    .unwrap_or_default(),
            });
        }
        Ok(IntEnum { variants, unknown })
    }

    /// The Rust type of a member's target.
    fn rust_type(&self, owner: &str, member: &Member) -> Result<RustType> {
        self.rust_type_via(owner, member, &mut Vec::new())
    }

    /// [`Self::rust_type`], with the lists and maps being expanded on the way here: a list or
    /// map that reaches itself without a structure or union in between has no Rust type.
    fn rust_type_via<'m>(
        &'m self,
        owner: &str,
        member: &Member,
        via: &mut Vec<&'m str>,
    ) -> Result<RustType> {
        let target = self.shape(&member.target)?;
        if let Some((module, name)) = self.homes.get(&member.target) {
            return Ok(RustType::Named {
                module: *module,
                name: name.clone(),
            });
        }
        Ok(match &target.kind {
            ShapeKind::Simple(simple) => match simple {
                Simple::Blob if target.traits.streaming() => RustType::Stream,
                Simple::Blob => RustType::Blob,
                Simple::Boolean => RustType::Bool,
                Simple::String => RustType::String,
                Simple::Timestamp => RustType::Timestamp(
                    member
                        .traits
                        .timestamp_format()
                        .or(target.traits.timestamp_format())
                        .unwrap_or(TimestampFormat::EpochSeconds),
                ),
                Simple::Byte => RustType::I8,
                Simple::Short => RustType::I16,
                Simple::Integer => RustType::I32,
                Simple::Long => RustType::I64,
                Simple::Float => RustType::F32,
                Simple::Double => RustType::F64,
                Simple::BigInteger => RustType::BigInteger,
                Simple::BigDecimal => RustType::BigDecimal,
                Simple::Document => RustType::Document,
            },
            ShapeKind::List { .. } | ShapeKind::Map { .. } if via.contains(&target.id.as_str()) => {
                return Err(Error::member(
                    owner,
                    &member.name,
                    format!(
                        "`{}` contains itself through lists and maps only; a recursive list or \
                         map must be referenced through a structure or union",
                        target.id
                    ),
                ));
            }
            ShapeKind::List { member: item } => {
                via.push(&target.id);
                let item = self.rust_type_via(&target.id, item, via)?;
                via.pop();
                RustType::List {
                    item: Box::new(item),
                    sparse: target.traits.sparse(),
                }
            }
            ShapeKind::Map { key, value } => {
                let key_target = self.shape(&key.target)?;
                if !matches!(
                    key_target.kind,
                    ShapeKind::Simple(Simple::String) | ShapeKind::Enum { .. }
                ) {
                    return Err(Error::member(
                        &target.id,
                        "key",
                        "map keys must target a string shape",
                    ));
                }
                via.push(&target.id);
                let value = self.rust_type_via(&target.id, value, via)?;
                via.pop();
                RustType::Map {
                    value: Box::new(value),
                    sparse: target.traits.sparse(),
                }
            }
            _ => {
                return Err(Error::member(
                    owner,
                    &member.name,
                    format!("targets `{}`, which cannot be a member type", member.target),
                ));
            }
        })
    }
}

fn presence(
    container: &Shape,
    member: &Member,
    target: &Shape,
    operation_input: bool,
) -> Result<Presence> {
    let owner = container.id.as_str();
    if member.traits.has("smithy.api#clientOptional") {
        return Ok(Presence::Optional);
    }
    let default = member
        .traits
        .default_value()
        .or(target.traits.default_value());
    // Members of an `@input` structure are implicitly `@clientOptional` (Smithy 2.0), so an
    // unset defaulted input member is not sent. The same holds for any operation's input,
    // marked `@input` or not (older models are not): sending a default the caller never set
    // can change a resource (an `Update...` call that only names its target must not reset
    // a flag), and aws-sdk-rust and botocore send only what was set. Required ones stay
    // required: the builder's check before sending is stricter than the model needs, never
    // wrong.
    if (operation_input || container.traits.has("smithy.api#input"))
        && default.is_some_and(|d| !d.is_null())
        && !member.traits.required()
    {
        return Ok(Presence::Optional);
    }
    match default {
        Some(Value::Null) | None if member.traits.required() => Ok(Presence::Required),
        Some(Value::Null) | None => Ok(Presence::Optional),
        Some(value @ (Value::Bool(_) | Value::Number(_) | Value::String(_))) => {
            Ok(Presence::Default(value.clone()))
        }
        Some(value @ Value::Array(items)) if items.is_empty() => {
            Ok(Presence::Default(value.clone()))
        }
        Some(value @ Value::Object(items)) if items.is_empty() => {
            Ok(Presence::Default(value.clone()))
        }
        // Any document value can be a document's default.
        Some(value) if matches!(target.kind, ShapeKind::Simple(Simple::Document)) => {
            Ok(Presence::Default(value.clone()))
        }
        Some(other) => Err(Error::member(
            owner,
            &member.name,
            format!("default value `{other}` is not supported (only scalars, `[]` and `{{}}`)"),
        )),
    }
}

/// A default must be a value of the member's type, in range (it becomes a Rust literal).
fn check_default(owner: &str, member: &Member, ty: &RustType, value: &Value) -> Result<()> {
    let int_in = |min: i64, max: i64| value.as_i64().is_some_and(|v| (min..=max).contains(&v));
    let fits = match ty {
        RustType::Bool => value.is_boolean(),
        RustType::String | RustType::Blob => value.is_string(),
        // The only default a stream can have: empty.
        RustType::Stream => value.as_str() == Some(""),
        RustType::Timestamp(_) => value.is_string() || value.is_number(),
        RustType::I8 => int_in(i8::MIN.into(), i8::MAX.into()),
        RustType::I16 => int_in(i16::MIN.into(), i16::MAX.into()),
        RustType::I32 => int_in(i32::MIN.into(), i32::MAX.into()),
        RustType::I64 => value.is_i64(),
        RustType::F32 => value
            .as_f64()
            .is_some_and(|v| v.abs() <= f64::from(f32::MAX)),
        RustType::F64 => value.is_number(),
        RustType::Named { .. } => value.is_string() || int_in(i32::MIN.into(), i32::MAX.into()),
        RustType::List { .. } => value.as_array().is_some_and(Vec::is_empty),
        RustType::Map { .. } => value.is_object() || value.is_array(),
        RustType::Document => true,
        RustType::BigInteger | RustType::BigDecimal => value.is_number(),
    };
    // Blob, timestamp and document defaults other than their zero values need conversions
    // this generator does not make; say so rather than emit something wrong.
    let supported = match ty {
        // A blob default is base64 (decoded at generation time); a document's is any value.
        RustType::Blob => value.as_str().and_then(decode_base64).is_some(),
        RustType::Document => true,
        // Epoch seconds become a literal date-time.
        RustType::Timestamp(_) if value.is_number() => value
            .as_f64()
            .is_some_and(|v| v.is_finite() && v.abs() < 1e15),
        RustType::Timestamp(_) | RustType::BigInteger | RustType::BigDecimal => {
            value.as_str() == Some("")
                || value.as_f64() == Some(0.0)
                || value.as_array().is_some_and(Vec::is_empty)
                || value.as_object().is_some_and(serde_json::Map::is_empty)
        }
        _ => true,
    };
    if !fits {
        return Err(Error::member(
            owner,
            &member.name,
            format!("default value `{value}` does not fit the member's type"),
        ));
    }
    if !supported {
        return Err(Error::member(
            owner,
            &member.name,
            format!("default value `{value}` for this type is not supported"),
        ));
    }
    Ok(())
}

/// Decodes standard base64 (with optional padding); `None` when `text` is not base64.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(
            match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                _ => return None,
            }
            .into(),
        )
    }
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes() {
        acc = (acc << 6) | value(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be zero padding of the last character.
    (acc == 0 && bits < 6).then_some(out)
}

/// `aws.protocols#awsQueryError` `code` of an error shape.
fn query_error_code(shape: &Shape) -> Option<String> {
    shape
        .traits
        .get("aws.protocols#awsQueryError")
        .and_then(|t| t.get("code"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The `httpResponseCode` of `aws.protocols#awsQueryError`.
fn query_error_status(shape: &Shape) -> Option<u16> {
    shape
        .traits
        .get("aws.protocols#awsQueryError")
        .and_then(|t| t.get("httpResponseCode"))
        .and_then(Value::as_u64)
        .and_then(|c| u16::try_from(c).ok())
}

fn binding(member: &Member) -> HttpBinding {
    let traits = &member.traits;
    if traits.has("smithy.api#httpLabel") {
        HttpBinding::Label
    } else if let Some(name) = traits.http_query() {
        HttpBinding::Query(name.to_owned())
    } else if traits.has("smithy.api#httpQueryParams") {
        HttpBinding::QueryParams
    } else if let Some(name) = traits.http_header() {
        HttpBinding::Header(name.to_owned())
    } else if let Some(prefix) = traits.http_prefix_headers() {
        HttpBinding::PrefixHeaders(prefix.to_owned())
    } else if traits.has("smithy.api#httpPayload") {
        HttpBinding::Payload
    } else if traits.has("smithy.api#httpResponseCode") {
        HttpBinding::ResponseCode
    } else {
        HttpBinding::Body
    }
}

/// The members of an operation's output that the service's customizations add or change
/// (see [`crate::customize`]): S3's lenient `Expires` and request ids.
fn customize_output(s: &mut Struct, customizations: crate::customize::Customizations) {
    // New members take names no member, setter or getter has.
    let field_names: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
    let mut names = Scope::with_reserved(&field_names);
    let mut taken: Vec<&str> = BUILDER_RESERVED.to_vec();
    for f in &s.fields {
        taken.extend([f.setter.as_str(), f.set_setter.as_str(), f.getter.as_str()]);
    }
    let mut setters = Scope::with_reserved(&taken);
    let mut added = Vec::new();
    if customizations.lenient_expires
        && let Some(expires) = s.fields.iter_mut().find(|f| is_expires(f))
    {
        expires.lenient = true;
        expires.docs.push(String::new());
        expires.docs.push(
            "Unset when the header is not a date (S3 returns what the object was stored \
             with): its text is in the string member beside this one."
                .to_owned(),
        );
        let header = expires.binding.clone();
        added.push(header_string(
            EXPIRES_STRING,
            header,
            "The `Expires` header as sent, whether or not it is a date (as aws-sdk-s3's \
             `expires_string`).",
        ));
    }
    if customizations.request_ids_in_outputs {
        added.push(header_string(
            REQUEST_ID,
            HttpBinding::Header("x-amz-request-id".to_owned()),
            "The request id (`x-amz-request-id`), which AWS support asks for.",
        ));
        added.push(header_string(
            EXTENDED_REQUEST_ID,
            HttpBinding::Header("x-amz-id-2".to_owned()),
            "S3's extended request id (`x-amz-id-2`), which AWS support asks for with the \
             request id.",
        ));
    }
    for mut field in added {
        field.name = names.claim(naming::field_name(&field.member));
        field.setter = setters.claim(field.name.clone());
        field.set_setter = setters.claim(naming::set_setter(&field.name));
        field.getter = setters.claim(naming::getter(&field.name));
        s.fields.push(field);
    }
}

/// The member bound to the `Expires` header.
fn is_expires(field: &Field) -> bool {
    matches!(&field.binding, HttpBinding::Header(h) if h.eq_ignore_ascii_case("Expires"))
}

/// Makes the `Expires` header member of an input or output a date (an HTTP date, as the
/// header is), as aws-sdk-s3 has it whether the model says string (as S3's does now) or
/// timestamp; `true` when the structure has one. Outputs read it leniently (see
/// [`customize_output`]).
fn expires_as_date(s: &mut Struct) -> bool {
    let Some(expires) = s.fields.iter_mut().find(|f| is_expires(f)) else {
        return false;
    };
    if matches!(expires.ty, RustType::String | RustType::Timestamp(_)) {
        expires.ty = RustType::Timestamp(TimestampFormat::HttpDate);
        expires.timestamp_format = Some(TimestampFormat::HttpDate);
        true
    } else {
        false
    }
}

/// An optional string member `member` read from a header (names are claimed by the caller).
fn header_string(member: &str, binding: HttpBinding, doc: &str) -> Field {
    Field {
        member: member.to_owned(),
        json_name: None,
        name: String::new(),
        setter: String::new(),
        set_setter: String::new(),
        getter: String::new(),
        ty: RustType::String,
        presence: Presence::Optional,
        boxed: false,
        sensitive: false,
        docs: vec![doc.to_owned()],
        binding,
        idempotency_token: false,
        timestamp_format: None,
        media_type: None,
        host_label: false,
        target: "smithy.api#String".to_owned(),
        xml_name: None,
        xml_flattened: false,
        xml_attribute: false,
        xml_namespace: None,
        ec2_query_name: None,
        lenient: false,
    }
}

/// The members the output customizations add.
const EXPIRES_STRING: &str = "ExpiresString";
const REQUEST_ID: &str = "RequestId";
const EXTENDED_REQUEST_ID: &str = "ExtendedRequestId";

/// The cases of a `smithy.test` trait (empty when the shape has none).
fn test_cases(shape: &Shape, trait_id: &str) -> Vec<Value> {
    shape
        .traits
        .get(trait_id)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn shape_docs(shape: &Shape) -> Vec<String> {
    shape
        .traits
        .documentation()
        .map(docs::to_markdown)
        .unwrap_or_default()
}

/// A member's own documentation, else its target's, else a line naming it. Documentation
/// with no text (`""`, `<p></p>`) counts as none: every public field needs a doc line.
fn member_docs(member: &Member, target: &Shape) -> Vec<String> {
    [member.traits.documentation(), target.traits.documentation()]
        .into_iter()
        .flatten()
        .map(docs::to_markdown)
        .find(|lines| !lines.is_empty())
        .unwrap_or_else(|| vec![format!("The `{}` member.", member.name)])
}

/// Documents the constraints the model puts on a value (not enforced client-side, like the SDKs).
fn constraint_docs(target: &Shape) -> Vec<String> {
    let number = |n: f64| {
        if n.fract() == 0.0 {
            format!("{n:.0}")
        } else {
            n.to_string()
        }
    };
    let bounds = |label: &str, b: Option<crate::load::Bounds>| {
        b.and_then(|b| match (b.min, b.max) {
            (Some(min), Some(max)) => Some(format!("{label}: {} to {}.", number(min), number(max))),
            (Some(min), None) => Some(format!("{label}: at least {}.", number(min))),
            (None, Some(max)) => Some(format!("{label}: at most {}.", number(max))),
            (None, None) => None,
        })
    };
    let pattern = target.traits.pattern().map(|p| {
        // A control character in a pattern is written as its regex escape, which means the
        // same: a raw tab or line break would break the doc line (clippy's
        // `tabs_in_doc_comments`).
        let p = p
            .replace('\t', "\\t")
            .replace('\n', "\\n")
            .replace('\r', "\\r");
        let fence = if p.contains('`') { "``" } else { "`" };
        format!("Pattern: {fence}{p}{fence}.")
    });
    let notes: Vec<String> = [
        bounds("Length", target.traits.length()),
        bounds("Range", target.traits.range()),
        pattern,
    ]
    .into_iter()
    .flatten()
    .collect();
    if notes.is_empty() {
        notes
    } else {
        vec![String::new(), notes.join(" ")]
    }
}

/// The operation's `smithy.waiters#waitable` waiters, in name order.
fn waiters(op: &Shape) -> Result<Vec<Waiter>> {
    let Some(trait_value) = op.traits.get("smithy.waiters#waitable") else {
        return Ok(Vec::new());
    };
    let Some(waiters) = trait_value.as_object() else {
        return Err(Error::shape(
            &op.id,
            "`smithy.waiters#waitable` must be an object",
        ));
    };
    let mut out = Vec::new();
    for (name, w) in waiters {
        let bad = |what: &str| Error::shape(&op.id, format!("waiter `{name}`: {what}"));
        let delay = |key: &str, default: u64| match w.get(key) {
            None => Ok(default),
            Some(v) => v.as_u64().filter(|d| *d >= 1).ok_or_else(|| {
                bad(&format!(
                    "`{key}` must be a whole number of seconds, at least 1"
                ))
            }),
        };
        let (min_delay, max_delay) = (delay("minDelay", 2)?, delay("maxDelay", 120)?);
        if min_delay > max_delay {
            return Err(bad("`minDelay` is above `maxDelay`"));
        }
        let acceptors = w
            .get("acceptors")
            .and_then(Value::as_array)
            .filter(|a| !a.is_empty())
            .ok_or_else(|| bad("needs a non-empty `acceptors` list"))?
            .clone();
        let fn_name = naming::operation_fn_name(name);
        out.push(Waiter {
            builder: format!("{}Waiter", naming::type_name(name)),
            fn_name,
            docs: w
                .get("documentation")
                .and_then(Value::as_str)
                .map(|d| d.lines().map(str::to_owned).collect())
                .unwrap_or_default(),
            name: name.clone(),
            min_delay,
            max_delay,
            acceptors,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_defaults() {
        assert_eq!(decode_base64("YWJj").as_deref(), Some(&b"abc"[..]));
        assert_eq!(decode_base64("aGk=").as_deref(), Some(&b"hi"[..]));
        assert_eq!(decode_base64("").as_deref(), Some(&b""[..]));
        assert_eq!(decode_base64("a*"), None);
    }
}
