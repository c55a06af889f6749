#!/usr/bin/env python3
"""Times Aduan's WhatsApp webhook (issue 8): signed posts acknowledged per second, and the messages they
carry processed exactly once. Prints figures; never fails on timing (it does exit 1 when a message was
processed twice or lost, which is a bug, not a timing).

Usage: benchmarks/webhook_load.py --bin PATH [--messages N] [--repeat R] [--clients C]

N citizens each send one text message; every post is delivered R times (Meta's retries), all signed
with the app secret, by C concurrent clients, while the server's workers are off: that measures the
acknowledgement alone (signature check, the body stored as a job, 200). Then `aduan jobs --once` takes the
N×R jobs against a local fake of the Graph API (scripts/whatsapp/fake_graph.py), and the database and the
fake are checked: N inbound chat messages, N conversations, one greeting sent to each citizen.
"""
import argparse, concurrent.futures, hashlib, hmac, json, os, socket, sqlite3, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench_app_secret"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def envelope(wa_id, message_id, ts):
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"display_phone_number": "6281100001111", "phone_number_id": "106540352242922"},
        "contacts": [{"profile": {"name": "Warga Uji"}, "wa_id": wa_id}],
        "messages": [{"from": wa_id, "id": message_id, "timestamp": str(ts), "type": "text", "text": {"body": "Halo, KTP-el saya belum jadi"}}]}}]}]},
        separators=(",", ":")).encode()


def post(url, body):
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def wait_for(path, seconds=20):
    for _ in range(int(seconds * 10)):
        if path.exists() and path.stat().st_size > 0:
            return json.loads(path.read_text())
        time.sleep(0.1)
    raise SystemExit(f"{path} did not appear")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--messages", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--python", default=sys.executable)
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="aduan-webhook-bench."))
    procs = []
    try:
        ready = work / "graph.json"
        procs.append(subprocess.Popen([a.python, str(ROOT / "scripts/whatsapp/fake_graph.py"), "--ready-file", str(ready)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        graph = wait_for(ready)
        data = work / "data"
        port = free_port()
        env = dict(os.environ, ADUAN_DATA_DIR=str(data), ADUAN_JOBS="off", ADUAN_SWEEP_SECONDS="0", LOG_LEVEL="warning",
                   ADUAN_WHATSAPP_TOKEN=graph["token"], ADUAN_WHATSAPP_PHONE_NUMBER_ID=graph["phone_number_id"],
                   ADUAN_WHATSAPP_APP_SECRET=SECRET, ADUAN_WHATSAPP_VERIFY_TOKEN="bench-verify", ADUAN_GRAPH_API_URL=graph["graph_url"],
                   ADUAN_JOBS_CONCURRENCY="8")
        env.pop("DATABASE_URL", None)
        procs.append(subprocess.Popen([a.bin, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        now = int(time.time())
        citizens = [f"62813{10000000 + i}" for i in range(a.messages)]
        bodies = [envelope(wa, f"wamid.bench{i:08d}", now) for i, wa in enumerate(citizens)]
        posts = [body for body in bodies for _ in range(a.repeat)]
        # The repeats arrive mixed with other posts, as Meta's retries do.
        posts = posts[::2] + posts[1::2]
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(a.clients) as pool:
            results = list(pool.map(lambda body: post(base + "/webhooks/whatsapp", body), posts))
        elapsed = time.perf_counter() - started
        latencies = sorted(r[1] for r in results)
        statuses = {}
        for status, _ in results:
            statuses[status] = statuses.get(status, 0) + 1
        print(f"acknowledged: {len(posts)} signed posts ({a.messages} messages × {a.repeat}) by {a.clients} clients in {elapsed:.2f} s"
              f" = {len(posts) / elapsed:.1f} posts/s; statuses {statuses};"
              f" p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms")
        procs[1].terminate()
        procs[1].wait(timeout=30)

        started = time.perf_counter()
        subprocess.run([a.bin, "jobs", "--once"], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - started
        db = sqlite3.connect(data / "aduan.sqlite")
        inbound = db.execute("SELECT count(*) FROM chat_messages WHERE direction = 'inbound'").fetchone()[0]
        distinct = db.execute("SELECT count(DISTINCT external_id) FROM chat_messages WHERE direction = 'inbound'").fetchone()[0]
        conversations = db.execute("SELECT count(*) FROM chat_conversations").fetchone()[0]
        sent = db.execute("SELECT count(*) FROM chat_messages WHERE direction = 'outbound' AND state = 'sent'").fetchone()[0]
        pending = db.execute("SELECT count(*) FROM jobs WHERE state != 'done'").fetchone()[0]
        print(f"processed: {len(posts)} webhook jobs, {inbound} messages kept ({distinct} distinct), {conversations} chats,"
              f" {sent} greetings sent, {pending} jobs not done, in {elapsed:.2f} s by `aduan jobs --once`"
              f" = {len(posts) / elapsed:.1f} posts/s, {a.messages / elapsed:.1f} conversations/s")
        sample = citizens[:: max(1, a.messages // 20)]
        greetings = [len(json.load(urllib.request.urlopen(f"{graph['url']}/_test/sent?to={wa}"))["data"]) for wa in sample]
        print(f"greetings per citizen (sample of {len(sample)}): {sorted(set(greetings))}")
        ok = inbound == distinct == conversations == sent == a.messages and set(greetings) == {1}
        print("exactly once: " + ("yes" if ok else "NO"))
        return 0 if ok else 1
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except Exception:
                p.kill()


if __name__ == "__main__":
    sys.exit(main())
