'use strict';
// socket.io client for SocketIoInteropTest:
//   node sio-client.js URL ADDRESSES [SESSIONS_PER_ADDRESS] [CONCURRENCY]
// ADDRESSES is a comma-separated list of local source addresses (e.g. 127.3.4.5), or "-" for the default.
// For every address it opens SESSIONS_PER_ADDRESS (default 2) sessions one after another, each a new engine.io
// session bound to that address through an http.Agent with localAddress, with the default transports: long-polling
// first, then the upgrade to websocket. Each session asks "whoami" once connected (usually still over polling) and
// again after the upgrade; it succeeds when the engine started on polling, upgraded to websocket, and both answers
// came from the same backend, the second one over websocket.
// Prints one JSON line {ok, sessions, failures, errors, backends: {address: [name per session]}, remotes: {address:
// peer address the backend saw in the first session}}; exits 0 when
// every session succeeded, 1 otherwise.
const http = require('http');
const { io } = require('socket.io-client');

const url = process.argv[2];
const addresses = (process.argv[3] || '-').split(',').filter((a) => a.length > 0);
const perAddress = Number.parseInt(process.argv[4] || '2', 10);
const concurrency = Number.parseInt(process.argv[5] || '8', 10);

const result = { ok: false, sessions: 0, failures: 0, errors: [], backends: {}, remotes: {} };

function ask(socket, payload) {
  return new Promise((resolve, reject) => {
    socket.timeout(10000).emit('whoami', payload, (err, answer) => (err ? reject(err) : resolve(answer)));
  });
}

function session(address, n) {
  return new Promise((resolve) => {
    const agent = new http.Agent(address === '-' ? { keepAlive: true } : { keepAlive: true, localAddress: address });
    const opts = { forceNew: true, reconnection: false, timeout: 10000, agent };
    if (address !== '-') opts.localAddress = address;
    const socket = io(url, opts);
    const where = address + '#' + n;
    // The engine exists as soon as io() returns: its first transport must be polling, and its upgrade is watched
    // from the start (on loopback it often completes before socket.io's own "connect").
    const engine = socket.io.engine;
    const first = engine.transport.name;
    const upgraded = new Promise((resolve, reject) => {
      engine.once('upgrade', () => resolve());
      engine.once('upgradeError', (e) => reject(new Error('upgradeError: ' + e.message)));
    });
    upgraded.catch(() => {});
    let settled = false;
    const done = (err, name, remote) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      agent.destroy();
      resolve({ err, name, remote });
    };
    const timer = setTimeout(() => done(where + ': timeout after 20 s'), 20000);
    socket.on('connect_error', (err) => done(where + ': connect_error: ' + err.message
      + (err.description ? ' (' + JSON.stringify(String(err.description.message || err.description)) + ')' : '')));
    socket.on('disconnect', (reason) => done(where + ': disconnected: ' + reason));
    socket.on('connect', async () => {
      try {
        if (first !== 'polling') return done(where + ': first transport was ' + first + ', not polling');
        const before = await ask(socket, 'polling');
        if (before.transport !== 'polling' && before.transport !== 'websocket') {
          return done(where + ': odd transport ' + before.transport);
        }
        let t;
        await Promise.race([upgraded, new Promise((resolve, reject) => {
          t = setTimeout(() => reject(new Error('no upgrade to websocket within 10 s')), 10000);
        })]).finally(() => clearTimeout(t));
        const after = await ask(socket, 'websocket');
        if (after.transport !== 'websocket') return done(where + ': transport after upgrade is ' + after.transport);
        if (engine.transport.name !== 'websocket') return done(where + ': client transport is ' + engine.transport.name);
        if (after.name !== before.name) {
          return done(where + ': backend changed within the session: ' + before.name + ' then ' + after.name);
        }
        done(null, after.name, after.remote);
      } catch (e) {
        done(where + ': ' + (e && e.message ? e.message : String(e)));
      }
    });
  });
}

async function worker(queue) {
  while (queue.length > 0) {
    const address = queue.shift();
    const names = [];
    for (let n = 0; n < perAddress; n++) {
      const { err, name, remote } = await session(address, n);
      if (n === 0) result.remotes[address] = remote === undefined ? null : remote;
      result.sessions++;
      if (err) {
        result.failures++;
        if (result.errors.length < 20) result.errors.push(err);
        names.push(null);
      } else {
        names.push(name);
      }
    }
    result.backends[address] = names;
  }
}

const overall = setTimeout(() => {
  result.errors.push('overall timeout after 120 s');
  console.log(JSON.stringify(result));
  process.exit(1);
}, 120000);

(async () => {
  const queue = addresses.slice();
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, () => worker(queue)));
  clearTimeout(overall);
  result.ok = result.failures === 0 && result.sessions === addresses.length * perAddress;
  console.log(JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
})();
