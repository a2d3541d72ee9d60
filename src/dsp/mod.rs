//! DSP kernels, one file per family. Every node of the signal graph is a [`Kernel`]
//! rendering one block at a time; triggered sounds are [`kernel`]-level voices.

pub mod kernel;

pub use kernel::{BlockCtx, Input, Kernel, Setup};
