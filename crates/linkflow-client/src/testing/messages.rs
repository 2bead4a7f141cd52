//! Sandbox rules of the area "messages".

use super::{Routes, SandboxState};

pub(super) fn register(routes: &mut Routes) {
    let _ = routes;
}

#[allow(dead_code)]
pub(super) fn seed(state: &mut SandboxState) -> client_core::Result<()> {
    let _ = state;
    Ok(())
}
