//! Sandbox rules of the area "groups".

use super::{Routes, SandboxState};

/// State of the area.
#[derive(Debug, Default)]
pub(crate) struct GroupsState {}

pub(super) fn register(routes: &mut Routes) {
    let _ = routes;
}

#[allow(dead_code)]
pub(super) fn seed(state: &mut SandboxState) -> client_core::Result<()> {
    let _ = state;
    Ok(())
}
