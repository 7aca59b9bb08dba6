#!/usr/bin/env python3
"""The writers and the checker of the fault test (deploy/faults/run.sh drives it; issue #12).

Python 3.11 standard library only. Three sub-commands, all sharing --work (run.sh's temp dir):

  setup   sign a FINANCE+AUDITOR+ADMIN token, register an MSO and a practice, establish agreements;
          writes <work>/state.json
  write   8 threads post fee charges and payments, each with a unique entry id and Idempotency-Key; on a
          503, a 409 request-in-flight, a connection error or a timeout the SAME request is retried with
          the SAME key after a short pause (the client contract) until it gets a definitive answer.
          Stops starting requests when <work>/stop exists, then drains (retries what is pending) until
          --drain-seconds. Every attempt goes to <work>/attempts.jsonl, every request's outcome to
          <work>/requests.jsonl, the number of acknowledged (2xx) requests to <work>/progress.
  check   compares what the clients were told with the database (psql) and the projections (HTTP),
          prints the summary, exits 1 on any violation.
"""
import argparse
import base64
import collections
import datetime
import decimal
import hashlib
import hmac
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid

SUBJECT = "fault-writer"
PROBLEMS = "https://mso-ledger.dev/problems/"


# ---------------------------------------------------------------------------------------------- http

def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign_token(secret: str, subject: str, roles, practices=(), hours=8, audience="mso-ledger") -> str:
    """HS256, exactly as deploy/local-token.sh signs (the key is the secret's UTF-8 bytes)."""
    now = int(time.time())
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    claims = {"iss": "mso-ledger-local", "aud": audience, "sub": subject, "iat": now, "exp": now + hours * 3600,
              "roles": list(roles), "practices": list(practices)}
    payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(secret.encode("utf-8"), f"{header}.{payload}".encode("ascii"), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64url(signature)}"


class Api:
    def __init__(self, port: int, token: str, timeout: float):
        self.port, self.token, self.timeout = port, token, timeout

    def call(self, method, path, body=None, key=None, timeout=None):
        """(status, headers {lower name: value}, body bytes); raises OSError / HTTPException on transport errors."""
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json, application/problem+json"}
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if key is not None:
            headers["Idempotency-Key"] = key
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout or self.timeout)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, payload
        finally:
            connection.close()


def problem_type(headers, body):
    if "problem+json" not in headers.get("content-type", ""):
        return None
    try:
        kind = json.loads(body).get("type", "")
    except ValueError:
        return "unparseable-problem"
    return kind[len(PROBLEMS):] if kind.startswith(PROBLEMS) else kind


def retryable(status, headers, body):
    """The client contract: a 503 (nothing recorded) and a 409 request-in-flight are retried with the same key."""
    return status == 503 or (status == 409 and problem_type(headers, body) == "request-in-flight")


def read_json(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return default


def write_atomically(path, text):
    tmp = f"{path}.tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


# --------------------------------------------------------------------------------------------- setup

def month_dates(today: datetime.date):
    first_this = today.replace(day=1)
    last_prev = first_this - datetime.timedelta(days=1)
    first_prev = last_prev.replace(day=1)
    return first_prev, last_prev


def setup(args):
    secret = os.environ["LEDGER_JWT_SECRET"]
    token = sign_token(secret, SUBJECT, ["FINANCE", "AUDITOR", "ADMIN"])
    api = Api(args.port, token, timeout=30)
    today = datetime.datetime.now(datetime.timezone.utc).date()
    first_prev, last_prev = month_dates(today)

    def must(path, body):
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, data = api.call("POST", path, body, key=str(uuid.uuid4()))
            except (OSError, http.client.HTTPException) as e:
                status, headers, data = None, {}, repr(e).encode()
            if status is not None and 200 <= status < 300:
                return json.loads(data)
            if time.monotonic() > deadline or (status is not None and not retryable(status, headers, data)):
                sys.exit(f"setup: POST {path} answered {status}: {data[:500]!r}")
            time.sleep(1)

    must("/api/v1/parties", {"partyId": "mso-faults", "kind": "MSO", "legalName": "Fault Test Management Services LLC",
                             "stateOfOrganization": "DE", "ownershipStructure": "INVESTOR_OWNED",
                             "owners": [{"ownerId": "faults-holdings", "name": "Fault Holdings", "stake": "100.00"}]})
    must("/api/v1/parties", {"partyId": "practice-faults", "kind": "PRACTICE", "legalName": "Fault Medical Group PC",
                             "stateOfOrganization": "CA", "ownershipStructure": "PROVIDER_OWNED",
                             "owners": [{"ownerId": "dr-lee", "name": "Dr. Ana Lee", "stake": "51.00"},
                                        {"ownerId": "dr-park", "name": "Dr. Sam Park", "stake": "49.00"}]})
    agreements = []
    for n in range(1, args.agreements + 1):
        agreement_id = f"fault-msa-{n:02d}"
        must("/api/v1/agreements", {
            "agreementId": agreement_id, "msoId": "mso-faults", "practiceId": "practice-faults",
            "currency": "USD", "state": "CA", "effectiveFrom": first_prev.isoformat(),
            "fmvOpinionReference": "FMV-FAULTS-1",
            "terms": {"feeSchedule": [
                {"serviceCode": "BILLING", "feeType": "PERCENT_OF_COLLECTIONS", "rate": "6.00"},
                {"serviceCode": "HR", "feeType": "FIXED_MONTHLY", "amount": "2500.00"},
                {"serviceCode": "IT", "feeType": "PER_UNIT", "unitPrice": "150.00", "unitName": "provider"},
                {"serviceCode": "FACILITY", "feeType": "COST_PLUS", "markup": "10.00"}],
                "riskSharing": {"msoShare": "20.00", "corridorCap": "50000.00", "corridorFloor": "25000.00"},
                "distributionSchedule": [{"ownerId": "physicians", "name": "Physician owners", "stake": "51.00"},
                                         {"ownerId": "investor", "name": "Fault Holdings", "stake": "49.00"}],
                "fmvRanges": [{"serviceCode": "BILLING", "annualMin": "100000.00", "annualMax": "200000.00"}]}})
        agreements.append(agreement_id)
    state = {"token": token, "agreements": agreements, "period": first_prev.strftime("%Y-%m"),
             "effectiveDate": last_prev.isoformat(), "paymentDate": (first_prev + datetime.timedelta(days=14)).isoformat(),
             "run": uuid.uuid4().hex[:8]}
    write_atomically(os.path.join(args.work, "state.json"), json.dumps(state, indent=1))
    print(f"setup: {len(agreements)} agreements from {first_prev} ({', '.join(agreements)}); entries dated "
          f"{state['period']}")


# --------------------------------------------------------------------------------------------- write

class Recorder:
    def __init__(self, work):
        self.lock = threading.Lock()
        self.attempts = open(os.path.join(work, "attempts.jsonl"), "a", buffering=1)
        self.requests = open(os.path.join(work, "requests.jsonl"), "a", buffering=1)
        self.progress_path = os.path.join(work, "progress")
        self.acknowledged = 0
        self.attempt_count = 0

    def attempt(self, record):
        with self.lock:
            self.attempt_count += 1
            self.attempts.write(json.dumps(record) + "\n")

    def request(self, record):
        with self.lock:
            if record["outcome"] == "acknowledged":
                self.acknowledged += 1
            self.requests.write(json.dumps(record) + "\n")

    def write_progress(self):
        with self.lock:
            text = f"{self.acknowledged} {self.attempt_count}\n"
        write_atomically(self.progress_path, text)


def write(args):
    state = read_json(os.path.join(args.work, "state.json"))
    api = Api(args.port, state["token"], timeout=args.timeout)
    stop_path = os.path.join(args.work, "stop")
    recorder = Recorder(args.work)
    started = time.monotonic()
    drain = {"deadline": None}

    def stopping():
        if drain["deadline"] is None and (os.path.exists(stop_path) or time.monotonic() - started > args.max_seconds):
            drain["deadline"] = time.monotonic() + args.drain_seconds
        return drain["deadline"] is not None

    def past_drain():
        return stopping() and time.monotonic() > drain["deadline"]

    def one_request(thread, seq, rng):
        agreement = rng.choice(state["agreements"])
        if seq % 2 == 1:
            entry_id = f"{state['run']}-w{thread}-{seq:05d}-it"
            path = f"/api/v1/agreements/{agreement}/fee-charges"
            body = {"chargeId": entry_id, "serviceCode": "IT", "period": state["period"],
                    "effectiveDate": state["effectiveDate"], "basis": {"units": rng.randint(1, 40)}}
        else:
            entry_id = f"{state['run']}-w{thread}-{seq:05d}-pay"
            path = f"/api/v1/agreements/{agreement}/payments"
            body = {"paymentId": entry_id, "direction": "PRACTICE_TO_MSO",
                    "amount": f"{rng.randint(1, 500000) / 100:.2f}", "effectiveDate": state["paymentDate"],
                    "reference": f"FAULT-{entry_id}"}
        data = json.dumps(body).encode()
        key = str(uuid.uuid4())
        request = {"thread": thread, "seq": seq, "key": key, "entryId": entry_id, "agreementId": agreement,
                   "path": path, "firstAt": round(time.time(), 3)}

        def finish(outcome, status, headers, payload, attempts):
            ok = status is not None and 200 <= status < 300
            request.update(outcome=outcome, status=status, attempts=attempts, lastAt=round(time.time(), 3),
                           position=headers.get("ledger-position"), replayed=headers.get("idempotent-replayed"),
                           bodyLength=len(payload), problem=problem_type(headers, payload) if status else None,
                           bodyHex=payload.hex() if ok else None,
                           bodyText=None if ok else payload[:400].decode("utf-8", "replace"))
            return request

        attempt = 0
        while True:
            attempt += 1
            sent = time.monotonic()
            record = {"t": round(time.time(), 3), "elapsed": round(sent - started, 3), "thread": thread, "key": key,
                      "entryId": entry_id, "agreementId": agreement, "attempt": attempt}
            try:
                status, headers, payload = api.call("POST", path, data, key=key)
            except (OSError, http.client.HTTPException) as e:
                record.update(kind="transport", error=f"{type(e).__name__}: {e}"[:200],
                              seconds=round(time.monotonic() - sent, 3))
                recorder.attempt(record)
                if past_drain():
                    return finish("unresolved", None, {}, b"", attempt)
                time.sleep(0.5)
                continue
            record.update(kind="http", status=status, seconds=round(time.monotonic() - sent, 3),
                          position=headers.get("ledger-position"), replayed=headers.get("idempotent-replayed"),
                          retryAfter=headers.get("retry-after"), contentType=headers.get("content-type"),
                          bodyLength=len(payload), problem=problem_type(headers, payload),
                          correlationId=headers.get("x-correlation-id"))
            recorder.attempt(record)
            if retryable(status, headers, payload):
                if past_drain():
                    return finish("unresolved", status, headers, payload, attempt)
                # a short pause rather than the whole Retry-After: the faults are short, the writers are the test
                time.sleep(1.0 if status == 503 else 0.3)
                continue
            return finish("acknowledged" if 200 <= status < 300 else "refused", status, headers, payload, attempt)

    def worker(thread):
        rng = random.Random(f"{state['run']}-{thread}")
        seq = 0
        while not stopping():
            seq += 1
            recorder.request(one_request(thread, seq, rng))

    threads = [threading.Thread(target=worker, args=(n,), name=f"writer-{n}", daemon=True) for n in range(args.threads)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        recorder.write_progress()
        time.sleep(0.5)
    recorder.write_progress()
    print(f"writers: {recorder.acknowledged} acknowledged in {recorder.attempt_count} attempts, "
          f"{time.monotonic() - started:.0f} s")


# --------------------------------------------------------------------------------------------- check

def read_jsonl(path):
    try:
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def minor_units(decimal_text: str, digits=2) -> int:
    value = decimal.Decimal(decimal_text) * (10 ** digits)
    if value != value.to_integral_value():
        raise ValueError(f"{decimal_text} has more than {digits} decimals")
    return int(value)


class Checks:
    def __init__(self):
        self.rows = []          # (ok, name, detail)
        self.violations = []    # (name, evidence lines)

    def check(self, name, ok, detail, evidence=(), limit=10):
        self.rows.append((ok, name, detail))
        if not ok:
            evidence = list(evidence)
            more = [f"... and {len(evidence) - limit} more lines"] if len(evidence) > limit else []
            self.violations.append((name, evidence[:limit] + more))


def check(args):
    work = args.work
    state = read_json(os.path.join(work, "state.json"))
    requests = read_jsonl(os.path.join(work, "requests.jsonl"))
    attempts = read_jsonl(os.path.join(work, "attempts.jsonl"))
    api = Api(args.port, state["token"], timeout=60)
    checks = Checks()

    def psql(sql):
        command = [args.psql, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(args.pg_port),
                   "-U", "postgres", "-d", "ledger", "-c", sql]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"check: psql failed ({done.returncode}): {done.stderr.strip()}\n  {sql}")
        out = done.stdout
        return [line for line in out.splitlines() if line]

    # ------------------------------------------------------------------ the database as stored now
    events = [json.loads(line) for line in psql(
        "select json_build_object('g', global_index, 'a', aggregate_identifier, 's', sequence_number, "
        "'type', payload_type, 'p', convert_from(payload, 'UTF8')::jsonb)::text "
        "from domain_event_entry order by global_index")]
    by_index = {e["g"]: e for e in events}
    entry_rows = collections.defaultdict(list)   # (agreementId, entryId) -> events
    rows_by_entry_id = collections.defaultdict(list)
    for e in events:
        entry = e["p"].get("entry") if isinstance(e["p"], dict) else None
        if isinstance(entry, dict) and "entryId" in entry:
            agreement = e["a"].split(":", 1)[1] if e["a"].startswith("agreement:") else e["a"]
            entry_rows[(agreement, entry["entryId"])].append(e)
            rows_by_entry_id[entry["entryId"]].append(e)
    stored_keys = {}
    for line in psql("select json_build_object('actor', actor, 'key', idempotency_key, 'status', status, "
                     "'body', encode(body, 'hex'))::text from idempotency_key"):
        row = json.loads(line)
        stored_keys[(row["actor"], row["key"])] = row
    sql_sums = psql(
        "select currency || ' ' || debits || ' ' || credits || ' ' || postings from ("
        "select p -> 'amount' ->> 'currency' as currency, "
        "sum(case when p ->> 'side' = 'DEBIT' then (p -> 'amount' ->> 'minorUnits')::numeric else 0 end) as debits, "
        "sum(case when p ->> 'side' = 'CREDIT' then (p -> 'amount' ->> 'minorUnits')::numeric else 0 end) as credits, "
        "count(*) as postings from domain_event_entry e, "
        "jsonb_array_elements(coalesce(convert_from(e.payload, 'UTF8')::jsonb -> 'entry' -> 'postings', '[]')) p "
        "group by 1) sums order by 1")
    max_index = max(by_index) if by_index else 0

    # ------------------------------------------------------------------ what the clients were told
    acknowledged = [r for r in requests if r["outcome"] == "acknowledged"]
    refused = [r for r in requests if r["outcome"] == "refused"]
    unresolved = [r for r in requests if r["outcome"] == "unresolved"]
    http_attempts = [a for a in attempts if a["kind"] == "http"]
    ok_attempts = [a for a in http_attempts if 200 <= a["status"] < 300]

    missing, duplicated = [], []
    for r in acknowledged:
        rows = entry_rows.get((r["agreementId"], r["entryId"]), [])
        anywhere = rows_by_entry_id.get(r["entryId"], [])
        if not rows:
            missing.append(f"key {r['key']} entry {r['agreementId']}/{r['entryId']}: {r['status']} "
                           f"Ledger-Position {r['position']}, no row in domain_event_entry ({len(anywhere)} elsewhere)")
        elif len(anywhere) > 1:
            duplicated.append(f"entry {r['agreementId']}/{r['entryId']}: {len(anywhere)} rows at global_index "
                              f"{[e['g'] for e in anywhere]}")
    checks.check("acknowledged entries stored exactly once", not missing and not duplicated,
                 f"{len(acknowledged)} acknowledged: {len(missing)} missing, {len(duplicated)} duplicated",
                 missing + duplicated)

    duplicated_any = [f"entry {a}/{i}: {len(rows)} rows at {[e['g'] for e in rows]}"
                      for (a, i), rows in entry_rows.items() if len(rows) > 1]
    checks.check("no entry stored twice (whole event store)", not duplicated_any,
                 f"{len(entry_rows)} entries stored, {len(duplicated_any)} more than once", duplicated_any)

    empty = [f"key {a['key']} entry {a['entryId']} attempt {a['attempt']}: {a['status']} with a "
             f"{a['bodyLength']}-byte body, Ledger-Position {a['position']}, cid {a.get('correlationId')}"
             for a in ok_attempts if a["bodyLength"] == 0]
    checks.check("no 2xx with an empty body", not empty, f"{len(ok_attempts)} 2xx answers, {len(empty)} empty", empty)

    bad_body = []
    for r in acknowledged:
        try:
            body = json.loads(bytes.fromhex(r["bodyHex"]))
            if body.get("entryId") != r["entryId"] or str(body.get("position")) != str(r["position"]):
                bad_body.append(f"key {r['key']}: entry {r['entryId']} answered entryId {body.get('entryId')} "
                                f"position {body.get('position')} with Ledger-Position {r['position']}")
        except (ValueError, AttributeError, TypeError) as e:
            bad_body.append(f"key {r['key']} entry {r['entryId']}: body is not the entry ({e}): "
                            f"{bytes.fromhex(r['bodyHex'] or '')[:200]!r}")
    checks.check("every 2xx body is the entry it acknowledges", not bad_body,
                 f"{len(bad_body)} of {len(acknowledged)} not", bad_body)

    answers_500 = [a for a in http_attempts if a["status"] == 500]
    status_500 = []
    for a in answers_500:
        stored = entry_rows.get((a["agreementId"], a["entryId"]), [])
        status_500.append(f"{utc(a['t'])} POST .../{a['agreementId']}/{'fee-charges' if a['entryId'].endswith('-it') else 'payments'}"
                          f" entry {a['entryId']} key {a['key']} attempt {a['attempt']}: 500 {a.get('problem')} after "
                          f"{a['seconds']} s, X-Correlation-Id {a.get('correlationId')}; entry "
                          f"{'stored at ' + str([e['g'] for e in stored]) if stored else 'not stored'}")
        status_500.extend("      " + line for line in service_log_errors(args.service_log, a.get("correlationId")))
    checks.check("no 500", not answers_500, f"{len(answers_500)} answers 500", status_500, limit=100)

    bad_position = []
    for r in acknowledged:
        position = r.get("position")
        if position is None or not str(position).isdigit():
            bad_position.append(f"key {r['key']} entry {r['entryId']}: Ledger-Position {position!r}")
            continue
        event = by_index.get(int(position))
        if event is None:
            bad_position.append(f"key {r['key']} entry {r['entryId']}: Ledger-Position {position} is no global_index")
        elif (event["p"].get("entry") or {}).get("entryId") != r["entryId"]:
            bad_position.append(f"key {r['key']} entry {r['entryId']}: Ledger-Position {position} is the event of "
                                f"{(event['p'].get('entry') or {}).get('entryId')} ({event['type']})")
    checks.check("every 2xx's Ledger-Position is its entry's global_index", not bad_position,
                 f"{len(bad_position)} of {len(acknowledged)} not", bad_position)

    key_problems = []
    for r in acknowledged:
        stored = stored_keys.get((SUBJECT, r["key"]))
        if stored is None:
            key_problems.append(f"key {r['key']} entry {r['entryId']}: acknowledged, no idempotency_key row")
        elif stored["body"] != r["bodyHex"]:
            key_problems.append(f"key {r['key']} entry {r['entryId']}: stored response differs from the one received "
                                f"(replayed={r['replayed']})")
    sent_keys = {r["key"]: r for r in requests}
    for (actor, key), stored in stored_keys.items():
        r = sent_keys.get(key)
        if r is not None and r["outcome"] != "acknowledged":
            key_problems.append(f"key {key} entry {r['entryId']}: a stored {stored['status']} response, but the client "
                                f"was finally told {r['status']} ({r['outcome']})")
    checks.check("idempotency keys: stored exactly for the acknowledged, the same bytes", not key_problems,
                 f"{len(stored_keys)} keys stored, {len(key_problems)} problems", key_problems)

    not_acknowledged = [r for r in refused + unresolved if (r["agreementId"], r["entryId"]) in entry_rows]
    ours = {(r["agreementId"], r["entryId"]) for r in requests}
    unknown = [f"{a}/{i}" for (a, i) in entry_rows if i.startswith(state["run"] + "-") and (a, i) not in ours]
    effect_without_ack = [f"key {r['key']} entry {r['agreementId']}/{r['entryId']}: stored at "
                          f"{[e['g'] for e in entry_rows[(r['agreementId'], r['entryId'])]]}, the client was told "
                          f"{r['status']} {r.get('problem')} ({r['outcome']})" for r in not_acknowledged]
    checks.check("no effect without its 2xx", not effect_without_ack and not unknown,
                 f"{len(effect_without_ack)} stored but not acknowledged, {len(unknown)} stored and never sent",
                 effect_without_ack + unknown)

    refused_other = [r for r in refused if r["status"] != 500]
    refusals = [f"key {r['key']} entry {r['entryId']}: {r['status']} {r.get('problem')} after {r['attempts']} "
                f"attempts: {r.get('bodyText')}" for r in refused_other]
    checks.check("every request ended in a 2xx (retried through 503s), or a 500 (above)",
                 not refused_other and not unresolved,
                 f"{len(refused)} ended in an error ({len(refused) - len(refused_other)} of them 500), "
                 f"{len(unresolved)} unresolved at the end", refusals +
                 [f"key {r['key']} entry {r['entryId']}: still {r['status']} after {r['attempts']} attempts"
                  for r in unresolved])

    bad_503 = [f"key {a['key']} attempt {a['attempt']}: 503 content-type {a.get('contentType')} Retry-After "
               f"{a.get('retryAfter')} problem {a.get('problem')}"
               for a in http_attempts if a["status"] == 503
               and (not a.get("retryAfter") or "problem+json" not in (a.get("contentType") or ""))]
    checks.check("every 503 is problem+json with Retry-After", not bad_503,
                 f"{sum(1 for a in http_attempts if a['status'] == 503)} answers 503, {len(bad_503)} without", bad_503)

    # ------------------------------------------------------------------ accounting
    totals = collections.defaultdict(lambda: [0, 0])
    per_account = collections.defaultdict(lambda: collections.defaultdict(int))   # agreement -> account -> net
    unbalanced = []
    for (agreement, entry_id), rows in entry_rows.items():
        for e in rows:
            net = collections.defaultdict(int)
            for p in e["p"]["entry"].get("postings", []):
                units, currency = int(p["amount"]["minorUnits"]), p["amount"]["currency"]
                signed = units if p["side"] == "DEBIT" else -units
                totals[currency][0 if p["side"] == "DEBIT" else 1] += units
                net[currency] += signed
                per_account[agreement][p["account"]] += signed
            if any(net.values()):
                unbalanced.append(f"global_index {e['g']} entry {entry_id}: net {dict(net)}")
    unbalanced_totals = [f"{c}: debits {d} credits {cr} (minor units)" for c, (d, cr) in totals.items() if d != cr]
    sql_unbalanced = [line for line in sql_sums if line.split()[1] != line.split()[2]]
    checks.check("Σ debits = Σ credits per currency (every stored posting)",
                 not unbalanced_totals and not unbalanced and not sql_unbalanced,
                 "; ".join(f"{c} {d} = {cr}" for c, (d, cr) in sorted(totals.items())) +
                 f" minor units ({sum(1 for _ in entry_rows)} entries; psql: {', '.join(sql_sums)})",
                 unbalanced_totals + unbalanced + sql_unbalanced)

    # ------------------------------------------------------------------ projections against the event store
    def get(path, deadline):
        """GET, retrying 503s and transport errors until the deadline; (status, parsed body or text)."""
        while True:
            try:
                status, headers, body = api.call("GET", path)
                if status != 503 or time.monotonic() > deadline:
                    try:
                        return status, json.loads(body)
                    except ValueError:
                        return status, body[:300]
            except (OSError, http.client.HTTPException) as e:
                if time.monotonic() > deadline:
                    return None, repr(e)
            time.sleep(1)

    deadline = time.monotonic() + args.projection_seconds
    lagging = []
    while True:
        status, body = get("/api/v1/admin/projections", deadline)
        lagging = []
        if status != 200:
            lagging.append(f"GET /api/v1/admin/projections: {status} {body}")
        else:
            for p in body["projections"]:
                if not p["running"] or p["replaying"] or p["lagEvents"] != 0 or p["position"] < max_index:
                    lagging.append(f"{p['name']}: running {p['running']} replaying {p['replaying']} position "
                                   f"{p['position']} head {p['head']} lagEvents {p['lagEvents']} (event store max "
                                   f"global_index {max_index})")
        if not lagging or time.monotonic() > deadline:
            break
        time.sleep(1)
    names = [p["name"] for p in body["projections"]] if status == 200 else []
    checks.check("projections running, not in error, lag 0", not lagging,
                 f"{', '.join(names)} at {max_index}" if not lagging else f"{len(lagging)} behind after "
                 f"{args.projection_seconds} s", lagging)

    balance_problems, journal_problems = [], []
    for agreement in state["agreements"]:
        status, body = get(f"/api/v1/agreements/{agreement}/balances?asOf=2999-12-31&minPosition={max_index}", deadline)
        if status != 200:
            balance_problems.append(f"{agreement}: GET balances answered {status}: {body}")
            continue
        projected = {a["account"]: minor_units(a["balance"]) for a in body["accounts"]}
        raw = {account: net for account, net in per_account[agreement].items()}
        for account in sorted(set(projected) | set(raw)):
            if projected.get(account, 0) != raw.get(account, 0):
                balance_problems.append(f"{agreement} {account}: projection {projected.get(account)} event store "
                                        f"{raw.get(account)} (minor units)")
        if minor_units(body["trialBalance"]) != 0:
            balance_problems.append(f"{agreement}: trial balance {body['trialBalance']}")
        stored = {entry_id: rows[0]["g"] for (a, entry_id), rows in entry_rows.items() if a == agreement}
        listed, page = {}, 0
        while True:
            status, body = get(f"/api/v1/agreements/{agreement}/entries?size=200&page={page}&minPosition={max_index}",
                               deadline)
            if status != 200:
                journal_problems.append(f"{agreement}: GET entries page {page} answered {status}: {body}")
                break
            for item in body["items"]:
                if item["entryId"] in listed:
                    journal_problems.append(f"{agreement}: {item['entryId']} listed twice")
                listed[item["entryId"]] = item["position"]
            if not body["items"] or (page + 1) * 200 >= body["total"]:
                if body["total"] != len(stored):
                    journal_problems.append(f"{agreement}: journal total {body['total']}, event store {len(stored)}")
                break
            page += 1
        for entry_id in sorted(set(stored) | set(listed)):
            if stored.get(entry_id) != listed.get(entry_id):
                journal_problems.append(f"{agreement} {entry_id}: journal position {listed.get(entry_id)}, event store "
                                        f"{stored.get(entry_id)}")
    checks.check("balances (asOf 2999-12-31) = per-account sums of the raw postings", not balance_problems,
                 f"{len(state['agreements'])} agreements, {sum(len(v) for v in per_account.values())} accounts",
                 balance_problems)
    checks.check("journal = the entry events of the event store", not journal_problems,
                 f"{len(entry_rows)} entries", journal_problems)

    try:
        status, headers, body = api.call("POST", "/api/v1/audit/verify", timeout=300)
        report = json.loads(body)
    except (OSError, http.client.HTTPException, ValueError) as e:
        status, report = None, {"error": repr(e)}
    broken = [f"{s['streamId']}: {s.get('firstBrokenLink')}" for s in report.get("streams", []) if not s.get("intact")]
    intact = status == 200 and report.get("completed") is True and report.get("intact") is True and not broken
    checks.check("audit verify: every hash chain intact", intact,
                 f"{report.get('streamsChecked')} streams, {report.get('checkedEvents')} events, "
                 f"{report.get('brokenStreams')} broken, completed {report.get('completed')}",
                 broken or ([] if intact else [f"POST /api/v1/audit/verify: {status} {str(report)[:500]}"]))

    for line in read_lines(os.path.join(work, "violations.txt")):
        checks.check(line.split(":", 1)[0], False, line.split(":", 1)[-1].strip(), [line])

    print_summary(work, requests, attempts, checks, max_index, len(events))
    return 1 if checks.violations else 0


def utc(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%H:%M:%S.%f")[:-3]


def service_log_errors(path, correlation_id, limit=8):
    """The service log's ERROR lines of one request, each with its exception and causes (evidence for a 500)."""
    if not path or not correlation_id:
        return []
    try:
        with open(path, errors="replace") as f:
            lines = f.read().split("\n")
    except FileNotFoundError:
        return []
    out = []
    for i, line in enumerate(lines):
        if correlation_id in line and " ERROR " in line:
            out.append(line[11:23] + " " + line.split(" : ", 1)[-1][:160])
            for following in lines[i + 1:i + 400]:
                if following[:4].isdigit() and following[4:5] == "-":
                    break
                if following and not following.startswith(("\t", " ")):
                    out.append("  " + following[:220])
    return out[:limit]


def read_lines(path):
    try:
        with open(path) as f:
            return [line.rstrip("\n") for line in f if line.strip()]
    except FileNotFoundError:
        return []


def print_summary(work, requests, attempts, checks, max_index, event_count):
    print()
    print("== fault test summary")
    faults = read_lines(os.path.join(work, "faults.tsv"))
    print(f"faults ({len(faults)}; seconds since the writers started, UTC, what, how long until healthy again):")
    for line in faults:
        elapsed, clock, what, took = (line.split("\t") + ["", "", "", ""])[:4]
        print(f"  {'+' + elapsed + ' s':>9}  {clock}  {what:<44} {took}")
    outcomes = collections.Counter(r["outcome"] for r in requests)
    retried = [r for r in requests if r["attempts"] > 1]
    print(f"requests: {len(requests)} sent, {outcomes['acknowledged']} acknowledged (2xx), {outcomes['refused']} "
          f"refused, {outcomes['unresolved']} unresolved; {len(retried)} retried "
          f"(max {max((r['attempts'] for r in requests), default=0)} attempts), "
          f"{sum(1 for r in requests if r.get('replayed') == 'true')} answered by a replay")
    print(f"attempts: {len(attempts)}; by answer:")
    counts = collections.Counter()
    for a in attempts:
        if a["kind"] == "transport":
            counts[("transport", a["error"].split(":")[0])] += 1
        else:
            label = str(a["status"]) + (" replayed" if a.get("replayed") == "true" else "")
            counts[(label, a.get("problem") or "")] += 1
    for (label, detail), n in sorted(counts.items()):
        print(f"  {label:<14} {detail:<40} {n:>6}")
    print(f"event store: {event_count} events, max global_index {max_index}")
    print("checks:")
    for ok, name, detail in checks.rows:
        print(f"  {'PASS' if ok else 'FAIL'}  {name:<70} {detail}")
    print(f"violations: {len(checks.violations)}")
    for name, evidence in checks.violations:
        print(f"  {name}:")
        for line in evidence:
            print(f"    {line}")


# ---------------------------------------------------------------------------------------------- main

def probe_outage(args):
    """While the database is down: a read and a command each answer 503 problem+json with Retry-After, in time."""
    with open(os.path.join(args.work, "state.json")) as f:
        state = json.load(f)
    api = Api(args.port, state["token"], timeout=15)
    agreement = state["agreements"][0]
    ok = True
    probes = [("GET", f"/api/v1/agreements/{agreement}/balances", None, None),
              ("POST", f"/api/v1/agreements/{agreement}/payments",
               {"paymentId": f"outage-{state['run']}", "direction": "PRACTICE_TO_MSO", "amount": "1.00",
                "effectiveDate": state["paymentDate"]}, f"outage-{state['run']}")]
    for method, path, body, key in probes:
        started = time.monotonic()
        status, headers, payload = api.call(method, path, body=body, key=key)
        took = time.monotonic() - started
        kind = problem_type(headers, payload)
        print(f"  outage probe {method} {path}: {status} {kind} Retry-After={headers.get('retry-after')} "
              f"correlation={json.loads(payload).get('correlationId') if kind else None} in {took:.1f} s")
        if status != 503 or kind is None or not headers.get("retry-after") or took > 10:
            print(f"  VIOLATION: {method} {path} during the outage: {status} after {took:.1f} s: {payload[:300]!r}")
            ok = False
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("setup", "write", "check", "probe-outage"):
        p = sub.add_parser(name)
        p.add_argument("--work", required=True)
        p.add_argument("--port", type=int, required=True, help="the service's HTTP port")
        if name == "setup":
            p.add_argument("--agreements", type=int, default=4)
        if name == "write":
            p.add_argument("--threads", type=int, default=8)
            p.add_argument("--timeout", type=float, default=10.0, help="seconds per attempt")
            p.add_argument("--max-seconds", type=float, default=600.0, help="stop starting requests after this")
            p.add_argument("--drain-seconds", type=float, default=120.0,
                           help="after the stop, how long pending requests keep retrying")
        if name == "check":
            p.add_argument("--pg-port", type=int, required=True)
            p.add_argument("--psql", default="psql")
            p.add_argument("--service-log", help="the service's log, for the evidence of a 500")
            p.add_argument("--projection-seconds", type=float, default=90.0)
    args = parser.parse_args()
    if args.command == "setup":
        setup(args)
    elif args.command == "write":
        write(args)
    elif args.command == "probe-outage":
        sys.exit(probe_outage(args))
    else:
        sys.exit(check(args))


if __name__ == "__main__":
    main()
