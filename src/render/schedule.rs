//! Tasks for parallel rendering: the nodes of one statement (a bus or an output) form one
//! task, a fused chain that one thread runs start to finish; tasks depend on the tasks whose
//! buses they read. Built off the audio thread together with the program.
//!
//! A statement is the natural unit: its nodes form a tree (each expression node has one
//! reader), so it is a linear chain of work with no parallelism inside worth a dispatch,
//! while different statements are independent unless one reads the other's bus.

use crate::graph::{Graph, NodeKind};

/// One task: nodes run in order by one thread.
#[derive(Clone, Debug)]
pub struct Task {
    /// The statement: `~bass`, `out`, `o1`.
    pub owner: String,
    pub nodes: Vec<usize>,
    /// Tasks that read this one.
    pub successors: Vec<usize>,
    /// How many tasks this one waits for.
    pub deps: usize,
    /// Estimated cost in nanoseconds per sample.
    pub cost: f64,
}

/// The task graph of a program.
#[derive(Clone, Debug, Default)]
pub struct Schedule {
    pub tasks: Vec<Task>,
    /// Nodes run on the calling thread before any task: built-in inputs (`~m1`, MIDI),
    /// which tasks of different statements share.
    pub prelude: Vec<usize>,
    /// Estimated cost of the whole graph in nanoseconds per sample.
    pub total_cost: f64,
    /// Estimated cost of the longest chain of dependent tasks (the critical path), per sample.
    pub critical_cost: f64,
}

/// Estimated nanoseconds per sample of a node (kernels: their registry entry's cost,
/// measured on the development machines; only ratios matter: they decide whether a graph
/// is worth spreading over threads).
fn node_cost(kind: &NodeKind, inputs: usize) -> f64 {
    match kind {
        NodeKind::Kernel { function } => function.cost() as f64,
        NodeKind::Sampler { .. } => 20.0,
        NodeKind::Pattern { .. } => 1.0,
        NodeKind::Binary(_) | NodeKind::Neg | NodeKind::Product => 0.6,
        NodeKind::Sum => 0.4 * inputs as f64,
        NodeKind::Slew | NodeKind::VoiceEnvelope { .. } => 3.0,
        NodeKind::Bus { .. } | NodeKind::Output { .. } => 0.5,
        NodeKind::Const(_) | NodeKind::External { .. } | NodeKind::Silence => 0.0,
    }
}

/// Groups the nodes that run (not constants, not skipped pass-throughs) into tasks.
pub fn build(
    graph: &Graph,
    order: &[usize],
    runs: &[bool],
    inputs: &[Vec<(usize, bool)>],
) -> Schedule {
    let mut owner_task: Vec<Option<usize>> = vec![None; graph.nodes.len()];
    let mut tasks: Vec<Task> = Vec::new();
    let mut prelude = Vec::new();
    let mut by_owner: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for &i in order {
        if !runs[i] {
            continue;
        }
        let node = &graph.nodes[i];
        if matches!(node.kind, NodeKind::External { .. }) {
            prelude.push(i);
            continue;
        }
        let t = *by_owner.entry(node.owner.as_str()).or_insert_with(|| {
            tasks.push(Task {
                owner: node.owner.clone(),
                nodes: Vec::new(),
                successors: Vec::new(),
                deps: 0,
                cost: 0.0,
            });
            tasks.len() - 1
        });
        tasks[t].nodes.push(i);
        tasks[t].cost += node_cost(&node.kind, inputs[i].len());
        owner_task[i] = Some(t);
    }
    // Dependencies: a task waits for the tasks that write what it reads this chunk.
    let mut edges: std::collections::BTreeSet<(usize, usize)> = std::collections::BTreeSet::new();
    for (t, task) in tasks.iter().enumerate() {
        for &i in &task.nodes {
            for &(j, delayed) in &inputs[i] {
                if delayed {
                    continue;
                }
                if let Some(u) = owner_task[j] {
                    if u != t {
                        edges.insert((u, t));
                    }
                }
            }
        }
    }
    for (u, t) in edges {
        tasks[u].successors.push(t);
        tasks[t].deps += 1;
    }
    let tasks = coarsen(tasks);
    let total_cost = tasks.iter().map(|t| t.cost).sum();
    let critical_cost = critical_path(&tasks);
    Schedule {
        tasks,
        prelude,
        total_cost,
        critical_cost,
    }
}

/// Below this estimated cost (ns per sample) a task is merged with independent siblings:
/// at 128 samples that is about 5 µs of work, well above the cost of handing it over.
const MIN_TASK_COST: f64 = 40.0;

/// Merges small independent tasks that feed the same successors (the chains of a mix)
/// into tasks worth a dispatch. Nodes keep their order within each merged part, so the
/// output is the same bits.
fn coarsen(tasks: Vec<Task>) -> Vec<Task> {
    let n = tasks.len();
    // Group roots by their successor list; each group is filled up to MIN_TASK_COST.
    let mut target: Vec<usize> = (0..n).collect();
    let mut open: Vec<(Vec<usize>, usize, f64)> = Vec::new(); // (successors, task, cost)
    for t in 0..n {
        if tasks[t].deps != 0 || tasks[t].cost >= MIN_TASK_COST {
            continue;
        }
        let mut succ = tasks[t].successors.clone();
        succ.sort_unstable();
        match open
            .iter_mut()
            .find(|(s, _, c)| *s == succ && *c < MIN_TASK_COST)
        {
            Some((_, into, cost)) => {
                target[t] = *into;
                *cost += tasks[t].cost;
            }
            None => open.push((succ, t, tasks[t].cost)),
        }
    }
    // Rebuild: merged tasks take their parts' nodes and costs; renumber successors.
    let mut new_index = vec![usize::MAX; n];
    let mut merged: Vec<Task> = Vec::new();
    for t in 0..n {
        if target[t] == t {
            new_index[t] = merged.len();
            let mut task = tasks[t].clone();
            task.successors.clear();
            task.deps = 0;
            merged.push(task);
        }
    }
    for t in 0..n {
        if target[t] != t {
            let into = new_index[target[t]];
            new_index[t] = into;
            merged[into].nodes.extend_from_slice(&tasks[t].nodes);
            merged[into].cost += tasks[t].cost;
            merged[into].owner = format!("{}+", tasks[target[t]].owner.trim_end_matches('+'));
        }
    }
    let mut edges = std::collections::BTreeSet::new();
    for (t, task) in tasks.iter().enumerate() {
        for &s in &task.successors {
            edges.insert((new_index[t], new_index[s]));
        }
    }
    for (u, v) in edges {
        if u != v {
            merged[u].successors.push(v);
            merged[v].deps += 1;
        }
    }
    merged
}

/// The most expensive chain of dependent tasks (longest path, in topological order).
fn critical_path(tasks: &[Task]) -> f64 {
    let mut waiting: Vec<usize> = tasks.iter().map(|t| t.deps).collect();
    let mut ready: Vec<usize> = (0..tasks.len()).filter(|&t| waiting[t] == 0).collect();
    let mut start = vec![0.0f64; tasks.len()];
    let mut best = 0.0f64;
    while let Some(t) = ready.pop() {
        let finish = start[t] + tasks[t].cost;
        best = best.max(finish);
        for &s in &tasks[t].successors {
            start[s] = start[s].max(finish);
            waiting[s] -= 1;
            if waiting[s] == 0 {
                ready.push(s);
            }
        }
    }
    best
}

impl Schedule {
    /// The estimated speed-up with `threads` threads: total work over what the critical
    /// path and the threads allow.
    pub fn speedup(&self, threads: usize) -> f64 {
        let threads = threads.max(1) as f64;
        let bound = (self.total_cost / threads).max(self.critical_cost);
        if bound <= 0.0 {
            1.0
        } else {
            self.total_cost / bound
        }
    }

    /// What `phonon plan --tasks` prints: one line per task with its estimated cost.
    pub fn describe(&self, block: usize) -> String {
        let mut out = String::new();
        for (t, task) in self.tasks.iter().enumerate() {
            let waits: Vec<String> = self
                .tasks
                .iter()
                .enumerate()
                .filter(|(_, u)| u.successors.contains(&t))
                .map(|(u, _)| format!("t{u}"))
                .collect();
            out.push_str(&format!(
                "t{t} {:<10} {:>3} nodes  ~{:>7.2} µs per {block} samples{}\n",
                task.owner,
                task.nodes.len(),
                task.cost * block as f64 / 1000.0,
                if waits.is_empty() {
                    String::new()
                } else {
                    format!("  after {}", waits.join(" "))
                }
            ));
        }
        out.push_str(&format!(
            "total ~{:.2} µs, critical path ~{:.2} µs per {block} samples; estimated speed-up with 2 threads {:.2}x\n",
            self.total_cost * block as f64 / 1000.0,
            self.critical_cost * block as f64 / 1000.0,
            self.speedup(2)
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(cost: f64, deps: usize, successors: Vec<usize>) -> Task {
        Task {
            owner: String::new(),
            nodes: vec![],
            successors,
            deps,
            cost,
        }
    }

    #[test]
    fn critical_path_follows_dependencies_in_any_numbering() {
        // t0 (cost 1) runs after t2 (cost 5); t1 (cost 2) alone; t3 (cost 1) after t0 and t1.
        let tasks = vec![
            task(1.0, 1, vec![3]),
            task(2.0, 0, vec![3]),
            task(5.0, 0, vec![0]),
            task(1.0, 2, vec![]),
        ];
        assert_eq!(critical_path(&tasks), 7.0);
    }

    #[test]
    fn small_siblings_are_merged_and_keep_their_successors() {
        let tasks: Vec<Task> = (0..8)
            .map(|_| task(10.0, 0, vec![8]))
            .chain([task(1.0, 8, vec![])])
            .collect();
        let merged = coarsen(tasks);
        // 8 tasks of 10 ns merge into groups of at least 40 ns: two groups, then the sink.
        assert_eq!(merged.len(), 3);
        assert_eq!(merged[2].deps, 2);
        assert!(merged[..2]
            .iter()
            .all(|t| t.successors == vec![2] && t.cost >= MIN_TASK_COST));
    }
}
