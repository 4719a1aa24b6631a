'use strict';
// WebSocket echo server for NodeWsInteropTest: node ws-server.js PORT (0 = any free port).
// Echoes every message with its type (text/binary); pings are answered by the ws library; a received
// close frame is echoed with the same code and reason. "whoami" is answered with the request URI, "headers"
// with the request headers as JSON. Prints "listening PORT" once it accepts connections.
const { WebSocketServer } = require('ws');

const port = Number.parseInt(process.argv[2] || '0', 10);
const wss = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: 64 * 1024 * 1024 });

wss.on('connection', (ws, req) => {
  ws.on('message', (data, isBinary) => {
    if (!isBinary && data.toString() === 'whoami') {
      ws.send('node ' + req.url);
      return;
    }
    if (!isBinary && data.toString() === 'headers') {
      ws.send(JSON.stringify(req.headers));
      return;
    }
    ws.send(data, { binary: isBinary });
  });
  ws.on('error', (err) => console.error('connection error: ' + err.message));
});

wss.on('listening', () => {
  console.log('listening ' + wss.address().port);
});

wss.on('error', (err) => {
  console.error('server error: ' + err.message);
  process.exit(1);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => wss.close(() => process.exit(0)));
}
