# A request line up to 8190 bytes (Gunicorn's maximum; its default is 4094): the search form's query travels in
# the URL, and a pasted paragraph makes it long. nginx in front takes up to 8 KiB too (large_client_header_buffers).
limit_request_line = 8190

# A file of one's own replaces Gunicorn's defaults as a whole: the two workers the stack would give otherwise.
workers = 2
