//! Linkflow quickstart: against the sandbox by default; against a real tenant only with `--live`
//! (and LINKFLOW_APP_KEY / LINKFLOW_APP_SECRET / optional LINKFLOW_BASE_URL).

fn main() {}
