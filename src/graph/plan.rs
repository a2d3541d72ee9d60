//! Dependency analysis: feedback edges, stages (Kahn's algorithm), execution order.
//!
//! Every cycle in a Phonon graph passes through a bus (expression nodes have exactly one
//! reader), so a depth-first search from the outputs finds each cycle as a back edge whose
//! input is a bus: that read is marked `delayed` and takes the bus's value one feedback
//! delay earlier. What remains is a DAG; nodes of one stage have no path between them.

use std::collections::{BTreeMap, BTreeSet};

use super::{Graph, NodeId, NodeKind};

/// The result of planning a graph.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// Node-level stages: every input of a node (except delayed ones) is in an earlier stage.
    pub stages: Vec<Vec<NodeId>>,
    /// Execution order: the stages flattened.
    pub order: Vec<NodeId>,
    /// Edges broken to make feedback computable: (bus node read, reader node).
    pub feedback: Vec<(NodeId, NodeId)>,
    /// Statement-level stages (buses and outputs): what `phonon plan` prints.
    pub owner_stages: Vec<Vec<String>>,
}

/// Plans a graph, marking feedback edges as delayed in it.
pub fn plan(graph: &mut Graph) -> Plan {
    let n = graph.nodes.len();
    let feedback = break_cycles(graph);
    // Kahn's algorithm over non-delayed edges: stage = longest path from a source.
    let mut indegree = vec![0usize; n];
    let mut readers: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, node) in graph.nodes.iter().enumerate() {
        for e in node.inputs.iter().filter(|e| !e.delayed) {
            indegree[i] += 1;
            readers[e.from.index()].push(i);
        }
    }
    let mut level = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut seen = 0;
    while let Some(i) = ready.pop() {
        seen += 1;
        for &r in &readers[i] {
            level[r] = level[r].max(level[i] + 1);
            indegree[r] -= 1;
            if indegree[r] == 0 {
                ready.push(r);
            }
        }
    }
    debug_assert_eq!(seen, n, "cycles remain after breaking feedback");
    let depth = level.iter().copied().max().map_or(0, |d| d + 1);
    let mut stages: Vec<Vec<NodeId>> = vec![Vec::new(); depth];
    for (i, &l) in level.iter().enumerate() {
        stages[l].push(NodeId(i as u32));
    }
    let order = stages.iter().flatten().copied().collect();
    Plan {
        owner_stages: owner_stages(graph),
        stages,
        order,
        feedback,
    }
}

/// Depth-first search from every node (outputs first); a back edge to a bus on the stack
/// is a feedback read and gets delayed.
fn break_cycles(graph: &mut Graph) -> Vec<(NodeId, NodeId)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnStack,
        Done,
    }
    let n = graph.nodes.len();
    let mut mark = vec![Mark::New; n];
    let mut feedback = Vec::new();
    let roots: Vec<usize> = graph
        .outputs
        .iter()
        .map(|o| o.index())
        .chain(0..n)
        .collect();
    for root in roots {
        if mark[root] != Mark::New {
            continue;
        }
        // Iterative DFS: (node, next input index).
        let mut stack = vec![(root, 0usize)];
        mark[root] = Mark::OnStack;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if *next < graph.nodes[node].inputs.len() {
                let k = *next;
                *next += 1;
                let from = graph.nodes[node].inputs[k].from.index();
                match mark[from] {
                    Mark::New => {
                        mark[from] = Mark::OnStack;
                        stack.push((from, 0));
                    }
                    Mark::OnStack => {
                        graph.nodes[node].inputs[k].delayed = true;
                        feedback.push((NodeId(from as u32), NodeId(node as u32)));
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    feedback
}

/// Stages of statements: a statement depends on another when one of its nodes reads a node
/// of the other without delay.
fn owner_stages(graph: &Graph) -> Vec<Vec<String>> {
    let owners = graph.owners();
    let index: BTreeMap<&str, usize> = owners
        .iter()
        .enumerate()
        .map(|(i, o)| (o.as_str(), i))
        .collect();
    let mut deps: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); owners.len()];
    for node in &graph.nodes {
        let me = index[node.owner.as_str()];
        for e in node.inputs.iter().filter(|e| !e.delayed) {
            let src = graph.node(e.from);
            // Reading a bus belongs to the bus's statement; externals belong to nobody.
            if matches!(src.kind, NodeKind::External { .. }) {
                continue;
            }
            let other = index[src.owner.as_str()];
            if other != me {
                deps[me].insert(other);
            }
        }
    }
    let mut level = vec![usize::MAX; owners.len()];
    fn depth(i: usize, deps: &[BTreeSet<usize>], level: &mut [usize], guard: usize) -> usize {
        if level[i] != usize::MAX {
            return level[i];
        }
        if guard > deps.len() {
            return 0;
        }
        let d = deps[i]
            .iter()
            .map(|&j| depth(j, deps, level, guard + 1) + 1)
            .max()
            .unwrap_or(0);
        level[i] = d;
        d
    }
    for i in 0..owners.len() {
        depth(i, &deps, &mut level, 0);
    }
    let max = level.iter().copied().max().map_or(0, |m| m + 1);
    let mut stages = vec![Vec::new(); max];
    for (i, o) in owners.iter().enumerate() {
        stages[level[i]].push(o.clone());
    }
    stages
}

impl Plan {
    /// The text `phonon plan` prints: one line per stage, then the feedback edges.
    pub fn describe(&self, graph: &Graph, nodes: bool) -> String {
        let mut out = String::new();
        if nodes {
            for (i, stage) in self.stages.iter().enumerate() {
                let names: Vec<String> = stage
                    .iter()
                    .map(|id| {
                        let n = graph.node(*id);
                        format!("{}#{}:{}", n.owner, id.0, n.label)
                    })
                    .collect();
                out.push_str(&format!("stage {}: {}\n", i + 1, names.join(" ")));
            }
        } else {
            for (i, stage) in self.owner_stages.iter().enumerate() {
                out.push_str(&format!("stage {}: {}\n", i + 1, stage.join(" ")));
            }
        }
        if self.feedback.is_empty() {
            out.push_str("feedback: none\n");
        } else {
            for (bus, reader) in &self.feedback {
                out.push_str(&format!(
                    "feedback: {} -> {} (read one feedback delay late)\n",
                    graph.node(*bus).label,
                    graph.node(*reader).owner
                ));
            }
        }
        out
    }
}
