//! `#[aws_operation]`: an operation input struct, its table and member visits (the protocol
//! turns them into a request), validation, builder, `send` and pagination.

mod args;
mod checks;
mod paginate;

use crate::diag::Diagnostics;
use crate::model::{Binding, Member};
use crate::paths::{rt, ts_tokens};
use crate::shape;
use args::{parse_args, Args, Part};
use proc_macro2::TokenStream;
use quote::quote;

pub fn expand(args: TokenStream, item: syn::Item, diag: &mut Diagnostics) -> TokenStream {
    let args = parse_args(args, diag);
    let syn::Item::Struct(item) = item else {
        diag.error_at(
            &item,
            "#[aws_operation] goes on the operation's input struct",
        );
        return quote!(#item);
    };
    let (item, mut members) = shape::parse_struct(item, diag);
    checks::check_input(&args, &item, &mut members, diag);
    if !diag.is_empty() {
        let stubs = crate::stubs::operation(
            &item,
            &members,
            args.service.as_ref(),
            args.output.as_ref(),
            args.errors.as_ref(),
        );
        return quote!(#item #stubs);
    }
    expand_operation(&args, &item, &members)
}

fn operation_name(args: &Args, item: &syn::ItemStruct) -> String {
    if let Some(n) = &args.name {
        return n.clone();
    }
    let s = item.ident.to_string();
    for suffix in ["Request", "Input"] {
        if let Some(base) = s.strip_suffix(suffix) {
            if !base.is_empty() {
                return base.to_owned();
            }
        }
    }
    s
}

fn expand_operation(args: &Args, item: &syn::ItemStruct, members: &[Member]) -> TokenStream {
    let rt = rt();
    let name = &item.ident;
    let vis = &item.vis;
    let op_name = operation_name(args, item);
    let service = args.service.as_ref().expect("checked in parse_args");
    let output = match &args.output {
        Some(p) => quote!(#p),
        None => quote!(()),
    };
    let errors = match &args.errors {
        Some(p) => quote!(#p),
        None => quote!(#rt::UnhandledError),
    };
    let method = &args.method;
    let template = &args.template;
    let status = args.status;

    let fill_tokens = members
        .iter()
        .filter(|m| m.idempotency_token.is_some())
        .map(|m| {
            let f = &m.ident;
            quote! {
                if self.#f.is_none() {
                    self.#f = ::core::option::Option::Some(__token());
                }
            }
        });

    let label_checks = members
        .iter()
        .filter(|m| matches!(m.binding, Binding::Label { .. }))
        .map(|m| {
            let f = &m.ident;
            let wire = &m.wire;
            let ts = ts_tokens(m.effective_timestamp_format());
            quote! {
                if #rt::HttpText::to_http_text(&self.#f, #ts).is_empty() {
                    __v.report(&#rt::Path::Member(&#rt::Path::Root, #wire), #rt::Rule::Required,
                        "a URI label must not be empty");
                }
            }
        });

    let host_label_checks = members
        .iter()
        .filter(|m| m.host_label.is_some())
        .map(|m| {
            let f = &m.ident;
            let wire = &m.wire;
            quote! {
                if !#rt::is_valid_host_label(&self.#f) {
                    __v.report(&#rt::Path::Member(&#rt::Path::Root, #wire), #rt::Rule::Pattern,
                        "a host label is letters, digits and `-` (not at either end), in dot-separated parts of 1 to 63 characters");
                }
            }
        });
    let host_prefix = args.host_prefix.as_ref().map(|(parts, _)| {
        let pushes = parts.iter().map(|p| match p {
            Part::Literal(s) => quote!(__prefix.push_str(#s);),
            Part::Label { name, .. } => {
                let m = members
                    .iter()
                    .find(|m| m.wire == *name && m.host_label.is_some())
                    .expect("checked: every host label has a member");
                let f = &m.ident;
                quote!(__prefix.push_str(&self.#f);)
            }
        });
        quote! {
            #[inline]
            fn host_prefix(&self) -> ::core::option::Option<::std::string::String> {
                let mut __prefix = ::std::string::String::new();
                #(#pushes)*
                ::core::option::Option::Some(__prefix)
            }
        }
    });
    let context_params = context_params(members);
    let static_context_params = static_context_params(&args.static_context_params);
    let input_events = members
        .iter()
        .find(|m| m.binding == Binding::EventStream)
        .map(|m| {
            let f = &m.ident;
            let ty = &m.inner_ty;
            let wire = &m.wire;
            quote! {
                #[inline]
                fn take_input_events<__C: #rt::EventCodec>(
                    &mut self,
                    __constraints: bool,
                ) -> ::core::option::Option<#rt::OutgoingEvents> {
                    <#ty as #rt::EventStreamInput>::take_outgoing::<__C>(
                        &mut self.#f,
                        #op_name,
                        #wire,
                        __constraints,
                    )
                }

                #[inline]
                fn decode_input_events<__C: #rt::EventCodec>(
                    __messages: &[#rt::EventMessage],
                ) -> ::core::option::Option<::core::result::Result<
                    ::std::boxed::Box<dyn ::core::any::Any + ::core::marker::Send>,
                    #rt::DecodeError,
                >> {
                    ::core::option::Option::Some(
                        <#ty as #rt::EventStreamInput>::decode_received::<__C>(__messages),
                    )
                }
            }
        });
    let compression = &args.request_compression;
    let checksum_required = args.checksum_required;
    let unsigned_payload = args.unsigned_payload;
    let http_checksum = args.http_checksum.as_ref().map(|c| {
        let some_str = |v: &Option<String>| match v {
            Some(v) => quote!(::core::option::Option::Some(#v)),
            None => quote!(::core::option::Option::None),
        };
        let algorithm = some_str(&c.request_algorithm_header);
        let validation = some_str(&c.response_validation_header);
        let required = c.request_checksum_required;
        let algorithms = &c.response_algorithms;
        quote! {
            const HTTP_CHECKSUM: #rt::HttpChecksum = #rt::HttpChecksum {
                request_algorithm_header: #algorithm,
                request_checksum_required: #required,
                response_validation_header: #validation,
                response_algorithms: &[#(#algorithms),*],
            };
        }
    });
    let has_input = !args.no_input;
    // `http` present: the service must speak a REST protocol; absent: an RPC one.
    let (want_rest, message) = if args.rpc_only {
        (
            false,
            format!(
                "{name} has no `http = \"METHOD /path\"`, but its service speaks a REST protocol \
                 (restJson1, restXml), where every operation has its method and URI"
            ),
        )
    } else {
        (
            true,
            format!(
                "{name} has `http = ...`, but its service speaks an RPC protocol (awsJson, awsQuery, \
                 ec2Query, rpcv2Cbor), where every operation is `POST` with the input in the body: \
                 remove `http`"
            ),
        )
    };
    let protocol_check = quote! {
        const _: () = ::core::assert!(
            <<#service as #rt::Service>::Protocol as #rt::Protocol>::HTTP_BINDINGS == #want_rest,
            #message
        );
    };
    let paginated = args
        .paginated
        .as_ref()
        .map(|p| paginate::expand_paginated(p, name, vis, service, &output));
    let shape = crate::shape::shape_impl(name, members, &args.facts, true);
    let debug = crate::debug::debug_struct(name, members, false);
    let builder = crate::builder::builder(name, vis, members);
    let send_doc = format!(
        "Calls {op_name}: fills the idempotency token if unset, validates, signs and sends \
         (retrying as configured), and parses the response."
    );
    let presign_doc = format!(
        "Presigns {op_name}: a URL that makes this call without credentials until `expires` \
         (at most 7 days) has passed, with the headers that must be sent with it."
    );

    quote! {
        #item
        #debug
        #builder

        // The client's futures are handed out as they are: an `async fn` here would wrap
        // each in a coroutine of its own, which the compiler lays out per operation.
        impl #name {
            #[doc = #send_doc]
            #[inline]
            #vis fn send<'c>(
                self,
                client: &'c ::aws_op::Client<#service>,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<#output, ::aws_op::Error<#errors>>,
            > + 'c {
                client.call(self)
            }

            #[doc = #presign_doc]
            #[inline]
            #vis fn presign<'c>(
                self,
                client: &'c ::aws_op::Client<#service>,
                expires: ::core::time::Duration,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<::aws_op::PresignedRequest, ::aws_op::Error<#errors>>,
            > + 'c {
                client.presign(self, expires)
            }
        }

        const _: () = {
            #shape

            impl #rt::Operation for #name {
                type Service = #service;
                type Output = #output;
                type Error = #errors;
                const NAME: &'static str = #op_name;
                const METHOD: &'static str = #method;
                const URI: &'static str = #template;
                const SUCCESS_STATUS: u16 = #status;
                const REQUEST_COMPRESSION: &'static [&'static str] = &[#(#compression),*];
                const CHECKSUM_REQUIRED: bool = #checksum_required;
                const UNSIGNED_PAYLOAD: bool = #unsigned_payload;
                #http_checksum
                const HAS_INPUT: bool = #has_input;

                #[inline]
                fn fill_idempotency_tokens(&mut self, __token: &mut dyn FnMut() -> ::std::string::String) {
                    let _ = &__token;
                    #(#fill_tokens)*
                }

                #[inline]
                fn validate(&self, __constraints: bool) -> ::core::result::Result<(), #rt::ValidationError> {
                    let mut __v = #rt::Validator::new(__constraints);
                    #rt::Validate::validate(self, &mut __v, &#rt::Path::Root, &#rt::Member::TOP);
                    {
                        let __v = &mut __v;
                        #(#label_checks)*
                        #(#host_label_checks)*
                    }
                    __v.finish(#op_name)
                }

                #host_prefix
                #context_params
                #static_context_params
                #input_events
            }
            #protocol_check
        };
        #paginated
    }
}

/// `context_params()`: the endpoint rule parameters the members marked `context_param` set,
/// those that have a value; nothing for an operation without them.
fn context_params(members: &[Member]) -> Option<TokenStream> {
    let pushes: Vec<TokenStream> = members
        .iter()
        .filter_map(|m| {
            let name = m.context_param.as_ref()?;
            let f = &m.ident;
            Some(if m.required {
                quote!(__params.push((#name, ::std::clone::Clone::clone(&self.#f)));)
            } else {
                quote! {
                    if let ::core::option::Option::Some(__value) = &self.#f {
                        __params.push((#name, ::std::clone::Clone::clone(__value)));
                    }
                }
            })
        })
        .collect();
    if pushes.is_empty() {
        return None;
    }
    Some(quote! {
        #[inline]
        fn context_params(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
            let mut __params = ::std::vec::Vec::new();
            #(#pushes)*
            __params
        }
    })
}

/// `STATIC_CONTEXT_PARAMS`, when the operation sets any.
fn static_context_params(params: &[(String, args::StaticValue)]) -> Option<TokenStream> {
    if params.is_empty() {
        return None;
    }
    let rt = rt();
    let entries = params.iter().map(|(name, value)| {
        let value = match value {
            args::StaticValue::Bool(on) => quote!(#rt::StaticParam::Bool(#on)),
            args::StaticValue::String(text) => quote!(#rt::StaticParam::String(#text)),
        };
        quote!((#name, #value))
    });
    Some(quote! {
        const STATIC_CONTEXT_PARAMS: &'static [(&'static str, #rt::StaticParam)] = &[#(#entries),*];
    })
}
