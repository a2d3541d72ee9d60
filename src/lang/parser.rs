//! The parser: tokens to [`Program`] / [`Expr`].
//!
//! Statements: the token stream is split into statements by line layout first (a
//! line that starts a statement, a blank line), then each statement is parsed on its
//! own, so a syntax error costs only its statement and the others are still checked.
//!
//! Expressions, loosest to tightest: `#` (left-assoc) < `$` (all operands of a run
//! collected into one `Apply`) < `+ - |+ +| |< |> ...` < `* / |* *| ...` < unary `-` <
//! calls (`name atom atom :key atom`) < atoms.

use super::ast::*;
use super::diagnostics::{closest, Diagnostic};
use super::lexer::{is_additive, lex, op_text, Tok, Token};

/// Parentheses, lists and unary minuses nested deeper than this are an error (so no
/// input can overflow the stack of the parser, which recurses for each).
pub const MAX_DEPTH: usize = 64;

/// At most this many binary operators and `#` on any path from the root of an
/// expression down (so the tree stays shallow enough for recursive walks).
pub const MAX_OPS: usize = 500;

/// Statement keywords, for "did you mean" on an unknown statement.
const STATEMENT_WORDS: &[&str] = &[
    "out", "o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "out1", "out2", "out3", "out4", "out5",
    "out6", "out7", "out8", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "d11",
    "d12", "d13", "d14", "d15", "d16", "tempo", "cps", "setcps", "bpm", "hush",
];

/// What a statement-leading identifier names.
enum Head {
    Output(OutputTarget),
    /// Looks like a numbered output but the number is out of range.
    BadOutput,
    Tempo {
        bpm: bool,
    },
    Hush,
    Other,
}

fn classify_head(name: &str) -> Head {
    match name {
        "out" => return Head::Output(OutputTarget::Main),
        "tempo" | "cps" | "setcps" => return Head::Tempo { bpm: false },
        "bpm" => return Head::Tempo { bpm: true },
        "hush" => return Head::Hush,
        _ => {}
    }
    for (prefix, most) in [("out", 8), ("o", 8), ("d", 16)] {
        if let Some(digits) = name.strip_prefix(prefix) {
            if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) {
                return match digits.parse::<u8>() {
                    Ok(n) if (1..=most).contains(&n) && !digits.starts_with('0') => {
                        Head::Output(OutputTarget::Numbered(n))
                    }
                    _ => Head::BadOutput,
                };
            }
        }
    }
    Head::Other
}

fn adjacent(a: &Token, b: &Token) -> bool {
    a.span.end == b.span.start
}

/// Does the line beginning at token `i` start a new statement (when not indented)?
fn starts_statement(toks: &[Token], i: usize) -> bool {
    let next = toks.get(i + 1);
    match &toks[i].tok {
        Tok::Ident(name) => {
            !matches!(classify_head(name), Head::Other)
                || next.is_some_and(|n| n.tok == Tok::Colon && adjacent(&toks[i], n))
        }
        Tok::Bus(_) => next.is_some_and(|n| matches!(n.tok, Tok::Colon | Tok::Dollar)),
        _ => false,
    }
}

/// Splits the tokens into statement groups by line layout.
fn statement_groups(toks: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut groups = Vec::new();
    let mut start = 0;
    for i in 0..toks.len() {
        let t = &toks[i];
        let new = i == 0
            || (t.line_start && (t.blank_before || (!t.indented && starts_statement(toks, i))));
        if new && i > start {
            groups.push(start..i);
            start = i;
        }
    }
    if start < toks.len() {
        groups.push(start..toks.len());
    }
    groups
}

/// The result of parsing a program with recovery: the statements that parsed, the
/// syntax errors of the others, and what the failed statements were about to define.
#[derive(Debug)]
pub struct ParsedProgram {
    pub program: Program,
    pub errors: Vec<Diagnostic>,
    /// Bus names whose definitions failed to parse (still count as defined).
    pub failed_buses: Vec<String>,
    /// An output statement failed to parse (so "no output" is not reported).
    pub failed_output: bool,
}

/// Parses a whole program, recovering at each statement.
pub fn parse_program_recovering(source: &str) -> ParsedProgram {
    let toks = lex(source);
    let mut out = ParsedProgram {
        program: Program {
            statements: Vec::new(),
        },
        errors: Vec::new(),
        failed_buses: Vec::new(),
        failed_output: false,
    };
    for (gi, range) in statement_groups(&toks).into_iter().enumerate() {
        let group = &toks[range];
        let mut p = Parser::new(group);
        match p.statement(gi > 0) {
            Ok(s) => out.program.statements.push(s),
            Err(d) => {
                out.errors.push(d);
                match &group[0].tok {
                    Tok::Bus(name) => out.failed_buses.push(name.clone()),
                    Tok::Ident(name)
                        if matches!(
                            classify_head(name),
                            Head::Output(_) | Head::BadOutput | Head::Hush
                        ) || group.get(1).is_some_and(|n| n.tok == Tok::Colon) =>
                    {
                        out.failed_output = true;
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

/// Parses a whole program; all statements with syntax errors are reported.
pub fn parse_program(source: &str) -> Result<Program, Vec<Diagnostic>> {
    let parsed = parse_program_recovering(source);
    if parsed.errors.is_empty() {
        Ok(parsed.program)
    } else {
        Err(parsed.errors)
    }
}

/// Parses a single expression (line breaks and blank lines are just whitespace).
pub fn parse_expression(source: &str) -> Result<Expr, Vec<Diagnostic>> {
    let toks = lex(source);
    if toks.is_empty() {
        return Err(vec![Diagnostic::error(
            Span::new(0, 0),
            "expected an expression, found nothing",
        )]);
    }
    let mut p = Parser::new(&toks);
    let result = p.expr().and_then(|e| {
        p.expect_end()?;
        Ok(e)
    });
    result.map_err(|d| vec![d])
}

type PResult<T> = Result<T, Diagnostic>;

struct Parser<'t> {
    toks: &'t [Token],
    pos: usize,
    depth: usize,
    ops: usize,
}

impl<'t> Parser<'t> {
    fn new(toks: &'t [Token]) -> Self {
        Parser {
            toks,
            pos: 0,
            depth: 0,
            ops: 0,
        }
    }

    fn peek(&self) -> Option<&'t Token> {
        self.toks.get(self.pos)
    }

    fn peek_at(&self, k: usize) -> Option<&'t Token> {
        self.toks.get(self.pos + k)
    }

    fn peek_tok(&self) -> Option<&'t Tok> {
        self.peek().map(|t| &t.tok)
    }

    fn bump(&mut self) -> Option<&'t Token> {
        let t = self.toks.get(self.pos);
        if t.is_some() {
            self.pos += 1;
        }
        t
    }

    /// The empty span just after the last token (for "expected ..." at the end).
    fn end_span(&self) -> Span {
        let e = self.toks.last().map_or(0, |t| t.span.end);
        Span::new(e, e)
    }

    /// An error at the current token: "expected X, found Y" (or the lexer's message).
    fn unexpected(&self, expected: &str) -> Diagnostic {
        match self.peek() {
            Some(Token {
                tok: Tok::Error(m),
                span,
                ..
            }) => Diagnostic::error(*span, m.clone()),
            Some(t) => Diagnostic::error(
                t.span,
                format!("expected {expected}, found {}", t.tok.describe()),
            ),
            None => Diagnostic::error(
                self.end_span(),
                format!("expected {expected}, found the end of the statement"),
            ),
        }
    }

    fn expect_end(&self) -> PResult<()> {
        match self.peek() {
            None => Ok(()),
            Some(Token {
                tok: Tok::Error(m),
                span,
                ..
            }) => Err(Diagnostic::error(*span, m.clone())),
            Some(t) => Err(Diagnostic::error(
                t.span,
                format!(
                    "unexpected {} (expected the end of the statement)",
                    t.tok.describe()
                ),
            )),
        }
    }

    fn enter(&mut self, span: Span) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Diagnostic::error(span, "expression nested too deeply"));
        }
        Ok(())
    }

    fn enter_op(&mut self, span: Span) -> PResult<()> {
        self.ops += 1;
        if self.ops > MAX_OPS {
            return Err(Diagnostic::error(
                span,
                "expression too long: too many operators",
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    // ---------------------------------------------------------------- statements

    fn statement(&mut self, after_another: bool) -> PResult<Statement> {
        let first = match self.bump() {
            Some(t) => t,
            None => return Err(Diagnostic::error(Span::new(0, 0), "empty statement")),
        };
        let start = first.span.start;
        match &first.tok {
            Tok::Bus(name) => {
                self.separator(&format!("'~{name}'"), true)?;
                let expr = self.statement_expr(&format!("'~{name}:'"))?;
                let span = Span::new(start, expr.span.end);
                Ok(Statement {
                    kind: StatementKind::Bus {
                        name: name.clone(),
                        name_span: first.span,
                        expr,
                    },
                    span,
                })
            }
            Tok::Ident(name) => match classify_head(name) {
                Head::Output(target) => {
                    self.separator(&format!("'{name}'"), true)?;
                    let expr = self.statement_expr(&format!("'{name}:'"))?;
                    let span = Span::new(start, expr.span.end);
                    Ok(Statement {
                        kind: StatementKind::Output { target, expr },
                        span,
                    })
                }
                Head::BadOutput => Err(Diagnostic::error(
                    first.span,
                    format!(
                        "no output '{name}': numbered outputs are o1..o8 (also out1..out8, d1..d8; d9..d16 mix into out)"
                    ),
                )),
                Head::Tempo { bpm } => {
                    // Tidal's `setcps 0.5` takes its value without a colon.
                    if name != "setcps" || self.peek_tok() == Some(&Tok::Colon) {
                        self.separator(&format!("'{name}'"), false)?;
                    }
                    let expr = self.statement_expr(&format!("'{name}:'"))?;
                    self.expect_end()?;
                    let value = const_value(&expr).ok_or_else(|| {
                        Diagnostic::error(
                            expr.span,
                            format!(
                                "'{name}' needs a number, like '{name}: {}'",
                                if bpm { "120" } else { "0.5" }
                            ),
                        )
                    })?;
                    if !(value.is_finite() && value > 0.0) {
                        return Err(Diagnostic::error(
                            expr.span,
                            format!("'{name}' must be a positive number"),
                        ));
                    }
                    let cps = if bpm { value / 240.0 } else { value };
                    Ok(Statement {
                        kind: StatementKind::Tempo {
                            cps,
                            value_span: expr.span,
                        },
                        span: Span::new(start, expr.span.end),
                    })
                }
                Head::Hush => {
                    self.expect_end()?;
                    Ok(Statement {
                        kind: StatementKind::Hush,
                        span: first.span,
                    })
                }
                Head::Other => {
                    let colon = self
                        .peek()
                        .is_some_and(|n| n.tok == Tok::Colon && adjacent(first, n));
                    if colon {
                        let mut d =
                            Diagnostic::error(first.span, format!("unknown statement '{name}:'"));
                        if let Some(s) = closest(name, STATEMENT_WORDS.iter().copied()) {
                            d.message =
                                format!("unknown statement '{name}:' (did you mean '{s}'?)");
                            d = d.with_suggestion(s);
                        } else {
                            d = d.with_help("statements are `~name: ...`, `out: ...`, `o1: ...`, `tempo: ...`, `bpm: ...`, `hush`");
                        }
                        Err(d)
                    } else {
                        Err(not_a_statement(first, after_another))
                    }
                }
            },
            _ => Err(not_a_statement(first, after_another)),
        }
    }

    /// `:` (or `$` where allowed) after a statement head.
    fn separator(&mut self, head: &str, dollar_ok: bool) -> PResult<()> {
        match self.peek_tok() {
            Some(Tok::Colon) => {
                self.pos += 1;
                Ok(())
            }
            Some(Tok::Dollar) if dollar_ok => {
                self.pos += 1;
                Ok(())
            }
            _ => Err(self.unexpected(&format!(
                "':'{} after {head}",
                if dollar_ok { " or '$'" } else { "" }
            ))),
        }
    }

    fn statement_expr(&mut self, head: &str) -> PResult<Expr> {
        if self.peek().is_none() {
            return Err(self.unexpected(&format!("an expression after {head}")));
        }
        let e = self.expr()?;
        self.expect_end()?;
        Ok(e)
    }

    // --------------------------------------------------------------- expressions

    /// Full expression: the `#` level.
    fn expr(&mut self) -> PResult<Expr> {
        let lhs = self.apply()?;
        self.chain_rest(lhs)
    }

    /// `lhs # a # b ...` (left-associative).
    fn chain_rest(&mut self, mut lhs: Expr) -> PResult<Expr> {
        let mut opened = 0;
        let result = loop {
            if self.peek_tok() != Some(&Tok::Hash) {
                break Ok(lhs);
            }
            let hash = self.bump().map(|t| t.span).unwrap_or_default();
            if let Err(e) = self.enter_op(hash) {
                break Err(e);
            }
            opened += 1;
            if self.peek().is_none() {
                break Err(self.unexpected("an effect or control after '#' (like 'lpf 800')"));
            }
            let rhs = match self.apply() {
                Ok(r) => r,
                Err(e) => break Err(e),
            };
            lhs = chain_into_subject(lhs, rhs);
        };
        self.ops -= opened;
        result
    }

    /// The `$` level: all operands of a run in one `Apply`. Each operand is arithmetic
    /// with Tidal's shifts (`t <~ p` and `t ~> p`, the calls `early t p` and `late t p`)
    /// and compositions (`f . g . h`, a run of transforms without a subject applied right
    /// to left, the same as `(f $ g $ h)`). One function for all three levels, so nesting
    /// costs no more stack than it did before they existed.
    fn apply(&mut self) -> PResult<Expr> {
        let mut parts: Vec<Expr> = Vec::new();
        let mut composed: Vec<Expr> = Vec::new();
        loop {
            let mut x = self.arith()?;
            while let Some(Tok::Shift(late)) = self.peek_tok().cloned() {
                if self.peek_at(1).map(|t| &t.tok) == Some(&Tok::RParen) {
                    // `(0.25 <~)`: a section, finished by the parenthesis.
                    break;
                }
                let op_span = self.bump().map(|t| t.span).unwrap_or_default();
                if self.peek().is_none() {
                    return Err(self.unexpected("a pattern after the shift"));
                }
                let rhs = self.arith()?;
                x = shift_call(late, op_span, x, Some(rhs));
            }
            composed.push(x);
            match self.peek_tok() {
                Some(Tok::Dot) => {
                    self.pos += 1;
                    if self.peek().is_none() {
                        return Err(self.unexpected("a transform after '.'"));
                    }
                }
                Some(Tok::Dollar) => {
                    parts.push(composition(std::mem::take(&mut composed)));
                    self.pos += 1;
                    if self.peek().is_none() {
                        return Err(self.unexpected("an expression after '$'"));
                    }
                }
                _ => {
                    parts.push(composition(composed));
                    break;
                }
            }
        }
        fold_dollar_argument(&mut parts);
        if parts.len() == 1 {
            return Ok(parts.remove(0));
        }
        let span = parts[0].span.join(parts[parts.len() - 1].span);
        Ok(Expr {
            kind: ExprKind::Apply(parts),
            span,
        })
    }

    fn binary_level(
        &mut self,
        additive: bool,
        operand: fn(&mut Self) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let mut lhs = operand(self)?;
        let mut opened = 0;
        let result = loop {
            let op = match self.peek_tok() {
                Some(Tok::Op(op)) if is_additive(*op) == additive => *op,
                _ => break Ok(lhs),
            };
            let op_span = self.bump().map(|t| t.span).unwrap_or_default();
            if let Err(e) = self.enter_op(op_span) {
                break Err(e);
            }
            opened += 1;
            if self.peek().is_none() {
                break Err(self.unexpected(&format!("an operand after '{}'", op_text(op))));
            }
            let rhs = match operand(self) {
                Ok(r) => r,
                Err(e) => break Err(e),
            };
            let span = lhs.span.join(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                span,
            };
        };
        self.ops -= opened;
        result
    }

    fn arith(&mut self) -> PResult<Expr> {
        self.binary_level(true, Self::term)
    }

    fn term(&mut self) -> PResult<Expr> {
        self.binary_level(false, Self::unary)
    }

    fn is_minus(tok: Option<&Tok>) -> bool {
        matches!(
            tok,
            Some(Tok::Op(Operator::Arith(BinOp::Sub, Structure::Both)))
        )
    }

    /// `-` directly followed by a number: a negative number literal.
    fn negative_number_here(&self) -> bool {
        Self::is_minus(self.peek_tok())
            && matches!(
                (self.peek(), self.peek_at(1)),
                (Some(m), Some(n)) if matches!(n.tok, Tok::Number(_)) && adjacent(m, n)
            )
    }

    fn number_literal(&mut self, negative: bool) -> PResult<Expr> {
        let start = self.peek().map_or(0, |t| t.span.start);
        if negative {
            self.pos += 1;
        }
        let t = match self.bump() {
            Some(t) => t,
            None => return Err(self.unexpected("a number")),
        };
        let Tok::Number(text) = &t.tok else {
            return Err(Diagnostic::error(t.span, "expected a number"));
        };
        let text = if negative {
            format!("-{text}")
        } else {
            text.clone()
        };
        let value: f64 = text.parse().unwrap_or(f64::NAN);
        if !value.is_finite() {
            return Err(Diagnostic::error(
                Span::new(start, t.span.end),
                format!("number {text} is out of range"),
            ));
        }
        Ok(Expr {
            kind: ExprKind::Number { value, text },
            span: Span::new(start, t.span.end),
        })
    }

    fn unary(&mut self) -> PResult<Expr> {
        if self.negative_number_here() {
            return self.number_literal(true);
        }
        if Self::is_minus(self.peek_tok()) {
            let minus = self.bump().map(|t| t.span).unwrap_or_default();
            self.enter(minus)?;
            if self.peek().is_none() {
                self.leave();
                return Err(self.unexpected("an operand after '-'"));
            }
            let inner = self.unary();
            self.leave();
            let inner = inner?;
            let span = minus.join(inner.span);
            return Ok(Expr {
                kind: ExprKind::Neg(Box::new(inner)),
                span,
            });
        }
        self.call()
    }

    /// Does the current token begin an argument of a call?
    fn at_argument(&self) -> bool {
        match self.peek_tok() {
            Some(Tok::Number(_) | Tok::Str(_) | Tok::Bus(_) | Tok::Ident(_))
            | Some(Tok::LParen | Tok::LBracket) => true,
            // `:key` (colon glued to a name)
            Some(Tok::Colon) => matches!(
                (self.peek(), self.peek_at(1)),
                (Some(c), Some(n)) if matches!(n.tok, Tok::Ident(_)) && adjacent(c, n)
            ),
            // ` -1`: a minus with space before and glued to a number is a negative argument
            Some(_) if self.negative_number_here() => {
                let m = &self.toks[self.pos];
                self.pos > 0 && self.toks[self.pos - 1].span.end < m.span.start
            }
            _ => false,
        }
    }

    fn call(&mut self) -> PResult<Expr> {
        let Some(Token {
            tok: Tok::Ident(name),
            span: name_span,
            ..
        }) = self.peek()
        else {
            return self.atom();
        };
        self.pos += 1;
        let mut args = Vec::new();
        let mut end = name_span.end;
        while self.at_argument() {
            let keyword = if self.peek_tok() == Some(&Tok::Colon) {
                let colon = self.bump().map(|t| t.span).unwrap_or_default();
                match self.bump() {
                    Some(Token {
                        tok: Tok::Ident(k),
                        span,
                        ..
                    }) => {
                        if !self.at_argument() || self.peek_tok() == Some(&Tok::Colon) {
                            return Err(self.unexpected(&format!("a value for ':{k}'")));
                        }
                        Some((k.clone(), colon.join(*span)))
                    }
                    _ => return Err(Diagnostic::error(colon, "expected a name after ':'")),
                }
            } else {
                None
            };
            let value = if self.negative_number_here() {
                self.number_literal(true)?
            } else {
                self.atom()?
            };
            end = value.span.end;
            match (keyword, value.kind) {
                // Tidal's pair argument, `zoom (0.25, 0.75)`, `within (0, 0.5) f`: its
                // items are consecutive arguments (`zoom 0.25 0.75`).
                (None, ExprKind::Tuple(items)) => args.extend(items.into_iter().map(|value| Arg {
                    keyword: None,
                    value,
                })),
                (keyword, kind) => args.push(Arg {
                    keyword,
                    value: Expr {
                        kind,
                        span: value.span,
                    },
                }),
            }
        }
        Ok(Expr {
            kind: ExprKind::Call {
                name: name.clone(),
                name_span: *name_span,
                args,
                resolved: Default::default(),
            },
            span: Span::new(name_span.start, end),
        })
    }

    fn atom(&mut self) -> PResult<Expr> {
        let Some(t) = self.peek() else {
            return Err(self.unexpected("an expression"));
        };
        match &t.tok {
            Tok::Number(_) => self.number_literal(false),
            Tok::Str(s) => {
                self.pos += 1;
                Ok(Expr {
                    kind: ExprKind::Str(s.clone()),
                    span: t.span,
                })
            }
            Tok::Bus(n) => {
                self.pos += 1;
                Ok(Expr {
                    kind: ExprKind::Bus(n.clone()),
                    span: t.span,
                })
            }
            Tok::Ident(n) => {
                self.pos += 1;
                Ok(Expr {
                    kind: ExprKind::Call {
                        name: n.clone(),
                        name_span: t.span,
                        args: Vec::new(),
                        resolved: Default::default(),
                    },
                    span: t.span,
                })
            }
            Tok::LParen => {
                self.pos += 1;
                self.enter(t.span)?;
                let r = self.paren(t.span);
                self.leave();
                r
            }
            Tok::LBracket => {
                self.pos += 1;
                self.enter(t.span)?;
                let r = self.list(t.span);
                self.leave();
                r
            }
            _ => Err(self.unexpected("an expression")),
        }
    }

    fn close(&mut self, open: Span, close: Tok, what: &str) -> PResult<Span> {
        match self.peek() {
            Some(t) if t.tok == close => {
                self.pos += 1;
                Ok(t.span)
            }
            Some(Token {
                tok: Tok::Error(m),
                span,
                ..
            }) => Err(Diagnostic::error(*span, m.clone())),
            Some(t) => Err(Diagnostic::error(
                t.span,
                format!("expected {what}, found {}", t.tok.describe()),
            )),
            None => {
                let opener = if close == Tok::RParen { "(" } else { "[" };
                Err(Diagnostic::error(
                    open,
                    format!("unclosed '{opener}': expected {what} before the end of the statement"),
                ))
            }
        }
    }

    /// After `(`: a section `(# f x)`, `(+ 12)`, `(|* 2)`, or a parenthesised expression.
    fn paren(&mut self, open: Span) -> PResult<Expr> {
        match self.peek_tok() {
            Some(Tok::RParen) => {
                let t = self.peek().map(|t| t.span).unwrap_or(open);
                Err(Diagnostic::error(open.join(t), "empty parentheses"))
            }
            Some(Tok::Hash) => {
                self.pos += 1;
                if self.peek().is_none() {
                    return Err(self.unexpected("an effect or control after '#'"));
                }
                let first = self.apply()?;
                let inner = self.chain_rest(first)?;
                let close = self.close(open, Tok::RParen, "')' to close the section")?;
                Ok(Expr {
                    kind: ExprKind::ChainSection(Box::new(inner)),
                    span: open.join(close),
                })
            }
            Some(Tok::Op(op)) if !Self::is_minus(self.peek_tok()) => {
                let op = *op;
                self.pos += 1;
                if self.peek().is_none() {
                    return Err(self.unexpected(&format!("an operand after '{}'", op_text(op))));
                }
                let rhs = if is_additive(op) {
                    self.term()?
                } else {
                    self.unary()?
                };
                let close = self.close(open, Tok::RParen, "')' to close the section")?;
                Ok(Expr {
                    kind: ExprKind::OpSection {
                        op,
                        rhs: Box::new(rhs),
                    },
                    span: open.join(close),
                })
            }
            _ => {
                let inner = self.expr()?;
                if self.peek_tok() == Some(&Tok::Comma) {
                    // A tuple, `(1, "a b")`.
                    let mut items = vec![inner];
                    while self.peek_tok() == Some(&Tok::Comma) {
                        self.pos += 1;
                        items.push(self.expr()?);
                    }
                    let close = self.close(open, Tok::RParen, "')' to close the tuple")?;
                    return Ok(Expr {
                        kind: ExprKind::Tuple(items),
                        span: open.join(close),
                    });
                }
                // `(0.25 <~)`: a shift waiting for its pattern, `early 0.25`.
                if let Some(Tok::Shift(late)) = self.peek_tok().cloned() {
                    if self.peek_at(1).map(|t| &t.tok) == Some(&Tok::RParen) {
                        let op_span = self.bump().map(|t| t.span).unwrap_or_default();
                        let close = self.close(open, Tok::RParen, "')'")?;
                        let mut call = shift_call(late, op_span, inner, None);
                        call.span = open.join(close);
                        return Ok(call);
                    }
                }
                let close = self.close(open, Tok::RParen, "')'")?;
                Ok(Expr {
                    kind: ExprKind::Paren(Box::new(inner)),
                    span: open.join(close),
                })
            }
        }
    }

    /// After `[`: `a, b, c]` (trailing comma allowed, empty list allowed).
    fn list(&mut self, open: Span) -> PResult<Expr> {
        let mut items = Vec::new();
        loop {
            if let Some(t) = self.peek() {
                if t.tok == Tok::RBracket {
                    self.pos += 1;
                    return Ok(Expr {
                        kind: ExprKind::List(items),
                        span: open.join(t.span),
                    });
                }
            }
            if self.peek().is_none() {
                return Err(Diagnostic::error(
                    open,
                    "unclosed '[': expected ']' before the end of the statement",
                ));
            }
            items.push(self.expr()?);
            match self.peek_tok() {
                Some(Tok::Comma) => self.pos += 1,
                Some(Tok::RBracket) => {}
                _ => return Err(self.unexpected_in_list(open)),
            }
        }
    }

    fn unexpected_in_list(&self, open: Span) -> Diagnostic {
        if self.peek().is_none() {
            Diagnostic::error(
                open,
                "unclosed '[': expected ']' before the end of the statement",
            )
        } else {
            self.unexpected("',' or ']' in the list")
        }
    }
}

fn not_a_statement(first: &Token, after_another: bool) -> Diagnostic {
    if let Tok::Error(m) = &first.tok {
        return Diagnostic::error(first.span, m.clone());
    }
    let found = first.tok.describe();
    if first.blank_before && after_another {
        Diagnostic::error(first.span, format!("expected a statement, found {found}"))
            .with_help("a blank line ends a statement; remove it to continue the previous one")
    } else {
        Diagnostic::error(first.span, format!("expected a statement, found {found}")).with_help(
            "statements are `~name: ...`, `out: ...`, `o1: ...`, `tempo: ...`, `bpm: ...`, `hush`",
        )
    }
}

/// The value of a constant arithmetic expression (`0.5`, `135/60/4`, `-(1)`).
pub fn const_value(e: &Expr) -> Option<f64> {
    match &e.kind {
        ExprKind::Number { value, .. } => Some(*value),
        ExprKind::Paren(inner) => const_value(inner),
        ExprKind::Neg(inner) => const_value(inner).map(|v| -v),
        ExprKind::Binary {
            op: Operator::Arith(op, _),
            lhs,
            rhs,
        } => {
            let (a, b) = (const_value(lhs)?, const_value(rhs)?);
            Some(match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div => a / b,
                BinOp::Mod => floored_mod(a, b),
            })
        }
        _ => None,
    }
}

/// The remainder with the sign of the divisor (Haskell's `mod`, Tidal's `|%|`); 0 for a
/// zero divisor.
pub fn floored_mod(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a - b * (a / b).floor()
    }
}

/// `t <~ p` as the call `early t p` (`~>`: `late`), `p` absent in a section `(t <~)`.
fn shift_call(late: bool, op_span: Span, by: Expr, subject: Option<Expr>) -> Expr {
    let span = match &subject {
        Some(p) => by.span.join(p.span),
        None => by.span.join(op_span),
    };
    let mut args = vec![Arg {
        keyword: None,
        value: by,
    }];
    args.extend(subject.map(|value| Arg {
        keyword: None,
        value,
    }));
    Expr {
        kind: ExprKind::Call {
            name: if late { "late" } else { "early" }.to_string(),
            name_span: op_span,
            args,
            resolved: Default::default(),
        },
        span,
    }
}

/// `f . g . h` as the parenthesised run `(f $ g $ h)`; a single operand as it is.
/// `lhs # rhs`. In Tidal `#` binds tighter than `$`, so after a run written in Tidal's
/// order (transforms, then the pattern last: `fast 2 $ s "bd sn" # n "0 1"`) the chain
/// belongs to the pattern, and the transforms apply to the whole of it. After a run in
/// Phonon's order (`s "bd sn" $ fast 2 # n "0 1"`), or anything else, `#` takes the whole
/// left side.
fn chain_into_subject(lhs: Expr, rhs: Expr) -> Expr {
    let span = lhs.span.join(rhs.span);
    match lhs.kind {
        ExprKind::Apply(mut parts)
            if parts.len() >= 2 && super::check::apply_subject(&parts) == Some(parts.len() - 1) =>
        {
            let last = parts.pop().map(|p| chain_into_subject(p, rhs));
            parts.extend(last);
            Expr {
                kind: ExprKind::Apply(parts),
                span,
            }
        }
        kind => Expr {
            kind: ExprKind::Chain {
                lhs: Box::new(Expr {
                    kind,
                    span: lhs.span,
                }),
                rhs: Box::new(rhs),
            },
            span,
        },
    }
}

/// Haskell's `f $ x` is `f x`: in a `$` run, an operand that calls a function lacking a
/// required argument (`sound $ shuffle 3 "bd sn"`, `const $ s "cp"`) takes the rest of the
/// run as that argument.
fn fold_dollar_argument(parts: &mut Vec<Expr>) {
    let lacks_argument = |e: &Expr| match &e.kind {
        ExprKind::Call { name, args, .. } => crate::registry::lookup(name).is_some_and(|spec| {
            // an effect's input comes from `#`, not from `$`
            let required = spec
                .params
                .iter()
                .filter(|p| p.default.is_none() && p.kind != crate::registry::ParamKind::Input)
                .count();
            args.iter().filter(|a| a.keyword.is_none()).count() < required
        }),
        _ => false,
    };
    let Some(i) = parts[..parts.len().saturating_sub(1)]
        .iter()
        .position(lacks_argument)
    else {
        return;
    };
    let mut rest: Vec<Expr> = parts.drain(i + 1..).collect();
    let value = if rest.len() == 1 {
        rest.remove(0)
    } else {
        let span = rest[0].span.join(rest[rest.len() - 1].span);
        Expr {
            kind: ExprKind::Apply(rest),
            span,
        }
    };
    let head = &mut parts[i];
    head.span = head.span.join(value.span);
    if let ExprKind::Call { args, .. } = &mut head.kind {
        args.push(Arg {
            keyword: None,
            value,
        });
    }
}

fn composition(mut items: Vec<Expr>) -> Expr {
    if items.len() == 1 {
        return items.remove(0);
    }
    let span = items[0].span.join(items[items.len() - 1].span);
    Expr {
        kind: ExprKind::Paren(Box::new(Expr {
            kind: ExprKind::Apply(items),
            span,
        })),
        span,
    }
}
