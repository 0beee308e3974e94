"""Writes. Every state-changing operation is a function here with keyword-only arguments and an
explicit ``actor``; views, the API, admin actions, commands and tasks all call these."""
