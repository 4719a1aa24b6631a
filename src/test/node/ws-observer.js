'use strict';
// WebSocket client that reports what it observes, for NodeWsCloseCodesTest and NodeWssInteropTest:
//   node ws-observer.js URL [--ca FILE] [--cert FILE --key FILE] [--servername NAME] [--timeout SECONDS]
// On open it sends "hello"; then it stays quiet unless told otherwise on standard input ("send TEXT",
// "close CODE REASON"). Every event is one JSON line on standard output: open, message (data), ping (the ws
// library answers pings with pongs by itself), close (code, reason), unexpected-response (status), error, timeout.
// Exits 0 after a close event, 2 on an unexpected HTTP response, 3 on timeout (default 60 s).
const fs = require('fs');
const readline = require('readline');
const WebSocket = require('ws');

const url = process.argv[2];
const options = { maxPayload: 64 * 1024 * 1024 };
let timeoutSeconds = 60;
for (let i = 3; i < process.argv.length; i += 2) {
  const value = process.argv[i + 1];
  switch (process.argv[i]) {
    case '--ca': options.ca = fs.readFileSync(value); break;
    case '--cert': options.cert = fs.readFileSync(value); break;
    case '--key': options.key = fs.readFileSync(value); break;
    case '--servername': options.servername = value; break;
    case '--timeout': timeoutSeconds = Number(value); break;
    default: throw new Error('unknown option ' + process.argv[i]);
  }
}

function report(event, fields) {
  console.log(JSON.stringify(Object.assign({ event, t: Date.now() }, fields || {})));
}

const timer = setTimeout(() => {
  report('timeout', { seconds: timeoutSeconds });
  process.exit(3);
}, timeoutSeconds * 1000);

const ws = new WebSocket(url, options);

ws.on('open', () => {
  const socket = ws._socket;
  report('open', {
    protocol: socket.getProtocol ? socket.getProtocol() : null,
    peerSubject: socket.getPeerCertificate ? (socket.getPeerCertificate().subject || {}).CN : null,
  });
  ws.send('hello');
});
ws.on('message', (data, isBinary) => report('message', { data: data.toString(), binary: isBinary }));
ws.on('ping', (data) => report('ping', { data: data.toString() }));
ws.on('pong', (data) => report('pong', { data: data.toString() }));
ws.on('close', (code, reason) => {
  clearTimeout(timer);
  report('close', { code, reason: reason.toString() });
  process.exit(0);
});
ws.on('unexpected-response', (req, res) => {
  clearTimeout(timer);
  report('unexpected-response', { status: res.statusCode });
  process.exit(2);
});
ws.on('error', (err) => report('error', { message: err.message, code: err.code || null }));

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.startsWith('send ')) {
    ws.send(line.substring(5));
  } else if (line.startsWith('close ')) {
    const [, code, ...reason] = line.split(' ');
    ws.close(Number(code), reason.join(' '));
  }
});
