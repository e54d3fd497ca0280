//! `aws-op-codegen`: writes the aws-op module of a botocore model (see the library docs).

use aws_op_codegen::{generate, CodegenError, Model, Options};
use std::process::ExitCode;

const USAGE: &str =
    "usage: aws-op-codegen --model service-2.json [--paginators paginators-1.json] \
[--service-name Ident] [--endpoint URL-template] [--endpoint-rules path] \
[--operations Name,Name...] [--out FILE]";

struct Args {
    model: String,
    paginators: Option<String>,
    /// Only these operations and the shapes they reach (`--operations GetItem,PutItem`).
    operations: Option<Vec<String>>,
    out: Option<String>,
    options: Options,
}

fn parse_args(all: Vec<String>) -> Result<Args, String> {
    let header = {
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        aws_op_codegen::command_header(&refs)
    };
    let mut args = all.into_iter();
    let mut model = None;
    let mut paginators = None;
    let mut operations = None;
    let mut out = None;
    let mut options = Options::default();
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let mut value = || args.next().ok_or_else(|| format!("`{flag}` needs a value"));
        match flag.as_str() {
            "--model" => model = Some(value()?),
            "--paginators" => paginators = Some(value()?),
            "--out" => out = Some(value()?),
            "--operations" => {
                let names: Vec<String> = value()?
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned)
                    .collect();
                if names.is_empty() {
                    return Err("`--operations` needs at least one operation name".into());
                }
                operations = Some(names);
            }
            "--service-name" => options.service_name = value()?,
            "--endpoint" => options.endpoint = Some(value()?),
            "--endpoint-rules" => options.endpoint_rules = Some(value()?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let model = model.ok_or("`--model` is required")?;
    options.header = Some(header);
    Ok(Args {
        model,
        paginators,
        operations,
        out,
        options,
    })
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

fn run(args: Args) -> Result<(), String> {
    let model =
        Model::from_service_str(&read(&args.model)?).map_err(|e| describe(&args.model, e))?;
    let mut options = args.options;
    if let Some(path) = &args.paginators {
        let value = serde_json::from_str(&read(path)?).map_err(|e| {
            describe(
                path,
                CodegenError::Json {
                    what: "the paginators".into(),
                    message: e.to_string(),
                },
            )
        })?;
        options.paginators = Some(value);
    }
    let model = match &args.operations {
        Some(names) => {
            let (subset, paginators) =
                aws_op_codegen::only_operations(&model, options.paginators.take(), names)
                    .map_err(|e| describe(&args.model, e))?;
            options.paginators = paginators;
            subset
        }
        None => model,
    };
    let source = generate(&model, &options).map_err(|e| describe(&args.model, e))?;
    match &args.out {
        Some(path) => std::fs::write(path, source).map_err(|e| format!("cannot write {path}: {e}")),
        None => {
            print!("{source}");
            Ok(())
        }
    }
}

fn describe(path: &str, error: CodegenError) -> String {
    format!("{path}: {error}")
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1).collect()) {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("aws-op-codegen: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("aws-op-codegen: {message}");
            ExitCode::FAILURE
        }
    }
}
