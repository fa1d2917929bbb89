//! Every shape of the service model (`connectparticipant-2018-09-07`), as Rust data.
//!
//! Member names are PascalCase on the wire, as in the model. Timestamps stay the ISO 8601
//! strings the service sends (see [`crate::time`] to read them). Optional members are
//! `Option`s and are left out of the JSON when `None`. Response types ignore members they do
//! not know, so a service that grows new ones keeps working.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::enums::string_enum;

string_enum! {
    /// `ArtifactStatus`: where an attachment is in the malware scan.
    ArtifactStatus { Approved = "APPROVED", Rejected = "REJECTED", InProgress = "IN_PROGRESS" }
}
string_enum! {
    /// `ChatItemType`: what a transcript item is.
    ChatItemType {
        Typing = "TYPING", ParticipantJoined = "PARTICIPANT_JOINED", ParticipantLeft = "PARTICIPANT_LEFT",
        ChatEnded = "CHAT_ENDED", TransferSucceeded = "TRANSFER_SUCCEEDED", TransferFailed = "TRANSFER_FAILED",
        Message = "MESSAGE", Event = "EVENT", Attachment = "ATTACHMENT", ConnectionAck = "CONNECTION_ACK",
        MessageDelivered = "MESSAGE_DELIVERED", MessageRead = "MESSAGE_READ",
        /// Receipts arrive with this type on the socket, though the model does not list it.
        MessageMetadata = "MESSAGEMETADATA",
    }
}
string_enum! {
    /// `ConnectionType`: what CreateParticipantConnection should return.
    ConnectionType { Websocket = "WEBSOCKET", ConnectionCredentials = "CONNECTION_CREDENTIALS", WebrtcConnection = "WEBRTC_CONNECTION" }
}
string_enum! {
    /// `ContentDisposition` of a GetAttachment URL.
    ContentDisposition { Inline = "INLINE", Attachment = "ATTACHMENT" }
}
string_enum! {
    /// `MeetingFeatureStatus`.
    MeetingFeatureStatus { Available = "AVAILABLE", Unavailable = "UNAVAILABLE" }
}
string_enum! {
    /// `MessageProcessingStatus`: what happened to a sent message before delivery.
    MessageProcessingStatus { Processing = "PROCESSING", Failed = "FAILED", Rejected = "REJECTED" }
}
string_enum! {
    /// `ParticipantRole`: who wrote an item.
    ParticipantRole { Agent = "AGENT", Customer = "CUSTOMER", System = "SYSTEM", CustomBot = "CUSTOM_BOT", Supervisor = "SUPERVISOR" }
}
string_enum! {
    /// `ResourceType` named by a ResourceNotFoundException.
    ResourceType {
        Contact = "CONTACT", ContactFlow = "CONTACT_FLOW", Instance = "INSTANCE", Participant = "PARTICIPANT",
        HierarchyLevel = "HIERARCHY_LEVEL", HierarchyGroup = "HIERARCHY_GROUP", User = "USER", PhoneNumber = "PHONE_NUMBER",
    }
}
string_enum! {
    /// `ScanDirection` of GetTranscript.
    ScanDirection { Forward = "FORWARD", Backward = "BACKWARD" }
}
string_enum! {
    /// `SortKey`: the order of GetTranscript's items.
    SortKey { Descending = "DESCENDING", Ascending = "ASCENDING" }
}

/// `AttachmentItem`: an attachment as a transcript item carries it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachmentItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ArtifactStatus>,
}

/// `Attendee` of a WebRTC meeting.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Attendee {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendee_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_token: Option<String>,
}

/// `AudioFeatures` of a WebRTC meeting.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AudioFeatures {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub echo_reduction: Option<MeetingFeatureStatus>,
}

/// `ConnectionCredentials`: the ConnectionToken that authenticates every call after the first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConnectionCredentials {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_token: Option<String>,
    /// ISO 8601, about a day after issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<String>,
}

/// `Item`: one entry of a transcript, as GetTranscript and the websocket deliver it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Item {
    /// ISO 8601 with milliseconds; the transcript's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absolute_time: Option<String>,
    /// The content, often itself JSON in a string (events, interactive messages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, rename = "Type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<ChatItemType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant_role: Option<ParticipantRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<AttachmentItem>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_metadata: Option<MessageMetadata>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_contact_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    /// Sent on websocket frames, though the model's `Item` does not list it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_contact_id: Option<String>,
}

/// `MeetingFeaturesConfiguration`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MeetingFeaturesConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<AudioFeatures>,
}

/// `MessageMetadata`: receipts and processing status of a message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MessageMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipts: Option<Vec<Receipt>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_processing_status: Option<MessageProcessingStatus>,
    /// On a streamed bot reply's items: `false` for a partial chunk, `true` for the completed
    /// item. Sent by the service, though the model does not declare it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_completed: Option<bool>,
    /// On a streamed reply's partial chunks: 1, 2, 3... (undeclared in the model too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chunk_number: Option<u32>,
}

/// `MessageProcessingMetadata`, returned by SendMessage.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MessageProcessingMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_processing_status: Option<MessageProcessingStatus>,
}

/// `Receipt`: when one recipient got and read a message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Receipt {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_timestamp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_timestamp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_participant_id: Option<String>,
}

/// `StartPosition` of GetTranscript: exactly one of its members is meant to be set.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartPosition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absolute_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub most_recent: Option<u32>,
}

/// `UploadMetadata`: where and how to PUT an attachment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UploadMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_expiry: Option<String>,
    /// The headers the PUT must carry, exactly: they are part of the signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers_to_include: Option<BTreeMap<String, String>>,
}

/// `View`: a ShowView UI definition returned by DescribeView.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct View {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<ViewContent>,
}

/// `ViewContent`: the view's template, its input schema and the actions it may send.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ViewContent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_schema: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<String>>,
}

/// `WebRTCConnection`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebRtcConnection {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendee: Option<Attendee>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<WebRtcMeeting>,
}

/// `WebRTCMediaPlacement`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebRtcMediaPlacement {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_host_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_fallback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signaling_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_ingestion_url: Option<String>,
}

/// `WebRTCMeeting`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebRtcMeeting {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_placement: Option<WebRtcMediaPlacement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting_features: Option<MeetingFeaturesConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting_id: Option<String>,
}

/// `Websocket`: the URL to open and the time by which it must be opened.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Websocket {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// ISO 8601, about 100 s after issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_expiry: Option<String>,
}
