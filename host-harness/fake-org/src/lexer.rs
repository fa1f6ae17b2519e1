//! The tokens of Okta's search and filter expressions, read by the one parser ([`scim`](super::scim)):
//! parentheses, words, and double-quoted strings with `\\` escapes.

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Token {
    Open,
    Close,
    Word(String),
    Quoted(String),
}

impl Token {
    /// The token as an error message quotes it.
    pub(crate) fn describe(&self) -> String {
        match self {
            Token::Open => "'('".into(),
            Token::Close => "')'".into(),
            Token::Word(word) => format!("'{word}'"),
            Token::Quoted(text) => format!("\"{text}\""),
        }
    }

    pub(crate) fn is_keyword(&self, keyword: &str) -> bool {
        matches!(self, Token::Word(word) if word.eq_ignore_ascii_case(keyword))
    }
}

/// Splits an expression into tokens; the error is the message a 400 carries.
pub(crate) fn tokenize(input: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' => {
                chars.next();
                tokens.push(if c == '(' { Token::Open } else { Token::Close });
            }
            '"' => {
                chars.next();
                tokens.push(Token::Quoted(quoted(&mut chars)?));
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"') {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                tokens.push(Token::Word(word));
            }
        }
    }
    Ok(tokens)
}

fn quoted(chars: &mut impl Iterator<Item = char>) -> Result<String, String> {
    let mut text = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Ok(text),
            '\\' => text.push(
                chars
                    .next()
                    .ok_or_else(|| "Unterminated string".to_string())?,
            ),
            c => text.push(c),
        }
    }
    Err("Unterminated string".to_string())
}
