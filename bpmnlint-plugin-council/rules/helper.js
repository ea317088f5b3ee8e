// What the council's rules share: where each rule's documentation is, and how a name or a text is read.

/** Whether a model element is of the type or a subtype (as bpmnlint-utils' is, without depending on it). */
function is(element, type) {
  return typeof element.$instanceOf === 'function' && element.$instanceOf(type);
}

function isAny(element, types) {
  return types.some((type) => is(element, type));
}

/**
 * The sequence flows leaving (or entering) a flow node. A diagram from Modeler lists them on the node as well, but a
 * hand-written one need not: the flows' own source and target are what the engine follows.
 */
function flows(node, end) {
  const listed = node[end === 'sourceRef' ? 'outgoing' : 'incoming'] || [];
  const inContainer = ((node.$parent && node.$parent.flowElements) || []).filter((e) => is(e, 'bpmn:SequenceFlow') && e[end] === node);
  return [...new Set([...listed, ...inContainer])];
}

const outgoing = (node) => flows(node, 'sourceRef');
const incoming = (node) => flows(node, 'targetRef');

/** The rule's meta data: its documentation, beside it in this package. */
function meta(ruleName) {
  return { documentation: { url: `bpmnlint-plugin-council/docs/rules/${ruleName}.md` } };
}

/** A name as a reader tells names apart: spaces collapsed, case ignored. */
function normalName(name) {
  return (name || '').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The element's documentation, all of it, as one trimmed text ('' when there is none). */
function documentationText(element) {
  return (element.documentation || []).map((d) => (d.text || '').trim()).filter(Boolean).join('\n');
}

module.exports = { is, isAny, incoming, outgoing, meta, normalName, documentationText };
