"""Services: what a listener calls between parsing a request and rendering the answer.

Each module takes the database session or engine, the Slack client and `now` as arguments; none
reads a global or the clock.
"""
