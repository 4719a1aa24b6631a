'use strict';
// socket.io server for SocketIoInteropTest: node sio-server.js PORT NAME (PORT 0 = any free port).
// Answers the "whoami" event (with an acknowledgement) with {name, transport, remote} of the answering session, so a client
// sees which backend served it and over which transport. Plain HTTP requests outside /socket.io/ get 200 with the
// name as body and in X-Backend, so a test can check which backend a source address reaches without socket.io.
// Prints "listening PORT" once it accepts connections; logs one line per session that connected.
const http = require('http');
const { Server } = require('socket.io');

const port = Number.parseInt(process.argv[2] || '0', 10);
const name = process.argv[3] || 'sio';

const httpServer = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Backend': name });
  res.end(name);
});
// The default transports, polling then the upgrade to websocket, are what the test exercises.
const io = new Server(httpServer, { pingInterval: 5000, pingTimeout: 5000 });

io.on('connection', (socket) => {
  socket.on('whoami', (payload, ack) => {
    if (typeof ack === 'function') {
      ack({ name, transport: socket.conn.transport.name, remote: socket.handshake.address, echo: payload });
    }
  });
});

httpServer.on('error', (err) => {
  console.error('server error: ' + err.message);
  process.exit(1);
});

httpServer.listen(port, '127.0.0.1', () => {
  console.log('listening ' + httpServer.address().port);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    io.close();
    process.exit(0);
  });
}
