"""Several replicas behind nginx (deploy/nginx.conf.template): visitors are spread across the
replicas, each stays on the replica that holds its session (page, then websocket), and every
interaction through the proxy is answered without an error."""

import asyncio
import os
import subprocess
from pathlib import Path

from bench import proxy_load
from bench.proxy_load import LogLine, Proxy, render_config, spread
from bench.screens import KNOWN
from bench.server import StreamlitServer


def test_the_rendered_config_is_valid_nginx_on_loopback_only(tmp_path):
    config = render_config(tmp_path, 8080, [9001, 9002])
    assert "listen 127.0.0.1:8080;" in config and "@PREFIX@" not in config and "@REPLICAS@" not in config
    assert "server 127.0.0.1:9001;" in config and "server 127.0.0.1:9002;" in config
    (tmp_path / "nginx.conf").write_text(config, encoding="utf-8")
    checked = subprocess.run([proxy_load.NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                             capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr


def test_a_visitor_split_across_replicas_is_not_sticky():
    page = LogLine("k1", "127.0.0.1:9001", 200, "GET /ranking HTTP/1.1")
    socket_same = LogLine("k1", "127.0.0.1:9001", 101, "GET /_stcore/stream HTTP/1.1")
    socket_other = LogLine("k2", "127.0.0.1:9002", 101, "GET /_stcore/stream HTTP/1.1")
    assert spread([page, socket_same], [9001, 9002]) == ([1, 0], True)
    moved = LogLine("k1", "127.0.0.1:9002", 101, "GET /_stcore/stream HTTP/1.1")
    assert spread([page, moved], [9001, 9002]) == ([0, 1], False)  # the session is on another replica
    assert spread([page, socket_same, socket_other], [9001, 9002])[1] is False  # a websocket without its page


def test_visitors_through_the_proxy_spread_over_two_replicas_and_stay_on_theirs(built_db):
    db_dir = Path(os.environ["DTI_DB_DIR"])
    screens = [KNOWN["ranking"], KNOWN["province"]]
    with StreamlitServer("app.py", db_dir, start_timeout=180) as first, \
            StreamlitServer("app.py", db_dir, start_timeout=180) as second:
        with Proxy([first.port, second.port]) as proxy:
            found = asyncio.run(proxy_load.run_visitors(proxy, screens, 16, 8))
            per_replica, sticky = spread(proxy.log(), [first.port, second.port])
    assert found["errors"] == []
    assert sum(per_replica) == 16 and min(per_replica) >= 1  # 16 random keys: all on one replica is ~1 in 30,000
    assert sticky
    assert len(found["answer_ms"]) >= 16  # every visitor changed a widget through the proxy, not only opened
