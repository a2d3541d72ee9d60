//! Prints a syntax tree back as source text. Parentheses in the source are kept as
//! `Paren` nodes, so printing needs no precedence logic: the output parses back to the
//! same tree (tested as round trips of every example), which the editor can use to show
//! or reformat code.

use std::fmt;

use super::ast::{Expr, ExprKind, OutputTarget, Program, Statement, StatementKind};
use super::lexer::op_text;

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Number { text, .. } => write!(f, "{text}"),
            ExprKind::Str(text) => write!(f, "\"{text}\""),
            ExprKind::Bus(name) => write!(f, "~{name}"),
            ExprKind::Call { name, args, .. } => {
                write!(f, "{name}")?;
                for a in args {
                    match &a.keyword {
                        Some((k, _)) => write!(f, " :{k} {}", a.value)?,
                        None => write!(f, " {}", a.value)?,
                    }
                }
                Ok(())
            }
            ExprKind::Binary { op, lhs, rhs } => write!(f, "{lhs} {} {rhs}", op_text(*op)),
            ExprKind::Neg(inner) => write!(f, "-{inner}"),
            ExprKind::Chain { lhs, rhs } => write!(f, "{lhs} # {rhs}"),
            ExprKind::Apply(parts) => {
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        write!(f, " $ ")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
            ExprKind::ChainSection(rhs) => write!(f, "(# {rhs})"),
            ExprKind::OpSection { op, rhs } => write!(f, "({} {rhs})", op_text(*op)),
            ExprKind::List(items) => {
                write!(f, "[")?;
                for (i, e) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{e}")?;
                }
                write!(f, "]")
            }
            ExprKind::Tuple(items) => {
                write!(f, "(")?;
                for (i, e) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{e}")?;
                }
                write!(f, ")")
            }
            ExprKind::Paren(inner) => write!(f, "({inner})"),
        }
    }
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            StatementKind::Bus { name, expr, .. } => write!(f, "~{name}: {expr}"),
            StatementKind::Output {
                target: OutputTarget::Main,
                expr,
            } => write!(f, "out: {expr}"),
            StatementKind::Output {
                target: OutputTarget::Numbered(n),
                expr,
            } => write!(f, "o{n}: {expr}"),
            StatementKind::Tempo { cps, .. } => write!(f, "cps: {cps}"),
            StatementKind::Hush => write!(f, "hush"),
        }
    }
}

impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.statements {
            writeln!(f, "{s}")?;
        }
        Ok(())
    }
}
