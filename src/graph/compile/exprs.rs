//! Expressions to nodes: patterns, arithmetic, `#` chains, `$` runs, and the voices of a
//! polyphonic statement.

use super::*;

impl Compiler {
    /// A statement's expression. Polyphonic when it reads `~midi` (one copy per MIDI voice)
    /// or pitches a source with a pattern of note names (`saw "c3 e3 g3"`: one voice per
    /// event); the copies are summed.
    pub(super) fn statement_expr(&mut self, e: &Expr) -> Result<NodeId> {
        let (set, count) = if reads_bus(e, "midi") {
            (Voices::Midi, MIDI_VOICES)
        } else if let Some(span) = find_note_pattern(e) {
            self.voice_pattern = Some(span);
            (Voices::Group(self.graph.voice_groups.len()), PATTERN_VOICES)
        } else {
            return self.expr(e);
        };
        let result = self.voices(e, set, count);
        self.voice = None;
        self.voice_pattern = None;
        result
    }

    pub(super) fn voices(&mut self, e: &Expr, set: Voices, count: usize) -> Result<NodeId> {
        let mut voices = Vec::with_capacity(count);
        for k in 0..count {
            self.voice = Some((set, k));
            self.voice_has_envelope = false;
            let root = self.expr(e)?;
            // Without an envelope a voice is gated by its key or event, with a short fade.
            let root = if self.voice_has_envelope {
                root
            } else {
                let gate = self.bus_external(set.gate(k), e.span);
                let a = self.constant(0.005, e.span);
                let r = self.constant(0.02, e.span);
                let smooth = self.push(NodeKind::Slew, vec![gate, a, r], e.span, "gate".into());
                self.push(
                    NodeKind::Product,
                    vec![root, smooth],
                    e.span,
                    "voice".into(),
                )
            };
            voices.push(root);
        }
        Ok(self.push(NodeKind::Sum, voices, e.span, "voices".into()))
    }

    /// Compiles an expression used as a signal.
    pub(super) fn expr(&mut self, e: &Expr) -> Result<NodeId> {
        self.expr_with(e, &[])
    }

    /// Compiles `e` with `transforms` applied to every pattern inside it.
    pub(super) fn expr_with(&mut self, e: &Expr, transforms: &[Transform]) -> Result<NodeId> {
        let span = e.span;
        if is_pattern_expr(e) && is_control_pattern(e) {
            // A control pattern plays voices; signals given to its controls are its inputs.
            let (mut pattern, signals) = crate::lang::eval::eval_control_pattern(e)?;
            for f in transforms {
                pattern = f(&pattern);
            }
            playable(&pattern, span)?;
            let mut inputs = Vec::with_capacity(signals.len());
            for s in &signals {
                inputs.push(self.expr(s)?);
            }
            let label = crate::lang::ast::Expr::to_string(e);
            return Ok(self.push(NodeKind::Sampler { pattern }, inputs, span, short(&label)));
        }
        if is_pattern_expr(e) {
            let mut pattern = eval_pattern(e)?;
            for f in transforms {
                pattern = f(&pattern);
            }
            playable(&pattern, span)?;
            if let (Some(vspan), Some((set, k))) = (self.voice_pattern, self.voice) {
                if vspan == span {
                    // The note pattern of a pattern voice group: each voice plays the
                    // frequency of the events given to it.
                    if k == 0 {
                        self.graph.voice_groups.push(pattern);
                        // One group per statement: the statement identifies it across
                        // edits (its index moves when an earlier statement gains one).
                        let mut h = std::collections::hash_map::DefaultHasher::new();
                        ("voices", &self.owner, self.statement).hash(&mut h);
                        self.graph.voice_group_keys.push(h.finish());
                    }
                    return Ok(self.bus_external(set.freq(k), span));
                }
            }
            let label = crate::lang::ast::Expr::to_string(e);
            return Ok(self.pattern_node(pattern, PatternRole::Value, span, short(&label)));
        }
        match &e.kind {
            ExprKind::Number { value, .. } => Ok(self.constant(*value as f32, span)),
            ExprKind::Str(_) => unreachable_pattern(span),
            ExprKind::Bus(name) => self.bus(name, span),
            ExprKind::Paren(inner) => self.expr_with(inner, transforms),
            ExprKind::Neg(inner) => {
                let x = self.expr_with(inner, transforms)?;
                Ok(self.push(NodeKind::Neg, vec![x], span, "neg".into()))
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let bop = match op {
                    Operator::Arith(b, Structure::Both | Structure::Left | Structure::Right) => *b,
                    Operator::KeepLeft(_) | Operator::KeepRight(_) => {
                        return Err(Diagnostic::error(
                            span,
                            "'|<' and '|>' combine patterns, not audio signals",
                        ))
                    }
                };
                let a = self.expr_with(lhs, transforms)?;
                let b = self.expr_with(rhs, transforms)?;
                Ok(self.binary(bop, a, b, span))
            }
            ExprKind::Chain { lhs, rhs }
                if is_control_pattern(lhs) && envelope_call(rhs).is_some() =>
            {
                // After `s`, an envelope shapes each voice: it becomes per-event controls.
                let Some((b, triggered)) = envelope_call(rhs) else {
                    return Err(Diagnostic::error(rhs.span, "expected an envelope"));
                };
                let mut pattern = eval_pattern(lhs)?;
                for f in transforms {
                    pattern = f(&pattern);
                }
                playable(&pattern, lhs.span)?;
                let mut values = Vec::with_capacity(b.slots.len());
                for slot in &b.slots {
                    values.push(match slot {
                        Slot::Given(e) => crate::lang::parser::const_value(e).ok_or_else(|| {
                            Diagnostic::error(
                                e.span,
                                "an envelope on a sample player takes numbers",
                            )
                        })? as f32,
                        Slot::Default(d) => parse_default(d),
                        Slot::Input | Slot::Missing => {
                            return Err(Diagnostic::error(rhs.span, "the envelope needs its times"))
                        }
                    });
                }
                let times = triggered(&values);
                // attack, hold before the release (None: the whole event), release
                let (attack, release) = (times.attack as f64, times.release as f64);
                let hold = (!times.held).then_some(attack);
                let controls = pattern.fmap(move |v| {
                    let mut v = v
                        .with_control("attack", Value::Num(attack))
                        .with_control("release", Value::Num(release));
                    v = match hold {
                        Some(h) => v.with_control("hold", Value::Num(h)),
                        None => v.with_control("legato", Value::Num(1.0)),
                    };
                    v
                });
                Ok(self.push(
                    NodeKind::Sampler { pattern: controls },
                    vec![],
                    span,
                    short(&e.to_string()),
                ))
            }
            ExprKind::Chain { lhs, rhs } => {
                let input = self.expr_with(lhs, transforms)?;
                self.chain_rhs(rhs, input, transforms)
            }
            ExprKind::Apply(parts) => self.apply(parts, span, transforms),
            ExprKind::Call {
                name,
                name_span,
                args,
                resolved,
            } => self.call(name, *name_span, args, resolved, span, None, transforms),
            ExprKind::List(_) => Err(Diagnostic::error(
                span,
                "a list is not a signal (use `mix [a, b]` or `stack [a, b]`)",
            )),
            ExprKind::Tuple(_) => Err(Diagnostic::error(
                span,
                "a tuple `(a, b)` gives two arguments to a call, or one item of a list",
            )),
            ExprKind::ChainSection(_) | ExprKind::OpSection { .. } => Err(Diagnostic::error(
                span,
                "a section like `(# ...)` is a transform; apply it with `$`",
            )),
        }
    }

    /// `x $ f $ g` on a signal: transforms go to the patterns inside `x`; `range` maps the
    /// signal itself.
    pub(super) fn apply(
        &mut self,
        parts: &[Expr],
        span: Span,
        outer: &[Transform],
    ) -> Result<NodeId> {
        let Some(si) = apply_subject(parts) else {
            return Err(Diagnostic::error(
                span,
                "a transform needs something to apply to",
            ));
        };
        // Order of application: before the subject right to left, after it left to right.
        let order: Vec<&Expr> = parts[..si]
            .iter()
            .rev()
            .chain(parts[si + 1..].iter())
            .collect();
        let mut transforms: Vec<Transform> = Vec::new();
        let mut ranges: Vec<(&'static FunctionSpec, &Expr, &Expr)> = Vec::new();
        for t in &order {
            if let Some(range) = range_call(t) {
                ranges.push(range);
                continue;
            }
            match eval(t)? {
                Evaluated::Function(f) => transforms.push(f),
                _ => return Err(Diagnostic::error(t.span, "expected a transform after '$'")),
            }
        }
        transforms.extend(outer.iter().cloned());
        let subject = &parts[si];
        if !transforms.is_empty() && !contains_pattern(subject) {
            return Err(Diagnostic::error(
                subject.span,
                "this transform cannot apply: the expression carries no pattern (give it a string, like `saw \"55 110\"`)",
            ));
        }
        let mut node = self.expr_with(subject, &transforms)?;
        for (spec, lo, hi) in ranges {
            node = self.range_map(spec, node, lo, hi, span)?;
        }
        Ok(node)
    }

    /// `range lo hi` on a signal: maps -1..1 to lo..hi.
    pub(super) fn range_map(
        &mut self,
        spec: &'static FunctionSpec,
        x: NodeId,
        lo: &Expr,
        hi: &Expr,
        span: Span,
    ) -> Result<NodeId> {
        let lo = self.expr(lo)?;
        let hi = self.expr(hi)?;
        // The entry's signal kernel (dsp/util.rs `Range`): inputs lo, hi, then the signal.
        let kind = NodeKind::Kernel { function: spec };
        Ok(self.push(kind, vec![lo, hi, x], span, "range".into()))
    }

    /// The right side of `#` with `input` injected into its leftmost call.
    pub(super) fn chain_rhs(
        &mut self,
        rhs: &Expr,
        input: NodeId,
        transforms: &[Transform],
    ) -> Result<NodeId> {
        match &rhs.kind {
            ExprKind::Paren(inner) => self.chain_rhs(inner, input, transforms),
            ExprKind::Binary { op, lhs, rhs: r } => {
                let Operator::Arith(bop, _) = op else {
                    return Err(Diagnostic::error(
                        rhs.span,
                        "'|<' and '|>' combine patterns, not audio signals",
                    ));
                };
                let a = self.chain_rhs(lhs, input, transforms)?;
                let b = self.expr_with(r, transforms)?;
                Ok(self.binary(*bop, a, b, rhs.span))
            }
            ExprKind::Chain { lhs, rhs: r } => {
                let mid = self.chain_rhs(lhs, input, transforms)?;
                self.chain_rhs(r, mid, transforms)
            }
            ExprKind::Call {
                name,
                name_span,
                args,
                resolved,
            } => self.call(
                name,
                *name_span,
                args,
                resolved,
                rhs.span,
                Some(input),
                transforms,
            ),
            _ => Err(Diagnostic::error(
                rhs.span,
                "expected a filter, effect or envelope after '#'",
            )),
        }
    }
}
