"""Editors' history in the admin: every save and delete recorded, compared and restored
(django-reversion, django-reversion-compare), and no silent overwrite between editors."""


class HistoryAdminMixin:
    """Filled in by the history work (issue 10)."""
