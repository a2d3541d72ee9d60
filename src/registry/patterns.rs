//! Functions that build patterns from patterns (`stack`, `cat`).

use super::spec::Category::Pattern;
use super::spec::ParamKind::List;
use super::spec::*;

pub static FUNCTIONS: &[FunctionSpec] = &[
    entry(
        "stack",
        &[],
        Pattern,
        &[req("items", List)],
        "play patterns or signals together: `stack [s \"bd*4\", s \"hh*8\"]`",
        Implementation::Special(Special::Stack),
    ),
    entry(
        "cat",
        &["slowcat"],
        Pattern,
        &[req("items", List)],
        "one item per cycle, in turn: `cat [s \"bd*2\", s \"sn*4\"]`",
        Implementation::Special(Special::Cat),
    ),
];
