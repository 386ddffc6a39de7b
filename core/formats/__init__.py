"""Our changes to Django's date formats (settings.FORMAT_MODULE_PATH).

Serbian writes the month of a full date in the genitive: "28. novembra 2026.". Django's
Serbian formats use ``F`` (the nominative, "28. novembar 2026."); ``E`` is the "alt. month"
name, which our catalogue translates with the genitive (see core.i18n).
"""
