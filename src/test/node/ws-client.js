'use strict';
// WebSocket client for NodeWsInteropTest: node ws-client.js URL
// Sends a text message, a 1 MiB binary message and a ping; checks the echoes and the pong; then closes with
// 4000 "done" and checks the close handshake. Prints one JSON line and exits 0 on success, 1 on failure.
const crypto = require('crypto');
const WebSocket = require('ws');

const url = process.argv[2];
const result = { ok: false, url, text: null, binaryBytes: null, binaryEqual: false, pong: null,
  closeCode: null, closeReason: null, errors: [] };

function finish(ok) {
  result.ok = ok && result.errors.length === 0;
  console.log(JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
}

const timer = setTimeout(() => {
  result.errors.push('timeout after 20 s');
  finish(false);
}, 20000);

const text = 'hello from node ' + crypto.randomBytes(4).toString('hex');
const binary = crypto.randomBytes(1024 * 1024);
const pingPayload = Buffer.from('are you there');

const ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 });
let step = 0;

ws.on('open', () => {
  ws.send(text);
});

ws.on('message', (data, isBinary) => {
  if (step === 0) {
    if (isBinary) result.errors.push('text echo came back as binary');
    result.text = data.toString();
    if (result.text !== text) result.errors.push('text echo differs');
    step = 1;
    ws.send(binary, { binary: true });
  } else if (step === 1) {
    if (!isBinary) result.errors.push('binary echo came back as text');
    result.binaryBytes = data.length;
    result.binaryEqual = Buffer.compare(Buffer.from(data), binary) === 0;
    if (!result.binaryEqual) result.errors.push('binary echo differs');
    step = 2;
    ws.ping(pingPayload);
  } else {
    result.errors.push('unexpected message at step ' + step);
  }
});

ws.on('pong', (data) => {
  result.pong = data.toString();
  if (!data.equals(pingPayload)) result.errors.push('pong payload differs');
  step = 3;
  ws.close(4000, 'done');
});

ws.on('close', (code, reason) => {
  clearTimeout(timer);
  result.closeCode = code;
  result.closeReason = reason.toString();
  if (step !== 3) result.errors.push('closed early at step ' + step);
  if (code !== 4000) result.errors.push('close code ' + code + ' != 4000');
  if (result.closeReason !== 'done') result.errors.push('close reason differs');
  finish(true);
});

ws.on('unexpected-response', (req, res) => {
  result.errors.push('unexpected response ' + res.statusCode);
  clearTimeout(timer);
  finish(false);
});

ws.on('error', (err) => {
  result.errors.push('error: ' + err.message);
});
