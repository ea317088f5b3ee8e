// no-broken-words: every word of a name fits on a line where bpmn-js prints it, so none is broken mid-word (docs/rules/no-broken-words.md).
const { is, meta } = require('./helper');
const { planes, wrapText, textWidth, FONT, LABEL, EXTERNAL_LABEL } = require('./layout');

/** Widths this close (px) to the room are rounding: the font drawn may differ from the metrics by a little. */
const TOLERANCE = 1;

/** Steps whose name bpmn-js prints inside their shape, wrapped within its width. */
const EMBEDDED_LABEL = ['bpmn:Task', 'bpmn:CallActivity', 'bpmn:SubProcess'];

/**
 * The room (px) a line of the element's name has, and the font size: inside a step, its width less padding; an
 * external label, its saved width, or 90 px. Null for what is printed otherwise (pools, lanes, expanded sub-processes).
 */
function room(planeElement) {
  const element = planeElement.bpmnElement;
  if (EXTERNAL_LABEL.some((type) => is(element, type))) {
    const saved = planeElement.label && planeElement.label.bounds;
    return { width: saved ? saved.width : LABEL.width, fontSize: FONT.external };
  }
  if (EMBEDDED_LABEL.some((type) => is(element, type)) && planeElement.bounds && !(is(element, 'bpmn:SubProcess') && planeElement.isExpanded)) {
    return { width: planeElement.bounds.width - 2 * FONT.padding, fontSize: FONT.embedded };
  }
  return null;
}

/**
 * The words of a name that bpmn-js prints cut across two lines, wrapping it in `room` px as diagram-js does. A line
 * that ends in a hyphen is a break the name offers ("6-" / "week"), not a cut.
 */
function brokenWords(name, room, fontSize) {
  const printed = wrapText(name, room, fontSize)
    .map((line) => line.text.trim())
    .reduce((text, line) => (text === '' ? line : text.endsWith('-') ? text + line : `${text} ${line}`), '')
    .split(/\s+/);
  return name.split(/\s+/).filter((word) => !printed.includes(word));
}

/** @type { import('bpmnlint/lib/types.js').RuleFactory } */
module.exports = function noBrokenWords() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:Definitions')) return;
    for (const planeElement of planes(node).flat()) {
      const element = planeElement.bpmnElement;
      const name = element && (element.name || '').trim();
      const space = name && room(planeElement);
      if (!space) continue;
      const what = EXTERNAL_LABEL.some((t) => is(element, t)) ? 'label' : 'shape';
      for (const word of brokenWords(name, space.width + TOLERANCE, space.fontSize)) {
        const width = textWidth(word, space.fontSize);
        reporter.report(element.id, width > space.width + TOLERANCE
          ? `Its name's word "${word}" is ${Math.round(width)} px wide but is printed in ${Math.round(space.width)} px, so it is broken mid-word: make the ${what} wider or the word shorter`
          // diagram-js cuts a line by its count of characters, so a word that fits can still be cut after wide letters.
          : `Its name's word "${word}" fits in ${Math.round(space.width)} px but bpmn-js cuts its line inside it: make the ${what} wider or the name shorter`, ['di']);
      }
    }
  }
  return { check, meta: meta('no-broken-words') };
};
