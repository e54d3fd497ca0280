//! The nine operations: what each does to the [`State`] and the JSON it answers with.
//!
//! Responses are built here with `serde_json`, independently of the client's generated parsing,
//! so a client test against the emulator checks both sides of the wire.

use crate::reply::{ApiError, Reply};
use crate::state::{Association, IdempotencyRecord, Registration, State};
use crate::ACCOUNT_ID;
use aws_op::Operation;
use aws_op_iot_managed_integrations::*;
use serde_json::{json, Map, Value};

/// The request context a handler needs besides its input.
#[derive(Clone, Debug)]
pub(crate) struct Ctx {
    /// The region of the credential scope.
    pub region: String,
}

/// An operation the emulator implements.
pub(crate) trait Handle: Operation {
    /// Runs the (parsed, validated) input against the state.
    fn handle(self, state: &mut State, ctx: &Ctx) -> Result<Reply, ApiError>;
}

/// Inserts `key: value` when `value` is set.
fn put(object: &mut Map<String, Value>, key: &str, value: Option<&String>) {
    if let Some(value) = value {
        object.insert(key.to_owned(), Value::String(value.clone()));
    }
}

/// A fresh association id: 32 characters of `[0-9a-f]`, a counter then randomness.
fn new_id(seq: u64) -> String {
    let random = uuid::Uuid::new_v4().simple().to_string();
    let mut id = format!("{:08x}", seq & 0xffff_ffff);
    id.push_str(random.get(..24).unwrap_or(&random));
    id
}

impl Handle for CreateAccountAssociationRequest {
    fn handle(self, state: &mut State, ctx: &Ctx) -> Result<Reply, ApiError> {
        let mut request = self;
        let token = request.client_token.take();
        if let Some(token) = &token {
            if let Some(record) = state.tokens.get(token) {
                if record.request == request {
                    return Ok(Reply::raw_json(
                        Self::SUCCESS_STATUS,
                        record.response.clone(),
                    ));
                }
                return Err(ApiError::conflict(format!(
                    "ClientToken {token} was already used with different parameters (account \
                     association {}).",
                    record.association_id
                )));
            }
        }
        if let Some(known) = &state.connector_destinations {
            let id = &request.connector_destination_id;
            if !known.contains(id) {
                return Err(ApiError::not_found(
                    id,
                    "ConnectorDestination",
                    format!("Connector destination {id} does not exist."),
                ));
            }
        }
        let seq = state.next_seq();
        let id = new_id(seq);
        let association = Association {
            arn: format!(
                "arn:aws:iotmanagedintegrations:{}:{ACCOUNT_ID}:account-association/{id}",
                ctx.region
            ),
            id: id.clone(),
            connector_destination_id: request.connector_destination_id.clone(),
            name: request.name.clone(),
            description: request.description.clone(),
            tags: request.tags.clone(),
            general_authorization: request.general_authorization.clone(),
            state: "ASSOCIATION_IN_PROGRESS",
            attempt: 1,
            client_token: token.clone(),
        };
        let body = json!({
            "OAuthAuthorizationUrl": association.oauth_url(),
            "AccountAssociationId": association.id,
            "AssociationState": association.state,
            "Arn": association.arn,
        });
        let response = serde_json::to_vec(&body).unwrap_or_default();
        state.insert_association(seq, association);
        if let Some(token) = token {
            state.tokens.insert(
                token,
                IdempotencyRecord {
                    request,
                    association_id: id,
                    response: response.clone(),
                },
            );
        }
        Ok(Reply::raw_json(Self::SUCCESS_STATUS, response))
    }
}

impl Handle for GetAccountAssociationRequest {
    fn handle(self, state: &mut State, _: &Ctx) -> Result<Reply, ApiError> {
        let id = &self.account_association_id;
        let a = state
            .association(id)
            .ok_or_else(|| ApiError::no_association(id))?;
        let mut body = Map::new();
        put(&mut body, "AccountAssociationId", Some(&a.id));
        body.insert("AssociationState".into(), a.state.into());
        put(
            &mut body,
            "ConnectorDestinationId",
            Some(&a.connector_destination_id),
        );
        put(&mut body, "Name", a.name.as_ref());
        put(&mut body, "Description", a.description.as_ref());
        put(&mut body, "Arn", Some(&a.arn));
        body.insert("OAuthAuthorizationUrl".into(), a.oauth_url().into());
        if let Some(tags) = &a.tags {
            let tags: Map<String, Value> = tags
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            body.insert("Tags".into(), Value::Object(tags));
        }
        if let Some(general) = &a.general_authorization {
            let mut object = Map::new();
            put(
                &mut object,
                "AuthMaterialName",
                general.auth_material_name.as_ref(),
            );
            body.insert("GeneralAuthorization".into(), Value::Object(object));
        }
        Ok(Reply::json(Self::SUCCESS_STATUS, &Value::Object(body)))
    }
}

impl Handle for ListAccountAssociationsRequest {
    fn handle(self, state: &mut State, _: &Ctx) -> Result<Reply, ApiError> {
        let wanted = self.connector_destination_id;
        let filter = format!("ConnectorDestinationId={}", wanted.as_deref().unwrap_or(""));
        let page =
            state.association_page(filter, self.max_results, self.next_token.as_deref(), |a| {
                wanted
                    .as_ref()
                    .is_none_or(|w| *w == a.connector_destination_id)
            })?;
        let items: Vec<Value> = page
            .items
            .iter()
            .map(|a| {
                let mut item = Map::new();
                put(&mut item, "AccountAssociationId", Some(&a.id));
                item.insert("AssociationState".into(), a.state.into());
                put(
                    &mut item,
                    "ConnectorDestinationId",
                    Some(&a.connector_destination_id),
                );
                put(&mut item, "Name", a.name.as_ref());
                put(&mut item, "Description", a.description.as_ref());
                put(&mut item, "Arn", Some(&a.arn));
                Value::Object(item)
            })
            .collect();
        let mut body = Map::new();
        body.insert("Items".into(), Value::Array(items));
        put(&mut body, "NextToken", page.next_token.as_ref());
        Ok(Reply::json(Self::SUCCESS_STATUS, &Value::Object(body)))
    }
}

impl Handle for UpdateAccountAssociationRequest {
    fn handle(self, state: &mut State, _: &Ctx) -> Result<Reply, ApiError> {
        let association = state.association_mut(&self.account_association_id)?;
        if let Some(name) = self.name {
            association.name = Some(name);
        }
        if let Some(description) = self.description {
            association.description = Some(description);
        }
        Ok(Reply::empty(Self::SUCCESS_STATUS))
    }
}

impl Handle for DeleteAccountAssociationRequest {
    fn handle(self, state: &mut State, _: &Ctx) -> Result<Reply, ApiError> {
        state.remove_association(&self.account_association_id)?;
        Ok(Reply::empty(Self::SUCCESS_STATUS))
    }
}

impl Handle for StartAccountAssociationRefreshRequest {
    fn handle(self, state: &mut State, _: &Ctx) -> Result<Reply, ApiError> {
        let association = state.association_mut(&self.account_association_id)?;
        association.attempt = association.attempt.saturating_add(1);
        let body = json!({ "OAuthAuthorizationUrl": association.oauth_url() });
        Ok(Reply::json(Self::SUCCESS_STATUS, &body))
    }
}

impl Handle for RegisterAccountAssociationRequest {
    fn handle(self, state: &mut State, _: &Ctx) -> Result<Reply, ApiError> {
        let id = &self.account_association_id;
        if state.association(id).is_none() {
            return Err(ApiError::no_association(id));
        }
        if let Some(existing) = state.registration(&self.managed_thing_id) {
            if existing.association_id != *id {
                return Err(ApiError::conflict(format!(
                    "Managed thing {} is already registered with account association {}.",
                    self.managed_thing_id, existing.association_id
                )));
            }
        }
        let body = json!({
            "AccountAssociationId": self.account_association_id,
            "DeviceDiscoveryId": self.device_discovery_id,
            "ManagedThingId": self.managed_thing_id,
        });
        state.register(Registration {
            managed_thing_id: self.managed_thing_id,
            association_id: self.account_association_id,
            device_discovery_id: self.device_discovery_id,
        });
        Ok(Reply::json(Self::SUCCESS_STATUS, &body))
    }
}

impl Handle for DeregisterAccountAssociationRequest {
    fn handle(self, state: &mut State, _: &Ctx) -> Result<Reply, ApiError> {
        let id = &self.account_association_id;
        if state.association(id).is_none() {
            return Err(ApiError::no_association(id));
        }
        let thing = &self.managed_thing_id;
        if state
            .registration(thing)
            .is_none_or(|r| r.association_id != *id)
        {
            return Err(ApiError::not_found(
                thing,
                "ManagedThing",
                format!("Managed thing {thing} is not registered with account association {id}."),
            ));
        }
        state.deregister(thing);
        Ok(Reply::empty(Self::SUCCESS_STATUS))
    }
}

impl Handle for ListManagedThingAccountAssociationsRequest {
    fn handle(self, state: &mut State, _: &Ctx) -> Result<Reply, ApiError> {
        let thing = self.managed_thing_id;
        let association = self.account_association_id;
        let filter = format!(
            "ManagedThingId={}&AccountAssociationId={}",
            thing.as_deref().unwrap_or(""),
            association.as_deref().unwrap_or("")
        );
        let page =
            state.registration_page(filter, self.max_results, self.next_token.as_deref(), |r| {
                thing.as_ref().is_none_or(|t| *t == r.managed_thing_id)
                    && association.as_ref().is_none_or(|a| *a == r.association_id)
            })?;
        let items: Vec<Value> = page
            .items
            .into_iter()
            .map(|r| {
                json!({
                    "ManagedThingId": r.managed_thing_id,
                    "AccountAssociationId": r.association_id,
                    "ManagedThingAssociationStatus": "ASSOCIATED",
                })
            })
            .collect();
        let mut body = Map::new();
        body.insert("Items".into(), Value::Array(items));
        put(&mut body, "NextToken", page.next_token.as_ref());
        Ok(Reply::json(Self::SUCCESS_STATUS, &body.into()))
    }
}
