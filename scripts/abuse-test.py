#!/usr/bin/env python3
"""Hostile-load check of `forewarn serve` (issue 12): many concurrent uploads of a crafted EPUB
plus hundreds of clients sending their bodies at 1 byte a second, for a while; meanwhile
/healthz must answer 200 within 1 s, and at the end SIGTERM must stop the server quickly.
Prints the figures; exits 1 if a check fails. Loopback only; every loop is bounded.

Usage: scripts/abuse-test.py BINARY [--seconds 60] [--uploads 20] [--slow 300] [--no-model]
"""
import argparse, io, os, signal, socket, subprocess, sys, threading, time, zipfile


def crafted_epub():
    """21 KB that unpacks to 20 MiB of 'Hi. ' (5 million one-word sentences)."""
    buf = io.BytesIO()
    z = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9)
    z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
    z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
    z.writestr("OEBPS/content.opf", '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></metadata><manifest><item id="c0" href="c0.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c0"/></spine></package>')
    head, tail = '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>', "</p></body></html>"
    z.writestr("OEBPS/c0.xhtml", head + "Hi. " * ((20 * 1024 * 1024 - len(head) - len(tail)) // 4) + tail)
    z.close()
    return buf.getvalue()


def request(port, raw, timeout=30):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(raw)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0


def upload(port, epub):
    boundary = b"forewarnabuse"
    body = (b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="bomb.epub"\r\n'
            b"Content-Type: application/epub+zip\r\n\r\n" + epub + b"\r\n--" + boundary + b"--\r\n")
    head = (b"POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            b"Content-Type: multipart/form-data; boundary=" + boundary + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n")
    return request(port, head + body, timeout=120)


def slow_client(port, stop, results):
    """Sends a body of 10,000 bytes at 1 byte a second, reconnecting when cut off."""
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                s.sendall(b"POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 10000\r\n\r\n")
                while not stop.is_set():
                    s.sendall(b"a")
                    s.settimeout(1.0)
                    try:
                        data = s.recv(4096)
                        if data:
                            results.append(int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0)
                            break
                        break
                    except socket.timeout:
                        pass
        except OSError:
            time.sleep(0.5)


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--uploads", type=int, default=20)
    ap.add_argument("--slow", type=int, default=300)
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--budget-mb", type=int, default=2300, help="documented peak RSS with the default settings on 2 cores: memory budget 1536 + queued small bodies 256 + 2 workers x 2 x 50 MB bodies + the model 250")
    a = ap.parse_args()
    cmd = [a.binary, "serve", "--addr", "127.0.0.1:0", "--quiet"] + (["--no-model"] if a.no_model else [])
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = int(server.stdout.readline().strip().rsplit(":", 1)[1].strip("/"))
    epub = crafted_epub()
    stop = threading.Event()
    slow_results, upload_results, health = [], [], []
    peak = [0]

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_kb(server.pid))
            time.sleep(0.1)

    def uploads():
        threads = [threading.Thread(target=lambda: upload_results.append(upload(port, epub))) for _ in range(a.uploads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    workers = [threading.Thread(target=sample)] + [threading.Thread(target=slow_client, args=(port, stop, slow_results)) for _ in range(a.slow)]
    for t in workers:
        t.start()
    time.sleep(2)
    up = threading.Thread(target=uploads)
    up.start()
    deadline = time.time() + a.seconds
    while time.time() < deadline:
        t0 = time.time()
        try:
            status = request(port, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", timeout=5)
        except OSError:
            status = 0
        health.append((status, time.time() - t0))
        time.sleep(max(0.0, 0.5 - (time.time() - t0)))
    up.join(timeout=120)
    t0 = time.time()
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
    term = time.time() - t0
    stop.set()
    for t in workers:
        t.join(timeout=10)
    slow_ok = sum(1 for h in health if h[0] == 200 and h[1] <= 1.0)
    worst = max((h[1] for h in health), default=0)
    codes = {c: upload_results.count(c) for c in sorted(set(upload_results))}
    slow_codes = {c: slow_results.count(c) for c in sorted(set(slow_results))}
    print(f"healthz: {slow_ok}/{len(health)} answered 200 within 1 s (slowest {worst:.3f} s)")
    print(f"uploads of the crafted EPUB: {codes}")
    print(f"slow clients cut off: {slow_codes}")
    print(f"peak RSS: {peak[0] / 1024:.0f} MB (budget {a.budget_mb} MB)")
    print(f"SIGTERM to exit: {term:.2f} s (exit code {server.returncode})")
    ok = slow_ok == len(health) and peak[0] / 1024 <= a.budget_mb and term <= 15 and len(upload_results) == a.uploads
    print("abuse test:", "passed" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
