//! Sandbox rules of "获取标签目录列表" (`GET /open/folders`): the `folders` fixture.

use super::{Reply, Routes};
use crate::api::folders as ops;

const FOLDERS: &str = include_str!("../../fixtures/folders.response.json");

pub(super) fn register(routes: &mut Routes) {
    routes.add(ops::LIST_FOLDERS, |_state, _req| Reply::raw(FOLDERS));
}
