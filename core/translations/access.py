"""Who may use the translation screen: superusers and the members of the "Translators"
group (created by this app's migration, with no model permissions: a translator sees the
admin's index and the translation screen, nothing else)."""

TRANSLATORS_GROUP = "Translators"


def can_translate(user):
    """ROSETTA_ACCESS_CONTROL_FUNCTION. Staff only, as the admin's login lets only staff in."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name=TRANSLATORS_GROUP).exists()
