//! DSP kernels, one file per family. Every node of the signal graph is a [`Kernel`]
//! rendering one block at a time; triggered synths are [`synth::Voice`]s. Each kernel is
//! built by its function's entry in [`crate::registry`].

pub mod env;
pub mod filter;
pub mod fx;
pub mod kernel;
pub mod noise;
pub mod osc;
pub mod safety;
pub mod sampler;
pub mod synth;
pub mod util;
pub mod voice_fx;

pub use kernel::{BlockCtx, Input, Kernel, Setup};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{self, ParamKind};
    use osc::test_support::make_seeded as make;

    const SR: f32 = 48_000.0;
    const BLOCK: usize = 128;

    /// A value for a parameter: its default, or a typical value for required ones.
    fn param_value(name: &str, default: Option<&str>) -> f32 {
        if let Some(v) = default.and_then(|d| d.parse::<f32>().ok()) {
            return v;
        }
        match name {
            n if n.contains("freq") => 330.0,
            n if n.contains("cut") => 1200.0,
            "time" => 0.01,
            "a" | "attack" => 0.01,
            "d" | "decay" | "r" | "release" => 0.05,
            _ => 0.5,
        }
    }

    /// Renders `blocks` blocks from absolute sample `start`: the audio input is a loud,
    /// rich test signal (a saw with noise), every other parameter its value.
    fn run(
        k: &mut dyn Kernel,
        spec: &registry::FunctionSpec,
        start: usize,
        blocks: usize,
    ) -> Vec<f32> {
        let mut outs = Vec::new();
        let mut out = [vec![0.0f32; BLOCK], vec![0.0f32; BLOCK]];
        for b in 0..blocks {
            let s0 = start + b * BLOCK;
            let audio: Vec<f32> = (0..BLOCK)
                .map(|i| {
                    let n = (s0 + i) as u64;
                    let saw = ((n % 109) as f32 / 54.5) - 1.0;
                    let hash = (n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as f32 / 16_777_216.0;
                    0.8 * saw + 0.2 * (hash - 0.5)
                })
                .collect();
            let consts: Vec<Vec<f32>> = spec
                .params
                .iter()
                .map(|p| vec![param_value(p.name, p.default); BLOCK])
                .collect();
            let inputs: Vec<Input> = spec
                .params
                .iter()
                .zip(&consts)
                .map(|(p, c)| match p.kind {
                    ParamKind::Input => Input::mono(&audio, false),
                    _ => Input::mono(c, true),
                })
                .collect();
            let ctx = BlockCtx {
                sample_rate: SR,
                start_sample: s0 as u64,
                len: BLOCK,
                cycle: s0 as f64 * 8.0 / SR as f64,
                cycles_per_sample: 8.0 / SR as f64,
            };
            let ch = k.channels();
            let [l, r] = &mut out;
            let mut slices: [&mut [f32]; 2] = [&mut l[..], &mut r[..]];
            k.process(&ctx, &inputs, &mut slices[..ch]);
            for c in out.iter().take(ch) {
                outs.extend_from_slice(c);
            }
        }
        outs
    }

    /// Every kernel in the registry renders finite audio with its defaults and, after taking over another instance's state (built with
    /// a different seed), renders exactly what that instance renders: the copy is complete.
    #[test]
    fn every_kernel_continues_exactly_after_copying_state() {
        let mut tested = 0;
        for spec in registry::all() {
            let channels = vec![1usize; spec.params.len()];
            let setup = Setup {
                sample_rate: SR,
                max_block: BLOCK,
                input_channels: &channels,
            };
            let signal = spec.kernel_impl().is_some()
                || matches!(spec.implementation, registry::Implementation::Synth(_));
            let (Some(mut a), Some(mut b)) =
                (spec.build_kernel(&setup, 1), spec.build_kernel(&setup, 2))
            else {
                assert!(!signal, "{} has a kernel but does not build", spec.name);
                continue;
            };
            let first = run(a.as_mut(), spec, 0, 40);
            assert!(
                first.iter().all(|v| v.is_finite()),
                "{} renders finite audio with its defaults",
                spec.name
            );
            assert!(
                b.copy_state_from(a.as_ref()),
                "{} copies its own kind",
                spec.name
            );
            let from_a = run(a.as_mut(), spec, 40 * BLOCK, 40);
            let from_b = run(b.as_mut(), spec, 40 * BLOCK, 40);
            let same = from_a
                .iter()
                .zip(&from_b)
                .all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(same, "{} renders the same after copying state", spec.name);
            tested += 1;
        }
        let with_kernels = registry::all()
            .iter()
            .filter(|f| {
                f.kernel_impl().is_some()
                    || matches!(f.implementation, registry::Implementation::Synth(_))
            })
            .count();
        assert_eq!(tested, with_kernels, "every signal entry is tested");
        // A kernel of another kind is left alone.
        let channels = [1usize; 4];
        let setup = Setup {
            sample_rate: SR,
            max_block: BLOCK,
            input_channels: &channels,
        };
        let mut saw = make("saw", &setup, 1).unwrap();
        let sine = make("sine", &setup, 1).unwrap();
        assert!(!saw.copy_state_from(sine.as_ref()));
    }
}
