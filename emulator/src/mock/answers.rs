//! What a mock server answers an operation with, in order.

use super::routes::Routes;
use aws_op::Protocol;
use aws_op::{ErrorShape, HttpResponse, Operation, Service};
use std::marker::PhantomData;

/// One answer to a request.
#[derive(Clone, Debug)]
pub(crate) enum Answer {
    /// This response, as the service's protocol writes it.
    Respond(HttpResponse),
    /// The connection is dropped without a response.
    DropConnection,
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
