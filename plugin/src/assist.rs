//! Pure logic behind the editor's typing help: which registry names complete the word at
//! the cursor, which function and argument the cursor is in, `--` comment toggling on a
//! text and selection, and finding the next match. No egui here, so it is unit-tested.

use phonon::registry::{self, FunctionSpec};

/// The most candidates the popup lists.
pub const MAX_CANDIDATES: usize = 12;

/// Whether `c` can be part of a function or control name.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '\''
}

/// The byte range of the name being typed that ends at `cursor` (a byte offset), if the
/// cursor is outside strings and comments.
pub fn word_before(text: &str, cursor: usize) -> Option<std::ops::Range<usize>> {
    let cursor = cursor.min(text.len());
    if !text.is_char_boundary(cursor) || inside_string_or_comment(text, cursor) {
        return None;
    }
    let start = text[..cursor]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map_or(cursor, |(i, _)| i);
    let word = &text[start..cursor];
    let starts_alpha = word.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    (starts_alpha && start < cursor).then_some(start..cursor)
}

/// Whether `pos` lies inside a `"..."` string or after `--` on its line.
fn inside_string_or_comment(text: &str, pos: usize) -> bool {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let mut in_string = false;
    let mut prev = '\0';
    for c in text[line_start..pos].chars() {
        if c == '"' {
            in_string = !in_string;
        } else if !in_string && c == '-' && prev == '-' {
            return true;
        }
        prev = c;
    }
    in_string
}

/// Whether every char of `needle` appears in `hay` in order.
fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.chars();
    needle.chars().all(|n| hay.any(|h| h == n))
}

/// Registry entries matching `word`: exact and prefix matches first (shorter names first),
/// then names containing the letters in order. Aliases match too, shown as their entry.
pub fn candidates(word: &str) -> Vec<&'static FunctionSpec> {
    if word.chars().count() < 2 {
        return Vec::new();
    }
    let lower = word.to_ascii_lowercase();
    let mut ranked: Vec<(u8, usize, &'static str, &'static FunctionSpec)> = Vec::new();
    for f in registry::all() {
        let rank = std::iter::once(f.name)
            .chain(f.aliases.iter().copied())
            .filter_map(|n| {
                let n_lower = n.to_ascii_lowercase();
                if n_lower.starts_with(&lower) {
                    Some(0)
                } else if is_subsequence(&lower, &n_lower) {
                    Some(1)
                } else {
                    None
                }
            })
            .min();
        if let Some(rank) = rank {
            ranked.push((rank, f.name.len(), f.name, f));
        }
    }
    ranked.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    ranked
        .into_iter()
        .filter(|(_, _, name, _)| *name != word)
        .take(MAX_CANDIDATES)
        .map(|(_, _, _, f)| f)
        .collect()
}

/// The function call the cursor is in and the index of the argument being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallAt {
    pub name: String,
    /// 0 = the first argument.
    pub arg: usize,
}

/// Walks back from `cursor` over balanced parens, brackets and strings to the start of
/// the current application (an open paren, `$`, `#`, `+`, `,`, `:` or a line start), then
/// counts the whole arguments between the function name and the cursor.
pub fn call_at(text: &str, cursor: usize) -> Option<CallAt> {
    let cursor = cursor.min(text.len());
    if !text.is_char_boundary(cursor) {
        return None;
    }
    let before = &text[..cursor];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..];
    // Tokens of the current application, outermost level only.
    let mut tokens: Vec<String> = Vec::new();
    let mut depth_stack: Vec<Vec<String>> = Vec::new();
    let mut current = String::new();
    let mut in_string = false;
    let mut atom_depth = 0usize; // depth inside a nested atom counted as one token
    let flush = |current: &mut String, tokens: &mut Vec<String>| {
        if !current.is_empty() {
            tokens.push(std::mem::take(current));
        }
    };
    let mut prev = '\0';
    for c in line.chars() {
        if in_string {
            current.push(c);
            if c == '"' {
                in_string = false;
            }
            continue;
        }
        if c == '-' && prev == '-' {
            return None; // in a comment
        }
        prev = c;
        match c {
            '"' => {
                in_string = true;
                current.push(c);
            }
            '(' => {
                flush(&mut current, &mut tokens);
                depth_stack.push(std::mem::take(&mut tokens));
                atom_depth = 0;
            }
            ')' => {
                flush(&mut current, &mut tokens);
                // The closed group becomes one token of the enclosing application.
                let mut outer = depth_stack.pop().unwrap_or_default();
                outer.push("(…)".into());
                tokens = outer;
            }
            '[' | '{' => {
                atom_depth += 1;
                current.push(c);
            }
            ']' | '}' => {
                atom_depth = atom_depth.saturating_sub(1);
                current.push(c);
            }
            '$' | '#' | '+' | ',' | ':' | '|' | '*' | '/' if atom_depth == 0 => {
                flush(&mut current, &mut tokens);
                tokens.clear();
            }
            c if c.is_whitespace() && atom_depth == 0 => flush(&mut current, &mut tokens),
            _ => current.push(c),
        }
    }
    let typing = !current.is_empty() || in_string;
    flush(&mut current, &mut tokens);
    let name = tokens.first()?;
    registry::lookup(name)?;
    let whole = tokens.len() - 1;
    let arg = if typing { whole.checked_sub(1)? } else { whole };
    Some(CallAt {
        name: name.clone(),
        arg,
    })
}

/// A text and its selection (byte offsets; `start <= end`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edited {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Comments out the lines the selection touches with `-- `, or, if all of them (ignoring
/// blank lines) are comments, removes the marker. The selection keeps covering the same
/// characters.
pub fn toggle_comment(text: &str, start: usize, end: usize) -> Edited {
    let (start, end) = (
        start.min(end).min(text.len()),
        end.max(start).min(text.len()),
    );
    let first = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let last_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let lines: Vec<&str> = text[first..last_end].split('\n').collect();
    let all_commented = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .all(|l| l.trim_start().starts_with("--"));
    let mut out = String::with_capacity(text.len() + lines.len() * 3);
    out.push_str(&text[..first]);
    let (mut new_start, mut new_end) = (start, end);
    let mut line_pos = first;
    let mut cumulative: isize = 0; // how far earlier lines moved this one
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let indent = line.len() - line.trim_start().len();
        let at = line_pos + indent; // where the marker goes / is
        let delta: isize = if all_commented {
            let rest = &line[indent..];
            let marker = if rest.starts_with("-- ") { 3 } else { 2 };
            if rest.starts_with("--") {
                out.push_str(&line[..indent]);
                out.push_str(&rest[marker..]);
                -(marker as isize)
            } else {
                out.push_str(line);
                0
            }
        } else if line.trim().is_empty() && lines.len() > 1 {
            out.push_str(line);
            0
        } else {
            out.push_str(&line[..indent]);
            out.push_str("-- ");
            out.push_str(&line[indent..]);
            3
        };
        let shift = |p: usize| -> usize {
            let moved = if p > at {
                (p as isize + delta).max(at as isize)
            } else {
                p as isize
            };
            (moved + cumulative) as usize
        };
        if start >= line_pos && start <= line_pos + line.len() {
            new_start = shift(start);
        }
        if end >= line_pos && end <= line_pos + line.len() {
            new_end = shift(end);
        }
        line_pos += line.len() + 1;
        cumulative += delta;
    }
    out.push_str(&text[last_end..]);
    Edited {
        text: out,
        start: new_start,
        end: new_end,
    }
}

/// The byte range of the next occurrence of `needle` (case-insensitive for ASCII) at or
/// after `from`, wrapping to the start.
pub fn find_next(text: &str, needle: &str, from: usize) -> Option<std::ops::Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    let hay = text.to_ascii_lowercase();
    let needle = needle.to_ascii_lowercase();
    let from = (0..=from.min(hay.len()))
        .rev()
        .find(|&i| hay.is_char_boundary(i))
        .unwrap_or(0);
    hay[from..]
        .find(&needle)
        .map(|i| from + i)
        .or_else(|| hay.find(&needle))
        .map(|i| i..i + needle.len())
}

/// A function's signature split around the argument `arg`: (before, that parameter,
/// after); the middle is empty when `arg` is past the parameters.
pub fn signature_parts(f: &FunctionSpec, arg: usize) -> (String, String, String) {
    let names: Vec<&str> = f.params.iter().map(|p| p.name).collect();
    let mut before = f.name.to_string();
    let mut after = String::new();
    let mut middle = String::new();
    for (i, n) in names.iter().enumerate() {
        let piece = format!(" {n}");
        match i.cmp(&arg) {
            std::cmp::Ordering::Less => before.push_str(&piece),
            std::cmp::Ordering::Equal => {
                before.push(' ');
                middle.push_str(n);
            }
            std::cmp::Ordering::Greater => after.push_str(&piece),
        }
    }
    if f.variadic {
        after.push_str(" …");
    }
    (before, middle, after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deg_offers_degrade_and_degrade_by_first() {
        let names: Vec<&str> = candidates("deg").iter().map(|f| f.name).collect();
        assert_eq!(&names[..2], &["degrade", "degradeBy"], "{names:?}");
    }

    #[test]
    fn fuzzy_matches_come_after_prefix_matches() {
        let names: Vec<&str> = candidates("lp").iter().map(|f| f.name).collect();
        assert_eq!(names.first(), Some(&"lpf"), "{names:?}");
        let fuzzy: Vec<&str> = candidates("dgb").iter().map(|f| f.name).collect();
        assert!(fuzzy.contains(&"degradeBy"), "{fuzzy:?}");
        assert!(candidates("d").is_empty());
    }

    #[test]
    fn word_before_cursor_skips_strings_and_comments() {
        let t = "out: s \"bd\" # deg";
        assert_eq!(word_before(t, t.len()), Some(14..17));
        assert_eq!(word_before("s \"deg", 6), None);
        assert_eq!(word_before("-- deg", 6), None);
        assert_eq!(word_before("fast 2", 6), None); // a number is not a name
    }

    #[test]
    fn argument_index_walks_over_nested_calls_and_strings() {
        let at = |t: &str| call_at(t, t.len());
        assert_eq!(at("lpf ").map(|c| c.arg), Some(0));
        assert_eq!(at("lpf 800 ").map(|c| c.arg), Some(1));
        assert_eq!(at("lpf 80").map(|c| c.arg), Some(0));
        assert_eq!(
            at("every 3 (fast 2) $ lpf (range 200 800 sine) "),
            Some(CallAt {
                name: "lpf".into(),
                arg: 1
            })
        );
        assert_eq!(
            at("every 3 (fast 2"),
            Some(CallAt {
                name: "fast".into(),
                arg: 0
            })
        );
        assert_eq!(
            at("every 3 (fast 2) "),
            Some(CallAt {
                name: "every".into(),
                arg: 2
            })
        );
        assert_eq!(
            at("s \"bd (3,8) sn\" # gain "),
            Some(CallAt {
                name: "gain".into(),
                arg: 0
            })
        );
        assert_eq!(
            at("s \"bd sn"),
            Some(CallAt {
                name: "s".into(),
                arg: 0
            })
        );
        assert_eq!(at("-- lpf "), None);
    }

    #[test]
    fn comment_toggle_round_trips_and_keeps_selection() {
        let text = "a: s \"bd\"\n  b: s \"sn\"\nc: 1";
        let sel = (3, 14); // from "s" on line 1 to inside line 2
        let on = toggle_comment(text, sel.0, sel.1);
        assert_eq!(on.text, "-- a: s \"bd\"\n  -- b: s \"sn\"\nc: 1");
        assert_eq!(&on.text[on.start..on.end], "s \"bd\"\n  -- b:");
        let off = toggle_comment(&on.text, on.start, on.end);
        assert_eq!(off.text, text);
        assert_eq!((off.start, off.end), sel);
        // The cursor's line alone, with an empty selection.
        let one = toggle_comment("x\ny", 3, 3);
        assert_eq!(one.text, "x\n-- y");
        assert_eq!((one.start, one.end), (6, 6));
    }

    #[test]
    fn find_wraps_to_the_start() {
        let t = "bd sn bd";
        assert_eq!(find_next(t, "bd", 1), Some(6..8));
        assert_eq!(find_next(t, "BD", 7), Some(0..2));
        assert_eq!(find_next(t, "hh", 0), None);
    }

    #[test]
    fn signature_emphasises_the_typed_argument() {
        let lpf = registry::lookup("lpf").unwrap();
        let (before, mid, _after) = signature_parts(lpf, 0);
        assert_eq!(before, "lpf ");
        assert_eq!(mid, lpf.params[0].name);
    }
}
