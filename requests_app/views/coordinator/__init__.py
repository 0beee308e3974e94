"""Coordinator pages, one module per page: ``inbox``, ``workspace`` (the request and its
actions) and ``experts`` (suggestions, assigning, releasing); ``common`` holds the deadline
presenter and the access rule they share. Forms: ``requests_app.forms_coordinator``."""
