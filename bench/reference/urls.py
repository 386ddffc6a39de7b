from django.http import HttpResponse
from django.urls import path

PARAGRAPH = (
    "<p>The reference page is a fixed document about as large as one of the site’s "
    "pages, so that both sides of every ratio send a comparable body over the same "
    "sockets. Nothing in it is computed per request.</p>\n"
)
# About 15 KB, like the pages it is compared with (the issue measured 14.6 KB).
PAGE = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    "<title>Reference</title>\n</head>\n<body>\n<main>\n<h1>Reference</h1>\n"
    + PARAGRAPH * 70
    + "</main>\n</body>\n</html>\n"
).encode()


def page(request):
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")


urlpatterns = [path("", page, name="reference")]
