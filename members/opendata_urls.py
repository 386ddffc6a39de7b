"""The open data files (members/opendata.py): one address each, outside the language
prefixes, since each holds every language."""

from django.urls import path

from members import opendata

app_name = "opendata"

urlpatterns = [
    path("directory.json", opendata.directory_json, name="directory-json"),
    path("datapackage.json", opendata.datapackage_json, name="datapackage"),
    *(
        path(table.path, opendata.table_csv, {"table": table.name}, name=f"{table.name}-csv")
        for table in opendata.TABLES
    ),
]
