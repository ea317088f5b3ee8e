// no-name-under-marker: a step's name is not printed under its type icon or its + marker (docs/rules/no-name-under-marker.md).
const { is, meta } = require('./helper');
const { planes, wrapText, FONT, intersects, shrink } = require('./layout');

/** Steps bpmn-js draws an icon for in their top-left corner (a person, a cog, a table, an envelope, a hand, a script). */
const TYPED = ['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:BusinessRuleTask', 'bpmn:SendTask', 'bpmn:ReceiveTask', 'bpmn:ManualTask', 'bpmn:ScriptTask'];

/** Where the icon is drawn, in px from the shape's top left: room for the widest and tallest of bpmn-js' task icons. */
const ICON = { x: 4, y: 4, width: 24, height: 19 };

/** The + of a call activity or collapsed sub-process, in px from the shape's bottom centre (bpmn-js' SubProcessMarker). */
const plusMarker = (width, height) => ({ x: width / 2 - 7.5, y: height - 20, width: 14, height: 14 });

/** Overlaps this small (px, over both boxes) are anti-aliasing, not letters under an icon. */
const TOLERANCE = 2;

/**
 * Where each line's letters are drawn, in px from the shape's top left: diagram-js' Text layout, centred in the shape
 * less 7 px padding, lines 1.2 times the font size apart, from capital height above the baseline to just below it.
 */
function lineBoxes(name, width, height) {
  const size = FONT.embedded;
  const lineHeight = size * 1.2;
  const maxWidth = width - 2 * FONT.padding;
  const lines = wrapText(name, maxWidth, size);
  let baseline = (height - lines.length * lineHeight) / 2 - lineHeight / 4;
  return lines.map(({ text, width: w }) => {
    baseline += lineHeight;
    return { line: text.trim(), box: { x: Math.max((maxWidth - w) / 2 + FONT.padding, 0), y: baseline - 0.72 * size, width: w, height: 0.72 * size + 2 } };
  });
}

/** @type { import('bpmnlint/lib/types.js').RuleFactory } */
module.exports = function noNameUnderMarker() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:Definitions')) return;
    for (const shape of planes(node).flat()) {
      const element = shape.bpmnElement;
      const name = element && (element.name || '').trim();
      if (!name || !shape.bounds || !is(element, 'bpmn:Activity')) continue;
      const { width, height } = shape.bounds;
      const markers = [];
      if (TYPED.some((type) => is(element, type))) markers.push(['its icon', ICON]);
      if (is(element, 'bpmn:CallActivity') || (is(element, 'bpmn:SubProcess') && shape.isExpanded === false)) markers.push(['its + marker', plusMarker(width, height)]);
      for (const [what, marker] of markers) {
        const under = lineBoxes(name, width, height).find((l) => intersects(shrink(l.box, TOLERANCE / 2), shrink(marker, TOLERANCE / 2)));
        if (under) reporter.report(element.id, `Its name's line "${under.line}" is printed under ${what}: make the shape taller or wider, or the name shorter`, ['di']);
      }
    }
  }
  return { check, meta: meta('no-name-under-marker') };
};
