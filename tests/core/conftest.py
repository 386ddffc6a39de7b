import subprocess
import sys

import pytest

from tests.servers import ROOT, collectstatic, production_env


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected as the container's build collects them (once per run)."""
    root = tmp_path_factory.mktemp("staticfiles")
    collectstatic(root)
    return root


@pytest.fixture(scope="session")
def production_sqlite(tmp_path_factory):
    """DATABASE_URL of a SQLite file migrated and loaded with the content, as bin/start
    leaves a database, for servers started with the production settings (once per run)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('production') / 'db.sqlite3'}"
    for command in (["migrate", "--no-input"], ["load_content"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "--verbosity", "0"],
            env=production_env(DATABASE_URL=url),
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
    return url
