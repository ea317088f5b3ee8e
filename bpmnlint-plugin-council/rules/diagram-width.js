// diagram-width: a diagram fits in two screen widths at 100 %, so it can be followed without endless scrolling (docs/rules/diagram-width.md).
const { is, meta } = require('./helper');

/** The widest a diagram may be, in px at 100 %: two 1,920-px screens side by side. */
const MAX_WIDTH = 3840;

/** Every x a diagram draws at: shapes, labels and the bends of its lines. */
function xs(planeElement) {
  const box = (b) => (b ? [b.x, b.x + b.width] : []);
  return [...box(planeElement.bounds), ...box(planeElement.label && planeElement.label.bounds), ...(planeElement.waypoint || []).map((p) => p.x)];
}

/** @type { import('bpmnlint/lib/types.js').RuleFactory } */
module.exports = function diagramWidth() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:Definitions')) return;
    for (const diagram of node.diagrams || []) {
      const plane = diagram.plane;
      if (!plane || !plane.bpmnElement) continue;
      const all = (plane.planeElement || []).flatMap(xs);
      if (all.length === 0) continue;
      const width = Math.round(Math.max(...all) - Math.min(...all));
      if (width > MAX_WIDTH) {
        reporter.report(plane.bpmnElement.id, `Is drawn ${width} px wide, more than the ${MAX_WIDTH} px (two screens at 100 %) a reader can follow`, ['di']);
      }
    }
  }
  return { check, meta: meta('diagram-width') };
};
module.exports.MAX_WIDTH = MAX_WIDTH;
