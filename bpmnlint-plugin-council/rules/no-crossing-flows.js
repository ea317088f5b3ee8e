// no-crossing-flows: no two sequence flows are drawn across each other (docs/rules/no-crossing-flows.md).
const { is, meta } = require('./helper');
const { segments, segmentsCross, separateFlows, describe } = require('./layout');

/** How far (px) past each other two lines must run to cross: lines that only meet or touch do not. */
const MARGIN = 2;

/** @type { import('bpmnlint/lib/types.js').RuleFactory } */
module.exports = function noCrossingFlows() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:Definitions')) return;
    for (const [edge, other] of separateFlows(node)) {
      const crosses = segments(edge).some(([p1, p2]) => segments(other).some(([q1, q2]) => segmentsCross(p1, p2, q1, q2, MARGIN)));
      if (crosses) reporter.report(other.bpmnElement.id, `Is drawn across the line of ${describe(edge.bpmnElement)}`, ['di']);
    }
  }
  return { check, meta: meta('no-crossing-flows') };
};
