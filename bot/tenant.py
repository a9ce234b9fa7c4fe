"""Which tenant (Herdbook workspace record) a Slack request belongs to.

Slack installs an app either in one workspace (the key is its team id, even inside an Enterprise
Grid org) or org-wide on Enterprise Grid (`is_enterprise_install: true`; the key is the enterprise
id, and every workspace of the org shares the installation). Herdbook keys its records the same way,
so two orgs never share records, while an org-wide install sees one register across its workspaces.

Bolt's own extractors read the ids wherever each payload kind keeps them (`team_id` of a command,
`authorizations[0]` of an event, `team`/`enterprise`/`user.team_id` of an action or view), and
they are the same ones Bolt uses to pick the installation.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.request.internals import extract_enterprise_id, extract_is_enterprise_install, extract_team_id


def tenant_key(body: dict[str, Any]) -> str | None:
    """The enterprise id for an org-wide install, else the team id; None when the payload has neither."""
    if extract_is_enterprise_install(body):
        return extract_enterprise_id(body) or None
    return extract_team_id(body) or None
