// unique-names: no two flow nodes of one process share a name (docs/rules/unique-names.md).
const { is, meta, normalName } = require('./helper');

/** Every flow node of a process or sub-process, those inside its sub-processes too; sequence flows are not nodes. */
function flowNodes(container) {
  return (container.flowElements || []).flatMap((element) => {
    if (!is(element, 'bpmn:FlowNode')) return [];
    return is(element, 'bpmn:SubProcess') ? [element, ...flowNodes(element)] : [element];
  });
}

/** @type { import('bpmnlint/lib/types.js').RuleFactory } */
module.exports = function uniqueNames() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:Process')) return;
    const first = new Map();
    for (const element of flowNodes(node)) {
      const name = normalName(element.name);
      if (!name) continue;
      const earlier = first.get(name);
      if (earlier) reporter.report(element.id, `Has the same name as <${earlier.id}> in this process: "${element.name.trim()}"`, ['name']);
      else first.set(name, element);
    }
  }
  return { check, meta: meta('unique-names') };
};
