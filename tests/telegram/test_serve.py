"""`supportdesk serve` with a bot token runs the long-polling child: a real round trip.

The desk runs as `make run` starts it (uvicorn, worker, scheduler, and now the poller);
the bot is pointed at the fake Bot API, a user writes /start, and the answer arrives.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.telegram.bot_api_server import TOKEN
from tests.telegram.chat import fixture_update, next_update_id


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_starts_the_poller_and_the_bot_answers(fake_bot_api_session, tmp_path: Path):
    server = fake_bot_api_session
    server.reset()
    update = fixture_update("tg_message_text.json")
    update["update_id"] = next_update_id()
    update["message"]["text"] = "/start"
    server.push_update(update)
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {
        "SUPPORTDESK_VAR_DIR": str(tmp_path / "var"),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": server.api_url,
    }
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "supportdesk", "serve", "--no-demo", "--port", str(_free_port())],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not server.messages_to(12345678):
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            time.sleep(0.5)
        [greeting] = server.messages_to(12345678)
        assert greeting.params["text"].startswith("Здравствуйте!")
        assert server.calls_to("deleteWebhook")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
