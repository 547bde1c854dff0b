# Searches from the front end can be long: Gunicorn's largest request line, not its 4094-byte default.
limit_request_line = 8190
