//! Input event streams over loopback: a service described here with the attributes sends its
//! typed events to a `MockServer`, which verifies every envelope's chained signature and
//! records the typed events. Covered: events from a list and from a channel (restJson1, with a
//! header member; awsJson1_1, with the `initial-request` event), a tampered envelope, a stream
//! without its end, an invalid event mid-stream, and what AWS takes over HTTP/2 only (a service
//! that says so, an operation that streams both ways), which goes over HTTP/2 (these tests
//! build with the `http2` feature) and which the mock server refuses over HTTP/1.1.

use aws_op::prelude::*;
use aws_op::runtime::event_stream::{HeaderValue, Message, MessageDecoder};
use aws_op::runtime::sigv4::{self, EventSigner};
use aws_op::{Client, Error, EventReceiver, EventSender};
use aws_op_emulator::{MockServer, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};

mod stream_sources;
use stream_sources::{Items, Received};

#[aws_service(
    id = "Dictation",
    signing_name = "dictation",
    protocol = "restJson1",
    api_version = "2024-01-01",
    endpoint = "https://dictation.{region}.amazonaws.com"
)]
pub struct Dictation;

/// A piece of text, numbered in a typed header.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct Phrase {
    #[aws(event_header)]
    pub seq: Option<i32>,
    #[aws(length(min = 1, max = 20))]
    pub text: String,
}

/// The caller is done speaking.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct Pause {
    pub seconds: Option<i32>,
}

/// Recorded sound, carried as the event's whole payload.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct Audio {
    #[aws(payload)]
    pub chunk: aws_op::Body,
}

#[aws_shape(event_stream)]
#[derive(Clone, PartialEq)]
pub enum SpeechEvents {
    #[aws(name = "phrase")]
    Phrase(Phrase),
    #[aws(name = "pause")]
    Pause(Pause),
    #[aws(name = "audio")]
    Audio(Audio),
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct DictateResponse {
    pub transcript_id: Option<String>,
}

#[aws_operation(
    service = Dictation,
    http = "POST /sessions/{SessionId}/dictate",
    output = DictateResponse
)]
pub struct DictateRequest {
    #[aws(label, name = "SessionId")]
    pub session_id: String,
    #[aws(header = "x-dictation-language", length(min = 2))]
    pub language: String,
    #[aws(event_stream)]
    pub speech: EventSender<SpeechEvents>,
}

/// What `Talk` answers with, as it listens.
#[aws_shape]
pub struct TalkResponse {
    #[aws(event_stream)]
    pub replies: EventReceiver<SpeechEvents>,
}

#[aws_operation(service = Dictation, http = "POST /talk", output = TalkResponse)]
pub struct TalkRequest {
    #[aws(event_stream)]
    pub speech: EventSender<SpeechEvents>,
}

#[aws_service(
    id = "Dictation Json",
    signing_name = "dictationjson",
    protocol = "awsJson1_1",
    target_prefix = "Dictation",
    api_version = "2024-01-01",
    endpoint = "https://dictation.{region}.amazonaws.com"
)]
pub struct DictationJson;

#[aws_operation(service = DictationJson, output = DictateResponse)]
pub struct RecordRequest {
    #[aws(name = "Language")]
    pub language: String,
    #[aws(event_stream)]
    pub speech: EventSender<SpeechEvents>,
}

#[aws_service(
    id = "Dictation Live",
    signing_name = "dictationlive",
    protocol = "restJson1",
    api_version = "2024-01-01",
    endpoint = "https://dictation.{region}.amazonaws.com",
    event_stream_http2
)]
pub struct DictationLive;

#[aws_operation(service = DictationLive, http = "POST /live", output = DictateResponse)]
pub struct LiveRequest {
    #[aws(event_stream)]
    pub speech: EventSender<SpeechEvents>,
}

fn phrase(seq: i32, text: &str) -> SpeechEvents {
    SpeechEvents::Phrase(Phrase {
        seq: Some(seq),
        text: text.into(),
    })
}

fn dictate(speech: EventSender<SpeechEvents>) -> DictateRequest {
    DictateRequest {
        session_id: "s-1".into(),
        language: "fr".into(),
        speech,
    }
}

async fn mock() -> (MockServer<Dictation>, Client<Dictation>) {
    let mock = MockServer::<Dictation>::start().await.unwrap();
    mock.on::<DictateRequest>().returns(DictateResponse {
        transcript_id: Some("t-1".into()),
    });
    let client = Client::new(&mock.client_config()).unwrap();
    (mock, client)
}

#[tokio::test]
async fn events_from_a_list_arrive_verified_typed_and_in_order() {
    let (mock, client) = mock().await;
    let events = vec![
        phrase(1, "bonjour"),
        SpeechEvents::Pause(Pause { seconds: Some(2) }),
        phrase(2, "le monde"),
    ];
    let output = client
        .call(dictate(EventSender::from_events(events.clone())))
        .await
        .unwrap();
    assert_eq!(output.transcript_id.as_deref(), Some("t-1"));
    assert_eq!(
        mock.received_events::<DictateRequest, SpeechEvents>(),
        vec![events]
    );
    let inputs = mock.take_received::<DictateRequest>();
    assert_eq!(inputs.len(), 1);
    assert_eq!(inputs[0].session_id, "s-1");
    assert_eq!(inputs[0].language, "fr");
}

#[tokio::test]
async fn events_fed_through_a_channel_arrive_as_the_caller_sends_them() {
    let (mock, client) = mock().await;
    let (sender, feed) = EventSender::channel(1);
    let call = tokio::spawn(async move { client.call(dictate(sender)).await });
    for seq in 0..20 {
        feed.send(phrase(seq, &format!("mot {seq}"))).await.unwrap();
        tokio::task::yield_now().await;
    }
    drop(feed);
    let output = call.await.unwrap().unwrap();
    assert_eq!(output.transcript_id.as_deref(), Some("t-1"));
    let received = mock.received_events::<DictateRequest, SpeechEvents>();
    assert_eq!(received.len(), 1);
    let expected: Vec<SpeechEvents> = (0..20).map(|s| phrase(s, &format!("mot {s}"))).collect();
    assert_eq!(received[0], expected);
}

#[tokio::test]
async fn an_empty_stream_still_ends_with_its_signed_envelope() {
    let (mock, client) = mock().await;
    client
        .call(dictate(EventSender::from_events(Vec::new())))
        .await
        .unwrap();
    assert_eq!(
        mock.received_events::<DictateRequest, SpeechEvents>(),
        vec![Vec::<SpeechEvents>::new()]
    );
}

#[tokio::test]
async fn an_invalid_event_mid_stream_is_the_typed_validation_error_naming_it() {
    let (mock, client) = mock().await;
    let events = vec![phrase(1, "ok"), phrase(2, ""), phrase(3, "never sent")];
    let error = client
        .call(dictate(EventSender::from_events(events)))
        .await
        .unwrap_err();
    let Error::Validation(invalid) = error else {
        panic!("not a validation error: {error:?}");
    };
    assert_eq!(invalid.operation, "Dictate");
    let paths: Vec<&str> = invalid.violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, ["Speech[1].phrase.Text"], "{invalid}");
    assert_eq!(invalid.violations[0].rule, aws_op::Rule::Length);
    // Nothing was recorded: the stream never ended.
    assert!(mock
        .received_events::<DictateRequest, SpeechEvents>()
        .is_empty());
}

#[tokio::test]
async fn an_event_payload_in_memory_is_sent_and_one_that_streams_is_refused_not_sent_empty() {
    let (mock, client) = mock().await;
    let audio = |chunk: aws_op::Body| SpeechEvents::Audio(Audio { chunk });
    let in_memory = audio(aws_op::Body::from(vec![0u8, 1, 2, 255]));
    client
        .call(dictate(EventSender::from_events(vec![in_memory.clone()])))
        .await
        .unwrap();
    assert_eq!(
        mock.received_events::<DictateRequest, SpeechEvents>(),
        [[in_memory.clone()]]
    );

    let chunks = vec![Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"live"))];
    let streaming = audio(aws_op::Body::from_stream(Items(chunks.into())));
    let error = client
        .call(dictate(EventSender::from_events(vec![
            in_memory, streaming,
        ])))
        .await
        .unwrap_err();
    let Error::Validation(invalid) = error else {
        panic!("not a validation error: {error:?}");
    };
    let paths: Vec<&str> = invalid.violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, ["Speech[1].audio.Chunk"], "{invalid}");
    assert_eq!(invalid.violations[0].rule, aws_op::Rule::Streaming);
    assert!(
        invalid.to_string().contains("give it bytes in memory"),
        "{invalid}"
    );
    // Only the first call's stream ended: the second was cut at the refused event.
    assert_eq!(
        mock.received_events::<DictateRequest, SpeechEvents>().len(),
        1
    );
}

#[tokio::test]
async fn the_other_members_are_validated_before_anything_is_sent() {
    let (mock, client) = mock().await;
    let mut input = dictate(EventSender::from_events(vec![phrase(1, "a")]));
    input.language = "f".into();
    let error = client.call(input).await.unwrap_err();
    assert!(matches!(error, Error::Validation(_)), "{error:?}");
    assert!(mock.take_received::<DictateRequest>().is_empty());
}

#[tokio::test]
async fn a_sender_without_events_and_signing_without_sending_are_refused() {
    let (mock, client) = mock().await;
    client
        .call(dictate(EventSender::from_events(vec![phrase(1, "a")])))
        .await
        .unwrap();
    // The input the server read holds a sender without events: it cannot be sent again.
    let again = mock.take_received::<DictateRequest>().remove(0);
    let error = client.call(again).await.unwrap_err();
    assert!(
        matches!(&error, Error::Config(e) if e.message.contains("holds no events")),
        "{error:?}"
    );
    let error = client
        .sign(dictate(EventSender::from_events(vec![phrase(1, "a")])))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Config(e) if e.message.contains("only Client::call")),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_rpc_protocol_sends_the_other_members_as_the_initial_request_event() {
    let mock = MockServer::<DictationJson>::start().await.unwrap();
    mock.on::<RecordRequest>().returns(DictateResponse {
        transcript_id: Some("t-9".into()),
    });
    let client: Client<DictationJson> = Client::new(&mock.client_config()).unwrap();
    let events = vec![phrase(1, "hello"), phrase(2, "world")];
    let output = client
        .call(RecordRequest {
            language: "en".into(),
            speech: EventSender::from_events(events.clone()),
        })
        .await
        .unwrap();
    assert_eq!(output.transcript_id.as_deref(), Some("t-9"));
    assert_eq!(
        mock.received_events::<RecordRequest, SpeechEvents>(),
        vec![events]
    );
    let inputs = mock.take_received::<RecordRequest>();
    assert_eq!(inputs[0].language, "en");
}

#[tokio::test]
async fn a_service_that_streams_over_http2_sends_its_signed_events_over_http2() {
    let mock = MockServer::<DictationLive>::start().await.unwrap();
    mock.on::<LiveRequest>().returns(DictateResponse {
        transcript_id: Some("t-live".into()),
    });
    let client: Client<DictationLive> = Client::new(&mock.client_config()).unwrap();
    // The mock answers 505 to this operation over HTTP/1.1: a success came over HTTP/2.
    let output = client
        .call(LiveRequest {
            speech: EventSender::from_events(vec![phrase(1, "a"), phrase(2, "b")]),
        })
        .await
        .unwrap();
    assert_eq!(output.transcript_id.as_deref(), Some("t-live"));
    assert_eq!(
        mock.received_events::<LiveRequest, SpeechEvents>(),
        [[phrase(1, "a"), phrase(2, "b")]]
    );
}

#[tokio::test]
async fn an_operation_aws_takes_over_http2_only_is_refused_over_http1() {
    let mock = MockServer::<DictationLive>::start().await.unwrap();
    mock.on::<LiveRequest>().returns(DictateResponse {
        transcript_id: None,
    });
    let target = HandSigned {
        endpoint: mock.endpoint_url(),
        host: mock.local_addr().to_string(),
        service: "dictationlive",
        path: "/live",
        headers: &[],
    };
    let (status, body) = target.send(|s| concat(&envelopes(s, &["un"], true))).await;
    assert_eq!(status, 505, "{body}");
    assert!(body.starts_with("HttpVersionNotSupported: "), "{body}");
    assert!(body.contains("over HTTP/2 only"), "{body}");
    assert!(mock.take_received::<LiveRequest>().is_empty());
}

#[tokio::test]
async fn an_operation_that_streams_both_ways_runs_over_http2() {
    let (mock, client) = mock().await;
    mock.on::<TalkRequest>()
        .streams([phrase(10, "bonjour"), phrase(11, "monde")]);
    let mut output = client
        .call(TalkRequest {
            speech: EventSender::from_events(vec![phrase(1, "hello"), phrase(2, "world")]),
        })
        .await
        .unwrap();
    let mut replies = Vec::new();
    while let Some(event) = output.replies.recv().await.unwrap() {
        replies.push(event);
    }
    assert_eq!(replies, [phrase(10, "bonjour"), phrase(11, "monde")]);
    assert_eq!(
        mock.received_events::<TalkRequest, SpeechEvents>(),
        [[phrase(1, "hello"), phrase(2, "world")]]
    );
}

/// A stream both ways is full duplex: against a server that answers at once and echoes each
/// event as it arrives (over HTTP/2 only), every echo comes back before the next event is
/// sent, and the reply stream ends when the input does. (The mock server, which verifies every
/// envelope's signature, reads a whole stream before answering, so it cannot show this.)
#[tokio::test]
async fn a_stream_both_ways_receives_while_it_still_sends() {
    let echo = EchoServer::start().await;
    let client: Client<Dictation> = Client::new(
        &aws_op::Config::new(
            "us-east-1",
            aws_op::Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, None),
        )
        .with_endpoint_url(echo.url.clone()),
    )
    .unwrap();
    let (speech, feed) = EventSender::channel(1);
    let mut output = client.call(TalkRequest { speech }).await.unwrap();
    for seq in 1..=3 {
        let event = phrase(seq, &format!("word {seq}"));
        feed.send(event.clone()).await.unwrap();
        let echoed = output.replies.recv().await.unwrap();
        assert_eq!(echoed, Some(event), "echo {seq}");
    }
    drop(feed);
    assert_eq!(output.replies.recv().await.unwrap(), None);
    assert_eq!(
        *echo.envelopes.lock().unwrap(),
        4,
        "three events and the end"
    );
}

/// An HTTP/2-only server that answers `200` at once, then echoes the event inside each
/// envelope of the request's stream until its empty end envelope.
struct EchoServer {
    url: String,
    envelopes: std::sync::Arc<std::sync::Mutex<usize>>,
    _task: tokio::task::JoinHandle<()>,
}

impl EchoServer {
    async fn start() -> EchoServer {
        use http_body_util::{BodyExt, StreamBody};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let envelopes = std::sync::Arc::new(std::sync::Mutex::new(0));
        let counted = envelopes.clone();
        let task = tokio::spawn(async move {
            let (stream, _) = listener.accept().await.unwrap();
            let service = hyper::service::service_fn(move |request: hyper::Request<_>| {
                let counted = counted.clone();
                async move {
                    assert_eq!(request.version(), hyper::Version::HTTP_2);
                    let (echoes, replies) = tokio::sync::mpsc::channel(4);
                    let mut body: hyper::body::Incoming = request.into_body();
                    tokio::spawn(async move {
                        let mut decoder = MessageDecoder::new();
                        while let Some(Ok(frame)) = body.frame().await {
                            let Ok(data) = frame.into_data() else {
                                continue;
                            };
                            decoder.push(&data);
                            while let Some(envelope) = decoder.next_message().unwrap() {
                                *counted.lock().unwrap() += 1;
                                if envelope.payload().is_empty() {
                                    return; // the end: dropping the sender ends the reply
                                }
                                let frame = hyper::body::Frame::data(envelope.payload().clone());
                                let _ = echoes.send(Ok::<_, std::convert::Infallible>(frame)).await;
                            }
                        }
                    });
                    let stream = Received(replies);
                    let response = hyper::Response::builder()
                        .header("content-type", "application/vnd.amazon.eventstream")
                        .body(StreamBody::new(stream))
                        .unwrap();
                    Ok::<_, std::convert::Infallible>(response)
                }
            });
            let _ = hyper::server::conn::http2::Builder::new(hyper_util::rt::TokioExecutor::new())
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
        EchoServer {
            url,
            envelopes,
            _task: task,
        }
    }
}

// ---- Envelopes made by hand: what the server refuses ---------------------------------------

/// Sends `Dictate` for session `s-1` with a body of envelopes made by `body` from a signer
/// seeded by the request's signature; returns the status and `<error code>: <body>`.
async fn send_by_hand(
    mock: &MockServer<Dictation>,
    body: impl FnOnce(&mut EventSigner) -> Vec<u8>,
) -> (u16, String) {
    let target = HandSigned {
        endpoint: mock.endpoint_url(),
        host: mock.local_addr().to_string(),
        service: "dictation",
        path: "/sessions/s-1/dictate",
        headers: &[("x-dictation-language", "fr")],
    };
    target.send(body).await
}

/// Where an input event stream made by hand goes, over HTTP/1.1.
struct HandSigned<'a> {
    endpoint: String,
    host: String,
    /// The signing name.
    service: &'static str,
    path: &'static str,
    /// Headers besides those of the signature and the stream.
    headers: &'a [(&'a str, &'a str)],
}

impl HandSigned<'_> {
    /// Sends the request with a body of envelopes made by `body` from a signer seeded by the
    /// request's signature; returns the status and `<error code>: <body>`.
    async fn send(&self, body: impl FnOnce(&mut EventSigner) -> Vec<u8>) -> (u16, String) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let mut headers = vec![
            ("host".to_owned(), self.host.clone()),
            ("x-amz-date".to_owned(), sigv4::amz_date(now)),
            (
                "x-amz-content-sha256".to_owned(),
                sigv4::STREAMING_EVENTS_PAYLOAD.to_owned(),
            ),
            (
                "content-type".to_owned(),
                "application/vnd.amazon.eventstream".to_owned(),
            ),
        ];
        for (name, value) in self.headers {
            headers.push(((*name).to_owned(), (*value).to_owned()));
        }
        let signature = sigv4::sign(
            &sigv4::SignableRequest {
                method: "POST",
                path: self.path,
                query: &[],
                headers: &headers,
                payload_sha256_hex: sigv4::STREAMING_EVENTS_PAYLOAD,
                uri_encoding: sigv4::UriEncoding::Double,
            },
            &sigv4::SigningKeys {
                access_key_id: DEFAULT_ACCESS_KEY_ID,
                secret_access_key: DEFAULT_SECRET_ACCESS_KEY,
                session_token: None,
            },
            &sigv4::SigningScope {
                region: "us-east-1",
                service: self.service,
                time_epoch_secs: now,
            },
        );
        let mut signer = EventSigner::new(
            DEFAULT_SECRET_ACCESS_KEY,
            "us-east-1",
            self.service,
            &signature.signature_hex,
        );
        let body = body(&mut signer);
        // An aws-op client installs the TLS provider the plain reqwest client needs too.
        let _ = Client::<Dictation>::new(&aws_op::Config::new(
            "us-east-1",
            aws_op::Credentials::new("a", "b", None),
        ));
        let url = format!("{}{}", self.endpoint, self.path);
        let mut request = reqwest::Client::new().post(url);
        for (name, value) in headers.iter().filter(|(name, _)| name != "host") {
            request = request.header(name, value);
        }
        let response = request
            .header("authorization", signature.authorization)
            .body(body)
            .send()
            .await
            .unwrap();
        let code = response
            .headers()
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let status = response.status().as_u16();
        let message = response.text().await.unwrap_or_default();
        (status, format!("{code}: {message}"))
    }
}

fn encoded_phrase(text: &str) -> Vec<u8> {
    let string = |s: &str| HeaderValue::String(s.to_owned().into());
    Message::new(format!(r#"{{"Text":"{text}"}}"#).into_bytes())
        .with_header(":message-type", string("event"))
        .with_header(":event-type", string("phrase"))
        .with_header(":content-type", string("application/json"))
        .to_bytes()
        .unwrap()
}

fn date() -> aws_op::DateTime {
    aws_op::DateTime::from_system_time(std::time::SystemTime::now())
}

fn envelopes(signer: &mut EventSigner, texts: &[&str], end: bool) -> Vec<Message> {
    let mut out: Vec<Message> = texts
        .iter()
        .map(|t| signer.sign(&encoded_phrase(t), date()))
        .collect();
    if end {
        out.push(signer.sign(&[], date()));
    }
    out
}

fn concat(envelopes: &[Message]) -> Vec<u8> {
    envelopes
        .iter()
        .flat_map(|m| m.to_bytes().unwrap())
        .collect()
}

/// `envelope` with its `:chunk-signature` replaced by `signature` (CRCs recomputed, so only
/// the signature is wrong).
fn with_signature(envelope: &Message, signature: Vec<u8>) -> Message {
    let mut altered = Message::new(envelope.payload().clone());
    for header in envelope.headers() {
        let value = if header.name() == ":chunk-signature" {
            HeaderValue::Bytes(signature.clone().into())
        } else {
            header.value().clone()
        };
        altered = altered.with_header(header.name().to_owned(), value);
    }
    altered
}

#[tokio::test]
async fn envelopes_made_by_hand_are_accepted_when_their_chain_is_right() {
    let mock = MockServer::<Dictation>::start().await.unwrap();
    mock.on::<DictateRequest>().returns(DictateResponse {
        transcript_id: None,
    });
    let (status, body) =
        send_by_hand(&mock, |s| concat(&envelopes(s, &["un", "deux"], true))).await;
    assert_eq!(status, 200, "{body}");
    let texts: Vec<Vec<String>> = mock
        .received_events::<DictateRequest, SpeechEvents>()
        .into_iter()
        .map(|events| {
            events
                .into_iter()
                .map(|e| match e {
                    SpeechEvents::Phrase(p) => p.text,
                    other => panic!("{other:?}"),
                })
                .collect()
        })
        .collect();
    assert_eq!(texts, [["un", "deux"]]);
}

#[tokio::test]
async fn a_tampered_envelope_signature_is_refused_with_403() {
    let mock = MockServer::<Dictation>::start().await.unwrap();
    mock.on::<DictateRequest>().returns(DictateResponse {
        transcript_id: None,
    });
    let (status, body) = send_by_hand(&mock, |s| {
        let mut sent = envelopes(s, &["un", "deux", "trois"], true);
        let HeaderValue::Bytes(signature) = sent[1].header(":chunk-signature").unwrap().clone()
        else {
            panic!("no signature");
        };
        let mut flipped = signature.to_vec();
        flipped[0] ^= 1;
        sent[1] = with_signature(&sent[1], flipped);
        concat(&sent)
    })
    .await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("InvalidSignatureException"), "{body}");
    assert!(body.contains("message 1"), "{body}");
    assert!(mock.take_received::<DictateRequest>().is_empty());
}

#[tokio::test]
async fn a_missing_signature_or_a_missing_end_is_refused_with_403() {
    let mock = MockServer::<Dictation>::start().await.unwrap();
    mock.on::<DictateRequest>().returns(DictateResponse {
        transcript_id: None,
    });
    let (status, body) =
        send_by_hand(&mock, |s| concat(&envelopes(s, &["un", "deux"], false))).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("IncompleteSignatureException"), "{body}");

    let (status, body) = send_by_hand(&mock, |s| {
        let mut sent = envelopes(s, &["un"], true);
        // The first message sent bare, outside its envelope.
        sent.insert(0, MessageDecoder::decode_one(&encoded_phrase("nu")));
        concat(&sent)
    })
    .await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("IncompleteSignatureException"), "{body}");
    assert!(body.contains(":date"), "{body}");
    assert!(mock.take_received::<DictateRequest>().is_empty());
}

/// One whole message decoded (test helper).
trait DecodeOne {
    fn decode_one(bytes: &[u8]) -> Message;
}

impl DecodeOne for MessageDecoder {
    fn decode_one(bytes: &[u8]) -> Message {
        let mut decoder = MessageDecoder::new();
        decoder.push(bytes);
        decoder.next_message().unwrap().unwrap()
    }
}
