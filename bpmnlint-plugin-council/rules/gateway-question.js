// gateway-question: a gateway that chooses between paths asks a question and names every answer (docs/rules/gateway-question.md).
const { isAny, outgoing: outgoingFlows, meta } = require('./helper');

/** @type { import('bpmnlint/lib/types.js').RuleFactory } */
module.exports = function gatewayQuestion() {
  function check(node, reporter) {
    // A parallel gateway takes every path and an event-based one waits for the first of its named events: neither chooses.
    if (!isAny(node, ['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway', 'bpmn:ComplexGateway'])) return;
    const outgoing = outgoingFlows(node);
    if (outgoing.length < 2) return;
    const name = (node.name || '').trim();
    if (!name.endsWith('?')) {
      reporter.report(node.id, name ? `Chooses between paths, so should be named as a question ending in "?", not "${name}"` : 'Chooses between paths, so should be named as a question ending in "?"', ['name']);
    }
    for (const flow of outgoing) {
      if (!(flow.name || '').trim()) reporter.report(flow.id, `Leaves the question "${name || node.id}" without a name saying which answer it is`, ['name']);
    }
  }
  return { check, meta: meta('gateway-question') };
};
