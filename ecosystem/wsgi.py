import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecosystem.settings")

application = get_wsgi_application()

# Imported after Django is set up; before the first request opens a connection.
from ecosystem.core.timeouts import serve_web  # noqa: E402

serve_web()
