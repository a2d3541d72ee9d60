//! Syntax highlighting for the code editor: the language's own lexer splits the text, and
//! function names come from the one registry (`phonon::registry`); nothing here lists them.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId};
use phonon::lang::lexer::{lex, Tok};

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

/// Splits `text` into classified byte ranges that cover it in order. The tokens come from
/// the language's own lexer, so the editor colours what the parser reads; the gaps between
/// tokens are whitespace and comments.
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
    let tokens = lex(text);
    let mut at = 0;
    for (i, t) in tokens.iter().enumerate() {
        let (start, end) = (t.span.start.min(text.len()), t.span.end.min(text.len()));
        gap(text, at, start, &mut push);
        // A statement's target: the first token of its line, followed by `:`.
        let target = t.line_start && matches!(tokens.get(i + 1).map(|n| &n.tok), Some(Tok::Colon));
        let kind = match &t.tok {
            Tok::Number(_) => Kind::Number,
            Tok::Str(_) => Kind::Str,
            Tok::Bus(_) if target => Kind::Target,
            Tok::Bus(_) => Kind::Bus,
            Tok::Ident(_) if target => Kind::Target,
            Tok::Ident(w) if functions().contains(w.as_str()) => Kind::Function,
            Tok::Dollar | Tok::Hash | Tok::Op(_) => Kind::Operator,
            // An unterminated string is still a string while it is typed.
            Tok::Error(_) if text[start..end].starts_with('"') => Kind::Str,
            _ => Kind::Plain,
        };
        push(start..end, kind);
        at = end.max(at);
    }
    gap(text, at, text.len(), &mut push);
    out
}

/// The text between two tokens: comments (`--` to the end of the line) and blanks.
fn gap(text: &str, from: usize, to: usize, push: &mut impl FnMut(Range<usize>, Kind)) {
    let mut at = from;
    while at < to {
        let rest = &text[at..to];
        match rest.find("--") {
            Some(c) => {
                push(at..at + c, Kind::Plain);
                let start = at + c;
                let end = text[start..to].find('\n').map_or(to, |n| start + n);
                push(start..end, Kind::Comment);
                at = end;
            }
            None => {
                push(at..to, Kind::Plain);
                at = to;
            }
        }
    }
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

    #[test]
    fn follows_the_lexer_on_operators_targets_and_comments() {
        let k = kinds("cps: 0.5\n  o2: ~a |+ n 12 -- up\n-- whole line\nfoo: x");
        assert_eq!(
            k,
            vec![
                ("cps", Kind::Target),
                ("0.5", Kind::Number),
                ("o2", Kind::Target),
                ("~a", Kind::Bus),
                ("|+", Kind::Operator),
                ("n", Kind::Function),
                ("12", Kind::Number),
                ("-- up", Kind::Comment),
                ("-- whole line", Kind::Comment),
                ("foo", Kind::Target),
            ]
        );
    }
}
