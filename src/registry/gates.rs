//! Rhythm patterns as signals.

use super::spec::Category::Gate;
use super::spec::ParamKind::Value;
use super::spec::*;

pub static FUNCTIONS: &[FunctionSpec] = &[
    entry(
        "tar",
        &[],
        Gate,
        &[
            req("pattern", PAT),
            req("attack", Value).range(0.0, 10.0),
            req("release", Value).range(0.0, 10.0),
        ],
        "attack-release envelope on each true event: `# tar \"t(3,8)\" 0.01 0.2`",
        Implementation::Special(Special::Gate(GateShape::Smoothed)),
    ),
    entry(
        "gate",
        &[],
        Gate,
        &[req("pattern", PAT)],
        "1 while an event is on, else 0: `# gate \"t ~ t t\"`",
        Implementation::Special(Special::Gate(GateShape::Hold)),
    ),
    entry(
        "trig",
        &[],
        Gate,
        &[req("pattern", PAT)],
        "a one-sample trigger at each event: `trig \"t*4\"`",
        Implementation::Special(Special::Gate(GateShape::Trigger)),
    ),
];
