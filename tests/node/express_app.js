// An Express app that answers GET /<code> by running the line the code page shows for it.
// Usage: node express_app.js PORT LINES.json   (LINES.json: {"429": "res.sendStatus(429);"})
const fs = require("fs");
const express = require("express");

const [port, linesFile] = process.argv.slice(2);
const app = express();
for (const [code, line] of Object.entries(JSON.parse(fs.readFileSync(linesFile, "utf8")))) {
  app.get(`/${code}`, new Function("req", "res", line));
}
app.listen(Number(port), "127.0.0.1", () => console.log("listening"));
