//! Binding a call's arguments to its function's parameters: one set of rules. Keywords
//! bind by name, positionals in order (after the input when `#` injects one); positionals
//! past the parameters are a transform's pattern or a variadic function's extras.
//!
//! The checker binds each call once ([`resolve`]) and leaves the result in the call
//! ([`super::ast::Resolved`]); the evaluator and the compiler read it back ([`bound`]).
//! An expression nobody checked (a unit test's) is bound there on demand, by the same
//! rules.

use super::ast::{Arg, Expr, Resolved, Span};
use super::diagnostics::{closest, Diagnostic};
use crate::registry::{Category, FunctionSpec};

/// What fills one parameter slot.
#[derive(Clone, Copy, Debug)]
pub enum Slot<'a> {
    /// An argument given in the call.
    Given(&'a Expr),
    /// The input injected by `#` (the left side of the chain).
    Input,
    /// The parameter's default, as source text.
    Default(&'static str),
    /// Required and not given (the checker has reported it).
    Missing,
}

/// A call bound to its entry.
#[derive(Clone, Debug)]
pub struct Bound<'a> {
    pub spec: &'static FunctionSpec,
    /// One slot per parameter, in the entry's order.
    pub slots: Vec<Slot<'a>>,
    /// Positional arguments past the parameters: a transform's pattern (its last argument,
    /// Tidal's order) or a variadic function's extra values.
    pub extra: Vec<&'a Expr>,
    /// Arguments that could not be bound (unknown or repeated keywords, too many
    /// positionals), reported in [`Binding::errors`].
    pub unbound: Vec<&'a Expr>,
    /// Per slot, the index of the argument given for it; per extra, its index.
    given_at: Vec<Option<usize>>,
    extra_at: Vec<usize>,
}

/// A call's binding as indices into its arguments: what the checker keeps in the tree.
#[derive(Clone, Debug)]
pub struct Resolution {
    pub spec: &'static FunctionSpec,
    /// Whether the call received the left side of `#` as its input.
    pub injected: bool,
    slots: Vec<SlotAt>,
    extra: Vec<usize>,
}

#[derive(Clone, Copy, Debug)]
enum SlotAt {
    Given(usize),
    Input,
    Default(&'static str),
    Missing,
}

impl<'a> Bound<'a> {
    /// The expression given for parameter `i`, if one was.
    pub fn given(&self, i: usize) -> Option<&'a Expr> {
        match self.slots.get(i) {
            Some(Slot::Given(e)) => Some(e),
            _ => None,
        }
    }

    /// The binding as indices, to keep in the tree.
    fn resolution(&self, injected: bool) -> Resolution {
        let slots = self
            .slots
            .iter()
            .zip(&self.given_at)
            .map(|(slot, at)| match (slot, at) {
                (Slot::Given(_), Some(i)) => SlotAt::Given(*i),
                (Slot::Input, _) => SlotAt::Input,
                (Slot::Default(d), _) => SlotAt::Default(d),
                _ => SlotAt::Missing,
            })
            .collect();
        Resolution {
            spec: self.spec,
            injected,
            slots,
            extra: self.extra_at.clone(),
        }
    }

    /// The pattern a transform call was given as its last argument (`fast 2 "a b"`).
    pub fn subject(&self) -> Option<&'a Expr> {
        match self.spec.category {
            Category::Transform => self.extra.last().copied(),
            _ => None,
        }
    }
}

/// A binding and what was wrong with the call.
pub struct Binding<'a> {
    pub bound: Bound<'a>,
    pub errors: Vec<Diagnostic>,
}

/// Binds `args` of a call of `spec` (named at `name_span`); `injected`: the call receives
/// the left side of `#` as its input.
pub fn bind<'a>(
    spec: &'static FunctionSpec,
    name_span: Span,
    args: &'a [Arg],
    injected: bool,
) -> Binding<'a> {
    let params = spec.params;
    let input_injected = injected && spec.has_input();
    let mut slots: Vec<Slot<'a>> = params
        .iter()
        .map(|p| p.default.map_or(Slot::Missing, Slot::Default))
        .collect();
    let mut filled = vec![false; params.len()];
    let mut given_at: Vec<Option<usize>> = vec![None; params.len()];
    let mut next = 0;
    if input_injected {
        slots[0] = Slot::Input;
        filled[0] = true;
        next = 1;
    }
    let mut errors = Vec::new();
    let mut unbound = Vec::new();
    let mut seen_keyword = false;
    let mut positional_extra: Vec<(usize, &'a Arg)> = Vec::new();
    for (at, arg) in args.iter().enumerate() {
        match &arg.keyword {
            None => {
                if seen_keyword {
                    errors.push(Diagnostic::error(
                        arg.value.span,
                        "positional argument after a keyword argument",
                    ));
                    unbound.push(&arg.value);
                } else if next < params.len() {
                    filled[next] = true;
                    slots[next] = Slot::Given(&arg.value);
                    given_at[next] = Some(at);
                    next += 1;
                } else {
                    positional_extra.push((at, arg));
                }
            }
            Some((k, kspan)) => {
                seen_keyword = true;
                match params.iter().position(|p| p.name == k) {
                    None => {
                        let mut d = Diagnostic::error(
                            *kspan,
                            format!(
                                "'{}' has no parameter '{k}' (its parameters: {})",
                                spec.name,
                                params.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
                            ),
                        );
                        if let Some(s) = closest(k, params.iter().map(|p| p.name)) {
                            d = d.with_suggestion(format!(":{s}"));
                        }
                        errors.push(d);
                        unbound.push(&arg.value);
                    }
                    Some(i) if filled[i] => {
                        errors.push(Diagnostic::error(
                            *kspan,
                            format!("argument '{k}' of '{}' is given twice", spec.name),
                        ));
                        unbound.push(&arg.value);
                    }
                    Some(i) => {
                        filled[i] = true;
                        slots[i] = Slot::Given(&arg.value);
                        given_at[i] = Some(at);
                    }
                }
            }
        }
    }
    let got = args.len() + usize::from(input_injected);
    let positional = args.iter().filter(|a| a.keyword.is_none()).count();
    let mut extra = Vec::new();
    let extra_at: Vec<usize> = positional_extra.iter().map(|(at, _)| *at).collect();
    let mut too_many = false;
    match spec.max_args() {
        Some(max) if positional + usize::from(input_injected) > max => {
            let first_extra = (max - usize::from(input_injected)).min(args.len() - 1);
            let span = args[first_extra]
                .value
                .span
                .join(args[args.len() - 1].value.span);
            let span = match &args[first_extra].keyword {
                Some((_, ks)) => span.join(*ks),
                None => span,
            };
            let msg = if max == 0 {
                format!("'{}' takes no arguments, got {got}", spec.name)
            } else {
                format!(
                    "'{}' takes at most {max} argument{} ({}), got {got}",
                    spec.name,
                    if max == 1 { "" } else { "s" },
                    spec.param_list()
                )
            };
            errors.push(Diagnostic::error(span, msg));
            unbound.extend(positional_extra.iter().map(|(_, a)| &a.value));
            too_many = true;
        }
        _ => extra.extend(positional_extra.iter().map(|(_, a)| &a.value)),
    }
    let missing: Vec<&str> = params
        .iter()
        .zip(&filled)
        .filter(|(p, f)| !**f && p.default.is_none())
        .map(|(p, _)| p.name)
        .collect();
    if !missing.is_empty() && !too_many {
        let required = spec.required_count();
        let msg = if got < required {
            let names: Vec<&str> = params
                .iter()
                .filter(|p| p.default.is_none())
                .map(|p| p.name)
                .collect();
            format!(
                "'{}' needs {} {required} argument{} ({}), got {got}",
                spec.name,
                if required == params.len() {
                    ""
                } else {
                    "at least"
                },
                if required == 1 { "" } else { "s" },
                names.join(", ")
            )
            .replace("needs  ", "needs ")
        } else {
            format!("'{}' is missing its argument '{}'", spec.name, missing[0])
        };
        errors.push(Diagnostic::error(name_span, msg));
    }
    Binding {
        bound: Bound {
            spec,
            slots,
            extra,
            unbound,
            given_at,
            extra_at,
        },
        errors,
    }
}

/// Binds a call and, when it is well formed, keeps the binding in the call for the stages
/// after the checker. What the checker calls.
pub fn resolve<'a>(
    spec: &'static FunctionSpec,
    name_span: Span,
    args: &'a [Arg],
    injected: bool,
    resolved: &Resolved,
) -> Binding<'a> {
    let binding = bind(spec, name_span, args, injected);
    if binding.errors.is_empty() {
        // A tree checked twice keeps its first binding (the same one).
        let _ = resolved.0.set(binding.bound.resolution(injected));
    }
    binding
}

/// The binding of a call: the one the checker kept, or, for an expression nobody checked,
/// bound now by the same rules (`injected`: it receives the left side of `#`). Errors are
/// reported by the checker; here the first one, if any, is returned.
pub fn bound<'a>(
    spec: &'static FunctionSpec,
    name_span: Span,
    args: &'a [Arg],
    injected: bool,
    resolved: &Resolved,
) -> Result<Bound<'a>, Diagnostic> {
    if let Some(r) = resolved.0.get() {
        if std::ptr::eq(r.spec, spec) && r.injected == injected {
            return Ok(from_resolution(r, args));
        }
    }
    let binding = bind(spec, name_span, args, injected);
    match binding.errors.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(binding.bound),
    }
}

fn from_resolution<'a>(r: &Resolution, args: &'a [Arg]) -> Bound<'a> {
    let arg = |i: usize| &args[i.min(args.len().saturating_sub(1))].value;
    let slots = r
        .slots
        .iter()
        .map(|s| match *s {
            SlotAt::Given(i) if i < args.len() => Slot::Given(arg(i)),
            SlotAt::Given(_) | SlotAt::Missing => Slot::Missing,
            SlotAt::Input => Slot::Input,
            SlotAt::Default(d) => Slot::Default(d),
        })
        .collect();
    let given_at = r
        .slots
        .iter()
        .map(|s| match *s {
            SlotAt::Given(i) => Some(i),
            _ => None,
        })
        .collect();
    Bound {
        spec: r.spec,
        slots,
        extra: r
            .extra
            .iter()
            .filter(|&&i| i < args.len())
            .map(|&i| arg(i))
            .collect(),
        unbound: Vec::new(),
        given_at,
        extra_at: r.extra.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::ast::{ExprKind, StatementKind};

    fn calls<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
        match &e.kind {
            ExprKind::Call { args, .. } => {
                out.push(e);
                for a in args {
                    calls(&a.value, out);
                }
            }
            ExprKind::Binary { lhs, rhs, .. } | ExprKind::Chain { lhs, rhs } => {
                calls(lhs, out);
                calls(rhs, out);
            }
            ExprKind::Neg(x) | ExprKind::Paren(x) | ExprKind::ChainSection(x) => calls(x, out),
            ExprKind::OpSection { rhs, .. } => calls(rhs, out),
            ExprKind::Apply(xs) | ExprKind::List(xs) => xs.iter().for_each(|x| calls(x, out)),
            _ => {}
        }
    }

    /// The checker leaves every call of a valid program bound, and the later stages read
    /// that binding back instead of binding again.
    #[test]
    fn the_checker_binds_every_call_once_for_the_stages_after_it() {
        let src = "~a: saw \"55 110\" # lpf (sine 0.5 * 400 + 800) :q 2\nout: ~a * 0.2 + s \"bd*2\" # gain 0.8 $ every 2 (fast 2) $ jux rev\n";
        let program = crate::lang::check_program(src).unwrap();
        let mut found = Vec::new();
        for st in &program.statements {
            if let StatementKind::Bus { expr, .. } | StatementKind::Output { expr, .. } = &st.kind {
                calls(expr, &mut found);
            }
        }
        assert!(found.len() >= 9, "{} calls", found.len());
        for e in found {
            let ExprKind::Call {
                name,
                name_span,
                args,
                resolved,
            } = &e.kind
            else {
                unreachable!()
            };
            let r = resolved
                .0
                .get()
                .unwrap_or_else(|| panic!("'{name}' is not bound"));
            let spec = crate::registry::lookup(name).unwrap();
            let b = bound(spec, *name_span, args, r.injected, resolved).unwrap();
            // What comes back is the kept binding: the same expressions, not copies.
            for (slot, at) in b.slots.iter().zip(&b.given_at) {
                if let (Slot::Given(x), Some(i)) = (slot, at) {
                    assert!(std::ptr::eq(*x, &args[*i].value), "'{name}'");
                }
            }
        }
    }

    /// An unchecked call is bound on demand by the same rules, errors included.
    #[test]
    fn an_unchecked_call_is_bound_on_demand() {
        let e = crate::lang::parse_expr("lpf 800 :q 2 :q 3").unwrap();
        let ExprKind::Call {
            name_span,
            args,
            resolved,
            ..
        } = &e.kind
        else {
            unreachable!()
        };
        let spec = crate::registry::lookup("lpf").unwrap();
        assert!(resolved.0.get().is_none());
        let err = bound(spec, *name_span, args, true, resolved).unwrap_err();
        assert!(err.message.contains("given twice"), "{}", err.message);
    }
}
