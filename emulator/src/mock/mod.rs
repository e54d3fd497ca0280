//! A typed mock server for any service: per operation, the outputs, modelled errors, statuses or
//! dropped connections it answers with, in order. It serves them over real HTTP, verifies every
//! request's SigV4 signature, routes it as the service's protocol does, parses and validates
//! it with the operation's own generated code, and records the typed inputs it received.
//!
//! ```no_run
//! use aws_op_emulator::MockServer;
//! use aws_op_iot_managed_integrations::*;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = MockServer::<IotManagedIntegrations>::start().await?;
//! mock.on::<GetAccountAssociationRequest>()
//!     .status(503)
//!     .times(2)
//!     .returns(
//!         GetAccountAssociationResponse::builder()
//!             .account_association_id("aa1")
//!             .association_state(AssociationState::AssociationSucceeded)
//!             .o_auth_authorization_url("https://example.com/auth")
//!             .build(),
//!     );
//!
//! let client: IotManagedIntegrationsClient = aws_op::Client::new(&mock.client_config())?;
//! let output = GetAccountAssociationRequest::builder()
//!     .account_association_id("aa1")
//!     .build()
//!     .send(&client)
//!     .await?; // two 503s retried, then the output
//! assert_eq!(output.account_association_id, "aa1");
//! assert_eq!(mock.received::<GetAccountAssociationRequest>().len(), 3);
//! # Ok(()) }
//! ```

mod answers;
mod routes;

pub use answers::{Answers, MockReply};
pub use routes::ErrorWriter;

use crate::config::EmulatorConfig;
use crate::faults::{Fault, FaultScope};
use crate::server::accept_loop;
use aws_op::runtime::event_stream::EventUnion;
use aws_op::{Config, Operation, Service};
use routes::Routes;
use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// A running mock server of service `S`. Dropping it (or [`MockServer::shutdown`]) stops it.
///
/// A request is answered, in this order of checks, with:
/// - `403` and the verifier's code when its SigV4 signature does not verify (for the
///   configured key pairs, within the clock skew, scoped to `S`'s signing name), or, for an
///   operation with an input event stream, when an envelope's chained signature does not
///   (`InvalidSignatureException`) or one is missing or the stream does not end with the signed
///   empty envelope (`IncompleteSignatureException`);
/// - `404 UnknownOperationException` when it calls no operation registered with
///   [`MockServer::on`];
/// - `505 HttpVersionNotSupported` when it came over HTTP/1.1 and AWS takes the operation over
///   HTTP/2 only (`aws_op::runtime::event_stream::http2_reason`);
/// - `400 SerializationException` when an input event stream is malformed, or holds an event
///   its union does not read; `400 ValidationException` when the operation's generated parser
///   or validation refuses the request (neither is recorded);
/// - otherwise the fault drawn for it, if any ([`MockServer::script_faults`],
///   [`MockServer::fault_rate`]: the emulator's faults, acting the same way), then the
///   operation's next answer ([`Answers`]); the last one repeats. An operation registered
///   without answers gets `500 MockAnswerMissing`.
///
/// The server's own errors are JSON unless [`MockServer::write_errors_with`] says how the
/// service writes them.
pub struct MockServer<S: Service> {
    addr: SocketAddr,
    routes: Arc<Routes>,
    task: Option<JoinHandle<()>>,
    service: PhantomData<fn() -> S>,
}

impl<S: Service> MockServer<S> {
    /// Starts a mock server on a free port of `127.0.0.1`, accepting the default key pair
    /// ([`DEFAULT_ACCESS_KEY_ID`](crate::DEFAULT_ACCESS_KEY_ID)).
    ///
    /// # Errors
    ///
    /// The error of binding the socket.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_with(EmulatorConfig::new()).await
    }

    /// Starts a mock server with `config`'s address, key pairs and clock skew.
    ///
    /// # Errors
    ///
    /// The error of binding the address.
    pub async fn start_with(config: EmulatorConfig) -> std::io::Result<Self> {
        let listener = TcpListener::bind(SocketAddr::new(config.host, config.port)).await?;
        let addr = listener.local_addr()?;
        let routes = Arc::new(Routes::new(config, S::SIGNING_NAME));
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&routes)));
        Ok(MockServer {
            addr,
            routes,
            task: Some(task),
            service: PhantomData,
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<address>`, for [`Config::with_endpoint_url`].
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A client configuration for this server: region `us-east-1`, the default key pair, this
    /// server's endpoint.
    pub fn client_config(&self) -> Config {
        crate::client_config(self.endpoint_url())
    }

    /// Registers operation `O` (once; later calls add to the same answers) and returns the
    /// builder of its answers.
    pub fn on<O: Operation<Service = S>>(&self) -> Answers<'_, O> {
        self.routes.register::<O>();
        Answers::new(&self.routes)
    }

    /// The inputs `O` received so far (signed, parsed and valid), oldest first; those a
    /// handler answered ([`Answers::handles`]) went to the handler instead.
    pub fn received<O: Operation<Service = S> + Clone>(&self) -> Vec<O> {
        self.routes.received::<O>()
    }

    /// Moves out the inputs `O` received so far (signed, parsed and valid), oldest first: for
    /// inputs that are not `Clone`, such as those with an input event stream (whose member
    /// holds no events; read them with [`MockServer::received_events`]).
    pub fn take_received<O: Operation<Service = S>>(&self) -> Vec<O> {
        self.routes.take_received::<O>()
    }

    /// The region each request `O` received (signed, parsed and valid) was signed for, oldest
    /// first: where a client re-signs for another region (S3's redirects), this shows it.
    pub fn signing_regions<O: Operation<Service = S>>(&self) -> Vec<String> {
        self.routes.signing_regions::<O>()
    }

    /// The events of each input event stream `O` received, oldest first, one `Vec` per
    /// request: every envelope's chained signature verified, every event read with the
    /// operation's codec. `U` is the union of `O`'s input event stream (for another type the
    /// list is empty).
    pub fn received_events<O: Operation<Service = S>, U: EventUnion + Clone>(&self) -> Vec<Vec<U>> {
        self.routes.received_events::<O, U>()
    }

    /// Writes the server's own errors (refused signatures and bodies, unknown operations,
    /// injected errors) with `writer`, as the service writes errors: S3's
    /// `<Error><Code>…</Code>…</Error>`, say.
    pub fn write_errors_with(&self, writer: ErrorWriter) {
        self.routes.write_errors_with(writer);
    }

    /// Scripted faults: the next requests in `scope` get these, in order, once each, ahead of
    /// any rate (as [`Emulator::script_faults`](crate::Emulator::script_faults)). A request
    /// draws a fault once its signature verifies and it is routed and parsed.
    pub fn script_faults(&self, scope: FaultScope, faults: impl IntoIterator<Item = Fault>) {
        self.routes.faults.script(scope, faults);
    }

    /// Faults at a rate: each request in `scope` gets one with probability `rate`, drawn from
    /// `faults` by a generator seeded with `seed` (as
    /// [`Emulator::fault_rate`](crate::Emulator::fault_rate)).
    pub fn fault_rate(&self, scope: FaultScope, rate: f64, faults: Vec<Fault>, seed: u64) {
        self.routes.faults.set_rate(scope, rate, faults, seed);
    }

    /// Removes every fault rule; the counters stay.
    pub fn clear_faults(&self) {
        self.routes.faults.clear();
    }

    /// The faults injected so far, by kind (every kind of [`FAULT_KINDS`](crate::FAULT_KINDS)
    /// present).
    pub fn faults_injected(&self) -> BTreeMap<&'static str, usize> {
        self.routes.faults.injected()
    }

    /// Forgets every registration, answer and recorded input.
    pub fn reset(&self) {
        self.routes.reset();
    }

    /// Stops accepting connections and aborts those in progress.
    pub async fn shutdown(mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }
}

impl<S: Service> Drop for MockServer<S> {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

impl<S: Service> std::fmt::Debug for MockServer<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("service", &S::SERVICE_ID)
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}
