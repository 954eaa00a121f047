import os

from django.core.wsgi import get_wsgi_application

from mahalleh.config.runtime import prepare_process

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mahalleh.config.settings")
application = get_wsgi_application()
prepare_process()
