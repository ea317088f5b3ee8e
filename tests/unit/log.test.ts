// Logs never carry personal data: the redacting format removes it by field name and by shape.
import { testLogger } from '../support/harness';

test('when personal data is logged by field name or inside free text, then what is written holds none of it', () => {
  const { log, memory } = testLogger();
  // Messages are constant text (never string-built); personal data can only arrive in metadata.
  log.info('contact received', {
    contactId: '5b0f7a52-8d1f-4c55-9d7a-0e3f7f0f2a11',
    processInstanceKey: '2251799813685261',
    // Operaton's ids, as the workers log them.
    processInstanceId: 'b54a8f2d-ecc9-11f1-af27-02fc00000001',
    externalTaskId: 'b54d7561-ecc9-11f1-af27-02fc00000001',
    person: { name: 'Margaret Example', dateOfBirth: '1941-05-17' },
    name: 'Margaret Example',
    nhsNumber: '401 023 2137',
    address: { lines: ['12 Acacia Avenue'], postcode: 'LS6 2AB' },
    note: 'call her on 0113 496 0000 or 07700 900123, e-mail margaret@example.org, born 17/05/1941, NHS 4010232137, lives at LS6 2AB',
  });
  const written = JSON.stringify(memory.entries);
  for (const personal of ['Margaret Example', '1941-05-17', '401 023 2137', '4010232137', 'LS6 2AB', '0113 496 0000', '07700 900123', 'margaret@example.org', '17/05/1941', 'Acacia']) {
    expect(written).not.toContain(personal);
  }
  // Ids and routing facts stay readable: operations staff need them.
  expect(written).toContain('5b0f7a52-8d1f-4c55-9d7a-0e3f7f0f2a11');
  expect(written).toContain('2251799813685261');
  expect(written).toContain('b54a8f2d-ecc9-11f1-af27-02fc00000001');
  expect(written).toContain('b54d7561-ecc9-11f1-af27-02fc00000001');
});
