//! The in-memory store: account associations, idempotency records, managed-thing
//! registrations, and the `NextToken`s of its lists (which carry their own position).
//!
//! Items are kept in creation order under a sequence number, so lists are stable and a page
//! cursor is simply "the last sequence number returned".

use crate::reply::ApiError;
use aws_op_iot_managed_integrations::{CreateAccountAssociationRequest, GeneralAuthorizationName};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;

/// The page size when a list request gives no `MaxResults`.
pub(crate) const DEFAULT_PAGE_SIZE: usize = 100;

/// One account association.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Association {
    /// `AccountAssociationId`.
    pub id: String,
    /// `Arn`.
    pub arn: String,
    /// `ConnectorDestinationId`.
    pub connector_destination_id: String,
    /// `Name`.
    pub name: Option<String>,
    /// `Description`.
    pub description: Option<String>,
    /// `Tags`.
    pub tags: Option<HashMap<String, String>>,
    /// `GeneralAuthorization`.
    pub general_authorization: Option<GeneralAuthorizationName>,
    /// `AssociationState` on the wire.
    pub state: &'static str,
    /// How many OAuth URLs were issued (1 at creation, +1 per refresh).
    pub attempt: u32,
    /// The `ClientToken` it was created with.
    pub client_token: Option<String>,
}

impl Association {
    /// The current `OAuthAuthorizationUrl`.
    pub fn oauth_url(&self) -> String {
        format!(
            "https://oauth.emulator.invalid/authorize?state={}&attempt={}",
            self.id, self.attempt
        )
    }
}

/// What a `ClientToken` was first used for.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct IdempotencyRecord {
    /// The request, with `client_token` cleared.
    pub request: CreateAccountAssociationRequest,
    /// The association it created.
    pub association_id: String,
    /// The exact response body sent.
    pub response: Vec<u8>,
}

/// A managed thing registered with an account association.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Registration {
    /// `ManagedThingId`.
    pub managed_thing_id: String,
    /// `AccountAssociationId`.
    pub association_id: String,
    /// `DeviceDiscoveryId`.
    pub device_discovery_id: String,
}

/// One page of a list.
pub(crate) struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The token of the next page, when more items remain.
    pub next_token: Option<String>,
}

/// Everything the emulator remembers.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// When set, the only connector destinations that exist.
    pub connector_destinations: Option<BTreeSet<String>>,
    next_seq: u64,
    associations: BTreeMap<u64, Association>,
    association_seq: HashMap<String, u64>,
    /// `ClientToken` -> what it created.
    pub tokens: HashMap<String, IdempotencyRecord>,
    registrations: BTreeMap<u64, Registration>,
    registration_seq: HashMap<String, u64>,
}

impl State {
    /// An empty store.
    pub fn new(connector_destinations: Option<BTreeSet<String>>) -> Self {
        State {
            connector_destinations,
            ..State::default()
        }
    }

    /// The next sequence number (also feeds the ids).
    pub fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    /// The number of account associations.
    pub fn association_count(&self) -> usize {
        self.associations.len()
    }

    /// Stores a new association under sequence number `seq`.
    pub fn insert_association(&mut self, seq: u64, association: Association) {
        self.association_seq.insert(association.id.clone(), seq);
        self.associations.insert(seq, association);
    }

    /// The association `id`.
    pub fn association(&self, id: &str) -> Option<&Association> {
        self.association_seq
            .get(id)
            .and_then(|seq| self.associations.get(seq))
    }

    /// The association `id`, or `404 ResourceNotFoundException`.
    pub fn association_mut(&mut self, id: &str) -> Result<&mut Association, ApiError> {
        self.association_seq
            .get(id)
            .and_then(|seq| self.associations.get_mut(seq))
            .ok_or_else(|| ApiError::no_association(id))
    }

    /// Removes the association `id` with its registrations and its client token.
    pub fn remove_association(&mut self, id: &str) -> Result<Association, ApiError> {
        let association = self
            .association_seq
            .remove(id)
            .and_then(|seq| self.associations.remove(&seq))
            .ok_or_else(|| ApiError::no_association(id))?;
        if let Some(token) = &association.client_token {
            self.tokens.remove(token);
        }
        let registrations = &mut self.registrations;
        self.registration_seq.retain(|_, seq| {
            let keep = registrations
                .get(seq)
                .is_some_and(|r| r.association_id != id);
            if !keep {
                registrations.remove(seq);
            }
            keep
        });
        Ok(association)
    }

    /// The registration of `managed_thing_id`, if any.
    pub fn registration(&self, managed_thing_id: &str) -> Option<&Registration> {
        self.registration_seq
            .get(managed_thing_id)
            .and_then(|seq| self.registrations.get(seq))
    }

    /// Registers (or re-registers) a managed thing; keeps its place in the list.
    pub fn register(&mut self, registration: Registration) {
        let seq = match self.registration_seq.get(&registration.managed_thing_id) {
            Some(seq) => *seq,
            None => {
                let seq = self.next_seq();
                self.registration_seq
                    .insert(registration.managed_thing_id.clone(), seq);
                seq
            }
        };
        self.registrations.insert(seq, registration);
    }

    /// Removes the registration of `managed_thing_id`.
    pub fn deregister(&mut self, managed_thing_id: &str) -> Option<Registration> {
        let seq = self.registration_seq.remove(managed_thing_id)?;
        self.registrations.remove(&seq)
    }

    /// A page of the associations that pass `keep`.
    pub fn association_page(
        &mut self,
        filter: String,
        max_results: Option<i32>,
        next_token: Option<&str>,
        keep: impl Fn(&Association) -> bool,
    ) -> Result<Page<Association>, ApiError> {
        const LIST: &str = "ListAccountAssociations";
        let after = self.resume(LIST, &filter, next_token)?;
        let (items, last) = page_of(&self.associations, after, page_size(max_results), keep);
        let next_token = last.map(|after| self.issue(LIST, filter, after));
        Ok(Page { items, next_token })
    }

    /// A page of the registrations that pass `keep`.
    pub fn registration_page(
        &mut self,
        filter: String,
        max_results: Option<i32>,
        next_token: Option<&str>,
        keep: impl Fn(&Registration) -> bool,
    ) -> Result<Page<Registration>, ApiError> {
        const LIST: &str = "ListManagedThingAccountAssociations";
        let after = self.resume(LIST, &filter, next_token)?;
        let (items, last) = page_of(&self.registrations, after, page_size(max_results), keep);
        let next_token = last.map(|after| self.issue(LIST, filter, after));
        Ok(Page { items, next_token })
    }

    /// Where a list continues: `0` without a token, else the position the token carries, which
    /// must come from the same list with the same filters.
    fn resume(&self, list: &str, filter: &str, token: Option<&str>) -> Result<u64, ApiError> {
        let Some(token) = token else { return Ok(0) };
        let Some((after, request)) = parse_token(token) else {
            return Err(ApiError::validation(
                "The NextToken is invalid or has expired.",
            ));
        };
        if request != request_hash(list, filter) {
            return Err(ApiError::validation(
                "The NextToken was issued for a different request; repeat the original filters.",
            ));
        }
        Ok(after)
    }

    /// A token continuing `list` after sequence number `after`. The token carries the position
    /// and a hash of the request it continues, so the emulator keeps no cursor per token.
    fn issue(&self, list: &str, filter: String, after: u64) -> String {
        format!("{after:x}-{:016x}", request_hash(list, &filter))
    }
}

/// FNV-1a of the list name and filters: stable across runs, unlike `HashMap`'s hasher.
fn request_hash(list: &str, filter: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in list.bytes().chain([0]).chain(filter.bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// `{after:x}-{hash:016x}` (the model's NextToken pattern allows `-`).
fn parse_token(token: &str) -> Option<(u64, u64)> {
    let (after, hash) = token.split_once('-')?;
    if hash.len() != 16 {
        return None;
    }
    Some((
        u64::from_str_radix(after, 16).ok()?,
        u64::from_str_radix(hash, 16).ok()?,
    ))
}

/// `MaxResults` as a page size (the model bounds it to 1..=1000; anything else falls back to the
/// default).
fn page_size(max_results: Option<i32>) -> usize {
    max_results
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_PAGE_SIZE)
}

/// Up to `size` items after sequence number `after` that pass `keep`, and the sequence number
/// of the last one returned when more remain.
fn page_of<T: Clone>(
    items: &BTreeMap<u64, T>,
    after: u64,
    size: usize,
    keep: impl Fn(&T) -> bool,
) -> (Vec<T>, Option<u64>) {
    let mut page = Vec::new();
    let mut last = None;
    for (seq, item) in items.range((Bound::Excluded(after), Bound::Unbounded)) {
        if !keep(item) {
            continue;
        }
        if page.len() == size {
            return (page, last);
        }
        page.push(item.clone());
        last = Some(*seq);
    }
    (page, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_every_kept_item_once() {
        let items: BTreeMap<u64, u32> = (1..=7).map(|n| (n, n as u32)).collect();
        let odd = |n: &u32| n % 2 == 1;
        let (first, last) = page_of(&items, 0, 2, odd);
        assert_eq!((first, last), (vec![1, 3], Some(3)));
        let (second, last) = page_of(&items, 3, 2, odd);
        assert_eq!((second, last), (vec![5, 7], None));
        assert_eq!(page_of(&items, 0, 4, odd), (vec![1, 3, 5, 7], None));
        assert_eq!(page_size(None), DEFAULT_PAGE_SIZE);
        assert_eq!(page_size(Some(-3)), DEFAULT_PAGE_SIZE);
    }

    #[test]
    fn tokens_resume_only_their_own_list() {
        let state = State::new(None);
        let token = state.issue("ListAccountAssociations", "cd=a".into(), 5);
        assert_eq!(
            state.resume("ListAccountAssociations", "cd=a", Some(&token)),
            Ok(5)
        );
        assert!(state
            .resume("ListAccountAssociations", "cd=b", Some(&token))
            .is_err());
        assert!(state
            .resume("ListManagedThingAccountAssociations", "cd=a", Some(&token))
            .is_err());
        assert!(state
            .resume("ListAccountAssociations", "cd=a", Some("nope"))
            .is_err());
    }
}
