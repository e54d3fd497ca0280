//! A snapshot of the environment variables configuration reads.
//!
//! Providers and resolvers read variables through [`Env`], never `std::env` directly, so tests
//! can give each case its own variables without touching the process environment.

use std::collections::HashMap;
use std::sync::Arc;

/// Environment variables, captured once.
#[derive(Clone, Default)]
pub struct Env {
    vars: Arc<HashMap<String, String>>,
}

impl Env {
    /// The process environment, as it is now.
    pub fn from_process() -> Self {
        Env {
            vars: Arc::new(std::env::vars().collect()),
        }
    }

    /// Given variables (tests, embedding).
    pub fn from_map(vars: HashMap<String, String>) -> Self {
        Env {
            vars: Arc::new(vars),
        }
    }

    /// Given variables as pairs.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self::from_map(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    /// A variable's value, trimmed; `None` when unset or blank.
    pub fn get(&self, name: &str) -> Option<String> {
        self.vars
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    /// A boolean variable: `true`/`false` in any case; `None` when unset or not a boolean.
    pub fn get_bool(&self, name: &str) -> Option<bool> {
        match self.get(name)?.to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// The user's home directory (`HOME`, else `USERPROFILE`).
    pub fn home_dir(&self) -> Option<String> {
        self.get("HOME").or_else(|| self.get("USERPROFILE"))
    }

    /// The names of the variables held (never their values: they may be secrets).
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.vars.keys().map(String::as_str).collect();
        names.sort_unstable();
        names
    }
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Env")
            .field("names", &self.names().len())
            .finish()
    }
}
