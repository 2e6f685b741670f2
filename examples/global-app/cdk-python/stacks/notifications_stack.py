# The notifications service: a DynamoDB global table of messages, the function that sends them in
# each Region (lambda/send.py), and the DNS that fails the service over.
from aws_cdk import Duration, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_route53 as route53
from constructs import Construct

# The table keeps this name in every Region, so each Region's function finds its local replica by it.
NOTIFICATIONS_TABLE_NAME = "global-app-notifications"
STANDBY_REGION = "eu-west-1"


class NotificationsDataStack(Stack):
    """us-east-1 only: the global table."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)

        # Flaw: a customer managed key that is not multi-Region. It cannot be used in eu-west-1, so
        # the replica there is encrypted under another key, and a failover depends on two keys.
        # Fix: kms.Key(..., multi_region=True) is not an L2 option yet; set it on the L1:
        # key.node.default_child.multi_region = True, and replicate the key to eu-west-1.
        key = kms.Key(self, "MessagesKey", enable_key_rotation=True)

        # Correct: a TableV2 with a replica in the standby Region; CDK turns on the stream that
        # replication needs.
        dynamodb.TableV2(
            self,
            "Messages",
            table_name=NOTIFICATIONS_TABLE_NAME,
            partition_key=dynamodb.Attribute(name="messageId", type=dynamodb.AttributeType.STRING),
            replicas=[dynamodb.ReplicaTableProps(region=STANDBY_REGION)],
            encryption=dynamodb.TableEncryptionV2.customer_managed_key(
                key, {STANDBY_REGION: "arn:aws:kms:eu-west-1:111111111111:key/notifications-standby"}
            ),
        )


class NotificationsApiStack(Stack):
    """Both Regions: the function that sends notifications and records them in the local replica."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        # Correct: the table is found by name, through the environment, in whichever Region runs it.
        lambda_.Function(
            self,
            "SendFn",
            runtime=lambda_.Runtime.PYTHON_3_12,
            handler="send.handler",
            code=lambda_.Code.from_asset("lambda"),
            timeout=Duration.seconds(10),
            environment={"NOTIFICATIONS_TABLE": NOTIFICATIONS_TABLE_NAME},
        )


class NotificationsDnsStack(Stack):
    """us-east-1: notify. fails over from us-east-1 to eu-west-1."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        # Correct: the PRIMARY is health-checked every 10 s and both records keep a 60 s TTL.
        check = route53.CfnHealthCheck(
            self,
            "NotifyPrimaryCheck",
            health_check_config=route53.CfnHealthCheck.HealthCheckConfigProperty(
                type="HTTPS",
                fully_qualified_domain_name="notify-us-east-1.global-app.example.com",
                resource_path="/health",
                request_interval=10,
                failure_threshold=3,
            ),
        )
        for role, region in [("PRIMARY", "us-east-1"), ("SECONDARY", STANDBY_REGION)]:
            route53.CfnRecordSet(
                self,
                f"Notify-{role}",
                hosted_zone_name="global-app.example.com.",
                name="notify.global-app.example.com.",
                type="CNAME",
                ttl="60",
                failover=role,
                set_identifier=f"notify-{region}",
                health_check_id=check.attr_health_check_id if role == "PRIMARY" else None,
                resource_records=[f"notify-{region}.global-app.example.com"],
            )
