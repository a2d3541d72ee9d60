//! The pattern engine: exact rational time, events, the pattern algebra,
//! mini-notation, transforms and seeded randomness (Tidal's model).
//!
//! A pattern is a function from a query span to the events touching it. Queries
//! allocate and run off the audio thread; `cache` holds events prepared ahead of the
//! playhead so the audio thread can read a block's events without allocating.

pub mod args;
pub mod budget;
pub mod cache;
pub mod composition;
pub mod core;
pub mod euclid;
pub mod hap;
pub mod mini;
pub mod random;
pub mod span;
pub mod structure;
pub mod time;
pub mod tonal;
pub mod transforms;
pub mod value;

pub use self::core::{fastcat, pure, pure_at, silence, slowcat, stack, timecat, Pattern, State};
pub use hap::{Hap, Sources};
pub use span::TimeSpan;
pub use time::Time;
pub use value::Value;
