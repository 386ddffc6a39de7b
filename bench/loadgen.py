"""A small HTTP/1.1 load generator: keep-alive connections on asyncio, for a fixed time.

Only the standard library: it speaks just enough HTTP/1.1 for our server (Content-Length
or chunked bodies, ``Connection: close``), and it counts every failure as an error
instead of retrying, so that errors show up in the report.
"""

import asyncio
import itertools
import math
import time
from collections import Counter
from dataclasses import dataclass, field

REQUEST_TIMEOUT = 30.0


def percentile(values, p):
    """The p-th percentile (0–100) of values, interpolated linearly between ranks."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} is outside 0–100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def parse_head(head):
    """Status code and lower-cased headers from a response head (bytes up to CRLFCRLF)."""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/"):
        raise ValueError(f"not an HTTP response: {lines[0]!r}")
    headers = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes


class Connection:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def get(self, path, headers=None):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"GET {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        status, response_headers = parse_head(head)
        if "content-length" in response_headers:
            body = await self.reader.readexactly(int(response_headers["content-length"]))
        elif response_headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._read_chunks()
        else:
            body = await self.reader.read()
            response_headers["connection"] = "close"
        if response_headers.get("connection", "").lower() == "close":
            self.close()
        return Response(status, response_headers, body)

    async def _read_chunks(self):
        chunks = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await self.reader.readexactly(size + 2)
            if size == 0:
                return b"".join(chunks)
            chunks.append(chunk[:-2])

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Result:
    concurrency: int
    elapsed: float = 0.0
    latencies: list = field(default_factory=list)
    errors: int = 0
    statuses: Counter = field(default_factory=Counter)
    queries: Counter = field(default_factory=Counter)

    @property
    def requests(self):
        return len(self.latencies)

    @property
    def rate(self):
        return self.requests / self.elapsed if self.elapsed else 0.0


async def _client(host, port, paths, headers, deadline, expected, result):
    connection = Connection(host, port)
    try:
        while time.perf_counter() < deadline:
            path = next(paths)
            start = time.perf_counter()
            try:
                response = await asyncio.wait_for(
                    connection.get(path, headers), timeout=REQUEST_TIMEOUT
                )
            except (OSError, EOFError, ValueError, asyncio.IncompleteReadError, TimeoutError):
                result.errors += 1
                connection.close()
                continue
            result.latencies.append(time.perf_counter() - start)
            result.statuses[response.status] += 1
            if response.status != expected:
                result.errors += 1
            count = response.headers.get("x-bench-queries")
            if count is not None:
                result.queries[int(count)] += 1
    finally:
        connection.close()


async def _load(host, port, paths, *, concurrency, duration, headers, expected):
    result = Result(concurrency)
    start = time.perf_counter()
    deadline = start + duration
    # Each connection starts at another path, so that a mixed load mixes from the start.
    await asyncio.gather(
        *(
            _client(
                host,
                port,
                itertools.islice(itertools.cycle(paths), number % len(paths), None),
                headers,
                deadline,
                expected,
                result,
            )
            for number in range(concurrency)
        )
    )
    result.elapsed = time.perf_counter() - start
    return result


def load(host, port, path, *, concurrency, duration, headers=None, expected=200):
    """Keep `concurrency` connections busy with GET `path` for `duration` seconds.

    ``path`` may be a list of paths: each connection then asks for them in turn.
    """
    paths = [path] if isinstance(path, str) else list(path)
    if not paths:
        raise ValueError("load needs at least one path")
    return asyncio.run(
        _load(
            host,
            port,
            paths,
            concurrency=concurrency,
            duration=duration,
            headers=headers or {},
            expected=expected,
        )
    )


def fetch(host, port, path, headers=None, timeout=None):
    """One request on a fresh connection (for sizes and headers, outside the timing)."""

    async def once():
        connection = Connection(host, port)
        try:
            return await asyncio.wait_for(connection.get(path, headers), timeout)
        finally:
            connection.close()

    return asyncio.run(once())
