"""A JSON-RPC 1.0 client for oceand over one keep-alive HTTP/1.1 connection (http.client).

Amounts come back as Decimal so that 8-decimal values compare exactly; errors raise JSONRPCException
carrying the server's error object and the HTTP status."""
import base64
import decimal
import http.client
import json
import socket


class JSONRPCException(Exception):
    def __init__(self, error, http_status=None):
        super().__init__("%s (code %s, HTTP %s)" % (error.get("message"), error.get("code"), http_status))
        self.error = error
        self.code = error.get("code")
        self.message = error.get("message")
        self.http_status = http_status


def _encode_default(o):
    if isinstance(o, decimal.Decimal):
        return float(o)
    raise TypeError(repr(o) + " is not JSON serializable")


class AuthServiceProxy:
    """proxy.getblockcount(), proxy.getblock(hash, 2), proxy.call("method", *params, **named)."""

    def __init__(self, host, port, user, password, timeout=60):
        self._host, self._port, self._timeout = host, port, timeout
        cred = ("%s:%s" % (user, password)).encode()
        self._auth = "Basic " + base64.b64encode(cred).decode()
        self._conn = None
        self._id = 0

    def _connection(self):
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)
        return self._conn

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def post_raw(self, body, headers=None, method="POST", path="/"):
        """Sends a raw body; returns (status, headers dict, body bytes). Reconnects once if the server
        closed the keep-alive connection."""
        h = {"Authorization": self._auth, "Content-Type": "application/json"}
        if headers is not None:
            h.update(headers)
            h = {k: v for k, v in h.items() if v is not None}
        if isinstance(body, str):
            body = body.encode()
        for attempt in (0, 1):
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=h)
                resp = conn.getresponse()
                data = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.close()
                return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError,
                    http.client.CannotSendRequest, http.client.BadStatusLine):
                self.close()
                if attempt == 1:
                    raise
        raise AssertionError("unreachable")

    def call(self, method, *args, **named):
        if args and named:
            raise ValueError("positional and named parameters cannot be mixed")
        self._id += 1
        params = named if named else list(args)
        body = json.dumps({"version": "1.1", "method": method, "params": params, "id": self._id},
                          default=_encode_default)
        status, _, data = self.post_raw(body)
        if not data:
            raise JSONRPCException({"code": -342, "message": "empty reply, HTTP %d" % status}, status)
        reply = json.loads(data.decode(), parse_float=decimal.Decimal)
        if reply.get("error") is not None:
            raise JSONRPCException(reply["error"], status)
        assert status == 200, "HTTP %d with a result" % status
        assert reply["id"] == self._id, reply
        return reply["result"]

    def batch(self, calls):
        """calls: list of (method, params); returns the list of reply objects."""
        body = json.dumps([{"method": m, "params": p, "id": i} for i, (m, p) in enumerate(calls)],
                          default=_encode_default)
        status, _, data = self.post_raw(body)
        assert status == 200, status
        return json.loads(data.decode(), parse_float=decimal.Decimal)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **named: self.call(name, *args, **named)


def port_is_open(host, port):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False
