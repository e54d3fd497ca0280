//! Managed integrations for AWS IoT Device Management (`iot-managed-integrations`, API version
//! 2025-03-03), described with aws-op.
//!
//! This release covers the account-association API, written by hand from the model in
//! `models/iot-managed-integrations/service-2.json`: every member, constraint, status code and
//! error is as the model says.
//!
//! ```no_run
//! use aws_op::{Client, Config};
//! use aws_op_iot_managed_integrations::*;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client: Client<IotManagedIntegrations> = Client::new(&Config::from_env())?;
//! let created = CreateAccountAssociationRequest::builder()
//!     .connector_destination_id("cd-1")
//!     .name("living-room")
//!     .build()
//!     .send(&client)
//!     .await?;
//! println!("{} is {}", created.account_association_id, created.association_state);
//! # Ok(()) }
//! ```

mod account_associations;
mod errors;

pub use account_associations::*;
pub use errors::*;

use aws_op::aws_service;

/// The service: signing name `iotmanagedintegrations`, restJson1.
#[aws_service(
    id = "IoT Managed Integrations",
    signing_name = "iotmanagedintegrations",
    endpoint_prefix = "api.iotmanagedintegrations",
    protocol = "restJson1",
    api_version = "2025-03-03",
    endpoint = "https://api.iotmanagedintegrations.{region}.api.aws",
    endpoint_rules = "model/endpoint-rule-set-1.json"
)]
#[derive(Clone, Copy, Default)]
pub struct IotManagedIntegrations;

/// A client of this service.
pub type IotManagedIntegrationsClient = aws_op::Client<IotManagedIntegrations>;
