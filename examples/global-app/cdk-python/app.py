#!/usr/bin/env python3
# The notifications service of global-app, as a CDK app in Python. It follows the same plan as the
# rest of the shop: us-east-1 serves, eu-west-1 is the warm standby, Route 53 fails over between them.
import os

import aws_cdk as cdk

from stacks.notifications_stack import NotificationsApiStack, NotificationsDataStack, NotificationsDnsStack

app = cdk.App()
account = os.environ.get("CDK_DEFAULT_ACCOUNT")

PRIMARY = "us-east-1"
STANDBY = "eu-west-1"

# The global table is defined once, in the primary Region; its replica lives in the standby.
NotificationsDataStack(app, "NotificationsData", env=cdk.Environment(account=account, region=PRIMARY))

# Correct: one stack class for both Regions, so the standby runs exactly the code the primary runs.
for region in [PRIMARY, STANDBY]:
    NotificationsApiStack(app, f"NotificationsApi-{region}", env=cdk.Environment(account=account, region=region))

# Route 53 is a global service; its stack lives in us-east-1, like global/dns.yaml.
NotificationsDnsStack(app, "NotificationsDns", env=cdk.Environment(account=account, region=PRIMARY))

app.synth()
