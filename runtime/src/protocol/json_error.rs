//! The error responses of the JSON protocols (restJson1, awsJson1_0, awsJson1_1): the code
//! from `X-Amzn-ErrorType`, `code` or `__type`, the message, and the modelled error shape.

use crate::http::HttpResponse;
use crate::operation::FromResponse;
use serde_json::{Map, Value};

/// Reads a modelled error from a response whose body the client has parsed once (an empty
/// object when it is not JSON). A body that is not the error's JSON (a proxy's HTML page, say)
/// still gives the error, with the members the headers carry.
pub fn read_error_shape<T: FromResponse>(
    response: &HttpResponse,
    body: &Map<String, Value>,
) -> Option<T> {
    T::from_parsed_response(response, body).ok().or_else(|| {
        let without_body = HttpResponse {
            status: response.status,
            headers: response.headers.clone(),
            body: Vec::new(),
        };
        T::from_parsed_response(&without_body, &Map::new()).ok()
    })
}

/// Extracts the error code of a restJson1 / awsJson error response: `X-Amzn-ErrorType`, else
/// body `code`, else `__type`; keeps what precedes the first `:` and follows the last `#`.
pub fn error_code(response: &HttpResponse, body: &Map<String, Value>) -> Option<String> {
    let raw = response
        .header("x-amzn-errortype")
        .map(str::to_owned)
        .or_else(|| body.get("code").and_then(Value::as_str).map(str::to_owned))
        .or_else(|| {
            body.get("__type")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })?;
    let before_colon = raw.split(':').next().unwrap_or_default();
    let name = before_colon.rsplit('#').next().unwrap_or_default().trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// The error message in a body: `message`, `Message` or `errorMessage`.
pub fn error_message(body: &Map<String, Value>) -> Option<String> {
    ["message", "Message", "errorMessage"]
        .iter()
        .find_map(|k| body.get(*k).and_then(Value::as_str))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode_error::DecodeError;

    /// An error shape that tells which reader ran and what body it saw.
    #[derive(Debug, PartialEq)]
    struct Probe {
        message: Option<String>,
    }

    impl FromResponse for Probe {
        fn from_response(_: &HttpResponse) -> Result<Self, DecodeError> {
            Err(DecodeError::new("the body was read again"))
        }
        fn from_parsed_response(
            _: &HttpResponse,
            body: &Map<String, Value>,
        ) -> Result<Self, DecodeError> {
            match body.get("Message") {
                Some(Value::Number(_)) => Err(DecodeError::new("Message is not a string")),
                m => Ok(Probe {
                    message: m.and_then(Value::as_str).map(str::to_owned),
                }),
            }
        }
    }

    #[test]
    fn error_shapes_read_the_body_the_client_parsed() {
        let response = HttpResponse {
            status: 400,
            headers: vec![],
            body: br#"{"Message": "from the raw body"}"#.to_vec(),
        };
        let mut body = Map::new();
        body.insert("Message".into(), Value::String("parsed once".into()));
        assert_eq!(
            read_error_shape::<Probe>(&response, &body),
            Some(Probe {
                message: Some("parsed once".into())
            })
        );
        // A body that does not fit the shape still gives the error, from the headers alone.
        body.insert("Message".into(), Value::from(3));
        assert_eq!(
            read_error_shape::<Probe>(&response, &body),
            Some(Probe { message: None })
        );
    }

    #[test]
    fn error_codes_are_reduced_to_the_shape_name() {
        let resp = HttpResponse {
            status: 400,
            headers: vec![(
                "X-Amzn-ErrorType".into(),
                "aws.protocoltests#FooError:http://internal".into(),
            )],
            body: vec![],
        };
        assert_eq!(error_code(&resp, &Map::new()).as_deref(), Some("FooError"));
        let mut body = Map::new();
        body.insert("__type".into(), Value::String("ns#Bar".into()));
        let plain = HttpResponse::default();
        assert_eq!(error_code(&plain, &body).as_deref(), Some("Bar"));
    }
}
