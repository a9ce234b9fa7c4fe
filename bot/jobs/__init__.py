"""Scheduled work: check-ins, reminders, the threshold sweep and outbox delivery.

Every step takes `now` and computes what is due from the database; APScheduler (clock.py) only
decides when to look.
"""
