//! Building a [`Program`] from a graph and its plan (off the audio thread), and the sound names a graph's sample players use.

use super::*;

impl Program {
    /// Builds a program from a planned graph (off the audio thread).
    /// Fails, naming them, if the graph uses functions that have no kernel.
    pub fn build(
        graph: &Graph,
        plan: &Plan,
        config: RenderConfig,
        samples: &Arc<SampleLibrary>,
    ) -> Result<Program, String> {
        let n = graph.nodes.len();
        let inputs: Vec<Vec<(usize, bool)>> = graph
            .nodes
            .iter()
            .map(|node| {
                node.inputs
                    .iter()
                    .map(|e| (e.from.index(), e.delayed))
                    .collect()
            })
            .collect();
        let mut channels = vec![1usize; n];
        let mut rt = Vec::with_capacity(n);
        // Build in plan order so input channel counts are known.
        let mut built: Vec<Option<RtNode>> = (0..n).map(|_| None).collect();
        let mut missing: Vec<String> = Vec::new();
        for id in &plan.order {
            let i = id.index();
            let input_channels: Vec<usize> = inputs[i].iter().map(|(j, _)| channels[*j]).collect();
            let constant: Vec<bool> = inputs[i]
                .iter()
                .map(|(j, _)| matches!(graph.nodes[*j].kind, NodeKind::Const(_)))
                .collect();
            let node = RtNode::build(
                &graph.nodes[i].kind,
                &input_channels,
                &constant,
                config.sample_rate,
                i as u64,
                samples,
            )
            .unwrap_or_else(|e| {
                if !missing.contains(&e) {
                    missing.push(e);
                }
                RtNode::Silence
            });
            channels[i] = node.channels(&input_channels);
            built[i] = Some(node);
        }
        if !missing.is_empty() {
            return Err(missing.join("; "));
        }
        for slot in built {
            rt.push(slot.unwrap_or(RtNode::Silence));
        }
        let buffers: Vec<[Vec<f32>; 2]> = channels
            .iter()
            .map(|&c| [vec![0.0; CHUNK], vec![0.0; if c == 2 { CHUNK } else { 0 }]])
            .collect();
        let mut history: Vec<Option<History>> = (0..n).map(|_| None).collect();
        for node_inputs in &inputs {
            for &(from, delayed) in node_inputs {
                if delayed && history[from].is_none() {
                    history[from] = Some(History::new());
                }
            }
        }
        let is_const: Vec<bool> = graph
            .nodes
            .iter()
            .map(|n| matches!(n.kind, NodeKind::Const(_)))
            .collect();
        // Buses and outputs just pass their input on: readers read the source directly
        // (unless the bus feeds back, where its history is needed).
        let mut inputs = inputs;
        let passthrough = |i: usize| {
            matches!(
                graph.nodes[i].kind,
                NodeKind::Bus { .. } | NodeKind::Output { .. }
            ) && inputs[i].len() == 1
                && !inputs[i][0].1
        };
        let mut skip = vec![false; n];
        let mut source: Vec<usize> = (0..n).collect();
        for id in &plan.order {
            let i = id.index();
            if passthrough(i) && history[i].is_none() {
                skip[i] = true;
                source[i] = source[inputs[i][0].0];
            }
        }
        for node_inputs in inputs.iter_mut() {
            for (j, delayed) in node_inputs.iter_mut() {
                if !*delayed {
                    *j = source[*j];
                }
            }
        }
        let mut buffers = buffers;
        for (i, node) in graph.nodes.iter().enumerate() {
            if let NodeKind::Const(v) = node.kind {
                for ch in buffers[i].iter_mut() {
                    ch.fill(v);
                }
            }
        }
        let mut outputs = [None; 1 + STATEMENT_OUTPUTS];
        for id in &graph.outputs {
            if let NodeKind::Output { target } = &graph.node(*id).kind {
                let slot = match target {
                    OutputTarget::Main => 0,
                    OutputTarget::Numbered(k) => (*k as usize).clamp(1, STATEMENT_OUTPUTS),
                };
                outputs[slot] = Some(id.index());
            }
        }
        let runs: Vec<bool> = (0..n).map(|i| !is_const[i] && !skip[i]).collect();
        let order_indices: Vec<usize> = plan.order.iter().map(|id| id.index()).collect();
        let schedule = schedule::build(graph, &order_indices, &runs, &inputs);
        let mut keys: Vec<(u64, usize)> = graph
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.key, i))
            .collect();
        keys.sort_unstable();
        let mut group_keys = graph.voice_group_keys.clone();
        group_keys.resize(graph.voice_groups.len(), 0);
        let cps = sane_cps(graph.cps.unwrap_or(config.default_cps));
        Ok(Program {
            parallel: Parallel::new(schedule),
            nodes: rt.into_iter().map(NodeCell::new).collect(),
            buffers: buffers.into_iter().map(NodeCell::new).collect(),
            channels,
            inputs,
            order: plan.order.iter().map(|id| id.index()).collect(),
            is_const,
            skip,
            history,
            outputs,
            sample_rate: config.sample_rate,
            cps,
            clock: crate::clock::Clock::new(cps, config.sample_rate),
            position: 0,
            hushed: graph.hushed,
            orbit_outputs: false,
            safety_stage: true,
            stats: RenderStats::default(),
            externals: nodes::Externals {
                group_freq: vec![[0.0; PATTERN_VOICES]; graph.voice_groups.len()],
                group_gate: vec![[0.0; PATTERN_VOICES]; graph.voice_groups.len()],
                ..Default::default()
            },
            groups: graph
                .voice_groups
                .iter()
                .map(|p| nodes::VoiceGroup::new(p.clone()))
                .collect(),
            group_onsets: Vec::with_capacity(GROUP_ONSETS),
            voice_keys: [None; MIDI_VOICES],
            voice_age: [0; MIDI_VOICES],
            voice_clock: 0,
            keys,
            group_keys,
        })
    }

    /// Checks, compiles, plans and builds `source` in one step (off the audio thread), for
    /// tests, benchmarks and tools; errors come back as text with their lines and carets.
    pub fn from_source(
        source: &str,
        config: RenderConfig,
        samples: &Arc<SampleLibrary>,
    ) -> Result<Program, String> {
        let rendered = |d: &[crate::lang::Diagnostic]| crate::lang::render_all(d, None, source);
        let checked = crate::lang::check_program(source).map_err(|d| rendered(&d))?;
        let mut graph = crate::graph::compile(&checked).map_err(|d| rendered(&d))?;
        let plan = crate::graph::plan(&mut graph);
        Program::build(&graph, &plan, config, samples)
    }
}

/// The sound names a graph's sample players use (from their first 16 cycles), for
/// reporting missing banks; synth names are left out.
pub fn sample_names(graph: &Graph) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for node in &graph.nodes {
        if let NodeKind::Sampler { pattern } = &node.kind {
            for name in super::player::pattern_sound_names(pattern) {
                let synth = crate::registry::lookup(&name).is_some_and(|f| f.voice().is_some());
                if !synth && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// Tempos a program may ask for: 0.001 to 100 cycles per second (0.24 to 24 000 bpm). A
/// tempo outside (`cps: 1e9`, `setcps 0`) is held at the nearest end, so the pattern
/// engine never has to fill millions of cycles a block.
pub const CPS_RANGE: (f64, f64) = (0.001, 100.0);

pub(super) fn sane_cps(cps: f64) -> f64 {
    if cps.is_finite() {
        cps.clamp(CPS_RANGE.0, CPS_RANGE.1)
    } else {
        0.5
    }
}
