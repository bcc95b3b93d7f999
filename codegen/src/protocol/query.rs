//! awsQuery and ec2Query: every request is `POST /` with an
//! `application/x-www-form-urlencoded` body of `Action={operation name}`,
//! `Version={service version}` and the input's members as dotted keys (HTTP binding traits do
//! not apply; the host prefix does). The two differ in how keys are named and in how lists are
//! written; this file answers those questions, `emit::client::query` writes the code.
//!
//! Responses are XML: `<{Op}Response><{Op}Result>` (ec2Query: `<{Op}Response>`) around the
//! output's members, read by the generated XML decoders (`emit::client::xml_de`).

use std::borrow::Cow;

use crate::select::short_name;

/// The protocol traits.
pub(super) const TRAIT_AWS_QUERY: &str = "aws.protocols#awsQuery";
pub(super) const TRAIT_EC2_QUERY: &str = "aws.protocols#ec2Query";

/// Which query protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryFlavor {
    /// `aws.protocols#awsQuery` (STS, IAM, SNS, ...).
    AwsQuery,
    /// `aws.protocols#ec2Query` (EC2).
    Ec2Query,
}

/// The facts of a query service the request envelope needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub flavor: QueryFlavor,
    /// The service shape's `version`, sent as `Version`.
    pub version: String,
}

/// How a structure member is named in a key: the model's raw facts of the member.
#[derive(Debug, Clone, Copy)]
pub struct MemberNames<'a> {
    /// The member name.
    pub member: &'a str,
    /// `smithy.api#xmlName`.
    pub xml_name: Option<&'a str>,
    /// `aws.protocols#ec2QueryName`.
    pub ec2_query_name: Option<&'a str>,
}

impl Query {
    pub(super) fn new(flavor: QueryFlavor, version: &str) -> Self {
        Self {
            flavor,
            version: version.to_owned(),
        }
    }

    /// The protocol's trait id.
    pub fn trait_id(&self) -> &'static str {
        match self.flavor {
            QueryFlavor::AwsQuery => TRAIT_AWS_QUERY,
            QueryFlavor::Ec2Query => TRAIT_EC2_QUERY,
        }
    }

    /// The request's `Content-Type`.
    pub fn content_type(&self) -> &'static str {
        "application/x-www-form-urlencoded"
    }

    /// The `Action` of an operation (shape id or name): its shape name.
    pub fn action<'o>(&self, operation: &'o str) -> &'o str {
        short_name(operation)
    }

    /// The key segment of a structure or union member. awsQuery: `xmlName`, else the member
    /// name. ec2Query: `ec2QueryName`, else `xmlName` with its first letter capitalized, else
    /// the member name capitalized.
    pub fn member_key<'a>(&self, names: MemberNames<'a>) -> Cow<'a, str> {
        match self.flavor {
            QueryFlavor::AwsQuery => Cow::Borrowed(names.xml_name.unwrap_or(names.member)),
            QueryFlavor::Ec2Query => match names.ec2_query_name {
                Some(name) => Cow::Borrowed(name),
                None => capitalize(names.xml_name.unwrap_or(names.member)),
            },
        }
    }

    /// The segment between a list's key and an item's index: `member` (or the list member's
    /// `xmlName`) for a wrapped awsQuery list; `None` for a flattened one (`xmlFlattened`) and
    /// for every ec2Query list, whose items follow the key directly (`Key.1`).
    pub fn list_item_segment<'a>(
        &self,
        flattened: bool,
        member_xml_name: Option<&'a str>,
    ) -> Option<&'a str> {
        match self.flavor {
            QueryFlavor::AwsQuery if !flattened => Some(member_xml_name.unwrap_or("member")),
            _ => None,
        }
    }

    /// Whether an empty list is sent, as `Key=` (awsQuery); ec2Query leaves it out.
    pub fn sends_empty_lists(&self) -> bool {
        self.flavor == QueryFlavor::AwsQuery
    }

    /// Whether the protocol defines how maps are written (ec2Query does not).
    pub fn supports_maps(&self) -> bool {
        self.flavor == QueryFlavor::AwsQuery
    }

    /// The segment between a map's key and an entry's index: `entry`, or `None` for a
    /// flattened map (`Key.1.key`). The key and value names follow (`key`/`value`, or the map
    /// members' `xmlName`).
    pub fn map_entry_segment(&self, flattened: bool) -> Option<&'static str> {
        (!flattened).then_some("entry")
    }
}

/// `name` with its first character upper-cased.
fn capitalize(name: &str) -> Cow<'_, str> {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => {
            Cow::Owned(first.to_uppercase().chain(chars).collect())
        }
        _ => Cow::Borrowed(name),
    }
}

/// The query protocol a trait id names, for a service of this `version`.
pub(super) fn for_trait(id: &str, version: &str) -> Option<Query> {
    match id {
        TRAIT_AWS_QUERY => Some(Query::new(QueryFlavor::AwsQuery, version)),
        TRAIT_EC2_QUERY => Some(Query::new(QueryFlavor::Ec2Query, version)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<'a>(
        member: &'a str,
        xml_name: Option<&'a str>,
        ec2_query_name: Option<&'a str>,
    ) -> MemberNames<'a> {
        MemberNames {
            member,
            xml_name,
            ec2_query_name,
        }
    }

    #[test]
    fn aws_query_keys_are_xml_names_or_member_names() {
        let q = Query::new(QueryFlavor::AwsQuery, "2020-01-08");
        assert_eq!(q.member_key(names("token", None, None)), "token");
        assert_eq!(q.member_key(names("Renamed", Some("Foo"), None)), "Foo");
        // ec2QueryName is ec2Query's alone.
        assert_eq!(q.member_key(names("a", None, Some("B"))), "a");
        assert_eq!(q.list_item_segment(false, None), Some("member"));
        assert_eq!(q.list_item_segment(false, Some("item")), Some("item"));
        assert_eq!(q.list_item_segment(true, Some("item")), None);
        assert!(q.sends_empty_lists());
    }

    #[test]
    fn ec2_query_keys_are_capitalized() {
        let q = Query::new(QueryFlavor::Ec2Query, "2020-01-08");
        assert_eq!(q.member_key(names("token", None, None)), "Token");
        assert_eq!(
            q.member_key(names("x", Some("usesXmlName"), None)),
            "UsesXmlName"
        );
        assert_eq!(
            q.member_key(names(
                "x",
                Some("hasQueryAndXmlName"),
                Some("HasQueryAndXmlName")
            )),
            "HasQueryAndXmlName"
        );
        // ec2QueryName is taken as written, lower case included.
        assert_eq!(q.member_key(names("x", None, Some("foo"))), "foo");
        assert_eq!(q.member_key(names("éa", None, None)), "Éa");
        assert_eq!(q.list_item_segment(false, Some("item")), None);
        assert!(!q.sends_empty_lists());
        assert!(!q.supports_maps());
    }
}
