// The pure parts behind the case page's diagram and the operations page: a journey's path through its model, the
// Cockpit link of an incident, and the navigation each group sees.
import fs from 'node:fs';
import path from 'node:path';
import { parseDefinition } from '../../src/engine/definitions';
import { pathOf } from '../../src/engine/engine-read-model';
import { cockpitLink } from '../../src/web/routes/operations';
import { navigationFor } from '../../src/web/navigation';

const XML = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'models', 'incident', 'incident.bpmn'), 'utf8');
const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 10, 0, s));
const instance = {
  id: 'journey-1', businessKey: null, processDefinitionId: 'test-incident:1:d', processDefinitionKey: 'test-incident', processDefinitionName: 'Test incident',
  startTime: at(0), endTime: null, state: 'ACTIVE', superProcessInstanceId: null,
};
const step = (activityId: string, activityType: string, start: number, end: number | null) => ({
  id: `${activityId}-1`, activityId, activityName: null, activityType, processInstanceId: 'journey-1', assignee: null, startTime: at(start), endTime: end === null ? null : at(end), canceled: false,
});

test('when a journey has passed its start and waits at a step, then the start and the flow between them are passed, the step is waiting, and the named steps are listed in order', async () => {
  const def = await parseDefinition('test-incident:1:d', XML);
  const p = pathOf(instance, [step('Start', 'startEvent', 0, 0), step('Flaky', 'serviceTask', 0, null)], def);
  expect(p).toEqual({
    processInstanceId: 'journey-1', processDefinitionId: 'test-incident:1:d', name: 'Test incident', state: 'running',
    passed: ['Start', 'F1'], waiting: ['Flaky'],
    steps: [{ id: 'Start', name: 'Started', state: 'done' }, { id: 'Flaky', name: 'Call the flaky system', state: 'waiting' }],
  });
});

test('when a journey has finished, then every step and flow is passed and nothing waits', async () => {
  const def = await parseDefinition('test-incident:1:d', XML);
  const p = pathOf({ ...instance, endTime: at(5), state: 'COMPLETED' }, [step('Start', 'startEvent', 0, 0), step('Flaky', 'serviceTask', 0, 4), step('End', 'noneEndEvent', 5, 5)], def);
  expect(p.state).toBe('ended');
  expect(p.passed.sort()).toEqual(['End', 'F1', 'F2', 'Flaky', 'Start']);
  expect(p.waiting).toEqual([]);
});

test('when an incident is linked, then the link opens its journey on Cockpit\'s incidents tab, whether or not the address ends with a slash', () => {
  expect(cockpitLink('http://127.0.0.1:8090/operaton/app/cockpit/', 'abc-1')).toBe('http://127.0.0.1:8090/operaton/app/cockpit/default/#/process-instance/abc-1/runtime?tab=incidents-tab');
  expect(cockpitLink('https://engine.council.example/operaton/app/cockpit', 'abc-1')).toBe('https://engine.council.example/operaton/app/cockpit/default/#/process-instance/abc-1/runtime?tab=incidents-tab');
});

test.each([
  [['contact-advisors'], ['Your tasks']],
  [['team-managers'], ['Your tasks', 'RAC meeting', 'Advocacy', 'Operations']],
  [['practitioners'], ['Your tasks', 'RAC meeting', 'Advocacy']],
  [['rac-panel'], ['Your tasks', 'RAC meeting']],
  [['commissioners'], ['Your tasks', 'Advocacy']],
  [['operations'], ['Operations']],
  [['information-governance'], []],
])('when someone in %j signs in, then the navigation offers %j', (groups, entries) => {
  expect(navigationFor(groups).map((e) => e.text)).toEqual(entries);
});
