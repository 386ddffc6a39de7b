from django.db import connections


class QueryCountMiddleware:
    """Adds ``X-Bench-Queries``: the SQL queries this request ran, on every database.

    Outermost in the bench's middleware, so sessions, authentication and a page cache are
    counted too. It counts with execute_wrapper because connection.queries stays empty
    when DEBUG is off, as it is under production settings.
    """

    header = "X-Bench-Queries"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = [connection.execute_wrapper(counter) for connection in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response[self.header] = str(count)
        return response
