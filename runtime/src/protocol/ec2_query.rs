//! ec2Query (botocore `ec2`: EC2): awsQuery's `POST /` form requests, with keys from
//! `queryName`, else the capitalised wire name, and lists always flattened (`List.N`);
//! responses are `<OpResponse>` with the members directly inside (no result wrapper), errors
//! `<Response><Errors><Error><Code/><Message/>...</Error></Errors><RequestID/></Response>`.

use crate::decode_error::DecodeError;
use crate::http::{HttpRequest, HttpResponse};
use crate::operation::{ErrorShape, Operation};
use crate::protocol::form::Dialect;
use crate::protocol::query;
use crate::protocol::xml::{self, ErrorEnvelope};
use crate::protocol::{routing, ErrorParts, Protocol};

/// Smithy `aws.protocols#ec2Query`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ec2Query;

impl Protocol for Ec2Query {
    const NAME: &'static str = "ec2Query";
    const HTTP_BINDINGS: bool = false;

    fn serialize_request<O: Operation>(input: &O) -> HttpRequest {
        query::request(input, Dialect::Ec2)
    }

    fn deserialize_output<O: Operation>(response: &HttpResponse) -> Result<O::Output, DecodeError> {
        query::output::<O>(response, Dialect::Ec2)
    }

    fn deserialize_error<O: Operation>(response: &HttpResponse) -> ErrorParts<O::Error> {
        query::error::<O>(response)
    }

    fn request_id(response: &HttpResponse) -> Option<String> {
        xml::request_id(response)
    }

    fn routes_to<O: Operation>(request: &HttpRequest) -> bool {
        routing::form_action::<O>(request)
    }

    fn deserialize_request<O: Operation>(request: &HttpRequest) -> Result<O, DecodeError> {
        query::input::<O>(request, Dialect::Ec2)
    }

    fn serialize_output<O: Operation>(output: &O::Output) -> HttpResponse {
        query::success::<O>(output, Dialect::Ec2)
    }

    fn serialize_error<O: Operation, E: ErrorShape>(error: &E) -> HttpResponse {
        query::failure(error, ErrorEnvelope::Ec2Response)
    }
}
