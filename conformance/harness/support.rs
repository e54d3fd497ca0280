//! Runtime support of the generated conformance harness.
//!
//! The runner writes this file into the harness crate as `src/support.rs`. Generated modules
//! call it to run one case ([`run_input`], [`run_output`]), to build typed inputs from a case's
//! `params` (the functions without prefix) and to turn typed outputs back into the case
//! format (the `r_` functions). [`main`] runs every case and prints one result line each.

use crate::compare::{self, ActualRequest};
use aws_op::{
    Blob, Client, Config, Credentials, DateTime, Document, Error, Operation, OperationError, Protocol,
    Service,
};
use serde_json::{Map, Number, Value};
use std::future::Future;
use std::task::{Context, Poll, Waker};

/// A case's outcome: `Err` holds what differed.
pub type Outcome<T> = Result<T, String>;

/// One case of the harness: its number in the run and the function that checks it.
pub type Case = (usize, fn() -> Outcome<()>);

/// The token auto-filled idempotency members must get (see the case files' README).
const TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// What starts a result line on stdout; the runner reads only these lines.
const RESULT: &str = "@@conformance";

/// Runs every case, one result line each: `@@conformance <n> pass` or
/// `@@conformance <n> fail <message on one line>`. A panicking case fails with its message.
pub fn main(cases: &[Case]) {
    use std::io::Write;
    // Panics become failure lines; the default hook would only repeat them on stderr.
    std::panic::set_hook(Box::new(|_| {}));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (n, case) in cases {
        let line = match std::panic::catch_unwind(*case) {
            Ok(Ok(())) => format!("{RESULT}\t{n}\tpass"),
            Ok(Err(message)) => format!("{RESULT}\t{n}\tfail\t{}", one_line(&message)),
            Err(payload) => {
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic without message".into());
                format!("{RESULT}\t{n}\tfail\tpanicked: {}", one_line(&message))
            }
        };
        let _ = writeln!(out, "{line}");
    }
    let _ = out.flush();
}

fn one_line(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

/// Runs a future that never waits: signing with static credentials completes on first poll,
/// so no async runtime is needed.
fn block_on<F: Future>(future: F) -> Outcome<F::Output> {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1000 {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return Ok(v);
        }
        std::thread::yield_now();
    }
    Err("the client's future kept waiting (it needs an async runtime)".into())
}

fn case_data(case: &str) -> Outcome<Value> {
    serde_json::from_str(case).map_err(|e| format!("the embedded case data is not JSON: {e}"))
}

/// Checks an input case: builds the input from `params`, signs it with test credentials and
/// the pinned idempotency token, and compares the request with `serialized`. The client keeps
/// its defaults otherwise (the compression cases send bodies above the 10 KiB threshold).
pub fn run_input<O: Operation>(case: &str, build: fn(&Value) -> Outcome<O>) -> Outcome<()> {
    let case = case_data(case)?;
    let params = case
        .get("params")
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    let input = build(&params).map_err(|e| format!("params: {e}"))?;
    // The server side must find the operation again in the request the client writes.
    let routes_back = <<O::Service as Service>::Protocol as Protocol>::routes_to::<O>(&input.serialize());
    // Always written by the runner: the suite's `clientEndpoint`, or its default for legacy
    // suites without one.
    let endpoint = case
        .get("endpoint")
        .and_then(Value::as_str)
        .ok_or("internal: the case has no endpoint")?;
    let config = Config::empty()
        .with_region("us-east-1")
        .with_credentials(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        ))
        .with_endpoint_url(endpoint)
        .with_idempotency_token_generator(|| TOKEN.to_owned());
    let client = Client::<O::Service>::new(&config).map_err(|e| format!("client: {e}"))?;
    let signed = block_on(client.sign(input))?.map_err(|e| format!("signing failed: {e}"))?;
    let actual = ActualRequest {
        method: signed.method.to_owned(),
        url: signed.url,
        headers: signed.headers,
        body: signed.body,
    };
    let list_headers: Vec<&str> = case["listHeaders"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut serialized = case["serialized"].clone();
    // A CBOR body is compared here, as data items; the rest of the request as for any protocol.
    let cbor_body = match serialized.as_object_mut() {
        Some(s) if is_cbor(&case) => s.remove("body"),
        _ => None,
    };
    let format = compare::BodyFormat::of_protocol(case["protocol"].as_str().unwrap_or_default());
    let mut diffs =
        compare::request_differences(&serialized, endpoint, &list_headers, format, &actual);
    if let Some(want) = cbor_body {
        diffs.extend(cbor_body_difference(&want, actual.body.as_deref()));
    }
    if !routes_back {
        diffs.push(format!("the request does not route back to {}", O::NAME));
    }
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("; "))
    }
}

/// Checks an output case: parses `response` as `Client::call` does and compares the typed
/// output (turned back into params by `output`) with `result`, or the typed error with
/// `errorCode`, `errorMessage` and `error` (`error` gives the members of a modelled variant,
/// `None` for the catch-all).
pub fn run_output<O: Operation>(
    case: &str,
    output: fn(&O::Output) -> Value,
    error: fn(&O::Error) -> Option<Value>,
) -> Outcome<()> {
    let case = case_data(case)?;
    let response = response(&case["response"], is_cbor(&case))?;
    let parsed = aws_op::read_response::<O>(&response);
    let want_code = case.get("errorCode").and_then(Value::as_str);
    match (want_code, parsed) {
        (None, Ok(out)) => {
            let want = case
                .get("result")
                .cloned()
                .unwrap_or_else(|| Value::Object(Map::new()));
            match compare::json_difference(&want, &output(&out)) {
                None => Ok(()),
                Some(d) => Err(format!("result: {d}")),
            }
        }
        (None, Err(e)) => Err(format!("expected a result, got the error: {e}")),
        (Some(code), Ok(out)) => Err(format!(
            "expected error `{code}`, got the result {}",
            compare::shown(&output(&out))
        )),
        (Some(code), Err(Error::Service(e))) => {
            let mut diffs = Vec::new();
            let got = e.error.code();
            if got != code {
                diffs.push(format!("error code: expected `{code}`, got `{got}`"));
            }
            if let Some(want) = case.get("errorMessage").and_then(Value::as_str) {
                if e.message.as_deref() != Some(want) {
                    diffs.push(format!(
                        "error message: expected {want:?}, got {:?}",
                        e.message
                    ));
                }
            }
            let want = case
                .get("error")
                .cloned()
                .unwrap_or_else(|| Value::Object(Map::new()));
            // `errorCode` names no error shape of the model: the catch-all is right.
            let modelled = case.get("modelled").and_then(Value::as_bool) != Some(false);
            match (error(&e.error), modelled) {
                (Some(members), true) => {
                    if let Some(d) = compare::json_difference(&want, &members) {
                        diffs.push(format!("error members: {d}"));
                    }
                }
                (None, true) => diffs.push(format!(
                    "the error was not parsed as a modelled error (catch-all for `{got}`)"
                )),
                (Some(members), false) => diffs.push(format!(
                    "`{code}` is not modelled, but the error was parsed as a modelled one: {}",
                    compare::shown(&members)
                )),
                (None, false) => {}
            }
            if diffs.is_empty() {
                Ok(())
            } else {
                Err(diffs.join("; "))
            }
        }
        (Some(code), Err(e)) => Err(format!("expected service error `{code}`, got: {e}")),
    }
}

/// Whether the case's bodies are CBOR, given base64-encoded.
fn is_cbor(case: &Value) -> bool {
    case.get("cbor").and_then(Value::as_bool) == Some(true)
}

fn response(v: &Value, base64_body: bool) -> Outcome<aws_op::HttpResponse> {
    let status = v
        .get("status_code")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .ok_or("response: `status_code` is not a status")?;
    let mut headers = Vec::new();
    if let Some(h) = v.get("headers").and_then(Value::as_object) {
        for (name, value) in h {
            let value = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            headers.push((name.clone(), value));
        }
    }
    let body = v.get("body").and_then(Value::as_str).unwrap_or_default();
    let body = if base64_body {
        Blob::from_base64(body)
            .map_err(|e| format!("response: the body is not base64: {e}"))?
            .into_inner()
    } else {
        body.as_bytes().to_vec()
    };
    Ok(aws_op::HttpResponse {
        status,
        headers,
        body,
    })
}

/// The output of an operation without one: compared with `{}`.
pub fn r_unit(_: &()) -> Value {
    Value::Object(Map::new())
}

// ---------------------------------------------------------------- params -> typed values

/// `v` as the object of structure `shape`, rejecting members the shape does not have.
pub fn object<'a>(v: &'a Value, shape: &str, known: &[&str]) -> Outcome<&'a Map<String, Value>> {
    let o = v
        .as_object()
        .ok_or_else(|| format!("`{shape}` expects an object, got {}", compare::shown(v)))?;
    if let Some(k) = o.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(format!("`{shape}` has no member `{k}`"));
    }
    Ok(o)
}

/// An optional member: absent or `null` is `None`.
pub fn optional<T>(
    o: &Map<String, Value>,
    name: &str,
    read: impl Fn(&Value) -> Outcome<T>,
) -> Outcome<Option<T>> {
    match o.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => read(v).map(Some).map_err(|e| format!("{name}: {e}")),
    }
}

/// A required member: its absence is an error naming it.
pub fn required<T>(
    o: &Map<String, Value>,
    name: &str,
    shape: &str,
    read: impl Fn(&Value) -> Outcome<T>,
) -> Outcome<T> {
    optional(o, name, read)?
        .ok_or_else(|| format!("required member `{name}` of `{shape}` is not in the params"))
}

/// The single member set in a union's object.
pub fn union_member<'a>(v: &'a Value, shape: &str) -> Outcome<(&'a str, &'a Value)> {
    let o = v.as_object().ok_or_else(|| {
        format!(
            "union `{shape}` expects an object, got {}",
            compare::shown(v)
        )
    })?;
    let mut set = o.iter().filter(|(_, x)| !x.is_null());
    match (set.next(), set.next()) {
        (Some((k, x)), None) => Ok((k.as_str(), x)),
        _ => Err(format!(
            "union `{shape}` needs exactly one member set, got {}",
            compare::shown(v)
        )),
    }
}

/// A string.
pub fn string(v: &Value) -> Outcome<String> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("expected a string, got {}", compare::shown(v)))
}

/// A `jsonvalue` string: given as any JSON value, carried as its JSON text.
pub fn json_text(v: &Value) -> Outcome<String> {
    Ok(match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// A string enum value (known or not).
pub fn enum_value<E: for<'a> From<&'a str>>(v: &Value) -> Outcome<E> {
    v.as_str()
        .map(E::from)
        .ok_or_else(|| format!("expected an enum string, got {}", compare::shown(v)))
}

/// A boolean.
pub fn boolean(v: &Value) -> Outcome<bool> {
    v.as_bool()
        .ok_or_else(|| format!("expected a boolean, got {}", compare::shown(v)))
}

fn integer<T: TryFrom<i64>>(v: &Value, what: &str) -> Outcome<T> {
    v.as_i64()
        .and_then(|i| T::try_from(i).ok())
        .ok_or_else(|| format!("expected {what}, got {}", compare::shown(v)))
}

/// A byte.
pub fn i8(v: &Value) -> Outcome<i8> {
    integer(v, "a byte")
}

/// A short.
pub fn i16(v: &Value) -> Outcome<i16> {
    integer(v, "a short")
}

/// An integer.
pub fn i32(v: &Value) -> Outcome<i32> {
    integer(v, "an integer")
}

/// A long.
pub fn i64(v: &Value) -> Outcome<i64> {
    integer(v, "a long")
}

/// A double: a number or `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub fn f64(v: &Value) -> Outcome<f64> {
    match v {
        Value::Number(n) => n.as_f64().ok_or_else(|| format!("{n} is not a double")),
        Value::String(s) if s == "NaN" => Ok(f64::NAN),
        Value::String(s) if s == "Infinity" => Ok(f64::INFINITY),
        Value::String(s) if s == "-Infinity" => Ok(f64::NEG_INFINITY),
        other => Err(format!("expected a number, got {}", compare::shown(other))),
    }
}

/// A float (see [`f64`]).
pub fn f32(v: &Value) -> Outcome<f32> {
    f64(v).map(|x| x as f32)
}

/// A timestamp given as epoch seconds, possibly fractional.
pub fn timestamp(v: &Value) -> Outcome<DateTime> {
    match v {
        Value::Number(n) => match n.as_i64() {
            Some(s) => Ok(DateTime::from_secs(s)),
            None => n
                .as_f64()
                .and_then(DateTime::from_fractional_secs)
                .ok_or_else(|| format!("{n} is not a timestamp")),
        },
        other => Err(format!(
            "expected epoch seconds, got {}",
            compare::shown(other)
        )),
    }
}

/// A blob given as plain text.
pub fn blob(v: &Value) -> Outcome<Blob> {
    v.as_str()
        .map(Blob::from)
        .ok_or_else(|| format!("expected blob text, got {}", compare::shown(v)))
}

/// A document: any JSON.
pub fn document(v: &Value) -> Outcome<Document> {
    Ok(v.clone())
}

/// A list.
pub fn list<T, C: FromIterator<T>>(v: &Value, read: impl Fn(&Value) -> Outcome<T>) -> Outcome<C> {
    let items = v
        .as_array()
        .ok_or_else(|| format!("expected a list, got {}", compare::shown(v)))?;
    items
        .iter()
        .enumerate()
        .map(|(i, x)| read(x).map_err(|e| format!("[{i}]: {e}")))
        .collect()
}

/// A map; keys become `K` through `From<&str>` (`String` or a string enum).
pub fn map<K: for<'a> From<&'a str>, V, C: FromIterator<(K, V)>>(
    v: &Value,
    read: impl Fn(&Value) -> Outcome<V>,
) -> Outcome<C> {
    let entries = v
        .as_object()
        .ok_or_else(|| format!("expected a map, got {}", compare::shown(v)))?;
    entries
        .iter()
        .map(|(k, x)| {
            Ok((
                K::from(k.as_str()),
                read(x).map_err(|e| format!("{k}: {e}"))?,
            ))
        })
        .collect()
}

// ---------------------------------------------------------------- typed values -> params

/// Sets `name` when the member is present.
pub fn put(o: &mut Map<String, Value>, name: &str, v: Option<Value>) {
    if let Some(v) = v {
        o.insert(name.to_owned(), v);
    }
}

/// A string.
pub fn r_string(x: &String) -> Value {
    Value::String(x.clone())
}

/// A `jsonvalue` string. botocore's cases give such a member decoded (an object in the legacy
/// files), the Smithy-derived ones as its text (`"true"`): an object or array text is compared
/// as JSON, any other text as the string.
pub fn r_json_text(x: &String) -> Value {
    match serde_json::from_str::<Value>(x) {
        Ok(v @ (Value::Object(_) | Value::Array(_))) => v,
        _ => Value::String(x.clone()),
    }
}

/// A string enum.
pub fn r_enum<E: AsRef<str>>(x: &E) -> Value {
    Value::String(x.as_ref().to_owned())
}

/// A boolean.
pub fn r_bool(x: &bool) -> Value {
    Value::Bool(*x)
}

/// A byte.
pub fn r_i8(x: &i8) -> Value {
    Value::from(*x)
}

/// A short.
pub fn r_i16(x: &i16) -> Value {
    Value::from(*x)
}

/// An integer.
pub fn r_i32(x: &i32) -> Value {
    Value::from(*x)
}

/// A long.
pub fn r_i64(x: &i64) -> Value {
    Value::from(*x)
}

/// A double; special values as the case files write them.
pub fn r_f64(x: &f64) -> Value {
    if x.is_nan() {
        Value::String("NaN".into())
    } else if x.is_infinite() {
        Value::String(if *x > 0.0 { "Infinity" } else { "-Infinity" }.into())
    } else {
        Number::from_f64(*x).map_or(Value::Null, Value::Number)
    }
}

/// A float, through its shortest decimal form, so `1.1f32` compares equal to `1.1`.
pub fn r_f32(x: &f32) -> Value {
    match x.to_string().parse::<f64>() {
        Ok(d) if x.is_finite() => r_f64(&d),
        _ => r_f64(&f64::from(*x)),
    }
}

/// A timestamp as epoch seconds, fractional when it has a fraction (decimal, not binary, so
/// `.123` compares equal).
pub fn r_timestamp(x: &DateTime) -> Value {
    let (secs, nanos) = (x.secs(), x.subsec_nanos());
    if nanos == 0 {
        return Value::from(secs);
    }
    // `secs` is rounded down: -1.5 s is secs -2 and 0.5 s of nanos.
    let (sign, whole, frac) = if secs < 0 {
        ("-", (secs + 1).unsigned_abs(), 1_000_000_000 - nanos)
    } else {
        ("", secs.unsigned_abs(), nanos)
    };
    let text = format!("{sign}{whole}.{frac:09}");
    let text = text.trim_end_matches('0');
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

/// A blob as text.
pub fn r_blob(x: &Blob) -> Value {
    Value::String(String::from_utf8_lossy(x.as_bytes()).into_owned())
}

/// A document.
pub fn r_document(x: &Document) -> Value {
    x.clone()
}

/// A list.
pub fn r_list<T>(x: &[T], f: impl Fn(&T) -> Value) -> Value {
    Value::Array(x.iter().map(f).collect())
}

/// A map with `String` or string-enum keys.
pub fn r_map<'a, K: AsRef<str> + 'a, V: 'a>(
    x: impl IntoIterator<Item = (&'a K, &'a V)>,
    f: impl Fn(&V) -> Value,
) -> Value {
    Value::Object(
        x.into_iter()
            .map(|(k, v)| (k.as_ref().to_owned(), f(v)))
            .collect(),
    )
}

/// A union member the definition does not know, as botocore reports it.
pub fn r_unknown_member(name: &str) -> Value {
    let mut inner = Map::new();
    inner.insert("name".into(), Value::String(name.to_owned()));
    let mut o = Map::new();
    o.insert("SDK_UNKNOWN_MEMBER".into(), Value::Object(inner));
    Value::Object(o)
}

/// A union set to member `name`.
pub fn r_member(name: &str, v: Value) -> Value {
    let mut o = Map::new();
    o.insert(name.to_owned(), v);
    Value::Object(o)
}

// ---------------------------------------------------------------- CBOR bodies

/// Compares a CBOR body given base64-encoded (`""`: none) with the one sent, as data items:
/// maps by key, numbers by value whatever their width (see [`cbor_as_json`]).
fn cbor_body_difference(want: &Value, got: Option<&[u8]>) -> Option<String> {
    let got = got.unwrap_or_default();
    let want = match want.as_str() {
        Some("") => {
            return (!got.is_empty())
                .then(|| format!("body: expected none, got {} bytes", got.len()));
        }
        Some(text) => match Blob::from_base64(text) {
            Ok(bytes) => bytes,
            Err(e) => return Some(format!("body: the expected body is not base64: {e}")),
        },
        None => return Some("body: the expected body is not a string".into()),
    };
    let want = match cbor_as_json(want.as_bytes()) {
        Ok(v) => v,
        Err(e) => return Some(format!("body: the expected body is not CBOR: {e}")),
    };
    match cbor_as_json(got) {
        Ok(got) => compare::json_difference(&want, &got).map(|d| format!("body: {d}")),
        Err(e) => Some(format!(
            "body: expected CBOR {}, got {} bytes that are not: {e}",
            compare::shown(&want),
            got.len()
        )),
    }
}

/// A CBOR body (read with aws-op's own reader) as JSON, for comparison: integers and finite
/// floats as numbers, and what JSON cannot tell apart as tagged objects, so that a byte string
/// never equals a text string: `{"$bytes": base64}`, `{"$float": "NaN"}` (and the infinities),
/// `{"$tag": n, "$item": ...}`, `{"$simple": n}`.
fn cbor_as_json(bytes: &[u8]) -> Outcome<Value> {
    let item = aws_op::runtime::protocol::cbor::parse(bytes).map_err(|e| e.to_string())?;
    item_as_json(&item)
}

fn item_as_json(item: &aws_op::runtime::protocol::cbor::Item<'_>) -> Outcome<Value> {
    use aws_op::runtime::protocol::cbor::Item;
    let tagged = |key: &str, v: Value| {
        let mut o = Map::new();
        o.insert(key.to_owned(), v);
        Value::Object(o)
    };
    Ok(match item {
        Item::Integer(n) => match (i64::try_from(*n), u64::try_from(*n)) {
            (Ok(i), _) => Value::from(i),
            (_, Ok(u)) => Value::from(u),
            _ => tagged("$integer", Value::String(n.to_string())),
        },
        Item::Float(f) => match Number::from_f64(*f) {
            Some(n) => Value::Number(n),
            None => tagged("$float", r_f64(f)),
        },
        Item::Bytes(b) => tagged("$bytes", Value::String(Blob::new(b.to_vec()).to_base64())),
        Item::Text(t) => Value::String(t.to_string()),
        Item::Array(items) => Value::Array(items.iter().map(item_as_json).collect::<Outcome<_>>()?),
        Item::Map(entries) => {
            let mut o = Map::new();
            for (key, value) in entries {
                let Item::Text(key) = key else {
                    return Err(format!("a map key is not text: {key:?}"));
                };
                o.insert(key.to_string(), item_as_json(value)?);
            }
            Value::Object(o)
        }
        Item::Tag(tag, inner) => {
            let mut o = Map::new();
            o.insert("$tag".into(), Value::from(*tag));
            o.insert("$item".into(), item_as_json(inner)?);
            Value::Object(o)
        }
        Item::Bool(b) => Value::Bool(*b),
        Item::Null => Value::Null,
        Item::Simple(v) => tagged("$simple", Value::from(*v)),
    })
}
