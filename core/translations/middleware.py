from core.translations.catalogues import reload_if_changed


class CatalogueReloadMiddleware:
    """Before each request, drop this process's cached catalogues if a translator's save
    (in any process sharing the catalogue folder) changed the compiled files. It costs a
    few stat() calls and no cache or database round trip."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reload_if_changed()
        return self.get_response(request)
