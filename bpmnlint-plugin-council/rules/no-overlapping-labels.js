// no-overlapping-labels: no label is printed over another label, over a step or event it does not belong to, or under another element's line (docs/rules/no-overlapping-labels.md).
const { is, meta } = require('./helper');
const { planes, shapes, edges, isObstacle, labelBox, shrink, intersects, segmentCrosses, describe } = require('./layout');

/** Overlaps this small (px on each side) are rounding, not text over text. */
const TOLERANCE = 2;

/** @type { import('bpmnlint/lib/types.js').RuleFactory } */
module.exports = function noOverlappingLabels() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:Definitions')) return;
    for (const plane of planes(node)) checkPlane(plane, reporter);
  }
  function checkPlane(plane, reporter) {
    const labels = plane
      .map((e) => ({ element: e.bpmnElement, bounds: labelBox(e) }))
      .filter((label) => label.bounds)
      .map((label) => ({ element: label.element, box: shrink(label.bounds, TOLERANCE) }));
    const obstacles = shapes(plane).filter(isObstacle);
    const lines = edges(plane);
    labels.forEach((label, i) => {
      for (const other of labels.slice(i + 1)) {
        if (intersects(label.box, other.box)) {
          reporter.report(label.element.id, `Its label is printed over the label of ${describe(other.element)}`, ['di', 'label']);
        }
      }
      for (const shape of obstacles) {
        if (shape.bpmnElement !== label.element && intersects(label.box, shape.bounds)) {
          reporter.report(label.element.id, `Its label is printed over ${describe(shape.bpmnElement)}`, ['di', 'label']);
        }
      }
      for (const edge of lines) {
        const points = edge.waypoint || [];
        if (points.slice(1).some((q, j) => segmentCrosses(points[j], q, label.box))) {
          reporter.report(label.element.id, edge.bpmnElement === label.element ? 'Its label has its own line drawn through it' : `Its label has the line of ${describe(edge.bpmnElement)} drawn through it`, ['di', 'label']);
        }
      }
    });
  }
  return { check, meta: meta('no-overlapping-labels') };
};
