//! Syntax highlighting for the code editor. Function names come from the one registry
//! (`phonon::registry`); nothing here lists them.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Plain,
    Comment,
    /// A string: mini-notation.
    Str,
    /// `~name`
    Bus,
    Number,
    /// A registry function or alias.
    Function,
    /// A statement's target before `:` (`out`, `o1`, `cps`, `~bus`).
    Target,
    Operator,
}

fn functions() -> &'static HashSet<&'static str> {
    static NAMES: OnceLock<HashSet<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| phonon::registry::names().collect())
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '\''
}

/// Splits `text` into classified byte ranges that cover it in order.
pub fn classify(text: &str) -> Vec<(Range<usize>, Kind)> {
    let mut out: Vec<(Range<usize>, Kind)> = Vec::new();
    let mut push = |r: Range<usize>, k: Kind| {
        if r.is_empty() {
            return;
        }
        match out.last_mut() {
            Some((last, lk)) if *lk == k && last.end == r.start => last.end = r.end,
            _ => out.push((r, k)),
        }
    };
    let bytes = text.as_bytes();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |c| c.0);
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c == '-' && bytes.get(pos + 1) == Some(&b'-') {
            let mut j = i;
            while j < chars.len() && chars[j].1 != '\n' {
                j += 1;
            }
            push(pos..end_of(j), Kind::Comment);
            i = j;
        } else if c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j].1 != '"' && chars[j].1 != '\n' {
                j += 1;
            }
            if j < chars.len() && chars[j].1 == '"' {
                j += 1;
            }
            push(pos..end_of(j), Kind::Str);
            i = j;
        } else if c == '~' && chars.get(i + 1).is_some_and(|c| is_ident_start(c.1)) {
            let mut j = i + 1;
            while j < chars.len() && is_ident(chars[j].1) {
                j += 1;
            }
            let kind = if target_follows(&chars, j) && line_start(&chars, i) {
                Kind::Target
            } else {
                Kind::Bus
            };
            push(pos..end_of(j), kind);
            i = j;
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(|c| c.1.is_ascii_digit()))
        {
            let mut j = i;
            while j < chars.len()
                && (chars[j].1.is_ascii_digit()
                    || chars[j].1 == '.'
                    || ((chars[j].1 == 'e' || chars[j].1 == 'E')
                        && chars.get(j + 1).is_some_and(|c| c.1.is_ascii_digit())))
            {
                j += 1;
            }
            push(pos..end_of(j), Kind::Number);
            i = j;
        } else if is_ident_start(c) {
            let mut j = i;
            while j < chars.len() && is_ident(chars[j].1) {
                j += 1;
            }
            let word = &text[pos..end_of(j)];
            let kind = if target_follows(&chars, j) && line_start(&chars, i) {
                Kind::Target
            } else if functions().contains(word) {
                Kind::Function
            } else {
                Kind::Plain
            };
            push(pos..end_of(j), kind);
            i = j;
        } else if "#$|+-*/<>".contains(c) {
            push(pos..end_of(i + 1), Kind::Operator);
            i += 1;
        } else {
            push(pos..end_of(i + 1), Kind::Plain);
            i += 1;
        }
    }
    out
}

/// Only blanks between the line start and `chars[i]`.
fn line_start(chars: &[(usize, char)], i: usize) -> bool {
    chars[..i]
        .iter()
        .rev()
        .take_while(|c| c.1 != '\n')
        .all(|c| c.1 == ' ' || c.1 == '\t')
}

/// `:` (after blanks) follows position `j`.
fn target_follows(chars: &[(usize, char)], j: usize) -> bool {
    chars[j..]
        .iter()
        .find(|c| c.1 != ' ' && c.1 != '\t')
        .is_some_and(|c| c.1 == ':')
}

pub fn color(kind: Kind) -> Color32 {
    match kind {
        Kind::Plain => Color32::from_rgb(0xd8, 0xd8, 0xd8),
        Kind::Comment => Color32::from_rgb(0x80, 0x88, 0x90),
        Kind::Str => Color32::from_rgb(0xe6, 0xc0, 0x7b),
        Kind::Bus => Color32::from_rgb(0x7f, 0xd8, 0xe8),
        Kind::Number => Color32::from_rgb(0xd1, 0x9a, 0x66),
        Kind::Function => Color32::from_rgb(0x8c, 0xc8, 0x6e),
        Kind::Target => Color32::from_rgb(0xe0, 0x80, 0xe8),
        Kind::Operator => Color32::from_rgb(0xa0, 0xa8, 0xc0),
    }
}

/// A highlighted layout of `text` (no wrap width set).
pub fn layout_job(text: &str, font: &FontId) -> LayoutJob {
    let mut job = LayoutJob::default();
    for (range, kind) in classify(text) {
        job.append(
            &text[range],
            0.0,
            TextFormat::simple(font.clone(), color(kind)),
        );
    }
    job
}

/// Remembers the last highlighted text, so unchanged text is not classified again.
#[derive(Default)]
pub struct Cache {
    text: String,
    size: f32,
    job: Option<LayoutJob>,
}

impl Cache {
    pub fn job(&mut self, text: &str, font: &FontId) -> LayoutJob {
        if self.job.is_none() || self.text != text || self.size != font.size {
            self.text.clear();
            self.text.push_str(text);
            self.size = font.size;
            self.job = Some(layout_job(text, font));
        }
        self.job.clone().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&str, Kind)> {
        classify(text)
            .into_iter()
            .filter(|(_, k)| *k != Kind::Plain)
            .map(|(r, k)| (&text[r], k))
            .collect()
    }

    #[test]
    fn classifies_the_language() {
        let k = kinds("out: s \"bd*4\" # lpf ~cut 0.5 -- kick\n~cut: sine 2");
        assert_eq!(
            k,
            vec![
                ("out", Kind::Target),
                ("s", Kind::Function),
                ("\"bd*4\"", Kind::Str),
                ("#", Kind::Operator),
                ("lpf", Kind::Function),
                ("~cut", Kind::Bus),
                ("0.5", Kind::Number),
                ("-- kick", Kind::Comment),
                ("~cut", Kind::Target),
                ("sine", Kind::Function),
                ("2", Kind::Number),
            ]
        );
    }

    #[test]
    fn covers_the_text_in_order() {
        let text = "o1: saw \"c3 e3\" * 0.2 -- ü\n\"unterminated";
        let mut at = 0;
        for (r, _) in classify(text) {
            assert_eq!(r.start, at);
            at = r.end;
        }
        assert_eq!(at, text.len());
    }
}
