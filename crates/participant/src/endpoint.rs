//! Where the service is: a region's endpoint, or a custom URL.

/// The base URL of the Participant Service, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: String,
}

impl Endpoint {
    /// A custom endpoint (an emulator, a proxy); a trailing `/` is dropped.
    pub fn custom(url: impl Into<String>) -> Endpoint {
        let mut url = url.into();
        while url.ends_with('/') {
            url.pop();
        }
        Endpoint { url }
    }

    /// The standard endpoint of a region: `https://participant.connect.{region}.amazonaws.com`.
    pub fn region(region: &str) -> Endpoint {
        Endpoint {
            url: format!("https://participant.connect.{region}.amazonaws.com"),
        }
    }

    /// The base URL.
    pub fn url(&self) -> &str {
        &self.url
    }
}
