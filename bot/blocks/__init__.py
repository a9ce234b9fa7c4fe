"""Pure Block Kit builders (slack_sdk.models), one module per kind of message or view."""
