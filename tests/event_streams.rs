//! Output event streams over loopback: a Bedrock-like `ConverseStream` served by the emulator,
//! read as typed events, and broken mid-stream by every fault the emulator injects (an
//! exception event, a corrupt frame, a dropped connection, a stall), and abandoned by the
//! caller.

use aws_op::{Client, Config, Credentials, Error, TimeoutKind};
use aws_op_emulator::bedrock::*;
use aws_op_emulator::{
    Emulator, EmulatorConfig, StreamFault, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY,
};
use std::time::Duration;

async fn setup(config: impl FnOnce(Config) -> Config) -> (Emulator, Client<BedrockRuntime>) {
    let emulator = Emulator::start(EmulatorConfig::new()).await.unwrap();
    let base = Config::new(
        "us-east-1",
        Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, None),
    )
    .with_endpoint_url(emulator.endpoint_url());
    let client = Client::new(&config(base)).unwrap();
    (emulator, client)
}

fn request(text: &str) -> ConverseStreamRequest {
    ConverseStreamRequest::builder()
        .model_id("anthropic.claude-3-haiku-20240307-v1:0")
        .messages(vec![Message::user(text)])
        .build()
}

fn with_tool(mut request: ConverseStreamRequest, name: &str) -> ConverseStreamRequest {
    request.tool_config = Some(ToolConfiguration {
        tools: vec![Tool::ToolSpec(ToolSpecification {
            name: name.into(),
            description: Some("Looks things up.".into()),
            input_schema: ToolInputSchema::Json(aws_op::Document::Object(Default::default())),
        })],
    });
    request
}

/// Reads the stream to its end or its first error.
async fn drain(
    stream: &mut aws_op::EventReceiver<ConverseStreamOutput>,
) -> (
    Vec<ConverseStreamOutput>,
    Option<Error<ConverseStreamOutputError>>,
) {
    let mut events = Vec::new();
    loop {
        match stream.recv().await {
            Ok(Some(event)) => events.push(event),
            Ok(None) => return (events, None),
            Err(e) => return (events, Some(e)),
        }
    }
}

fn text_of(events: &[ConverseStreamOutput]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            ConverseStreamOutput::ContentBlockDelta(ContentBlockDeltaEvent {
                delta: ContentBlockDelta::Text(text),
                content_block_index: 0,
            }) => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_streamed_answer_arrives_as_typed_events_text_tool_use_and_metadata() {
    let (emulator, client) = setup(|c| c).await;
    let input = with_tool(request("what is the weather in Lyon"), "weather");
    let mut output = client.call(input).await.unwrap();
    let (events, error) = drain(&mut output.stream).await;
    assert!(error.is_none(), "{error:?}");

    assert_eq!(
        events.first(),
        Some(&ConverseStreamOutput::MessageStart(MessageStartEvent {
            role: ConversationRole::Assistant
        }))
    );
    assert_eq!(text_of(&events), "You said: what is the weather in Lyon");
    // Seven words, one delta each.
    let text_deltas = events
        .iter()
        .filter(|e| matches!(e, ConverseStreamOutput::ContentBlockDelta(d) if d.content_block_index == 0))
        .count();
    assert_eq!(text_deltas, 8);

    let start = events.iter().find_map(|e| match e {
        ConverseStreamOutput::ContentBlockStart(s) => Some(s),
        _ => None,
    });
    let Some(ContentBlockStartEvent {
        start: ContentBlockStart::ToolUse(tool),
        content_block_index: 1,
    }) = start
    else {
        panic!("no tool use started: {events:?}");
    };
    assert_eq!(tool.name, "weather");
    let tool_input: String = events
        .iter()
        .filter_map(|e| match e {
            ConverseStreamOutput::ContentBlockDelta(ContentBlockDeltaEvent {
                delta: ContentBlockDelta::ToolUse(ToolUseBlockDelta { input }),
                content_block_index: 1,
            }) => Some(input.as_str()),
            _ => None,
        })
        .collect();
    let parsed: serde_json::Value = serde_json::from_str(&tool_input).unwrap();
    assert_eq!(parsed["text"], "what is the weather in Lyon");

    let n = events.len();
    assert_eq!(
        events[n - 2],
        ConverseStreamOutput::MessageStop(MessageStopEvent {
            stop_reason: StopReason::ToolUse
        })
    );
    let ConverseStreamOutput::Metadata(metadata) = &events[n - 1] else {
        panic!("the last event is not metadata: {:?}", events[n - 1]);
    };
    assert_eq!(
        metadata.usage,
        TokenUsage {
            input_tokens: 6,
            output_tokens: 8,
            total_tokens: 14
        }
    );
    // The stream has ended: reading again stays at the end.
    assert!(output.stream.recv().await.unwrap().is_none());
    assert_eq!(emulator.stream_stats().completed, 1);
}

#[tokio::test]
async fn max_tokens_cuts_the_text_and_says_so() {
    let (_emulator, client) = setup(|c| c).await;
    let mut input = request("one two three four five");
    input.inference_config = Some(InferenceConfiguration {
        max_tokens: Some(3),
    });
    let mut output = client.call(input).await.unwrap();
    let (events, error) = drain(&mut output.stream).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(text_of(&events), "You said: one ");
    assert!(
        events.contains(&ConverseStreamOutput::MessageStop(MessageStopEvent {
            stop_reason: StopReason::MaxTokens
        }))
    );
}

#[tokio::test]
async fn an_exception_event_ends_the_stream_with_its_typed_error() {
    let (_emulator, client) = setup(|c| c).await;
    client_faults(&_emulator, StreamFault::Exception { after: 3 });
    let mut output = client.call(request("a b c d e f")).await.unwrap();
    let (events, error) = drain(&mut output.stream).await;
    assert_eq!(events.len(), 3);
    let Some(Error::Service(service)) = error else {
        panic!("expected a service error, got {error:?}");
    };
    assert_eq!(service.code, "ModelStreamErrorException");
    assert_eq!(service.status, 200);
    assert!(service.request_id.is_some());
    let ConverseStreamOutputError::ModelStreamErrorException(exception) = &service.error else {
        panic!("untyped exception: {:?}", service.error);
    };
    assert_eq!(exception.original_status_code, Some(500));
    assert_eq!(
        service.message.as_deref(),
        Some("the model stopped answering (injected)")
    );
    // After its error the stream is over.
    assert!(output.stream.recv().await.unwrap().is_none());
}

#[tokio::test]
async fn a_corrupt_frame_is_a_response_error_naming_the_crc() {
    let (emulator, client) = setup(|c| c).await;
    client_faults(&emulator, StreamFault::BadCrc { at: 2 });
    let mut output = client.call(request("a b c d e f")).await.unwrap();
    let (events, error) = drain(&mut output.stream).await;
    assert_eq!(events.len(), 2);
    let Some(Error::Response(response)) = error else {
        panic!("expected a response error, got {error:?}");
    };
    let text = response.to_string();
    assert!(text.contains("CRC"), "{text}");
    assert!(text.contains("ConverseStream"), "{text}");
}

#[tokio::test]
async fn a_dropped_connection_is_a_dispatch_error() {
    let (emulator, client) = setup(|c| c).await;
    client_faults(&emulator, StreamFault::Drop { after: 4 });
    let mut output = client.call(request("a b c d e f")).await.unwrap();
    let (events, error) = drain(&mut output.stream).await;
    assert_eq!(events.len(), 4);
    let Some(Error::Dispatch(dispatch)) = error else {
        panic!("expected a dispatch error, got {error:?}");
    };
    assert!(
        dispatch.message.contains("event stream broke off"),
        "{}",
        dispatch.message
    );
}

#[tokio::test]
async fn a_stall_ends_the_stream_with_a_timeout_and_closes_the_connection() {
    let stall = Duration::from_millis(300);
    let (emulator, client) = setup(|c| c.with_event_stream_stall_timeout(Some(stall))).await;
    client_faults(&emulator, StreamFault::Stall { after: 2 });
    let mut output = client.call(request("a b c d e f")).await.unwrap();
    let (events, error) = drain(&mut output.stream).await;
    assert_eq!(events.len(), 2);
    let Some(Error::Timeout(timeout)) = error else {
        panic!("expected a timeout, got {error:?}");
    };
    assert_eq!(timeout.kind, TimeoutKind::EventStreamStall);
    assert_eq!(timeout.after, stall);
    // The receiver gave up the connection: the emulator sees its client go.
    wait_for(|| emulator.stream_stats().abandoned == 1).await;
}

#[tokio::test]
async fn a_per_stream_stall_timeout_overrides_the_configured_one() {
    let (emulator, client) = setup(|c| c.with_event_stream_stall_timeout(None)).await;
    client_faults(&emulator, StreamFault::Stall { after: 1 });
    let mut output = client.call(request("a b")).await.unwrap();
    output
        .stream
        .set_stall_timeout(Some(Duration::from_millis(200)));
    let (events, error) = drain(&mut output.stream).await;
    assert_eq!(events.len(), 1);
    assert!(
        matches!(&error, Some(Error::Timeout(t)) if t.kind == TimeoutKind::EventStreamStall),
        "{error:?}"
    );
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    let (emulator, client) = setup(|c| c).await;
    emulator.set_event_interval(Duration::from_millis(5));
    let long = vec!["word"; 2000].join(" ");
    let mut output = client.call(request(&long)).await.unwrap();
    for _ in 0..3 {
        output.stream.recv().await.unwrap().unwrap();
    }
    drop(output);
    wait_for(|| emulator.stream_stats().abandoned == 1).await;
    assert_eq!(emulator.stream_stats().completed, 0);
}

#[tokio::test]
async fn a_refused_request_is_the_calls_typed_error_before_any_stream() {
    let (emulator, _) = setup(|c| c).await;
    let wrong = Config::new(
        "us-east-1",
        Credentials::new(DEFAULT_ACCESS_KEY_ID, "not-the-secret", None),
    )
    .with_endpoint_url(emulator.endpoint_url())
    .with_max_attempts(1);
    let client: Client<BedrockRuntime> = Client::new(&wrong).unwrap();
    let error = client.call(request("hello")).await.unwrap_err();
    let service = error.service_error().expect("a service error");
    assert_eq!(service.status, 403);
    assert_eq!(emulator.stream_stats().started, 0);
}

fn client_faults(emulator: &Emulator, fault: StreamFault) {
    emulator.script_stream_faults([fault]);
}

/// Waits (up to 5 s) for a condition the emulator reaches on its own time.
async fn wait_for(condition: impl Fn() -> bool) {
    for _ in 0..500 {
        if condition() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the condition was not reached within 5 s");
}
