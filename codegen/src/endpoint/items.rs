//! The fixed items of the generated module: `Params`, `Endpoint`, `ResolveError`, and the
//! runtime of the rules functions other than `aws.partition`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::emit::Helper;
use super::ir::{Literal, Param, ParamType};
use super::naming::{ident, snake};

pub(crate) fn params(service_id: &str, params: &[Param]) -> TokenStream {
    let mut fields = Vec::new();
    let mut defaults = Vec::new();
    let mut setters = Vec::new();
    let mut manual_default = false;
    for param in params {
        let field = ident(&snake(&param.name));
        let mut doc = vec![
            param
                .documentation
                .clone()
                .unwrap_or_else(|| format!("The `{}` parameter.", param.name)),
            String::new(),
            format!("Rule-set parameter `{}`.", param.name),
        ];
        if let Some(built_in) = &param.built_in {
            doc.push(format!("Built-in: `{built_in}`."));
        }
        match &param.default {
            Some(Literal::Bool(b)) => doc.push(format!("Defaults to `{b}`.")),
            Some(Literal::String(s)) => doc.push(format!("Defaults to `{s:?}`.")),
            None if param.required => doc.push("Required.".to_owned()),
            None => {}
        }
        let doc = doc.iter().map(|line| {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            quote!(#[doc = #line])
        });
        let (ty, default, setter_ty, assign) = match (param.ty, &param.default) {
            (ParamType::Boolean, Some(Literal::Bool(b))) => {
                manual_default |= *b;
                (quote!(bool), quote!(#b), quote!(bool), quote!(value))
            }
            (ParamType::Boolean, _) => (
                quote!(::std::option::Option<bool>),
                quote!(::std::option::Option::None),
                quote!(bool),
                quote!(::std::option::Option::Some(value)),
            ),
            (ParamType::String, default) => {
                let default = match default {
                    Some(Literal::String(s)) => {
                        manual_default = true;
                        quote!(::std::option::Option::Some(::std::string::String::from(#s)))
                    }
                    _ => quote!(::std::option::Option::None),
                };
                (
                    quote!(::std::option::Option<::std::string::String>),
                    default,
                    quote!(impl ::std::convert::Into<::std::string::String>),
                    quote!(::std::option::Option::Some(value.into())),
                )
            }
        };
        fields.push(quote!(#(#doc)* pub #field: #ty,));
        defaults.push(quote!(#field: #default,));
        let setter = format_ident!("with_{}", field.to_string().trim_end_matches('_'));
        let setter_doc = format!(" Sets `{field}` (rule-set parameter `{}`).", param.name);
        setters.push(quote! {
            #[doc = #setter_doc]
            #[must_use]
            pub fn #setter(mut self, value: #setter_ty) -> Self {
                self.#field = #assign;
                self
            }
        });
    }
    let doc = format!(" The inputs of the `{service_id}` endpoint rule set.");
    let derive_default = if manual_default {
        quote!()
    } else {
        quote!(::std::default::Default,)
    };
    let default_impl = if manual_default {
        quote! {
            impl ::std::default::Default for Params {
                fn default() -> Self {
                    Self { #(#defaults)* }
                }
            }
        }
    } else {
        quote!()
    };
    let setters = if setters.is_empty() {
        quote!()
    } else {
        quote!(impl Params { #(#setters)* })
    };
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug, ::std::clone::Clone, #derive_default ::std::cmp::PartialEq)]
        pub struct Params {
            #(#fields)*
        }

        #default_impl
        #setters
    }
}

pub(crate) fn endpoint_and_error() -> TokenStream {
    quote! {
        /// A resolved endpoint: where to send the request, with any extra headers and the
        /// rule set's properties (such as auth schemes).
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        pub struct Endpoint {
            /// The endpoint URL.
            pub url: ::std::string::String,
            /// Headers to add to the request.
            pub headers: ::std::collections::BTreeMap<
                ::std::string::String,
                ::std::vec::Vec<::std::string::String>,
            >,
            /// Rule-set properties of the endpoint.
            pub properties: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }

        /// Why no endpoint could be resolved: the rule set's error message.
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub struct ResolveError {
            message: ::std::string::String,
        }

        impl ResolveError {
            /// An error with the given message.
            #[must_use]
            pub fn new(message: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { message: message.into() }
            }

            /// The message, as the rule set words it.
            #[must_use]
            pub fn message(&self) -> &str {
                &self.message
            }
        }

        impl ::std::fmt::Display for ResolveError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.message)
            }
        }

        impl ::std::error::Error for ResolveError {}
    }
}

/// The runtime of one rules function (`aws.partition` lives in `partitions`).
pub(crate) fn helper(helper: Helper) -> TokenStream {
    match helper {
        Helper::Partition => quote!(),
        Helper::IsValidHostLabel => quote! {
            /// The rules function `isValidHostLabel`: 1 to 63 ASCII letters, digits and
            /// hyphens, not starting with a hyphen; with `allow_sub_domains`, every
            /// dot-separated label must be one.
            fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
                let label = |label: &str| {
                    label.len() <= 63
                        && label.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
                        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                };
                if allow_sub_domains {
                    value.split('.').all(label)
                } else {
                    label(value)
                }
            }
        },
        Helper::Substring => quote! {
            /// The rules function `substring`: the ASCII characters `start..stop`, counted
            /// from the end when `reverse`; unset if out of range or the input is not ASCII.
            fn substring(
                input: &str,
                start: usize,
                stop: usize,
                reverse: bool,
            ) -> ::std::option::Option<::std::string::String> {
                if !input.is_ascii() || start >= stop || stop > input.len() {
                    return ::std::option::Option::None;
                }
                let (from, to) = if reverse {
                    (input.len() - stop, input.len() - start)
                } else {
                    (start, stop)
                };
                input.get(from..to).map(::std::borrow::ToOwned::to_owned)
            }
        },
        Helper::UriEncode => quote! {
            /// The rules function `uriEncode`: percent-encodes every byte but the unreserved
            /// characters of RFC 3986.
            fn uri_encode(value: &str) -> ::std::string::String {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                let mut out = ::std::string::String::with_capacity(value.len());
                for byte in value.bytes() {
                    if byte.is_ascii_alphanumeric() || ::std::matches!(byte, b'-' | b'_' | b'.' | b'~') {
                        out.push(::std::primitive::char::from(byte));
                    } else {
                        out.push('%');
                        out.push(::std::primitive::char::from(HEX[::std::primitive::usize::from(byte >> 4)]));
                        out.push(::std::primitive::char::from(HEX[::std::primitive::usize::from(byte & 0x0f)]));
                    }
                }
                out
            }
        },
        Helper::ParseUrl => quote! {
            /// What the rules function `parseURL` returns.
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
            pub struct Url {
                /// `http` or `https`.
                pub scheme: ::std::string::String,
                /// The host and port, as written.
                pub authority: ::std::string::String,
                /// The path as written, possibly empty.
                pub path: ::std::string::String,
                /// The path with a leading and a trailing `/`.
                pub normalized_path: ::std::string::String,
                /// Whether the host is an IPv4 or IPv6 address.
                pub is_ip: bool,
            }

            /// The rules function `parseURL`: unset unless an `http` or `https` URL with a
            /// host and without query or fragment.
            fn parse_url(value: &str) -> ::std::option::Option<Url> {
                let (scheme, rest) = value.split_once("://")?;
                if !::std::matches!(scheme, "http" | "https") || rest.contains(['?', '#']) {
                    return ::std::option::Option::None;
                }
                let (authority, path) = match rest.find('/') {
                    ::std::option::Option::Some(i) => rest.split_at(i),
                    ::std::option::Option::None => (rest, ""),
                };
                if authority.is_empty() {
                    return ::std::option::Option::None;
                }
                let is_ip = if authority.starts_with('[') {
                    authority
                        .split_once(']')
                        .and_then(|(host, _)| host.get(1..))
                        .is_some_and(|host| host.parse::<::std::net::Ipv6Addr>().is_ok())
                } else {
                    let host = authority.rsplit_once(':').map_or(authority, |(host, _)| host);
                    host.parse::<::std::net::Ipv4Addr>().is_ok()
                };
                let mut normalized_path = ::std::string::String::from(path);
                if !normalized_path.starts_with('/') {
                    normalized_path.insert(0, '/');
                }
                if !normalized_path.ends_with('/') {
                    normalized_path.push('/');
                }
                ::std::option::Option::Some(Url {
                    scheme: ::std::string::String::from(scheme),
                    authority: ::std::string::String::from(authority),
                    path: ::std::string::String::from(path),
                    normalized_path,
                    is_ip,
                })
            }
        },
        Helper::ParseArn => quote! {
            /// What the rules function `aws.parseArn` returns.
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
            pub struct Arn {
                /// The partition, such as `aws`.
                pub partition: ::std::string::String,
                /// The service namespace.
                pub service: ::std::string::String,
                /// The region, possibly empty.
                pub region: ::std::string::String,
                /// The account id, possibly empty.
                pub account_id: ::std::string::String,
                /// The resource, split at `:` and `/`.
                pub resource_id: ::std::vec::Vec<::std::string::String>,
            }

            /// The rules function `aws.parseArn`: `arn:partition:service:region:account:resource`,
            /// unset if partition, service or resource is empty.
            fn parse_arn(value: &str) -> ::std::option::Option<Arn> {
                let mut parts = value.splitn(6, ':');
                if parts.next()? != "arn" {
                    return ::std::option::Option::None;
                }
                let partition = parts.next()?;
                let service = parts.next()?;
                let region = parts.next()?;
                let account_id = parts.next()?;
                let resource = parts.next()?;
                if partition.is_empty() || service.is_empty() || resource.is_empty() {
                    return ::std::option::Option::None;
                }
                ::std::option::Option::Some(Arn {
                    partition: ::std::string::String::from(partition),
                    service: ::std::string::String::from(service),
                    region: ::std::string::String::from(region),
                    account_id: ::std::string::String::from(account_id),
                    resource_id: resource
                        .split([':', '/'])
                        .map(::std::string::String::from)
                        .collect(),
                })
            }
        },
    }
}
