"""Text as it may be stored and matched: no control characters, service names normalised.

PostgreSQL refuses a NUL byte in text and any driver refuses a lone surrogate; SQLite stores both.
`strip_controls` removes them (and the other C0/C1 control characters, keeping tab and line breaks)
from every string column on the way in (models.CleanString), so both databases keep the same text
and a question with a stray NUL is still answered and audited.

`name_key` is how service names are compared: NFKC (full-width and compatibility letters become
plain ones), invisible characters removed (zero-width spaces and joiners, soft hyphens, BOM,
directional marks), whitespace folded, casefolded. `Sup\u200bport Bot` and `SUPPORT  bot` are the
same service as `Support Bot`; the name is shown as first registered.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab, LF, CR; DEL; C1 controls; lone surrogates (not encodable as UTF-8).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Format characters (Unicode category Cf) that draw nothing: zero-width space/joiners, soft hyphen,
# word joiner, BOM, bidi marks and isolates, invisible operators, Mongolian vowel separator.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")


def strip_controls(text: str) -> str:
    """`text` without NUL and other control characters (tab and line breaks stay)."""
    return _CONTROLS.sub("", text)


def visible(text: str) -> str:
    """NFKC, control and invisible characters removed: what a reader actually sees."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", strip_controls(text)))


def name_key(name: str) -> str:
    """The form service names are matched by: visible characters, single spaces, casefolded."""
    return " ".join(visible(name).split()).casefold()
