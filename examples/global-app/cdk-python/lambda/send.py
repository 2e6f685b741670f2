# The notifications handler (boto3), deployed to both Regions by NotificationsApiStack. Each copy
# writes to its own Region's replica of the global table named by NOTIFICATIONS_TABLE.
import os
import time
import uuid

import boto3
from boto3.dynamodb.conditions import Attr

# Correct: the client takes the Region Lambda runs in, so each copy uses its local replica.
table = boto3.resource("dynamodb").Table(os.environ["NOTIFICATIONS_TABLE"])


def handler(event, context):
    if event.get("action") == "read":
        return mark_read(event["messageId"], event["version"])
    return record_delivery(event["member"], event["text"])


def record_delivery(member, text):
    # Flaw: an unconditional put. During a failover both Regions may record the same delivery id
    # (a retried request), and last-writer-wins silently drops one copy's status.
    # Fix: ConditionExpression=Attr("messageId").not_exists().
    message_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{member}/{text}"))
    table.put_item(Item={"messageId": message_id, "member": member, "text": text, "status": "SENT", "version": 1})
    return {"messageId": message_id}


def mark_read(message_id, version):
    # Correct: optimistic locking on a version attribute, so a stale copy cannot overwrite a newer one.
    table.update_item(
        Key={"messageId": message_id},
        UpdateExpression="SET #s = :read, version = version + :one, readAt = :now",
        ConditionExpression=Attr("version").eq(version),
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":read": "READ", ":one": 1, ":now": int(time.time())},
    )
    return {"messageId": message_id, "status": "READ"}
