//! The account-association API: nine operations, their shapes and error sets.

use crate::errors::*;
use crate::IotManagedIntegrations;
use aws_op::{aws_error, aws_operation, aws_shape};
use std::collections::HashMap;

/// The state of an account association.
#[aws_shape]
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum AssociationState {
    /// `ASSOCIATION_IN_PROGRESS`
    #[aws(name = "ASSOCIATION_IN_PROGRESS")]
    AssociationInProgress,
    /// `ASSOCIATION_FAILED`
    #[aws(name = "ASSOCIATION_FAILED")]
    AssociationFailed,
    /// `ASSOCIATION_SUCCEEDED`
    #[aws(name = "ASSOCIATION_SUCCEEDED")]
    AssociationSucceeded,
    /// `ASSOCIATION_DELETING`
    #[aws(name = "ASSOCIATION_DELETING")]
    AssociationDeleting,
    /// `REFRESH_TOKEN_EXPIRED`
    #[aws(name = "REFRESH_TOKEN_EXPIRED")]
    RefreshTokenExpired,
}

/// The association status of a managed thing with an account association.
#[aws_shape]
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum ManagedThingAssociationStatus {
    /// `PRE_ASSOCIATED`
    #[aws(name = "PRE_ASSOCIATED")]
    PreAssociated,
    /// `ASSOCIATED`
    #[aws(name = "ASSOCIATED")]
    Associated,
}

/// The General Authorization reference by authorization material name.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct GeneralAuthorizationName {
    /// The name of the authorization material.
    #[aws(length(min = 1, max = 100), pattern = "[a-zA-Z0-9=_+/-]+")]
    pub auth_material_name: Option<String>,
}

// ---------------------------------------------------------------- CreateAccountAssociation

/// Creates a new account association via the destination id.
#[aws_operation(
    service = IotManagedIntegrations,
    http = "POST /account-associations",
    status = 201,
    output = CreateAccountAssociationResponse,
    errors = CreateAccountAssociationError
)]
#[derive(Clone, PartialEq)]
pub struct CreateAccountAssociationRequest {
    /// An idempotency token; filled with a UUID when left unset.
    #[aws(
        idempotency_token,
        length(min = 1, max = 64),
        pattern = "[a-zA-Z0-9=_-]+"
    )]
    pub client_token: Option<String>,
    /// The identifier of the connector destination.
    #[aws(length(min = 1, max = 64), pattern = "[A-Za-z0-9-_]+")]
    pub connector_destination_id: String,
    /// The name of the destination for the new account association.
    #[aws(length(min = 1, max = 128), pattern = "[A-Za-z0-9-_ ]+")]
    pub name: Option<String>,
    /// A description of the account association request.
    #[aws(length(min = 1, max = 4096), pattern = "[A-Za-z0-9-_ ]+")]
    pub description: Option<String>,
    /// A set of key/value pairs used to categorize the account association and its resources.
    #[aws(
        sensitive,
        length(min = 1, max = 50),
        key(length(min = 1, max = 128)),
        value(length(min = 0, max = 256))
    )]
    pub tags: Option<HashMap<String, String>>,
    /// The General Authorization reference by authorization material name.
    pub general_authorization: Option<GeneralAuthorizationName>,
}

/// The result of CreateAccountAssociation.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct CreateAccountAssociationResponse {
    /// Third-party IoT platform OAuth authorization server URL backed with all the required
    /// parameters to perform end-user authentication.
    #[aws(sensitive)]
    pub o_auth_authorization_url: String,
    /// The identifier for the account association request.
    pub account_association_id: String,
    /// The current state of the account association request.
    pub association_state: AssociationState,
    /// The Amazon Resource Name (ARN) of the account association.
    pub arn: Option<String>,
}

/// Errors of CreateAccountAssociation.
#[aws_error]
#[derive(Clone, PartialEq)]
pub enum CreateAccountAssociationError {
    /// `ValidationException` (400).
    ValidationException(ValidationException),
    /// `AccessDeniedException` (403).
    AccessDeniedException(AccessDeniedException),
    /// `InternalServerException` (500).
    InternalServerException(InternalServerException),
    /// `UnauthorizedException` (401).
    UnauthorizedException(UnauthorizedException),
    /// `ConflictException` (409).
    ConflictException(ConflictException),
    /// `ServiceUnavailableException` (503).
    ServiceUnavailableException(ServiceUnavailableException),
    /// `ThrottlingException` (429).
    ThrottlingException(ThrottlingException),
    /// `ResourceNotFoundException` (404).
    ResourceNotFoundException(ResourceNotFoundException),
}

// ---------------------------------------------------------------- GetAccountAssociation

/// Get an account association for an Amazon Web Services account linked to a customer-managed
/// destination.
#[aws_operation(
    service = IotManagedIntegrations,
    http = "GET /account-associations/{AccountAssociationId}",
    status = 200,
    output = GetAccountAssociationResponse,
    errors = GetAccountAssociationError
)]
#[derive(Clone, PartialEq)]
pub struct GetAccountAssociationRequest {
    /// The unique identifier of the account association to retrieve.
    #[aws(label, length(min = 1, max = 64), pattern = "[0-9a-zA-Z]+")]
    pub account_association_id: String,
}

/// The result of GetAccountAssociation.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct GetAccountAssociationResponse {
    /// The unique identifier of the retrieved account association.
    pub account_association_id: String,
    /// The current status state for the account association.
    pub association_state: AssociationState,
    /// The error message explaining the current account association error.
    pub error_message: Option<String>,
    /// The identifier of the connector destination associated with this account association.
    pub connector_destination_id: Option<String>,
    /// The name of the account association.
    pub name: Option<String>,
    /// The description of the account association.
    pub description: Option<String>,
    /// The Amazon Resource Name (ARN) of the account association.
    pub arn: Option<String>,
    /// Third party IoT platform OAuth authorization server URL.
    #[aws(sensitive)]
    pub o_auth_authorization_url: String,
    /// A set of key/value pairs used to categorize the account association and its resources.
    #[aws(sensitive)]
    pub tags: Option<HashMap<String, String>>,
    /// The General Authorization reference by authorization material name.
    pub general_authorization: Option<GeneralAuthorizationName>,
}

/// Errors of GetAccountAssociation.
#[aws_error]
#[derive(Clone, PartialEq)]
pub enum GetAccountAssociationError {
    /// `ValidationException` (400).
    ValidationException(ValidationException),
    /// `AccessDeniedException` (403).
    AccessDeniedException(AccessDeniedException),
    /// `InternalServerException` (500).
    InternalServerException(InternalServerException),
    /// `ServiceUnavailableException` (503).
    ServiceUnavailableException(ServiceUnavailableException),
    /// `ResourceNotFoundException` (404).
    ResourceNotFoundException(ResourceNotFoundException),
    /// `ThrottlingException` (429).
    ThrottlingException(ThrottlingException),
}

// ---------------------------------------------------------------- ListAccountAssociations

/// Lists all account associations, with optional filtering by connector destination id.
#[aws_operation(
    service = IotManagedIntegrations,
    http = "GET /account-associations",
    status = 200,
    output = ListAccountAssociationsResponse,
    errors = ListAccountAssociationsError
)]
#[derive(Clone, PartialEq)]
pub struct ListAccountAssociationsRequest {
    /// The identifier of the connector destination to filter account associations.
    #[aws(
        query = "ConnectorDestinationId",
        length(min = 1, max = 64),
        pattern = "[A-Za-z0-9-_]+"
    )]
    pub connector_destination_id: Option<String>,
    /// The maximum number of account associations to return in a single response.
    #[aws(query = "MaxResults", range(min = 1, max = 1000))]
    pub max_results: Option<i32>,
    /// A token used for pagination of results.
    #[aws(
        query = "NextToken",
        length(min = 1, max = 65535),
        pattern = "[a-zA-Z0-9=_-]+"
    )]
    pub next_token: Option<String>,
}

/// One account association in a list.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct AccountAssociationItem {
    /// The unique identifier of the account association.
    pub account_association_id: String,
    /// The current state of the account association.
    pub association_state: AssociationState,
    /// The error message explaining the current account association error.
    pub error_message: Option<String>,
    /// The identifier of the connector destination associated with this account association.
    pub connector_destination_id: Option<String>,
    /// The name of the account association.
    pub name: Option<String>,
    /// A description of the account association.
    pub description: Option<String>,
    /// The Amazon Resource Name (ARN) of the account association.
    pub arn: Option<String>,
}

/// The result of ListAccountAssociations.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ListAccountAssociationsResponse {
    /// The list of account associations.
    pub items: Option<Vec<AccountAssociationItem>>,
    /// A token for the next page of results, absent on the last page.
    pub next_token: Option<String>,
}

/// Errors of ListAccountAssociations.
#[aws_error]
#[derive(Clone, PartialEq)]
pub enum ListAccountAssociationsError {
    /// `ValidationException` (400).
    ValidationException(ValidationException),
    /// `AccessDeniedException` (403).
    AccessDeniedException(AccessDeniedException),
    /// `InternalServerException` (500).
    InternalServerException(InternalServerException),
    /// `ServiceUnavailableException` (503).
    ServiceUnavailableException(ServiceUnavailableException),
    /// `ThrottlingException` (429).
    ThrottlingException(ThrottlingException),
}

// ---------------------------------------------------------------- UpdateAccountAssociation

/// Updates the properties of an existing account association.
#[aws_operation(
    service = IotManagedIntegrations,
    http = "PUT /account-associations/{AccountAssociationId}",
    status = 204,
    errors = UpdateAccountAssociationError
)]
#[derive(Clone, PartialEq)]
pub struct UpdateAccountAssociationRequest {
    /// The unique identifier of the account association to update.
    #[aws(label, length(min = 1, max = 64), pattern = "[0-9a-zA-Z]+")]
    pub account_association_id: String,
    /// The new name to assign to the account association.
    #[aws(length(min = 1, max = 128), pattern = "[A-Za-z0-9-_ ]+")]
    pub name: Option<String>,
    /// The new description to assign to the account association.
    #[aws(length(min = 1, max = 4096), pattern = "[A-Za-z0-9-_ ]+")]
    pub description: Option<String>,
}

/// Errors of UpdateAccountAssociation.
#[aws_error]
#[derive(Clone, PartialEq)]
pub enum UpdateAccountAssociationError {
    /// `ValidationException` (400).
    ValidationException(ValidationException),
    /// `AccessDeniedException` (403).
    AccessDeniedException(AccessDeniedException),
    /// `InternalServerException` (500).
    InternalServerException(InternalServerException),
    /// `ConflictException` (409).
    ConflictException(ConflictException),
    /// `ServiceUnavailableException` (503).
    ServiceUnavailableException(ServiceUnavailableException),
    /// `ResourceNotFoundException` (404).
    ResourceNotFoundException(ResourceNotFoundException),
    /// `ThrottlingException` (429).
    ThrottlingException(ThrottlingException),
}

// ---------------------------------------------------------------- DeleteAccountAssociation

/// Removes a link between a cloud account and a connector destination.
#[aws_operation(
    service = IotManagedIntegrations,
    http = "DELETE /account-associations/{AccountAssociationId}",
    status = 200,
    errors = DeleteAccountAssociationError
)]
#[derive(Clone, PartialEq)]
pub struct DeleteAccountAssociationRequest {
    /// The unique identifier of the account association to be deleted.
    #[aws(label, length(min = 1, max = 64), pattern = "[0-9a-zA-Z]+")]
    pub account_association_id: String,
}

/// Errors of DeleteAccountAssociation.
#[aws_error]
#[derive(Clone, PartialEq)]
pub enum DeleteAccountAssociationError {
    /// `ValidationException` (400).
    ValidationException(ValidationException),
    /// `AccessDeniedException` (403).
    AccessDeniedException(AccessDeniedException),
    /// `InternalServerException` (500).
    InternalServerException(InternalServerException),
    /// `ServiceUnavailableException` (503).
    ServiceUnavailableException(ServiceUnavailableException),
    /// `ResourceNotFoundException` (404).
    ResourceNotFoundException(ResourceNotFoundException),
    /// `ThrottlingException` (429).
    ThrottlingException(ThrottlingException),
}

// ---------------------------------------------------------------- StartAccountAssociationRefresh

/// Initiates a refresh of an existing account association to update its authorization and
/// connection status.
#[aws_operation(
    service = IotManagedIntegrations,
    http = "POST /account-associations/{AccountAssociationId}/refresh",
    status = 200,
    output = StartAccountAssociationRefreshResponse,
    errors = StartAccountAssociationRefreshError
)]
#[derive(Clone, PartialEq)]
pub struct StartAccountAssociationRefreshRequest {
    /// The unique identifier of the account association to refresh.
    #[aws(label, length(min = 1, max = 64), pattern = "[0-9a-zA-Z]+")]
    pub account_association_id: String,
}

/// The result of StartAccountAssociationRefresh.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct StartAccountAssociationRefreshResponse {
    /// Third-party IoT platform OAuth authorization server URL with all required parameters to
    /// perform end-user authentication during the refresh process.
    #[aws(sensitive)]
    pub o_auth_authorization_url: String,
}

/// Errors of StartAccountAssociationRefresh.
#[aws_error]
#[derive(Clone, PartialEq)]
pub enum StartAccountAssociationRefreshError {
    /// `ValidationException` (400).
    ValidationException(ValidationException),
    /// `AccessDeniedException` (403).
    AccessDeniedException(AccessDeniedException),
    /// `InternalServerException` (500).
    InternalServerException(InternalServerException),
    /// `ConflictException` (409).
    ConflictException(ConflictException),
    /// `ServiceUnavailableException` (503).
    ServiceUnavailableException(ServiceUnavailableException),
    /// `ResourceNotFoundException` (404).
    ResourceNotFoundException(ResourceNotFoundException),
    /// `ThrottlingException` (429).
    ThrottlingException(ThrottlingException),
}

// ---------------------------------------------------------------- RegisterAccountAssociation

/// Registers an account association with a managed thing.
#[aws_operation(
    service = IotManagedIntegrations,
    http = "PUT /managed-thing-associations/register",
    status = 201,
    output = RegisterAccountAssociationResponse,
    errors = RegisterAccountAssociationError
)]
#[derive(Clone, PartialEq)]
pub struct RegisterAccountAssociationRequest {
    /// The identifier of the managed thing to be registered with the account association.
    #[aws(length(min = 1, max = 64), pattern = "[a-zA-Z0-9:_-]*")]
    pub managed_thing_id: String,
    /// The identifier of the account association to register with the managed thing.
    #[aws(length(min = 1, max = 64), pattern = "[0-9a-zA-Z]+")]
    pub account_association_id: String,
    /// The identifier of the device discovery job associated with this registration.
    #[aws(length(min = 1, max = 200), pattern = "[A-Za-z0-9]+")]
    pub device_discovery_id: String,
}

/// The result of RegisterAccountAssociation.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct RegisterAccountAssociationResponse {
    /// The identifier of the account association that was registered.
    pub account_association_id: Option<String>,
    /// The identifier of the device discovery job associated with this registration.
    pub device_discovery_id: Option<String>,
    /// The identifier of the managed thing registered with the account association.
    pub managed_thing_id: Option<String>,
}

/// Errors of RegisterAccountAssociation.
#[aws_error]
#[derive(Clone, PartialEq)]
pub enum RegisterAccountAssociationError {
    /// `AccessDeniedException` (403).
    AccessDeniedException(AccessDeniedException),
    /// `ValidationException` (400).
    ValidationException(ValidationException),
    /// `InternalServerException` (500).
    InternalServerException(InternalServerException),
    /// `ConflictException` (409).
    ConflictException(ConflictException),
    /// `ThrottlingException` (429).
    ThrottlingException(ThrottlingException),
    /// `ResourceNotFoundException` (404).
    ResourceNotFoundException(ResourceNotFoundException),
}

// ---------------------------------------------------------------- DeregisterAccountAssociation

/// Deregisters an account association, removing its connection to a managed thing.
#[aws_operation(
    service = IotManagedIntegrations,
    http = "PUT /managed-thing-associations/deregister",
    status = 200,
    errors = DeregisterAccountAssociationError
)]
#[derive(Clone, PartialEq)]
pub struct DeregisterAccountAssociationRequest {
    /// The identifier of the managed thing to be deregistered from the account association.
    #[aws(length(min = 1, max = 64), pattern = "[a-zA-Z0-9:_-]*")]
    pub managed_thing_id: String,
    /// The unique identifier of the account association to be deregistered.
    #[aws(length(min = 1, max = 64), pattern = "[0-9a-zA-Z]+")]
    pub account_association_id: String,
}

/// Errors of DeregisterAccountAssociation.
#[aws_error]
#[derive(Clone, PartialEq)]
pub enum DeregisterAccountAssociationError {
    /// `AccessDeniedException` (403).
    AccessDeniedException(AccessDeniedException),
    /// `ValidationException` (400).
    ValidationException(ValidationException),
    /// `InternalServerException` (500).
    InternalServerException(InternalServerException),
    /// `ConflictException` (409).
    ConflictException(ConflictException),
    /// `ThrottlingException` (429).
    ThrottlingException(ThrottlingException),
    /// `ResourceNotFoundException` (404).
    ResourceNotFoundException(ResourceNotFoundException),
}

// ---------------------------------------------------------------- ListManagedThingAccountAssociations

/// Lists all account associations for a specific managed thing.
#[aws_operation(
    service = IotManagedIntegrations,
    http = "GET /managed-thing-associations",
    status = 200,
    output = ListManagedThingAccountAssociationsResponse,
    errors = ListManagedThingAccountAssociationsError
)]
#[derive(Clone, PartialEq)]
pub struct ListManagedThingAccountAssociationsRequest {
    /// The identifier of the managed thing to list account associations for.
    #[aws(
        query = "ManagedThingId",
        length(min = 1, max = 64),
        pattern = "[a-zA-Z0-9:_-]*"
    )]
    pub managed_thing_id: Option<String>,
    /// The identifier of the account association to filter results by.
    #[aws(
        query = "AccountAssociationId",
        length(min = 1, max = 64),
        pattern = "[0-9a-zA-Z]+"
    )]
    pub account_association_id: Option<String>,
    /// The maximum number of account associations to return in a single response.
    #[aws(query = "MaxResults", range(min = 1, max = 1000))]
    pub max_results: Option<i32>,
    /// A token used for pagination of results.
    #[aws(
        query = "NextToken",
        length(min = 1, max = 65535),
        pattern = "[a-zA-Z0-9=_-]+"
    )]
    pub next_token: Option<String>,
}

/// The association of a managed thing with an account association.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ManagedThingAssociation {
    /// The identifier of the managed thing in the association.
    pub managed_thing_id: Option<String>,
    /// The identifier of the account association in the association.
    pub account_association_id: Option<String>,
    /// The status of the registration between the managed thing and the account association.
    pub managed_thing_association_status: Option<ManagedThingAssociationStatus>,
}

/// The result of ListManagedThingAccountAssociations.
#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct ListManagedThingAccountAssociationsResponse {
    /// The list of managed thing associations.
    pub items: Option<Vec<ManagedThingAssociation>>,
    /// A token for the next page of results, absent on the last page.
    pub next_token: Option<String>,
}

/// Errors of ListManagedThingAccountAssociations.
#[aws_error]
#[derive(Clone, PartialEq)]
pub enum ListManagedThingAccountAssociationsError {
    /// `AccessDeniedException` (403).
    AccessDeniedException(AccessDeniedException),
    /// `ValidationException` (400).
    ValidationException(ValidationException),
    /// `InternalServerException` (500).
    InternalServerException(InternalServerException),
    /// `ThrottlingException` (429).
    ThrottlingException(ThrottlingException),
}
