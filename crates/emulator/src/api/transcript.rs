//! GetTranscript: pages of a contact's items, in either direction and order.

use connect_participant::model::{Item, ScanDirection, SortKey};
use connect_participant::time::parse_iso8601;
use connect_participant::*;

use super::{enum_error, Call, Serve};
use crate::error::ApiError;

/// A position in a transcript scan, carried in NextToken.
fn encode_next(contact_id: &str, index: usize, forward: bool) -> String {
    hex::encode(format!(
        "v1|{contact_id}|{index}|{}",
        if forward { "F" } else { "B" }
    ))
}

fn decode_next(token: &str) -> Option<(String, usize, bool)> {
    let text = String::from_utf8(hex::decode(token).ok()?).ok()?;
    let mut parts = text.split('|');
    if parts.next()? != "v1" {
        return None;
    }
    let contact = parts.next()?.to_owned();
    let index = parts.next()?.parse().ok()?;
    let forward = match parts.next()? {
        "F" => true,
        "B" => false,
        _ => return None,
    };
    Some((contact, index, forward))
}

/// One page of a transcript, as GetTranscript's documentation describes it.
pub fn page(
    items: &[Item],
    contact_id: &str,
    request: &GetTranscript,
) -> Result<(Vec<Item>, Option<String>), ApiError> {
    // An empty StartPosition (the official client library always sends one) means none.
    let start_position = request
        .start_position
        .as_ref()
        .filter(|p| p.id.is_some() || p.absolute_time.is_some() || p.most_recent.is_some());
    let forward = match &request.scan_direction {
        Some(ScanDirection::Forward) => true,
        Some(ScanDirection::Backward) => false,
        Some(ScanDirection::Unknown(v)) => {
            return Err(enum_error("scanDirection", v, &["FORWARD", "BACKWARD"]))
        }
        // Default: BACKWARD without StartPosition, FORWARD with it.
        None => start_position.is_some(),
    };
    let ascending = match &request.sort_order {
        Some(SortKey::Ascending) => true,
        Some(SortKey::Descending) | None => false,
        Some(SortKey::Unknown(v)) => {
            return Err(enum_error("sortOrder", v, &["DESCENDING", "ASCENDING"]))
        }
    };
    let len = items.len();
    // `start` is the index of the first item to take, scanning in `forward`'s direction;
    // a backward scan that has nothing left has start None.
    let start: Option<usize> = if let Some(token) = &request.next_token {
        let (token_contact, index, token_forward) =
            decode_next(token).ok_or_else(|| ApiError::validation("The NextToken is not valid"))?;
        if token_contact != contact_id || token_forward != forward {
            return Err(ApiError::validation(
                "The NextToken belongs to another transcript or scan direction",
            ));
        }
        Some(index)
    } else if let Some(position) = start_position {
        if let Some(id) = &position.id {
            let index = items
                .iter()
                .position(|i| i.id.as_deref() == Some(id.as_str()))
                .ok_or_else(|| {
                    ApiError::validation(format!("StartPosition.Id {id} is not in this transcript"))
                })?;
            Some(index)
        } else if let Some(time) = &position.absolute_time {
            let at = parse_iso8601(time).ok_or_else(|| {
                ApiError::validation(format!(
                    "StartPosition.AbsoluteTime '{time}' is not an ISO 8601 time (yyyy-MM-ddThh:mm:ss.SSSZ)"
                ))
            })?;
            let time_of = |i: &Item| i.time_millis().unwrap_or(0);
            if forward {
                Some(items.iter().position(|i| time_of(i) >= at).unwrap_or(len))
            } else {
                items.iter().rposition(|i| time_of(i) <= at)
            }
        } else {
            // MostRecent n starts at the n-th newest item (0 is the newest); the filter above
            // leaves it as the only member that can be set here.
            let n = position.most_recent.unwrap_or(0) as usize;
            Some(len.saturating_sub(1).saturating_sub(n))
        }
    } else if forward {
        Some(0)
    } else {
        len.checked_sub(1)
    };
    let max = match request.max_results {
        None | Some(0) => 10,
        Some(n) => n as usize,
    };
    let mut page = Vec::new();
    let mut next = None;
    if let Some(start) = start {
        if forward {
            let end = start.saturating_add(max).min(len);
            page.extend_from_slice(items.get(start..end).unwrap_or(&[]));
            if end < len {
                next = Some(encode_next(contact_id, end, true));
            }
        } else if start < len {
            let first = (start + 1).saturating_sub(max);
            page.extend_from_slice(&items[first..=start]);
            if first > 0 {
                next = Some(encode_next(contact_id, first - 1, false));
            }
        } else {
            return Err(ApiError::validation("The NextToken is past the transcript"));
        }
    }
    // Items are stored ascending; the page is returned in the requested order.
    if !ascending {
        page.reverse();
    }
    Ok((page, next))
}

impl Serve for GetTranscript {
    fn serve(call: &Call<'_, Self>, request: Self) -> Result<Self::Output, ApiError> {
        let caller = call.caller()?;
        let state = call.app.lock();
        let contact_id = request
            .contact_id
            .clone()
            .unwrap_or_else(|| caller.contact_id.clone());
        if !state.chain(&caller.contact_id).contains(&contact_id) {
            return Err(ApiError::access_denied(
                "The ContactId is not part of this participant's contact chain",
            ));
        }
        let contact = state
            .contacts
            .get(&contact_id)
            .ok_or_else(|| ApiError::access_denied("Unknown contact"))?;
        let (transcript, next_token) = page(&contact.items, &contact_id, &request)?;
        Ok(GetTranscriptResponse {
            initial_contact_id: Some(contact.initial_contact_id.clone()),
            transcript,
            next_token,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use connect_participant::model::StartPosition;
    use connect_participant::time::{format_iso8601, Millis};

    fn items(n: usize) -> Vec<Item> {
        (0..n)
            .map(|i| Item {
                id: Some(format!("i{i}")),
                absolute_time: Some(format_iso8601(1_000_000 + i as Millis * 1000)),
                ..Item::default()
            })
            .collect()
    }

    fn ids(page: &[Item]) -> Vec<&str> {
        page.iter().map(|i| i.id.as_deref().unwrap()).collect()
    }

    #[test]
    fn empty_transcripts_give_empty_pages_in_every_direction() {
        for direction in [
            None,
            Some(ScanDirection::Forward),
            Some(ScanDirection::Backward),
        ] {
            let request = GetTranscript {
                scan_direction: direction,
                ..GetTranscript::default()
            };
            let (page, next) = page(&[], "c", &request).unwrap();
            assert!(page.is_empty() && next.is_none());
        }
    }

    #[test]
    fn backward_pages_walk_to_the_start_and_stop() {
        let all = items(5);
        let mut request = GetTranscript {
            max_results: Some(2),
            sort_order: Some(SortKey::Ascending),
            ..GetTranscript::default()
        };
        let mut pages = Vec::new();
        loop {
            let (page, next) = page(&all, "c", &request).unwrap();
            pages.push(ids(&page).join(","));
            match next {
                Some(token) => request.next_token = Some(token),
                None => break,
            }
        }
        assert_eq!(pages, ["i3,i4", "i1,i2", "i0"]);
    }

    #[test]
    fn an_empty_start_position_is_no_start_position() {
        // The official client library sends `"StartPosition":{}` when given none.
        let all = items(5);
        let empty = GetTranscript {
            start_position: Some(StartPosition::default()),
            max_results: Some(2),
            ..GetTranscript::default()
        };
        let none = GetTranscript {
            max_results: Some(2),
            ..GetTranscript::default()
        };
        assert_eq!(
            page(&all, "c", &empty).unwrap(),
            page(&all, "c", &none).unwrap()
        );
        assert_eq!(ids(&page(&all, "c", &empty).unwrap().0), ["i4", "i3"]);
    }

    #[test]
    fn positions_past_either_end_give_empty_pages() {
        let all = items(3);
        let late = GetTranscript {
            start_position: Some(StartPosition {
                absolute_time: Some(format_iso8601(9_000_000)),
                ..StartPosition::default()
            }),
            ..GetTranscript::default()
        };
        assert!(page(&all, "c", &late).unwrap().0.is_empty());
        let early = GetTranscript {
            scan_direction: Some(ScanDirection::Backward),
            start_position: Some(StartPosition {
                absolute_time: Some(format_iso8601(0)),
                ..StartPosition::default()
            }),
            ..GetTranscript::default()
        };
        assert!(page(&all, "c", &early).unwrap().0.is_empty());
        // MostRecent beyond the transcript starts at the oldest item.
        let recent = GetTranscript {
            start_position: Some(StartPosition {
                most_recent: Some(50),
                ..StartPosition::default()
            }),
            sort_order: Some(SortKey::Ascending),
            ..GetTranscript::default()
        };
        assert_eq!(
            ids(&page(&all, "c", &recent).unwrap().0),
            ["i0", "i1", "i2"]
        );
    }

    #[test]
    fn next_tokens_are_bound_to_their_contact() {
        let all = items(5);
        let first = GetTranscript {
            max_results: Some(1),
            ..GetTranscript::default()
        };
        let (_, next) = page(&all, "c", &first).unwrap();
        let elsewhere = GetTranscript {
            next_token: next,
            ..GetTranscript::default()
        };
        assert!(page(&all, "other", &elsewhere).is_err());
        let forged = GetTranscript {
            next_token: Some(hex::encode("v1|c|99|B")),
            ..GetTranscript::default()
        };
        assert!(page(&all, "c", &forged).is_err());
        let far = GetTranscript {
            next_token: Some(hex::encode(format!("v1|c|{}|F", usize::MAX))),
            scan_direction: Some(ScanDirection::Forward),
            ..GetTranscript::default()
        };
        assert!(page(&all, "c", &far).unwrap().0.is_empty());
    }
}
