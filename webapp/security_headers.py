"""Security headers on every response."""
from flask import request

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
ATTACHMENT_CSP = "sandbox; default-src 'none'"
# Never answered to another origin: the app has no cross-origin API.
CORS_HEADERS = ("Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
                "Access-Control-Allow-Methods", "Access-Control-Allow-Headers",
                "Access-Control-Expose-Headers")


def init_app(app) -> None:
    @app.after_request
    def _headers(response):
        h = response.headers
        h.setdefault("Content-Security-Policy", CSP)
        h["X-Content-Type-Options"] = "nosniff"
        h["X-Frame-Options"] = "DENY"
        h["Referrer-Policy"] = "same-origin"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        for name in CORS_HEADERS:
            h.pop(name, None)
        if app.config.get("SESSION_COOKIE_SECURE"):
            h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        # Pages are per person (and even the sign-in page sets a session cookie with its CSRF
        # token): no shared or browser cache may keep them (Flask CVE-2023-30861). Only the
        # static files are cacheable.
        if request.endpoint != "static":
            h["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
        return response
