"""Production's static files storage: each URL from the manifest once per process, the same URL as
whitenoise's own storage gives."""

import json

from whitenoise.storage import CompressedManifestStaticFilesStorage

from portail.core.static_files import StaticFilesStorage


def _manifest(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"paths": {"directory/map.js": "directory/map.0123456789ab.js"}, "version": "1.1"})
    )
    return {"location": str(tmp_path), "base_url": "/static/"}


def test_each_url_is_read_from_the_manifest_once_and_is_whitenoise_s(tmp_path, monkeypatch, settings):
    settings.DEBUG = False
    options = _manifest(tmp_path)
    expected = CompressedManifestStaticFilesStorage(**options).url("directory/map.js")
    storage = StaticFilesStorage(**options)
    calls = []
    original = CompressedManifestStaticFilesStorage.url

    def counted(self, name, force=False):
        calls.append(name)
        return original(self, name, force)

    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "url", counted)

    assert storage.url("directory/map.js") == storage.url("directory/map.js") == expected
    assert expected == "/static/directory/map.0123456789ab.js"
    assert calls == ["directory/map.js"]
