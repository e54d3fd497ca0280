//! The request pipeline: signature check, routing and the fault draw ([`admit`]), then parsing
//! and validation with the operation's own code and the handler ([`Admitted::run`]). The HTTP
//! layer sits between the two, where it acts on the fault drawn.

use crate::auth::RawRequest;
use crate::config::EmulatorConfig;
use crate::faults::{Fault, Faults};
use crate::handlers::{Ctx, Handle};
use crate::reply::{ApiError, Reply};
use crate::state::State;
use aws_op::__private::match_uri_template;
use aws_op::{HttpRequest, Operation};
use aws_op_iot_managed_integrations::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// One routable operation.
pub(crate) struct Route {
    /// The operation name (`CreateAccountAssociation`).
    pub name: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The URI template.
    pub uri: &'static str,
    /// The status of a successful response.
    pub success_status: u16,
    /// Parses, validates and handles a request routed here.
    run: fn(&Shared, &HttpRequest, &Ctx) -> Result<Reply, ApiError>,
}

/// The route of operation `Op`.
const fn route<Op: Handle>() -> Route {
    Route {
        name: Op::NAME,
        method: Op::METHOD,
        uri: Op::URI,
        success_status: Op::SUCCESS_STATUS,
        run: run::<Op>,
    }
}

/// Every operation the emulator serves.
pub(crate) static ROUTES: [Route; 9] = [
    route::<CreateAccountAssociationRequest>(),
    route::<GetAccountAssociationRequest>(),
    route::<ListAccountAssociationsRequest>(),
    route::<UpdateAccountAssociationRequest>(),
    route::<DeleteAccountAssociationRequest>(),
    route::<StartAccountAssociationRefreshRequest>(),
    route::<RegisterAccountAssociationRequest>(),
    route::<DeregisterAccountAssociationRequest>(),
    route::<ListManagedThingAccountAssociationsRequest>(),
];

/// The route for `method` and the raw `path`, if any.
fn find_route(method: &str, path: &str) -> Option<(usize, &'static Route)> {
    ROUTES
        .iter()
        .enumerate()
        .find(|(_, r)| r.method == method && match_uri_template(r.uri, path).is_some())
}

/// Everything the connections of one emulator share.
#[derive(Debug)]
pub(crate) struct Shared {
    /// The configuration it was started with.
    pub config: EmulatorConfig,
    state: Mutex<State>,
    /// The fault rules.
    pub faults: Faults,
    /// Requests that reached each route (index as in [`ROUTES`]).
    counts: [AtomicUsize; ROUTES.len()],
    /// The event streams' faults, pace and counters.
    pub streams: crate::streams::Streams,
}

impl Shared {
    /// Fresh state for `config`.
    pub fn new(config: EmulatorConfig) -> Self {
        let state = State::new(config.connector_destinations.clone());
        Shared {
            config,
            state: Mutex::new(state),
            faults: Faults::default(),
            counts: Default::default(),
            streams: Default::default(),
        }
    }

    /// The state, locked (a poisoned lock is taken over: handlers keep it consistent).
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many requests reached `operation` after authentication.
    pub fn request_count(&self, operation: &str) -> usize {
        ROUTES
            .iter()
            .zip(&self.counts)
            .find(|(r, _)| r.name == operation)
            .map_or(0, |(_, count)| count.load(Ordering::Relaxed))
    }
}

/// A request that passed the signature check and the routing.
pub(crate) struct Admitted {
    route: &'static Route,
    request: HttpRequest,
    ctx: Ctx,
    /// The fault drawn for this request, if any.
    pub fault: Option<Fault>,
}

impl Admitted {
    /// The status the operation answers with on success.
    pub fn success_status(&self) -> u16 {
        self.route.success_status
    }

    /// Parses, validates and handles the request.
    pub fn run(&self, shared: &Shared) -> Reply {
        (self.route.run)(shared, &self.request, &self.ctx).unwrap_or_else(ApiError::into_reply)
    }
}

/// Checks the signature, routes the request, counts it and draws its fault. A request that is
/// not admitted gets the returned reply (and consumes no fault).
pub(crate) fn admit(shared: &Shared, mut request: RawRequest) -> Result<Admitted, Reply> {
    let (query, caller) = request
        .authenticate(
            &shared.config,
            <IotManagedIntegrations as aws_op::Service>::SIGNING_NAME,
        )
        .map_err(ApiError::into_reply)?;

    let (index, route) = find_route(&request.method, &request.path).ok_or_else(|| {
        ApiError::new(
            404,
            "UnknownOperationException",
            format!(
                "No operation matches {} {}.",
                request.method,
                truncate(&request.path, 200)
            ),
        )
        .into_reply()
    })?;
    shared.counts[index].fetch_add(1, Ordering::Relaxed);
    let fault = shared.faults.draw(route.name);

    Ok(Admitted {
        route,
        request: HttpRequest {
            method: route.method,
            path: request.path,
            query,
            headers: request.headers,
            body: (!request.body.is_empty()).then(|| request.body.into()),
            host_prefix: None,
        },
        ctx: Ctx {
            region: caller.region,
        },
        fault,
    })
}

/// Parses and validates the input of `Op`, then runs its handler with the state locked.
fn run<Op: Handle>(shared: &Shared, request: &HttpRequest, ctx: &Ctx) -> Result<Reply, ApiError> {
    let input = parse_input::<Op>(request)?;
    let mut state = shared.state();
    input.handle(&mut state, ctx)
}

/// The input of `O` read from `request` with the operation's generated parser, then checked
/// against the model's constraints; `400 ValidationException` naming the member otherwise.
pub(crate) fn parse_input<O: Operation>(request: &HttpRequest) -> Result<O, ApiError> {
    let input = O::parse_request(request).map_err(|e| {
        let path = e.path();
        ApiError::validation(if path.is_empty() {
            e.problem().to_owned()
        } else {
            format!("{path}: {}", e.problem())
        })
    })?;
    input
        .validate(true)
        .map_err(|e| ApiError::validation(e.to_string()))?;
    Ok(input)
}

/// At most `max` characters of client-supplied text, for messages.
fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_method_and_template() {
        let name = |m: &str, p: &str| find_route(m, p).map(|(_, r)| r.name);
        assert_eq!(
            name("POST", "/account-associations"),
            Some("CreateAccountAssociation")
        );
        assert_eq!(
            name("GET", "/account-associations"),
            Some("ListAccountAssociations")
        );
        assert_eq!(
            name("POST", "/account-associations/abc/refresh"),
            Some("StartAccountAssociationRefresh")
        );
        assert_eq!(
            name("PUT", "/managed-thing-associations/register"),
            Some("RegisterAccountAssociation")
        );
        assert_eq!(name("PATCH", "/account-associations/abc"), None);
        assert_eq!(name("GET", "/nothing-here"), None);
        assert_eq!(truncate("abcdef", 3), "abc...");
    }
}
