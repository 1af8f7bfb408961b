"""A badge image of our own (SVG) with the signed credential baked in, as Open Badges 3.0 "Baking" says:
an ``<openbadges:credential>`` element right after ``<svg>``, holding the credential's JSON in CDATA.

The image is accessible: ``role="img"``, named by its ``<title>`` and described by its ``<desc>``; white text on
Okabe-Ito blue (contrast 5.1:1).
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

OPENBADGES_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
BLUE, WHITE = "#0072B2", "#FFFFFF"


def credential_json(credential: dict[str, Any]) -> str:
    """The credential as JSON that can sit in CDATA: ``]]>`` may only occur inside a string, where
    ``\\u003e`` is the same character."""
    return json.dumps(credential, indent=2, ensure_ascii=False).replace("]]>", "]]\\u003e")


def baked_svg(credential: dict[str, Any], label: str, title: str, description: str) -> str:
    """A round badge reading ``label`` (e.g. "Session 2"), carrying ``credential``."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{OPENBADGES_NAMESPACE}" viewBox="0 0 256 256"
     width="256" height="256" role="img" aria-labelledby="badge-title" aria-describedby="badge-desc">
<openbadges:credential><![CDATA[{credential_json(credential)}]]></openbadges:credential>
<title id="badge-title">{escape(title)}</title>
<desc id="badge-desc">{escape(description)}</desc>
<circle cx="128" cy="128" r="120" fill="{BLUE}"/>
<circle cx="128" cy="128" r="104" fill="none" stroke="{WHITE}" stroke-width="6"/>
<path d="M92 104 l24 24 l48 -48" fill="none" stroke="{WHITE}" stroke-width="14" stroke-linecap="round"
      stroke-linejoin="round"/>
<text x="128" y="178" text-anchor="middle" font-family="Verdana, DejaVu Sans, sans-serif" font-size="28"
      font-weight="bold" fill="{WHITE}">{escape(label)}</text>
</svg>
"""

