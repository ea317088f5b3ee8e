// lanes-match-groups: where a process has lanes, each user task sits in the lane of the group that does it (docs/rules/lanes-match-groups.md).
const { is, meta, documentationText } = require('./helper');

/** The line of a lane's documentation naming its group(s): "Candidate groups: practitioners" (or "Candidate group: …"). */
const GROUPS_LINE = /^\s*candidate groups?\s*:\s*(.+)$/im;

const groupList = (text) => (text || '').split(',').map((g) => g.trim()).filter(Boolean).sort();

/** Every lane of a lane set, those nested in a lane's child lane set too. */
function lanes(laneSets) {
  return (laneSets || []).flatMap((set) => (set.lanes || []).flatMap((lane) => [lane, ...lanes(lane.childLaneSet ? [lane.childLaneSet] : [])]));
}

/**
 * The user tasks a lane holds: those it lists, and those inside a sub-process it lists (a collapsed sub-process is
 * drawn on its own, without lanes, so it sits in the lane of the group that does its tasks).
 */
function userTasksIn(nodes) {
  return nodes.flatMap((node) => {
    if (is(node, 'bpmn:UserTask')) return [node];
    if (is(node, 'bpmn:SubProcess')) return userTasksIn(node.flowElements || []);
    return [];
  });
}

/** @type { import('bpmnlint/lib/types.js').RuleFactory } */
module.exports = function lanesMatchGroups() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:Process') && !is(node, 'bpmn:SubProcess')) return;
    const all = lanes(node.laneSets);
    if (all.length === 0) return;
    const leaves = all.filter((lane) => !lane.childLaneSet || (lane.childLaneSet.lanes || []).length === 0);
    for (const lane of leaves) {
      const line = GROUPS_LINE.exec(documentationText(lane));
      const laneGroups = line ? groupList(line[1]) : [];
      const tasks = userTasksIn(lane.flowNodeRef || []);
      if (tasks.length > 0 && laneGroups.length === 0) {
        reporter.report(lane.id, 'Holds user tasks but its documentation names no group ("Candidate groups: …")', ['documentation']);
        continue;
      }
      for (const task of tasks) {
        const taskGroups = groupList(task.get('camunda:candidateGroups') || (task.$attrs && task.$attrs['camunda:candidateGroups']));
        if (taskGroups.join(',') !== laneGroups.join(',')) {
          reporter.report(task.id, `Is done by "${taskGroups.join(', ')}" but sits in the lane <${lane.id}> of "${laneGroups.join(', ')}"`, ['camunda:candidateGroups']);
        }
      }
    }
    const inALane = new Set(userTasksIn(leaves.flatMap((lane) => lane.flowNodeRef || [])));
    for (const task of userTasksIn(node.flowElements || []).filter((e) => !inALane.has(e))) {
      reporter.report(task.id, 'Is in no lane, so the diagram does not show who does it', ['lane']);
    }
  }
  return { check, meta: meta('lanes-match-groups') };
};
