//! The hidden runtime paths generated code uses, and small token helpers shared by the
//! expansions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Ident;

use crate::model::Member;

/// The hidden runtime path.
pub fn rt() -> TokenStream {
    quote!(::aws_op::__private)
}

/// `TimestampFormat::X` for a Smithy format name.
pub fn ts_tokens(format: &str) -> TokenStream {
    let rt = rt();
    match format {
        "date-time" => quote!(#rt::TimestampFormat::DateTime),
        "http-date" => quote!(#rt::TimestampFormat::HttpDate),
        _ => quote!(#rt::TimestampFormat::EpochSeconds),
    }
}

/// The local holding a member's value while an item is read.
pub fn local(m: &Member) -> Ident {
    format_ident!("__m_{}", m.ident.to_string().trim_start_matches("r#"))
}
