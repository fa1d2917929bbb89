//! Static DOM built from data: elements, attributes and text nodes, never markup.
//!
//! For content that is drawn once and replaced whole (a message's text), building the nodes
//! directly costs one small function instead of a reactive view per node.

use web_sys::Element;

/// A new element named `tag`, not yet in the document.
pub fn element(tag: &str) -> Element {
    leptos::prelude::document()
        .create_element(tag)
        // The widget passes only fixed, valid tag names.
        .expect("a fixed tag name is valid")
}

/// Sets `name` to `value` on `el`.
pub fn set_attribute(el: &Element, name: &str, value: &str) {
    // Fails only for an invalid attribute name; the widget passes fixed, valid names.
    let _ = el.set_attribute(name, value);
}

/// Appends `child` as the last child of `parent`.
pub fn append(parent: &Element, child: &Element) {
    // Fails only when `child` contains `parent`; a freshly built child never does.
    let _ = parent.append_child(child);
}

/// Appends `text` to `parent` as a text node: it is never read as markup.
pub fn append_text(parent: &Element, text: &str) {
    // Fails only on a node that cannot have children; callers pass elements.
    let _ = parent.append_with_str_1(text);
}

/// Removes all of `el`'s children.
pub fn clear(el: &Element) {
    el.set_text_content(None);
}
