//! Calls to nodes, by what their registry entry implements: kernels, synths, envelopes,
//! controls on signals, transforms on signals, gates and the special forms.

use super::*;

impl Compiler {
    /// A call, with `input` as its audio input when it comes from `#`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn call(
        &mut self,
        name: &str,
        name_span: Span,
        args: &[Arg],
        resolved: &Resolved,
        span: Span,
        input: Option<NodeId>,
        transforms: &[Transform],
    ) -> Result<NodeId> {
        let Some(spec) = registry::lookup(name) else {
            return Err(Diagnostic::error(
                name_span,
                format!("unknown function '{name}'"),
            ));
        };
        let b = bound(spec, name_span, args, input.is_some(), resolved)?;
        match spec.implementation {
            Implementation::Transform(t) => {
                let on_signal = t.on_signal;
                if let (Some(OnSignal::Range), Some(lo), Some(hi)) =
                    (on_signal, b.given(0), b.given(1))
                {
                    let subject = match (input, b.subject()) {
                        (Some(i), _) => i,
                        (None, Some(a)) => self.expr_with(a, transforms)?,
                        (None, None) => {
                            return Err(Diagnostic::error(span, "'range' needs a signal"))
                        }
                    };
                    return self.range_map(spec, subject, lo, hi, span);
                }
                if let Some(subject) = b.subject() {
                    let f = transform_of(&b, span)?;
                    let mut all = vec![f];
                    all.extend(transforms.iter().cloned());
                    if on_signal == Some(OnSignal::Gate) && !contains_pattern(subject) {
                        // `struct "t ~ t t" sig`: the rhythm gates the signal.
                        let sig = self.expr_with(subject, transforms)?;
                        let gate = self.gate_pattern(&b, span, PatternRole::Gate)?;
                        return Ok(self.push(
                            NodeKind::Product,
                            vec![sig, gate],
                            span,
                            spec.name.into(),
                        ));
                    }
                    return self.expr_with(subject, &all);
                }
                Err(Diagnostic::error(
                    span,
                    format!("'{}' is a transform: apply it with `$`", spec.name),
                ))
            }
            Implementation::Control { on_signal: Some(_) } => {
                // On a signal, a control with a signal form is that kernel (`pan`): the
                // signal, then the control's parameters.
                let Some(signal) = input else {
                    return Err(Diagnostic::error(
                        name_span,
                        format!("'{}' needs a signal or sample player before `#`", spec.name),
                    ));
                };
                let mut inputs = vec![signal];
                for i in 0..spec.params.len() {
                    inputs.push(self.arg_node(&b, i, span, transforms)?);
                }
                Ok(self.push(
                    NodeKind::Kernel { function: spec },
                    inputs,
                    span,
                    spec.name.into(),
                ))
            }
            Implementation::Control { .. } => {
                // On a signal (a `~midi` voice, an oscillator), a control that a filter or
                // effect sets with its first value is that filter or effect with its other
                // values at their defaults: `saw ~midi # cutoff 800` is `lpf 800`.
                let same = registry::all().iter().find(|f| {
                    f.control_keys.first() == Some(&spec.name)
                        && matches!(f.implementation, Implementation::Kernel(_))
                });
                match (input, same) {
                    (Some(_), Some(f)) => {
                        let fb = bound(f, name_span, args, true, &Resolved::default())?;
                        self.kernel(&fb, span, input, transforms)
                    }
                    _ => Err(Diagnostic::error(
                        name_span,
                        format!(
                            "'{}' sets a parameter of each sample-player event: use it after `s \"...\" #`",
                            spec.name
                        ),
                    )),
                }
            }
            Implementation::Envelope(e) if self.voice.is_some() && e.triggered.is_some() => {
                // In a voice the envelope follows the voice's key or event, not the cycle.
                let (set, k) = self.voice.unwrap_or((Voices::Midi, 0));
                let gate = self.bus_external(set.gate(k), span);
                let mut inputs = vec![gate];
                for i in 0..spec.params.len() {
                    inputs.push(self.arg_node(&b, i, span, transforms)?);
                }
                self.voice_has_envelope = true;
                let kind = NodeKind::VoiceEnvelope { function: spec };
                let env = self.push(kind, inputs, span, spec.name.into());
                Ok(match input {
                    Some(i) => self.push(NodeKind::Product, vec![i, env], span, spec.name.into()),
                    None => env,
                })
            }
            Implementation::Envelope(_) => {
                let env = self.kernel(&b, span, None, transforms)?;
                Ok(match input {
                    Some(i) => self.push(NodeKind::Product, vec![i, env], span, spec.name.into()),
                    None => env,
                })
            }
            Implementation::Special(Special::Gate(shape)) => {
                let role = match shape {
                    GateShape::Trigger => PatternRole::Trigger,
                    GateShape::Hold | GateShape::Smoothed => PatternRole::Gate,
                };
                let gate = self.gate_pattern(&b, span, role)?;
                let gate = if shape == GateShape::Smoothed {
                    // attack/release smoothing of the gate, in seconds
                    let a = self.arg_node(&b, 1, span, transforms)?;
                    let r = self.arg_node(&b, 2, span, transforms)?;
                    self.push(NodeKind::Slew, vec![gate, a, r], span, spec.name.into())
                } else {
                    gate
                };
                Ok(match input {
                    Some(i) => self.push(NodeKind::Product, vec![i, gate], span, spec.name.into()),
                    None => gate,
                })
            }
            Implementation::Special(Special::Stack | Special::Mix) => {
                self.sum_of_list(args, span, transforms)
            }
            Implementation::Special(Special::Cat | Special::Sound) | Implementation::Pattern(_) => {
                Err(Diagnostic::error(
                    span,
                    format!("'{}' makes a pattern; it takes no input", spec.name),
                ))
            }
            Implementation::Kernel(_) | Implementation::Synth(_) => {
                self.kernel(&b, span, input, transforms)
            }
        }
    }

    pub(super) fn sum_of_list(
        &mut self,
        args: &[Arg],
        span: Span,
        transforms: &[Transform],
    ) -> Result<NodeId> {
        let mut items = Vec::new();
        for a in args {
            match &a.value.kind {
                ExprKind::List(list) => {
                    for e in list {
                        items.push(self.expr_with(e, transforms)?);
                    }
                }
                _ => items.push(self.expr_with(&a.value, transforms)?),
            }
        }
        Ok(self.push(NodeKind::Sum, items, span, "mix".into()))
    }

    /// A gate/trigger signal from the first argument's pattern.
    pub(super) fn gate_pattern(
        &mut self,
        b: &Bound,
        span: Span,
        role: PatternRole,
    ) -> Result<NodeId> {
        let Some(first) = b.given(0) else {
            return Err(Diagnostic::error(
                span,
                "expected a rhythm pattern like \"t ~ t t\"",
            ));
        };
        let p = eval_pattern(first)?;
        playable(&p, first.span)?;
        let p = p.filter_values(|v| v.is_truthy());
        Ok(self.pattern_node(p, role, first.span, short(&first.to_string())))
    }

    /// The node for parameter `i` of a bound call: its argument, or its default.
    pub(super) fn arg_node(
        &mut self,
        b: &Bound,
        i: usize,
        span: Span,
        transforms: &[Transform],
    ) -> Result<NodeId> {
        match b.slots.get(i) {
            Some(Slot::Given(e)) => self.expr_with(e, transforms),
            Some(Slot::Default(d)) => Ok(self.constant(parse_default(d), span)),
            _ => Err(Diagnostic::error(
                span,
                format!(
                    "'{}' needs its '{}' argument",
                    b.spec.name,
                    b.spec.params.get(i).map_or("?", |p| p.name)
                ),
            )),
        }
    }

    /// A DSP kernel node with every parameter bound, and a variadic function's extras.
    pub(super) fn kernel(
        &mut self,
        b: &Bound,
        span: Span,
        input: Option<NodeId>,
        transforms: &[Transform],
    ) -> Result<NodeId> {
        let spec = b.spec;
        let mut inputs = Vec::with_capacity(spec.params.len() + b.extra.len());
        for (i, slot) in b.slots.iter().enumerate() {
            let node = match (slot, input) {
                (Slot::Input, Some(input)) => input,
                _ => self.arg_node(b, i, span, transforms)?,
            };
            inputs.push(node);
        }
        for e in &b.extra {
            inputs.push(self.expr_with(e, transforms)?);
        }
        Ok(self.push(
            NodeKind::Kernel { function: spec },
            inputs,
            span,
            spec.name.into(),
        ))
    }
}

/// The transform of a bound transform call.
pub(super) fn transform_of(b: &Bound, span: Span) -> Result<Transform> {
    crate::lang::eval::transform_of(b, span)
}
