//! Phonon: a live-coding instrument. Tidal-style patterns drive a signal graph.
//!
//! This crate is the engine shared by the `phonon` CLI and the plugin: the language
//! front end ([`lang`]) and the pattern engine ([`pattern`]).

pub mod clock;
pub mod dsp;
pub mod engine;
pub mod graph;
pub mod kit;
pub mod lang;
pub mod midi;
pub mod pattern;
pub mod preview;
pub mod registry;
pub mod render;
pub mod samples;
