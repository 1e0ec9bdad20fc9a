from django.conf import settings
from django.utils.translation import get_language, get_language_bidi


def site_context(request):
    """Values every page template needs: site name, text direction, languages."""
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "LANGUAGE_BIDI": get_language_bidi(),
        "CURRENT_LANGUAGE": get_language(),
    }
