//! `pattern` constraints: compiled by aws-op-pattern at expansion time, emitted as the `static`
//! tables the runtime matches (`::aws_op::__private::Pattern`).
//!
//! A pattern with a syntax error is a compile error at the literal (a hand-written typo). A valid
//! pattern the engine cannot check exactly (a backreference to a group that can capture any
//! text, say) is left unenforced: the field's documentation says so and why, and the build goes
//! on, because a model's pattern must never stop a crate from compiling.

use aws_op_pattern::{Assertion, ErrorKind, Regex, State};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use syn::LitStr;

/// A member's `pattern`, as written and as compiled.
#[derive(Clone)]
pub struct PatternCheck {
    /// The literal, for messages and spans.
    pub source: LitStr,
    /// The automaton, or why the pattern is not enforced.
    pub compiled: Result<Regex, String>,
}

/// Compiles the pattern of `literal`; a syntax error is returned as a message for a compile
/// error at the literal.
pub fn compile(literal: LitStr) -> Result<PatternCheck, String> {
    let compiled = match aws_op_pattern::compile(&literal.value()) {
        Ok(regex) => Ok(regex),
        Err(e) if e.kind() == ErrorKind::Unsupported => Err(e.message().to_owned()),
        Err(e) => return Err(format!("invalid regular expression in `pattern`: {e}")),
    };
    Ok(PatternCheck {
        source: literal,
        compiled,
    })
}

impl PatternCheck {
    /// The documentation line for a field whose pattern is not enforced.
    pub fn not_enforced_note(&self) -> Option<String> {
        let reason = self.compiled.as_ref().err()?;
        Some(format!(
            "The pattern `{}` is not enforced: {reason}.",
            self.source.value()
        ))
    }

    /// The initializer of a `static ::aws_op::__private::Pattern`, when the pattern is enforced.
    pub fn to_tokens(&self) -> Option<TokenStream> {
        let regex = self.compiled.as_ref().ok()?;
        let program = regex.program();
        let num = Literal::u32_unsuffixed;
        let states = program.states.iter().map(|state| match *state {
            State::Char { start, len, next } => {
                let (start, len, next) = (num(start), num(len), num(next));
                quote!(__S::Char { start: #start, len: #len, next: #next })
            }
            State::Split(a, b) => {
                let (a, b) = (num(a), num(b));
                quote!(__S::Split(#a, #b))
            }
            State::Assert { assertion, next } => {
                let assertion = assertion_tokens(assertion);
                let next = num(next);
                quote!(__S::Assert { assertion: #assertion, next: #next })
            }
            State::Repeat {
                start,
                len,
                min,
                max,
                next,
            } => {
                let (start, len, min, max, next) =
                    (num(start), num(len), num(min), num(max), num(next));
                quote!(__S::Repeat { start: #start, len: #len, min: #min, max: #max, next: #next })
            }
            State::CounterStart { counter, next } => {
                let (counter, next) = (num(counter), num(next));
                quote!(__S::CounterStart { counter: #counter, next: #next })
            }
            State::CounterLoop {
                counter,
                body,
                exit,
            } => {
                let (counter, body, exit) = (num(counter), num(body), num(exit));
                quote!(__S::CounterLoop { counter: #counter, body: #body, exit: #exit })
            }
            State::CounterIncrement { counter, next } => {
                let (counter, next) = (num(counter), num(next));
                quote!(__S::CounterIncrement { counter: #counter, next: #next })
            }
            State::Match => quote!(__S::Match),
        });
        let ranges = program.ranges.iter().map(|&(lo, hi)| {
            let (lo, hi) = (num(lo), num(hi));
            quote!((#lo, #hi))
        });
        let counters = program.counters.iter().map(|c| {
            let (min, max, first, end) = (num(c.min), num(c.max), num(c.first), num(c.end));
            quote!(::aws_op::__private::PatternCounter { min: #min, max: #max, first: #first, end: #end })
        });
        let automata = program.automata.iter().map(|a| {
            let (start, backward) = (num(a.start), a.backward);
            quote!(::aws_op::__private::PatternAutomaton { start: #start, backward: #backward })
        });
        let source = &self.source;
        Some(quote! {{
            use ::aws_op::__private::PatternState as __S;
            ::aws_op::__private::Pattern {
                source: #source,
                program: ::aws_op::__private::PatternProgram {
                    states: &[#(#states),*],
                    ranges: &[#(#ranges),*],
                    counters: &[#(#counters),*],
                    automata: &[#(#automata),*],
                },
            }
        }})
    }
}

fn assertion_tokens(assertion: Assertion) -> TokenStream {
    let path = quote!(::aws_op::__private::PatternAssertion);
    match assertion {
        Assertion::Start => quote!(#path::Start),
        Assertion::End => quote!(#path::End),
        Assertion::LineStart => quote!(#path::LineStart),
        Assertion::LineEnd => quote!(#path::LineEnd),
        Assertion::WordBoundary => quote!(#path::WordBoundary),
        Assertion::NotWordBoundary => quote!(#path::NotWordBoundary),
        Assertion::LookAround { automaton, negated } => {
            let automaton = Literal::u32_unsuffixed(automaton);
            quote!(#path::LookAround { automaton: #automaton, negated: #negated })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(s: &str) -> LitStr {
        LitStr::new(s, proc_macro2::Span::call_site())
    }

    #[test]
    fn syntax_errors_are_compile_errors() {
        let Err(message) = compile(literal("[a-z")) else {
            panic!("accepted")
        };
        assert!(
            message
                .starts_with("invalid regular expression in `pattern`: unclosed character class"),
            "{message}"
        );
    }

    #[test]
    fn unsupported_patterns_are_documented_not_rejected() {
        let check = compile(literal(r"(.)\1")).unwrap();
        assert!(check.to_tokens().is_none());
        let note = check.not_enforced_note().unwrap();
        assert!(
            note.starts_with(r"The pattern `(.)\1` is not enforced: the backreference"),
            "{note}"
        );
    }

    #[test]
    fn tokens_are_a_static_initializer() {
        let check = compile(literal("^(?!x)a{2,3}$")).unwrap();
        assert!(check.not_enforced_note().is_none());
        let tokens = check.to_tokens().unwrap().to_string();
        assert!(tokens.contains("source : \"^(?!x)a{2,3}$\""), "{tokens}");
        assert!(
            tokens.contains("__S :: Repeat { start : 1 , len : 1 , min : 2 , max : 3"),
            "{tokens}"
        );
        assert!(
            tokens.contains("LookAround { automaton : 0 , negated : true }"),
            "{tokens}"
        );
        assert!(
            tokens.contains("PatternAutomaton { start : 1 , backward : true }"),
            "{tokens}"
        );
    }
}
