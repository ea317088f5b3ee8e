// Moves a controlled broker clock (ZEEBE_CLOCK_CONTROLLED=true) through the management endpoint: how tests reach deadlines.
export async function addToBrokerClock(managementAddress: string, ms: number): Promise<Date> {
  const res = await fetch(`${managementAddress}/actuator/clock/add`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ offsetMilli: ms }),
  });
  if (!res.ok) throw new Error(`Moving the broker clock failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { epochMilli: number };
  return new Date(body.epochMilli);
}

export async function brokerNow(managementAddress: string): Promise<Date> {
  const res = await fetch(`${managementAddress}/actuator/clock`);
  if (!res.ok) throw new Error(`Reading the broker clock failed: ${res.status}`);
  return new Date(((await res.json()) as { epochMilli: number }).epochMilli);
}
