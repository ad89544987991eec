"""Through nginx, in a real browser, on the installed wheel in production mode: people log in, post,
find a colleague and the post (indexed by the task worker into Elasticsearch with security on), and a
direct message goes live from a socket on one daphne process to a socket on the other.
Every page visited passes axe-core's WCAG 2.1 A/AA rules."""

import json
import re
import secrets
import time

from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, log_in
from tests.production.stack import PASSWORD, PEOPLE

YEAR = 365 * 24 * 3600


LIVE = "New messages appear here as they arrive."  # the conversation page's status once its socket is open


def ws_connects(daphne) -> int:
    """How many sockets (/ws/, the page's one) the process has accepted so far."""
    return sum('"WSCONNECT /ws/" ' in line for line in daphne.access_lines())


def open_conversation(page) -> None:
    """Aino's page, on Bertta's profile: start the conversation and wait until its socket is open."""
    page.goto("/people/bertta/")
    with page.expect_navigation():
        page.get_by_role("button", name="Send a message to Bertta Berg").click()
    assert "/messages/" in page.url
    expect(page.get_by_text(LIVE)).to_be_visible()


def test_log_in_post_in_a_group_and_find_it_and_a_colleague(person_page, deployment):
    page = person_page()
    log_in(page, PEOPLE["aino"], PASSWORD)
    page.goto("/groups/hanke/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Yhteishanke")
    assert_accessible(page)
    word = f"tilaajavastuu{secrets.token_hex(3)}"
    page.get_by_label(re.compile(r"^Message")).fill(f"Who knows the rules on {word} in joint procurement?")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish").click()
    expect(page.locator("main")).to_contain_text(word)

    # A colleague, by skill: the people index was built by `search_reindex` on the secured node.
    page.goto("/search/?q=procurement")
    expect(page.locator(".search-results")).to_contain_text("Kaisa Nieminen")
    assert_accessible(page)

    # The new post: indexed on commit by a task that the worker process ran.
    deadline = time.monotonic() + 60
    while True:
        page.goto(f"/search/?q={word}&type=posts")
        if word in page.locator("main").inner_text() or time.monotonic() > deadline:
            break
        time.sleep(1)
    expect(page.locator(".search-results")).to_contain_text(word)
    assert_accessible(page)


def test_a_direct_message_goes_live_from_one_process_to_the_other(person_page, deployment):
    first, second = deployment.daphnes
    aino, bertta = person_page(0), person_page(1)
    log_in(aino, PEOPLE["aino"], PASSWORD)
    log_in(bertta, PEOPLE["bertta"], PASSWORD)

    open_conversation(aino)
    assert_accessible(aino)
    # The page's modules are collectstatic's hashed files, and their imports name hashed files too:
    # the page went live above, so every import resolved (through the proxy, with the strict CSP).
    modules = aino.eval_on_selector_all('script[type="module"]', "nodes => nodes.map((node) => node.src)")
    assert modules and all(re.search(r"\.[0-9a-f]{12}\.js$", src) for src in modules), modules
    loaded = aino.evaluate("performance.getEntriesByType('resource').map((entry) => entry.name)")
    assert any(re.search(r"/static/frontend/live\.[0-9a-f]{12}\.js$", name) for name in loaded), loaded
    on_first, on_second = ws_connects(first), ws_connects(second)
    assert on_first >= 1

    bertta.goto(aino.url)
    expect(bertta.get_by_text(LIVE)).to_be_visible()
    # Aino's sockets are on process 1, Bertta's on process 2.
    assert ws_connects(second) > on_second
    assert ws_connects(first) == on_first
    bertta.evaluate("window.noReload = true")  # a reload would wipe it: what follows is a live push

    text = f"Could you look at the tender? {secrets.token_hex(4)}"
    aino.get_by_role("textbox", name="Message").fill(text)
    aino.get_by_role("button", name="Send", exact=True).click()
    expect(bertta.get_by_text(text)).to_be_visible()
    assert bertta.evaluate("window.noReload") is True
    assert_accessible(bertta)


def test_static_files_have_long_cache_headers_and_hsts(deployment):
    status, headers, body = deployment.get("/accounts/login/")
    assert status == 200
    assert headers.get_all("Strict-Transport-Security") == ["max-age=31536000"]
    stylesheets = re.findall(rb'<link[^>]+href="(/static/[^"]+\.css)"', body)
    assert stylesheets, body[:2000]
    for href in stylesheets:
        # The name carries the content's hash (collectstatic's manifest), so it may be kept for ever.
        assert re.search(rb"\.[0-9a-f]{12}\.css$", href), href
        status, headers, _css = deployment.get(href.decode(), headers={"Accept-Encoding": "gzip"})
        assert status == 200
        max_age = int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1))
        assert max_age >= YEAR, headers["Cache-Control"]
        assert "immutable" in headers["Cache-Control"]
        assert headers["Content-Encoding"] == "gzip"


def test_health_reports_every_component_to_the_operator(deployment):
    operator = {"Authorization": f"Bearer {deployment.env['METRICS_TOKEN']}"}
    status, _headers, body = deployment.get("/healthz/ready", headers=operator)
    assert status == 200
    health = json.loads(body)
    assert health["status"] == "up", health
    for component in ("database", "migrations", "redis"):
        assert health[component]["status"] == "ok", health
    assert health["search"]["backend"] == "elasticsearch"
    assert health["search"]["status"] == "ok", health["search"]
    # Anyone else learns only up or down.
    status, _headers, body = deployment.get("/healthz")
    assert status == 200
    assert json.loads(body) == {"status": "up"}
    # A load balancer asks each process directly, in plain HTTP: not redirected to HTTPS.
    for daphne in deployment.daphnes:
        for path in ("/healthz/live", "/healthz/ready"):
            status, _headers, body = deployment.get(path, port=daphne.port)
            assert status == 200, (path, body[:500])
            assert json.loads(body)["status"] == "up"


def test_metrics_for_the_token_only_summed_over_the_processes(deployment):
    token = {"Authorization": f"Bearer {deployment.env['METRICS_TOKEN']}"}
    first, second = deployment.daphnes
    status, _headers, _body = deployment.get("/metrics")
    assert status == 404

    def live_checks_counted_by(daphne) -> float:
        # A scraper reads any one process, in plain HTTP, and gets the samples of every process.
        status, headers, body = deployment.get("/metrics", port=daphne.port, headers=token)
        assert status == 200
        assert headers["Content-Type"].startswith("text/plain")
        assert "intranet_websockets_open" in body.decode()
        found = re.search(
            r'^intranet_http_requests_total\{(?=[^}]*view="health-live")(?=[^}]*status="200")'
            r"[^}]*\} ([0-9.e+]+)$",
            body.decode(),
            re.M,
        )
        return float(found.group(1)) if found else 0.0

    before = live_checks_counted_by(second)
    for _ in range(3):
        assert deployment.get("/healthz/live", port=first.port)[0] == 200
    assert live_checks_counted_by(second) == before + 3


def test_plain_http_past_the_proxy_is_sent_to_https_and_debug_is_off(deployment):
    daphne = deployment.daphnes[0]
    status, headers, _body = deployment.get("/accounts/login/", port=daphne.port)
    assert status == 301
    assert headers["Location"] == "https://127.0.0.1/accounts/login/" or headers["Location"].startswith("https://")
    # A missing page is the plain 404 page, not DEBUG's technical one with the URL patterns.
    status, _headers, body = deployment.get("/static/no-such-file.css")
    assert status == 404
    assert b"URLconf" not in body and b"Traceback" not in body


def test_the_proxy_overwrites_a_forged_client_address(deployment):
    daphne = deployment.daphnes[0]
    # Asked again until nginx's hash sends it to this daphne: after the shutdown test restarted it, nginx
    # may still count it as failed for a few seconds and send its pinned browsers to the next one.
    deadline, lines = time.monotonic() + 30, []
    while not lines and time.monotonic() < deadline:
        marker = f"/healthz?forged={secrets.token_hex(6)}"
        status, _headers, _body = deployment.get(
            marker,
            headers={
                "Cookie": f"pin={deployment.pins[0]}",
                "X-Forwarded-For": "203.0.113.9",
                "X-Forwarded-Proto": "http",
            },
        )
        assert status == 200
        # daphne writes its access line as the response ends, a moment after nginx has relayed it.
        for _wait in range(20):
            if lines := [line for line in daphne.access_lines() if marker in line]:
                break
            time.sleep(0.05)
    assert len(lines) == 1, daphne.access_lines()[-5:]
    # daphne --proxy-headers logs the client address nginx passed: the real one, not the forged one.
    assert lines[0].startswith("127.0.0.1:"), lines[0]
    assert "203.0.113.9" not in lines[0]


def test_worker_and_scheduler_run(deployment):
    for name in ("worker", "scheduler"):
        assert deployment.processes[name].alive(), deployment.processes[name].log_text()[-2000:]
    listing = deployment.manage("run_scheduler", "--list").stdout
    # The running scheduler has registered every job in the database (each has a first run planned).
    for job in ("escalate_questions", "notification_digest_daily", "search_ended_access"):
        assert re.search(rf"^{job}: .*(first run at|last run for)", listing, re.M), listing
