"""The one function that makes user-supplied text safe to send to Slack.

Slack reads `<...>` in a message's `text` and in mrkdwn blocks as a control sequence: `<!channel>`,
`<!here>`, `<!everyone>` notify everyone, `<@U123>` mentions a person, `<https://x|label>` is a link.
Slack's rule for text from elsewhere is to escape `&`, `<` and `>` as `&amp;`, `&lt;` and `&gt;`;
the text then reads the same and controls nothing. Every service name, question, note and display
name goes through `slack_escape` before it is placed in a message; mentions Herdbook builds itself
(`<@U..>` for an owner, `<#C..>` for the alert channel) are added around the escaped text.
"""

from __future__ import annotations


def slack_escape(text: object) -> str:
    """`text` with &, < and > escaped for Slack (a non-string is formatted with str() first)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
