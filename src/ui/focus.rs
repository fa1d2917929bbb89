//! Keyboard focus kept inside the window. A control that had focus and is removed or disabled
//! (a chosen answer, a folded view, the pre-chat form once the chat starts) leaves focus on
//! the page's body, where Escape no longer reaches the window and a screen reader loses its
//! place. The action that does so names where focus goes instead; it moves there once that
//! control is on screen, and only while focus is still lost: a customer who moved it
//! elsewhere meanwhile keeps it there.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The message box.
pub const COMPOSER: &str = ".cc-composer textarea";

/// The first answer of an interactive message that can still be chosen.
pub const CHOICE: &str = ".cc-choices button:not([disabled])";

/// The header's "End chat" button.
pub const END_CHAT: &str = ".cc-end-chat";

/// How many frames after an action its control may still hold focus before it goes (the
/// removal can wait for the state the action changes): about half a second.
const WATCH_FRAMES: u32 = 30;

/// Where focus goes in the window once it is lost. `Copy`; from [`use_refocus`].
#[derive(Clone, Copy)]
pub struct Refocus {
    /// The window the selectors are looked up in.
    root: NodeRef<leptos::html::Div>,
    /// The selector of the control that takes focus, until it has.
    pending: StoredValue<Option<String>>,
}

impl Refocus {
    /// Made by the window around `root`, for the components inside it.
    pub fn provide(root: NodeRef<leptos::html::Div>) {
        provide_context(Refocus {
            root,
            pending: StoredValue::new(None),
        });
    }

    /// Focus goes to the first element matching `selector` when the control that has it now
    /// is removed or disabled: checked each frame for a moment, once the screen shows the
    /// change, and when a control appears later (see [`Refocus::settle`]).
    pub fn to(self, selector: &str) {
        self.pending.set_value(Some(selector.to_owned()));
        self.watch(WATCH_FRAMES);
    }

    fn watch(self, frames: u32) {
        request_animation_frame(move || {
            if self.settle() && frames > 0 {
                self.watch(frames - 1);
            }
        });
    }

    /// Moves focus to the control named by [`Refocus::to`] if focus is lost and that control
    /// is there. Called by the controls that appear after an action (the message box, the
    /// next page of a list). Returns whether focus is still to be moved.
    pub fn settle(self) -> bool {
        let Some(Some(selector)) = self.pending.try_get_value() else {
            return false;
        };
        let Some(root) = self.root.try_get_untracked().flatten() else {
            return false;
        };
        if !crate::shell::page::focus_is_lost() {
            // Focus still on a control in the window (the name field while the chat
            // starts) may yet be removed; focus the customer took elsewhere stays there.
            let outside = crate::shell::page::focused_element()
                .is_some_and(|active| !root.contains(Some(active.as_ref())));
            if outside {
                self.pending.set_value(None);
            }
            return !outside;
        }
        let target = root
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        match target {
            Some(target) => {
                self.pending.set_value(None);
                let _ = target.focus();
                false
            }
            None => true,
        }
    }
}

/// The window's [`Refocus`]; outside a window (a component on its own) one that never
/// moves focus.
pub fn use_refocus() -> Refocus {
    use_context::<Refocus>().unwrap_or(Refocus {
        root: NodeRef::new(),
        pending: StoredValue::new(None),
    })
}

/// In the next frame, moves focus as the window's pending [`Refocus::to`] says: for a
/// control that appears after an action.
pub fn settle_on_mount() {
    let refocus = use_refocus();
    Effect::new(move |_| {
        request_animation_frame(move || {
            refocus.settle();
        })
    });
}
