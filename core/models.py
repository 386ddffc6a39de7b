from core.sanitize import sanitise_instance
from serbian.models import SerbianScriptsModel


class ContentModel(SerbianScriptsModel):
    """What editors write: on every save its texts are sanitised, then the other Serbian
    script is filled from them, then the fields derived from both (SerbianScriptsModel's
    save pipeline)."""

    class Meta:
        abstract = True

    def clean_texts(self):
        sanitise_instance(self)
