#!/usr/bin/env python3
"""A throwaway OAuth issuer for benchmarks: serves RFC 8414 metadata and a JWKS with one RSA key.

    bench-issuer.py PORT KEY_PEM

Prints the issuer URL once it listens. The key's public half is published as kid "bench"; tokens
are minted by the caller (benchmarks/tls-bench.sh signs them with openssl). Loopback only.
"""
import base64
import http.server
import json
import subprocess
import sys


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main() -> None:
    port, key = int(sys.argv[1]), sys.argv[2]
    modulus = subprocess.run(["openssl", "rsa", "-in", key, "-noout", "-modulus"], check=True,
                             capture_output=True, text=True).stdout.strip().split("=", 1)[1]
    issuer = f"http://127.0.0.1:{port}"
    documents = {
        "/.well-known/oauth-authorization-server": {"issuer": issuer, "jwks_uri": issuer + "/jwks"},
        "/jwks": {"keys": [{"kty": "RSA", "kid": "bench", "use": "sig", "alg": "RS256",
                            "n": b64url(bytes.fromhex(modulus)), "e": "AQAB"}]},
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            doc = documents.get(self.path)
            body = json.dumps(doc).encode() if doc else b"{}"
            self.send_response(200 if doc else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", port), Handler)
    print(issuer, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
