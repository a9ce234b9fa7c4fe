"""The register form: a modal with the service name, license version, owner, current MAU and first month.

A pure builder (values in, a view dict out), in the language of the person who opens it; every label,
hint and placeholder is the catalogs' ([register] in bot/locales/).
"""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.i18n import t

CALLBACK = "herdbook_register"
FIELD = "value"  # every input's action_id


def register_view(*, licenses: list[str], default_license: str, user_id: str | None,
                  channel_id: str | None, lang: str = "en") -> dict[str, Any]:
    default = default_license if default_license in licenses else (licenses[0] if licenses else None)
    options = [Option(value=lic, text=lic) for lic in licenses][:100]
    initial = next((o for o in options if o.value == default), None)
    blocks = [
        InputBlock(block_id="service", label=t("register.service", lang),
                   element=PlainTextInputElement(action_id=FIELD, max_length=120,
                                                 placeholder=t("register.service_placeholder", lang))),
        InputBlock(block_id="license", label=t("register.license", lang),
                   element=StaticSelectElement(action_id=FIELD, options=options, initial_option=initial)),
        InputBlock(block_id="owner", label=t("register.owner", lang),
                   hint=t("register.owner_hint", lang),
                   element=UserSelectElement(action_id=FIELD, initial_user=user_id) if user_id
                   else UserSelectElement(action_id=FIELD)),
        InputBlock(block_id="mau", label=t("register.mau", lang), optional=True,
                   element=PlainTextInputElement(action_id=FIELD, placeholder=t("register.mau_placeholder", lang))),
        InputBlock(block_id="since", label=t("register.since", lang), optional=True,
                   hint=t("register.since_hint", lang),
                   element=PlainTextInputElement(action_id=FIELD, placeholder=t("register.since_placeholder", lang),
                                                 max_length=7)),
        ContextBlock(elements=[MarkdownTextObject(text=t("register.who_may", lang))]),
    ]
    # The form's language travels with it, so that its errors and confirmation are in the same one.
    meta = {"channel_id": channel_id, **({"lang": lang} if lang != "en" else {})}
    view = View(type="modal", callback_id=CALLBACK, title=t("register.title", lang), submit=t("register.submit", lang),
                close=t("register.close", lang), private_metadata=json.dumps(meta), blocks=blocks)
    return view.to_dict()
