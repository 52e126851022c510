"""mentorlog's folders are the ones platformdirs names, without importing it on every command."""

from __future__ import annotations

import pytest

from mentorlog.domain import folders

platformdirs = pytest.importorskip("platformdirs")


@pytest.mark.skipif(not folders.XDG, reason="the XDG rule is read by hand on Linux and the BSDs only")
@pytest.mark.parametrize("data_home, config_home", [("", ""), ("   ", ""), ("/srv/data", "/srv/config"),
                                                     ("relative/data", "~/cfg")])
def test_the_folders_are_platformdirs_own(monkeypatch, tmp_path, data_home, config_home):
    monkeypatch.setenv("HOME", str(tmp_path))
    for variable, value in (("XDG_DATA_HOME", data_home), ("XDG_CONFIG_HOME", config_home)):
        if value:
            monkeypatch.setenv(variable, value)
        else:
            monkeypatch.delenv(variable, raising=False)
    assert str(folders.data_dir()) == platformdirs.user_data_dir("mentorlog", appauthor=False)
    assert str(folders.config_dir()) == platformdirs.user_config_dir("mentorlog", appauthor=False)


def test_a_command_on_the_default_journal_does_not_import_platformdirs(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "MENTORLOG_DB"}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "mentorlog", "status"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "platformdirs" not in done.stderr
