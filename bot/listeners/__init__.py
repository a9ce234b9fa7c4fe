"""Every Slack entry point, one module per surface; each module has `register(app, deps)`."""

from __future__ import annotations

from slack_bolt import App

from bot.reply import Deps


def register_listeners(app: App, deps: Deps) -> None:
    from bot.listeners import commands, events, home
    from bot.listeners import register as register_modal

    commands.register(app, deps)
    events.register(app, deps)
    home.register(app, deps)
    register_modal.register(app, deps)
    from bot.listeners import checkin

    checkin.register(app, deps)  # the check-in DM's buttons and its report modal
    from bot.listeners import verdict

    verdict.register(app, deps)  # "Show all reasons" on a long answer
    from bot.listeners import reviews

    reviews.register(app, deps)  # the OSPO review queue: Ask button, decision buttons and modal
    from bot.listeners import duties

    duties.register(app, deps)  # the duties checklist's boxes and evidence modal
    # Last, after every other listener: acknowledge events nobody listens to, so Slack never retries them.
    events.register_fallback(app)
