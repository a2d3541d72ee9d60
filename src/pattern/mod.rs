//! The pattern engine: exact rational time, events, the pattern algebra,
//! mini-notation, transforms and seeded randomness (Tidal's model).

pub mod mini;
pub mod time;

pub use time::Time;
