//! The rule set as data: parameters, rules, conditions and expressions, each rule carrying the
//! JSON path it came from so later errors can say where.

use serde_json::Value;

use crate::{Error, Result};

/// A parsed `smithy.rules#endpointRuleSet`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RuleSet {
    /// In the JSON object's order (serde_json sorts keys, so this is deterministic).
    pub params: Vec<Param>,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Param {
    pub name: String,
    pub ty: ParamType,
    pub required: bool,
    pub default: Option<Literal>,
    pub built_in: Option<String>,
    pub documentation: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamType {
    String,
    Boolean,
    /// `stringArray`: a list of strings (no default supported).
    StringArray,
}

/// A parameter default or test value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Literal {
    Bool(bool),
    String(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rule {
    /// Where the rule sits, e.g. `rules[1].rules[0]`.
    pub path: String,
    pub conditions: Vec<Condition>,
    pub kind: RuleKind,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RuleKind {
    Endpoint(EndpointSpec),
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EndpointSpec {
    pub url: Expr,
    pub headers: Vec<(String, Vec<Expr>)>,
    pub properties: Vec<(String, Property)>,
}

/// An endpoint property value: JSON whose strings are templates.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Property {
    String(Template),
    Bool(bool),
    Number(serde_json::Number),
    Array(Vec<Property>),
    Object(Vec<(String, Property)>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Condition {
    pub function: String,
    pub args: Vec<Expr>,
    pub assign: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Bool(bool),
    Int(i64),
    String(Template),
    Ref(String),
    Call { function: String, args: Vec<Expr> },
}

/// A string literal; `{Name}` and `{Name#path}` are interpolations, `{{`/`}}` escapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    pub parts: Vec<TemplatePart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TemplatePart {
    Literal(String),
    Ref(String),
    Attr(String, String),
}

impl Template {
    /// The text when the template has no interpolation.
    pub fn as_literal(&self) -> Option<String> {
        let mut text = String::new();
        for part in &self.parts {
            match part {
                TemplatePart::Literal(s) => text.push_str(s),
                _ => return None,
            }
        }
        Some(text)
    }
}

/// One step of a `getAttr` path: `a.b[0]` is `a`, `b`, `[0]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathSegment {
    Field(String),
    Index(usize),
}

/// Parses a `getAttr` path such as `resourceId[0]` or `a.b`.
pub(crate) fn parse_attr_path(path: &str) -> std::result::Result<Vec<PathSegment>, String> {
    let mut segments = Vec::new();
    for piece in path.split('.') {
        let (name, mut rest) = match piece.find('[') {
            Some(i) => piece.split_at(i),
            None => (piece, ""),
        };
        if !name.is_empty() {
            if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("bad attribute name `{name}` in path `{path}`"));
            }
            segments.push(PathSegment::Field(name.to_owned()));
        } else if rest.is_empty() {
            return Err(format!("empty segment in path `{path}`"));
        }
        while !rest.is_empty() {
            let close = rest
                .find(']')
                .ok_or_else(|| format!("unclosed `[` in path `{path}`"))?;
            let index = rest[1..close]
                .parse::<usize>()
                .map_err(|_| format!("bad index `{}` in path `{path}`", &rest[1..close]))?;
            segments.push(PathSegment::Index(index));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(format!("unexpected `{rest}` in path `{path}`"));
            }
        }
    }
    Ok(segments)
}

/// Parses a template string; `path` locates it for error messages.
pub(crate) fn parse_template(text: &str, path: &str) -> std::result::Result<Template, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '}' => return Err(format!("{path}: unmatched `}}` in template `{text}`")),
            '{' => {
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') | None => {
                            return Err(format!("{path}: unclosed `{{` in template `{text}`"));
                        }
                        Some(c) => inner.push(c),
                    }
                }
                if !literal.is_empty() {
                    parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                }
                let (name, attr) = match inner.split_once('#') {
                    Some((name, attr)) => (name, Some(attr)),
                    None => (inner.as_str(), None),
                };
                if !is_identifier(name) {
                    return Err(format!(
                        "{path}: `{{{inner}}}` in template `{text}` does not name a parameter or variable"
                    ));
                }
                match attr {
                    None => parts.push(TemplatePart::Ref(name.to_owned())),
                    Some(attr) => {
                        parse_attr_path(attr).map_err(|e| format!("{path}: {e}"))?;
                        parts.push(TemplatePart::Attr(name.to_owned(), attr.to_owned()));
                    }
                }
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        parts.push(TemplatePart::Literal(literal));
    }
    Ok(Template { parts })
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Parses the whole trait value.
pub(crate) fn parse_rule_set(service_id: &str, value: &Value) -> Result<RuleSet> {
    let p = Parser { service_id };
    let object = value
        .as_object()
        .ok_or_else(|| p.err("", "the rule set is not a JSON object"))?;
    let params_value = object
        .get("parameters")
        .ok_or_else(|| p.err("", "missing `parameters`"))?;
    let params_object = params_value
        .as_object()
        .ok_or_else(|| p.err("parameters", "not an object"))?;
    let mut params = Vec::new();
    for (name, param) in params_object {
        params.push(p.param(name, param)?);
    }
    let rules = p.rules(object.get("rules"), "rules")?;
    Ok(RuleSet { params, rules })
}

pub(crate) struct Parser<'a> {
    pub service_id: &'a str,
}

impl Parser<'_> {
    pub fn err(&self, path: &str, message: impl std::fmt::Display) -> Error {
        if path.is_empty() {
            Error::shape(self.service_id, format!("endpoint rule set: {message}"))
        } else {
            Error::shape(
                self.service_id,
                format!("endpoint rule set: {path}: {message}"),
            )
        }
    }

    fn param(&self, name: &str, value: &Value) -> Result<Param> {
        let path = format!("parameters.{name}");
        if !is_identifier(name) {
            return Err(self.err(&path, "parameter names must be alphanumeric"));
        }
        let object = value
            .as_object()
            .ok_or_else(|| self.err(&path, "not an object"))?;
        let ty = match object.get("type").and_then(Value::as_str) {
            // Older rule sets spell the types in lower case.
            Some(t) if t.eq_ignore_ascii_case("string") => ParamType::String,
            Some(t) if t.eq_ignore_ascii_case("boolean") => ParamType::Boolean,
            Some(t) if t.eq_ignore_ascii_case("stringArray") => ParamType::StringArray,
            Some(other) => {
                return Err(self.err(
                    &path,
                    format!(
                        "parameter type `{other}` is not supported (only String, Boolean and stringArray)"
                    ),
                ));
            }
            None => return Err(self.err(&path, "missing string `type`")),
        };
        let required = match object.get("required") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(self.err(&path, "`required` is not a boolean")),
        };
        let default = match (object.get("default"), ty) {
            (None | Some(Value::Null), _) => None,
            (Some(Value::Bool(b)), ParamType::Boolean) => Some(Literal::Bool(*b)),
            (Some(Value::String(s)), ParamType::String) => Some(Literal::String(s.clone())),
            (Some(other), _) => {
                return Err(self.err(
                    &path,
                    format!("default {other} does not match the parameter type"),
                ));
            }
        };
        let text = |key: &str| -> Result<Option<String>> {
            match object.get(key) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(self.err(&path, format!("`{key}` is not a string"))),
            }
        };
        Ok(Param {
            name: name.to_owned(),
            ty,
            required,
            default,
            built_in: text("builtIn")?,
            documentation: text("documentation")?,
        })
    }

    fn rules(&self, value: Option<&Value>, path: &str) -> Result<Vec<Rule>> {
        let array = value
            .and_then(Value::as_array)
            .ok_or_else(|| self.err(path, "missing array of rules"))?;
        if array.is_empty() {
            return Err(self.err(path, "a rule list must hold at least one rule"));
        }
        array
            .iter()
            .enumerate()
            .map(|(i, rule)| self.rule(rule, &format!("{path}[{i}]")))
            .collect()
    }

    fn rule(&self, value: &Value, path: &str) -> Result<Rule> {
        let object = value
            .as_object()
            .ok_or_else(|| self.err(path, "a rule must be an object"))?;
        let conditions = match object.get("conditions") {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, c)| self.condition(c, &format!("{path}.conditions[{i}]")))
                .collect::<Result<_>>()?,
            Some(_) => return Err(self.err(path, "`conditions` is not an array")),
        };
        let kind = match object.get("type").and_then(Value::as_str) {
            Some("endpoint") => {
                let endpoint_path = format!("{path}.endpoint");
                let endpoint = object
                    .get("endpoint")
                    .ok_or_else(|| self.err(path, "endpoint rule without `endpoint`"))?;
                RuleKind::Endpoint(self.endpoint(endpoint, &endpoint_path)?)
            }
            Some("error") => {
                let message = object
                    .get("error")
                    .ok_or_else(|| self.err(path, "error rule without `error`"))?;
                RuleKind::Error(self.expr(message, &format!("{path}.error"))?)
            }
            Some("tree") => {
                RuleKind::Tree(self.rules(object.get("rules"), &format!("{path}.rules"))?)
            }
            Some(other) => {
                return Err(self.err(path, format!("unknown rule type `{other}`")));
            }
            None => return Err(self.err(path, "missing string `type`")),
        };
        Ok(Rule {
            path: path.to_owned(),
            conditions,
            kind,
        })
    }

    fn endpoint(&self, value: &Value, path: &str) -> Result<EndpointSpec> {
        let object = value
            .as_object()
            .ok_or_else(|| self.err(path, "not an object"))?;
        let url = object
            .get("url")
            .ok_or_else(|| self.err(path, "missing `url`"))?;
        let url = self.expr(url, &format!("{path}.url"))?;
        let mut headers = Vec::new();
        match object.get("headers") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (name, values) in map {
                    let header_path = format!("{path}.headers.{name}");
                    let values = values
                        .as_array()
                        .ok_or_else(|| self.err(&header_path, "header values must be an array"))?;
                    let values = values
                        .iter()
                        .enumerate()
                        .map(|(i, v)| self.expr(v, &format!("{header_path}[{i}]")))
                        .collect::<Result<_>>()?;
                    headers.push((name.clone(), values));
                }
            }
            Some(_) => return Err(self.err(path, "`headers` is not an object")),
        }
        let properties = match object.get("properties") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(map)) => map
                .iter()
                .map(|(k, v)| {
                    Ok((
                        k.clone(),
                        self.property(v, &format!("{path}.properties.{k}"))?,
                    ))
                })
                .collect::<Result<_>>()?,
            Some(_) => return Err(self.err(path, "`properties` is not an object")),
        };
        Ok(EndpointSpec {
            url,
            headers,
            properties,
        })
    }

    fn property(&self, value: &Value, path: &str) -> Result<Property> {
        Ok(match value {
            Value::String(s) => Property::String(self.template(s, path)?),
            Value::Bool(b) => Property::Bool(*b),
            Value::Number(n) => Property::Number(n.clone()),
            Value::Array(items) => Property::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.property(v, &format!("{path}[{i}]")))
                    .collect::<Result<_>>()?,
            ),
            Value::Object(map) => Property::Object(
                map.iter()
                    .map(|(k, v)| Ok((k.clone(), self.property(v, &format!("{path}.{k}"))?)))
                    .collect::<Result<_>>()?,
            ),
            Value::Null => return Err(self.err(path, "null is not a valid property value")),
        })
    }

    fn condition(&self, value: &Value, path: &str) -> Result<Condition> {
        let object = value
            .as_object()
            .ok_or_else(|| self.err(path, "a condition must be an object"))?;
        let Expr::Call { function, args } = self.call(object, path)? else {
            return Err(self.err(path, "a condition must be a function call"));
        };
        let assign = match object.get("assign") {
            None => None,
            Some(Value::String(name)) if is_identifier(name) => Some(name.clone()),
            Some(other) => {
                return Err(self.err(path, format!("`assign` {other} is not a valid name")));
            }
        };
        Ok(Condition {
            function,
            args,
            assign,
        })
    }

    fn call(&self, object: &serde_json::Map<String, Value>, path: &str) -> Result<Expr> {
        let function = object
            .get("fn")
            .and_then(Value::as_str)
            .ok_or_else(|| self.err(path, "missing string `fn`"))?;
        let args = object
            .get("argv")
            .and_then(Value::as_array)
            .ok_or_else(|| self.err(path, format!("`{function}` call without `argv` array")))?;
        let args = args
            .iter()
            .enumerate()
            .map(|(i, a)| self.expr(a, &format!("{path}.argv[{i}]")))
            .collect::<Result<_>>()?;
        Ok(Expr::Call {
            function: function.to_owned(),
            args,
        })
    }

    pub fn expr(&self, value: &Value, path: &str) -> Result<Expr> {
        match value {
            Value::Bool(b) => Ok(Expr::Bool(*b)),
            Value::Number(n) => n
                .as_i64()
                .map(Expr::Int)
                .ok_or_else(|| self.err(path, format!("{n} is not an integer"))),
            Value::String(s) => Ok(Expr::String(self.template(s, path)?)),
            Value::Object(object) if object.contains_key("ref") => match object.get("ref") {
                Some(Value::String(name)) if is_identifier(name) => Ok(Expr::Ref(name.clone())),
                _ => Err(self.err(path, "`ref` must be a parameter or variable name")),
            },
            Value::Object(object) if object.contains_key("fn") => self.call(object, path),
            other => Err(self.err(path, format!("{other} is not an expression"))),
        }
    }

    fn template(&self, text: &str, path: &str) -> Result<Template> {
        parse_template(text, path).map_err(|e| self.err("", e))
    }
}
