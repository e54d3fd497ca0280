//! The part of Bedrock Runtime the emulator serves as an event stream: `ConverseStream`, as
//! its model (`bedrock-runtime` 2023-09-30) describes it, reduced to text and tool use.
//!
//! These are ordinary aws-op shapes: the emulator parses requests and writes events with them,
//! and a client calls the emulator (or Bedrock itself) with the same types.
//!
//! ```no_run
//! use aws_op_emulator::bedrock::*;
//! # async fn demo(client: aws_op::Client<BedrockRuntime>) -> Result<(), Box<dyn std::error::Error>> {
//! let request = ConverseStreamRequest::builder()
//!     .model_id("anthropic.claude-3-haiku-20240307-v1:0")
//!     .messages(vec![Message::user("Say hello")])
//!     .build();
//! let mut output = client.call(request).await?;
//! while let Some(event) = output.stream.recv().await? {
//!     if let ConverseStreamOutput::ContentBlockDelta(delta) = event {
//!         if let ContentBlockDelta::Text(text) = delta.delta {
//!             print!("{text}");
//!         }
//!     }
//! }
//! # Ok(()) }
//! ```

use aws_op::{aws_error, aws_operation, aws_service, aws_shape, Document, EventReceiver};

/// Amazon Bedrock Runtime (`bedrock-runtime`, restJson1, signing name `bedrock`).
#[aws_service(
    id = "Bedrock Runtime",
    signing_name = "bedrock",
    endpoint_prefix = "bedrock-runtime",
    protocol = "restJson1",
    api_version = "2023-09-30",
    endpoint = "https://bedrock-runtime.{region}.amazonaws.com"
)]
#[derive(Clone, Copy, Default)]
pub struct BedrockRuntime;

/// Sends messages to a model and streams its answer back as events.
#[aws_operation(
    service = BedrockRuntime,
    http = "POST /model/{modelId}/converse-stream",
    output = ConverseStreamResponse,
    errors = ConverseStreamError
)]
#[derive(Clone, PartialEq)]
pub struct ConverseStreamRequest {
    /// The model (id, ARN or inference profile) to converse with.
    #[aws(label, name = "modelId", length(min = 1, max = 2048))]
    pub model_id: String,
    /// The conversation so far.
    #[aws(name = "messages")]
    pub messages: Option<Vec<Message>>,
    /// The tools the model may ask to use.
    #[aws(name = "toolConfig")]
    pub tool_config: Option<ToolConfiguration>,
    /// Limits of the answer.
    #[aws(name = "inferenceConfig")]
    pub inference_config: Option<InferenceConfiguration>,
}

/// One message of a conversation.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct Message {
    /// Who wrote it.
    #[aws(name = "role")]
    pub role: ConversationRole,
    /// What it says.
    #[aws(name = "content")]
    pub content: Vec<ContentBlock>,
}

impl Message {
    /// A user message holding one text block.
    pub fn user(text: impl Into<String>) -> Self {
        Message {
            role: ConversationRole::User,
            content: vec![ContentBlock::Text(text.into())],
        }
    }
}

/// Who wrote a message.
#[aws_shape]
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum ConversationRole {
    /// The caller.
    #[aws(name = "user")]
    User,
    /// The model.
    #[aws(name = "assistant")]
    Assistant,
}

/// A block of a message's content.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub enum ContentBlock {
    /// Text.
    #[aws(name = "text")]
    Text(String),
}

/// The tools a model may use.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ToolConfiguration {
    /// The tools.
    #[aws(name = "tools", length(min = 1))]
    pub tools: Vec<Tool>,
}

/// One tool.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub enum Tool {
    /// A tool described by its name and input schema.
    #[aws(name = "toolSpec")]
    ToolSpec(ToolSpecification),
}

/// A tool's name, purpose and input schema.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ToolSpecification {
    /// The tool's name.
    #[aws(name = "name", length(min = 1, max = 64), pattern = "^[a-zA-Z0-9_-]+$")]
    pub name: String,
    /// What it does.
    #[aws(name = "description")]
    pub description: Option<String>,
    /// The JSON schema of its input.
    #[aws(name = "inputSchema")]
    pub input_schema: ToolInputSchema,
}

/// A tool's input schema.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub enum ToolInputSchema {
    /// A JSON schema.
    #[aws(name = "json")]
    Json(Document),
}

/// Limits of an answer.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct InferenceConfiguration {
    /// The most tokens the answer may have.
    #[aws(name = "maxTokens", range(min = 1))]
    pub max_tokens: Option<i32>,
}

/// The output of `ConverseStream`: the answer's events.
#[aws_shape]
pub struct ConverseStreamResponse {
    /// The events, as they arrive.
    #[aws(event_stream, name = "stream")]
    pub stream: EventReceiver<ConverseStreamOutput>,
}

/// The events of an answer.
#[aws_shape(event_stream(errors = ConverseStreamOutputError))]
#[derive(Clone, PartialEq)]
pub enum ConverseStreamOutput {
    /// The answer starts.
    #[aws(name = "messageStart")]
    MessageStart(MessageStartEvent),
    /// A content block (tool use) starts.
    #[aws(name = "contentBlockStart")]
    ContentBlockStart(ContentBlockStartEvent),
    /// A piece of a content block.
    #[aws(name = "contentBlockDelta")]
    ContentBlockDelta(ContentBlockDeltaEvent),
    /// A content block ends.
    #[aws(name = "contentBlockStop")]
    ContentBlockStop(ContentBlockStopEvent),
    /// The answer ends.
    #[aws(name = "messageStop")]
    MessageStop(MessageStopEvent),
    /// Token counts and latency.
    #[aws(name = "metadata")]
    Metadata(ConverseStreamMetadataEvent),
}

/// The exception events of an answer.
#[aws_error]
#[derive(Clone, PartialEq)]
pub enum ConverseStreamOutputError {
    /// The service failed.
    #[aws(name = "internalServerException")]
    InternalServerException(InternalServerException),
    /// The model failed while answering.
    #[aws(name = "modelStreamErrorException")]
    ModelStreamErrorException(ModelStreamErrorException),
    /// The request is invalid.
    #[aws(name = "validationException")]
    ValidationException(ValidationException),
    /// Too many requests.
    #[aws(name = "throttlingException")]
    ThrottlingException(ThrottlingException),
}

/// The errors of the `ConverseStream` call itself.
#[aws_error]
#[derive(Clone, PartialEq)]
pub enum ConverseStreamError {
    /// The service failed.
    InternalServerException(InternalServerException),
    /// The request is invalid.
    ValidationException(ValidationException),
    /// Too many requests.
    ThrottlingException(ThrottlingException),
}

/// The answer starts.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct MessageStartEvent {
    /// Who answers.
    #[aws(name = "role")]
    pub role: ConversationRole,
}

/// A content block starts.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ContentBlockStartEvent {
    /// What starts.
    #[aws(name = "start")]
    pub start: ContentBlockStart,
    /// The block's index in the message.
    #[aws(name = "contentBlockIndex", range(min = 0))]
    pub content_block_index: i32,
}

/// What starts.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub enum ContentBlockStart {
    /// A tool use.
    #[aws(name = "toolUse")]
    ToolUse(ToolUseBlockStart),
}

/// A tool use starts.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ToolUseBlockStart {
    /// The id the tool's result must quote.
    #[aws(name = "toolUseId")]
    pub tool_use_id: String,
    /// The tool.
    #[aws(name = "name")]
    pub name: String,
}

/// A piece of a content block.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ContentBlockDeltaEvent {
    /// The piece.
    #[aws(name = "delta")]
    pub delta: ContentBlockDelta,
    /// The block's index in the message.
    #[aws(name = "contentBlockIndex", range(min = 0))]
    pub content_block_index: i32,
}

/// A piece of a content block.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub enum ContentBlockDelta {
    /// Text.
    #[aws(name = "text")]
    Text(String),
    /// A piece of a tool's input (JSON text, whole once every piece is joined).
    #[aws(name = "toolUse")]
    ToolUse(ToolUseBlockDelta),
}

/// A piece of a tool's input.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ToolUseBlockDelta {
    /// JSON text.
    #[aws(name = "input")]
    pub input: String,
}

/// A content block ends.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ContentBlockStopEvent {
    /// The block's index in the message.
    #[aws(name = "contentBlockIndex", range(min = 0))]
    pub content_block_index: i32,
}

/// The answer ends.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct MessageStopEvent {
    /// Why it ends.
    #[aws(name = "stopReason")]
    pub stop_reason: StopReason,
}

/// Why an answer ends.
#[aws_shape]
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum StopReason {
    /// The model was done.
    #[aws(name = "end_turn")]
    EndTurn,
    /// The model asks for a tool.
    #[aws(name = "tool_use")]
    ToolUse,
    /// The answer reached `maxTokens`.
    #[aws(name = "max_tokens")]
    MaxTokens,
}

/// Token counts and latency of an answer.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ConverseStreamMetadataEvent {
    /// Token counts.
    #[aws(name = "usage")]
    pub usage: TokenUsage,
    /// Latency.
    #[aws(name = "metrics")]
    pub metrics: ConverseStreamMetrics,
}

/// Token counts.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct TokenUsage {
    /// Tokens read.
    #[aws(name = "inputTokens")]
    pub input_tokens: i32,
    /// Tokens written.
    #[aws(name = "outputTokens")]
    pub output_tokens: i32,
    /// Both.
    #[aws(name = "totalTokens")]
    pub total_tokens: i32,
}

/// Latency of an answer.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ConverseStreamMetrics {
    /// Milliseconds from request to last event.
    #[aws(name = "latencyMs")]
    pub latency_ms: i64,
}

/// The service failed.
#[aws_error(code = "InternalServerException", status = 500)]
#[derive(Clone, PartialEq)]
pub struct InternalServerException {
    /// What happened.
    #[aws(name = "message")]
    pub message: Option<String>,
}

/// The model failed while answering.
#[aws_error(code = "ModelStreamErrorException", status = 424)]
#[derive(Clone, PartialEq)]
pub struct ModelStreamErrorException {
    /// What happened.
    #[aws(name = "message")]
    pub message: Option<String>,
    /// The status the model answered with.
    #[aws(name = "originalStatusCode")]
    pub original_status_code: Option<i32>,
    /// The model's own message.
    #[aws(name = "originalMessage")]
    pub original_message: Option<String>,
}

/// The request is invalid.
#[aws_error(code = "ValidationException", status = 400)]
#[derive(Clone, PartialEq)]
pub struct ValidationException {
    /// What is wrong.
    #[aws(name = "message")]
    pub message: Option<String>,
}

/// Too many requests.
#[aws_error(code = "ThrottlingException", status = 429)]
#[derive(Clone, PartialEq)]
pub struct ThrottlingException {
    /// What happened.
    #[aws(name = "message")]
    pub message: Option<String>,
}
