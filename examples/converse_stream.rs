//! A streamed answer, printed as it arrives: Bedrock Runtime's `ConverseStream`.
//!
//! With no arguments it starts the local emulator in-process (no AWS account needed), which
//! answers `You said: ...` one word at a time at a model's pace; `--live` asks real Bedrock
//! (credentials and region from the environment, us-east-1 when none is set).
//!
//! ```text
//! cargo run -p aws-op-examples --example converse_stream
//! cargo run -p aws-op-examples --example converse_stream -- --prompt "Name three rivers" \
//!     --tool lookup
//! cargo run -p aws-op-examples --example converse_stream -- --live \
//!     --model-id anthropic.claude-3-haiku-20240307-v1:0 --prompt "Write a haiku about Rust"
//! ```

use aws_op::{Client, Config, Document};
use aws_op_emulator::bedrock::*;
use aws_op_emulator::{Emulator, EmulatorConfig};
use std::io::Write;
use std::time::Duration;

const USAGE: &str = "usage: converse_stream [--live] [--model-id ID] [--prompt TEXT] [--tool NAME]";

struct Args {
    live: bool,
    model_id: String,
    prompt: String,
    tool: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        live: false,
        model_id: "anthropic.claude-3-haiku-20240307-v1:0".into(),
        prompt: "Tell me how event streams are framed".into(),
        tool: None,
    };
    let mut argv = std::env::args().skip(1);
    while let Some(flag) = argv.next() {
        let mut value = |name: &str| argv.next().ok_or(format!("{name} needs a value"));
        match flag.as_str() {
            "--live" => args.live = true,
            "--model-id" => args.model_id = value("--model-id")?,
            "--prompt" => args.prompt = value("--prompt")?,
            "--tool" => args.tool = Some(value("--tool")?),
            "--help" | "-h" => return Err(USAGE.into()),
            other => return Err(format!("unknown flag `{other}`\n{USAGE}")),
        }
    }
    Ok(args)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let mut _emulator = None;
    let config = if args.live {
        let config = Config::from_env();
        if config.region().is_some() {
            config
        } else {
            config.with_region("us-east-1")
        }
    } else {
        let emulator = Emulator::start(EmulatorConfig::new()).await?;
        // A model's pace: one word every 60 ms.
        emulator.set_event_interval(Duration::from_millis(60));
        let config = aws_op_emulator::client_config(emulator.endpoint_url());
        _emulator = Some(emulator);
        config
    };
    let client: Client<BedrockRuntime> = Client::new(&config)?;

    let mut request = ConverseStreamRequest::builder()
        .model_id(args.model_id.as_str())
        .messages(vec![Message::user(args.prompt.as_str())])
        .build();
    if let Some(name) = &args.tool {
        request.tool_config = Some(ToolConfiguration {
            tools: vec![Tool::ToolSpec(ToolSpecification {
                name: name.clone(),
                description: Some("Looks the user's question up.".into()),
                input_schema: ToolInputSchema::Json(tool_schema()),
            })],
        });
    }
    println!("> {}\n", args.prompt);
    let mut output = client.call(request).await?;
    let mut tool_input = String::new();
    while let Some(event) = output.stream.recv().await? {
        match event {
            ConverseStreamOutput::ContentBlockDelta(delta) => match delta.delta {
                ContentBlockDelta::Text(text) => {
                    print!("{text}");
                    std::io::stdout().flush()?;
                }
                ContentBlockDelta::ToolUse(piece) => tool_input.push_str(&piece.input),
                ContentBlockDelta::Unknown(_) => {}
            },
            ConverseStreamOutput::ContentBlockStart(start) => {
                if let ContentBlockStart::ToolUse(tool) = start.start {
                    println!(
                        "\n\n[the model calls tool `{}` ({})]",
                        tool.name, tool.tool_use_id
                    );
                }
            }
            ConverseStreamOutput::MessageStop(stop) => {
                if !tool_input.is_empty() {
                    println!("[tool input: {tool_input}]");
                }
                println!("\n[stop: {}]", stop.stop_reason.as_str());
            }
            ConverseStreamOutput::Metadata(metadata) => println!(
                "[{} tokens in, {} out, {} ms]",
                metadata.usage.input_tokens,
                metadata.usage.output_tokens,
                metadata.metrics.latency_ms
            ),
            _ => {}
        }
    }
    Ok(())
}

/// The input schema of the example tool: `{"type": "object", "properties": {"text": ...}}`.
fn tool_schema() -> Document {
    aws_op::serde_json::json!({
        "type": "object",
        "properties": {"text": {"type": "string"}},
        "required": ["text"]
    })
}
