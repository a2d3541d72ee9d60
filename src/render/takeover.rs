//! What survives an edit: a new program takes over the state of the old one's unchanged nodes.

use super::*;

impl Program {
    /// Whether node `i` here and node `j` of `old` have the same output and input widths.
    pub(super) fn same_wiring(&self, i: usize, old: &Program, j: usize) -> bool {
        let (a, b) = (&self.inputs[i], &old.inputs[j]);
        self.channels[i] == old.channels[j]
            && a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(&(x, _), &(y, _))| self.channels[x] == old.channels[y])
    }

    /// Takes over what survives an edit from `old`, the program this one replaces, before
    /// its first block: the position and clock, macro and MIDI values and held keys, and
    /// the state of every node whose statement is unchanged (same canonical text, see
    /// [`crate::graph::Node::key`]) — oscillator phases, filter memories, delay lines,
    /// reverb tails, sounding voices, feedback histories. Unchanged statements then render
    /// exactly what they would have rendered without the edit. On the audio thread:
    /// copies in place, allocates and frees nothing. Returns how many nodes took state.
    pub fn take_state_from(&mut self, old: &Program) -> usize {
        if self.sample_rate != old.sample_rate {
            return 0; // coefficients and lengths in samples would not fit
        }
        self.position = old.position;
        self.clock = old.clock;
        self.cps = old.cps;
        let (e, from) = (&mut self.externals, &old.externals);
        e.macros = from.macros;
        e.midi_freq = from.midi_freq;
        e.midi_gate = from.midi_gate;
        e.midi_vel = from.midi_vel;
        e.voice_freq = from.voice_freq;
        e.voice_gate = from.voice_gate;
        self.voice_keys = old.voice_keys;
        self.voice_age = old.voice_age;
        self.voice_clock = old.voice_clock;
        // Both key lists are sorted: one merge pass pairs the nodes.
        let (mut a, mut b, mut carried) = (0, 0, 0);
        while a < self.keys.len() && b < old.keys.len() {
            let ((ka, i), (kb, j)) = (self.keys[a], old.keys[b]);
            if ka < kb {
                a += 1;
                continue;
            }
            if kb < ka {
                b += 1;
                continue;
            }
            // The same statement can be wired to inputs of other widths (a bus it reads
            // went from stereo to mono): then its kernels were built differently.
            let old_node: &RtNode = &old.nodes[j].get();
            if self.same_wiring(i, old, j) && self.nodes[i].get_mut().take_state_from(old_node) {
                carried += 1;
            }
            if let (Some(h), Some(from)) = (&self.history[i], &old.history[j]) {
                for c in 0..2 {
                    // SAFETY: both rings are `2 * HISTORY` long and owned by their
                    // programs; no chunk is rendering (this runs between blocks on the
                    // thread that renders both).
                    unsafe { std::ptr::copy_nonoverlapping(from.ptr[c], h.ptr[c], 2 * HISTORY) };
                }
            }
            a += 1;
            b += 1;
        }
        for (g, key) in self.group_keys.iter().enumerate() {
            let Some(og) = old.group_keys.iter().position(|k| *k == *key && *key != 0) else {
                continue;
            };
            if let (Some(group), Some(from)) = (self.groups.get_mut(g), old.groups.get(og)) {
                group.until = from.until;
                group.age = from.age;
            }
            let e = &mut self.externals;
            if let (Some(f), Some(from)) =
                (e.group_freq.get_mut(g), old.externals.group_freq.get(og))
            {
                *f = *from;
            }
            if let (Some(f), Some(from)) =
                (e.group_gate.get_mut(g), old.externals.group_gate.get(og))
            {
                *f = *from;
            }
        }
        carried
    }
}
