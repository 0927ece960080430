"""The public site's views: ``pages`` (home, classes, codes, search, 404, robots.txt),
``guides`` (the guides and their steps), ``api`` (the JSON API) and ``tryit`` (answers with any
status, for trying a client).
"""
