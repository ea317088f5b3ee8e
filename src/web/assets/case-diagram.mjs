// Draws each of a case's journeys with bpmn-js's viewer (loaded before this as the global BpmnJS) and marks the path taken
// and where it waits now. The page lists the same steps in words, so nothing is lost where this cannot run.
const holder = document.querySelector('[data-diagram-url]');

/** Marks the elements the model has; an id the drawing lacks (a step inside a collapsed part) is skipped. */
function mark(viewer, ids, marker) {
  const registry = viewer.get('elementRegistry');
  const canvas = viewer.get('canvas');
  for (const id of ids) {
    if (registry.get(id)) canvas.addMarker(id, marker);
  }
}

async function draw() {
  const BpmnJS = window.BpmnJS;
  if (!holder || !BpmnJS) return;
  const answer = await fetch(holder.dataset.diagramUrl, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!answer.ok) return;
  const { journeys } = await answer.json();
  for (const journey of journeys) {
    const container = holder.querySelector(`[data-journey="${CSS.escape(journey.id)}"]`);
    if (!container) continue;
    container.replaceChildren();
    const viewer = new BpmnJS({ container });
    try {
      await viewer.importXML(journey.xml);
    } catch {
      container.textContent = 'This diagram could not be drawn. The steps are listed below.';
      continue;
    }
    viewer.get('canvas').zoom('fit-viewport');
    mark(viewer, journey.passed, 'app-path-passed');
    mark(viewer, journey.waiting, 'app-path-waiting');
    container.dataset.drawn = 'true';
  }
  holder.dataset.drawn = 'true';
}

draw().catch(() => {
  // The steps in words stay: the diagram is an aid, not the record.
});
