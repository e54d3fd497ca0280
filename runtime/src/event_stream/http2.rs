//! Which event streams AWS takes over HTTP/2 only: those of services whose model says so
//! (`event_stream_http2`, from botocore's `protocolSettings.h2`: Kinesis `SubscribeToShard`,
//! Lex, Polly, Q Business...) and streams that run both ways (Bedrock
//! `InvokeModelWithBidirectionalStream`, whose model says HTTP/2 is optional, yet a request
//! body that never ends while the response streams needs it).

use super::call::has_event_stream;
use crate::operation::{Operation, Service};
use crate::shape::Shape;

/// Why operation `O` must go over HTTP/2, if it must: the client sends it over HTTP/2 (or
/// refuses it without the `http2` feature), the mock server refuses it over HTTP/1.1.
///
/// ```
/// # fn demo<O: aws_op_runtime::Operation>() {
/// if let Some(reason) = aws_op_runtime::event_stream::http2_reason::<O>() {
///     println!("{} goes over HTTP/2: {reason}", O::NAME);
/// }
/// # }
/// ```
pub fn http2_reason<O: Operation>() -> Option<&'static str> {
    reason(
        <O::Service as Service>::EVENT_STREAM_HTTP2,
        const { has_event_stream(O::SCHEMA) },
        const { has_event_stream(<O::Output as Shape>::SCHEMA) },
    )
}

/// Why a call must go over HTTP/2: given whether its service streams events over HTTP/2, and
/// whether its input and its output are event streams.
fn reason(service_streams_over_http2: bool, input: bool, output: bool) -> Option<&'static str> {
    if input && output {
        Some("it streams events both ways")
    } else if service_streams_over_http2 && (input || output) {
        Some("its service streams events over HTTP/2")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_streams_the_model_puts_on_http2_and_two_way_streams_need_it() {
        assert_eq!(reason(false, false, false), None);
        assert_eq!(
            reason(true, false, false),
            None,
            "a plain call of such a service"
        );
        assert_eq!(
            reason(false, false, true),
            None,
            "ConverseStream: HTTP/2 optional"
        );
        assert_eq!(reason(false, true, false), None);
        assert_eq!(
            reason(true, false, true),
            Some("its service streams events over HTTP/2")
        );
        assert_eq!(
            reason(true, true, false),
            Some("its service streams events over HTTP/2")
        );
        assert_eq!(
            reason(false, true, true),
            Some("it streams events both ways")
        );
    }
}
