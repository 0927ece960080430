"""What every request and answer passes through: the security middleware, the client's
address behind proxies, the other language's path, log lines, a database that cannot write."""
