//! Mini-notation: the little language inside `"..."` strings, parsed into a tree and
//! turned into a [`Pattern`] with Tidal's semantics (`Sound.Tidal.ParseBP`).
//!
//! Sequences `a b`, rests `~`, groups `[a b]`, stacks `a, b`, alternation `<a b>`,
//! `*`/`/` with pattern factors, Euclid `a(3,8,2)`, `?` with seeds, `!`, `@`, `_`,
//! random choice `a|b`, polymeter `{a b, c d e}` and `{a b}%4`, feet `a . b c`,
//! ranges `0 .. 3`, `bd:3`, numbers, note names and chords `c4'maj`, `e'min7'ii`, `0'dom7'd1'6` (Tidal's chord table
//! and modifiers).

use super::core::{fastcat, pure, pure_at, silence, stack, timecat, unwrap, Pattern};
use super::euclid::bjorklund;
use super::hap::Sources;
use super::random::seeded_rand;
use super::time::Time;
use super::transforms::tparam;
use super::value::{note_to_midi, Value};

/// A mini-notation syntax error at a byte offset of the string's content.
#[derive(Clone, Debug, PartialEq)]
pub struct MiniError {
    pub offset: usize,
    pub message: String,
}

/// Checks that `text` is valid mini-notation.
pub fn validate(text: &str) -> Result<(), MiniError> {
    parse(text).map(|_| ())
}

/// Parses and builds the pattern of a mini-notation string.
pub fn mini(text: &str) -> Result<Pattern<Value>, MiniError> {
    mini_at(text, 0)
}

/// [`mini`] for a string whose text starts at byte `base` of the program: each event
/// remembers the span of the atom it came from, in program offsets.
pub fn mini_at(text: &str, base: usize) -> Result<Pattern<Value>, MiniError> {
    Ok(build_at(&parse(text)?, base))
}

/// The syntax tree of a mini-notation string.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// A value and the byte range of the text that wrote it.
    Atom(Value, (usize, usize)),
    Rest,
    /// Steps with relative weights, squeezed into one cycle.
    Seq(Vec<(Node, Time)>),
    Stack(Vec<Node>),
    /// `a|b|c`: one chosen at random per cycle.
    Choice {
        options: Vec<Node>,
        seed: u32,
    },
    /// `<a b c>` (with its parts as a stack when it contains `,`).
    Alt(Vec<Node>),
    /// `{a b c, d e}%steps`.
    Poly {
        parts: Vec<Node>,
        steps: Option<Box<Node>>,
    },
    Fast(Box<Node>, Box<Node>),
    Slow(Box<Node>, Box<Node>),
    Euclid {
        node: Box<Node>,
        k: Box<Node>,
        n: Box<Node>,
        rot: Option<Box<Node>>,
    },
    Degrade {
        node: Box<Node>,
        amount: f64,
        seed: u32,
    },
    Range(Box<Node>, Box<Node>),
}

impl Node {
    /// The number of steps a sequence node takes (for polymeter).
    fn steps(&self) -> Time {
        match self {
            Node::Seq(steps) => steps.iter().fold(Time::ZERO, |a, (_, w)| a + *w),
            _ => Time::ONE,
        }
    }
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    seed: u32,
    depth: usize,
}

/// Deep nesting is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

/// Parses a mini-notation string.
pub fn parse(text: &str) -> Result<Node, MiniError> {
    // A no-break space (pasted from a web page) separates steps like a space; two spaces
    // keep every byte offset, so errors still point into the original text.
    let spaced;
    let text = if text.contains('\u{a0}') {
        spaced = text.replace('\u{a0}', "  ");
        spaced.as_str()
    } else {
        text
    };
    let mut p = Parser {
        src: text,
        bytes: text.as_bytes(),
        pos: 0,
        seed: 0,
        depth: 0,
    };
    let node = p.parse_stack(None)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.error(format!("unexpected '{}'", p.peek_char())));
    }
    Ok(node)
}

fn is_word_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'#' | b':' | b'\'' | b'-' | b'^')
}

impl<'a> Parser<'a> {
    fn error(&self, message: impl Into<String>) -> MiniError {
        MiniError {
            offset: self.pos.min(self.src.len()),
            message: message.into(),
        }
    }

    fn error_at(&self, offset: usize, message: impl Into<String>) -> MiniError {
        MiniError {
            offset,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, k: usize) -> Option<u8> {
        self.bytes.get(self.pos + k).copied()
    }

    fn peek_char(&self) -> char {
        self.src[self.pos..].chars().next().unwrap_or(' ')
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_ascii_whitespace() {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn new_seed(&mut self) -> u32 {
        let s = self.seed;
        self.seed += 1;
        s
    }

    /// A stack of sequences separated by `,`, or a choice separated by `|`,
    /// up to `close` (or the end of the string).
    fn parse_stack(&mut self, close: Option<u8>) -> Result<Node, MiniError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("patterns nested too deeply"));
        }
        let mut parts = vec![self.parse_feet()?];
        let mut sep = None;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b',') if close == Some(b',') => break,
                Some(c @ (b',' | b'|')) => {
                    if sep.is_some() && sep != Some(c) {
                        return Err(self.error("cannot mix ',' and '|' in one group; use brackets"));
                    }
                    sep = Some(c);
                    self.pos += 1;
                    parts.push(self.parse_feet()?);
                }
                _ => break,
            }
        }
        self.depth -= 1;
        Ok(match sep {
            None => parts.pop().unwrap_or(Node::Rest),
            Some(b',') => Node::Stack(parts),
            _ => Node::Choice {
                options: parts,
                seed: self.new_seed(),
            },
        })
    }

    /// A sequence, possibly split into feet by ` . `.
    fn parse_feet(&mut self) -> Result<Node, MiniError> {
        let mut feet = vec![self.parse_sequence()?];
        while self.peek() == Some(b'.') && self.peek_at(1) != Some(b'.') {
            self.pos += 1;
            feet.push(self.parse_sequence()?);
        }
        // An empty foot (`"a ."`) is dropped, as in Tidal.
        feet.retain(|f| !matches!(f, Node::Seq(steps) if steps.is_empty()));
        if feet.len() == 1 {
            return Ok(feet.pop().unwrap_or(Node::Rest));
        }
        Ok(Node::Seq(
            feet.into_iter().map(|f| (f, Time::ONE)).collect(),
        ))
    }

    fn at_sequence_end(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) => {
                matches!(c, b',' | b'|' | b']' | b'>' | b'}' | b')')
                    || (c == b'.'
                        && self.peek_at(1) != Some(b'.')
                        && !self.peek_at(1).is_some_and(|d| d.is_ascii_digit()))
            }
        }
    }

    fn parse_sequence(&mut self) -> Result<Node, MiniError> {
        let mut steps: Vec<(Node, Time)> = Vec::new();
        loop {
            self.skip_ws();
            if self.at_sequence_end() {
                break;
            }
            match self.peek() {
                Some(b'_') if !self.peek_at(1).is_some_and(is_word_char) => {
                    let at = self.pos;
                    self.pos += 1;
                    match steps.last_mut() {
                        Some((_, w)) => *w = *w + Time::ONE,
                        None => return Err(self.error_at(at, "'_' must follow a step")),
                    }
                }
                Some(b'!') => {
                    let at = self.pos;
                    self.pos += 1;
                    match steps.last().cloned() {
                        Some(step) => steps.push(step),
                        None => return Err(self.error_at(at, "'!' must follow a step")),
                    }
                }
                Some(b'.') if self.peek_at(1) == Some(b'.') => {
                    let at = self.pos;
                    self.pos += 2;
                    let Some((from, w)) = steps.pop() else {
                        return Err(self.error_at(at, "'..' needs a start value before it"));
                    };
                    self.skip_ws();
                    let to = self.parse_step()?;
                    steps.push((Node::Range(Box::new(from), Box::new(to)), w));
                }
                _ => {
                    let (node, weight, reps) = self.parse_step_with_weight()?;
                    for _ in 0..reps {
                        steps.push((node.clone(), weight));
                    }
                }
            }
        }
        // Kept as a sequence even with one step, so `<[a b]>` and `{[a b c], d e}` count a
        // bracketed group as one step, as Tidal does.
        Ok(Node::Seq(steps))
    }

    fn parse_step(&mut self) -> Result<Node, MiniError> {
        let (node, _, _) = self.parse_step_with_weight()?;
        Ok(node)
    }

    /// One step: a term followed by its modifiers. Returns the node, its weight, and
    /// how many times it repeats (`a!3`).
    fn parse_step_with_weight(&mut self) -> Result<(Node, Time, usize), MiniError> {
        let mut node = self.parse_term()?;
        let mut weight = Time::ONE;
        let mut reps = 1usize;
        let mut modifiers = 0usize;
        loop {
            // Each modifier wraps the node once more: bound the nesting like brackets.
            modifiers += 1;
            if self.depth + modifiers > MAX_DEPTH * 4 {
                return Err(self.error("too many modifiers on one step"));
            }
            match self.peek() {
                Some(b'*') => {
                    self.pos += 1;
                    let f = self.parse_factor()?;
                    node = Node::Fast(Box::new(node), Box::new(f));
                }
                Some(b'/') => {
                    self.pos += 1;
                    let f = self.parse_factor()?;
                    node = Node::Slow(Box::new(node), Box::new(f));
                }
                Some(b'@') => {
                    self.pos += 1;
                    let at = self.pos;
                    let n = self
                        .parse_number_text()
                        .ok_or_else(|| self.error_at(at, "'@' needs a number"))?;
                    weight = Time::parse(&n).ok_or_else(|| self.error_at(at, "bad weight"))?;
                }
                Some(b'!') if self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) => {
                    self.pos += 1;
                    let at = self.pos;
                    let n = self
                        .parse_number_text()
                        .ok_or_else(|| self.error_at(at, "'!' needs a count"))?;
                    let count: usize = n
                        .parse()
                        .map_err(|_| self.error_at(at, "'!' needs a whole number"))?;
                    if count == 0 || count > 1024 {
                        return Err(self.error_at(at, "'!' count must be between 1 and 1024"));
                    }
                    reps = count;
                }
                Some(b'?') => {
                    self.pos += 1;
                    let amount = if self.peek().is_some_and(|c| c.is_ascii_digit() || c == b'.') {
                        let at = self.pos;
                        let n = self
                            .parse_number_text()
                            .ok_or_else(|| self.error_at(at, "bad probability"))?;
                        n.parse::<f64>()
                            .map_err(|_| self.error_at(at, "bad probability"))?
                    } else {
                        0.5
                    };
                    node = Node::Degrade {
                        node: Box::new(node),
                        amount,
                        seed: self.new_seed(),
                    };
                }
                Some(b'(') => {
                    self.pos += 1;
                    let k = self.parse_stack(Some(b','))?;
                    self.expect(b',', "Euclid needs '(pulses,steps)'")?;
                    let n = self.parse_stack(Some(b','))?;
                    let rot = if self.peek() == Some(b',') {
                        self.pos += 1;
                        Some(Box::new(self.parse_stack(Some(b')'))?))
                    } else {
                        None
                    };
                    self.expect(b')', "expected ')' to close the Euclid arguments")?;
                    node = Node::Euclid {
                        node: Box::new(node),
                        k: Box::new(k),
                        n: Box::new(n),
                        rot,
                    };
                }
                _ => break,
            }
        }
        Ok((node, weight, reps))
    }

    fn expect(&mut self, c: u8, message: &str) -> Result<(), MiniError> {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(message))
        }
    }

    /// The factor after `*` or `/`: a number, a word, or a bracketed group.
    fn parse_factor(&mut self) -> Result<Node, MiniError> {
        match self.peek() {
            Some(c) if c.is_ascii_whitespace() => {
                Err(self.error("expected a factor right after '*' or '/'"))
            }
            None => Err(self.error("expected a factor after '*' or '/'")),
            _ => self.parse_term(),
        }
    }

    fn parse_number_text(&mut self) -> Option<String> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        while let Some(c) = self.peek() {
            if c.is_ascii_digit()
                || (c == b'.' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit()))
            {
                self.pos += 1;
            } else {
                break;
            }
        }
        if self.pos == start || &self.src[start..self.pos] == "-" {
            self.pos = start;
            return None;
        }
        Some(self.src[start..self.pos].to_string())
    }

    fn parse_term(&mut self) -> Result<Node, MiniError> {
        let start = self.pos;
        match self.peek() {
            Some(b'[') => {
                self.pos += 1;
                let inner = self.parse_stack(Some(b']'))?;
                self.skip_ws();
                if self.peek() != Some(b']') {
                    return Err(self.error_at(start, "unclosed '[' (expected ']')"));
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(b'<') => {
                self.pos += 1;
                let inner = self.parse_stack(Some(b'>'))?;
                self.skip_ws();
                if self.peek() != Some(b'>') {
                    return Err(self.error_at(start, "unclosed '<' (expected '>')"));
                }
                self.pos += 1;
                Ok(match inner {
                    Node::Stack(parts) => Node::Alt(parts),
                    other => Node::Alt(vec![other]),
                })
            }
            Some(b'{') => {
                self.pos += 1;
                let inner = self.parse_stack(Some(b'}'))?;
                self.skip_ws();
                if self.peek() != Some(b'}') {
                    return Err(self.error_at(start, "unclosed '{' (expected '}')"));
                }
                self.pos += 1;
                let parts = match inner {
                    Node::Stack(parts) => parts,
                    other => vec![other],
                };
                let steps = if self.peek() == Some(b'%') {
                    self.pos += 1;
                    Some(Box::new(self.parse_factor()?))
                } else {
                    None
                };
                Ok(Node::Poly { parts, steps })
            }
            Some(b'~') => {
                self.pos += 1;
                Ok(Node::Rest)
            }
            Some(c) if c.is_ascii_digit() || c == b'-' || c == b'.' => {
                if let Some(text) = self.parse_number_text() {
                    // A number directly followed by word characters is a word (`808bd`),
                    // or by `'` the root of a chord (`0'maj`).
                    if self
                        .peek()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == b':' || c == b'\'')
                    {
                        self.pos = start;
                        return self.parse_word();
                    }
                    let mut v: f64 = text
                        .parse()
                        .map_err(|_| self.error_at(start, "bad number"))?;
                    // Tidal's ratio `4%2` (4/2)
                    if self.peek() == Some(b'%')
                        && self.peek_at(1).is_some_and(|d| d.is_ascii_digit())
                    {
                        self.pos += 1;
                        let at = self.pos;
                        let d: f64 = self
                            .parse_number_text()
                            .and_then(|d| d.parse().ok())
                            .ok_or_else(|| self.error_at(at, "bad ratio"))?;
                        if d == 0.0 {
                            return Err(self.error_at(at, "a ratio cannot divide by zero"));
                        }
                        v /= d;
                    }
                    Ok(Node::Atom(Value::Num(v), (start, self.pos)))
                } else if c == b'-' {
                    self.pos += 1;
                    Ok(Node::Rest)
                } else {
                    Err(self.error(format!("unexpected '{}'", c as char)))
                }
            }
            Some(c) if is_word_char(c) => self.parse_word(),
            Some(_) => Err(self.error(format!("unexpected '{}'", self.peek_char()))),
            None => Err(self.error("unexpected end of pattern")),
        }
    }

    fn parse_word(&mut self) -> Result<Node, MiniError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if is_word_char(c)
                || (c == b'.' && self.peek_at(1).is_some_and(|d| d.is_ascii_alphanumeric()))
            {
                self.pos += 1;
            } else {
                break;
            }
        }
        let word = &self.src[start..self.pos];
        if word.contains('\'') {
            let notes = chord(word).map_err(|message| self.error_at(start, message))?;
            if notes.is_empty() {
                // A range of 0 (`c'maj'0`): no notes, as in Tidal.
                return Ok(Node::Rest);
            }
            let at = (start, self.pos);
            return Ok(Node::Stack(
                notes.into_iter().map(|n| Node::Atom(n, at)).collect(),
            ));
        }
        Ok(Node::Atom(Value::str(word), (start, self.pos)))
    }
}

/// Every chord of Tidal 1.9's `chordTable` (`Sound.Tidal.Chords`, v1.9.5), by name and
/// alias, with its intervals in semitones above the root, in Tidal's order. Names are
/// case-sensitive (`M` is major, `m` minor). Some entries are Tidal's own oddities, kept
/// as they are: `dom9`/`dom11`/`dom13` have no seventh, `minorSixNine` lists 9 before 7,
/// `nineSharp5` and `minor9sharp5` are `[0, 1, 13]` and `[0, 1, 14]`.
const CHORDS: &[(&str, &[i32])] = &[
    ("major", &[0, 4, 7]),
    ("maj", &[0, 4, 7]),
    ("M", &[0, 4, 7]),
    ("aug", &[0, 4, 8]),
    ("plus", &[0, 4, 8]),
    ("sharp5", &[0, 4, 8]),
    ("six", &[0, 4, 7, 9]),
    ("6", &[0, 4, 7, 9]),
    ("sixNine", &[0, 4, 7, 9, 14]),
    ("six9", &[0, 4, 7, 9, 14]),
    ("sixby9", &[0, 4, 7, 9, 14]),
    ("6by9", &[0, 4, 7, 9, 14]),
    ("major7", &[0, 4, 7, 11]),
    ("maj7", &[0, 4, 7, 11]),
    ("major9", &[0, 4, 7, 11, 14]),
    ("maj9", &[0, 4, 7, 11, 14]),
    ("add9", &[0, 4, 7, 14]),
    ("major11", &[0, 4, 7, 11, 14, 17]),
    ("maj11", &[0, 4, 7, 11, 14, 17]),
    ("add11", &[0, 4, 7, 17]),
    ("major13", &[0, 4, 7, 11, 14, 21]),
    ("maj13", &[0, 4, 7, 11, 14, 21]),
    ("add13", &[0, 4, 7, 21]),
    ("dom7", &[0, 4, 7, 10]),
    ("dom9", &[0, 4, 7, 14]),
    ("dom11", &[0, 4, 7, 17]),
    ("dom13", &[0, 4, 7, 21]),
    ("sevenFlat5", &[0, 4, 6, 10]),
    ("7f5", &[0, 4, 6, 10]),
    ("sevenSharp5", &[0, 4, 8, 10]),
    ("7s5", &[0, 4, 8, 10]),
    ("sevenFlat9", &[0, 4, 7, 10, 13]),
    ("7f9", &[0, 4, 7, 10, 13]),
    ("nine", &[0, 4, 7, 10, 14]),
    ("eleven", &[0, 4, 7, 10, 14, 17]),
    ("11", &[0, 4, 7, 10, 14, 17]),
    ("thirteen", &[0, 4, 7, 10, 14, 17, 21]),
    ("13", &[0, 4, 7, 10, 14, 17, 21]),
    ("minor", &[0, 3, 7]),
    ("min", &[0, 3, 7]),
    ("m", &[0, 3, 7]),
    ("diminished", &[0, 3, 6]),
    ("dim", &[0, 3, 6]),
    ("minorSharp5", &[0, 3, 8]),
    ("msharp5", &[0, 3, 8]),
    ("mS5", &[0, 3, 8]),
    ("minor6", &[0, 3, 7, 9]),
    ("min6", &[0, 3, 7, 9]),
    ("m6", &[0, 3, 7, 9]),
    ("minorSixNine", &[0, 3, 9, 7, 14]),
    ("minor69", &[0, 3, 9, 7, 14]),
    ("min69", &[0, 3, 9, 7, 14]),
    ("minSixNine", &[0, 3, 9, 7, 14]),
    ("m69", &[0, 3, 9, 7, 14]),
    ("mSixNine", &[0, 3, 9, 7, 14]),
    ("m6by9", &[0, 3, 9, 7, 14]),
    ("minor7flat5", &[0, 3, 6, 10]),
    ("minor7f5", &[0, 3, 6, 10]),
    ("min7flat5", &[0, 3, 6, 10]),
    ("min7f5", &[0, 3, 6, 10]),
    ("m7flat5", &[0, 3, 6, 10]),
    ("m7f5", &[0, 3, 6, 10]),
    ("minor7", &[0, 3, 7, 10]),
    ("min7", &[0, 3, 7, 10]),
    ("m7", &[0, 3, 7, 10]),
    ("minor7sharp5", &[0, 3, 8, 10]),
    ("minor7s5", &[0, 3, 8, 10]),
    ("min7sharp5", &[0, 3, 8, 10]),
    ("min7s5", &[0, 3, 8, 10]),
    ("m7sharp5", &[0, 3, 8, 10]),
    ("m7s5", &[0, 3, 8, 10]),
    ("minor7flat9", &[0, 3, 7, 10, 13]),
    ("minor7f9", &[0, 3, 7, 10, 13]),
    ("min7flat9", &[0, 3, 7, 10, 13]),
    ("min7f9", &[0, 3, 7, 10, 13]),
    ("m7flat9", &[0, 3, 7, 10, 13]),
    ("m7f9", &[0, 3, 7, 10, 13]),
    ("minor7sharp9", &[0, 3, 7, 10, 15]),
    ("minor7s9", &[0, 3, 7, 10, 15]),
    ("min7sharp9", &[0, 3, 7, 10, 15]),
    ("min7s9", &[0, 3, 7, 10, 15]),
    ("m7sharp9", &[0, 3, 7, 10, 15]),
    ("m7s9", &[0, 3, 7, 10, 15]),
    ("diminished7", &[0, 3, 6, 9]),
    ("dim7", &[0, 3, 6, 9]),
    ("minor9", &[0, 3, 7, 10, 14]),
    ("min9", &[0, 3, 7, 10, 14]),
    ("m9", &[0, 3, 7, 10, 14]),
    ("minor11", &[0, 3, 7, 10, 14, 17]),
    ("min11", &[0, 3, 7, 10, 14, 17]),
    ("m11", &[0, 3, 7, 10, 14, 17]),
    ("minor13", &[0, 3, 7, 10, 14, 17, 21]),
    ("min13", &[0, 3, 7, 10, 14, 17, 21]),
    ("m13", &[0, 3, 7, 10, 14, 17, 21]),
    ("minorMajor7", &[0, 3, 7, 11]),
    ("minMaj7", &[0, 3, 7, 11]),
    ("mmaj7", &[0, 3, 7, 11]),
    ("one", &[0]),
    ("1", &[0]),
    ("five", &[0, 7]),
    ("5", &[0, 7]),
    ("sus2", &[0, 2, 7]),
    ("sus4", &[0, 5, 7]),
    ("sevenSus2", &[0, 2, 7, 10]),
    ("7sus2", &[0, 2, 7, 10]),
    ("sevenSus4", &[0, 5, 7, 10]),
    ("7sus4", &[0, 5, 7, 10]),
    ("nineSus4", &[0, 5, 7, 10, 14]),
    ("ninesus4", &[0, 5, 7, 10, 14]),
    ("9sus4", &[0, 5, 7, 10, 14]),
    ("sevenFlat10", &[0, 4, 7, 10, 15]),
    ("7f10", &[0, 4, 7, 10, 15]),
    ("nineSharp5", &[0, 1, 13]),
    ("9sharp5", &[0, 1, 13]),
    ("9s5", &[0, 1, 13]),
    ("minor9sharp5", &[0, 1, 14]),
    ("minor9s5", &[0, 1, 14]),
    ("min9sharp5", &[0, 1, 14]),
    ("min9s5", &[0, 1, 14]),
    ("m9sharp5", &[0, 1, 14]),
    ("m9s5", &[0, 1, 14]),
    ("sevenSharp5flat9", &[0, 4, 8, 10, 13]),
    ("7s5f9", &[0, 4, 8, 10, 13]),
    ("minor7sharp5flat9", &[0, 3, 8, 10, 13]),
    ("m7sharp5flat9", &[0, 3, 8, 10, 13]),
    ("elevenSharp", &[0, 4, 7, 10, 14, 18]),
    ("11s", &[0, 4, 7, 10, 14, 18]),
    ("minor11sharp", &[0, 3, 7, 10, 14, 18]),
    ("m11sharp", &[0, 3, 7, 10, 14, 18]),
    ("m11s", &[0, 3, 7, 10, 14, 18]),
];

const NOTE_NAMES: [&str; 12] = [
    "c", "cs", "d", "ds", "e", "f", "fs", "g", "gs", "a", "as", "b",
];

/// The largest count a chord modifier may give (a range, a number of inversions): far
/// more than any chord can use before its notes leave the MIDI range.
const MAX_CHORD_COUNT: usize = 1000;

/// One of Tidal's chord modifiers (`Sound.Tidal.Chords.Modifier`), written after a second
/// `'`: `c'maj'5`, `c'maj'ii`, `c'maj'o`, `c'maj'd1`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum ChordModifier {
    /// `'5`: the chord's first `n` notes, repeating it an octave higher as often as needed.
    Range(usize),
    /// One `i`: the lowest note moves up an octave, to the top.
    Invert,
    /// `o`: the root and the third note of the list go down an octave, to the bottom.
    Open,
    /// `'d1`, `'d2`: the n-th note from the top goes down an octave, to the bottom.
    Drop(usize),
}

/// One `'`-separated modifier group, as Tidal's `parseModifiers` reads it: `o`, `oo`...
/// (that many opens), `d` and a number (drop), a number (range), `i` and a number (that
/// many inversions) or `i`, `ii`, `iii`... (one inversion per `i`). Kinds do not mix in
/// a group: `c'maj'i'o`, not `c'maj'io`.
fn parse_chord_modifier(text: &str) -> Option<Vec<ChordModifier>> {
    let count = |digits: &str| -> Option<usize> {
        if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits
            .parse::<usize>()
            .ok()
            .filter(|&n| n <= MAX_CHORD_COUNT)
    };
    if !text.is_empty() && text.bytes().all(|c| c == b'o') {
        return Some(vec![ChordModifier::Open; text.len()]);
    }
    if let Some(rest) = text.strip_prefix('d') {
        // Tidal's `Drop 0` indexes past the end of the chord (a crash there): not a drop.
        return count(rest)
            .filter(|&n| n >= 1)
            .map(|n| vec![ChordModifier::Drop(n)]);
    }
    if let Some(n) = count(text) {
        return Some(vec![ChordModifier::Range(n)]);
    }
    if let Some(rest) = text.strip_prefix('i') {
        if rest.bytes().all(|c| c == b'i') {
            return (text.len() <= MAX_CHORD_COUNT)
                .then(|| vec![ChordModifier::Invert; text.len()]);
        }
        return count(rest).map(|n| vec![ChordModifier::Invert; n]);
    }
    None
}

/// Applies one modifier to a chord's notes, as Tidal's `applyModifier` does.
fn apply_chord_modifier(modifier: ChordModifier, notes: &mut Vec<i32>) {
    match modifier {
        ChordModifier::Range(n) => {
            let len = notes.len();
            if len == 0 {
                return;
            }
            *notes = (0..n)
                .map(|k| notes[k % len] + 12 * (k / len) as i32)
                .collect();
        }
        ChordModifier::Invert => {
            if !notes.is_empty() {
                let lowest = notes.remove(0);
                notes.push(lowest + 12);
            }
        }
        ChordModifier::Open => {
            if notes.len() > 2 {
                let mut open = vec![notes[0] - 12, notes[2] - 12, notes[1]];
                open.extend_from_slice(&notes[3..]);
                *notes = open;
            }
        }
        ChordModifier::Drop(n) => {
            if n <= notes.len() {
                let dropped = notes.remove(notes.len() - n);
                notes.insert(0, dropped - 12);
            }
        }
    }
}

const CHORD_EXAMPLES: &str = "try c'maj, e4'min7, 0'dom7, c'maj'ii, c'major'5, c'maj'o, c'dom7'd1";

/// The notes of a chord word `root'name'modifier'modifier...`, in Tidal's order.
///
/// The root is a note name (`c`, `e4`, `fs3`), a number (semitones, as `n` takes them:
/// `0'maj` is `0 4 7`) or nothing (`'maj`, Tidal's root 0, i.e. `c`). A note-name root
/// (or none) gives note names with octaves (`c4'maj` -> `c4 e4 g4`), so oscillators can be
/// pitched by them and `n`/`note` read them as semitones from `c4`; a numeric root gives
/// numbers.
fn chord(word: &str) -> Result<Vec<Value>, String> {
    let mut parts = word.split('\'');
    let root = parts.next().unwrap_or("");
    let name = parts.next().unwrap_or("");
    enum Root {
        Midi(i32),
        Num(f64),
    }
    let root = if root.is_empty() {
        Root::Midi(60)
    } else if let Some(m) = note_to_midi(root) {
        Root::Midi(m as i32)
    } else if let Some(x) = root
        .bytes()
        .all(|c| c.is_ascii_digit() || c == b'-' || c == b'.')
        .then(|| root.parse::<f64>().ok())
        .flatten()
    {
        Root::Num(x)
    } else {
        return Err(format!(
            "unknown chord root '{root}' in '{word}': a note name (c, e4, fs3) or a number ({CHORD_EXAMPLES})"
        ));
    };
    let Some((_, intervals)) = CHORDS.iter().find(|(n, _)| *n == name) else {
        return Err(format!(
            "unknown chord '{name}' in '{word}' ({CHORD_EXAMPLES}; the names are Tidal's: major maj M minor min m aug dim sus2 sus4 six major7 maj7 dom7 minor7 m7 dim7 nine major9 m9 eleven 11 thirteen 13 ...)"
        ));
    };
    let mut notes = intervals.to_vec();
    for text in parts {
        let modifiers = parse_chord_modifier(text).ok_or_else(|| {
            format!(
                "unknown chord modifier '{text}' in '{word}': a range (c'maj'5), inversions (c'maj'i, c'maj'ii, c'maj'i2), open (c'maj'o) or drop (c'dom7'd1)"
            )
        })?;
        for m in modifiers {
            apply_chord_modifier(m, &mut notes);
        }
    }
    match root {
        Root::Num(x) => Ok(notes.iter().map(|&i| Value::Num(x + i as f64)).collect()),
        Root::Midi(r) => notes
            .iter()
            .map(|&i| {
                let m = r + i;
                let octave = m.div_euclid(12) - 1;
                if !(-2..=10).contains(&octave) {
                    return Err(format!(
                        "chord '{word}' reaches beyond the note names (octaves -2 to 10)"
                    ));
                }
                Ok(Value::str(&format!(
                    "{}{}",
                    NOTE_NAMES[m.rem_euclid(12) as usize],
                    octave
                )))
            })
            .collect(),
    }
}

// ----- From tree to pattern -----

fn to_time(v: &Value) -> Option<Time> {
    v.as_num().map(Time::from_f64)
}

/// A pattern of numbers (for factors and Euclid arguments); words that are not numbers
/// are dropped.
fn numeric(node: &Node) -> Pattern<Time> {
    if let Node::Atom(v, _) = node {
        if let Some(t) = to_time(v) {
            return pure(t);
        }
    }
    build(node)
        .fmap(to_time)
        .filter_values(|t| t.is_some())
        .fmap(|t| t.unwrap_or_default())
}

/// Builds the pattern of a parsed mini-notation tree.
pub fn build(node: &Node) -> Pattern<Value> {
    build_at(node, 0)
}

/// [`build`], with the atoms' sources moved `base` bytes on (to program offsets).
pub fn build_at(node: &Node, base: usize) -> Pattern<Value> {
    let build = |n: &Node| build_at(n, base);
    match node {
        Node::Atom(v, (a, b)) => pure_at(v.clone(), Sources::one(a + base, b + base)),
        Node::Rest => silence(),
        Node::Seq(steps) if steps.len() == 1 => build(&steps[0].0),
        Node::Seq(steps) => {
            if steps.iter().all(|(_, w)| *w == Time::ONE) {
                fastcat(steps.iter().map(|(n, _)| build(n)).collect())
            } else {
                timecat(steps.iter().map(|(n, w)| (*w, build(n))).collect())
            }
        }
        Node::Stack(parts) => stack(parts.iter().map(build).collect()),
        Node::Choice { options, seed } => {
            let pats: Vec<Pattern<Value>> = options.iter().map(build).collect();
            let n = pats.len();
            let chooser = seeded_rand(*seed)
                .segment_t(Time::ONE)
                .fmap(move |r| ((r * n as f64).floor() as usize).min(n.saturating_sub(1)));
            unwrap(&chooser.fmap(move |i| pats[*i].clone()))
        }
        Node::Alt(parts) => stack(parts.iter().map(|p| build(p).slow_t(p.steps())).collect()),
        Node::Poly { parts, steps } => {
            let Some(first) = parts.first() else {
                return silence();
            };
            let steps_pat = match steps {
                Some(s) => numeric(s),
                None => pure(first.steps()),
            };
            stack(
                parts
                    .iter()
                    .map(|p| {
                        let pat = build(p);
                        let w = p.steps();
                        tparam(&steps_pat, move |s| pat.fast_t(*s / w))
                    })
                    .collect(),
            )
        }
        Node::Fast(n, f) => {
            let pat = build(n);
            tparam(&numeric(f), move |t| pat.fast_t(*t))
        }
        Node::Slow(n, f) => {
            let pat = build(n);
            tparam(&numeric(f), move |t| pat.slow_t(*t))
        }
        Node::Euclid { node, k, n, rot } => {
            let pat = build(node);
            let rot = rot
                .as_ref()
                .map(|r| numeric(r))
                .unwrap_or_else(|| pure(Time::ZERO));
            let args = numeric(k)
                .app_both(&numeric(n), |k, n| (*k, *n))
                .app_both(&rot, |(k, n), r| (*k, *n, *r));
            // Tidal's Euclid on booleans (`"t(3,8)"`) fills the other steps with the
            // negation (`_euclidBool`), so `inv` and `sew` see them.
            let negation = match &**node {
                Node::Atom(Value::Str(w), _) => match &**w {
                    "t" | "true" => Some("f"),
                    "f" | "false" => Some("t"),
                    _ => None,
                },
                _ => None,
            };
            tparam(&args, move |(k, n, r)| {
                let (k, n) = (k.floor_int(), n.floor_int());
                match negation {
                    Some(not) => stack(vec![
                        euclid_off(&pat, k, n, *r),
                        euclid_off(&pure(Value::str(not)), -k, n, *r),
                    ]),
                    None => euclid_off(&pat, k, n, *r),
                }
            })
        }
        Node::Degrade { node, amount, seed } => {
            degrade_by_with(&build(node), seeded_rand(*seed), *amount)
        }
        Node::Range(from, to) => {
            let args = build(from).app_both(&build(to), |a, b| (a.as_num(), b.as_num()));
            unwrap(&args.fmap(|(a, b)| match (a, b) {
                (Some(a), Some(b)) => enum_from_to(*a, *b),
                _ => silence(),
            }))
        }
    }
}

/// `a .. b`: the whole numbers from `a` to `b` (descending when `b < a`), one cycle.
fn enum_from_to(a: f64, b: f64) -> Pattern<Value> {
    if !(a.is_finite() && b.is_finite()) || (a - b).abs() > 4096.0 || a.abs() > 1e12 {
        return silence();
    }
    let (a, b) = (a.round() as i64, b.round() as i64);
    let vals: Vec<Pattern<Value>> = if a <= b {
        (a..=b).map(|i| pure(Value::Num(i as f64))).collect()
    } else {
        (b..=a).rev().map(|i| pure(Value::Num(i as f64))).collect()
    };
    fastcat(vals)
}

/// Euclid with Tidal's rotation: `rotL (r / n)`. Negative `k` inverts the rhythm.
pub fn euclid_off<T: super::core::PatValue>(
    pat: &Pattern<T>,
    k: i64,
    n: i64,
    rot: Time,
) -> Pattern<T> {
    if n <= 0 {
        return silence();
    }
    let bools = bjorklund(k.abs(), n);
    let invert = k < 0;
    let steps: Vec<Pattern<T>> = bools
        .into_iter()
        .map(|b| if b != invert { pat.clone() } else { silence() })
        .collect();
    fastcat(steps).early_t(rot / Time::from_int(n))
}

/// Keeps the events for which the random pattern, sampled over each event's whole, is
/// above `amount` (Tidal 1.9's `_degradeByUsing`: `filterValues (> x)`).
pub fn degrade_by_with<T: super::core::PatValue>(
    pat: &Pattern<T>,
    rand: Pattern<f64>,
    amount: f64,
) -> Pattern<T> {
    pat.app_left(&rand, |v, r| (v.clone(), *r))
        .filter_values(move |(_, r)| *r > amount)
        .fmap(|(v, _)| v.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn onsets(s: &str, cycles: i64) -> Vec<(String, String)> {
        mini(s)
            .unwrap()
            .onsets(Time::ZERO, Time::from_int(cycles))
            .into_iter()
            .map(|h| (h.part.begin.to_string(), h.value.to_string()))
            .collect()
    }

    fn values(s: &str, cycles: i64) -> Vec<String> {
        onsets(s, cycles).into_iter().map(|(_, v)| v).collect()
    }

    #[test]
    fn sequences_and_groups() {
        assert_eq!(values("a [b c]", 1), ["a", "b", "c"]);
        assert_eq!(onsets("a [b c]", 1)[2].0, "3/4");
    }

    #[test]
    fn alternation_nests() {
        assert_eq!(values("<a <b c>>", 4), ["a", "b", "a", "c"]);
        assert_eq!(values("<a b>*2", 1), ["a", "b"]);
    }

    #[test]
    fn euclid_on_booleans_fills_the_other_steps_with_the_negation() {
        // Tidal's _euclidBool: "t(3,8)" is t f f t f f t f
        assert_eq!(
            values("t(3,8)", 1),
            ["t", "f", "f", "t", "f", "f", "t", "f"]
        );
        assert_eq!(
            values("f(3,8,2)", 1),
            ["t", "f", "t", "t", "f", "t", "f", "t"]
        );
        assert_eq!(values("bd(3,8)", 1), ["bd", "bd", "bd"]);
    }

    #[test]
    fn replicate_elongate_and_weights() {
        assert_eq!(values("a!3 b", 1), ["a", "a", "a", "b"]);
        assert_eq!(values("a ! b", 1), ["a", "a", "b"]);
        assert_eq!(onsets("a@3 b", 1)[1].0, "3/4");
        assert_eq!(onsets("a _ _ b", 1)[1].0, "3/4");
    }

    #[test]
    fn ratios_and_no_break_spaces() {
        // Tidal's `4%2` is the ratio 2: `bd*4%2` plays twice.
        assert_eq!(onsets("bd*4%2", 1).len(), 2);
        assert_eq!(values("1%4 3%2", 1), ["0.25", "1.5"]);
        assert!(parse("1%0").is_err());
        // a no-break space separates steps; errors keep their byte offsets
        assert_eq!(onsets("bd\u{a0}_\u{a0}_\u{a0}hh", 1)[1].0, "3/4");
        let e = parse("a\u{a0}[b").expect_err("unclosed");
        assert_eq!(e.offset, 3);
    }

    #[test]
    fn euclid_rotates_left_like_tidal() {
        let o = onsets("x(3,8,2)", 1);
        let times: Vec<&str> = o.iter().map(|(t, _)| t.as_str()).collect();
        // x..x..x. rotated left by 2 -> .x..x.x.
        assert_eq!(times, ["1/8", "1/2", "3/4"]);
    }

    #[test]
    fn chords_expand_to_notes() {
        let mut v = values("c4'maj", 1);
        v.sort();
        assert_eq!(v, ["c4", "e4", "g4"]);
        let mut v = values("e'min7", 1);
        v.sort();
        assert_eq!(v, ["b4", "d5", "e4", "g4"]);
    }

    /// A chord word's notes in Tidal's order, as semitones from c4 (numbers as they are).
    fn chord_numbers(word: &str) -> Vec<f64> {
        chord(word)
            .unwrap()
            .iter()
            .map(|v| match v {
                Value::Num(x) => *x,
                Value::Str(s) => note_to_midi(s).unwrap() - 60.0,
                _ => panic!("{v:?}"),
            })
            .collect()
    }

    #[test]
    fn chord_table_is_tidals() {
        assert_eq!(CHORDS.len(), 130);
        for (i, (name, _)) in CHORDS.iter().enumerate() {
            assert!(!CHORDS[..i].iter().any(|(n, _)| n == name), "{name} twice");
            assert!(chord(&format!("c'{name}")).is_ok(), "{name}");
        }
        assert_eq!(chord_numbers("c'minor7sharp9"), [0.0, 3.0, 7.0, 10.0, 15.0]);
        assert_eq!(chord_numbers("c'minorSixNine"), [0.0, 3.0, 9.0, 7.0, 14.0]);
        assert!(chord("c'seven").is_err());
    }

    #[test]
    fn chord_modifiers_follow_tidal() {
        // Tidal's ChordsTest and ParseTest expectations.
        assert_eq!(chord_numbers("'major'1"), [0.0]);
        assert_eq!(chord_numbers("'major'5"), [0.0, 4.0, 7.0, 12.0, 16.0]);
        assert_eq!(chord_numbers("'major'o"), [-12.0, -5.0, 4.0]);
        assert_eq!(chord_numbers("'five'o"), [0.0, 7.0]);
        assert_eq!(chord_numbers("'major'i"), [4.0, 7.0, 12.0]);
        assert_eq!(chord_numbers("'major'ii"), [7.0, 12.0, 16.0]);
        assert_eq!(chord_numbers("'major'iii"), [12.0, 16.0, 19.0]);
        assert_eq!(chord_numbers("'major'iiii"), [16.0, 19.0, 24.0]);
        assert_eq!(chord_numbers("c'major'i2"), [7.0, 12.0, 16.0]);
        assert_eq!(chord_numbers("e'min7'5"), [4.0, 7.0, 11.0, 14.0, 16.0]);
        assert_eq!(chord_numbers("c'major'd1"), [-5.0, 0.0, 4.0]);
        assert_eq!(chord_numbers("c'major'i'5"), [4.0, 7.0, 12.0, 16.0, 19.0]);
        assert_eq!(chord_numbers("0'major"), [0.0, 4.0, 7.0]);
        assert_eq!(chord_numbers("-3.5'five"), [-3.5, 3.5]);
        assert_eq!(values("c'maj'0", 1), Vec::<String>::new());
    }

    #[test]
    fn bad_chords_are_errors_at_the_word() {
        for bad in [
            "c'nope",
            "c'maj'x",
            "c'maj'io",
            "c'maj'd",
            "c'maj'd0",
            "c'maj'-1",
            "x'maj",
            "c'",
            "c'maj'",
            "c'maj'ii2",
            "c'maj'5000",
            "c-2'maj'o",
        ] {
            let e = parse(&format!("a {bad}")).unwrap_err();
            assert_eq!(e.offset, 2, "{bad}: {}", e.message);
        }
        assert!(parse("c'maj'q").unwrap_err().message.contains("c'maj'ii"));
    }

    #[test]
    fn ranges_and_feet() {
        assert_eq!(values("0 .. 3", 1), ["0", "1", "2", "3"]);
        assert_eq!(values("3 .. 1", 1), ["3", "2", "1"]);
        assert_eq!(onsets("a b . c d e", 1)[2].0, "1/2");
    }

    #[test]
    fn polymeter() {
        assert_eq!(values("{a b c, d e}", 1), ["a", "d", "b", "e", "c", "d"]);
        assert_eq!(values("{a b c}%4", 1), ["a", "b", "c", "a"]);
    }

    #[test]
    fn errors_point_at_the_problem() {
        assert_eq!(parse("a [b c").unwrap_err().offset, 2);
        assert_eq!(parse("a b)").unwrap_err().offset, 3);
        assert!(parse("a(3,8").is_err());
        assert!(parse("c4'nope").is_err());
        assert!(parse("a*").is_err());
    }
}
