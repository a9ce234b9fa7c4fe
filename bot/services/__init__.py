"""Services: the domain logic between listeners (Slack) and storage/rules."""
