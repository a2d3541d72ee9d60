//! DSP kernels, one file per family. Every node of the signal graph is a [`Kernel`]
//! rendering one block at a time; triggered synths are [`synth::Voice`]s.

pub mod env;
pub mod filter;
pub mod fx;
pub mod kernel;
pub mod noise;
pub mod osc;
pub mod synth;
pub mod util;

pub use kernel::{BlockCtx, Input, Kernel, Setup};

/// The kernel for a registry function, asking each family in turn (built off the audio
/// thread). `seed` makes noise and other random sources differ between nodes but stay the
/// same between runs.
pub fn make(name: &str, setup: &Setup, seed: u64) -> Option<Box<dyn Kernel>> {
    osc::make(name, setup)
        .or_else(|| noise::make_seeded(name, setup, seed))
        .or_else(|| env::make(name, setup))
        .or_else(|| synth::make_seeded(name, setup, seed))
        .or_else(|| filter::make(name, setup))
        .or_else(|| fx::make(name, setup))
        .or_else(|| util::make(name, setup))
}
