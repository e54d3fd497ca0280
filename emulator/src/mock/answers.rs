//! What a mock server answers an operation with, in order.

use super::routes::Routes;
use aws_op::runtime::event_stream::{EventUnion, HeaderValue, Message};
use aws_op::runtime::protocol::EventCodec;
use aws_op::Protocol;
use aws_op::{ErrorShape, HttpResponse, Operation, Service};
use std::any::Any;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

/// Works out the answer to one request from its typed input, which it takes.
pub(crate) type Handler = Arc<dyn Fn(Box<dyn Any + Send>) -> Answer + Send + Sync>;

/// One answer to a request.
#[derive(Clone)]
pub(crate) enum Answer {
    /// This response, as the service's protocol writes it.
    Respond(HttpResponse),
    /// This response's head and the first half of its body, then the connection is dropped.
    CutOff(HttpResponse),
    /// The connection is dropped without a response.
    DropConnection,
    /// What the handler answers given the input.
    Handle(Handler),
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Respond(response) => f.debug_tuple("Respond").field(response).finish(),
            Answer::CutOff(response) => f.debug_tuple("CutOff").field(response).finish(),
            Answer::DropConnection => f.write_str("DropConnection"),
            Answer::Handle(_) => f.write_str("Handle"),
        }
    }
}

/// What a handler given to [`Answers::handles`] answers one request of `O` with.
pub struct MockReply<O: Operation> {
    answer: Answer,
    operation: PhantomData<fn() -> O>,
}

impl<O: Operation> MockReply<O> {
    fn new(answer: Answer) -> Self {
        MockReply {
            answer,
            operation: PhantomData,
        }
    }

    /// `output`, serialised as the service's protocol does.
    pub fn output(output: O::Output) -> Self {
        Self::new(Answer::Respond(<Proto<O>>::serialize_output::<O>(&output)))
    }

    /// `output`, cut off after half its body as [`Answers::returns_cut_off`] does.
    pub fn output_cut_off(output: O::Output) -> Self {
        Self::new(Answer::CutOff(<Proto<O>>::serialize_output::<O>(&output)))
    }

    /// The modelled error `error`, serialised as the service's protocol does.
    pub fn error<E: ErrorShape>(error: E) -> Self {
        Self::new(Answer::Respond(<Proto<O>>::serialize_error::<O, E>(&error)))
    }

    /// `response` as it is: an error the model does not describe, a status of its own.
    pub fn raw(response: HttpResponse) -> Self {
        Self::new(Answer::Respond(response))
    }
}

/// The answers of operation `O`, added in the order requests get them; once only one is left,
/// it answers every later request. Made by [`MockServer::on`](crate::MockServer::on).
///
/// ```no_run
/// # use aws_op_emulator::MockServer;
/// # use aws_op_iot_managed_integrations::*;
/// # async fn demo(mock: MockServer<IotManagedIntegrations>) {
/// mock.on::<DeleteAccountAssociationRequest>()
///     .drops_connection()
///     .fails(ResourceNotFoundException { message: Some("gone".into()), resource_id: None, resource_type: None });
/// # }
/// ```
pub struct Answers<'a, O: Operation> {
    routes: &'a Routes,
    operation: PhantomData<fn() -> O>,
}

impl<'a, O: Operation> Answers<'a, O> {
    pub(crate) fn new(routes: &'a Routes) -> Self {
        Answers {
            routes,
            operation: PhantomData,
        }
    }

    fn push(self, answer: Answer) -> Self {
        self.routes.push::<O>(answer, 1);
        self
    }

    /// Answers with `output`, serialised as the service's protocol does.
    pub fn returns(self, output: O::Output) -> Self {
        self.push(Answer::Respond(<Proto<O>>::serialize_output::<O>(&output)))
    }

    /// Answers with the modelled error `error` (its status and code), serialised as the
    /// service's protocol does. Pass one of the operation's errors: the client reads any other
    /// code as its catch-all variant.
    pub fn fails<E: ErrorShape>(self, error: E) -> Self {
        self.push(Answer::Respond(<Proto<O>>::serialize_error::<O, E>(&error)))
    }

    /// Answers with an event stream: `200`, then `events` in order, then the stream's end.
    /// `U` is the union of the operation's output event stream (the client reads another
    /// union's events as unknown or refuses them). For an RPC protocol the stream starts with
    /// an empty `initial-response` event; either way the output's other members are left
    /// unset.
    ///
    /// ```no_run
    /// # use aws_op_emulator::MockServer;
    /// # use aws_op::prelude::*;
    /// # #[aws_service(id = "Chat", signing_name = "chat", protocol = "restJson1",
    /// #     api_version = "2024-01-01", endpoint = "https://chat.{region}.amazonaws.com")]
    /// # pub struct Chat;
    /// # #[aws_shape] #[derive(Clone)] pub struct Word { pub text: Option<String> }
    /// # #[aws_shape(event_stream)] #[derive(Clone)]
    /// # pub enum Words { #[aws(name = "word")] Word(Word) }
    /// # #[aws_shape] pub struct ListenResponse { #[aws(event_stream)] pub words: aws_op::EventReceiver<Words> }
    /// # #[aws_operation(service = Chat, http = "POST /listen", output = ListenResponse)]
    /// # pub struct ListenRequest {}
    /// # async fn demo(mock: MockServer<Chat>) {
    /// mock.on::<ListenRequest>().streams([
    ///     Words::Word(Word { text: Some("hello".into()) }),
    ///     Words::Word(Word { text: Some("world".into()) }),
    /// ]);
    /// # }
    /// ```
    pub fn streams<U: EventUnion>(self, events: impl IntoIterator<Item = U>) -> Self {
        let messages = events
            .into_iter()
            .filter_map(|e| Codec::<O>::write_event(&e));
        let answer = event_stream::<O>(messages);
        self.push(answer)
    }

    /// Answers like [`Answers::streams`], then ends the stream with the exception event of
    /// `error`, one of the stream's modelled errors (the union member named as its shape is,
    /// as in AWS's models), which the client's `recv` returns as its typed error.
    pub fn streams_then_fails<U: EventUnion, E: ErrorShape>(
        self,
        events: impl IntoIterator<Item = U>,
        error: E,
    ) -> Self {
        let messages = events
            .into_iter()
            .filter_map(|e| Codec::<O>::write_event(&e))
            .chain([Codec::<O>::write_exception(E::CODE, &error)]);
        let answer = event_stream::<O>(messages);
        self.push(answer)
    }

    /// Answers with `response` as it is: a status, headers or body the model does not describe
    /// (S3's `301` naming the bucket's region in `x-amz-bucket-region`, a proxy's error page).
    pub fn raw(self, response: HttpResponse) -> Self {
        self.push(Answer::Respond(response))
    }

    /// Answers with `output` as [`Answers::returns`] does, but the connection drops after the
    /// first half of the body: the head announces the whole body, as a download cut off
    /// mid-way (a client reading the body gets a truncated-body error).
    pub fn returns_cut_off(self, output: O::Output) -> Self {
        self.push(Answer::CutOff(<Proto<O>>::serialize_output::<O>(&output)))
    }

    /// Answers every request from now on with what `handler` makes of its typed input: a
    /// stateful fake, such as a store that keeps what was put and gives it back. The handler
    /// takes the input by value, so inputs it answers are not recorded (a store does not keep
    /// every body twice). It runs with no lock of the server held, one request at a time per
    /// connection, so it may share state behind its own lock.
    ///
    /// ```no_run
    /// # use aws_op_emulator::{MockReply, MockServer};
    /// # use aws_op_iot_managed_integrations::*;
    /// # async fn demo(mock: MockServer<IotManagedIntegrations>) {
    /// mock.on::<GetAccountAssociationRequest>().handles(|input| {
    ///     MockReply::output(
    ///         GetAccountAssociationResponse::builder()
    ///             .account_association_id(input.account_association_id)
    ///             .association_state(AssociationState::AssociationSucceeded)
    ///             .connector_destination_id("cd-1")
    ///             .arn("arn:aws:iotmanagedintegrations:us-east-1:123456789012:account-association/x")
    ///             .o_auth_authorization_url("https://example.com/oauth")
    ///             .build(),
    ///     )
    /// });
    /// # }
    /// ```
    pub fn handles(self, handler: impl Fn(O) -> MockReply<O> + Send + Sync + 'static) -> Self {
        let handler: Handler = Arc::new(move |input| match input.downcast::<O>() {
            Ok(input) => handler(*input).answer,
            // The routes parse each operation's own input; another type cannot arrive.
            Err(_) => Answer::Respond(HttpResponse {
                status: 500,
                headers: vec![("x-amzn-errortype".into(), "MockInputMismatch".into())],
                body: Vec::new(),
            }),
        });
        self.push(Answer::Handle(handler))
    }

    /// Answers with `status` and no body, such as `503` (which a client retries).
    pub fn status(self, status: u16) -> Self {
        self.push(Answer::Respond(HttpResponse {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }))
    }

    /// Drops the connection without answering.
    pub fn drops_connection(self) -> Self {
        self.push(Answer::DropConnection)
    }

    /// Gives the answer added last `n` times in a row (`n` of at least 1).
    pub fn times(self, n: usize) -> Self {
        self.routes.repeat_last::<O>(n);
        self
    }
}

/// The protocol of `O`'s service.
type Proto<O> = <<O as Operation>::Service as Service>::Protocol;

/// The event codec of `O`'s protocol.
type Codec<O> = <Proto<O> as Protocol>::Events;

/// A `200` carrying `messages` as an event stream, after an empty `initial-response` event for
/// an RPC protocol.
fn event_stream<O: Operation>(messages: impl Iterator<Item = Message>) -> Answer {
    let initial = (!<Proto<O> as Protocol>::HTTP_BINDINGS).then(|| {
        let text = |s: &'static str| HeaderValue::String(s.into());
        Message::new(Codec::<O>::write_initial(&()))
            .with_header(":message-type", text("event"))
            .with_header(":event-type", text("initial-response"))
            .with_header(":content-type", text(Codec::<O>::initial_content_type()))
    });
    let mut body = Vec::new();
    for message in initial.into_iter().chain(messages) {
        if let Err(e) = message.encode(&mut body) {
            // Only an event larger than a frame can hold gets here; the client would refuse
            // its frame anyway, so the mock says what is wrong with it instead.
            return Answer::Respond(HttpResponse {
                status: 500,
                headers: vec![("x-amzn-errortype".into(), "MockEventTooLarge".into())],
                body: serde_json::json!({ "message": e.to_string() })
                    .to_string()
                    .into_bytes(),
            });
        }
    }
    Answer::Respond(HttpResponse {
        status: 200,
        headers: vec![(
            "content-type".into(),
            "application/vnd.amazon.eventstream".into(),
        )],
        body,
    })
}
