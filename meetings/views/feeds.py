"""The feed addresses calendar apps subscribe to. They send no cookies, so the token in the
address is the only key; an unknown or revoked one answers 404 like a page that never existed."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_GET

from meetings import feeds


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    found = feeds.feed_token(token)
    if found is None:
        raise Http404
    if_none_match = request.headers.get("If-None-Match")
    if_modified_since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if if_none_match or if_modified_since is not None:
        etag, changed = feeds.feed_tag(found)
        last_modified = int(changed.timestamp())
        if (if_none_match and etag in if_none_match) or (
            not if_none_match and if_modified_since >= last_modified
        ):
            response = HttpResponseNotModified()
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified)
            response["Cache-Control"] = "private, no-cache"
            return response
    state = feeds.feed_state(found)
    response = HttpResponse(
        feeds.render_feed(found, state), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="expertdesk.ics"'
    response["ETag"] = state.etag
    response["Last-Modified"] = http_date(int(state.last_modified.timestamp()))
    response["Cache-Control"] = "private, no-cache"
    return response
