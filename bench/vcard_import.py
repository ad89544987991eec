"""vCard import benchmark: how long a 1 MB import keeps other writers of the embedded default (SQLite)
waiting. A second thread takes SQLite's write lock every 20 ms, as a message send would, and records the
longest wait.

    DATABASE_URL=sqlite:////tmp/vcard-bench.sqlite3 python bench/vcard_import.py [--bytes 1048576]

Makes a fresh SQLite file (deleted at the end). Not part of the test suite.
"""

import argparse
import os
import sqlite3
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings")


def cards(size: int) -> bytes:
    out, n = [], 0
    while sum(map(len, out)) < size - 400:
        out.append(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Henkilö Numero{n}\r\nN:Numero{n};Henkilö;;;\r\n"
            f"ORG:Organisaatio {n % 50}\r\nTITLE:Asiantuntija\r\nEMAIL:henkilo{n}@example.test\r\n"
            f"TEL:+358 40 {n:07d}\r\nEND:VCARD\r\n"
        )
        n += 1
    return "".join(out).encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bytes", type=int, default=1024 * 1024)
    parser.add_argument("--migrated", help="a migrated copy of the database to start from (made if missing)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("sqlite:///"):
        sys.exit("Set DATABASE_URL=sqlite:////some/throwaway.sqlite3: this measures SQLite's write lock.")
    path = url.removeprefix("sqlite:///")
    Path(path).unlink(missing_ok=True)
    import shutil

    import django
    from django.core.management import call_command

    if args.migrated and Path(args.migrated).is_file():
        shutil.copy(args.migrated, path)
    django.setup()
    call_command("migrate", verbosity=0)
    if args.migrated and not Path(args.migrated).is_file():
        shutil.copy(path, args.migrated)
    from people import network_services, vcards
    from tests import factories

    org = factories.organisation("bench", "Bench")
    for n in range(50):
        factories.organisation(f"org-{n}", f"Organisaatio {n}", home=False)
    importer = factories.person("Iida", "Importer", org=org)
    data = cards(args.bytes)

    waits, done = [], threading.Event()

    def writer():  # another user's send: a short write transaction, as often as a busy instance
        probe = sqlite3.connect(path, timeout=600, isolation_level=None)
        while not done.is_set():
            started = time.perf_counter()
            probe.execute("BEGIN IMMEDIATE")
            waits.append(time.perf_counter() - started)
            probe.execute("ROLLBACK")
            time.sleep(0.02)
        probe.close()

    thread = threading.Thread(target=writer)
    thread.start()
    started = time.perf_counter()
    parsed = vcards.parse_cards(data)
    created = network_services.import_cards(
        importer, parsed, visibility="private", legal_basis="legitimate_interest", source="bench"
    )
    total = time.perf_counter() - started
    done.set()
    thread.join()
    print(
        f"{len(data)} bytes, {len(parsed)} cards, {len(created)} created in {total:.1f} s; "
        f"another writer waited at most {max(waits) * 1000:.0f} ms (p50 {sorted(waits)[len(waits) // 2] * 1000:.1f} ms,"
        f" {len(waits)} writes)"
    )
    Path(path).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
