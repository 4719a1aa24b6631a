'use strict';
// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core; no browser is ever downloaded) for
// ChromiumWssTest:
//   node browser-ws.js PAGE_URL MODE [--spki BASE64] [--screenshot FILE] [--timeout SECONDS]
// Opens PAGE_URL (browser-page.html served through the proxy), waits until its WebSocket echoed the first message,
// and prints one JSON line per step read back from the page: "page" (the https response's TLS details), "echo"
// (window.results). MODE "echo" then closes the socket with 1000 from the page; MODE "observe" prints "ready" and
// waits for the server to close it. Either way it prints "close" (the page's CloseEvent code, reason, wasClean),
// saves a screenshot, and exits 0; 1 on any failure.
// --spki trusts exactly that certificate key (Chromium's --ignore-certificate-errors-spki-list): the test CA is
// not in Chromium's store, and trusting one key checks more than ignoring every certificate error.
const { chromium } = require('playwright-core');

const [pageUrl, mode] = process.argv.slice(2, 4);
let spki = null;
let screenshot = null;
let timeoutSeconds = 30;
for (let i = 4; i < process.argv.length; i += 2) {
  const value = process.argv[i + 1];
  switch (process.argv[i]) {
    case '--spki': spki = value; break;
    case '--screenshot': screenshot = value; break;
    case '--timeout': timeoutSeconds = Number(value); break;
    default: throw new Error('unknown option ' + process.argv[i]);
  }
}

function report(event, fields) {
  console.log(JSON.stringify(Object.assign({ event, t: Date.now() }, fields || {})));
}

async function main() {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--disable-dev-shm-usage'];
  if (spki) {
    args.push('--ignore-certificate-errors-spki-list=' + spki);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args,
    timeout: timeoutSeconds * 1000,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 400 } });
    page.setDefaultTimeout(timeoutSeconds * 1000);
    page.on('console', (m) => report('console', { text: m.text() }));
    const response = await page.goto(pageUrl);
    const tls = await response.securityDetails();
    report('page', { status: response.status(), url: page.url(), tls });
    await page.waitForFunction(() => window.results.messages.length > 0 || window.results.close !== null);
    report('echo', { results: await page.evaluate(() => window.results),
      dom: await page.textContent('#status') });
    if (mode === 'echo') {
      await page.evaluate(() => window.socket.close(1000, 'bye from chromium'));
    } else {
      report('ready');
    }
    await page.waitForFunction(() => window.results.close !== null);
    const results = await page.evaluate(() => window.results);
    report('close', Object.assign({}, results.close, { dom: await page.textContent('#status') }));
    if (screenshot) {
      await page.screenshot({ path: screenshot });
      report('screenshot', { path: screenshot });
    }
  } finally {
    await browser.close();
  }
}

const timer = setTimeout(() => {
  report('timeout', { seconds: timeoutSeconds });
  process.exit(1);
}, (timeoutSeconds + 10) * 1000);

main().then(() => {
  clearTimeout(timer);
  process.exit(0);
}, (err) => {
  report('failed', { message: String(err && err.stack || err) });
  process.exit(1);
});
