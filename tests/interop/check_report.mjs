// Opens a NetOrbit report (index.html written by `netorbit report`) in headless Chromium, the
// system's browser driven through playwright-core (no browser download), and checks what a reader
// would see: the page loads, every <img> decodes (naturalWidth > 0), every linked SVG decodes as an
// image, no console error, no page error, no failed request. Saves a full-page screenshot.
//
//   node check_report.mjs REPORT_DIR --screenshot FILE.png [--chromium PATH]
//
// Exit 0 when every check passes, 1 when one fails (each failure is printed as a FAIL line),
// 2 for bad arguments or no browser.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

function usage(message) {
  console.error(`check_report.mjs: ${message}`);
  console.error('usage: node check_report.mjs REPORT_DIR --screenshot FILE.png [--chromium PATH]');
  process.exit(2);
}

const args = process.argv.slice(2);
let dir = null, screenshot = null, browserPath = process.env.CHROMIUM ?? null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--screenshot') screenshot = args[++i];
  else if (args[i] === '--chromium') browserPath = args[++i];
  else if (args[i].startsWith('--')) usage(`unknown option ${args[i]}`);
  else if (dir === null) dir = args[i];
  else usage(`unexpected argument ${args[i]}`);
}
if (dir === null) usage('no report directory');
if (screenshot === null) usage('no --screenshot FILE.png');
const index = resolve(dir, 'index.html');
if (!existsSync(index)) usage(`${index}: no such file`);
browserPath ??= ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync) ?? null;
if (browserPath === null || !existsSync(browserPath)) usage('no Chromium found (install Debian\'s chromium, or give --chromium PATH or CHROMIUM)');

const failures = [];
const fail = (what) => { failures.push(what); console.log(`FAIL ${what}`); };

const browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') fail(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  page.on('requestfailed', (r) => fail(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  const response = await page.goto(pathToFileURL(index).href, { waitUntil: 'load' });
  if (response !== null && !response.ok()) fail(`index.html: status ${response.status()}`);

  // Every <img>: loaded and decoded. Images outside the viewport still load (no lazy loading in the page).
  const images = await page.$$eval('img', (els) => Promise.all(els.map(async (img) => {
    try { await img.decode(); } catch { /* reported below through naturalWidth */ }
    return { src: img.getAttribute('src'), complete: img.complete, width: img.naturalWidth, height: img.naturalHeight };
  })));
  for (const img of images) {
    if (!img.complete || img.width <= 0 || img.height <= 0) fail(`image does not decode: ${img.src} (${img.width}x${img.height})`);
  }

  // Every linked SVG decodes as an image too.
  const svgs = await page.$$eval('a[href$=".svg"]', (links) => Promise.all(links.map(async (a) => {
    const img = new Image();
    img.src = a.href;
    try { await img.decode(); } catch { return { href: a.getAttribute('href'), width: 0 }; }
    return { href: a.getAttribute('href'), width: img.naturalWidth };
  })));
  for (const svg of svgs) {
    if (svg.width <= 0) fail(`SVG does not decode: ${svg.href}`);
  }

  const captions = await page.$$eval('figure', (figs) => figs.filter((f) => !f.querySelector('figcaption')?.textContent?.trim()).length);
  if (captions > 0) fail(`${captions} figures without a caption`);
  if (images.length === 0) fail('the page has no image');

  mkdirSync(dirname(resolve(screenshot)), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  const version = browser.version();
  console.log(`${failures.length === 0 ? 'ok' : 'FAIL'} report ${index}: ${images.length} images and ${svgs.length} SVGs checked${failures.length ? ` (${failures.length} failures)` : ''}, Chromium ${version}, screenshot ${join(screenshot)}`);
} finally {
  await browser.close();
}
process.exit(failures.length === 0 ? 0 : 1);
