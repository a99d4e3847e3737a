"""A small closed-loop load generator (stdlib only): C connections for S seconds per URL.

Only 127.0.0.1 is accepted as the target. A path "/me/@qiye" is requested as /me/ with the session
cookie given by --login qiye=sessionid=...; other /me/ paths use --cookie. Prints one markdown row per URL:
| page | rps | p50 ms | p95 ms | p99 ms | errors | share of the trivial view's rate |
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import threading
import time
from urllib.parse import quote, urlsplit


def _worker(host: str, port: int, path: str, headers: dict, until: float, out: list, errors: list) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    while time.monotonic() < until:
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status >= 400:
                errors.append(response.status)
            else:
                out.append(time.perf_counter() - start)
        except Exception as exc:
            errors.append(type(exc).__name__)
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.close()


def measure(base: str, path: str, seconds: float, connections: int, cookie: str = "") -> dict:
    parts = urlsplit(base)
    if parts.hostname != "127.0.0.1":
        raise SystemExit("只对 127.0.0.1 施压")
    headers = {"Cookie": cookie} if cookie else {}
    label = path
    path = quote(path.split("@", 1)[0], safe="/?=&%")
    times: list[float] = []
    errors: list = []
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=_worker, args=(parts.hostname, parts.port or 80, path, headers, until, times, errors)
        )
        for _ in range(connections)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    q = statistics.quantiles(times, n=100) if len(times) >= 2 else [0] * 99
    return {
        "path": label,
        "rps": len(times) / seconds,
        "p50": q[49] * 1000,
        "p95": q[94] * 1000,
        "p99": q[98] * 1000,
        "errors": len(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--cookie", default="", help="sessionid=... for /me/")
    parser.add_argument("--login", action="append", default=[], help="user=sessionid=... for /me/@user")
    parser.add_argument("paths", nargs="+", help="the first path is the trivial view")
    args = parser.parse_args()
    logins = dict(item.split("=", 1) for item in args.login)

    def cookie_for(path: str) -> str:
        if "@" in path:
            return logins.get(path.split("@", 1)[1], "")
        return args.cookie if path.startswith("/me") else ""

    parts = urlsplit(args.base)
    deadline = time.monotonic() + 60
    for path in args.paths:  # wait for the server, and warm each page once (imports, jieba, caches)
        while True:
            try:
                conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=60)
                cookie = cookie_for(path)
                conn.request(
                    "GET",
                    quote(path.split("@", 1)[0], safe="/?=&%"),
                    headers={"Cookie": cookie} if cookie else {},
                )
                conn.getresponse().read()
                conn.close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
    rows = [measure(args.base, p, args.seconds, args.connections, cookie_for(p)) for p in args.paths]
    trivial = rows[0]["rps"] or 1
    print("| page | rps | p50 ms | p95 ms | p99 ms | errors | share of trivial |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| `{r['path']}` | {r['rps']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {r['errors']} "
            f"| {100 * r['rps'] / trivial:.0f} % |"
        )


if __name__ == "__main__":
    main()
