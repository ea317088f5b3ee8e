// merge-naming: a gateway that only joins paths (several in, one out) carries no name (docs/rules/merge-naming.md).
const { is, incoming, outgoing, meta } = require('./helper');

/** @type { import('bpmnlint/lib/types.js').RuleFactory } */
module.exports = function mergeNaming() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:Gateway')) return;
    const joins = incoming(node).length > 1 && outgoing(node).length <= 1;
    if (joins && (node.name || '').trim()) {
      reporter.report(node.id, `Only joins paths, so should have no name, not "${node.name.trim()}"`, ['name']);
    }
  }
  return { check, meta: meta('merge-naming') };
};
