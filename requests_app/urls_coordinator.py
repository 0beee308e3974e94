"""Coordinator pages: the triage inbox and the request workspace (namespace ``requests``)."""

urlpatterns: list = []
