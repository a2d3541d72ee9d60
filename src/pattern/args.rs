//! Evaluated arguments of a pattern function: what the language's evaluator hands a
//! transform builder of the registry (constants, patterns, transforms, lists), and the
//! conversions a builder asks for. Errors name the argument by its index, so this module
//! knows nothing of source text; the evaluator turns them into diagnostics at the
//! argument's span.

use super::core::{pure, Pattern};
use super::time::Time;
use super::transforms::Transform;
use super::value::Value;

/// What an expression evaluates to.
#[derive(Clone)]
pub enum Evaluated {
    /// An exact constant (number literals and arithmetic on them).
    Const(Time),
    Pattern(Pattern<Value>),
    /// A transform waiting for its pattern (`fast 2`, `rev`, `(# speed 2)`).
    Function(Transform),
    List(Vec<Evaluated>),
}

/// A conversion that failed: its message, and the argument it is about (`None`: the call
/// as a whole).
#[derive(Clone, Debug, PartialEq)]
pub struct ArgError {
    pub arg: Option<usize>,
    pub message: String,
}

impl ArgError {
    pub fn new(message: impl Into<String>) -> ArgError {
        ArgError {
            arg: None,
            message: message.into(),
        }
    }

    /// The same error, about argument `arg` (unless it already names one).
    pub fn at(self, arg: usize) -> ArgError {
        ArgError {
            arg: Some(self.arg.unwrap_or(arg)),
            ..self
        }
    }
}

/// The numeric values of a pattern (note names become MIDI numbers; other words drop out).
pub fn numbers(p: &Pattern<Value>) -> Pattern<f64> {
    p.fmap(|v| v.as_num().unwrap_or(f64::NAN))
        .filter_values(|x| x.is_finite())
}

/// Tidal's shorthands for durations in a pattern of times: `w` 1, `h` 1/2, `q` 1/4, `e`
/// 1/8, `s` 1/16, `t` 1/3, `f` 1/5, `x` 1/6, optionally after a multiplier (`3q` is 3/4,
/// `0.5s` is 1/32).
pub fn time_word(word: &str) -> Option<Time> {
    let unit = match word.chars().last()? {
        'w' => Time::ONE,
        'h' => Time::new(1, 2),
        'q' => Time::new(1, 4),
        'e' => Time::new(1, 8),
        's' => Time::new(1, 16),
        't' => Time::new(1, 3),
        'f' => Time::new(1, 5),
        'x' => Time::new(1, 6),
        _ => return None,
    };
    let count = &word[..word.len() - 1];
    if count.is_empty() {
        return Some(unit);
    }
    let n = Time::parse(count)?;
    Some(n * unit)
}

impl Evaluated {
    pub fn into_pattern(self) -> Result<Pattern<Value>, ArgError> {
        match self {
            Evaluated::Const(t) => Ok(pure(Value::Num(t.to_f64()))),
            Evaluated::Pattern(p) => Ok(p),
            Evaluated::Function(_) => {
                Err(ArgError::new("expected a pattern here, found a transform"))
            }
            Evaluated::List(_) => Err(ArgError::new("expected a pattern here, found a list")),
        }
    }

    pub fn into_time_pattern(self) -> Result<Pattern<Time>, ArgError> {
        match self {
            Evaluated::Const(t) => Ok(pure(t)),
            other => Ok(other
                .into_pattern()?
                .fmap(|v| match v {
                    Value::Str(w) => time_word(w).or_else(|| v.as_num().map(Time::from_f64)),
                    _ => v.as_num().map(Time::from_f64),
                })
                .filter_values(Option::is_some)
                .fmap(|t| t.unwrap_or(Time::ZERO))),
        }
    }

    pub fn into_num_pattern(self) -> Result<Pattern<f64>, ArgError> {
        Ok(numbers(&self.into_pattern()?))
    }

    pub fn into_function(self) -> Result<Transform, ArgError> {
        match self {
            Evaluated::Function(f) => Ok(f),
            _ => Err(ArgError::new(
                "expected a transform here, like (fast 2) or rev",
            )),
        }
    }
}

/// The arguments of one call, bound to the function's parameters in order (defaults
/// already filled in); the subject pattern of a transform is not among them.
pub struct TransformArgs {
    values: Vec<Option<Evaluated>>,
}

impl TransformArgs {
    pub fn new(values: Vec<Option<Evaluated>>) -> TransformArgs {
        TransformArgs { values }
    }

    /// Argument `i` as given (or defaulted).
    pub fn get(&self, i: usize) -> Result<Evaluated, ArgError> {
        match self.values.get(i) {
            Some(Some(v)) => Ok(v.clone()),
            _ => Err(ArgError::new("missing argument").at(i)),
        }
    }

    pub fn time(&self, i: usize) -> Result<Pattern<Time>, ArgError> {
        self.get(i)?.into_time_pattern().map_err(|e| e.at(i))
    }

    pub fn num(&self, i: usize) -> Result<Pattern<f64>, ArgError> {
        self.get(i)?.into_num_pattern().map_err(|e| e.at(i))
    }

    pub fn pattern(&self, i: usize) -> Result<Pattern<Value>, ArgError> {
        self.get(i)?.into_pattern().map_err(|e| e.at(i))
    }

    pub fn function(&self, i: usize) -> Result<Transform, ArgError> {
        self.get(i)?.into_function().map_err(|e| e.at(i))
    }

    /// A list of transforms (a single transform is a list of one).
    pub fn functions(&self, i: usize) -> Result<Vec<Transform>, ArgError> {
        match self.get(i)? {
            Evaluated::List(items) => items
                .into_iter()
                .map(|e| e.into_function().map_err(|e| e.at(i)))
                .collect(),
            other => Ok(vec![other.into_function().map_err(|e| e.at(i))?]),
        }
    }

    /// A list of patterns (a single pattern is a list of one).
    pub fn patterns(&self, i: usize) -> Result<Vec<Pattern<Value>>, ArgError> {
        match self.get(i)? {
            Evaluated::List(items) => items
                .into_iter()
                .map(|e| e.into_pattern().map_err(|e| e.at(i)))
                .collect(),
            other => Ok(vec![other.into_pattern().map_err(|e| e.at(i))?]),
        }
    }
}
