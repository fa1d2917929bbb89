//! Browser tests of the widget, run in headless Chromium by wasm-bindgen-test.
//!
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod web_api;
mod web_e2e;
mod web_shell;
mod web_ui;
