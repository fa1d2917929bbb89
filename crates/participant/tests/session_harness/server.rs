//! The in-memory Participant Service: transcript, tokens, sockets, ClientToken
//! idempotency, and the faults it can be told to inflict.

use std::collections::{BTreeMap, HashMap, VecDeque};

use connect_participant::content::EventType;
use connect_participant::frames::{ClientFrame, ServerFrame};
use connect_participant::model::*;
use connect_participant::session::*;
use connect_participant::time::{format_iso8601, Millis};
use connect_participant::*;

use super::{AGENT, CONTACT, ME, PARTICIPANT_TOKEN, T0};

/// A failure the network or the service will inflict on the next HTTP request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpFault {
    /// Answer with this status (429, 500, 503...).
    Status(u16),
    /// The request never reaches the service.
    Network,
    /// The service applies the request, but the answer is lost on the way back.
    LoseResponse,
}

/// What the in-memory service knows.
#[derive(Debug)]
pub struct Server {
    pub items: Vec<Item>,
    next: u64,
    /// ConnectionToken -> expiry.
    pub tokens: HashMap<String, Millis>,
    /// websocket URL -> the time by which it must be opened.
    urls: HashMap<String, Millis>,
    /// Open sockets: id -> (subscribed, deaf). A deaf socket loses every frame both ways.
    pub sockets: BTreeMap<SocketId, (bool, bool)>,
    /// ClientToken -> (Id, AbsoluteTime) of SendMessage.
    sent: HashMap<String, (String, String)>,
    pub ended: bool,
    pub token_life: Millis,
    pub url_life: Millis,
    pub http_faults: VecDeque<HttpFault>,
    /// Subscribe answers that will be failures.
    pub subscribe_failures: u32,
    /// Heartbeats are not answered (the socket stays open).
    pub heartbeat_deaf: bool,
    /// Frames for the client, and sockets the server closed.
    pub frames_out: Vec<(SocketId, String)>,
    pub closed_out: Vec<SocketId>,
    /// Every request received: (operation path, bearer, body).
    pub requests: Vec<(String, String, String)>,
    /// Receipts received: (message id, content type).
    pub receipts: Vec<(String, String)>,
    /// Echo a customer's message on the socket before answering SendMessage.
    pub echo_first: bool,
    /// How many participants are active (receipts get 409 above 2).
    pub participants: usize,
    pub upload_put_status: u16,
    /// Websockets cannot be opened (a proxy blocks them); HTTP works.
    pub sockets_blocked: bool,
    pub now: Millis,
}

impl Default for Server {
    fn default() -> Self {
        Server {
            items: Vec::new(),
            next: 1,
            tokens: HashMap::new(),
            urls: HashMap::new(),
            sockets: BTreeMap::new(),
            sent: HashMap::new(),
            ended: false,
            token_life: 24 * 3600 * 1000,
            url_life: 100_000,
            http_faults: VecDeque::new(),
            subscribe_failures: 0,
            heartbeat_deaf: false,
            frames_out: Vec::new(),
            closed_out: Vec::new(),
            requests: Vec::new(),
            receipts: Vec::new(),
            echo_first: false,
            participants: 2,
            upload_put_status: 200,
            sockets_blocked: false,
            now: T0,
        }
    }
}

fn error(status: u16, kind: &str) -> HttpResponse {
    HttpResponse::new(status, format!(r#"{{"message":"{kind}"}}"#))
        .with_header("x-amzn-ErrorType", kind)
}

fn ok(value: serde_json::Value) -> HttpResponse {
    HttpResponse::new(200, value.to_string())
}

impl Server {
    fn id(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{:06}", self.next)
    }

    /// Appends an item to the transcript at the current time and sends it to subscribers.
    pub fn add(&mut self, mut item: Item) -> Item {
        item.id = Some(self.id("i"));
        item.absolute_time = Some(format_iso8601(self.now));
        item.initial_contact_id
            .get_or_insert_with(|| CONTACT.into());
        item.contact_id.get_or_insert_with(|| CONTACT.into());
        self.items.push(item.clone());
        self.broadcast(&item);
        item
    }

    pub fn broadcast(&mut self, item: &Item) {
        let text = ServerFrame::Chat(Box::new(item.clone())).to_json();
        for (&id, &(subscribed, deaf)) in &self.sockets {
            if subscribed && !deaf {
                self.frames_out.push((id, text.clone()));
            }
        }
    }

    /// An item of a bot's streamed reply under `id`: a partial (`chunk` = its ChunkNumber)
    /// is only delivered; the completed item (`chunk` = `None`) is also kept, without the
    /// streaming members, as the service keeps it.
    pub fn bot_chunk(&mut self, id: &str, text: &str, chunk: Option<u32>) -> Item {
        let mut item = message("bot", ParticipantRole::System, text);
        item.id = Some(id.into());
        item.absolute_time = Some(format_iso8601(self.now));
        item.contact_id = Some(CONTACT.into());
        item.initial_contact_id = Some(CONTACT.into());
        if chunk.is_none() {
            self.items.push(item.clone());
        }
        item.message_metadata = Some(MessageMetadata {
            message_completed: Some(chunk.is_none()),
            chunk_number: chunk,
            ..MessageMetadata::default()
        });
        self.broadcast(&item);
        item
    }

    pub fn agent_says(&mut self, text: &str) -> Item {
        self.add(message(AGENT, ParticipantRole::Agent, text))
    }

    pub fn event(&mut self, who: &str, event: EventType, content: Option<&str>) -> Item {
        self.add(Item {
            kind: Some(ChatItemType::Event),
            content_type: Some(event.as_str().into()),
            content: content.map(str::to_owned),
            participant_id: Some(who.into()),
            participant_role: Some(if who == ME {
                ParticipantRole::Customer
            } else {
                ParticipantRole::Agent
            }),
            ..Item::default()
        })
    }

    /// Sends a non-transcript item (typing, receipts) to subscribers only.
    pub fn push_ephemeral(&mut self, mut item: Item) {
        item.id = Some(self.id("e"));
        item.absolute_time = Some(format_iso8601(self.now));
        self.broadcast(&item);
    }

    pub fn drop_sockets(&mut self) {
        let ids: Vec<_> = self.sockets.keys().copied().collect();
        self.sockets.clear();
        self.closed_out.extend(ids);
    }

    pub fn deafen_sockets(&mut self) {
        for s in self.sockets.values_mut() {
            s.1 = true;
        }
    }

    pub fn expire_tokens(&mut self) {
        let now = self.now;
        for e in self.tokens.values_mut() {
            *e = now;
        }
    }

    pub fn end_chat(&mut self) {
        self.event(AGENT, EventType::ChatEnded, None);
        self.ended = true;
    }

    /// The transcript items the client should show, in order (not the customer's own
    /// auto-disconnection).
    pub fn timeline_ids(&self) -> Vec<String> {
        let own_notice = |i: &Item| {
            i.participant_id.as_deref() == Some(ME)
                && i.event_type() == Some(EventType::ParticipantAutoDisconnection)
        };
        self.items
            .iter()
            .filter(|i| is_timeline_item(i) && !own_notice(i))
            .filter_map(|i| i.id.clone())
            .collect()
    }

    fn token_ok(&self, bearer: &str) -> bool {
        !self.ended && self.tokens.get(bearer).is_some_and(|&e| self.now < e)
    }

    pub fn http(&mut self, request: &HttpRequest) -> Result<HttpResponse, String> {
        let path = request
            .url
            .strip_prefix("http://emu")
            .unwrap_or(&request.url)
            .to_owned();
        let bearer = request.header("X-Amz-Bearer").unwrap_or("").to_owned();
        let body = request.body.clone().unwrap_or_default();
        self.requests
            .push((path.clone(), bearer.clone(), body.clone()));
        let fault = self.http_faults.pop_front();
        match fault {
            Some(HttpFault::Network) => return Err("network down".into()),
            Some(HttpFault::Status(s)) => {
                let kind = match s {
                    429 => "ThrottlingException",
                    400 => "ValidationException",
                    402 => "ServiceQuotaExceededException",
                    _ => "InternalServerException",
                };
                return Ok(error(s, kind));
            }
            _ => {}
        }
        let response = self.route(&path, &bearer, &body);
        if fault == Some(HttpFault::LoseResponse) {
            return Err("connection reset".into());
        }
        Ok(response)
    }

    fn route(&mut self, path: &str, bearer: &str, body: &str) -> HttpResponse {
        if path == "/participant/connection" {
            if self.ended || bearer != PARTICIPANT_TOKEN {
                return error(403, "AccessDeniedException");
            }
            let token = self.id("ct");
            self.tokens
                .insert(token.clone(), self.now + self.token_life);
            let url = format!("ws://emu/{}", self.id("ws"));
            self.urls.insert(url.clone(), self.now + self.url_life);
            return ok(serde_json::json!({
                "Websocket": {"Url": url, "ConnectionExpiry": format_iso8601(self.now + self.url_life)},
                "ConnectionCredentials": {"ConnectionToken": token, "Expiry": format_iso8601(self.now + self.token_life)},
            }));
        }
        if !self.token_ok(bearer) {
            return error(403, "AccessDeniedException");
        }
        match path {
            "/participant/message" => {
                let req: SendMessage = serde_json::from_str(body).unwrap();
                let token = req.client_token.clone().unwrap();
                if let Some((id, time)) = self.sent.get(&token) {
                    return ok(serde_json::json!({"Id": id, "AbsoluteTime": time}));
                }
                let mut item = message(ME, ParticipantRole::Customer, &req.content);
                item.content_type = Some(req.content_type.clone());
                // The echo goes out with `frames_out`; the world decides whether it reaches
                // the client before or after this answer (`echo_first`).
                let item = self.add(item);
                let (id, time) = (item.id.clone().unwrap(), item.absolute_time.unwrap());
                self.sent.insert(token, (id.clone(), time.clone()));
                ok(serde_json::json!({"Id": id, "AbsoluteTime": time}))
            }
            "/participant/event" => {
                let req: SendEvent = serde_json::from_str(body).unwrap();
                if req.content_type.ends_with("message.delivered")
                    || req.content_type.ends_with("message.read")
                {
                    if self.participants > 2 {
                        return error(409, "ConflictException");
                    }
                    let receipt: serde_json::Value =
                        serde_json::from_str(req.content.as_deref().unwrap()).unwrap();
                    self.receipts.push((
                        receipt["messageId"].as_str().unwrap().to_owned(),
                        req.content_type.clone(),
                    ));
                }
                let id = self.id("ev");
                ok(serde_json::json!({"Id": id, "AbsoluteTime": format_iso8601(self.now)}))
            }
            "/participant/transcript" => {
                let req: GetTranscript = serde_json::from_str(body).unwrap();
                self.transcript(&req)
            }
            "/participant/disconnect" => {
                self.event(ME, EventType::ParticipantLeft, None);
                self.ended = true;
                ok(serde_json::json!({}))
            }
            "/participant/start-attachment-upload" => {
                let id = self.id("att");
                ok(serde_json::json!({
                    "AttachmentId": id,
                    "UploadMetadata": {"Url": format!("http://s3/{id}"), "UrlExpiry": format_iso8601(self.now + 300_000),
                        "HeadersToInclude": {"Content-Type": "image/png", "x-amz-acl": "private"}},
                }))
            }
            "/participant/complete-attachment-upload" => ok(serde_json::json!({})),
            "/participant/authentication-url" => {
                let req: GetAuthenticationUrl = serde_json::from_str(body).unwrap();
                ok(serde_json::json!({
                    "AuthenticationUrl": format!("https://auth.example/{}?r={}", req.session_id, req.redirect_uri),
                }))
            }
            "/participant/cancel-authentication" => ok(serde_json::json!({})),
            p if p.starts_with("/participant/views/") => ok(serde_json::json!({
                "View": {"Id": "view-1", "Name": "Form", "Version": 1,
                    "Content": {"Template": "{}", "Actions": ["Submit"]}},
            })),
            "/participant/attachment" => ok(serde_json::json!({
                "Url": "http://s3/download", "UrlExpiry": format_iso8601(self.now + 60_000), "AttachmentSizeInBytes": 10,
            })),
            _ => error(404, "ResourceNotFoundException"),
        }
    }

    /// GetTranscript: FORWARD from StartPosition Id (inclusive) or from the start; BACKWARD
    /// (the default without StartPosition) from the end. NextToken encodes where to go on.
    /// A persistent chat's past items (`RelatedContactId`, no `ContactId`) are the contact's
    /// first.
    fn transcript(&self, req: &GetTranscript) -> HttpResponse {
        let ours = |i: &&Item| match &i.contact_id {
            Some(c) => c == CONTACT,
            None => i.related_contact_id.is_some(),
        };
        let list: Vec<&Item> = match &req.contact_id {
            Some(c) if c != CONTACT => Vec::new(),
            _ => self.items.iter().filter(ours).collect(),
        };
        let max = req.max_results.unwrap_or(10).max(1) as usize;
        let forward = match (&req.scan_direction, &req.start_position) {
            (Some(ScanDirection::Forward), _) => true,
            (Some(_), _) => false,
            (None, Some(_)) => true,
            (None, None) => false,
        };
        let (lo, hi) = if let Some(token) = &req.next_token {
            let (dir, n) = token.split_once(':').unwrap();
            let n: usize = n.parse().unwrap();
            if dir == "f" {
                (n, (n + max).min(list.len()))
            } else {
                (n.saturating_sub(max), n)
            }
        } else if forward {
            let start = match req.start_position.as_ref().and_then(|p| p.id.as_ref()) {
                Some(id) => match list.iter().position(|i| i.id.as_ref() == Some(id)) {
                    Some(p) => p,
                    None => return error(400, "ValidationException"),
                },
                None => 0,
            };
            (start, (start + max).min(list.len()))
        } else {
            (list.len().saturating_sub(max), list.len())
        };
        let next = if forward && hi < list.len() {
            Some(format!("f:{hi}"))
        } else if !forward && lo > 0 {
            Some(format!("b:{lo}"))
        } else {
            None
        };
        let mut page: Vec<Item> = list[lo..hi].iter().map(|i| (*i).clone()).collect();
        if req.sort_order != Some(SortKey::Ascending) {
            page.reverse();
        }
        ok(serde_json::json!({"InitialContactId": CONTACT, "Transcript": page, "NextToken": next}))
    }

    pub fn open(&mut self, socket: SocketId, url: &str) -> bool {
        if self.sockets_blocked {
            return false;
        }
        match self.urls.get(url) {
            Some(&deadline) if self.now < deadline && !self.ended => {
                self.sockets.insert(socket, (false, false));
                true
            }
            _ => false,
        }
    }

    pub fn frame(&mut self, socket: SocketId, text: &str) {
        let Some(&(_, deaf)) = self.sockets.get(&socket) else {
            return;
        };
        if deaf {
            return;
        }
        match ClientFrame::parse(text).unwrap() {
            ClientFrame::Subscribe => {
                let ok = if self.subscribe_failures > 0 {
                    self.subscribe_failures -= 1;
                    false
                } else {
                    true
                };
                if ok {
                    self.sockets.insert(socket, (true, false));
                }
                let status = if ok { "success" } else { "failure" };
                self.frames_out.push((
                    socket,
                    ServerFrame::Subscribed {
                        ok,
                        status: status.into(),
                    }
                    .to_json(),
                ));
            }
            ClientFrame::Heartbeat => {
                if !self.heartbeat_deaf {
                    self.frames_out
                        .push((socket, ServerFrame::Heartbeat.to_json()));
                }
            }
            ClientFrame::Ping => self.frames_out.push((
                socket,
                ServerFrame::Ping {
                    status_code: Some(200),
                }
                .to_json(),
            )),
        }
    }
}

pub fn message(who: &str, role: ParticipantRole, text: &str) -> Item {
    Item {
        kind: Some(ChatItemType::Message),
        content_type: Some("text/plain".into()),
        content: Some(text.into()),
        participant_id: Some(who.into()),
        display_name: Some(who.into()),
        participant_role: Some(role),
        ..Item::default()
    }
}
