"""Django's database sessions, read with SQL written out: every signed-in request reads its session,
and compiling the ORM's query for it cost more than running it. Still stored in PostgreSQL (never in
the cookie); writing, expiry and clearing are Django's."""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        alias = router.db_for_read(model)
        if connections[alias].vendor != "postgresql":
            return super()._get_session_from_db()
        sql = f"SELECT * FROM {model._meta.db_table} WHERE session_key = %s AND expire_date > %s"
        found = next(iter(model.objects.using(alias).raw(sql, [self.session_key, timezone.now()])), None)
        if found is None:
            self._session_key = None
        return found
