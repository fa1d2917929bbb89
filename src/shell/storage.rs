//! sessionStorage, or memory when the browser blocks it.
//!
//! Storage can be missing (no window), throw on access (third-party frames with cookies
//! blocked), or throw on write (quota). In each case the widget keeps working with memory
//! only: the chat simply does not survive a reload.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::Storage;

enum Backend {
    Session(Storage),
    Memory(HashMap<String, String>),
}

/// A small key-value store: sessionStorage when usable, memory otherwise.
pub struct Store {
    backend: RefCell<Backend>,
}

impl Store {
    /// The page's sessionStorage if it can be read and written, else memory.
    pub fn open() -> Store {
        Store::open_with(|| match web_sys::window() {
            Some(window) => window.session_storage(),
            None => Ok(None),
        })
    }

    /// Like [`Store::open`] with the storage from `get` (which may throw, as browsers do).
    pub fn open_with(get: impl FnOnce() -> Result<Option<Storage>, JsValue>) -> Store {
        const PROBE: &str = "connect-chat:probe";
        let backend = match get() {
            Ok(Some(storage))
                if storage.set_item(PROBE, "1").is_ok() && storage.remove_item(PROBE).is_ok() =>
            {
                Backend::Session(storage)
            }
            _ => Backend::Memory(HashMap::new()),
        };
        Store {
            backend: RefCell::new(backend),
        }
    }

    /// A store that only keeps values in memory.
    pub fn memory() -> Store {
        Store {
            backend: RefCell::new(Backend::Memory(HashMap::new())),
        }
    }

    /// Whether values survive a reload (sessionStorage is in use).
    pub fn is_persistent(&self) -> bool {
        matches!(*self.backend.borrow(), Backend::Session(_))
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<String> {
        match &*self.backend.borrow() {
            Backend::Session(s) => s.get_item(key).ok().flatten(),
            Backend::Memory(m) => m.get(key).cloned(),
        }
    }

    /// Stores `value` under `key`. If sessionStorage throws (quota, blocked mid-way), the store
    /// switches to memory, carrying over the widget's values, and keeps this one: nothing is lost
    /// for the life of the page.
    pub fn set(&self, key: &str, value: &str) {
        let mut backend = self.backend.borrow_mut();
        if let Backend::Session(s) = &*backend {
            if s.set_item(key, value).is_ok() {
                return;
            }
            let mut memory = HashMap::new();
            let len = s.length().unwrap_or(0);
            for i in 0..len {
                if let Ok(Some(k)) = s.key(i) {
                    if k.starts_with("connect-chat") {
                        if let Ok(Some(v)) = s.get_item(&k) {
                            memory.insert(k, v);
                        }
                    }
                }
            }
            // A stale copy would be resumed by a later page; the memory copy is now the truth.
            let _ = s.remove_item(key);
            *backend = Backend::Memory(memory);
        }
        if let Backend::Memory(m) = &mut *backend {
            m.insert(key.to_owned(), value.to_owned());
        }
    }

    /// Removes `key`.
    pub fn remove(&self, key: &str) {
        match &mut *self.backend.borrow_mut() {
            Backend::Session(s) => {
                let _ = s.remove_item(key);
            }
            Backend::Memory(m) => {
                m.remove(key);
            }
        }
    }
}

/// A [`Store`] whose writes wait until the current task is done and are then carried out
/// together (from a microtask, so before the page can unload): a burst of changes to a key
/// costs one write. Reads see the writes still waiting. Cheap to clone.
#[derive(Clone)]
pub struct Batched(Rc<BatchedInner>);

struct BatchedInner {
    store: Store,
    /// Each key's latest value; `None` removes it.
    waiting: RefCell<HashMap<String, Option<String>>>,
    scheduled: Cell<bool>,
}

impl Batched {
    /// Batches the writes to `store`.
    pub fn new(store: Store) -> Batched {
        Batched(Rc::new(BatchedInner {
            store,
            waiting: RefCell::new(HashMap::new()),
            scheduled: Cell::new(false),
        }))
    }

    /// The value under `key`, a waiting write included.
    pub fn get(&self, key: &str) -> Option<String> {
        match self.0.waiting.borrow().get(key) {
            Some(value) => value.clone(),
            None => self.0.store.get(key),
        }
    }

    /// Stores `value` under `key` once the current task is done.
    pub fn set(&self, key: &str, value: &str) {
        self.later(key, Some(value.to_owned()));
    }

    /// Removes `key` once the current task is done.
    pub fn remove(&self, key: &str) {
        self.later(key, None);
    }

    fn later(&self, key: &str, value: Option<String>) {
        self.0.waiting.borrow_mut().insert(key.to_owned(), value);
        if !self.0.scheduled.replace(true) {
            let inner = self.0.clone();
            wasm_bindgen_futures::spawn_local(async move { inner.flush() });
        }
    }
}

impl BatchedInner {
    fn flush(&self) {
        self.scheduled.set(false);
        let waiting = std::mem::take(&mut *self.waiting.borrow_mut());
        for (key, value) in waiting {
            match value {
                Some(value) => self.store.set(&key, &value),
                None => self.store.remove(&key),
            }
        }
    }
}
