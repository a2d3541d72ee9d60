//! The lexer: source text to tokens with byte spans and line layout flags.
//!
//! Comments (`--` to end of line) and whitespace are dropped; each token records
//! whether it is the first on its line, whether that line is indented, and whether a
//! blank line came before it. The parser uses those flags to split the token stream
//! into statements. Bad characters become [`Tok::Error`] tokens (the lexer never fails).

use super::ast::{BinOp, Operator, Span, Structure};

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A number literal's text (`440`, `0.5`, `1e3`), without sign.
    Number(String),
    /// A string's content, without the quotes.
    Str(String),
    /// `~name`, the name without `~`.
    Bus(String),
    Ident(String),
    Colon,
    Dollar,
    Hash,
    /// `<~` (false) and `~>` (true): Tidal's shifts, `0.25 <~ p` is `early 0.25 p`.
    Shift(bool),
    /// `.`: function composition, `rev . fast 2`.
    Dot,
    /// `+ - * /` and the Tidal family `|+ +| |+| |< |>` ...
    Op(Operator),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    /// Something that is not a token; the message says what.
    Error(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
    /// First token on its line.
    pub line_start: bool,
    /// Its line starts with whitespace (only meaningful when `line_start`).
    pub indented: bool,
    /// A blank line (only whitespace, not even a comment) lies between the previous
    /// token and this one.
    pub blank_before: bool,
}

impl Tok {
    /// How the token reads in an error message.
    pub fn describe(&self) -> String {
        match self {
            Tok::Number(t) => format!("number {t}"),
            Tok::Str(_) => "a string".to_string(),
            Tok::Bus(n) => format!("'~{n}'"),
            Tok::Ident(n) => format!("'{n}'"),
            Tok::Colon => "':'".to_string(),
            Tok::Dollar => "'$'".to_string(),
            Tok::Hash => "'#'".to_string(),
            Tok::Shift(late) => if *late { "'~>'" } else { "'<~'" }.to_string(),
            Tok::Dot => "'.'".to_string(),
            Tok::Op(op) => format!("'{}'", op_text(*op)),
            Tok::LParen => "'('".to_string(),
            Tok::RParen => "')'".to_string(),
            Tok::LBracket => "'['".to_string(),
            Tok::RBracket => "']'".to_string(),
            Tok::Comma => "','".to_string(),
            Tok::Error(m) => m.clone(),
        }
    }
}

/// The source spelling of an operator.
pub fn op_text(op: Operator) -> &'static str {
    use BinOp::*;
    use Structure::*;
    match op {
        Operator::KeepLeft(Left) => "|<",
        Operator::KeepLeft(Right) => "<|",
        Operator::KeepLeft(Both) => "|<|",
        Operator::KeepRight(Left) => "|>",
        Operator::KeepRight(Right) => ">|",
        Operator::KeepRight(Both) => "|>|",
        Operator::Arith(o, s) => match (o, s) {
            (Add, Both) => "+",
            (Sub, Both) => "-",
            (Mul, Both) => "*",
            (Div, Both) => "/",
            (Add, Left) => "|+",
            (Sub, Left) => "|-",
            (Mul, Left) => "|*",
            (Div, Left) => "|/",
            (Add, Right) => "+|",
            (Sub, Right) => "-|",
            (Mul, Right) => "*|",
            (Div, Right) => "/|",
            (Mod, Both) => "|%|",
            (Mod, Left) => "|%",
            (Mod, Right) => "%|",
        },
    }
}

/// True for operators at the `+ -` level (`|<` and `|>` included).
pub fn is_additive(op: Operator) -> bool {
    match op {
        Operator::Arith(o, _) => matches!(o, BinOp::Add | BinOp::Sub),
        Operator::KeepLeft(_) | Operator::KeepRight(_) => true,
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

/// Letters, digits, `_`, and Haskell's prime (`iter'`, `chunk'`).
fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'\''
}

fn arith_of(c: u8) -> Option<BinOp> {
    match c {
        b'+' => Some(BinOp::Add),
        b'-' => Some(BinOp::Sub),
        b'*' => Some(BinOp::Mul),
        b'/' => Some(BinOp::Div),
        b'%' => Some(BinOp::Mod),
        _ => None,
    }
}

/// Splits `source` into tokens. Never fails: problems become `Tok::Error` tokens.
pub fn lex(source: &str) -> Vec<Token> {
    let b = source.as_bytes();
    let mut toks = Vec::new();
    let mut i = 0;
    let mut at_line_start = true; // no token yet on this line
    let mut line_indented = false;
    let mut line_has_comment = false;
    let mut blank_pending = false;

    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            if at_line_start && !line_has_comment && !toks.is_empty() {
                blank_pending = true;
            }
            at_line_start = true;
            line_indented = false;
            line_has_comment = false;
            i += 1;
            continue;
        }
        // A no-break space (U+00A0, common in pasted documentation) is a space.
        let nbsp = c == 0xC2 && b.get(i + 1) == Some(&0xA0);
        if c == b' ' || c == b'\t' || c == b'\r' || nbsp {
            if at_line_start {
                line_indented = true;
            }
            i += if nbsp { 2 } else { 1 };
            continue;
        }
        if c == b'-' && b.get(i + 1) == Some(&b'-') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            line_has_comment = true;
            continue;
        }
        let start = i;
        let tok =
            if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit)) {
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                if i < b.len() && b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
                    let mut j = i + 1;
                    if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
                        j += 1;
                    }
                    if j < b.len() && b[j].is_ascii_digit() {
                        while j < b.len() && b[j].is_ascii_digit() {
                            j += 1;
                        }
                        i = j;
                    }
                }
                Tok::Number(source[start..i].to_string())
            } else if is_ident_start(c) {
                while i < b.len() && is_ident_char(b[i]) {
                    i += 1;
                }
                Tok::Ident(source[start..i].to_string())
            } else if c == b'~' && b.get(i + 1) == Some(&b'>') {
                i += 2;
                Tok::Shift(true)
            } else if c == b'~' {
                i += 1;
                if i < b.len() && is_ident_start(b[i]) {
                    while i < b.len() && is_ident_char(b[i]) {
                        i += 1;
                    }
                    Tok::Bus(source[start + 1..i].to_string())
                } else {
                    Tok::Error("expected a bus name after '~' (like '~bass')".to_string())
                }
            } else if c == b'"' {
                i += 1;
                while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                    i += 1;
                }
                if i < b.len() && b[i] == b'"' {
                    i += 1;
                    Tok::Str(source[start + 1..i - 1].to_string())
                } else {
                    Tok::Error("unterminated string: missing closing '\"' on this line".to_string())
                }
            } else if c == b'|' {
                // |+ |- |* |/ |+| ... |< |>
                match b.get(i + 1).copied() {
                    Some(n) if arith_of(n).is_some() => {
                        let o = arith_of(n).unwrap_or(BinOp::Add);
                        if b.get(i + 2) == Some(&b'|') {
                            i += 3;
                            Tok::Op(Operator::Arith(o, Structure::Both))
                        } else {
                            i += 2;
                            Tok::Op(Operator::Arith(o, Structure::Left))
                        }
                    }
                    Some(k @ (b'<' | b'>')) => {
                        let both = b.get(i + 2) == Some(&b'|');
                        i += if both { 3 } else { 2 };
                        let side = if both {
                            Structure::Both
                        } else {
                            Structure::Left
                        };
                        Tok::Op(if k == b'<' {
                            Operator::KeepLeft(side)
                        } else {
                            Operator::KeepRight(side)
                        })
                    }
                    _ => {
                        i += 1;
                        Tok::Error(
                            "unexpected '|' (operators are |+ +| |+| |- |* |/ |% |< <| |> >|)"
                                .to_string(),
                        )
                    }
                }
            } else if c == b'<' && b.get(i + 1) == Some(&b'~') {
                i += 2;
                Tok::Shift(false)
            } else if c == b'.' {
                i += 1;
                Tok::Dot
            } else if (c == b'<' || c == b'>') && b.get(i + 1) == Some(&b'|') {
                // `<|`, `>|`: structure from the right
                i += 2;
                Tok::Op(if c == b'<' {
                    Operator::KeepLeft(Structure::Right)
                } else {
                    Operator::KeepRight(Structure::Right)
                })
            } else if let Some(o) = arith_of(c) {
                if b.get(i + 1) == Some(&b'|') {
                    i += 2;
                    Tok::Op(Operator::Arith(o, Structure::Right))
                } else {
                    i += 1;
                    // A bare `%` is Tidal's rational literal, `1%8`: division.
                    let o = if o == BinOp::Mod { BinOp::Div } else { o };
                    Tok::Op(Operator::Arith(o, Structure::Both))
                }
            } else {
                let simple = match c {
                    b':' => Some(Tok::Colon),
                    b'$' => Some(Tok::Dollar),
                    b'#' => Some(Tok::Hash),
                    b'(' => Some(Tok::LParen),
                    b')' => Some(Tok::RParen),
                    b'[' => Some(Tok::LBracket),
                    b']' => Some(Tok::RBracket),
                    b',' => Some(Tok::Comma),
                    _ => None,
                };
                match simple {
                    Some(t) => {
                        i += 1;
                        t
                    }
                    None => {
                        let ch = source[start..].chars().next().unwrap_or('?');
                        i += ch.len_utf8().max(1);
                        Tok::Error(format!("unexpected character '{ch}'"))
                    }
                }
            };
        toks.push(Token {
            tok,
            span: Span::new(start, i),
            line_start: at_line_start,
            indented: at_line_start && line_indented,
            blank_before: at_line_start && blank_pending,
        });
        at_line_start = false;
        blank_pending = false;
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Tok> {
        lex(s).into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn lexes_operators_and_atoms() {
        use Tok::*;
        assert_eq!(
            kinds("~a: saw 1e3 # lpf \"1 2\" |+| x +| 2 |< y -- c"),
            vec![
                Bus("a".into()),
                Colon,
                Ident("saw".into()),
                Number("1e3".into()),
                Hash,
                Ident("lpf".into()),
                Str("1 2".into()),
                Op(Operator::Arith(BinOp::Add, Structure::Both)),
                Ident("x".into()),
                Op(Operator::Arith(BinOp::Add, Structure::Right)),
                Number("2".into()),
                Op(Operator::KeepLeft(Structure::Left)),
                Ident("y".into()),
            ]
        );
    }

    #[test]
    fn line_flags() {
        let t = lex("a\n  b\n\n-- c\nd\n-- x\ne");
        assert!(t[0].line_start && !t[0].indented);
        assert!(t[1].line_start && t[1].indented && !t[1].blank_before);
        assert!(t[2].line_start && t[2].blank_before);
        assert!(t[3].line_start && !t[3].blank_before);
    }

    #[test]
    fn errors_are_tokens() {
        let t = lex("\"abc\nx ~ é");
        assert!(matches!(t[0].tok, Tok::Error(_)));
        assert_eq!(t[0].span, Span::new(0, 4));
        assert!(matches!(t[2].tok, Tok::Error(_)));
        assert!(matches!(t[3].tok, Tok::Error(_)));
    }
}
