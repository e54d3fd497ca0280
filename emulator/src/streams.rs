//! Event streams the emulator serves: `ConverseStream` answers ([`crate::bedrock`]) derived
//! from the request, written as `application/vnd.amazon.eventstream` frames at a set pace, and
//! the faults that break them mid-stream ([`StreamFault`]).
//!
//! The answer to a conversation is deterministic, so tests can check every event: the text
//! `You said: <the last user message>` in one delta per word; then, when the request offers
//! tools, a use of the first one whose input is `{"text":"<the last user message>"}` in two
//! deltas; `messageStop` (`tool_use`, `end_turn`, or `max_tokens` when `maxTokens` cuts the
//! text); and `metadata` counting words as tokens.

use crate::auth::RawRequest;
use crate::bedrock::*;
use crate::dispatch::Shared;
use crate::reply::ApiError;
use aws_op::__private::match_uri_template;
use aws_op::runtime::event_stream::Message as Frame;
use aws_op::runtime::protocol::{EventCodec, JsonEvents};
use aws_op::{HttpRequest, Operation, Service};
use bytes::Bytes;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// A fault that breaks an event stream after some of its events (counted from 0; the
/// `messageStart` event is event 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamFault {
    /// After `after` events, close the connection.
    Drop {
        /// Events sent first.
        after: usize,
    },
    /// Event `at` is sent with a corrupt message CRC (the stream continues after it).
    BadCrc {
        /// The event whose CRC is wrong.
        at: usize,
    },
    /// After `after` events, a `modelStreamErrorException` event ends the stream.
    Exception {
        /// Events sent first.
        after: usize,
    },
    /// After `after` events, send nothing more and keep the connection open.
    Stall {
        /// Events sent first.
        after: usize,
    },
}

/// What the event streams of one emulator did so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StreamStats {
    /// Streams opened (requests answered `200` with a stream).
    pub started: usize,
    /// Streams sent to their end.
    pub completed: usize,
    /// Streams whose client went away before their end (or during a stall).
    pub abandoned: usize,
}

/// The event-stream settings and counters of one emulator.
#[derive(Debug, Default)]
pub(crate) struct Streams {
    faults: Mutex<VecDeque<StreamFault>>,
    interval: Mutex<Duration>,
    started: AtomicUsize,
    completed: AtomicUsize,
    abandoned: AtomicUsize,
}

impl Streams {
    /// Queues faults, one per stream, first in first out.
    pub fn script(&self, faults: impl IntoIterator<Item = StreamFault>) {
        self.faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(faults);
    }

    /// Sets the pause before each event.
    pub fn set_interval(&self, interval: Duration) {
        *self.interval.lock().unwrap_or_else(PoisonError::into_inner) = interval;
    }

    /// The counters.
    pub fn stats(&self) -> StreamStats {
        StreamStats {
            started: self.started.load(Ordering::Relaxed),
            completed: self.completed.load(Ordering::Relaxed),
            abandoned: self.abandoned.load(Ordering::Relaxed),
        }
    }

    fn next_fault(&self) -> Option<StreamFault> {
        self.faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front()
    }

    fn interval(&self) -> Duration {
        *self.interval.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Whether `request` is for an event-stream operation.
pub(crate) fn is_stream_request(request: &RawRequest) -> bool {
    request.method == ConverseStreamRequest::METHOD
        && match_uri_template(ConverseStreamRequest::URI, &request.path).is_some()
}

/// How a stream request is answered.
pub(crate) enum Opened {
    /// The frames, as they are produced.
    Stream(mpsc::Receiver<Outgoing>),
    /// An error response.
    Refused(ApiError),
}

/// What the producer hands the HTTP body.
pub(crate) enum Outgoing {
    /// The next frame.
    Frame(Bytes),
    /// Close the connection now.
    Drop,
}

/// Verifies, parses and validates a `ConverseStream` request, then starts producing its
/// answer on a task of its own.
pub(crate) fn open(shared: &std::sync::Arc<Shared>, request: RawRequest) -> Opened {
    match admit(shared, request) {
        Ok(input) => {
            let streams = &shared.streams;
            streams.started.fetch_add(1, Ordering::Relaxed);
            let events = answer(&input);
            let (sender, receiver) = mpsc::channel(1);
            let fault = streams.next_fault();
            let interval = streams.interval();
            let shared = std::sync::Arc::clone(shared);
            tokio::spawn(async move { produce(&shared, events, fault, interval, sender).await });
            Opened::Stream(receiver)
        }
        Err(error) => Opened::Refused(error),
    }
}

fn admit(shared: &Shared, mut request: RawRequest) -> Result<ConverseStreamRequest, ApiError> {
    let (query, _) = request.authenticate(&shared.config, BedrockRuntime::SIGNING_NAME)?;
    let http = HttpRequest {
        method: ConverseStreamRequest::METHOD,
        path: request.path,
        query,
        headers: request.headers,
        body: (!request.body.is_empty()).then(|| request.body.into()),
        host_prefix: None,
    };
    let input = ConverseStreamRequest::parse_request(&http)
        .map_err(|e| ApiError::validation(format!("{}: {}", e.path(), e.problem())))?;
    input
        .validate(true)
        .map_err(|e| ApiError::validation(e.to_string()))?;
    Ok(input)
}

/// Writes `events` one by one, acting on `fault`; counts how the stream ended.
async fn produce(
    shared: &Shared,
    events: Vec<ConverseStreamOutput>,
    fault: Option<StreamFault>,
    interval: Duration,
    sender: mpsc::Sender<Outgoing>,
) {
    let streams = &shared.streams;
    let started = Instant::now();
    for (index, mut event) in events.into_iter().enumerate() {
        match fault {
            Some(StreamFault::Drop { after }) if index == after => {
                let _ = sender.send(Outgoing::Drop).await;
                return;
            }
            Some(StreamFault::Exception { after }) if index == after => {
                let error = ModelStreamErrorException {
                    message: Some("the model stopped answering (injected)".into()),
                    original_status_code: Some(500),
                    original_message: None,
                };
                let frame = JsonEvents::write_exception("modelStreamErrorException", &error);
                if sender.send(Outgoing::Frame(encode(&frame))).await.is_ok() {
                    streams.completed.fetch_add(1, Ordering::Relaxed);
                }
                return;
            }
            Some(StreamFault::Stall { after }) if index == after => {
                sender.closed().await;
                streams.abandoned.fetch_add(1, Ordering::Relaxed);
                return;
            }
            _ => {}
        }
        if !interval.is_zero() {
            tokio::time::sleep(interval).await;
        }
        if let ConverseStreamOutput::Metadata(metadata) = &mut event {
            metadata.metrics.latency_ms =
                i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        }
        let Some(frame) = JsonEvents::write_event(&event) else {
            continue;
        };
        let mut bytes = encode(&frame).to_vec();
        if fault == Some(StreamFault::BadCrc { at: index }) {
            if let Some(last) = bytes.last_mut() {
                *last ^= 0xff;
            }
        }
        if sender.send(Outgoing::Frame(bytes.into())).await.is_err() {
            streams.abandoned.fetch_add(1, Ordering::Relaxed);
            return;
        }
    }
    streams.completed.fetch_add(1, Ordering::Relaxed);
}

/// A frame's bytes (the emulator's own frames always fit the limits).
fn encode(frame: &Frame) -> Bytes {
    frame.to_bytes().unwrap_or_default().into()
}

/// The events answering `request` (see the module documentation).
fn answer(request: &ConverseStreamRequest) -> Vec<ConverseStreamOutput> {
    let messages = request.messages.as_deref().unwrap_or_default();
    let said = messages
        .iter()
        .rev()
        .find(|m| m.role == ConversationRole::User)
        .map(|m| {
            m.content
                .iter()
                .filter_map(|block| match block {
                    ContentBlock::Text(text) => Some(text.as_str()),
                    ContentBlock::Unknown(_) => None,
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let input_tokens: usize = messages
        .iter()
        .flat_map(|m| &m.content)
        .map(|block| match block {
            ContentBlock::Text(text) => text.split_whitespace().count(),
            ContentBlock::Unknown(_) => 0,
        })
        .sum();
    let reply = format!("You said: {said}");
    let words: Vec<&str> = reply.split_whitespace().collect();
    let limit = request
        .inference_config
        .as_ref()
        .and_then(|c| c.max_tokens)
        .map_or(usize::MAX, |max| usize::try_from(max).unwrap_or(0));
    let shown = words.len().min(limit);

    let mut events = vec![ConverseStreamOutput::MessageStart(MessageStartEvent {
        role: ConversationRole::Assistant,
    })];
    for (i, word) in words[..shown].iter().enumerate() {
        let text = if i + 1 < words.len() {
            format!("{word} ")
        } else {
            (*word).to_owned()
        };
        events.push(delta(0, ContentBlockDelta::Text(text)));
    }
    events.push(ConverseStreamOutput::ContentBlockStop(
        ContentBlockStopEvent {
            content_block_index: 0,
        },
    ));
    let tool = request.tool_config.as_ref().and_then(|c| {
        c.tools.iter().find_map(|t| match t {
            Tool::ToolSpec(spec) => Some(spec.name.clone()),
            Tool::Unknown(_) => None,
        })
    });
    let stop_reason = match tool {
        _ if shown < words.len() => StopReason::MaxTokens,
        Some(name) => {
            events.push(ConverseStreamOutput::ContentBlockStart(
                ContentBlockStartEvent {
                    start: ContentBlockStart::ToolUse(ToolUseBlockStart {
                        tool_use_id: format!("tooluse_{}", name.len() + said.len()),
                        name,
                    }),
                    content_block_index: 1,
                },
            ));
            let quoted = serde_json::Value::String(said.clone()).to_string();
            for input in ["{\"text\":".to_owned(), format!("{quoted}}}")] {
                events.push(delta(
                    1,
                    ContentBlockDelta::ToolUse(ToolUseBlockDelta { input }),
                ));
            }
            events.push(ConverseStreamOutput::ContentBlockStop(
                ContentBlockStopEvent {
                    content_block_index: 1,
                },
            ));
            StopReason::ToolUse
        }
        None => StopReason::EndTurn,
    };
    events.push(ConverseStreamOutput::MessageStop(MessageStopEvent {
        stop_reason,
    }));
    let tokens = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    events.push(ConverseStreamOutput::Metadata(
        ConverseStreamMetadataEvent {
            usage: TokenUsage {
                input_tokens: tokens(input_tokens),
                output_tokens: tokens(shown),
                total_tokens: tokens(input_tokens + shown),
            },
            metrics: ConverseStreamMetrics { latency_ms: 0 },
        },
    ));
    events
}

fn delta(index: i32, delta: ContentBlockDelta) -> ConverseStreamOutput {
    ConverseStreamOutput::ContentBlockDelta(ContentBlockDeltaEvent {
        delta,
        content_block_index: index,
    })
}
