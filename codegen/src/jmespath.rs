//! The JMESPath subset Smithy waiters use, parsed, type-checked against the IR and compiled to
//! Rust at generation time: field and index access, `@`, list projections (`[*]`, `[]`),
//! filters (`[?...]`), multi-select lists after a `.` (`a[].[b, c]`, of one type), comparisons,
//! `&&`, `||`, `!`, literals, `length` and `contains`.
//! Anything else is an error naming what is unsupported.
//!
//! A compiled expression is a Rust expression of `Option<R>` (or `R` when always present),
//! where `R` is `&str` for strings and enums, `bool`, `f64` for numbers, `&T` for structures
//! and `Vec<R>` for lists (projections drop missing values, as JMESPath's do; multi-select
//! lists drop them too, where JMESPath keeps `null`s, which only a later projection, which
//! drops them, or `length` could tell apart).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Ir, Module, Presence, RustType, Struct, TypeKind};

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    Identity,
    Field(String),
    Sub(Box<Ast>, Box<Ast>),
    Index(Box<Ast>, i64),
    /// `lhs[*].rhs`, `lhs[].rhs` (flatten) and `lhs[?filter].rhs`.
    Project {
        lhs: Box<Ast>,
        rhs: Box<Ast>,
        flatten: bool,
        filter: Option<Box<Ast>>,
    },
    Cmp(Cmp, Box<Ast>, Box<Ast>),
    And(Box<Ast>, Box<Ast>),
    Or(Box<Ast>, Box<Ast>),
    Not(Box<Ast>),
    Str(String),
    Bool(bool),
    Num(f64),
    Call(String, Vec<Ast>),
    /// `lhs.[a, b]`: a list of the values of each expression (rhs of a `.`).
    MultiList(Vec<Ast>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Dot,
    Star,
    At,
    LBracket,
    Filter,
    Flatten,
    RBracket,
    LParen,
    RParen,
    Comma,
    Cmp(Cmp),
    And,
    Or,
    Not,
    Num(i64),
    Raw(String),
    Literal(serde_json::Value),
    Eof,
}

fn lex(text: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let two = chars.get(i + 1).copied();
        i += 1;
        let tok = match c {
            ' ' | '\t' | '\n' | '\r' => continue,
            '.' => Tok::Dot,
            '*' => Tok::Star,
            '@' => Tok::At,
            ']' => Tok::RBracket,
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            ',' => Tok::Comma,
            '[' if two == Some('?') => {
                i += 1;
                Tok::Filter
            }
            '[' if two == Some(']') => {
                i += 1;
                Tok::Flatten
            }
            '[' => Tok::LBracket,
            '=' if two == Some('=') => {
                i += 1;
                Tok::Cmp(Cmp::Eq)
            }
            '!' if two == Some('=') => {
                i += 1;
                Tok::Cmp(Cmp::Ne)
            }
            '!' => Tok::Not,
            '<' | '>' => {
                let eq = two == Some('=');
                if eq {
                    i += 1;
                }
                Tok::Cmp(match (c, eq) {
                    ('<', false) => Cmp::Lt,
                    ('<', true) => Cmp::Le,
                    ('>', false) => Cmp::Gt,
                    _ => Cmp::Ge,
                })
            }
            '&' if two == Some('&') => {
                i += 1;
                Tok::And
            }
            '|' if two == Some('|') => {
                i += 1;
                Tok::Or
            }
            '|' => return Err("pipe expressions (`|`) are not supported".into()),
            ':' => return Err("slices (`[a:b]`) are not supported".into()),
            '{' => return Err("multi-select hashes (`{...}`) are not supported".into()),
            '\'' | '`' | '"' => {
                let start = i;
                while i < chars.len() && chars[i] != c {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                if i >= chars.len() {
                    return Err(format!("unterminated `{c}`"));
                }
                let body: String = chars[start..i].iter().collect();
                i += 1;
                match c {
                    '\'' => Tok::Raw(body.replace("\\'", "'")),
                    '"' => Tok::Ident(
                        serde_json::from_str(&format!("\"{body}\""))
                            .map_err(|e| format!("bad quoted identifier: {e}"))?,
                    ),
                    _ => Tok::Literal(
                        serde_json::from_str(&body.replace("\\`", "`"))
                            .map_err(|e| format!("bad JSON literal `{body}`: {e}"))?,
                    ),
                }
            }
            c if c.is_ascii_digit() || c == '-' => {
                let start = i - 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                Tok::Num(text.parse().map_err(|_| format!("bad number `{text}`"))?)
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i - 1;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                Tok::Ident(chars[start..i].iter().collect())
            }
            other => return Err(format!("unexpected `{other}`")),
        };
        out.push(tok);
    }
    out.push(Tok::Eof);
    Ok(out)
}

/// Parses `text`; the error says what is wrong or unsupported.
pub fn parse(text: &str) -> Result<Ast, String> {
    let mut p = Parser {
        toks: lex(text)?,
        pos: 0,
    };
    let ast = p.expr(0)?;
    match p.peek() {
        Tok::Eof => Ok(ast),
        t => Err(format!("unexpected {t:?} after the expression")),
    }
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

/// Binding powers, as in the JMESPath reference implementation.
fn lbp(t: &Tok) -> u8 {
    match t {
        Tok::Or => 2,
        Tok::And => 3,
        Tok::Cmp(_) => 5,
        Tok::Flatten => 9,
        Tok::Star => 20,
        Tok::Filter => 21,
        Tok::Dot => 40,
        Tok::Not => 45,
        Tok::LBracket => 55,
        Tok::LParen => 60,
        _ => 0,
    }
}

const PROJECTION_STOP: u8 = 10;

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos]
    }

    fn next(&mut self) -> Tok {
        let t = self.toks[self.pos].clone();
        if t != Tok::Eof {
            self.pos += 1;
        }
        t
    }

    fn expect(&mut self, want: &Tok) -> Result<(), String> {
        match self.next() {
            t if &t == want => Ok(()),
            t => Err(format!("expected {want:?}, found {t:?}")),
        }
    }

    fn expr(&mut self, bp: u8) -> Result<Ast, String> {
        let mut left = self.nud()?;
        while lbp(self.peek()) > bp {
            left = self.led(left)?;
        }
        Ok(left)
    }

    fn nud(&mut self) -> Result<Ast, String> {
        match self.next() {
            Tok::Ident(name) if *self.peek() == Tok::LParen => {
                self.next();
                let mut args = Vec::new();
                if *self.peek() != Tok::RParen {
                    loop {
                        args.push(self.expr(0)?);
                        if *self.peek() == Tok::Comma {
                            self.next();
                        } else {
                            break;
                        }
                    }
                }
                self.expect(&Tok::RParen)?;
                Ok(Ast::Call(name, args))
            }
            Tok::Ident(name) => Ok(Ast::Field(name)),
            Tok::At => Ok(Ast::Identity),
            Tok::Raw(s) => Ok(Ast::Str(s)),
            Tok::Literal(v) => match v {
                serde_json::Value::String(s) => Ok(Ast::Str(s)),
                serde_json::Value::Bool(b) => Ok(Ast::Bool(b)),
                serde_json::Value::Number(n) => Ok(Ast::Num(n.as_f64().unwrap_or_default())),
                other => Err(format!("the literal `{other}` is not supported")),
            },
            Tok::Not => Ok(Ast::Not(Box::new(self.expr(lbp(&Tok::Not))?))),
            Tok::LParen => {
                let e = self.expr(0)?;
                self.expect(&Tok::RParen)?;
                Ok(e)
            }
            Tok::LBracket | Tok::Filter | Tok::Flatten => {
                self.pos -= 1;
                self.led(Ast::Identity)
            }
            Tok::Star => Err("object wildcards (`*`) are not supported".into()),
            t => Err(format!("unexpected {t:?}")),
        }
    }

    fn led(&mut self, left: Ast) -> Result<Ast, String> {
        let tok = self.next();
        match tok {
            Tok::Dot => {
                let rhs = match self.peek() {
                    Tok::Ident(_) => self.expr(lbp(&Tok::Dot))?,
                    Tok::LBracket => self.multi_select(lbp(&Tok::Dot))?,
                    Tok::Star => return Err("object wildcards (`.*`) are not supported".into()),
                    t => return Err(format!("unexpected {t:?} after `.`")),
                };
                Ok(Ast::Sub(Box::new(left), Box::new(rhs)))
            }
            Tok::LBracket => match self.next() {
                Tok::Num(n) => {
                    self.expect(&Tok::RBracket)?;
                    Ok(Ast::Index(Box::new(left), n))
                }
                Tok::Star => {
                    self.expect(&Tok::RBracket)?;
                    let rhs = self.projection_rhs(lbp(&Tok::Star))?;
                    Ok(project(left, rhs, false, None))
                }
                t => Err(format!(
                    "unsupported after `[`: {t:?} (slices and multi-selects are not supported)"
                )),
            },
            Tok::Flatten => {
                let rhs = self.projection_rhs(lbp(&Tok::Flatten))?;
                Ok(project(left, rhs, true, None))
            }
            Tok::Filter => {
                let cond = self.expr(0)?;
                self.expect(&Tok::RBracket)?;
                let rhs = self.projection_rhs(lbp(&Tok::Filter))?;
                Ok(project(left, rhs, false, Some(cond)))
            }
            Tok::Cmp(op) => {
                let right = self.expr(lbp(&tok))?;
                Ok(Ast::Cmp(op, Box::new(left), Box::new(right)))
            }
            Tok::And => Ok(Ast::And(Box::new(left), Box::new(self.expr(3)?))),
            Tok::Or => Ok(Ast::Or(Box::new(left), Box::new(self.expr(2)?))),
            t => Err(format!("unexpected {t:?}")),
        }
    }

    fn projection_rhs(&mut self, bp: u8) -> Result<Ast, String> {
        match self.peek() {
            t if lbp(t) < PROJECTION_STOP => Ok(Ast::Identity),
            Tok::LBracket | Tok::Filter | Tok::Flatten => self.expr(bp),
            Tok::Dot => {
                self.next();
                match self.peek() {
                    Tok::Ident(_) => self.expr(bp),
                    Tok::LBracket => self.multi_select(bp),
                    t => Err(format!("unexpected {t:?} after `.`")),
                }
            }
            t => Err(format!("unexpected {t:?} after a projection")),
        }
    }

    /// `[a, b, ...]` after a `.`, then what binds tighter than `bp`.
    fn multi_select(&mut self, bp: u8) -> Result<Ast, String> {
        self.expect(&Tok::LBracket)?;
        let mut items = vec![self.expr(0)?];
        while *self.peek() == Tok::Comma {
            self.next();
            items.push(self.expr(0)?);
        }
        self.expect(&Tok::RBracket)?;
        let mut left = Ast::MultiList(items);
        while lbp(self.peek()) > bp {
            left = self.led(left)?;
        }
        Ok(left)
    }
}

fn project(lhs: Ast, rhs: Ast, flatten: bool, filter: Option<Ast>) -> Ast {
    Ast::Project {
        lhs: Box::new(lhs),
        rhs: Box::new(rhs),
        flatten,
        filter: filter.map(Box::new),
    }
}

/// The type of a compiled expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    Str,
    Bool,
    Num,
    /// A structure of the types crate: (module, name).
    Struct(Module, String),
    List(Box<Type>),
    /// The `{input, output}` root of an `inputOutput` matcher: (input, output) structures.
    InputOutput(String, String),
}

impl Type {
    fn describe(&self) -> String {
        match self {
            Type::Str => "a string".into(),
            Type::Bool => "a boolean".into(),
            Type::Num => "a number".into(),
            Type::Struct(_, name) => format!("the structure `{name}`"),
            Type::List(item) => format!("a list of {}", item.describe()),
            Type::InputOutput(..) => "the input/output root".into(),
        }
    }
}

/// A compiled expression: its tokens, whether it is always present (`R` rather than
/// `Option<R>`), and its type.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub tokens: TokenStream,
    pub present: bool,
    pub ty: Type,
}

/// `(&a.b).c` as `a.b.c`: a field access through a borrowed place needs no borrow (and
/// clippy calls it needless).
fn place_of(tokens: TokenStream) -> TokenStream {
    let mut iter = tokens.clone().into_iter();
    match iter.next() {
        Some(proc_macro2::TokenTree::Group(g))
            if g.delimiter() == proc_macro2::Delimiter::Parenthesis =>
        {
            let mut inner = g.stream().into_iter().peekable();
            let is_borrow = matches!(inner.next(), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == '&');
            if !is_borrow {
                return tokens;
            }
            // `&*x` (a boxed member): `x` derefs by itself.
            if matches!(inner.peek(), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == '*')
            {
                inner.next();
            }
            let mut out: TokenStream = inner.collect();
            out.extend(iter);
            out
        }
        _ => tokens,
    }
}

/// `tokens` without one pair of parentheses around the whole: the compiler parenthesizes
/// operators so that they nest safely, but an argument, closure body or `if` condition needs
/// none (and rustc warns about them there).
fn unparen(tokens: &TokenStream) -> TokenStream {
    let mut iter = tokens.clone().into_iter();
    match (iter.next(), iter.next()) {
        (Some(proc_macro2::TokenTree::Group(g)), None)
            if g.delimiter() == proc_macro2::Delimiter::Parenthesis =>
        {
            g.stream()
        }
        _ => tokens.clone(),
    }
}

impl Compiled {
    /// As `Option<R>`.
    pub fn optional(&self) -> TokenStream {
        let t = unparen(&self.tokens);
        if self.present {
            quote!(::std::option::Option::Some(#t))
        } else {
            t.clone()
        }
    }
}

/// Compiles expressions against one IR; `root` is the expression's root value (present).
pub struct Compiler<'a> {
    ir: &'a Ir,
    depth: usize,
}

impl<'a> Compiler<'a> {
    pub fn new(ir: &'a Ir) -> Self {
        Self { ir, depth: 0 }
    }

    fn fresh(&mut self) -> proc_macro2::Ident {
        self.depth += 1;
        format_ident!("v{}", self.depth)
    }

    fn structure(&self, module: Module, name: &str) -> Result<&'a Struct, String> {
        match self
            .ir
            .types
            .iter()
            .find(|t| t.module == module && t.name == name)
            .map(|t| &t.kind)
        {
            Some(TypeKind::Struct(s)) => Ok(s),
            _ => Err(format!("internal error: no structure `{name}`")),
        }
    }

    /// Applies `f` to the present value of `cur`, threading `Option` through.
    fn with(
        &mut self,
        cur: &Compiled,
        f: impl FnOnce(&mut Self, Compiled) -> Result<Compiled, String>,
    ) -> Result<Compiled, String> {
        if cur.present {
            return f(self, cur.clone());
        }
        let v = self.fresh();
        let inner = f(
            self,
            Compiled {
                tokens: quote!(#v),
                present: true,
                ty: cur.ty.clone(),
            },
        )?;
        let t = &cur.tokens;
        let body = unparen(&inner.tokens);
        let tokens = if inner.present {
            quote!(#t.map(|#v| #body))
        } else {
            quote!(#t.and_then(|#v| #body))
        };
        Ok(Compiled {
            tokens,
            present: false,
            ty: inner.ty,
        })
    }

    /// Compiles `ast` with `cur` as the current node.
    pub fn compile(&mut self, ast: &Ast, cur: &Compiled) -> Result<Compiled, String> {
        match ast {
            Ast::Identity => Ok(cur.clone()),
            Ast::Field(name) => self.with(cur, |c, v| c.field(&v, name)),
            Ast::Sub(lhs, rhs) => {
                let left = self.compile(lhs, cur)?;
                self.compile(rhs, &left)
            }
            Ast::Index(lhs, index) => {
                let left = self.compile(lhs, cur)?;
                let Type::List(item) = left.ty.clone() else {
                    return Err(format!("`[{index}]` indexes {}", left.ty.describe()));
                };
                self.with(&left, |_, v| {
                    let list = &v.tokens;
                    let tokens = if *index >= 0 {
                        let i = *index as usize;
                        quote!(#list.into_iter().nth(#i))
                    } else {
                        let back = index.unsigned_abs() as usize;
                        quote!({
                            let list = #list;
                            list.len().checked_sub(#back).and_then(|i| list.into_iter().nth(i))
                        })
                    };
                    Ok(Compiled {
                        tokens,
                        present: false,
                        ty: *item,
                    })
                })
            }
            Ast::Project {
                lhs,
                rhs,
                flatten,
                filter,
            } => {
                let left = self.compile(lhs, cur)?;
                let Type::List(mut item) = left.ty.clone() else {
                    return Err(format!("a projection over {}", left.ty.describe()));
                };
                let mut source_flatten = quote!();
                if *flatten && let Type::List(inner) = *item.clone() {
                    item = inner;
                    source_flatten = quote!(.flatten());
                }
                self.with(&left, |c, v| {
                    let x = c.fresh();
                    let element = Compiled {
                        tokens: quote!(#x),
                        present: true,
                        ty: (*item).clone(),
                    };
                    let list = &v.tokens;
                    let filter = match filter {
                        Some(cond) => {
                            if matches!(*item, Type::List(_)) {
                                return Err("filters over lists of lists are not supported".into());
                            }
                            let cond = c.compile(cond, &element)?;
                            // A closure body needs no parentheses (rustc warns).
                            let truthy = unparen(&truthy(&cond));
                            quote!(.filter(|&#x| #truthy))
                        }
                        None => quote!(),
                    };
                    let mapped = c.compile(rhs, &element)?;
                    let body = unparen(&mapped.tokens);
                    let map = if **rhs == Ast::Identity {
                        quote!()
                    } else if mapped.present {
                        quote!(.map(|#x| #body))
                    } else {
                        quote!(.filter_map(|#x| #body))
                    };
                    Ok(Compiled {
                        tokens: quote!(#list.into_iter() #source_flatten #filter #map .collect::<::std::vec::Vec<_>>()),
                        present: true,
                        ty: Type::List(Box::new(mapped.ty)),
                    })
                })
            }
            Ast::Cmp(op, l, r) => {
                let l = self.compile(l, cur)?;
                let r = self.compile(r, cur)?;
                let scalar = matches!(l.ty, Type::Str | Type::Bool | Type::Num);
                if l.ty != r.ty || !scalar {
                    return Err(format!(
                        "compares {} with {}; only strings, booleans and numbers of the same kind compare",
                        l.ty.describe(),
                        r.ty.describe()
                    ));
                }
                let (lt, rt) = (&l.tokens, &r.tokens);
                match op {
                    Cmp::Eq | Cmp::Ne => {
                        let (lt, rt) = if l.present && r.present {
                            (lt.clone(), rt.clone())
                        } else {
                            (l.optional(), r.optional())
                        };
                        let tokens = if *op == Cmp::Eq {
                            quote!((#lt == #rt))
                        } else {
                            quote!((#lt != #rt))
                        };
                        Ok(Compiled {
                            tokens,
                            present: true,
                            ty: Type::Bool,
                        })
                    }
                    _ => {
                        if l.ty != Type::Num {
                            return Err(format!("orders {}; only numbers order", l.ty.describe()));
                        }
                        let cmp = match op {
                            Cmp::Lt => quote!(<),
                            Cmp::Le => quote!(<=),
                            Cmp::Gt => quote!(>),
                            _ => quote!(>=),
                        };
                        if l.present && r.present {
                            return Ok(Compiled {
                                tokens: quote!((#lt #cmp #rt)),
                                present: true,
                                ty: Type::Bool,
                            });
                        }
                        let (lo, ro) = (l.optional(), r.optional());
                        Ok(Compiled {
                            tokens: quote!(match (#lo, #ro) {
                                (::std::option::Option::Some(a), ::std::option::Option::Some(b)) => ::std::option::Option::Some(a #cmp b),
                                _ => ::std::option::Option::None,
                            }),
                            present: false,
                            ty: Type::Bool,
                        })
                    }
                }
            }
            Ast::And(l, r) | Ast::Or(l, r) => {
                let l = self.compile(l, cur)?;
                let r = self.compile(r, cur)?;
                if l.ty != r.ty || matches!(l.ty, Type::InputOutput(..)) {
                    return Err(format!(
                        "`&&`/`||` over {} and {}; both sides must have the same type",
                        l.ty.describe(),
                        r.ty.describe()
                    ));
                }
                let (lo, ro) = (l.optional(), r.optional());
                let probe = Compiled {
                    tokens: quote!(left),
                    present: false,
                    ty: l.ty.clone(),
                };
                let test = unparen(&truthy(&probe));
                let tokens = if matches!(ast, Ast::And(..)) {
                    quote!({ let left = #lo; if #test { #ro } else { left } })
                } else {
                    quote!({ let left = #lo; if #test { left } else { #ro } })
                };
                Ok(Compiled {
                    tokens,
                    present: false,
                    ty: l.ty,
                })
            }
            Ast::Not(e) => {
                let e = self.compile(e, cur)?;
                let t = truthy(&e);
                Ok(Compiled {
                    tokens: quote!((!#t)),
                    present: true,
                    ty: Type::Bool,
                })
            }
            Ast::Str(s) => Ok(Compiled {
                tokens: quote!(#s),
                present: true,
                ty: Type::Str,
            }),
            Ast::Bool(b) => Ok(Compiled {
                tokens: quote!(#b),
                present: true,
                ty: Type::Bool,
            }),
            Ast::Num(n) => Ok(Compiled {
                tokens: quote!(#n),
                present: true,
                ty: Type::Num,
            }),
            Ast::Call(name, args) => self.call(name, args, cur),
            Ast::MultiList(items) => self.with(cur, |c, v| {
                let items = items
                    .iter()
                    .map(|item| c.compile(item, &v))
                    .collect::<Result<Vec<_>, String>>()?;
                let ty = items.first().map(|i| i.ty.clone()).unwrap_or(Type::Bool);
                if let Some(other) = items.iter().find(|i| i.ty != ty) {
                    return Err(format!(
                        "a multi-select list of {} and {}; its values must have one type",
                        ty.describe(),
                        other.ty.describe()
                    ));
                }
                let values = items.iter().map(Compiled::optional);
                Ok(Compiled {
                    tokens: quote!([#(#values),*].into_iter().flatten().collect::<::std::vec::Vec<_>>()),
                    present: true,
                    ty: Type::List(Box::new(ty)),
                })
            }),
        }
    }

    fn call(&mut self, name: &str, args: &[Ast], cur: &Compiled) -> Result<Compiled, String> {
        match (name, args) {
            ("length", [arg]) => {
                let arg = self.compile(arg, cur)?;
                let ty = arg.ty.clone();
                self.with(&arg, |_, v| {
                    let t = &v.tokens;
                    let tokens = match ty {
                        Type::Str => quote!((#t.chars().count() as f64)),
                        Type::List(_) => quote!((#t.len() as f64)),
                        other => {
                            return Err(format!(
                                "`length` of {}; it takes a string or a list",
                                other.describe()
                            ));
                        }
                    };
                    Ok(Compiled {
                        tokens,
                        present: true,
                        ty: Type::Num,
                    })
                })
            }
            ("contains", [subject, search]) => {
                let subject = self.compile(subject, cur)?;
                let search = self.compile(search, cur)?;
                let ok = match &subject.ty {
                    Type::Str => search.ty == Type::Str,
                    Type::List(item) => {
                        **item == search.ty
                            && matches!(search.ty, Type::Str | Type::Bool | Type::Num)
                    }
                    _ => false,
                };
                if !ok {
                    return Err(format!(
                        "`contains` of {} in {}",
                        search.ty.describe(),
                        subject.ty.describe()
                    ));
                }
                let x = search.optional();
                let is_str = subject.ty == Type::Str;
                self.with(&subject, |_, v| {
                    let s = &v.tokens;
                    let tokens = if is_str {
                        quote!(#x.is_some_and(|x| #s.contains(x)))
                    } else {
                        quote!(#x.is_some_and(|x| #s.contains(&x)))
                    };
                    Ok(Compiled {
                        tokens,
                        present: true,
                        ty: Type::Bool,
                    })
                })
            }
            ("length" | "contains", _) => {
                Err(format!("`{name}` takes a different number of arguments"))
            }
            _ => Err(format!(
                "the function `{name}` is not supported (only `length` and `contains`)"
            )),
        }
    }

    /// `v.field` of a present structure (or the input/output root).
    fn field(&mut self, v: &Compiled, name: &str) -> Result<Compiled, String> {
        let t = &v.tokens;
        let (module, sname) = match &v.ty {
            Type::Struct(m, n) => (*m, n.clone()),
            Type::InputOutput(input, output) => {
                let (tokens, sname) = match name {
                    "input" => (quote!(input), input.clone()),
                    "output" => (quote!(output), output.clone()),
                    _ => {
                        return Err(format!(
                            "`{name}` at the root; only `input` and `output` exist there"
                        ));
                    }
                };
                return Ok(Compiled {
                    tokens,
                    present: true,
                    ty: Type::Struct(Module::Operation, sname),
                });
            }
            other => return Err(format!("`{name}` of {}", other.describe())),
        };
        let s = self.structure(module, &sname)?;
        let f = s.fields.iter().find(|f| f.member == name).ok_or_else(|| {
            let members: Vec<&str> = s.fields.iter().map(|f| f.member.as_str()).collect();
            format!(
                "`{sname}` has no member `{name}` (members: {})",
                members.join(", ")
            )
        })?;
        let fname = format_ident!("{}", f.name);
        let access = quote!(#t.#fname);
        let access = place_of(access);
        let optional = f.presence == Presence::Optional;
        let (ty, conv) = self.value_of(&f.ty, name)?;
        let x = self.fresh();
        let tokens = match (optional, conv) {
            (true, None) if f.boxed => quote!(#access.as_deref()),
            (true, None) => quote!(#access.as_ref()),
            // What `.as_ref().map(|x| x.as_str())` would say (clippy's `option_as_ref_deref`).
            (true, Some(_)) if f.ty == RustType::String => quote!(#access.as_deref()),
            (true, Some(conv)) => {
                let body = unparen(&conv(quote!(#x)));
                quote!(#access.as_ref().map(|#x| #body))
            }
            // Parenthesized: a field access may follow (`(&a.b).c`, not `&a.b.c`).
            (false, None) if f.boxed => quote!((&*#access)),
            (false, None) => quote!((&#access)),
            (false, Some(conv)) => {
                let body = conv(quote!(#x));
                quote!({ let #x = &#access; #body })
            }
        };
        Ok(Compiled {
            tokens,
            present: !optional,
            ty,
        })
    }

    /// The JMESPath type of a Rust member type, and how `&T` becomes its representation.
    fn value_of(&mut self, ty: &RustType, member: &str) -> Result<(Type, Option<Conv>), String> {
        Ok(match ty {
            RustType::String => (Type::Str, Some(Box::new(|x| quote!(#x.as_str())))),
            RustType::Bool => (Type::Bool, Some(Box::new(|x| quote!(*#x)))),
            RustType::I8
            | RustType::I16
            | RustType::I32
            | RustType::I64
            | RustType::F32
            | RustType::F64 => (Type::Num, Some(Box::new(|x| quote!((*#x as f64))))),
            RustType::Named { module, name } => {
                let def = self
                    .ir
                    .types
                    .iter()
                    .find(|t| t.module == *module && &t.name == name)
                    .ok_or_else(|| format!("internal error: no type `{name}`"))?;
                match &def.kind {
                    TypeKind::Enum(_) => (Type::Str, Some(Box::new(|x| quote!(#x.as_str())))),
                    TypeKind::Struct(_) => (Type::Struct(*module, name.clone()), None),
                    _ => {
                        return Err(format!(
                            "member `{member}` is a union or intEnum, which waiter paths do not support"
                        ));
                    }
                }
            }
            RustType::List {
                item,
                sparse: false,
            } => {
                let (item_ty, conv) = self.value_of(item, member)?;
                let y = self.fresh();
                let map = match conv {
                    Some(conv) => {
                        let body = unparen(&conv(quote!(#y)));
                        quote!(.map(|#y| #body))
                    }
                    None => quote!(),
                };
                (
                    Type::List(Box::new(item_ty)),
                    Some(Box::new(
                        move |x| quote!(#x.iter() #map .collect::<::std::vec::Vec<_>>()),
                    )),
                )
            }
            other => {
                return Err(format!(
                    "member `{member}` has a type waiter paths do not support ({other:?})"
                ));
            }
        })
    }
}

/// Turns `&T` (the tokens given) into a value's representation; `None` when `&T` already is.
type Conv = Box<dyn Fn(TokenStream) -> TokenStream>;

/// JMESPath truthiness of a compiled value, as a `bool` expression.
fn truthy(v: &Compiled) -> TokenStream {
    let t = &v.tokens;
    match (&v.ty, v.present) {
        (Type::Bool, true) => quote!(#t),
        (Type::Bool, false) => quote!((#t == ::std::option::Option::Some(true))),
        (Type::Str | Type::List(_), true) => quote!(!#t.is_empty()),
        (Type::Str | Type::List(_), false) => quote!(#t.is_some_and(|x| !x.is_empty())),
        (_, true) => quote!(true),
        (_, false) => quote!(#t.is_some()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(s: &str) -> Box<Ast> {
        Box::new(Ast::Field(s.into()))
    }

    #[test]
    fn parses_the_waiter_subset() {
        assert_eq!(
            parse("items[].status").unwrap(),
            project(
                Ast::Field("items".into()),
                Ast::Field("status".into()),
                true,
                None
            )
        );
        assert_eq!(
            parse("a.b[0]").unwrap(),
            Ast::Sub(field("a"), Box::new(Ast::Index(field("b"), 0)))
        );
        assert_eq!(
            parse("length(items[?status == 'FAILED']) > `0`").unwrap(),
            Ast::Cmp(
                Cmp::Gt,
                Box::new(Ast::Call(
                    "length".into(),
                    vec![project(
                        Ast::Field("items".into()),
                        Ast::Identity,
                        false,
                        Some(Ast::Cmp(
                            Cmp::Eq,
                            field("status"),
                            Box::new(Ast::Str("FAILED".into()))
                        ))
                    )]
                )),
                Box::new(Ast::Num(0.0))
            )
        );
        assert_eq!(
            parse("!a && b || c").unwrap(),
            Ast::Or(
                Box::new(Ast::And(Box::new(Ast::Not(field("a"))), field("b"))),
                field("c")
            )
        );
        assert!(matches!(parse("a[*].b[-1]").unwrap(), Ast::Project { .. }));
        // Auto Scaling's `GroupInService` waiter: a multi-select list in a projection, then
        // flattened.
        assert_eq!(
            parse("contains(g[].[length(i) >= m][], `false`)").unwrap(),
            Ast::Call(
                "contains".into(),
                vec![
                    project(
                        project(
                            Ast::Field("g".into()),
                            Ast::MultiList(vec![Ast::Cmp(
                                Cmp::Ge,
                                Box::new(Ast::Call("length".into(), vec![Ast::Field("i".into())])),
                                field("m")
                            )]),
                            true,
                            None
                        ),
                        Ast::Identity,
                        true,
                        None
                    ),
                    Ast::Bool(false)
                ]
            )
        );
        assert_eq!(
            parse("a.[b, c].d").unwrap(),
            Ast::Sub(
                Box::new(Ast::Sub(
                    field("a"),
                    Box::new(Ast::MultiList(vec![
                        Ast::Field("b".into()),
                        Ast::Field("c".into())
                    ]))
                )),
                field("d")
            )
        );
    }

    #[test]
    fn unsupported_syntax_is_named() {
        assert_eq!(
            parse("a | b").unwrap_err(),
            "pipe expressions (`|`) are not supported"
        );
        assert!(parse("a.*").unwrap_err().contains("wildcards"));
        assert!(parse("a[0:2]").unwrap_err().contains("slices"));
        assert!(parse("a[").is_err());
        assert!(parse("'open").unwrap_err().contains("unterminated"));
    }
}
