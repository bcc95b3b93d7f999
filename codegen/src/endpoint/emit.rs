//! Type-checks the rule set and turns it into the body of `resolve`: nested `if`/`if let`
//! blocks in rule order.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Literal as LitTok, TokenStream};
use quote::quote;

use super::ir::{
    Condition, EndpointSpec, Expr, Literal, Param, ParamType, Parser, PathSegment, Property, Rule,
    RuleKind, RuleSet, Template, TemplatePart, parse_attr_path,
};
use super::naming::{ident, snake};
use crate::{Error, Result};

/// The value types of the rules language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Str,
    Bool,
    Int,
    StrList,
    Partition,
    Url,
    Arn,
}

impl Ty {
    fn describe(self) -> &'static str {
        match self {
            Ty::Str => "string",
            Ty::Bool => "boolean",
            Ty::Int => "integer",
            Ty::StrList => "string array",
            Ty::Partition => "partition",
            Ty::Url => "URL",
            Ty::Arn => "ARN",
        }
    }
}

/// Functions whose runtime support is emitted into the generated module when used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Helper {
    Partition,
    IsValidHostLabel,
    Substring,
    UriEncode,
    ParseUrl,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

/// The functions `call` understands, for the "unsupported function" message.
const SUPPORTED: &str = "isSet, not, booleanEquals, stringEquals, getAttr, aws.partition, \
                         isValidHostLabel, substring, uriEncode, parseURL, aws.parseArn, \
                         aws.isVirtualHostableS3Bucket";

/// A typed Rust expression.
#[derive(Debug, Clone)]
struct Val {
    ts: TokenStream,
    ty: Ty,
    /// The Rust value is an `Option`.
    optional: bool,
    /// Strings: a `String` rather than a `&str`. Other types: a place that must be borrowed
    /// when bound.
    owned: bool,
    /// Booleans: the negated form, so `not` never has to wrap `!( .. )`.
    neg: Option<TokenStream>,
    bool_lit: Option<bool>,
    int_lit: Option<i64>,
    str_lit: Option<String>,
    /// A local that `format!` may name inline (`{region}`).
    inline: Option<Ident>,
    /// For an unset-able parameter, the raw field, whose `.is_some()` reads best.
    field: Option<TokenStream>,
}

impl Val {
    fn new(ts: TokenStream, ty: Ty) -> Self {
        Self {
            ts,
            ty,
            optional: false,
            owned: false,
            neg: None,
            bool_lit: None,
            int_lit: None,
            str_lit: None,
            inline: None,
            field: None,
        }
    }

    fn boolean(pos: TokenStream, neg: TokenStream) -> Self {
        Self {
            neg: Some(neg),
            ..Self::new(pos, Ty::Bool)
        }
    }

    fn neg(&self) -> TokenStream {
        let ts = &self.ts;
        self.neg.clone().unwrap_or_else(|| quote!(!(#ts)))
    }

    fn optional(mut self) -> Self {
        self.optional = true;
        self
    }

    fn owned(mut self) -> Self {
        self.owned = true;
        self
    }

    /// `x.is_some()` for an optional value.
    fn is_some(&self) -> TokenStream {
        let base = self.field.as_ref().unwrap_or(&self.ts);
        quote!(#base.is_some())
    }

    fn is_none(&self) -> TokenStream {
        let base = self.field.as_ref().unwrap_or(&self.ts);
        quote!(#base.is_none())
    }

    /// As a `&str` function argument.
    fn str_arg(&self) -> TokenStream {
        let ts = &self.ts;
        if self.owned { quote!(&#ts) } else { ts.clone() }
    }

    /// As a `String`.
    fn to_owned_string(&self) -> TokenStream {
        let ts = &self.ts;
        if self.owned {
            ts.clone()
        } else {
            quote!(::std::string::String::from(#ts))
        }
    }
}

/// A name in scope: a parameter or a variable bound by `assign` or narrowed by `isSet`.
#[derive(Debug)]
struct Var {
    name: String,
    ident: Ident,
    ty: Ty,
    optional: bool,
    owned: bool,
    used: bool,
    /// For parameters read straight from `params`: the read expression and the raw field.
    access: Option<(TokenStream, TokenStream)>,
}

/// How one condition guards what follows it.
enum Guard {
    /// `if <expr> { .. }`, merged with neighbours by `&&`.
    Bool(TokenStream),
    /// `if let Some(var) = <expr> { .. }` binding the variable pushed with it; `is_some` is
    /// the test to use when the binding turns out unused.
    IfLet {
        expr: TokenStream,
        is_some: TokenStream,
    },
    /// `let var = <expr>;` binding the variable pushed with it; dropped if unused.
    Let(TokenStream),
}

/// The message of the error returned when a tree runs out of rules.
pub(crate) const NO_RULES_MATCHED: &str = "No rules matched";

pub(crate) struct Resolver {
    /// The statements of `resolve`, ending in a tail expression.
    pub body: TokenStream,
    pub helpers: BTreeSet<Helper>,
}

pub(crate) fn compile(service_id: &str, rule_set: &RuleSet) -> Result<Resolver> {
    let mut g = Gen {
        p: Parser { service_id },
        scope: Vec::new(),
        helpers: BTreeSet::new(),
        nested_if: false,
    };
    // Rules name parameters by their rule-set name; each becomes a read of `params`.
    for param in &rule_set.params {
        g.push_param(param)?;
    }
    let params_len = g.scope.len();
    let rules = g.rules(&rule_set.rules, true)?;
    let mut prologue = TokenStream::new();
    for (var, param) in g.scope[..params_len].iter().zip(&rule_set.params) {
        if var.access.is_some() {
            continue;
        }
        // A required parameter without a default: check it once, up front.
        let field = ident(&var.ident.to_string());
        let message = format!("A required parameter was not set: {}", param.name);
        let read = match param.ty {
            ParamType::String | ParamType::StringArray => quote!(params.#field.as_deref()),
            ParamType::Boolean => quote!(params.#field),
        };
        let id = &var.ident;
        prologue.extend(if var.used {
            quote! {
                let ::std::option::Option::Some(#id) = #read else {
                    return ::std::result::Result::Err(ResolveError::new(#message));
                };
            }
        } else {
            quote! {
                if params.#field.is_none() {
                    return ::std::result::Result::Err(ResolveError::new(#message));
                }
            }
        });
    }
    let params_used = g.scope[..params_len]
        .iter()
        .zip(&rule_set.params)
        .any(|(v, p)| v.used || (p.required && p.default.is_none()));
    // An unused argument would warn; the name stays `params` whenever the rules read it.
    let arg = if params_used {
        quote!(params)
    } else {
        quote!(_params)
    };
    // One rule's bindings nest as `if let .. { if let .. { .. } }` rather than a let chain, so
    // the code compiles in a crate of any edition (build scripts `include!` it).
    let allow = g
        .nested_if
        .then(|| quote!(#[allow(clippy::collapsible_if)]));
    Ok(Resolver {
        body: quote! {
            #allow
            pub fn resolve(#arg: &Params) -> ::std::result::Result<Endpoint, ResolveError> {
                #prologue
                #rules
            }
        },
        helpers: g.helpers,
    })
}

struct Gen<'a> {
    p: Parser<'a>,
    scope: Vec<Var>,
    helpers: BTreeSet<Helper>,
    /// Whether some `if` holds nothing but another `if` (see `compile`).
    nested_if: bool,
}

impl Gen<'_> {
    fn err(&self, path: &str, message: impl std::fmt::Display) -> Error {
        self.p.err(path, message)
    }

    fn push_param(&mut self, param: &Param) -> Result<()> {
        let name = snake(&param.name);
        if self.scope.iter().any(|v| v.ident == name) {
            return Err(self.err(
                &format!("parameters.{}", param.name),
                format!("two parameters map to the Rust name `{name}`"),
            ));
        }
        let field = ident(&name);
        let (access, optional) = match (param.ty, &param.default, param.required) {
            (ParamType::String, Some(Literal::String(d)), _) => (
                Some((quote!(params.#field.as_deref().unwrap_or(#d)), quote!())),
                false,
            ),
            (ParamType::Boolean, Some(_), _) => (Some((quote!(params.#field), quote!())), false),
            (_, None, true) => (None, false),
            (ParamType::String, None, false) => (
                Some((quote!(params.#field.as_deref()), quote!(params.#field))),
                true,
            ),
            (ParamType::Boolean, None, false) => {
                (Some((quote!(params.#field), quote!(params.#field))), true)
            }
            (ParamType::StringArray, None, false) => (
                Some((quote!(params.#field.as_deref()), quote!(params.#field))),
                true,
            ),
            (_, Some(_), _) => {
                return Err(self.err(
                    &format!("parameters.{}", param.name),
                    "default does not match the type",
                ));
            }
        };
        self.scope.push(Var {
            name: param.name.clone(),
            ident: field,
            ty: match param.ty {
                ParamType::String => Ty::Str,
                ParamType::Boolean => Ty::Bool,
                ParamType::StringArray => Ty::StrList,
            },
            optional,
            owned: false,
            used: false,
            access,
        });
        Ok(())
    }

    /// A list of rules; `tail` when nothing follows it in `resolve`.
    fn rules(&mut self, rules: &[Rule], tail: bool) -> Result<TokenStream> {
        let mut out = TokenStream::new();
        let mut reachable = true;
        for rule in rules {
            if !reachable {
                // A rule after one that always matches can never run: check it, emit nothing.
                let helpers = self.helpers.clone();
                let used: Vec<bool> = self.scope.iter().map(|v| v.used).collect();
                self.rule(rule, false)?;
                self.helpers = helpers;
                for (var, used) in self.scope.iter_mut().zip(used) {
                    var.used = used;
                }
                continue;
            }
            let (code, falls_through) = self.rule(rule, tail)?;
            out.extend(code);
            reachable = falls_through;
        }
        if reachable {
            // Trees are terminal: once a tree's conditions hold, one of its rules must match.
            out.extend(ret(
                tail,
                quote!(::std::result::Result::Err(ResolveError::new(#NO_RULES_MATCHED))),
            ));
        }
        Ok(out)
    }

    /// One rule; returns its code and whether control can continue past it.
    fn rule(&mut self, rule: &Rule, tail: bool) -> Result<(TokenStream, bool)> {
        let mark = self.scope.len();
        let mut guards = Vec::new();
        for (i, condition) in rule.conditions.iter().enumerate() {
            let path = format!("{}.conditions[{i}]", rule.path);
            self.condition(condition, &path, &mut guards)?;
        }
        let fallible = guards.iter().any(|g| !matches!(g, Guard::Let(_)));
        let mut code = self.body(rule, tail && !fallible)?;
        let mut pending: Vec<TokenStream> = Vec::new();
        let mut outer_let = false;
        // Whether `code` is, so far, one `if` made from this rule's guards.
        let mut is_if = false;
        for guard in guards.into_iter().rev() {
            match guard {
                Guard::Bool(test) => pending.push(test),
                Guard::IfLet { expr, is_some } => {
                    let var = self.pop();
                    if var.used {
                        if !pending.is_empty() {
                            self.nested_if |= is_if;
                            code = flush(code, &mut pending);
                            is_if = true;
                        }
                        self.nested_if |= is_if;
                        is_if = true;
                        let id = var.ident;
                        code = quote! {
                            if let ::std::option::Option::Some(#id) = #expr { #code }
                        };
                        outer_let = false;
                    } else {
                        pending.push(is_some);
                    }
                }
                Guard::Let(expr) => {
                    let var = self.pop();
                    if var.used {
                        if !pending.is_empty() {
                            self.nested_if |= is_if;
                            code = flush(code, &mut pending);
                        }
                        let id = var.ident;
                        code = quote!(let #id = #expr; #code);
                        outer_let = true;
                        is_if = false;
                    }
                }
            }
        }
        if !pending.is_empty() {
            self.nested_if |= is_if;
            code = flush(code, &mut pending);
            outer_let = false;
        }
        debug_assert_eq!(self.scope.len(), mark);
        if outer_let && !tail {
            // Keep the binding from leaking into the following rules.
            code = quote!({ #code });
        }
        Ok((code, fallible))
    }

    fn pop(&mut self) -> Var {
        // Every guard that binds pushed exactly one variable, popped here in reverse.
        self.scope.pop().unwrap_or_else(|| Var {
            name: String::new(),
            ident: ident("_"),
            ty: Ty::Bool,
            optional: false,
            owned: false,
            used: false,
            access: None,
        })
    }

    fn body(&mut self, rule: &Rule, tail: bool) -> Result<TokenStream> {
        match &rule.kind {
            RuleKind::Endpoint(spec) => {
                let endpoint = self.endpoint(spec, &format!("{}.endpoint", rule.path))?;
                Ok(ret(tail, quote!(::std::result::Result::Ok(#endpoint))))
            }
            RuleKind::Error(message) => {
                let path = format!("{}.error", rule.path);
                let message = self.expr(message, &path)?;
                self.expect(&message, Ty::Str, &path)?;
                let ts = &message.ts;
                Ok(ret(
                    tail,
                    quote!(::std::result::Result::Err(ResolveError::new(#ts))),
                ))
            }
            RuleKind::Tree(rules) => self.rules(rules, tail),
        }
    }

    fn endpoint(&mut self, spec: &EndpointSpec, path: &str) -> Result<TokenStream> {
        let url_path = format!("{path}.url");
        let url = self.expr(&spec.url, &url_path)?;
        self.expect(&url, Ty::Str, &url_path)?;
        let url = url.to_owned_string();
        let headers = if spec.headers.is_empty() {
            quote!(::std::collections::BTreeMap::new())
        } else {
            let mut entries = Vec::new();
            for (name, values) in &spec.headers {
                let mut items = Vec::new();
                for (i, value) in values.iter().enumerate() {
                    let value_path = format!("{path}.headers.{name}[{i}]");
                    let value = self.expr(value, &value_path)?;
                    self.expect(&value, Ty::Str, &value_path)?;
                    items.push(value.to_owned_string());
                }
                entries
                    .push(quote!((::std::string::String::from(#name), ::std::vec![#(#items),*])));
            }
            quote!(::std::collections::BTreeMap::from([#(#entries),*]))
        };
        let properties = if spec.properties.is_empty() {
            quote!(::std::collections::BTreeMap::new())
        } else {
            let mut entries = Vec::new();
            for (name, value) in &spec.properties {
                let value = self.property(value, &format!("{path}.properties.{name}"))?;
                entries.push(quote!((::std::string::String::from(#name), #value)));
            }
            quote!(::std::collections::BTreeMap::from([#(#entries),*]))
        };
        Ok(quote! {
            Endpoint { url: #url, headers: #headers, properties: #properties }
        })
    }

    fn property(&mut self, value: &Property, path: &str) -> Result<TokenStream> {
        Ok(match value {
            Property::String(template) => {
                let value = self.template(template, path)?;
                let value = value.to_owned_string();
                quote!(::aws_client_runtime::deps::serde_json::Value::String(#value))
            }
            Property::Bool(b) => quote!(::aws_client_runtime::deps::serde_json::Value::Bool(#b)),
            Property::Number(n) => {
                let lit = if let Some(u) = n.as_u64() {
                    LitTok::u64_suffixed(u)
                } else if let Some(i) = n.as_i64() {
                    LitTok::i64_suffixed(i)
                } else if let Some(f) = n.as_f64() {
                    LitTok::f64_suffixed(f)
                } else {
                    return Err(self.err(path, format!("number {n} cannot be represented")));
                };
                quote!(::aws_client_runtime::deps::serde_json::Value::from(#lit))
            }
            Property::Array(items) => {
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.property(v, &format!("{path}[{i}]")))
                    .collect::<Result<Vec<_>>>()?;
                quote!(::aws_client_runtime::deps::serde_json::Value::Array(
                    ::std::vec![#(#items),*]
                ))
            }
            Property::Object(entries) => {
                if entries.is_empty() {
                    quote!(::aws_client_runtime::deps::serde_json::Value::Object(
                        ::aws_client_runtime::deps::serde_json::Map::new()
                    ))
                } else {
                    let mut pairs = Vec::new();
                    for (k, v) in entries {
                        let v = self.property(v, &format!("{path}.{k}"))?;
                        pairs.push(quote!((::std::string::String::from(#k), #v)));
                    }
                    quote! {
                        ::aws_client_runtime::deps::serde_json::Value::Object(
                            [#(#pairs),*].into_iter().collect::<::aws_client_runtime::deps::serde_json::Map<_, _>>()
                        )
                    }
                }
            }
        })
    }

    fn condition(&mut self, c: &Condition, path: &str, guards: &mut Vec<Guard>) -> Result<()> {
        // `isSet(Name)` narrows: inside the rule, `Name` is known to be set.
        if let ("isSet", None, [Expr::Ref(name)]) = (c.function.as_str(), &c.assign, &c.args[..]) {
            let value = self.lookup(name, &format!("{path}.argv[0]"))?;
            if !value.optional {
                return Err(self.err(
                    path,
                    format!("isSet({name}): `{name}` always has a value (required or defaulted)"),
                ));
            }
            let is_some = value.is_some();
            let id = self.fresh_ident(name);
            self.scope.push(Var {
                name: name.clone(),
                ident: id,
                ty: value.ty,
                optional: false,
                owned: false,
                used: false,
                access: None,
            });
            guards.push(Guard::IfLet {
                expr: value.ts,
                is_some,
            });
            return Ok(());
        }
        let value = self.call(&c.function, &c.args, path)?;
        let Some(name) = &c.assign else {
            if value.optional {
                guards.push(Guard::Bool(value.is_some()));
            } else if value.ty == Ty::Bool {
                guards.push(Guard::Bool(value.ts));
            }
            // Any other set value is truthy and the functions are pure: nothing to test.
            return Ok(());
        };
        if let Some(existing) = self.scope.iter().find(|v| v.name == *name) {
            return Err(self.err(
                path,
                format!(
                    "`assign: {name}` rebinds `{}`, which is already in scope",
                    existing.name
                ),
            ));
        }
        let id = self.fresh_ident(name);
        let (ty, owned) = (value.ty, value.owned);
        if value.optional {
            guards.push(Guard::IfLet {
                is_some: value.is_some(),
                expr: value.ts,
            });
        } else {
            if value.ty == Ty::Bool {
                // A boolean condition binds `true` once it has held.
                guards.push(Guard::Bool(value.ts.clone()));
                guards.push(Guard::Let(quote!(true)));
            } else if value.owned && value.ty != Ty::Str {
                let ts = &value.ts;
                guards.push(Guard::Let(quote!(&#ts)));
            } else {
                guards.push(Guard::Let(value.ts));
            }
        }
        self.scope.push(Var {
            name: name.clone(),
            ident: id,
            ty,
            optional: false,
            owned: owned && ty == Ty::Str,
            used: false,
            access: None,
        });
        Ok(())
    }

    /// A Rust name for a new variable, distinct from every other name in scope.
    fn fresh_ident(&self, name: &str) -> Ident {
        let base = snake(name);
        let clashes = |candidate: &str| {
            self.scope
                .iter()
                .any(|v| v.ident == candidate && v.name != name)
        };
        if !clashes(&base) {
            return ident(&base);
        }
        let mut n = 2;
        loop {
            let candidate = format!("{base}_{n}");
            if !clashes(&candidate) {
                return ident(&candidate);
            }
            n += 1;
        }
    }

    fn lookup(&mut self, name: &str, path: &str) -> Result<Val> {
        let Some(var) = self.scope.iter_mut().rev().find(|v| v.name == name) else {
            return Err(self.err(
                path,
                format!("unknown reference `{name}` (not a parameter or a variable in scope)"),
            ));
        };
        var.used = true;
        let id = &var.ident;
        let mut val = match &var.access {
            Some((read, field)) => {
                let mut val = Val::new(read.clone(), var.ty);
                if !field.is_empty() {
                    val.field = Some(field.clone());
                }
                val
            }
            None => {
                let mut val = if var.owned {
                    Val::new(quote!(#id.as_str()), var.ty)
                } else {
                    Val::new(quote!(#id), var.ty)
                };
                val.inline = Some(id.clone());
                val
            }
        };
        val.optional = var.optional;
        if val.ty == Ty::Bool && !val.optional {
            let ts = &val.ts;
            val.neg = Some(quote!(!#ts));
        }
        Ok(val)
    }

    fn expect(&self, value: &Val, ty: Ty, path: &str) -> Result<()> {
        if value.ty != ty {
            return Err(self.err(
                path,
                format!(
                    "expected a {}, found a {}",
                    ty.describe(),
                    value.ty.describe()
                ),
            ));
        }
        if value.optional {
            return Err(self.err(
                path,
                format!(
                    "this {} may be unset here; test it with isSet or bind it with `assign` first",
                    ty.describe()
                ),
            ));
        }
        Ok(())
    }

    fn expr(&mut self, expr: &Expr, path: &str) -> Result<Val> {
        match expr {
            Expr::Bool(b) => {
                let not = !b;
                let mut val = Val::boolean(quote!(#b), quote!(#not));
                val.bool_lit = Some(*b);
                Ok(val)
            }
            Expr::Int(n) => {
                let mut val = Val::new(quote!(#n), Ty::Int);
                val.int_lit = Some(*n);
                Ok(val)
            }
            Expr::String(template) => self.template(template, path),
            Expr::Ref(name) => self.lookup(name, path),
            Expr::Call { function, args } => self.call(function, args, path),
        }
    }

    fn template(&mut self, template: &Template, path: &str) -> Result<Val> {
        if let Some(text) = template.as_literal() {
            let mut val = Val::new(quote!(#text), Ty::Str);
            val.str_lit = Some(text);
            return Ok(val);
        }
        // A lone interpolation is the value itself (`format!("{x}")` is clippy's useless_format).
        if let [TemplatePart::Ref(_) | TemplatePart::Attr(..)] = &template.parts[..] {
            let value = match &template.parts[0] {
                TemplatePart::Attr(name, attr) => {
                    let object = self.lookup(name, path)?;
                    self.get_attr(object, attr, path)?
                }
                TemplatePart::Ref(name) | TemplatePart::Literal(name) => self.lookup(name, path)?,
            };
            self.expect(&value, Ty::Str, path)?;
            return Ok(value);
        }
        let mut format = String::new();
        let mut args = Vec::new();
        for part in &template.parts {
            let value = match part {
                TemplatePart::Literal(text) => {
                    format.push_str(&text.replace('{', "{{").replace('}', "}}"));
                    continue;
                }
                TemplatePart::Ref(name) => self.lookup(name, path)?,
                TemplatePart::Attr(name, attr) => {
                    let object = self.lookup(name, path)?;
                    self.get_attr(object, attr, path)?
                }
            };
            self.expect(&value, Ty::Str, path)?;
            match &value.inline {
                Some(id) => format.push_str(&format!("{{{id}}}")),
                None => {
                    format.push_str("{}");
                    args.push(value.ts);
                }
            }
        }
        Ok(Val::new(quote!(::std::format!(#format #(, #args)*)), Ty::Str).owned())
    }

    fn get_attr(&mut self, object: Val, attr: &str, path: &str) -> Result<Val> {
        let segments = parse_attr_path(attr).map_err(|e| self.err(path, e))?;
        let mut current = object;
        for segment in segments {
            if current.optional {
                return Err(self.err(
                    path,
                    format!("getAttr `{attr}`: cannot read past a value that may be unset"),
                ));
            }
            let base = &current.ts;
            current = match (current.ty, &segment) {
                (Ty::StrList, PathSegment::Index(i)) => {
                    let get = if *i == 0 {
                        quote!(first())
                    } else {
                        let i = LitTok::usize_unsuffixed(*i);
                        quote!(get(#i))
                    };
                    Val::new(
                        quote!(#base.#get.map(::std::string::String::as_str)),
                        Ty::Str,
                    )
                    .optional()
                }
                (ty, PathSegment::Field(field)) => match field_of(ty, field) {
                    Some((rust, Ty::Bool, _)) => {
                        let id = ident(rust);
                        Val::boolean(quote!(#base.#id), quote!(!#base.#id))
                    }
                    Some((rust, Ty::Str, true)) => {
                        let id = ident(rust);
                        Val::new(quote!(#base.#id.as_str()), Ty::Str)
                    }
                    Some((rust, field_ty, _)) => {
                        let id = ident(rust);
                        let val = Val::new(quote!(#base.#id), field_ty);
                        if field_ty == Ty::StrList {
                            val.owned()
                        } else {
                            val
                        }
                    }
                    None => {
                        return Err(self.err(
                            path,
                            format!("getAttr `{attr}`: a {} has no `{field}`", ty.describe()),
                        ));
                    }
                },
                (ty, PathSegment::Index(_)) => {
                    return Err(self.err(
                        path,
                        format!("getAttr `{attr}`: a {} cannot be indexed", ty.describe()),
                    ));
                }
            };
        }
        Ok(current)
    }

    fn call(&mut self, function: &str, args: &[Expr], path: &str) -> Result<Val> {
        let arity = match function {
            "isSet" | "not" | "aws.partition" | "uriEncode" | "parseURL" | "aws.parseArn" => 1,
            "booleanEquals"
            | "stringEquals"
            | "getAttr"
            | "isValidHostLabel"
            | "aws.isVirtualHostableS3Bucket" => 2,
            "substring" => 4,
            other => {
                return Err(self.err(
                    path,
                    format!("unsupported function `{other}` (supported: {SUPPORTED})"),
                ));
            }
        };
        if args.len() != arity {
            return Err(self.err(
                path,
                format!(
                    "`{function}` takes {arity} argument(s), found {}",
                    args.len()
                ),
            ));
        }
        let mut values = Vec::with_capacity(args.len());
        for (i, arg) in args.iter().enumerate() {
            values.push(self.expr(arg, &format!("{path}.argv[{i}]"))?);
        }
        let arg_path = |i: usize| format!("{path}.argv[{i}]");
        Ok(match function {
            "isSet" => {
                let v = &values[0];
                if !v.optional {
                    return Err(self.err(
                        &arg_path(0),
                        "isSet of a value that is always set (required, defaulted or computed)",
                    ));
                }
                Val::boolean(v.is_some(), v.is_none())
            }
            "not" => {
                let v = &values[0];
                self.expect(v, Ty::Bool, &arg_path(0))?;
                let mut val = Val::boolean(v.neg(), v.ts.clone());
                val.bool_lit = v.bool_lit.map(|b| !b);
                val
            }
            "booleanEquals" => {
                let (a, b) = (&values[0], &values[1]);
                self.expect(a, Ty::Bool, &arg_path(0))?;
                self.expect(b, Ty::Bool, &arg_path(1))?;
                match (a.bool_lit, b.bool_lit) {
                    (Some(_), Some(_)) => {
                        return Err(self.err(path, "booleanEquals of two literals is constant"));
                    }
                    (Some(true), None) => Val::boolean(b.ts.clone(), b.neg()),
                    (Some(false), None) => Val::boolean(b.neg(), b.ts.clone()),
                    (None, Some(true)) => Val::boolean(a.ts.clone(), a.neg()),
                    (None, Some(false)) => Val::boolean(a.neg(), a.ts.clone()),
                    (None, None) => {
                        let (a, b) = (&a.ts, &b.ts);
                        Val::boolean(quote!(#a == #b), quote!(#a != #b))
                    }
                }
            }
            "stringEquals" => {
                let (a, b) = (&values[0], &values[1]);
                self.expect(a, Ty::Str, &arg_path(0))?;
                self.expect(b, Ty::Str, &arg_path(1))?;
                if a.str_lit.is_some() && b.str_lit.is_some() {
                    return Err(self.err(path, "stringEquals of two literals is constant"));
                }
                // Comparing with "" reads `is_empty()` (clippy's comparison_to_empty).
                let empty = match (a.str_lit.as_deref(), b.str_lit.as_deref()) {
                    (Some(""), _) => Some(&b.ts),
                    (_, Some("")) => Some(&a.ts),
                    _ => None,
                };
                if let Some(s) = empty {
                    let s = without_as_str(s);
                    Val::boolean(quote!(#s.is_empty()), quote!(!#s.is_empty()))
                } else {
                    let (a, b) = (&a.ts, &b.ts);
                    Val::boolean(quote!(#a == #b), quote!(#a != #b))
                }
            }
            "getAttr" => {
                let Some(attr) = values[1].str_lit.clone() else {
                    return Err(self.err(
                        &arg_path(1),
                        "getAttr needs a literal path such as \"dnsSuffix\" or \"resourceId[0]\"",
                    ));
                };
                let object = values.swap_remove(0);
                if matches!(object.ty, Ty::Str | Ty::Bool | Ty::Int) {
                    return Err(self.err(
                        &arg_path(0),
                        format!(
                            "getAttr of a {}, which has no attributes",
                            object.ty.describe()
                        ),
                    ));
                }
                self.get_attr(object, &attr, path)?
            }
            "aws.partition" => {
                self.expect(&values[0], Ty::Str, &arg_path(0))?;
                self.helpers.insert(Helper::Partition);
                let region = values[0].str_arg();
                Val::new(quote!(self::partition(#region)), Ty::Partition)
                    .optional()
                    .owned()
            }
            "isValidHostLabel" => {
                self.expect(&values[0], Ty::Str, &arg_path(0))?;
                self.expect(&values[1], Ty::Bool, &arg_path(1))?;
                self.helpers.insert(Helper::IsValidHostLabel);
                let (s, b) = (values[0].str_arg(), &values[1].ts);
                Val::boolean(
                    quote!(::aws_client_runtime::endpoint::is_valid_host_label(#s, #b)),
                    quote!(!::aws_client_runtime::endpoint::is_valid_host_label(#s, #b)),
                )
            }
            "aws.isVirtualHostableS3Bucket" => {
                self.expect(&values[0], Ty::Str, &arg_path(0))?;
                self.expect(&values[1], Ty::Bool, &arg_path(1))?;
                self.helpers.insert(Helper::IsVirtualHostableS3Bucket);
                let (s, b) = (values[0].str_arg(), &values[1].ts);
                Val::boolean(
                    quote!(::aws_client_runtime::endpoint::is_virtual_hostable_s3_bucket(#s, #b)),
                    quote!(!::aws_client_runtime::endpoint::is_virtual_hostable_s3_bucket(#s, #b)),
                )
            }
            "substring" => {
                self.expect(&values[0], Ty::Str, &arg_path(0))?;
                let mut bounds = Vec::new();
                for i in [1, 2] {
                    match values[i].int_lit {
                        Some(n) if n >= 0 => bounds.push(LitTok::usize_unsuffixed(n as usize)),
                        _ => {
                            return Err(self.err(
                                &arg_path(i),
                                "substring bounds must be non-negative integer literals",
                            ));
                        }
                    }
                }
                self.expect(&values[3], Ty::Bool, &arg_path(3))?;
                self.helpers.insert(Helper::Substring);
                let (s, start, stop, reverse) =
                    (values[0].str_arg(), &bounds[0], &bounds[1], &values[3].ts);
                Val::new(
                    quote!(::aws_client_runtime::endpoint::substring(#s, #start, #stop, #reverse)),
                    Ty::Str,
                )
                .optional()
                .owned()
            }
            "uriEncode" => {
                self.expect(&values[0], Ty::Str, &arg_path(0))?;
                self.helpers.insert(Helper::UriEncode);
                let s = values[0].str_arg();
                Val::new(
                    quote!(::aws_client_runtime::endpoint::uri_encode(#s)),
                    Ty::Str,
                )
                .owned()
            }
            "parseURL" => {
                self.expect(&values[0], Ty::Str, &arg_path(0))?;
                self.helpers.insert(Helper::ParseUrl);
                let s = values[0].str_arg();
                Val::new(
                    quote!(::aws_client_runtime::endpoint::parse_url(#s)),
                    Ty::Url,
                )
                .optional()
                .owned()
            }
            "aws.parseArn" => {
                self.expect(&values[0], Ty::Str, &arg_path(0))?;
                self.helpers.insert(Helper::ParseArn);
                let s = values[0].str_arg();
                Val::new(
                    quote!(::aws_client_runtime::endpoint::parse_arn(#s)),
                    Ty::Arn,
                )
                .optional()
                .owned()
            }
            other => {
                return Err(self.err(path, format!("unsupported function `{other}`")));
            }
        })
    }
}

/// The attributes of the object types: (Rust field, type, is an owned `String`).
fn field_of(ty: Ty, attr: &str) -> Option<(&'static str, Ty, bool)> {
    Some(match (ty, attr) {
        (Ty::Partition, "name") => ("name", Ty::Str, false),
        (Ty::Partition, "dnsSuffix") => ("dns_suffix", Ty::Str, false),
        (Ty::Partition, "dualStackDnsSuffix") => ("dual_stack_dns_suffix", Ty::Str, false),
        (Ty::Partition, "supportsFIPS") => ("supports_fips", Ty::Bool, false),
        (Ty::Partition, "supportsDualStack") => ("supports_dual_stack", Ty::Bool, false),
        (Ty::Partition, "implicitGlobalRegion") => ("implicit_global_region", Ty::Str, false),
        (Ty::Url, "scheme") => ("scheme", Ty::Str, true),
        (Ty::Url, "authority") => ("authority", Ty::Str, true),
        (Ty::Url, "path") => ("path", Ty::Str, true),
        (Ty::Url, "normalizedPath") => ("normalized_path", Ty::Str, true),
        (Ty::Url, "isIp") => ("is_ip", Ty::Bool, false),
        (Ty::Arn, "partition") => ("partition", Ty::Str, true),
        (Ty::Arn, "service") => ("service", Ty::Str, true),
        (Ty::Arn, "region") => ("region", Ty::Str, true),
        (Ty::Arn, "accountId") => ("account_id", Ty::Str, true),
        (Ty::Arn, "resourceId") => ("resource_id", Ty::StrList, true),
        _ => return None,
    })
}

/// `x` for `x.as_str()` (a `String` has `is_empty` too: clippy's redundant_as_str), else the
/// expression itself.
fn without_as_str(expr: &TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    let tokens: Vec<TokenTree> = expr.clone().into_iter().collect();
    match tokens.as_slice() {
        [
            head @ ..,
            TokenTree::Punct(dot),
            TokenTree::Ident(method),
            TokenTree::Group(args),
        ] if !head.is_empty()
            && dot.as_char() == '.'
            && method == "as_str"
            && args.delimiter() == Delimiter::Parenthesis
            && args.stream().is_empty() =>
        {
            head.iter().cloned().collect()
        }
        _ => expr.clone(),
    }
}

/// `return x;`, or `x` as the tail expression of `resolve` (clippy's needless_return).
fn ret(tail: bool, value: TokenStream) -> TokenStream {
    if tail { value } else { quote!(return #value;) }
}

/// Wraps `code` in one `if a && b && ..` made of the pending tests (kept in reverse order).
fn flush(code: TokenStream, pending: &mut Vec<TokenStream>) -> TokenStream {
    if pending.is_empty() {
        return code;
    }
    let tests: Vec<TokenStream> = pending.drain(..).rev().collect();
    quote!(if #(#tests)&&* { #code })
}
