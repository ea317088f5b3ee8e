// Renders every journey in processes/ with bpmn-js in headless Chromium, for the process owners' guide: docs/images/processes/<name>.png, and <name>.<sub-process id>.png for each collapsed sub-process.
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

type Canvas = {
  viewbox(box?: Box): { inner: Box };
  resized(): void;
  getRootElements(): { id: string; businessObject?: { id: string; $type: string } }[];
  setRootElement(root: unknown): void;
};
declare const BpmnJS: new (options: { container: string }) => { importXML(xml: string): Promise<unknown>; get(name: 'canvas'): Canvas };
type Page = Awaited<ReturnType<Awaited<ReturnType<typeof chromium.launch>>['newPage']>>;

/**
 * Draws one plane of the diagram open in the page (the top one, or a collapsed sub-process's) at 100 % into `out`.
 * Returns its size in px.
 */
async function drawPlane(page: Page, index: number, out: string): Promise<Box> {
  const size: Box = await page.evaluate(({ index, margin, watermark }) => {
    const container = document.getElementById('canvas')!;
    container.style.width = '1000px';
    container.style.height = '800px';
    const canvas = (window as unknown as { viewer: { get(n: 'canvas'): Canvas } }).viewer.get('canvas');
    canvas.setRootElement(canvas.getRootElements()[index]);
    canvas.resized();
    const { inner } = canvas.viewbox();
    const width = Math.ceil(inner.width + 2 * margin);
    const height = Math.ceil(inner.height + 2 * margin + watermark);
    container.style.width = `${width}px`;
    container.style.height = `${height}px`;
    return { width, height, x: inner.x - margin, y: inner.y - margin };
  }, { index, margin: MARGIN, watermark: WATERMARK });
  await page.setViewportSize({ width: size.width, height: size.height });
  await page.evaluate((box) => {
    const canvas = (window as unknown as { viewer: { get(n: 'canvas'): Canvas } }).viewer.get('canvas');
    canvas.resized();
    canvas.viewbox(box);
  }, size);
  await page.locator('#canvas').screenshot({ path: out });
  return size;
}

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
      // The top plane first, then each collapsed sub-process, which bpmn-js draws on a plane of its own.
      const planes: (string | null)[] = await page.evaluate(async (xml) => {
        const viewer = new BpmnJS({ container: '#canvas' });
        await viewer.importXML(xml);
        (window as unknown as { viewer: typeof viewer }).viewer = viewer;
        return viewer.get('canvas').getRootElements().map((root, i) => (i === 0 ? null : root.businessObject?.id ?? root.id));
      }, xml);
      const name = file.replace(/\.bpmn$/, '');
      for (const [index, plane] of planes.entries()) {
        const out = path.join(OUT, plane ? `${name}.${plane}.png` : `${name}.png`);
        const size = await drawPlane(page, index, out);
        const kb = Math.round(fs.statSync(out).size / 1024);
        console.log(`${file}${plane ? ` (${plane})` : ''}: ${size.width} × ${size.height} px (${kb} KB) → ${path.relative(ROOT, out)}`);
      }
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
