"""Herdbook's Slack application: listeners, Block Kit, storage and scheduled jobs."""
