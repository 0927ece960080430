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
    # One object per encoding the site stores (none, gzip, Brotli: statuses/caching/encodings.py).
    # Left alone, Varnish would ask the app servers for gzip only, keep that one object, and unzip
    # it again for every client that does not accept gzip.
    if (req.http.Accept-Encoding ~ "(?i)(^|,)\s*br\s*(,|$|;\s*q\s*=\s*(?!0(\.0{0,3})?\s*(,|$)))") {
        set req.http.X-Encoding = "br";
    } elsif (req.http.Accept-Encoding ~ "(?i)(^|,)\s*(x-)?gzip\s*(,|$|;\s*q\s*=\s*(?!0(\.0{0,3})?\s*(,|$)))") {
        set req.http.X-Encoding = "gzip";
    } else {
        unset req.http.X-Encoding;
    }
    # The built-in rules follow: requests with a cookie or credentials go to the app servers.
}

sub vcl_hash {
    hash_data(req.http.X-Encoding);
    # The built-in rules follow: the URL and the host.
}

sub vcl_backend_fetch {
    if (bereq.http.X-Encoding) {
        set bereq.http.Accept-Encoding = bereq.http.X-Encoding;
        unset bereq.http.X-Encoding;
    } else {
        unset bereq.http.Accept-Encoding;
    }
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
