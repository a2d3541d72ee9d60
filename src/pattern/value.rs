//! The values events carry: numbers, words (sample names, note names) and control maps
//! (the per-event parameters of a sample player: `{s: "bd", n: 3, gain: 0.8}`).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Control maps keep their keys sorted so output is stable.
pub type ValueMap = BTreeMap<String, Value>;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Num(f64),
    /// A word from the mini-notation: `bd`, `bd:3`, `c4`, `t`.
    Str(Arc<str>),
    Map(Arc<ValueMap>),
    /// A control given a signal (`# gain ~lfo`): the value of the voice player's k-th
    /// signal input at each event's onset, read when the voice starts.
    Signal(u16),
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }

    pub fn as_num(&self) -> Option<f64> {
        match self {
            Value::Num(x) => Some(*x),
            Value::Str(s) => note_to_midi(s),
            Value::Map(_) | Value::Signal(_) => None,
        }
    }

    /// Truthiness for `struct`, `mask`, `while`: `0`, `f`, `false` and rests are false.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Num(x) => *x != 0.0,
            Value::Str(s) => !matches!(&**s, "f" | "false" | "0"),
            Value::Map(_) | Value::Signal(_) => true,
        }
    }

    /// The value as a control map: words become `{s: word}` (with `bd:3` split into
    /// `s` and `n`), numbers `{n: x}`. Used when a control (`pan`, `gain`...) is set on
    /// a plain pattern, e.g. by `jux` or `# speed 2`.
    pub fn to_map(&self) -> ValueMap {
        match self {
            Value::Map(m) => (**m).clone(),
            Value::Str(s) => sound_map(s),
            Value::Num(_) | Value::Signal(_) => {
                let mut m = ValueMap::new();
                m.insert("n".to_string(), self.clone());
                m
            }
        }
    }

    /// Sets one control, converting to a map first.
    pub fn with_control(&self, key: &str, v: Value) -> Value {
        let mut m = self.to_map();
        m.insert(key.to_string(), v);
        Value::Map(Arc::new(m))
    }

    /// Union of two values as maps, `right` winning on shared keys (Tidal's `#`/`|>`).
    pub fn union_right(left: &Value, right: &Value) -> Value {
        let mut m = left.to_map();
        for (k, v) in right.to_map() {
            m.insert(k, v);
        }
        Value::Map(Arc::new(m))
    }

    /// Writes the value as JSON: numbers as numbers, words as strings, maps as objects.
    pub fn write_json(&self, out: &mut String) {
        match self {
            Value::Num(x) => {
                if x.is_finite() {
                    if x.fract() == 0.0 && x.abs() < 1e15 {
                        out.push_str(&format!("{}", *x as i64));
                    } else {
                        out.push_str(&format!("{x}"));
                    }
                } else {
                    out.push_str("null");
                }
            }
            Value::Str(s) => out.push_str(&serde_json::Value::String(s.to_string()).to_string()),
            Value::Signal(k) => out.push_str(&format!("\"<signal {k}>\"")),
            Value::Map(m) => {
                out.push('{');
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::String(k.clone()).to_string());
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

/// `bd:3` -> `{s: "bd", n: 3}`; `bd` -> `{s: "bd"}`.
fn sound_map(word: &str) -> ValueMap {
    let mut m = ValueMap::new();
    match word.split_once(':') {
        Some((name, index)) if index.parse::<f64>().is_ok() => {
            m.insert("s".to_string(), Value::str(name));
            m.insert("n".to_string(), Value::Num(index.parse().unwrap_or(0.0)));
        }
        _ => {
            m.insert("s".to_string(), Value::str(word));
        }
    }
    m
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Num(x) => write!(f, "{x}"),
            Value::Str(s) => write!(f, "{s}"),
            Value::Signal(k) => write!(f, "<signal {k}>"),
            Value::Map(m) => {
                write!(f, "{{")?;
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                write!(f, "}}")
            }
        }
    }
}

/// Octave of a note name written without one (`c` = middle C, as in Tidal).
pub const DEFAULT_OCTAVE: i32 = 4;

/// MIDI note number of a note name in scientific pitch notation: `c4` = 60, `a4` = 69,
/// `eb3` = 51, `fs2` = 42, `c#5` = 73. Letters `s`/`#` sharpen, `f`/`b` flatten (after the
/// letter). Returns `None` for anything else.
pub fn note_to_midi(name: &str) -> Option<f64> {
    let bytes = name.as_bytes();
    let first = bytes.first()?.to_ascii_lowercase();
    let base = match first {
        b'c' => 0,
        b'd' => 2,
        b'e' => 4,
        b'f' => 5,
        b'g' => 7,
        b'a' => 9,
        b'b' => 11,
        _ => return None,
    };
    let mut i = 1;
    let mut acc = 0i32;
    while i < bytes.len() {
        match bytes[i] {
            b's' | b'#' => acc += 1,
            b'f' | b'b' => acc -= 1,
            b'n' => {}
            _ => break,
        }
        i += 1;
    }
    let rest = &name[i..];
    let octave = if rest.is_empty() {
        DEFAULT_OCTAVE
    } else {
        rest.parse::<i32>().ok()?
    };
    if !(-2..=10).contains(&octave) {
        return None;
    }
    Some(((octave + 1) * 12 + base + acc) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_names_follow_scientific_pitch() {
        assert_eq!(note_to_midi("c4"), Some(60.0));
        assert_eq!(note_to_midi("a4"), Some(69.0));
        assert_eq!(note_to_midi("eb3"), Some(51.0));
        assert_eq!(note_to_midi("fs2"), Some(42.0));
        assert_eq!(note_to_midi("c"), Some(60.0));
        assert_eq!(note_to_midi("bd"), None);
        assert_eq!(note_to_midi("hh"), None);
    }

    #[test]
    fn words_become_sound_maps() {
        let v = Value::str("bd:3").with_control("pan", Value::Num(1.0));
        let mut s = String::new();
        v.write_json(&mut s);
        assert_eq!(s, r#"{"n":3,"pan":1,"s":"bd"}"#);
    }
}
