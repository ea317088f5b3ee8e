// The council's own bpmnlint rules (bpmnlint-plugin-council): each passes its valid-* fixtures and reports exactly the faults of its invalid-* ones.
import fs from 'node:fs';
import path from 'node:path';
import { verify } from 'bpmnlint/lib/testers/rule-tester';
import BpmnModdle from 'bpmn-moddle';
import DmnModdle from 'dmn-moddle';
import { describeDuration } from '../../src/domain/contact';
import uniqueNames from 'bpmnlint-plugin-council/rules/unique-names';
import mergeNaming from 'bpmnlint-plugin-council/rules/merge-naming';
import gatewayQuestion from 'bpmnlint-plugin-council/rules/gateway-question';
import documented from 'bpmnlint-plugin-council/rules/documented';
import noFlowThroughShape from 'bpmnlint-plugin-council/rules/no-flow-through-shape';
import noOverlappingLabels from 'bpmnlint-plugin-council/rules/no-overlapping-labels';
import noCrossingFlows from 'bpmnlint-plugin-council/rules/no-crossing-flows';
import noOverlappingFlows from 'bpmnlint-plugin-council/rules/no-overlapping-flows';
import noBrokenWords from 'bpmnlint-plugin-council/rules/no-broken-words';
import noNameUnderMarker from 'bpmnlint-plugin-council/rules/no-name-under-marker';
import diagramWidth from 'bpmnlint-plugin-council/rules/diagram-width';
import lanesMatchGroups from 'bpmnlint-plugin-council/rules/lanes-match-groups';

const FIXTURES = path.join(__dirname, '..', '..', 'bpmnlint-plugin-council', 'test', 'fixtures');

type Report = { id: string; message: string; path: string[] };

/** A fixture read as bpmnlint reads a diagram (its own helper loads a copy of bpmn-moddle jest cannot run). */
async function readModdle(file: string) {
  const { rootElement } = await new BpmnModdle().fromXML(fs.readFileSync(file, 'utf8'));
  return { root: rootElement };
}

/** A rule's fixtures: every valid-* file, and every invalid-* file with the reports it must give (every one listed here). */
function cases(rule: string, invalid: Record<string, Report[]>) {
  const files = fs.readdirSync(path.join(FIXTURES, rule)).sort();
  const read = (file: string) => readModdle(path.join(FIXTURES, rule, file));
  const invalidFiles = files.filter((f) => f.startsWith('invalid-'));
  expect(invalidFiles).toEqual(Object.keys(invalid).sort());
  return {
    valid: files.filter((f) => f.startsWith('valid-')).map((f) => ({ name: f, moddleElement: read(f) })),
    invalid: invalidFiles.map((f) => ({ name: f, moddleElement: read(f), report: invalid[f] as Report[] })),
  };
}

describe('when a process is linted by the council rules', () => {
  verify('unique-names', uniqueNames, cases('unique-names', {
    'invalid-two-gateways-one-name.bpmn': [
      { id: 'RequestAdvocacyRequired', message: 'Has the same name as <ReviewAdvocacyRequired> in this process: "Advocacy required?"', path: ['name'] },
    ],
    'invalid-same-name-in-a-sub-process.bpmn': [
      { id: 'CheckAgain', message: 'Has the same name as <Check> in this process: "check  the Referral"', path: ['name'] },
    ],
  }));

  verify('merge-naming', mergeNaming, cases('merge-naming', {
    'invalid-merge-named-like-a-step.bpmn': [{ id: 'OnToTriage', message: 'Only joins paths, so should have no name, not "On to triage"', path: ['name'] }],
    'invalid-named-parallel-join.bpmn': [
      { id: 'ReadyToReview', message: 'Only joins paths, so should have no name, not "Six weeks on, with advocacy settled"', path: ['name'] },
    ],
  }));

  verify('gateway-question', gatewayQuestion, cases('gateway-question', {
    'invalid-not-a-question.bpmn': [{ id: 'Kind', message: 'Chooses between paths, so should be named as a question ending in "?", not "Kind of advocate"', path: ['name'] }],
    'invalid-unnamed-answer.bpmn': [{ id: 'F2', message: 'Leaves the question "Which services?" without a name saying which answer it is', path: ['name'] }],
    'invalid-unnamed-gateway.bpmn': [{ id: 'Split', message: 'Chooses between paths, so should be named as a question ending in "?"', path: ['name'] }],
  }));

  verify('documented', documented, cases('documented', {
    'invalid-process-undocumented.bpmn': [{ id: 'Process', message: 'Has no documentation saying what it is for', path: ['documentation'] }],
    'invalid-tasks-undocumented.bpmn': ['Triage', 'Record', 'Screen', 'Transfer', 'FollowUp'].map((id) => ({ id, message: 'Has no documentation saying what it is for', path: ['documentation'] })),
    'invalid-lane-and-participant-undocumented.bpmn': ['FrontDoor', 'Advisors'].map((id) => ({ id, message: 'Has no documentation saying what it is for', path: ['documentation'] })),
  }));

  verify('no-flow-through-shape', noFlowThroughShape, cases('no-flow-through-shape', {
    'invalid-through-a-task.bpmn': [{ id: 'F2', message: 'Is drawn through <B> ("Do b"), which it does not connect', path: ['di'] }],
    'invalid-back-across-its-own-task.bpmn': [{ id: 'F2', message: 'Is drawn through <B> ("Do b"), which it does not connect', path: ['di'] }],
  }));

  verify('no-overlapping-labels', noOverlappingLabels, cases('no-overlapping-labels', {
    'invalid-label-over-a-task.bpmn': [{ id: 'Yes', message: 'Its label is printed over <A> ("Do a")', path: ['di', 'label'] }],
    'invalid-labels-on-each-other.bpmn': [{ id: 'NoAnswer', message: 'Its label is printed over the label of <Declined> ("Declined")', path: ['di', 'label'] }],
    'invalid-line-through-a-label.bpmn': [{ id: 'Which', message: 'Its label has the line of <No> ("No") drawn through it', path: ['di', 'label'] }],
    'invalid-default-labels-on-each-other.bpmn': [{ id: 'NoAnswer', message: 'Its label is printed over the label of <Declined> ("Declined")', path: ['di', 'label'] }],
    'invalid-own-line-through-its-label.bpmn': [{ id: 'Yes', message: 'Its label has its own line drawn through it', path: ['di', 'label'] }],
    'invalid-wrapped-label-runs-onto-a-step.bpmn': [{ id: 'Known', message: 'Its label is printed over <Look> ("Look them up")', path: ['di', 'label'] }],
  }));

  verify('no-crossing-flows', noCrossingFlows, cases('no-crossing-flows', {
    'invalid-lines-cross.bpmn': [{ id: 'F2', message: 'Is drawn across the line of <F1>', path: ['di'] }],
  }));

  verify('no-overlapping-flows', noOverlappingFlows, cases('no-overlapping-flows', {
    'invalid-back-lines-on-one-track.bpmn': [{ id: 'BackToB', message: 'Is drawn on top of the line of <BackToA> for 150 px', path: ['di'] }],
  }));

  verify('no-broken-words', noBrokenWords, cases('no-broken-words', {
    'invalid-word-wider-than-its-task.bpmn': [
      { id: 'Send', message: 'Its name\'s word "acknowledgement" is 97 px wide but is printed in 86 px, so it is broken mid-word: make the shape wider or the word shorter', path: ['di'] },
    ],
    'invalid-line-cut-inside-a-word-that-fits.bpmn': [
      { id: 'Send', message: 'Its name\'s word "Accommodation" fits in 86 px but bpmn-js cuts its line inside it: make the shape wider or the name shorter', path: ['di'] },
    ],
    'invalid-label-narrower-than-a-word.bpmn': [
      { id: 'Delivered', message: 'Its name\'s word "Acknowledgement" is 90 px wide but is printed in 60 px, so it is broken mid-word: make the label wider or the word shorter', path: ['di'] },
    ],
  }));

  verify('no-name-under-marker', noNameUnderMarker, cases('no-name-under-marker', {
    'invalid-name-under-its-icon.bpmn': [
      { id: 'Step', message: 'Its name\'s line "Check what the" is printed under its icon: make the shape taller or wider, or the name shorter', path: ['di'] },
    ],
    'invalid-name-under-the-plus.bpmn': [
      { id: 'Step', message: 'Its name\'s line "review" is printed under its + marker: make the shape taller or wider, or the name shorter', path: ['di'] },
    ],
  }));

  verify('diagram-width', diagramWidth, cases('diagram-width', {
    'invalid-wider-than-two-screens.bpmn': [
      { id: 'Process', message: 'Is drawn 3900 px wide, more than the 3840 px (two screens at 100 %) a reader can follow', path: ['di'] },
    ],
  }));

  verify('lanes-match-groups', lanesMatchGroups, cases('lanes-match-groups', {
    'invalid-task-in-another-lane.bpmn': [
      { id: 'Approve', message: 'Is done by "team-managers" but sits in the lane <Advisors> of "contact-advisors"', path: ['camunda:candidateGroups'] },
    ],
    'invalid-lane-without-group.bpmn': [
      { id: 'Managers', message: 'Holds user tasks but its documentation names no group ("Candidate groups: …")', path: ['documentation'] },
    ],
    'invalid-task-in-no-lane.bpmn': [{ id: 'Approve', message: 'Is in no lane, so the diagram does not show who does it', path: ['lane'] }],
    'invalid-sub-process-task-in-another-lane.bpmn': [
      { id: 'Decide', message: 'Is done by "contact-advisors" but sits in the lane <Managers> of "team-managers"', path: ['camunda:candidateGroups'] },
    ],
  }));
});

// bpmnlint reads BPMN only: the documented rule's DMN half (every decision says what it decides and on which rule) is here.
const PROCESSES = path.join(__dirname, '..', '..', 'processes');
const decisionTables = fs.readdirSync(PROCESSES).filter((f) => f.endsWith('.dmn')).sort();

test.each(decisionTables)('when %s is read, then every decision in it has a description', async (file) => {
  const { rootElement } = await new DmnModdle().fromXML(fs.readFileSync(path.join(PROCESSES, file), 'utf8'));
  const decisions = ((rootElement as { drgElement?: { $type: string; id: string; description?: string }[] }).drgElement ?? [])
    .filter((e) => e.$type === 'dmn:Decision');
  expect(decisions.length).toBeGreaterThan(0);
  expect(decisions.filter((d) => !(d.description ?? '').trim()).map((d) => d.id)).toEqual([]);
});

type Table = { output: { name: string; label?: string }[]; rule: { id: string; outputEntry: { text: string }[] }[] };

/** Every decision table in processes/, by decision. */
async function tablesOf(file: string): Promise<{ decision: string; table: Table }[]> {
  const { rootElement } = await new DmnModdle().fromXML(fs.readFileSync(path.join(PROCESSES, file), 'utf8'));
  return ((rootElement as { drgElement?: { $type: string; id: string; decisionLogic?: { $type: string } & Table }[] }).drgElement ?? [])
    .filter((e) => e.decisionLogic?.$type === 'dmn:DecisionTable')
    .map((e) => ({ decision: e.id, table: e.decisionLogic as Table }));
}

// Issue 15: a duration a person reads is in words beside the ISO 8601 value the engine needs, and the two agree, so a
// process owner who changes one and not the other is told which row.
test.each(decisionTables)('when %s is read, then every duration in it is also in words, and the words say the same', async (file) => {
  const unlike: string[] = [];
  for (const { decision, table } of await tablesOf(file)) {
    const names = table.output.map((o) => o.name);
    for (const [i, output] of table.output.entries()) {
      if (/ISO 8601 duration/.test(output.label ?? '') && !names.includes(`${output.name}InWords`)) unlike.push(`${decision}: ${output.name} has no ${output.name}InWords beside it`);
      const partner = /^(.+)InWords$/.exec(output.name)?.[1];
      if (!partner) continue;
      const j = names.indexOf(partner);
      expect(j).toBeGreaterThanOrEqual(0);
      for (const [row, rule] of table.rule.entries()) {
        const iso = JSON.parse(rule.outputEntry[j]!.text) as string;
        const inWords = JSON.parse(rule.outputEntry[i]!.text) as string;
        // The service's own words for a duration, as its messages to people say them.
        const expected = describeDuration(iso);
        // Modeler numbers the rows from 1; the id finds the row in the file.
        if (inWords !== expected) unlike.push(`${decision} row ${row + 1} (${rule.id}): ${partner} is ${iso} ("${expected}") but ${output.name} says "${inWords}"`);
      }
    }
  }
  expect(unlike).toEqual([]);
});
