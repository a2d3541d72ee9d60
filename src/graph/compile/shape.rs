//! Questions about the shape of an expression, asked before compiling it: is it made only
//! of patterns, is it a sample player, does it read `~midi`, which note pattern pitches it.

use super::*;

/// True when an expression is made only of patterns (no audio signals), so the pattern
/// engine can evaluate it as a whole.
pub(super) fn is_pattern_expr(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Str(_) => true,
        ExprKind::Number { .. } => false,
        ExprKind::Paren(inner) => is_pattern_expr(inner),
        ExprKind::Call { name, args, .. } => match registry::lookup(name) {
            Some(spec) => match spec.category {
                Category::Pattern => match spec.special() {
                    Some(Special::Stack | Special::Cat) => {
                        args.iter().all(|a| list_is_patterns(&a.value))
                    }
                    _ => true,
                },
                Category::Control => true,
                Category::Transform => {
                    call_has_subject(spec, args)
                        && args.last().is_some_and(|a| is_pattern_expr(&a.value))
                }
                _ => false,
            },
            None => false,
        },
        ExprKind::Apply(parts) => apply_subject(parts).is_some_and(|i| is_pattern_expr(&parts[i])),
        ExprKind::Chain { lhs, rhs } => {
            (is_pattern_expr(lhs) || is_control_bus_ref(lhs))
                && (chain_is_controls(rhs) || is_control_pattern(lhs) && chain_sets_controls(rhs))
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            (is_pattern_expr(lhs) || is_number(lhs))
                && (is_pattern_expr(rhs) || is_number(rhs))
                && (is_pattern_expr(lhs) || is_pattern_expr(rhs))
        }
        _ => false,
    }
}

pub(super) fn is_number(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Number { .. } => true,
        ExprKind::Paren(inner) | ExprKind::Neg(inner) => is_number(inner),
        ExprKind::Binary { lhs, rhs, .. } => is_number(lhs) && is_number(rhs),
        _ => false,
    }
}

pub(super) fn list_is_patterns(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::List(items) => items.iter().all(is_pattern_expr),
        _ => is_pattern_expr(e),
    }
}

/// The right side of `#` only sets per-event controls or applies transforms.
pub(super) fn chain_is_controls(rhs: &Expr) -> bool {
    match chain_target(rhs).map(|e| &e.kind) {
        Some(ExprKind::Call { name, .. }) => registry::lookup(name)
            .is_some_and(|s| matches!(s.category, Category::Control | Category::Transform)),
        _ => matches!(rhs.kind, ExprKind::Str(_)),
    }
}

/// The right side of `#` sets controls after a control pattern: a control, `s`, or a
/// filter or effect with Tidal's control names (`lpf`, `delay`), a transform, or a
/// function that builds a pattern of controls (`grain 0.2 0.1`).
pub(super) fn chain_sets_controls(rhs: &Expr) -> bool {
    match chain_target(rhs).map(|e| &e.kind) {
        Some(ExprKind::Call { name, .. }) => registry::lookup(name).is_some_and(|s| {
            s.sets_controls() || matches!(s.category, Category::Transform | Category::Pattern)
        }),
        _ => false,
    }
}

/// True when an expression is a control pattern (its events are control maps: `s "bd"`,
/// `n "0 2"`, `gain 1`, and what transforms, stacks, `#` and arithmetic make of them):
/// each event with a sound starts a voice.
pub(super) fn is_control_pattern(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Call { name, args, .. } => match registry::lookup(name) {
            Some(spec) if spec.category == Category::Control => true,
            // a transform of a control pattern, or one that brings control patterns in
            // (`inhabit [("a", s "bd*2")] "a a"`); `stack`, `cat`, `timeCat`, `ur` ... of
            // control patterns
            Some(spec) if matches!(spec.category, Category::Transform | Category::Pattern) => {
                args_bring_controls(args)
            }
            _ => false,
        },
        ExprKind::Paren(inner) => is_control_pattern(inner),
        ExprKind::Apply(parts) => {
            apply_subject(parts).is_some_and(|i| is_control_pattern(&parts[i]))
                || parts.iter().any(|p| match &p.kind {
                    ExprKind::Call { args, .. } => args_bring_controls(args),
                    _ => false,
                })
        }
        ExprKind::Chain { lhs, .. } => is_control_pattern(lhs) || is_control_bus_ref(lhs),
        ExprKind::Binary { lhs, rhs, .. } => is_control_pattern(lhs) || is_control_pattern(rhs),
        _ => false,
    }
}

/// Some argument is a control pattern, or a list or tuple holding one.
fn args_bring_controls(args: &[Arg]) -> bool {
    fn holds(e: &Expr) -> bool {
        match &e.kind {
            ExprKind::List(items) | ExprKind::Tuple(items) => items.iter().any(holds),
            _ => is_control_pattern(e),
        }
    }
    args.iter().any(|a| holds(&a.value))
}

/// `~drums` where the bus holds a control pattern: continued by `#` it is that pattern
/// (`~drums # gain 0.7`); elsewhere it is read as the bus's signal.
pub(super) fn is_control_bus_ref(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Bus(name) => crate::lang::eval::is_control_bus(name),
        ExprKind::Paren(inner) => is_control_bus_ref(inner),
        _ => false,
    }
}

/// A transform that maps signals (`range lo hi`) without its subject: its entry and bounds.
pub(super) fn range_call(e: &Expr) -> Option<(&'static FunctionSpec, &Expr, &Expr)> {
    match &e.kind {
        ExprKind::Paren(inner) => range_call(inner),
        ExprKind::Call {
            name,
            name_span,
            args,
            resolved,
        } => {
            let spec = registry::lookup(name)?;
            if spec.transform()?.on_signal != Some(OnSignal::Range) {
                return None;
            }
            let b = bound(spec, *name_span, args, false, resolved).ok()?;
            if b.subject().is_some() {
                return None;
            }
            Some((spec, b.given(0)?, b.given(1)?))
        }
        _ => None,
    }
}

/// The first pattern of note names (or chords) that sets the frequency of a source or
/// synth in the expression: such a statement plays one voice per event.
pub(super) fn find_note_pattern(e: &Expr) -> Option<Span> {
    match &e.kind {
        ExprKind::Call { name, args, .. } => {
            let spec = registry::lookup(name)?;
            if matches!(spec.category, Category::Source | Category::Synth) {
                let first = spec.params.first()?;
                if matches!(first.name, "freq" | "carrier") {
                    let arg = args.iter().find(|a| match &a.keyword {
                        Some((k, _)) => k == first.name,
                        None => true,
                    })?;
                    if is_pattern_expr(&arg.value) && has_note_names(&arg.value) {
                        return Some(arg.value.span);
                    }
                }
            }
            args.iter().find_map(|a| find_note_pattern(&a.value))
        }
        ExprKind::Binary { lhs, rhs, .. } | ExprKind::Chain { lhs, rhs } => {
            find_note_pattern(lhs).or_else(|| find_note_pattern(rhs))
        }
        ExprKind::Neg(x) | ExprKind::Paren(x) => find_note_pattern(x),
        ExprKind::Apply(parts) => apply_subject(parts).and_then(|i| find_note_pattern(&parts[i])),
        _ => None,
    }
}

/// True when a pattern's values (over its first cycles) include note names.
pub(super) fn has_note_names(e: &Expr) -> bool {
    let Ok(p) = eval_pattern(e) else {
        return false;
    };
    let is_note = |h: &crate::pattern::Hap<Value>| match &h.value {
        Value::Str(s) => crate::pattern::value::note_to_midi(s).is_some(),
        _ => false,
    };
    let found = crate::pattern::budget::first_cycles(&p, 8).any(|haps| haps.iter().any(is_note));
    found
}

/// An envelope with a triggered form (`adsr`, `ad`, `env`) and its arguments, when that is
/// the whole right side of `#`.
pub(super) fn envelope_call(e: &Expr) -> Option<(Bound<'_>, TriggeredTimes)> {
    match &e.kind {
        ExprKind::Paren(inner) => envelope_call(inner),
        ExprKind::Call {
            name,
            name_span,
            args,
            resolved,
        } => {
            let spec = registry::lookup(name)?;
            let Implementation::Envelope(env) = spec.implementation else {
                return None;
            };
            Some((
                bound(spec, *name_span, args, true, resolved).ok()?,
                env.triggered?,
            ))
        }
        _ => None,
    }
}

/// True when the expression reads `~name` directly (not through other buses).
pub(super) fn reads_bus(e: &Expr, name: &str) -> bool {
    match &e.kind {
        ExprKind::Bus(b) => b == name,
        ExprKind::Str(_) | ExprKind::Number { .. } => false,
        ExprKind::Call { args, .. } => args.iter().any(|a| reads_bus(&a.value, name)),
        ExprKind::Binary { lhs, rhs, .. } | ExprKind::Chain { lhs, rhs } => {
            reads_bus(lhs, name) || reads_bus(rhs, name)
        }
        ExprKind::Neg(x) | ExprKind::Paren(x) | ExprKind::ChainSection(x) => reads_bus(x, name),
        ExprKind::OpSection { rhs, .. } => reads_bus(rhs, name),
        ExprKind::Apply(parts) | ExprKind::List(parts) | ExprKind::Tuple(parts) => {
            parts.iter().any(|p| reads_bus(p, name))
        }
    }
}

/// True when a string pattern (or sample player) occurs anywhere in the expression.
pub(super) fn contains_pattern(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Str(_) => true,
        ExprKind::Number { .. } | ExprKind::Bus(_) => false,
        ExprKind::Call { args, .. } => args.iter().any(|a| contains_pattern(&a.value)),
        ExprKind::Binary { lhs, rhs, .. } | ExprKind::Chain { lhs, rhs } => {
            contains_pattern(lhs) || contains_pattern(rhs)
        }
        ExprKind::Neg(x) | ExprKind::Paren(x) | ExprKind::ChainSection(x) => contains_pattern(x),
        ExprKind::OpSection { rhs, .. } => contains_pattern(rhs),
        ExprKind::Apply(parts) | ExprKind::List(parts) | ExprKind::Tuple(parts) => {
            parts.iter().any(contains_pattern)
        }
    }
}
