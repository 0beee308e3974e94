"""``{% asset 'path' %}``: ``{% static %}`` for the layout every page and error page shares.

With the production storage (a manifest of hashed names) ``{% static %}`` raises for a file
missing from the manifest, and the page fails: for a 404 or 500 page that would turn one error
into another. Here such a file is addressed by its plain name instead; the page still draws.
"""

from __future__ import annotations

import logging

from django import template
from django.conf import settings
from django.templatetags.static import static

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def asset(path: str) -> str:
    try:
        return static(path)
    except ValueError:
        logger.warning("Static file %s is missing from the manifest (run collectstatic)", path)
        return settings.STATIC_URL + path
