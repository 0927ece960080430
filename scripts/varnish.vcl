# Varnish in front of the app servers (make stack): keeps what the site marks for shared caches,
# purged by tag (the xkey vmod, Debian's varnish-modules) after every content change.
vcl 4.1;

import std;
import xkey;

# The app servers and the director "app", written by scripts/stack.py.
include "backends.vcl";

# Who may purge: the app servers, on this machine.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = app.backend();
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.Surrogate-Key) {
            return (synth(400, "Surrogate-Key required"));
        }
        set req.http.n-gone = xkey.purge(req.http.Surrogate-Key);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    # Past its lifetime, an object is served while a fresh copy is fetched for 30 s
    # (stale-while-revalidate), and for as long as it is kept (stale-if-error) when every app
    # server is down.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }
    # The built-in rules follow: requests with a cookie or credentials go to the app servers.
}

sub vcl_backend_response {
    # Only what the site marked for shared caches is kept: never the admin, try-it, an error
    # page, or anything else without s-maxage.
    # Varnish drops Upgrade, a hop-by-hop field, on delivery; try-it's 426 must still carry it.
    if (beresp.http.Upgrade) {
        set beresp.http.X-Upgrade = beresp.http.Upgrade;
    }
    if (beresp.http.Cache-Control !~ "s-maxage") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    set beresp.http.xkey = beresp.http.Surrogate-Key;
    set beresp.grace = 1d;
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (resp.http.X-Upgrade) {
        set resp.http.Upgrade = resp.http.X-Upgrade;
        unset resp.http.X-Upgrade;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
