"""Middleware of our own."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Thai unless the user chose otherwise with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, and many
    Thai phones are set to English; the app is Thai first, so only the user's
    explicit choice (the language cookie set by the switch) changes it.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# Pages under these prefixes show a network's personal data (/n/) or a report
# opened by its signed link (/r/).
PRIVATE_PATH_PREFIXES = ("/n/", "/r/")


class PrivatePagesNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every page with personal data.

    No shared proxy may keep them, and the browser keeps no copy on a shared
    computer (the back button after logout shows nothing). Static files and
    the health check keep their own caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(PRIVATE_PATH_PREFIXES):
            patch_cache_control(response, private=True, no_store=True)
        return response
