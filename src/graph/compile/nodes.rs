//! Making nodes: each gets a key from its statement, so an edited program can take over
//! the state of the statements that did not change; buses and built-in inputs are shared.

use super::*;

impl Compiler {
    /// Starts the nodes of statement `st`: their keys follow its canonical text, so the same
    /// statement in an edited program gives the same keys.
    pub(super) fn begin_statement(&mut self, st: &crate::lang::ast::Statement) {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        st.to_string().hash(&mut h);
        self.statement = h.finish();
        self.ordinal = 0;
    }

    pub(super) fn push(
        &mut self,
        kind: NodeKind,
        inputs: Vec<NodeId>,
        span: Span,
        label: String,
    ) -> NodeId {
        let id = NodeId(self.graph.nodes.len() as u32);
        let mut h = std::collections::hash_map::DefaultHasher::new();
        match &kind {
            // Shared by every statement that reads them (and made by whichever comes first):
            // keyed by name, without taking a place in the statement's numbering, so editing
            // one statement does not renumber the others. They hold no state.
            NodeKind::External { input } => ("external", input).hash(&mut h),
            NodeKind::Bus { name } => ("bus", name).hash(&mut h),
            _ => {
                (&self.owner, self.statement, self.ordinal, &label).hash(&mut h);
                self.ordinal += 1;
            }
        }
        let key = h.finish();
        self.graph.nodes.push(Node {
            kind,
            inputs: inputs
                .into_iter()
                .map(|from| Edge {
                    from,
                    delayed: false,
                })
                .collect(),
            owner: self.owner.clone(),
            key,
            span,
            label,
        });
        id
    }

    pub(super) fn constant(&mut self, v: f32, span: Span) -> NodeId {
        self.push(NodeKind::Const(v), vec![], span, format!("{v}"))
    }

    pub(super) fn pattern_node(
        &mut self,
        pattern: Pattern<Value>,
        role: PatternRole,
        span: Span,
        label: String,
    ) -> NodeId {
        self.push(NodeKind::Pattern { pattern, role }, vec![], span, label)
    }

    pub(super) fn bus(&mut self, name: &str, span: Span) -> Result<NodeId> {
        if let Some(id) = self.buses.get(name) {
            return Ok(*id);
        }
        match BuiltinBus::named(name) {
            // In MIDI voice K, `~midi` is the frequency of the key that voice plays.
            Some(BuiltinBus::Midi) => {
                let input = match self.voice {
                    Some((Voices::Midi, k)) => ExternalInput::VoiceFreq(k),
                    _ => ExternalInput::MidiFreq,
                };
                return Ok(self.bus_external(input, span));
            }
            Some(builtin) => return Ok(self.bus_external(builtin.into(), span)),
            None => {}
        }
        Err(Diagnostic::error(
            span,
            format!("bus '~{name}' is never defined"),
        ))
    }

    /// The (shared) node of a built-in input.
    pub(super) fn bus_external(&mut self, input: ExternalInput, span: Span) -> NodeId {
        if let Some(id) = self.externals.get(&input) {
            return *id;
        }
        let id = self.push(
            NodeKind::External { input },
            vec![],
            span,
            format!("~{input}"),
        );
        self.externals.insert(input, id);
        id
    }

    pub(super) fn binary(&mut self, op: BinOp, a: NodeId, b: NodeId, span: Span) -> NodeId {
        // `a + b + c + ...` becomes one sum node (same left-to-right order, so the same
        // bits), instead of a chain of buffers.
        if op == BinOp::Add {
            let left = &mut self.graph.nodes[a.index()];
            if left.owner == self.owner
                && matches!(left.kind, NodeKind::Binary(BinOp::Add) | NodeKind::Sum)
            {
                left.kind = NodeKind::Sum;
                left.label = "+".into();
                left.inputs.push(Edge {
                    from: b,
                    delayed: false,
                });
                return a;
            }
        }
        let label = match op {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
        };
        self.push(NodeKind::Binary(op), vec![a, b], span, label.into())
    }
}
