// no-flow-through-shape: a sequence flow is not drawn through a step or event it does not connect (docs/rules/no-flow-through-shape.md).
const { is, meta } = require('./helper');
const { planes, shapes, edges, isObstacle, shrink, segmentCrosses, describe } = require('./layout');

/** How far (px) a line may run into a shape's border before it counts as through it: ends drawn onto a border, rounding. */
const TOLERANCE = 4;

/** @type { import('bpmnlint/lib/types.js').RuleFactory } */
module.exports = function noFlowThroughShape() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:Definitions')) return;
    for (const plane of planes(node)) checkPlane(plane, reporter);
  }
  function checkPlane(plane, reporter) {
    const obstacles = shapes(plane).filter(isObstacle);
    for (const edge of edges(plane)) {
      const flow = edge.bpmnElement;
      if (!is(flow, 'bpmn:SequenceFlow')) continue;
      const points = edge.waypoint || [];
      const crossed = obstacles.filter((shape) => {
        const element = shape.bpmnElement;
        if (element === flow.sourceRef || element === flow.targetRef) return false;
        const box = shrink(shape.bounds, TOLERANCE);
        return points.slice(1).some((q, i) => segmentCrosses(points[i], q, box));
      });
      for (const shape of crossed) {
        reporter.report(flow.id, `Is drawn through ${describe(shape.bpmnElement)}, which it does not connect`, ['di']);
      }
    }
  }
  return { check, meta: meta('no-flow-through-shape') };
};
