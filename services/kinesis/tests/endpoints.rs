//! Kinesis's account endpoints, from its endpoint rules fed by the operation's members
//! (`context_param`: `StreamARN`, `ConsumerARN`) and fixed parameters (`OperationType`): where
//! a signed request goes, read from `Client::sign` (nothing is sent).

use aws_op::{Blob, Client, Config, Credentials};
use aws_op_kinesis::*;

const STREAM: &str = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";

fn client() -> Client<Kinesis> {
    let config = Config::new(
        "us-east-1",
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        ),
    );
    Client::new(&config).expect("a client")
}

#[tokio::test]
async fn a_data_call_by_stream_arn_goes_to_the_accounts_data_endpoint() {
    let request = PutRecordRequest::builder()
        .stream_arn(STREAM)
        .data(Blob::new(b"order 1".to_vec()))
        .partition_key("pk")
        .build();
    let signed = client().sign(request).await.expect("a signed request");
    assert_eq!(
        signed.url,
        "https://123456789012.data-kinesis.us-east-1.amazonaws.com/"
    );
}

#[tokio::test]
async fn a_control_call_by_stream_arn_goes_to_the_accounts_control_endpoint() {
    let request = DescribeStreamSummaryRequest::builder()
        .stream_arn(STREAM)
        .build();
    let signed = client().sign(request).await.expect("a signed request");
    assert_eq!(
        signed.url,
        "https://123456789012.control-kinesis.us-east-1.amazonaws.com/"
    );
}

#[tokio::test]
async fn a_call_by_stream_name_goes_to_the_regional_endpoint() {
    let request = DescribeStreamSummaryRequest::builder()
        .stream_name("orders")
        .build();
    let signed = client().sign(request).await.expect("a signed request");
    assert_eq!(signed.url, "https://kinesis.us-east-1.amazonaws.com/");
}
