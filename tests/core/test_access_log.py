"""The web server's access log never records what a visitor typed in a URL's query (postal codes, towns)."""

import datetime
import runpy
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

ROOT = Path(__file__).resolve().parents[2]


def test_the_access_log_keeps_the_path_and_drops_the_query_and_the_referrer():
    config = Config()
    config.set("logconfig_dict", {})
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config.set("accesslog", "-")
    config.set("access_log_format", settings["access_log_format"])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/carte/?q=H2J+2H5&radius=5",
        "PATH_INFO": "/carte/",
        "QUERY_STRING": "q=H2J+2H5&radius=5",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_REFERER": "https://portail.example/carte/?q=G1R+4P5",
        "HTTP_USER_AGENT": "Firefox",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    logger = Logger(config)
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(milliseconds=12))

    line = config.access_log_format % atoms

    assert '"GET /carte/ HTTP/1.1" 200' in line
    assert "H2J" not in line
    assert "G1R" not in line
    assert "radius" not in line
