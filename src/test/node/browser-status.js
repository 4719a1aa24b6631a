'use strict';
// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core; no browser is ever downloaded) reads
// the proxy's live status page for StatusPageBrowserTest:
//   node browser-status.js PAGE_URL [--screenshot FILE] [--timeout SECONDS]
// Loads PAGE_URL once, waits until the page's script has drawn live numbers (the cards no longer show "-" and the
// messages/s card has a rate, i.e. two polls were drawn), and prints one JSON line "status" with what the page
// displays (cards and table cells, read from the DOM). Then it reads commands on standard input, one per line:
//   wait-open N   wait (without reloading) until the "WebSockets open" card shows N, then print "status" again
//   screenshot    save a full-page screenshot to FILE and print "screenshot"
//   quit          close the browser and exit 0
// Every "status" line carries "loads": how many times the page was loaded (1 means it updated live). Exits 1 on
// any failure or timeout.
const { chromium } = require('playwright-core');
const readline = require('readline');

const pageUrl = process.argv[2];
let screenshot = null;
let timeoutSeconds = 30;
for (let i = 3; i < process.argv.length; i += 2) {
  const value = process.argv[i + 1];
  switch (process.argv[i]) {
    case '--screenshot': screenshot = value; break;
    case '--timeout': timeoutSeconds = Number(value); break;
    default: throw new Error('unknown option ' + process.argv[i]);
  }
}

function report(event, fields) {
  console.log(JSON.stringify(Object.assign({ event, t: Date.now() }, fields || {})));
}

// What a person sees: the cards by id, and each table as its rows (header row left out), each row its cells' texts
// joined by " | ".
function readPage() {
  const text = (id) => document.getElementById(id).textContent.trim();
  const table = (id) => Array.from(document.querySelectorAll('#' + id + ' tr'))
    .filter((tr) => tr.querySelector('td'))
    .map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent.trim()).join(' | '));
  return {
    active: text('active'), wsopen: text('wsopen'), requests: text('requests'), mps: text('mps'),
    rww: text('rww'), uptime: text('uptime'), error: text('err'),
    servers: table('servers'), peers: table('peers'), codes: table('codes'),
    longest: table('longest'), busiest: table('busiest'),
  };
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-dev-shm-usage'],
    timeout: timeoutSeconds * 1000,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    page.setDefaultTimeout(timeoutSeconds * 1000);
    let loads = 0;
    page.on('load', () => { loads++; });
    page.on('console', (m) => report('console', { text: m.text() }));
    page.on('pageerror', (e) => report('pageerror', { message: String(e) }));
    const response = await page.goto(pageUrl);
    report('page', { status: response.status(), contentType: response.headers()['content-type'] });
    await page.waitForFunction(() => document.getElementById('wsopen').textContent !== '-'
      && document.getElementById('mps').textContent !== '-');
    report('status', Object.assign({ loads }, await page.evaluate(readPage)));

    const lines = readline.createInterface({ input: process.stdin });
    for await (const line of lines) {
      const [command, arg] = line.trim().split(/\s+/);
      if (command === 'wait-open') {
        await page.waitForFunction((n) => document.getElementById('wsopen').textContent === n, arg);
        report('status', Object.assign({ loads }, await page.evaluate(readPage)));
      } else if (command === 'screenshot') {
        await page.screenshot({ path: screenshot, fullPage: true });
        report('screenshot', { path: screenshot });
      } else if (command === 'quit') {
        break;
      } else {
        throw new Error('unknown command ' + line);
      }
    }
  } finally {
    await browser.close();
  }
}

const timer = setTimeout(() => {
  report('timeout', { seconds: timeoutSeconds * 3 });
  process.exit(1);
}, timeoutSeconds * 3 * 1000);

main().then(() => {
  clearTimeout(timer);
  process.exit(0);
}, (err) => {
  report('failed', { message: String(err && err.stack || err) });
  process.exit(1);
});
