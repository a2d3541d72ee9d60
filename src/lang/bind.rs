//! Binding a call's arguments to its function's parameters: the one set of rules that the
//! checker, the pattern evaluator and the graph compiler share. Keywords bind by name,
//! positionals in order (after the input when `#` injects one); positionals past the
//! parameters are a transform's pattern or a variadic function's extras.

use super::ast::{Arg, Expr, Span};
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
}

impl<'a> Bound<'a> {
    /// The expression given for parameter `i`, if one was.
    pub fn given(&self, i: usize) -> Option<&'a Expr> {
        match self.slots.get(i) {
            Some(Slot::Given(e)) => Some(e),
            _ => None,
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
    let mut next = 0;
    if input_injected {
        slots[0] = Slot::Input;
        filled[0] = true;
        next = 1;
    }
    let mut errors = Vec::new();
    let mut unbound = Vec::new();
    let mut seen_keyword = false;
    let mut positional_extra: Vec<&'a Arg> = Vec::new();
    for arg in args {
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
                    next += 1;
                } else {
                    positional_extra.push(arg);
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
                    }
                }
            }
        }
    }
    let got = args.len() + usize::from(input_injected);
    let positional = args.iter().filter(|a| a.keyword.is_none()).count();
    let mut extra = Vec::new();
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
            unbound.extend(positional_extra.iter().map(|a| &a.value));
            too_many = true;
        }
        _ => extra.extend(positional_extra.iter().map(|a| &a.value)),
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
        },
        errors,
    }
}
