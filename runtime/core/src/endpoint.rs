//! Endpoint resolution's shared parts: the [`Endpoint`] a generated rule set returns, its
//! [`ResolveError`], and the rules standard library the compiled rules call
//! (`isValidHostLabel`, `substring`, `uriEncode`, `parseURL`, `aws.parseArn`,
//! `aws.isVirtualHostableS3Bucket`).
//!
//! The rules themselves and the partition table are generated per service.

use std::collections::BTreeMap;
use std::fmt;

/// A resolved endpoint: where to send the request, with any extra headers and the rule set's
/// properties (such as auth schemes).
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The endpoint URL.
    pub url: String,
    /// Headers to add to the request.
    pub headers: BTreeMap<String, Vec<String>>,
    /// Rule-set properties of the endpoint.
    pub properties: BTreeMap<String, serde_json::Value>,
}

/// The value of an endpoint rule-set parameter that does not come from a built-in: an
/// operation's input (`smithy.rules#contextParam`, `operationContextParams`), its model
/// (`staticContextParams`) or a client setting (`clientContextParams`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    /// A `boolean` parameter.
    Bool(bool),
    /// A `string` parameter.
    String(String),
    /// A `stringArray` parameter.
    StringArray(Vec<String>),
}

impl ParamValue {
    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            ParamValue::Bool(b) => Some(*b),
            _ => None,
        }
    }
    /// The string, if this is one.
    pub fn as_string(&self) -> Option<&str> {
        match self {
            ParamValue::String(s) => Some(s),
            _ => None,
        }
    }
    /// The strings, if this is a string array.
    pub fn as_string_array(&self) -> Option<&[String]> {
        match self {
            ParamValue::StringArray(items) => Some(items),
            _ => None,
        }
    }
}

/// The settings of a client's configuration that endpoint rules read: the built-ins `AWS::Region`,
/// `AWS::UseFIPS`, `AWS::UseDualStack`, `AWS::Auth::AccountIdEndpointMode`,
/// `AWS::STS::UseGlobalEndpoint`, S3's and S3 Control's ([`S3Settings`]), and the service's
/// `smithy.rules#clientContextParams`. Taken from the configuration when a client is created.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// The region.
    pub region: Option<String>,
    /// Whether to use a FIPS endpoint.
    pub use_fips: bool,
    /// Whether to use a dual-stack endpoint.
    pub use_dual_stack: bool,
    /// `preferred`, `required` or `disabled`; `None` is `preferred`.
    pub account_id_endpoint_mode: Option<String>,
    /// Whether STS calls go to the global endpoint in the regions that once shared it.
    pub sts_use_global_endpoint: bool,
    /// The S3 and S3 Control built-ins.
    pub s3: S3Settings,
    /// Client context parameters by rule-set name.
    pub client_context_params: BTreeMap<String, ParamValue>,
}

/// The built-ins of S3's and S3 Control's endpoint rules (`AWS::S3::*`,
/// `AWS::S3Control::UseArnRegion`). `None` is unset: the rule set's default applies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct S3Settings {
    /// `AWS::S3::ForcePathStyle`: the bucket in the path rather than in the host name.
    pub force_path_style: Option<bool>,
    /// `AWS::S3::Accelerate`: S3 Transfer Acceleration endpoints.
    pub accelerate: Option<bool>,
    /// `AWS::S3::UseArnRegion` and `AWS::S3Control::UseArnRegion`: whether an ARN's region
    /// may differ from the client's (and is then used).
    pub use_arn_region: Option<bool>,
    /// `AWS::S3::DisableMultiRegionAccessPoints`: multi-region access point ARNs are errors.
    pub disable_multi_region_access_points: Option<bool>,
    /// `AWS::S3::UseGlobalEndpoint`: `us-east-1` calls go to `s3.amazonaws.com` (legacy)
    /// rather than to `s3.us-east-1.amazonaws.com`.
    pub use_global_endpoint: Option<bool>,
}

impl Settings {
    /// The region (`AWS::Region`).
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }
    /// Whether to use a FIPS endpoint (`AWS::UseFIPS`).
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }
    /// Whether to use a dual-stack endpoint (`AWS::UseDualStack`).
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }
    /// `AWS::Auth::AccountIdEndpointMode`: `preferred` (the default), `required` or `disabled`.
    pub fn account_id_endpoint_mode(&self) -> &str {
        self.account_id_endpoint_mode
            .as_deref()
            .unwrap_or("preferred")
    }
    /// `AWS::STS::UseGlobalEndpoint`, read by STS's rules only (default `false`: regional).
    pub fn sts_use_global_endpoint(&self) -> bool {
        self.sts_use_global_endpoint
    }
    /// `AWS::S3::ForcePathStyle`, if set.
    pub fn s3_force_path_style(&self) -> Option<bool> {
        self.s3.force_path_style
    }
    /// `AWS::S3::Accelerate`, if set.
    pub fn s3_accelerate(&self) -> Option<bool> {
        self.s3.accelerate
    }
    /// `AWS::S3::UseArnRegion` and `AWS::S3Control::UseArnRegion`, if set.
    pub fn s3_use_arn_region(&self) -> Option<bool> {
        self.s3.use_arn_region
    }
    /// `AWS::S3::DisableMultiRegionAccessPoints`, if set.
    pub fn s3_disable_multi_region_access_points(&self) -> Option<bool> {
        self.s3.disable_multi_region_access_points
    }
    /// `AWS::S3::UseGlobalEndpoint`, if set.
    pub fn s3_use_global_endpoint(&self) -> Option<bool> {
        self.s3.use_global_endpoint
    }
    /// A client context parameter (`smithy.rules#clientContextParams`) by rule-set name.
    pub fn client_context_param(&self, name: &str) -> Option<&ParamValue> {
        self.client_context_params.get(name)
    }
}

/// What a generated endpoint resolver reads: the configuration's endpoint [`Settings`]
/// (built-ins and client settings), the endpoint URL configured for the service, the
/// credentials' account id, and the operation's own parameter values.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The client configuration's endpoint settings.
    pub config: &'a Settings,
    /// The endpoint URL configured for this service (`SDK::Endpoint`).
    pub url: Option<&'a str>,
    /// The account id of the call's credentials (`AWS::Auth::AccountId`), when the rules read
    /// it and the credentials carry one.
    pub account_id: Option<&'a str>,
    /// The operation's parameter values, by rule-set parameter name.
    pub operation: &'a [(&'static str, ParamValue)],
}

/// A partition's `regionRegex`, compiled at generation time. Every pattern AWS publishes has the
/// form `^PREFIX\-\w+\-\d+$`, where PREFIX is literal text or a choice such as `(us|eu|ap)`:
/// the generator expands PREFIX into its literal alternatives (and refuses any other form), and
/// [`RegionPattern::matches`] checks the rest by hand, with the same ASCII `\w` and `\d` as
/// `regex-lite`, so the client compiles no regular-expression engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionPattern {
    /// The pattern as the partition data writes it.
    pub regex: &'static str,
    /// The literal alternatives of PREFIX.
    pub prefixes: &'static [&'static str],
}

impl RegionPattern {
    /// Whether `region` matches `^PREFIX\-\w+\-\d+$`.
    #[must_use]
    pub fn matches(&self, region: &str) -> bool {
        self.prefixes.iter().any(|prefix| {
            region
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('-'))
                .and_then(|rest| rest.split_once('-'))
                .is_some_and(|(word, digits)| {
                    !word.is_empty()
                        && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                        && !digits.is_empty()
                        && digits.bytes().all(|b| b.is_ascii_digit())
                })
        })
    }
}

/// Why no endpoint could be resolved: the rule set's error message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveError {
    message: String,
}

impl ResolveError {
    /// An error with the given message.
    #[must_use]
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The message, as the rule set words it.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ResolveError {}

/// The rules function `isValidHostLabel`: 1 to 63 ASCII letters, digits and hyphens, not
/// starting with a hyphen; with `allow_sub_domains`, every dot-separated label must be one.
pub fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    let label = |label: &str| {
        label.len() <= 63
            && label
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric())
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if allow_sub_domains {
        value.split('.').all(label)
    } else {
        label(value)
    }
}

/// The rules function `aws.isVirtualHostableS3Bucket`: whether `value` can be put in front of
/// S3's host name (virtual-hosted addressing), as the Smithy rules engine defines it: 3 to 63
/// lowercase letters, digits and hyphens (and dots when `allow_sub_domains`), starting and
/// ending with a letter or digit; with dots, no `..`, `.-` or `-.`, and not an IPv4 address's
/// form (four dot-separated runs of digits).
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    let bytes = value.as_bytes();
    let end = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let inner = |b: &u8| end(b) || *b == b'-' || (allow_sub_domains && *b == b'.');
    let shape = (3..=63).contains(&bytes.len())
        && bytes.first().is_some_and(end)
        && bytes.last().is_some_and(end)
        && bytes.iter().all(inner);
    if !shape || !allow_sub_domains {
        return shape;
    }
    let looks_like_ipv4 = {
        let runs: Vec<&str> = value.split('.').collect();
        runs.len() == 4
            && runs
                .iter()
                .all(|run| !run.is_empty() && run.bytes().all(|b| b.is_ascii_digit()))
    };
    !looks_like_ipv4 && !["..", ".-", "-."].iter().any(|bad| value.contains(bad))
}

/// The rules function `substring`: the ASCII characters `start..stop`, counted from the end
/// when `reverse`; unset if out of range or the input is not ASCII.
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if !input.is_ascii() || start >= stop || stop > input.len() {
        return None;
    }
    let (from, to) = if reverse {
        (input.len() - stop, input.len() - start)
    } else {
        (start, stop)
    };
    input.get(from..to).map(ToOwned::to_owned)
}

/// The rules function `uriEncode`: percent-encodes every byte but the unreserved characters
/// of RFC 3986.
pub fn uri_encode(value: &str) -> String {
    crate::wire::binding::percent_encode(value, crate::wire::binding::Encode::Unreserved)
}

/// What the rules function `parseURL` returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// `http` or `https`.
    pub scheme: String,
    /// The host and port, as written.
    pub authority: String,
    /// The path as written, possibly empty.
    pub path: String,
    /// The path with a leading and a trailing `/`.
    pub normalized_path: String,
    /// Whether the host is an IPv4 or IPv6 address.
    pub is_ip: bool,
}

/// The rules function `parseURL`: unset unless an `http` or `https` URL with a host and
/// without query or fragment.
pub fn parse_url(value: &str) -> Option<Url> {
    let (scheme, rest) = value.split_once("://")?;
    if !matches!(scheme, "http" | "https") || rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    if authority.is_empty() {
        return None;
    }
    let is_ip = if authority.starts_with('[') {
        authority
            .split_once(']')
            .and_then(|(host, _)| host.get(1..))
            .is_some_and(|host| host.parse::<std::net::Ipv6Addr>().is_ok())
    } else {
        let host = authority
            .rsplit_once(':')
            .map_or(authority, |(host, _)| host);
        host.parse::<std::net::Ipv4Addr>().is_ok()
    };
    let mut normalized_path = String::from(path);
    if !normalized_path.starts_with('/') {
        normalized_path.insert(0, '/');
    }
    if !normalized_path.ends_with('/') {
        normalized_path.push('/');
    }
    Some(Url {
        scheme: scheme.to_owned(),
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip,
    })
}

/// What the rules function `aws.parseArn` returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    /// The partition, such as `aws`.
    pub partition: String,
    /// The service namespace.
    pub service: String,
    /// The region, possibly empty.
    pub region: String,
    /// The account id, possibly empty.
    pub account_id: String,
    /// The resource, split at `:` and `/`.
    pub resource_id: Vec<String>,
}

/// The rules function `aws.parseArn`: `arn:partition:service:region:account:resource`, unset
/// if partition, service or resource is empty.
pub fn parse_arn(value: &str) -> Option<Arn> {
    let mut parts = value.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let partition = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let account_id = parts.next()?;
    let resource = parts.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(String::from).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_library() {
        assert!(is_valid_host_label("a-b", false));
        assert!(!is_valid_host_label("-a", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert_eq!(substring("abcdef", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdef", 0, 4, true).as_deref(), Some("cdef"));
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(uri_encode("a b/c~"), "a%20b%2Fc~");
        let url = parse_url("https://[::1]:8080/p").unwrap();
        assert!(url.is_ip);
        assert_eq!(url.normalized_path, "/p/");
        assert_eq!(parse_url("ftp://x"), None);
        let arn = parse_arn("arn:aws:s3:us-east-1:123:bucket/key:v").unwrap();
        assert_eq!(arn.resource_id, ["bucket", "key", "v"]);
        assert_eq!(parse_arn("arn:aws::::"), None);
    }

    #[test]
    fn virtual_hostable_s3_bucket() {
        let cases = [
            ("ab", false, false),
            ("abc", false, true),
            (&*"a".repeat(63), false, true),
            (&*"a".repeat(64), false, false),
            (&*"a".repeat(64), true, false),
            ("-abc", false, false),
            ("abc-", false, false),
            (".abc", true, false),
            ("abc.", true, false),
            ("a-b-c", false, true),
            ("a--b", false, true),
            ("a.b-c", false, false),
            ("a.b-c", true, true),
            ("a..b", true, false),
            ("a-.b", true, false),
            ("a.-b", true, false),
            ("192.168.1.1", true, false),
            ("999.999.999.999", true, false),
            ("192.168.1.word", true, true),
            ("1.2.3", true, true),
            ("123", true, true),
            ("abc_def", true, false),
            ("abcDef", false, false),
            ("abc#def", true, false),
            ("", true, false),
        ];
        for (value, sub_domains, expected) in cases {
            assert_eq!(
                is_virtual_hostable_s3_bucket(value, sub_domains),
                expected,
                "{value:?}, allow_sub_domains = {sub_domains}"
            );
        }
    }
}
