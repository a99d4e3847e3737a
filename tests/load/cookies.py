"""Print a session cookie per measured company user: "COOKIE label sessionid=..." (manage.py shell)."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

for username in os.environ.get("LOAD_USERS", "load0 qiye").split():
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        continue
    client = Client()
    client.force_login(user)
    print(
        "COOKIE",
        username,
        f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
    )
