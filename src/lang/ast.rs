//! The syntax tree of a Phonon program. Plain data: every node carries the byte span
//! of the source it came from, so every later phase can point at it in an error.

/// A byte range `start..end` into the program text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    pub statements: Vec<Statement>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub kind: StatementKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StatementKind {
    /// `~name: expr` or `~name $ expr`. `name` is without the `~`.
    Bus {
        name: String,
        name_span: Span,
        expr: Expr,
    },
    /// `out:`, `o1:`..`o8:`, `out1`..`out8`, `d1`..`d8`.
    Output { target: OutputTarget, expr: Expr },
    /// `tempo: N` / `cps: N` (cycles per second) or `bpm: N` (converted: 4 beats per cycle).
    Tempo { cps: f64, value_span: Span },
    /// `hush`: silence every output.
    Hush,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutputTarget {
    /// `out`: the main output.
    Main,
    /// `o1`..`o8` (and `out1`.., `d1`..): a numbered output, 1-based; `d9`..`d16` have no
    /// output of their own and mix into the main one.
    Numbered(u8),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    /// `|%`, `%|`, `|%|`: the remainder (floored, as Haskell's `mod`). A bare `%` is
    /// Tidal's rational literal (`1%8`), division.
    Mod,
}

/// Which side of a pattern operation gives the structure (Tidal's `|+`, `+|`, `|+|`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Structure {
    /// Plain `+`: structure from both sides.
    Both,
    /// `|+`: structure from the left.
    Left,
    /// `+|`: structure from the right.
    Right,
}

/// The operator of an arithmetic expression or an operator section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `+ - * /` with a structure side.
    Arith(BinOp, Structure),
    /// `|<` (`<|`, `|<|` with the structure from the right or both): values from the
    /// left, kept where the right has events (for control maps: union preferring the
    /// left's values).
    KeepLeft(Structure),
    /// `|>` (`>|`, `|>|`): values from the right (for control maps: union preferring the
    /// right's values; `#` between control patterns is `|>`).
    KeepRight(Structure),
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A number literal. `text` is kept so constants stay exact (`1/3` is not 0.333...).
    Number { value: f64, text: String },
    /// A `"..."` string: mini-notation. `text` is the content without quotes; it starts at
    /// byte `span.start + 1` of the source.
    Str(String),
    /// `~name` (without the `~`).
    Bus(String),
    /// `name arg arg :key arg`; a bare name is a call with no arguments.
    Call {
        name: String,
        name_span: Span,
        args: Vec<Arg>,
        /// How the checker bound the arguments to the function's parameters (empty until
        /// the call is checked); the evaluator and the compiler read it.
        resolved: Resolved,
    },
    /// `a + b`, `a |* b`, ...
    Binary {
        op: Operator,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// Unary minus.
    Neg(Box<Expr>),
    /// `a # f x y`: `lhs` feeds `rhs` (effect input, or per-event parameters after `s`).
    Chain { lhs: Box<Expr>, rhs: Box<Expr> },
    /// `a $ b $ c`: the operands in source order. Which one is the subject and which are
    /// transforms is decided with the registry (see `lang::check`): transforms before
    /// the subject apply right to left (Tidal: `fast 2 $ s "bd"`), after it left to right
    /// (`s "bd" $ fast 2 $ rev`).
    Apply(Vec<Expr>),
    /// `(# f x)`: a chain with its input missing, used as a transform argument.
    ChainSection(Box<Expr>),
    /// `(|+ 12)`, `(+ 12)`, `(* 2)`: an operator with its left side missing.
    OpSection { op: Operator, rhs: Box<Expr> },
    /// Tidal's tuple `(a, b)`: as a call's argument its items are consecutive arguments;
    /// in a list it is one item of `wchoose`, `timeCat` ...
    Tuple(Vec<Expr>),
    /// `[a, b, c]`.
    List(Vec<Expr>),
    /// `( expr )`, kept so the span of the parentheses is known.
    Paren(Box<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    /// `:name` for a keyword argument.
    pub keyword: Option<(String, Span)>,
    pub value: Expr,
}

/// The checker's binding of one call, kept in the tree so that the stages after it read it
/// instead of binding the call again (see [`super::bind`]). Derived data: two trees that
/// differ only here are equal.
#[derive(Clone, Default)]
pub struct Resolved(pub(crate) std::sync::OnceLock<super::bind::Resolution>);

impl PartialEq for Resolved {
    fn eq(&self, _: &Resolved) -> bool {
        true
    }
}

impl std::fmt::Debug for Resolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.get() {
            Some(r) => write!(f, "Resolved({})", r.spec.name),
            None => write!(f, "Unresolved"),
        }
    }
}
