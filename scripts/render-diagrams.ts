// Renders every journey in processes/ to docs/images/processes/<name>.png with bpmn-js in headless Chromium, for the process owners' guide.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.join(__dirname, '..');
const PROCESSES = path.join(ROOT, 'processes');
const OUT = path.join(ROOT, 'docs', 'images', 'processes');
const VIEWER = require.resolve('bpmn-js/dist/bpmn-viewer.production.min.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** White space around the diagram, in px at 100 %. */
const MARGIN = 20;
/** Room below the diagram for bpmn-js' watermark, which its licence asks to stay visible and not cover anything. */
const WATERMARK = 40;

/** The picture's box in diagram coordinates: the diagram's extent plus the margin. */
type Box = { x: number; y: number; width: number; height: number };

declare const BpmnJS: new (options: { container: string }) => {
  importXML(xml: string): Promise<unknown>;
  get(name: 'canvas'): { viewbox(box?: { x: number; y: number; width: number; height: number }): { inner: { x: number; y: number; width: number; height: number } } };
};

async function main(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH`);
  const only = process.argv.slice(2);
  const files = fs.readdirSync(PROCESSES).filter((f) => f.endsWith('.bpmn') && (only.length === 0 || only.some((o) => f.startsWith(o)))).sort();
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  try {
    for (const file of files) {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      await page.setContent('<!doctype html><html><body style="margin:0;background:#fff"><div id="canvas"></div></body></html>');
      await page.addScriptTag({ path: VIEWER });
      const xml = fs.readFileSync(path.join(PROCESSES, file), 'utf8');
      // Import at any size, measure the diagram, then size the page and the canvas to it at 100 %.
      const size: Box = await page.evaluate(async ({ xml, margin, watermark }) => {
        const container = document.getElementById('canvas')!;
        container.style.width = '1000px';
        container.style.height = '800px';
        const viewer = new BpmnJS({ container: '#canvas' });
        await viewer.importXML(xml);
        const canvas = viewer.get('canvas');
        const { inner } = canvas.viewbox();
        const width = Math.ceil(inner.width + 2 * margin);
        const height = Math.ceil(inner.height + 2 * margin + watermark);
        container.style.width = `${width}px`;
        container.style.height = `${height}px`;
        (window as unknown as { viewer: typeof viewer }).viewer = viewer;
        return { width, height, x: inner.x - margin, y: inner.y - margin };
      }, { xml, margin: MARGIN, watermark: WATERMARK });
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.evaluate((box) => {
        const viewer = (window as unknown as { viewer: { get(n: 'canvas'): { resized(): void; viewbox(b: object): void } } }).viewer;
        const canvas = viewer.get('canvas');
        canvas.resized();
        canvas.viewbox(box);
      }, size);
      const out = path.join(OUT, file.replace(/\.bpmn$/, '.png'));
      await page.locator('#canvas').screenshot({ path: out });
      const kb = Math.round(fs.statSync(out).size / 1024);
      console.log(`${file}: ${size.width} × ${size.height} px (${kb} KB) → ${path.relative(ROOT, out)}`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
