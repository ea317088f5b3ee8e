// documented: every process, participant, lane and every step a person or the service carries out says what it is for (docs/rules/documented.md).
const { isAny, meta, documentationText } = require('./helper');

const MUST_BE_DOCUMENTED = [
  'bpmn:Process', 'bpmn:Participant', 'bpmn:Lane',
  'bpmn:SubProcess', 'bpmn:CallActivity', 'bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:BusinessRuleTask',
];

/** @type { import('bpmnlint/lib/types.js').RuleFactory } */
module.exports = function documented() {
  function check(node, reporter) {
    if (!isAny(node, MUST_BE_DOCUMENTED)) return;
    if (!documentationText(node)) {
      reporter.report(node.id, 'Has no documentation saying what it is for', ['documentation']);
    }
  }
  return { check, meta: meta('documented') };
};
