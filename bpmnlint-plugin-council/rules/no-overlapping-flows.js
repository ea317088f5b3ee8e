// no-overlapping-flows: no two sequence flows are drawn along the same line (docs/rules/no-overlapping-flows.md).
const { is, meta } = require('./helper');
const { segments, sharedLength, separateFlows, describe } = require('./layout');

/** Lines this close (px) are drawn on top of each other. */
const MARGIN = 2;
/** Lines may run together this far (px) where they meet at a bend; more is two paths drawn as one. */
const SHARED = 5;

/** @type { import('bpmnlint/lib/types.js').RuleFactory } */
module.exports = function noOverlappingFlows() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:Definitions')) return;
    for (const [edge, other] of separateFlows(node)) {
      const shared = Math.max(0, ...segments(edge).flatMap(([p1, p2]) => segments(other).map(([q1, q2]) => sharedLength(p1, p2, q1, q2, MARGIN))));
      if (shared > SHARED) {
        reporter.report(other.bpmnElement.id, `Is drawn on top of the line of ${describe(edge.bpmnElement)} for ${Math.round(shared)} px`, ['di']);
      }
    }
  }
  return { check, meta: meta('no-overlapping-flows') };
};
