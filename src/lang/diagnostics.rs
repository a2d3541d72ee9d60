//! Diagnostics: a message at a span, rendered as `FILE:line:col: message`, the source
//! line, a caret line under the span, and an optional `help:` line.

use super::ast::Span;

/// How serious a diagnostic is. Every diagnostic the front end reports today is an
/// error; warnings are reserved for later (they render with a `warning:` prefix).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

/// One problem in the source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte span into the source (may be empty: `start == end`).
    pub span: Span,
    /// The complete message, e.g. `unknown function 'lfp' (did you mean 'lpf'?)`.
    pub message: String,
    /// A replacement for the text at `span`, e.g. `lpf` (an editor may offer it as a fix).
    pub suggestion: Option<String>,
    /// Free-form advice shown as a `help:` line when there is no `suggestion`.
    pub help: Option<String>,
    pub severity: Severity,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span,
            message: message.into(),
            suggestion: None,
            help: None,
            severity: Severity::Error,
        }
    }

    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Diagnostic {
        self.suggestion = Some(suggestion.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// 1-based line and column (in characters) of the span start.
    pub fn line_col(&self, source: &str) -> (usize, usize) {
        line_col(source, self.span.start)
    }

    /// `FILE:line:col: message` (or `line:col: message` without a file), the source
    /// line, a caret line (`^~~~` under the span), and `help: ...` if there is advice.
    pub fn render(&self, file: Option<&str>, source: &str) -> String {
        let (line, col) = line_col(source, self.span.start);
        let mut out = String::new();
        if let Some(f) = file {
            out.push_str(f);
            out.push(':');
        }
        out.push_str(&format!("{line}:{col}: "));
        if self.severity == Severity::Warning {
            out.push_str("warning: ");
        }
        out.push_str(&self.message);
        out.push('\n');

        let start = clamp_to_char_boundary(source, self.span.start);
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let text = source[line_start..line_end].trim_end_matches('\r');
        out.push_str(text);
        out.push('\n');
        // Indent with the same whitespace characters so tabs line up.
        for ch in source[line_start..start].chars() {
            out.push(if ch == '\t' { '\t' } else { ' ' });
        }
        let end = clamp_to_char_boundary(source, self.span.end.max(start)).min(line_end);
        let width = source[start..end.max(start)].chars().count().max(1);
        out.push('^');
        for _ in 1..width {
            out.push('~');
        }
        if let Some(s) = &self.suggestion {
            out.push_str(&format!("\nhelp: did you mean '{s}'?"));
        } else if let Some(h) = &self.help {
            out.push_str(&format!("\nhelp: {h}"));
        }
        out
    }
}

/// Renders several diagnostics, separated by blank lines.
pub fn render_all(diags: &[Diagnostic], file: Option<&str>, source: &str) -> String {
    diags
        .iter()
        .map(|d| d.render(file, source))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn clamp_to_char_boundary(source: &str, offset: usize) -> usize {
    let mut o = offset.min(source.len());
    while o > 0 && !source.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// The 1-based line and column (counted in characters) of a byte offset. Offsets past
/// the end or inside a character are clamped.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let o = clamp_to_char_boundary(source, offset);
    let before = &source[..o];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Optimal-string-alignment (restricted Damerau-Levenshtein) distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

/// The closest candidate within a distance threshold relative to the name's length
/// (none for one character, 1 edit up to 4 characters, 2 up to 8, then 3). Case differences alone always match.
/// Ties go to the earlier candidate.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = name.chars().count();
    if len == 0 || len > 64 {
        return None;
    }
    let threshold = match len {
        1 => 0,
        2..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    let lower = name.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = if c.to_lowercase() == lower {
            0
        } else {
            edit_distance(&lower, &c.to_lowercase())
        };
        if d <= threshold && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let src = "ab\ncdé f\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        assert_eq!(line_col(src, 8), (2, 5)); // 'f' after a two-byte é
        assert_eq!(line_col(src, 7), (2, 4)); // inside é: clamped
        assert_eq!(line_col(src, 1000), (3, 1));
    }

    #[test]
    fn render_with_caret_and_help() {
        let src = "out: saw 55\n~x: saw 55 # lfp 800\n";
        let d = Diagnostic::error(
            Span::new(24, 27),
            "unknown function 'lfp' (did you mean 'lpf'?)",
        )
        .with_suggestion("lpf");
        assert_eq!(
            d.render(Some("a.ph"), src),
            "a.ph:2:13: unknown function 'lfp' (did you mean 'lpf'?)\n\
             ~x: saw 55 # lfp 800\n            ^~~\nhelp: did you mean 'lpf'?"
        );
        let d = Diagnostic::error(Span::new(5, 5), "oops");
        assert_eq!(d.render(None, src), "1:6: oops\nout: saw 55\n     ^");
    }

    #[test]
    fn tabs_keep_alignment_and_spans_clip_to_line() {
        let src = "\tab cd\nef";
        let d = Diagnostic::error(Span::new(4, 100), "m");
        assert_eq!(d.render(None, src), "1:5: m\n\tab cd\n\t   ^~");
    }

    #[test]
    fn distances_and_suggestions() {
        assert_eq!(edit_distance("lfp", "lpf"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(closest("lfp", ["hpf", "lpf"]), Some("lpf"));
        assert_eq!(closest("revv", ["rev", "reverb"]), Some("rev"));
        assert_eq!(
            closest("euclidinv", ["euclid", "euclidInv"]),
            Some("euclidInv")
        );
        assert_eq!(closest("zzzzzz", ["lpf"]), None);
    }
}
