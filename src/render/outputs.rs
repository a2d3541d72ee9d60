//! Writing a chunk's outputs: the main mix and the numbered outputs, sanitised, then
//! (unless a host does it after its own gain) through the safety stage.

use super::*;

impl Program {
    pub(super) fn write_outputs(&mut self, out: &mut Outputs, offset: usize, len: usize) {
        for ch in out.main.iter_mut() {
            ch[offset..offset + len].fill(0.0);
        }
        if self.hushed {
            for o in out.numbered.iter_mut().flatten() {
                for ch in o.iter_mut() {
                    ch[offset..offset + len].fill(0.0);
                }
            }
            return;
        }
        // Main: the `out` statement plus every numbered output, in a fixed order.
        for (slot, node) in self.outputs.iter().enumerate() {
            let Some(i) = *node else {
                if (1..=NUMBERED_OUTPUTS).contains(&slot) && !self.orbit_outputs {
                    if let Some(o) = &mut out.numbered[slot - 1] {
                        for ch in o.iter_mut() {
                            ch[offset..offset + len].fill(0.0);
                        }
                    }
                }
                continue;
            };
            let i = self.source_of(i);
            let buf = self.buffers[i].get_mut();
            // Nothing non-finite leaves through an output.
            for ch in buf.iter_mut() {
                for x in ch.iter_mut().take(len) {
                    if !x.is_finite() {
                        *x = 0.0;
                        self.stats.nans_replaced += 1;
                    }
                }
            }
            let buf = &*self.buffers[i].get_mut();
            let right: &[f32] = if self.channels[i] == 2 {
                &buf[1]
            } else {
                &buf[0]
            };
            let src = [&buf[0][..len], &right[..len]];
            for (dst, src) in out.main.iter_mut().zip(src) {
                for (d, x) in dst[offset..offset + len].iter_mut().zip(src) {
                    *d += x;
                }
            }
            if (1..=NUMBERED_OUTPUTS).contains(&slot) && !self.orbit_outputs {
                if let Some(o) = &mut out.numbered[slot - 1] {
                    for c in 0..2 {
                        o[c][offset..offset + len].copy_from_slice(src[c]);
                    }
                }
            }
        }
        if self.orbit_outputs {
            self.write_orbit_outputs(out, offset, len);
        }
        if self.safety_stage {
            let stats = &mut self.stats.safety;
            for ch in out.main.iter_mut() {
                crate::dsp::safety::apply(&mut ch[offset..offset + len], stats);
            }
            for o in out.numbered.iter_mut().flatten() {
                for ch in o.iter_mut() {
                    crate::dsp::safety::apply(&mut ch[offset..offset + len], stats);
                }
            }
        }
    }

    /// With orbits to outputs: numbered output N+1 is the sum of orbit N of every player.
    fn write_orbit_outputs(&mut self, out: &mut Outputs, offset: usize, len: usize) {
        for (k, o) in out.numbered.iter_mut().enumerate() {
            let Some(o) = o else { continue };
            for ch in o.iter_mut() {
                ch[offset..offset + len].fill(0.0);
            }
            for node in self.nodes.iter_mut() {
                let nodes::RtNode::Sampler(p) = node.get_mut() else {
                    continue;
                };
                let Some(sound) = p.orbit_sound(k) else {
                    continue;
                };
                for (dst, src) in o.iter_mut().zip(sound) {
                    for (d, x) in dst[offset..offset + len].iter_mut().zip(&src[..len]) {
                        // nothing non-finite leaves through an output
                        *d += if x.is_finite() { *x } else { 0.0 };
                    }
                }
            }
        }
    }
}
