// Types for the council's own rules (plain JavaScript, as bpmnlint loads them).
declare module 'bpmnlint-plugin-council/rules/*' {
  const rule: () => { check: (node: unknown, reporter: unknown) => void; meta?: object };
  export default rule;
}
