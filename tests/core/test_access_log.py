"""The web server's access log never records what a visitor typed in a URL's query (postal codes, towns)."""

import datetime
import runpy
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[2]


def _line(environ_overrides: dict[str, str]) -> str:
    config = Config()
    config.set("logconfig_dict", {})
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config.set("accesslog", "-")
    config.set("access_log_format", settings["access_log_format"])
    environ = {
        "REQUEST_METHOD": "GET",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_USER_AGENT": "Firefox",
        **environ_overrides,
    }
    environ.setdefault("RAW_URI", environ["PATH_INFO"])
    response = SimpleNamespace(status="404 Not Found", sent=12, headers=[])
    logger = settings["logger_class"](config)
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(milliseconds=3))
    return config.access_log_format % atoms


def test_a_decoded_line_break_in_a_url_cannot_forge_a_log_line():
    line = _line({"PATH_INFO": '/x\r\n203.0.113.9 - "GET /admin/ HTTP/1.1" 200', "HTTP_USER_AGENT": "a\nb"})

    assert "\n" not in line and "\r" not in line
    assert "\\x0d\\x0a" in line


def test_a_registration_number_typed_in_a_url_is_masked():
    for typed in ("/parent/enfants/K7M-4QX-R2P/", "/rsge/reserve/enfants/k7m4qxr2p/"):
        line = _line({"PATH_INFO": typed})
        assert "K7M" not in line.upper() and "[numéro]" in line


def test_the_access_log_keeps_the_path_and_drops_the_query_and_the_referrer():
    line = _line(
        {
            "RAW_URI": "/carte/?q=H2J+2H5&radius=5",
            "PATH_INFO": "/carte/",
            "QUERY_STRING": "q=H2J+2H5&radius=5",
            "HTTP_REFERER": "https://portail.example/carte/?q=G1R+4P5",
        }
    )

    assert '"GET /carte/ HTTP/1.1" 404' in line
    assert "H2J" not in line
    assert "G1R" not in line
    assert "radius" not in line
