#!/usr/bin/env python3
"""Drives connect-emulator with the official AWS SDK for Python (boto3).

Starts the emulator binary, reads its JSON start-up line, and runs all 11 Participant
Service operations and several exception types through boto3's `connectparticipant` client,
so the SDK itself parses every response and error. Prints "N passed, N failed" and exits
non-zero on any failure.

    .venv/bin/python crates/emulator/tests/boto3_conformance.py [--binary PATH]

The binary defaults to $CONNECT_EMULATOR_BIN, else target/debug/connect-emulator, else
target/emu/debug/connect-emulator (relative to the repository root).
"""

import argparse
import json
import os
import select
import subprocess
import sys
import time
import traceback
import urllib.request
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PASSED = 0
FAILED = 0


def check(name, condition, detail=""):
    global PASSED, FAILED
    if condition:
        PASSED += 1
        print(f"ok   {name}")
    else:
        FAILED += 1
        print(f"FAIL {name} {detail}")


def find_binary(explicit):
    candidates = [explicit, os.environ.get("CONNECT_EMULATOR_BIN"),
                  os.path.join(ROOT, "target", "debug", "connect-emulator"),
                  os.path.join(ROOT, "target", "emu", "debug", "connect-emulator")]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    sys.exit("connect-emulator binary not found; build it (cargo build -p connect-emulator) or pass --binary")


def start_emulator(binary):
    proc = subprocess.Popen([binary, "--port", "0", "--agent", "scripted"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ready, _, _ = select.select([proc.stdout], [], [], 15)
    if not ready:
        proc.kill()
        sys.exit("the emulator printed no start-up line within 15 s")
    line = proc.stdout.readline()
    try:
        return proc, json.loads(line)
    except json.JSONDecodeError:
        proc.kill()
        sys.exit(f"the start-up line is not JSON: {line!r}")


def post_json(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def error_of(call):
    """Runs `call` and returns (code, HTTP status, message, exception) of the ClientError."""
    try:
        call()
    except ClientError as e:
        err = e.response.get("Error", {})
        return err.get("Code"), e.response["ResponseMetadata"]["HTTPStatusCode"], err.get("Message"), e
    return None, None, None, None


def wait_for(client, token, predicate, what, limit=10.0):
    """Polls GetTranscript (newest first) until an item matches; bounded in time."""
    deadline = time.time() + limit
    while time.time() < deadline:
        items = client.get_transcript(ConnectionToken=token, MaxResults=100)["Transcript"]
        for item in items:
            if predicate(item):
                return item
        time.sleep(0.1)
    raise AssertionError(f"no {what} in the transcript within {limit} s")


def run(urls):
    client = boto3.client(
        "connectparticipant", endpoint_url=urls["participant_url"], region_name="us-east-1",
        aws_access_key_id="emulator", aws_secret_access_key="emulator",
        config=Config(retries={"total_max_attempts": 1}))
    start = post_json(urls["participant_url"] + "/start-chat",
                      {"ParticipantDetails": {"DisplayName": "boto3"}})
    check("start-chat returns ids and token",
          all(k in start for k in ("ContactId", "ParticipantId", "ParticipantToken")))

    # 1 CreateParticipantConnection
    conn = client.create_participant_connection(
        ParticipantToken=start["ParticipantToken"],
        Type=["WEBSOCKET", "CONNECTION_CREDENTIALS"], ConnectParticipant=True)
    token = conn["ConnectionCredentials"]["ConnectionToken"]
    check("CreateParticipantConnection", conn["Websocket"]["Url"].startswith("ws://127.0.0.1:")
          and conn["Websocket"]["ConnectionExpiry"].endswith("Z") and len(token) > 20)
    check("x-amzn-RequestId on answers", bool(conn["ResponseMetadata"].get("RequestId")))

    # 2 SendMessage, with ClientToken idempotency
    sent = client.send_message(ConnectionToken=token, ContentType="text/plain",
                               Content="hello from boto3", ClientToken="boto3-1")
    again = client.send_message(ConnectionToken=token, ContentType="text/plain",
                                Content="hello from boto3", ClientToken="boto3-1")
    check("SendMessage", bool(sent["Id"]) and sent["AbsoluteTime"].endswith("Z"))
    check("SendMessage ClientToken idempotency", sent["Id"] == again["Id"])

    # The scripted agent reads it; the receipt is kept on the message.
    read = wait_for(client, token, lambda i: i.get("Id") == sent["Id"] and any(
        r.get("ReadTimestamp") for r in i.get("MessageMetadata", {}).get("Receipts", [])),
        "a read receipt on the message")
    check("Receipts on transcript items",
          read["MessageMetadata"]["MessageId"] == sent["Id"]
          and read["MessageMetadata"]["Receipts"][0]["RecipientParticipantId"] != start["ParticipantId"])

    # 3 SendEvent
    event = client.send_event(ConnectionToken=token,
                              ContentType="application/vnd.amazonaws.connect.event.typing")
    check("SendEvent", bool(event["Id"]))

    # 4 GetTranscript, with paging options
    page = client.get_transcript(ConnectionToken=token, MaxResults=1, SortOrder="ASCENDING",
                                 ScanDirection="FORWARD", StartPosition={"MostRecent": 0})
    check("GetTranscript", len(page["Transcript"]) == 1
          and page["InitialContactId"] == start["ContactId"])
    first = client.get_transcript(ConnectionToken=token, MaxResults=1, ScanDirection="FORWARD",
                                  SortOrder="ASCENDING")
    second = client.get_transcript(ConnectionToken=token, MaxResults=1, ScanDirection="FORWARD",
                                   SortOrder="ASCENDING", NextToken=first["NextToken"])
    check("GetTranscript NextToken", first["Transcript"][0]["Id"] != second["Transcript"][0]["Id"])
    check("typing stays out of the transcript", not any(
        i.get("ContentType", "").endswith(".typing")
        for i in client.get_transcript(ConnectionToken=token, MaxResults=100)["Transcript"]))

    # 5-7 StartAttachmentUpload, the PUT, CompleteAttachmentUpload, GetAttachment
    body = b"boto3 attachment body"
    upload = client.start_attachment_upload(
        ConnectionToken=token, ContentType="text/plain", AttachmentSizeInBytes=len(body),
        AttachmentName="boto3.txt", ClientToken=str(uuid.uuid4()))
    meta = upload["UploadMetadata"]
    check("StartAttachmentUpload", bool(upload["AttachmentId"]) and "X-Amz-Signature=" in meta["Url"]
          and "Content-Length" in meta["HeadersToInclude"])
    put = urllib.request.Request(meta["Url"], data=body, method="PUT",
                                 headers=meta["HeadersToInclude"])
    with urllib.request.urlopen(put, timeout=10) as response:
        check("presigned PUT", response.status == 200)
    client.complete_attachment_upload(ConnectionToken=token,
                                      AttachmentIds=[upload["AttachmentId"]],
                                      ClientToken=str(uuid.uuid4()))
    check("CompleteAttachmentUpload", True)
    item = wait_for(client, token, lambda i: i.get("Type") == "ATTACHMENT", "ATTACHMENT item")
    check("scan approves", item["Attachments"][0]["Status"] == "APPROVED")
    got = client.get_attachment(ConnectionToken=token, AttachmentId=upload["AttachmentId"],
                                UrlExpiryInSeconds=60)
    with urllib.request.urlopen(got["Url"], timeout=10) as response:
        check("GetAttachment", response.read() == body
              and got["AttachmentSizeInBytes"] == len(body))

    # 8 DescribeView, through the scripted agent's /view
    client.send_message(ConnectionToken=token, ContentType="text/plain", Content="/view")
    view_item = wait_for(client, token, lambda i: "ViewResource" in i.get("Content", ""),
                         "ViewResource message")
    view_token = json.loads(view_item["Content"])["data"]["content"]["viewToken"]
    view = client.describe_view(ConnectionToken=token, ViewToken=view_token)["View"]
    check("DescribeView", view["Name"] == "Form" and "Submit" in view["Content"]["Actions"]
          and isinstance(json.loads(view["Content"]["Template"])["Body"], list)
          and json.loads(view["Content"]["InputSchema"])["type"] == "object")

    # 9-10 GetAuthenticationUrl, CancelParticipantAuthentication, through /auth
    client.send_message(ConnectionToken=token, ContentType="text/plain", Content="/auth")
    auth_item = wait_for(client, token, lambda i: i.get("ContentType", "").endswith(
        "authentication.initiated"), "authentication.initiated")
    session = json.loads(auth_item["Content"])["SessionId"]
    url = client.get_authentication_url(ConnectionToken=token, SessionId=session,
                                        RedirectUri="https://shop.example/back")
    check("GetAuthenticationUrl", url["AuthenticationUrl"].startswith(urls["participant_url"]))
    client.cancel_participant_authentication(ConnectionToken=token, SessionId=session)
    check("CancelParticipantAuthentication", True)

    # Exceptions, as boto3 models them.
    code, status, message, exc = error_of(lambda: client.send_message(
        ConnectionToken="not-a-token", ContentType="text/plain", Content="x"))
    check("AccessDeniedException", code == "AccessDeniedException" and status == 403
          and isinstance(exc, client.exceptions.AccessDeniedException) and message, f"{code} {status}")
    code, status, message, exc = error_of(lambda: client.send_message(
        ConnectionToken=token, ContentType="text/html", Content="<b>x</b>"))
    check("ValidationException", code == "ValidationException" and status == 400
          and isinstance(exc, client.exceptions.ValidationException) and message, f"{code} {status}")
    code, status, _, exc = error_of(lambda: client.describe_view(ConnectionToken=token,
                                                                  ViewToken="no-such-view"))
    check("ResourceNotFoundException", code == "ResourceNotFoundException" and status == 404
          and isinstance(exc, client.exceptions.ResourceNotFoundException)
          and exc.response.get("ResourceId") == "no-such-view", f"{code} {status}")
    pending = client.start_attachment_upload(
        ConnectionToken=token, ContentType="text/plain", AttachmentSizeInBytes=3,
        AttachmentName="never.txt", ClientToken=str(uuid.uuid4()))
    code, status, _, exc = error_of(lambda: client.complete_attachment_upload(
        ConnectionToken=token, AttachmentIds=[pending["AttachmentId"]], ClientToken=str(uuid.uuid4())))
    check("ConflictException", code == "ConflictException" and status == 409
          and isinstance(exc, client.exceptions.ConflictException), f"{code} {status}")
    post_json(urls["control_url"] + "/faults",
              {"operation": "SendMessage", "count": 1, "error": "ThrottlingException"})
    code, status, _, exc = error_of(lambda: client.send_message(
        ConnectionToken=token, ContentType="text/plain", Content="x"))
    check("ThrottlingException", code == "ThrottlingException" and status == 429
          and isinstance(exc, client.exceptions.ThrottlingException), f"{code} {status}")
    post_json(urls["control_url"] + "/faults",
              {"operation": "GetTranscript", "count": 1, "error": "InternalServerException"})
    code, status, _, exc = error_of(lambda: client.get_transcript(ConnectionToken=token))
    check("InternalServerException", code == "InternalServerException" and status == 500
          and isinstance(exc, client.exceptions.InternalServerException), f"{code} {status}")
    post_json(urls["control_url"] + "/faults", {"operation": "StartAttachmentUpload", "count": 1,
                                                "error": "ServiceQuotaExceededException"})
    code, status, _, exc = error_of(lambda: client.start_attachment_upload(
        ConnectionToken=token, ContentType="text/plain", AttachmentSizeInBytes=3,
        AttachmentName="q.txt", ClientToken=str(uuid.uuid4())))
    check("ServiceQuotaExceededException", code == "ServiceQuotaExceededException" and status == 402
          and isinstance(exc, client.exceptions.ServiceQuotaExceededException), f"{code} {status}")

    # 11 DisconnectParticipant, and 403 afterwards
    client.disconnect_participant(ConnectionToken=token, ClientToken=str(uuid.uuid4()))
    check("DisconnectParticipant", True)
    code, status, _, _ = error_of(lambda: client.send_message(
        ConnectionToken=token, ContentType="text/plain", Content="late"))
    check("403 after disconnect", code == "AccessDeniedException" and status == 403, f"{code}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", help="path to the connect-emulator binary")
    args = parser.parse_args()
    proc, urls = start_emulator(find_binary(args.binary))
    try:
        run(urls)
    except Exception:  # an unexpected SDK error or a failed wait counts as a failure
        global FAILED
        FAILED += 1
        traceback.print_exc()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(f"{PASSED} passed, {FAILED} failed")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
